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

``<op>`` is one of ``> < >= <=`` (or ``≥ ≤``). Metrics are the run summary's, in its units
(:data:`METRICS`); numbers may carry that unit (``peak_cleft between 800 µM and 1500 µM``).
``compare`` is the figure's compared scenario, which a figure must name to use it. A direction
claim moves one parameter from the figure's current value (up or down by :func:`moved`) and
compares the metric of the two runs. A claim may carry a reader-facing sentence; otherwise
:func:`sentence` writes one.

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
]

#: metric → (unit, words for a reader); the keys of `Result.summary` a claim may name
METRICS: Mapping[str, tuple[str, str]] = {
    "mean_cleft": ("µM", "the mean level in the cleft"),
    "peak_cleft": ("µM", "the peak level in the cleft"),
    "mean_occupancy": ("", "the mean receptor occupancy"),
    "clearance_half_time": ("s", "the clearance half-time"),
    "vesicles_remaining": ("", "the share of the vesicle stores left at the end"),
}
_OPS = {">": ">", "<": "<", ">=": ">=", "<=": "<=", "≥": ">=", "≤": "<="}
#: a direction claim is true only beyond this relative change (numerical noise is ~1e-7)
MARGIN = 1e-6
#: how far a direction claim moves its parameter: ×/÷ this factor, or by this share of the
#: bounds for a fraction (unit "") or from zero
STEP_FACTOR = 1.25
STEP_SHARE = 0.1
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


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

    ``holds`` is None when the claim cannot be checked at these settings (a direction claim
    whose parameter is at the bound it would move past).
    """

    claim: Claim
    holds: bool | None
    value: float | None
    other: float | None
    detail: str

    def to_dict(self, compare_label: str = "the compared scenario") -> dict[str, object]:
        """Return JSON-ready data (what the worker sends to the page)."""
        return {
            "claim": self.claim.text,
            "holds": self.holds,
            "value": self.value,
            "other": self.other,
            "detail": self.detail,
            "sentence": sentence(self.claim, compare_label),
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
    direction = re.fullmatch(
        r"(raising|lowering)\s+(\S+)\s+(raises|lowers|slows|speeds)\s+(\S+)", words
    )
    if direction is not None:
        way, name, verb, metric = direction.groups()
        if name not in parameters:
            raise ClaimError(text, f"unknown parameter {name!r}", tuple(parameters))
        _metric(text, metric)
        if verb in ("slows", "speeds") and metric != "clearance_half_time":
            raise ClaimError(
                text, f"'{verb}' is for clearance_half_time; for {metric} say raises or lowers"
            )
        up = verb in ("raises", "slows")
        return Claim(
            text,
            metric,
            "up" if up else "down",
            parameter=name,
            raising=way == "raising",
            says=says.strip(),
        )
    if words.startswith(("raising ", "lowering ")):
        raise ClaimError(
            text,
            "a direction claim reads 'raising|lowering <parameter> raises|lowers|slows|speeds "
            "<metric>'",
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


def moved(claim: Claim, parameter: Parameter, current: float) -> float:
    """Return the value a direction claim moves ``parameter`` to from ``current``.

    Raises:
        ClaimError: the parameter is already at the bound it would move past.
    """
    span = parameter.maximum - parameter.minimum
    if claim.raising:
        if parameter.unit == "" or current == 0.0:
            value = current + STEP_SHARE * span
        else:
            value = current * STEP_FACTOR
        value = min(value, parameter.maximum)
        if not value > current:
            raise ClaimError(claim.text, f"cannot raise {parameter.name}: it is at its maximum")
    else:
        value = current - STEP_SHARE * span if parameter.unit == "" else current / STEP_FACTOR
        value = max(value, parameter.minimum)
        if not value < current:
            raise ClaimError(claim.text, f"cannot lower {parameter.name}: it is at its minimum")
    return value


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


def _show(value: float, unit: str, digits: int = 0) -> str:
    if unit == "s":
        return f"{value * 1000:.{digits or 3}g} ms" if value < 1.0 else f"{value:.{digits or 3}g} s"
    if unit == "":
        return f"{value:.{digits or 3}g}"
    return f"{value:.{digits or 4}g} {unit}"


def _pair(before: float, after: float, unit: str) -> str:
    """Show a change with enough digits that the two values differ (up to eight)."""
    for digits in range(3 if unit in ("", "s") else 4, 9):
        a, b = _show(before, unit, digits), _show(after, unit, digits)
        if a != b:
            return f"{a} → {b}"
    return f"{_show(before, unit)} → {_show(after, unit)}"


def evaluate(
    claim: Claim,
    summary: Mapping[str, float | None],
    *,
    compare: Mapping[str, float | None] | None = None,
    compare_label: str = "the compared scenario",
    moved_summary: Mapping[str, float | None] | None = None,
) -> Verdict:
    """Evaluate ``claim`` on a run's summary (with the compared run's, or the moved run's).

    Raises:
        ValueError: the caller did not pass the run the claim needs (a programming error).
    """
    unit = METRICS[claim.metric][0]
    value = summary.get(claim.metric)
    if claim.direction:
        if moved_summary is None:
            raise ValueError("a direction claim needs the moved run's summary")
        after = moved_summary.get(claim.metric)
        if value is None or after is None:
            return Verdict(claim, False, value, after, f"{claim.metric} is not defined here")
        change = (after - value) / abs(value) if value else (math.inf if after > 0 else 0.0)
        holds = change > MARGIN if claim.op == "up" else change < -MARGIN
        way = "raising" if claim.raising else "lowering"
        detail = f"{_pair(value, after, unit)} on {way} {claim.parameter}"
        return Verdict(claim, holds, value, after, detail)
    if value is None:
        return Verdict(claim, False, None, None, f"{claim.metric} is not defined in this run")
    if claim.factor is not None:
        if compare is None:
            raise ValueError("a claim about 'compare' needs the compared run's summary")
        other = compare.get(claim.metric)
        if other is None:
            return Verdict(claim, False, value, None, f"{claim.metric} is not defined for it")
        target = claim.factor * other
        ratio = f"{value / other:.2g}×" if other else "∞×"
        detail = f"{_show(value, unit)} vs {_show(other, unit)} {compare_label} ({ratio})"
        return Verdict(claim, _holds(claim.op, value, target), value, other, detail)
    holds = _holds(claim.op, value, claim.low, claim.high)
    return Verdict(claim, holds, value, None, _show(value, unit))


_OP_WORDS = {
    ">": "more than",
    "<": "less than",
    ">=": "at least",
    "<=": "at most",
}


def sentence(claim: Claim, compare_label: str = "the compared scenario") -> str:
    """Return the claim in words for a reader: the fence's own sentence, or one made up."""
    if claim.says:
        return claim.says
    unit = METRICS[claim.metric][0]
    words = METRICS[claim.metric][1]
    if claim.direction:
        way = "Raising" if claim.raising else "Lowering"
        verbs = {"up": "raises", "down": "lowers"}
        if claim.metric == "clearance_half_time":
            verbs = {"up": "slows clearance (a longer half-time)", "down": "speeds clearance"}
            return f"{way} {claim.parameter.replace('_', ' ')} {verbs[claim.op]}."
        return f"{way} {claim.parameter.replace('_', ' ')} {verbs[claim.op]} {words}."
    subject = words[0].upper() + words[1:]
    if claim.op == "between":
        return f"{subject} is between {_show(claim.low, unit)} and {_show(claim.high, unit)}."
    if claim.factor is not None:
        times = "" if claim.factor == 1.0 else f"{claim.factor:g} times "
        return f"{subject} is {_OP_WORDS[claim.op]} {times}that of {compare_label}."
    return f"{subject} is {_OP_WORDS[claim.op]} {_show(claim.low, unit)}."


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

    A metric claim costs no run. A direction claim costs one run of ``runner`` with its
    parameter moved (the caller caches runs, so a claim re-checked at the same settings costs
    nothing more). A direction claim whose parameter cannot move further from these settings
    (the reader took a slider to its bound) is not checked there: its verdict's ``holds`` is
    None, which says nothing against it.
    """
    verdicts = []
    for claim in claims:
        moved_summary = None
        if claim.direction:
            p = parameters[claim.parameter]
            current = values.get(claim.parameter, p.value)
            try:
                to = moved(claim, p, current)
            except ClaimError as error:
                verdicts.append(
                    Verdict(claim, None, None, None, f"not checked here ({error.rule})")
                )
                continue
            moved_summary = runner({**values, claim.parameter: to})
        verdicts.append(
            evaluate(
                claim,
                summary,
                compare=compare,
                compare_label=compare_label,
                moved_summary=moved_summary,
            )
        )
    return verdicts
