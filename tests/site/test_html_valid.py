"""Every page of the built site is valid HTML where the markup is ours: the W3C Nu HTML Checker
(npm `vnu-jar`, run on Java) reads each page, and the only errors it may report are the theme's
own (Material puts `autocomplete` on its two toggle checkboxes, which only text-like inputs may
carry; Zensical puts `aria-hidden` on its toggles' labels: not ours to change). Our figures once
gave 19 errors (a `<div>` after `<figcaption>`)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.support import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: the page an error is in: `"file:/…/cycle/index.html":79.5-79.102: error: …`
PAGE = re.compile(r'^"file:([^"]+)":')
#: the theme's own markup, not ours: Material's `<input class="md-toggle" type="checkbox" …
#: autocomplete="off">`, and Zensical's `aria-hidden` on its header's toggle labels
THEIRS = re.compile(
    r"Attribute “autocomplete” is only allowed when the input type is"
    r"|The “aria-hidden” attribute must not be used on any “label” element that is associated"
)


def test_our_markup_has_no_html_errors(site_dir: Path) -> None:
    java = shutil.which("java")
    assert java, "java is missing: apt-get install default-jre-headless (./dev tests installs it)"
    assert VNU.is_file(), f"{VNU} is missing: npm ci"
    pages = sorted(p for p in site_dir.rglob("*.html") if "assets" not in p.parts)
    assert len(pages) > 10
    done = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "gnu", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in done.stderr.splitlines() if ": error: " in line]
    ours = [line for line in errors if not THEIRS.search(line)]
    assert not ours, "\n".join(ours[:20])
    # the checker read every page: it names the theme's toggles on each
    named = {PAGE.match(line).group(1) for line in errors if PAGE.match(line)}  # type: ignore[union-attr]
    assert named == {p.resolve().as_uri().removeprefix("file://") for p in pages}, done.stderr[
        -800:
    ]
