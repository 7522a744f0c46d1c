"""The `synapse-table` fence: tables generated from the model, so the text cannot drift from it.

````markdown
```synapse-table
table: parameters      # parameters | scenarios | validation
transmitter: dopamine  # parameters and scenarios
scenario: healthy      # parameters only, optional
```
````

It runs as a preprocessor that replaces the fence with a Markdown table before anything else, so
the sources in the table (`[@key]`) become numbered citations like any other, and the page's
reference list includes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from transmitter_cycle import Parameter, parameters, presets, scenarios

from . import context
from .fields import FieldsError, load_fields

FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})synapse-table\s*$")
TABLES = ("parameters", "scenarios", "validation", "scenario-review")
#: a citation key written in parentheses in a registry description, e.g. "(meyer2004occupancy)"
KEY_IN_TEXT = re.compile(r"\(([a-z]+\d{4}[a-z0-9]*)\)")


class TableError(context.BuildError):
    """A `synapse-table` fence is invalid."""


def _cite(source: str) -> str:
    return "illustrative assumption" if source == "assumption" else f"[@{source}]"


def _number(value: float) -> str:
    return f"{value:.4g}"


def _cell(text: str) -> str:
    """Text for a table cell: `(key)` becomes a citation, and `|` cannot end the cell."""
    return KEY_IN_TEXT.sub(r"[@\1]", text).replace("|", "\\|")


def _kind(p: Parameter) -> str:
    if p.kind == "measured" and p.where.startswith("secondary"):
        return "measured (secondary)"
    return p.kind


def _evidence(p: Parameter) -> str:
    """The evidence cell: what the source reports and where, what was fitted, or why."""
    cite = "" if p.source == "assumption" else f"[@{p.source}]"
    where = f" ({p.where})" if p.where else ""
    if p.kind == "measured":
        text = f"{p.evidence} {cite}{where}"
    elif p.kind == "calibrated":
        text = f"Calibrated: {p.evidence} Fitted to {cite}{where}."
    else:
        borrowed = f" See {cite}{where}." if cite else ""
        text = f"{p.evidence}{borrowed}"
    return _cell(text.strip())


def _plausible(p: Parameter) -> str:
    if p.plausible is None:
        return "–"
    low, high = p.plausible
    return _number(low) if low == high else f"{_number(low)} – {_number(high)}"


def kind_counts(table: Mapping[str, Parameter]) -> dict[str, int]:
    """Return how many parameters with a non-zero value are of each kind."""
    counts = {"measured": 0, "calibrated": 0, "derived": 0, "assumption": 0}
    for p in table.values():
        if p.value != 0:
            counts[p.kind] += 1
    return counts


def parameter_table(transmitter: str, scenario: str | None = None) -> list[str]:
    """Return Markdown lines: every parameter with value, unit, plausible range, bounds, stage,
    kind and evidence.

    A line under the table counts the kinds among the parameters whose value is not zero.
    """
    lines = [
        "| Stage | Parameter | Value | Unit | Plausible | Bounds | Meaning | Kind | Evidence |",
        "| --- | --- | ---: | --- | --- | --- | --- | --- | --- |",
    ]
    table = parameters(transmitter, scenario)
    for p in table.values():
        lines.append(
            f"| {p.stage} | `{p.name}` | {_number(p.value)} | {p.unit or '–'} | "
            f"{_plausible(p)} | "
            f"{_number(p.minimum)} – {_number(p.maximum)} | {_cell(p.description)} | "
            f"{_kind(p)} | {_evidence(p)} |"
        )
    counts = kind_counts(table)
    total = sum(counts.values())
    lines += [
        "",
        f"Of the {total} parameters whose value is not zero, {counts['measured']} are measured, "
        f"{counts['calibrated']} calibrated, "
        + (f"{counts['derived']} derived " if counts["derived"] else "")
        + f"and {counts['assumption']} assumptions.",
    ]
    return lines


def scenario_table(transmitter: str) -> list[str]:
    """Return Markdown lines: every scenario of a preset, what it changes, why, and its sources."""
    lines = ["| Scenario | Changes | Description | Sources |", "| --- | --- | --- | --- |"]
    for item in scenarios(transmitter).values():
        changes = ", ".join(f"`{k}` = {_number(v)}" for k, v in item.changes.items()) or "none"
        text = KEY_IN_TEXT.sub(r"[@\1]", item.description)
        sources = "; ".join(f"@{key}" for key in item.sources)
        lines.append(
            f"| {item.label} (`{item.name}`) | {changes} | {text} | "
            f"{f'[{sources}]' if sources else 'illustrative assumption'} |"
        )
    return lines


def validation_table() -> list[str]:
    """Return Markdown lines: published observations beside the model, by kind.

    Independent observations come first and are the only ones counted; calibrated and
    consistency rows follow, marked as such. The verdict rule is stated above the table.
    """
    from transmitter_cycle.validation import RULE, table, verdict_counts  # runs the model

    lines = [
        f"*Verdict rule.* {RULE}",
        "",
        "| Kind | Observation | Published (method) | Model | Verdict | Source | How the model's "
        "number was obtained |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in table():
        sources = "; ".join(f"@{key}" for key in row.sources)
        unit = "" if row.unit == "×" else f" {row.unit}"
        model = f"×{row.model:.3g}" if row.unit == "×" else f"{row.model:.3g}{unit}"
        lines.append(
            f"| {row.kind} | {row.observation} | {row.published} ({row.method}) | {model} | "
            f"{row.verdict} | [{sources}] | {row.note} |"
        )
    counts, directions = verdict_counts()
    lines += [
        "",
        f"Of the {sum(counts.values())} independent rows, {counts['agrees']} agree "
        f"({directions} of them give only a direction), {counts['within ×1.25']} are within "
        f"×1.25, {counts['within 2×']} within 2× and {counts['misses']} miss.",
    ]
    return lines


def scenario_review_table() -> list[str]:
    """Return Markdown lines: each scenario's chronic and acute effect, as ratios to healthy."""
    from transmitter_cycle import scenarios
    from transmitter_cycle.validation import scenario_review  # runs the model: only here

    def ratio(value: object) -> str:
        return "–" if not isinstance(value, float) else f"×{value:.2f}"

    lines = [
        "| Transmitter | Scenario | Mean in the cleft, chronic / acute | Receptor occupancy, "
        "chronic / acute | Clearance half-time, chronic / acute | Sources |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in scenario_review():
        preset, name = str(row["preset"]), str(row["scenario"])
        cells = [
            f"{ratio(row[f'chronic_{key}'])} / {ratio(row[f'acute_{key}'])}"
            for key in ("mean_cleft", "mean_occupancy", "clearance_half_time")
        ]
        scenario = scenarios(preset)[name]
        sources = "; ".join(f"@{key}" for key in scenario.sources)
        cited = f"[{sources}]" if sources else "–"
        lines.append(f"| {preset} | {scenario.label} | " + " | ".join(cells) + f" | {cited} |")
    return lines


def _fail(message: str, line: int) -> TableError:
    page = context.current()
    where = page.where(page.offset + line) if page is not None else f"line {line}"
    return TableError(f"{where}: synapse-table, {message}")


def expand(spec: Any, line: int) -> list[str]:
    """Return the table a fence asks for, or raise TableError naming the field."""
    if not isinstance(spec, dict):
        raise _fail("must be 'field: value' lines", line)
    unknown = sorted(set(spec) - {"table", "transmitter", "scenario"})
    if unknown:
        raise _fail(
            f"field '{unknown[0]}' is not a field (choose: table, transmitter, scenario)", line
        )
    kind = spec.get("table")
    if kind not in TABLES:
        raise _fail(f"field 'table': got {kind!r}; choose one of: {', '.join(TABLES)}", line)
    if kind == "validation":
        return validation_table()
    if kind == "scenario-review":
        return scenario_review_table()
    transmitter = spec.get("transmitter")
    if transmitter not in presets():
        raise _fail(
            f"field 'transmitter': got {transmitter!r}; choose one of: {', '.join(presets())}", line
        )
    if kind == "scenarios":
        return scenario_table(transmitter)
    scenario = spec.get("scenario")
    if scenario is not None and scenario not in scenarios(transmitter):
        choices = ", ".join(scenarios(transmitter))
        raise _fail(f"field 'scenario': got {scenario!r}; choose one of: {choices}", line)
    return parameter_table(transmitter, scenario)


class TablePreprocessor(Preprocessor):
    """Replace each `synapse-table` fence with the Markdown table it names."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        index = 0
        while index < len(lines):
            opened = FENCE_OPEN.match(lines[index])
            if not opened:
                out.append(lines[index])
                index += 1
                continue
            start = index + 1  # 1-based line of the fence in this Markdown
            fence = opened.group("fence")
            body: list[str] = []
            index += 1
            while index < len(lines) and lines[index].strip() != fence:
                body.append(lines[index])
                index += 1
            if index == len(lines):
                raise _fail("the fence is not closed", start)
            index += 1
            try:
                spec = load_fields("\n".join(body))
            except FieldsError as error:
                raise _fail(
                    f"not valid YAML (line {error.line + 1} of the table): {error.detail}",
                    start + 1 + error.line,
                ) from None
            out.extend(["", *expand(spec, start), ""])
        return out


class TablesExtension(Extension):
    """Register the `synapse-table` preprocessor (before SuperFences reads fences)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        md.preprocessors.register(TablePreprocessor(md), "synapse_tables", 29)


def makeExtension(**kwargs: Any) -> TablesExtension:  # noqa: N802 - Python-Markdown's API
    """Return the extension (Python-Markdown's entry point)."""
    return TablesExtension(**kwargs)
