"""The Content-Security-Policy (`synapse_docs.csp`): the hook's parts and the built site.

The policy allows scripts from the site only (plus the theme's inline scripts by sha256) and
WebAssembly compilation for the runtime; it is a meta tag in every page and `_headers` for hosts.
In the browser: tests/browser/test_csp.py (and the live figure in tests/browser/test_runtime.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from synapse_docs import csp
from synapse_docs.host import host_headers

HOOK_LINE = "- widgets/synapse_docs/csp.py"


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
