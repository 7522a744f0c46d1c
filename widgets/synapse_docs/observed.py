""" "In the brain": a figure's scenario beside what was measured, from the validation table.

A figure whose scenario has an independent row of `transmitter_cycle.validation` shows it under
its claims, one line per row: what was observed (with its citation), the model's value, and the
verdict of the table's one rule in words, e.g. "In the brain: … 65 % of basal … [3]; this model:
25 % of healthy — the model overstates the fall". The line is static (the row is the scenario's
default state, not the sliders'). The caption of such a figure may not state as fact what a row
says the model gets wrong: `caption_problem` says why it does, and the fence stops the build.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from html import escape

from transmitter_cycle.validation import Row, table

__all__ = ["OBSERVED_WORDS", "caption_problem", "observed_html", "phrase", "rows"]

#: words by which a caption says what was measured in the brain (one is needed when the model
#: differs from a row), besides "in this model" scoping the model's own statements
OBSERVED_WORDS = (
    "in the brain",
    "in rats",
    "in rat ",
    "in brain tissue",
    "in patients",
    "in people",
    "measured",
)


@lru_cache(maxsize=1)
def _table() -> tuple[Row, ...]:
    return tuple(table())


def rows(transmitter: str, scenario: str) -> tuple[Row, ...]:
    """Return the independent rows of the validation table for this scenario (none for
    ``healthy``: its rows test the preset, not what a figure of it shows)."""
    if scenario == "healthy":
        return ()
    return tuple(
        row
        for row in _table()
        if row.transmitter == transmitter and row.scenario == scenario and row.kind == "independent"
    )


def _digits(value: float) -> str:
    text = f"{float(f'{value:.2g}'):.6f}".rstrip("0").rstrip(".")
    return text if abs(value) >= 0.01 else "about 0"


def model_value(row: Row) -> str:
    """Return the model's value of a row in a reader's words ("25 % of healthy", "3.4×")."""
    if row.unit == "×":
        if row.model < 1.0:
            return f"{_digits(100.0 * row.model)} % of healthy"
        return f"{_digits(row.model)}× healthy"
    return f"{_digits(row.model)} {row.unit}"


def phrase(row: Row) -> str:
    """Return the row's verdict in words: agrees, or which way the model is off."""
    verdict = row.verdict
    if verdict.startswith("agrees") or verdict == "calibrated (agrees)":
        return "the model agrees"
    low, high, model = row.low, row.high, row.model
    if row.unit == "×":
        if high <= 1.0 and low < 1.0:
            what = "fall"
            more = model < low
        elif low >= 1.0 and high > 1.0:
            what = "rise"
            more = model > high
        else:  # unchanged in the brain
            return "the model shows a " + ("fall" if model < low else "rise") + " the data do not"
        return f"the model {'overstates' if more else 'understates'} the {what}"
    if math.isfinite(high) and model > high:
        return "the model's value is higher"
    return "the model's value is lower"


def observed_html(transmitter: str, scenario: str) -> str:
    """Return the figure's "In the brain" lines (empty without a row): each a
    `<p data-role="observed" data-verdict="…">` with its citation (numbered with the page's)."""
    out = []
    for row in rows(transmitter, scenario):
        cites = "".join(
            f'<span data-cite-pending="{escape(key)}">[{escape(key)}]</span>' for key in row.sources
        )
        text = row.observation
        observation = text[0].lower() + text[1:] if text[:2] == text[:2].capitalize() else text
        out.append(
            f'<p class="synapse-observed" data-role="observed" '
            f'data-verdict="{escape(row.verdict)}">'
            f"<strong>In the brain:</strong> {escape(observation)}: {escape(row.published)} "
            f"{cites}; <strong>this model:</strong> {escape(model_value(row))} — "
            f"{escape(phrase(row))}.</p>"
        )
    return "".join(out)


def overstates(row: Row) -> bool:
    """Whether the model overstates what the row measured (a larger change, or one the data
    do not show): what a caption may not state as fact."""
    words = phrase(row)
    return "overstates" in words or "the data do not" in words


def caption_problem(transmitter: str, scenario: str, caption: str) -> str:
    """Return why `caption` states as fact what a row says the model gets wrong ("" if not).

    For each row whose change the model overstates, the caption must scope its statements to the
    model ("in this model") and say what was measured in the brain (`OBSERVED_WORDS`).
    """
    text = re.sub(r"\s+", " ", caption.lower())
    for row in rows(transmitter, scenario):
        if row.verdict.startswith("agrees") or not overstates(row):
            continue
        said = f"{phrase(row)} ({row.observation}: {row.published}; this model: {model_value(row)})"
        if "in this model" not in text:
            return f"{said}: the caption must say 'in this model' of what the model shows"
        if not any(word in text for word in OBSERVED_WORDS):
            return (
                f"{said}: the caption must say what was measured in the brain (one of: "
                + ", ".join(repr(word.strip()) for word in OBSERVED_WORDS)
                + ")"
            )
    return ""
