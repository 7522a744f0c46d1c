"""The live figures on the real runtime (Pyodide in the worker), in headless Chromium.

One page for the whole run of this process (`live_page`, shared with the other real-runtime
modules): it boots Pyodide once, then moves between chapters by Material's instant navigation,
as a reader does. On it: the figure goes live, and the model in Pyodide, asked to draw the
defaults (Reset), gives the build's summary and SVG (CPython ↔ Pyodide parity); a control step
redraws it; one figure of each view (schematic, time course, sweep, compare) draws live; the
CSV comes from the model; nothing is fetched from another origin, nothing violates the policy,
and the runtime is downloaded once for the visit; 200 redraws leave memory flat.

The page around the runtime (controls, permalinks, keyboard, downloads, dark mode, phones) is
tested on the stub worker in test_page.py; runtime faults in test_corpus_faults.py.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import (
    WITH_CONTROLS,
    Watch,
    figure_of,
    live,
    navigate,
    redraw_at_defaults,
    summary,
    violations,
)

pytestmark = pytest.mark.browser

CYCLE = "cycle/"  # the schematic, then time courses
SECOND = "imbalance/"  # the chapter after it
MENTAL = "depression/"  # its first figure: SSRI compared with healthy; a sweep


@pytest.fixture
def seen(live_watch: Watch) -> Watch:
    """What the shared page did, from its first request on (conftest.py, `live_watch`)."""
    return live_watch


@pytest.fixture
def page(live_page: Page, seen: Watch) -> Iterator[Page]:
    """The shared page; after each test: no error, no violation, one runtime for the visit."""
    yield live_page
    assert not seen.errors
    assert not violations(live_page)
    assert sum(url.endswith("pyodide.asm.wasm") for url in seen.requests) == 1
    assert live_page.evaluate("window.synapseSameDocument === true"), "the page was reloaded"


def summaries_close(a: dict[str, Any], b: dict[str, Any], rel: float) -> bool:
    if a.keys() != b.keys():
        return False
    for key, x in a.items():
        y = b[key]
        if x is None or y is None:
            if x is not y:
                return False
        elif not math.isclose(x, y, rel_tol=rel, abs_tol=1e-300):
            return False
    return True


def test_figure_goes_live_and_matches_the_build(page: Page, base_url: str) -> None:
    navigate(page, base_url + CYCLE)
    figure = page.locator(WITH_CONTROLS).first
    built, static = summary(figure), figure.locator(".synapse-plot").inner_html()
    live(figure)
    redraw_at_defaults(page, figure)  # the model in Pyodide draws the defaults now
    assert summaries_close(built, summary(figure), 1e-9), (built, summary(figure))
    assert figure.locator(".synapse-plot").inner_html() == static  # the same drawing
    expect(figure.get_by_role("status")).to_contain_text("Simulated")


def test_the_live_figure_runs_under_the_policy(page: Page, seen: Watch, base_url: str) -> None:
    navigate(page, base_url + CYCLE)
    live(page.locator(WITH_CONTROLS).first)
    assert not violations(page)
    foreign = [u for u in seen.requests if not u.startswith((base_url, "data:", "blob:"))]
    assert not foreign
    # the worker downloads each runtime file once, checks it, and hands Pyodide the checked bytes
    for name in ("pyodide.asm.wasm", "python_stdlib.zip", "worker.js", "figures.js"):
        count = sum(1 for url in seen.requests if url.split("?")[0].rsplit("/", 1)[-1] == name)
        assert count == 1, (name, count)


def test_slider_step_redraws_the_curve(page: Page, base_url: str) -> None:
    navigate(page, base_url + CYCLE)
    figure = live(page.locator(f'{WITH_CONTROLS}[data-view="timecourse"]').first)
    line = figure.locator("svg polyline[data-series]:not(.tc-baseline)").first
    before_points, before_summary = (
        line.get_attribute("points"),
        figure.get_attribute("data-summary"),
    )
    assert before_points
    figure.locator("input[type=range]").first.focus()
    for _ in range(10):  # keyboard: ten steps up
        page.keyboard.press("ArrowRight")
    expect(figure).not_to_have_attribute("data-summary", before_summary or "", timeout=30_000)
    expect(
        figure.locator("svg polyline[data-series]:not(.tc-baseline)").first
    ).not_to_have_attribute("points", before_points)


def test_schematic_labels_the_five_stages_and_scrubs_through_time(
    page: Page, base_url: str
) -> None:
    navigate(page, base_url + CYCLE)
    figure = live(figure_of(page, "schematic"))
    svg = figure.locator(".synapse-plot svg")
    for stage in ("Production", "Storage", "Release", "Reception", "Removal", "Glial cell"):
        expect(svg).to_contain_text(stage)
    for state in ("cytosol", "vesicles", "ready", "cleft", "occupancy", "glia"):
        expect(svg.locator(f'[data-series="{state}"]').first).to_be_attached()
    cleft = svg.locator('rect[data-series="cleft"]')
    scrubber = figure.locator('input[data-role="scrubber"]')
    before = cleft.get_attribute("fill-opacity")
    scrubber.fill("0")
    assert cleft.get_attribute("fill-opacity") != before
    expect(scrubber).to_have_attribute("aria-valuetext", re.compile(r"^0 s$"))
    figure.get_by_role("button", name="Play").click()
    expect(figure.get_by_role("button", name="Pause")).to_be_visible()
    expect(scrubber).not_to_have_value("0", timeout=5_000)
    figure.get_by_role("button", name="Pause").click()


def test_the_runtime_boots_once_across_instant_navigation(page: Page, base_url: str) -> None:
    navigate(page, base_url + CYCLE)
    live(page.locator("figure.synapse-figure").first)
    next_link = page.locator("a.md-footer__link--next")
    assert (next_link.get_attribute("href") or "").endswith(SECOND)
    next_link.click()  # Material's instant navigation: the page (and its module) stays alive
    expect(page).to_have_url(re.compile(f"{SECOND}$"))
    page.wait_for_function(  # the new content may still be swapping in: find it, then wait
        "() => { const f = document.querySelector('figure.synapse-figure');"
        " f?.scrollIntoView({block: 'center'}); return f?.dataset.state === 'live'; }",
        timeout=30_000,
        polling=100,
    )
    second = page.locator("figure.synapse-figure").first
    expect(second.get_by_role("status")).to_contain_text("Simulated")
    # (the fixture checks: one download of the runtime, and no full page load)


def test_compare_overlays_the_baseline_and_says_the_ratio(page: Page, base_url: str) -> None:
    navigate(page, base_url + MENTAL)
    figure = live(page.locator("figure.synapse-figure:has(.tc-baseline)").first)
    expect(figure.locator('.tc-baseline[data-scenario="healthy"]').first).to_be_attached()
    expect(figure.locator(".tc-legend")).to_contain_text("Healthy")
    expect(figure.get_by_role("status")).to_contain_text(
        re.compile(r"Serotonin in the cleft: [0-9.]+× healthy")
    )


def test_the_csv_download_holds_the_model_run(page: Page, base_url: str) -> None:
    navigate(page, base_url + MENTAL)
    figure = live(page.locator("figure.synapse-figure").first)
    with page.expect_download() as csv_download:
        figure.locator('a[data-role="download-csv"]').click()
    lines = Path(csv_download.value.path()).read_text().splitlines()
    head = lines[0].split(",")
    assert head[0] == "t (s)"
    assert "cleft [SSRI] (µM)" in head
    assert "cleft [Healthy] (µM)" in head
    assert len(lines) > 100


def test_sweep_marks_the_current_setting_on_the_curve(page: Page, base_url: str) -> None:
    navigate(page, base_url + MENTAL)
    figure = live(figure_of(page, "sweep"))
    curve = figure.locator('polyline[data-series="cleft"]')
    ring = figure.locator(".tc-ring:not(.tc-before)")  # the current setting (not "before")
    points, x_before = curve.get_attribute("points"), ring.get_attribute("cx")
    figure.locator('input[name="reuptake_block"]').fill("0.8")
    expect(ring).not_to_have_attribute("cx", x_before or "", timeout=30_000)
    assert curve.get_attribute("points") == points  # the curve stays; only the marker moves
    expect(figure.get_by_role("status")).to_contain_text(
        re.compile(r"the marker is at (0\.8|80 %)")
    )


@pytest.mark.slow
def test_no_memory_growth_across_200_redraws(page: Page, base_url: str) -> None:
    navigate(page, base_url + CYCLE)
    figure = live(figure_of(page, "schematic"))
    slider = figure.locator('input[name="firing_rate"]')
    step = """async (input, value) => {
        const stats = window.synapseRuntime.stats;
        const before = stats.drawn;
        input.value = String(value);
        input.dispatchEvent(new Event("input", {bubbles: true}));
        while (stats.drawn === before || stats.inFlight) {
            await new Promise((resolve) => setTimeout(resolve, 5));
        }
    }"""
    first = None
    for i in range(201):
        value = 1 + (i % 40) * 0.1 if i % 80 < 40 else 5 - (i % 40) * 0.1
        slider.evaluate(step, round(value, 1))
        if i == 0:
            first = page.evaluate("window.synapseRuntime.memory()")["wasmBytes"]
    last = page.evaluate("window.synapseRuntime.memory()")["wasmBytes"]
    assert first is not None
    assert last <= first * 1.10, (first, last)
    assert (
        page.locator(".synapse-plot svg").count() == page.locator("figure.synapse-figure").count()
    )
