"""The figures as a reader meets them, in headless Chromium against the built site.

One test per promise of the figures issue: the views, keyboard operation, the permalink round trip
(and hostile links), downloads, dark mode, axe-core on every page, one runtime per visit across
instant navigation, failure when the runtime cannot load, a 360 px phone, latest-wins redraws and
no memory growth. (Hostile-URL and runtime-fault corpora live in test_corpus.py.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route, expect

from tests.conftest import ROOT, Watch, serve_sitemap_here
from tests.test_browser import LIVE_TIMEOUT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCHEMATIC_PAGE = "cycle/"
SWEEP_PAGE = "mental-health/"
COMPARE_PAGE = "mental-health/"  # its first figure: SSRI compared with healthy
SECOND_PAGE = "imbalance/"


def live(figure: Locator) -> Locator:
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "live", timeout=LIVE_TIMEOUT)
    return figure


def figure_of(page: Page, view: str) -> Locator:
    return page.locator(f'figure.synapse-figure[data-view="{view}"]').first


def summary(figure: Locator) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(figure.get_attribute("data-summary") or "{}")
    return data


def uncaught(watch: Watch) -> list[str]:
    return [e for e in watch.errors if e.startswith("uncaught")]


def pages(site_dir: Path) -> list[str]:
    """Every page of the built site, as a path relative to the site root."""
    found = []
    for index in sorted(site_dir.rglob("index.html")):
        rel = index.parent.relative_to(site_dir).as_posix()
        if "assets" not in rel and "search" not in rel:
            found.append("" if rel == "." else f"{rel}/")
    return found


# -- the views --------------------------------------------------------------------------------


def test_schematic_labels_the_five_stages_and_scrubs_through_time(page: Page, watch: Watch) -> None:
    page.goto(SCHEMATIC_PAGE)
    figure = live(figure_of(page, "schematic"))
    svg = figure.locator("svg")
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
    play = figure.get_by_role("button", name="Play")
    play.click()
    expect(figure.get_by_role("button", name="Pause")).to_be_visible()
    expect(scrubber).not_to_have_value("0", timeout=5_000)
    figure.get_by_role("button", name="Pause").click()
    assert not watch.errors


def test_sweep_marks_the_current_setting_on_the_curve(page: Page, watch: Watch) -> None:
    page.goto(SWEEP_PAGE)
    figure = live(figure_of(page, "sweep"))
    curve = figure.locator('polyline[data-series="cleft"]')
    ring = figure.locator(".tc-ring")
    points, x_before = curve.get_attribute("points"), ring.get_attribute("cx")
    slider = figure.locator('input[name="reuptake_block"]')
    slider.fill("0.8")
    expect(ring).not_to_have_attribute("cx", x_before or "", timeout=30_000)
    assert curve.get_attribute("points") == points  # the curve stays; only the marker moves
    expect(figure.get_by_role("status")).to_contain_text("the marker is at 0.8")
    assert not watch.errors


def test_compare_overlays_the_baseline_and_says_the_ratio(page: Page, watch: Watch) -> None:
    page.goto(COMPARE_PAGE)
    figure = live(page.locator("figure.synapse-figure:has(.tc-baseline)").first)
    expect(figure.locator('.tc-baseline[data-scenario="healthy"]').first).to_be_attached()
    expect(figure.locator(".tc-legend")).to_contain_text("Healthy")
    expect(figure.get_by_role("status")).to_contain_text(
        re.compile(r"Serotonin in the cleft: [0-9.]+× healthy")
    )
    assert not watch.errors


# -- keyboard ---------------------------------------------------------------------------------


def test_every_control_works_by_keyboard_with_visible_focus(page: Page, watch: Watch) -> None:
    page.goto(SCHEMATIC_PAGE)
    figure = live(figure_of(page, "schematic"))
    slider = figure.locator('input[name="firing_rate"]')
    slider.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    before = figure.get_attribute("data-summary")
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    expect(figure).not_to_have_attribute("data-summary", before or "", timeout=30_000)
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
    page.keyboard.press("Enter")
    expect(slider).to_have_value("1")
    expect(figure).to_have_attribute("data-summary", before or "", timeout=30_000)
    assert not watch.errors


def test_stale_requests_are_dropped_while_dragging(page: Page, watch: Watch) -> None:
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
    expected = figure.evaluate("(f) => f.querySelector('input[name=firing_rate]').value")
    assert expected == "5"
    assert not watch.errors


# -- permalinks -------------------------------------------------------------------------------


def test_permalink_round_trip_restores_the_figure(page: Page, context: BrowserContext) -> None:
    page.goto(SWEEP_PAGE)
    figure = live(figure_of(page, "sweep"))
    figure.locator('input[name="reuptake_block"]').fill("0.8")
    expect(figure.get_by_role("status")).to_contain_text("the marker is at 0.8", timeout=30_000)
    href = figure.locator('a[data-role="permalink"]').get_attribute("href") or ""
    ident = figure.get_attribute("id")
    query = parse_qs(urlsplit(href).query)
    assert query == {"fig": [ident], "reuptake_block": ["0.8"]}
    assert href.endswith(f"#{ident}")
    drawn = summary(figure)
    other = context.new_page()
    other.goto(page.url.split("?")[0].split("#")[0] + href[href.index("?") :])
    restored = other.locator(f"#{ident}")
    expect(restored).to_have_attribute("data-state", "live", timeout=LIVE_TIMEOUT)
    expect(restored.locator('input[name="reuptake_block"]')).to_have_value("0.8")
    expect(restored).to_have_attribute("data-summary", json.dumps(drawn, separators=(",", ":")))
    expect(restored.get_by_role("status")).to_contain_text("Restored from the link")


HOSTILE = {
    "unknown-name": ("bogus=1", "“bogus” (not a control of this figure)"),
    "nan": ("reuptake_block=NaN", "“reuptake_block” (not a number)"),
    "huge": ("reuptake_block=1e308", "“reuptake_block” (must be between 0 and 1)"),
    "infinity": ("reuptake_block=Infinity", "“reuptake_block” (not a number)"),
    "markup": ("%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1", "“<img src=x onerror=alert(1)>”"),
    "empty": ("reuptake_block=", "“reuptake_block” (not a number)"),
}


@pytest.mark.parametrize(("query", "notice"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_permalink_values_are_ignored_with_a_notice(
    page: Page, watch: Watch, query: str, notice: str
) -> None:
    page.goto(SWEEP_PAGE)
    ident = figure_of(page, "sweep").get_attribute("id")
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    page.goto(f"{SWEEP_PAGE}?fig={ident}&{query}#{ident}")
    figure = page.locator(f"#{ident}")
    expect(figure).to_have_attribute("data-state", "live", timeout=LIVE_TIMEOUT)
    status = figure.get_by_role("status")
    expect(status).to_contain_text("Ignored from the link")
    expect(status).to_contain_text(notice)
    assert figure.locator("img").count() == 0
    expect(figure.locator('input[name="reuptake_block"]')).to_have_value("0")
    assert not watch.errors


# -- downloads --------------------------------------------------------------------------------


def test_downloads_give_the_data_and_the_drawing(page: Page, tmp_path: Path) -> None:
    page.goto(COMPARE_PAGE)
    figure = live(page.locator("figure.synapse-figure").first)
    with page.expect_download() as csv_download:
        figure.locator('a[data-role="download-csv"]').click()
    csv = Path(csv_download.value.path()).read_text()
    head = csv.splitlines()[0].split(",")
    assert head[0] == "t (s)"
    assert "cleft [ssri] (µM)" in head
    assert "cleft [healthy] (µM)" in head
    assert len(csv.splitlines()) > 100
    with page.expect_download() as svg_download:
        figure.locator('a[data-role="download-svg"]').click()
    assert svg_download.value.suggested_filename.endswith(".svg")
    svg = Path(svg_download.value.path()).read_text()
    assert "<style>" in svg
    assert "--tc-c1:" in svg
    assert "<title>" in svg
    assert "<desc>" in svg
    assert 'data-series="cleft"' in svg


# -- dark mode --------------------------------------------------------------------------------


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


COLOURS = """(figure) => {
    const svg = figure.querySelector("svg");
    const line = svg.querySelector("polyline[data-series]:not(.tc-baseline)");
    const text = svg.querySelector("text");
    let bg = getComputedStyle(document.body).backgroundColor;
    return {line: getComputedStyle(line).stroke, text: getComputedStyle(text).fill, bg};
}"""


def test_dark_mode_recolours_at_once_with_enough_contrast(page: Page) -> None:
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


# -- accessibility ----------------------------------------------------------------------------


def axe_violations(page: Page, context: str = "document") -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(f"axe.run({context}, {{resultTypes: ['violations']}})")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


def _axe_every_page(page: Page, site_dir: Path, context: str) -> dict[str, list[str]]:
    found = {}
    for path in pages(site_dir):
        for scheme in ("default", "slate"):
            page.goto(path)
            page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            figures = page.locator("figure.synapse-figure")
            if figures.count():
                live(figures.first)
            elif context != "document":
                continue
            violations = axe_violations(page, context)
            if violations:
                found[f"{path or '/'} ({scheme})"] = violations
    return found


@pytest.fixture
def axe_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A page that may inject axe-core: the site's CSP forbids inline scripts, rightly."""
    context = browser.new_context(base_url=base_url, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_axe_finds_no_violation_in_any_figure(axe_page: Page, site_dir: Path) -> None:
    found = _axe_every_page(axe_page, site_dir, "{include: [['figure.synapse-figure']]}")
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_axe_finds_no_violation_on_any_page(axe_page: Page, site_dir: Path) -> None:
    found = _axe_every_page(axe_page, site_dir, "document")
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


# -- runtime ----------------------------------------------------------------------------------


def test_the_runtime_boots_once_across_instant_navigation(
    page: Page, watch: Watch, base_url: str, site_dir: Path
) -> None:
    serve_sitemap_here(page, base_url, site_dir)
    page.goto(SCHEMATIC_PAGE)
    live(page.locator("figure.synapse-figure").first)
    next_link = page.locator("a.md-footer__link--next")
    assert (next_link.get_attribute("href") or "").endswith(SECOND_PAGE)
    page.evaluate("window.sameDocument = true")
    next_link.click()  # Material's instant navigation: the page (and its module) stays alive
    expect(page).to_have_url(re.compile(f"{SECOND_PAGE}$"))
    page.wait_for_function(  # the new content may still be swapping in: find it, then wait
        "() => { const f = document.querySelector('figure.synapse-figure');"
        " f?.scrollIntoView({block: 'center'}); return f?.dataset.state === 'live'; }",
        timeout=LIVE_TIMEOUT,
        polling=100,
    )
    second = page.locator("figure.synapse-figure").first
    expect(second.locator("p[role=status]")).to_contain_text("Simulated")
    assert page.evaluate("window.sameDocument === true")  # no full page load
    for name in ("pyodide.asm.wasm", "python_stdlib.zip", "worker.js", "figures.js"):
        count = sum(1 for url in watch.requests if url.split("?")[0].endswith(name))
        assert count == 1, (name, count)
    assert sum(1 for url in watch.requests if re.search(r"transmitter_cycle-.*\.zip$", url)) == 1
    assert not watch.errors


FAULTS = {
    "worker-missing": ("**/assets/synapse/worker.js", "could not start"),
    "loader-missing": ("**/assets/pyodide/pyodide.mjs", "could not start"),
    "stdlib-missing": ("**/assets/pyodide/python_stdlib.zip", "could not be downloaded"),
    "package-missing": ("**/assets/synapse/transmitter_cycle-*.zip", "could not be downloaded"),
}


@pytest.mark.parametrize(("pattern", "reason"), FAULTS.values(), ids=FAULTS.keys())
def test_a_blocked_runtime_file_fails_readably_and_retry_recovers(
    page: Page, watch: Watch, pattern: str, reason: str
) -> None:
    blocked = {"on": True}

    def block(route: Route) -> None:
        if blocked["on"]:
            route.fulfill(status=404, body="blocked")
        else:
            route.continue_()

    page.context.route(pattern, block)
    page.goto(SCHEMATIC_PAGE)
    figure = page.locator("figure.synapse-figure").first
    static = figure.locator("svg").inner_html()
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "failed", timeout=LIVE_TIMEOUT)
    expect(figure.get_by_role("status")).to_contain_text(reason)
    assert figure.locator("svg").inner_html() == static
    blocked["on"] = False
    figure.get_by_role("button", name="Retry").click()
    expect(figure).to_have_attribute("data-state", "live", timeout=LIVE_TIMEOUT)
    assert not uncaught(watch)


def test_no_webassembly_fails_readably(page: Page, watch: Watch) -> None:
    page.add_init_script("delete globalThis.WebAssembly")
    page.goto(SCHEMATIC_PAGE)
    figure = page.locator("figure.synapse-figure").first
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "failed", timeout=LIVE_TIMEOUT)
    expect(figure.get_by_role("status")).to_contain_text("cannot run WebAssembly")
    expect(figure.get_by_role("button", name="Retry")).to_be_visible()
    assert not uncaught(watch)


# -- phone ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SCHEMATIC_PAGE, SWEEP_PAGE, SECOND_PAGE])
def test_figures_fit_a_360_px_phone(page: Page, watch: Watch, path: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(path)
    figure = live(page.locator("figure.synapse-figure:has(input[name])").first)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for element in figure.locator("input, button:visible, a[data-role]:visible").all():
        box = element.bounding_box()
        assert box is not None
        assert 0 <= box["x"] <= box["x"] + box["width"] <= 360, box
    slider = figure.locator("input[name]").first
    box = slider.bounding_box()
    assert box is not None
    assert box["height"] >= 24
    before = figure.get_attribute("data-summary")
    slider.focus()
    page.keyboard.press("End")
    expect(figure).not_to_have_attribute("data-summary", before or "", timeout=30_000)
    assert not watch.errors


# -- memory -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_no_memory_growth_across_200_redraws(page: Page, watch: Watch) -> None:
    page.goto(SCHEMATIC_PAGE)
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
    assert not watch.errors
