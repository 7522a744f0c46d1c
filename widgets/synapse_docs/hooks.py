"""MkDocs hooks: wire the site's Markdown extensions and ship the live-figure runtime.

- `on_page_markdown` tells the extensions which file they convert, so errors name file and line;
- `on_files` adds the browser files to the site (`assets.site_assets`: the page module, the
  worker with the sha256 of every file it loads, the stylesheets, the Pyodide core and a zip of
  the browser packages);
- `on_files` also applies `theme.PATCHES` to Material's palette stylesheet and script (long
  pages no longer restyle every element three times at start-up: see theme.py);
- `on_post_build` reports bibliography entries that no page cites.

The jobs themselves are plain functions (`assets`, `csp.secure_site`), so a builder that ignores
hooks can run them after its build: `python -m synapse_docs finish SITE`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from synapse_docs import citations, context, pdf, theme
from synapse_docs.assets import MANIFEST_PLACEHOLDER, RUNTIME_FILES, site_assets

log = logging.getLogger("mkdocs.hooks.synapse")

#: re-exported for the tests: the runtime's files and the worker's manifest placeholder
__all__ = ["MANIFEST_PLACEHOLDER", "RUNTIME_FILES"]


_serving = False  # `mkdocs serve`: offer the PDF a previous `./dev pdf` made


def on_startup(command: str, dirty: bool) -> None:
    """Note whether MkDocs serves the site (see `on_files`) or builds it."""
    global _serving
    _serving = command == "serve"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Record the page being converted, for error messages with file and line.

    A link to the PDF points at the published PDF when this build has none (`./dev serve` or
    `./dev build` before any `./dev pdf`), so that it never leads to a missing page.
    """
    docs = Path(config.docs_dir).name
    context.set_page(f"{docs}/{page.file.src_uri}", page.file.content_string, markdown)
    pdf_file = files.get_file_from_path(pdf.PDF_PATH)
    absent = pdf_file is None or pdf_file.inclusion == InclusionLevel.EXCLUDED
    if absent and not config.extra.get("pdf"):  # the PDF build (SITE_PDF=1) links its own
        published = str(config.extra.get("published", "")).rstrip("/")
        if published:
            markdown = re.sub(
                rf"\]\((?:\.\./)*{re.escape(pdf.PDF_PATH)}\)",
                f"]({published}/{pdf.PDF_PATH})",
                markdown,
            )
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Forget the page once it is converted."""
    context.clear_page()
    return html


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the page module, worker, stylesheets, Pyodide core and the browser packages."""
    repository = Path(config.config_file_path).parent
    missing = theme.unmatched(f.dest_uri for f in files)
    if missing and config.theme.name == "material":  # another theme has nothing to change
        raise context.BuildError(
            f"Material no longer ships a file that widgets/synapse_docs/theme.py changes: {missing}"
        )
    for file in [f for f in files if theme.wanted(f.dest_uri)]:
        files.remove(file)
        data = theme.patched(file.dest_uri, file.content_bytes)
        files.append(File.generated(config, file.dest_uri, content=data))
    for asset in site_assets(repository):
        if asset.source is not None:
            files.append(File.generated(config, asset.dest, abs_src_path=str(asset.source)))
        else:
            files.append(File.generated(config, asset.dest, content=asset.data()))
    files.append(pdf_file(config))
    return files


def served_pdf(repository: Path, *, pdf_build: bool) -> Path | None:
    """Return the PDF this build serves beside its pages, if any.

    The PDF is made after the site (`nox -s pdf`). `./dev serve` serves the PDF that an earlier
    `./dev pdf` left in site/, if there is one (its builds go to a directory of their own); any
    other build leaves it out, so that its links go to the published PDF (`on_page_markdown`).
    """
    made = repository / "site" / pdf.PDF_PATH
    return made if made.is_file() and _serving and not pdf_build else None


def pdf_file(config: MkDocsConfig) -> File:
    """Return the PDF's entry in the site: the PDF to serve, or a placeholder that writes nothing
    (declaring its path keeps links to it valid for the strict build)."""
    repository = Path(config.config_file_path).parent
    made = served_pdf(repository, pdf_build=bool(config.extra.get("pdf")))
    if made is not None:
        return File.generated(config, pdf.PDF_PATH, abs_src_path=str(made))
    return File.generated(config, pdf.PDF_PATH, content=b"", inclusion=InclusionLevel.EXCLUDED)


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
