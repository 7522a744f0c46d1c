"""A hook on the first page: a live synapse and a question at the top; a header without dead links.

On the stub worker (the runtime is not what is tested here).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import live

pytestmark = pytest.mark.browser


def test_the_home_page_opens_with_a_question_and_a_live_synapse(stub_worker: Page) -> None:
    page = stub_worker
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("")
    article = page.locator("article")
    first = article.locator("h1 + p")
    expect(first).to_contain_text("?")  # a question, first thing after the title
    figure = article.locator("figure.synapse-figure").first
    expect(figure).to_have_attribute("data-view", "schematic")
    top = figure.bounding_box()
    assert top is not None
    assert top["y"] < 900, "the figure is not on the first screen"
    live(figure)
    expect(figure.locator("button[data-preset]")).to_have_count(2)
    expect(figure.locator(".synapse-try")).to_be_visible()
    weight = int(page.locator("article h1").evaluate("(h) => getComputedStyle(h).fontWeight"))
    assert weight >= 600, weight  # the title carries its weight


@pytest.mark.parametrize("path", ["", "cycle/"])
def test_no_header_link_is_dead(stub_worker: Page, base_url: str, path: str) -> None:
    """The PDF exists only in the pdf build: elsewhere the header has no link to it."""
    page = stub_worker
    page.goto(path)
    hrefs = page.locator("header a[href]").evaluate_all("(links) => links.map((a) => a.href)")
    assert hrefs
    for href in hrefs:
        if href.startswith(base_url.split("/", 3)[0] + "//" + base_url.split("/", 3)[2]):
            response = page.request.get(href)
            assert response.ok, (href, response.status)
    pdf = page.locator("header a.synapse-pdf-link")
    if pdf.count():  # a build with the PDF: the link has a visible word and a 44 px target
        expect(pdf).to_contain_text("PDF")
        box = pdf.bounding_box()
        assert box is not None
        assert box["height"] >= 44
