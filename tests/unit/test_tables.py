"""`synapse-table` fences: tables generated from the model's registry, and their errors."""

from __future__ import annotations

import markdown
import pytest

from synapse_docs.tables import TableError
from transmitter_cycle import parameters


def convert(body: str) -> str:
    md = markdown.Markdown(extensions=["synapse_docs.tables", "tables", "pymdownx.superfences"])
    return md.convert(f"# Methods\n\n```synapse-table\n{body}```\n")


def test_parameter_table_lists_every_parameter_with_unit_and_source() -> None:
    html = convert("table: parameters\ntransmitter: dopamine\n")
    for p in parameters("dopamine").values():
        assert f"<code>{p.name}</code>" in html
    assert html.count("<tr>") == len(parameters("dopamine")) + 1
    assert "illustrative assumption" in html or "[@" in html


def test_scenario_values_are_shown() -> None:
    healthy = convert("table: parameters\ntransmitter: serotonin\n")
    ssri = convert("table: parameters\ntransmitter: serotonin\nscenario: ssri\n")
    assert healthy != ssri


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("table: params\n", r"line 3: synapse-table, field 'table': got 'params'; choose one of"),
        ("table: parameters\ntransmitter: histamine\n", r"field 'transmitter': got 'histamine'"),
        (
            "table: parameters\ntransmitter: dopamine\nscenario: ssri\n",
            r"field 'scenario': got 'ssri'; choose one of: healthy, methylphenidate",
        ),
        ("table: validation\ncolour: red\n", r"field 'colour' is not a field"),
        (
            "table: parameters\ntransmitter: dopamine\ntable: validation\n",
            r"line 6: synapse-table, not valid YAML \(line 3 of the table\): "
            r"field 'table' is given twice",
        ),
        ("table: [parameters\n", r"line 4: synapse-table, not valid YAML \(line 1 of the table\)"),
    ],
    ids=[
        "unknown-table",
        "unknown-transmitter",
        "unknown-scenario",
        "unknown-field",
        "repeated-field",
        "bad-yaml",
    ],
)
def test_bad_tables_stop_with_a_message(body: str, message: str) -> None:
    with pytest.raises(TableError, match=message):
        convert(body)


def test_scenario_table_cites_each_scenarios_sources() -> None:
    md = markdown.Markdown(
        extensions=["synapse_docs.tables", "tables", "synapse_docs.citations"],
        extension_configs={"synapse_docs.citations": {"bibfile": "docs/references.bib"}},
    )
    html = md.convert("# M\n\n```synapse-table\ntable: scenarios\ntransmitter: serotonin\n```\n")
    for name in ("healthy", "ssri", "tryptophan_depletion", "maoi", "reserpine"):
        assert f"<code>{name}</code>" in html
    assert 'href="#ref-meyer2004occupancy"' in html
    assert "[@" not in html
