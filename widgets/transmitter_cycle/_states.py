"""The model's state variables, in plotting order, with labels and units."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["CUMULATIVE", "STATES", "StateInfo"]


@dataclass(frozen=True)
class StateInfo:
    """Describe one state variable for axes, legends and tables.

    Attributes:
        name: identifier used in ``Result[name]``, ``initial=`` and the CLI.
        label: short human label.
        unit: ``"µM"``, or ``""`` for a fraction between 0 and 1.
        description: one sentence for tooltips and the methods chapter.
    """

    name: str
    label: str
    unit: str
    description: str


def _table(*rows: StateInfo) -> Mapping[str, StateInfo]:
    return MappingProxyType({row.name: row for row in rows})


#: The six plotted states, in the order of the cycle.
STATES: Mapping[str, StateInfo] = _table(
    StateInfo(
        "cytosol",
        "Transmitter in the cytosol",
        "µM",
        "Free transmitter inside the presynaptic terminal, before packaging.",
    ),
    StateInfo(
        "vesicles",
        "Transmitter in vesicles",
        "µM",
        "Transmitter stored in synaptic vesicles, referred to the reference volume.",
    ),
    StateInfo(
        "ready",
        "Readily releasable pool",
        "",
        "Fraction of the readily releasable pool that is docked and available (0–1).",
    ),
    StateInfo("cleft", "Transmitter in the cleft", "µM", "Free transmitter in the synaptic cleft."),
    StateInfo(
        "occupancy",
        "Receptor occupancy",
        "",
        "Fraction of all postsynaptic receptors bound by transmitter (0–1).",
    ),
    StateInfo(
        "glia",
        "Transmitter in glia",
        "µM",
        "Transmitter (or its glutamine equivalent) held by astrocytes before return.",
    ),
)

#: Cumulative amounts since t = 0 (not plotted by default, available as ``Result[name]``).
CUMULATIVE: Mapping[str, StateInfo] = _table(
    StateInfo(
        "degraded",
        "Degraded (cumulative)",
        "µM",
        "Transmitter broken down by MAO in the terminal or by enzymes in the cleft.",
    ),
    StateInfo(
        "escaped", "Escaped (cumulative)", "µM", "Transmitter that diffused out of the synapse."
    ),
    StateInfo(
        "synthesised",
        "Synthesised (cumulative)",
        "µM",
        "Transmitter made in the terminal since t = 0.",
    ),
)
