"""Offline reading, in a real browser with the site's service worker (synapse_docs/offline.py,
service_worker.js, static/offline.js) on the real runtime.

- after a first visit, with the network off, the opened pages load and their figures go live;
- "Read offline" states its size, saves every page, and then an unopened page reads offline;
- a new deploy replaces the old build's cache (no two builds in the cache);
- a tampered runtime file still fails with a readable reason, with the worker in between.

Every other browser test blocks service workers (`service_workers="block"`): they test the page
around the runtime, each from an empty browser.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from synapse_docs import offline
from synapse_docs.host import Host, serve
from tests.browser.support import VIOLATIONS, violations
from tests.support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BOOT = 180_000  # ms: a cold Pyodide boot on a loaded 2-core machine
FIGURES = "depression/"  # a page with figures
#: the names of this origin's caches, and whether one holds each of the given paths
CACHED = """async (paths) => {
  const root = new URL(document.querySelector('script[src*="offline.js"]').src, location.href);
  const base = new URL("../../", root);
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const hits = await Promise.all(paths.map((p) => cache.match(new URL(p, base).href)));
    if (hits.every(Boolean)) return true;
  }
  return false;
}"""
CACHES = "async () => (await caches.keys()).filter((n) => n.startsWith('synapse-')).sort()"
CONTROLLED = "() => navigator.serviceWorker.controller !== null"


@pytest.fixture
def reader(browser: Browser, host: Host) -> Iterator[BrowserContext]:
    """A reader's browser with service workers on (a fresh profile)."""
    context = browser.new_context(base_url=host.url, service_workers="allow")
    context.add_init_script(VIOLATIONS)
    yield context
    context.close()


def go_live(page: Page) -> None:
    """Bring the page's first figure live (scrolled to, as a reader does) and wait for it."""
    figure = page.locator("figure.synapse-figure").first
    figure.scroll_into_view_if_needed()
    figure.locator("input[type=range]").first.focus()  # touching a figure starts it at once
    expect(figure).to_have_attribute("data-state", "live", timeout=BOOT)


def test_opened_pages_read_offline_with_their_figures_live(reader: BrowserContext) -> None:
    page = reader.new_page()
    page.goto(FIGURES)
    page.wait_for_function(CONTROLLED, timeout=30_000)
    go_live(page)
    runtime = [FIGURES, "assets/pyodide/pyodide.asm.wasm", "assets/synapse/worker.js"]
    page.wait_for_function(CACHED, arg=runtime, timeout=60_000)
    page.goto("about/")  # a second page, opened while the worker controls the site
    page.wait_for_function(CACHED, arg=["about/"], timeout=30_000)
    page.close()

    reader.set_offline(True)
    again = reader.new_page()
    again.goto(FIGURES)
    expect(again.locator("h1").first).to_be_visible()
    go_live(again)
    assert not violations(again)
    again.goto("about/")
    expect(again.locator("h1").first).to_contain_text("About")
    with pytest.raises(Exception, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        again.goto("glossary/")  # never opened: not kept (until "Read offline")


def test_read_offline_states_its_size_then_saves_every_page(browser: Browser, host: Host) -> None:
    # axe is injected as a script: past the site's policy (test_csp.py checks the policy)
    reader = browser.new_context(base_url=host.url, service_workers="allow", bypass_csp=True)
    page = reader.new_page()
    page.goto("")
    page.wait_for_function(CONTROLLED, timeout=30_000)
    button = page.locator('[data-role="save-offline"]')
    expect(button).to_be_visible()
    expect(button).to_have_text(re.compile(r"^Read offline \(save \d+(\.\d)? MB\)$"))
    for scheme in ("light", "dark"):  # the control is shown only here: axe it here
        page.emulate_media(color_scheme=scheme)
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(
            "() => axe.run('.md-footer', {resultTypes: ['violations']}).then((r) => r.violations"
            ".map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`))"
        )
        assert not found, (scheme, found)
    button.click()
    status = page.locator('[data-role="offline-status"]')
    expect(status).to_contain_text("Saved", timeout=BOOT)
    reader.set_offline(True)
    page.goto("glossary/")  # never opened
    expect(page.locator("h1").first).to_be_visible()
    page.goto("cycle/")
    go_live(page)
    reader.close()


@pytest.fixture
def own_site(site_dir: Path, tmp_path: Path) -> Iterator[Host]:
    """A copy of the built site on a host of its own (for a deploy, or a tampered file)."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    with serve(copy) as running:
        yield running


def test_a_new_deploy_replaces_the_cache(browser: Browser, own_site: Host) -> None:
    context = browser.new_context(base_url=own_site.url, service_workers="allow")
    try:
        page = context.new_page()
        page.goto("about/")
        page.wait_for_function(CONTROLLED, timeout=30_000)
        page.wait_for_function(CACHED, arg=["about/"], timeout=30_000)
        (first,) = page.evaluate(CACHES)
        about = own_site.site / "about" / "index.html"
        about.write_text(
            about.read_text(encoding="utf-8").replace("</h1>", " (new deploy)</h1>", 1),
            encoding="utf-8",
        )
        version = offline.write_service_worker(own_site.site)  # the deploy's new worker
        assert first != f"synapse-{version}"
        page.reload()
        page.wait_for_function(
            f"async () => (await ({CACHES})()).join() === 'synapse-{version}'", timeout=30_000
        )
        page.reload()
        expect(page.locator("h1").first).to_contain_text("(new deploy)")
    finally:
        context.close()


def test_a_tampered_runtime_file_fails_readably_through_the_worker(
    browser: Browser, own_site: Host
) -> None:
    wasm = own_site.site / "assets" / "pyodide" / "pyodide.asm.wasm"
    wasm.write_bytes(wasm.read_bytes()[:-1] + b"\0")  # one byte changed, after the build
    context = browser.new_context(base_url=own_site.url, service_workers="allow")
    try:
        page = context.new_page()
        page.goto("")
        page.wait_for_function(CONTROLLED, timeout=30_000)
        page.goto(FIGURES)
        figure = page.locator("figure.synapse-figure").first
        figure.scroll_into_view_if_needed()
        figure.locator("input[type=range]").first.focus()
        expect(figure).to_have_attribute("data-state", "failed", timeout=BOOT)
        expect(figure.locator(".synapse-status")).to_contain_text("failed its integrity check")
        expect(figure.locator("svg").first).to_be_visible()  # the static figure stays
    finally:
        context.close()
