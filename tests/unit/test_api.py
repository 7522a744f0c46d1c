"""The public face of the package."""

from __future__ import annotations

import transmitter_cycle

DOCUMENTED = [
    "STATES",
    "Parameter",
    "ParameterError",
    "Result",
    "Scenario",
    "StateInfo",
    "figure_seconds",
    "parameters",
    "presets",
    "scenarios",
    "simulate",
    "simulate_summary",
]


def test_all_is_the_documented_list() -> None:
    assert sorted(transmitter_cycle.__all__) == sorted(DOCUMENTED)


def test_every_name_is_importable() -> None:
    for name in DOCUMENTED:
        assert hasattr(transmitter_cycle, name), name


def test_states_order_and_units() -> None:
    assert list(transmitter_cycle.STATES) == [
        "cytosol",
        "vesicles",
        "ready",
        "cleft",
        "occupancy",
        "glia",
    ]
    assert transmitter_cycle.STATES["ready"].unit == ""
    assert transmitter_cycle.STATES["cleft"].unit == "µM"
