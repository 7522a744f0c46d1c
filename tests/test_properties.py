"""Property tests over the parameter box (Hypothesis; strategies in ``strategies.py``)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from transmitter_cycle import STATES, parameters, simulate

sys.path.insert(0, str(Path(__file__).parent))
from strategies import RATES, preset_and_overrides  # noqa: E402

FAST = settings(max_examples=8, deadline=None)


def _total(res: object, i: int) -> float:
    r = res  # type: ignore[assignment]
    return (r["cytosol"][i] + r["vesicles"][i] + r["cleft"][i] + r["glia"][i]  # type: ignore[index]
            + r["degraded"][i] + r["escaped"][i] - r["synthesised"][i])  # type: ignore[index]


@FAST
@given(preset_and_overrides())
def test_no_negative_or_nan_and_mass_is_conserved(case: tuple[str, dict[str, float]]) -> None:
    preset, overrides = case
    res = simulate(preset, duration=0.5, **overrides)
    # floor: the solver's absolute tolerance is set from the largest single release
    scale = max(max(abs(v) for v in res[name]) for name in ("cytosol", "vesicles", "cleft"))
    scale += res.params["release_amount"] * res.params["release_probability"]
    for name in (*STATES, "degraded", "escaped", "synthesised"):
        for value in res[name]:
            assert not math.isnan(value)
            assert value >= -1e-9 * scale, (name, value)
    start = _total(res, 0)
    for i in range(len(res.t)):
        assert abs(_total(res, i) - start) <= 1e-9 * (scale + abs(start))


@FAST
@given(st.sampled_from(("serotonin", "dopamine", "glutamate")),
       st.floats(0.0, 100.0), st.floats(0.0, 1.0))
def test_nothing_moves_when_every_rate_is_zero(preset: str, cleft: float, ready: float) -> None:
    zero = dict.fromkeys(RATES, 0.0)
    res = simulate(preset, duration=1.0, spikes=[], initial={"cleft": cleft, "ready": 1.0},
                   **zero)
    for name in ("cytosol", "vesicles", "cleft", "glia", "occupancy"):
        values = res[name]
        assert max(values) - min(values) <= 1e-13 * max(abs(v) for v in values), name
    del ready


@FAST
@given(preset_and_overrides())
def test_steady_state_is_steady(case: tuple[str, dict[str, float]]) -> None:
    preset, overrides = case
    rate = overrides.get("firing_rate", parameters(preset)["firing_rate"].value)
    periods = 3
    res = simulate(preset, duration=periods / rate, **overrides)
    assert res.success
    for name in ("cytosol", "vesicles", "cleft", "glia", "occupancy", "ready"):
        a, b = res[name][0], res[name][-1]
        scale = max(abs(v) for v in res[name]) + 1e-300
        assert abs(b - a) <= 1e-5 * scale, (name, a, b)
