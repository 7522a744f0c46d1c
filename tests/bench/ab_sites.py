"""A/B: the first figure live on the cycle chapter, for two or more built sites, interleaved.

For each site in turn (so that the machine's drift hits all alike), a fresh browser context
loads `cycle/` cold, waits for the first figure to be live, then loads it again from the
browser's cache (the repeat visit). Prints the medians and every run, per site. One warm-up
round is not counted. Use it to measure what one change gives: build the site before and after
(`mkdocs build -d DIR`), or copy a built site and edit one file in the copy.

Run: .nox/tests/bin/python tests/bench/ab_sites.py RUNS SITE_DIR SITE_DIR [...]
     (the test environment: Playwright and this repository's packages; not run by ./dev bench)
"""

from __future__ import annotations

import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# the bench's own watcher: window.firstLive, ms from navigation to the first figure live
from tests.bench.bench_browser import WATCH_LIVE

from synapse_docs.host import launch_options, serve

TIMEOUT = 120_000


def main() -> None:
    runs, sites = int(sys.argv[1]), [Path(a) for a in sys.argv[2:]]
    if len(sites) < 2:
        sys.exit(__doc__)
    times: dict[Path, dict[str, list[float]]] = {s: {"cold": [], "repeat": []} for s in sites}
    with sync_playwright() as p, ExitStack() as stack:
        browser = p.chromium.launch(**launch_options())
        hosts = [stack.enter_context(serve(site)) for site in sites]
        for round_ in range(runs + 1):  # round 0 warms the OS file cache and the hosts
            for site, host in zip(sites, hosts, strict=True):
                context = browser.new_context(base_url=host.url)
                page = context.new_page()
                page.add_init_script(WATCH_LIVE)
                seen = []
                for _ in ("cold", "repeat"):
                    page.goto("about:blank")
                    page.goto("cycle/")
                    page.wait_for_function("() => window.firstLive", timeout=TIMEOUT)
                    seen.append(float(page.evaluate("window.firstLive")))
                context.close()
                if round_:
                    times[site]["cold"].append(seen[0])
                    times[site]["repeat"].append(seen[1])
    for site, found in times.items():
        cells = []
        for visit, values in found.items():
            each = ", ".join(f"{v:.0f}" for v in values)
            cells.append(f"{visit} median {statistics.median(values):.0f} ms ({each})")
        print(f"{site}: " + "; ".join(cells))


if __name__ == "__main__":
    main()
