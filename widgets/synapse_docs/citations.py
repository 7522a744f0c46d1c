"""Numbered citations from a BibTeX file: `[@key]`, `[@a; @b]`, `[@key, p. 12]`.

A Python-Markdown extension. Each page numbers its citations in order of first appearance and
gets its own reference list (appended at the end, or where a line `[[references]]` stands); a
line `[[bibliography]]` lists every entry of the `.bib` sorted by author and year. Reading and
formatting the `.bib` is `bibliography`'s job (citeproc-py with a vendored NLM/Vancouver style).

Errors stop the build: an unknown key names the page and line (via `synapse_docs.context`), a
malformed entry names the `.bib` file, the line and the key.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree  # noqa: N813 - Python-Markdown's own spelling
from dataclasses import dataclass, field
from html import escape as html_escape
from typing import Any
from urllib.parse import quote

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from . import context
from .bibliography import (
    DEFAULT_BIBFILE,
    DEFAULT_CSL,
    CitationError,
    Entry,
    Library,
    load_library,
)

__all__ = [
    "DEFAULT_BIBFILE",
    "CitationError",
    "CitationsExtension",
    "cited_keys",
    "load_library",
    "makeExtension",
    "reset_cited",
    "uncited_keys",
]

KEY = r"[A-Za-z0-9_:-]+"
_ITEM = rf"@(?P<key>{KEY})(?:\s*,\s*(?P<locator>[^;\]]+?))?\s*"
_ITEM_RE = re.compile(_ITEM)
#: `[@a]`, `[@a; @b]`, `[@a, p. 12]`; not `[@a](url)` (a link) nor `[@a][ref]`
CITATION_RE = rf"\[\s*(?P<items>@{KEY}[^\]]*)\](?![(\[])"
MARKER_RE = re.compile(r"^[ ]{0,3}\[\[(references|bibliography)\]\][ \t]*$", re.MULTILINE)
BACKLINK = "\u21a9\ufe0e"  # ↩, text presentation (no emoji)
#: a citation in raw HTML (a figure's fence output), numbered with the page's others
PENDING_RE = re.compile(r'<span data-cite-pending="([A-Za-z0-9_:-]+)">[^<]*</span>')


# --------------------------------------------------------------------------------------------
# Keys cited over a whole build (the MkDocs hook reports the uncited ones)

_CITED: set[str] = set()


def cited_keys() -> set[str]:
    """Return the keys cited by the pages converted since the last `reset_cited()`."""
    return set(_CITED)


def reset_cited() -> None:
    """Forget the cited keys (call at the start of a build)."""
    _CITED.clear()


def uncited_keys(bibfile: str = DEFAULT_BIBFILE, csl: str = DEFAULT_CSL) -> list[str]:
    """Return the keys of `bibfile` that no page cited, in file order."""
    return [key for key in load_library(bibfile, csl).entries if key not in _CITED]


# --------------------------------------------------------------------------------------------
# Markdown


@dataclass
class _PageState:
    """Citations of the page being converted."""

    lines: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)  # key -> number, first appearance
    occurrences: dict[str, int] = field(default_factory=dict)  # key -> citations so far
    markers: int = 0


class _ResetPreprocessor(Preprocessor):
    """Start a fresh numbering for every conversion, and keep the source lines for errors."""

    def __init__(self, md: Markdown, ext: CitationsExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        self.ext.state = _PageState(lines=list(lines))
        return lines


class _MarkerProcessor(BlockProcessor):
    """A line `[[references]]` or `[[bibliography]]` becomes a placeholder element."""

    def __init__(self, parser: Any, ext: CitationsExtension) -> None:
        super().__init__(parser)
        self.ext = ext

    def test(self, parent: etree.Element, block: str) -> bool:
        return MARKER_RE.search(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = MARKER_RE.search(block)
        assert match is not None
        before, after = block[: match.start()].rstrip("\n"), block[match.end() :].lstrip("\n")
        if before:
            self.parser.parseBlocks(parent, [before])
        etree.SubElement(parent, "div", {"data-citations-marker": match.group(1)})
        if after:
            blocks.insert(0, after)


class _CitationProcessor(InlineProcessor):
    """`[@key]`, `[@a; @b]`, `[@key, p. 12]` become numbered links to the reference list."""

    def __init__(self, pattern: str, md: Markdown, ext: CitationsExtension) -> None:
        super().__init__(pattern, md)
        self.ext = ext

    def handleMatch(  # type: ignore[override]  # noqa: N802 - Python-Markdown's API
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        items = [part.strip() for part in m.group("items").split(";")]
        parsed = [_ITEM_RE.fullmatch(item) for item in items]
        if not all(parsed):  # not our syntax (e.g. "[@home; see above]"): leave the text alone
            return None, None, None
        library = self.ext.library()
        cites: list[tuple[str, str | None]] = []
        for match in parsed:
            assert match is not None
            key = match.group("key").lower()  # BibTeX keys are case-insensitive
            if key not in library.entries:
                raise CitationError(
                    f"{self.ext.where(match.group('key'))}: unknown citation key "
                    f"'{match.group('key')}' (not in {library.path})"
                )
            if all(key != seen for seen, _ in cites):
                cites.append((key, match.group("locator")))
        state = self.ext.state
        for key, _ in cites:
            state.numbers.setdefault(key, len(state.numbers) + 1)
            _CITED.add(key)
        if not any(locator for _, locator in cites):
            cites.sort(key=lambda cite: state.numbers[cite[0]])
        separator = "; " if any(locator for _, locator in cites) else ", "

        span = etree.Element("span", {"class": "citations"})
        span.text = "["
        last: etree.Element | None = None
        for key, locator in cites:
            if last is not None:
                last.tail = separator
            occurrence = state.occurrences.get(key, 0) + 1
            state.occurrences[key] = occurrence
            number = state.numbers[key]
            link = etree.SubElement(
                span,
                "a",
                {
                    "class": "citation",
                    "href": f"#ref-{key}",
                    "id": f"cite-{key}-{occurrence}",
                    "aria-label": f"Reference {number}",
                    "title": library.entries[key].text,
                },
            )
            link.text = str(number)
            last = link
            if locator:
                link.tail = f", {' '.join(locator.split())}"
        assert last is not None
        last.tail = (last.tail or "") + "]"
        return span, m.start(0), m.end(0)


class _ListTreeprocessor(Treeprocessor):
    """Write the page's reference list and the global bibliography."""

    def __init__(self, md: Markdown, ext: CitationsExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        self._stashed_citations()
        parents = {child: parent for parent in root.iter() for child in parent}
        markers = [el for el in root.iter("div") if "data-citations-marker" in el.attrib]
        state = self.ext.state
        placed = False
        for marker in markers:
            parent = parents[marker]
            index = list(parent).index(marker)
            parent.remove(marker)
            if marker.get("data-citations-marker") == "bibliography":
                new = [self._bibliography()]
            elif placed:
                raise CitationError(
                    f"{self.ext.where_text('[[references]]', last=True)}: "
                    "more than one [[references]] marker on the page"
                )
            else:
                placed = True
                new = self._references() if state.numbers else []
            for offset, element in enumerate(new):
                parent.insert(index + offset, element)
        if state.numbers and not placed:
            root.extend(self._references())

    def _stashed_citations(self) -> None:
        """Number the citations that raw HTML carries (a figure's "In the brain" line, written
        by its fence into the HTML stash as `<span data-cite-pending="key">`): after the text's
        own, in page order, with the same links and reference list (without a backlink)."""
        stash = self.md.htmlStash.rawHtmlBlocks
        if not any(isinstance(block, str) and "data-cite-pending" in block for block in stash):
            return  # nothing to number: the bibliography is not even read
        library, state = self.ext.library(), self.ext.state

        def cite(match: re.Match[str]) -> str:
            key = match.group(1).lower()
            if key not in library.entries:
                raise CitationError(
                    f"{self.ext.where(key)}: unknown citation key '{key}' in a figure "
                    f"(not in {library.path})"
                )
            number = state.numbers.setdefault(key, len(state.numbers) + 1)
            _CITED.add(key)
            # no id, so no backlink: an anchor in raw HTML is invisible to the link checks
            title = html_escape(library.entries[key].text)
            return (
                f'<span class="citations">[<a class="citation" href="#ref-{key}" '
                f'aria-label="Reference {number}" title="{title}">{number}</a>]</span>'
            )

        for index, block in enumerate(stash):
            if isinstance(block, str) and "data-cite-pending" in block:
                stash[index] = PENDING_RE.sub(cite, block)

    def _references(self) -> list[etree.Element]:
        library, state = self.ext.library(), self.ext.state
        heading = etree.Element("h2", {"id": "references"})
        heading.text = self.ext.getConfig("references_title")
        listing = etree.Element("ol", {"class": "references"})
        for key in sorted(state.numbers, key=state.numbers.__getitem__):
            item = self._entry(listing, library.entries[key], f"ref-{key}")
            count = state.occurrences.get(key, 0)
            for occurrence in range(1, count + 1):
                back = etree.SubElement(
                    item,
                    "a",
                    {
                        "class": "citation-backlink",
                        "href": f"#cite-{key}-{occurrence}",
                        "aria-label": (
                            f"Back to citation {occurrence}" if count > 1 else "Back to citation"
                        ),
                    },
                )
                back.text = BACKLINK
                if count > 1:
                    sup = etree.SubElement(back, "sup")
                    sup.text = str(occurrence)
                _append_text(item, " ", before=back)
        return [heading, listing]

    def _bibliography(self) -> etree.Element:
        library = self.ext.library()
        listing = etree.Element("ul", {"class": "bibliography"})
        for entry in sorted(library.entries.values(), key=lambda e: (e.sort_key, e.key)):
            self._entry(listing, entry, f"bib-{entry.key}")
        return listing

    @staticmethod
    def _entry(listing: etree.Element, entry: Entry, id_: str) -> etree.Element:
        item = etree.fromstring(f"<li>{entry.html}</li>")
        item.set("id", id_)
        listing.append(item)
        if entry.doi is not None:
            url = f"https://doi.org/{quote(entry.doi, safe='/:;()._-')}"
            link = etree.SubElement(item, "a", {"class": "doi", "href": url})
            link.text = url
            _append_text(item, " ", before=link)
        return item


def _append_text(parent: etree.Element, text: str, *, before: etree.Element) -> None:
    """Add `text` just before the child `before` of `parent`."""
    children = list(parent)
    index = children.index(before)
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = children[index - 1]
        previous.tail = (previous.tail or "") + text


class CitationsExtension(Extension):
    """Numbered citations, per-page reference lists and a global bibliography."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "bibfile": [DEFAULT_BIBFILE, "BibTeX file (relative to the working directory)"],
            "csl": [DEFAULT_CSL, "CSL style file (default: the vendored NLM/Vancouver style)"],
            "references_title": ["References", "Heading of each page's reference list"],
        }
        super().__init__(**kwargs)
        self.state = _PageState()

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        """Register the processors with `md`."""
        md.registerExtension(self)
        # before normalize_whitespace (30) and superfences (~28): the source as written
        md.preprocessors.register(_ResetPreprocessor(md, self), "citations_reset", 40)
        # after indented code (80), before lists and paragraphs
        md.parser.blockprocessors.register(
            _MarkerProcessor(md.parser, self), "citations_marker", 45
        )
        # after code spans (190) and escapes (180), before links and references (170, 160)
        md.inlinePatterns.register(_CitationProcessor(CITATION_RE, md, self), "citations", 175)
        # after inline (20), before attr_list (8) and toc (5): the heading gets into the ToC
        md.treeprocessors.register(_ListTreeprocessor(md, self), "citations_lists", 15)

    def reset(self) -> None:
        """Restart the numbering (`md.reset()`)."""
        self.state = _PageState()

    def library(self) -> Library:
        """Return the configured bibliography (cached per file version)."""
        return load_library(self.getConfig("bibfile"), self.getConfig("csl"))

    def where(self, key: str) -> str:
        """Return `path:line` (or `line N of the Markdown`) of the citation of `key`."""
        pattern = re.compile(rf"@{re.escape(key)}(?![A-Za-z0-9_:-])")
        md_line = next(
            (n for n, text in enumerate(self.state.lines, 1) if pattern.search(text)), None
        )
        page = context.current()
        if page is None:
            return f"line {md_line} of the Markdown" if md_line else "the Markdown"
        lines = [page.line_of(f"@{key}{end}") for end in ("]", ";", ",", " ", "\n")]
        found = [line for line in lines if line is not None]
        if found:
            return page.where(min(found))
        return page.where(md_line + page.offset if md_line else None)

    def where_text(self, fragment: str, *, last: bool = False) -> str:
        """Return `path:line` (or `line N of the Markdown`) of a literal line fragment."""
        numbers = [n for n, text in enumerate(self.state.lines, 1) if fragment in text]
        md_line = (numbers[-1] if last else numbers[0]) if numbers else None
        page = context.current()
        if page is None:
            return f"line {md_line} of the Markdown" if md_line else "the Markdown"
        return page.where(md_line + page.offset if md_line else None)


def makeExtension(**kwargs: Any) -> CitationsExtension:  # noqa: N802 - Python-Markdown's API
    """Return the extension (entry point for `markdown_extensions: - synapse_docs.citations`)."""
    return CitationsExtension(**kwargs)
