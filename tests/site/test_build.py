"""The built site: runtime files shipped with their hashes, figures written, nothing external."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from synapse_docs.assets import MANIFEST_PLACEHOLDER, RUNTIME_FILES
from synapse_docs.host import site_prefix


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


def zensical(site_dir: Path) -> bool:
    """Whether Zensical built the site (`./dev zensical`): its theme is not Material's."""
    return 'name="generator" content="zensical-' in (site_dir / "index.html").read_text()


def test_every_page_searches_through_the_site_s_search_worker(site_dir: Path) -> None:
    """overrides/main.html names the site's stand-in worker in Material's config, with
    Material's own worker, which must exist (a Material upgrade that moves it shows here)."""
    if zensical(site_dir):
        pytest.skip("Zensical's search is its own (another protocol): no stand-in worker")
    pages = sorted(site_dir.rglob("*.html"))
    assert pages
    for page in pages:
        found = re.search(
            r'<script id="__config" type="application/json">(.*?)</script>', page.read_text(), re.S
        )
        assert found, f"{page}: no Material config"
        url = json.loads(found[1])["search"]
        if url.startswith("/"):  # the 404 page's links are absolute: under the site's prefix
            url = str((site_dir / url.removeprefix(site_prefix(site_dir))).resolve())
        worker = (page.parent / url).resolve()
        name = re.fullmatch(r"search-worker\.js\?worker=(search\.[0-9a-f]+\.min\.js)", worker.name)
        assert name, f"{page}: the search worker is {worker.name}"
        assert worker.parent == (site_dir / "assets/synapse").resolve(), page
        assert (site_dir / "assets/javascripts/workers" / name[1]).is_file(), name[1]


def test_the_theme_s_palette_script_and_stylesheet_carry_the_site_s_changes(
    site_dir: Path,
) -> None:
    """theme.py's two changes are in the built site (the hook applied them), and nothing else of
    Material's palette component changed."""
    if zensical(site_dir):  # `finish` changed both variants' stylesheets; it skips the script's
        palettes = sorted(site_dir.glob("assets/stylesheets/*/palette.*.min.css"))
        assert palettes
        for palette in palettes:
            css = palette.read_text()
            assert "[data-md-color-switching] *" not in css
            assert css.count("synapse_docs.theme") == 1
        return
    (palette,) = site_dir.glob("assets/stylesheets/palette.*.min.css")
    (bundle,) = site_dir.glob("assets/javascripts/bundle.*.min.js")
    css, script = palette.read_text(), bundle.read_text()
    assert "[data-md-color-switching] *" not in css
    assert css.count("synapse_docs.theme") == 1
    assert 'name:"color-scheme"});document.head.appendChild' not in script
    assert script.count("synapse_docs.theme") == 1
    assert 'name:"theme-color"});document.head.appendChild' in script
