"""Benchmark: default figure runs vs SciPy solve_ivp (RK45, same rtol/atol). Prints Markdown.

Each preset's default figure run (400 output intervals, tonic firing) is timed three ways:
the model with a cold steady state (cache cleared: what the first figure of a page costs), the
model with the steady state cached (what a slider redraw costs), and SciPy ``solve_ivp``
(RK45) on the same right-hand side, same rtol and per-state atol, from the same start state,
restarted at each spike with the same jump, timed on its own. speed-up = SciPy / cached model.

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
from transmitter_cycle._steady import _scales, atol_for, steady_state

DURATION = {"serotonin": 2.0, "dopamine": 2.0, "glutamate": 0.2, "gaba": 0.2}


def scipy_run(
    k: Rates, y0: list[float], spikes: tuple[float, ...], duration: float, atol: list[float]
) -> float:
    """Return the wall time of SciPy's RK45 over the same run (spikes as restarts)."""
    t_eval_all = [duration * i / 400 for i in range(401)]
    y = list(y0)
    t0 = 0.0
    start = time.perf_counter()
    for t1 in [*spikes, duration]:
        if t1 > t0:
            t_eval = [t for t in t_eval_all if t0 <= t <= t1]
            sol = solve_ivp(
                lambda _t, z: rhs(k, z),
                (t0, t1),
                y,
                method="RK45",
                rtol=RTOL,
                atol=atol,
                t_eval=t_eval or None,
            )
            y = [float(v) for v in sol.y[:, -1]]
        if t1 in spikes:
            jump(k, y)
        t0 = t1
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(
        f"| preset | duration (s) | model, cold steady state (ms) | model, cached (ms) | "
        f"solve_ivp RK45 (ms) | speed-up | (median of {n}) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for preset in presets():
        duration = DURATION[preset]
        cold, warm, ref = [], [], []
        for _ in range(n):
            steady_state.cache_clear()
            a = time.perf_counter()
            simulate(preset, duration=duration)
            b = time.perf_counter()
            res = simulate(preset, duration=duration)
            c = time.perf_counter()
            cold.append(b - a)
            warm.append(c - b)
            k = Rates.from_values(dict(res.params))
            y0 = [res[name][0] for name in IDX]
            atol = atol_for(_scales(k, y0[:6]), RTOL)
            ref.append(scipy_run(k, y0, res.spikes, duration, atol))
        m_cold, m_warm, m_ref = (statistics.median(x) * 1e3 for x in (cold, warm, ref))
        print(
            f"| {preset} | {duration:g} | {m_cold:.1f} | {m_warm:.1f} | {m_ref:.1f} | "
            f"{m_ref / m_warm:.1f}× | |"
        )


if __name__ == "__main__":
    main()
