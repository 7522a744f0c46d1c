"""The live figures in a real browser (headless Chromium) against the built site.

These tests drive the page the way a reader does and check the DOM contract: the figure goes live
from the model running in Pyodide, a control step redraws it, the live summary equals the build's,
nothing is fetched from another origin, and a failed runtime leaves the static figure in place.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Watch

pytestmark = pytest.mark.browser

#: the chapter whose first figure with controls the tests use
FIGURE_PAGE = "cycle/"
LIVE_TIMEOUT = 90_000  # ms: a cold Pyodide boot on a loaded CI machine
#: the DOM contract: the status element (an `<output>` also has the implicit role "status")
STATUS = "p[role=status]"


def first_figure_with_controls(page: Page) -> Any:
    figure = page.locator("figure.synapse-figure:has(input[type=range])").first
    expect(figure).to_have_count(1)
    return figure


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


def test_figure_goes_live_and_matches_the_build(page: Page, watch: Watch, base_url: str) -> None:
    page.goto(FIGURE_PAGE)
    figure = first_figure_with_controls(page)
    built = json.loads(figure.get_attribute("data-summary") or "")
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "live", timeout=LIVE_TIMEOUT)
    live = json.loads(figure.get_attribute("data-summary") or "")
    assert summaries_close(built, live, 1e-9), (built, live)  # CPython ↔ Pyodide parity
    status = figure.locator(STATUS)
    expect(status).to_contain_text("Simulated")
    assert not watch.errors


def test_slider_step_redraws_the_curve(page: Page, watch: Watch) -> None:
    page.goto(FIGURE_PAGE)
    figure = first_figure_with_controls(page)
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "live", timeout=LIVE_TIMEOUT)
    line = figure.locator("svg [data-series]:not(.tc-baseline)").first
    before_points = line.get_attribute("points")
    before_summary = figure.get_attribute("data-summary")
    slider = figure.locator("input[type=range]").first
    slider.focus()
    for _ in range(10):  # keyboard: ten steps up
        page.keyboard.press("ArrowRight")
    expect(figure).not_to_have_attribute("data-summary", before_summary or "", timeout=10_000)
    expect(figure.locator("svg [data-series]:not(.tc-baseline)").first).not_to_have_attribute(
        "points", before_points or ""
    )
    assert not watch.errors


def test_no_request_leaves_the_site(page: Page, watch: Watch, base_url: str) -> None:
    page.goto(FIGURE_PAGE)
    figure = first_figure_with_controls(page)
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "live", timeout=LIVE_TIMEOUT)
    foreign = [url for url in watch.requests if not url.startswith((base_url, "data:", "blob:"))]
    assert not foreign
    # the worker downloads each runtime file once, checks it, and hands Pyodide the checked bytes
    assert sum(url.endswith("pyodide.asm.wasm") for url in watch.requests) == 1
    assert not watch.errors


def test_a_page_without_figures_fetches_no_runtime(page: Page, watch: Watch) -> None:
    page.goto("about/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in watch.requests if re.search(r"pyodide|worker\.js|\.zip$", u)]
    assert not watch.errors


def test_a_missing_runtime_leaves_the_static_figure(page: Page, watch: Watch) -> None:
    page.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(FIGURE_PAGE)
    figure = first_figure_with_controls(page)
    static_svg = figure.locator("svg").first.inner_html()
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "failed", timeout=LIVE_TIMEOUT)
    expect(figure.locator(STATUS)).to_contain_text("could not start")
    expect(figure.locator(STATUS)).to_contain_text("could not be downloaded")
    assert figure.locator("svg").first.inner_html() == static_svg
    expect(figure.get_by_role("button", name="Retry")).to_be_visible()
    assert not [e for e in watch.errors if "uncaught" in e]
