"""The model runs a figure draws, and their caches (a redraw costs one run of the sliders).

A compared scenario, a schematic's reference and a sweep's curve do not follow every slider;
they are computed once and kept in small bounded caches, so that memory does not grow across
redraws.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from transmitter_cycle import parameters, simulate, simulate_summary

from .spec import DEFAULT_SWEEP, FIGURE_POINTS, SWEEP_POINTS, FigureSpec

#: the states whose time average is exact in a run's summary (`Result.mean` reads it there)
EXACT_MEANS = ("cleft", "occupancy")


def run_figure(spec: FigureSpec, scenario: str, values: Mapping[str, float]) -> Any:
    model: Any = simulate  # `**values` are parameters: mypy would match them to `initial` too
    return model(
        spec.transmitter,
        scenario=scenario,
        duration=spec.duration,
        spikes=spec.spikes,
        dt_out=spec.duration / FIGURE_POINTS,
        **values,
    )


@dataclass(frozen=True)
class Summary:
    """A run read for its summary alone (a claim's moved setting, a sweep's point): the same
    numbers as the full run's `summary` and `mean` of the exactly averaged states, no series."""

    summary: Mapping[str, float | None]

    def mean(self, name: str) -> float:
        """Return the exact time average of ``name`` (one of `EXACT_MEANS`)."""
        value = self.summary[f"mean_{name}"] if name in EXACT_MEANS else None
        if value is None:
            raise ValueError(f"no exact mean of {name!r} in a summary")
        return value


def summary_run(spec: FigureSpec, scenario: str, values: Mapping[str, float]) -> Summary:
    """Return the summary of `run_figure` at these settings, without sampling the states."""
    model: Any = simulate_summary
    return Summary(
        model(
            spec.transmitter,
            scenario=scenario,
            duration=spec.duration,
            spikes=spec.spikes,
            dt_out=spec.duration / FIGURE_POINTS,
            **values,
        )
    )


#: runs a redraw repeats (a compared scenario, a schematic's reference, where the reader
#: started, a direction claim's setting), by everything they depend on
_RUNS: dict[tuple[Any, ...], Any] = {}
_RUNS_MAX = 64


def cached_run(spec: FigureSpec, scenario: str, values: Mapping[str, float]) -> Any:
    """Return the run of `scenario` at `values` (over the figure's `set:`), from a bounded cache.

    For the runs a redraw repeats: a compared scenario, where the reader started, a direction
    claim's moved setting. The least recently used entry goes first, so memory does not grow
    across redraws and a figure's compared run stays while the reader drags.
    """
    current = {**spec.values, **values}
    key = _key(spec, scenario, current)
    cached = _RUNS.pop(key, None)
    if cached is None:
        cached = run_figure(spec, scenario, current)
        if len(_RUNS) >= _RUNS_MAX:
            _RUNS.pop(next(iter(_RUNS)))
    _RUNS[key] = cached  # now the most recently used
    return cached


def _key(spec: FigureSpec, scenario: str, current: Mapping[str, float]) -> tuple[Any, ...]:
    return (spec.transmitter, scenario, spec.duration, spec.spikes, tuple(sorted(current.items())))


#: summaries a redraw repeats (a direction claim's moved setting), bounded like `_RUNS`
_SUMMARIES: dict[tuple[Any, ...], Summary] = {}


def cached_summary(spec: FigureSpec, scenario: str, values: Mapping[str, float]) -> Any:
    """Return the summary of the run of `scenario` at `values` (a `Summary`), from a bounded
    cache; a full run already cached at these settings answers without a run."""
    current = {**spec.values, **values}
    key = _key(spec, scenario, current)
    full = _RUNS.get(key)
    if full is not None:
        return full
    cached = _SUMMARIES.pop(key, None)
    if cached is None:
        cached = summary_run(spec, scenario, current)
        if len(_SUMMARIES) >= _RUNS_MAX:
            _SUMMARIES.pop(next(iter(_SUMMARIES)))
    _SUMMARIES[key] = cached
    return cached


def fixed_run(spec: FigureSpec, scenario: str) -> Any:
    """Return the run of `scenario` with the figure's settings (`set:`), ignoring the sliders."""
    return cached_run(spec, scenario, {})


def swept(spec: FigureSpec) -> str:
    """Return the parameter a `sweep` view puts on its x axis: the first control."""
    return spec.controls[0] if spec.controls else DEFAULT_SWEEP


@dataclass(frozen=True)
class Curve:
    """A dose–response curve: `x` (the swept parameter) and, by state name, the time averages."""

    name: str
    x: tuple[float, ...]
    y: Mapping[str, tuple[float, ...]]
    #: the swept parameter's label and unit, for a reader ("Reuptake block (fraction)")
    label: str = ""


#: computed curves, by everything they depend on; a slider that only moves the marker along the
#: curve (the swept parameter itself) reuses its curve, so that redraw costs one model run
_CURVES: dict[tuple[Any, ...], Curve] = {}
_CURVES_MAX = 16


def sweep_curve(spec: FigureSpec, scenario: str, values: Mapping[str, float]) -> Curve:
    """Run the model across the swept parameter's bounds; return the mean of each shown state."""
    name = swept(spec)
    others = tuple(sorted((k, v) for k, v in values.items() if k != name))
    key = (spec.transmitter, scenario, spec.duration, spec.spikes, spec.show, name, others)
    cached = _CURVES.get(key)
    if cached is not None:
        return cached
    p = parameters(spec.transmitter, scenario)[name]
    xs = tuple(
        p.minimum + (p.maximum - p.minimum) * i / (SWEEP_POINTS - 1) for i in range(SWEEP_POINTS)
    )
    ys: dict[str, list[float]] = {s: [] for s in spec.show}
    # a curve of exact means needs no samples (the other states' means read the series)
    point = summary_run if all(s in EXACT_MEANS for s in spec.show) else run_figure
    for x in xs:
        result = point(spec, scenario, {**dict(others), name: x})
        for s in spec.show:
            ys[s].append(result.mean(s))
    label = f"{p.label} ({p.unit or 'fraction'})"
    curve = Curve(name, xs, {s: tuple(v) for s, v in ys.items()}, label)
    if len(_CURVES) >= _CURVES_MAX:
        _CURVES.pop(next(iter(_CURVES)))  # the oldest: a bounded cache, no growth across redraws
    _CURVES[key] = curve
    return curve


def before_run(spec: FigureSpec, values: Mapping[str, float]) -> Any:
    """Return the run at `values` (where the reader started): one per experiment, cached."""
    return cached_run(spec, spec.scenario, values)


def moved_run(spec: FigureSpec, values: Mapping[str, float]) -> Any:
    """Return the summary of the figure's scenario at ``values`` (a direction claim's), cached:
    a `Summary` (or the full run, if one at these settings is cached)."""
    return cached_summary(spec, spec.scenario, values)


#: the shortest run a single release is followed over: long enough for the slowest clearance
#: a slider can give (no transporters, diffusion alone: a half-time of about 3.5 s)
SINGLE_RELEASE_SECONDS = 10.0

#: single-release runs by everything they depend on, bounded like `_RUNS`
_SINGLES: dict[tuple[Any, ...], Mapping[str, float | None]] = {}


def single_release(
    spec: FigureSpec, scenario: str, values: Mapping[str, float]
) -> Mapping[str, float | None]:
    """Return the summary of one release, on its own, into an empty cleft, at these settings.

    The clearance half-time a claim reads: the time one release takes to fall by half with the
    settings' transporters, enzymes and diffusion, from the scenario's stores (the model's own
    `clearance_half_time` of this run). It stays meaningful whatever the firing: spikes that
    overlap, or no spike at all, do not change it. Cached: a redraw asks for it again.
    """
    current = {**spec.values, **values}
    key = (spec.transmitter, scenario, tuple(sorted(current.items())))
    cached = _SINGLES.pop(key, None)
    if cached is None:
        model: Any = simulate_summary
        cached = model(
            spec.transmitter,
            scenario=scenario,
            duration=max(spec.duration, SINGLE_RELEASE_SECONDS),
            spikes=(0.0,),
            initial={"cleft": 0.0},
            **current,
        )
        if len(_SINGLES) >= _RUNS_MAX:
            _SINGLES.pop(next(iter(_SINGLES)))
    _SINGLES[key] = cached
    return cached


#: the most solver steps one live redraw may take: about a second in CPython here and two to
#: three in Pyodide (a step costs ~25 µs in CPython); a figure above it is refused at build time
REDRAW_BUDGET = 40_000


def redraw_steps(spec: FigureSpec) -> int:
    """Return the solver steps one redraw of ``spec`` takes at its default state (deterministic).

    The figure's own run (a sweep: its curve's runs, each about as long), plus one run per
    direction claim.
    """
    steps = int(fixed_run(spec, spec.scenario).nfev)  # the schematic's reference reuses it
    runs_per_redraw = SWEEP_POINTS if spec.view == "sweep" else 1
    runs_per_redraw += sum(1 for claim in spec.claims if claim.direction)
    return steps * runs_per_redraw
