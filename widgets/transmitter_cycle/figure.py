"""Figure specs: what a `synapse` fence asks for, validated once, and drawn.

The same code runs at build time (CPython, the static SVG written into the page) and in the
reader's browser (Pyodide, every live redraw), so the two figures cannot drift apart. A spec comes
from a Markdown fence at build time and from the page (plus a permalink) in the browser; both go
through `parse_spec`, and values for the sliders through `parse_values`.

Views (`view:`): `timecourse` (the shown states over time, one panel each, spikes marked),
`schematic` (a drawing of the synapse whose parts fill with the state, with a time trace of the
cleft; the page moves through `schematic.FRAMES` moments of the run without a redraw) and `sweep`
(the time average of each shown state against the first control, `SWEEP_POINTS` runs across its
bounds, the current setting marked; the curve is cached, so moving the swept slider costs one run).

Figure ids and permalinks (the contract the PDF links and the page script share):

- a figure's id is `figure-<n>-<hash>`: `n` counts the page's `synapse` fences from 1 in page
  order, `hash` is the first 6 hex digits of the SHA-1 of the fence body (its text between the
  fence lines, without its last line break), so an id changes only when the figure itself, or
  its place in the page, changes;
- its link is the page URL plus `?fig=<id>&<name>=<value>&…#<id>`, one `name=value` per control
  of the figure (public parameter names, plain decimal numbers), for example
  `cycle/?fig=figure-1-e08076&firing_rate=4#figure-1-e08076`. Names the figure has no control
  for, values that are not finite numbers or are outside the slider's bounds are ignored, and the
  figure's status names what was ignored; missing names keep their defaults.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import STATES, ParameterError, parameters, presets, scenarios, simulate
from .schematic import schematic
from .svg import legend as svg_legend
from .svg import sweep, timecourse

#: the figure views (`view:` in a fence)
VIEWS = ("timecourse", "schematic", "sweep")

#: runs per curve of a `sweep` view (the bounds included): enough for a smooth dose–response
#: curve, few enough to compute a curve in well under a second in the browser
SWEEP_POINTS = 17

#: the parameter a `sweep` view sweeps when its fence names no control
DEFAULT_SWEEP = "reuptake_block"

#: simulated seconds shown when a fence gives no `duration`, by transmitter: long enough for a
#: few tonic spikes of a monoamine, and for glutamate's millisecond transients to be visible.
DEFAULT_DURATION = {"serotonin": 2.0, "dopamine": 2.0, "glutamate": 0.2, "gaba": 0.2}

#: points on the output grid of a figure (enough for a smooth 640-pixel-wide curve)
FIGURE_POINTS = 400

#: upper limit of simulated time in a figure: it keeps a redraw fast in the browser
MAX_FIGURE_DURATION = 30.0

#: the fields a `synapse` fence may have
FIELDS = (
    "transmitter",
    "scenario",
    "compare",
    "controls",
    "show",
    "view",
    "duration",
    "spikes",
    "set",
    "caption",
    "try",
    "presets",
    "puzzle",
)

#: the longest experiment cue (`try:`): one short line above the controls
MAX_CUE = 140


class SpecError(ParameterError):
    """A spec field is wrong: `field`, `rule` and `value` say how, `choices` what is valid."""

    def __init__(self, field: str, rule: str, value: object, choices: Sequence[str] = ()) -> None:
        self.choices = tuple(choices)
        message = f"field '{field}': {rule} (got {value!r})"
        if self.choices:
            message += "; choose one of: " + ", ".join(self.choices)
        ValueError.__init__(self, message)
        self.field, self.rule, self.value = field, rule, value


@dataclass(frozen=True)
class FigureSpec:
    """A validated figure: which model run to draw, how, and which sliders to offer."""

    transmitter: str
    caption: str
    scenario: str = "healthy"
    compare: str | None = None
    controls: tuple[str, ...] = ()
    show: tuple[str, ...] = ("cleft",)
    view: str = "timecourse"
    duration: float = 2.0
    spikes: tuple[float, ...] | None = None
    values: Mapping[str, float] = field(default_factory=dict)
    cue: str = ""
    presets: tuple[tuple[str, Mapping[str, float]], ...] = ()
    puzzle: tuple[float, float] | None = None  # (target ratio to `compare`, relative tolerance)

    def to_dict(self) -> dict[str, Any]:
        """Return the spec as JSON-ready data (the figure's `data-spec`)."""
        data: dict[str, Any] = {
            "transmitter": self.transmitter,
            "scenario": self.scenario,
            "compare": self.compare,
            "controls": list(self.controls),
            "show": list(self.show),
            "view": self.view,
            "duration": self.duration,
            "spikes": None if self.spikes is None else list(self.spikes),
            "set": dict(self.values),
            "caption": self.caption,
        }
        if self.cue:
            data["try"] = self.cue
        if self.presets:
            data["presets"] = {label: dict(values) for label, values in self.presets}
        if self.puzzle:
            data["puzzle"] = {"target": self.puzzle[0], "tolerance": self.puzzle[1]}
        return data


def _choice(name: str, value: object, choices: Sequence[str], rule: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise SpecError(name, rule, value, choices)
    return value


def _names(name: str, value: object, choices: Sequence[str], rule: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise SpecError(name, "must be a list such as [a, b]", value)
    for item in value:
        _choice(name, item, choices, rule)
    if len(set(value)) != len(value):
        raise SpecError(name, "must not repeat a name", value)
    return tuple(value)


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise SpecError(name, "must be a number", value)
    try:
        number = float(value)
    except ValueError:
        raise SpecError(name, "must be a number", value) from None
    if not math.isfinite(number):
        raise SpecError(name, "must be a finite number", value)
    return number


def parse_spec(data: Mapping[str, Any]) -> FigureSpec:
    """Validate a figure spec (a fence's fields) against the model.

    Raises:
        SpecError: a field is unknown, missing or invalid; the message lists the valid choices.
    """
    if not isinstance(data, Mapping):
        raise SpecError("spec", "must be a set of 'field: value' lines", data)
    for key in data:
        if key not in FIELDS:
            raise SpecError(str(key), "is not a field of a synapse figure", key, FIELDS)
    transmitter = _choice(
        "transmitter", data.get("transmitter"), presets(), "must name a transmitter"
    )
    caption = data.get("caption")
    if not isinstance(caption, str) or not caption.strip():
        raise SpecError(
            "caption", "is required: say what the figure shows and what to try", caption
        )
    names = tuple(scenarios(transmitter))
    scenario = _choice(
        "scenario",
        data.get("scenario", "healthy"),
        names,
        f"must name a scenario of {transmitter}",
    )
    compare = data.get("compare")
    if compare is not None:
        compare = _choice("compare", compare, names, f"must name a scenario of {transmitter}")
    params = parameters(transmitter, scenario)
    controls = _names(
        "controls", data.get("controls", []), tuple(params), "must name model parameters"
    )
    show = _names("show", data.get("show", ["cleft"]), tuple(STATES), "must name model states")
    if not show:
        raise SpecError("show", "must name at least one state", [])
    view = _choice("view", data.get("view", "timecourse"), VIEWS, "must name a view")
    duration = _number("duration", data.get("duration", DEFAULT_DURATION[transmitter]))
    if not 0 < duration <= MAX_FIGURE_DURATION:
        raise SpecError(
            "duration", f"must be more than 0 and at most {MAX_FIGURE_DURATION:g} s", duration
        )
    spikes = data.get("spikes")
    if spikes is not None:
        if not isinstance(spikes, list | tuple):
            raise SpecError("spikes", "must be a list of times in seconds", spikes)
        spikes = tuple(_number("spikes", s) for s in spikes)
        if any(not 0 <= s <= duration for s in spikes):
            raise SpecError(
                "spikes", f"must lie between 0 and the duration ({duration:g} s)", list(spikes)
            )
        if any(b <= a for a, b in itertools.pairwise(spikes)):
            raise SpecError("spikes", "must increase", list(spikes))
    raw_set = data.get("set") or {}
    if not isinstance(raw_set, Mapping):
        raise SpecError("set", "must map parameter names to values, as {name: value}", raw_set)
    values = parse_values(transmitter, scenario, raw_set, field_prefix="set.")
    cue = data.get("try", "")
    if not isinstance(cue, str) or len(cue.strip()) > MAX_CUE or "\n" in cue.strip():
        raise SpecError("try", f"must be one line of at most {MAX_CUE} characters", cue)
    raw_presets = data.get("presets") or {}
    if not isinstance(raw_presets, Mapping):
        raise SpecError("presets", "must map button labels to {name: value} settings", raw_presets)
    presets_: list[tuple[str, Mapping[str, float]]] = []
    for label, setting in raw_presets.items():
        where = f"presets.{label}"
        if not isinstance(label, str) or not label.strip():
            raise SpecError("presets", "must label each button", label)
        if not isinstance(setting, Mapping) or not setting:
            raise SpecError(where, "must set controls as {name: value}", setting)
        for name in setting:
            if name not in controls:
                raise SpecError(where, "must set controls of the figure", name, controls)
        presets_.append((label.strip(), parse_values(transmitter, scenario, setting, where + ".")))
    puzzle = None
    raw_puzzle = data.get("puzzle")
    if raw_puzzle is not None:
        if not isinstance(raw_puzzle, Mapping) or set(raw_puzzle) - {"target", "tolerance"}:
            raise SpecError("puzzle", "must be {target: ratio, tolerance: fraction}", raw_puzzle)
        target = _number("puzzle.target", raw_puzzle.get("target"))
        tolerance = _number("puzzle.tolerance", raw_puzzle.get("tolerance", 0.15))
        if not target > 0 or not 0 < tolerance < 1:
            raise SpecError(
                "puzzle", "needs a target above 0 and a tolerance between 0 and 1", raw_puzzle
            )
        if compare is None or not controls:
            raise SpecError(
                "puzzle", "needs 'compare' (the reference level) and controls", raw_puzzle
            )
        puzzle = (target, tolerance)
    return FigureSpec(
        transmitter=transmitter,
        caption=caption.strip(),
        scenario=scenario,
        compare=compare,
        controls=controls,
        show=show,
        view=view,
        duration=duration,
        spikes=spikes,
        values=values,
        cue=cue.strip(),
        presets=tuple(presets_),
        puzzle=puzzle,
    )


def parse_values(
    transmitter: str, scenario: str, raw: Mapping[str, Any], field_prefix: str = ""
) -> dict[str, float]:
    """Validate parameter values by public name: known names, numbers, within bounds.

    Raises:
        SpecError: the name is unknown, or the value is not a number within the bounds.
    """
    params = parameters(transmitter, scenario)
    values: dict[str, float] = {}
    for name, value in raw.items():
        where = f"{field_prefix}{name}"
        if name not in params:
            raise SpecError(where, f"is not a parameter of {transmitter}", name, tuple(params))
        number = _number(where, value)
        p = params[name]
        if not p.minimum <= number <= p.maximum:
            raise SpecError(
                where, f"must be between {p.minimum:g} and {p.maximum:g} {p.unit}".rstrip(), number
            )
        values[name] = number
    return values


@dataclass(frozen=True)
class Rendered:
    """A drawn figure: SVG, summary of what is drawn, text for screen readers, data as CSV, and
    the legend (HTML, shown above the drawing)."""

    svg: str
    summary: Mapping[str, float | None]
    text: str
    csv: str = ""
    legend: str = ""
    puzzle: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data (what the browser worker sends back)."""
        data = {
            "svg": self.svg,
            "summary": dict(self.summary),
            "text": self.text,
            "csv": self.csv,
            "legend": self.legend,
        }
        if self.puzzle is not None:
            data["puzzle"] = dict(self.puzzle)
        return data


def _run(spec: FigureSpec, scenario: str, values: Mapping[str, float]) -> Any:
    model: Any = simulate  # `**values` are parameters: mypy would match them to `initial` too
    return model(
        spec.transmitter,
        scenario=scenario,
        duration=spec.duration,
        spikes=spec.spikes,
        dt_out=spec.duration / FIGURE_POINTS,
        **values,
    )


#: runs that do not follow the sliders (a compared scenario, a schematic's reference), by
#: everything they depend on: computed once per figure, not on every redraw
_FIXED: dict[tuple[Any, ...], Any] = {}
_FIXED_MAX = 32


def fixed_run(spec: FigureSpec, scenario: str) -> Any:
    """Return the run of `scenario` with the figure's settings (`set:`), ignoring the sliders."""
    key = (
        spec.transmitter,
        scenario,
        spec.duration,
        spec.spikes,
        tuple(sorted(spec.values.items())),
    )
    cached = _FIXED.get(key)
    if cached is None:
        cached = _run(spec, scenario, spec.values)
        if len(_FIXED) >= _FIXED_MAX:
            _FIXED.pop(next(iter(_FIXED)))  # the oldest: bounded, no growth across redraws
        _FIXED[key] = cached
    return cached


def swept(spec: FigureSpec) -> str:
    """Return the parameter a `sweep` view puts on its x axis: the first control."""
    return spec.controls[0] if spec.controls else DEFAULT_SWEEP


def time_mean(t: Sequence[float], values: Sequence[float]) -> float:
    """Return the time average of a sampled series (trapezoids, like `Result.summary`)."""
    total = 0.0
    for i in range(1, len(t)):
        total += 0.5 * (values[i] + values[i - 1]) * (t[i] - t[i - 1])
    return total / (t[-1] - t[0])


@dataclass(frozen=True)
class Curve:
    """A dose–response curve: `x` (the swept parameter) and, by state name, the time averages."""

    name: str
    x: tuple[float, ...]
    y: Mapping[str, tuple[float, ...]]


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
    for x in xs:
        result = _run(spec, scenario, {**dict(others), name: x})
        for s in spec.show:
            ys[s].append(time_mean(result.t, result[s]))
    curve = Curve(name, xs, {s: tuple(v) for s, v in ys.items()})
    if len(_CURVES) >= _CURVES_MAX:
        _CURVES.pop(next(iter(_CURVES)))  # the oldest: a bounded cache, no growth across redraws
    _CURVES[key] = curve
    return curve


#: runs where the reader started an experiment (the faint "before" trace), by their values
_BEFORE: dict[tuple[Any, ...], Any] = {}


def before_run(spec: FigureSpec, values: Mapping[str, float]) -> Any:
    """Return the run at `values` (where the reader started): one per experiment, cached."""
    current = {**spec.values, **values}
    key = (
        spec.transmitter,
        spec.scenario,
        spec.duration,
        spec.spikes,
        tuple(sorted(current.items())),
    )
    cached = _BEFORE.get(key)
    if cached is None:
        cached = _run(spec, spec.scenario, current)
        if len(_BEFORE) >= _FIXED_MAX:
            _BEFORE.pop(next(iter(_BEFORE)))
        _BEFORE[key] = cached
    return cached


def changes(spec: FigureSpec, values: Mapping[str, float]) -> list[str]:
    """Return, in plain words, each control the reader moved off its default: "reuptake block
    95 % (from 80 %)"."""
    said = []
    for name in spec.controls:
        control = slider(spec.transmitter, spec.scenario, name, spec.values.get(name))
        now = values.get(name, control.value)
        if now != control.value:
            said.append(
                f"{lower(control.label)} {control.show(now)} (from {control.show(control.value)})"
            )
    return said


def render(
    spec: FigureSpec,
    values: Mapping[str, float] | None = None,
    before: Mapping[str, float] | None = None,
    limits: Mapping[str, float] | None = None,
) -> Rendered:
    """Run the model for `spec` with slider `values` (validated) and draw its view.

    Args:
        spec: the figure.
        values: parameter values by public name (the sliders); they override `spec.values`.
        before: the sliders' values where the reader started an experiment: drawn as a faint
            trace (`data-role="before"`) until reset; None draws none.
        limits: the top of each panel's y axis by series (the frame stays put while the reader
            drags); None fits the axes to the curves.
    """
    current = {**spec.values, **(values or {})}
    result = _run(spec, spec.scenario, current)
    # The compared scenario is the fixed reference the reader measures against: the sliders
    # change the figure's own scenario only (a drug slider must not medicate "healthy").
    baseline = fixed_run(spec, spec.compare) if spec.compare else None
    started = None
    if before is not None and {**spec.values, **before} != current:
        started = before_run(spec, before)
    moved = changes(spec, current)
    names = scenarios(spec.transmitter)
    legend = svg_legend(
        names[spec.scenario].label + (", " + ", ".join(moved) if moved else ""),
        names[spec.compare].label if spec.compare else None,
        spikes=spec.view != "sweep",
        before=started is not None,
    )
    if spec.view == "schematic":
        reference = fixed_run(spec, spec.scenario)
        svg = schematic(spec, result, reference, baseline, before=started, limits=limits)
    elif spec.view == "sweep":
        name = swept(spec)
        x = current.get(name, parameters(spec.transmitter, spec.scenario)[name].value)
        curve = sweep_curve(spec, spec.scenario, current)
        base = sweep_curve(spec, spec.compare, spec.values) if spec.compare else None
        x_before = None
        if started is not None and before is not None:
            x_before = {**spec.values, **before}.get(name)
        svg = sweep(spec, result, curve, base, x, before=x_before, limits=limits)
        text = describe(spec, result, baseline, moved) + " " + describe_curve(spec, curve, x)
        return Rendered(
            svg=svg, summary=dict(result.summary), text=text, csv=curve_csv(curve), legend=legend
        )
    else:
        svg = timecourse(spec, result, baseline, before=started, limits=limits)
    return Rendered(
        svg=svg,
        summary=dict(result.summary),
        text=describe(spec, result, baseline, moved),
        csv=series_csv(spec, result, baseline),
        legend=legend,
        puzzle=verdict(spec, current, result, baseline) if spec.puzzle else None,
    )


def series_csv(spec: FigureSpec, result: Any, baseline: Any = None) -> str:
    """Return the drawn run as CSV: `t` (s), then each state shown (and the compared run's).

    The runs' output grids add points around their spikes, so a compared run may have its own
    grid: then it gets its own time column, and the shorter run's rows end early (empty cells).
    """
    names = tuple(STATES) if spec.view == "schematic" else spec.show
    head = ["t (s)"]
    columns: list[Sequence[float]] = [result.t]
    for run, scenario in ((result, spec.scenario), (baseline, spec.compare)):
        if run is None:
            continue
        if run is not result and tuple(run.t) != tuple(result.t):
            head.append(f"t [{scenario}] (s)")
            columns.append(run.t)
        for name in names:
            unit = STATES[name].unit
            head.append(f"{name} [{scenario}]" + (f" ({unit})" if unit else ""))
            columns.append(run[name])
    lines = [",".join(head)]
    for i in range(max(len(col) for col in columns)):
        lines.append(",".join(f"{col[i]:.6g}" if i < len(col) else "" for col in columns))
    return "\n".join(lines) + "\n"


def curve_csv(curve: Curve) -> str:
    """Return a sweep's curve as CSV: the swept parameter, then the mean of each state."""
    head = [curve.name] + [f"mean {name}" for name in curve.y]
    lines = [",".join(head)]
    for i, x in enumerate(curve.x):
        lines.append(",".join([f"{x:.6g}", *(f"{ys[i]:.6g}" for ys in curve.y.values())]))
    return "\n".join(lines) + "\n"


def describe_curve(spec: FigureSpec, curve: Curve, current: float) -> str:
    """Return a sentence on a sweep's curve: from its first to its last point, and the marker,
    in the control's scale (a fraction in %)."""
    control = slider(spec.transmitter, spec.scenario, curve.name, current)
    name = spec.show[0]
    info = STATES[name]
    ys = curve.y[name]
    return (
        f"Across {lower(control.label)} from {control.show(curve.x[0])} to "
        f"{control.show(curve.x[-1])}, the mean {info.label.lower()} goes from "
        f"{_fmt(ys[0], info.unit)} to {_fmt(ys[-1], info.unit)}; the marker is at "
        f"{control.show(current)}."
    )


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "undefined"
    # about three significant figures, and no exponent for a reader to stumble on ("1.21e+03")
    text = f"{value:.0f}" if 1000 <= abs(value) < 1e7 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def describe(spec: FigureSpec, result: Any, baseline: Any = None, moved: Sequence[str] = ()) -> str:
    """Return a one-paragraph text summary of the figure (for the `role="status"` element).

    It names the scenario and, in plain words, every control the reader moved (`moved`, from
    `changes`), so the text says what is drawn: "Simulated serotonin, SSRI, reuptake block 95 %
    (from 80 %), over 5 s: …".
    """
    summary = result.summary
    label = scenarios(spec.transmitter)[spec.scenario].label
    if moved:
        label += ", " + ", ".join(moved)
    occupancy = summary["mean_occupancy"]
    parts = [
        f"Simulated {spec.transmitter}, {label}, over {spec.duration:g} s:",
        f"mean in the cleft {_fmt(summary['mean_cleft'], 'µM')},",
        f"peak {_fmt(summary['peak_cleft'], 'µM')},",
        "mean receptor occupancy "
        + ("undefined" if occupancy is None else format_value(100 * occupancy, "%")),
    ]
    text = " ".join(parts) + "."
    if baseline is not None:
        other = scenarios(spec.transmitter)[spec.compare or "healthy"].label.lower()
        ratios = []
        for key, what in (
            ("mean_cleft", f"{spec.transmitter.capitalize()} in the cleft"),
            ("mean_occupancy", "receptor occupancy"),
        ):
            now, then = summary[key], baseline.summary[key]
            if now is not None and then:
                ratios.append(f"{what}: {_ratio(now / then)}× {other}")
        if ratios:
            text += " " + "; ".join(ratios) + " (time averages)."
    return text


def _ratio(value: float) -> str:
    return f"{value:.2g}" if value < 10 else f"{value:.0f}"


# -- sliders ------------------------------------------------------------------------------------

#: a range is drawn on a log track when its top is more than this many times the default (or the
#: lower bound, when that is above 0): over two decades, a linear track squeezes the default
#: into the first percent of its length
LOG_RATIO = 100.0

#: the values of a log track, per decade (a 1-2-5 series refined: every step is 12–33 % apart)
LOG_MANTISSAS = ("1", "1.2", "1.5", "2", "2.5", "3", "4", "5", "6", "8")

#: decades a log track reaches below the default
LOG_DECADES_BELOW = 2


@dataclass(frozen=True)
class Slider:
    """One control of a figure: its track, the exact value the model runs on, how it is shown.

    A `linear` track moves in `step`s from `minimum` (its positions are the parameter's values); a
    `log` track has positions 0, 1, … whose parameter values are `values` (0 first when the range
    starts at 0). Either way `value` is the exact parameter value and `position` the track
    position that represents it exactly (the default is always one of the positions).
    `factor` and `unit` say how the value is shown: a fraction (or a multiple of normal) as %.
    """

    name: str
    label: str
    unit: str
    factor: float
    scale: str
    minimum: float
    maximum: float
    step: float
    values: tuple[float, ...]
    value: float
    position: float

    def show(self, value: float) -> str:
        """Return `value` as the control shows it: in the caption's scale, with its unit."""
        return format_value(value * self.factor, self.unit)


def lower(label: str) -> str:
    """Return a label for the middle of a sentence: "Reuptake Vmax" → "reuptake Vmax"."""
    first, _, rest = label.partition(" ")
    if first[1:] != first[1:].lower():  # an abbreviation: "MAO breakdown"
        return label
    return f"{first.lower()} {rest}".strip()


def format_value(value: float, unit: str = "") -> str:
    """Return a number to three significant figures, without an exponent, with its unit.

    The page's script formats the same way (`Number(x.toPrecision(3))`), so a value shows the same
    before and after the figure goes live.
    """
    rounded = float(f"{value:.3g}")
    if rounded == 0:
        text = "0"
    elif rounded.is_integer():
        text = str(int(rounded))
    else:
        text = f"{rounded:.6f}".rstrip("0").rstrip(".") if abs(rounded) < 1e-4 else repr(rounded)
    return f"{text} {unit}".strip() if unit else text


def _aligned(value: float, base: float, step: float) -> bool:
    count = (value - base) / step
    return abs(count - round(count)) < 1e-9 * max(1.0, abs(count))


def decade_step(minimum: float, maximum: float) -> float:
    """Return a round slider step (a power of ten) giving at least 100 positions on the track."""
    span = maximum - minimum
    step = 10.0 ** len(str(int(span)))  # start above the span, come down by decades
    while span / step < 100:
        step /= 10
    return float(f"{step:.1g}")


def linear_step(minimum: float, maximum: float, value: float) -> float:
    """Return the step of a linear track: `decade_step`, refined by decades until the track
    lands on `value` exactly (at most 100 000 positions)."""
    step = decade_step(minimum, maximum)
    while not _aligned(value, minimum, step) and (maximum - minimum) / step < 1e5:
        step = float(f"{step / 10:.1g}")
    return step


def _log_values(minimum: float, maximum: float, value: float) -> tuple[float, ...]:
    reference = minimum if minimum > 0 else (value if value > 0 else maximum / 1e4)
    low = max(10.0 ** (math.floor(math.log10(reference)) - LOG_DECADES_BELOW), minimum)
    found = {maximum, value}
    if minimum > 0:
        found.add(minimum)
    else:
        found.add(0.0)
    for decade in range(math.floor(math.log10(low)), math.ceil(math.log10(maximum)) + 1):
        for mantissa in LOG_MANTISSAS:
            number = float(f"{mantissa}e{decade}")
            if low <= number <= maximum:
                found.add(number)
    return tuple(sorted(found))


def slider(transmitter: str, scenario: str, name: str, value: float | None = None) -> Slider:
    """Return the control for parameter `name`, set to `value` (default: the scenario's)."""
    p = parameters(transmitter, scenario)[name]
    current = p.value if value is None else value
    percent = p.unit == "×" or (not p.unit and p.minimum == 0 and p.maximum == 1)
    factor, unit = (100.0, "%") if percent else (1.0, p.unit)
    reference = p.minimum if p.minimum > 0 else current
    wide = p.maximum / reference > LOG_RATIO if reference > 0 else p.maximum > 100
    if wide:
        values = _log_values(p.minimum, p.maximum, current)
        return Slider(
            name, p.label, unit, factor, "log", 0.0, float(len(values) - 1), 1.0, values,
            current, float(values.index(current)),
        )  # fmt: skip
    step = linear_step(p.minimum, p.maximum, current)
    return Slider(
        name, p.label, unit, factor, "linear", p.minimum, p.maximum, step, (), current, current
    )


# -- the puzzle: one imbalance, many causes ------------------------------------------------------

#: what moving a control means, in plain words (the direction that raises the cleft)
CAUSES = {
    "firing_rate": "the neuron fires faster",
    "release_probability": "each spike releases more vesicles",
    "release_amount": "each vesicle holds more transmitter",
    "reuptake_vmax": "there are fewer transporters to clear it",
    "reuptake_block": "a drug blocks the transporters",
    "reuptake_km": "the transporters hold on to it less tightly",
    "enzyme_rate": "enzymes in the cleft break it down more slowly",
    "diffusion_rate": "it diffuses away more slowly",
}

#: why moving a stage that does not set the cleft's level is not an answer
NOT_A_CAUSE = {
    "production": "Making more (or less) transmitter changes the stores slowly: over these "
    "seconds the cleft hardly moves.",
    "storage": "Packing changes the stores slowly: over these seconds the cleft hardly moves.",
    "reception": "Receptors change what the transmitter does, not how much of it is in the cleft.",
}


def verdict(
    spec: FigureSpec, values: Mapping[str, float], result: Any, baseline: Any
) -> dict[str, Any]:
    """Check the reader's answer to a puzzle figure: is the cleft at the target level (as a
    ratio of time averages to the compared scenario), from one cause alone?

    Returns `{ratio, target, tolerance, accepted, cause, name, stage, message}`: `accepted` is
    true when exactly one control moved off its default and the mean cleft is within the
    tolerance of the target; `message` says why, in plain words.
    """
    assert spec.puzzle is not None
    target, tolerance = spec.puzzle
    params = parameters(spec.transmitter, spec.scenario)
    moved = [
        name
        for name in spec.controls
        if values.get(name, params[name].value) != spec.values.get(name, params[name].value)
    ]
    then = baseline.summary["mean_cleft"] if baseline is not None else None
    now = result.summary["mean_cleft"]
    ratio = now / then if now is not None and then else None
    shown = "undefined" if ratio is None else _ratio(ratio)
    what = spec.transmitter
    out: dict[str, Any] = {
        "ratio": ratio,
        "target": target,
        "tolerance": tolerance,
        "accepted": False,
        "cause": None,
        "name": moved[0] if len(moved) == 1 else None,
        "stage": params[moved[0]].stage if len(moved) == 1 else None,
    }
    level = f"{what} in the cleft is {shown}× the healthy level"
    near = ratio is not None and abs(ratio - target) <= tolerance * target
    if not moved:
        out["message"] = (
            f"{level.capitalize()}. Change one stage of the cycle to reach {_ratio(target)}×."
        )
    elif len(moved) > 1:
        out["message"] = (
            f"{level.capitalize()}, but you changed {len(moved)} things at once. "
            "Reset and change one at a "
            "time, so that each is a cause on its own."
        )
    elif not near:
        stage = params[moved[0]].stage
        hint = NOT_A_CAUSE.get(stage, "")
        if not hint:
            hint = (
                "Go further." if ratio is not None and ratio < target else "Too far: go back a bit."
            )
        out["message"] = f"{level.capitalize()}, not {_ratio(target)}×. {hint}"
    else:
        cause = CAUSES.get(moved[0], f"{params[moved[0]].label.lower()} changed")
        out.update(accepted=True, cause=cause)
        out["message"] = (
            f"Yes: {level}, from one cause, at the {params[moved[0]].stage} stage: {cause}."
        )
    return out
