"""Offline reading: the service worker, written into the built site after everything else.

`write_service_worker(site)` writes `sw.js` at the site's root (a service worker controls only
the pages at or below its own folder) from `service_worker.js`, with the build filled in: its
version, a hash of every file of the site (so a new deploy brings a new worker, which replaces
the old one's cache), and the list of files that "Read offline" saves, with their sizes and, for
the Python runtime, their Subresource Integrity values (what the model's worker asks for).

It runs last, after the Content-Security-Policy has been written into the pages (their final
bytes are what the version hashes): the MkDocs hook `on_post_build` here (listed after csp.py in
mkdocs.yml), or `python -m synapse_docs finish` for a builder without hooks. The page module
`static/offline.js` registers the worker and offers "Read offline".
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from synapse_docs.assets import RUNTIME_DIR, sri  # absolute: MkDocs loads hooks by their path
from synapse_docs.context import BuildError

if TYPE_CHECKING:  # MkDocs is needed only by the hook, never by `finish`
    from mkdocs.config.defaults import MkDocsConfig

TEMPLATE = Path(__file__).with_name("service_worker.js")
PLACEHOLDER = "/*__SYNAPSE_OFFLINE__*/ null"
#: the worker's file in the site (at the root: its scope is the whole site)
WORKER = "sw.js"
#: files never saved for offline reading: host configuration, and the worker itself
SKIPPED = {WORKER, "_headers"}


def offline_files(site: Path) -> list[dict[str, Any]]:
    """Return every file of the built site that "Read offline" saves, in a stable order."""
    files = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel in SKIPPED or rel.endswith(".map"):
            continue
        entry: dict[str, Any] = {"path": rel, "bytes": path.stat().st_size}
        if rel.startswith(f"{RUNTIME_DIR}/") or (
            rel.startswith("assets/synapse/") and rel.endswith(".zip")
        ):
            entry["integrity"] = sri(path.read_bytes())
        files.append(entry)
    return files


def build_version(site: Path, files: list[dict[str, Any]]) -> str:
    """Return the build's version: a hash of every listed file's path and bytes."""
    digest = hashlib.sha256()
    for entry in files:
        digest.update(entry["path"].encode() + b"\0")
        digest.update(hashlib.sha256((site / entry["path"]).read_bytes()).digest())
    return digest.hexdigest()[:16]


def write_service_worker(site: Path) -> str:
    """Write `site/sw.js` for this build and return the build's version.

    Raises:
        BuildError: the worker's template lacks its placeholder.
    """
    template = TEMPLATE.read_text(encoding="utf-8")
    if PLACEHOLDER not in template:
        raise BuildError(f"{TEMPLATE}: the build placeholder is missing")
    files = offline_files(site)
    version = build_version(site, files)
    data = json.dumps({"version": version, "files": files}, separators=(",", ":"))
    (site / WORKER).write_text(template.replace(PLACEHOLDER, data), encoding="utf-8")
    return version


def on_post_build(config: MkDocsConfig) -> None:
    """Write the service worker for the site just built (after the security policy)."""
    write_service_worker(Path(config.site_dir))
