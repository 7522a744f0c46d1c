"""Draw a figure as SVG markup, with the standard library only.

Written by hand rather than with a plotting library because the same code must run in the
reader's browser in Pyodide's core (no matplotlib), and a few lines and axes are all we need.
Colours are classes (`tc-c1`, ...) resolved by the site's stylesheet through CSS variables, so the
palette toggle recolours a figure at once and no inline style is needed (the CSP forbids them).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported for types only: figure.py imports this module
    from .figure import Curve, FigureSpec

WIDTH = 640
PANEL_HEIGHT = 150
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 16, 30, 40
PANEL_GAP = 56  # room for the x tick labels above and the next panel's title below


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


def open_svg(kind: str, height: int, title: str, desc: str, width: int = WIDTH) -> list[str]:
    """Return the opening of a figure's SVG: root element, title and description (escaped)."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tc-plot tc-{kind}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(desc)}</desc>",
    ]


def panel(
    out: list[str],
    index: int,
    name: str,
    title: str,
    values: Sequence[float],
    x_ticks: Sequence[float],
    sx: Callable[[float], float],
) -> tuple[float, Callable[[float], float]]:
    """Open panel `index` (a `<g>` the caller closes) with its title, y grid and both axes.

    Returns the panel's top edge and its y scale (value to SVG coordinate, 0 at the bottom).
    """
    top = MARGIN_TOP + index * (PANEL_HEIGHT + PANEL_GAP)
    bottom = top + PANEL_HEIGHT
    high = max(values)
    ticks = nice_ticks(0.0, high * 1.05 if high > 0 else 1.0, 4)
    y_max = ticks[-1]

    def sy(y: float) -> float:
        return top + PANEL_HEIGHT * (1 - y / y_max)

    out.append(f'<g class="tc-panel" data-panel="{name}">')
    out.append(
        f'<text class="tc-axis-title" x="{MARGIN_LEFT}" y="{top - 10}">{escape(title)}</text>'
    )
    for tick in ticks:
        y = sy(tick)
        out.append(
            f'<line class="tc-grid" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tc-tick" x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{fmt_tick(tick)}</text>'
        )
    for tick in x_ticks:
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
    return top, sy


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
    out = open_svg("timecourse", height, title, desc)
    if baseline is not None and spec.compare:
        out.append(_legend(names[spec.scenario].label, names[spec.compare].label))
    x_ticks = [tick for tick in nice_ticks(0.0, t_end, 6) if tick <= t_end * (1 + 1e-9)]
    for index, name in enumerate(spec.show):
        info = STATES[name]
        unit = f" ({info.unit})" if info.unit else ""
        values = [*result[name], *(baseline[name] if baseline is not None else ())]
        top, sy = panel(out, index, name, f"{info.label}{unit}", values, x_ticks, sx)
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


def sweep(
    spec: FigureSpec, result: Any, curve: Curve, baseline: Curve | None, current: float
) -> str:
    """Draw a dose–response curve per shown state: its time average against the swept parameter.

    The current setting is marked on each curve (a ring at the current run's mean); a compared
    scenario's curve is drawn dashed underneath.
    """
    from . import STATES, parameters, scenarios
    from .figure import time_mean

    names = scenarios(spec.transmitter)
    param = parameters(spec.transmitter, spec.scenario)[curve.name]
    x_unit = f" ({param.unit})" if param.unit else ""
    height = MARGIN_TOP + len(spec.show) * (PANEL_HEIGHT + PANEL_GAP) - PANEL_GAP + MARGIN_BOTTOM
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    x_ticks = nice_ticks(param.minimum, param.maximum, 6)
    x_lo, x_hi = x_ticks[0], x_ticks[-1]

    def sx(x: float) -> float:
        return MARGIN_LEFT + plot_w * (x - x_lo) / (x_hi - x_lo)

    title = f"{spec.transmitter.capitalize()}, {names[spec.scenario].label}: "
    title += ", ".join(f"mean {STATES[s].label.lower()}" for s in spec.show)
    title += f" against {param.label.lower()}"
    if baseline is not None and spec.compare:
        title += f", compared with {names[spec.compare].label}"
    desc = (
        f"Each point of the curve is a simulated run of {spec.duration:g} s at one value of "
        f"{param.label.lower()} from {fmt_tick(param.minimum)} to {fmt_tick(param.maximum)}"
        f"{x_unit}; the ring marks the current setting, {current:.3g}{x_unit}."
    )
    out = open_svg("sweep", height, title, desc)
    if baseline is not None and spec.compare:
        out.append(_legend(names[spec.scenario].label, names[spec.compare].label))
    for index, name in enumerate(spec.show):
        info = STATES[name]
        unit = f" ({info.unit})" if info.unit else ""
        mark = time_mean(result.t, result[name])
        ys = [*curve.y[name], mark] + (list(baseline.y[name]) if baseline is not None else [])
        top, sy = panel(out, index, name, f"Mean {info.label.lower()}{unit}", ys, x_ticks, sx)
        if baseline is not None and spec.compare:
            out.append(
                f'<polyline class="tc-line tc-baseline" data-series="{name}" '
                f'data-scenario="{spec.compare}" '
                f'points="{_points(baseline.x, baseline.y[name], sx, sy)}"/>'
            )
        out.append(
            f'<polyline class="tc-line tc-c{index % 4 + 1}" data-series="{name}" '
            f'data-scenario="{spec.scenario}" points="{_points(curve.x, curve.y[name], sx, sy)}"/>'
        )
        cx, cy = sx(current), sy(mark)
        out.append(
            f'<g class="tc-marker" data-marker="{name}">'
            f'<line class="tc-guide" x1="{cx:.1f}" x2="{cx:.1f}" y1="{top}" '
            f'y2="{top + PANEL_HEIGHT}"/>'
            f'<circle class="tc-ring tc-s{index % 4 + 1}" cx="{cx:.1f}" cy="{cy:.1f}" r="6"/>'
            f'<text class="tc-tick" x="{cx + (9 if cx < WIDTH / 2 else -9):.1f}" '
            f'y="{max(cy - 9, top + 12):.1f}" '
            f'text-anchor="{"start" if cx < WIDTH / 2 else "end"}">'
            f"{escape(f'{mark:.3g}')}</text></g>"
        )
        out.append("</g>")
    out.append(
        f'<text class="tc-axis-title" x="{WIDTH - MARGIN_RIGHT}" y="{height - 6}" '
        f'text-anchor="end">{escape(param.label)}{escape(x_unit)}</text>'
    )
    out.append("</svg>")
    return "".join(out)
