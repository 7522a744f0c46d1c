"""Helpers for the browser tests: a page watcher, figure lookups, and instant navigation."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Request,
    Route,
    expect,
)

from tests.support import ROOT

#: the model's worker, as the page loads it
WORKER = "**/assets/synapse/worker.js"
LIVE_TIMEOUT = 90_000  # ms: a cold Pyodide boot on a loaded CI machine
#: the first figure with controls
WITH_CONTROLS = "figure.synapse-figure:has(input[type=range])"
#: the browser's own messages about failed requests (not the page's): allowed in fault cases
NETWORK_NOISE = re.compile(r"Failed to load resource|net::ERR_")
#: an init script: an IntersectionObserver that never fires, so figures go live only when touched
NO_OBSERVER = """
window.IntersectionObserver = class { observe() {} unobserve() {} disconnect() {} };
"""
#: an init script that records every policy violation the page sees (workers' included)
VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


def violations(page: Page) -> list[str]:
    """The policy violations the page saw (needs the `VIOLATIONS` init script)."""
    return list(page.evaluate("window.__cspViolations || []"))


@dataclass
class Watch:
    """What a page did: its requests, console errors and uncaught exceptions."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, context: BrowserContext, page: Page) -> Watch:
        """Start watching `page` (and every request of `context`, workers' included)."""
        seen = cls()
        context.on("request", seen.on_request)
        page.on("console", seen.on_console)
        page.on("pageerror", seen.on_error)
        return seen

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def on_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught: {error}")

    def uncaught(self) -> list[str]:
        return [e for e in self.errors if e.startswith("uncaught")]

    def console_but_network(self) -> list[str]:
        """Console errors other than the browser's own messages about failed requests."""
        return [e for e in self.errors if e.startswith("console") and not NETWORK_NOISE.search(e)]


def figure_of(page: Page, view: str) -> Locator:
    return page.locator(f'figure.synapse-figure[data-view="{view}"]').first


def live(figure: Locator, timeout: float = LIVE_TIMEOUT) -> Locator:
    """Bring `figure` into view and wait until it is live."""
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "live", timeout=timeout)
    return figure


def redraw_at_defaults(page: Page, figure: Locator) -> None:
    """Have the model draw a live figure at its defaults, the reader's way: Reset (a figure at
    its defaults goes live on the build's drawing without a model run, figures.js `first`).
    Returns once that drawing is on the page."""
    drawn = page.evaluate("window.synapseRuntime.stats.drawn")
    figure.locator('[data-role="reset"]').click()
    page.wait_for_function(
        "(n) => window.synapseRuntime.stats.drawn > n && !window.synapseRuntime.stats.inFlight",
        arg=drawn,
        timeout=LIVE_TIMEOUT,
    )


def summary(figure: Locator) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(figure.get_attribute("data-summary") or "{}")
    return data


def navigate(page: Page, url: str) -> None:
    """Go to `url` by Material's instant navigation (the first time, by loading it).

    The page's document, its module and its worker stay alive: the runtime is not booted again.
    Needs the sitemap rewritten to the test host (`route_sitemap`, done by `live_context`).
    """
    if page.url == "about:blank":
        page.goto(url)
        page.evaluate("window.synapseSameDocument = true")
        return
    if _chapter(page.url) == _chapter(url):  # a fresh copy of this chapter: by way of another
        # (Material treats a link to the chapter shown, whatever its query, as a scroll)
        home = page.evaluate("__md_scope.href")  # Material's: the site's root
        navigate(page, home if url != home else home + "about/")
    page.evaluate(
        """(href) => {
            document.querySelector("article").dataset.leaving = "yes";
            const a = document.createElement("a");
            a.href = href;
            document.body.append(a);
            a.click();
            a.remove();
        }""",
        url,
    )
    page.wait_for_function(
        "(href) => location.href === href && document.querySelector('article')"
        " && !document.querySelector('article[data-leaving]')",
        arg=url,
    )
    assert page.evaluate("window.synapseSameDocument === true"), "a full page load, not instant"


def _chapter(url: str) -> str:
    """The chapter `url` shows: its address without query and fragment."""
    return urlsplit(url)._replace(query="", fragment="").geturl()


def route_sitemap(context: BrowserContext, base_url: str, site_dir: Path) -> None:
    """Serve sitemap.xml with the test host's address (see `instant_navigation`)."""
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    home = re.search(r"<loc>([^<]+)</loc>", sitemap)  # the first entry is the home page
    assert home is not None, "the sitemap lists no page"

    def rewrite(route: Route) -> None:
        route.fulfill(response=route.fetch(), body=sitemap.replace(home[1], base_url))

    context.route("**/sitemap.xml", rewrite)


def route_stub_worker(context: BrowserContext, script: str) -> None:
    """Serve `script` (the `stub_worker_script` fixture) as the model's worker in `context`."""

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="text/javascript", body=script)

    context.route(WORKER, fulfil)


# ---------------------------------------------------------------------------------------------
# The robustness corpus (test_corpus_urls.py, test_corpus_faults.py)

#: the chapter whose first figure with controls the corpus cases open
CORPUS_PAGE = "cycle/"


def first_figure(page: Page) -> Any:
    """The page's first figure with controls."""
    figure = page.locator(WITH_CONTROLS).first
    expect(figure).to_have_count(1)
    return figure


def settle(page: Page, figure: Any, timeout: float = LIVE_TIMEOUT) -> None:
    """Bring the figure into view and wait until it is live or has failed."""
    figure.scroll_into_view_if_needed()
    page.wait_for_function(
        "(f) => ['live', 'failed'].includes(f.dataset.state)",
        arg=figure.element_handle(),
        timeout=timeout,
    )


def fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def chapter_paths() -> list[str]:
    """Each page's path in the built site, relative to its root, from docs/ (as it is built)."""
    paths = []
    for doc in sorted((ROOT / "docs").rglob("*.md")):
        rel = doc.relative_to(ROOT / "docs").as_posix()
        if rel.startswith("includes/"):
            continue
        stem = rel.removesuffix(".md")
        paths.append("" if stem == "index" else stem.removesuffix("/index") + "/")
    return paths
