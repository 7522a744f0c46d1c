"""Benchmark: the live figures in headless Chromium against the built site. Prints Markdown.

Measured in one run, cold (a new browser context, so an empty HTTP cache, for every load):

- time to live figure: from navigation start to the first figure's `data-state="live"`, as a
  ratio to a bare page whose only work is `loadPyodide()` in a module worker (the same worker
  setup as the site's; served from the same server and the same runtime files), interleaved;
- slider to redraw: one slider step (an `input` event) to the redrawn figure, p50 and p95, for
  a time course with a compared scenario, the schematic and the sweep (its swept parameter);
- navigation: from a click on "Next" (Material's instant navigation) to the next chapter's first
  figure live, with the runtime already booted;
- memory: the worker's WebAssembly memory after boot and after 200 redraws.

Run: python tests/bench/bench_browser.py [RUNS]   (TEST_SITE_DIR=... to reuse a built site)
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support import build_site  # noqa: E402

from synapse_docs.host import CHROMIUM_ARGS, chromium_path  # noqa: E402

BARE_HTML = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title>
<script type="module" src="/__bench/bare.js"></script></head><body><p>bare</p></body></html>"""
BARE_JS = b"""const worker = new Worker("/__bench/bare-worker.js", {type: "module"});
worker.onmessage = () => { window.bareDone = performance.now(); };"""
BARE_WORKER = b"""import { loadPyodide } from "/assets/pyodide/pyodide.mjs";
await loadPyodide({ indexURL: "/assets/pyodide/" });
self.postMessage("done");"""
BENCH_FILES = {
    "/__bench/bare.html": (BARE_HTML, "text/html"),
    "/__bench/bare.js": (BARE_JS, "text/javascript"),
    "/__bench/bare-worker.js": (BARE_WORKER, "text/javascript"),
}

#: records when the first figure goes live, on the page's own clock (ms since navigation start)
WATCH_LIVE = """
new MutationObserver((records, observer) => {
  for (const r of records) {
    if (r.target.dataset && r.target.dataset.state === "live" && !window.firstLive) {
      window.firstLive = performance.now();
      observer.disconnect();
    }
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-state"]});
"""

STEP = """async (input, value) => {
  const stats = window.synapseRuntime.stats;
  const before = stats.drawn;
  const start = performance.now();
  input.value = String(value);
  input.dispatchEvent(new Event("input", {bubbles: true}));
  while (stats.drawn === before) await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => requestAnimationFrame(resolve));  // painted
  return performance.now() - start;
}"""


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the stdlib API is a class attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path in BENCH_FILES:
            body, kind = BENCH_FILES[path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def handle(self) -> None:
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            super().handle()


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


#: the built site under test (set by main): its sitemap is served rewritten to the local server
SITE = Path()


def serve_sitemap_here(page: Page, base: str, site: Path) -> None:
    """Serve sitemap.xml with this server's address, so that instant navigation engages."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    home = re.search(r"<loc>([^<]+)</loc>", sitemap)  # the first entry is the home page
    assert home is not None, "the sitemap lists no page"
    body = sitemap.replace(home[1], base)
    page.route("**/sitemap.xml", lambda route: route.fulfill(response=route.fetch(), body=body))


def fresh_page(browser: Browser, base: str) -> Page:
    context = browser.new_context(base_url=base)
    page = context.new_page()
    serve_sitemap_here(page, base, SITE)  # as if deployed here: lets instant navigation engage
    return page


def time_bare(browser: Browser, base: str) -> float:
    page = fresh_page(browser, base)
    page.goto("__bench/bare.html")
    page.wait_for_function("() => window.bareDone", timeout=120_000)
    value: float = page.evaluate("window.bareDone")
    page.context.close()
    return value


def time_figure(browser: Browser, base: str, path: str) -> float:
    page = fresh_page(browser, base)
    page.add_init_script(WATCH_LIVE)
    page.goto(path)
    page.wait_for_function("() => window.firstLive", timeout=120_000)
    value: float = page.evaluate("window.firstLive")
    page.context.close()
    return value


def go_live(page: Page, selector: str) -> Any:
    page.wait_for_function(  # content may still be swapping in (instant navigation)
        "(s) => { const f = document.querySelector(s); f?.scrollIntoView({block: 'center'});"
        " return f?.dataset.state === 'live'; }",
        arg=selector,
        timeout=120_000,
        polling=50,
    )
    return page.locator(selector).first


def slider_steps(page: Page, selector: str, name: str, values: list[float]) -> list[float]:
    figure = go_live(page, selector)
    slider = figure.locator(f'input[name="{name}"]')
    return [float(slider.evaluate(STEP, value)) for value in values]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if os.environ.get("TEST_SITE_DIR"):
        site = Path(os.environ["TEST_SITE_DIR"])
    else:
        site = Path(tempfile.mkdtemp(prefix="bench-site-"))
        done = build_site(site)
        if done.returncode != 0:
            sys.exit(done.stderr[-3000:])
    global SITE
    SITE = site
    server, base = serve(site)
    rows: list[tuple[str, str, str]] = []
    with sync_playwright() as p:
        launch: dict[str, Any] = {"args": list(CHROMIUM_ARGS)}
        if chromium_path():
            launch["executable_path"] = chromium_path()
        browser = p.chromium.launch(**launch)
        time_bare(browser, base)  # warm the OS file cache and the server once, not measured
        bare, live = [], []
        for _ in range(runs):  # interleaved, so drift hits both alike
            bare.append(time_bare(browser, base))
            live.append(time_figure(browser, base, "cycle/"))
        b, f = statistics.median(bare), statistics.median(live)
        rows.append(("bare page: `loadPyodide()` in a module worker", f"{b:.0f} ms", "median"))
        rows.append(("page load → first figure live (cycle/)", f"{f:.0f} ms", "median"))
        rows.append(("ratio live figure / bare", f"{f / b:.2f}", "target ≤ 1.15"))

        page = fresh_page(browser, base)
        page.goto("mental-health/")
        cases = [
            ("time course + compare (SSRI)", "figure.synapse-figure", "reuptake_block"),
            ("sweep, swept parameter", 'figure[data-view="sweep"]', "reuptake_block"),
        ]
        values = [round(0.2 + 0.005 * (i % 120), 3) for i in range(100)]
        for label, selector, name in cases:
            times = slider_steps(page, selector, name, values)[5:]  # first steps fill caches
            rows.append(
                (
                    f"slider → redraw, {label}",
                    f"p50 {pct(times, 0.5):.0f} ms",
                    f"p95 {pct(times, 0.95):.0f} ms (target < 50)",
                )
            )
        page.goto("cycle/")
        times = slider_steps(
            page,
            'figure[data-view="schematic"]',
            "firing_rate",
            [round(0.5 + 0.1 * (i % 40), 1) for i in range(100)],
        )[5:]
        rows.append(
            (
                "slider → redraw, schematic",
                f"p50 {pct(times, 0.5):.0f} ms",
                f"p95 {pct(times, 0.95):.0f} ms (target < 50)",
            )
        )
        after_boot = page.evaluate("window.synapseRuntime.memory()")["wasmBytes"]
        slider_steps(
            page,
            'figure[data-view="schematic"]',
            "firing_rate",
            [round(1.0 + 0.1 * (i % 40), 1) for i in range(200)],
        )
        after = page.evaluate("window.synapseRuntime.memory()")["wasmBytes"]
        rows.append(
            ("worker wasm memory, after boot + first redraws", f"{after_boot / 2**20:.1f} MiB", "")
        )
        rows.append(
            (
                "worker wasm memory, after 200 more redraws",
                f"{after / 2**20:.1f} MiB",
                f"{(after / after_boot - 1) * 100:+.1f} % (limit +10 %)",
            )
        )

        nav = []
        for _ in range(runs):
            page = fresh_page(browser, base)
            page.goto("cycle/")
            go_live(page, "figure.synapse-figure")
            page.evaluate("window.sameDocument = true")
            start = page.evaluate("performance.now()")
            page.locator("a.md-footer__link--next").click()
            page.wait_for_url("**/imbalance/")
            go_live(page, "figure.synapse-figure")
            assert page.evaluate("window.sameDocument === true"), "not instant navigation"
            nav.append(page.evaluate("performance.now()") - start)
            page.context.close()
        rows.append(
            (
                "click Next → next chapter's figure live (instant nav)",
                f"{statistics.median(nav):.0f} ms",
                "median; runtime reused",
            )
        )
        browser.close()
    server.shutdown()
    print(f"| measure | value | note |   (runs: {runs}, Chromium headless)")
    print("| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
