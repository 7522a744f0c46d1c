"""Benchmark: the live figures in headless Chromium against the built site; issue #14's table.

One run, one host (`synapse_docs.host`, the same static host the tests use: gzip, `max-age=600`,
`ETag`, the site's CSP headers), one browser; every ratio is of values measured in this run.

- first figure live ÷ bare page: from navigation start to the cycle chapter's first figure in
  `data-state="live"`, against a bare page whose only work is `loadPyodide()` in a module worker
  on the stock Pyodide files (`node_modules/pyodide`, served by the same host under
  `__bench/pyodide/`), cold (a new browser context: an empty HTTP cache), bare and figure runs
  interleaved; once on the local network, once under `PROFILE` (CPU and network throttled
  through the DevTools protocol, like Lighthouse's mobile run);
- runtime bytes before the first figure is live: what the host sent (compressed, headers
  included) for the runtime (`assets/pyodide/`, the model package, the worker) until then;
- repeat visit: a second load of the page in a reader's browser profile (a persistent context:
  its HTTP cache and Chromium's compiled-code caches on disk, as in a browser someone uses),
  `SETTLE_MS` after the first visit; the same in a new Playwright context (in memory, like a
  private window: no compiled-code cache was ever used there) is reported beside it;
- slider → redraw p95 per view, beside its floor (the same wait with no work in it: a task, then
  the next frame); memory; instant navigation (the runtime reused);
- model ÷ SciPy: from `bench_model.py` (run as it is).

Run: python tests/bench/bench_browser.py [RUNS]   (TEST_SITE_DIR=... to reuse a built site)
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, CDPSession, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.machine import cpu_times, describe  # noqa: E402
from tests.support import build_site  # noqa: E402

from synapse_docs.host import Host, launch_options, serve, site_prefix  # noqa: E402

STOCK = ROOT / "node_modules" / "pyodide"
STOCK_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: the throttled profile: Lighthouse's mobile "slow 4G" as DevTools applies it (Lighthouse's
#: own constants: 150 ms RTT × 3.75, 1.6 Mbps × 0.9 down, 750 kbps × 0.9 up) and CPU × 4
PROFILE_NAME = (
    "Lighthouse mobile slow 4G, DevTools-applied: 562.5 ms latency, 1.47 Mbps down, "
    "0.68 Mbps up, CPU ×4"
)
NETWORK = {
    "offline": False,
    "latency": 150 * 3.75,
    "downloadThroughput": 1.6 * 1024 * 0.9 * 1024 / 8,
    "uploadThroughput": 750 * 0.9 * 1024 / 8,
}
CPU_RATE = 4
RUNTIME_PATH = re.compile(r"/assets/pyodide/|/assets/synapse/(worker\.js|transmitter_cycle-)")

BARE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title>
<script type="module" src="bare.js"></script></head><body><p>bare</p></body></html>"""
BARE_JS = """const url = new URL("bare-worker.js", import.meta.url);
const worker = new Worker(url, {type: "module"});
worker.onmessage = (event) => {
  window.bareDone = performance.now();
  window.bareSays = event.data;
};"""
BARE_WORKER = """import { loadPyodide } from "./pyodide/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
self.postMessage(pyodide.version);"""

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
#: STEP's wait with no work in it: one task (as STEP's poll takes at least one), then the next
#: frame. Every STEP sample has this wait in it, so a redraw's percentiles cannot fall below
#: these; here its p95 was 12-19 ms (100 samples a run, December 2026): most of a frame.
FLOOR = """async () => {
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return performance.now() - start;
}"""
TIMEOUT = 300_000
#: between the first visit and the repeat one: a reader reads, the browser writes its caches
#: (V8 caches a WebAssembly module's compiled code once it has tiered up, seconds after a boot)
SETTLE_MS = 5_000


def overlay(site: Path) -> Path:
    """Return a directory serving `site` plus the stock runtime under `__bench/pyodide/`.

    Symbolic links only: the built site is not touched (TEST_SITE_DIR may be shared).
    """
    root = Path(tempfile.mkdtemp(prefix="bench-host-"))
    for entry in site.iterdir():
        (root / entry.name).symlink_to(entry.resolve())
    stock = root / "__bench" / "pyodide"
    stock.mkdir(parents=True)
    for name in STOCK_FILES:
        (stock / name).symlink_to(STOCK / name)
    return root


def throttle(page: Page) -> CDPSession:
    """Apply `PROFILE` to the page, and to its workers as they start (before they run)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_RATE})
    return cdp


class Bench:
    def __init__(self, browser: Browser, host: Host) -> None:
        self.browser = browser
        self.host = host
        self.sitemap = (host.site / "sitemap.xml").read_text(encoding="utf-8")

    def page(self, *, throttled: bool = False, instant: bool = False) -> Page:
        context = self.browser.new_context(base_url=self.host.url)
        page = context.new_page()
        if instant:
            # sitemap.xml with this host's address, so that Material's instant navigation
            # engages. Only where needed: Playwright's routing turns the HTTP cache off.
            home = re.search(r"<loc>([^<]+)</loc>", self.sitemap)
            assert home is not None, "the sitemap lists no page"
            body = self.sitemap.replace(home[1], self.host.url)
            page.route(
                "**/sitemap.xml", lambda route: route.fulfill(response=route.fetch(), body=body)
            )
        if throttled:
            throttle(page)
        return page

    def bare(self, *, throttled: bool = False) -> float:
        page = self.page(throttled=throttled)
        page.goto("__bench/bare.html")
        page.wait_for_function("() => window.bareDone", timeout=TIMEOUT, polling=50)
        value: float = page.evaluate("window.bareDone")
        page.context.close()
        return value

    def figure(self, *, throttled: bool = False) -> tuple[float, int]:
        """Return (ms to the first figure live, runtime bytes sent until then)."""
        page = self.page(throttled=throttled)
        page.add_init_script(WATCH_LIVE)
        self.host.traffic.reset()
        page.goto("cycle/")
        page.wait_for_function("() => window.firstLive", timeout=TIMEOUT, polling=50)
        sent = self.host.traffic.reset()
        value: float = page.evaluate("window.firstLive")
        page.context.close()
        return value, sum(size for path, size in sent if RUNTIME_PATH.search(path))

    def repeat_in_profile(self, playwright: Any) -> float:
        """Return ms to the first figure live on a second visit in a fresh on-disk profile."""
        with tempfile.TemporaryDirectory() as profile:
            context = playwright.chromium.launch_persistent_context(
                profile, base_url=self.host.url, **launch_options()
            )
            try:
                page = context.pages[0] if context.pages else context.new_page()
                page.add_init_script(WATCH_LIVE)
                page.goto("cycle/")
                page.wait_for_function("() => window.firstLive", timeout=TIMEOUT, polling=50)
                page.wait_for_timeout(SETTLE_MS)  # reading: the browser writes its caches
                page.goto("about:blank")
                page.goto("cycle/")
                page.wait_for_function("() => window.firstLive", timeout=TIMEOUT, polling=50)
                value: float = page.evaluate("window.firstLive")
            finally:
                context.close()
        return value

    def repeat(self) -> float:
        """Return ms to the first figure live on a second visit (the same context: warm cache)."""
        page = self.page()
        page.add_init_script(WATCH_LIVE)
        page.goto("cycle/")
        page.wait_for_function("() => window.firstLive", timeout=TIMEOUT, polling=50)
        page.goto("about:blank")
        page.goto("cycle/")
        page.wait_for_function("() => window.firstLive", timeout=TIMEOUT, polling=50)
        value: float = page.evaluate("window.firstLive")
        page.context.close()
        return value


def go_live(page: Page, selector: str) -> Any:
    page.wait_for_function(  # content may still be swapping in (instant navigation)
        "(s) => { const f = document.querySelector(s); f?.scrollIntoView({block: 'center'});"
        " return f?.dataset.state === 'live'; }",
        arg=selector,
        timeout=TIMEOUT,
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


def interleaved(runs: int, *tasks: Callable[[], Any]) -> list[list[Any]]:
    """Run the tasks in turn `runs` times (so that drift hits all alike); results per task."""
    results: list[list[Any]] = [[] for _ in tasks]
    for _ in range(runs):
        for slot, task in zip(results, tasks, strict=True):
            slot.append(task())
    return results


def ratio_row(label: str, bare: list[float], live: list[float], target: str) -> tuple[str, ...]:
    b, f = statistics.median(bare), statistics.median(live)
    return (label, f"**{f / b:.2f}** ({f:.0f} ms ÷ {b:.0f} ms)", target)


def model_speedups(runs: int) -> str:
    """Run bench_model.py (someone else's script, unchanged) and return its speed-ups."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "bench" / "bench_model.py"), str(runs)],
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.findall(r"^\| (\w+) \|.*\| ([0-9.]+)× \|", done.stdout, re.MULTILINE)
    if done.returncode != 0 or not found:
        return "(bench_model.py failed)"
    return " / ".join(f"{speed}× {name}" for name, speed in found)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if os.environ.get("TEST_SITE_DIR"):
        site = Path(os.environ["TEST_SITE_DIR"])
    else:
        site = Path(tempfile.mkdtemp(prefix="bench-site-"))
        done = build_site(site)
        if done.returncode != 0:
            sys.exit(done.stderr[-3000:])
    root = overlay(site)
    prefix = site_prefix(root)
    extra = {
        f"{prefix}__bench/bare.html": (BARE_HTML.encode(), "text/html; charset=utf-8"),
        f"{prefix}__bench/bare.js": (BARE_JS.encode(), "text/javascript"),
        f"{prefix}__bench/bare-worker.js": (BARE_WORKER.encode(), "text/javascript"),
    }
    rows: list[tuple[str, ...]] = []
    started = time.monotonic()
    times_before, load_before = cpu_times(), os.getloadavg()
    with sync_playwright() as p, serve(root, extra=extra) as host:
        browser = p.chromium.launch(**launch_options())
        bench = Bench(browser, host)
        bench.bare()  # warm the OS file cache and the host once, not measured
        bench.figure()
        bare, live = interleaved(runs, bench.bare, bench.figure)
        times = [t for t, _ in live]
        rows.append(
            ratio_row(
                "first figure live ÷ bare `loadPyodide()` page, cold, local network",
                bare,
                times,
                "≤ 0.6",
            )
        )
        t_bare, t_live = interleaved(
            runs, lambda: bench.bare(throttled=True), lambda: bench.figure(throttled=True)
        )
        rows.append(
            ratio_row(
                f"the same, throttled ({PROFILE_NAME})",
                t_bare,
                [t for t, _ in t_live],
                "≤ 0.8",
            )
        )
        sizes = [size for _, size in live]
        rows.append(
            (
                "runtime bytes before the first figure is live (compressed, as served)",
                f"**{statistics.median(sizes) / 1e6:.2f} MB**",
                "≤ 4.5 MB",
            )
        )

        page = bench.page()
        page.goto("depression/")  # the SSRI time course, then the sweep
        cases = [
            ("time course + compare (SSRI)", "figure.synapse-figure", "reuptake_block"),
            ("sweep, swept parameter", 'figure[data-view="sweep"]', "reuptake_block"),
        ]
        values = [round(0.2 + 0.005 * (i % 120), 3) for i in range(100)]
        floor = [float(page.evaluate(FLOOR)) for _ in range(100)]
        redraws = []
        for label, selector, name in cases:
            steps = slider_steps(page, selector, name, values)[5:]  # first steps fill caches
            redraws.append((label, steps))
        page.goto("cycle/")
        schematic = 'figure[data-view="schematic"]'
        steps = slider_steps(
            page, schematic, "firing_rate", [round(0.5 + 0.1 * (i % 40), 1) for i in range(100)]
        )[5:]
        redraws.append(("schematic", steps))
        rows.append(
            (
                "slider → redrawn figure, p95, every view",
                " / ".join(f"{pct(s, 0.95):.0f} ms {label}" for label, s in redraws),
                "≤ 16 ms (one frame)",
            )
        )
        after_boot = page.evaluate("window.synapseRuntime.memory()")["wasmBytes"]
        slider_steps(
            page, schematic, "firing_rate", [round(1.0 + 0.1 * (i % 40), 1) for i in range(200)]
        )
        after = page.evaluate("window.synapseRuntime.memory()")["wasmBytes"]
        page.context.close()

        rows.append(("model ÷ SciPy `solve_ivp` RK45, every preset", model_speedups(runs), "≥ 2×"))
        repeats = [bench.repeat() for _ in range(runs)]
        in_profile = [bench.repeat_in_profile(p) for _ in range(runs)]
        rows.append(
            (
                "repeat visit: page load → figure live, from the browser cache (a profile)",
                f"**{statistics.median(in_profile):.0f} ms**",
                "≤ 1.5 s",
            )
        )

        nav = []
        for _ in range(runs):
            page = bench.page(instant=True)
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
        browser.close()

    machine = describe(times_before, cpu_times(), load_before)
    print(f"Chromium headless, {runs} runs each, medians; {machine}")
    print()
    print("| measure | this run | target |")
    print("| --- | ---: | ---: |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print("| also measured | this run | note |")
    print("| --- | ---: | --- |")
    print(f"| bare page, cold, local | {statistics.median(bare):.0f} ms | median |")
    print(f"| first figure live, cold, local | {statistics.median(times):.0f} ms | median |")
    for label, s in redraws:
        p50, p95 = pct(s, 0.5), pct(s, 0.95)
        print(f"| slider → redraw, {label} | p50 {p50:.0f} ms | p95 {p95:.0f} ms |")
    print(
        f"| the redraw's floor: no work, then the next frame | p50 {pct(floor, 0.5):.0f} ms | "
        f"p95 {pct(floor, 0.95):.0f} ms: a redraw's p95 cannot be below it |"
    )
    print(
        f"| repeat visit in a new Playwright context (in memory) | "
        f"{statistics.median(repeats):.0f} ms | like a private window: no compiled-code cache |"
    )
    print(f"| worker wasm memory after boot + redraws | {after_boot / 2**20:.1f} MiB | |")
    growth = (after / after_boot - 1) * 100
    print(f"| the same after 200 more redraws | {after / 2**20:.1f} MiB | {growth:+.1f} % |")
    print(
        f"| click Next → next chapter's figure live | {statistics.median(nav):.0f} ms | "
        "instant navigation, runtime reused |"
    )
    print(f"| bench wall time | {time.monotonic() - started:.0f} s | |")


if __name__ == "__main__":
    main()
