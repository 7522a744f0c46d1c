"""The robustness corpus in the browser, runtime faults (cases in tests/corpus/runtime_faults.yaml).

The real worker and runtime, broken by Playwright routing: each fault leaves
`data-state="failed"`, the static SVG, a readable reason and a Retry button, with no uncaught
error; after a failed download, Retry boots the runtime. (The hostile URLs are in
test_corpus_urls.py.)
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from tests.browser.support import (
    CORPUS_PAGE,
    NO_OBSERVER,
    Watch,
    first_figure,
    live,
    settle,
)
from tests.support import cases

FIGURE_PAGE = CORPUS_PAGE
#: the test-only boot watchdog (figures.js reads it): a worker that never answers fails soon
SHORT_WATCHDOG = "window.synapseTestBootSilenceMs = {ms};"
#: the test-only start-up deadline (figures.js): a download that never answers fails soon
SHORT_DEADLINE = "window.synapseTestBootDeadlineMs = {ms};"
WASM = "**/pyodide.asm.wasm"


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
