"""The service worker's build (synapse_docs/offline.py): its version follows the site's bytes,
and its list of files for "Read offline" is the whole site, with the runtime's hashes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from synapse_docs import offline
from synapse_docs.assets import sri
from synapse_docs.context import BuildError


def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for rel, data in {
        "index.html": b"<html><head></head><body>home</body></html>",
        "cycle/index.html": b"<html><head></head><body>cycle</body></html>",
        "assets/pyodide/pyodide.asm.wasm": b"\0asm runtime",
        "assets/synapse/transmitter_cycle-0123456789ab.zip": b"PK model",
        "assets/synapse/figures.js": b"// page",
        "_headers": b"/*\n  X: y\n",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def written(root: Path) -> dict:
    text = (root / offline.WORKER).read_text(encoding="utf-8")
    assert offline.PLACEHOLDER not in text
    match = re.search(r"const BUILD = (\{.*?\});\n", text)
    assert match, "the build is not written into the worker"
    return json.loads(match.group(1))


def test_the_worker_lists_every_file_with_sizes_and_the_runtime_with_hashes(
    tmp_path: Path,
) -> None:
    root = site(tmp_path)
    version = offline.write_service_worker(root)
    build = written(root)
    assert build["version"] == version
    paths = {f["path"]: f for f in build["files"]}
    assert set(paths) == {
        "index.html",
        "cycle/index.html",
        "assets/pyodide/pyodide.asm.wasm",
        "assets/synapse/transmitter_cycle-0123456789ab.zip",
        "assets/synapse/figures.js",
    }  # not the worker itself, not the host's _headers
    for rel, entry in paths.items():
        data = (root / rel).read_bytes()
        assert entry["bytes"] == len(data)
        runtime = rel.startswith("assets/pyodide/") or rel.endswith(".zip")
        assert entry.get("integrity") == (sri(data) if runtime else None), rel


def test_the_version_changes_with_any_file_and_only_then(tmp_path: Path) -> None:
    root = site(tmp_path)
    first = offline.write_service_worker(root)
    assert offline.write_service_worker(root) == first  # sw.js itself is not hashed
    (root / "cycle/index.html").write_bytes(b"<html><head></head><body>changed</body></html>")
    second = offline.write_service_worker(root)
    assert second != first
    (root / "new.html").write_bytes(b"x")
    assert offline.write_service_worker(root) not in (first, second)


def test_a_template_without_its_placeholder_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = tmp_path / "sw.js"
    template.write_text("// no placeholder\n", encoding="utf-8")
    monkeypatch.setattr(offline, "TEMPLATE", template)
    with pytest.raises(BuildError, match="placeholder"):
        offline.write_service_worker(site(tmp_path))
