"""The page around the runtime, on the stub worker (see `stub_worker` in conftest.py).

Controls, permalinks, keyboard, reset, downloads, status text, dark mode and small screens are
the page's own code: the stub answers with the build's output, so each test takes about a second.
The runtime itself (Pyodide, the model in the browser) is tested in test_runtime.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import NO_OBSERVER, WITH_CONTROLS, live, summary

pytestmark = pytest.mark.browser


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
