"""Audit every page of the built site with Lighthouse (mobile) and fail below the thresholds.

Usage: python tests/audit/lighthouse.py [SITE_DIR] [--runs N] [--only PATH ...] [--json DIR]

Serves SITE_DIR (default `site/`) on 127.0.0.1 under the path of `site_url` (as GitHub Pages
does, so that 404.html's absolute links resolve), gzip-compressed like any real host, with the
policy from `_headers`; runs `node_modules/.bin/lighthouse` (pinned in package.json) on each page
with Chromium from `CHROME_PATH` (default /usr/bin/chromium); prints a Markdown table and the
audits that cost points; exits 1 if a page scores below performance 95, accessibility 100,
best practices 100 or SEO 100. Scores are medians: with --runs N of N runs, and a page below
a threshold is run again (--retries, default 2) before it fails, since performance varies with
the machine's load.

Reading a low performance score: the first contentful paint Lighthouse observes here is either
about 0.2-0.6 s or about 1.2 s, run to run. The slow case is Chromium's paint holding
(Lighthouse navigates its tab from about:blank, and the new page's frames wait): with
`--disable-features=PaintHolding` added to the flags it did not occur in six runs (about/ and
parameters/, December 2026). The audit keeps Chromium's defaults. The rest of a long page's
cost is its start-up work at 4x CPU (`tests/bench/trace_start.py` lists it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: `python tests/audit/lighthouse.py`
    sys.path.insert(0, str(ROOT))

from synapse_docs.host import CHROMIUM_ARGS, serve  # noqa: E402 - after the path set-up above

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = {  # Lighthouse id -> (column, threshold out of 100)
    "performance": ("performance", 95),
    "accessibility": ("accessibility", 100),
    "best-practices": ("best practices", 100),
    "seo": ("SEO", 100),
}
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])


def pages(site: Path) -> list[str]:
    """Return every page's path relative to the site root (`` for the home page)."""
    found = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        found.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return found


def lighthouse(url: str, out: Path) -> dict[str, Any]:
    """Run Lighthouse (mobile) on `url`, keep the JSON report in `out`, return it."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        str(LIGHTHOUSE),
        url,
        "--form-factor=mobile",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']}")
    return report


def scores(report: dict[str, Any]) -> dict[str, float]:
    """Return each category's score out of 100 (NaN when Lighthouse could not score it)."""
    result = {}
    for key in CATEGORIES:
        score = report["categories"][key]["score"]
        result[key] = float("nan") if score is None else round(score * 100)
    return result


def lost_points(report: dict[str, Any]) -> list[str]:
    """Return the scored audits that did not pass, as `category: audit (score)`."""
    lost = []
    for key in CATEGORIES:
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                lost.append(
                    f"{key}: {ref['id']} ({audit['score']}) {audit.get('displayValue', '')}"
                )
    return lost


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    """Return each category's median over the runs."""
    return {key: statistics.median(r[key] for r in runs) for key in CATEGORIES}


def only_performance_fails(median: dict[str, float]) -> bool:
    """Return whether performance, and nothing else (deterministic), is below its threshold."""
    below = {key for key, (_, threshold) in CATEGORIES.items() if not median[key] >= threshold}
    return below == {"performance"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; scores are medians")
    parser.add_argument(
        "--retries",
        type=int,
        default=2,
        help="extra runs for a page below a threshold (scores vary with machine load)",
    )
    parser.add_argument("--only", nargs="*", default=None, help="page paths, e.g. cycle/")
    parser.add_argument("--json", type=Path, default=None, help="keep the JSON reports here")
    args = parser.parse_args(argv)
    site: Path = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"{site}: no built site here (run `nox -s build`)", file=sys.stderr)
        return 2
    if not LIGHTHOUSE.is_file():
        print(f"{LIGHTHOUSE}: missing (run `npm ci`)", file=sys.stderr)
        return 2
    targets = args.only if args.only is not None else pages(site)
    keep = args.json or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    keep.mkdir(parents=True, exist_ok=True)
    rows, failures, notes = [], [], []
    with serve(site) as host:
        base = host.url
        for page in targets:
            name = re.sub(r"[^A-Za-z0-9]+", "-", page or "home").strip("-") or "home"
            runs: list[dict[str, float]] = []
            reports: list[dict[str, Any]] = []
            while len(runs) < args.runs or (
                len(runs) < args.runs + args.retries and only_performance_fails(median_of(runs))
            ):
                report = lighthouse(base + page, keep / f"{name}-{len(runs) + 1}.json")
                runs.append(scores(report))
                reports.append(report)
            median = median_of(runs)
            for report in reports:
                notes += [f"`/{page}` {line}" for line in lost_points(report)]
            rows.append((page, median))
            for key, (column, threshold) in CATEGORIES.items():
                if not median[key] >= threshold:
                    failures.append(f"/{page}: {column} {median[key]:g} < {threshold}")
            print(f"audited /{page}: {median}", file=sys.stderr, flush=True)
    header = "| page | " + " | ".join(c for c, _ in CATEGORIES.values()) + " |"
    print(header)
    print("|" + " --- |" * (len(CATEGORIES) + 1))
    for page, median in rows:
        cells = " | ".join(f"{median[key]:g}" for key in CATEGORIES)
        print(f"| /{page} | {cells} |")
    print(
        f"\nthresholds: {', '.join(f'{c} ≥ {t}' for c, t in CATEGORIES.values())}; "
        f"reports in {keep}"
    )
    if notes:
        print("\naudits that cost points:")
        for note in dict.fromkeys(notes):
            print(f"- {note}")
    if failures:
        print("\nFAILED:\n" + "\n".join(f"- {f}" for f in failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
