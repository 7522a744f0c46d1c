"""Two changes to Material's palette component, so that long pages do not block at start-up.

At every page load Material's palette component (the light/dark switch) restyles every element
of the page three times over, two of them in the same task as the rest of its start-up. On the
parameters page (1,800 elements) a Chromium trace at Lighthouse's 4× CPU slowdown showed each
pass taking 90–170 ms: together about a quarter of the whole load's blocking time
(`python tests/bench/trace_start.py SITE parameters/` prints each pass and what forced it):

1. palette.css: `[data-md-color-switching] *, … {transition-duration: 0s !important}`. The
   component sets `data-md-color-switching` on `<body>` and removes it a frame later, at every
   load, so that colours do not fade while the palette switches; this rule makes each change
   restyle every element (twice a load). Without it, when a reader switches the palette, the few
   elements with a colour transition (links, buttons: 0.125–0.25 s) fade as they do on hover.
2. bundle.js: the `<meta name="color-scheme">` the component adds to `<head>` and fills with the
   header's colour scheme: Chromium restyles the whole page on each change to such a meta,
   whatever its value. The component still creates the element but no longer inserts it; the
   page's root takes its colour scheme from site.css instead (`:root:has(> body[...slate])`),
   the value the meta carried (tests/browser/test_theme.py checks it in both schemes).

Each change is an exact text that must occur once in the installed Material; otherwise the
MkDocs build stops, naming the file and the text (an upgraded Material: review this module).
Both the hook (`hooks.on_files`) and `python -m synapse_docs finish` apply them; the finish
command runs on other builders' output (Zensical's theme minifies the same component with other
names), so there a change whose text is not found is skipped with a warning naming the file and
the text: the page then works as the theme wrote it, only slower to start on long pages.

Zensical's theme also inserts a stylesheet of its own: its search dialog (in a shadow root) gets
a `<style>` from its bundle's text, which the site's policy (`style-src 'self'`) would refuse.
`inserted_styles` finds that text, and `python -m synapse_docs finish` allows it by its hash
(Material inserts none, so MkDocs's pages keep the policy as it was).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from .context import BuildError

log = logging.getLogger("synapse_docs.theme")

#: site path pattern (a regular expression: the theme's file names carry a hash) → its changes
PATCHES: dict[str, tuple[tuple[str, str], ...]] = {
    # (Zensical ships the same stylesheet once per theme variant: stylesheets/modern/, classic/)
    r"assets/stylesheets/(?:classic/|modern/)?palette\.[0-9a-f]+\.min\.css": (
        (
            "[data-md-color-switching] *,[data-md-color-switching] :after,"
            "[data-md-color-switching] :before{transition-duration:0s!important}",
            "/* synapse_docs.theme: the data-md-color-switching rule is taken out */",
        ),
    ),
    r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js": (
        (
            'let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);',
            'let o=x("meta",{name:"color-scheme"});/* synapse_docs.theme: not inserted */',
        ),
    ),
}


def wanted(path: str) -> bool:
    """Whether PATCHES change the file at site path `path`."""
    return any(re.fullmatch(pattern, path) for pattern in PATCHES)


def patched(path: str, data: bytes, skip: Callable[[str], None] | None = None) -> bytes:
    """Return the bytes of the theme file at site path `path` with its changes (if any).

    A file that already carries a change keeps it (the finish command may run on a site the
    hook has built). When an expected text is not there once: raises BuildError naming the file
    and the text, or, given `skip`, calls it with that message and leaves that change out.
    """
    for pattern, changes in PATCHES.items():
        if re.fullmatch(pattern, path):
            text = data.decode("utf-8")
            for old, new in changes:
                found = text.count(old)
                if found == 0 and new in text:
                    continue
                if found != 1:
                    message = (
                        f"Material's {path}: expected this text once, found it {found} times "
                        f"(another Material version? review widgets/synapse_docs/theme.py): {old}"
                    )
                    if skip is None:
                        raise BuildError(message)
                    skip(message)
                    continue
                text = text.replace(old, new)
            return text.encode("utf-8")
    return data


def unmatched(paths: Iterable[str]) -> list[str]:
    """The patterns of PATCHES that match none of `paths` (a theme without those files)."""
    listed = list(paths)
    return [p for p in PATCHES if not any(re.fullmatch(p, path) for path in listed)]


def patch_site(site: Path) -> list[Path]:
    """Apply the changes to a built site's theme files, in place; return the files changed.

    For a site built by another builder or theme: a change whose text is not found once is
    skipped with a warning (logged) naming the file and the text, not an error.
    """
    changed = []
    for target in sorted([*site.glob("assets/*/*"), *site.glob("assets/*/*/*")]):
        path = target.relative_to(site).as_posix()
        if wanted(path):
            data = target.read_bytes()
            out = patched(path, data, skip=lambda message: log.warning("skipped: %s", message))
            if out != data:
                target.write_bytes(out)
            changed.append(target)
    return changed


#: a stylesheet the bundle inserts from a variable's text: `C("style",{},Tc.toString())`
INSERTED_STYLE = re.compile(r'\b[\w$]+\("style",\{\},([A-Za-z_$][\w$]*)\.toString\(\)\)')
JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|.)", re.S)
JS_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _js_string(body: str) -> str:
    """The text of a JavaScript string literal's body (between its quotes)."""

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.startswith("u{"):
            return chr(int(code[2:-1], 16))
        if code[0] in "ux" and len(code) > 1:
            return chr(int(code[1:], 16))
        if code in ("\n", "\r\n", "\r"):
            return ""  # a line continuation
        return JS_SIMPLE.get(code, code)

    return JS_ESCAPE.sub(one, body)


def inserted_styles(site: Path) -> list[str]:
    """The texts of the stylesheets a built site's theme bundle inserts inline (Zensical's search
    dialog), for the policy to allow by hash. One it names but whose text is not a plain string
    literal is skipped with a warning (it would be refused: that part of the page unstyled)."""
    found = []
    for bundle in sorted(site.glob("assets/javascripts/bundle.*.min.js")):
        text = bundle.read_text(encoding="utf-8")
        for name in dict.fromkeys(INSERTED_STYLE.findall(text)):
            literal = re.search(
                rf"\b(?:var|let|const) {re.escape(name)}=(['\"])((?:\\.|(?!\1)[^\\])*)\1",
                text,
                re.S,
            )
            if literal is None:
                path = bundle.relative_to(site).as_posix()
                log.warning(
                    "skipped: %s inserts a stylesheet from %s, not a string here", path, name
                )
                continue
            found.append(_js_string(literal.group(2)))
    return found
