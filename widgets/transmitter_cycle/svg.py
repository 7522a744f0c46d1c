"""Draw a figure as SVG markup, with the standard library only.

Written by hand rather than with a plotting library because the same code must run in the
reader's browser in Pyodide's core (no matplotlib), and a few lines and axes are all we need.
Colours are classes (`tc-c1`, ...) resolved by the site's stylesheet through CSS variables, so the
palette toggle recolours a figure at once and no inline style is needed (the CSP forbids them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported for types only: figure.py imports this module
    from .figure import FigureSpec

WIDTH = 640
PANEL_HEIGHT = 150
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 16, 30, 40
PANEL_GAP = 34


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Return round tick values from at most `low` to at least `high` (about `count` of them)."""
    if not high > low:
        high = low + 1.0
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step + 1e-9) * step
    ticks = [round(first, 12)]
    while ticks[-1] < high - step * 1e-9:  # the last tick reaches `high`: the axis covers the data
        ticks.append(round(first + len(ticks) * step, 12))
    return ticks


def fmt_tick(value: float) -> str:
    """Format a tick label compactly (no trailing zeros, no `-0`)."""
    text = f"{value:.6g}"
    return "0" if text in ("-0", "0") else text


def _points(xs: Sequence[float], ys: Sequence[float], sx: Any, sy: Any) -> str:
    return " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in zip(xs, ys, strict=True))


def draw(spec: FigureSpec, result: Any, baseline: Any = None) -> str:
    """Return the SVG of `spec`'s view for a model result (and an optional baseline)."""
    if spec.view == "timecourse":
        return timecourse(spec, result, baseline)
    raise ValueError(f"view {spec.view!r} cannot be drawn")  # parse_spec only lets drawable views by


def timecourse(spec: FigureSpec, result: Any, baseline: Any = None) -> str:
    """Draw the chosen series over time: one panel per series, spikes marked, axes with units."""
    from . import STATES, scenarios

    names = scenarios(spec.transmitter)
    height = MARGIN_TOP + len(spec.show) * (PANEL_HEIGHT + PANEL_GAP) - PANEL_GAP + MARGIN_BOTTOM
    t = result.t
    t_end = t[-1] if t else spec.duration
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT

    def sx(x: float) -> float:
        return MARGIN_LEFT + plot_w * x / t_end

    title = f"{spec.transmitter.capitalize()}: {names[spec.scenario].label}"
    if baseline is not None and spec.compare:
        title += f" compared with {names[spec.compare].label}"
    labels = ", ".join(STATES[s].label.lower() for s in spec.show)
    desc = f"Simulated time course over {spec.duration:g} s of {labels}."
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tc-plot tc-timecourse" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(desc)}</desc>",
    ]
    if baseline is not None and spec.compare:
        out.append(_legend(names[spec.scenario].label, names[spec.compare].label))
    for index, name in enumerate(spec.show):
        top = MARGIN_TOP + index * (PANEL_HEIGHT + PANEL_GAP)
        bottom = top + PANEL_HEIGHT
        info = STATES[name]
        series = [result[name]] + ([baseline[name]] if baseline is not None else [])
        high = max(max(s) for s in series)
        ticks = nice_ticks(0.0, high * 1.05 if high > 0 else 1.0, 4)
        y_max = ticks[-1]

        def sy(y: float, top: int = top, y_max: float = y_max) -> float:
            return top + PANEL_HEIGHT * (1 - y / y_max)

        unit = f" ({info.unit})" if info.unit else ""
        out.append(f'<g class="tc-panel" data-panel="{name}">')
        out.append(
            f'<text class="tc-axis-title" x="{MARGIN_LEFT}" y="{top - 10}">'
            f"{escape(info.label)}{escape(unit)}</text>"
        )
        for tick in ticks:
            y = sy(tick)
            out.append(
                f'<line class="tc-grid" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" '
                f'y1="{y:.1f}" y2="{y:.1f}"/>'
                f'<text class="tc-tick" x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" '
                f'text-anchor="end">{fmt_tick(tick)}</text>'
            )
        for tick in nice_ticks(0.0, t_end, 6):
            if tick > t_end * (1 + 1e-9):
                continue
            x = sx(tick)
            out.append(
                f'<line class="tc-axis" x1="{x:.1f}" x2="{x:.1f}" y1="{bottom}" y2="{bottom + 4}"/>'
                f'<text class="tc-tick" x="{x:.1f}" y="{bottom + 16}" '
                f'text-anchor="middle">{fmt_tick(tick)}</text>'
            )
        out.append(
            f'<line class="tc-axis" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" '
            f'y1="{bottom}" y2="{bottom}"/>'
        )
        spikes = "".join(
            f'<line x1="{sx(s):.1f}" x2="{sx(s):.1f}" y1="{top - 4}" y2="{top + 4}"/>'
            for s in result.spikes
            if 0 <= s <= t_end
        )
        out.append(f'<g class="tc-spikes" aria-hidden="true">{spikes}</g>')
        if baseline is not None and spec.compare:
            out.append(
                f'<polyline class="tc-line tc-baseline" data-series="{name}" '
                f'data-scenario="{spec.compare}" '
                f'points="{_points(baseline.t, baseline[name], sx, sy)}"/>'
            )
        out.append(
            f'<polyline class="tc-line tc-c{index % 4 + 1}" data-series="{name}" '
            f'data-scenario="{spec.scenario}" points="{_points(t, result[name], sx, sy)}"/>'
        )
        out.append("</g>")
    out.append(
        f'<text class="tc-axis-title" x="{WIDTH - MARGIN_RIGHT}" y="{height - 6}" '
        f'text-anchor="end">Time (s)</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _legend(current: str, baseline: str) -> str:
    x = WIDTH - MARGIN_RIGHT - 250
    return (
        f'<g class="tc-legend" transform="translate({x},6)">'
        f'<line class="tc-line tc-c1" x1="0" x2="22" y1="6" y2="6"/>'
        f'<text x="28" y="10">{escape(current)}</text>'
        f'<line class="tc-line tc-baseline" x1="130" x2="152" y1="6" y2="6"/>'
        f'<text x="158" y="10">{escape(baseline)}</text></g>'
    )
