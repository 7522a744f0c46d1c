"""Hypothesis strategies for the model's parameter box (shared by the property tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from transmitter_cycle import parameters, presets

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


@st.composite
def preset_and_overrides(draw: st.DrawFn) -> tuple[str, dict[str, float]]:
    """Draw a preset and overrides within its bounds, within ×0.2–×5 of the default."""
    preset = draw(st.sampled_from(presets()))
    out: dict[str, float] = {}
    for p in parameters(preset).values():
        if not draw(st.booleans()):
            continue
        if p.unit == "" or p.name == "precursor":
            value = draw(st.floats(p.minimum, min(p.maximum, 0.95), allow_nan=False))
        elif p.value == 0.0:
            value = draw(st.floats(p.minimum, p.minimum + 0.01 * (p.maximum - p.minimum)))
        else:
            value = p.value * draw(st.floats(0.2, 5.0))
            value = min(max(value, p.minimum), p.maximum)
        if p.name == "firing_rate":
            value = min(max(value, 0.5), 20.0)
        out[p.name] = value
    return preset, out
