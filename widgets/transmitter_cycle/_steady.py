r"""The steady state a run starts from.

"Steady" means the periodic orbit under tonic firing: the state :math:`y^-` just before a spike
such that one inter-spike interval :math:`T = 1/f` later, after the jump and the flow, the state
is :math:`y^-` again (:math:`\Phi_T(J(y^-)) = y^-`). Tonic spikes fall at
:math:`t = (n - \tfrac12)T`, so a run starts half a period after a spike,
:math:`y(0) = \Phi_{T/2}(J(y^-))`, and the state just before every tonic spike of the run is
:math:`y^-` again (the property test checks that a run ends where it started). With
``firing_rate = 0`` the steady state is the equilibrium of the equations without spikes.

Method: a guess from the cycle-averaged balance (release as a continuous flux), then Newton's
method on the cycle map with a finite-difference Jacobian. A direction in which nothing moves
(a pool with no inflow or outflow, or every rate 0) keeps its guess. Where no steady state
exists (a pool that only fills, for example glia with uptake but no return), the offending
pool keeps its guess and the run reports it in ``Result.message``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from ._model import NSTATE, Rates, jump, run
from ._numerics import GAUSS_NODES, GAUSS_WEIGHTS, clearance, root_decreasing

__all__ = ["Steady", "no_steady_state", "steady_state"]

_RTOL = 2e-7  # the run's own tolerance: the orbit is periodic for the run's integrator
_RTOL_JAC = 1e-4
_MAX_NEWTON = 20
_HUGE = 1e12  # µM: no pool of a real synapse comes near it
_REFRESH = 8  # Newton steps before the finite-difference Jacobian is recomputed
_NX = 6  # cleft, glia, cytosol, vesicles, occupancy, ready


def _lost_rate(k: Rates) -> float:
    """Return the first-order rate at which the cleft loses transmitter from the cycle."""
    return k.kenz + k.kdiff * (1.0 - k.spill)


def _to_glia(k: Rates, e: float) -> float:
    """Return the flux from the cleft into the glial pool (uptake and recaptured spill-over)."""
    return k.vg * e / (k.kg + e) + k.kdiff * k.spill * e


def _clear_inverse(k: Rates, y: float) -> float:
    """Return the cleft level at which clearance runs at ``y`` µM/s."""
    if y <= 0.0:
        return 0.0
    return root_decreasing(lambda e: y - clearance(k, e), rtol=1e-12, limit=1e12, iterations=200)


def _cleft_integrals(k: Rates, lo: float, hi: float) -> tuple[float, float, float, float]:
    r"""Return what one decay of the cleft from ``hi`` to ``lo`` does, between spikes.

    Between spikes the cleft obeys :math:`\dot e = -C(e)` alone, so over a decay the time is
    :math:`\int de/C`, the time integral of :math:`e` is :math:`\int e\,de/C`, and the amount
    taken by a route with flux :math:`L(e)` is :math:`\int L\,de/C`. Integrated in
    :math:`u = \ln e` (smooth even when ``lo`` is tiny), by Gauss–Legendre quadrature.

    Returns:
        ``(time, ∫e dt, lost to enzymes and escape, taken up by glia)``.
    """
    kloss = k.kenz + k.kdiff
    klost = _lost_rate(k)
    ksp = k.kdiff * k.spill
    ulo, uhi = math.log(lo), math.log(hi)
    # far below the peak clearance is linear, C(e) = C'(0) e: that stretch adds time only
    tail = 0.0
    if uhi - ulo > 30.0:
        tail = (uhi - 30.0 - ulo) / (k.vu * k.free / k.ku + kloss + k.vg / k.kg)
        ulo = uhi - 30.0
    panels = 16
    width = (uhi - ulo) / panels
    time = area = lost = glia = 0.0
    for j in range(panels):
        mid = ulo + (j + 0.5) * width
        for xq, wq in zip(GAUSS_NODES, GAUSS_WEIGHTS, strict=True):
            e = math.exp(mid + 0.5 * width * xq)
            gl = k.vg * e / (k.kg + e)
            clear = k.vu * k.free * e / (k.ku + k.free * e) + kloss * e + gl
            q = wq * e / clear  # de/C = e du/C
            time += q
            area += q * e
            lost += q * klost * e
            glia += q * (gl + ksp * e)
    half = 0.5 * width
    return time * half + tail, area * half, lost * half, glia * half


def _pre_spike(k: Rates, released: float, period: float) -> float:
    """Return the cleft level just before a spike on the periodic orbit.

    Solves "the decay from pre + released to pre takes one period" for u = ln(pre) by
    Newton's method, safeguarded by bisection.
    """

    def time(u: float) -> float:
        lo = math.exp(u)
        return _cleft_integrals(k, lo, lo + released)[0]

    ua, ub = -700.0, math.log(released)  # e^-700: cleared to nothing
    if time(ua) <= period:
        return math.exp(ua)
    while time(ub) > period:  # clearance saturates: the cleft settles high
        ua, ub = ub, ub + 2.0
        if ub > 700.0:
            return math.inf  # no periodic orbit: the cleft only fills
    slope = k.vu * k.free / k.ku + k.kenz + k.kdiff + k.vg / k.kg  # C'(0)
    u = min(max(math.log(released) - slope * period, ua), ub)
    for _ in range(60):
        lo = math.exp(u)
        miss = time(u) - period
        if miss > 0.0:
            ua = u
        else:
            ub = u
        deriv = lo * (1.0 / clearance(k, lo + released) - 1.0 / clearance(k, lo))
        un = u - miss / deriv if deriv < 0.0 else 0.5 * (ua + ub)
        if not ua < un < ub:
            un = 0.5 * (ua + ub)
        if abs(un - u) < 1e-9 or ub - ua < 1e-9:
            return math.exp(un)
        u = un
    return math.exp(u)


def _guess_pulsed(k: Rates) -> list[float]:
    r"""Guess the pre-spike state from the per-cycle balance, with the cleft decay exact.

    With the release per spike :math:`R = P(c)/f` (packaging balances release), the cleft
    orbit follows from :math:`R` alone; the balance of the cytosol, :math:`S(c) = k_\mathrm{MAO}c
    + f\cdot` (lost per cycle), fixes :math:`c` by bisection.
    """
    period = 1.0 / k.rate

    def cycle(c: float) -> tuple[float, float, float, float, float]:
        released = k.vp * c / (k.kp + c) * period
        if released <= 0.0:
            return released, 0.0, 0.0, 0.0, 0.0
        pre = _pre_spike(k, released, period)
        _time, area, lost, glia = _cleft_integrals(k, pre, pre + released)
        return released, pre, area, lost, glia

    def balance(c: float) -> float:
        return k.sp / (1.0 + c / k.ki) - k.mao * c - k.rate * cycle(c)[3]

    c = root_decreasing(balance, rtol=1e-7, limit=1e12, iterations=60)
    released, pre, area, _lost, glia = cycle(c)
    g = k.rate * glia / k.kret if k.kret > 0.0 else 0.0
    mean_e = k.rate * area
    o = (
        k.kon * mean_e * (1.0 - k.block) / (k.kon * mean_e + k.koff)
        if k.kon * mean_e + k.koff > 0.0
        else 0.0
    )
    p = k.p0 / (1.0 + k.gain * pre)
    decay = math.exp(-1.0 / (k.rate * k.tau))
    r = (1.0 - decay) / (1.0 - (1.0 - p) * decay)
    out = p * r * k.amount / k.vcap
    # a release probability so small that the share released underflows to 0 (5e-324): the
    # store is then larger than any float, which steady_state reports like any huge pool
    v = released / min(out, 1.0) if out > 0.0 else math.inf
    return [pre, g, c, v, o, r]


def _guess(k: Rates) -> list[float]:
    if k.rate > 0.0 and k.p0 > 0.0 and k.amount > 0.0 and k.sp > 0.0 and k.vp > 0.0:
        return _guess_pulsed(k)
    kloss = _lost_rate(k)

    def pack(c: float) -> float:
        return k.vp * c / (k.kp + c)

    def balance(c: float) -> float:
        return k.sp / (1.0 + c / k.ki) - k.mao * c - kloss * _clear_inverse(k, pack(c))

    if k.sp <= 0.0 or balance(0.0) <= 0.0:
        c = 0.0
    else:
        c = root_decreasing(balance, rtol=1e-12, limit=1e9, iterations=100)
    e = _clear_inverse(k, pack(c)) if k.rate > 0.0 else 0.0
    g = _to_glia(k, e) / k.kret if k.kret > 0.0 else 0.0
    o = k.kon * e * (1.0 - k.block) / (k.kon * e + k.koff) if k.kon * e + k.koff > 0 else 0.0
    p = k.p0 / (1.0 + k.gain * e)
    if k.rate > 0.0:
        decay = math.exp(-1.0 / (k.rate * k.tau))
        r = (1.0 - decay) / (1.0 - (1.0 - p) * decay)
    else:
        r = 1.0
    per_spike = clearance(k, e) / k.rate if k.rate > 0.0 else 0.0
    out = p * r * k.amount / k.vcap
    v = per_spike / out if out > 0.0 else k.vcap
    return [e, g, c, v, o, r]


def _scales(k: Rates, x: list[float]) -> list[float]:
    total = x[0] + x[1] + x[2] + x[3] + k.amount * k.p0 + 1e-12
    return [
        max(abs(x[0]), k.amount * k.p0, 1e-9 * total),
        max(abs(x[1]), 1e-6 * total),
        max(abs(x[2]), 1e-6 * total),
        max(abs(x[3]), 1e-6 * total),
        1.0,
        1.0,
    ]


def atol_for(scales: list[float], rtol: float) -> list[float]:
    """Return absolute tolerances for all 9 states from the 6 pool scales."""
    total = scales[1] + scales[2] + scales[3] + scales[0]
    return [
        rtol * 1e-3 * scales[0],
        rtol * 1e-3 * scales[1],
        rtol * 1e-3 * scales[2],
        rtol * 1e-3 * scales[3],
        rtol * 1e-3,
        rtol * 1e-3,
        rtol * 1e-3 * total,
        rtol * 1e-3 * total,
        rtol * 1e-3 * total,
    ]


def _cycle(
    k: Rates,
    x: list[float],
    atol: list[float],
    rtol: float,
    replay: list[float] | None = None,
    record: list[float] | None = None,
) -> list[float]:
    y = [*x, 0.0, 0.0, 0.0]
    jump(k, y)
    return run(k, y, 1.0 / k.rate, (), (), rtol, atol, replay, record).final[:_NX]


def _solve(a: list[list[float]], b: list[float], tiny: float) -> list[float]:
    """Solve ``a x = b`` by Gaussian elimination; unresolvable components come out 0."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    order: list[int] = []
    used = [False] * n
    for col in range(n):
        piv, best = -1, tiny
        for row in range(n):
            if not used[row] and abs(m[row][col]) > best:
                piv, best = row, abs(m[row][col])
        if piv < 0:
            order.append(-1)
            continue
        used[piv] = True
        order.append(piv)
        for row in range(n):
            if row != piv and m[row][col] != 0.0:
                factor = m[row][col] / m[piv][col]
                for j in range(col, n + 1):
                    m[row][j] -= factor * m[piv][j]
    return [m[piv][n] / m[piv][col] if piv >= 0 else 0.0 for col, piv in enumerate(order)]


def no_steady_state(k: Rates) -> str:
    """Return why no steady state exists for ``k`` (a pool that only fills), or ``""``.

    Transmitter enters the cytosol by synthesis; a steady state needs every pool that receives
    transmitter to pass it on, and transmitter to leave the cycle somewhere. Without
    synthesis, the cycle only drains, and the drained state is steady.
    """
    if k.sp <= 0.0:
        return ""
    releases = k.rate > 0.0 and k.p0 > 0.0 and k.amount > 0.0
    if k.vp > 0.0 and not releases:
        return (
            "vesicles only fill: packaging runs but nothing is released "
            "(firing_rate, release_probability or release_amount is 0)"
        )
    if k.vp <= 0.0 and k.mao <= 0.0:
        return "the cytosol only fills: neither packaging nor MAO removes transmitter"
    if k.vp > 0.0:
        if k.vu * k.free <= 0.0 and k.vg <= 0.0 and k.kenz + k.kdiff <= 0.0:
            return "the cleft only fills: no reuptake, glial uptake, enzyme or diffusion"
        if (k.vg > 0.0 or k.kdiff * k.spill > 0.0) and k.kret <= 0.0:
            return "glia only fill: glial uptake runs but glia_return_rate is 0"
        if k.mao <= 0.0 and _lost_rate(k) <= 0.0:
            return (
                "transmitter only accumulates: synthesis runs but no MAO, enzyme or "
                "escape (diffusion not recaptured) removes it"
            )
    return ""


@dataclass(frozen=True)
class Steady:
    """A steady state: the start state of a run and what goes with it.

    Attributes:
        start: the six pools (``IDX`` order) half a period after a tonic spike.
        pre_cleft: the cleft level just before a tonic spike (the clearance baseline).
        note: ``""``, or why the state is only an estimate (appended to ``Result.message``).
        converged: whether Newton's method converged.
    """

    start: tuple[float, ...]
    pre_cleft: float
    note: str
    converged: bool


def _norm(res: list[float], scales: list[float]) -> float:
    return max(abs(res[i]) / scales[i] for i in range(_NX))


@lru_cache(maxsize=256)
def steady_state(k: Rates) -> Steady:
    """Return the periodic steady state of ``k`` under tonic firing (cached per rates).

    The caller checks :func:`no_steady_state` first; the result is then an estimate.
    """
    x = _guess(k)
    if not all(0.0 <= q < _HUGE for q in x[:4]):
        # e.g. a release probability of 1e-100: a steady store exists only in theory
        return Steady(tuple(x), x[0], f" The steady state has a pool above {_HUGE:g} µM.", False)
    scales = _scales(k, x)
    atol = atol_for(scales, _RTOL)
    if k.rate <= 0.0:
        return Steady(tuple(x), x[0], "", True)
    jac: list[list[float]] | None = None
    coarse = atol_for(scales, _RTOL_JAC)
    fx = _cycle(k, x, atol, _RTOL)
    res = [fx[i] - x[i] for i in range(_NX)]
    size = _norm(res, scales)
    converged = False
    age = 0
    for _ in range(_MAX_NEWTON):
        if size <= 1e-10:
            converged = True
            break
        if jac is None or age >= _REFRESH:
            # Jacobian of a coarse but fixed discretisation: smooth, cheap, close enough
            steps: list[float] = []
            base = _cycle(k, x, coarse, _RTOL_JAC, record=steps)
            jac = [[0.0] * _NX for _ in range(_NX)]
            for j in range(_NX):
                dx = 1e-6 * scales[j]
                xp = x[:]
                xp[j] += dx
                fp = _cycle(k, xp, coarse, _RTOL_JAC, replay=steps)
                for i in range(_NX):
                    jac[i][j] = (fp[i] - base[i]) / dx - (1.0 if i == j else 0.0)
            age = 0
        step = _solve(jac, [-q for q in res], 1e-12)
        # damped: halve the step until the residual shrinks (a pool may not go negative)
        lam = 1.0
        for _halving in range(8):
            xn = [
                min(max(x[i] + lam * step[i], 0.0), 1.0)
                if i >= 4
                else max(x[i] + lam * step[i], 0.0)
                for i in range(_NX)
            ]
            fn = _cycle(k, xn, atol, _RTOL)
            rn = [fn[i] - xn[i] for i in range(_NX)]
            sn = _norm(rn, scales)
            if sn == sn and sn < size:
                break
            lam *= 0.5
        else:
            jac = None  # no descent along the Newton step: refresh the Jacobian and retry
            if age == 0:
                break
            continue
        # Broyden's update of the Jacobian from this step (no extra cycles), scaled
        delta = [xn[i] - x[i] for i in range(_NX)]
        weight = [delta[i] / scales[i] ** 2 for i in range(_NX)]
        dot = sum(delta[i] * weight[i] for i in range(_NX))
        if dot > 0.0:
            for i in range(_NX):
                miss = rn[i] - res[i] - sum(jac[i][j] * delta[j] for j in range(_NX))
                for j in range(_NX):
                    jac[i][j] += miss * weight[j] / dot
        age = age + 1 if sn < 0.3 * size else _REFRESH  # slow progress: a fresh Jacobian
        x, res, size = xn, rn, sn
    note = (
        ""
        if converged
        else (
            " The steady state did not converge (scaled residual "
            f"{size:.1e}); the run starts from the best estimate."
        )
    )
    y = [*x, 0.0, 0.0, 0.0]
    jump(k, y)
    # tonic spikes fall at (n - 1/2) T: the run starts half a period after a spike
    y = run(k, y, 0.5 / k.rate, (), (), _RTOL, atol).final
    assert len(y) == NSTATE
    return Steady(tuple(y[:_NX]), x[0], note, converged)
