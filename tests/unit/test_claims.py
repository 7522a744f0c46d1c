"""The claims grammar: each form parses and evaluates; each mistake has its message."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pytest

from synapse_figures.claims import (
    ClaimError,
    check,
    evaluate,
    moved,
    parse_claim,
    parse_claims,
    sentence,
    show,
    span,
)
from transmitter_cycle import ParameterError, parameters, simulate

P = parameters("serotonin")


def parse(text: str, compare: str | None = "healthy", says: str = "") -> object:
    return parse_claim(text, P, compare=compare, says=says)


@pytest.mark.parametrize(
    ("text", "metric", "op", "low", "high", "factor"),
    [
        ("mean_cleft > 1.5 × compare", "mean_cleft", ">", math.nan, math.nan, 1.5),
        ("mean_cleft > 1.5 x compare", "mean_cleft", ">", math.nan, math.nan, 1.5),
        ("mean_cleft > 1.5*compare", "mean_cleft", ">", math.nan, math.nan, 1.5),
        ("clearance_half_time > compare", "clearance_half_time", ">", math.nan, math.nan, 1.0),
        ("vesicles_remaining < 0.5", "vesicles_remaining", "<", 0.5, math.nan, None),
        ("mean_occupancy ≥ 0.2", "mean_occupancy", ">=", 0.2, math.nan, None),
        ("peak_cleft between 800 and 1500", "peak_cleft", "between", 800.0, 1500.0, None),
        ("peak_cleft between 800 µM and 1500 µM", "peak_cleft", "between", 800.0, 1500.0, None),
        ("clearance_half_time <= 0.5 s", "clearance_half_time", "<=", 0.5, math.nan, None),
    ],
)
def test_metric_forms(
    text: str, metric: str, op: str, low: float, high: float, factor: float | None
) -> None:
    claim = parse(text)
    assert claim.metric == metric  # type: ignore[attr-defined]
    assert claim.op == op  # type: ignore[attr-defined]
    assert claim.factor == factor  # type: ignore[attr-defined]
    for got, want in ((claim.low, low), (claim.high, high)):  # type: ignore[attr-defined]
        assert (math.isnan(got) and math.isnan(want)) or got == want


@pytest.mark.parametrize(
    ("text", "parameter", "raising", "op"),
    [
        ("raising reuptake_block raises mean_cleft", "reuptake_block", True, "up"),
        ("raising reuptake_block from 0 to 80 % raises mean_cleft", "reuptake_block", True, "up"),
        ("lowering firing_rate from 4 Hz to 1 Hz lowers peak_cleft", "firing_rate", False, "down"),
        ("lowering precursor lowers mean_cleft", "precursor", False, "down"),
        ("lowering reuptake_vmax slows clearance_half_time", "reuptake_vmax", False, "up"),
        ("raising reuptake_vmax speeds clearance_half_time", "reuptake_vmax", True, "down"),
    ],
)
def test_direction_forms(text: str, parameter: str, raising: bool, op: str) -> None:
    claim = parse(text)
    assert claim.direction  # type: ignore[attr-defined]
    assert claim.parameter == parameter  # type: ignore[attr-defined]
    assert claim.raising is raising  # type: ignore[attr-defined]
    assert claim.op == op  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "compare", "message"),
    [
        ("mean_clef > compare", "healthy", "unknown metric 'mean_clef'; valid: mean_cleft,"),
        ("mean_cleft > compare", None, "uses 'compare', but the figure has no 'compare:'"),
        ("mean_cleft is high", "healthy", "expected a comparison after mean_cleft; valid: >,"),
        ("mean_cleft >", "healthy", "nothing to compare mean_cleft with after '>'"),
        ("mean_cleft > lots", "healthy", "expected a number, got 'lots'"),
        ("mean_cleft > 2 × comparison", "healthy", "expected '<factor> × compare'"),
        ("mean_cleft > 0 × compare", "healthy", "the factor before '× compare' must be a positive"),
        ("peak_cleft between 1500 and 800", "healthy", "needs the smaller number first"),
        ("peak_cleft > 1 s", "healthy", "'s' is not this metric's unit: it is in µM"),
        ("mean_occupancy > 1 µM", "healthy", "it is in a plain number (a fraction 0–1)"),
        ("raising reuptake_blok raises mean_cleft", "healthy", "unknown parameter 'reuptake_blok'"),
        (
            "raising reuptake_block slows mean_cleft",
            "healthy",
            "'slows' is for clearance_half_time",
        ),
        ("raising reuptake_block makes mean_cleft", "healthy", "a direction claim reads"),
        (
            "raising reuptake_block from 0.8 to 0.2 raises mean_cleft",
            "healthy",
            "the second value must be higher",
        ),
        (
            "raising reuptake_block from 0 to 180 % raises mean_cleft",
            "healthy",
            "reuptake_block 180 % is outside its bounds 0 to 1",
        ),
        (
            "raising firing_rate from 1 to 5 µM raises mean_cleft",
            "healthy",
            "'µM' is not the unit of firing_rate: it is Hz",
        ),
        ("", "healthy", "must be a statement such as"),
    ],
)
def test_errors_name_the_claim_and_the_valid_words(
    text: str, compare: str | None, message: str
) -> None:
    with pytest.raises(ClaimError, match=None) as caught:
        parse(text, compare)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"claim {text!r}: ")
    assert isinstance(caught.value, ParameterError)  # a ValueError subclass naming the field
    assert caught.value.field == "claims"


def test_metric_claims_evaluate_on_summaries() -> None:
    ssri = simulate("serotonin", scenario="ssri", duration=2.0).summary
    healthy = simulate("serotonin", duration=2.0).summary
    up = evaluate(
        parse("mean_cleft > 1.5 × compare"), ssri, compare=healthy, compare_label="healthy"
    )
    assert up.holds
    assert up.value == ssri["mean_cleft"]
    assert up.other == healthy["mean_cleft"]
    assert "healthy" in up.detail
    assert "×" in up.detail
    too_much = evaluate(parse("mean_cleft > 5 × compare"), ssri, compare=healthy)
    assert not too_much.holds
    low = evaluate(parse("mean_occupancy < 0.01"), ssri)
    assert not low.holds
    # occupancy in %, three significant figures, its plain name
    assert low.detail == f"mean receptor occupancy {100 * ssri['mean_occupancy']:.3g} %"


def test_direction_claims_move_the_parameter_over_a_visible_step() -> None:
    claim = parse("raising reuptake_block raises mean_cleft")
    # a quarter of the slider's track from where it is, in the claim's direction
    assert span(claim, P["reuptake_block"], 0.0) == (0.0, pytest.approx(0.25))
    assert moved(claim, P["reuptake_block"], 0.0) == pytest.approx(0.25)
    base = simulate("serotonin", duration=2.0).summary
    after = simulate("serotonin", duration=2.0, reuptake_block=0.25).summary
    verdict = evaluate(
        claim, base, moved_summary=after, step=(0.0, 0.25), parameter=P["reuptake_block"]
    )
    assert verdict.holds
    assert verdict.detail.startswith("reuptake block 0 % → 25 %: mean level in the cleft ")
    assert "_" not in verdict.detail
    opposite = evaluate(
        parse("raising reuptake_block lowers mean_cleft"), base, moved_summary=after
    )
    assert not opposite.holds
    # at its bound the slider steps back from it: the claim is still checked, over a full step
    assert span(claim, P["reuptake_block"], 1.0) == (pytest.approx(0.75), 1.0)
    lowering = parse("lowering precursor lowers mean_cleft")
    assert span(lowering, P["precursor"], 0.0) == (pytest.approx(1.25), 0.0)
    # near a bound it stops there
    assert span(claim, P["reuptake_block"], 0.9) == (0.9, 1.0)
    # a stated step is used as stated, wherever the slider is
    stated = parse("raising reuptake_block from 0 to 80 % raises mean_cleft")
    assert span(stated, P["reuptake_block"], 0.3) == (0.0, pytest.approx(0.8))
    # a log track (pool recovery time: 0.01 to 30 s) moves through its positions
    a, b = span(parse("raising pool_recovery_tau lowers mean_cleft"), P["pool_recovery_tau"], 0.8)
    assert a == 0.8
    assert b > 4 * a


def test_a_direction_claim_needs_a_change_a_reader_can_see() -> None:
    claim = parse("raising reuptake_block raises mean_cleft")
    tiny = evaluate(claim, {"mean_cleft": 0.1}, moved_summary={"mean_cleft": 0.1005})
    assert tiny.holds is False
    assert "+0.5 %" in tiny.detail
    seen = evaluate(claim, {"mean_cleft": 0.073}, moved_summary={"mean_cleft": 0.16})
    assert seen.holds
    assert seen.detail == "mean level in the cleft 0.073 µM → 0.16 µM (2.2×)"


def test_an_undefined_measure_is_neutral_with_a_reason() -> None:
    verdict = evaluate(parse("clearance_half_time < 1"), {"clearance_half_time": None})
    assert verdict.holds is None
    assert verdict.verdict == "can't be measured here"
    assert verdict.detail == (
        "can't be measured here: no transmitter is released at these settings"
    )
    released = {"clearance_half_time": None, "single_release_peak": 0.2}
    assert evaluate(parse("clearance_half_time < 1"), released).detail == (
        "can't be measured here: a single release does not fall by half within the run"
    )


@pytest.mark.parametrize(
    ("value", "metric", "shown"),
    [
        (1.417e-79, "mean_cleft", "about 0 µM"),
        (0.16229, "mean_cleft", "0.162 µM"),
        (0.198, "mean_occupancy", "19.8 %"),
        (1.0, "vesicles_remaining", "100 %"),
        (0.319, "clearance_half_time", "319 ms"),
        (2.03, "clearance_half_time", "2.03 s"),
        (2000.0, "peak_cleft", "2000 µM"),
        (6.9e-05, "clearance_half_time", "0.069 ms"),
    ],
)
def test_values_in_a_readers_units(value: float, metric: str, shown: str) -> None:
    assert show(value, metric) == shown


def test_sentences() -> None:
    assert sentence(parse("mean_cleft > 1.5 × compare"), "healthy") == (
        "The mean level in the cleft is more than 1.5 times that of healthy."
    )
    assert sentence(parse("peak_cleft between 800 and 1500")) == (
        "The peak level in the cleft is between 800 µM and 1500 µM."
    )
    assert sentence(
        parse("lowering reuptake_vmax slows clearance_half_time"), label="Reuptake Vmax"
    ) == ("Lowering reuptake Vmax slows clearance (a longer half-time).")
    assert sentence(parse("mean_cleft > compare", says="SERT block raises serotonin.")) == (
        "SERT block raises serotonin."
    )


def test_parse_claims_takes_strings_and_sentences() -> None:
    claims = parse_claims(
        [
            "mean_cleft > compare",
            {"claim": "raising reuptake_block raises mean_cleft", "says": "More block, more."},
        ],
        P,
        compare="healthy",
    )
    assert [c.text for c in claims] == [
        "mean_cleft > compare",
        "raising reuptake_block raises mean_cleft",
    ]
    assert claims[1].says == "More block, more."
    assert parse_claims(None, P) == ()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("mean_cleft > 1", "claims must be a list of statements"),
        ([{"says": "x"}], "a claim with a sentence is {claim: ..., says: ...}"),
        ([{"claim": "mean_cleft > 1", "text": "x"}], "a claim with a sentence is"),
        (["mean_cleft > 1", "mean_cleft > 1"], "claim 'mean_cleft > 1': is given twice"),
        ([{"claim": "mean_cleft > 1", "says": 3}], "the reader's sentence ('says') must be text"),
    ],
)
def test_parse_claims_errors(raw: object, message: str) -> None:
    with pytest.raises(ClaimError) as caught:
        parse_claims(raw, P, compare="healthy")
    assert message in str(caught.value)


def test_check_costs_one_run_per_direction_claim_and_none_per_metric_claim() -> None:
    runs: list[dict[str, float]] = []

    def runner(values: Mapping[str, float]) -> Mapping[str, float | None]:
        runs.append(dict(values))
        return simulate("serotonin", duration=2.0, **values).summary

    healthy = simulate("serotonin", duration=2.0).summary
    claims = parse_claims(
        [
            "mean_cleft >= compare",
            "mean_occupancy < 1",
            "raising reuptake_block raises mean_cleft",
            "lowering reuptake_vmax raises mean_cleft",
        ],
        P,
        compare="healthy",
    )
    verdicts = check(
        claims, parameters=P, values={}, summary=healthy, runner=runner, compare=healthy
    )
    assert [v.holds for v in verdicts] == [True, True, True, True]
    assert runs == [{"reuptake_block": pytest.approx(0.25)}, {"reuptake_vmax": 0.0}]
    # at another setting the same claim is re-evaluated there
    blocked = simulate("serotonin", duration=2.0, reuptake_block=0.95).summary
    again = check(
        claims[2:3],
        parameters=P,
        values={"reuptake_block": 0.95},
        summary=blocked,
        runner=runner,
    )
    assert again[0].holds
    assert runs[-1] == {"reuptake_block": 1.0}


def test_a_direction_claim_at_its_bound_is_checked_over_the_step_back() -> None:
    """A slider at its maximum cannot be raised: the claim compares the step below it."""
    claims = parse_claims(["raising reuptake_block raises mean_cleft"], P)
    summary = simulate("serotonin", duration=2.0, reuptake_block=1.0).summary
    runs: list[dict[str, float]] = []

    def runner(values: Mapping[str, float]) -> Mapping[str, float | None]:
        runs.append(dict(values))
        return simulate("serotonin", duration=2.0, **values).summary

    (verdict,) = check(
        claims, parameters=P, values={"reuptake_block": 1.0}, summary=summary, runner=runner
    )
    assert runs == [{"reuptake_block": pytest.approx(0.75)}]
    assert verdict.holds is True
    assert verdict.detail.startswith("reuptake block 75 % → 100 %: ")
