"""A figure's links do what they say, and never reload the page (Material's instant navigation
takes any link to the same page as a navigation, which replaces every figure):

- "Link to this view" copies the view's link and says so (the phone's share sheet where there
  is one), instead of navigating;
- the SVG and CSV downloads download, and the figure stays the same element.

On the stub worker, with instant navigation engaged (`instant_navigation`).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import route_stub_worker

pytestmark = pytest.mark.browser

PAGE = "depression/"  # its first figure: SSRI compared with healthy
MARK = "(f) => { f.synapseTestMark = true; }"
SAME = "(f) => f.synapseTestMark === true && document.contains(f)"


@pytest.fixture
def figure_page(instant_navigation: Page, stub_worker_script: str) -> Page:
    route_stub_worker(instant_navigation.context, stub_worker_script)
    instant_navigation.context.grant_permissions(["clipboard-read", "clipboard-write"])
    instant_navigation.goto(PAGE)
    figure = instant_navigation.locator("figure.synapse-figure").first
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "live")
    figure.evaluate(MARK)
    return instant_navigation


def test_link_to_this_view_copies_the_link_and_stays(figure_page: Page) -> None:
    figure = figure_page.locator("figure.synapse-figure").first
    slider = figure.locator('input[name="reuptake_block"]')
    slider.focus()
    slider.press("End")
    url = figure_page.url
    link = figure.locator('a[data-role="permalink"]')
    link.click()
    expect(link).to_have_text("Link copied")
    copied = figure_page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith(url.split("?")[0].split("#")[0])
    assert re.search(r"[?&]reuptake_block=1(\.0)?&", copied), copied  # the view, as moved
    assert copied.endswith("#" + (figure.get_attribute("id") or "?"))
    assert figure_page.url == url, "the page navigated"
    assert figure.evaluate(SAME), "the figure was replaced"
    expect(link).to_have_text("Link to this view", timeout=5_000)


@pytest.mark.parametrize("role", ["download-svg", "download-csv"])
def test_downloads_download_and_the_figure_stays(figure_page: Page, role: str) -> None:
    figure = figure_page.locator("figure.synapse-figure").first
    url = figure_page.url
    link = figure.locator(f'a[data-role="{role}"]')
    expect(link).to_be_visible()
    with figure_page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith((".svg", ".csv"))
    figure_page.wait_for_timeout(300)  # a navigation would have started by now
    assert figure_page.url == url
    assert figure.evaluate(SAME), "the figure was replaced"
