"""Draw a figure as SVG markup, with the standard library only.

Written by hand rather than with a plotting library because the same code must run in the
reader's browser in Pyodide's core (no matplotlib), and a few lines and axes are all we need.
Colours are classes (`tc-c1`, ...) resolved by the site's stylesheet through CSS variables, so the
palette toggle recolours a figure at once and no inline style is needed (the CSP forbids them).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from transmitter_cycle import STATES, parameters, scenarios

from .controls import lower, slider, transmitter_name

if TYPE_CHECKING:  # types only: the drawings read the spec and the runs, never call them
    from .runs import Curve
    from .spec import FigureSpec

WIDTH = 640
PANEL_HEIGHT = 150
# Room for text at the phone's size too: there the drawing is scaled to about half, and the
# stylesheet sets its text to 25 units (about 12 CSS px). Tick labels and axis titles are placed
# in `em` below their axis, so they move with the text's size.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 72, 16, 42, 64
PANEL_GAP = 76  # room for the x tick labels above and the next panel's title below

#: one colour per quantity, everywhere (plots and the schematic): CSS classes `tc-q-<state>`
#: resolved by figures.css (`--tc-<state>`); the cleft is red in the drawing and in every plot
QUANTITY_CLASS = {
    name: f"tc-q-{name}" for name in ("cytosol", "vesicles", "ready", "cleft", "occupancy", "glia")
}


def escape(text: str) -> str:
    """Return `text` escaped for SVG text and attributes: what `html.escape` does (& < > " ').

    Not `html.escape` itself: importing `html` loads `html.entities` (2,231 named entities, for
    `unescape`, which the figures never need), 37 KB of the reader's runtime download and a
    large dict to build at every start-up. tests/unit/test_figure.py checks it against
    `html.escape`.
    """
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def quantity(name: str) -> str:
    """Return the colour class of state `name`."""
    return QUANTITY_CLASS.get(name, "tc-q-cleft")


#: the shortest value axis drawn (in the series' unit)
MIN_SPAN = 1e-3


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Return round tick values from at most `low` to at least `high` (about `count` of them)."""
    if not high > low:
        high = low + 1.0
    # an axis no shorter than MIN_SPAN: a run with (almost) nothing in it (1e-113 µM) gets
    # ticks a reader can read ("0.0005"), not e-notation nor ticks too fine to round apart
    high = max(high, low + MIN_SPAN)
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


# A redraw draws thousands of coordinates: the helpers below write the scales' arithmetic out
# (the same expressions as `sx` and `panel`'s `sy`, so the same digits), keep only the points a
# line needs (`thin`), and keep the lines of the runs a drag repeats.


def time_px(ts: Sequence[float], t_end: float) -> list[float]:
    """Return the x coordinates of times `ts` (a time-course panel's `sx`)."""
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    return [MARGIN_LEFT + plot_w * x / t_end for x in ts]


def panel_py(ys: Sequence[float], top: float, y_max: float) -> list[float]:
    """Return the y coordinates of `ys` in a panel (`panel`'s `sy`)."""
    cap = y_max * 1.08
    return [top + PANEL_HEIGHT * (1 - (cap if cap < y else y) / y_max) for y in ys]


#: how far (viewBox units: 1/640 of a figure's width) a drawn line may pass from a point it
#: leaves out. The pages show a figure 654 CSS px wide in a 1280–1440-px window and 785 in a
#: 2560-px one, so this is a quarter of a pixel (about one in the PDF zoomed to 400 %): the
#: line looks the same, with a seventh to a fifth of the points (`thin`: the polylines of the
#: built cycle, imbalance and mental-health pages went from 6,883, 7,762 and 8,405 points to
#: 1,010, 1,430 and 1,757)
THIN_TOLERANCE = 0.2


def thin(px: Sequence[float], py: Sequence[float], tolerance: float = THIN_TOLERANCE) -> list[int]:
    """Return the indices of the points a line through (`px`, `py`) needs, `px` increasing.

    Each segment between two kept points passes within `tolerance` (vertically) of every point
    left out between them: a straight stretch keeps its ends, a spike's rise, peak and decay
    keep every point that shapes them. One pass per segment ("sleeve" thinning): the slopes
    from the segment's start that stay within `tolerance` of every point passed narrow at each
    point, and the segment ends at the last point whose own slope was still among them. A
    point at the same x as the segment's start (a jump) ends the segment there.
    """
    n = len(px)
    if n < 3:
        return list(range(n))
    keep = [0]
    start = 0
    while start < n - 1:
        x0, y0 = px[start], py[start]
        low, high = -math.inf, math.inf
        end = start + 1
        for j in range(start + 1, n):
            dx = px[j] - x0
            if dx <= 0.0:
                break
            slope = (py[j] - y0) / dx
            if low <= slope <= high:
                end = j
            low = max(low, (py[j] - tolerance - y0) / dx)
            high = min(high, (py[j] + tolerance - y0) / dx)
            if low > high:
                break
        keep.append(end)
        start = end
    return keep


def point_list(px: Sequence[float], py: Sequence[float]) -> list[str]:
    """Return the formatted points a line needs (`thin`), in order."""
    return [f"{px[i]:.1f},{py[i]:.1f}" for i in thin(px, py)]


def line_points(px: Sequence[float], py: Sequence[float]) -> str:
    """Return an SVG `points` list for the line through (`px`, `py`), thinned."""
    return " ".join(point_list(px, py))


class PerRun:
    """A small least-recently-used cache of what is made from a run (its formatted lines or
    CSV columns), by the run itself and a key: a drag redraws the same compared run, and the
    run where the reader started, many times. Each entry holds its run, so that the run's id
    cannot be reused by another while the entry lives."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def clear(self) -> None:
        self.entries.clear()

    def get(self, run: Any, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """Return `make()` for `run` and `key`, made once while the entry lives."""
        at = (id(run), *key)
        found = self.entries.pop(at, None)
        if found is not None and found[0] is run:
            self.entries[at] = found  # now the most recently used
            return found[1]
        made = make()
        if len(self.entries) >= self.size:
            self.entries.pop(next(iter(self.entries)))
        self.entries[at] = (run, made)
        return made


#: lines of runs a drag repeats, by run, series and frame (the frame stays put while dragging)
_LINES = PerRun(32)


def cached_line(run: Any, name: str, frame: tuple[Any, ...], draw: Callable[[], str]) -> str:
    """Return `draw()` (the points of `run`'s series `name` in this `frame`), cached."""
    text: str = _LINES.get(run, (name, frame), draw)
    return text


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
    limit: float | None = None,
    offset: float = 0.0,
) -> tuple[float, Callable[[float], float], float]:
    """Open panel `index` (a `<g>` the caller closes) with its title, y grid and both axes.

    `limit` fixes the top of the y axis (the reader is dragging: the frame stays put); without
    it the axis fits `values`. Returns the panel's top edge, its y scale (value to SVG
    coordinate, 0 at the bottom) and the top of its y axis.
    """
    top = offset + MARGIN_TOP + index * (PANEL_HEIGHT + PANEL_GAP)
    bottom = top + PANEL_HEIGHT
    if limit is not None and limit > 0:
        ticks = nice_ticks(0.0, limit, 4)
    else:
        high = max(values)
        ticks = nice_ticks(0.0, high * 1.05 if high > 0 else 1.0, 4)
    y_max = ticks[-1]

    def sy(y: float) -> float:
        return top + PANEL_HEIGHT * (1 - min(y, y_max * 1.08) / y_max)  # clipped just above

    out.append(f'<g class="tc-panel" data-panel="{name}" data-limit="{y_max!r}">')
    out.append(
        f'<text class="tc-axis-title" x="{MARGIN_LEFT}" y="{top - 12}">{escape(title)}</text>'
    )
    for tick in ticks:
        y = sy(tick)
        out.append(
            f'<line class="tc-grid" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        if tick == 0 and x_ticks and x_ticks[0] == 0:
            continue  # the x axis's 0 stands at the origin: one zero, not two overlapping
        out.append(
            f'<text class="tc-tick" x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{fmt_tick(tick)}</text>'
        )
    for tick in x_ticks:
        x = sx(tick)
        out.append(
            f'<line class="tc-axis" x1="{x:.1f}" x2="{x:.1f}" y1="{bottom}" y2="{bottom + 4}"/>'
            f'<text class="tc-tick" x="{x:.1f}" y="{bottom + 6}" dy="0.85em" '
            f'text-anchor="middle">{fmt_tick(tick)}</text>'
        )
    out.append(
        f'<line class="tc-axis" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" '
        f'y1="{bottom}" y2="{bottom}"/>'
    )
    return top, sy, y_max


def overflows(values: Sequence[float], limit: float) -> bool:
    """Whether a curve leaves a fixed frame (rises above its y axis)."""
    return max(values, default=0.0) > limit * (1 + 1e-9)


def interpolate(ts: Sequence[float], ys: Sequence[float], at: Sequence[float]) -> list[float]:
    """Return the piecewise-linear values of (`ts`, `ys`) at the times `at` (both increasing).

    Each value is `y0 + (y1 - y0) * w`, `w` the time's place in its segment clamped to [0, 1].
    The compared run of every time-course redraw goes through here (hundreds of points), so the
    segment is looked up only when a time passes its end: a third of the time of looking it up
    for each point, with the same arithmetic and so the same digits.
    """
    last = len(ts) - 2
    if last < 0:  # one point: every time gets its value
        return [ys[0] + (ys[0] - ys[0]) * 0.0 for _ in at]
    out: list[float] = []
    append = out.append
    j = 0
    t0, t1, y0, y1 = ts[0], ts[1], ys[0], ys[1]
    for t in at:
        if t1 < t and j < last:
            j += 1
            while j < last and ts[j + 1] < t:
                j += 1
            t0, t1, y0, y1 = ts[j], ts[j + 1], ys[j], ys[j + 1]
        if t1 == t0:
            w = 0.0
        else:
            w = (t - t0) / (t1 - t0)
            if w < 0.0:
                w = 0.0
            elif w > 1.0:
                w = 1.0
        append(y0 + (y1 - y0) * w)
    return out


def difference(
    name: str,
    compare: str,
    forward: str,
    px: Sequence[float],
    base: Sequence[float],
    ratio: float | None,
    top: float,
) -> str:
    """Return the gap to the compared run, shaded, with the ratio of the time averages.

    `forward`: the run's line (its formatted points); `px` and `base`: the x of its times and
    the y of the compared run at those times.
    """
    back = " ".join(reversed(point_list(px, base)))
    label = ""
    if ratio is not None:
        label = (
            f'<text class="tc-difference-label" x="{WIDTH - MARGIN_RIGHT - 4}" y="{top + 4}" '
            f'dy="0.9em" '
            f'text-anchor="end">{escape(format_ratio(ratio))}× {escape(lower(compare))}</text>'
        )
    return (
        f'<g class="tc-difference" data-role="difference" data-of="{name}" '
        f'data-ratio="{"" if ratio is None else f"{ratio:.6g}"}">'
        f'<polygon class="tc-gap {quantity(name)}" points="{forward} {back}"/>{label}</g>'
    )


def format_ratio(value: float) -> str:
    """Return a ratio as the figures print it: two significant figures (`2.2`, `0.87`, `14`)."""
    return f"{value:.2g}" if value < 10 else f"{value:.0f}"


def legend(current: str, compare: str | None, spikes: bool, before: bool) -> str:
    """Return the figure's legend as HTML (under the drawing, wrapping on a phone, so it never
    meets a panel title): what solid, dashed and faint lines and the ticks mean.

    The lines' colour says which quantity they show (the panel titles name it); the legend's
    swatches are neutral, because they explain the line styles, not the colours.
    """

    def swatch(css: str) -> str:
        return (
            '<svg class="tc-swatch" viewBox="0 0 24 12" width="24" height="12" aria-hidden="true">'
            f'<line class="tc-line {css}" x1="1" x2="23" y1="6" y2="6"/></svg>'
        )

    items = [f"{swatch('tc-key')}{escape(current)}"]
    if compare:
        items.append(f"{swatch('tc-key tc-baseline')}{escape(compare)}")
    if before:
        items.append(f"{swatch('tc-key tc-before')}where you started")
    if spikes:
        items.append(
            '<svg class="tc-swatch" viewBox="0 0 24 12" width="24" height="12" aria-hidden="true">'
            '<g class="tc-spikes"><line x1="12" x2="12" y1="0" y2="12"/></g></svg>'
            "a spike (action potential)"
        )
    body = "".join(f'<span class="tc-legend-item">{item}</span>' for item in items)
    return f'<p class="synapse-legend tc-legend" data-role="legend">{body}</p>'


def timecourse(
    spec: FigureSpec,
    result: Any,
    baseline: Any = None,
    before: Any = None,
    limits: Mapping[str, float] | None = None,
) -> str:
    """Draw the chosen series over time: one panel per series, spikes marked, axes with units.

    Args:
        before: the run where the reader started (drawn faint, `data-role="before"`), or None.
        limits: the top of each panel's y axis, by series, while the reader drags (the frame
            stays put); the root's `data-overflow` says whether a curve left it.
    """

    names = scenarios(spec.transmitter)
    height = MARGIN_TOP + len(spec.show) * (PANEL_HEIGHT + PANEL_GAP) - PANEL_GAP + MARGIN_BOTTOM
    t = result.t
    t_end = t[-1] if t else spec.duration
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT

    def sx(x: float) -> float:
        return MARGIN_LEFT + plot_w * x / t_end

    title = f"{transmitter_name(spec.transmitter, True)}: {names[spec.scenario].label}"
    other = names[spec.compare].label if baseline is not None and spec.compare else None
    compared = other is not None
    if other is not None:
        title += f" compared with {other}"
    labels = ", ".join(STATES[s].label.lower() for s in spec.show)
    desc = f"Simulated time course over {spec.duration:g} s of {labels}."
    out = open_svg("timecourse", height, title, desc)
    x_ticks = [tick for tick in nice_ticks(0.0, t_end, 6) if tick <= t_end * (1 + 1e-9)]
    overflow = False
    for index, name in enumerate(spec.show):
        info = STATES[name]
        unit = f" ({info.unit})" if info.unit else ""
        values = [*result[name], *(baseline[name] if compared else ())]
        if before is not None:
            values += before[name]
        limit = (limits or {}).get(name)
        top, _, y_max = panel(out, index, name, f"{info.label}{unit}", values, x_ticks, sx, limit)
        overflow = overflow or (limit is not None and overflows(result[name], y_max))
        spikes = "".join(
            f'<line x1="{sx(s):.1f}" x2="{sx(s):.1f}" y1="{top - 4}" y2="{top + 4}"/>'
            for s in result.spikes
            if 0 <= s <= t_end
        )
        out.append(f'<g class="tc-spikes" aria-hidden="true">{spikes}</g>')
        px = time_px(t, t_end)  # once for the line, the gap's edge and the compared run on it
        drawn = line_points(px, panel_py(result[name], top, y_max))

        def line(run: Any, name: str = name, top: float = top, y_max: float = y_max) -> str:
            return cached_line(
                run,
                name,
                ("timecourse", t_end, top, y_max),
                lambda: line_points(time_px(run.t, t_end), panel_py(run[name], top, y_max)),
            )

        if compared:
            base = interpolate(baseline.t, baseline[name], t)
            then = baseline.mean(name)
            ratio = result.mean(name) / then if then > 0 else None
            out.append(
                difference(name, other or "", drawn, px, panel_py(base, top, y_max), ratio, top)
            )
            out.append(
                f'<polyline class="tc-line tc-baseline" data-series="{name}" '
                f'data-scenario="{spec.compare}" '
                f'points="{line(baseline)}"/>'
            )
        if before is not None:
            out.append(
                f'<polyline class="tc-line tc-before {quantity(name)}" data-role="before" '
                f'data-of="{name}" points="{line(before)}"/>'
            )
        out.append(
            f'<polyline class="tc-line {quantity(name)}" data-series="{name}" '
            f'data-scenario="{spec.scenario}" points="{drawn}"/>'
        )
        out.append("</g>")
    return _finish(out, height, "Time (s)", overflow)


def sweep(
    spec: FigureSpec,
    result: Any,
    curve: Curve,
    baseline: Curve | None,
    current: float,
    before: float | None = None,
    limits: Mapping[str, float] | None = None,
) -> str:
    """Draw a dose–response curve per shown state: its time average against the swept parameter.

    The current setting is marked on each curve (a ring at the current run's mean, its value
    with its unit); where the reader started stays as a faint ring (`data-role="before"`); a
    compared scenario's curve is drawn dashed underneath. The x axis is in the control's scale
    (a fraction in %, as the captions write it).
    """

    names = scenarios(spec.transmitter)
    param = parameters(spec.transmitter, spec.scenario)[curve.name]
    control = slider(spec.transmitter, spec.scenario, curve.name, current)
    factor = control.factor
    x_unit = f" ({control.unit})" if control.unit else ""
    height = MARGIN_TOP + len(spec.show) * (PANEL_HEIGHT + PANEL_GAP) - PANEL_GAP + MARGIN_BOTTOM
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    x_ticks = nice_ticks(param.minimum * factor, param.maximum * factor, 6)
    x_lo, x_hi = x_ticks[0], x_ticks[-1]

    def sx(x: float) -> float:  # x in the control's scale
        return MARGIN_LEFT + plot_w * (x - x_lo) / (x_hi - x_lo)

    def px(x: float) -> float:  # x as a parameter value
        return sx(x * factor)

    title = f"{transmitter_name(spec.transmitter, True)}, {names[spec.scenario].label}: "
    title += ", ".join(f"mean {STATES[s].label.lower()}" for s in spec.show)
    title += f" against {param.label.lower()}"
    if baseline is not None and spec.compare:
        title += f", compared with {names[spec.compare].label}"
    desc = (
        f"Each point of the curve is a simulated run of {spec.duration:g} s at one value of "
        f"{param.label.lower()} from {control.show(param.minimum)} to "
        f"{control.show(param.maximum)}; the ring marks the current setting, "
        f"{control.show(current)}."
    )
    out = open_svg("sweep", height, title, desc)
    overflow = False
    for index, name in enumerate(spec.show):
        info = STATES[name]
        unit = f" ({info.unit})" if info.unit else ""
        mark = result.mean(name)
        ys = [*curve.y[name], mark] + (list(baseline.y[name]) if baseline is not None else [])
        limit = (limits or {}).get(name)
        top, sy, y_max = panel(
            out, index, name, f"Mean {info.label.lower()}{unit}", ys, x_ticks, sx, limit
        )
        overflow = overflow or (limit is not None and overflows([*curve.y[name], mark], y_max))
        colour = quantity(name)

        def points(
            xs: Sequence[float], values: Sequence[float], sy: Callable[[float], float] = sy
        ) -> str:
            return " ".join(f"{px(x):.1f},{sy(y):.1f}" for x, y in zip(xs, values, strict=True))

        if baseline is not None and spec.compare:
            out.append(
                f'<polyline class="tc-line tc-baseline" data-series="{name}" '
                f'data-scenario="{spec.compare}" points="{points(baseline.x, baseline.y[name])}"/>'
            )
        out.append(
            f'<polyline class="tc-line {colour}" data-series="{name}" '
            f'data-scenario="{spec.scenario}" points="{points(curve.x, curve.y[name])}"/>'
        )
        if before is not None and before != current:
            then = interpolate(curve.x, curve.y[name], [before])[0]
            out.append(
                f'<circle class="tc-ring tc-before {colour}" data-role="before" data-of="{name}" '
                f'cx="{px(before):.1f}" cy="{sy(then):.1f}" r="6"/>'
            )
        cx, cy = px(current), sy(mark)
        shown = f"{mark:.3g}{' ' + info.unit if info.unit else ''} at {control.show(current)}"
        out.append(
            f'<g class="tc-marker" data-marker="{name}">'
            f'<line class="tc-guide" x1="{cx:.1f}" x2="{cx:.1f}" y1="{top}" '
            f'y2="{top + PANEL_HEIGHT}"/>'
            f'<circle class="tc-ring {colour}" cx="{cx:.1f}" cy="{cy:.1f}" r="6"/>'
            f'<text class="tc-tick tc-marker-label" x="{cx + (9 if cx < WIDTH / 2 else -9):.1f}" '
            f'y="{max(cy - 10, top + 14):.1f}" '
            f'text-anchor="{"start" if cx < WIDTH / 2 else "end"}">'
            f"{escape(shown)}</text></g>"
        )
        out.append("</g>")
    return _finish(out, height, f"{escape(param.label)}{escape(x_unit)}", overflow)


def _finish(out: list[str], height: float, x_title: str, overflow: bool) -> str:
    """Close a drawing: the x axis's title (markup, escaped by the caller), the end tag, and
    `data-overflow` on the opening tag when a curve left the fixed frame."""
    out.append(
        f'<text class="tc-axis-title" x="{WIDTH - MARGIN_RIGHT}" y="{height - MARGIN_BOTTOM + 6}" '
        f'dy="1.95em" text-anchor="end">{x_title}</text>'
    )
    out.append("</svg>")
    if overflow:
        out[0] = out[0].replace("<svg ", '<svg data-overflow="true" ', 1)
    return "".join(out)
