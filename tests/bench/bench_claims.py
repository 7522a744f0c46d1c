"""Benchmark: the cost of re-checking a figure's claims after a slider move (CPython).

For every figure of the site with a direction claim (the claims that cost a model run; metric
claims only read the run already drawn), moves its first control to a fresh value and times
`claim_verdicts` alone, the redraw's own run done beforehand: one extra model run per direction
claim, the moved runs not yet cached. Prints p50 and p95 in ms, and the same for a re-check at
settings already seen (cached: no run). Pyodide runs the same code about 2–3× slower.

Run: python tests/bench/bench_claims.py [N]
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

import yaml

from synapse_figures import runs
from synapse_figures.controls import slider
from synapse_figures.figure import claim_verdicts
from synapse_figures.runs import fixed_run, run_figure
from synapse_figures.spec import parse_spec

DOCS = Path(__file__).resolve().parents[2] / "docs"


def specs() -> list:
    found = []
    for page in sorted(DOCS.glob("*.md")):
        for body in re.findall(r"```synapse\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            spec = parse_spec(yaml.safe_load(body))
            if spec.controls and any(c.direction for c in spec.claims):
                found.append(spec)
    return found


def main(n: int) -> None:
    fresh: list[float] = []
    cached: list[float] = []
    figures = specs()
    for i in range(n):
        for spec in figures:
            name = spec.controls[0]
            s = slider(spec.transmitter, spec.scenario, name)
            value = s.minimum + (s.maximum - s.minimum) * (0.2 + 0.6 * (i + 1) / (n + 1))
            values = {**spec.values, name: value}
            result = run_figure(spec, spec.scenario, values)
            baseline = fixed_run(spec, spec.compare) if spec.compare else None
            runs._RUNS.clear()  # the moved runs not yet cached (the baseline is passed in)
            start = time.perf_counter()
            claim_verdicts(spec, values, result, baseline)
            fresh.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            claim_verdicts(spec, values, result, baseline)
            cached.append((time.perf_counter() - start) * 1000)

    def p95(xs: list[float]) -> float:
        return statistics.quantiles(xs, n=20)[-1] if len(xs) >= 20 else max(xs)

    print(f"| live claim re-check ({len(figures)} figures × {n}) | p50 (ms) | p95 (ms) |")
    print("| --- | ---: | ---: |")
    moved, seen = statistics.median(fresh), statistics.median(cached)
    print(f"| after a slider move (direction claims run) | {moved:.1f} | {p95(fresh):.1f} |")
    print(f"| at settings already seen (cached) | {seen:.2f} | {p95(cached):.2f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
