"""Print the built site as one PDF: cover, contents with page numbers, chapters, bookmarks.

Run after `mkdocs build`::

    python -m synapse_docs.pdf --site site --out site/pdf/neurotransmitter-imbalance.pdf

Headless Chromium prints it (driven by Playwright): the math is MathML, which Chromium draws and
WeasyPrint does not. The site is served on 127.0.0.1 and every other request is refused, so the
build makes no network request. In the browser, one "book" document is assembled from every page
in the navigation: ids are prefixed with the chapter's slug and links between pages become links
inside the PDF; each figure (its build-time SVG, printed as vectors) gets a number and a link that
opens the same figure, in the same state, on the site. Chromium supplies page numbers and the
running chapter title through CSS `@page` margin boxes and one named page per chapter; it has no
`target-counter()`, so the contents get their page numbers from a first print (where each
chapter's named destination landed), and the book is printed again with the numbers filled in.
pypdf then adds the bookmarks and metadata.

The PDF is tagged for assistive technology: Chromium writes the structure tree (headings, lists,
tables, links, figures with their text alternative, in reading order) from the page's accessibility
tree, and the document language and title from the page. Chromium leaves the running headers and
page numbers (CSS margin boxes) outside the tree; `_finish` marks them as artifacts, gives every
link annotation a description, and adds an XMP packet with the title and language.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .host import launch_options, serve

#: where the PDF lives in the built site (the home page and the header link to it)
PDF_PATH = "pdf/neurotransmitter-imbalance.pdf"
#: the print stylesheet, published by the hook with every file in `static/`
PRINT_CSS = "assets/synapse/print.css"
#: prints of the book before giving up on stable contents page numbers (two are enough in practice)
MAX_PASSES = 4
#: hosts that no printed link may name: a reader's machine is not the one that built the book
LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]")
#: slider positions tried per control when the book works out a puzzle's answers
PUZZLE_STEPS = 40


class PdfError(RuntimeError):
    """The PDF could not be built: the message says which step failed and why."""


@dataclass(frozen=True)
class Built:
    """What was built: the file, its pages and figures, and how long it took."""

    path: Path
    pages: int
    chapters: int
    figures: int
    seconds: float


# The in-page part, as files in book/ (JavaScript and CSS held to their own linters): `READ_SITE`
# runs on the home page; `ASSEMBLE` on the book's blank page.
BOOK = Path(__file__).parent / "book"


def _book_file(name: str) -> str:
    """Return a file of book/ as text (a JavaScript function or the book's CSS).

    A script file is one arrow function as an expression statement (so that Biome and tsc
    check it); Playwright's `evaluate` wants the bare function, without the statement's `;`.
    """
    text = (BOOK / name).read_text(encoding="utf-8").strip()
    return text.removesuffix(";") if name.endswith(".js") else text


READ_SITE = _book_file("read_site.js")

#: writes each puzzle's answers (worked out by `puzzle_answers`) into its printed panel
FILL_ANSWERS = """(answers) => {
  for (const [id, text] of Object.entries(answers)) {
    const found = document.querySelector(`[id="${CSS.escape(id)}"] .synapse-puzzle-answer`);
    if (found) found.textContent = text;
  }
}"""

ASSEMBLE = _book_file("assemble.js")

FILL_TOC = _book_file("fill_toc.js")

#: the book's page rules: A4, the running chapter title (set per chapter by ASSEMBLE), numbers
BOOK_CSS = _book_file("book.css")


def _slug(url: str, root: str) -> str:
    path = url[len(root) :].split("?")[0].strip("/").removesuffix("index.html").strip("/")
    return path.replace("/", "-") or "home"


def _cover(info: dict[str, Any], version: str, date: dt.date) -> str:
    from html import escape

    site = escape(info["siteUrl"])
    return (
        '<section class="book-cover">'
        "<div>"
        f'<h1 class="book-title">{escape(info["title"])}</h1>'
        f'<p class="book-subtitle">{escape(info["description"])}</p>'
        "</div>"
        # the guide's synapse, drawn in by assemble.js
        '<div class="book-cover-drawing synapse-plot"></div>'
        '<div class="book-facts">'
        f"<p>Version {escape(version)} · {date:%d %B %Y}</p>"
        f'<p>Read it online, with live figures: <a href="{site}">{site}</a></p>'
        f"<p>{escape(info['copyright'])}</p>"
        f"<p>{escape(info['author'])}</p>"
        "</div>"
        "</section>"
    )


def puzzle_answers(data: dict[str, Any]) -> str:
    """Return a puzzle figure's answers for paper, worked out by the model.

    A reader of the printed book cannot move the sliders: each control is tried alone over its
    range (`PUZZLE_STEPS` positions), and the value that the figure's own check accepts, nearest
    the target, is named; the controls that cannot reach it are named too.
    """
    from synapse_figures import figure
    from synapse_figures.spec import parse_spec
    from transmitter_cycle import parameters

    spec = parse_spec(data)
    assert spec.puzzle is not None
    target = spec.puzzle[0]
    params = parameters(spec.transmitter, spec.scenario)
    found, missed = [], []
    for name in spec.controls:
        p = params[name]
        best: tuple[float, float, str] | None = None
        for i in range(PUZZLE_STEPS + 1):
            value = p.minimum + (p.maximum - p.minimum) * i / PUZZLE_STEPS
            check = figure.render(spec, {name: value}, claims=False, csv=False).puzzle or {}
            if check.get("accepted") and (
                best is None or abs(check["ratio"] - target) < abs(best[1] - target)
            ):
                best = (value, check["ratio"], check["cause"])
        if best is None:
            missed.append(p.label)
            continue
        value, ratio, cause = best
        shown = f"{value * 100:.3g} %" if p.unit == "" else f"{value:.3g} {p.unit}".strip()
        found.append(f"{p.label} at {shown} ({cause}: {ratio:.2g}×)")
    text = f"Answers worked out by the model for this book: {'; '.join(found) or 'none'}."
    if missed:
        text += f" {' and '.join(missed)} cannot do it on their own."
    return text


def local_links(data: bytes) -> list[str]:
    """Return the links of a PDF (link annotations, metadata) that name this machine."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    found = []
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                found.append(str(action.get_object()["/URI"]))
    if reader.metadata is not None:
        found += [str(v) for v in reader.metadata.values()]
    hosts = re.compile(
        r"\b(?:[a-z][a-z0-9+.-]*://)?(?:{})(?=[:/\s]|$)".format(
            "|".join(map(re.escape, LOCAL_HOSTS))
        ),
        re.I,
    )
    return sorted({link for link in found if hosts.search(link)})


def _book_html(info: dict[str, Any], cover: str, base: str) -> str:
    from html import escape

    sheets = list(info["stylesheets"])
    if not any(s.endswith(PRINT_CSS) for s in sheets):
        sheets.append(base + PRINT_CSS)
    links = "".join(f'<link rel="stylesheet" href="{escape(s)}">' for s in sheets)
    body = dict(info["body"])
    body["data-md-color-scheme"] = "default"  # the light theme, whatever the reader prefers
    attrs = "".join(f' {escape(k)}="{escape(v)}"' for k, v in body.items())
    return (
        '<!doctype html><html lang="en" class="no-js"><head><meta charset="utf-8">'
        f"<title>{escape(info['title'])}</title>{links}<style>{BOOK_CSS}</style></head>"
        f'<body{attrs}><div class="md-container"><main class="md-main">'
        '<div class="md-main__inner md-grid"><div class="md-content">'
        f'<article class="md-content__inner md-typeset synapse-book">{cover}</article>'
        "</div></div></main></div></body></html>"
    )


def _destinations(data: bytes) -> dict[str, int]:
    """Return the page index of every named destination in a PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    found = {}
    for name, dest in reader.named_destinations.items():
        page = reader.get_destination_page_number(dest)
        if page is not None:
            found[str(name).lstrip("/")] = page
    return found


#: path-building operators and the operators that end a path (paint it or make it a clip)
_PATH_BUILD = {b"m", b"l", b"c", b"v", b"y", b"h", b"re", b"W", b"W*"}
_PATH_END = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"}
#: a content-stream token: literal string (no nested parentheses), dict brackets, hex string,
#: array brackets, name, or a number or operator
_TOKEN = re.compile(
    rb"\((?:\\.|[^\\()])*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>{}%]*|[^\s/\[\]()<>{}%]+"
)
_OPERAND = re.compile(rb"[-+.0-9]|\(|<|\[|\]|/|true$|false$|null$")


def _operations(data: bytes) -> list[tuple[int, int, bytes]] | None:
    """Split a content stream into operations: (start, end, operator) byte spans.

    Returns None for a stream this small reader does not handle (inline images, nested
    parentheses in a string); Skia, Chromium's PDF backend, writes neither.
    """
    if b"BI" in data.split() or data.count(b"(") != len(re.findall(rb"\((?:\\.|[^\\()])*\)", data)):
        return None
    operations = []
    first = None
    for token in _TOKEN.finditer(data):
        text = token.group()
        if _OPERAND.match(text) or text in (b"<<", b">>"):
            if first is None:
                first = token.start()
            continue
        operations.append((token.start() if first is None else first, token.end(), text))
        first = None
    return operations


def _artifacts(data: bytes) -> tuple[bytes, int]:
    """Wrap the page content that is outside every marked-content sequence as an artifact.

    Chromium tags the document's content but not the CSS margin boxes (running title, page
    number) nor some decoration (admonition icons, backgrounds); PDF/UA wants every mark on a
    page either in the structure tree or an artifact. Only whole text objects (marked as
    pagination artifacts), XObjects, shadings and painted paths found at nesting depth 0 are
    wrapped, so no marked-content sequence crosses a text object. Returns the new stream and how
    many runs were wrapped (0, and the stream unchanged, if it could not be read).
    """
    operations = _operations(data)
    if operations is None:
        return data, 0
    inserts: list[tuple[int, bytes]] = []

    def wrap(first: int, last: int, *, pagination: bool = False) -> None:
        opening = b"/Artifact <</Type /Pagination>> BDC\n" if pagination else b"/Artifact BMC\n"
        inserts.append((operations[first][0], opening))
        inserts.append((operations[last][1], b"\nEMC"))

    depth = 0
    i = 0
    n = len(operations)
    while i < n:
        op = operations[i][2]
        if op in (b"BDC", b"BMC"):
            depth += 1
        elif op == b"EMC":
            depth -= 1
        elif depth == 0 and op == b"BT":
            end = next((j for j in range(i, n) if operations[j][2] == b"ET"), n - 1)
            if not any(o[2] in (b"BDC", b"BMC", b"EMC") for o in operations[i : end + 1]):
                wrap(i, end, pagination=True)
                i = end + 1
                continue
        elif depth == 0 and op in (b"Do", b"sh"):
            wrap(i, i)
        elif depth == 0 and op in _PATH_BUILD:
            end = i
            while end < n and operations[end][2] in _PATH_BUILD:
                end += 1
            if end < n and operations[end][2] in _PATH_END:
                wrap(i, end)
                i = end + 1
                continue
        i += 1
    if not inserts:
        return data, 0
    out = []
    position = 0
    for at, text in inserts:
        out += [data[position:at], text]
        position = at
    out.append(data[position:])
    return b"".join(out), len(inserts) // 2


def _structure(writer: Any) -> None:
    """Bring Chromium's structure tree to the standard types of PDF 1.7 (PDF/UA-1).

    Chromium writes `Strong` and `Em` (PDF 2.0 types; role-mapped here to `Span`) and puts a list
    item's content, and any sub-list, straight into `LI`; PDF/UA-1 wants it in an `LBody` beside
    the `Lbl`. The item's children are all structure elements (no marked content), so moving them
    under a new `LBody` leaves the parent tree valid.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    tree = writer._root_object.get("/StructTreeRoot")
    if tree is None:
        return
    tree = tree.get_object()
    role_map = tree.get("/RoleMap")
    role_map = role_map.get_object() if role_map is not None else DictionaryObject()
    for custom in ("/Strong", "/Em"):
        role_map.setdefault(NameObject(custom), NameObject("/Span"))
    tree[NameObject("/RoleMap")] = role_map

    def kids(element: Any) -> list[Any]:
        k = element.get("/K")
        if k is None:
            return []
        return list(k) if isinstance(k, ArrayObject) else [k]

    stack = [tree]
    while stack:
        element = stack.pop()
        children = kids(element)
        if element.get("/S") == "/LI":
            body = [c for c in children if c.get_object().get("/S") != "/Lbl"]
            if body and all(isinstance(c.get_object(), DictionaryObject) for c in body):
                lbody = DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/StructElem"),
                        NameObject("/S"): NameObject("/LBody"),
                        NameObject("/P"): element.indirect_reference or element,
                        NameObject("/K"): ArrayObject(body),
                    }
                )
                ref = writer._add_object(lbody)
                for child in body:
                    child.get_object()[NameObject("/P")] = ref
                labels = [c for c in children if c.get_object().get("/S") == "/Lbl"]
                element[NameObject("/K")] = ArrayObject([*labels, ref])
        stack.extend(
            c.get_object()
            for c in children
            if isinstance(c.get_object(), DictionaryObject) and "/S" in c.get_object()
        )


def _xmp(info: dict[str, Any], lang: str) -> bytes:
    """Return an XMP packet with the document's title, author, subject and language."""
    from html import escape

    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(info["title"])}</rdf:li>'
        "</rdf:Alt></dc:title>"
        f"<dc:creator><rdf:Seq><rdf:li>{escape(info['author'])}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(info["description"])}'
        "</rdf:li></rdf:Alt></dc:description>"
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def _finish(
    data: bytes,
    toc: list[dict[str, Any]],
    info: dict[str, Any],
    version: str,
    *,
    links: dict[str, str] | None = None,
) -> bytes:
    """Add bookmarks, accessibility fixes and metadata; return the PDF.

    Bookmarks: a chapter each, its sections inside. Accessibility: the margin boxes marked as
    artifacts, a description (`/Contents`) on every link annotation from `links` (link target ->
    text), tab order by structure, the document language and title shown, an XMP packet.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        BooleanObject,
        ContentStream,
        DictionaryObject,
        NameObject,
        StreamObject,
        TextStringObject,
    )

    links = links or {}
    lang = info.get("lang") or "en"
    reader = PdfReader(io.BytesIO(data))
    pages = _destinations(data)
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        contents = page.get_contents()
        data, wrapped = _artifacts(contents.get_data() if contents is not None else b"")
        if wrapped:
            stream = ContentStream(None, writer)  # set_data: no parse, unlike its operations
            stream.set_data(data)
            page.replace_contents(stream)
            page.compress_content_streams()
        annots = page.get("/Annots")
        if not annots:
            continue
        page[NameObject("/Tabs")] = NameObject("/S")
        for ref in annots:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link" or annot.get("/Contents"):
                continue
            action = annot.get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                target = str(action.get_object()["/URI"])
                text = links.get(target) or f"Link to {target}"
            else:
                target = str(annot.get("/Dest", "")).lstrip("/")
                text = links.get(target) or "Link within this book"
            annot[NameObject("/Contents")] = TextStringObject(text)
    _structure(writer)
    writer.add_outline_item(title="Contents", page_number=1)
    for chapter in toc:
        parent = writer.add_outline_item(title=chapter["title"], page_number=pages[chapter["slug"]])
        for section in chapter["sections"]:
            if section["id"] in pages:
                writer.add_outline_item(
                    title=section["title"], page_number=pages[section["id"]], parent=parent
                )
    writer.page_mode = "/UseOutlines"
    writer.add_metadata(
        {
            "/Title": info["title"],
            "/Author": info["author"],
            "/Subject": info["description"],
            "/Keywords": f"version {version}; {info['siteUrl']}",
        }
    )
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(lang)
    preferences = root.get("/ViewerPreferences")
    preferences = preferences.get_object() if preferences is not None else DictionaryObject()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = preferences
    mark_info = root.get("/MarkInfo")
    mark_info = mark_info.get_object() if mark_info is not None else DictionaryObject()
    mark_info[NameObject("/Marked")] = BooleanObject(True)
    root[NameObject("/MarkInfo")] = mark_info
    metadata = StreamObject()
    metadata.set_data(_xmp(info, lang))
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    root[NameObject("/Metadata")] = writer._add_object(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build(site: Path, out: Path, *, date: dt.date | None = None, log: Any = print) -> Built:
    """Print the built site in `site` to the PDF `out`.

    Raises:
        PdfError: the site is not built, a page could not be read, a request tried to leave
            the site, or the contents' page numbers did not settle.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import Route, sync_playwright

    started = time.perf_counter()
    site = Path(site).resolve()
    if not (site / "index.html").is_file():
        raise PdfError(f"{site}: no index.html: build the site first (mkdocs build)")
    try:
        version = metadata.version("transmitter-cycle")
    except metadata.PackageNotFoundError:
        version = "unreleased"
    if date is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        date = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()

    refused: list[str] = []
    with serve(site, headers=False) as host, sync_playwright() as playwright:
        base = host.url
        book_url = base + "__book__.html"

        def guard(route: Route) -> None:
            url = route.request.url
            if url.startswith(base):
                route.continue_()
            else:  # the site should have no external resources: refuse and report
                refused.append(url)
                route.abort("blockedbyclient")

        browser = playwright.chromium.launch(**launch_options())
        try:
            context = browser.new_context(
                color_scheme="light", service_workers="block", java_script_enabled=True
            )
            context.route("**/*", guard)
            page = context.new_page()
            # The home page without its scripts: just the facts (nav, metadata, stylesheets).
            page.route("**/*.js", lambda route: route.abort("blockedbyclient"))
            page.goto(base, wait_until="load")
            info = page.evaluate(READ_SITE)
            page.unroute("**/*.js")
            if not info["pages"]:
                raise PdfError(f"{site}/index.html: no pages in the navigation")
            info["siteUrl"] = info["siteUrl"] or base
            if not info["siteUrl"].endswith("/"):
                info["siteUrl"] += "/"
            chapters = [
                {"url": p["url"], "nav": p["nav"], "slug": _slug(p["url"], base)}
                for p in info["pages"]
            ]
            cover = _cover(info, version, date)
            page.route(
                book_url,
                lambda route: route.fulfill(
                    status=200,
                    content_type="text/html; charset=utf-8",
                    body=_book_html(info, cover, base),
                ),
            )
            page.goto(book_url, wait_until="load")
            page.emulate_media(media="print", color_scheme="light")
            try:
                assembled = page.evaluate(
                    ASSEMBLE, {"chapters": chapters, "site": {"url": info["siteUrl"]}}
                )
            except PlaywrightError as error:
                raise PdfError(f"assembling the book failed: {error}") from None
            answers = {
                f["id"]: puzzle_answers(f["puzzle"])
                for f in assembled["figures"]
                if f.get("puzzle")
            }
            page.evaluate(FILL_ANSWERS, answers)
            targets = {c["slug"] for c in assembled["toc"]} | {
                s["id"] for c in assembled["toc"] for s in c["sections"]
            }
            numbers: dict[str, int] = {}
            data = b""
            for attempt in range(1, MAX_PASSES + 1):
                page.evaluate(FILL_TOC, numbers)
                data = page.pdf(prefer_css_page_size=True, print_background=True, tagged=True)
                found = {k: v + 1 for k, v in _destinations(data).items() if k in targets}
                missing = targets - set(found)
                if missing:
                    raise PdfError(f"no destination in the PDF for: {', '.join(sorted(missing))}")
                log(f"pdf: print {attempt}: {len(data) / 1e6:.1f} MB")
                if found == numbers:
                    break
                numbers = found
            else:
                raise PdfError(f"the contents' page numbers did not settle in {MAX_PASSES} prints")
        finally:
            browser.close()
    if refused:
        raise PdfError("requests outside the site were refused: " + ", ".join(sorted(set(refused))))
    final = _finish(data, assembled["toc"], info, version, links=assembled["links"])
    local = local_links(final)
    if local:
        raise PdfError(
            "the book links to this machine, which a reader's machine is not: "
            f"{', '.join(local)} (build the site with its public site_url, not SITE_URL=http://…)"
        )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(final)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(final)).pages)
    return Built(
        path=out,
        pages=pages,
        chapters=len(assembled["toc"]),
        figures=len(assembled["figures"]),
        seconds=time.perf_counter() - started,
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: build the PDF of a built site."""
    parser = argparse.ArgumentParser(
        prog="python -m synapse_docs.pdf", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--site", type=Path, default=Path("site"), help="the built site (default: site)"
    )
    parser.add_argument("--out", type=Path, help=f"the PDF (default: SITE/{PDF_PATH})")
    args = parser.parse_args(argv)
    out = args.out or args.site / PDF_PATH
    try:
        built = build(args.site, out)
    except PdfError as error:
        print(f"pdf: {error}", file=sys.stderr)
        return 1
    size = built.path.stat().st_size / 1e6
    print(
        f"pdf: {built.path}: {built.pages} pages, {built.chapters} chapters, "
        f"{built.figures} figures, {size:.1f} MB, {built.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
