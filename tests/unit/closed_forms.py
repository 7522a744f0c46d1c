"""Exact solutions the model is checked against (shared by the model and solver tests)."""

from __future__ import annotations

import math


def lambert_w(x: float) -> float:
    """Principal branch of W for x ≥ 0 (Halley's method)."""
    w = math.log1p(x)
    for _ in range(60):
        ew = math.exp(w)
        f = w * ew - x
        step = f / (ew * (w + 1) - (w + 2) * f / (2 * w + 2))
        w -= step
        if abs(step) <= 1e-15 * (1 + abs(w)):
            break
    return w
