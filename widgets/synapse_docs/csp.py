"""MkDocs hook: a Content-Security-Policy on every page, and the same policy as headers for hosts.

The policy allows scripts from the site itself only, `'wasm-unsafe-eval'` for the Python runtime,
and the theme's few inline scripts by their sha256, computed here from each page's final HTML.
No `'unsafe-inline'`, no `'unsafe-eval'` for scripts.

- after the build, :func:`secure_site` hashes every page's inline scripts and writes the policy,
  with the hashes of all pages, into a `<meta http-equiv="Content-Security-Policy">` as the first
  child of each page's `<head>`, so that it governs everything after it (Material's instant
  navigation keeps the first page's policy and adds each visited page's: identical policies keep
  that intersection harmless); it also writes `site/_headers` (Netlify, Cloudflare Pages) with
  the policy for every path. The hook `on_post_build` calls it; so does
  `python -m synapse_docs finish` for a builder without hooks. A header also covers what a
  meta tag cannot: the worker's own scripts, `frame-ancestors` and `base-uri`.

List this hook last in `hooks:`: a hook that changed a page after it would invalidate the hashes.

Under `mkdocs serve` the live-reload server injects an inline script that changes on every
request (it cannot be hashed): there, and only there, inline scripts are allowed
(`'unsafe-inline'` instead of the hashes), and the rest of the policy stays in force.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from synapse_docs.context import BuildError

if TYPE_CHECKING:  # MkDocs only types the hook: `python -m synapse_docs finish` runs without it
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.hooks.csp")

#: the policy, directive by directive; `script-src` gets the inline scripts' hashes appended
BASE_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "worker-src": ["'self'"],
    "connect-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # Material's icons are data: SVG masks in its stylesheet
    # Markdown tables align columns with `style="text-align: …"` attributes: allowed as
    # attributes only; stylesheets and <style> elements still come from the site alone.
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
#: only in headers: a meta policy ignores these (and says so in the console)
HEADER_ONLY: dict[str, list[str]] = {"frame-ancestors": ["'self'"]}
#: script types that run (anything else, such as application/json, is data and needs no hash)
EXECUTABLE = {"", "text/javascript", "application/javascript", "module", "importmap"}
META = '<meta http-equiv="Content-Security-Policy" content="{}">'
META_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
HEAD_RE = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
#: `<meta charset>` must stay in the page's first 1024 bytes: the policy goes right after it
CHARSET_RE = re.compile(r"\s*<meta charset=[^>]*>", re.IGNORECASE)

_serving = False  # `mkdocs serve`: live reload's inline script must run


class _InlineScripts(HTMLParser):
    """Collect the text of every inline, executable `<script>` (exactly as it is in the page)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._open: bool = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        found = dict(attrs)
        kind = (found.get("type") or "").strip().lower()
        self._open = "src" not in found and kind in EXECUTABLE
        self._text = []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open:
            self.scripts.append("".join(self._text))
            self._open = False


def inline_scripts(html: str) -> list[str]:
    """Return the text of each inline executable script in `html`."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return parser.scripts


def script_hash(text: str) -> str:
    """Return the CSP source expression (`'sha256-…'`) for an inline script's text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(
    hashes: set[str],
    *,
    header: bool = False,
    serving: bool = False,
    styles: Iterable[str] = (),
) -> str:
    """Return the policy text, with the given script hashes (sorted: reproducible builds).

    With `serving`, inline scripts are allowed instead (for live reload under `mkdocs serve`).
    `styles`: the texts of stylesheets the theme's own script inserts, each allowed by its hash
    (none from Material; Zensical's search dialog has one: theme.inserted_styles).
    """
    directives = {name: list(sources) for name, sources in BASE_POLICY.items()}
    directives["script-src"] += ["'unsafe-inline'"] if serving else sorted(hashes)
    directives["style-src"] += sorted({script_hash(text) for text in styles})
    if header:
        directives.update(HEADER_ONLY)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def insert_meta(html: str, content: str, where: str = "the page") -> str:
    """Put the policy's meta tag first in `<head>` (after `<meta charset>`), or replace it.

    The charset declaration loads nothing, so the policy still precedes every resource.
    """
    tag = META.format(escape(content, quote=False))  # the policy has no `"`; keep `'` legible
    if META_RE.search(html):
        return META_RE.sub(lambda _: tag, html, count=1)
    head = HEAD_RE.search(html)
    if head is None:
        raise BuildError(f"{where}: no <head> to put the Content-Security-Policy in")
    at = head.end()
    charset = CHARSET_RE.match(html, at)
    if charset is not None:
        at = charset.end()
    return f"{html[:at]}{tag}{html[at:]}"


def headers_file(content: str) -> str:
    """Return a `_headers` file (Netlify, Cloudflare Pages) applying the policy to every path."""
    return (
        "# Written by widgets/synapse_docs/csp.py at build time: do not edit.\n"
        "/*\n"
        f"  Content-Security-Policy: {content}\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
        "/*.wasm\n"
        "  Content-Type: application/wasm\n"
    )


def on_startup(command: str, dirty: bool) -> None:
    """Note whether MkDocs serves the site (with live reload) or builds it."""
    global _serving
    _serving = command == "serve"
    if _serving:
        log.info("Content-Security-Policy: inline scripts allowed while serving (live reload)")


def secure_site(site: Path, *, serving: bool = False, styles: Iterable[str] = ()) -> int:
    """Give every page of a built ``site`` the policy with all pages' inline-script hashes.

    Also writes ``site/_headers`` (Netlify, Cloudflare Pages) with the header form of the policy.
    A plain function: the MkDocs hook calls it after the build, and `python -m synapse_docs
    finish` calls it for a site built without hooks (with the `styles` its theme's script
    inserts: see `policy`). Returns the number of script hashes allowed.
    """
    styles = list(styles)
    hashes: set[str] = set()
    texts = {p: p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}
    for html in texts.values():
        hashes.update(script_hash(text) for text in inline_scripts(html))
    content = policy(hashes, serving=serving, styles=styles)
    for path, html in texts.items():
        if not HEAD_RE.search(html):
            continue  # not a page (e.g. an HTML fragment shipped as an asset)
        updated = insert_meta(html, content, str(path.relative_to(site)))
        if updated != html:
            path.write_text(updated, encoding="utf-8")
    header = policy(hashes, header=True, serving=serving, styles=styles)
    (site / "_headers").write_text(headers_file(header), encoding="utf-8")
    return len(hashes)


def on_post_build(config: MkDocsConfig) -> None:
    """Secure the built site (:func:`secure_site`): the last step of the build."""
    count = secure_site(Path(config.site_dir), serving=_serving)
    log.debug(f"Content-Security-Policy: {count} inline script hashes")
