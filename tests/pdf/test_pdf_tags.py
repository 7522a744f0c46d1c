"""The PDF is tagged for assistive technology: a structure tree, the language and the title.

What PDF/UA-1 asks that a program can check: the catalog marks the file as tagged and names its
language; the title is the one shown; headings, lists, tables, links and figures are in the tree,
each figure with a text alternative, in the book's reading order; every mark on a page is either
in the tree or an artifact; every link annotation has a description. Structure is read with pypdf,
`Tagged: yes` with poppler's `pdfinfo` (apt `poppler-utils`).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from synapse_docs import pdf

#: structure types of PDF 1.7 (ISO 32000-1, 14.8.4), the ones PDF/UA-1 accepts without a role map
STANDARD = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT",
    "WP", "Figure", "Formula", "Form",
}  # fmt: skip


@dataclass(frozen=True)
class Element:
    kind: str  # the structure type, role-mapped to a standard one
    node: DictionaryObject
    page: int | None  # index of the page it is on (its own /Pg or its nearest ancestor's)


@dataclass(frozen=True)
class Tagged:
    path: Path
    reader: PdfReader
    elements: list[Element]  # the structure tree, depth first, in reading order
    chapters: int
    figures: int


def _walk(reader: PdfReader) -> list[Element]:
    tree = reader.trailer["/Root"].get("/StructTreeRoot")
    if tree is None:
        pytest.fail("the PDF has no structure tree: it is not tagged")
    tree = tree.get_object()
    role_map = {str(k): str(v) for k, v in (tree.get("/RoleMap") or {}).items()}
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    found: list[Element] = []

    def visit(node: Any, page: int | None) -> None:
        node = node.get_object()
        if not isinstance(node, DictionaryObject) or "/S" not in node:
            return  # marked content (an MCID, MCR or OBJR): not an element
        if "/Pg" in node:
            page = pages.get(node.raw_get("/Pg").idnum, page)
        kind = str(node["/S"])
        found.append(Element(role_map.get(kind, kind).lstrip("/"), node, page))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [] if kids is None else [kids]:
            visit(kid, page)

    kids = tree.get("/K")
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        visit(kid, None)
    return found


@pytest.fixture(scope="module")
def tagged(site_dir: Path) -> Tagged:
    """The test site's PDF: the one the PDF tests built in this run, else built here."""
    out = site_dir / pdf.PDF_PATH
    index = site_dir / "index.html"
    if not (out.is_file() and out.stat().st_mtime >= index.stat().st_mtime):
        # Off the event loop: Playwright's sync API refuses a thread that runs one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(pdf.build, site_dir, out, log=lambda message: None).result()
    reader = PdfReader(out)
    pages = (p.read_text() for p in sorted(site_dir.rglob("index.html")))
    figures = sum(
        page.count('<figure class="synapse-figure"') + page.count('<figure class="effect-figure"')
        for page in pages
    )
    return Tagged(out, reader, _walk(reader), _chapters(reader), figures)


def _chapters(reader: PdfReader) -> int:
    """The chapters: the outline's top-level entries less the contents."""
    return sum(1 for item in reader.outline if not isinstance(item, list)) - 1


pytestmark = pytest.mark.slow


def test_the_catalog_marks_the_file_tagged_in_its_language(tagged: Tagged, site_dir: Path) -> None:
    root = tagged.reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    lang = re.search(r'<html lang="([^"]+)"', (site_dir / "index.html").read_text())
    assert lang, "the home page declares no language"
    assert str(root["/Lang"]) == lang.group(1)


def test_pdfinfo_reads_it_as_tagged(tagged: Tagged) -> None:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.fail("pdfinfo is missing: apt-get install poppler-utils")
    info = subprocess.run([pdfinfo, str(tagged.path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M), info.stdout


def test_the_title_is_set_and_shown(tagged: Tagged, site_dir: Path) -> None:
    root = tagged.reader.trailer["/Root"]
    title = tagged.reader.metadata.title
    assert title, "the PDF has no title"
    assert title in html.unescape((site_dir / "index.html").read_text())
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert f">{title}</rdf:li>" in xmp
    assert f"<dc:language><rdf:Bag><rdf:li>{root['/Lang']}</rdf:li>" in xmp


def test_every_structure_type_is_standard_or_role_mapped(tagged: Tagged) -> None:
    unknown = sorted({e.kind for e in tagged.elements} - STANDARD)
    assert not unknown, f"structure types neither standard nor role-mapped: {unknown}"


KINDS = ["H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Link", "Figure"]


@pytest.mark.parametrize("kind", [*KINDS, "Caption"])
def test_the_tree_has(tagged: Tagged, kind: str) -> None:
    assert any(e.kind == kind for e in tagged.elements), f"no {kind} element in the structure tree"


def test_a_heading_per_chapter_in_reading_order(tagged: Tagged) -> None:
    h1 = [e for e in tagged.elements if e.kind == "H1"]
    assert len(h1) == tagged.chapters + 1  # the chapters and the cover's title
    pages = [e.page for e in h1]
    assert None not in pages, "an H1 without a page"
    assert pages == sorted(pages), f"H1 pages out of order: {pages}"


def test_every_figure_has_a_text_alternative(tagged: Tagged) -> None:
    figures = [e for e in tagged.elements if e.kind == "Figure"]
    assert len(figures) == tagged.figures  # one Figure per drawing, not one more per <figure>
    for figure in figures:
        alt = str(figure.node.get("/Alt", "")).strip()
        assert len(alt) > 20, f"figure on page {figure.page}: alternative text {alt!r}"


def test_list_items_keep_their_content_in_a_body(tagged: Tagged) -> None:
    for item in (e for e in tagged.elements if e.kind == "LI"):
        kids = item.node.get("/K")
        kinds = [
            str(k.get_object().get("/S"))
            for k in (kids if isinstance(kids, ArrayObject) else [kids])
        ]
        assert set(kinds) <= {"/Lbl", "/LBody"}, f"list item on page {item.page} holds {kinds}"


def _depth_zero_marks(data: bytes) -> Iterator[bytes]:
    operations = pdf._operations(data)
    assert operations is not None, "a content stream the reader cannot split"
    depth = 0
    for _, _, op in operations:
        if op in (b"BDC", b"BMC"):
            depth += 1
        elif op == b"EMC":
            depth -= 1
        elif depth == 0 and op in (b"Tj", b"TJ", b"'", b'"', b"Do", b"sh", b"S", b"f", b"f*", b"B"):
            yield op


def test_every_mark_is_tagged_or_an_artifact(tagged: Tagged) -> None:
    for number, page in enumerate(tagged.reader.pages, start=1):
        stray = list(_depth_zero_marks(page.get_contents().get_data()))
        assert not stray, f"page {number}: {len(stray)} marks outside the tree and not artifacts"


def test_every_link_is_described(tagged: Tagged) -> None:
    for number, page in enumerate(tagged.reader.pages, start=1):
        annots = [a.get_object() for a in page.get("/Annots") or []]
        links = [a for a in annots if a.get("/Subtype") == "/Link"]
        if not links:
            continue
        assert page.get("/Tabs") == "/S", f"page {number}: tab order does not follow the structure"
        for link in links:
            assert str(link.get("/Contents", "")).strip(), (
                f"page {number}: a link without a description"
            )


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        pytest.param(
            b"q BT /F1 9 Tf <0026> Tj ET Q",
            b"q /Artifact <</Type /Pagination>> BDC\nBT /F1 9 Tf <0026> Tj ET\nEMC Q",
            id="margin-box-text",
        ),
        pytest.param(
            b"/P <</MCID 0>> BDC BT <0026> Tj ET EMC",
            b"/P <</MCID 0>> BDC BT <0026> Tj ET EMC",
            id="tagged-text-untouched",
        ),
        pytest.param(
            b"0 0 10 10 re f /X1 Do",
            b"/Artifact BMC\n0 0 10 10 re f\nEMC /Artifact BMC\n/X1 Do\nEMC",
            id="decoration",
        ),
        pytest.param(b"BI /W 1 ID x EI", b"BI /W 1 ID x EI", id="inline-image-left-alone"),
    ],
)
def test_artifacts_wrap_only_what_is_outside_the_tree(stream: bytes, expected: bytes) -> None:
    assert pdf._artifacts(stream)[0] == expected
