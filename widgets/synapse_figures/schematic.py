"""The `schematic` view: a drawing of the synapse whose parts fill with the simulated state.

Hand-drawn SVG, built with the standard library like `svg.py`. The five stages of the cycle are
labelled: production (free transmitter in the terminal), storage (vesicles), release (the docked,
readily releasable vesicles and the cleft), reception (receptors) and removal (transporters and
a glial cell). Each part's `fill-opacity` follows its state at one moment of the run.

The drawing carries `FRAMES` moments of the run: every animated element lists its values for each
frame in `data-frames` (space-separated) and the attribute they go to in `data-frame-attr`; the
root lists the frame times in `data-times`. The page's script moves through the frames (the time
scrubber, play/pause) by setting those attributes: no model run, no redraw. The frame drawn as
`fill-opacity` on the server is the one where the cleft is fullest (`data-frame` on the root).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from transmitter_cycle import STATES, scenarios

from .controls import transmitter_name
from .svg import (
    MARGIN_LEFT,
    MARGIN_RIGHT,
    WIDTH,
    cached_line,
    escape,
    fmt_tick,
    line_points,
    nice_ticks,
    open_svg,
    time_px,
)

if TYPE_CHECKING:  # types only: the drawings read the spec, never call it
    from .spec import FigureSpec

#: moments of the run the drawing can show (the scrubber's positions)
FRAMES = 60

HEIGHT = 494
TRACE_TOP, TRACE_BOTTOM = 376, 428

#: the faintest fill: an empty part stays visible
FLOOR = 0.1


def frame_indices(count: int, frames: int = FRAMES) -> list[int]:
    """Return `frames` indices spread evenly over `count` samples (first and last included)."""
    if count <= 1:
        return [0] * frames
    return [round(i * (count - 1) / (frames - 1)) for i in range(frames)]


def opacities(values: Sequence[float], scale: float) -> list[float]:
    """Map values to fill opacities between `FLOOR` and 1, full at `scale` and above."""
    if not scale > 0:
        scale = max(values, default=0.0) or 1.0
    return [FLOOR + (1 - FLOOR) * min(max(v / scale, 0.0), 1.0) for v in values]


def _frames(values: Sequence[float]) -> str:
    return " ".join(f"{v:.3f}" for v in values)


def _part(tag: str, series: str, values: Sequence[float], index: int, attrs: str, css: str) -> str:
    """Return an element that fills with a state: static opacity of frame `index`, all frames."""
    return (
        f'<{tag} class="tc-fill {css}" data-series="{series}" {attrs} '
        f'fill-opacity="{values[index]:.3f}" data-frames="{_frames(values)}" '
        f'data-frame-attr="fill-opacity"/>'
    )


def _group(series: str, values: Sequence[float], index: int, css: str, shapes: str) -> str:
    return (
        f'<g class="tc-fill {css}" data-series="{series}" fill-opacity="{values[index]:.3f}" '
        f'data-frames="{_frames(values)}" data-frame-attr="fill-opacity">{shapes}</g>'
    )


#: dots in the cleft: transmitter molecules, linearly many; all of them at `CLEFT_FULL` × the
#: reference run's peak (so 1 → 50 Hz, or a reuptake block, changes the count visibly)
MOLECULES = 30
CLEFT_FULL = 8.0

#: slots drawn for docked (ready) vesicles, stored vesicles and receptors
DOCKED, STORED, RECEPTORS = 6, 8, 6

#: an empty slot (an undocked place, an unbound receptor, an absent molecule) stays faintly visible
EMPTY = 0.15


def counts(values: Sequence[float], full: float, slots: int) -> list[int]:
    """Return how many of `slots` are filled at each value (all of them at `full` and above)."""
    if not full > 0:
        return [0 for _ in values]
    return [min(slots, max(0, round(slots * v / full))) for v in values]


def _counted(shapes: Sequence[str], filled: Sequence[int], index: int, empty: float) -> str:
    """Return `shapes` (element openings without `/>`), shape i shown when i < filled[frame]."""
    out = []
    on, off = f"{1.0:g}", f"{empty:g}"  # each frame shows a shape or not: two strings
    for i, shape in enumerate(shapes):
        frames = [on if i < n else off for n in filled]
        out.append(
            f'{shape} opacity="{frames[index]}" '
            f'data-frames="{" ".join(frames)}" '
            f'data-frame-attr="opacity"/>'
        )
    return "".join(out)


def _shade(values: Sequence[float], index: int) -> str:
    """Return the attributes that shade a group by its level (frame `index` drawn now)."""
    return (
        f'fill-opacity="{values[index]:.3f}" data-frames="{_frames(values)}" '
        f'data-frame-attr="fill-opacity"'
    )


def _label(x: float, y: float, number: int, name: str, detail: str, anchor: str = "start") -> str:
    return (
        f'<text class="tc-stage" x="{x}" y="{y}" text-anchor="{anchor}">'
        f'<tspan class="tc-stage-name">{number} {escape(name)}</tspan>'
        f'<tspan class="tc-stage-detail" x="{x}" dy="15">{escape(detail)}</tspan></text>'
    )


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    """Return a line with a small arrowhead at its end (no `<marker>`: its id would repeat)."""
    dx, dy = x2 - x1, y2 - y1
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length, dy / length
    bx, by = x2 - 7 * ux, y2 - 7 * uy
    left = f"{bx - 4 * uy:.1f},{by + 4 * ux:.1f}"
    right = f"{bx + 4 * uy:.1f},{by - 4 * ux:.1f}"
    return (
        f'<line class="tc-flow" x1="{x1}" y1="{y1}" x2="{bx:.1f}" y2="{by:.1f}"/>'
        f'<polygon class="tc-flow-head" points="{x2},{y2} {left} {right}"/>'
    )


def schematic(
    spec: FigureSpec,
    result: Any,
    reference: Any,
    baseline: Any = None,
    before: Any = None,
    limits: Mapping[str, float] | None = None,
) -> str:
    """Draw the synapse at the moments of `result`; `reference` sets what counts as full.

    Args:
        spec: the figure.
        result: the run drawn.
        reference: the run at the fence's own settings: a part is full at its peak there, so a
            slider that raises a level makes the part visibly fuller.
        baseline: the compared scenario's run (dashed in the time trace), or None.
        before: the run where the reader started (faint in the time trace), or None.
        limits: `{"cleft": top}`: the time trace's y axis, kept while the reader drags.
    """

    names = scenarios(spec.transmitter)
    t = result.t
    picks = frame_indices(len(t))
    times = [t[i] for i in picks]

    def frames_of(name: str) -> list[float]:
        values = [result[name][i] for i in picks]
        if name in ("ready", "occupancy"):  # fractions: full is 1
            return [FLOOR + (1 - FLOOR) * min(max(v, 0.0), 1.0) for v in values]
        return opacities(values, max(reference[name]))

    cleft = [result["cleft"][i] for i in picks]
    index = max(range(FRAMES), key=lambda i: cleft[i])
    block = float(result.params.get("reuptake_block", 0.0))
    transporters = FLOOR + (1 - FLOOR) * (1 - min(max(block, 0.0), 1.0))

    title = f"The {transmitter_name(spec.transmitter)} synapse: {names[spec.scenario].label}"
    desc = (
        "A drawing of the synapse with the five stages of the transmitter cycle: production in "
        "the sending terminal, storage in vesicles, release into the cleft, reception by "
        "receptors on the receiving neuron, and removal by transporters and a glial cell. At one "
        f"moment of a simulated run of {spec.duration:g} s, the drawing shows amounts: stored and "
        "docked vesicles, dots for transmitter in the cleft (more dots, more transmitter), and "
        "how many receptors are bound; the terminal's free transmitter and the glial pool are "
        "shaded. The trace below shows transmitter in the cleft over the run."
    )
    out = open_svg("schematic", HEIGHT, title, desc)
    out[0] = out[0].replace(
        "<svg ",
        f'<svg data-times="{" ".join(f"{x:.4g}" for x in times)}" data-frame="{index}" ',
        1,
    )
    trace, overflow = _trace(spec, result, baseline, times, index, before, limits)
    out.append(trace)
    if overflow:
        out[0] = out[0].replace("<svg ", '<svg data-overflow="true" ', 1)

    # the sending terminal: production (free transmitter) and storage (vesicles)
    out.append('<g class="tc-drawing">')
    out.append(
        '<path class="tc-cell" d="M160,164 L160,54 Q160,14 200,14 L440,14 Q480,14 480,54 '
        'L480,164 Z"/>'
        '<text class="tc-part" x="320" y="36" text-anchor="middle">Sending terminal</text>'
    )
    out.append(
        _part(
            "ellipse",
            "cytosol",
            frames_of("cytosol"),
            index,
            'cx="235" cy="92" rx="50" ry="30"',
            "tc-fq-cytosol",
        )
    )

    def level(name: str) -> list[float]:
        return [result[name][i] for i in picks]

    stored = [
        f'<circle class="tc-vesicle" cx="{x}" cy="{y}" r="11"'
        for x, y in (
            (316, 62),
            (350, 92),
            (388, 58),
            (424, 90),
            (384, 124),
            (452, 60),
            (452, 128),
            (420, 124),
        )
    ]
    vesicles = _counted(
        stored, counts(level("vesicles"), max(reference["vesicles"]), STORED), index, 0.0
    )
    out.append(
        f'<g class="tc-fill tc-fq-vesicles" data-series="vesicles" '
        f"{_shade(frames_of('vesicles'), index)} "
        f'data-amount="count">{vesicles}</g>'
    )
    slots = [
        f'<circle class="tc-vesicle" cx="{222 + 26 * i}" cy="151" r="9"' for i in range(DOCKED)
    ]
    docked = _counted(slots, counts(level("ready"), 1.0, DOCKED), index, EMPTY)
    out.append(
        f'<g class="tc-fill tc-fq-ready" data-series="ready" {_shade(frames_of("ready"), index)} '
        f'data-amount="count">{docked}</g>'
    )
    out.append(
        f'<g class="tc-fill tc-transporters" data-part="transporters" '
        f'fill-opacity="{transporters:.3f}">'
        '<rect class="tc-transporter" x="404" y="152" width="14" height="14" rx="3"/>'
        '<rect class="tc-transporter" x="440" y="152" width="14" height="14" rx="3"/></g>'
    )
    # the cleft, and the receiving neuron with its receptors
    band = [FLOOR + 0.3 * (v - FLOOR) for v in frames_of("cleft")]  # light: the dots show amounts
    out.append(
        _part(
            "rect", "cleft", band, index, 'x="160" y="168" width="320" height="32"', "tc-fq-cleft"
        )
    )
    golden = 0.6180339887
    dots = [
        f'<circle class="tc-molecule tc-fq-cleft" cx="{170 + 300 * ((i * golden) % 1):.1f}" '
        f'cy="{175 + 18 * ((i * 0.377 + 0.5) % 1):.1f}" r="3.5"'
        for i in range(MOLECULES)
    ]
    molecules = _counted(
        dots, counts(level("cleft"), CLEFT_FULL * max(reference["cleft"]), MOLECULES), index, 0.0
    )
    out.append(
        f'<g class="tc-molecules" data-series="cleft-molecules" data-amount="count">{molecules}</g>'
    )
    out.append(
        '<path class="tc-cell" d="M160,204 L480,204 L480,300 Q480,330 450,330 L190,330 '
        'Q160,330 160,300 Z"/>'
        '<text class="tc-part" x="320" y="318" text-anchor="middle">Receiving neuron</text>'
    )
    receptors = [
        f'<rect class="tc-receptor" x="{x}" y="204" width="14" height="16" rx="2"'
        for x in (190, 230, 270, 310, 350, 390)
    ]
    bound = _counted(receptors, counts(level("occupancy"), 1.0, RECEPTORS), index, EMPTY)
    out.append(
        f'<g class="tc-fill tc-fq-occupancy" data-series="occupancy" '
        f'{_shade(frames_of("occupancy"), index)} data-amount="count">{bound}</g>'
    )
    # the glial cell beside the synapse
    out.append(
        '<ellipse class="tc-cell" cx="562" cy="196" rx="62" ry="96"/>'
        '<text class="tc-part" x="562" y="132" text-anchor="middle">Glial cell</text>'
    )
    out.append(
        _part(
            "ellipse",
            "glia",
            frames_of("glia"),
            index,
            'cx="562" cy="210" rx="36" ry="50"',
            "tc-fq-glia",
        )
    )
    # flows: release into the cleft, reuptake, glial uptake, synthesis into storage
    out.append(
        '<g class="tc-flows" aria-hidden="true">'
        + _arrow(272, 162, 272, 182)
        + _arrow(425, 182, 425, 170)
        + _arrow(470, 184, 522, 190)
        + _arrow(287, 88, 304, 76)
        + "</g>"
    )
    # the five stages, with leader lines to their parts
    out.append(
        '<g class="tc-labels">'
        + _label(8, 70, 1, "Production", "synthesis")
        + '<line class="tc-leader" x1="112" y1="66" x2="185" y2="88"/>'
        + _label(8, 130, 2, "Storage", "vesicles")
        + '<line class="tc-leader" x1="90" y1="126" x2="218" y2="146"/>'
        + _label(8, 190, 3, "Release", "into the cleft")
        + '<line class="tc-leader" x1="90" y1="186" x2="160" y2="184"/>'
        + _label(8, 250, 4, "Reception", "receptors")
        + '<line class="tc-leader" x1="100" y1="246" x2="190" y2="214"/>'
        + _label(562, 34, 5, "Removal", "transporters, glia", "middle")
        + '<line class="tc-leader" x1="520" y1="50" x2="454" y2="152"/>'
        + '<line class="tc-leader" x1="562" y1="54" x2="562" y2="100"/>'
        + "</g>"
    )
    out.append("</g></svg>")
    return "".join(out)


def _trace(
    spec: FigureSpec,
    result: Any,
    baseline: Any,
    times: Sequence[float],
    index: int,
    before: Any = None,
    limits: Mapping[str, float] | None = None,
) -> tuple[str, bool]:
    """Return the time trace of the cleft under the drawing, with the current moment marked,
    and whether the curve left a fixed frame (`limits`)."""

    t = result.t
    t_end = t[-1] if t else spec.duration
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    series = [result["cleft"]] + ([baseline["cleft"]] if baseline is not None else [])
    if before is not None:
        series.append(before["cleft"])
    limit = (limits or {}).get("cleft")
    if limit is not None and limit > 0:
        y_max = nice_ticks(0.0, limit, 2)[-1]
    else:
        high = max(max(s) for s in series)
        y_max = nice_ticks(0.0, high * 1.05 if high > 0 else 1.0, 2)[-1]
    overflow = limit is not None and max(result["cleft"]) > y_max * (1 + 1e-9)

    def sx(x: float) -> float:
        return MARGIN_LEFT + plot_w * x / t_end

    def sy(y: float) -> float:
        return TRACE_BOTTOM - (TRACE_BOTTOM - TRACE_TOP) * min(y, y_max * 1.08) / y_max

    info = STATES["cleft"]
    xs = [sx(x) for x in times]
    out = [
        f'<g class="tc-panel tc-trace" data-panel="cleft" data-limit="{y_max!r}">',
        f'<text class="tc-axis-title" x="{MARGIN_LEFT}" y="{TRACE_TOP - 10}">'
        f"{escape(info.label)} ({escape(info.unit)})</text>",
        f'<line class="tc-grid" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" '
        f'y1="{TRACE_TOP}" y2="{TRACE_TOP}"/>',
        f'<text class="tc-tick" x="{MARGIN_LEFT - 6}" y="{TRACE_TOP + 4}" '
        f'text-anchor="end">{fmt_tick(y_max)}</text>',
        f'<line class="tc-axis" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" '
        f'y1="{TRACE_BOTTOM}" y2="{TRACE_BOTTOM}"/>',
    ]
    for tick in nice_ticks(0.0, t_end, 6):
        if tick > t_end * (1 + 1e-9):
            continue
        x = sx(tick)
        out.append(
            f'<text class="tc-tick" x="{x:.1f}" y="{TRACE_BOTTOM + 6}" dy="0.85em" '
            f'text-anchor="middle">{fmt_tick(tick)}</text>'
        )

    def line(run: Any) -> str:
        # `sx` and `sy` written out (the same digits), the points the line needs (`thin`)
        cap = y_max * 1.08
        span = TRACE_BOTTOM - TRACE_TOP
        ys = [TRACE_BOTTOM - span * (cap if cap < y else y) / y_max for y in run["cleft"]]
        return line_points(time_px(run.t, t_end), ys)

    frame = ("trace", t_end, y_max)
    if baseline is not None and spec.compare:
        drawn = cached_line(baseline, "cleft", frame, lambda: line(baseline))
        out.append(
            f'<polyline class="tc-line tc-baseline" data-series="cleft" '
            f'data-scenario="{spec.compare}" points="{drawn}"/>'
        )
    if before is not None:
        drawn = cached_line(before, "cleft", frame, lambda: line(before))
        out.append(
            f'<polyline class="tc-line tc-before tc-q-cleft" data-role="before" data-of="cleft" '
            f'points="{drawn}"/>'
        )
    out.append(
        f'<polyline class="tc-line tc-q-cleft" data-series="cleft" '
        f'data-scenario="{spec.scenario}" points="{line(result)}"/>'
    )
    out.append(
        f'<line class="tc-cursor" x1="{xs[index]:.1f}" x2="{xs[index]:.1f}" '
        f'y1="{TRACE_TOP - 4}" y2="{TRACE_BOTTOM + 4}" '
        f'data-frames="{" ".join(f"{x:.1f}" for x in xs)}" data-frame-attr="x1 x2"/>'
    )
    out.append(
        f'<text class="tc-axis-title" x="{WIDTH - MARGIN_RIGHT}" y="{TRACE_BOTTOM + 6}" '
        f'dy="1.95em" '
        f'text-anchor="end">Time (s)</text>'
    )
    out.append("</g>")
    return "".join(out), overflow
