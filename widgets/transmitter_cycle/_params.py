"""Parameters, presets and scenarios: every number with a unit, bounds and a source.

A source is a key of ``docs/references.bib`` (checked by the tests) or the word ``assumption``
for an illustrative value chosen by us. Where a value was calibrated so that one observation is
matched (for example ``release_amount``), the description says so and the validation table
reports that observation as "calibrated", not as a prediction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from ._errors import ParameterError

__all__ = [
    "NAMES",
    "STAGES",
    "Parameter",
    "Scenario",
    "parameters",
    "presets",
    "resolve",
    "scenarios",
]

STAGES = ("production", "storage", "release", "reception", "removal")


@dataclass(frozen=True)
class Parameter:
    """One model parameter as shown on a slider and in the parameter table.

    Attributes:
        name: public identifier (``"reuptake_block"``).
        label: short human label for a slider (``"Reuptake block"``).
        value: default value in this preset and scenario.
        unit: unit text (``"µM/s"``); ``""`` for a fraction 0–1, ``"×"`` for a relative factor.
        minimum: smallest allowed value (inclusive).
        maximum: largest allowed value (inclusive).
        description: what the parameter means and, if so, how its value was chosen.
        source: citation key in ``references.bib``, or ``"assumption"``.
        stage: one of ``production``, ``storage``, ``release``, ``reception``, ``removal``.
    """

    name: str
    label: str
    value: float
    unit: str
    minimum: float
    maximum: float
    description: str
    source: str
    stage: str


@dataclass(frozen=True)
class Scenario:
    """A named, cited change to a preset.

    Attributes:
        name: identifier (``"ssri"``).
        label: short human label.
        description: what is changed and why; says where the science is contested.
        changes: parameter name → new value.
        sources: citation keys supporting the change.
    """

    name: str
    label: str
    description: str
    changes: Mapping[str, float]
    sources: tuple[str, ...]


# name: (label, unit, stage, generic description)
_META: dict[str, tuple[str, str, str, str]] = {
    "synthesis_rate": (
        "Synthesis rate",
        "µM/s",
        "production",
        "Maximal rate of synthesis in the terminal (rate-limiting enzyme).",
    ),
    "synthesis_ki": (
        "End-product inhibition",
        "µM",
        "production",
        "Cytosolic level that halves synthesis (feedback inhibition).",
    ),
    "precursor": (
        "Precursor supply",
        "×",
        "production",
        "Precursor supply relative to normal (1 = normal).",
    ),
    "packaging_vmax": (
        "Packaging Vmax",
        "µM/s",
        "storage",
        "Maximal rate of vesicular packaging (VMAT2 or VGLUT).",
    ),
    "packaging_km": (
        "Packaging Km",
        "µM",
        "storage",
        "Cytosolic level at which packaging runs at half its maximal rate.",
    ),
    "vesicle_capacity": (
        "Vesicle store, full",
        "µM",
        "storage",
        "Vesicular store at which release is full size; release scales with "
        "vesicles / vesicle_capacity (added to the design's list).",
    ),
    "mao_rate": (
        "MAO breakdown",
        "1/s",
        "storage",
        "First-order breakdown of cytosolic transmitter by monoamine oxidase.",
    ),
    "firing_rate": ("Firing rate", "Hz", "release", "Tonic firing rate (regular spikes)."),
    "release_probability": (
        "Release probability",
        "",
        "release",
        "Fraction of the ready pool released by one action potential.",
    ),
    "release_amount": (
        "Release per full pool",
        "µM",
        "release",
        "Cleft concentration added by releasing the whole ready pool of full vesicles.",
    ),
    "pool_recovery_tau": (
        "Pool recovery time",
        "s",
        "release",
        "Time constant of refilling of the readily releasable pool.",
    ),
    "autoreceptor_gain": (
        "Autoreceptor feedback",
        "1/µM",
        "release",
        "Release probability is divided by 1 + gain × cleft level just before the spike.",
    ),
    "receptor_kon": (
        "Receptor binding rate",
        "1/(µM·s)",
        "reception",
        "Association rate constant of the postsynaptic receptor.",
    ),
    "receptor_koff": (
        "Receptor unbinding rate",
        "1/s",
        "reception",
        "Dissociation rate constant of the postsynaptic receptor.",
    ),
    "receptor_block": (
        "Receptor block",
        "",
        "reception",
        "Fraction of postsynaptic receptors occupied by an antagonist.",
    ),
    "reuptake_vmax": (
        "Reuptake Vmax",
        "µM/s",
        "removal",
        "Maximal rate of reuptake into the terminal (SERT, DAT, neuronal EAAT).",
    ),
    "reuptake_km": (
        "Reuptake Km",
        "µM",
        "removal",
        "Cleft level at which reuptake runs at half its maximal rate.",
    ),
    "reuptake_block": (
        "Reuptake block",
        "",
        "removal",
        "Fraction of transporters occupied by a competitive blocker (drug).",
    ),
    "enzyme_rate": (
        "Enzymes in the cleft",
        "1/s",
        "removal",
        "First-order breakdown in the extracellular space (COMT, for example).",
    ),
    "glia_vmax": (
        "Glial uptake Vmax",
        "µM/s",
        "removal",
        "Maximal rate of uptake into astrocytes.",
    ),
    "glia_km": (
        "Glial uptake Km",
        "µM",
        "removal",
        "Cleft level at which glial uptake runs at half its maximal rate.",
    ),
    "glia_return_rate": (
        "Glial return",
        "1/s",
        "removal",
        "Return from glia to the terminal (glutamate–glutamine cycle).",
    ),
    "diffusion_rate": (
        "Diffusion out",
        "1/s",
        "removal",
        "First-order escape from the synapse by diffusion.",
    ),
    "spill_return": (
        "Spill-over recaptured",
        "",
        "removal",
        "Fraction of the transmitter diffusing out of the synapse that astrocytes beyond it "
        "take up into the glial pool (returned to the terminal); the rest leaves the cycle.",
    ),
}

#: Public parameter names in stage order (the order of ``parameters()``).
NAMES: tuple[str, ...] = tuple(_META)

_A = "assumption"

# preset → name → (value, minimum, maximum, source, note appended to the description)
_Row = tuple[float, float, float, str, str]
_PRESETS: dict[str, dict[str, _Row]] = {
    "serotonin": {
        "synthesis_rate": (
            0.077,
            0.0,
            1.0,
            "best2010serotonin",
            "TPH Vmax 278 µM/h from the Best/Reed model lineage (secondary).",
        ),
        "synthesis_ki": (100.0, 1.0, 1000.0, _A, ""),
        "precursor": (1.0, 0.0, 5.0, _A, "Tryptophan supply; 1 = normal."),
        "packaging_vmax": (2.0, 0.0, 50.0, _A, ""),
        "packaging_km": (0.5, 0.01, 100.0, _A, ""),
        "vesicle_capacity": (50.0, 1.0, 10000.0, _A, ""),
        "mao_rate": (1.5, 0.0, 20.0, _A, "Chosen so that MAO removes most of the turnover."),
        "firing_rate": (1.0, 0.0, 50.0, _A, "Slow regular firing of raphe neurons."),
        "release_probability": (0.1, 0.0, 1.0, _A, ""),
        "release_amount": (2.0, 0.0, 1000.0, _A, ""),
        "pool_recovery_tau": (
            0.8,
            0.01,
            30.0,
            "tsodyks1997neural",
            "τ_rec 800 ms of the Tsodyks–Markram model (secondary).",
        ),
        "autoreceptor_gain": (5.0, 0.0, 100.0, _A, "5-HT1 autoreceptor feedback."),
        "receptor_kon": (10.0, 0.0, 1000.0, _A, "EC50 = koff/kon = 0.1 µM."),
        "receptor_koff": (1.0, 0.0, 1000.0, _A, ""),
        "receptor_block": (0.0, 0.0, 1.0, _A, ""),
        "reuptake_vmax": (0.5, 0.0, 10.0, "bunin1998serotonin", "SERT Vmax ≈ 0.5 µM/s."),
        "reuptake_km": (0.17, 0.01, 10.0, "bunin1998serotonin", "SERT Km 0.17 µM."),
        "reuptake_block": (0.0, 0.0, 1.0, _A, "0 = no drug."),
        "enzyme_rate": (0.0, 0.0, 100.0, _A, ""),
        "glia_vmax": (0.0, 0.0, 100.0, _A, "Glial monoamine uptake neglected."),
        "glia_km": (1.0, 0.01, 1000.0, _A, ""),
        "glia_return_rate": (1.0, 0.0, 100.0, _A, ""),
        "diffusion_rate": (0.2, 0.0, 1000.0, _A, ""),
        "spill_return": (0.0, 0.0, 1.0, _A, "Escaped serotonin is not returned."),
    },
    "dopamine": {
        "synthesis_rate": (
            0.035,
            0.0,
            1.0,
            "best2009dopamine",
            "TH Vmax 125 µM/h of the Best et al. model.",
        ),
        "synthesis_ki": (
            110.0,
            1.0,
            1000.0,
            "best2009dopamine",
            "Inhibition of TH by cytosolic dopamine, Ki 110 µM.",
        ),
        "precursor": (1.0, 0.0, 5.0, _A, "Tyrosine/L-DOPA supply; 1 = normal."),
        "packaging_vmax": (10.0, 0.0, 100.0, _A, ""),
        "packaging_km": (3.0, 0.01, 100.0, "best2009dopamine", "VMAT2 Km 3 µM."),
        "vesicle_capacity": (100.0, 1.0, 10000.0, _A, ""),
        "mao_rate": (0.04, 0.0, 10.0, _A, ""),
        "firing_rate": (4.0, 0.0, 50.0, "dreyer2010phasic", "Tonic firing ≈ 4 Hz (secondary)."),
        "release_probability": (
            0.06,
            0.0,
            1.0,
            "dreyer2010phasic",
            "0.06 per terminal per action potential (secondary).",
        ),
        "release_amount": (7.5, 0.0, 1000.0, _A, ""),
        "pool_recovery_tau": (
            0.8,
            0.01,
            30.0,
            "tsodyks1997neural",
            "τ_rec 800 ms of the Tsodyks–Markram model (secondary).",
        ),
        "autoreceptor_gain": (5.0, 0.0, 100.0, _A, "D2 autoreceptor feedback."),
        "receptor_kon": (20.0, 0.0, 1000.0, _A, "D2-like receptor, EC50 = koff/kon = 50 nM."),
        "receptor_koff": (1.0, 0.0, 1000.0, _A, ""),
        "receptor_block": (0.0, 0.0, 1.0, _A, ""),
        "reuptake_vmax": (4.0, 0.0, 20.0, "wiencke2020dacomp", "DAT Vmax ≈ 4 µM/s (striatum)."),
        "reuptake_km": (0.2, 0.01, 10.0, "wiencke2020dacomp", "DAT Km ≈ 0.2 µM."),
        "reuptake_block": (0.0, 0.0, 1.0, _A, "0 = no drug."),
        "enzyme_rate": (0.1, 0.0, 100.0, _A, "Extracellular COMT."),
        "glia_vmax": (0.0, 0.0, 100.0, _A, "Glial monoamine uptake neglected."),
        "glia_km": (1.0, 0.01, 1000.0, _A, ""),
        "glia_return_rate": (1.0, 0.0, 100.0, _A, ""),
        "diffusion_rate": (0.1, 0.0, 1000.0, _A, ""),
        "spill_return": (0.0, 0.0, 1.0, _A, "Escaped dopamine is not returned."),
    },
    "glutamate": {
        "synthesis_rate": (
            400.0,
            0.0,
            10000.0,
            _A,
            "De-novo synthesis; glutamine from glia supplies most of the pool.",
        ),
        "synthesis_ki": (5000.0, 1.0, 100000.0, _A, ""),
        "precursor": (1.0, 0.0, 5.0, _A, ""),
        "packaging_vmax": (20000.0, 0.0, 200000.0, _A, "VGLUT."),
        "packaging_km": (2000.0, 1.0, 100000.0, _A, ""),
        "vesicle_capacity": (50000.0, 1.0, 1000000.0, _A, ""),
        "mao_rate": (
            0.34,
            0.0,
            10.0,
            _A,
            "Glutamate is not a MAO substrate: for glutamate this rate stands for its "
            "metabolism in the terminal (oxidation, transamination), the loss that balances "
            "synthesis now that spill-over returns; 0.34 /s keeps the healthy stores where "
            "they were.",
        ),
        "firing_rate": (5.0, 0.0, 50.0, _A, ""),
        "release_probability": (
            0.2,
            0.0,
            1.0,
            "schneggenburger1999pool",
            "≈ 0.2 of the pool per action potential (calyx of Held).",
        ),
        "release_amount": (
            9000.0,
            0.0,
            100000.0,
            _A,
            "Calibrated to the 1.1 mM cleft peak of clements1992cleft.",
        ),
        "pool_recovery_tau": (
            0.8,
            0.01,
            30.0,
            "tsodyks1997neural",
            "τ_rec 800 ms of the Tsodyks–Markram model (secondary).",
        ),
        "autoreceptor_gain": (0.0, 0.0, 100.0, _A, "mGluR feedback left out."),
        "receptor_kon": (1.0, 0.0, 1000.0, _A, "AMPA-like receptor, EC50 = 500 µM."),
        "receptor_koff": (500.0, 0.0, 10000.0, _A, ""),
        "receptor_block": (0.0, 0.0, 1.0, _A, ""),
        "reuptake_vmax": (20000.0, 0.0, 2000000.0, _A, "Neuronal EAAT3."),
        "reuptake_km": (20.0, 0.1, 10000.0, _A, ""),
        "reuptake_block": (0.0, 0.0, 1.0, _A, ""),
        "enzyme_rate": (0.0, 0.0, 100.0, _A, "No extracellular breakdown."),
        "glia_vmax": (
            600000.0,
            0.0,
            5000000.0,
            "lehre1998transporters",
            "Astrocytic GLT-1/GLAST dominate (density); value calibrated to the "
            "1.2 ms decay of clements1992cleft.",
        ),
        "glia_km": (20.0, 0.1, 10000.0, _A, ""),
        "glia_return_rate": (0.5, 0.0, 100.0, _A, "Glutamine return to the terminal."),
        "diffusion_rate": (50.0, 0.0, 100000.0, _A, "Spill-over out of the synapse."),
        "spill_return": (
            1.0,
            0.0,
            1.0,
            _A,
            "Astrocytes around the synapse take up what spills over and return it as "
            "glutamine (the glutamate–glutamine cycle), so spill-over is not a loss.",
        ),
    },
}

_PARKINSON_LEFT = 0.4  # fraction of terminals left: between 48 % and 68 % neuron loss at onset

_SCENARIOS: dict[str, tuple[Scenario, ...]] = {
    "serotonin": (
        Scenario(
            "ssri",
            "SSRI",
            "A selective serotonin reuptake inhibitor occupies about 80 % "
            "of SERT at therapeutic doses. The blockade is immediate; mood effects take "
            "weeks, so this is a drug effect, not a model of recovery.",
            {"reuptake_block": 0.8},
            ("meyer2004occupancy", "meyer2001occupancy", "harmer2017antidepressants"),
        ),
        Scenario(
            "tryptophan_depletion",
            "Tryptophan depletion",
            "Precursor supply cut to 30 %. "
            "Whether low serotonin causes depression is contested: a review found no "
            "convincing evidence (moncrieff2022serotonin), a reply called that overstated, "
            "citing depletion studies (jauhar2023leaky).",
            {"precursor": 0.3},
            ("moncrieff2022serotonin", "jauhar2023leaky"),
        ),
        Scenario(
            "maoi",
            "MAO inhibitor",
            "Monoamine oxidase activity cut to 10 %: MAO breaks "
            "down cytosolic serotonin in the terminal (best2010serotonin). The size is an "
            "assumption.",
            {"mao_rate": 0.15},
            ("best2010serotonin",),
        ),
        Scenario(
            "reserpine",
            "Reserpine",
            "VMAT2 block: packaging cut to 5 %, so the vesicles "
            "empty; VMAT2 loads the vesicles that release depends on (best2010serotonin; "
            "gainetdinov2003monoamine). The size is an assumption.",
            {"packaging_vmax": 0.1},
            ("best2010serotonin", "gainetdinov2003monoamine"),
        ),
    ),
    "dopamine": (
        Scenario(
            "methylphenidate",
            "Methylphenidate",
            "DAT occupancy about 55 % (20 mg oral gave 54 %, 40 mg 72 %).",
            {"reuptake_block": 0.55},
            ("volkow1998mph", "volkow2001mph"),
        ),
        Scenario(
            "parkinson",
            "Parkinson's disease",
            "Loss of 60 % of dopamine terminals "
            "(synthesis, stores and DAT scale together); at onset 48–68 % of nigral "
            "neurons are lost and terminal loss runs ahead.",
            {
                "synthesis_rate": 0.035 * _PARKINSON_LEFT,
                "reuptake_vmax": 4.0 * _PARKINSON_LEFT,
                "release_amount": 7.5 * _PARKINSON_LEFT,
            },
            ("fearnley1991ageing", "cheng2010axons"),
        ),
        Scenario(
            "l_dopa",
            "Parkinson's + levodopa",
            "The Parkinson state with levodopa: "
            "precursor supply tripled (levodopa bypasses tyrosine hydroxylase).",
            {
                "synthesis_rate": 0.035 * _PARKINSON_LEFT,
                "reuptake_vmax": 4.0 * _PARKINSON_LEFT,
                "release_amount": 7.5 * _PARKINSON_LEFT,
                "precursor": 3.0,
            },
            ("bogetofte2020levodopa", "fahn2008history"),
        ),
        Scenario(
            "d2_antagonist",
            "D2 antagonist",
            "An antagonist occupies 70 % of "
            "postsynaptic D2 receptors and weakens autoreceptor feedback likewise.",
            {"receptor_block": 0.7, "autoreceptor_gain": 1.5},
            ("beaulieu2019dopamine",),
        ),
    ),
    "glutamate": (
        Scenario(
            "eaat_impairment",
            "EAAT impairment",
            "Glial and neuronal glutamate "
            "transport cut to 30 %, as proposed in epilepsy and excitotoxicity.",
            {"glia_vmax": 180000.0, "reuptake_vmax": 6000.0},
            ("barkerhaliski2015glutamatergic", "lehre1998transporters"),
        ),
    ),
}

_HEALTHY = Scenario("healthy", "Healthy", "The preset as published or assumed.", {}, ())


def presets() -> tuple[str, ...]:
    """Return the names of the transmitter presets."""
    return tuple(_PRESETS)


def _choices(field: str, value: object, valid: tuple[str, ...]) -> ParameterError:
    return ParameterError(field, "must be one of " + ", ".join(valid), value)


def _preset_rows(preset: str) -> dict[str, _Row]:
    if not isinstance(preset, str) or preset not in _PRESETS:
        raise _choices("preset", preset, presets())
    return _PRESETS[preset]


def scenarios(preset: str) -> Mapping[str, Scenario]:
    """Return the scenarios of ``preset`` in order, starting with ``healthy``.

    Raises:
        ParameterError: unknown preset.
    """
    _preset_rows(preset)
    return MappingProxyType({s.name: s for s in (_HEALTHY, *_SCENARIOS[preset])})


def _scenario(preset: str, scenario: str | None) -> Scenario:
    table = scenarios(preset)
    if scenario is None:
        return _HEALTHY
    if not isinstance(scenario, str) or scenario not in table:
        raise _choices("scenario", scenario, tuple(table))
    return table[scenario]


def check_value(name: str, value: object, minimum: float, maximum: float) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number within bounds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(name, "must be a number", value)
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise ParameterError(name, "must be finite", value)
    if not minimum <= number <= maximum:
        raise ParameterError(name, f"must be between {minimum:g} and {maximum:g}", value)
    return number


def _table(preset: str, scenario: Scenario) -> dict[str, Parameter]:
    rows = _preset_rows(preset)
    out: dict[str, Parameter] = {}
    for name in NAMES:
        label, unit, stage, text = _META[name]
        value, low, high, source, note = rows[name]
        if name in scenario.changes:
            value = scenario.changes[name]
        out[name] = Parameter(
            name, label, value, unit, low, high, f"{text} {note}".strip(), source, stage
        )
    return out


def parameters(preset: str, scenario: str | None = None) -> Mapping[str, Parameter]:
    """Return the parameters of ``preset`` (with ``scenario`` applied), in stage order.

    Raises:
        ParameterError: unknown preset or scenario.
    """
    return MappingProxyType(_table(preset, _scenario(preset, scenario)))


def _coerce_mapping(preset: Mapping[str, object]) -> dict[str, float]:
    values: dict[str, float] = {}
    for name, item in preset.items():
        if name not in _META:
            raise _choices("parameter", name, NAMES)
        raw = item.value if isinstance(item, Parameter) else item
        values[name] = check_value(name, raw, -math.inf, math.inf)
    missing = [name for name in NAMES if name not in values]
    if missing:
        raise ParameterError("preset", "is missing parameters " + ", ".join(missing), "mapping")
    return values


def resolve(
    preset: str | Mapping[str, object], scenario: str | None, overrides: Mapping[str, object]
) -> tuple[str, str, dict[str, float]]:
    """Resolve a preset name or mapping, a scenario and overrides to checked values.

    Returns:
        ``(preset_name, scenario_name, values)``; a mapping preset is named ``"custom"``.

    Raises:
        ParameterError: unknown names, non-numeric, non-finite or out-of-bounds values.
    """
    if isinstance(preset, str):
        table = _table(preset, _scenario(preset, scenario))
        bounds = {n: (p.minimum, p.maximum) for n, p in table.items()}
        values = {n: p.value for n, p in table.items()}
        name = preset
        scen = scenario or "healthy"
    elif isinstance(preset, Mapping):
        if scenario is not None:
            raise ParameterError("scenario", "needs a preset name, not a mapping", scenario)
        values = _coerce_mapping(preset)
        bounds = {n: _loosest(n) for n in NAMES}
        name, scen = "custom", "custom"
    else:
        raise _choices("preset", preset, presets())
    for key, value in overrides.items():
        if key not in values:
            raise _choices("parameter", key, NAMES)
        values[key] = check_value(key, value, *bounds[key])
    for key in NAMES:
        check_value(key, values[key], *bounds[key])
    return name, scen, values


def _loosest(name: str) -> tuple[float, float]:
    rows = [rows[name] for rows in _PRESETS.values()]
    return min(r[1] for r in rows), max(r[2] for r in rows)


def with_value(parameter: Parameter, value: float) -> Parameter:
    """Return a copy of ``parameter`` with a new value (helper for the tables)."""
    return replace(parameter, value=value)
