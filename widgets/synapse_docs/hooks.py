"""MkDocs hooks: wire the site's Markdown extensions and ship the live-figure runtime.

- `on_page_markdown` tells the extensions which file they convert, so errors name file and line;
- `on_files` adds the browser files to the site: the page module, the worker (with the sha256 of
  every file it loads written in), the stylesheet, the Pyodide core from `node_modules`, and a zip
  of the `transmitter_cycle` package.

The package zip is written here with `zipfile` rather than `pip wheel`: a pure-Python package
needs nothing but its files, the worker unpacks it in ~50 ms, and building it in-process keeps
every live-reload rebuild fast (pip takes seconds).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import zipfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

import transmitter_cycle
from synapse_docs import citations, context, pdf

log = logging.getLogger("mkdocs.hooks.synapse")

STATIC = Path(__file__).parent / "static"
PACKAGE = Path(transmitter_cycle.__file__).parent
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


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Record the page being converted, for error messages with file and line."""
    docs = Path(config.docs_dir).name
    context.set_page(f"{docs}/{page.file.src_uri}", page.file.content_string, markdown)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Forget the page once it is converted."""
    context.clear_page()
    return html


def package_zip() -> bytes:
    """Return a reproducible zip of the `transmitter_cycle` package (sources only)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(PACKAGE.rglob("*")):
            if path.suffix not in (".py", ".typed") or "__pycache__" in path.parts:
                continue
            name = f"transmitter_cycle/{path.relative_to(PACKAGE).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def runtime_dir(config: MkDocsConfig) -> Path:
    """Return the Pyodide package directory in node_modules, or stop with what to run."""
    root = Path(config.config_file_path).parent / "node_modules" / "pyodide"
    missing = [name for name in RUNTIME_FILES if not (root / name).is_file()]
    if missing:
        raise PluginError(
            f"The Pyodide runtime is missing from {root} ({', '.join(missing)}): "
            "run `npm ci` in the repository (the nox sessions do it for you)."
        )
    return root


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the page module, worker, stylesheet, Pyodide core and the model package to the site."""
    runtime = runtime_dir(config)
    manifest: dict[str, Any] = {"runtime": {}, "package": {}}
    for name in RUNTIME_FILES:
        path = runtime / name
        files.append(File.generated(config, f"{RUNTIME_DIR}/{name}", abs_src_path=str(path)))
        manifest["runtime"][name] = _sha256(path.read_bytes())
    package = package_zip()
    digest = _sha256(package)
    package_name = f"transmitter_cycle-{digest[:12]}.zip"
    files.append(File.generated(config, f"{ASSETS}/{package_name}", content=package))
    manifest["package"] = {"file": package_name, "sha256": digest}
    for path in sorted(STATIC.iterdir()):
        content = path.read_bytes()
        if path.name == "worker.js":
            text = content.decode()
            if MANIFEST_PLACEHOLDER not in text:
                raise PluginError(f"{path}: the manifest placeholder is missing")
            content = text.replace(MANIFEST_PLACEHOLDER, json.dumps(manifest, indent=2)).encode()
        files.append(File.generated(config, f"{ASSETS}/{path.name}", content=content))
    # The PDF is made after the site (`nox -s pdf`); declaring its path keeps links to it valid
    # for the strict build without writing anything.
    files.append(
        File.generated(config, pdf.PDF_PATH, content=b"", inclusion=InclusionLevel.EXCLUDED)
    )
    return files


def on_pre_build(config: MkDocsConfig) -> None:
    """Start a fresh count of cited keys (a live-reload rebuild reuses the process)."""
    citations.reset_cited()


def on_post_build(config: MkDocsConfig) -> None:
    """Report bibliography entries that no page cites (a warning: the strict build fails)."""
    bibfile = _bibfile(config)
    for key in citations.uncited_keys(bibfile):
        log.warning(f"{bibfile}: entry '{key}' is cited by no page: cite it or remove it")


def _bibfile(config: MkDocsConfig) -> str:
    options = config.mdx_configs.get("synapse_docs.citations", {})
    return str(options.get("bibfile", "docs/references.bib"))
