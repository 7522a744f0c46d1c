// @ts-check
// Runs on the built site's home page (Playwright's page.evaluate): the chapters in nav order
// and the site's metadata, for the PDF book. See synapse_docs/pdf.py.
() => {
  /** @param {string} name */
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute("content") ?? "";
  const seen = new Set();
  const pages = [];
  for (const a of document.querySelectorAll("nav.md-nav--primary a.md-nav__link[href]")) {
    const url = new URL(a.getAttribute("href") ?? "", location.href);
    if (url.origin !== location.origin) continue;
    url.hash = "";
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    pages.push({ url: url.href, nav: a.textContent.trim() });
  }
  return {
    pages,
    title: document.querySelector(".md-header__topic .md-ellipsis")?.textContent.trim() || document.title,
    lang: document.documentElement.lang || "en",
    description: meta("description"),
    author: meta("author"),
    siteUrl: document.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? "",
    copyright: document.querySelector(".md-copyright__highlight")?.textContent.trim() ?? "",
    stylesheets: [...document.querySelectorAll('link[rel="stylesheet"]')].map(
      (l) => /** @type {HTMLLinkElement} */ (l).href,
    ),
    body: Object.fromEntries([...document.body.attributes].map((a) => [a.name, a.value])),
  };
};
