"""Figure specs: what a `synapse` fence asks for, validated once against the model.

A spec comes from a Markdown fence at build time and from the page (plus a permalink) in the
browser; both go through `parse_spec`, and values for the sliders through `parse_values`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from transmitter_cycle import (
    STATES,
    ParameterError,
    figure_seconds,
    parameters,
    presets,
    scenarios,
)

from .claims import Claim, ClaimError, parse_claims

#: the figure views (`view:` in a fence)
VIEWS = ("timecourse", "schematic", "sweep")

#: runs per curve of a `sweep` view (the bounds included): enough for a smooth dose–response
#: curve, few enough to compute a curve in well under a second in the browser
SWEEP_POINTS = 17

#: the parameter a `sweep` view sweeps when its fence names no control
DEFAULT_SWEEP = "reuptake_block"

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
    "claims",
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
    claims: tuple[Claim, ...] = ()

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
        if self.claims:
            data["claims"] = [
                {"claim": c.text, "says": c.says} if c.says else c.text for c in self.claims
            ]
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
    duration = _number("duration", data.get("duration", figure_seconds(transmitter)))
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
    try:
        claims = parse_claims(data.get("claims"), params, compare=compare)
    except ClaimError as error:
        valid = f"; valid: {', '.join(error.choices)}" if error.choices else ""
        raise SpecError("claims", f"{error.rule}{valid}", error.value) from None
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
        claims=claims,
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
