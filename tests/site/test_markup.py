"""Our figure markup is valid HTML where validators catch it: the W3C Nu checker reported a
`<div>` after `<figcaption>` inside `<figure>` (a figcaption must be the figure's first or last
child). Every figure of the built site is parsed, and its caption must be its last child, named
by `aria-labelledby`, and hold the claims."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

#: elements that never have an end tag
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Figures(HTMLParser):
    """Collect each `<figure class="synapse-figure">`'s direct children and its caption's ids."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.figures: list[dict] = []
        self.depth: int | None = None  # the open figure's depth in the stack

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "figure" and "synapse-figure" in (found.get("class") or ""):
            self.figures.append({"attrs": found, "children": [], "ids": set(), "caption": ""})
            self.depth = len(self.stack)
        elif self.depth is not None:
            figure = self.figures[-1]
            if len(self.stack) == self.depth + 1:
                figure["children"].append(tag)
            if found.get("id"):
                figure["ids"].add(found["id"])
            if "figcaption" in self.stack[self.depth :] and found.get("class"):
                figure["caption"] += f" {found['class']}"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop() == tag:
                break
        if self.depth is not None and len(self.stack) == self.depth:
            self.depth = None


def test_every_figure_caption_is_the_last_child_and_names_the_figure(site_dir: Path) -> None:
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        parser = Figures()
        parser.feed(page.read_text(encoding="utf-8"))
        for figure in parser.figures:
            count += 1
            where = f"{page.relative_to(site_dir)}#{figure['attrs'].get('id')}"
            children = figure["children"]
            assert children.count("figcaption") == 1, where
            assert children[-1] == "figcaption", (where, children)
            assert figure["attrs"].get("aria-labelledby") in figure["ids"], where
            assert "synapse-claims" in figure["caption"], where
    assert count >= 17
