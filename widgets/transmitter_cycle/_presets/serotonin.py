"""Serotonin preset: the parameter rows, the scenarios and their evidence (data only).

A serotonin terminal (raphe projection) and the extracellular space around it.
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
#: about 1 Hz)
FIGURE_SECONDS = 2.0

# name → row; every row says what kind of number it is and why (see ``_schema``)
PARAMETERS: dict[str, Row] = {
    "synthesis_rate": _assumed(
        0.077,
        0.0,
        1.0,
        "Adopted from the Best–Nijhout–Reed serotonin model: TPH Vmax 278 µM/h "
        "(= 0.077 µM/s), seen only in that model's code, where the Vmax was doubled to hold "
        "the model's steady state. A model parameter, not a measured enzyme rate.",
        source="best2010serotonin",
        where="secondary: model code (Fcns/VTPH.py of a public port); not checked in the paper",
        note="Tryptophan hydroxylase (TPH).",
    ),
    "synthesis_ki": _assumed(
        100.0,
        1.0,
        1000.0,
        "Illustrative, of the order of the dopamine preset's 110 µM: no end-product "
        "inhibition constant of TPH by serotonin was found (the Best–Reed models inhibit "
        "synthesis through the autoreceptor instead).",
        note=_SETTLED_KI,
    ),
    "precursor": _assumed(
        1.0,
        0.0,
        5.0,
        _RELATIVE,
        note="Tryptophan supply; 1 = normal.",
        plausible=(1.0, 1.0),
        plausible_why=_BY_DEFINITION,
    ),
    "packaging_vmax": _assumed(
        2.0,
        0.0,
        50.0,
        "Illustrative: no VMAT2 Vmax in this model's units was found; the Best–Reed model "
        "code uses 1230 µM/h (0.34 µM/s), so packaging here is about 6× faster.",
    ),
    "packaging_km": _assumed(
        0.5,
        0.01,
        100.0,
        "Illustrative: the Best–Reed model code quotes vesicular 5-HT uptake Km values of "
        "0.12–0.25 µM (secondary, not checked), so 0.5 µM is 2–4× higher.",
        plausible=(0.12, 0.5),
        plausible_why=(
            "from the compiled 0.12–0.25 µM (secondary, not checked) up to the value used here."
        ),
    ),
    "vesicle_capacity": _assumed(
        50.0,
        1.0,
        10000.0,
        "Illustrative size of the full vesicular store in the model's reference volume; "
        "no comparable measurement.",
        note=_SETTLED_RELEASE,
    ),
    "mao_rate": _assumed(
        1.5,
        0.0,
        20.0,
        "Chosen so that MAO removes most of the turnover; the ambient level that follows is "
        "therefore a consistency check, not a test. It is about 130× the first-order rate "
        "implied by the MAO of the Best–Reed model code (Km 95 µM, Vmax 4000 µM/h, i.e. "
        "0.012 /s; secondary).",
    ),
    "firing_rate": _row(
        1.0,
        0.0,
        50.0,
        kind="measured",
        source="lydic1984raphe",
        where="abstract: about 1 spike/s in slow-wave sleep (2–3 awake, 0.05 in REM sleep)",
        evidence="Dorsal raphe neurons of cats fire regularly at about 1 spike/s in "
        "slow-wave sleep; awake they fire 2–3 spikes/s, so 1 Hz is the quiet end.",
        note="Slow regular firing of raphe neurons.",
        plausible=(1.0, 3.0),
        plausible_why=(
            "from 1 spike/s in slow-wave sleep to 2–3 awake, as reported (lydic1984raphe); 0.05 "
            "in REM sleep is left out."
        ),
    ),
    "release_probability": _assumed(
        0.1,
        0.0,
        1.0,
        "Illustrative: no release probability of serotonin varicosities was found.",
        note=_SETTLED_RELEASE,
    ),
    "release_amount": _assumed(
        2.0,
        0.0,
        1000.0,
        "Illustrative: the Bunin–Wightman abstract (bunin1998serotonin) gives no "
        "concentration per pulse; not fitted to an observation.",
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
        "measured value. The Best et al. 2020 model treats this feedback through "
        "G-protein dynamics instead (best2020autoreceptor).",
        note="5-HT1 autoreceptor feedback." + " " + _SETTLED_RELEASE,
    ),
    "receptor_kon": _assumed(
        10.0,
        0.0,
        1000.0,
        "Illustrative: with receptor_koff it sets an EC50 of koff/kon = 0.1 µM; no "
        "serotonin-receptor rate constants were extracted from a source.",
        note="EC50 = koff/kon = 0.1 µM.",
    ),
    "receptor_koff": _assumed(
        1.0,
        0.0,
        1000.0,
        "Illustrative unbinding rate (1 s); sets the EC50 with receptor_kon.",
    ),
    "receptor_block": _assumed(0.0, 0.0, 1.0, _NO_ANTAGONIST),
    "reuptake_vmax": _row(
        0.5,
        0.0,
        10.0,
        kind="measured",
        source="bunin1998serotonin",
        where="secondary: not in the paper's abstract; seen only in model code of the "
        "Best–Reed lineage (Fcns/VUP2.py of a public port), as 1800 µM/h (= 0.50 µM/s) "
        "labelled 'Vmax Wightman-Bunin', where it drives a second (glial) uptake; the "
        "lineage's SERT itself uses 0.069 µM/s",
        evidence="SERT Vmax from fast-scan voltammetry in rat brain slices, as attributed "
        "to Bunin & Wightman 1998; the paper's results were not checked.",
        note="SERT.",
        plausible=(0.069, 0.5),
        plausible_why=(
            "from the 0.069 µM/s of the lineage's own SERT to the 0.50 µM/s attributed to Bunin & "
            "Wightman, both seen only in model code (secondary)."
        ),
    ),
    "reuptake_km": _row(
        0.17,
        0.01,
        10.0,
        kind="measured",
        source="bunin1998serotonin",
        where="secondary: not in the paper's abstract; seen only in model code "
        "(Fcns/VUP2.py: 'Km Wightman-bunin', 'Km is from Bunin98'); the lineage's SERT "
        "itself uses Km 0.060 µM",
        evidence="SERT Km 0.17 µM from fast-scan voltammetry in rat brain slices, as "
        "attributed to Bunin & Wightman 1998; the paper's results were not checked.",
        note="SERT.",
        plausible=(0.06, 0.17),
        plausible_why=(
            "from the 0.060 µM of the lineage's own SERT to the 0.17 µM attributed to Bunin & "
            "Wightman, both seen only in model code (secondary)."
        ),
    ),
    "reuptake_block": _assumed(0.0, 0.0, 1.0, _NO_DRUG),
    "enzyme_rate": _assumed(
        0.0, 0.0, 100.0, "Extracellular breakdown of serotonin is left out (rate 0)."
    ),
    "glia_vmax": _assumed(0.0, 0.0, 100.0, _NO_GLIA),
    "glia_km": _assumed(1.0, 0.01, 1000.0, _GLIA_IDLE, note=_SETTLED_IDLE),
    "glia_return_rate": _assumed(1.0, 0.0, 100.0, _GLIA_IDLE, note=_SETTLED_IDLE),
    "diffusion_rate": _assumed(
        0.2,
        0.0,
        1000.0,
        "Illustrative escape rate; no measured value for serotonin was found.",
    ),
    "spill_return": _assumed(
        0.0,
        0.0,
        1.0,
        "Escaped serotonin is not returned (glial uptake is left out).",
        plausible=(0.0, 0.0),
        plausible_why="0 only: escaped transmitter is not returned in this preset.",
    ),
}

SCENARIOS: tuple[Scenario, ...] = (
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
)

# scenario → parameter it changes → (source, where, why): a scenario's value is an assumption
EVIDENCE: dict[str, dict[str, tuple[str, str, str]]] = {
    "ssri": {
        "reuptake_block": (
            "meyer2004occupancy",
            "abstract: 76–85 % SERT occupancy at minimum therapeutic doses",
            "About 80 %, inside the range measured by PET.",
        )
    },
    "tryptophan_depletion": {
        "precursor": (_A, "", "Size chosen for illustration (supply cut to 30 %).")
    },
    "maoi": {"mao_rate": (_A, "", "Size chosen for illustration (MAO cut to 10 %).")},
    "reserpine": {
        "packaging_vmax": (_A, "", "Size chosen for illustration (packaging cut to 5 %).")
    },
}
