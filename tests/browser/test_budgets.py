"""Budgets on the built site, page by page, in headless Chromium (DESIGN.md, "Budgets").

Every page is visited the way a reader does (loaded, then scrolled to the end so that its figures
go live) from a static host like the real ones (gzip, caching, `_headers`):

- no request leaves the site's origin;
- zero console errors, no uncaught exception and no policy violation (the host sends the site's
  `_headers`: its Content-Security-Policy);
- a page without figures fetches no runtime file (worker, Pyodide, model package);
- the bytes transferred on a first visit (empty cache) and a repeat visit (the browser's cache)
  are reported at the end of the run and in `test-results/bytes-per-page.md`: a report, not a
  pass/fail budget (sizes and timings vary; behaviour does not).

The pages run on the stub worker (no Pyodide boot per page). A first visit to a page with figures
downloads the runtime once (tests/browser/test_runtime.py proves it, on the real worker): its
bytes are what the host sends for the worker's files (gzip), added to the page's in the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request

from synapse_docs.hooks import RUNTIME_FILES
from synapse_docs.host import Host, _load, serve
from tests.browser.support import VIOLATIONS, chapter_paths, route_stub_worker, violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SETTLE_TIMEOUT = 90_000  # ms: a cold Pyodide boot on a loaded CI machine
RUNTIME = re.compile(
    r"/assets/pyodide/|/assets/synapse/worker\.js|/transmitter_cycle-[0-9a-f]+\.zip"
)
REPORT = ROOT / "test-results" / "bytes-per-page.md"
#: the figures have settled: none is still loading (live, failed or never started)
SETTLED = """() => [...document.querySelectorAll("figure.synapse-figure")]
  .every((f) => f.dataset.state !== "loading")"""


#: scroll to each figure, a frame apart (so that the page's IntersectionObserver sees each),
#: then to the end of the page: what a reader reading to the end does, without the pauses
SCROLL_THROUGH = """async () => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  for (const figure of document.querySelectorAll("figure.synapse-figure")) {
    figure.scrollIntoView({block: "center"});
    await frame();
    await frame();
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
  await frame();
}"""


def page_paths() -> list[str]:
    """Each chapter's path in the site, and a missing path for the 404 page."""
    return [*chapter_paths(), "no-such-page/"]


@dataclass
class Visit:
    """What one visit did."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sent: int = 0
    runtime_sent: int = 0


@dataclass
class Row:
    path: str
    figures: int
    first: Visit
    repeat: Visit


@pytest.fixture(scope="module")
def host(site_dir: Path) -> Iterator[Host]:
    with serve(site_dir) as running:
        yield running


@pytest.fixture(scope="module")
def runtime_bytes(site_dir: Path) -> int:
    """What the host sends (gzip bodies) for the real worker's files: one first visit's runtime."""
    files = [site_dir / "assets/pyodide" / name for name in RUNTIME_FILES]
    files += [site_dir / "assets/synapse/worker.js"]
    files += sorted((site_dir / "assets/synapse").glob("transmitter_cycle-*.zip"))
    return sum(len(_load(f, f.stat().st_mtime, True)[0]) for f in files)


@pytest.fixture(scope="module")
def report(request: pytest.FixtureRequest, runtime_bytes: int) -> Iterator[list[Row]]:
    """Collect a row per page; at the end, print the table and write it to test-results/."""
    rows: list[Row] = []
    yield rows
    if not rows:
        return
    kb = lambda n: f"{n / 1024:,.0f}"  # noqa: E731 - a one-line formatter
    lines = [
        "| page | figures | first visit (KB) | of which runtime (KB) | repeat visit (KB) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in sorted(rows, key=lambda r: r.path):
        runtime = runtime_bytes if row.figures else 0  # the stub stood in for it
        lines.append(
            f"| /{row.path} | {row.figures} | {kb(row.first.sent + runtime)} | "
            f"{kb(row.first.runtime_sent + runtime)} | {kb(row.repeat.sent)} |"
        )
    text = "\n".join(lines)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(
        "Bytes sent by the host (headers and gzip bodies) per page: first visit with an empty\n"
        "cache, then a repeat visit with the browser's cache; the page is scrolled to the end\n"
        "so that its figures go live. The runtime's bytes are the host's for the worker's files\n"
        "(the tests run pages on a stub worker; one real visit downloads each file once).\n\n"
        + text
        + "\n",
        encoding="utf-8",
    )
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("-", "bytes transferred per page")
        reporter.write_line(text)


def quiet(
    page: Page, in_flight: set[Request], still_ms: int = 150, timeout_ms: int = 30_000
) -> None:
    """Wait until no request of the page's context has been in flight for `still_ms` (Playwright's
    "networkidle" waits 500 ms, twice per page here; every request is counted either way)."""
    still = 0
    for _ in range(timeout_ms // 25):
        page.wait_for_timeout(25)  # lets Playwright deliver the request events
        still = still + 25 if not in_flight else 0
        if still >= still_ms:
            return
    raise AssertionError(f"requests still in flight after {timeout_ms} ms: {in_flight}")


def visit(page: Page, host: Host, path: str) -> Visit:
    """Load `path`, scroll to the end, wait for the figures to settle; return what happened."""
    seen = Visit()
    missing = path == "no-such-page/"

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # a missing page is a 404 by design: Chromium logs the document's status as an error
        if missing and "404" in message.text and message.location.get("url") == host.url + path:
            return
        seen.errors.append(f"console: {message.text} ({message.location.get('url')})")

    in_flight: set[Request] = set()

    def on_request(request: Request) -> None:
        seen.requests.append(request.url)
        in_flight.add(request)

    def on_done(request: Request) -> None:
        in_flight.discard(request)

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.errors.append(f"uncaught: {error}"))
    events = {"request": on_request, "requestfinished": on_done, "requestfailed": on_done}
    for event, handler in events.items():
        page.context.on(event, handler)
    host.traffic.reset()
    try:
        page.goto(host.url + path)
        # read to the end: each figure in turn comes into view (and so goes live), then the end
        page.evaluate(SCROLL_THROUGH)
        page.wait_for_function(SETTLED, timeout=SETTLE_TIMEOUT)
        quiet(page, in_flight)
        seen.errors += [f"policy violation: {v}" for v in violations(page)]
    finally:
        for event, handler in events.items():
            page.context.remove_listener(event, handler)
    sent = host.traffic.reset()
    seen.sent = sum(size for _, size in sent)
    seen.runtime_sent = sum(size for path, size in sent if RUNTIME.search(path))
    return seen


@pytest.mark.parametrize("path", page_paths(), ids=lambda p: p.strip("/") or "home")
def test_page_budget(
    browser: Browser, host: Host, path: str, report: list[Row], stub_worker_script: str
) -> None:
    context = browser.new_context(service_workers="block")  # an empty cache: a first visit
    context.add_init_script(VIOLATIONS)  # the policy's violations, as the page sees them
    route_stub_worker(context, stub_worker_script)
    try:
        page = context.new_page()
        first = visit(page, host, path)
        figures = page.locator("figure.synapse-figure").count()
        repeat = visit(page, host, path)  # same context: the browser's cache
    finally:
        context.close()
    report.append(Row(path, figures, first, repeat))
    for name, seen in (("first visit", first), ("repeat visit", repeat)):
        origin = "/".join(host.url.split("/", 3)[:3]) + "/"
        foreign = [u for u in seen.requests if not u.startswith((origin, "data:", "blob:"))]
        assert not foreign, f"{name}: requests that leave the site: {foreign}"
        assert not seen.errors, f"{name}: {seen.errors}"
        runtime = [u for u in seen.requests if RUNTIME.search(u)]
        if figures == 0:
            assert not runtime, f"{name}: a page without figures fetched the runtime: {runtime}"
    if figures:
        assert any(u.endswith("/worker.js") for u in first.requests), "the worker never started"


def test_every_built_page_is_budgeted(site_dir: Path) -> None:
    built = {
        p.relative_to(site_dir).as_posix().removesuffix("index.html")
        for p in site_dir.rglob("*.html")
        if not p.relative_to(site_dir).as_posix().startswith("assets/")
    }
    covered = {p for p in page_paths() if p != "no-such-page/"} | {"404.html"}
    assert built == covered
