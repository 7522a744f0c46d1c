"""Every preset and scenario against SciPy on the same equations (1e-5 relative, every series).

The reference is ``solve_ivp`` with LSODA (stiff/non-stiff switching, rtol 1e-10), restarted at
each spike with the same jump; it starts from the model's own start state, so the comparison is
of the integration alone. 100 output intervals per run keep the suite fast.
"""

from __future__ import annotations

import pytest
from scipy.integrate import solve_ivp

from transmitter_cycle import presets, scenarios, simulate
from transmitter_cycle._model import IDX, Rates, jump, rhs

CASES = [(p, s) for p in presets() for s in scenarios(p)]


def duration(preset: str) -> float:
    return 0.2 if preset == "glutamate" else 2.0


def reference(res: object) -> dict[str, list[float]]:
    r = res  # type: ignore[assignment]
    k = Rates.from_values(dict(r.params))  # type: ignore[attr-defined]
    y = [r[name][0] for name in IDX]  # type: ignore[index]
    # absolute tolerance far below the test's floor (1e-3 of each series' largest value)
    atol = [1e-12 * (max(abs(v) for v in r[name]) + 1e-9) for name in IDX]  # type: ignore[index]
    segments = []
    t0 = 0.0
    times = [*r.spikes, r.t[-1]]  # type: ignore[attr-defined]
    for t1 in times:
        if t1 > t0:
            sol = solve_ivp(
                lambda _t, z: rhs(k, z),
                (t0, t1),
                y,
                method="LSODA",
                rtol=1e-10,
                atol=atol,
                dense_output=True,
            )
            segments.append((t0, t1, sol.sol))
            y = [float(v) for v in sol.y[:, -1]]
        if t1 in r.spikes:  # type: ignore[attr-defined]
            jump(k, y)
        t0 = t1
    out: dict[str, list[float]] = {name: [] for name in IDX}
    ts = r.t  # type: ignore[attr-defined]
    for n, t in enumerate(ts):
        # a time given twice is a spike's: first the state just before it (the left limit)
        left = n + 1 < len(ts) and ts[n + 1] == t
        seg = next((s for a, b, s in segments if (a < t <= b if left else a <= t < b)), None)
        values = seg(t) if seg is not None else y
        for name, i in IDX.items():
            out[name].append(float(values[i]))
    return out


@pytest.mark.parametrize(("preset", "scenario"), CASES, ids=[f"{p}-{s}" for p, s in CASES])
def test_matches_scipy(preset: str, scenario: str) -> None:
    res = simulate(
        preset, scenario=scenario, duration=duration(preset), dt_out=duration(preset) / 100
    )
    ref = reference(res)
    for name in IDX:
        # relative error with a floor of 1e-3 of the series' largest value
        floor = 1e-3 * max(abs(v) for v in ref[name]) + 1e-300
        for got, want in zip(res[name], ref[name], strict=True):
            assert abs(got - want) <= 1e-5 * (abs(want) + floor), (name, got, want)
