"""The Content-Security-Policy (`synapse_docs.csp`): the hook's parts, the built site, the browser.

The policy allows scripts from the site only (plus the theme's inline scripts by sha256) and
WebAssembly compilation for the runtime; it is a meta tag in every page and `_headers` for hosts.
The browser tests load the site from a host that also sends `_headers` (so the worker runs
under the policy too) and require zero policy violations, the live figure included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from synapse_docs import csp
from tests.audit.host import Host, host_headers, serve

LIVE_TIMEOUT = 90_000  # ms: a cold Pyodide boot on a loaded CI machine
HOOK_LINE = "- widgets/synapse_docs/csp.py"
#: records every violation the page sees (inline scripts, styles, workers' own are reported too)
VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


def meta_policy(html: str) -> str:
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert len(found) == 1, f"{len(found)} policies"
    return found[0]


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


# ---------------------------------------------------------------------------------------------
# The hook's parts


def test_a_script_hash_is_the_standard_csp_hash() -> None:
    # the example of the CSP specification's "hash-source" section
    assert csp.script_hash("alert('Hello, world.');") == (
        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param("<script>a()</script>", ["a()"], id="plain"),
        pytest.param('<script type="module">b()</script>', ["b()"], id="module"),
        pytest.param('<script src="x.js"></script>', [], id="external"),
        pytest.param('<script type="application/json">{"c": 1}</script>', [], id="data"),
        pytest.param(
            "<script>if (a < b && c) d('</p>')</script>",
            ["if (a < b && c) d('</p>')"],
            id="markup-like",
        ),
        pytest.param("<script>\n  e();\n</script>", ["\n  e();\n"], id="whitespace-kept"),
    ],
)
def test_inline_scripts_are_found_exactly(html: str, expected: list[str]) -> None:
    assert csp.inline_scripts(f"<html><head></head><body>{html}</body></html>") == expected


def test_the_policy_allows_no_inline_or_eval_script() -> None:
    policy = directives(csp.policy({"'sha256-abc='"}))
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'sha256-abc='"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert all("'unsafe-eval'" not in sources for sources in policy.values())
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "frame-ancestors" not in policy  # ignored (with a console message) in a meta tag
    assert "frame-ancestors" in directives(csp.policy(set(), header=True))


def test_serving_allows_inline_scripts_for_live_reload_only() -> None:
    served = directives(csp.policy({"'sha256-abc='"}, serving=True))
    assert served["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]
    assert served["connect-src"] == ["'self'"]  # the rest of the policy still holds
    built = directives(csp.policy({"'sha256-abc='"}))
    assert "'unsafe-inline'" not in built["script-src"]


def test_the_meta_tag_goes_first_in_head_after_the_charset() -> None:
    html = (
        '<!doctype html><html><head>\n <meta charset="utf-8">\n<script>x()</script></head></html>'
    )
    out = csp.insert_meta(html, "default-src 'self'")
    assert out.index('<meta charset="utf-8">') < out.index("Content-Security-Policy")
    assert out.index("Content-Security-Policy") < out.index("<script>")
    assert csp.insert_meta(out, "default-src 'none'").count("Content-Security-Policy") == 1
    assert "default-src 'none'" in csp.insert_meta(out, "default-src 'none'")
    bare = csp.insert_meta("<html><head><title>t</title></head></html>", "default-src 'self'")
    assert bare.startswith('<html><head><meta http-equiv="Content-Security-Policy"')


# ---------------------------------------------------------------------------------------------
# The built site


@pytest.fixture(scope="module")
def pages(site_dir: Path) -> dict[str, str]:
    found = {
        p.relative_to(site_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(site_dir.rglob("*.html"))
    }
    if not any("Content-Security-Policy" in html for html in found.values()):
        pytest.fail(f"no page has a Content-Security-Policy: add `{HOOK_LINE}` to `hooks:`")
    return found


def test_every_page_has_one_policy_before_anything_it_loads(pages: dict[str, str]) -> None:
    for name, html in pages.items():
        meta_policy(html)
        head = html[: html.index("</head>")]
        first = re.search(r"<(script|link|style|base)\b", head)
        assert first is None or head.index("Content-Security-Policy") < first.start(), name
        assert html.index("Content-Security-Policy") < 1024, f"{name}: charset pushed out"


def test_every_inline_script_is_allowed_by_its_hash(pages: dict[str, str]) -> None:
    for name, html in pages.items():
        allowed = directives(meta_policy(html))["script-src"]
        for text in csp.inline_scripts(html):
            assert csp.script_hash(text) in allowed, f"{name}: {text[:60]!r}"


def test_every_page_has_the_same_policy_and_hosts_get_it_too(
    pages: dict[str, str], site_dir: Path
) -> None:
    policies = {meta_policy(html) for html in pages.values()}
    assert len(policies) == 1, "instant navigation keeps every visited page's policy"
    (policy,) = policies
    header = host_headers(site_dir)["Content-Security-Policy"]
    assert header.startswith(policy + "; ")
    assert "frame-ancestors 'self'" in header
    assert "'unsafe-inline'" not in directives(header)["script-src"]
    assert "'unsafe-eval'" not in header


# ---------------------------------------------------------------------------------------------
# In the browser


@pytest.fixture(scope="module")
def host(site_dir: Path) -> Iterator[Host]:
    """The site on a static host sending `_headers`: the worker runs under the policy too."""
    with serve(site_dir) as running:
        yield running


@pytest.fixture
def csp_page(page: Page) -> Page:
    page.add_init_script(VIOLATIONS)
    return page


def violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__cspViolations || []"))


@pytest.mark.browser
def test_no_violation_on_any_page_nor_across_instant_navigation(
    csp_page: Page, host: Host, pages: dict[str, str]
) -> None:
    seen: list[str] = []
    csp_page.on("console", lambda m: seen.append(m.text) if m.type == "error" else None)
    urls = [name.removesuffix("index.html") for name in pages if name != "404.html"]
    for url in urls:
        csp_page.goto(host.url + url)
        csp_page.wait_for_load_state("networkidle")
        assert not violations(csp_page), url
    # instant navigation: Material swaps the content and re-runs its scripts under the first
    # page's policy; follow the "next" link through the whole site
    csp_page.goto(host.url)
    for _ in range(len(urls)):
        following = csp_page.locator("a.md-footer__link--next")
        if not following.count():
            break
        following.click()
        csp_page.wait_for_load_state("networkidle")
    assert not violations(csp_page)
    assert not [text for text in seen if "Content Security Policy" in text]


@pytest.mark.browser
@pytest.mark.slow
def test_the_live_figure_runs_under_the_policy(csp_page: Page, host: Host) -> None:
    csp_page.goto(host.url + "cycle/")
    figure = csp_page.locator("figure.synapse-figure:has(input[type=range])").first
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-state", "live", timeout=LIVE_TIMEOUT)
    assert not violations(csp_page)


@pytest.mark.browser
def test_an_injected_inline_script_is_refused(csp_page: Page, host: Host) -> None:
    csp_page.goto(host.url)
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
