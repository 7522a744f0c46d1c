"""The validation table: independent observations, one verdict rule, every scenario covered."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from transmitter_cycle import parameters, presets, scenarios, simulate, validation

BIB = Path(__file__).resolve().parents[2] / "docs" / "references.bib"


@pytest.fixture(scope="module")
def rows() -> list[validation.Row]:
    return validation.table()


def test_verdict_rule() -> None:
    rule = validation.verdict
    assert rule(1.0, 1.0, 1.0) == "agrees"
    assert rule(1.2, 1.0, 1.0) == "within ×1.25"
    assert rule(1.25, 1.0, 1.0) == "within ×1.25"
    assert rule(1.26, 1.0, 1.0) == "within 2×"
    assert rule(0.5, 1.0, 1.0) == "within 2×"
    assert rule(0.49, 1.0, 1.0) == "misses"
    assert rule(70.0, 64.0, 113.0) == "agrees"
    assert rule(60.0, 64.0, 113.0) == "within ×1.25"
    assert rule(50.0, 64.0, 113.0) == "within 2×"
    assert rule(60.0, 100.0, math.inf) == "within 2×"
    assert rule(math.nan, 0.0, 1.0) == "misses"
    # a ratio bounded by exactly 1 is a direction: a rise must rise, a fall must fall
    assert rule(3.0, 1.0, math.inf) == "agrees"
    assert rule(1.01, 1.0, math.inf) == "agrees"
    for wrong in (1.0, 0.99, 0.85, 0.7, 0.1):
        assert rule(wrong, 1.0, math.inf) == "misses", wrong
        assert rule(wrong, 1.0, 7.02) == "misses", wrong
    assert rule(1.1, 0.5, 1.0) == "misses"
    assert rule(0.9, 0.5, 1.0) == "agrees"
    # unchanged (1 to 1) is a point, judged by the factors
    assert rule(0.85, 1.0, 1.0) == "within ×1.25"
    # not a ratio: 1 is an ordinary bound
    assert rule(0.9, 1.0, math.inf, ratio=False) == "within ×1.25"


def test_rows_are_complete(rows: list[validation.Row]) -> None:
    keys = set(re.findall(r"^@\w+\{([^,]+),", BIB.read_text(encoding="utf-8"), re.M))
    for row in rows:
        assert row.kind in validation.KINDS
        for text in (row.observation, row.published, row.method, row.note):
            assert text, row
        assert row.sources, row.observation
        assert set(row.sources) <= keys, row.sources
        assert math.isfinite(row.model), row.observation
        assert row.low <= row.high
        assert row.verdict.replace("calibrated (", "").rstrip(")") in validation.VERDICTS


def test_at_least_twelve_independent_quantitative_rows(rows: list[validation.Row]) -> None:
    independent = [r for r in rows if r.kind == "independent"]
    # quantitative: a bounded published range, not a direction only
    quantitative = [r for r in independent if math.isfinite(r.high) or r.low > 1.0]
    assert len(quantitative) >= 12
    assert {r.transmitter for r in quantitative} == set(presets())


def test_every_scenario_has_a_row(rows: list[validation.Row]) -> None:
    covered = {(r.transmitter, r.scenario) for r in rows if r.kind == "independent"}
    for preset in presets():
        for name in scenarios(preset):
            if name != "healthy":
                assert (preset, name) in covered, (preset, name)


def test_independent_rows_are_listed_first_and_misses_stay(rows: list[validation.Row]) -> None:
    kinds = [validation.KINDS.index(r.kind) for r in rows]
    assert kinds == sorted(kinds)
    misses = [r for r in rows if r.verdict == "misses"]
    assert misses, "a table without a miss would be suspicious; the known misses must stay"
    for row in misses:
        assert len(row.note) > 40  # the reason is given


def test_circular_rows_are_not_counted(rows: list[validation.Row]) -> None:
    for row in rows:
        if "Km/Vmax" in row.observation or "computed from" in row.method:
            assert row.kind == "consistency"


def test_scenario_review_gives_chronic_and_acute_effects() -> None:
    review = validation.scenario_review()
    names = {(r["preset"], r["scenario"]) for r in review}
    assert names == {(p, s) for p in presets() for s in scenarios(p) if s != "healthy"}
    by = {(r["preset"], r["scenario"]): r for r in review}
    # transporter loss: more glutamate in the cleft, and it lingers, chronically and acutely
    eaat = by[("glutamate", "eaat_impairment")]
    for when in ("chronic", "acute"):
        assert eaat[f"{when}_mean_cleft"] > 1.5  # type: ignore[operator]
        assert eaat[f"{when}_clearance_half_time"] > 1.5  # type: ignore[operator]
    # blocking SERT raises serotonin at once and in the chronic state
    ssri = by[("serotonin", "ssri")]
    assert ssri["acute_mean_cleft"] > 1.5  # type: ignore[operator]
    assert ssri["chronic_mean_cleft"] > 1.5  # type: ignore[operator]
    # a precursor cut acts through the stores: nothing in seconds, less in the chronic state
    trp = by[("serotonin", "tryptophan_depletion")]
    assert abs(trp["acute_mean_cleft"] - 1.0) < 0.05  # type: ignore[operator]
    assert trp["chronic_mean_cleft"] < 0.5  # type: ignore[operator]


def test_twenty_independent_rows_and_no_structural_row_counted(rows: list[validation.Row]) -> None:
    independent = [r for r in rows if r.kind == "independent"]
    assert len(independent) >= 20
    structural = [r for r in rows if r.kind == "consistency (structural)"]
    assert [(r.transmitter, r.scenario) for r in structural] == [("dopamine", "d2_antagonist")]
    verdicts = {v: sum(r.verdict == v for r in independent) for v in validation.VERDICTS}
    assert sum(verdicts.values()) == len(independent)
    assert verdicts["agrees"] < len(independent)  # the table is not tuned to agree


def _mean(values: dict[str, float], **acute: float) -> float:
    mean = simulate(values, duration=5.0, **acute).summary["mean_cleft"]
    assert mean is not None
    return mean


def test_the_structural_row_cannot_fail_and_the_acute_row_can() -> None:
    """Why the chronic D2 row is structural: the settled level ignores release-side and
    receptor parameters. The acute row can fail: without an autoreceptor it would give 1."""
    base = {name: p.value for name, p in parameters("dopamine").items()}
    level = _mean(base)
    for change in (
        {"receptor_block": 0.7, "autoreceptor_gain": 1.5},
        {"release_probability": 0.03},
        {"autoreceptor_gain": 0.0},
        {"pool_recovery_tau": 4.0},
    ):
        assert _mean({**base, **change}) == pytest.approx(level, rel=1e-4), change
    acute = {"receptor_block": 0.7, "autoreceptor_gain": 1.5}
    assert _mean(base, **acute) / level > 1.0
    no_feedback = {**base, "autoreceptor_gain": 0.0}
    ratio = _mean(no_feedback, receptor_block=0.7) / _mean(no_feedback)
    assert validation.verdict(ratio, 1.0, math.inf) == "misses"


def test_chronic_ssri_does_not_depend_on_the_autoreceptor() -> None:
    """The chronic SSRI row's note (science review F6): feedback on release cannot change the
    settled level, so it cannot explain the shortfall."""
    base = {name: p.value for name, p in parameters("serotonin").items()}
    ratios = []
    for gain in (5.0, 0.0):
        values = {**base, "autoreceptor_gain": gain}
        ratios.append(_mean({**values, "reuptake_block": 0.8}) / _mean(values))
    assert ratios[0] > 1.5
    assert ratios[1] == pytest.approx(ratios[0], rel=1e-4)


def test_the_counts_under_the_table(rows: list[validation.Row]) -> None:
    counts, directions = validation.verdict_counts()
    independent = [r for r in rows if r.kind == "independent"]
    assert sum(counts.values()) == len(independent)
    assert counts["misses"] == sum(r.verdict == "misses" for r in independent)
    # the direction-only rows that agree: DAT block is a range, not a direction
    agreeing = {r.observation for r in independent if r.verdict == "agrees"}
    assert directions == sum(
        validation.direction_only(r) for r in independent if r.observation in agreeing
    )
    assert directions >= 2  # the first D2-antagonist dose and the GLT-1 knockout
    from synapse_docs.tables import validation_table

    assert validation_table()[-1] == (
        f"Of the {len(independent)} independent rows, {counts['agrees']} agree ({directions} of "
        f"them give only a direction), {counts['within ×1.25']} are within ×1.25, "
        f"{counts['within 2×']} within 2× and {counts['misses']} miss."
    )
