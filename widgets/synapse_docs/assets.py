"""The files a live figure needs in the built site, as plain functions (any builder can call them).

- the Pyodide core, copied from `node_modules/pyodide` (no micropip, no wheels);
- a zip of the browser-side packages (`transmitter_cycle`, the model, and `synapse_figures`, the
  figures), written with `zipfile` rather than `pip wheel`: a pure-Python package needs nothing
  but its files, the worker unpacks it in ~50 ms, and building it in-process keeps every
  live-reload rebuild fast (pip takes seconds);
- the page module, the worker (with the sha256 of every file it loads written in) and the
  stylesheets from `static/`.

The MkDocs hook (`hooks.on_files`) adds these to the build; `python -m synapse_docs finish SITE`
writes them into a site built by a builder that ignores hooks.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import synapse_figures
import transmitter_cycle

from .context import BuildError

STATIC = Path(__file__).parent / "static"
#: the packages the browser runs, in import order (figures import the model)
BROWSER_PACKAGES: tuple[ModuleType, ...] = (transmitter_cycle, synapse_figures)
#: where the browser files go in the site
ASSETS = "assets/synapse"
RUNTIME_DIR = "assets/pyodide"
#: the Pyodide core: all a pure-Python package needs (no micropip, no wheels)
RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
MANIFEST_PLACEHOLDER = "/*__SYNAPSE_MANIFEST__*/ null"


@dataclass(frozen=True)
class Asset:
    """One file of the built site: its path there, and its bytes or the file to copy."""

    dest: str
    content: bytes | None = None
    source: Path | None = None

    def data(self) -> bytes:
        """Return the file's bytes."""
        if self.content is not None:
            return self.content
        assert self.source is not None
        return self.source.read_bytes()


def runtime_dir(repository: Path) -> Path:
    """Return the Pyodide package directory in node_modules, or stop with what to run."""
    root = repository / "node_modules" / "pyodide"
    missing = [name for name in RUNTIME_FILES if not (root / name).is_file()]
    if missing:
        raise BuildError(
            f"The Pyodide runtime is missing from {root} ({', '.join(missing)}): "
            "run `npm ci` in the repository (the nox sessions do it for you)."
        )
    return root


def package_zip(packages: tuple[ModuleType, ...] = BROWSER_PACKAGES) -> bytes:
    """Return a reproducible zip of the browser packages (sources only)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for package in packages:
            assert package.__file__ is not None
            root = Path(package.__file__).parent
            for path in sorted(root.rglob("*")):
                if path.suffix not in (".py", ".typed") or "__pycache__" in path.parts:
                    continue
                name = f"{root.name}/{path.relative_to(root).as_posix()}"
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def site_assets(repository: Path) -> list[Asset]:
    """Return every file a live figure needs, with the worker's manifest of sha256 written in."""
    runtime = runtime_dir(repository)
    assets: list[Asset] = []
    manifest: dict[str, dict[str, str]] = {"runtime": {}, "package": {}}
    for name in RUNTIME_FILES:
        path = runtime / name
        assets.append(Asset(f"{RUNTIME_DIR}/{name}", source=path))
        manifest["runtime"][name] = _sha256(path.read_bytes())
    package = package_zip()
    digest = _sha256(package)
    package_name = f"transmitter_cycle-{digest[:12]}.zip"
    assets.append(Asset(f"{ASSETS}/{package_name}", content=package))
    manifest["package"] = {"file": package_name, "sha256": digest}
    for path in sorted(STATIC.iterdir()):
        if not path.is_file():
            continue
        content = path.read_bytes()
        if path.name == "worker.js":
            text = content.decode()
            if MANIFEST_PLACEHOLDER not in text:
                raise BuildError(f"{path}: the manifest placeholder is missing")
            content = text.replace(MANIFEST_PLACEHOLDER, json.dumps(manifest, indent=2)).encode()
        assets.append(Asset(f"{ASSETS}/{path.name}", content=content))
    return assets


def write_assets(site: Path, repository: Path) -> list[Path]:
    """Write :func:`site_assets` into an already built ``site``; return the paths written."""
    written = []
    for asset in site_assets(repository):
        target = site / asset.dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.data())
        written.append(target)
    return written
