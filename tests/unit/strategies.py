"""Hypothesis strategies for the model's parameter box (shared by the property tests)."""

from __future__ import annotations

import math

from hypothesis import strategies as st

from transmitter_cycle import Parameter, parameters, presets, scenarios

RATES = (
    "synthesis_rate",
    "packaging_vmax",
    "mao_rate",
    "firing_rate",
    "release_probability",
    "autoreceptor_gain",
    "receptor_kon",
    "receptor_koff",
    "reuptake_vmax",
    "enzyme_rate",
    "glia_vmax",
    "glia_return_rate",
    "diffusion_rate",
)


def in_box(p: Parameter) -> st.SearchStrategy[float]:
    """Draw a value anywhere in ``p``'s declared bounds, the bounds themselves included.

    Fractions (unit "") are uniform; other parameters are log-uniform over six decades below
    the maximum (or between the bounds when the minimum is positive), plus exactly 0 where
    allowed: wide ranges are covered decade by decade, not only near the default.
    """
    edges = st.sampled_from((p.minimum, p.maximum))
    if p.unit == "":
        inner = st.floats(p.minimum, p.maximum, allow_nan=False)
    else:
        low = p.minimum if p.minimum > 0.0 else p.maximum * 1e-6
        inner = st.floats(math.log10(low), math.log10(p.maximum)).map(lambda u: 10.0**u)
        inner = inner.map(lambda v: min(max(v, p.minimum), p.maximum))
    return st.one_of(edges, inner)


@st.composite
def preset_and_overrides(draw: st.DrawFn) -> tuple[str, str, dict[str, float]]:
    """Draw a preset, one of its scenarios, and any subset of parameters overridden in the box."""
    preset = draw(st.sampled_from(presets()))
    scenario = draw(st.sampled_from(tuple(scenarios(preset))))
    out: dict[str, float] = {}
    for p in parameters(preset, scenario).values():
        if draw(st.booleans()):
            out[p.name] = draw(in_box(p))
    return preset, scenario, out
