"""Seeded fuzz of the model over its whole declared parameter box; prints the count of breaks.

Each case: a random preset and scenario, a random subset of parameters overridden (each drawn
at a bound, at 0 where allowed, or log-uniformly over six decades below its maximum; fractions
uniformly), a random duration, passed either as overrides (acute, from the scenario's steady
state) or as a full parameter mapping (its own steady state). A break is any exception other
than ``ParameterError``, a negative or non-finite value in any series or summary, or a failed
run whose message does not say why. A ``ParameterError`` (for example "has no steady state")
is a correct answer to a bad input, not a break.

Run: python tests/bench/fuzz_model.py [CASES] [SEED]   (default 10000 cases, seed 2026)
Exit status 1 if anything broke.
"""

from __future__ import annotations

import collections
import math
import random
import sys
import time
import traceback
from typing import Any

from transmitter_cycle import Parameter, ParameterError, parameters, presets, scenarios, simulate

DURATIONS = (0.05, 0.2, 0.4, 1.0, 2.0, 5.0)


def draw(rng: random.Random, p: Parameter) -> float:
    """Draw one value in ``p``'s bounds (the bounds and 0 included)."""
    u = rng.random()
    if u < 0.1:
        return p.minimum
    if u < 0.2:
        return p.maximum
    if p.unit == "":
        return rng.uniform(p.minimum, p.maximum)
    if p.minimum > 0.0:
        return math.exp(rng.uniform(math.log(p.minimum), math.log(p.maximum)))
    if u < 0.3:
        return 0.0
    return p.maximum * 10.0 ** rng.uniform(-6.0, 0.0)


def case(rng: random.Random) -> tuple[str, str, dict[str, float], float, bool]:
    preset = rng.choice(presets())
    scenario = rng.choice(list(scenarios(preset)))
    table = parameters(preset, scenario)
    chosen = rng.sample(list(table), rng.randint(1, len(table)))
    overrides = {name: draw(rng, table[name]) for name in chosen}
    return preset, scenario, overrides, rng.choice(DURATIONS), rng.random() < 0.7


def broken(result: Any) -> str:
    """Return what is wrong with a result, or ""."""
    for name, values in result.series.items():
        for value in values:
            if not math.isfinite(value) or value < 0.0:
                return f"{name} = {value!r}"
    for key, value in result.summary.items():
        if value is not None and (not math.isfinite(value) or value < 0.0):
            return f"summary {key} = {value!r}"
    if not result.success and len(result.message) < 20:
        return f"failed without a reason: {result.message!r}"
    return ""


def main(cases: int, seed: int) -> int:
    rng = random.Random(seed)
    breaks: collections.Counter[str] = collections.Counter()
    refused = failed = 0
    example: dict[str, str] = {}
    start = time.perf_counter()
    for _ in range(cases):
        preset, scenario, overrides, duration, acute = case(rng)
        try:
            if acute:
                result = simulate(preset, scenario=scenario, duration=duration, **overrides)
            else:
                values = {n: p.value for n, p in parameters(preset, scenario).items()}
                result = simulate({**values, **overrides}, duration=duration)
        except ParameterError:
            refused += 1
            continue
        except Exception:  # the point of the fuzz: any other exception is a break
            key = f"{preset}: exception"
            breaks[key] += 1
            example.setdefault(key, f"{scenario} {overrides} {traceback.format_exc(limit=3)}")
            continue
        why = broken(result)
        if why:
            key = f"{preset}: {why.split(' =')[0]}"
            breaks[key] += 1
            example.setdefault(key, f"{scenario} {overrides} {duration}: {why}")
        elif not result.success:
            failed += 1
    seconds = time.perf_counter() - start
    total = sum(breaks.values())
    print("| cases | seed | breaks | refused (ParameterError) | not converged, said why | s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {cases} | {seed} | {total} | {refused} | {failed} | {seconds:.0f} |")
    for key, count in breaks.most_common():
        print(f"- {key}: {count}; e.g. {example[key]}")
    return 1 if total else 0


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    s = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
    sys.exit(main(n, s))
