"""The built site's service worker lists the whole site (tests/unit/test_offline.py: how)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from synapse_docs import offline


def test_the_built_site_has_its_worker_listing_every_page(site_dir: Path) -> None:
    text = (site_dir / offline.WORKER).read_text(encoding="utf-8")
    build = json.loads(re.search(r"const BUILD = (\{.*?\});\n", text).group(1))  # type: ignore[union-attr]
    listed = {f["path"] for f in build["files"]}
    pages = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}
    assert pages <= listed
    assert {"assets/pyodide/pyodide.asm.wasm", "assets/synapse/worker.js"} <= listed
