"""Browser smoke tests of a site built by another builder: `./dev properdocs` and `./dev zensical`
run them on their own output (`TEST_SITE_DIR`), after the built-site tests (tests/site).

Not collected by `./dev tests` (the name does not match `test_*.py`): the whole browser suite
runs there on the MkDocs build, and these few are its core, asked of every builder's output: a
figure goes live on the real runtime under the site's policy, a claim is checked again in the
browser, the search answers, no request leaves the site, and a page without figures fetches no
runtime byte. They use the site's own markup and the search box's role, not a theme's classes.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import VIOLATIONS, Watch, live, violations

pytestmark = pytest.mark.browser

SSRI = "depression/"
CLAIM = 'li[data-claim="mean_cleft > 1.5 × compare"]'
RUNTIME = ("/assets/pyodide/", "/assets/synapse/worker.js", "transmitter_cycle-")


def outside(watch: Watch, base_url: str) -> list[str]:
    """The requests that left the site's origin (data: and blob: URLs stay in the page)."""
    origin = urlsplit(base_url)[:2]
    return [
        url
        for url in watch.requests
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url)[:2] != origin
    ]


def test_a_figure_goes_live_under_the_policy_and_a_claim_is_checked_again(
    page: Page, watch: Watch, base_url: str
) -> None:
    page.add_init_script(VIOLATIONS)
    page.goto(SSRI)
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    figure = live(page.locator("figure.synapse-figure").first)
    item = figure.locator(CLAIM)
    expect(item).to_have_attribute("data-holds", "true")
    figure.locator("button[data-preset]", has_text="No drug").click()  # the model, in the page
    expect(item).to_have_attribute("data-holds", "false")
    expect(figure.get_by_role("status")).to_contain_text("No longer holds:")
    assert any("/assets/pyodide/pyodide.asm.wasm" in url for url in watch.requests)
    assert not violations(page)
    assert not watch.uncaught()
    assert not outside(watch, base_url)


def test_the_search_answers(page: Page, watch: Watch, base_url: str) -> None:
    """Material's search box or Zensical's search dialog (in a shadow root): both take `/`."""
    page.add_init_script(VIOLATIONS)
    page.goto("about/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # the theme's shortcut: focus the search
    box = page.get_by_role("textbox", name="Search").or_(
        page.get_by_role("combobox", name="Search")
    )
    expect(box.first).to_be_visible()
    page.keyboard.type("dopamine", delay=20)
    expect(page.locator("mark", has_text="dopamine").first).to_be_visible(timeout=30_000)
    assert not violations(page)
    assert not watch.uncaught()
    assert not outside(watch, base_url)


def test_a_page_without_figures_fetches_no_runtime_byte(
    page: Page, watch: Watch, base_url: str
) -> None:
    page.add_init_script(VIOLATIONS)
    page.goto("about/")
    page.wait_for_load_state("networkidle")
    assert page.locator("figure.synapse-figure").count() == 0
    assert not [url for url in watch.requests if any(part in url for part in RUNTIME)]
    assert not violations(page)
    assert not outside(watch, base_url)
