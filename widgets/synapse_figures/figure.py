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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from transmitter_cycle import STATES, parameters, scenarios

from . import claims
from .controls import format_value, lower, slider, transmitter_name
from .runs import (
    EXACT_MEANS,
    Curve,
    before_run,
    cached_run,
    cached_summary,
    fixed_run,
    moved_run,
    single_release,
    sweep_curve,
    swept,
)
from .schematic import schematic
from .spec import (
    FigureSpec,
)
from .svg import PerRun, sweep, timecourse
from .svg import legend as svg_legend


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
    claims: tuple[Mapping[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data (what the browser worker sends back)."""
        data: dict[str, Any] = {
            "svg": self.svg,
            "summary": dict(self.summary),
            "text": self.text,
            "csv": self.csv,
            "legend": self.legend,
        }
        if self.puzzle is not None:
            data["puzzle"] = dict(self.puzzle)
        if self.claims:
            data["claims"] = [dict(claim) for claim in self.claims]
        return data


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
    claims: bool = True,
    csv: bool = True,
) -> Rendered:
    """Run the model for `spec` with slider `values` (validated) and draw its view.

    Args:
        spec: the figure.
        values: parameter values by public name (the sliders); they override `spec.values`.
        before: the sliders' values where the reader started an experiment: drawn as a faint
            trace (`data-role="before"`) until reset; None draws none.
        limits: the top of each panel's y axis by series (the frame stays put while the reader
            drags); None fits the axes to the curves.
        claims: whether to check the figure's claims (False: `Rendered.claims` is empty and no
            claim's run is made; `verdicts` gives them later, at the same cost as here).
        csv: whether to write the data as CSV (False: `Rendered.csv` is ""; a drag need not
            format every sample for a download the reader has not asked for).
    """
    current = {**spec.values, **(values or {})}
    result = _figure_run(spec, current)
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
            svg=svg,
            summary=dict(result.summary),
            text=text,
            csv=curve_csv(curve) if csv else "",
            legend=legend,
            claims=claim_verdicts(spec, current, result, baseline) if claims else (),
        )
    else:
        svg = timecourse(spec, result, baseline, before=started, limits=limits)
    return Rendered(
        svg=svg,
        summary=dict(result.summary),
        text=describe(spec, result, baseline, moved),
        csv=series_csv(spec, result, baseline) if csv else "",
        legend=legend,
        puzzle=verdict(spec, current, result, baseline) if spec.puzzle else None,
        claims=claim_verdicts(spec, current, result, baseline) if claims else (),
    )


def verdicts(spec: FigureSpec, values: Mapping[str, float] | None = None) -> tuple[Any, ...]:
    """Return the claims' verdicts at slider `values`, exactly as `render` gives them, without
    drawing: the figure's run (and the compared one) come from the run cache when the figure was
    just drawn at these settings, so this costs the direction claims' runs alone."""
    if not spec.claims:
        return ()
    current = {**spec.values, **(values or {})}
    baseline = fixed_run(spec, spec.compare) if spec.compare else None
    return claim_verdicts(spec, current, _figure_run(spec, current), baseline)


def _figure_run(spec: FigureSpec, current: Mapping[str, float]) -> Any:
    """The figure's own run at `current`, from the run cache: the claims, asked for after the
    drawing (`verdicts`), read the same run. A sweep of exact means needs their summary alone."""
    if spec.view == "sweep" and all(s in EXACT_MEANS for s in spec.show):
        return cached_summary(spec, spec.scenario, current)
    return cached_run(spec, spec.scenario, current)


def claim_verdicts(
    spec: FigureSpec, values: Mapping[str, float], result: Any, baseline: Any
) -> tuple[Mapping[str, Any], ...]:
    """Return each claim of the figure evaluated at these settings (JSON-ready).

    A metric claim reads the run just drawn; a direction claim costs one more run, cached
    (`runs.moved_run`: its summary alone, no samples), so re-checking at the same settings
    costs nothing.
    """
    if not spec.claims:
        return ()
    names = scenarios(spec.transmitter)
    label = lower(names[spec.compare].label) if spec.compare else "the compared scenario"
    verdicts = claims.check(
        spec.claims,
        parameters=parameters(spec.transmitter, spec.scenario),
        values=values,
        summary=claim_summary(spec, spec.scenario, values, result.summary),
        runner=lambda moved: claim_summary(
            spec, spec.scenario, moved, moved_run(spec, moved).summary
        ),
        compare=(
            claim_summary(spec, spec.compare, {}, baseline.summary)
            if baseline is not None and spec.compare
            else None
        ),
        compare_label=label,
    )
    return tuple(v.to_dict(label) for v in verdicts)


def claim_summary(
    spec: FigureSpec,
    scenario: str,
    values: Mapping[str, float],
    summary: Mapping[str, float | None],
) -> Mapping[str, float | None]:
    """Return a run's summary as the claims read it: a run without a spike has no peak (the
    claim cannot be measured there), and its clearance half-time is that of one
    release on its own at these settings (`runs.single_release`), which overlapping spikes
    cannot distort and which a run without spikes still has. Costs that run only for a figure
    with a claim about the half-time."""
    rate = values.get("firing_rate", parameters(spec.transmitter, scenario)["firing_rate"].value)
    if spec.spikes is None and rate * spec.duration < 0.5:  # no spike in the run: no peak
        summary = {**summary, "peak_cleft": None}
    if not any(claim.metric == "clearance_half_time" for claim in spec.claims):
        return summary
    single = single_release(spec, scenario, values)
    return {
        **summary,
        "clearance_half_time": single["clearance_half_time"],
        "single_release_peak": single["peak_cleft"],
    }


def series_csv(spec: FigureSpec, result: Any, baseline: Any = None) -> str:
    """Return the drawn run as CSV: `t` (s), then each state shown (and the compared run's).

    The runs' output grids add points around their spikes, so a compared run may have its own
    grid: then it gets its own time column, and the shorter run's rows end early (empty cells).
    """
    names = tuple(STATES) if spec.view == "schematic" else spec.show
    labels = scenarios(spec.transmitter)  # a reader's names in the headers: "[SSRI]"
    head = ["t (s)"]
    columns: list[list[str]] = [_column(result, "t", result.t)]
    for run, scenario in ((result, spec.scenario), (baseline, spec.compare)):
        if run is None:
            continue
        shown = labels[scenario].label if scenario is not None and scenario in labels else ""
        if run is not result and tuple(run.t) != tuple(result.t):
            head.append(f"t [{shown}] (s)")
            columns.append(_column(run, "t", run.t))
        for name in names:
            unit = STATES[name].unit
            head.append(f"{name} [{shown}]" + (f" ({unit})" if unit else ""))
            columns.append(_column(run, name, run[name]))
    lines = [",".join(head)]
    lines.extend(map(",".join, zip_longest(*columns, fillvalue="")))
    return "\n".join(lines) + "\n"


#: formatted CSV columns of the runs a drag repeats (the compared run), by run and series
_COLUMNS = PerRun(64)


def _column(run: Any, name: str, values: Sequence[float]) -> list[str]:
    """Return `values` (series `name` of `run`) formatted for the CSV, cached per run."""
    column: list[str] = _COLUMNS.get(run, (name,), lambda: [f"{v:.6g}" for v in values])
    return column


def curve_csv(curve: Curve) -> str:
    """Return a sweep's curve as CSV: the swept parameter, then the mean of each state."""
    head = [curve.label or curve.name] + [f"mean {name}" for name in curve.y]
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
    # about three significant figures, and no exponent for a reader to stumble on ("1.21e+03",
    # "7.3e-117": below claims.ABOUT_ZERO it is "about 0")
    if abs(value) < claims.ABOUT_ZERO:
        return f"about 0 {unit}".strip()
    text = f"{value:.0f}" if 1000 <= abs(value) < 1e7 else claims.show_number(value)
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
        f"Simulated {transmitter_name(spec.transmitter)}, {label}, over {spec.duration:g} s:",
        f"mean in the cleft {_fmt(summary['mean_cleft'], 'µM')},",
        f"peak {_fmt(summary['peak_cleft'], 'µM')},",
        "mean receptor occupancy "
        + ("undefined" if occupancy is None else format_value(100 * occupancy, "%")),
    ]
    text = " ".join(parts) + "."
    if baseline is not None:
        other = lower(scenarios(spec.transmitter)[spec.compare or "healthy"].label)
        ratios = []
        for key, what in (
            ("mean_cleft", f"{transmitter_name(spec.transmitter, True)} in the cleft"),
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
