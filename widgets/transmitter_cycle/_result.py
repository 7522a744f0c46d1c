"""The result of a run: SciPy-like fields, named series, a summary, CSV and JSON export."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._numerics import trapezoid_mean

__all__ = ["Result"]


@dataclass(frozen=True)
class Result:
    """One simulated time course, like ``scipy.integrate.solve_ivp``'s result.

    Attributes:
        t: output times in s, increasing: the grid of ``dt_out`` (0 and the duration
            included) plus, at every spike, the moment just before and just after it (the same
            time twice: the state before the jump, then after) and points through its decay,
            so that a curve drawn through them keeps every transient and its true peak.
        series: state name → values at ``t`` (the six states of ``STATES`` and the cumulative
            ``degraded``, ``escaped`` and ``synthesised``); also available as ``result[name]``.
        spikes: spike times used, in s.
        summary: ``mean_cleft`` (µM) and ``mean_occupancy``, time averages over the run, exact
            (the integral of the integrator's dense output, independent of ``t``);
            ``peak_cleft`` (µM, exact: the cleft is highest just after a spike);
            ``clearance_half_time`` (s, from a spike until the cleft is halfway back from its
            peak to the level just before that spike: for the latest spike whose decay gets
            that far before the next spike or the end of the run; ``None`` if none does);
            ``vesicles_remaining`` (vesicular content at the end over that at t = 0; ``None``
            if the vesicles started empty); ``baseline_cleft`` (µM, the cleft
            just before a tonic spike in the steady state; ``None`` without one). If the
            solver stopped early, the means are over the part it computed.
        success: whether the solver reached the end.
        message: human-readable solver outcome.
        preset: preset name (``"custom"`` for a parameter mapping).
        scenario: scenario name.
        params: resolved parameter values, name → float.
    """

    t: tuple[float, ...]
    series: Mapping[str, tuple[float, ...]]
    spikes: tuple[float, ...]
    summary: Mapping[str, float | None]
    success: bool
    message: str
    preset: str
    scenario: str
    params: Mapping[str, float]
    nfev: int = field(default=0, compare=False)

    def __getitem__(self, name: str) -> tuple[float, ...]:
        """Return the series ``name`` (``result["cleft"]``)."""
        try:
            return self.series[name]
        except KeyError:
            from ._errors import ParameterError

            raise ParameterError(
                "state", "must be one of " + ", ".join(self.series), name
            ) from None

    def mean(self, name: str) -> float:
        """Return the time average of the series ``name`` over the run.

        Exact for ``cleft`` and ``occupancy`` (the summary's means); for the other states the
        trapezoid rule over ``t``, whose points follow every transient (the slow pools need
        no more).
        """
        exact = self.summary.get(f"mean_{name}") if name in ("cleft", "occupancy") else None
        return exact if exact is not None else trapezoid_mean(self.t, self[name])

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dictionary (lists and plain floats)."""
        return {
            "preset": self.preset,
            "scenario": self.scenario,
            "params": dict(self.params),
            "t": list(self.t),
            "series": {name: list(values) for name, values in self.series.items()},
            "spikes": list(self.spikes),
            "summary": dict(self.summary),
            "success": self.success,
            "message": self.message,
        }

    def to_json(self) -> str:
        """Return :meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), allow_nan=False)

    def to_csv(self) -> str:
        """Return the series as CSV text: a ``t`` column, then one column per state."""
        names = list(self.series)
        lines = [",".join(["t", *names])]
        columns = [self.series[name] for name in names]
        for i, t in enumerate(self.t):
            lines.append(",".join(repr(v) for v in (t, *(col[i] for col in columns))))
        return "\n".join(lines) + "\n"
