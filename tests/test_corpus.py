"""The robustness corpus: bad fences, hostile URLs and runtime faults (cases in tests/corpus/).

- bad fences: each stops the real `mkdocs build --strict` of a one-page project with the page,
  the line and the field;
- hostile URLs: on the real built site, each leaves the figure drawn with in-bound controls and
  a readable status, runs no injected script and logs no console error;
- runtime faults (Playwright routing): each leaves `data-state="failed"`, the static SVG, a
  readable reason and a Retry button, with no uncaught error.

A case marked `lost:` in its file is a known gap: it runs as a strict xfail that names the fix.
"""

from __future__ import annotations

import math
import re
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Route, expect

from tests.audit.host import Host, serve
from tests.conftest import ROOT, build_site

CORPUS = Path(__file__).parent / "corpus"
FIGURE_PAGE = "cycle/"
LIVE_TIMEOUT = 90_000  # ms: a cold Pyodide boot on a loaded CI machine
FIGURE = "figure.synapse-figure:has(input[type=range])"
#: the browser's own messages about failed requests (not the page's): allowed in fault cases
NETWORK_NOISE = re.compile(r"Failed to load resource|net::ERR_")
#: an IntersectionObserver that never fires: figures go live only when the reader touches them
NO_OBSERVER = """
window.IntersectionObserver = class { observe() {} unobserve() {} disconnect() {} };
"""


def cases(name: str) -> list[Any]:
    """Return the cases of `tests/corpus/<name>.yaml` as params (a `lost:` case as strict xfail)."""
    loaded = yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))
    return [
        pytest.param(
            case,
            id=case["id"],
            marks=[pytest.mark.xfail(strict=True, reason=f"lost: {case['lost']}")]
            if case.get("lost")
            else [],
        )
        for case in loaded
    ]


def test_case_ids_are_unique() -> None:
    for name in ("bad_fences", "hostile_urls", "runtime_faults"):
        ids = [p.id for p in cases(name)]
        assert len(ids) == len(set(ids)), name


# ---------------------------------------------------------------------------------------------
# Bad fences: the real build of a one-page project, all cases built up front, two at a time


def _page(case: dict[str, Any]) -> str:
    opening = case.get("opening", "```synapse")
    return f"# A page\n\n{opening}\n{case['fence']}```\n"


def _build(root: Path, case: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    project = root / case["id"]
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(_page(case), encoding="utf-8")
    (project / "docs" / "references.bib").write_text("", encoding="utf-8")  # the citations hook
    config = project / "mkdocs.yml"
    config.write_text(
        f"site_name: t\nhooks: [{ROOT / 'widgets/synapse_docs/hooks.py'}]\n"
        "markdown_extensions: [pymdownx.superfences]\n",
        encoding="utf-8",
    )
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return build_site(project / "site", config)


@pytest.fixture(scope="module")
def fence_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("fences")
    all_cases = [p.values[0] for p in cases("bad_fences")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = pool.map(lambda case: _build(root, case), all_cases)
        return {case["id"]: result for case, result in zip(all_cases, done, strict=True)}


@pytest.mark.slow
@pytest.mark.parametrize("case", cases("bad_fences"))
def test_a_bad_fence_stops_the_build(case: dict[str, Any], fence_builds: dict[str, Any]) -> None:
    done = fence_builds[case["id"]]
    assert done.returncode != 0, "the build passed"
    line = 3 + case["line"]  # `# A page`, a blank line, then the opening fence on line 3
    assert f"docs/index.md:{line}: synapse figure" in done.stderr, done.stderr[-1500:]
    if case.get("field"):
        assert f"field '{case['field']}'" in done.stderr, done.stderr[-1500:]
    if case.get("says"):
        assert case["says"] in done.stderr, done.stderr[-1500:]
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------------------------------------
# The browser: the built site on a static host (gzip, caching, the `_headers` policy)


@pytest.fixture(scope="module")
def host(site_dir: Path) -> Iterator[Host]:
    with serve(site_dir) as running:
        yield running


class Watch:
    """Console errors and uncaught errors of a page (workers' included)."""

    def __init__(self, page: Page) -> None:
        self.console: list[str] = []
        self.uncaught: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.uncaught.append(str(error)))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console.append(message.text)


def first_figure(page: Page) -> Any:
    figure = page.locator(FIGURE).first
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


@pytest.fixture(scope="module")
def figure_facts(browser: Any, host: Host) -> dict[str, str]:
    """The first figure with controls: its id, first control's name and bounds."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(host.url + FIGURE_PAGE)
        figure = first_figure(page)
        slider = figure.locator("input[type=range]").first
        return {
            "fig": figure.get_attribute("id") or "",
            "control": slider.get_attribute("name") or "",
            "min": slider.get_attribute("min") or "",
            "max": slider.get_attribute("max") or "",
            "long": "9" * 20_000,
            "many": "".join(f"&p{i}={i}" for i in range(500)),
        }
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("case", cases("hostile_urls"))
def test_a_hostile_url_leaves_a_working_figure(
    case: dict[str, Any], page: Page, host: Host, figure_facts: dict[str, str]
) -> None:
    watch = Watch(page)
    url = host.url + FIGURE_PAGE + fill(case["query"], figure_facts)
    url += fill(case.get("hash", ""), figure_facts)
    page.goto(url)
    figure = first_figure(page)
    settle(page, figure)
    expect(figure.locator(".synapse-plot svg")).to_have_count(1)
    assert figure.get_attribute("data-state") in ("static", "live", "failed")
    for slider in figure.locator("input[type=range]").all():
        value = float(slider.input_value())
        low, high = float(slider.get_attribute("min") or 0), float(slider.get_attribute("max") or 0)
        assert math.isfinite(value), value
        assert low <= value <= high, (low, value, high)
    status = figure.locator(".synapse-status").inner_text()
    assert status.strip(), "an empty status"
    assert len(status) < 1_000, f"the status echoes the URL ({len(status)} characters)"
    if case.get("ignored"):
        assert "ignored" in status.lower(), status
    if case.get("value") is not None:
        expected = float(fill(case["value"], figure_facts))
        assert float(figure.locator("input[type=range]").first.input_value()) == expected
    assert page.evaluate("window.__pwned === undefined"), "an injected script ran"
    assert not page.locator("img[src=x]").count(), "injected markup reached the page"
    assert not watch.uncaught
    assert not watch.console


# ---------------------------------------------------------------------------------------------
# Runtime faults


def _fault(case: dict[str, Any]) -> Any:
    kind = case["fault"]

    def handle(route: Route) -> None:
        if kind == "status":
            route.fulfill(status=case["status"], body="fault", content_type="text/plain")
        elif kind == "abort":
            route.abort("connectionreset")
        elif kind == "body":
            route.fulfill(status=200, body=case["body"], content_type="text/javascript")
        elif kind == "corrupt":
            real = route.fetch()
            body = bytearray(real.body())
            for at in range(64, len(body), max(1, len(body) // 97)):
                body[at] ^= 0xFF
            headers = {
                name: value
                for name, value in real.headers.items()
                if name.lower() not in ("content-encoding", "content-length")  # body is decoded
            }
            route.fulfill(status=200, headers=headers, body=bytes(body))
        else:  # pragma: no cover - a typo in the corpus
            raise ValueError(f"unknown fault {kind!r}")

    return handle


@pytest.mark.browser
@pytest.mark.parametrize("case", cases("runtime_faults"))
def test_a_runtime_fault_leaves_the_static_figure_and_a_reason(
    case: dict[str, Any], context: BrowserContext, page: Page, host: Host
) -> None:
    watch = Watch(page)
    offline = case["fault"] in ("offline", "abort-all")
    if offline:  # figures start only when touched: the connection goes before the runtime loads
        page.add_init_script(NO_OBSERVER)
    if "route" in case:
        context.route(case["route"], _fault(case))
    page.goto(host.url + FIGURE_PAGE)  # "load": a failed worker's requests never go idle
    figure = first_figure(page)
    static_svg = figure.locator(".synapse-plot").inner_html()
    if case["fault"] == "offline":
        context.set_offline(True)
    elif case["fault"] == "abort-all":
        context.route("**/*", lambda route: route.abort("internetdisconnected"))
    if offline:
        figure.locator("input[type=range]").first.focus()
    settle(page, figure, timeout=case.get("timeout", LIVE_TIMEOUT / 1000) * 1000)
    assert figure.get_attribute("data-state") == "failed"
    status = figure.locator(".synapse-status").inner_text()
    assert "could not start" in status, status
    assert case["says"].lower() in status.lower(), status
    assert figure.locator(".synapse-plot").inner_html() == static_svg
    expect(figure.get_by_role("button", name="Retry")).to_be_visible()
    assert page.evaluate("window.__pwned === undefined"), "an injected script ran"
    assert not watch.uncaught
    assert not [m for m in watch.console if not NETWORK_NOISE.search(m)]
