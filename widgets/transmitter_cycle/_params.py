"""Look up presets and scenarios: checked values, bounds and the parameter table.

The numbers live in ``_presets`` (one data module per transmitter); what each row carries, and
the kinds (``measured``, ``calibrated``, ``assumption``), in ``_schema``. A scenario's changed
values are assumptions; each preset module's ``EVIDENCE`` says where each comes from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from ._errors import ParameterError
from ._presets import FIGURE_SECONDS as _FIGURE_SECONDS
from ._presets import PRESETS as _PRESETS
from ._presets import SCENARIO_EVIDENCE as _SCENARIO_EVIDENCE
from ._presets import SCENARIOS as _SCENARIOS
from ._schema import KINDS, NAMES, Parameter, Scenario
from ._schema import META as _META
from ._schema import PRESET_META as _PRESET_META
from ._schema import Row as _Row

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
        label, text = _PRESET_META.get(preset, {}).get(name, (label, text))
        row = rows[name]
        value, kind, source, where, evidence, note, plausible = (
            row.value,
            row.kind,
            row.source,
            row.where,
            row.evidence,
            row.note,
            row.plausible,
        )
        if name in scenario.changes:
            value = scenario.changes[name]
            source, where, evidence = changed[name]
            kind = "assumption"
            note = f"{note} Set by the scenario “{scenario.label}”.".strip()
            plausible = (value, value)
            evidence = f"{evidence} Plausible: the scenario's value alone."
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
            plausible,
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
