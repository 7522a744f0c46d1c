"""Provenance of every parameter (issue 10, section 4): its kind, and evidence a reviewer can check.

Kinds: ``measured`` (a source reports the value; where), ``calibrated`` (the observation it was
fitted to), ``assumption`` (why this value). The counts of measured parameters are pinned as a
floor: they may only go up, and only with a source that reports the value.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from synapse_docs.tables import kind_counts, parameter_table
from transmitter_cycle import Parameter, parameters, presets, scenarios
from transmitter_cycle._params import KINDS

BIB = Path(__file__).resolve().parents[2] / "docs" / "references.bib"
KEYS = set(re.findall(r"^@\w+\{([^,]+),", BIB.read_text(encoding="utf-8"), re.M))
KEY_IN_TEXT = re.compile(r"\(([a-z]+\d{4}[a-z0-9]*)\)")

#: Honest counts over parameters whose default is not zero (healthy presets), December 2026.
#: Issue 10 asks for at least 60 % measured; with the sources checked so far it is 10 of 59
#: (17 %). These are floors: raise them when a source that reports a value is found.
#: Issue 25 (provenance review): dopamine synthesis_ki demoted (its Ki belongs to another rate
#: law: 5 → 4); glutamate pool_recovery_tau measured (wesseling2002refill: 2 → 3).
MEASURED_FLOOR = {"serotonin": 3, "dopamine": 4, "glutamate": 3, "gaba": 3}
NONZERO = {"serotonin": 19, "dopamine": 20, "glutamate": 20, "gaba": 20}


def every_parameter() -> list[tuple[str, str, Parameter]]:
    return [
        (preset, scen, p)
        for preset in presets()
        for scen in scenarios(preset)
        for p in parameters(preset, scen).values()
    ]


CASES = every_parameter()
IDS = [f"{preset}-{scen}-{p.name}" for preset, scen, p in CASES]


@pytest.mark.parametrize(("preset", "scen", "p"), CASES, ids=IDS)
def test_every_parameter_has_a_kind_and_evidence(preset: str, scen: str, p: Parameter) -> None:
    assert p.kind in KINDS
    assert p.evidence.strip(), "every kind says what was reported, fitted, or why"
    assert p.source == "assumption" or p.source in KEYS, p.source
    for key in KEY_IN_TEXT.findall(p.evidence + " " + p.where):
        assert key in KEYS, key
    if p.kind == "measured":
        assert p.source in KEYS, "a measured value names its source"
        assert p.where.strip(), "and where in it the value was seen"
    elif p.kind == "calibrated":
        assert p.source in KEYS, "a calibrated value names the observation it was fitted to"
        assert p.where.strip()
        assert "fitted" in p.evidence.lower()
    if p.where.startswith("secondary"):
        assert p.source in KEYS


@pytest.mark.parametrize("preset", presets())
def test_scenario_values_are_assumptions_with_a_reason(preset: str) -> None:
    healthy = parameters(preset)
    for name, scen in scenarios(preset).items():
        table = parameters(preset, name)
        for key in scen.changes:
            changed = table[key]
            assert changed.kind == "assumption", (name, key)
            assert changed.evidence, (name, key)
            assert changed.evidence != healthy[key].evidence, (name, key)
            assert "Set by the scenario" in changed.description
        for key in set(table) - set(scen.changes):
            assert table[key] == healthy[key]


def test_positional_construction_still_works() -> None:
    p = Parameter("x", "X", 1.0, "", 0.0, 2.0, "A test.", "assumption", "release")
    assert (p.kind, p.where, p.evidence) == ("assumption", "", "")


def counts(preset: str) -> dict[str, int]:
    return kind_counts(parameters(preset))


@pytest.mark.parametrize("preset", presets())
def test_measured_counts_only_go_up(preset: str) -> None:
    found = counts(preset)
    assert sum(found.values()) == NONZERO[preset]
    assert found["measured"] >= MEASURED_FLOOR[preset], found


def test_overall_counts() -> None:
    total = {kind: sum(counts(preset)[kind] for preset in presets()) for kind in KINDS}
    assert sum(total.values()) == sum(NONZERO.values()) == 79
    assert total["measured"] >= sum(MEASURED_FLOOR.values())
    every = [p for preset in presets() for p in parameters(preset).values()]
    assert len(every) == 96
    assert {"measured", "calibrated", "assumption"} <= {p.kind for p in every} <= set(KINDS)


def test_review_rows_are_fixed() -> None:
    serotonin, dopamine, glutamate = (parameters(name) for name in presets()[:3])
    # row 4: SERT Km/Vmax are secondary, from model code, not in the Bunin abstract
    for name in ("reuptake_km", "reuptake_vmax"):
        assert serotonin[name].where.startswith("secondary: not in the paper's abstract")
        assert "model code" in serotonin[name].where
    # row 22: monoamine pool recovery is an assumption; glia_vmax is calibrated; COMT
    for table in (serotonin, dopamine):
        assert table["pool_recovery_tau"].kind == "assumption"
    assert glutamate["glia_vmax"].kind == "calibrated"
    assert glutamate["glia_vmax"].source == "clements1992cleft"
    # provenance review: the glutamate peak is proportional to packaging_vmax, which carries
    # the calibration; release_amount (only a ratio with vesicle_capacity) does not move it
    assert glutamate["packaging_vmax"].kind == "calibrated"
    assert glutamate["packaging_vmax"].source == "clements1992cleft"
    assert glutamate["release_amount"].kind == "assumption"
    # labelling fixes of the provenance review: the tonic level calibrates dopamine synthesis;
    # a Ki from another rate law is not a measurement; glutamate refilling is measured
    assert dopamine["synthesis_rate"].kind == "calibrated"
    assert dopamine["synthesis_rate"].source == "atcherley2015tonic"
    assert dopamine["synthesis_ki"].kind == "assumption"
    assert glutamate["pool_recovery_tau"].value == 4.2
    assert glutamate["pool_recovery_tau"].source == "wesseling2002refill"
    assert dopamine["enzyme_rate"].kind == "assumption"
    assert "COMT" not in dopamine["enzyme_rate"].description
    assert "mainly intracellular" in dopamine["enzyme_rate"].evidence
    assert glutamate["mao_rate"].kind == glutamate["spill_return"].kind == "assumption"
    dopa = scenarios("dopamine")
    # rows 10, 16, 20, 21
    assert "heng2023striatal" in dopa["parkinson"].sources
    assert "tissue" in dopa["parkinson"].description
    assert "20 mg" in dopa["methylphenidate"].description
    assert "assumption" in dopa["l_dopa"].description
    assert dopa["d2_antagonist"].sources[0] == "kapur2000d2occupancy"


def test_table_shows_kind_and_evidence() -> None:
    md = markdown.Markdown(
        extensions=["synapse_docs.tables", "tables", "synapse_docs.citations"],
        extension_configs={"synapse_docs.citations": {"bibfile": "docs/references.bib"}},
    )
    html = md.convert("# P\n\n```synapse-table\ntable: parameters\ntransmitter: serotonin\n```\n")
    assert "<th>Kind</th>" in html
    assert "<th>Evidence</th>" in html
    assert "measured (secondary)" in html
    assert 'href="#ref-lydic1984raphe"' in html
    assert "[@" not in html
    assert "(wesseling2002refill)" not in html  # keys in the text became citations
    lines = parameter_table("glutamate")
    assert lines[-1] == (
        f"Of the 20 parameters whose value is not zero, {counts('glutamate')['measured']} are "
        f"measured, {counts('glutamate')['calibrated']} calibrated, and "
        f"{counts('glutamate')['assumption']} assumptions."
    )
