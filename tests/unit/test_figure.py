"""Figure specs, drawing, and the browser entry point (run here in CPython)."""

from __future__ import annotations

import html
import json
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from synapse_figures.browser import handle
from synapse_figures.figure import render
from synapse_figures.runs import sweep_curve
from synapse_figures.spec import SWEEP_POINTS, SpecError, parse_spec, parse_values
from synapse_figures.svg import escape, fmt_tick, nice_ticks
from transmitter_cycle import ParameterError

SPEC = {"transmitter": "dopamine", "controls": ["reuptake_block"], "caption": "A figure."}


def test_defaults_fill_in() -> None:
    spec = parse_spec(SPEC)
    assert spec.scenario == "healthy"
    assert spec.show == ("cleft",)
    assert spec.view == "timecourse"
    assert spec.duration > 0


def test_spec_errors_are_parameter_errors_naming_the_field() -> None:
    with pytest.raises(ParameterError) as caught:
        parse_spec({**SPEC, "show": ["nothing"]})
    assert isinstance(caught.value, SpecError)
    assert caught.value.field == "show"
    assert caught.value.value == "nothing"
    assert "cleft" in caught.value.choices


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), 1e308, -1, "1; alert(1)", "<script>", None, [], True],
    ids=["nan", "inf", "huge", "negative", "injection", "tag", "none", "list", "bool"],
)
def test_hostile_values_are_refused(value: object) -> None:
    with pytest.raises(SpecError, match=r"^field 'reuptake_block': must be"):
        parse_values("dopamine", "healthy", {"reuptake_block": value})


def test_render_draws_every_series_shown() -> None:
    spec = parse_spec({**SPEC, "show": ["cleft", "occupancy", "vesicles"], "compare": "healthy"})
    drawn = render(spec, {"reuptake_block": 0.5})
    for name in ("cleft", "occupancy", "vesicles"):
        assert f'data-series="{name}" data-scenario="healthy"' in drawn.svg
    assert drawn.svg.startswith("<svg")
    assert drawn.svg.endswith("</svg>")
    assert "<title>" in drawn.svg
    assert "<desc>" in drawn.svg
    assert "× " in drawn.text  # the comparison in words


def test_blocking_reuptake_raises_the_cleft() -> None:
    spec = parse_spec(SPEC)
    low = render(spec, {"reuptake_block": 0.0}).summary["mean_cleft"]
    high = render(spec, {"reuptake_block": 0.8}).summary["mean_cleft"]
    assert low is not None
    assert high is not None
    assert high > 1.2 * low  # a model with autoreceptor feedback: a clear rise, not a fixed factor


def test_handle_answers_json() -> None:
    reply = json.loads(handle(json.dumps({"spec": SPEC, "values": {"reuptake_block": 0.3}})))
    assert reply["ok"] is True
    assert reply["summary"] == dict(render(parse_spec(SPEC), {"reuptake_block": 0.3}).summary)
    assert reply["svg"].startswith("<svg")


@pytest.mark.parametrize(
    ("request_text", "message"),
    [
        ("not json", "Expecting value"),
        ("[1, 2]", "'request' must be a JSON object"),
        (json.dumps({"spec": SPEC, "values": {"reuptake_block": 7}}), "between 0 and 1"),
        (json.dumps({"spec": SPEC, "values": {"bogus": 1}}), "is not a parameter of dopamine"),
        (json.dumps({"spec": {**SPEC, "transmitter": "x"}}), "must name a transmitter"),
        (json.dumps({"spec": SPEC, "values": [1]}), "'values' must map parameter names"),
    ],
    ids=["not-json", "not-object", "out-of-bounds", "unknown-name", "bad-spec", "values-list"],
)
def test_handle_refuses_bad_requests_with_a_reason(request_text: str, message: str) -> None:
    reply = json.loads(handle(request_text))
    assert reply["ok"] is False
    assert message in reply["error"]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 1, [0, 0.25, 0.5, 0.75, 1]),
        (0, 0.9, [0, 0.25, 0.5, 0.75, 1]),
        (0, 2, [0, 0.5, 1, 1.5, 2]),
    ],
)
def test_nice_ticks_cover_the_range(low: float, high: float, expected: list[float]) -> None:
    ticks = nice_ticks(low, high, 5)
    assert ticks == expected
    assert all(math.isfinite(t) for t in ticks)


def test_tick_labels_are_compact() -> None:
    assert [fmt_tick(v) for v in (0.0, -0.0, 0.25, 1e-3, 2.0)] == ["0", "0", "0.25", "0.001", "2"]


def test_every_view_draws_with_title_and_description() -> None:
    for view in ("timecourse", "schematic", "sweep"):
        drawn = render(parse_spec({**SPEC, "view": view, "compare": "methylphenidate"}))
        assert drawn.svg.startswith("<svg")
        assert drawn.svg.endswith("</svg>")
        assert "<title>" in drawn.svg
        assert "<desc>" in drawn.svg
        assert 'style="' not in drawn.svg
        assert "<style" not in drawn.svg
        assert 'data-series="cleft"' in drawn.svg
        assert (
            'class="tc-line tc-baseline" data-series="cleft" data-scenario="methylphenidate"'
            in (drawn.svg)
        )
        assert drawn.csv.count("\n") > 10


def test_schematic_carries_frames_for_every_part() -> None:
    from synapse_figures.schematic import FRAMES

    drawn = render(parse_spec({**SPEC, "view": "schematic"}))
    for state in ("cytosol", "vesicles", "ready", "cleft", "occupancy", "glia"):
        match = re.search(rf'data-series="{state}"[^>]*data-frames="([^"]*)"', drawn.svg)
        assert match, state
        values = [float(v) for v in match[1].split()]
        assert len(values) == FRAMES
        assert all(0.0 < v <= 1.0 for v in values)
    for stage in ("Production", "Storage", "Release", "Reception", "Removal"):
        assert stage in drawn.svg


def test_schematic_fills_follow_the_state() -> None:
    spec = parse_spec({**SPEC, "view": "schematic", "controls": ["firing_rate"]})

    def cleft_fill(values: dict[str, float]) -> float:
        svg = render(spec, values).svg
        match = re.search(r'data-series="cleft"[^>]*data-frames="([^"]*)"', svg)
        assert match
        return sum(float(v) for v in match[1].split())

    assert cleft_fill({"firing_rate": 20.0}) > cleft_fill({"firing_rate": 1.0})


def test_sweep_curve_rises_with_reuptake_block_and_marks_the_setting() -> None:
    spec = parse_spec({**SPEC, "view": "sweep"})
    curve = sweep_curve(spec, "healthy", {})
    assert curve.name == "reuptake_block"
    assert len(curve.x) == SWEEP_POINTS
    assert curve.x[0] == 0
    assert curve.x[-1] == 1
    assert curve.y["cleft"][-1] > curve.y["cleft"][0]
    drawn = render(spec, {"reuptake_block": 0.8})
    assert "the marker is at 80 %" in drawn.text
    assert drawn.csv.startswith("Reuptake block (fraction),mean cleft\n")
    assert (
        sweep_curve(spec, "healthy", {"reuptake_block": 0.3}) is curve
    )  # cached: one run per step


def test_compare_summary_names_the_ratio() -> None:
    spec = parse_spec({**SPEC, "scenario": "methylphenidate", "compare": "healthy"})
    assert re.search(r"Dopamine in the cleft: [0-9.]+× healthy", render(spec).text)


def test_csv_has_a_time_column_and_units() -> None:
    spec = parse_spec({**SPEC, "show": ["cleft", "occupancy"], "compare": "healthy"})
    head = render(spec).csv.splitlines()[0]
    assert head == (
        "t (s),cleft [Healthy] (µM),occupancy [Healthy],cleft [Healthy] (µM),occupancy [Healthy]"
    )


def test_sliders_move_the_scenario_not_the_compared_baseline() -> None:
    spec = parse_spec(
        {
            "transmitter": "serotonin",
            "scenario": "ssri",
            "compare": "healthy",
            "controls": ["reuptake_block"],
            "caption": "x",
        }
    )
    baseline_line = r'<polyline class="tc-line tc-baseline"[^>]*data-series="cleft"[^>]*>'
    at_default = render(spec)
    moved = render(spec, {"reuptake_block": 0.95})
    assert re.search(baseline_line, at_default.svg).group(0) == re.search(  # type: ignore[union-attr]
        baseline_line, moved.svg
    ).group(0)
    assert moved.summary["mean_cleft"] > at_default.summary["mean_cleft"]
    # healthy stays healthy: the chronic SSRI state has clearly more serotonin in the cleft
    ratio = re.search(r"Serotonin in the cleft: ([0-9.]+)× healthy", at_default.text)
    assert ratio is not None, at_default.text
    assert float(ratio.group(1)) > 1.5


def test_the_summary_reads_without_exponents() -> None:
    spec = parse_spec({"transmitter": "glutamate", "caption": "x"})  # peaks above 1000 µM
    text = render(spec).text
    assert "e+" not in text
    assert re.search(r"peak \d{3,} µM", text), text


@given(st.text())
def test_the_drawings_escape_text_as_html_escape_does(text: str) -> None:
    """svg.escape stands in for html.escape (which would load html.entities in the runtime)."""
    assert escape(text) == html.escape(text, quote=True)


def test_the_drawings_escape_each_of_the_five_characters() -> None:
    every = '<a href="x">Tom & Jerry\'s</a>'
    assert escape(every) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s&lt;/a&gt;"
