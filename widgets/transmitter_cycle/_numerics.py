"""Small numerical tools the model shares: clearance, quadrature, root bracketing, time means.

Written here once (the steady-state solver, the summary and the figures use them) and kept
stdlib-only, like the rest of the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._model import Rates

__all__ = ["GAUSS_NODES", "GAUSS_WEIGHTS", "clearance", "root_decreasing", "trapezoid_mean"]

#: 5-point Gauss–Legendre nodes and weights on [-1, 1] (exact for polynomials of degree 9)
GAUSS_NODES = (-0.906179845938664, -0.5384693101056831, 0.0, 0.5384693101056831, 0.906179845938664)
GAUSS_WEIGHTS = (
    0.2369268850561891,
    0.4786286704993665,
    0.5688888888888889,
    0.4786286704993665,
    0.2369268850561891,
)


def clearance(k: Rates, e: float) -> float:
    """Return C(e), the rate at which the cleft loses transmitter at level ``e`` (µM/s).

    Between spikes the cleft obeys de/dt = -C(e): reuptake, extracellular breakdown, glial
    uptake and diffusion out of the synapse (whether or not glia recapture what diffuses).
    """
    return k.vu * k.free * e / (k.ku + k.free * e) + (k.kenz + k.kdiff) * e + k.vg * e / (k.kg + e)


def root_decreasing(
    f: Callable[[float], float], *, rtol: float, limit: float, iterations: int
) -> float:
    """Return where a decreasing ``f`` (positive at 0) crosses zero on [0, ``limit``].

    The bracket grows by ×4 from [0, 1] until ``f`` is no longer positive (or ``limit`` is
    passed), then bisection halves it until its width is ``rtol`` of its top. A root beyond
    ``limit`` comes back as about ``limit``: the callers treat such a pool as unbounded.
    """
    lo, hi = 0.0, 1.0
    while f(hi) > 0.0 and hi < limit:
        lo, hi = hi, hi * 4.0
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        if f(mid) > 0.0:
            lo = mid
        else:
            hi = mid
        if hi - lo <= rtol * hi:
            break
    return 0.5 * (lo + hi)


def trapezoid_mean(t: Sequence[float], values: Sequence[float]) -> float:
    """Return the trapezoid-rule time average of a sampled series (a repeated time adds 0).

    For the cleft and the occupancy use ``Result.mean``, which is exact; on the model's output
    grid (points around every spike) this rule is close for the slow pools it is used for.
    """
    if len(t) < 2 or t[-1] <= t[0]:
        return values[0] if values else 0.0
    total = 0.0
    for i in range(1, len(t)):
        total += 0.5 * (values[i] + values[i - 1]) * (t[i] - t[i - 1])
    return total / (t[-1] - t[0])
