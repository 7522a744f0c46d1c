// @ts-check
// Runs on the book's blank page (page.evaluate): brings every chapter in, numbers figures,
// builds the contents and the links. See synapse_docs/pdf.py.
/**
 * @param {{chapters: {url: string, nav: string, slug: string}[], site: {url: string}}} book the pages in nav order (pdf.py)
 */
async ({ chapters, site }) => {
  const book = /** @type {HTMLElement} */ (document.querySelector("article.synapse-book")); // the blank page's
  const origin = location.origin;
  const root = new URL(chapters[0].url).pathname; // the site's root (the home page's path)
  const bySlug = new Map(chapters.map((c) => [new URL(c.url).pathname, c.slug]));
  const pathOf = (url) => url.pathname.replace(/index\.html$/, "");
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
      const caption = figure.querySelector("figcaption") ?? figure.appendChild(doc.createElement("figcaption"));
      const number = doc.createElement("span");
      number.className = "figure-number";
      number.textContent = `Figure ${figureNumber}. `;
      caption.prepend(number);
      // Printed short: the figure's address on its page (its anchor opens it in the printed
      // state, the fence's own); the link itself keeps the full permalink.
      const short = live(chapter, figure.id).replace(/^https?:\/\//, "");
      const link = doc.createElement("a");
      link.className = "figure-live";
      link.href = url;
      link.textContent = short;
      const live_ = doc.createElement("span");
      live_.className = "figure-live-line";
      live_.append("Live figure: ", link);
      caption.append(live_);
      // Interactive parts in words for paper: the cue becomes "In the live figure, try …" (its
      // address is the caption's last line); the puzzle's panel keeps its goal and prints its
      // answers, worked out by the model in pdf.py.
      const cue = figure.querySelector(".synapse-try");
      const puzzle = figure.querySelector(".synapse-puzzle");
      if (cue) {
        const said = (cue.textContent ?? "").replace(/^\s*Try:\s*/, "").trim();
        const lower = said.charAt(0).toLowerCase() + said.slice(1);
        const phrase = puzzle
          ? "change one slider at a time until the cleft holds the goal's level, and the figure says whether each change is a cause."
          : lower;
        cue.replaceChildren(doc.createElement("strong"), `, try this: ${phrase}`);
        /** @type {HTMLElement} */ (cue.firstChild).textContent = "In the live figure";
      }
      if (puzzle) {
        for (const el of puzzle.querySelectorAll('[data-role="verdict"], [data-role="found"], button')) el.remove();
        const answer = doc.createElement("p");
        answer.className = "synapse-puzzle-answer"; // filled in by pdf.py (FILL_ANSWERS)
        puzzle.append(answer);
      }
      // The key's line samples as characters: a solid line, a dashed one (the compared run), a
      // spike's tick. Drawn samples leave gaps that text extraction reads as column breaks.
      for (const swatch of figure.querySelectorAll(".synapse-legend .tc-swatch")) {
        const mark = doc.createElement("span");
        const spike = swatch.querySelector(".tc-spikes") !== null;
        mark.className = spike ? "tc-swatch-text tc-swatch-spike" : "tc-swatch-text";
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = spike ? "|" : swatch.querySelector(".tc-baseline") ? "╌╌" : "──";
        swatch.replaceWith(mark);
      }
      // The text alternative: the drawing's title and description, on the drawing itself (the
      // PDF's Figure element); the <figure> around it is a group, not a second Figure.
      const svg = figure.querySelector("svg");
      if (svg) {
        const text = (selector) => svg.querySelector(selector)?.textContent.trim() ?? "";
        const alt = [text(":scope > title"), text(":scope > desc")].filter(Boolean).join(". ");
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", alt || `Figure ${figureNumber}`);
      }
      figure.setAttribute("role", "group");
      figure.setAttribute("aria-label", `Figure ${figureNumber}`);
      // a puzzle's answers are worked out by the model in pdf.py, from the figure's spec
      const spec = puzzle ? JSON.parse(figure.getAttribute("data-spec") ?? "{}") : null;
      figures.push({
        number: figureNumber,
        id: `${chapter.slug}--${figure.id}`,
        chapter: chapter.slug,
        url,
        puzzle: spec,
      });
    }
    // an effect size's drawing is the Figure (role img, named); its <figure> is a group
    for (const el of article.querySelectorAll("figure.effect-figure")) el.setAttribute("role", "group");
    for (const el of article.querySelectorAll(
      ".headerlink, .md-content__button, .synapse-edit, .citation-backlink, .md-source-file, .md-feedback, .synapse-controls, " +
        ".synapse-player, .synapse-tools, .synapse-retry, script, noscript",
    ))
      el.remove();

    // A parameter's name in a table may break after an underscore (and only there).
    for (const code of article.querySelectorAll("table code")) {
      const parts = (code.textContent ?? "").split(/(?<=_)/);
      if (parts.length < 2) continue;
      code.replaceChildren(...parts.flatMap((part, i) => (i ? [doc.createElement("wbr"), part] : [part])));
    }

    // Collapsed boxes (corrections to the source article) are printed open: paper cannot unfold.
    for (const details of article.querySelectorAll("details")) details.setAttribute("open", "");

    // Ids get the chapter's slug; links between pages become links inside the book.
    for (const el of article.querySelectorAll("[id]")) el.id = `${chapter.slug}--${el.id}`;
    for (const el of article.querySelectorAll("[src]")) {
      el.setAttribute("src", new URL(el.getAttribute("src") ?? "", chapter.url).href);
    }
    for (const a of article.querySelectorAll("a[href]")) {
      const raw = a.getAttribute("href") ?? "";
      if (/^(mailto|tel|data):/i.test(raw)) continue;
      const url = new URL(raw, chapter.url);
      if (url.origin !== origin) continue;
      const slug = bySlug.get(pathOf(url));
      if (slug !== undefined) {
        const anchor = decodeURIComponent(url.hash.slice(1));
        a.setAttribute("href", anchor ? `#${slug}--${anchor}` : `#${slug}`);
      } else {
        // a file of the site that is not a page of the book: link to it on the site
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
      id: h.id,
      title: h.textContent.trim(),
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
  book.querySelector(".book-cover")?.after(nav);

  // The cover: the guide's drawing of a synapse (the first schematic, the home page's).
  const drawing = book.querySelector(".book-cover-drawing");
  const schematic = book.querySelector('.book-chapter .synapse-figure[data-view="schematic"] svg');
  if (drawing && schematic) {
    const copy = /** @type {Element} */ (schematic.cloneNode(true));
    for (const el of [copy, ...copy.querySelectorAll("[id]")]) el.removeAttribute("id");
    // decoration: the same drawing is Figure 1, with its text alternative and caption
    copy.removeAttribute("role");
    copy.removeAttribute("aria-label");
    copy.setAttribute("aria-hidden", "true");
    drawing.append(copy);
  }

  const style = document.createElement("style");
  style.textContent = `@media print {\n${styles.join("\n")}\n}`;
  document.head.append(style);

  // A description for every link target (the first link to it wins), for the PDF's link
  // annotations: a link inside the book by its destination's name, any other by its address.
  const links = {};
  for (const a of book.querySelectorAll("a[href]")) {
    const href = /** @type {HTMLAnchorElement} */ (a).getAttribute("href") ?? "";
    const key = href.startsWith("#") ? decodeURIComponent(href.slice(1)) : /** @type {HTMLAnchorElement} */ (a).href;
    if (key in links) continue;
    const words = (value) => (value ?? "").replace(/\s+/g, " ").trim();
    const label = words(a.getAttribute("aria-label")) || words(a.textContent);
    const title = words(a.getAttribute("title"));
    links[key] = title && title !== label ? `${label}: ${title}` : label || key;
  }
  await document.fonts.ready;
  return { toc, figures, links };
};
