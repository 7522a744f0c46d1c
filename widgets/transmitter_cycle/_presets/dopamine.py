"""Dopamine preset: the parameter rows, the scenarios and their evidence (data only).

A striatal dopamine terminal and the extracellular space around it.
See ``_schema`` for what each row carries and ``_params`` for how the rows are looked up.
"""

from __future__ import annotations

from .._schema import (
    _A,
    _BY_DEFINITION,
    _GLIA_IDLE,
    _NO_ANTAGONIST,
    _NO_DRUG,
    _NO_GLIA,
    _RELATIVE,
    _SETTLED_IDLE,
    _SETTLED_KI,
    _SETTLED_RELEASE,
    _TAU_REC,
    _TAU_REC_RANGE_WHY,
    _TAU_REC_WHERE,
    Row,
    Scenario,
    _assumed,
    _row,
)

#: simulated seconds a figure shows when its fence gives none: a few tonic spikes (a monoamine at
#: about 4 Hz)
FIGURE_SECONDS = 2.0

# name → row; every row says what kind of number it is and why (see ``_schema``)
PARAMETERS: dict[str, Row] = {
    "synthesis_rate": _row(
        0.035,
        0.0,
        1.0,
        kind="calibrated",
        source="atcherley2015tonic",
        where="abstract: tonic dopamine 90 ± 9 nM in the mouse brain (FSCAV)",
        evidence="The Best et al. model's TH Vmax, 125 µM/h = 0.035 µM/s (best2009dopamine; "
        "secondary: its SBML file), kept because with the other rates it gives a tonic level "
        "near 90 nM; the mean level is about proportional to it (elasticity 1.1), so it is in "
        "effect fitted to the tonic level, which is therefore not a test of the model.",
        note="Tyrosine hydroxylase (TH).",
        plausible=(0.0296, 0.0354),
        plausible_why="the rates that keep the mean level within the published 90 ± 9 nM "
        "(the default gives 97 nM).",
    ),
    "synthesis_ki": _row(
        110.0,
        1.0,
        1000.0,
        kind="assumption",
        source="best2009dopamine",
        where="secondary: compiled in the Best et al. model, TH rate law of its SBML file "
        "(BioModels MODEL1502230000), Ki of cytosolic dopamine 110 µM; the primary "
        "measurement behind it was not checked",
        evidence="Borrowed: inhibition of TH by cytosolic dopamine, Ki 110 µM, in the Best "
        "model's rate law, where it acts on the cofactor term; here it divides the rate, a "
        "different law, so it is not a measurement of this constant. It barely moves the "
        "settled outputs (elasticity below 0.01).",
        plausible=(110.0, 110.0),
        plausible_why="a point value in a model file; no spread seen.",
        note=_SETTLED_KI,
    ),
    "precursor": _assumed(
        1.0,
        0.0,
        5.0,
        _RELATIVE,
        note="Tyrosine/L-DOPA supply; 1 = normal.",
        plausible=(1.0, 1.0),
        plausible_why=_BY_DEFINITION,
    ),
    "packaging_vmax": _assumed(
        10.0, 0.0, 100.0, "Illustrative: no VMAT2 Vmax for dopamine was found."
    ),
    "packaging_km": _row(
        3.0,
        0.01,
        100.0,
        kind="measured",
        source="best2009dopamine",
        where="secondary: compiled in the Best et al. model, VMAT Km 3 µM in its SBML file "
        "(BioModels MODEL1502230000); no primary VMAT2 measurement was checked",
        evidence="VMAT2 Km for dopamine, 3 µM.",
        plausible=(3.0, 3.0),
        plausible_why="a point value compiled in a model file; no spread seen.",
    ),
    "vesicle_capacity": _assumed(
        100.0,
        1.0,
        10000.0,
        "Illustrative size of the full vesicular store in the model's reference volume; "
        "no comparable measurement.",
        note=_SETTLED_RELEASE,
    ),
    "mao_rate": _assumed(
        0.04,
        0.0,
        10.0,
        "Illustrative first-order rate: no rate constant of MAO for cytosolic dopamine was found.",
    ),
    "firing_rate": _row(
        4.0,
        0.0,
        50.0,
        kind="measured",
        source="dreyer2010phasic",
        where="secondary: tonic firing 4 Hz of the Dreyer et al. model, as compiled in "
        "our research notes (via Wiencke et al. 2020) and as the default of a public "
        "dopamine diffusion-simulation script (p_r = 0.06, f_rate = 4); the paper's text "
        "was not checked",
        evidence="Tonic (pacemaker-like) firing of midbrain dopamine neurons, about 4 Hz.",
        plausible=(4.0, 4.0),
        plausible_why="a point value in two secondary sources; no spread seen.",
    ),
    "release_probability": _assumed(
        0.06,
        0.0,
        1.0,
        "Adopted from the Dreyer et al. model (0.06 per terminal per action potential, "
        "secondary: via model code). A model value, not seen as a measurement.",
        source="dreyer2010phasic",
        where="secondary: model code",
        note=_SETTLED_RELEASE,
    ),
    "release_amount": _assumed(
        7.5,
        0.0,
        1000.0,
        "Illustrative; not fitted to a measured dopamine concentration per pulse.",
        note=_SETTLED_RELEASE,
    ),
    "pool_recovery_tau": _assumed(
        0.8,
        0.01,
        30.0,
        _TAU_REC,
        source="tsodyks1997neural",
        where=_TAU_REC_WHERE,
        plausible=(0.8, 4.2),
        plausible_why=_TAU_REC_RANGE_WHY,
        note=_SETTLED_RELEASE,
    ),
    "autoreceptor_gain": _assumed(
        5.0,
        0.0,
        100.0,
        "Illustrative strength (release probability halves at 0.2 µM in the cleft); no "
        "measured value.",
        note="D2 autoreceptor feedback." + " " + _SETTLED_RELEASE,
    ),
    "receptor_kon": _assumed(
        20.0,
        0.0,
        1000.0,
        "Illustrative: with receptor_koff it sets an EC50 of 50 nM, meant for the "
        "high-affinity state in which most striatal D2 receptors are (richfield1989d1d2); "
        "no rate constants were extracted from a source.",
        note="D2-like receptor, EC50 = koff/kon = 50 nM.",
    ),
    "receptor_koff": _assumed(
        1.0,
        0.0,
        1000.0,
        "Illustrative unbinding rate (1 s); sets the EC50 with receptor_kon.",
    ),
    "receptor_block": _assumed(0.0, 0.0, 1.0, _NO_ANTAGONIST),
    "reuptake_vmax": _row(
        4.0,
        0.0,
        20.0,
        kind="measured",
        source="wiencke2020dacomp",
        where="secondary: compiled in Wiencke et al. 2020 (4.1 µM/s, from fits to "
        "voltammetry in rodent striatum; Wu et al. 2001: 3.8 µM/s), per our research "
        "notes; 4 µM/s is also the striatal value of a public dopamine toolbox's code",
        evidence="DAT Vmax ≈ 4 µM/s in striatum (about 1.5 µM/s in nucleus accumbens).",
        note="DAT.",
        plausible=(3.8, 4.1),
        plausible_why=(
            "Wu et al. 2001 (3.8) to Dreyer et al. 2010 (4.1 µM/s), as compiled (secondary), in "
            "striatum."
        ),
    ),
    "reuptake_km": _row(
        0.2,
        0.01,
        10.0,
        kind="measured",
        source="wiencke2020dacomp",
        where="secondary: compiled in Wiencke et al. 2020 (0.21 µM, from Dreyer et al. "
        "2010; Wu et al. 2001: 0.22 µM), per our research notes; the Best et al. model "
        "file also uses 0.2 µM",
        evidence="DAT Km ≈ 0.2 µM from fits to voltammetry in rodent striatum; a "
        "calibrated in-vivo method gives 0.32 µM in mice (atcherley2015calibration).",
        note="DAT.",
        plausible=(0.2, 0.22),
        plausible_why=(
            "0.20 (Best et al. model file) to 0.21–0.22 µM (Dreyer et al. 2010; Wu et al. 2001), "
            "as compiled (secondary)."
        ),
    ),
    "reuptake_block": _assumed(0.0, 0.0, 1.0, _NO_DRUG),
    "enzyme_rate": _assumed(
        0.1,
        0.0,
        100.0,
        "Illustrative: stands for all extracellular breakdown lumped together. It is not "
        "a COMT rate: COMT, often named here, is mainly intracellular.",
    ),
    "glia_vmax": _assumed(0.0, 0.0, 100.0, _NO_GLIA),
    "glia_km": _assumed(1.0, 0.01, 1000.0, _GLIA_IDLE, note=_SETTLED_IDLE),
    "glia_return_rate": _assumed(1.0, 0.0, 100.0, _GLIA_IDLE, note=_SETTLED_IDLE),
    "diffusion_rate": _assumed(
        0.1,
        0.0,
        1000.0,
        "Illustrative escape rate; no measured value was checked.",
    ),
    "spill_return": _assumed(
        0.0,
        0.0,
        1.0,
        "Escaped dopamine is not returned (glial uptake is left out).",
        plausible=(0.0, 0.0),
        plausible_why="0 only: escaped transmitter is not returned in this preset.",
    ),
}

_PARKINSON_LEFT = 0.4  # fraction of dopamine terminals left (a 60 % loss; see the scenario)
_PARKINSON = {
    "synthesis_rate": PARAMETERS["synthesis_rate"].value * _PARKINSON_LEFT,
    "reuptake_vmax": PARAMETERS["reuptake_vmax"].value * _PARKINSON_LEFT,
    "release_amount": PARAMETERS["release_amount"].value * _PARKINSON_LEFT,
}

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "methylphenidate",
        "Methylphenidate",
        "DAT occupancy 55 %, close to the 54 % measured by PET after a 20 mg oral dose "
        "(40 mg gave 72 %) (volkow1998mph). The rise in extracellular dopamine "
        "(volkow2001mph) was measured in healthy adults at a higher dose, 0.8 mg/kg (about "
        "56 mg for 70 kg; 60 mg gave 74 % occupancy).",
        {"reuptake_block": 0.55},
        ("volkow1998mph", "volkow2001mph"),
    ),
    Scenario(
        "parkinson",
        "Parkinson's disease",
        "Loss of 60 % of dopamine terminals (synthesis, stores and DAT scale together). "
        "The 60 % is an assumption for a state somewhat past onset: imaging in early "
        "Parkinson's shows 35–45 % less striatal DAT binding (heng2023striatal), and "
        "48–68 % of nigral neurons are estimated lost at onset (fearnley1991ageing); it has "
        "been proposed that terminals are lost ahead of cell bodies (cheng2010axons). The "
        "familiar ~80 % "
        "is the loss of striatal dopamine content (tissue), not of terminals, and not an "
        "extracellular level.",
        dict(_PARKINSON),
        ("heng2023striatal", "fearnley1991ageing", "cheng2010axons"),
    ),
    Scenario(
        "l_dopa",
        "Parkinson's + levodopa",
        "The Parkinson state with levodopa: precursor supply tripled. Levodopa bypasses "
        "tyrosine hydroxylase; the model has a single synthesis step, so levodopa is shown "
        "as more supply to that step, still under end-product inhibition. The factor 3 is "
        "an assumption, not taken from a source.",
        {**_PARKINSON, "precursor": 3.0},
        ("bogetofte2020levodopa", "fahn2008history"),
    ),
    Scenario(
        "d2_antagonist",
        "D2 antagonist",
        "An antagonist occupies 70 % of postsynaptic D2 receptors (the receptor family: "
        "beaulieu2019dopamine), "
        "within the clinical range measured by PET: with haloperidol, response became "
        "likely above 65 % occupancy, raised prolactin above 72 % and motor side effects "
        "above 78 % (kapur2000d2occupancy). Autoreceptor feedback is weakened likewise "
        "(gain × 0.3, an assumption). An acute state: the model has no receptor "
        "up-regulation.",
        {"receptor_block": 0.7, "autoreceptor_gain": 1.5},
        ("kapur2000d2occupancy", "beaulieu2019dopamine"),
    ),
)

# scenario → parameter it changes → (source, where, why): a scenario's value is an assumption
EVIDENCE: dict[str, dict[str, tuple[str, str, str]]] = {
    "methylphenidate": {
        "reuptake_block": (
            "volkow1998mph",
            "abstract: 54 % DAT occupancy at 20 mg oral, 72 % at 40 mg",
            "55 %, close to the occupancy after a 20 mg oral dose.",
        )
    },
    "d2_antagonist": {
        "receptor_block": (
            "kapur2000d2occupancy",
            "abstract: response, hyperprolactinaemia and motor side effects likely above "
            "65 %, 72 % and 78 % D2 occupancy",
            "70 %, inside the clinical window measured by PET.",
        ),
        "autoreceptor_gain": (_A, "", "Weakened like the receptors: 5 × (1 − 0.7) = 1.5."),
    },
}
_TERMINALS = (
    "0.4 × the healthy value: 60 % of dopamine terminals lost (an assumption; see the scenario)."
)
for _name in ("parkinson", "l_dopa"):
    EVIDENCE[_name] = dict.fromkeys(_PARKINSON, (_A, "", _TERMINALS))
EVIDENCE["l_dopa"]["precursor"] = (
    _A,
    "",
    "Tripled: an assumption with no source (levodopa as extra supply to synthesis).",
)
