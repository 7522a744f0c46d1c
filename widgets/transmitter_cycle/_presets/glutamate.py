"""Glutamate preset: the parameter rows, the scenarios and their evidence (data only).

A glutamatergic synapse: the terminal, the cleft and the astrocytes around it.
See ``_schema`` for what each row carries and ``_params`` for how the rows are looked up.
"""

from __future__ import annotations

from .._schema import (
    _A,
    _BY_DEFINITION,
    _NO_ANTAGONIST,
    _NO_DRUG,
    _RELATIVE,
    _SETTLED_NEURONAL,
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
        "Illustrative de-novo synthesis in the model's reference volume; most of the pool "
        "comes back from glia instead (glia_return_rate).",
        note="De-novo synthesis; glutamine from glia supplies most of the pool.",
    ),
    "synthesis_ki": _assumed(
        5000.0,
        1.0,
        100000.0,
        "Illustrative: caps synthesis when cytosolic glutamate is high; no measured value.",
    ),
    "precursor": _assumed(
        1.0, 0.0, 5.0, _RELATIVE, plausible=(1.0, 1.0), plausible_why=_BY_DEFINITION
    ),
    "packaging_vmax": _row(
        20000.0,
        0.0,
        200000.0,
        kind="calibrated",
        source="clements1992cleft",
        where="abstract: cleft glutamate peaks at about 1.1 mM (cultured hippocampal neurons)",
        evidence="In the steady state packaging refills what each spike releases, so this rate "
        "sets the release per spike and the peak is proportional to it: fitted to the 1.1 mM "
        "cleft peak, which is therefore not a test of the model. The fit is rough: the default "
        "gives 1.32 mM, about 20 % high.",
        note="VGLUT.",
        plausible=(13400.0, 20800.0),
        plausible_why="the rates that keep the peak within ×1.25 of 1.1 mM (0.88–1.375 mM).",
    ),
    "packaging_km": _row(
        2000.0,
        1.0,
        100000.0,
        kind="measured",
        source="carlsonvesicularglutamate",
        where="abstract: Km = 2 mM for ATP-dependent glutamate uptake by synaptic vesicles "
        "of rat brain, solubilised and reconstituted, 'indistinguishable' from intact "
        "vesicles",
        evidence="Vesicular glutamate uptake has a low affinity, Km 2 mM.",
        note="VGLUT.",
        plausible=(2000.0, 2000.0),
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
        "Chosen, once spill-over returned through glia, so that the healthy stores stay "
        "where they were; not fitted to an observation.",
        note="Glutamate is not a MAO substrate: for glutamate this rate stands for its "
        "metabolism in the terminal (oxidation, transamination), the loss that balances "
        "synthesis now that spill-over returns; 0.34 /s keeps the healthy stores where "
        "they were.",
    ),
    "firing_rate": _assumed(
        5.0,
        0.0,
        50.0,
        "Illustrative: within the rates at which hippocampal pyramidal cells fire when "
        "active (about 5–20 Hz, about 1 Hz at rest; compiled by BioNumbers, not checked "
        "against a primary source).",
        plausible=(1.0, 20.0),
        plausible_why=(
            "about 1 Hz at rest to 5–20 Hz when active (compiled by BioNumbers, not checked "
            "against a primary source)."
        ),
    ),
    "release_probability": _row(
        0.2,
        0.0,
        1.0,
        kind="measured",
        source="schneggenburger1999pool",
        where="abstract (record checked by the science review): about 0.2 of a "
        "700-quantum readily releasable pool per action potential, rat calyx of Held",
        evidence="Fraction of the ready pool released by one action potential at the "
        "calyx of Held, ≈ 0.2; at hippocampal synapses it varies up to ~0.9 "
        "(dobrunz1997heterogeneity).",
        note="Calyx of Held." + " " + _SETTLED_RELEASE,
        plausible=(0.2, 0.2),
        plausible_why="a point value (about 0.2) in the abstract, at one synapse type.",
    ),
    "release_amount": _assumed(
        9000.0,
        0.0,
        100000.0,
        "Illustrative. It does not set the peak (packaging_vmax does, through the steady "
        "state): it enters only as a ratio with vesicle_capacity and changes only the size of "
        "the vesicle store and the first spikes after a change, not the settled outputs.",
        note=_SETTLED_RELEASE,
    ),
    "pool_recovery_tau": _row(
        4.2,
        0.01,
        30.0,
        kind="measured",
        source="wesseling2002refill",
        where="abstract: the readily releasable pool is refilled at most at 0.24 /s "
        "(τ = 1/0.24 ≈ 4.2 s), rat hippocampal Schaffer-collateral synapses",
        evidence="First-order refilling of the readily releasable pool, the same form as here: "
        "0.24 /s, τ ≈ 4.2 s, at a hippocampal synapse (replacing the 0.8 s borrowed from the "
        "Tsodyks–Markram fit, tsodyks1997neural). It changes the first spikes after a change, "
        "not the settled outputs.",
        plausible=(4.2, 4.2),
        plausible_why="a point value in the abstract; no spread seen.",
        note=_SETTLED_RELEASE,
    ),
    "autoreceptor_gain": _assumed(0.0, 0.0, 100.0, "Metabotropic (mGluR) feedback is left out."),
    "receptor_kon": _assumed(
        1.0,
        0.0,
        1000.0,
        "Illustrative AMPA-like receptor: EC50 koff/kon = 500 µM. The same rate constants "
        "(1 /(ms·mM), 0.5 /ms) are used by a two-state AMPA scheme in public "
        "kinetic-model code; no primary source was checked.",
        note="AMPA-like receptor, EC50 = 500 µM.",
    ),
    "receptor_koff": _assumed(
        500.0,
        0.0,
        10000.0,
        "Illustrative unbinding rate (2 ms); sets the EC50 with receptor_kon.",
    ),
    "receptor_block": _assumed(0.0, 0.0, 1.0, _NO_ANTAGONIST),
    "reuptake_vmax": _assumed(
        20000.0,
        0.0,
        2000000.0,
        "Illustrative: neuronal uptake kept small (3 % of glial uptake), since astrocytic "
        "transporters dominate (lehre1998transporters).",
        note="Neuronal EAAT3.",
    ),
    "reuptake_km": _assumed(
        20.0,
        0.1,
        10000.0,
        "Illustrative: no EAAT Km was checked against a source.",
        note=_SETTLED_NEURONAL,
    ),
    "reuptake_block": _assumed(0.0, 0.0, 1.0, _NO_DRUG),
    "enzyme_rate": _assumed(0.0, 0.0, 100.0, "No extracellular breakdown of glutamate."),
    "glia_vmax": _row(
        600000.0,
        0.0,
        5000000.0,
        kind="calibrated",
        source="clements1992cleft",
        where="abstract: cleft glutamate decays with a time constant of about 1.2 ms",
        evidence="Fitted to the 1.2 ms decay of cleft glutamate, which is therefore not a "
        "test of the model. It is not taken from the published transporter densities "
        "(lehre1998transporters), which give no rate without a turnover number.",
        note="Astrocytic GLT-1/GLAST.",
        plausible=(570000.0, 950000.0),
        plausible_why=(
            "the rates that keep the decay within ×1.25 of the fitted 1.2 ms (0.96–1.5 ms), "
            "estimated from the local elasticity (−0.89); the default gives 1.45 ms, about 20 % "
            "slow."
        ),
    ),
    "glia_km": _assumed(
        20.0, 0.1, 10000.0, "Illustrative: no EAAT Km was checked against a source."
    ),
    "glia_return_rate": _assumed(
        0.5,
        0.0,
        100.0,
        "Illustrative rate of the return to the terminal (glutamate–glutamine cycle, "
        "simplified); no comparable measurement.",
        note="Glutamine return to the terminal." + " " + _SETTLED_RETURN,
    ),
    "diffusion_rate": _assumed(
        50.0,
        0.0,
        100000.0,
        "Illustrative escape rate from the cleft; no measured value was checked.",
        note="Spill-over out of the synapse.",
    ),
    "spill_return": _assumed(
        1.0,
        0.0,
        1.0,
        "The limiting case: all spill-over is taken up by astrocytes and returned, so it "
        "is not a loss (glutamate–glutamine cycle, purves2012neuroscience).",
        note="Astrocytes around the synapse take up what spills over and return it as "
        "glutamine (the glutamate–glutamine cycle), so spill-over is not a loss.",
        plausible=(1.0, 1.0),
        plausible_why=_SPILL_LIMIT,
    ),
}

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "eaat_impairment",
        "EAAT impairment",
        "Glial and neuronal glutamate "
        "transport cut to 30 %, as proposed in epilepsy and excitotoxicity.",
        {"glia_vmax": 180000.0, "reuptake_vmax": 6000.0},
        ("barkerhaliski2015glutamatergic", "lehre1998transporters"),
    ),
)

# scenario → parameter it changes → (source, where, why): a scenario's value is an assumption
EVIDENCE: dict[str, dict[str, tuple[str, str, str]]] = {
    "eaat_impairment": dict.fromkeys(
        ("glia_vmax", "reuptake_vmax"),
        (_A, "", "Size chosen for illustration (transport cut to 30 %)."),
    ),
}
