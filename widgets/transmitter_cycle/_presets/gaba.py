"""GABA preset: the parameter rows, the scenarios and their evidence (data only).

A GABAergic synapse: the terminal, the cleft and the astrocytes around it.
See ``_schema`` for what each row carries and ``_params`` for how the rows are looked up.
"""

from __future__ import annotations

from .._schema import (
    _A,
    _BY_DEFINITION,
    _NO_ANTAGONIST,
    _NO_DRUG,
    _RELATIVE,
    _SETTLED_DIFFUSION,
    _SETTLED_RELEASE,
    _SETTLED_RETURN,
    _SPILL_LIMIT,
    Row,
    Scenario,
    _assumed,
    _row,
)

#: simulated seconds a figure shows when its fence gives none: a cleft transient (milliseconds) with
#: its recovery
FIGURE_SECONDS = 0.2

# name → row; every row says what kind of number it is and why (see ``_schema``)
PARAMETERS: dict[str, Row] = {
    "synthesis_rate": _assumed(
        400.0,
        0.0,
        10000.0,
        "Illustrative synthesis by GAD from glutamate in the model's reference volume, as "
        "for glutamate; the tissue-averaged fluxes measured by MRS are not per synapse.",
    ),
    "synthesis_ki": _assumed(
        5000.0,
        1.0,
        100000.0,
        "Illustrative: caps synthesis when cytosolic GABA is high; no measured value.",
    ),
    "precursor": _assumed(
        1.0, 0.0, 5.0, _RELATIVE, plausible=(1.0, 1.0), plausible_why=_BY_DEFINITION
    ),
    "packaging_vmax": _row(
        134000.0,
        0.0,
        1000000.0,
        kind="calibrated",
        source="mozrzymas2003protons",
        where="abstract: synaptic GABA transient with a peak of 1.5–3 mM, from the "
        "modulation of GABAA receptors by protons (kinetic-model fit)",
        evidence="In the steady state packaging refills what each spike releases, so this "
        "rate sets the release per spike: fitted to a peak of about 2 mM in the cleft, "
        "which is therefore not a test of the model.",
        note="VGAT.",
        plausible=(100500.0, 200800.0),
        plausible_why=(
            "the rates that keep the peak within the published 1.5–3 mM (the peak is proportional "
            "to this rate; the default gives 2.0 mM)."
        ),
    ),
    "packaging_km": _row(
        5600.0,
        1.0,
        100000.0,
        kind="measured",
        source="fykse1988vesicular",
        where="abstract: MgATP-dependent GABA uptake by a rat-brain synaptic-vesicle "
        "fraction, Km 5.6 mM",
        evidence="Vesicular GABA uptake has a low affinity, Km 5.6 mM.",
        note="VGAT.",
        plausible=(5600.0, 5600.0),
        plausible_why="a point value in the abstract; no spread seen.",
    ),
    "vesicle_capacity": _assumed(
        50000.0,
        1.0,
        1000000.0,
        "Illustrative size of the full vesicular store in the model's reference volume; "
        "no comparable measurement.",
        note=_SETTLED_RELEASE,
    ),
    "mao_rate": _assumed(
        0.34,
        0.0,
        10.0,
        "Stands for GABA transaminase in the terminal (GABA is not an MAO substrate): the "
        "loss that balances synthesis, since spill-over returns through glia; chosen like "
        "glutamate's, not fitted to an observation.",
        note="GABA is not an MAO substrate: for GABA this rate stands for GABA "
        "transaminase, which works inside cells (the model has none in the cleft).",
    ),
    "firing_rate": _assumed(
        10.0,
        0.0,
        50.0,
        "Illustrative steady firing of a GABA neuron; rates differ widely between cell "
        "types and states, and none was checked for one synapse type.",
    ),
    "release_probability": _row(
        0.5,
        0.0,
        1.0,
        kind="measured",
        source="kraushaar2000efficacy",
        where="abstract: release probability about 0.5 per release site, rat dentate "
        "basket cell to granule cell, paired recordings in slices",
        evidence="About 0.5 per release site at a hippocampal interneuron–principal "
        "neuron synapse.",
        plausible=(0.5, 0.5),
        plausible_why="a point value (about 0.5) in the abstract.",
        note=_SETTLED_RELEASE,
    ),
    "release_amount": _assumed(
        57000.0,
        0.0,
        100000.0,
        "Chosen so that the steady vesicular store sits near vesicle_capacity at 10 Hz "
        "(the release per spike is set by packaging); not fitted to an observation.",
        note=_SETTLED_RELEASE,
    ),
    "pool_recovery_tau": _assumed(
        2.0,
        0.01,
        30.0,
        "Borrowed: recovery from paired-pulse depression took τ = 2 s at the basket-cell "
        "synapse (kraushaar2000efficacy), which found the depression independent of "
        "previous release, so it is not a measured refilling of the pool.",
        source="kraushaar2000efficacy",
        where="abstract: recovery from paired-pulse depression, τ = 2 s",
        note=_SETTLED_RELEASE,
    ),
    "autoreceptor_gain": _assumed(0.0, 0.0, 100.0, "Presynaptic GABA-B feedback is left out."),
    "receptor_kon": _assumed(
        6.0,
        0.0,
        1000.0,
        "Illustrative GABAA-like receptor, EC50 koff/kon ≈ 170 µM: binding and unbinding "
        "rates of a published GABAA scheme as quoted in a review's figure legend "
        "(secondary); 1-ms applications gave an EC50 of 310 µM (perrais1999zolpidem).",
        note="GABAA-like receptor (binding only: no gating, no desensitisation).",
    ),
    "receptor_koff": _assumed(
        1000.0,
        0.0,
        10000.0,
        "Illustrative unbinding rate (1 ms); sets the EC50 with receptor_kon.",
    ),
    "receptor_block": _assumed(0.0, 0.0, 1.0, _NO_ANTAGONIST),
    "reuptake_vmax": _assumed(
        20000.0,
        0.0,
        2000000.0,
        "Illustrative GAT-1 rate in the model's reference volume: no transporter density or "
        "turnover was found in a form the model can use.",
        note="Neuronal GAT-1." + " " + _SETTLED_DIFFUSION,
    ),
    "reuptake_km": _row(
        11.7,
        0.1,
        10000.0,
        kind="measured",
        source="sitte2002gat1",
        where="abstract: rat GAT-1 expressed in HEK-293 cells, [3H]GABA uptake, Km 11.7 ± 1.8 µM",
        evidence="GAT-1 takes up GABA with a Km of about 12 µM.",
        note="GAT-1." + " " + _SETTLED_DIFFUSION,
        plausible=(9.9, 13.5),
        plausible_why="11.7 ± 1.8 µM, as reported.",
    ),
    "reuptake_block": _assumed(0.0, 0.0, 1.0, _NO_DRUG),
    "enzyme_rate": _assumed(
        0.0,
        0.0,
        100.0,
        "No breakdown in the cleft: GABA transaminase works inside neurons and astrocytes.",
    ),
    "glia_vmax": _assumed(
        20000.0,
        0.0,
        5000000.0,
        "Illustrative astrocytic GAT-3 rate; no comparable measurement was found.",
        note="Astrocytic GAT-3." + " " + _SETTLED_DIFFUSION,
    ),
    "glia_km": _assumed(
        10.0,
        0.1,
        10000.0,
        "Illustrative: no GAT-3 Km was checked against a source with its author and "
        "transporter name.",
        note=_SETTLED_DIFFUSION,
    ),
    "glia_return_rate": _assumed(
        0.5,
        0.0,
        100.0,
        "Illustrative return to the terminal (in astrocytes GABA is broken down and "
        "returned as glutamine, which the terminal turns back into GABA; simplified here "
        "to one step).",
        note=_SETTLED_RETURN,
    ),
    "diffusion_rate": _row(
        10000.0,
        0.0,
        100000.0,
        kind="calibrated",
        source="mozrzymas2003protons",
        where="abstract: clearance of the synaptic GABA transient with a time constant "
        "of 0.075–0.125 ms",
        evidence="Fitted to a clearance time constant of about 0.1 ms: at such levels "
        "transporters cannot clear the cleft that fast, so diffusion sets the decay; the "
        "decay is therefore not a test of the model.",
        note="Escape out of the synapse, where astrocytes take it up.",
        plausible=(8000.0, 13290.0),
        plausible_why=(
            "the rates that keep the clearance time constant within the published 0.075–0.125 ms "
            "(it is inversely proportional to this rate; the default gives 0.0997 ms)."
        ),
    ),
    "spill_return": _assumed(
        1.0,
        0.0,
        1.0,
        "As for glutamate: all spill-over is taken up by astrocytes and returned "
        "(through glutamine), so it is not a loss.",
        plausible=(1.0, 1.0),
        plausible_why=_SPILL_LIMIT,
    ),
}

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "tiagabine",
        "Tiagabine",
        "The antiepileptic drug tiagabine blocks the neuronal GABA transporter GAT-1 "
        "(fink1992tiagabine); the 80 % block is an assumption, since no measurement of "
        "GAT-1 occupancy at clinical doses was found. In rats it raised extracellular GABA "
        "2–3-fold; that GABA is outside the synapse, which the model does not have.",
        {"reuptake_block": 0.8},
        ("fink1992tiagabine",),
    ),
    Scenario(
        "vigabatrin",
        "Vigabatrin",
        "The antiepileptic drug vigabatrin irreversibly inhibits GABA transaminase, the "
        "enzyme that breaks GABA down; brain GABA measured by MRS rose about 2.4-fold in "
        "patients (petroff1996rapid). Here the terminal's breakdown is cut to 10 % (the "
        "size is an assumption); the model's glia do not break GABA down.",
        {"mao_rate": 0.034},
        ("petroff1996rapid",),
    ),
)

# scenario → parameter it changes → (source, where, why): a scenario's value is an assumption
EVIDENCE: dict[str, dict[str, tuple[str, str, str]]] = {
    "tiagabine": {
        "reuptake_block": (
            _A,
            "",
            "Size chosen for illustration (GAT-1 80 % blocked): no occupancy measurement found.",
        )
    },
    "vigabatrin": {
        "mao_rate": (_A, "", "Size chosen for illustration (GABA transaminase cut to 10 %).")
    },
}
