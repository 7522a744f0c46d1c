"""The page around the runtime, on the stub worker (see `stub_worker` in conftest.py).

Controls, permalinks, keyboard, reset, downloads, status text and dark mode are the page's own
code: the stub answers with the build's output, so each test takes about a second.
The runtime itself (Pyodide, the model in the browser) is tested in test_runtime.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from tests.browser.support import (
    NO_OBSERVER,
    WITH_CONTROLS,
    WORKER,
    Watch,
    figure_of,
    live,
    summary,
)

pytestmark = pytest.mark.browser

SCHEMATIC_PAGE = "cycle/"
SWEEP_PAGE = "depression/"
COMPARE_PAGE = "depression/"  # its first figure: SSRI compared with healthy


def test_the_stub_worker_answers_with_the_build(stub_worker: Page) -> None:
    page = stub_worker
    page.add_init_script(NO_OBSERVER)  # the figure stays static until touched
    page.goto("cycle/")
    figure = page.locator(WITH_CONTROLS).first
    built, text = summary(figure), figure.locator("[role=status]").inner_text()
    figure.locator("input[type=range]").first.focus()
    live(figure, timeout=10_000)
    assert summary(figure) == built
    expect(figure.locator("[role=status]")).to_have_text(text)
    slider = figure.locator("input[type=range]").first
    slider.focus()
    page.keyboard.press("End")
    expect(figure.locator("[role=status]")).to_contain_text("(stub: ")
    assert "stub_values" in summary(figure)
    figure.get_by_role("button", name="Reset").click()
    expect(figure.locator("[role=status]")).to_have_text(text)
    assert summary(figure) == built


def test_a_figure_at_its_defaults_goes_live_on_the_build_drawing(
    stub_worker: Page, watch: Watch
) -> None:
    """No model run until a control moves: the build's drawing is the model's at the defaults
    (tests/site/test_runtime_files.py: Pyodide draws the same markup). A permalink's values are
    drawn at once: test_permalink_round_trip_restores_the_figure."""
    page = stub_worker
    page.add_init_script(NO_OBSERVER)  # the figure stays static until touched
    page.goto(SCHEMATIC_PAGE)
    figure = figure_of(page, "schematic")
    static = figure.locator(".synapse-plot").inner_html()
    status = figure.get_by_role("status").inner_text()
    figure.locator("input[type=range]").first.focus()  # starts the runtime
    live(figure)
    assert page.evaluate("window.synapseRuntime.stats.renders") == 0
    assert figure.locator(".synapse-plot").inner_html() == static
    expect(figure.get_by_role("status")).to_have_text(status)  # the build's, said again
    expect(figure.locator('a[data-role="download-csv"]')).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(figure.get_by_role("status")).to_contain_text("(stub: ")
    assert page.evaluate("window.synapseRuntime.stats.renders") >= 1
    assert not watch.errors


# -- keyboard ---------------------------------------------------------------------------------


def test_every_control_works_by_keyboard_with_visible_focus(
    stub_worker: Page, watch: Watch
) -> None:
    page = stub_worker
    page.goto(SCHEMATIC_PAGE)
    figure = live(figure_of(page, "schematic"))
    slider = figure.locator('input[name="firing_rate"]')
    slider.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    before = figure.get_attribute("data-summary")
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    expect(figure).not_to_have_attribute("data-summary", before or "")
    expect(slider).to_have_attribute("aria-valuetext", re.compile(r"Hz$"))
    link = figure.locator('a[data-role="permalink"]')
    assert re.search(r"[?&]firing_rate=3[&#]", link.get_attribute("href") or "")
    # Tab from the slider reaches the player, then Reset; Enter on Reset restores the default
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.role") == "play"
    page.keyboard.press("Space")
    expect(figure.get_by_role("button", name="Pause")).to_be_visible()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.role") == "scrubber"
    value = figure.locator('input[data-role="scrubber"]').input_value()
    page.keyboard.press("Home")
    assert figure.locator('input[data-role="scrubber"]').input_value() != value or value == "0"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.role") == "reset"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    moved = figure.get_attribute("data-summary")
    page.keyboard.press("Enter")
    expect(slider).to_have_value("1")
    expect(figure).not_to_have_attribute("data-summary", moved or "")  # drawn at the defaults
    assert summary(figure) == json.loads(before or "{}")  # (the build wrote it, the stub answers)
    assert not watch.errors


def test_stale_requests_are_dropped_while_dragging(stub_worker: Page, watch: Watch) -> None:
    page = stub_worker
    page.goto(SCHEMATIC_PAGE)
    figure = live(figure_of(page, "schematic"))
    page.evaluate("window.synapseRuntime.stats.renders = 0")
    figure.locator('input[name="firing_rate"]').evaluate(
        """(input) => {
            for (let i = 1; i <= 40; i++) {
                input.value = String(1 + i * 0.1);
                input.dispatchEvent(new Event("input", {bubbles: true}));
            }
        }"""
    )
    expect(figure.locator("output").first).to_have_text("5 Hz")
    page.wait_for_function("() => window.synapseRuntime.stats.inFlight === 0")
    renders = page.evaluate("window.synapseRuntime.stats.renders")
    assert 1 <= renders <= 3, renders  # the first, then only the latest
    assert summary(figure)["stub_values"] == {"firing_rate": 5}  # the latest values were drawn
    assert not watch.errors


# -- permalinks -------------------------------------------------------------------------------


def test_permalink_round_trip_restores_the_figure(
    stub_worker: Page, context: BrowserContext
) -> None:
    page = stub_worker
    page.goto(SWEEP_PAGE)
    figure = live(figure_of(page, "sweep"))
    figure.locator('input[name="reuptake_block"]').fill("0.8")
    expect(figure.get_by_role("status")).to_contain_text("(stub: reuptake_block=0.8)")
    href = figure.locator('a[data-role="permalink"]').get_attribute("href") or ""
    ident = figure.get_attribute("id")
    query = parse_qs(urlsplit(href).query)
    assert query == {"fig": [ident], "reuptake_block": ["0.8"]}
    assert href.endswith(f"#{ident}")
    drawn = summary(figure)
    other = context.new_page()  # the same context: the stub worker too
    other.goto(page.url.split("?")[0].split("#")[0] + href[href.index("?") :])
    restored = other.locator(f"#{ident}")
    expect(restored).to_have_attribute("data-state", "live")
    expect(restored.locator('input[name="reuptake_block"]')).to_have_value("0.8")
    expect(restored).to_have_attribute("data-summary", json.dumps(drawn, separators=(",", ":")))
    expect(restored.get_by_role("status")).to_contain_text("Restored from the link")
    # hostile links: tests/corpus/hostile_urls.yaml (test_corpus_urls.py)


# -- downloads --------------------------------------------------------------------------------


def test_the_svg_download_is_the_drawing_with_its_style(stub_worker: Page) -> None:
    page = stub_worker
    page.goto(COMPARE_PAGE)
    figure = live(page.locator("figure.synapse-figure").first)
    with page.expect_download() as svg_download:
        figure.locator('a[data-role="download-svg"]').click()
    assert svg_download.value.suggested_filename.endswith(".svg")
    svg = Path(svg_download.value.path()).read_text()
    assert "<style>" in svg
    assert "--tc-c1:" in svg
    assert "<title>" in svg
    assert "<desc>" in svg
    assert 'data-series="cleft"' in svg
    # the CSV holds the model's run: test_runtime.py, test_the_csv_download_holds_the_model_run


def test_downloads_are_made_on_click_not_on_redraw(stub_worker: Page) -> None:
    page = stub_worker
    page.goto(COMPARE_PAGE)
    figure = live(page.locator("figure.synapse-figure").first)
    slider = figure.locator('input[type="range"]').first
    slider.focus()
    page.keyboard.press("ArrowRight")  # a redraw
    expect(figure.locator("svg[data-stub-values]")).to_have_count(1)
    links = figure.locator('a[data-role^="download-"]')
    assert links.count() == 2
    for link in links.all():  # no file made yet: the link still points at the figure
        assert not (link.get_attribute("href") or "").startswith("blob:")
    with page.expect_download():
        figure.locator('a[data-role="download-csv"]').click()
    assert (figure.locator('a[data-role="download-csv"]').get_attribute("href") or "").startswith(
        "blob:"
    )
    assert not (
        figure.locator('a[data-role="download-svg"]').get_attribute("href") or ""
    ).startswith("blob:")


# -- dark mode --------------------------------------------------------------------------------


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


COLOURS = """(figure) => {
    const svg = figure.querySelector(".synapse-plot svg");
    const line = svg.querySelector("polyline[data-series]:not(.tc-baseline)");
    const text = svg.querySelector("text");
    let bg = getComputedStyle(document.body).backgroundColor;
    return {line: getComputedStyle(line).stroke, text: getComputedStyle(text).fill, bg};
}"""


def test_dark_mode_recolours_at_once_with_enough_contrast(stub_worker: Page) -> None:
    page = stub_worker
    page.goto(COMPARE_PAGE)
    figure = live(page.locator("figure.synapse-figure").first)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
    light = figure.evaluate(COLOURS)
    figure.evaluate("(f) => { f.querySelector('svg').dataset.marker = 'same' }")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = figure.evaluate(COLOURS)
    assert figure.locator('svg[data-marker="same"]').count() == 1  # no redraw
    assert light["line"] != dark["line"]
    assert light["text"] != dark["text"]
    for colours in (light, dark):
        assert _contrast(colours["line"], colours["bg"]) >= 3, colours
        assert _contrast(colours["text"], colours["bg"]) >= 4.5, colours


# -- failure and retry ------------------------------------------------------------------------


def test_a_missing_worker_fails_readably_and_retry_recovers(
    stub_worker: Page, watch: Watch
) -> None:
    page = stub_worker
    blocked = {"on": True}

    def block(route: Route) -> None:
        if blocked["on"]:
            route.fulfill(status=404, body="blocked")
        else:
            route.fallback()  # to the stub worker (the context's route)

    page.route(WORKER, block)
    page.goto(SCHEMATIC_PAGE)
    figure = page.locator("figure.synapse-figure").first
    static = figure.locator(".synapse-plot svg").inner_html()
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "failed")
    expect(figure.get_by_role("status")).to_contain_text("could not start")
    assert figure.locator(".synapse-plot svg").inner_html() == static
    blocked["on"] = False
    figure.get_by_role("button", name="Retry").click()
    expect(figure).to_have_attribute("data-state", "live")
    assert not watch.uncaught()
    # a failed runtime download, then Retry, on the real runtime: test_corpus_faults.py,
    # test_retry_after_a_failed_download_boots_the_runtime


#: a worker that starts, then refuses every drawing as the model refuses bad values
REFUSING_WORKER = """self.onmessage = (e) => {
  const { id, type } = e.data;
  if (type === "boot") self.postMessage({ id, ok: true, result: { python: "refusing" } });
  else self.postMessage({ id, ok: false, error: {
    message: "reuptake_block: must be at most 1 (got 7)", kind: "input" } });
};"""


def test_values_the_model_refuses_keep_the_figure_live_and_say_why(
    page: Page, watch: Watch
) -> None:
    page.route(
        WORKER,
        lambda route: route.fulfill(content_type="text/javascript", body=REFUSING_WORKER),
    )
    page.goto(SCHEMATIC_PAGE)
    figure = page.locator("figure.synapse-figure").first
    static = figure.locator(".synapse-plot svg").inner_html()
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "live")  # the runtime is up (no run yet)
    figure.locator("input[type=range]").first.focus()
    page.keyboard.press("ArrowRight")  # the model is asked, and refuses
    status = figure.get_by_role("status")
    expect(status).to_contain_text("This setting cannot be drawn: reuptake_block: must be at most")
    assert figure.get_by_role("button", name="Retry").count() == 0
    assert figure.locator(".synapse-plot svg").inner_html() == static
    assert not watch.uncaught()


def test_no_webassembly_fails_readably(stub_worker: Page, watch: Watch) -> None:
    page = stub_worker
    page.add_init_script("delete globalThis.WebAssembly")
    page.goto(SCHEMATIC_PAGE)
    figure = page.locator("figure.synapse-figure").first
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "failed")
    expect(figure.get_by_role("status")).to_contain_text("cannot run WebAssembly")
    expect(figure.get_by_role("button", name="Retry")).to_be_visible()
    assert not [u for u in watch.requests if u.endswith("worker.js")], "a worker was started"
    assert not watch.uncaught()


# -- phone ------------------------------------------------------------------------------------
