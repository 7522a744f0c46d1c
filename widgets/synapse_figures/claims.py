"""Claims: what a figure's caption says, as statements the build proves and the page re-checks.

A figure's ``claims:`` is a list of statements in a small grammar (the words are fixed; names
are the model's):

    <metric> <op> <number>                 mean_occupancy < 0.5
    <metric> <op> compare                  clearance_half_time > compare
    <metric> <op> <factor> × compare       mean_cleft > 1.5 × compare     (× or x or *)
    <metric> between <low> and <high>      peak_cleft between 800 and 1500
    raising|lowering <parameter> raises|lowers <metric>
                                           raising reuptake_block raises mean_cleft
    raising|lowering <parameter> slows|speeds clearance_half_time
                                           lowering glia_vmax slows clearance_half_time
    raising|lowering <parameter> from <a> to <b> raises|lowers|slows|speeds <metric>
                                           raising reuptake_block from 0 to 80 % raises mean_cleft

``<op>`` is one of ``> < >= <=`` (or ``≥ ≤``). Metrics are the run summary's, in its units
(:data:`METRICS`); numbers may carry that unit (``peak_cleft between 800 µM and 1500 µM``).
``compare`` is the figure's compared scenario, which a figure must name to use it. A direction
claim compares the metric of two runs over a step a reader can see: from ``<a>`` to ``<b>`` when
the claim says so (other settings as the figure has them), else from the figure's current value
over a quarter of the slider's track (:func:`span`; from the bound back when the slider is at it).
It holds when the metric moves the stated way by at least :data:`VISIBLE` (1 %). A claim may carry
a reader-facing sentence; otherwise :func:`sentence` writes one.

Everything a reader sees is in a reader's words: parameters by their labels, metrics by plain
names, occupancy and stores in %, two or three significant figures, "about 0" below
:data:`ABOUT_ZERO`. A measure that cannot be taken at some settings (no release at all) gives a
neutral verdict (``holds`` None, "can't be measured here: <reason>"), never a ✗ or a ✓.

This module knows no figure and no page: :func:`evaluate` takes the summaries (and for a
direction claim the moved run's summary) from its caller, so the build and the browser evaluate
claims the same way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from transmitter_cycle import Parameter, ParameterError

from .controls import lower, track

__all__ = [
    "METRICS",
    "Claim",
    "ClaimError",
    "Runner",
    "Verdict",
    "check",
    "evaluate",
    "moved",
    "parse_claim",
    "parse_claims",
    "sentence",
    "span",
]

#: metric → (unit, words for a reader); the keys of `Result.summary` a claim may name
METRICS: Mapping[str, tuple[str, str]] = {
    "mean_cleft": ("µM", "the mean level in the cleft"),
    "peak_cleft": ("µM", "the peak level in the cleft"),
    "mean_occupancy": ("", "the mean receptor occupancy"),
    "clearance_half_time": ("s", "the clearance half-time"),
    "vesicles_remaining": ("", "the share of the vesicle stores left at the end"),
}
#: each metric's short name, for the values shown beside a claim
NAMES: Mapping[str, str] = {
    "mean_cleft": "mean level in the cleft",
    "peak_cleft": "peak level in the cleft",
    "mean_occupancy": "mean receptor occupancy",
    "clearance_half_time": "clearance half-time",
    "vesicles_remaining": "stores left",
}
#: why a metric has no value, when the run says nothing more
WHY_UNDEFINED: Mapping[str, str] = {
    "clearance_half_time": "a single release does not fall by half within the run",
    "vesicles_remaining": "the stores are empty from the start",
    "mean_occupancy": "there are no receptors to occupy",
    "mean_cleft": "the run did not complete",
    "peak_cleft": "there is no spike at these settings",
}
_OPS = {">": ">", "<": "<", ">=": ">=", "<=": "<=", "≥": ">=", "≤": "<="}
#: a direction claim holds only when its metric moves by at least this share (1 %): a change a
#: reader can see on the plot, far above numerical noise (~1e-7)
VISIBLE = 0.01
#: kept for callers of the old name: the smallest relative change that counts
MARGIN = VISIBLE
#: how far a direction claim without ``from … to …`` moves its parameter: this share of the
#: slider's track (its positions: a log track moves by decades, a linear one by value)
STEP_TRACK = 0.25
#: values below this (in the shown unit: µM, ms, %) are shown as "about 0"
ABOUT_ZERO = 1e-4
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
#: the verdict words, by ``holds``
VERDICTS = {True: "holds", False: "does not hold", None: "can't be measured here"}


class ClaimError(ParameterError):
    """A claim is malformed or names an unknown word: says which, and lists the valid ones."""

    def __init__(self, claim: str, rule: str, choices: tuple[str, ...] = ()) -> None:
        self.choices = choices
        message = f"claim {claim!r}: {rule}"
        if choices:
            message += "; valid: " + ", ".join(choices)
        ValueError.__init__(self, message)
        self.field, self.rule, self.value = "claims", rule, claim


@dataclass(frozen=True)
class Claim:
    """One parsed claim.

    Attributes:
        text: the claim as written (the DOM's ``data-claim``).
        metric: the summary key it is about.
        op: ``>``, ``<``, ``>=``, ``<=``, ``between``, or ``up``/``down`` for a direction claim.
        low, high: the number(s) compared with (``high`` only for ``between``).
        factor: for ``… × compare``: the factor (1 for plain ``compare``); None otherwise.
        parameter: for a direction claim: the parameter moved; ``raising``: which way.
        start, end: for ``… from <a> to <b> …``: the parameter's two values (in its own unit, a
            fraction for a fraction); None: a quarter of the slider's track from where it is.
        says: the reader-facing sentence, if the fence gave one.
    """

    text: str
    metric: str
    op: str
    low: float = math.nan
    high: float = math.nan
    factor: float | None = None
    parameter: str = ""
    raising: bool = True
    says: str = ""
    start: float | None = None
    end: float | None = None

    @property
    def uses_compare(self) -> bool:
        """Whether the claim needs the compared scenario."""
        return self.factor is not None

    @property
    def direction(self) -> bool:
        """Whether the claim is about the direction of a parameter's effect."""
        return self.op in ("up", "down")


@dataclass(frozen=True)
class Verdict:
    """A claim evaluated on one run: whether it holds, and the values behind it.

    ``holds`` is None when the claim cannot be measured at these settings (its metric has no
    value there: no release at all, say); ``detail`` then says why, in a reader's words.
    """

    claim: Claim
    holds: bool | None
    value: float | None
    other: float | None
    detail: str
    label: str = ""
    #: a direction claim's stated step in words ("from 0 % to 80 %"), for its sentence
    step: str = ""

    @property
    def verdict(self) -> str:
        """The verdict in words: "holds", "does not hold" or "can't be measured here"."""
        return VERDICTS[self.holds]

    def to_dict(self, compare_label: str = "the compared scenario") -> dict[str, object]:
        """Return JSON-ready data (what the worker sends to the page)."""
        return {
            "claim": self.claim.text,
            "holds": self.holds,
            "value": self.value,
            "other": self.other,
            "detail": self.detail,
            "verdict": self.verdict,
            "sentence": sentence(self.claim, compare_label, self.label, self.step),
        }


def _metric(text: str, word: str) -> str:
    if word not in METRICS:
        raise ClaimError(text, f"unknown metric {word!r}", tuple(METRICS))
    return word


def _number(text: str, word: str, unit: str) -> float:
    match = re.fullmatch(rf"({_NUMBER})\s*(\S*)", word.strip())
    if match is None:
        raise ClaimError(text, f"expected a number, got {word.strip()!r}")
    given = match.group(2)
    if given and given != unit:
        shown = unit or "a plain number (a fraction 0–1)"
        raise ClaimError(text, f"{given!r} is not this metric's unit: it is in {shown}")
    value = float(match.group(1))
    if not math.isfinite(value):
        raise ClaimError(text, f"the number must be finite, got {word.strip()!r}")
    return value


def _percent(parameter: Parameter) -> bool:
    """Whether the parameter is shown in % (a fraction 0–1, or a multiple of normal)."""
    return parameter.unit == "×" or (
        not parameter.unit and parameter.minimum == 0 and parameter.maximum == 1
    )


def _setting(text: str, word: str, parameter: Parameter) -> float:
    """A value of ``parameter`` in a claim: in its unit, or in % where the slider shows %."""
    match = re.fullmatch(rf"({_NUMBER})\s*(\S*)", word.strip())
    if match is None:
        raise ClaimError(text, f"expected a value of {parameter.name}, got {word.strip()!r}")
    value, given = float(match.group(1)), match.group(2)
    if given == "%" and _percent(parameter):
        value /= 100.0
    elif given and given != parameter.unit:
        shown = parameter.unit or "a plain number (a fraction 0–1) or %"
        raise ClaimError(text, f"{given!r} is not the unit of {parameter.name}: it is {shown}")
    if not (math.isfinite(value) and parameter.minimum <= value <= parameter.maximum):
        raise ClaimError(
            text,
            f"{parameter.name} {word.strip()} is outside its bounds "
            f"{parameter.minimum:g} to {parameter.maximum:g}",
        )
    return value


_DIRECTION = re.compile(
    r"(raising|lowering)\s+(\S+)\s+(?:from\s+(.+?)\s+to\s+(.+?)\s+)?"
    r"(raises|lowers|slows|speeds)\s+(\S+)"
)


def parse_claim(
    text: object,
    parameters: Mapping[str, Parameter],
    *,
    compare: str | None = None,
    says: object = "",
) -> Claim:
    """Parse one claim for a figure with these ``parameters`` (and compared scenario).

    Raises:
        ClaimError: a malformed claim, an unknown metric or parameter, ``compare`` without a
            compared scenario, a direction that cannot apply to the metric, or a bad sentence.
    """
    if not isinstance(text, str) or not text.strip():
        raise ClaimError(str(text), "must be a statement such as 'mean_cleft > compare'")
    if not isinstance(says, str):
        raise ClaimError(text, "the reader's sentence ('says') must be text")
    words = text.strip()
    direction = _DIRECTION.fullmatch(words)
    if direction is not None:
        way, name, a, b, verb, metric = direction.groups()
        if name not in parameters:
            raise ClaimError(text, f"unknown parameter {name!r}", tuple(parameters))
        _metric(text, metric)
        if verb in ("slows", "speeds") and metric != "clearance_half_time":
            raise ClaimError(
                text, f"'{verb}' is for clearance_half_time; for {metric} say raises or lowers"
            )
        start = end = None
        if a is not None:
            start, end = _setting(text, a, parameters[name]), _setting(text, b, parameters[name])
            if (end > start) != (way == "raising") or end == start:
                raise ClaimError(
                    text,
                    f"'{way} … from {a} to {b}': the second value must be "
                    + ("higher" if way == "raising" else "lower"),
                )
        up = verb in ("raises", "slows")
        return Claim(
            text,
            metric,
            "up" if up else "down",
            parameter=name,
            raising=way == "raising",
            says=says.strip(),
            start=start,
            end=end,
        )
    if words.startswith(("raising ", "lowering ")):
        raise ClaimError(
            text,
            "a direction claim reads 'raising|lowering <parameter> [from <a> to <b>] "
            "raises|lowers|slows|speeds <metric>'",
        )
    head, _, rest = words.partition(" ")
    metric = _metric(text, head)
    unit = METRICS[metric][0]
    rest = rest.strip()
    between = re.fullmatch(r"between\s+(.+?)\s+and\s+(.+)", rest)
    if between is not None:
        low = _number(text, between.group(1), unit)
        high = _number(text, between.group(2), unit)
        if not low < high:
            raise ClaimError(text, f"'between {low:g} and {high:g}' needs the smaller number first")
        return Claim(text, metric, "between", low=low, high=high, says=says.strip())
    op_word, _, operand = rest.partition(" ")
    if op_word not in _OPS:
        raise ClaimError(text, f"expected a comparison after {metric}", (*_OPS, "between"))
    op = _OPS[op_word]
    operand = operand.strip()
    if not operand:
        raise ClaimError(text, f"nothing to compare {metric} with after {op_word!r}")
    factor: float | None = None
    if operand == "compare":
        factor = 1.0
    elif "compar" in operand:  # "compare", misspelt or not
        scaled = re.fullmatch(rf"({_NUMBER})\s*(?:×|x|\*)\s*compare", operand)
        if scaled is None:
            raise ClaimError(text, f"expected '<factor> × compare', got {operand!r}")
        factor = float(scaled.group(1))
        if not (math.isfinite(factor) and factor > 0.0):
            raise ClaimError(text, "the factor before '× compare' must be a positive number")
    if factor is not None:
        if compare is None:
            raise ClaimError(text, "uses 'compare', but the figure has no 'compare:' scenario")
        return Claim(text, metric, op, factor=factor, says=says.strip())
    return Claim(text, metric, op, low=_number(text, operand, unit), says=says.strip())


def span(claim: Claim, parameter: Parameter, current: float) -> tuple[float, float]:
    """Return the two values of ``parameter`` a direction claim compares: (from, to).

    The claim's own ``from … to …`` when it gives them. Otherwise a quarter of the slider's
    track (:data:`STEP_TRACK` of its positions: a log track moves through its values, a linear
    one by value) from ``current`` in the claim's direction, stopping at the bound; when the
    slider is at that bound, the same step back from it (the claim is still checked there).
    """
    if claim.start is not None and claim.end is not None:
        return claim.start, claim.end
    slider = track(parameter)
    values = slider.values
    if values:  # a log track: positions are indices into its values
        n = len(values) - 1
        index = min(range(len(values)), key=lambda i: abs(values[i] - current))
        steps = max(1, round(STEP_TRACK * n))
        if claim.raising:
            a = index if index < n else n - steps
            return values[a] if a != index else current, values[min(n, a + steps)]
        a = index if index > 0 else steps
        return values[a] if a != index else current, values[max(0, a - steps)]
    step = STEP_TRACK * (parameter.maximum - parameter.minimum)
    if claim.raising:
        if current < parameter.maximum:
            return current, min(parameter.maximum, current + step)
        return parameter.maximum - step, parameter.maximum
    if current > parameter.minimum:
        return current, max(parameter.minimum, current - step)
    return parameter.minimum + step, parameter.minimum


def moved(claim: Claim, parameter: Parameter, current: float) -> float:
    """Return the value a direction claim moves ``parameter`` to (the second of :func:`span`)."""
    return span(claim, parameter, current)[1]


def _holds(op: str, value: float, low: float, high: float = math.nan) -> bool:
    if op == ">":
        return value > low
    if op == "<":
        return value < low
    if op == ">=":
        return value >= low
    if op == "<=":
        return value <= low
    return low <= value <= high


def _digits(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant figures, never with an exponent."""
    if value == 0:
        return "0"
    rounded = float(f"{value:.{digits}g}")
    if abs(rounded) >= 10 ** (digits - 1):
        return f"{rounded:.0f}"
    decimals = digits - 1 - math.floor(math.log10(abs(rounded)))
    text = f"{rounded:.{max(decimals, 0)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def show_number(value: float, digits: int = 3) -> str:
    """Return a number to ``digits`` significant figures, without an exponent."""
    return _digits(value, digits)


def show(value: float, metric: str, digits: int = 3) -> str:
    """Return a metric's value as a reader reads it: % for occupancy and stores, ms below a
    second, two or three significant figures, "about 0" below :data:`ABOUT_ZERO`."""
    unit = METRICS[metric][0]
    if unit == "":
        shown, suffix = 100.0 * value, " %"
    elif unit == "s":
        shown, suffix = (value * 1000.0, " ms") if value < 1.0 else (value, " s")
    else:
        shown, suffix = value, f" {unit}"
    if abs(shown) < ABOUT_ZERO:
        return f"about 0{suffix}"
    return f"{_digits(shown, digits)}{suffix}"


def show_setting(parameter: Parameter, value: float) -> str:
    """Return a parameter's value as its slider shows it ("80 %", "4 Hz")."""
    if _percent(parameter):
        return f"{_digits(100.0 * value, 3)} %"
    text = _digits(value, 3)
    if parameter.unit.startswith("1/"):  # "10000/s", not "10000 1/s"
        return f"{text}{parameter.unit[1:]}"
    return f"{text} {parameter.unit}" if parameter.unit else text


def _change(before: float, after: float) -> str:
    """Return how much a value changed, for a reader: "+37 %", "−20 %", "2.2×"."""
    if before == 0:
        return "from about 0" if after else "no change"
    ratio = after / before
    if 0.5 <= ratio <= 2.0:
        percent = 100.0 * (ratio - 1.0)
        if abs(percent) < 0.1:
            return "no visible change"
        sign = "+" if percent > 0 else "−"
        return f"{sign}{_digits(abs(percent), 2)} %"
    return f"{_digits(ratio, 2)}×"


def why(metric: str, summary: Mapping[str, float | None]) -> str:
    """Return why ``metric`` has no value in this summary, in a reader's words."""
    if metric == "clearance_half_time" and not (summary.get("single_release_peak") or 0.0) > 0:
        return "no transmitter is released at these settings"
    return WHY_UNDEFINED[metric]


def _unmeasured(claim: Claim, reason: str, label: str = "") -> Verdict:
    return Verdict(claim, None, None, None, f"can't be measured here: {reason}", label)


def evaluate(
    claim: Claim,
    summary: Mapping[str, float | None],
    *,
    compare: Mapping[str, float | None] | None = None,
    compare_label: str = "the compared scenario",
    moved_summary: Mapping[str, float | None] | None = None,
    step: tuple[float, float] | None = None,
    parameter: Parameter | None = None,
) -> Verdict:
    """Evaluate ``claim`` on a run's summary (with the compared run's, or the moved run's).

    For a direction claim ``summary`` is the run at the step's first value and
    ``moved_summary`` the run at its second (``step``; ``parameter`` names it for a reader).

    Raises:
        ValueError: the caller did not pass the run the claim needs (a programming error).
    """
    label = parameter.label if parameter is not None else claim.parameter.replace("_", " ")
    value = summary.get(claim.metric)
    if claim.direction:
        if moved_summary is None:
            raise ValueError("a direction claim needs the moved run's summary")
        after = moved_summary.get(claim.metric)
        if value is None or after is None:
            reason = why(claim.metric, summary if value is None else moved_summary)
            return _unmeasured(claim, reason, label)
        shown_before, shown_after = show(value, claim.metric), show(after, claim.metric)
        if shown_before.startswith("about 0") and shown_after.startswith("about 0"):
            return _unmeasured(claim, f"the {NAMES[claim.metric]} is about 0 at both", label)
        change = (after - value) / abs(value) if value else (math.inf if after > 0 else 0.0)
        holds = change >= VISIBLE if claim.op == "up" else change <= -VISIBLE
        moved_from = ""
        if step is not None and parameter is not None:
            a, b = (show_setting(parameter, x) for x in step)
            moved_from = f"{lower(label)} {a} → {b}: "
        changed = "from about 0" if shown_before.startswith("about 0") else _change(value, after)
        detail = f"{moved_from}{NAMES[claim.metric]} {shown_before} → {shown_after} ({changed})"
        stated = ""
        if claim.start is not None and claim.end is not None and parameter is not None:
            stated = (
                f"from {show_setting(parameter, claim.start)} "
                f"to {show_setting(parameter, claim.end)}"
            )
        return Verdict(claim, holds, value, after, detail, label, stated)
    if value is None:
        return _unmeasured(claim, why(claim.metric, summary), label)
    if claim.factor is not None:
        if compare is None:
            raise ValueError("a claim about 'compare' needs the compared run's summary")
        other = compare.get(claim.metric)
        if other is None:
            return _unmeasured(claim, f"{why(claim.metric, compare)} ({compare_label})", label)
        target = claim.factor * other
        ratio = f"{_digits(value / other, 2)}×" if other else "much more than"
        detail = (
            f"{NAMES[claim.metric]} {show(value, claim.metric)} vs "
            f"{show(other, claim.metric)} {compare_label} ({ratio})"
        )
        return Verdict(claim, _holds(claim.op, value, target), value, other, detail, label)
    holds = _holds(claim.op, value, claim.low, claim.high)
    return Verdict(
        claim, holds, value, None, f"{NAMES[claim.metric]} {show(value, claim.metric)}", label
    )


_OP_WORDS = {
    ">": "more than",
    "<": "less than",
    ">=": "at least",
    "<=": "at most",
}


def sentence(
    claim: Claim, compare_label: str = "the compared scenario", label: str = "", step: str = ""
) -> str:
    """Return the claim in words for a reader: the fence's own sentence, or one made up
    (``label``: the moved parameter's label, ``step``: its stated step in words, for a
    direction claim)."""
    if claim.says:
        return claim.says
    words = METRICS[claim.metric][1]
    if claim.direction:
        way = "Raising" if claim.raising else "Lowering"
        name = lower(label) if label else claim.parameter.replace("_", " ")
        if step:
            name = f"{name} {step}"
        verbs = {"up": "raises", "down": "lowers"}
        if claim.metric == "clearance_half_time":
            verbs = {"up": "slows clearance (a longer half-time)", "down": "speeds clearance"}
            return f"{way} {name} {verbs[claim.op]}."
        return f"{way} {name} {verbs[claim.op]} {words}."
    subject = words[0].upper() + words[1:]
    if claim.op == "between":
        low, high = show(claim.low, claim.metric), show(claim.high, claim.metric)
        return f"{subject} is between {low} and {high}."
    if claim.factor is not None:
        times = "" if claim.factor == 1.0 else f"{claim.factor:g} times "
        return f"{subject} is {_OP_WORDS[claim.op]} {times}that of {compare_label}."
    return f"{subject} is {_OP_WORDS[claim.op]} {show(claim.low, claim.metric)}."


def parse_claims(
    raw: object, parameters: Mapping[str, Parameter], *, compare: str | None = None
) -> tuple[Claim, ...]:
    """Parse a fence's ``claims:``: a list of statements, each a string or ``{claim, says}``.

    Raises:
        ClaimError: the list or one of its claims is malformed (the message names which).
    """
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ClaimError(str(raw), "claims must be a list of statements, one per line ('- ...')")
    out: list[Claim] = []
    for item in raw:
        if isinstance(item, Mapping):
            unknown = sorted(set(item) - {"claim", "says"})
            if unknown or "claim" not in item:
                raise ClaimError(
                    str(dict(item)), "a claim with a sentence is {claim: ..., says: ...}"
                )
            out.append(
                parse_claim(item["claim"], parameters, compare=compare, says=item.get("says", ""))
            )
        else:
            out.append(parse_claim(item, parameters, compare=compare))
    texts = [claim.text for claim in out]
    for text in texts:
        if texts.count(text) > 1:
            raise ClaimError(text, "is given twice")
    return tuple(out)


#: runs the model with these parameter values and returns the summary (the figure's settings)
Runner = Callable[[Mapping[str, float]], Mapping[str, float | None]]


def check(
    claims: tuple[Claim, ...],
    *,
    parameters: Mapping[str, Parameter],
    values: Mapping[str, float],
    summary: Mapping[str, float | None],
    runner: Runner,
    compare: Mapping[str, float | None] | None = None,
    compare_label: str = "the compared scenario",
) -> list[Verdict]:
    """Evaluate every claim at the figure's settings ``values`` (whose run gave ``summary``).

    A metric claim costs no run. A direction claim compares the runs at the two values of
    :func:`span` (the other settings as they are): each costs one run of ``runner`` unless it
    is the figure's own setting (the caller caches runs, so a claim re-checked at the same
    settings costs nothing more).
    """
    verdicts = []
    for claim in claims:
        if not claim.direction:
            verdicts.append(evaluate(claim, summary, compare=compare, compare_label=compare_label))
            continue
        p = parameters[claim.parameter]
        current = values.get(claim.parameter, p.value)
        a, b = span(claim, p, current)
        before = summary if a == current else runner({**values, claim.parameter: a})
        after = summary if b == current else runner({**values, claim.parameter: b})
        verdicts.append(
            evaluate(
                claim,
                before,
                compare=compare,
                compare_label=compare_label,
                moved_summary=after,
                step=(a, b),
                parameter=p,
            )
        )
    return verdicts
