"""The integrator itself (``_model.run``): order, dense output, step control, jumps."""

from __future__ import annotations

import itertools
import math

import pytest

from tests.unit.closed_forms import lambert_w
from tests.unit.strategies import RATES
from transmitter_cycle import parameters
from transmitter_cycle._model import IDX, NSTATE, Rates, run

VMAX, KM, C0 = 4.0, 0.2, 1.5
ATOL = [1e-14] * NSTATE


def rates(**on: float) -> Rates:
    """Return dopamine rates with every process off except ``on``."""
    values = {n: p.value for n, p in parameters("dopamine").items()}
    values.update(dict.fromkeys(RATES, 0.0))
    values.update(on)
    return Rates.from_values(values)


def w_of_exp(z: float) -> float:
    """W(e^z), also where e^z overflows: solve w + ln w = z by Newton's method."""
    if z < 500.0:
        return lambert_w(math.exp(z))
    w = z - math.log(z)
    for _ in range(60):
        step = (w + math.log(w) - z) / (1.0 + 1.0 / w)
        w -= step
        if abs(step) <= 1e-15 * w:
            break
    return w


def bolus(t: float, vmax: float = VMAX, km: float = KM, c0: float = C0) -> float:
    """Exact cleft level after a bolus ``c0`` cleared by Michaelis–Menten uptake alone."""
    return km * w_of_exp(math.log(c0 / km) + (c0 - vmax * t) / km)


def start(cleft: float) -> list[float]:
    y = [0.0] * NSTATE
    y[IDX["cleft"]] = cleft
    y[IDX["ready"]] = 1.0
    return y


def fixed_step_error(n: int) -> float:
    k = rates(reuptake_vmax=VMAX, reuptake_km=KM)
    out = run(k, start(C0), 0.5, (), (), 1e-6, ATOL, replay=[0.5 / n] * n)
    assert out.steps == n
    return abs(out.final[IDX["cleft"]] - bolus(0.5))


def test_order_four_on_a_smooth_problem() -> None:
    """Halving a fixed step cuts the error ~16×: Rodas4 is of order 4."""
    errors = [fixed_step_error(n) for n in (10, 20, 40, 80)]
    orders = [math.log2(a / b) for a, b in itertools.pairwise(errors)]
    assert all(3.6 <= p <= 4.6 for p in orders[1:]), orders
    assert errors[-1] < 1e-7


def test_dense_output_between_steps() -> None:
    """Outputs between the steps (the order-3 interpolant) are as accurate as the steps."""
    k = rates(reuptake_vmax=VMAX, reuptake_km=KM)
    t_out = [i / 1000 for i in range(1001)]
    out = run(k, start(C0), 1.0, (), t_out, 1e-8, ATOL)
    assert out.steps < len(t_out)  # most outputs fall inside steps
    worst = max(
        abs(got - bolus(t)) for t, got in zip(t_out, out.columns[IDX["cleft"]], strict=True)
    )
    assert worst <= 1e-7 * C0


def test_dense_output_order() -> None:
    """With fixed steps, the interpolant's error at mid-steps falls at least like h³."""
    k = rates(reuptake_vmax=VMAX, reuptake_km=KM)
    errors = []
    for n in (10, 20, 40):
        t_out = [(i + 0.5) * 0.5 / n for i in range(n)]
        out = run(k, start(C0), 0.5, (), t_out, 1e-6, ATOL, replay=[0.5 / n] * n)
        errors.append(
            max(
                abs(got - bolus(t)) for t, got in zip(t_out, out.columns[IDX["cleft"]], strict=True)
            )
        )
    orders = [math.log2(a / b) for a, b in itertools.pairwise(errors)]
    assert all(p >= 2.8 for p in orders), orders


def test_stiff_transient_rejects_steps_and_stays_accurate() -> None:
    """A bolus cleared in microseconds inside a 1 s run: steps are rejected, not errors."""
    vmax, km, c0 = 2e5, 0.2, 1500.0  # clearance rate 1e6/s at low levels
    k = rates(reuptake_vmax=vmax, reuptake_km=km)
    # first step deliberately far too long: the controller must reject and shrink it
    out = run(k, start(c0), 1.0, (), [], 1e-7, [1e-12] * NSTATE, first_step=0.1)
    assert out.success
    assert out.rejected > 0
    mid = run(k, start(c0), 0.005, (), [], 1e-7, [1e-12] * NSTATE, first_step=0.1)
    want = bolus(0.005, vmax, km, c0)
    assert abs(mid.final[IDX["cleft"]] - want) <= 1e-5 * want
    # taken up, not lost: the cytosol holds the bolus
    assert abs(out.final[IDX["cytosol"]] + out.final[IDX["cleft"]] - c0) <= 1e-9 * c0


def test_spikes_are_exact_jumps() -> None:
    """At a spike the state jumps by the release, exactly; outputs are right-continuous."""
    k = rates(release_probability=0.3, diffusion_rate=5.0, autoreceptor_gain=2.0)
    y0 = start(0.1)
    y0[IDX["vesicles"]] = 100.0
    spikes = (0.25, 0.5)
    out = run(k, y0, 1.0, spikes, [0.0, 0.25, 0.5, 1.0], 1e-9, [1e-14] * NSTATE)
    for pre, peak, spike_no in zip(out.pre, out.peaks, range(2), strict=True):
        assert peak > pre
        del spike_no
    # first spike: cleft level just before is 0.1 e^(-5·0.25); ready = 1
    before = 0.1 * math.exp(-5.0 * 0.25)
    assert out.pre[0] == pytest.approx(before, rel=1e-8)
    p = 0.3 / (1.0 + 2.0 * out.pre[0])
    released = p * 1.0 * k.amount / k.vcap * 100.0
    assert out.peaks[0] == pytest.approx(before + released, rel=1e-8)
    assert out.columns[IDX["cleft"]][1] == out.peaks[0]  # the sample at the spike: after it
    assert out.columns[IDX["vesicles"]][1] == pytest.approx(100.0 - released, rel=1e-14)
    assert out.columns[IDX["ready"]][1] == pytest.approx(1.0 - p, rel=1e-14)
