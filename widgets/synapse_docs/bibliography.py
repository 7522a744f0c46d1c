"""The bibliography: a BibTeX file read, checked and formatted with a CSL style (citeproc-py).

`load_library` reads the `.bib` (every entry checked: a malformed entry stops the build naming the
file, the line and the key; a `doi` must look like one) and formats each entry once, as HTML and
as text; `note` fields are never rendered, and a DOI becomes a link only when the entry has a
`doi` field. The Markdown extension that numbers and lists citations is `citations`.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import xml.etree.ElementTree as etree  # noqa: N813 - the usual spelling
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

from . import context

__all__ = ["DEFAULT_BIBFILE", "DEFAULT_CSL", "CitationError", "Entry", "Library", "load_library"]

DEFAULT_BIBFILE = "docs/references.bib"
DEFAULT_CSL = str(Path(__file__).with_name("csl") / "elsevier-vancouver.csl")

_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
#: fields that never reach citeproc: `note` holds internal remarks; `doi` is linked by us
_DROPPED_FIELDS = {"note", "doi"}
#: characters citeproc-py leaves unescaped in HTML output; swapped for private-use stand-ins
_ESCAPES = {"&": ("\ue000", "&amp;"), "<": ("\ue001", "&lt;"), ">": ("\ue002", "&gt;")}


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
