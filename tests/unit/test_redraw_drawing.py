"""The drawing's fast paths draw what the plain scales draw.

`svg.time_px`, `svg.panel_py` and the schematic's trace write the scales' arithmetic out, a line
keeps only the points it needs (`svg.thin`), and the lines of the runs a drag repeats come from
a cache: every point drawn must be one the plain `sx`/`sy` functions give, to the digit; every
point left out must lie within `THIN_TOLERANCE` (plus the drawing's rounding) of the line drawn;
and a cached line must be the one drawn afresh.
"""

from __future__ import annotations

import itertools
import re

from synapse_figures import svg
from synapse_figures.figure import render
from synapse_figures.runs import cached_run, fixed_run
from synapse_figures.schematic import TRACE_BOTTOM, TRACE_TOP
from synapse_figures.spec import parse_spec
from synapse_figures.svg import MARGIN_LEFT, MARGIN_RIGHT, PANEL_HEIGHT, WIDTH

COMPARED = {
    "transmitter": "dopamine",
    "scenario": "d2_antagonist",
    "compare": "healthy",
    "controls": ["receptor_block"],
    "show": ["cleft", "occupancy"],
    "duration": 3,
    "caption": "A figure.",
}


def _plain(
    ts: tuple[float, ...], ys: tuple[float, ...], top: float, y_max: float
) -> list[tuple[float, float]]:
    t_end = ts[-1]
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT

    def sx(x: float) -> float:
        return MARGIN_LEFT + plot_w * x / t_end

    def sy(y: float) -> float:
        return top + PANEL_HEIGHT * (1 - min(y, y_max * 1.08) / y_max)

    return [(sx(x), sy(y)) for x, y in zip(ts, ys, strict=True)]


def assert_thinned(drawn: str, plain: list[tuple[float, float]]) -> None:
    """`drawn` keeps the plain line's ends and a subsequence of its points, formatted digit for
    digit, and (before the drawing rounds to 0.1) passes within THIN_TOLERANCE of every point
    it leaves out."""
    formatted = [f"{x:.1f},{y:.1f}" for x, y in plain]
    kept = drawn.split(" ")
    assert kept[0] == formatted[0]
    assert kept[-1] == formatted[-1]
    assert len(kept) < len(formatted) or len(formatted) < 3
    previous = 0
    for point in kept[1:]:
        index = formatted.index(point, previous + 1)  # a subsequence: the next match onwards
        (x0, y0), (x1, y1) = plain[previous], plain[index]
        for x, y in plain[previous + 1 : index]:
            on_line = y0 + (y1 - y0) * (x - x0) / (x1 - x0)
            assert abs(on_line - y) <= svg.THIN_TOLERANCE + 1e-9, (x, y, on_line)
        previous = index
    assert previous == len(plain) - 1


def _line(drawing: str, attrs: str) -> str:
    match = re.search(rf'<polyline [^>]*{attrs}[^>]*points="([^"]*)"', drawing)
    assert match is not None, attrs
    return match.group(1)


def test_time_course_lines_are_the_plain_scales() -> None:
    spec = parse_spec(COMPARED)
    values = {"receptor_block": 0.3}
    drawn = render(spec, values, before={}, limits={"cleft": 0.5}).svg
    baseline = fixed_run(spec, "healthy")
    start = fixed_run(spec, spec.scenario)
    result = cached_run(spec, spec.scenario, values)  # the run drawn
    for index, name in enumerate(spec.show):
        y_max = float(re.findall(r'data-panel="\w+" data-limit="([^"]+)"', drawn)[index])
        top = svg.MARGIN_TOP + index * (PANEL_HEIGHT + svg.PANEL_GAP)
        assert_thinned(
            _line(drawn, f'data-series="{name}" data-scenario="d2_antagonist"'),
            _plain(result.t, result[name], top, y_max),
        )
        assert_thinned(
            _line(drawn, f'data-series="{name}" data-scenario="healthy"'),
            _plain(baseline.t, baseline[name], top, y_max),
        )
        assert_thinned(
            _line(drawn, f'data-role="before" data-of="{name}"'),
            _plain(start.t, start[name], top, y_max),
        )


def test_a_cached_line_is_the_line_drawn_afresh() -> None:
    spec = parse_spec(COMPARED)
    svg._LINES.clear()
    first = render(spec, {"receptor_block": 0.3}, before={}, limits={"cleft": 0.5}).svg
    assert svg._LINES  # the compared and the 'before' lines are kept
    again = render(spec, {"receptor_block": 0.3}, before={}, limits={"cleft": 0.5}).svg
    svg._LINES.clear()
    fresh = render(spec, {"receptor_block": 0.3}, before={}, limits={"cleft": 0.5}).svg
    assert first == again == fresh


def test_the_schematic_trace_is_the_plain_scales() -> None:
    spec = parse_spec(
        {"transmitter": "serotonin", "view": "schematic", "controls": ["firing_rate"],
         "caption": "A figure."}
    )  # fmt: skip
    drawn = render(spec, {"firing_rate": 4.0}, before={}).svg
    result = cached_run(spec, spec.scenario, {"firing_rate": 4.0})
    match = re.search(r'class="tc-panel tc-trace" data-panel="cleft" data-limit="([^"]+)"', drawn)
    assert match is not None
    y_max = float(match.group(1))
    t_end = result.t[-1]
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    expected = [
        (
            MARGIN_LEFT + plot_w * x / t_end,
            TRACE_BOTTOM - (TRACE_BOTTOM - TRACE_TOP) * min(y, y_max * 1.08) / y_max,
        )
        for x, y in zip(result.t, result["cleft"], strict=True)
    ]
    assert_thinned(_line(drawn, 'data-series="cleft" data-scenario="healthy"'), expected)


def test_thinning_keeps_every_point_a_spike_needs() -> None:
    """A flat stretch, a jump at one time (a spike's release), a decay: the jump's two points
    and the decay's shape stay, the flat stretch keeps its ends; each left-out point is within
    the tolerance of the line kept (in exact arithmetic, no rounding here)."""
    import math

    px = [float(i) for i in range(100)] + [99.0] + [99.0 + 0.5 * i for i in range(1, 200)]
    py = [50.0] * 100 + [10.0] + [50.0 - 40.0 * math.exp(-0.05 * i) for i in range(1, 200)]
    kept = svg.thin(px, py)
    assert kept[0] == 0
    assert kept[-1] == len(px) - 1
    assert 99 in kept
    assert 100 in kept
    assert 1 not in kept
    assert 50 not in kept
    assert len(kept) < len(px) // 4
    for a, b in itertools.pairwise(kept):
        for i in range(a + 1, b):
            on_line = py[a] + (py[b] - py[a]) * (px[i] - px[a]) / (px[b] - px[a])
            assert abs(on_line - py[i]) <= svg.THIN_TOLERANCE + 1e-9, i
    assert svg.thin([0.0, 1.0], [0.0, 5.0]) == [0, 1]
    assert svg.thin([], []) == []


def _plain_interpolate(ts: list[float], ys: list[float], at: list[float]) -> list[float]:
    """The segment looked up afresh for every time (what `svg.interpolate` replaced)."""
    out = []
    j = 0
    for t in at:
        while j < len(ts) - 2 and ts[j + 1] < t:
            j += 1
        t0, t1 = ts[j], ts[min(j + 1, len(ts) - 1)]
        y0, y1 = ys[j], ys[min(j + 1, len(ys) - 1)]
        w = 0.0 if t1 == t0 else min(max((t - t0) / (t1 - t0), 0.0), 1.0)
        out.append(y0 + (y1 - y0) * w)
    return out


def test_interpolation_gives_the_plain_lookup_s_digits() -> None:
    """Grids as the model writes them (repeated times at a spike, runs of different lengths),
    times before, inside and after the grid: every value equal to the last bit."""
    import random

    rng = random.Random(7)
    for case in range(300):
        n = rng.choice([1, 2, 3, 10, 400])
        ts = sorted(rng.uniform(0, 5) for _ in range(n))
        if n > 3 and case % 2:  # a spike: the same time twice
            k = rng.randrange(1, n - 1)
            ts[k + 1] = ts[k]
        ys = [rng.uniform(0, 3) * 10 ** rng.randint(-3, 3) for _ in range(n)]
        at = sorted(rng.uniform(-0.5, 5.5) for _ in range(rng.choice([0, 1, 50, 450])))
        if case % 3 == 0:
            at = sorted([*at, *ts])  # the grid's own times, duplicates included
        assert svg.interpolate(ts, ys, at) == _plain_interpolate(ts, ys, at), case
