// Runs on the assembled book (page.evaluate): writes the page numbers into the contents.
(pages) => {
  for (const span of document.querySelectorAll(".book-toc .toc-page")) {
    span.textContent = String(pages[span.dataset.target] ?? "");
  }
}
