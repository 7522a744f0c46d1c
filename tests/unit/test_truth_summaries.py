"""Summaries are exact integrals, not read off the output grid; drawn curves keep transients.

The reference is SciPy's ``solve_ivp`` (LSODA, rtol 1e-10) on the model's own equations with two
quadrature states (the integrals of the cleft and of the occupancy), restarted at each spike with
the same jump, from the model's own start state.
"""

from __future__ import annotations

import math

import pytest
from scipy.integrate import solve_ivp

from transmitter_cycle import presets, scenarios, simulate
from transmitter_cycle._model import IDX, Rates, jump, rhs

CASES = [(p, s) for p in presets() for s in scenarios(p)]
DURATIONS = {
    "glutamate": (0.15, 0.4),
    "gaba": (0.15, 0.4),
    "dopamine": (0.4, 3.0),
    "serotonin": (0.4, 3.0),
}


def reference_means(res: object) -> tuple[float, float]:
    """Return the reference time means of the cleft and the occupancy for ``res``'s run."""
    r = res  # type: ignore[assignment]
    k = Rates.from_values(dict(r.params))  # type: ignore[attr-defined]
    y = [r[name][0] for name in IDX] + [0.0, 0.0]  # type: ignore[index]
    atol = [1e-13 * (max(abs(v) for v in r[name]) + 1e-9) for name in IDX]  # type: ignore[index]
    atol += [1e-13 * (max(r["cleft"]) + 1e-9), 1e-13]  # type: ignore[index]

    def f(_t: float, z: list[float]) -> list[float]:
        return [*rhs(k, z[:9]), z[IDX["cleft"]], z[IDX["occupancy"]]]

    t0, end = 0.0, r.t[-1]  # type: ignore[attr-defined]
    for t1 in [*r.spikes, end]:  # type: ignore[attr-defined]
        if t1 > t0:
            sol = solve_ivp(f, (t0, t1), y, method="LSODA", rtol=1e-10, atol=atol)
            y = [float(v) for v in sol.y[:, -1]]
        if t1 in r.spikes:  # type: ignore[attr-defined]
            state = y[:9]
            jump(k, state)
            y[:9] = state
        t0 = t1
    return y[9] / end, y[10] / end


@pytest.mark.parametrize(("preset", "scenario"), CASES, ids=[f"{p}-{s}" for p, s in CASES])
def test_means_are_exact_at_any_dt_out(preset: str, scenario: str) -> None:
    """At a grid finer than, near and far coarser than the transients, the means agree."""
    for duration in DURATIONS[preset]:
        want = None
        for dt_out in (None, duration / 5000, duration / 7, duration):
            res = simulate(preset, scenario=scenario, duration=duration, dt_out=dt_out)
            if want is None:
                want = reference_means(res)
            got = (res.summary["mean_cleft"], res.summary["mean_occupancy"])
            for g, w in zip(got, want, strict=True):
                assert g is not None
                # relative, with a floor far below anything drawn (1e-12 of the run's peak)
                floor = 1e-12 * max(res["cleft"]) if g == got[0] else 1e-12
                assert abs(g - w) <= 1e-6 * abs(w) + floor, (duration, dt_out, got, want)


def test_old_grid_bias_is_gone() -> None:
    """The 400-point trapezoid of the old summary overstated glutamate up to 11×: no longer."""
    means = [simulate("glutamate", duration=d).summary["mean_cleft"] for d in (0.2, 0.4, 5.0)]
    trapezoid = []
    for d in (0.2, 0.4, 5.0):
        res = simulate("glutamate", duration=d)
        t, e = res.t, res["cleft"]
        area = sum(0.5 * (e[i] + e[i - 1]) * (t[i] - t[i - 1]) for i in range(1, len(t)))
        trapezoid.append(area / d)
    # a periodic steady state: the exact mean does not depend on how long one looks
    assert max(means) - min(means) <= 1e-6 * max(means)
    # and the (transient-aware) grid's own trapezoid is now close to it, too
    for got, tr in zip(means, trapezoid, strict=True):
        assert abs(tr - got) <= 0.05 * got


@pytest.mark.parametrize("preset", presets())
@pytest.mark.parametrize("duration", [0.05, 0.4, 5.0, 30.0])
def test_drawn_peak_equals_summary_peak(preset: str, duration: float) -> None:
    """Whatever the duration, the output grid holds each spike's peak exactly."""
    # a run shorter than the firing period gets explicit spikes (tonic ones would miss it)
    spikes = (0.2 * duration, 0.4 * duration) if duration < 1.0 else None
    res = simulate(preset, duration=duration, spikes=spikes)
    assert res.spikes
    peak = res.summary["peak_cleft"]
    assert peak is not None
    assert abs(max(res["cleft"]) - peak) <= 0.005 * peak


@pytest.mark.parametrize("preset", presets())
def test_every_spike_has_points_before_after_and_through_half_decay(preset: str) -> None:
    """Each spike: a point just before and just after it, and points on both sides of half-decay."""
    res = simulate(preset, duration=2.0)
    t, e = res.t, res["cleft"]
    assert list(t) == sorted(t)
    for n, spike in enumerate(res.spikes):
        at = [i for i, when in enumerate(t) if when == spike]
        assert len(at) == 2, (spike, at)
        before, after = e[at[0]], e[at[1]]
        assert after > before
        # up to the next spike, the cleft decays; the grid holds points on both sides of the
        # level halfway back from the peak (when the decay gets that far before the next spike)
        upto = res.spikes[n + 1] if n + 1 < len(res.spikes) else t[-1]
        decay = [e[i] for i in range(at[1], len(t)) if t[i] < upto]
        half = 0.5 * (after + before)
        if min(decay) < half:
            above = [q for q in decay if q > half]
            below = [q for q in decay if q <= half]
            assert len(above) >= 3, (spike, len(above))
            assert below, spike
            # the first point below half is not far below it: the half-decay is resolved
            first_below = next(q for q in decay if q <= half)
            assert first_below >= 0.5 * half


def test_csv_uses_the_same_points() -> None:
    res = simulate("glutamate", duration=0.4)
    rows = res.to_csv().strip().splitlines()[1:]
    assert len(rows) == len(res.t)
    assert max(float(row.split(",")[list(res.series).index("cleft") + 1]) for row in rows) == max(
        res["cleft"]
    )


def test_means_are_finite_and_positive_for_every_scenario() -> None:
    for p, s in CASES:
        summary = simulate(p, scenario=s, duration=1.0).summary
        for key in ("mean_cleft", "mean_occupancy"):
            value = summary[key]
            assert value is not None
            assert math.isfinite(value)
            assert value >= 0.0


def test_result_mean_is_exact_for_cleft_and_occupancy_and_close_for_slow_pools() -> None:
    res = simulate("glutamate", duration=0.4)
    assert res.mean("cleft") == res.summary["mean_cleft"]
    assert res.mean("occupancy") == res.summary["mean_occupancy"]
    fine = simulate("glutamate", duration=0.4, dt_out=0.4 / 20000)
    for name in ("vesicles", "cytosol", "glia", "ready"):
        assert res.mean(name) == pytest.approx(fine.mean(name), rel=1e-3), name
