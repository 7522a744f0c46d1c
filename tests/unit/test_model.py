"""Closed-form cases: every route but one switched off."""

from __future__ import annotations

import math

import pytest

from tests.unit.closed_forms import lambert_w
from tests.unit.strategies import RATES
from transmitter_cycle import parameters, simulate


def only(**rates: float) -> dict[str, float]:
    """Return dopamine parameters with every rate 0 except ``rates``."""
    values = {n: p.value for n, p in parameters("dopamine").items()}
    values.update(dict.fromkeys(RATES, 0.0))
    values.update(rates)
    return values


def close(got: float, want: float, rel: float = 1e-6) -> bool:
    return abs(got - want) <= rel * abs(want) + 1e-12


@pytest.mark.parametrize("route", ["diffusion_rate", "enzyme_rate"])
def test_first_order_loss_is_exponential(route: str) -> None:
    res = simulate(only(**{route: 5.0}), duration=1.0, initial={"cleft": 2.0})
    for t, c in zip(res.t, res["cleft"], strict=True):
        assert close(c, 2.0 * math.exp(-5.0 * t)), t


def test_michaelis_menten_bolus_matches_lambert_w() -> None:
    vmax, km, c0 = 4.0, 0.2, 1.5
    res = simulate(only(reuptake_vmax=vmax, reuptake_km=km), duration=1.0, initial={"cleft": c0})
    for t, c in zip(res.t, res["cleft"], strict=True):
        want = km * lambert_w(c0 / km * math.exp((c0 - vmax * t) / km))
        assert abs(c - want) <= 1e-6 * c0, t
        # transmitter taken up lands in the cytosol
    assert close(res["cytosol"][-1] + res["cleft"][-1] - res["cytosol"][0], c0, 1e-9)


def test_pool_recovery_is_exponential() -> None:
    res = simulate(only(), duration=3.0, initial={"ready": 0.2})
    tau = parameters("dopamine")["pool_recovery_tau"].value
    for t, r in zip(res.t, res["ready"], strict=True):
        assert close(r, 1 - 0.8 * math.exp(-t / tau))


@pytest.mark.parametrize("route", ["diffusion_rate", "enzyme_rate", "reuptake_vmax", "glia_vmax"])
def test_process_stops_when_rate_is_zero(route: str) -> None:
    """Turning one route off changes where transmitter ends up, by that route's share."""
    on = simulate(only(**{route: 3.0}), duration=0.5, initial={"cleft": 1.0})
    off = simulate(only(), duration=0.5, initial={"cleft": 1.0})
    assert on["cleft"][-1] < 0.9
    assert off["cleft"][-1] == 1.0


def test_spike_releases_from_vesicles() -> None:
    values = only(release_probability=0.5)
    res = simulate(
        values, duration=1.0, spikes=[0.5], initial={"vesicles": 100.0, "ready": 1.0, "cleft": 0.0}
    )
    amount = 0.5 * values["release_amount"] * 100.0 / values["vesicle_capacity"]
    assert res.summary["peak_cleft"] == pytest.approx(amount, rel=1e-12)
    assert res["vesicles"][-1] == pytest.approx(100.0 - amount, rel=1e-12)
    # the last sample at the spike's time is the state just after it
    after = max(i for i, t in enumerate(res.t) if t == 0.5)
    assert res["ready"][after] == pytest.approx(0.5 + 0.5 * (1 - math.exp(0.0)), rel=1e-9)
