"""The presets, one data module per transmitter, gathered in the order the site lists them."""

from __future__ import annotations

from types import ModuleType

from .._schema import NAMES, Row, Scenario
from . import dopamine, gaba, glutamate, serotonin

_MODULES: dict[str, ModuleType] = {
    "serotonin": serotonin,
    "dopamine": dopamine,
    "glutamate": glutamate,
    "gaba": gaba,
}

#: preset → parameter name → row
PRESETS: dict[str, dict[str, Row]] = {name: m.PARAMETERS for name, m in _MODULES.items()}
#: preset → its scenarios (``healthy`` excluded)
SCENARIOS: dict[str, tuple[Scenario, ...]] = {name: m.SCENARIOS for name, m in _MODULES.items()}
#: preset → simulated seconds a figure shows when its fence gives none
FIGURE_SECONDS: dict[str, float] = {name: m.FIGURE_SECONDS for name, m in _MODULES.items()}
#: scenario → parameter it changes → (source, where, why)
SCENARIO_EVIDENCE: dict[str, dict[str, tuple[str, str, str]]] = {}


def _check() -> None:
    """Caught at import, never in a reader's figure: a preset module that lacks a row, a
    scenario name used twice, or a scenario change without its evidence."""
    for name, module in _MODULES.items():
        rows = module.PARAMETERS
        if tuple(rows) != NAMES:
            missing = sorted(set(NAMES) ^ set(rows))
            raise RuntimeError(f"preset {name}: rows must be NAMES in order (differs: {missing})")
        for scen in module.SCENARIOS:
            if scen.name in SCENARIO_EVIDENCE or scen.name == "healthy":
                raise RuntimeError(f"scenario name {scen.name!r} used twice")
            evidence = module.EVIDENCE.get(scen.name, {})
            if set(evidence) != set(scen.changes):
                raise RuntimeError(f"scenario {scen.name!r}: evidence must match its changes")
            SCENARIO_EVIDENCE[scen.name] = evidence


_check()
