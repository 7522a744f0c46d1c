"""``simulate``: resolve and check the inputs, start from the steady state, integrate.

A run starts from the steady state of its preset and scenario (the chronic condition: the slow
pools settled under the preset's tonic firing), computed once and cached per preset and
scenario, or per parameter set when the preset is a mapping. Parameter overrides (the sliders)
act from t = 0: a run shows the acute response to them from that chronic state. ``initial``
overrides the start state for the states it names.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from ._errors import ParameterError
from ._model import IDX, NSTATE, Rates, Run, run
from ._numerics import GAUSS_NODES, GAUSS_WEIGHTS, clearance
from ._params import check_value, resolve
from ._result import Result
from ._states import CUMULATIVE, STATES
from ._steady import _HUGE, _scales, atol_for, no_steady_state, steady_state

__all__ = ["MAX_DURATION", "MAX_POINTS", "simulate", "simulate_summary"]

MAX_DURATION = 600.0  # s simulated: longer runs are not figures and would block a browser
MAX_POINTS = 20_001
MAX_SPIKES = 10_000
RTOL = 2e-7  # tuned so every series meets 1e-5 against a tight SciPy reference
#: output points through each spike's decay, in units of the cleft's clearance time scale just
#: after the spike (e/C(e)): the half-decay falls between 0.5 and 0.7 of it (saturated or linear
#: clearance), so it is always bracketed by points
SPIKE_GRID = (0.05, 0.15, 0.3, 0.5, 0.6, 0.7, 1.0, 1.4, 2.0, 3.0, 4.5, 7.0)
_ORDER = (*STATES, *CUMULATIVE)


def tonic_spikes(rate: float, duration: float) -> tuple[float, ...]:
    """Return regular spike times at ``rate`` in [0, duration], at (k − ½)/rate, k = 1, 2, …"""
    if rate <= 0.0:
        return ()
    count = int(duration * rate + 0.5)
    times = [(k - 0.5) / rate for k in range(1, count + 2)]
    return tuple(t for t in times if t <= duration)


def _check_spikes(spikes: object, duration: float) -> tuple[float, ...]:
    if isinstance(spikes, (str, bytes)) or not isinstance(spikes, Sequence):
        raise ParameterError("spikes", "must be a sequence of times in s", spikes)
    if len(spikes) > MAX_SPIKES:
        raise ParameterError("spikes", f"must hold at most {MAX_SPIKES} times", len(spikes))
    out: list[float] = []
    for item in spikes:
        time = check_value("spikes", item, 0.0, duration)
        if out and time <= out[-1]:
            raise ParameterError("spikes", "must be strictly increasing", list(spikes))
        out.append(time)
    return tuple(out)


def simulate(
    preset: str | Mapping[str, object],
    *,
    scenario: str | None = None,
    duration: float,
    spikes: Sequence[float] | None = None,
    initial: Mapping[str, float] | None = None,
    dt_out: float | None = None,
    **params: float,
) -> Result:
    """Simulate one synapse from the steady state of its preset and scenario.

    The start state is the steady state of ``preset`` with ``scenario`` applied: the periodic
    orbit under the preset's tonic firing, at the phase half a period after a spike (tonic
    spikes fall at (n − ½)/``firing_rate``). It is computed, not hand-set, and cached per
    preset and scenario (per parameter set when ``preset`` is a mapping), so a scenario shows
    its chronic condition. The overrides ``**params`` do not move the start state: they act
    from t = 0, so a run shows the acute response to them (blocking SERT on a healthy synapse
    raises cleft serotonin at once; the ``ssri`` scenario shows the chronic state). With
    ``firing_rate = 0`` in the preset the steady state is the equilibrium without spikes.

    Args:
        preset: preset name (``"dopamine"``), or a full mapping of parameter name → value
            (floats or :class:`Parameter` objects, as returned by ``parameters()``).
        scenario: scenario name of the preset (default ``healthy``).
        duration: simulated time in s, 0 < duration ≤ 600.
        spikes: explicit spike times in s (increasing, within [0, duration]); replaces tonic
            firing during the run (the start state is still the tonic steady state).
        initial: overrides of the start state by state name; when it names all six states
            no steady state is computed (and ``summary["baseline_cleft"]`` is ``None``).
        dt_out: output spacing in s; default ``duration / 400``.
        **params: parameter overrides by public name, in force from t = 0.

    Returns:
        The :class:`Result`; ``success`` is false (and ``message`` says why) if the solver
        stopped early or the steady state did not converge.

    Raises:
        ParameterError: any invalid input, or a parameter mapping without a steady state (a
            pool that only fills, for example vesicles with ``release_probability = 0``)
            unless ``initial`` gives every state.
    """
    result = _simulate(preset, scenario, duration, spikes, initial, dt_out, params, False)
    assert isinstance(result, Result)
    return result


def simulate_summary(
    preset: str | Mapping[str, object],
    *,
    scenario: str | None = None,
    duration: float,
    spikes: Sequence[float] | None = None,
    initial: Mapping[str, float] | None = None,
    dt_out: float | None = None,
    **params: float,
) -> Mapping[str, float | None]:
    """Return ``simulate(...).summary`` (the same inputs, the same checks, the same numbers),
    without sampling the states on the output grid: for runs only a summary is read from (a
    claim's moved setting), about a fifth cheaper. The solver takes the same steps (output
    times never move them), so the summary is identical (a test holds it so).
    """
    found = _simulate(preset, scenario, duration, spikes, initial, dt_out, params, True)
    return found.summary if isinstance(found, Result) else found


def _simulate(
    preset: str | Mapping[str, object],
    scenario: str | None,
    duration: float,
    spikes: Sequence[float] | None,
    initial: Mapping[str, float] | None,
    dt_out: float | None,
    params: Mapping[str, float],
    summary_only: bool,
) -> Result | Mapping[str, float | None]:
    """`simulate`, or with ``summary_only`` its summary alone (a whole `Result` if the solver
    stopped early: its summary then reads the samples computed)."""
    duration = check_value("duration", duration, -math.inf, math.inf)
    if not 0.0 < duration <= MAX_DURATION:
        raise ParameterError("duration", f"must be > 0 and at most {MAX_DURATION:g} s", duration)
    name, scen, values = resolve(preset, scenario, params)
    k = Rates.from_values(values)
    if dt_out is None:
        n = 400
    else:
        dt = check_value("dt_out", dt_out, -math.inf, math.inf)
        if dt <= 0.0:
            raise ParameterError("dt_out", "must be > 0", dt_out)
        n = math.ceil(duration / dt - 1e-9)
        if n + 1 > MAX_POINTS:
            raise ParameterError("dt_out", f"gives more than {MAX_POINTS} output points", dt_out)
    t_out = (*(duration * i / n for i in range(n)), duration)
    spike_times = (
        tonic_spikes(k.rate, duration) if spikes is None else _check_spikes(spikes, duration)
    )

    if initial is not None and not isinstance(initial, Mapping):
        raise ParameterError("initial", "must be a mapping of state name to value", initial)
    given: dict[str, float] = {}
    for key, value in (initial or {}).items():
        if key not in STATES:
            raise ParameterError("initial", "must name one of " + ", ".join(STATES), key)
        high = 1.0 if STATES[key].unit == "" else math.inf
        given[key] = check_value(key, value, 0.0, high)
    y0 = [0.0] * NSTATE
    note = ""
    baseline: float | None = None
    if len(given) < len(STATES):
        # the chronic state: preset and scenario without the overrides
        chronic = k if not params else Rates.from_values(resolve(preset, scenario, {})[2])
        why = no_steady_state(chronic)
        if why:
            raise ParameterError(
                "preset",
                f"has no steady state to start from ({why}); give every state in 'initial'",
                name,
            )
        steady = steady_state(chronic)
        if not all(0.0 <= q < _HUGE for q in steady.start[:4]):
            raise ParameterError(
                "preset",
                "has no steady state to start from (a pool would "
                f"exceed {_HUGE:g} µM); give every state in 'initial'",
                name,
            )
        y0[:6] = steady.start
        note = steady.note
        baseline = steady.pre_cleft
    for key, value in given.items():
        y0[IDX[key]] = value
    scales = _scales(k, y0[:6])
    atol = atol_for(scales, RTOL)
    if summary_only:
        # the same steps (the output grid never moves them), without sampling the states
        out = run(k, y0, duration, spike_times, (), RTOL, atol)
        if out.success:
            ves = (y0[3], out.final[3])
            return MappingProxyType(
                _summary(k, out, (y0[0], y0[4]), duration, ves, spike_times, baseline)
            )
    out = run(k, y0, duration, spike_times, t_out, RTOL, atol, grid=SPIKE_GRID)
    series = {state: tuple(out.columns[IDX[state]]) for state in _ORDER}
    times = tuple(out.times)
    vesicles = series["vesicles"]
    summary = _summary(
        k,
        out,
        (series["cleft"][0], series["occupancy"][0]) if times else (y0[0], y0[4]),
        times[-1] if times else duration,
        (vesicles[0], vesicles[-1]) if vesicles else None,
        spike_times,
        baseline,
    )
    return Result(
        times,
        MappingProxyType(series),
        spike_times,
        MappingProxyType(summary),
        out.success and not note,
        out.message + note,
        name,
        scen,
        MappingProxyType(values),
        out.steps,
    )


def half_time(k: Rates, peak: float, baseline: float) -> float | None:
    r"""Return the time for the cleft to fall from ``peak`` halfway to ``baseline``.

    Between spikes the cleft obeys the autonomous scalar equation :math:`\dot e = -C(e)`,
    so the time is :math:`\int_{(P+B)/2}^{P} de / C(e)`, computed by composite Gauss–Legendre
    quadrature (exact to rounding for this smooth integrand), not read off the output grid.
    """
    half = 0.5 * (peak + baseline)
    if peak <= baseline or half <= 0.0 or clearance(k, half) <= 0.0:
        return None
    panels = 16
    width = (peak - half) / panels
    total = 0.0
    for j in range(panels):
        mid = half + (j + 0.5) * width
        for x, w in zip(GAUSS_NODES, GAUSS_WEIGHTS, strict=True):
            total += w / clearance(k, mid + 0.5 * width * x)
    return total * 0.5 * width


def _summary(
    k: Rates,
    out: Run,
    start: tuple[float, float],
    end: float,
    vesicles: tuple[float, float] | None,
    spikes: Sequence[float],
    baseline: float | None,
) -> dict[str, float | None]:
    """Return the summary of a run; over the part computed if the solver stopped early.

    ``start`` is the cleft and the occupancy at t = 0, ``end`` the last output time,
    ``vesicles`` the vesicles at the first and the last output time (None without outputs). The
    means are the exact integrals of the integrator's dense output over the run, divided by its
    length: independent of the output grid. The peak is exact: between spikes the cleft only
    falls (every term of its equation removes transmitter), so it is highest just after a spike
    or at the start, and no sample of the output grid is higher (a test holds the two equal).
    """
    peaks = [q for q, when in zip(out.peaks, spikes, strict=False) if when <= out.reached]
    half: float | None = None
    if peaks and out.success:
        # the latest spike whose cleft falls halfway back before the next spike or the run's
        # end (a spike at the very end of a run has no decay in it); tonic spikes are alike,
        # so the last three settle it
        for n in range(len(peaks) - 1, max(len(peaks) - 4, -1), -1):
            upto = spikes[n + 1] if n + 1 < len(peaks) else end
            found = half_time(k, peaks[n], out.pre[n])
            if found is not None and spikes[n] + found <= upto:
                half = found
                break
    span = out.reached
    return {
        "mean_cleft": out.area_cleft / span if span > 0.0 else start[0],
        "peak_cleft": max([start[0], *peaks]),
        "mean_occupancy": out.area_occupancy / span if span > 0.0 else start[1],
        "clearance_half_time": half,
        "vesicles_remaining": (
            vesicles[1] / vesicles[0] if vesicles is not None and vesicles[0] > 0.0 else None
        ),
        "baseline_cleft": baseline,
    }
