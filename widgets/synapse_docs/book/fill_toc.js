// @ts-check
// Runs on the assembled book (page.evaluate): writes the page numbers into the contents.
/** @param {Record<string, number>} pages the book's page of each contents entry */
(pages) => {
  for (const span of document.querySelectorAll(".book-toc .toc-page")) {
    span.textContent = String(pages[/** @type {HTMLElement} */ (span).dataset.target ?? ""] ?? "");
  }
};
