"""Browser fixtures: headless Chromium, the built site on a static host, and the stub worker.

- `host` / `base_url`: the built site on a local static host like the real ones (gzip, caching,
  the `_headers` policy), one per run; `page.goto("cycle/")` opens a chapter.
- `watch`: a page's requests, console errors and uncaught errors.
- `stub_worker`: the page with its model worker replaced by a stub (no Pyodide), for everything
  about the page around the runtime.
- `live_page`: a shared page on the real runtime (module-scoped), for the runtime itself.

The host counts the `pyodide.asm.wasm` responses it sends: the run's Pyodide downloads, printed
at the end of the run ("Pyodide runtime downloads", tests/conftest.py).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from synapse_docs.host import Host, launch_options, serve
from synapse_figures.browser import handle
from tests.browser.support import VIOLATIONS, Watch, route_sitemap, route_stub_worker


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's headless Chromium when it is there (Playwright cannot download its own
    here): its headless shell, else the full browser (synapse_docs/host.py, `chromium_path`)."""
    return {**browser_type_launch_args, **launch_options(shell=True)}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Every test's context without the site's service worker: each test is a first visit, and
    the stub worker's route sees every request. tests/browser/test_offline.py turns it on."""
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="session")
def host(site_dir: Path) -> Iterator[Host]:
    """The built site on a static host (see synapse_docs/host.py), for the whole run."""
    with serve(site_dir) as running:
        yield running


@pytest.fixture(scope="session")
def base_url(host: Host) -> str:
    """The site's address on the host; overrides pytest-base-url's fixture."""
    return host.url


@pytest.fixture
def watch(context: BrowserContext, page: Page) -> Watch:
    """Record requests (the page's and its workers'), console errors and uncaught errors."""
    return Watch.of(context, page)


@pytest.fixture
def instant_navigation(page: Page, base_url: str, site_dir: Path) -> Page:
    """The page, with the sitemap's addresses rewritten to the test host.

    Material's instant navigation only intercepts links listed in sitemap.xml, and matches them
    by protocol, host, port and path: on 127.0.0.1 with a free port it would never engage.
    """
    route_sitemap(page.context, base_url, site_dir)
    return page


# ---------------------------------------------------------------------------------------------
# The stub worker

FIGURE = re.compile(
    r'<figure class="synapse-figure"[^>]* data-spec="(?P<spec>[^"]*)"[^>]*>'
    r'<div class="synapse-plot">(?P<svg><svg.*?</svg>)</div>(?P<rest>.*?)</figure>',
    re.S,
)
DEFAULT = re.compile(r'<input type="range"[^>]* name="([^"]+)"[^>]* data-default="([^"]+)"')
STATUS = re.compile(r'<p class="synapse-status"[^>]*>(.*?)</p>', re.S)

STUB = """// The stub worker (tests/browser/conftest.py): the build's own output, no Pyodide.
const FIGURES = __FIGURES__;
const canon = (v) => Array.isArray(v) ? `[${v.map(canon).join(",")}]`
  : v && typeof v === "object"
    ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(",")}}`
    : JSON.stringify(v);
const byspec = new Map(FIGURES.map((f) => [canon(f.spec), f]));
const fail = (id, message, kind) => self.postMessage({ id, ok: false, error: { message, kind } });
self.onmessage = (event) => {
  const { id, type, payload } = event.data || {};
  const reply = (result) => self.postMessage({ id, ok: true, result });
  if (type === "boot") return reply({ python: "stub" });
  if (type === "memory") return reply({ wasmBytes: 0 });
  if (type !== "render") return fail(id, `unknown request type ${JSON.stringify(type)}`, "request");
  const figure = byspec.get(canon(payload.spec));
  if (!figure) return fail(id, "stub: no such figure in the build", "input");
  const { spec, defaults, ...answer } = figure;
  const values = payload.values || {};
  const moved = Object.keys(values).filter((k) => values[k] !== defaults[k]).sort();
  if (!moved.length) return reply(answer);
  const mark = moved.map((k) => `${k}=${values[k]}`).join(" ");
  const stub_values = Object.fromEntries(moved.map((k) => [k, values[k]]));
  return reply({
    ...answer,
    svg: answer.svg.replace("<svg", `<svg data-stub-values="${mark}"`),
    summary: { ...answer.summary, stub_values },
    text: `${answer.text} (stub: ${mark})`,
  });
};
"""


def built_figures(site_dir: Path) -> list[dict[str, Any]]:
    """Every figure of the built site: its spec, defaults, and the stub's answer for them.

    The answer is the build's own output (the page's SVG, `data-summary` and status text); the
    rest of a real reply, which the page does not hold (the CSV, the legend, …), is what the
    build's model (`synapse_figures.browser.handle`, in CPython) answers for the defaults.
    """
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        for match in FIGURE.finditer(page.read_text(encoding="utf-8")):
            head = match.group(0)[: match.group(0).index(">") + 1]
            summary = re.search(r' data-summary="([^"]*)"', head)
            status = STATUS.search(match["rest"])
            spec = json.loads(html.unescape(match["spec"]))
            defaults = {name: float(value) for name, value in DEFAULT.findall(match["rest"])}
            reply = json.loads(handle(json.dumps({"spec": spec, "values": defaults})))
            reply.pop("ok", None)
            found.append(
                {
                    **reply,
                    "svg": match["svg"],
                    "summary": json.loads(html.unescape(summary[1])) if summary else {},
                    "text": html.unescape(status[1]) if status else "",
                    "spec": spec,
                    "defaults": defaults,
                }
            )
    return found


@pytest.fixture(scope="session")
def stub_worker_script(site_dir: Path) -> str:
    """The stub worker's JavaScript, with every figure of the build in it.

    For a context of your own: `tests.browser.support.route_stub_worker(context, script)`.
    """
    return STUB.replace("__FIGURES__", json.dumps(built_figures(site_dir)))


@pytest.fixture
def stub_worker(page: Page, stub_worker_script: str) -> Page:
    """The test's `page`, whose model worker is a stub answering from the build's own output.

    Use it for everything about the page around the runtime: controls, permalinks, keyboard,
    reset, downloads, status text, dark mode, small screens. Each test takes about a second; no
    Pyodide byte is fetched. (The runtime itself is tested on the real worker, `live_page`.)

        def test_reader_something(stub_worker: Page) -> None:
            stub_worker.goto("cycle/")
            figure = stub_worker.locator("figure.synapse-figure").first
            figure.scroll_into_view_if_needed()
            expect(figure).to_have_attribute("data-state", "live")

    It routes `assets/synapse/worker.js` (in the page's context) to a small worker that speaks
    the real worker's protocol (`{id, type, payload}` in; out `{id, ok, result}` or
    `{id, ok: false, error: {message, kind}}`):

    - `boot` answers `{python: "stub"}` at once (no status messages);
    - `render {spec, values, …}` finds the figure by its spec among the built pages and answers
      the build's own output: the figure's build-time SVG, its `data-summary` and its status
      text; the reply's other fields (the CSV, the legend, …) are those the build's model gives
      for the figure's defaults (in CPython, once per run). When `values` differ from the
      figure's defaults (`data-default`), the answer says so, so that a redraw shows: the SVG
      gets `data-stub-values="name=value …"`, the summary a `stub_values` object
      (`{name: value}`), the text ` (stub: name=value …)`. Back at the defaults, the answer is
      the build's again (Reset restores the built summary). A spec the build lacks answers
      `ok: false` with kind `input`, like values the model refuses;
    - `memory` answers `{wasmBytes: 0}`; any other type an error, as the real worker does.

    The stub is a test fixture: it is never part of the site.
    """

    route_stub_worker(page.context, stub_worker_script)
    return page


# ---------------------------------------------------------------------------------------------
# The real runtime: one page per test process, moved between chapters


@pytest.fixture(scope="session")
def live_context(browser: Browser, base_url: str, site_dir: Path) -> Iterator[BrowserContext]:
    """The context of the real-runtime tests in this process (empty cache at first: a first
    visit); the policy's violations are recorded from its first page on (`violations`)."""
    context = browser.new_context(base_url=base_url, service_workers="block")
    route_sitemap(context, base_url, site_dir)
    context.add_init_script(VIOLATIONS)
    yield context
    context.close()


@pytest.fixture(scope="session")
def live_visit(live_context: BrowserContext) -> tuple[Page, Watch]:
    """The shared live page and what it did from its first request on (both below)."""
    page = live_context.new_page()
    return page, Watch.of(live_context, page)


@pytest.fixture(scope="session")
def live_page(live_visit: tuple[Page, Watch]) -> Page:
    """One page on the real runtime for every real-runtime module of this process (under
    pytest-xdist, one per worker): it boots Pyodide once, for the whole visit.

    Move it between chapters with `tests.browser.support.navigate` (Material's instant
    navigation: the page, its module and its worker stay alive), never with `goto`, which
    would boot again: `live_watch` counts the runtime's downloads over the whole visit.
    """
    return live_visit[0]


@pytest.fixture(scope="session")
def live_watch(live_visit: tuple[Page, Watch]) -> Watch:
    """What the shared live page did, from its first request on: every module on it checks
    that the runtime was downloaded once for the visit and that no error was logged."""
    return live_visit[1]
