"""How much of each output rests on measured or calibrated parameters: local elasticities.

For each preset's healthy state, every free parameter (a non-zero default that is not
``derived``) is multiplied by ``STEP`` and divided by it (clipped to its bounds), and for each
of the two parameter sets the model settles its own steady state (the full mapping is passed to
``simulate``, so the chronic state is recomputed, not only the first seconds after a change).
The elasticity of an output ``y`` to a parameter ``p`` is the central log-log slope

    e = ln(y₊ / y₋) / ln(p₊ / p₋),

for the mean cleft, the peak cleft, the mean occupancy and the clearance half-time of a run of
``DURATION[preset]`` seconds. The *grounded share* of a preset is the part of the total |e|
(summed over outputs and free parameters) that rests on parameters of kind ``measured`` or
``calibrated``: how far the figures' numbers rest on what a lab reported, rather than on the
count of measured parameters. ``python -m transmitter_cycle sensitivity`` prints both.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ._params import parameters, presets
from ._simulate import simulate

__all__ = [
    "DURATION",
    "GROUNDED",
    "OUTPUTS",
    "STEP",
    "Sensitivity",
    "free_parameters",
    "report",
    "sensitivity",
]

OUTPUTS = ("mean_cleft", "peak_cleft", "mean_occupancy", "clearance_half_time")
#: the factor each parameter is multiplied and divided by
STEP = 1.2
#: simulated seconds per run: a few tonic spikes of a monoamine; many glutamate or GABA spikes
DURATION: Mapping[str, float] = {"serotonin": 5.0, "dopamine": 5.0, "glutamate": 1.0, "gaba": 1.0}
#: kinds whose share of the total |elasticity| is the grounded share
GROUNDED = ("measured", "calibrated")


@dataclass(frozen=True)
class Sensitivity:
    """The elasticities of one preset's healthy state.

    Attributes:
        preset: the preset.
        elasticity: parameter → output → d ln(output) / d ln(parameter) (``nan`` where the
            output has no value in one of the two runs).
        kinds: parameter → its kind.
        share: the grounded share: Σ|e| over measured and calibrated parameters / Σ|e| over all
            free parameters (all outputs together).
    """

    preset: str
    elasticity: Mapping[str, Mapping[str, float]]
    kinds: Mapping[str, str]
    share: float

    def total(self, name: str) -> float:
        """Return Σ|e| of parameter ``name`` over the outputs (``nan`` terms left out)."""
        return sum(abs(e) for e in self.elasticity[name].values() if math.isfinite(e))


def free_parameters(preset: str) -> tuple[str, ...]:
    """Return the parameters of ``preset`` varied: a non-zero default that is not derived."""
    return tuple(
        p.name for p in parameters(preset).values() if p.value != 0.0 and p.kind != "derived"
    )


def _outputs(values: Mapping[str, float], preset: str) -> dict[str, float]:
    summary = simulate(dict(values), duration=DURATION[preset]).summary
    out: dict[str, float] = {}
    for key in OUTPUTS:
        value = summary[key]
        out[key] = math.nan if value is None or value <= 0.0 else float(value)
    return out


@lru_cache(maxsize=8)
def sensitivity(preset: str) -> Sensitivity:
    """Return the elasticities and the grounded share of ``preset``'s healthy state.

    Raises:
        ParameterError: unknown preset.
    """
    table = parameters(preset)
    base = {name: p.value for name, p in table.items()}
    elasticity: dict[str, dict[str, float]] = {}
    for name in free_parameters(preset):
        p = table[name]
        up = min(p.value * STEP, p.maximum)
        down = max(p.value / STEP, p.minimum)
        high = _outputs({**base, name: up}, preset)
        low = _outputs({**base, name: down}, preset)
        span = math.log(up / down)
        elasticity[name] = {
            key: math.log(high[key] / low[key]) / span
            if math.isfinite(high[key]) and math.isfinite(low[key])
            else math.nan
            for key in OUTPUTS
        }
    kinds = {name: table[name].kind for name in elasticity}
    result = Sensitivity(preset, elasticity, kinds, math.nan)
    total = sum(result.total(name) for name in elasticity)
    grounded = sum(result.total(name) for name in elasticity if kinds[name] in GROUNDED)
    return Sensitivity(preset, elasticity, kinds, grounded / total if total > 0 else math.nan)


def report(names: tuple[str, ...] | None = None) -> str:
    """Return a Markdown report: per preset, each free parameter's elasticities and kind, then
    the grounded share; at the end, the shares of every preset."""
    lines: list[str] = []
    shares: list[str] = []
    for preset in names or presets():
        result = sensitivity(preset)
        lines += [
            f"## {preset} (healthy, {DURATION[preset]:g} s, ×{STEP:g} and /{STEP:g})",
            "",
            "| parameter | kind | " + " | ".join(OUTPUTS) + " | Σ|e| |",
            "| --- | --- | " + " | ".join("---:" for _ in OUTPUTS) + " | ---: |",
        ]
        ranked = sorted(result.elasticity, key=result.total, reverse=True)
        for name in ranked:
            cells = " | ".join(f"{result.elasticity[name][key]:+.2f}" for key in OUTPUTS)
            lines.append(
                f"| `{name}` | {result.kinds[name]} | {cells} | {result.total(name):.2f} |"
            )
        share = f"{preset}: {100.0 * result.share:.1f} %"
        lines += ["", f"Share of Σ|e| on measured or calibrated parameters: {share}", ""]
        shares.append(share)
    lines += ["Grounded share per preset: " + "; ".join(shares)]
    return "\n".join(lines) + "\n"
