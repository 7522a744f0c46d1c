"""Parameters, presets and scenarios: every number with a unit, bounds and its provenance.

Every parameter of every preset has one of three kinds (``KINDS``):

``measured``
    A source reports this value (after a unit conversion at most): ``source`` is its key in
    ``docs/references.bib`` and ``where`` says where the value was seen (abstract, table, text).
    ``where`` starts with "secondary:" when the value was seen only as compiled in a model, its
    code or a review, not in the primary paper. Enzyme and transporter constants (Km, Ki) and
    firing rates compiled this way count as measured; a model's own free parameters (a Vmax per
    reference volume, a release probability) do not: those are assumptions "adopted from" it.
``calibrated``
    Chosen so that the model matches one observation: ``source`` and ``where`` name that
    observation, which then validates nothing (the validation table says "calibrated").
``assumption``
    Chosen by us; ``evidence`` says why this value. A value that merely lies inside a published
    range is an assumption (the range may be named), not a measurement.

``evidence`` is one sentence for every kind: what the source reports, what was fitted, or why.
A citation key written in parentheses in it, ``(key)``, is a further reference (tables cite it).
A scenario's changed values are assumptions; ``_SCENARIO_EVIDENCE`` says where each comes from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from ._errors import ParameterError

__all__ = [
    "KINDS",
    "NAMES",
    "Parameter",
    "Scenario",
    "parameters",
    "presets",
    "resolve",
    "scenarios",
]


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
        source: citation key in ``references.bib`` of the evidence (the value's source, the
            observation it was fitted to, or the work an assumption borrows from), or
            ``"assumption"`` when there is none.
        stage: one of ``production``, ``storage``, ``release``, ``reception``, ``removal``.
        kind: ``measured``, ``calibrated`` or ``assumption`` (see the module docstring).
        where: where in ``source`` the value (or the fitted observation) was seen; starts
            with "secondary:" when seen only as compiled in a model, its code or a review.
        evidence: what the source reports, what the value was fitted to, or why it was chosen.
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
    kind: str = "assumption"
    where: str = ""
    evidence: str = ""


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
        "First-order breakdown in the extracellular space (all extracellular routes lumped "
        "together).",
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
KINDS = ("measured", "calibrated", "assumption")


class _Row(NamedTuple):
    """One preset row: value and bounds, then its provenance (see ``Parameter``)."""

    value: float
    low: float
    high: float
    kind: str
    source: str
    where: str
    evidence: str
    note: str


def _row(
    value: float,
    low: float,
    high: float,
    *,
    kind: str,
    evidence: str,
    source: str = _A,
    where: str = "",
    note: str = "",
) -> _Row:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    return _Row(value, low, high, kind, source, where, evidence, note)


def _assumed(value: float, low: float, high: float, why: str, **more: str) -> _Row:
    return _row(value, low, high, kind="assumption", evidence=why, **more)


_NO_DRUG = "0 = no drug: the healthy state."
_NO_ANTAGONIST = "0 = no antagonist: the healthy state."
_RELATIVE = "A relative factor: 1 = normal supply, by definition."
_TAU_REC = (
    "Borrowed for lack of a monoamine value: the 800 ms recovery time of the Tsodyks–Markram "
    "model, fitted to synapses between neocortical pyramidal neurons (secondary: simulator "
    "defaults and model code); not a measurement at this synapse. Refilling measured at "
    "hippocampal synapses is slower, τ ≈ 4 s (wesseling2002refill)."
)
_TAU_REC_WHERE = "secondary: τ_rec = 800 ms in simulator defaults and model code"
_NO_GLIA = "Glial uptake of monoamines is left out (rate 0)."
_GLIA_IDLE = "Placeholder: has no effect while glia_vmax and spill_return are 0."

# preset → name → row; every row says what kind of number it is and why (see the module docstring)
_PRESETS: dict[str, dict[str, _Row]] = {
    "serotonin": {
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
        ),
        "precursor": _assumed(1.0, 0.0, 5.0, _RELATIVE, note="Tryptophan supply; 1 = normal."),
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
        ),
        "vesicle_capacity": _assumed(
            50.0,
            1.0,
            10000.0,
            "Illustrative size of the full vesicular store in the model's reference volume; "
            "no comparable measurement.",
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
        ),
        "release_probability": _assumed(
            0.1,
            0.0,
            1.0,
            "Illustrative: no release probability of serotonin varicosities was found.",
        ),
        "release_amount": _assumed(
            2.0,
            0.0,
            1000.0,
            "Illustrative: the Bunin–Wightman abstract (bunin1998serotonin) gives no "
            "concentration per pulse; not fitted to an observation.",
        ),
        "pool_recovery_tau": _assumed(
            0.8, 0.01, 30.0, _TAU_REC, source="tsodyks1997neural", where=_TAU_REC_WHERE
        ),
        "autoreceptor_gain": _assumed(
            5.0,
            0.0,
            100.0,
            "Illustrative strength (release probability halves at 0.2 µM in the cleft); no "
            "measured value. The Best et al. 2020 model treats this feedback through "
            "G-protein dynamics instead (best2020autoreceptor).",
            note="5-HT1 autoreceptor feedback.",
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
        ),
        "reuptake_block": _assumed(0.0, 0.0, 1.0, _NO_DRUG),
        "enzyme_rate": _assumed(
            0.0, 0.0, 100.0, "Extracellular breakdown of serotonin is left out (rate 0)."
        ),
        "glia_vmax": _assumed(0.0, 0.0, 100.0, _NO_GLIA),
        "glia_km": _assumed(1.0, 0.01, 1000.0, _GLIA_IDLE),
        "glia_return_rate": _assumed(1.0, 0.0, 100.0, _GLIA_IDLE),
        "diffusion_rate": _assumed(
            0.2,
            0.0,
            1000.0,
            "Illustrative escape rate; no measured value for serotonin was found.",
        ),
        "spill_return": _assumed(
            0.0, 0.0, 1.0, "Escaped serotonin is not returned (glial uptake is left out)."
        ),
    },
    "dopamine": {
        "synthesis_rate": _assumed(
            0.035,
            0.0,
            1.0,
            "Adopted from the Best et al. dopamine model: TH Vmax 125 µM/h (= 0.035 µM/s). "
            "A model parameter, not seen as a measured enzyme rate.",
            source="best2009dopamine",
            where="secondary: the model's SBML file (BioModels MODEL1502230000)",
            note="Tyrosine hydroxylase (TH).",
        ),
        "synthesis_ki": _row(
            110.0,
            1.0,
            1000.0,
            kind="measured",
            source="best2009dopamine",
            where="secondary: compiled in the Best et al. model, TH rate law of its SBML file "
            "(BioModels MODEL1502230000), Ki of cytosolic dopamine 110 µM; the primary "
            "measurement behind it was not checked",
            evidence="Inhibition of TH by cytosolic dopamine, Ki 110 µM. The form differs: "
            "the Best model puts the inhibition on the cofactor term; here it divides the rate.",
        ),
        "precursor": _assumed(1.0, 0.0, 5.0, _RELATIVE, note="Tyrosine/L-DOPA supply; 1 = normal."),
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
        ),
        "vesicle_capacity": _assumed(
            100.0,
            1.0,
            10000.0,
            "Illustrative size of the full vesicular store in the model's reference volume; "
            "no comparable measurement.",
        ),
        "mao_rate": _assumed(
            0.04,
            0.0,
            10.0,
            "Illustrative first-order rate: no rate constant of MAO for cytosolic dopamine "
            "was found.",
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
        ),
        "release_probability": _assumed(
            0.06,
            0.0,
            1.0,
            "Adopted from the Dreyer et al. model (0.06 per terminal per action potential, "
            "secondary: via model code). A model value, not seen as a measurement.",
            source="dreyer2010phasic",
            where="secondary: model code",
        ),
        "release_amount": _assumed(
            7.5,
            0.0,
            1000.0,
            "Illustrative; not fitted to a measured dopamine concentration per pulse.",
        ),
        "pool_recovery_tau": _assumed(
            0.8, 0.01, 30.0, _TAU_REC, source="tsodyks1997neural", where=_TAU_REC_WHERE
        ),
        "autoreceptor_gain": _assumed(
            5.0,
            0.0,
            100.0,
            "Illustrative strength (release probability halves at 0.2 µM in the cleft); no "
            "measured value.",
            note="D2 autoreceptor feedback.",
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
        "glia_km": _assumed(1.0, 0.01, 1000.0, _GLIA_IDLE),
        "glia_return_rate": _assumed(1.0, 0.0, 100.0, _GLIA_IDLE),
        "diffusion_rate": _assumed(
            0.1,
            0.0,
            1000.0,
            "Illustrative escape rate; no measured value was checked.",
        ),
        "spill_return": _assumed(
            0.0, 0.0, 1.0, "Escaped dopamine is not returned (glial uptake is left out)."
        ),
    },
    "glutamate": {
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
        "precursor": _assumed(1.0, 0.0, 5.0, _RELATIVE),
        "packaging_vmax": _assumed(
            20000.0,
            0.0,
            200000.0,
            "Illustrative VGLUT rate in the model's reference volume; no comparable measurement.",
            note="VGLUT.",
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
        ),
        "vesicle_capacity": _assumed(
            50000.0,
            1.0,
            1000000.0,
            "Illustrative size of the full vesicular store in the model's reference volume; "
            "no comparable measurement.",
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
            note="Calyx of Held.",
        ),
        "release_amount": _row(
            9000.0,
            0.0,
            100000.0,
            kind="calibrated",
            source="clements1992cleft",
            where="abstract: cleft glutamate peaks at about 1.1 mM (cultured hippocampal neurons)",
            evidence="Fitted so that one spike gives the 1.1 mM cleft peak; that peak is "
            "therefore not a test of the model.",
        ),
        "pool_recovery_tau": _assumed(
            0.8, 0.01, 30.0, _TAU_REC, source="tsodyks1997neural", where=_TAU_REC_WHERE
        ),
        "autoreceptor_gain": _assumed(
            0.0, 0.0, 100.0, "Metabotropic (mGluR) feedback is left out."
        ),
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
            20.0, 0.1, 10000.0, "Illustrative: no EAAT Km was checked against a source."
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
            "test of the model. It is not taken from the transporter densities of "
            "lehre1998transporters, which give no rate without a turnover number.",
            note="Astrocytic GLT-1/GLAST.",
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
            note="Glutamine return to the terminal.",
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
        ),
    },
    "gaba": {
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
        "precursor": _assumed(1.0, 0.0, 5.0, _RELATIVE),
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
        ),
        "vesicle_capacity": _assumed(
            50000.0,
            1.0,
            1000000.0,
            "Illustrative size of the full vesicular store in the model's reference volume; "
            "no comparable measurement.",
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
        ),
        "release_amount": _assumed(
            57000.0,
            0.0,
            100000.0,
            "Chosen so that the steady vesicular store sits near vesicle_capacity at 10 Hz "
            "(the release per spike is set by packaging); not fitted to an observation.",
        ),
        "pool_recovery_tau": _assumed(
            2.0,
            0.01,
            30.0,
            "Borrowed: recovery from paired-pulse depression took τ = 2 s at the basket-cell "
            "synapse of kraushaar2000efficacy, which found the depression independent of "
            "previous release, so it is not a measured refilling of the pool.",
            source="kraushaar2000efficacy",
            where="abstract: recovery from paired-pulse depression, τ = 2 s",
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
            note="Neuronal GAT-1.",
        ),
        "reuptake_km": _row(
            11.7,
            0.1,
            10000.0,
            kind="measured",
            source="sitte2002gat1",
            where="abstract: rat GAT-1 expressed in HEK-293 cells, [3H]GABA uptake, "
            "Km 11.7 ± 1.8 µM",
            evidence="GAT-1 takes up GABA with a Km of about 12 µM.",
            note="GAT-1.",
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
            note="Astrocytic GAT-3.",
        ),
        "glia_km": _assumed(
            10.0,
            0.1,
            10000.0,
            "Illustrative: no GAT-3 Km was checked against a source with its author and "
            "transporter name.",
        ),
        "glia_return_rate": _assumed(
            0.5,
            0.0,
            100.0,
            "Illustrative return to the terminal (in astrocytes GABA is broken down and "
            "returned as glutamine, which the terminal turns back into GABA; simplified here "
            "to one step).",
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
        ),
        "spill_return": _assumed(
            1.0,
            0.0,
            1.0,
            "As for glutamate: all spill-over is taken up by astrocytes and returned "
            "(through glutamine), so it is not a loss.",
        ),
    },
}

_DA = _PRESETS["dopamine"]
_PARKINSON_LEFT = 0.4  # fraction of dopamine terminals left (a 60 % loss; see the scenario)
_PARKINSON = {
    "synthesis_rate": _DA["synthesis_rate"].value * _PARKINSON_LEFT,
    "reuptake_vmax": _DA["reuptake_vmax"].value * _PARKINSON_LEFT,
    "release_amount": _DA["release_amount"].value * _PARKINSON_LEFT,
}

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
            "An antagonist occupies 70 % of postsynaptic D2 receptors (beaulieu2019dopamine), "
            "within the clinical range measured by PET: with haloperidol, response became "
            "likely above 65 % occupancy, raised prolactin above 72 % and motor side effects "
            "above 78 % (kapur2000d2occupancy). Autoreceptor feedback is weakened likewise "
            "(gain × 0.3, an assumption). An acute state: the model has no receptor "
            "up-regulation.",
            {"receptor_block": 0.7, "autoreceptor_gain": 1.5},
            ("kapur2000d2occupancy", "beaulieu2019dopamine"),
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
    "gaba": (
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
    ),
}

#: simulated seconds a figure of the preset shows by default: a few tonic spikes of a monoamine
#: (a spike every 0.25 s); a GABA or glutamate transient (milliseconds) with its recovery
_FIGURE_SECONDS: dict[str, float] = {
    "serotonin": 2.0,
    "dopamine": 2.0,
    "glutamate": 0.2,
    "gaba": 0.2,
}

_incomplete = set(_PRESETS) ^ set(_SCENARIOS) | set(_PRESETS) ^ set(_FIGURE_SECONDS)
if _incomplete:  # a preset needs all three; caught at import, never in a reader's figure
    raise RuntimeError(f"presets without scenarios or a figure duration: {sorted(_incomplete)}")

# scenario → parameter it changes → (source, where, why): a scenario's value is an assumption
_SCENARIO_EVIDENCE: dict[str, dict[str, tuple[str, str, str]]] = {
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
    "eaat_impairment": dict.fromkeys(
        ("glia_vmax", "reuptake_vmax"),
        (_A, "", "Size chosen for illustration (transport cut to 30 %)."),
    ),
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
_TERMINALS = (
    "0.4 × the healthy value: 60 % of dopamine terminals lost (an assumption; see the scenario)."
)
for _name in ("parkinson", "l_dopa"):
    _SCENARIO_EVIDENCE[_name] = dict.fromkeys(_PARKINSON, (_A, "", _TERMINALS))
_SCENARIO_EVIDENCE["l_dopa"]["precursor"] = (
    _A,
    "",
    "Tripled: an assumption with no source (levodopa as extra supply to synthesis).",
)

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


def figure_seconds(preset: str) -> float:
    """Return the simulated seconds a figure of ``preset`` shows when its fence gives none.

    Raises:
        ParameterError: unknown preset.
    """
    _preset_rows(preset)
    return _FIGURE_SECONDS[preset]


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
    changed = _SCENARIO_EVIDENCE.get(scenario.name, {})
    out: dict[str, Parameter] = {}
    for name in NAMES:
        label, unit, stage, text = _META[name]
        row = rows[name]
        value, kind, source, where, evidence, note = (
            row.value,
            row.kind,
            row.source,
            row.where,
            row.evidence,
            row.note,
        )
        if name in scenario.changes:
            value = scenario.changes[name]
            source, where, evidence = changed[name]
            kind = "assumption"
            note = f"{note} Set by the scenario “{scenario.label}”.".strip()
        out[name] = Parameter(
            name,
            label,
            value,
            unit,
            row.low,
            row.high,
            f"{text} {note}".strip(),
            source,
            stage,
            kind,
            where,
            evidence,
        )
    return out


def parameters(preset: str, scenario: str | None = None) -> Mapping[str, Parameter]:
    """Return the parameters of ``preset`` (with ``scenario`` applied), in stage order.

    Raises:
        ParameterError: unknown preset or scenario.
    """
    return _parameters(preset, _scenario(preset, scenario).name)


@lru_cache(maxsize=64)
def _parameters(preset: str, scenario: str) -> Mapping[str, Parameter]:
    """The table of a checked preset and scenario name, built once: it is fixed, and read-only
    (a mapping proxy of frozen rows). Building it is about 0.2 ms (twice that in Pyodide), and
    a redraw reads it a dozen times, through `parameters` and `resolve`."""
    return MappingProxyType(_table(preset, scenarios(preset)[scenario]))


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
    bounds: Mapping[str, tuple[float, float]]
    if isinstance(preset, str):
        name, scen = preset, _scenario(preset, scenario).name
        base, bounds = _named(name, scen)
        values = dict(base)
    elif isinstance(preset, Mapping):
        if scenario is not None:
            raise ParameterError("scenario", "needs a preset name, not a mapping", scenario)
        values = _coerce_mapping(preset)
        bounds = {n: _loosest(n) for n in NAMES}
        for key in NAMES:
            check_value(key, values[key], *bounds[key])
        name, scen = "custom", "custom"
    else:
        raise _choices("preset", preset, presets())
    for key, value in overrides.items():
        if key not in values:
            raise _choices("parameter", key, NAMES)
        values[key] = check_value(key, value, *bounds[key])
    return name, scen, values


@lru_cache(maxsize=64)
def _named(
    preset: str, scenario: str
) -> tuple[Mapping[str, float], Mapping[str, tuple[float, float]]]:
    """A named preset and scenario's values and bounds, checked once (every model run of a
    figure resolves the same ones; the overrides are checked on each call)."""
    table = parameters(preset, scenario)
    values = {n: p.value for n, p in table.items()}
    bounds = {n: (p.minimum, p.maximum) for n, p in table.items()}
    for key in NAMES:
        check_value(key, values[key], *bounds[key])
    return MappingProxyType(values), MappingProxyType(bounds)


def _loosest(name: str) -> tuple[float, float]:
    rows = [rows[name] for rows in _PRESETS.values()]
    return min(r.low for r in rows), max(r.high for r in rows)
