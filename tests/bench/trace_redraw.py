"""Trace a slider drag on a live figure and print where each redraw's time goes.

Opens PAGE of a built site (the real runtime), brings the figure SELECTOR live, moves its slider
NAME through `STEPS` positions as `bench_browser.py` does (the first five, which fill caches,
untraced), and prints the steps' p50 and p95 (ms; tracing adds some) and, per step, the time
the worker thread (the model in Pyodide) and the page's main thread spent in each kind of work
(script, style, layout, paint, commit …). One run, the full browser, a desktop viewport.

Run: python tests/bench/trace_redraw.py SITE_DIR [PAGE SELECTOR NAME]
  default: depression/ figure.synapse-figure reuptake_block (the SSRI time course)
  e.g. cycle/ 'figure[data-view="schematic"]' firing_rate
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "widgets"), str(ROOT)]

from playwright.sync_api import sync_playwright  # noqa: E402 - after the path set-up
from tests.bench.bench_browser import STEP, go_live, pct  # noqa: E402

from synapse_docs.host import launch_options, serve  # noqa: E402

STEPS = 40
THREADS = ("CrRendererMain", "DedicatedWorker thread")
KINDS = (
    "RunTask",
    "FunctionCall",
    "ParseHTML",
    "UpdateLayoutTree",
    "Layout",
    "PrePaint",
    "Paint",
    "Layerize",
    "Commit",
    "MinorGC",
)


def positions(name: str) -> list[float]:
    if name == "firing_rate":
        return [round(0.5 + 0.1 * i, 1) for i in range(STEPS)]
    return [round(0.3 + 0.01 * i, 3) for i in range(STEPS)]


def main() -> None:
    site = Path(sys.argv[1])
    default = ["depression/", "figure.synapse-figure", "reuptake_block"]
    path, selector, name = sys.argv[2:5] if len(sys.argv) >= 5 else default
    values = positions(name)
    with sync_playwright() as p, serve(site) as host:
        browser = p.chromium.launch(**launch_options())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(host.url + path)
        slider = go_live(page, selector).locator(f'input[name="{name}"]')
        for value in values[:5]:
            slider.evaluate(STEP, value)
        browser.start_tracing(
            page=page, categories=["devtools.timeline", "disabled-by-default-devtools.timeline"]
        )
        steps = [float(slider.evaluate(STEP, value)) for value in values[5:]]
        data = json.loads(browser.stop_tracing())
        browser.close()
    events = data["traceEvents"] if isinstance(data, dict) else data
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e["name"] == "thread_name"}
    spent: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for e in events:
        thread = names.get((e["pid"], e["tid"]))
        if e.get("ph") == "X" and thread in THREADS and e["name"] in KINDS:
            spent[thread][e["name"]] += e["dur"] / 1000 / len(steps)
    p50, p95 = pct(steps, 0.5), pct(steps, 0.95)
    print(f"{path} {selector} {name}: {len(steps)} steps, p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    for thread in THREADS:
        parts = ", ".join(f"{kind} {ms:.1f}" for kind, ms in spent[thread].most_common())
        print(f"- {thread}, ms a step (RunTask: all of its tasks): {parts}")


if __name__ == "__main__":
    main()
