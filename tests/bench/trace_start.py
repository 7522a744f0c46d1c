"""Trace a page's load in Chromium and print its long tasks: what blocks the main thread.

For each task of 50 ms or more on the page's main thread: its start and length, the time spent
in style, layout, script and parsing, and each style or layout pass over 8 ms with the number of
elements it restyled and the script function that forced it (a minified name and its column in
the file, which `theme.py` and the design notes cite). One load per page, a phone-sized viewport,
the CPU slowed as Lighthouse's mobile audit slows it (4×, `--cpu`), no network throttling.

Run: python tests/bench/trace_start.py SITE_DIR [PAGE ...] [--cpu RATE]
  SITE_DIR: a built site (`./dev build` writes site/); PAGE: a path such as parameters/
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "widgets"))

from playwright.sync_api import sync_playwright  # noqa: E402 - after the path set-up

from synapse_docs.host import launch_options, serve  # noqa: E402

CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "disabled-by-default-devtools.timeline.stack",
]
PARTS = (
    "UpdateLayoutTree",
    "Layout",
    "EvaluateScript",
    "FunctionCall",
    "ParseHTML",
    "ParseAuthorStyleSheet",
    "v8.compile",
    "Paint",
    "PrePaint",
)
SETTLE_MS = 4000


def trace(base_url: str, path: str, cpu: float) -> list[dict[str, Any]]:
    """Load `path` once and return the trace's events."""
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options())
        context = browser.new_context(
            viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True
        )
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        browser.start_tracing(page=page, categories=CATEGORIES)
        page.goto(base_url + path, wait_until="load")
        page.wait_for_timeout(SETTLE_MS)
        data = json.loads(browser.stop_tracing())
        browser.close()
    return data["traceEvents"] if isinstance(data, dict) else data


def report(events: list[dict[str, Any]]) -> None:
    """Print the long tasks of the main thread (the thread that parsed the HTML)."""
    threads = collections.Counter((e["pid"], e["tid"]) for e in events if e["name"] == "ParseHTML")
    pid, tid = threads.most_common(1)[0][0]
    mine = [e for e in events if (e["pid"], e["tid"]) == (pid, tid) and e.get("ph") == "X"]
    start = min(e["ts"] for e in mine)
    total = 0.0
    for task in sorted((e for e in mine if e["name"] == "RunTask"), key=lambda e: e["ts"]):
        if task["dur"] < 50_000:
            continue
        end = task["ts"] + task["dur"]
        inside = [e for e in mine if task["ts"] <= e["ts"] and e["ts"] + e.get("dur", 0) <= end]
        parts: collections.Counter[str] = collections.Counter()
        for e in inside:
            if e["name"] in PARTS:
                parts[e["name"]] += e["dur"] / 1000
        total += task["dur"] / 1000 - 50
        summary = ", ".join(f"{name} {ms:.0f}" for name, ms in parts.most_common())
        print(f"- at {(task['ts'] - start) / 1000:.0f} ms, {task['dur'] / 1000:.0f} ms: {summary}")
        for e in inside:
            if e["name"] in ("UpdateLayoutTree", "Layout") and e["dur"] > 8000:
                data = e.get("args", {}).get("beginData", {})
                frames = data.get("stackTrace") or []
                stack = [(f.get("functionName") or "?", f.get("columnNumber")) for f in frames]
                size = data.get("elementCount") or e.get("args", {}).get("elementCount")
                what = f"{size} elements" if size else f"{data.get('dirtyObjects')} objects"
                forced = f", forced by {stack[0][0]} (column {stack[0][1]})" if stack else ""
                print(f"    {e['name']} {e['dur'] / 1000:.0f} ms, {what}{forced}")
    print(f"blocking time (each task's part over 50 ms), whole load: {total:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="*", default=["parameters/"])
    parser.add_argument("--cpu", type=float, default=4.0)
    args = parser.parse_args()
    with serve(args.site) as host:
        for path in args.pages:
            print(f"\n{path} (CPU ×{args.cpu:g})")
            report(trace(host.url, path, args.cpu))


if __name__ == "__main__":
    main()
