"""A kinetic model of the neurotransmitter cycle: one synapse, one transmitter, five stages.

Stdlib only, so that the same code runs at build time in CPython and in the reader's browser in
Pyodide. See ``simulate`` for the entry point and ``_model`` for the equations.
"""

from __future__ import annotations

from ._errors import ParameterError
from ._params import Parameter, Scenario, figure_seconds, parameters, presets, scenarios
from ._result import Result
from ._simulate import simulate, simulate_summary
from ._states import STATES, StateInfo

__all__ = [
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
