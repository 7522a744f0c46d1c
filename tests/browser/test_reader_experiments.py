"""Experiments that reward the reader, in headless Chromium.

On the real runtime (one boot for the module, chapters reached by instant navigation): the first
change leaves a faint "before" trace until reset; the axes stay put while the reader drags and are
refitted on release only when the curve leaves the frame; the gap to the compared scenario is
shaded with its ratio on the plot. On the stub worker (no Pyodide): the experiment cue comes
before the controls, preset buttons set the sliders and the permalink, and the status names what
the reader changed in plain words.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.support import live, navigate

pytestmark = pytest.mark.browser

SSRI = "depression/"  # its first figure: SSRI compared with healthy, presets 0 / 80 %
METHYLPHENIDATE = "anxiety-adhd-pain/"  # its figure: methylphenidate, presets 0 / 54 / 72 %
TIMEOUT = 30_000
#: a redraw after `n` drawings has landed and nothing is in flight
REDRAWN = (
    "(n) => window.synapseRuntime.stats.drawn > n && window.synapseRuntime.stats.inFlight === 0"
)


def drag_to(slider: Locator, value: str) -> None:
    """Move a slider as a drag does: `input` events, no `change` (the thumb is still held)."""
    slider.evaluate(
        """(input, value) => {
            input.value = value;
            input.dispatchEvent(new Event("input", {bubbles: true}));
        }""",
        value,
    )


def release(slider: Locator) -> None:
    slider.evaluate("(input) => input.dispatchEvent(new Event('change', {bubbles: true}))")


def limit(figure: Locator, panel: str) -> float:
    return float(figure.locator(f'svg [data-panel="{panel}"]').get_attribute("data-limit") or 0)


def drawn(figure: Locator, before: str) -> None:
    """Wait until the figure shows a drawing other than `before` (its cleft polyline's points)."""
    line = figure.locator('svg polyline[data-series="cleft"]:not(.tc-baseline)')
    expect(line).not_to_have_attribute("points", before, timeout=TIMEOUT)
    figure.page.wait_for_function("() => window.synapseRuntime.stats.inFlight === 0")


def points(figure: Locator) -> str:
    line = figure.locator('svg polyline[data-series="cleft"]:not(.tc-baseline)')
    return line.get_attribute("points") or ""


# -- the real runtime ------------------------------------------------------------------------


def test_before_trace_fixed_axes_and_the_difference(live_page: Page, base_url: str) -> None:
    page = live_page
    navigate(page, base_url + SSRI)
    figure = live(page.locator("figure.synapse-figure").first)
    svg = figure.locator(".synapse-plot svg")
    # the difference to healthy is on the plot: a shaded gap and the ratio of the time averages
    gap = svg.locator('[data-role="difference"][data-of="cleft"]')
    expect(gap.locator("polygon")).to_have_count(1)
    expect(gap).to_contain_text(re.compile(r"^[0-9.]+× healthy$"))
    ratio = float(gap.get_attribute("data-ratio") or 0)
    status = figure.get_by_role("status").inner_text()
    said = re.search(r"Serotonin in the cleft: ([0-9.]+)× healthy", status)
    assert said, status
    assert abs(float(said[1]) - ratio) <= 0.051 * ratio, (said, ratio)
    assert ratio > 1.5  # the SSRI raises serotonin: the gap is real, not decoration
    expect(svg.locator('[data-role="before"]')).to_have_count(0)  # nothing to compare yet

    slider = figure.locator('input[name="reuptake_block"]')
    frame = limit(figure, "cleft")
    old = points(figure)
    drag_to(slider, "1")  # a full block: serotonin rises out of the frame
    drawn(figure, old)
    expect(svg.locator('[data-role="before"][data-of="cleft"]')).to_have_count(1)
    # the status names what the reader changed, in plain words and the caption's scale
    expect(figure.get_by_role("status")).to_contain_text(
        "Simulated serotonin, SSRI, reuptake block 100 % (from 80 %), over 5 s"
    )
    assert limit(figure, "cleft") == frame, "the axes moved while the thumb was held"
    assert svg.get_attribute("data-overflow") == "true"  # the curve left the frame ...
    old = points(figure)
    release(slider)  # ... so on release the axes are refitted, once
    drawn(figure, old)
    assert limit(figure, "cleft") > frame
    assert svg.get_attribute("data-overflow") is None
    expect(svg.locator('[data-role="before"]')).to_have_count(2)  # still there, both panels
    expect(figure.locator('[data-role="legend"]')).to_contain_text("where you started")
    refitted = limit(figure, "cleft")
    old = points(figure)
    drag_to(slider, "0.9")  # back down, inside the frame: no rescale on release
    drawn(figure, old)
    release(slider)
    page.wait_for_timeout(300)
    page.wait_for_function("() => window.synapseRuntime.stats.inFlight === 0")
    assert limit(figure, "cleft") == refitted

    old = points(figure)
    figure.get_by_role("button", name="Reset").click()
    drawn(figure, old)
    expect(svg.locator('[data-role="before"]')).to_have_count(0)
    assert limit(figure, "cleft") == frame  # the frame fits the default again
    expect(figure.locator('[data-role="legend"]')).not_to_contain_text("where you started")


def test_the_schematic_shows_amounts_that_change_from_1_to_50_hz(
    live_page: Page, base_url: str
) -> None:
    page = live_page
    navigate(page, base_url + "cycle/")
    figure = live(page.locator('figure.synapse-figure[data-view="schematic"]').first)
    count = """(f) => Object.fromEntries(["cleft-molecules", "ready", "occupancy"].map((name) => [
        name, Array.from(f.querySelectorAll(`[data-series="${name}"][data-amount] [opacity]`))
            .filter((e) => e.getAttribute("opacity") === "1").length]))"""
    scrubber = figure.locator('input[data-role="scrubber"]')
    at_1 = figure.evaluate(count)
    old = points(figure)
    slider = figure.locator('input[name="firing_rate"]')
    drag_to(slider, "50")
    release(slider)
    drawn(figure, old)
    scrubber.fill(scrubber.get_attribute("max") or "59")  # the same moment: the end of the run
    at_50 = figure.evaluate(count)
    scrubber.fill(scrubber.get_attribute("max") or "59")
    print(f"AMOUNTS 1 Hz (fullest frame) {at_1}; 50 Hz (last frame) {at_50}")
    assert at_50["cleft-molecules"] >= 3 * max(at_1["cleft-molecules"], 1), (at_1, at_50)
    assert at_50["occupancy"] > at_1["occupancy"], (at_1, at_50)
    assert at_50["ready"] < at_1["ready"], (at_1, at_50)  # fast firing runs the pool down


def set_and_check(figure: Locator, values: dict[str, str]) -> str:
    """Move sliders to `values` (as a reader: drag, release), press Check; return the verdict."""
    page = figure.page
    for name, value in values.items():
        slider = figure.locator(f'input[name="{name}"]')
        before = page.evaluate("window.synapseRuntime.stats.drawn")
        drag_to(slider, value)
        release(slider)
        page.wait_for_function(
            REDRAWN,
            arg=before,
        )
    figure.get_by_role("button", name="Check this cause").click()
    verdict = figure.locator('[data-role="puzzle"] [data-role="verdict"]')
    expect(verdict).not_to_have_text("")
    text = verdict.inner_text()
    print(f"PUZZLE {values}: {text}")
    return text


def reset(figure: Locator) -> None:
    page = figure.page
    before = page.evaluate("window.synapseRuntime.stats.drawn")
    figure.get_by_role("button", name="Reset").click()
    page.wait_for_function(
        REDRAWN,
        arg=before,
    )


def test_the_puzzle_accepts_three_causes_and_rejects_wrong_ones(
    live_page: Page, base_url: str
) -> None:
    page = live_page
    navigate(page, base_url + "imbalance/")
    figure = live(page.locator('figure.synapse-figure:has([data-role="puzzle"])'))
    panel = figure.locator('[data-role="puzzle"]')
    # wrong answers: a stage that does not set the cleft's level, too little, two at once
    said = set_and_check(figure, {"receptor_block": "0.5"})
    assert "Receptors change what the transmitter does" in said
    expect(panel).to_have_attribute("data-found", "0")
    reset(figure)
    said = set_and_check(figure, {"firing_rate": "6"})
    assert "not 2×" in said
    assert "Go further" in said
    said = set_and_check(figure, {"reuptake_vmax": "3"})
    assert "2 things at once" in said
    expect(panel).to_have_attribute("data-last", "rejected")
    reset(figure)
    # three different causes, each alone, each giving twice the healthy level
    for n, (values, words) in enumerate(
        [
            ({"firing_rate": "12.5"}, "the neuron fires faster"),
            ({"reuptake_vmax": "1.7"}, "fewer transporters"),
            ({"reuptake_block": "0.8"}, "a drug blocks the transporters"),
        ],
        start=1,
    ):
        said = set_and_check(figure, values)
        assert said.startswith("Yes:"), said
        assert words in said, said
        expect(panel).to_have_attribute("data-found", str(n))
        reset(figure)
    expect(panel).to_have_attribute("data-solved", "true")
    found = panel.locator('[data-role="found"] li').all_inner_texts()
    assert len(found) == 3, found
    assert any("(release)" in f for f in found), found  # different stages, one level
    assert any("(removal)" in f for f in found), found
    assert "Solved" in panel.locator('[data-role="verdict"]').inner_text()


# -- the stub worker -------------------------------------------------------------------------


def test_the_cue_comes_before_the_controls_in_one_line(stub_worker: Page) -> None:
    stub_worker.goto(SSRI)
    figure = stub_worker.locator("figure.synapse-figure").first
    cue = figure.locator(".synapse-try")
    expect(cue).to_have_count(1)
    order = figure.evaluate(
        """(f) => [".synapse-try", ".synapse-presets", ".synapse-controls", "figcaption"]
            .map((s) => Array.from(f.querySelectorAll("*")).indexOf(f.querySelector(s)))"""
    )
    assert -1 not in order, order
    assert order == sorted(order), order
    box = cue.bounding_box()
    assert box is not None
    line = float(cue.evaluate("(e) => parseFloat(getComputedStyle(e).lineHeight)"))
    assert box["height"] <= line * 1.5, "the cue is more than one line at 1280 px"


def test_presets_set_the_sliders_and_the_permalink(stub_worker: Page) -> None:
    stub_worker.goto(SSRI)
    figure = stub_worker.locator("figure.synapse-figure").first
    live(figure)
    presets = figure.locator("button[data-preset]")
    expect(presets).to_have_count(2)
    expect(presets.first).to_be_visible()
    slider = figure.locator('input[name="reuptake_block"]')
    figure.get_by_role("button", name="No drug (0 %)").click()
    expect(slider).to_have_value("0")
    expect(figure.locator("output").first).to_have_text("0 %")
    expect(figure.locator(".synapse-plot svg")).to_have_attribute(
        "data-stub-values", "reuptake_block=0", timeout=TIMEOUT
    )  # the model was asked for it
    href = figure.locator('a[data-role="permalink"]').get_attribute("href") or ""
    assert parse_qs(urlsplit(href).query)["reuptake_block"] == ["0"]
    figure.get_by_role("button", name="Usual SSRI dose (80 %)").click()
    expect(slider).to_have_value("0.8")
    href = figure.locator('a[data-role="permalink"]').get_attribute("href") or ""
    assert parse_qs(urlsplit(href).query)["reuptake_block"] == ["0.8"]


def test_methylphenidate_presets_are_the_cited_occupancies(stub_worker: Page) -> None:
    stub_worker.goto(METHYLPHENIDATE)
    figure = stub_worker.locator("figure.synapse-figure", has_text="methylphenidate").first
    labels = figure.locator("button[data-preset]").all_inner_texts()
    assert labels == ["No drug (0 %)", "20 mg (54 %)", "40 mg (72 %)"], labels
    live(figure)
    figure.get_by_role("button", name="20 mg (54 %)").click()
    expect(figure.locator('input[name="reuptake_block"]')).to_have_value("0.54")
    expect(figure.locator("output").first).to_have_text("54 %")


def test_status_words_are_plain(stub_worker: Page) -> None:
    """While starting, the status says "Starting the simulation…", never runtime jargon."""
    seen: list[str] = []
    stub_worker.expose_function("seen", lambda text: seen.append(text))
    stub_worker.add_init_script(
        """new MutationObserver(() => {
            const all = document.querySelectorAll(".synapse-status");
            for (const s of all) window.seen?.(s.textContent);
        }).observe(document, {subtree: true, childList: true, characterData: true});"""
    )
    stub_worker.goto(SSRI)
    live(stub_worker.locator("figure.synapse-figure").first)
    assert any("Starting the simulation" in s for s in seen), seen
    assert not any(re.search(r"Python|runtime|Pyodide|Downloading", s) for s in seen), seen
