"""The Content-Security-Policy in the browser: zero violations across instant navigation, and for
injections (every page's own loads: test_budgets.py).

The site comes from the static host, which also sends `_headers`. The pages run on the stub
worker here; the real worker and runtime run under the policy in tests/browser/test_runtime.py
(`test_the_live_figure_runs_under_the_policy`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.support import VIOLATIONS, violations

pytestmark = pytest.mark.browser


@pytest.fixture
def csp_page(stub_worker: Page, instant_navigation: Page) -> Page:
    stub_worker.add_init_script(VIOLATIONS)
    return stub_worker


def test_no_violation_across_instant_navigation(
    csp_page: Page, base_url: str, site_dir: Path
) -> None:
    """Material swaps the content and re-runs its scripts under the first page's policy: follow
    the "next" link through the whole site. (Each page's own load, first and repeat visit, is
    checked for violations in test_budgets.py.)"""
    seen: list[str] = []
    csp_page.on("console", lambda m: seen.append(m.text) if m.type == "error" else None)
    urls = [p for p in site_dir.rglob("*.html") if p.relative_to(site_dir).as_posix() != "404.html"]
    settled = "document.fonts.ready.then(() => new Promise(requestAnimationFrame))"
    csp_page.goto(base_url)
    csp_page.evaluate("window.synapseSameDocument = true")
    for _ in range(len(urls)):
        following = csp_page.locator("a.md-footer__link--next")
        if not following.count():
            break
        before = csp_page.url
        # mark the page being left, so that the next step waits for the new content (a click
        # on the old footer during the swap would do nothing on a loaded machine)
        csp_page.evaluate("document.querySelector('article').dataset.leaving = 'yes'")
        following.click()
        csp_page.wait_for_function(
            "(before) => location.href !== before && document.querySelector('article')"
            " && !document.querySelector('article[data-leaving]')",
            arg=before,
            timeout=60_000,
        )
        csp_page.evaluate(settled)  # the new content's own loads (its fonts) have settled
    assert csp_page.evaluate("window.synapseSameDocument === true"), "not instant navigation"
    assert not violations(csp_page)
    assert not [text for text in seen if "Content Security Policy" in text]


def test_an_injected_inline_script_is_refused(csp_page: Page, base_url: str) -> None:
    csp_page.goto(base_url)
    csp_page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__ran = true";
          document.body.append(s);
          const i = document.createElement("img");
          i.setAttribute("onerror", "window.__ran = true");
          i.src = "data:,";
          document.body.append(i);
        }"""
    )
    csp_page.wait_for_timeout(200)
    assert csp_page.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src") for v in violations(csp_page))
