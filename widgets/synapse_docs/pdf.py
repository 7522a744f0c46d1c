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
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import http.server
import io
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

#: where the PDF lives in the built site (the home page and the header link to it)
PDF_PATH = "pdf/neurotransmitter-imbalance.pdf"
#: the print stylesheet, published by the hook with every file in `static/`
PRINT_CSS = "assets/synapse/print.css"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--disable-sync",
)
#: prints of the book before giving up on stable contents page numbers (two are enough in practice)
MAX_PASSES = 4


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


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 on a free port; yield the base URL (ending in `/`)."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str | None:
    """Return the Chromium to launch: $PLAYWRIGHT_CHROMIUM, Debian's, or None (Playwright's)."""
    env = os.environ.get("PLAYWRIGHT_CHROMIUM")
    if env:
        return env
    return str(CHROMIUM) if CHROMIUM.is_file() else None


# The in-page part. `READ_SITE` runs on the home page; `ASSEMBLE` on the book's blank page.

READ_SITE = """
() => {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? "";
  const seen = new Set();
  const pages = [];
  for (const a of document.querySelectorAll("nav.md-nav--primary a.md-nav__link[href]")) {
    const url = new URL(a.getAttribute("href"), location.href);
    if (url.origin !== location.origin) continue;
    url.hash = "";
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    pages.push({ url: url.href, nav: a.textContent.trim() });
  }
  return {
    pages,
    title: document.querySelector(".md-header__topic .md-ellipsis")?.textContent.trim()
      || document.title,
    description: meta("description"),
    author: meta("author"),
    siteUrl: document.querySelector('link[rel="canonical"]')?.href ?? "",
    copyright: document.querySelector(".md-copyright__highlight")?.textContent.trim() ?? "",
    stylesheets: [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.href),
    body: Object.fromEntries([...document.body.attributes].map((a) => [a.name, a.value])),
  };
}
"""

ASSEMBLE = """
async ({ chapters, site }) => {
  const book = document.querySelector("article.synapse-book");
  const origin = location.origin;
  const root = new URL(chapters[0].url).pathname; // the site's root (the home page's path)
  const bySlug = new Map(chapters.map((c) => [new URL(c.url).pathname, c.slug]));
  const pathOf = (url) => url.pathname.replace(/index\\.html$/, "");
  const siteLink = (url) => `${site.url}${url.pathname.slice(root.length)}${url.search}${url.hash}`;
  const live = (chapter, id) => siteLink(new URL(`#${id}`, chapter.url));
  const styles = [];
  const figures = [];
  const toc = [];
  let figureNumber = 0;

  for (const [index, chapter] of chapters.entries()) {
    const response = await fetch(chapter.url);
    if (!response.ok) throw new Error(`${chapter.url}: HTTP ${response.status}`);
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const article = doc.querySelector("article.md-content__inner");
    if (!article) throw new Error(`${chapter.url}: no article in the page`);
    // Figures: number, caption, and the link to the same figure in the same state on the site:
    // the figure's own permalink (its build-time values), or its anchor on the page.
    for (const figure of article.querySelectorAll("figure.synapse-figure")) {
      figureNumber += 1;
      const permalink = figure.querySelector('a[data-role="permalink"]')?.getAttribute("href");
      const url = permalink ? siteLink(new URL(permalink, chapter.url)) : live(chapter, figure.id);
      const caption =
        figure.querySelector("figcaption") ?? figure.appendChild(doc.createElement("figcaption"));
      const number = doc.createElement("span");
      number.className = "figure-number";
      number.textContent = `Figure ${figureNumber}. `;
      caption.prepend(number);
      const link = doc.createElement("a");
      link.className = "figure-live";
      link.href = url;
      link.textContent = `Live figure: ${url.replace(/^https?:\\/\\//, "")}`;
      caption.append(link);
      figures.push({ number: figureNumber, id: figure.id, chapter: chapter.slug, url });
    }
    for (const el of article.querySelectorAll(
      ".headerlink, .md-content__button, .md-source-file, .md-feedback, .synapse-controls, " +
        ".synapse-player, .synapse-tools, .synapse-retry, script, noscript",
    )) el.remove();

    // Ids get the chapter's slug; links between pages become links inside the book.
    for (const el of article.querySelectorAll("[id]")) el.id = `${chapter.slug}--${el.id}`;
    for (const el of article.querySelectorAll("[src]")) {
      el.setAttribute("src", new URL(el.getAttribute("src"), chapter.url).href);
    }
    for (const a of article.querySelectorAll("a[href]")) {
      const raw = a.getAttribute("href");
      if (/^(mailto|tel|data):/i.test(raw)) continue;
      const url = new URL(raw, chapter.url);
      if (url.origin !== origin) continue;
      const slug = bySlug.get(pathOf(url));
      if (slug !== undefined) {
        const anchor = decodeURIComponent(url.hash.slice(1));
        a.setAttribute("href", anchor ? `#${slug}--${anchor}` : `#${slug}`);
      } else {  // a file of the site that is not a page of the book: link to it on the site
        a.setAttribute("href", siteLink(url));
      }
    }

    const section = document.createElement("section");
    section.className = `book-chapter book-page-${index}`;
    section.id = chapter.slug;
    section.append(...article.childNodes);
    let h1 = section.querySelector("h1");
    if (!h1) {
      h1 = document.createElement("h1");
      h1.textContent = chapter.nav;
      section.prepend(h1);
    }
    const title = h1.textContent.trim();
    const sections = [...section.querySelectorAll("h2[id]")].map((h) => ({
      id: h.id, title: h.textContent.trim(),
    }));
    toc.push({ slug: chapter.slug, title, sections });
    styles.push(
      `.synapse-book .book-page-${index} { page: book-page-${index}; }`,
      `@page book-page-${index} { @top-left { content: ${JSON.stringify(title)}; } }`,
    );
    book.append(section);
  }

  // The contents, before the first chapter: page numbers are filled in after a first print.
  const nav = document.createElement("nav");
  nav.className = "book-toc";
  nav.setAttribute("aria-label", "Contents");
  nav.innerHTML = '<p class="book-toc-title">Contents</p>';
  const entry = (target, title, cls) => {
    const li = document.createElement("li");
    li.className = cls;
    const a = document.createElement("a");
    a.href = `#${target}`;
    const text = document.createElement("span");
    text.className = "toc-title";
    text.textContent = title;
    const leader = document.createElement("span");
    leader.className = "toc-leader";
    const page = document.createElement("span");
    page.className = "toc-page";
    page.dataset.target = target;
    a.append(text, leader, page);
    li.append(a);
    return li;
  };
  const list = document.createElement("ol");
  for (const chapter of toc) {
    const li = entry(chapter.slug, chapter.title, "toc-chapter");
    if (chapter.sections.length) {
      const sub = document.createElement("ol");
      for (const s of chapter.sections) sub.append(entry(s.id, s.title, "toc-section"));
      li.append(sub);
    }
    list.append(li);
  }
  nav.append(list);
  book.querySelector(".book-cover").after(nav);

  const style = document.createElement("style");
  style.textContent = `@media print {\\n${styles.join("\\n")}\\n}`;
  document.head.append(style);
  await document.fonts.ready;
  return { toc, figures };
}
"""

FILL_TOC = """
(pages) => {
  for (const span of document.querySelectorAll(".book-toc .toc-page")) {
    span.textContent = String(pages[span.dataset.target] ?? "");
  }
}
"""

#: the book's page rules: A4, the running chapter title (set per chapter by ASSEMBLE), numbers
BOOK_CSS = """
@media print {
  @page {
    size: A4;
    margin: 18mm 16mm 18mm;
    @top-left { font: 8pt/1.2 var(--md-text-font-family, sans-serif); color: #555; }
    @bottom-center {
      content: counter(page);
      font: 8pt/1.2 var(--md-text-font-family, sans-serif);
      color: #555;
    }
  }
  @page :first { @bottom-center { content: none; } }  /* the cover */
  @page book-toc { @top-left { content: "Contents"; } }
}
"""


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
        '<div class="book-facts">'
        f"<p>Version {escape(version)} · {date:%d %B %Y}</p>"
        f'<p>Read it online, with live figures: <a href="{site}">{site}</a></p>'
        f"<p>{escape(info['copyright'])}</p>"
        f"<p>{escape(info['author'])}</p>"
        "</div>"
        "</section>"
    )


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


def _finish(data: bytes, toc: list[dict[str, Any]], info: dict[str, Any], version: str) -> bytes:
    """Add bookmarks (a chapter each, its sections inside) and metadata; return the PDF."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    pages = _destinations(data)
    writer = PdfWriter(clone_from=reader)
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
    with serve(site) as base, sync_playwright() as playwright:
        book_url = base + "__book__.html"

        def guard(route: Route) -> None:
            url = route.request.url
            if url.startswith(base):
                route.continue_()
            else:  # the site should have no external resources: refuse and report
                refused.append(url)
                route.abort("blockedbyclient")

        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=list(CHROMIUM_ARGS)
        )
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
            targets = {c["slug"] for c in assembled["toc"]} | {
                s["id"] for c in assembled["toc"] for s in c["sections"]
            }
            numbers: dict[str, int] = {}
            data = b""
            for attempt in range(1, MAX_PASSES + 1):
                page.evaluate(FILL_TOC, numbers)
                data = page.pdf(prefer_css_page_size=True, print_background=True)
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
    final = _finish(data, assembled["toc"], info, version)
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
