"""The built site: runtime files shipped with their hashes, figures written, nothing external."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
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


def test_the_shipped_package_runs_from_its_zip(site_dir: Path) -> None:
    """The zip the worker unpacks holds a working model (imported here from the zip alone)."""
    data = manifest(site_dir)
    package = site_dir / "assets/synapse" / data["package"]["file"]
    request = json.dumps({"spec": {"transmitter": "dopamine", "caption": "x"}, "values": {}})
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import synapse_figures.browser as b;"
        "assert b.__file__.startswith(sys.argv[1]), b.__file__;"
        "print(b.handle(sys.argv[2]))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", code, str(package), request],
        capture_output=True,
        text=True,
        check=True,
    )
    reply = json.loads(done.stdout)
    assert reply["ok"], reply
    assert 'data-series="cleft"' in reply["svg"]


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
