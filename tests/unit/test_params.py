"""Presets, scenarios and parameter checking."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transmitter_cycle import ParameterError, parameters, presets, scenarios, simulate

BIB = Path(__file__).resolve().parents[2] / "docs" / "references.bib"
KEYS = set(re.findall(r"^@\w+\{([^,]+),", BIB.read_text(encoding="utf-8"), re.M))

CONTRACT = {
    "serotonin": ["healthy", "ssri", "tryptophan_depletion", "maoi", "reserpine"],
    "dopamine": ["healthy", "methylphenidate", "parkinson", "l_dopa", "d2_antagonist"],
    "glutamate": ["healthy", "eaat_impairment"],
    "gaba": ["healthy", "tiagabine", "vigabatrin"],
}
NAMES = [
    "synthesis_rate",
    "synthesis_ki",
    "precursor",
    "packaging_vmax",
    "packaging_km",
    "mao_rate",
    "firing_rate",
    "release_probability",
    "release_amount",
    "pool_recovery_tau",
    "autoreceptor_gain",
    "receptor_kon",
    "receptor_koff",
    "receptor_block",
    "reuptake_vmax",
    "reuptake_km",
    "reuptake_block",
    "enzyme_rate",
    "glia_vmax",
    "glia_km",
    "glia_return_rate",
    "diffusion_rate",
]


def test_presets() -> None:
    assert presets() == ("serotonin", "dopamine", "glutamate", "gaba")


@pytest.mark.parametrize("preset", list(CONTRACT))
def test_scenario_names(preset: str) -> None:
    assert list(scenarios(preset)) == CONTRACT[preset]


@pytest.mark.parametrize("preset", list(CONTRACT))
def test_every_parameter_is_documented(preset: str) -> None:
    for scen in scenarios(preset):
        table = parameters(preset, scen)
        assert set(NAMES) <= set(table)
        stages = [p.stage for p in table.values()]
        order = ["production", "storage", "release", "reception", "removal"]
        assert stages == sorted(stages, key=order.index)
        for p in table.values():
            assert p.minimum <= p.value <= p.maximum, (scen, p.name)
            assert p.label
            assert p.description
            assert p.source == "assumption" or p.source in KEYS, p.source
            assert p.kind in ("measured", "calibrated", "derived", "assumption"), (scen, p.name)
            # the plausible range: inside the bounds, around the default, its reason given
            assert p.plausible is not None, (scen, p.name)
            low, high = p.plausible
            assert p.minimum <= low <= p.value <= high <= p.maximum, (scen, p.name)
            assert "Plausible" in p.evidence, (scen, p.name)


@pytest.mark.parametrize("preset", list(CONTRACT))
def test_scenario_sources_exist(preset: str) -> None:
    for scen in scenarios(preset).values():
        assert all(key in KEYS for key in scen.sources), scen.sources


def test_contested_claim_is_flagged() -> None:
    text = scenarios("serotonin")["tryptophan_depletion"].description
    assert "moncrieff2022serotonin" in text
    assert "jauhar2023leaky" in text


BAD = [
    (
        "preset",
        {"preset": "histamine"},
        r"'preset' must be one of serotonin, dopamine, glutamate, gaba",
    ),
    ("scenario", {"scenario": "ssri"}, r"'scenario' must be one of healthy, methylphenidate"),
    ("unknown-param", {"foo": 1.0}, r"'parameter' must be one of synthesis_rate"),
    ("bounds", {"reuptake_block": 1.4}, r"'reuptake_block' must be between 0 and 1 \(got 1.4\)"),
    ("nan", {"firing_rate": float("nan")}, r"'firing_rate' must be finite \(got nan\)"),
    ("inf", {"firing_rate": float("inf")}, r"'firing_rate' must be finite"),
    ("text", {"firing_rate": "fast"}, r"'firing_rate' must be a number \(got 'fast'\)"),
    ("duration-zero", {"duration": 0.0}, r"'duration' must be > 0 and at most 600 s"),
    ("duration-long", {"duration": 601.0}, r"'duration' must be > 0 and at most 600 s"),
    ("spikes-order", {"spikes": [0.5, 0.2]}, r"'spikes' must be strictly increasing"),
    ("spikes-range", {"spikes": [3.0]}, r"'spikes' must be between 0 and 2 \(got 3.0\)"),
    ("state", {"initial": {"foo": 1.0}}, r"'initial' must name one of cytosol"),
    ("state-range", {"initial": {"ready": 2.0}}, r"'ready' must be between 0 and 1"),
    ("points", {"dt_out": 1e-6}, r"'dt_out' gives more than 20001 output points"),
]


@pytest.mark.parametrize(("kwargs", "pattern"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_messages(kwargs: dict[str, object], pattern: str) -> None:
    args: dict[str, object] = {"preset": "dopamine", "duration": 2.0} | kwargs
    preset = args.pop("preset")
    with pytest.raises(ParameterError, match=pattern) as info:
        simulate(preset, **args)  # type: ignore[arg-type]
    assert info.value.field
    assert info.value.rule


def test_error_attributes() -> None:
    with pytest.raises(ParameterError) as info:
        simulate("dopamine", duration=1.0, reuptake_block=1.4)
    assert (info.value.field, info.value.rule, info.value.value) == (
        "reuptake_block",
        "must be between 0 and 1",
        1.4,
    )
    assert isinstance(info.value, ValueError)


def test_a_row_with_a_bad_plausible_range_is_refused() -> None:
    """A preset row's range must lie in its bounds and contain its default; a measured,
    calibrated or derived row must give one, with its reason (checked when the data load)."""
    from transmitter_cycle._schema import _assumed, _row

    good = _row(
        2.0,
        0.0,
        10.0,
        kind="measured",
        evidence="E.",
        source="x",
        where="w",
        plausible=(1.0, 3.0),
        plausible_why="as reported.",
    )
    assert good.plausible == (1.0, 3.0)
    assert good.evidence == "E. Plausible 1–3: as reported."
    cases = [
        ({"plausible": (2.5, 3.0), "plausible_why": "r."}, "contain the default"),
        ({"plausible": (1.0, 11.0), "plausible_why": "r."}, "within the bounds"),
        ({"plausible": (1.0, 3.0)}, "needs its reason"),
        ({}, "must be given for a measured value"),
    ]
    for more, rule in cases:
        with pytest.raises(ParameterError, match=rule) as caught:
            _row(2.0, 0.0, 10.0, kind="measured", evidence="E.", **more)  # type: ignore[arg-type]
        assert caught.value.field == "plausible"
    with pytest.raises(ParameterError, match="kind"):
        _row(2.0, 0.0, 10.0, kind="guessed", evidence="E.")
    # an assumption without a range: a factor 2 either side, clipped to the bounds, said so
    assumed = _assumed(0.8, 0.0, 1.0, "Why.")
    assert assumed.plausible == (0.4, 1.0)
    assert "a factor 2 either side" in assumed.evidence
    assert _assumed(0.0, 0.0, 1.0, "Off.").plausible == (0.0, 0.0)


def test_breakdown_names_each_transmitter_s_own_enzyme() -> None:
    labels = {preset: parameters(preset)["mao_rate"] for preset in presets()}
    assert labels["serotonin"].label == labels["dopamine"].label == "MAO breakdown"
    assert labels["gaba"].label == "GABA transaminase breakdown"
    assert labels["glutamate"].label == "Breakdown in the terminal"
    for preset in ("gaba", "glutamate"):
        assert "by monoamine oxidase" not in labels[preset].description
        assert "MAO" not in labels[preset].label
