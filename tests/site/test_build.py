"""The built site: runtime files shipped with their hashes, figures written, nothing external."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from synapse_docs.hooks import MANIFEST_PLACEHOLDER, RUNTIME_FILES


def manifest(site_dir: Path) -> dict[str, dict[str, str]]:
    text = (site_dir / "assets/synapse/worker.js").read_text()
    assert MANIFEST_PLACEHOLDER not in text
    found = re.search(r"const MANIFEST = (\{.*?\n\});", text, re.S)
    assert found, "the build did not write the manifest into the worker"
    return json.loads(found.group(1))


def test_the_runtime_is_self_hosted_with_its_hashes(site_dir: Path) -> None:
    data = manifest(site_dir)
    for name in RUNTIME_FILES:
        path = site_dir / "assets/pyodide" / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == data["runtime"][name], name
    package = site_dir / "assets/synapse" / data["package"]["file"]
    assert hashlib.sha256(package.read_bytes()).hexdigest() == data["package"]["sha256"]


def test_pages_load_nothing_from_elsewhere(site_dir: Path) -> None:
    for page in site_dir.rglob("*.html"):
        html = page.read_text()
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
                if 'rel="canonical"' in tag:
                    continue
                assert not re.match(r"(https?:)?//", url), f"{page}: {tag}"


def test_figures_are_drawn_at_build_time(site_dir: Path) -> None:
    html = (site_dir / "cycle/index.html").read_text()
    figures = re.findall(r'<figure class="synapse-figure"[^>]*>', html)
    assert figures
    for figure in figures:
        assert 'data-state="static"' in figure
        assert re.search(r'data-summary="\{[^"]+\}"', figure)
    assert html.count("<svg") >= len(figures)
