"""The header's PDF link: written only by the build that makes the PDF.

`./dev pdf` builds with SITE_PDF=1 (`extra.pdf` in mkdocs.yml) and prints that site; every page's
header then offers the PDF. Any other build (serve, build, the tests') links nothing that would
404. The PDF build is checked on two pages (the home page and a page one level down, for the
relative link) built with the site's own configuration, theme and hooks (`INHERIT`), so that the
check costs a small build, not a second build of the whole site.
"""

from __future__ import annotations

import re
from pathlib import Path

from synapse_docs.pdf import PDF_PATH
from tests.support import ROOT, build_site

HEADER = re.compile(r'<header class="md-header.*?</header>', re.S)


def headers(site: Path) -> dict[str, str]:
    """Each built page's header, by its path in the site."""
    found = {}
    for page in sorted(site.rglob("index.html")):
        rel = page.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        match = HEADER.search(page.read_text(encoding="utf-8"))
        assert match, f"{rel}: no header"
        found["" if rel == "." else rel + "/"] = match.group(0)
    return found


def test_a_build_without_the_pdf_links_none(site_dir: Path) -> None:
    built = headers(site_dir)
    assert len(built) > 2
    for path, header in built.items():
        assert "synapse-pdf-link" not in header, path or "home"


def small_site(tmp_path: Path) -> Path:
    """Two pages (the home page links the PDF) with the site's own configuration: its mkdocs.yml."""
    docs = tmp_path / "docs"
    (docs / "about").mkdir(parents=True)
    (docs / "index.md").write_text(f"# Home\n\nThe [PDF]({PDF_PATH}).\n", encoding="utf-8")
    (docs / "about" / "index.md").write_text("# About\n\nA page.\n", encoding="utf-8")
    (docs / "references.bib").write_text("", encoding="utf-8")  # the citations hook reads it
    (docs / "includes").symlink_to(ROOT / "docs" / "includes")  # the snippets every page gets
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")  # the runtime the hook ships
    hooks = ", ".join(
        str(ROOT / "widgets" / "synapse_docs" / name) for name in ("hooks.py", "csp.py")
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        "nav: [index.md, about/index.md]\n"
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
        f"hooks: [{hooks}]\n"
        "watch: []\n",
        encoding="utf-8",
    )
    return config


def test_the_pdf_build_offers_the_pdf_in_every_header(tmp_path: Path) -> None:
    config = small_site(tmp_path)
    site = tmp_path / "site"
    # in tmp_path: the citations' `bibfile: docs/references.bib` is the empty one above
    done = build_site(site, config, SITE_PDF="1")
    assert done.returncode == 0, done.stderr[-2000:]
    built = headers(site)
    assert set(built) == {"", "about/"}
    for path, header in built.items():
        link = "../" * path.count("/") + PDF_PATH
        assert f'href="{link}"' in header, f"{path or 'home'}: no PDF link"
        assert '<span class="synapse-pdf-label">PDF</span>' in header


PUBLISHED = "https://neurotransmitter-guide.github.io/neurotransmitter-imbalance/"


def test_a_build_without_the_pdf_links_the_published_one(site_dir: Path) -> None:
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="{PUBLISHED}{PDF_PATH}"' in home
    assert f'href="{PDF_PATH}"' not in home


def test_serve_offers_the_pdf_an_earlier_pdf_build_made(tmp_path: Path) -> None:
    """Under `mkdocs serve` (its builds go to a folder of their own) the hook serves the PDF that
    `./dev pdf` left in the repository's site/; a plain build or the PDF build does not."""
    from synapse_docs import hooks

    made = tmp_path / "site" / PDF_PATH  # what `./dev pdf` leaves in the repository's site/
    cases = [("serve", False, made), ("build", False, None), ("serve", True, None)]
    try:
        hooks.on_startup("serve", dirty=False)
        assert hooks.served_pdf(tmp_path, pdf_build=False) is None  # nothing made yet
        made.parent.mkdir(parents=True)
        made.write_bytes(b"%PDF-1.7 a stand-in")
        for command, pdf_build, served in cases:
            hooks.on_startup(command, dirty=False)
            assert hooks.served_pdf(tmp_path, pdf_build=pdf_build) == served, command
    finally:
        hooks.on_startup("build", dirty=False)
