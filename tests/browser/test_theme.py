"""Material's palette switch and long pages' tables, as a reader meets them (no figure needed).

theme.py keeps the palette component's `<meta name="color-scheme">` out of the page, and
site.css gives the page's root the palette's scheme instead; site.css lets the browser skip
laying out tables until they near the screen. These tests check that a reader sees no
difference: the root follows the switch, and a table far down the page is there when reached.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ROOT_SCHEME = "getComputedStyle(document.documentElement).colorScheme"


def test_the_palette_switch_sets_the_root_s_colour_scheme(page: Page) -> None:
    page.goto("references/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-media", "(prefers-color-scheme)")  # mounted
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert page.locator('head meta[name="color-scheme"]').count() == 0
    assert page.evaluate(ROOT_SCHEME) == "light"
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle = page.locator('label.md-header__button[for^="__palette"]:visible')
    toggle.click()  # automatic → light
    expect(body).to_have_attribute("data-md-color-media", "(prefers-color-scheme: light)")
    toggle.click()  # light → dark
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate(ROOT_SCHEME) == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != light
    expect(body).not_to_have_attribute("data-md-color-switching", "")  # removed after a frame
    toggle.click()  # dark → automatic (light here)
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert page.evaluate(ROOT_SCHEME) == "light"


def test_a_dark_system_preference_darkens_the_root_from_the_start(page: Page) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto("references/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate(ROOT_SCHEME) == "dark"


SKIPPED = "(cell) => !cell.checkVisibility({contentVisibilityAuto: true})"


def test_a_table_far_down_a_long_page_is_laid_out_when_reached(page: Page) -> None:
    page.set_viewport_size({"width": 412, "height": 823})
    page.goto("parameters/")
    tables = page.locator(".md-typeset table")
    assert tables.count() >= 4
    last = tables.last
    skipped_box = last.locator("xpath=..")  # Material's wrapper, once its script has run
    expect(skipped_box).to_have_class("md-typeset__table")
    assert skipped_box.evaluate("(t) => getComputedStyle(t).contentVisibility") == "auto"
    cell = last.locator("td").first
    assert cell.evaluate(SKIPPED)  # far below the screen: not laid out yet
    cell.scroll_into_view_if_needed()
    expect(cell).to_be_visible()
    page.wait_for_function(
        "(cell) => cell.checkVisibility({contentVisibilityAuto: true})", arg=cell.element_handle()
    )
    assert cell.bounding_box() is not None
    assert cell.inner_text().strip()
    page.emulate_media(media="print")
    assert skipped_box.evaluate("(t) => getComputedStyle(t).contentVisibility") == "visible"


def test_a_table_is_skipped_from_the_first_layout_before_material_wraps_it(page: Page) -> None:
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
    page.goto("parameters/")
    last = page.locator(".md-typeset > table").last
    assert last.evaluate("(t) => getComputedStyle(t).contentVisibility") == "auto"
    assert last.locator("td").first.evaluate(SKIPPED)
