"""The site search: it finds the chapters, and its index is built only when the reader searches.

The page starts the site's stand-in search worker (assets/synapse/search-worker.js), which loads
Material's own worker, and builds the index, on the first query (overrides/main.html).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import Watch

pytestmark = pytest.mark.browser

#: Material's worker, which builds the index
MATERIAL_WORKER = re.compile(r"/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
STAND_IN = re.compile(r"/assets/synapse/search-worker\.js\?worker=search\.[0-9a-f]+\.min\.js$")
RESULT = ".md-search-result__item"


def test_a_search_finds_the_chapters_and_builds_the_index_only_then(
    page: Page, watch: Watch
) -> None:
    page.goto("about/")
    page.wait_for_load_state("networkidle")
    assert any(STAND_IN.search(u) for u in watch.requests), watch.requests
    assert not any(MATERIAL_WORKER.search(u) for u in watch.requests), "built before a search"
    page.keyboard.press("/")  # Material's shortcut: focus the search
    query = page.get_by_role("textbox", name="Search")
    expect(query).to_be_focused()
    query.press_sequentially("dopamine", delay=20)  # keystrokes while the index is built
    results = page.locator(RESULT)
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching documents")
    assert any(MATERIAL_WORKER.search(u) for u in watch.requests)
    # the answer is the whole word's, not the one of a keystroke made while the index was built
    # ("d", "do", …): every term the results mark is the word typed
    expect(page.locator(".md-search-result__meta")).not_to_have_text("Type to start searching")
    marked = {m.strip(" .,;:()").lower() for m in results.locator("mark").all_inner_texts()}
    assert marked - {""} == {"dopamine"}, marked
    query.fill("")
    query.press_sequentially("zzqqxx")
    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
    assert not watch.errors


def test_a_search_link_opens_with_its_results(page: Page, watch: Watch) -> None:
    page.goto("about/?q=serotonin")
    expect(page.get_by_role("textbox", name="Search")).to_have_value("serotonin")
    expect(page.locator(RESULT).first).to_contain_text("serotonin", ignore_case=True)
    assert not watch.errors
