"""The sliders of a figure: each parameter's track, step and shown value, from the model's bounds.

A slider represents its default exactly and moves in steps that make sense for its range (a
log track over two decades); what its label shows is what the model runs on. Used by the spec
(`figure`), the drawings (`svg`) and the page (`synapse_docs.fence`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from transmitter_cycle import Parameter, parameters

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


#: transmitters whose name is an abbreviation, written as readers write it
_NAMES = {"gaba": "GABA"}


def transmitter_name(transmitter: str, start: bool = False) -> str:
    """Return a transmitter's name for a reader ("GABA", not "gaba"); `start`: capitalised."""
    name = _NAMES.get(transmitter, transmitter)
    return name[0].upper() + name[1:] if start else name


def lower(label: str) -> str:
    """Return a label for the middle of a sentence: "Reuptake Vmax" → "reuptake Vmax"."""
    first, _, rest = label.partition(" ")
    if first[1:] != first[1:].lower() or "'" in first:  # "MAO breakdown", "Parkinson's disease"
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


@lru_cache(maxsize=256)
def slider(transmitter: str, scenario: str, name: str, value: float | None = None) -> Slider:
    """Return the control for parameter `name`, set to `value` (default: the scenario's).

    Cached (a `Slider` is frozen): a redraw asks for each control's slider again.
    """
    return track(parameters(transmitter, scenario)[name], value)


def track(p: Parameter, value: float | None = None) -> Slider:
    """Return the slider of parameter `p` set to `value` (default: its own): `slider`'s work,
    for a caller that holds the parameter (a claim's step is a share of this track)."""
    name = p.name
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
