"""Benchmark: default figure runs vs SciPy solve_ivp (RK45, same rtol/atol). Prints Markdown.

Run: python tests/bench/bench_model.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time

from scipy.integrate import solve_ivp

from transmitter_cycle import presets, simulate
from transmitter_cycle._model import IDX, Rates, jump, rhs
from transmitter_cycle._simulate import RTOL
from transmitter_cycle._steady import steady_state


def scipy_run(preset: str, duration: float) -> None:
    res = simulate(preset, duration=duration)
    k = Rates.from_values(dict(res.params))
    y = [res[name][0] for name in IDX]
    t0 = 0.0
    for t1 in [*res.spikes, duration]:
        if t1 > t0:
            y = list(solve_ivp(lambda _t, z: rhs(k, z), (t0, t1), y, method="RK45",
                               rtol=RTOL, atol=1e-12, t_eval=None).y[:, -1])
        if t1 in res.spikes:
            jump(k, y)
        t0 = t1


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print("| preset | duration (s) | model, cold steady state (ms) | model, cached (ms) | "
          "solve_ivp RK45 (ms) | speed-up |")
    print("| --- | --- | --- | --- | --- | --- |")
    for preset in presets():
        duration = 0.2 if preset == "glutamate" else 2.0
        cold, warm, ref = [], [], []
        for _ in range(n):
            steady_state.cache_clear()
            a = time.perf_counter()
            simulate(preset, duration=duration)
            b = time.perf_counter()
            simulate(preset, duration=duration)
            c = time.perf_counter()
            scipy_run(preset, duration)
            d = time.perf_counter()
            cold.append(b - a)
            warm.append(c - b)
            ref.append(d - c - (c - b))  # scipy_run includes one cached simulate call
        m_cold, m_warm, m_ref = (statistics.median(x) * 1e3 for x in (cold, warm, ref))
        print(f"| {preset} | {duration:g} | {m_cold:.1f} | {m_warm:.1f} | {m_ref:.1f} | "
              f"{m_ref / m_cold:.2f}× |")


if __name__ == "__main__":
    main()
