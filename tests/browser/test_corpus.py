"""The robustness corpus in the browser: hostile URLs and runtime faults (cases in tests/corpus/).

- hostile URLs (the page's own code, on the stub worker): each leaves the figure drawn with
  in-bound controls and a readable status, runs no injected script and logs no console error;
- runtime faults (the real worker and runtime, broken by Playwright routing): each leaves
  `data-state="failed"`, the static SVG, a readable reason and a Retry button, with no uncaught
  error; after a failed download, Retry boots the runtime.

A case marked `lost:` in its file is a known gap: it runs as a strict xfail that names the fix.
(The bad fences run in tests/unit/test_bad_fences.py and tests/site/test_real_build.py.)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.browser.support import (
    LIVE_TIMEOUT,
    NO_OBSERVER,
    WITH_CONTROLS,
    Watch,
    live,
    route_stub_worker,
)
from tests.support import cases

FIGURE_PAGE = "cycle/"
#: the test-only boot watchdog (figures.js reads it): a worker that never answers fails soon
SHORT_WATCHDOG = "window.synapseTestBootSilenceMs = {ms};"
#: the test-only start-up deadline (figures.js): a download that never answers fails soon
WASM = "**/pyodide.asm.wasm"
SHORT_DEADLINE = "window.synapseTestBootDeadlineMs = {ms};"


def first_figure(page: Page) -> Any:
    figure = page.locator(WITH_CONTROLS).first
    expect(figure).to_have_count(1)
    return figure


def settle(page: Page, figure: Any, timeout: float = LIVE_TIMEOUT) -> None:
    """Bring the figure into view and wait until it is live or has failed."""
    figure.scroll_into_view_if_needed()
    page.wait_for_function(
        "(f) => ['live', 'failed'].includes(f.dataset.state)",
        arg=figure.element_handle(),
        timeout=timeout,
    )


def fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


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
    context = browser.new_context(base_url=base_url)
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


# ---------------------------------------------------------------------------------------------
# Runtime faults


def _fault(case: dict[str, Any]) -> Any:
    kind = case["fault"]

    def handle(route: Route) -> None:
        if kind == "status":
            route.fulfill(status=case["status"], body="fault", content_type="text/plain")
        elif kind == "abort":
            route.abort("connectionreset")
        elif kind == "body":
            route.fulfill(status=200, body=case["body"], content_type="text/javascript")
        elif kind == "hang":
            pass  # never answered: the page's start-up deadline must end the wait
        elif kind == "corrupt":
            real = route.fetch()
            body = bytearray(real.body())
            for at in range(64, len(body), max(1, len(body) // 97)):
                body[at] ^= 0xFF
            headers = {
                name: value
                for name, value in real.headers.items()
                if name.lower() not in ("content-encoding", "content-length")  # body is decoded
            }
            route.fulfill(status=200, headers=headers, body=bytes(body))
        else:  # pragma: no cover - a typo in the corpus
            raise ValueError(f"unknown fault {kind!r}")

    return handle


@pytest.mark.browser
@pytest.mark.parametrize("case", cases("runtime_faults"))
def test_a_runtime_fault_leaves_the_static_figure_and_a_reason(
    case: dict[str, Any], context: BrowserContext, page: Page, base_url: str
) -> None:
    watch = Watch.of(context, page)
    if "watchdog" in case:  # the test-only boot deadline (figures.js), instead of 30 s
        page.add_init_script(SHORT_WATCHDOG.format(ms=case["watchdog"]))
    if "deadline" in case:  # the test-only start-up deadline (figures.js), instead of 120 s
        page.add_init_script(SHORT_DEADLINE.format(ms=case["deadline"]))
    offline = case["fault"] in ("offline", "abort-all")
    if offline:  # figures start only when touched: the connection goes before the runtime loads
        page.add_init_script(NO_OBSERVER)
    if "route" in case:
        context.route(case["route"], _fault(case))
        if case["route"] != WASM and case.get("wasm") != "real":  # (see the corpus's header)
            context.route(WASM, lambda route: None)  # held: never answered
    page.goto(base_url + FIGURE_PAGE)  # "load": a failed worker's requests never go idle
    figure = first_figure(page)
    static_svg = figure.locator(".synapse-plot").inner_html()
    if case["fault"] == "offline":
        context.set_offline(True)
    elif case["fault"] == "abort-all":
        context.route("**/*", lambda route: route.abort("internetdisconnected"))
    if offline:
        figure.locator("input[type=range]").first.focus()
    settle(page, figure)
    assert figure.get_attribute("data-state") == "failed"
    status = figure.locator(".synapse-status").inner_text()
    assert "could not start" in status, status
    assert case["says"].lower() in status.lower(), status
    assert figure.locator(".synapse-plot").inner_html() == static_svg
    expect(figure.get_by_role("button", name="Retry")).to_be_visible()
    assert page.evaluate("window.__pwned === undefined"), "an injected script ran"
    assert not watch.uncaught()
    assert not watch.console_but_network()


@pytest.mark.browser
def test_retry_after_a_failed_download_boots_the_runtime(
    context: BrowserContext, page: Page, base_url: str
) -> None:
    watch = Watch.of(context, page)
    blocked = {"on": True}

    def block(route: Route) -> None:
        if blocked["on"]:
            route.fulfill(status=404, body="blocked")
        else:
            route.continue_()

    context.route("**/assets/pyodide/python_stdlib.zip", block)
    page.goto(base_url + FIGURE_PAGE)
    figure = first_figure(page)
    static = figure.locator(".synapse-plot").inner_html()
    settle(page, figure)
    assert figure.get_attribute("data-state") == "failed"
    expect(figure.get_by_role("status")).to_contain_text("could not be downloaded")
    assert figure.locator(".synapse-plot").inner_html() == static
    blocked["on"] = False
    figure.get_by_role("button", name="Retry").click()
    live(figure)
    assert not watch.uncaught()
