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
``derived``
    Computed from other parameters (for example by the steady-state balance), not a free
    choice: ``evidence`` says from what. Derived parameters are left out of the sensitivity
    analysis, since they move only with the parameters they come from.

Every row also has a ``plausible`` range ``(low, high)`` inside its bounds and containing its
default: for a measured value the published range (the point itself when only a point was
seen), for a calibrated one the tolerance of the fit, for an assumption the range we would
defend. Its reason is the last sentence of ``evidence``. An assumption given without a range
gets a factor 2 either side of its default (clipped to the bounds), and says so; a switch that
is off (default 0) gets 0 alone.

``evidence`` is one sentence for every kind: what the source reports, what was fitted, or why.
A citation key written in parentheses in it, ``(key)``, is a further reference (tables cite it).
The presets themselves are data, one module per transmitter in ``_presets``; ``_params`` looks
them up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ._errors import ParameterError

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
        evidence: what the source reports, what the value was fitted to, or why it was chosen;
            its last sentence gives the reason for ``plausible``.
        plausible: ``(low, high)``, the range the value could honestly take (see the module
            docstring); inside the bounds and containing the default. ``None`` only for a
            parameter built by hand.
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
    plausible: tuple[float, float] | None = None


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

#: where a transmitter's own biology needs other words than META's: (label, explanation) of a
#: parameter for that preset (the breakdown is monoamine oxidase's only for the monoamines)
PRESET_META: dict[str, dict[str, tuple[str, str]]] = {
    "glutamate": {
        "mao_rate": (
            "Breakdown in the terminal",
            "First-order loss of cytosolic glutamate to its own metabolism in the terminal "
            "(glutamate is not a substrate of monoamine oxidase).",
        ),
    },
    "gaba": {
        "mao_rate": (
            "GABA transaminase breakdown",
            "First-order breakdown of cytosolic GABA by GABA transaminase.",
        ),
    },
}

#: Public parameter names in stage order (the order of ``parameters()``).
NAMES: tuple[str, ...] = tuple(META)

_A = "assumption"
KINDS = ("measured", "calibrated", "derived", "assumption")
#: kinds that must say what range they can take, and why (an assumption may take the default)
_RANGE_NEEDED = ("measured", "calibrated", "derived")
#: the default plausible range of an assumption: a factor this large either side
ASSUMED_FACTOR = 2.0


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
    plausible: tuple[float, float]


def _g(value: float) -> str:
    return f"{value:.3g}"


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
    plausible: tuple[float, float] | None = None,
    plausible_why: str = "",
) -> Row:
    """One checked row. ``plausible`` (with ``plausible_why``, appended to ``evidence``) is
    required for every kind but ``assumption``, whose default range is said to be a default.

    Raises:
        ParameterError: an unknown kind, a missing range, or a range outside the bounds or
            not containing the default (caught at import).
    """
    if kind not in KINDS:
        raise ParameterError("kind", "must be one of " + ", ".join(KINDS), kind)
    if plausible is None:
        if kind in _RANGE_NEEDED:
            raise ParameterError("plausible", f"must be given for a {kind} value", None)
        if value == 0.0:
            plausible = (0.0, 0.0)
            plausible_why = plausible_why or "0 only: the process is off in this preset."
        else:
            plausible = (max(low, value / ASSUMED_FACTOR), min(high, value * ASSUMED_FACTOR))
            plausible_why = plausible_why or (
                "a factor 2 either side, a default for an assumption that no source narrows."
            )
    elif not plausible_why:
        raise ParameterError("plausible", "needs its reason (plausible_why)", plausible)
    lo, hi = plausible
    if not low <= lo <= value <= hi <= high:
        raise ParameterError(
            "plausible",
            f"must lie within the bounds {_g(low)}–{_g(high)} and contain the default {_g(value)}",
            plausible,
        )
    text = f"{evidence.rstrip()} Plausible {_g(lo)}–{_g(hi)}: {plausible_why}"
    return Row(value, low, high, kind, source, where, text, note, (lo, hi))


def _assumed(
    value: float,
    low: float,
    high: float,
    why: str,
    *,
    plausible: tuple[float, float] | None = None,
    plausible_why: str = "",
    **more: str,
) -> Row:
    return _row(
        value,
        low,
        high,
        kind="assumption",
        evidence=why,
        plausible=plausible,
        plausible_why=plausible_why,
        **more,
    )


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

_BY_DEFINITION = "1 by definition (normal supply)."
_TAU_REC_RANGE = (0.8, 4.2)
_TAU_REC_RANGE_WHY = (
    "from the 0.8 s of the Tsodyks–Markram fit to the slower refilling measured at hippocampal "
    "synapses, 0.24 /s, τ ≈ 4.2 s (wesseling2002refill); none was measured at this synapse."
)
_SPILL_LIMIT = (
    "1 alone: the limiting case the preset is built on. Below 1, spill-over becomes a loss that "
    "nothing else in the preset balances, and the stores drain; no measured fraction was found "
    "to defend a range."
)
# why a parameter does not move the settled outputs (the sensitivity test asks every free
# parameter with almost no elasticity to say so in its note)
_SETTLED_RELEASE = (
    "It does not move the settled outputs: in the steady state the release per spike is the "
    "packaging flux over the firing rate, so it changes only the first spikes after a change "
    "and the size of the store."
)
_SETTLED_KI = "It barely moves the settled outputs: the cytosolic level stays far below it."
_SETTLED_IDLE = "It does not move the settled outputs while glia_vmax and spill_return are 0."
_SETTLED_NEURONAL = (
    "It barely moves the settled outputs: neuronal uptake is small beside glial uptake here."
)
_SETTLED_DIFFUSION = (
    "It barely moves the settled outputs: diffusion, not uptake, clears the cleft in this preset."
)
_SETTLED_RETURN = (
    "It does not move the settled outputs: in the steady state the glia return what they take "
    "up whatever this rate; it sets only the size of the glial pool."
)
