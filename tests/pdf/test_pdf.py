"""The whole-site PDF (`synapse_docs.pdf`): built once from the test site, then checked.

Text and fonts are read with poppler's `pdftotext` and `pdffonts` (apt `poppler-utils`), structure
(pages, outline, links, destinations) with pypdf.
"""

from __future__ import annotations

import html
import io
import itertools
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from synapse_docs import pdf
from tests.pdf import typography

ROOT = Path(__file__).resolve().parents[2]

T = TypeVar("T")

pytestmark = pytest.mark.slow


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is missing: apt-get install poppler-utils")
    return found


def squash(text: str) -> str:
    """Letters and digits only, compatibility-normalized: robust to line breaks and ligatures."""
    return re.sub(r"\W+", "", unicodedata.normalize("NFKC", text)).casefold()


def strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@dataclass(frozen=True)
class Chapter:
    path: str  # the page's path in the site, e.g. "cycle/" ("" for the home page)
    html: str

    @property
    def title(self) -> str:
        found = re.search(r"<h1[^>]*>(.*?)</h1>", self.html, re.S)
        assert found, f"{self.path or 'home'}: no <h1>"
        return strip_tags(re.sub(r'<a class="headerlink".*?</a>', "", found.group(1))).strip()

    @property
    def article(self) -> str:
        start = self.html.index("<article")
        return self.html[start : self.html.index("</article>", start)]


@dataclass(frozen=True)
class Book:
    path: Path
    reader: PdfReader
    text: str  # pdftotext, squashed
    pages_text: list[str]  # pdftotext per page, raw
    built: pdf.Built
    chapters: list[Chapter]
    site_url: str


def site_chapters(site: Path) -> list[Chapter]:
    """The pages of the site's navigation, in order (the home page's primary nav)."""
    home = (site / "index.html").read_text()
    paths: list[str] = []
    for href in re.findall(r'<a href="([^"#]*)" class="md-nav__link[^"]*"', home):
        path = "" if href in (".", "./") else href
        if path not in paths and "://" not in path:
            paths.append(path)
    return [Chapter(p, (site / p / "index.html").read_text()) for p in paths]


def off_the_event_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call `function` in a thread of its own.

    The builder drives Chromium with Playwright's sync API, which refuses to start in a thread
    that already runs an event loop, as pytest-playwright's does once a browser test has run.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


@pytest.fixture(scope="module")
def book(site_dir: Path) -> Book:
    """The PDF, built once into the test site at its stable path."""
    out = site_dir / pdf.PDF_PATH
    built = off_the_event_loop(pdf.build, site_dir, out, log=lambda message: None)
    pdftotext = _poppler("pdftotext")
    pages = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(out), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\f")
    home = (site_dir / "index.html").read_text()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    assert canonical, "the home page has no canonical URL (site_url)"
    return Book(
        path=out,
        reader=PdfReader(out),
        text=squash("".join(pages)),
        pages_text=pages,
        built=built,
        chapters=site_chapters(site_dir),
        site_url=canonical.group(1),
    )


def annotations(reader: PdfReader) -> list[tuple[int, DictionaryObject]]:
    found = []
    for number, page in enumerate(reader.pages):
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link":
                found.append((number, annot))
    return found


def raster_images(resources: Any, seen: set[int] | None = None) -> list[str]:
    """The raster images a page's resources draw: its image XObjects, and those of the forms it
    draws (nested), by name. (pypdf's `page.images` decodes every image: slow, and not needed.)"""
    seen = set() if seen is None else seen
    found = []
    xobjects = resources.get_object().get("/XObject") if resources else None
    for name, ref in (xobjects.get_object() if xobjects else {}).items():
        obj = ref.get_object()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if obj.get("/Subtype") == "/Image":
            found.append(str(name))
        elif obj.get("/Subtype") == "/Form":
            found += raster_images(obj.get("/Resources"), seen)
    return found


def uris(reader: PdfReader) -> set[str]:
    return {
        str(annot["/A"]["/URI"])
        for _, annot in annotations(reader)
        if "/A" in annot and annot["/A"].get("/S") == "/URI"
    }


@dataclass(frozen=True)
class Figure:
    chapter: Chapter
    id: str
    label: str  # a text of its SVG (an axis title, or any label)
    link: str  # its permalink on the site: the same figure in the same state

    @classmethod
    def all_in(cls, chapter: Chapter, site_url: str) -> list[Figure]:
        """The figure fences' output in a page, in order."""
        found = []
        for match in re.finditer(
            r'<figure class="synapse-figure" id="([^"]+)".*?</figure>', chapter.html, re.S
        ):
            block = match.group(0)
            texts = re.findall(r'<text class="tc-axis-title"[^>]*>([^<]+)<', block)
            texts = texts or re.findall(r"<text[^>]*>([^<]+)<", block)
            permalink = re.search(r'<a data-role="permalink" href="([^"]+)"', block)
            link = html.unescape(permalink.group(1)) if permalink else f"#{match.group(1)}"
            found.append(
                cls(
                    chapter, match.group(1), html.unescape(texts[0]), site_url + chapter.path + link
                )
            )
        return found


def test_the_pdf_is_at_its_stable_path_linked_from_the_home_page(
    site_dir: Path, book: Book
) -> None:
    assert book.path == site_dir / "pdf" / "neurotransmitter-imbalance.pdf"
    assert book.path.read_bytes().startswith(b"%PDF-")
    home = (site_dir / "index.html").read_text()
    # the build that makes the PDF links it; any other build links the published one (#24)
    published = f"{book.site_url}pdf/neurotransmitter-imbalance.pdf"
    assert 'href="pdf/neurotransmitter-imbalance.pdf"' in home or f'href="{published}"' in home


def test_the_page_count_is_plausible(book: Book) -> None:
    pages = len(book.reader.pages)
    assert pages == book.built.pages
    # a cover, the contents, then every chapter on pages of its own
    assert len(book.chapters) + 2 <= pages <= 25 * len(book.chapters), pages


def test_the_cover_has_title_version_date_licence_and_address(book: Book) -> None:
    cover = squash(book.pages_text[0])
    assert squash("Neurotransmitter Imbalance") in cover
    assert squash("Version") in cover
    assert re.search(r"\d{1,2} \w+ 20\d\d", book.pages_text[0]), "no date on the cover"
    assert squash("CC BY 4.0") in cover
    assert squash(book.site_url) in cover
    assert book.site_url in uris(book.reader)


def test_every_chapter_title_is_in_the_text(book: Book) -> None:
    for chapter in book.chapters:
        assert squash(chapter.title) in book.text, chapter.title


def test_every_paragraph_of_every_page_is_in_the_text(book: Book) -> None:
    """The whole text: glossary entries, citations as numbers, admonitions (math excepted)."""
    for chapter in book.chapters:
        for attrs, paragraph in re.findall(r"<p(\s[^>]*)?>(.*?)</p>", chapter.article, re.S):
            if "<math" in paragraph:
                continue
            if re.search(r'class="(synapse-try|synapse-edit)"', attrs or ""):
                continue  # printed in words for paper (below), or screen-only
            text = squash(strip_tags(paragraph))
            assert text in book.text, f"{chapter.path}: {strip_tags(paragraph)[:80]!r}"


def test_the_book_is_set_for_reading(book: Book) -> None:
    """Measured with pdftotext -bbox (tests/pdf/typography.py): 10–11 pt text, 60–80
    characters a line, no text under 7 pt (a formula's sub- and superscripts aside)."""
    found = typography.measure(book.path)
    assert 10 <= found.body_pt <= 11, found.body_pt
    assert 60 <= found.median_chars <= 80, found.median_chars
    assert found.p90_chars <= 90, found.p90_chars
    small = [f"p. {w.page}: {w.text!r} at {w.pt:.1f} pt" for w in found.smallest]
    assert not small, small[:10]


def test_every_figure_is_printed_at_one_width(book: Book) -> None:
    """The time axis's title ends at the drawing's right edge: one place for every figure."""
    every = typography.words(book.path)
    ends = {
        round(b.x1)
        for a, b in itertools.pairwise(every)
        if (a.text, b.text) == ("Time", "(s)") and a.page == b.page
    }
    assert len(ends) == 1, sorted(ends)


def test_interactive_parts_are_printed_in_words_for_paper(book: Book) -> None:
    raw = "".join(book.pages_text)
    flat = squash(raw)
    assert "Try:" not in raw
    assert "Check this cause" not in raw
    cues = [
        html.unescape(strip_tags(cue)).removeprefix("Try:").strip()
        for chapter in book.chapters
        for cue in re.findall(r'<p class="synapse-try">(.*?)</p>', chapter.article, re.S)
    ]
    assert cues, "no figure cues in the site"
    assert raw.count("In the live figure, try this:") == len(cues)
    for cue in cues:
        if "Check this cause" in cue:  # the puzzle's: said for paper, and answered
            continue
        assert squash(f"In the live figure, try this: {cue}") in flat, cue
    answers = re.search(r"Answers worked out by the model for this book: (.{0,400})", raw, re.S)
    assert answers, "the puzzle's answers are not printed"
    assert answers.group(1).count(" at ") >= 3, answers.group(1)


def test_the_references_print_no_back_link_arrows(book: Book) -> None:
    assert "↩" not in "".join(book.pages_text)


def test_the_corrections_are_printed_open(book: Book) -> None:
    raw = "".join(book.pages_text)
    assert raw.count("Correction to the original article") >= 12
    assert squash("has a specific job, such as regulating mood") in book.text


def test_the_cover_shows_the_synapse(book: Book) -> None:
    cover = book.pages_text[0]
    assert "Sending terminal" in cover
    assert "Receiving neuron" in cover
    assert squash("Contents") in squash(book.pages_text[1])


def test_a_link_to_this_machine_stops_the_build(tmp_path: Path) -> None:
    """A book built from a site whose address is local (SITE_URL=http://127.0.0.1:…) would send
    every reader's click to their own machine: the build refuses it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<!doctype html><html><head><title>T</title>"
        '<link rel="canonical" href="http://127.0.0.1:8000/"></head><body>'
        '<nav class="md-nav md-nav--primary"><a href="." class="md-nav__link">Home</a></nav>'
        '<article class="md-content__inner"><h1>T</h1><p>Text.</p></article></body></html>'
    )
    with pytest.raises(pdf.PdfError, match=r"links to this machine.*127\.0\.0\.1"):
        off_the_event_loop(pdf.build, site, tmp_path / "out.pdf", log=lambda message: None)


@pytest.mark.parametrize(
    ("uri", "local"),
    [
        ("http://localhost:8000/cycle/", True),
        ("http://127.0.0.1/", True),
        ("https://LOCALHOST/x", True),
        ("https://neurotransmitter-guide.github.io/neurotransmitter-imbalance/", False),
        ("https://example.org/localhost-notes", False),
    ],
)
def test_local_links_names_the_links_to_this_machine(uri: str, local: bool) -> None:
    from pypdf import PdfWriter
    from pypdf.annotations import Link

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_annotation(0, Link(rect=(0, 0, 10, 10), url=uri))
    out = io.BytesIO()
    writer.write(out)
    assert pdf.local_links(out.getvalue()) == ([uri] if local else [])


def test_every_reference_of_every_page_is_in_the_text(book: Book) -> None:
    """Each chapter's reference list and the global bibliography, entry by entry."""
    count = 0
    for chapter in book.chapters:
        for entry in re.findall(r'<li id="(?:ref|bib)-[^"]*">(.*?)</li>', chapter.html, re.S):
            entry = re.sub(r'<a[^>]*class="citation-backlink".*?</a>', "", entry, flags=re.S)
            assert squash(strip_tags(entry)) in book.text, (
                f"{chapter.path}: {strip_tags(entry)[:80]!r}"
            )
            count += 1
    assert count, "no references found in the site"


def test_every_doi_is_a_live_link(book: Book) -> None:
    links = uris(book.reader)
    dois = {
        html.unescape(doi)
        for chapter in book.chapters
        for doi in re.findall(r'<a class="doi" href="([^"]+)"', chapter.html)
    }
    assert dois, "no DOI links in the site"
    assert dois <= links, sorted(dois - links)[:5]


def test_one_numbered_vector_figure_per_fence_with_a_live_link(book: Book) -> None:
    expected = [f for chapter in book.chapters for f in Figure.all_in(chapter, book.site_url)]
    assert expected, "no figures in the site"
    assert book.built.figures == len(expected)
    links = uris(book.reader)
    for number, figure in enumerate(expected, start=1):
        label = f"Figure {number}."
        pages = [i for i, text in enumerate(book.pages_text) if label in text]
        assert pages, f"{label} ({figure.chapter.path}#{figure.id}) is not in the PDF"
        page = book.pages_text[pages[0]]
        # vector: the SVG's own text is real text on the figure's page, and nothing is raster
        assert squash(figure.label) in squash(page), f"{label}: {figure.label!r} is not text"
        drawn = raster_images(book.reader.pages[pages[0]].get("/Resources"))
        assert not drawn, f"{label}: page {pages[0] + 1} has an image: {drawn}"
        assert figure.link in links, f"{label}: no link to {figure.link}"
        assert figure.link.startswith(f"{book.site_url}{figure.chapter.path}")
        assert figure.link.endswith(f"#{figure.id}")
    assert f"Figure {len(expected) + 1}." not in "".join(book.pages_text)


def test_the_outline_has_an_entry_per_chapter_at_its_first_page(book: Book) -> None:
    reader = book.reader
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    assert titles == ["Contents", *[c.title for c in book.chapters]]
    for item in top[1:]:
        page = reader.get_destination_page_number(item)
        assert squash(item.title) in squash(book.pages_text[page]), item.title
    assert reader.trailer["/Root"].get("/PageMode") == "/UseOutlines"


def test_the_contents_give_each_chapter_its_printed_page_number(book: Book) -> None:
    chapters = [i for i in book.reader.outline if not isinstance(i, list) and i.title != "Contents"]
    titles = {c.title for c in chapters}
    listed: list[tuple[str, str]] = []
    for number in range(2, 8):  # the contents, a page at a time: set large, they take several
        contents = subprocess.run(  # in layout mode: a title and its number on a line
            [
                _poppler("pdftotext"),
                "-layout",
                "-f",
                str(number),
                "-l",
                str(number),
                str(book.path),
                "-",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        entries = re.findall(r"^([ \t]*)(\S.*?)[ .]*?(\d+)[ \t]*$", contents, re.M)
        indents = [len(indent) for indent, title, _ in entries if title in titles]
        if not indents:
            break
        # chapter entries: the least indent on the page; their sections: deeper
        listed += [(t, n) for indent, t, n in entries if len(indent) == min(indents)]
    assert [title for title, _ in listed] == [c.title for c in chapters]
    for (title, printed), item in zip(listed, chapters, strict=True):
        number = book.reader.get_destination_page_number(item) + 1
        assert int(printed) == number, title
        # that page shows the number in its footer, and the chapter's title as its header
        page = book.pages_text[number - 1]
        assert re.search(rf"(^|\n){number}\s*(\n|$)", page), number
        assert page.lstrip().startswith(title), title


def _target(reader: PdfReader, annot: DictionaryObject) -> Any:
    if "/Dest" in annot:
        return annot["/Dest"]
    action = annot.get("/A")
    if action is not None and action.get("/S") == "/GoTo":
        return action["/D"]
    return None


def test_internal_links_resolve(book: Book) -> None:
    reader = book.reader
    names = reader.named_destinations
    internal = 0
    for page, annot in annotations(reader):
        target = _target(reader, annot)
        if target is None:
            continue
        internal += 1
        if isinstance(target, ArrayObject):
            number = reader.get_destination_page_number(target)  # type: ignore[arg-type]
        else:
            name = str(target)
            assert name in names or f"/{name}" in names, f"page {page + 1}: no destination {name!r}"
            number = reader.get_destination_page_number(names.get(name) or names[f"/{name}"])
        assert 0 <= number < len(reader.pages)
    # the contents, citations and back-links, cross-references between chapters
    assert internal > 100, internal


def test_every_font_is_embedded(book: Book) -> None:
    listing = subprocess.run(
        [_poppler("pdffonts"), str(book.path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing, "no fonts"
    for line in listing:
        assert re.search(r"\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line), line
        assert "Type 3" not in line, line


def test_the_metadata_names_the_guide(book: Book) -> None:
    info = book.reader.metadata
    assert info is not None
    assert info.title
    assert "Neurotransmitter Imbalance" in info.title


def test_a_request_outside_the_site_stops_the_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<!doctype html><html><head><title>T</title></head><body>"
        '<nav class="md-nav md-nav--primary"><a href="." class="md-nav__link">Home</a></nav>'
        '<article class="md-content__inner"><h1>T</h1>'
        '<img alt="" src="https://example.org/tracker.png"></article></body></html>'
    )
    with pytest.raises(pdf.PdfError, match=r"refused: https://example\.org/tracker\.png"):
        off_the_event_loop(pdf.build, site, tmp_path / "out.pdf", log=lambda message: None)


def test_each_figure_prints_its_claims_with_their_verdict(book: Book) -> None:
    """Under each figure, "In this model" and its claims as proved at the printed state."""
    raw = "".join(book.pages_text)
    assert raw.count("In this model") >= 17
    assert "The mean level in the cleft is more than 1.5 times that of healthy." in raw
    assert raw.count("✓ holds") >= 30
    assert "does not hold" not in raw  # the printed state is each figure's default


def test_raster_images_finds_an_image_drawn_directly_or_inside_a_form() -> None:
    """The vector check above can fail: an image XObject, direct or in a form, is found."""
    from pypdf.generic import NameObject, StreamObject

    def xobject(subtype: str, **more: Any) -> StreamObject:
        stream = StreamObject()
        stream[NameObject("/Subtype")] = NameObject(subtype)
        for key, value in more.items():
            stream[NameObject(f"/{key}")] = value
        return stream

    def resources(**xobjects: Any) -> DictionaryObject:
        table = DictionaryObject({NameObject(f"/{k}"): v for k, v in xobjects.items()})
        return DictionaryObject({NameObject("/XObject"): table})

    assert raster_images(resources(Im0=xobject("/Image"))) == ["/Im0"]
    form = xobject("/Form", Resources=resources(Im1=xobject("/Image")))
    assert raster_images(resources(Fm0=form)) == ["/Im1"]
    assert raster_images(resources(Fm0=xobject("/Form"))) == []
    assert raster_images(None) == []
