"""axe-core on every page of the built site, light and dark, with its figures live (stub worker).

The first page is loaded; the others are reached the reader's way, by Material's instant
navigation: what a reader who follows a link sees. (The same loop with a fresh load and a new
injection of axe per page took 29 s here, against 18 s, one run each; test_budgets.py and
test_csp.py load every page afresh.)

The figures' live DOM is the page's own code around the model's SVG; the stub worker gives the
build's SVG, which the model in the browser draws the same way (the parity and view tests in
test_runtime.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.support import (
    chapter_paths,
    live,
    navigate,
    route_sitemap,
    route_stub_worker,
)
from tests.support import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


#: colours change at once (axe reads computed colours: a transition would show it mid-way)
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"


#: the rules that read colours: all that can differ when only the colour scheme changes (the
#: scheme is a `data-md-color-scheme` attribute that swaps CSS colour variables, nothing else)
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page: Page, rules: list[str] | None = None) -> list[str]:
    """Run axe-core on the page: every rule, or only `rules`."""
    options: dict[str, object] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate("(options) => axe.run(document, options)", options)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


@pytest.fixture
def axe_page(
    browser: Browser, base_url: str, stub_worker_script: str, site_dir: Path
) -> Iterator[Page]:
    """A page that may inject axe-core (the site's CSP forbids inline scripts, rightly)."""
    context = browser.new_context(base_url=base_url, bypass_csp=True, service_workers="block")
    route_stub_worker(context, stub_worker_script)
    route_sitemap(context, base_url, site_dir)  # instant navigation on the test host
    yield context.new_page()
    context.close()


def test_axe_finds_no_violation_on_any_page(axe_page: Page, base_url: str) -> None:
    """Every page, its first figure live: every rule in the light scheme, the colour rules in
    the dark one (one context: a context per page was measured 2–3× slower)."""
    found = {}
    for path in chapter_paths():
        navigate(axe_page, base_url + path)  # the first time, a load
        figures = axe_page.locator("figure.synapse-figure")
        if figures.count():
            live(figures.first)
        if not axe_page.evaluate("'axe' in window"):  # (the document stays: once)
            axe_page.add_script_tag(path=str(AXE))
        axe_page.add_style_tag(content=NO_TRANSITIONS)
        # light: every rule; dark, the same page recoloured (no reload): the colour rules
        for scheme, rules in (("default", None), ("slate", COLOUR_RULES)):
            axe_page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            violations = axe_violations(axe_page, rules)
            if violations:
                found[f"{path or '/'} ({scheme})"] = violations
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_every_built_page_is_checked(site_dir: Path) -> None:
    built = set()
    for index in site_dir.rglob("index.html"):
        rel = index.parent.relative_to(site_dir).as_posix()
        if not rel.startswith(("assets", "search")):  # (not "research")
            built.add("" if rel == "." else f"{rel}/")
    assert built == set(chapter_paths())
