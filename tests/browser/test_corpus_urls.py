"""The robustness corpus in the browser, hostile URLs (cases in tests/corpus/hostile_urls.yaml).

The page's own code, on the stub worker: each URL leaves the figure drawn with in-bound
controls and a readable status, runs no injected script and logs no console error. (The
runtime faults are in test_corpus_faults.py; the bad fences in tests/unit/test_bad_fences.py and
tests/site/test_real_build.py.)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    CORPUS_PAGE,
    Watch,
    fill,
    first_figure,
    route_stub_worker,
    settle,
)
from tests.support import cases

FIGURE_PAGE = CORPUS_PAGE


@pytest.fixture(scope="module")
def figure_facts(site_dir: Path) -> dict[str, str]:
    """The first figure with controls, as built: its id, first control's name and bounds."""
    html = (site_dir / FIGURE_PAGE / "index.html").read_text(encoding="utf-8")
    figure = next(
        f for f in html.split('<figure class="synapse-figure"')[1:] if 'type="range"' in f
    )
    slider = re.search(r'<input type="range"[^>]*>', figure)
    assert slider is not None

    def attribute(text: str, name: str) -> str:
        found = re.search(rf' {name}="([^"]*)"', text)
        assert found is not None, name
        return found[1]

    return {
        "fig": attribute(figure, "id"),
        "control": attribute(slider[0], "name"),
        "min": attribute(slider[0], "min"),
        "max": attribute(slider[0], "max"),
        "default": attribute(slider[0], "value"),  # the thumb's position as built
        "long": "9" * 20_000,
        "many": "".join(f"&p{i}={i}" for i in range(500)),
    }


@pytest.fixture(scope="module")
def hostile_page(browser: Browser, base_url: str, stub_worker_script: str) -> Iterator[Page]:
    """One page on the stub worker for every hostile URL: each case is a fresh load of it."""
    context = browser.new_context(base_url=base_url, service_workers="block")
    route_stub_worker(context, stub_worker_script)
    page = context.new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("case", cases("hostile_urls"))
def test_a_hostile_url_leaves_a_working_figure(
    case: dict[str, Any], hostile_page: Page, base_url: str, figure_facts: dict[str, str]
) -> None:
    page = hostile_page
    page.goto("about:blank")  # a fresh load each time, even where two URLs differ by the hash
    watch = Watch.of(page.context, page)
    url = base_url + FIGURE_PAGE + fill(case["query"], figure_facts)
    url += fill(case.get("hash", ""), figure_facts)
    page.goto(url)
    figure = first_figure(page)
    settle(page, figure)
    expect(figure.locator(".synapse-plot svg")).to_have_count(1)
    assert figure.get_attribute("data-state") in ("static", "live", "failed")
    for slider in figure.locator("input[type=range]").all():
        value = float(slider.input_value())
        low, high = float(slider.get_attribute("min") or 0), float(slider.get_attribute("max") or 0)
        assert math.isfinite(value), value
        assert low <= value <= high, (low, value, high)
    status = figure.locator(".synapse-status").inner_text()
    assert status.strip(), "an empty status"
    assert len(status) < 1_000, f"the status echoes the URL ({len(status)} characters)"
    first = float(figure.locator("input[type=range]").first.input_value())
    if case.get("ignored"):
        assert "Ignored from the link" in status, status
        if case.get("value") is None:
            assert first == float(figure_facts["default"]), "an ignored value moved the slider"
    if case.get("says"):
        assert fill(case["says"], figure_facts) in status, status
    if case.get("value") is not None:
        assert first == float(fill(case["value"], figure_facts))
    assert page.evaluate("window.__pwned === undefined"), "an injected script ran"
    assert not page.locator("img[src=x]").count(), "injected markup reached the page"
    assert not watch.errors
