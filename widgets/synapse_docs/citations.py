"""Numbered citations from a BibTeX file: `[@key]`, `[@a; @b]`, `[@key, p. 12]`.

A Python-Markdown extension. Each page numbers its citations in order of first appearance and
gets its own reference list (appended at the end, or where a line `[[references]]` stands); a
line `[[bibliography]]` lists every entry of the `.bib` sorted by author and year. Entries are
formatted by citeproc-py with a CSL style (a vendored NLM/Vancouver style by default); `note`
fields are never rendered and a DOI becomes a `https://doi.org/...` link only when the entry has
a `doi` field.

Errors stop the build: an unknown key names the page and line (via `synapse_docs.context`), a
malformed entry names the `.bib` file, the line and the key.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import xml.etree.ElementTree as etree  # noqa: N813 - Python-Markdown's own spelling
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source import Name
from citeproc.source.bibtex import BibTeX
from citeproc.source.bibtex.bibparse import BibTeXEntry, BibTeXParser
from citeproc.string import MixedString, String
from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from . import context

__all__ = [
    "CitationError",
    "CitationsExtension",
    "cited_keys",
    "makeExtension",
    "reset_cited",
    "uncited_keys",
]

DEFAULT_BIBFILE = "docs/references.bib"
DEFAULT_CSL = str(Path(__file__).with_name("csl") / "elsevier-vancouver.csl")

KEY = r"[A-Za-z0-9_:-]+"
_ITEM = rf"@(?P<key>{KEY})(?:\s*,\s*(?P<locator>[^;\]]+?))?\s*"
_ITEM_RE = re.compile(_ITEM)
#: `[@a]`, `[@a; @b]`, `[@a, p. 12]`; not `[@a](url)` (a link) nor `[@a][ref]`
CITATION_RE = rf"\[\s*(?P<items>@{KEY}[^\]]*)\](?![(\[])"
MARKER_RE = re.compile(r"^[ ]{0,3}\[\[(references|bibliography)\]\][ \t]*$", re.MULTILINE)
_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
#: fields that never reach citeproc: `note` holds internal remarks; `doi` is linked by us
_DROPPED_FIELDS = {"note", "doi"}
#: characters citeproc-py leaves unescaped in HTML output; swapped for private-use stand-ins
_ESCAPES = {"&": ("\ue000", "&amp;"), "<": ("\ue001", "&lt;"), ">": ("\ue002", "&gt;")}
BACKLINK = "\u21a9\ufe0e"  # ↩, text presentation (no emoji)


class CitationError(context.BuildError):
    """A citation or bibliography problem that stops the build."""


# --------------------------------------------------------------------------------------------
# Bibliography: parse the .bib once per build, format every entry once


@dataclass(frozen=True)
class Entry:
    """One formatted bibliography entry."""

    key: str
    html: str  # citeproc's HTML (no number, no DOI, no note)
    text: str  # the same as plain text, with the DOI link, for tooltips
    doi: str | None
    line: int
    sort_key: tuple[str, int, str]


@dataclass(frozen=True)
class Library:
    """All entries of a `.bib` file, in file order."""

    path: str
    entries: dict[str, Entry]


@dataclass(frozen=True)
class _Chunk:
    kind: str  # entry type, lower case
    key: str
    line: int
    body: str


_CACHE: dict[tuple[str, str], tuple[tuple[int, ...], Library]] = {}


def _read(path: Path, shown: str, what: str) -> tuple[str, tuple[int, int]]:
    try:
        stat = path.stat()
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CitationError(f"{shown}: {what} not found") from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise CitationError(f"{shown}:{line}: not valid UTF-8 ({exc.reason})") from None
    return text, (stat.st_mtime_ns, stat.st_size)


def load_library(bibfile: str, csl: str = DEFAULT_CSL) -> Library:
    """Return the formatted entries of `bibfile`, parsed once per file version (path + mtime)."""
    bib_path, csl_path = Path(bibfile), Path(csl)
    cache_key = (str(bib_path.resolve()), str(csl_path.resolve()))
    text, bib_stamp = _read(bib_path, bibfile, "bibliography file")
    try:
        csl_stat = csl_path.stat()
    except FileNotFoundError:
        raise CitationError(f"{csl}: CSL style file not found") from None
    stamp = (*bib_stamp, csl_stat.st_mtime_ns, csl_stat.st_size)
    cached = _CACHE.get(cache_key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    library = _build_library(text, bibfile, csl)
    _CACHE[cache_key] = (stamp, library)
    return library


def _scan(text: str, shown: str) -> list[_Chunk]:
    """Split BibTeX text into entries, checking that each one is closed and keys are unique."""
    chunks: list[_Chunk] = []
    seen: dict[str, int] = {}
    head = re.compile(r"@[ \t]*([A-Za-z]+)\s*([{(])")
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "%":  # a comment line outside entries
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if char != "@":
            i += 1
            continue
        match = head.match(text, i)
        line = text.count("\n", 0, i) + 1
        if match is None:
            raise CitationError(
                f"{shown}:{line}: malformed BibTeX entry: expected '@type{{key, ...}}'"
            )
        kind, opener = match.group(1).lower(), match.group(2)
        if kind == "comment":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        key = ""
        if kind not in ("string", "preamble"):
            key_match = re.compile(r"\s*([^,\s{}()]*)\s*,").match(text, match.end())
            if key_match is None or not key_match.group(1):
                raise CitationError(
                    f"{shown}:{line}: malformed BibTeX entry: no key (expected '@{kind}{{key, ...')"
                )
            key = key_match.group(1).lower()
        depth, j = 0, match.end()
        closer = "}" if opener == "{" else ")"
        while j < n:
            c = text[j]
            if c == "{":
                depth += 1
            elif c == "}" and depth > 0:
                depth -= 1
            elif c == closer and depth == 0:
                break
            j += 1
        else:
            what = f"entry '{key}'" if key else f"'@{kind}'"
            raise CitationError(
                f"{shown}:{line}: malformed BibTeX {what}: not closed (unbalanced braces)"
            )
        if key and key in seen:
            raise CitationError(
                f"{shown}:{line}: duplicate BibTeX key '{key}' (first defined at line {seen[key]})"
            )
        if key:
            seen[key] = line
        chunks.append(_Chunk(kind, key, line, text[i : j + 1]))
        i = j + 1
    return chunks


class _TruncatedError(Exception):
    """The parser read past the end of an entry."""


class _GuardedText(io.StringIO):
    """Text for citeproc's BibTeX parser, which loops forever on some truncated entries."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._eof_reads = 0

    def read(self, size: int | None = -1) -> str:
        data = super().read(size)
        if not data and size != 0:
            self._eof_reads += 1
            if self._eof_reads > 1:  # the first one ends the file normally
                raise _TruncatedError("unexpected end of entry")
        return data


def _escape_value(value: Any) -> Any:
    """Replace &, <, > by stand-ins (citeproc-py does not escape field text in HTML)."""
    if isinstance(value, MixedString):
        return MixedString([_escape_value(part) for part in value])
    if isinstance(value, str):
        escaped = value
        for char, (stand_in, _) in _ESCAPES.items():
            escaped = escaped.replace(char, stand_in)
        return type(value)(escaped) if isinstance(value, String) else escaped
    if isinstance(value, list):
        return [_escape_value(item) for item in value]
    if isinstance(value, Name):
        return Name(**{part: _escape_value(text) for part, text in value.items()})
    return value


def _unescape(text: str, *, html: bool) -> str:
    for char, (stand_in, entity) in _ESCAPES.items():
        text = text.replace(stand_in, entity if html else char)
    return text


class _Source(BibTeX):  # type: ignore[misc]
    """citeproc's BibTeX source, fed with entries we parsed and checked one by one."""

    def __init__(self) -> None:  # BibTeX.__init__ would parse a file itself
        dict.__init__(self)
        self.preamble_macros: dict[str, Any] = {}

    def create_reference(self, key: str, bibtex_entry: BibTeXEntry) -> Any:
        kept = {
            name: value
            for name, value in bibtex_entry.items()
            if name not in _DROPPED_FIELDS and (name in self.fields or name in ("year", "month"))
        }
        reference = super().create_reference(key, BibTeXEntry(bibtex_entry.document_type, kept))
        for name in ("author", "editor"):
            names = reference.get(name)
            # BibTeX's "and others" means "et al."; citeproc-py would print "others"
            if names and names[-1].get("family") == "others" and "given" not in names[-1]:
                names[-1] = Name(literal="et al.")
        for name, value in list(reference.items()):
            if name not in ("key", "type"):
                reference[name] = _escape_value(value)
        return reference


def _reason(exc: Exception) -> str:
    """Explain a failure of citeproc's BibTeX parser (its assertions carry no message)."""
    if isinstance(exc, AssertionError):
        return "expected ',' between fields or '}' at the end of the entry"
    if isinstance(exc, _TruncatedError):
        return "the entry ends too early (a field without '= value'?)"
    if isinstance(exc, KeyError):
        return f"undefined @string macro {exc}"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _doi(entry: BibTeXEntry, shown: str, chunk: _Chunk) -> str | None:
    raw = entry.get("doi")
    if raw is None:
        return None
    doi = str(raw).strip()
    if not _DOI_RE.fullmatch(doi):
        raise CitationError(
            f"{shown}:{chunk.line}: malformed BibTeX entry '{chunk.key}': "
            f"doi must look like '10.1234/abc' (got {doi!r})"
        )
    return doi


def _load_style(csl: str) -> CitationStylesStyle:
    try:
        style = CitationStylesStyle(csl, validate=False)
    except Exception as exc:
        raise CitationError(f"{csl}: cannot load the CSL style ({exc})") from exc
    if style.root.bibliography is None:
        raise CitationError(f"{csl}: the CSL style has no bibliography")
    # The reference list is an <ol>: the browser numbers it, so drop the style's own number.
    for element in list(style.root.bibliography.iter("{*}text")):
        if element.get("variable") == "citation-number":
            element.getparent().remove(element)
    return style


def _sort_key(reference: Any, key: str) -> tuple[str, int, str]:
    def fold(text: Any) -> str:
        plain = unicodedata.normalize("NFKD", _unescape(str(text), html=False))
        return "".join(c for c in plain if not unicodedata.combining(c)).casefold()

    names = reference.get("author") or reference.get("editor") or []
    first = ""
    if names:
        name = names[0]
        first = " ".join(str(name.get(part, "")) for part in ("family", "literal", "given"))
    year = 9999
    issued = reference.get("issued")
    if issued is not None:
        try:
            year = int(issued.get("year", 9999))
        except (TypeError, ValueError):
            year = 9999
    return (fold(first or reference.get("title", key)), year, fold(reference.get("title", "")))


def _build_library(text: str, shown: str, csl: str) -> Library:
    chunks = _scan(text, shown)
    style = _load_style(csl)
    source = _Source()
    prefix = ""  # @string and @preamble definitions, visible to later entries
    parsed: list[tuple[_Chunk, BibTeXEntry]] = []
    for chunk in chunks:
        reader = _GuardedText(prefix + chunk.body)
        try:
            database = BibTeXParser(reader)
        except Exception as exc:
            offset = max(reader.tell() - len(prefix) - 1, 0)
            line = chunk.line + chunk.body.count("\n", 0, offset)
            what = f"entry '{chunk.key}'" if chunk.key else f"'@{chunk.kind}'"
            reason = _reason(exc)
            raise CitationError(f"{shown}:{line}: malformed BibTeX {what} ({reason})") from exc
        if chunk.kind in ("string", "preamble"):
            prefix += chunk.body + "\n"
            continue
        parsed.append((chunk, database[chunk.key]))

    entries: dict[str, Entry] = {}
    for chunk, bib_entry in parsed:
        where = f"{shown}:{chunk.line}: malformed BibTeX entry '{chunk.key}'"
        if bib_entry.document_type not in source.types:
            raise CitationError(f"{where}: unsupported entry type '@{bib_entry.document_type}'")
        doi = _doi(bib_entry, shown, chunk)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # citeproc warns about what it cannot use
                reference = source.create_reference(chunk.key, bib_entry)
                source.add(reference)
                html, plain = (
                    _format(style, source, chunk.key, fmt)
                    for fmt in (formatter.html, formatter.plain)
                )
        except CitationError:
            raise
        except Exception as exc:
            raise CitationError(f"{where} ({type(exc).__name__}: {exc})") from exc
        try:  # the HTML is embedded as elements: it must parse
            etree.fromstring(f"<li>{html}</li>")
        except etree.ParseError as exc:
            raise CitationError(f"{where}: formatted entry is not valid HTML ({exc})") from exc
        if doi is not None:
            plain = f"{plain} https://doi.org/{doi}"
        entries[chunk.key] = Entry(
            chunk.key, html, plain, doi, chunk.line, _sort_key(reference, chunk.key)
        )
    return Library(shown, entries)


def _format(style: CitationStylesStyle, source: _Source, key: str, fmt: Any) -> str:
    bibliography = CitationStylesBibliography(style, source, fmt)
    bibliography.register(Citation([CitationItem(key)]))
    (rendered,) = bibliography.bibliography()
    return _unescape(str(rendered).strip(), html=fmt is formatter.html)


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
