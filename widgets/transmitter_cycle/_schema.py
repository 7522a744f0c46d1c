"""The parameter schema: what every number of every preset carries, and the shared phrases.

Every parameter of every preset has one of the kinds in ``KINDS``:

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
The presets themselves are data, one module per transmitter in ``_presets``; ``_params`` looks
them up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["KINDS", "META", "NAMES", "Parameter", "Row", "Scenario"]


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
META: dict[str, tuple[str, str, str, str]] = {
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
NAMES: tuple[str, ...] = tuple(META)

_A = "assumption"
KINDS = ("measured", "calibrated", "assumption")


class Row(NamedTuple):
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
) -> Row:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    return Row(value, low, high, kind, source, where, evidence, note)


def _assumed(value: float, low: float, high: float, why: str, **more: str) -> Row:
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

