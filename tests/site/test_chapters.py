"""Chapters open with the question they answer (issue 29, reader review findings 20, 21 and 25).

On the built site, every chapter's article starts, right after its title, with an "In short" box:
the question, then three takeaways. What the source article got wrong is in collapsible
"Correction to the original article" boxes, closed by default, so a reader who never saw the
article is not asked to follow an argument about it; the About page still gathers them. "Edit
this page" comes after the article, not before its title (the first tab stop in the page body).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from tests.support import ROOT

#: pages that are not chapters: the home page, the reference pages and the About page
NOT_CHAPTERS = {"index.md", "about.md", "glossary.md", "references.md"}
CHAPTERS = sorted(p.name for p in (ROOT / "docs").glob("*.md") if p.name not in NOT_CHAPTERS)
CORRECTION = "Correction to the original article"
#: a sentence about the source article ("The article says…", "the source article's…")
ABOUT_ARTICLE = re.compile(r"\b(the|its|source|original) article\b", re.I)


def article(site: Path, name: str) -> html.HtmlElement:
    """The built page's article element, for the Markdown file `name`."""
    stem = name.removesuffix(".md")
    page = site / ("index.html" if stem == "index" else f"{stem}/index.html")
    tree = html.fromstring(page.read_text(encoding="utf-8"))
    found = tree.xpath('//article[contains(@class, "md-content__inner")]')
    assert found, f"{name}: no article"
    return found[0]


def text(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_the_chapters_are_found() -> None:
    assert {"cycle.md", "mental-health.md", "methods.md", "conclusion.md"} <= set(CHAPTERS)


@pytest.mark.parametrize("name", CHAPTERS)
def test_a_chapter_opens_with_its_question_and_three_takeaways(site_dir: Path, name: str) -> None:
    children = [c for c in article(site_dir, name) if isinstance(c.tag, str)]
    tags = [c.tag for c in children]
    assert "h1" in tags, name
    after = children[tags.index("h1") + 1]
    classes = after.get("class", "").split()
    assert after.tag == "div", (name, after.tag)
    assert {"admonition", "abstract"} <= set(classes), (name, classes)
    title = after.xpath('./p[contains(@class, "admonition-title")]')
    assert title, name
    assert text(title[0]) == "In short", name
    question = after.xpath('./p[not(contains(@class, "admonition-title"))]')
    assert question, name
    assert text(question[0]).startswith("The question:"), name
    assert text(question[0]).endswith("?"), name
    items = after.xpath("./ul/li")
    assert len(items) == 3, (name, len(items))
    for item in items:
        assert len(text(item)) > 40, (name, text(item))


@pytest.mark.parametrize("name", CHAPTERS)
def test_the_source_article_is_discussed_only_in_correction_boxes(
    site_dir: Path, name: str
) -> None:
    page = article(site_dir, name)
    for details in page.xpath('.//details[contains(@class, "note")]'):
        assert details.get("open") is None, (name, "a correction box is open by default")
        summary = details.xpath("./summary")
        assert summary, name
        assert text(summary[0]) == CORRECTION, name
    for block in page.xpath(".//p | .//li"):
        if block.xpath("ancestor::details"):
            continue
        assert not ABOUT_ARTICLE.search(text(block)), (name, text(block)[:160])


def test_the_about_page_gathers_the_corrections(site_dir: Path) -> None:
    page = article(site_dir, "about.md")
    heading = page.xpath('.//h2[@id="corrections-to-the-source-article"]')
    assert heading, "about: no corrections heading"
    corrections = heading[0].getnext()
    assert corrections.tag == "ol"
    assert len(corrections.xpath("./li")) >= 15
    boxes = sum(
        len(article(site_dir, n).xpath(f'.//details/summary[normalize-space()="{CORRECTION}"]'))
        for n in CHAPTERS
    )
    assert boxes >= 12, boxes


@pytest.mark.parametrize("name", ["index.md", "cycle.md", "about.md"])
def test_edit_this_page_comes_after_the_article(site_dir: Path, name: str) -> None:
    page = article(site_dir, name)
    assert not page.xpath('.//*[contains(@class, "md-content__button")]'), name
    links = page.xpath(".//a[@href]")
    edit = [a for a in links if a.get("rel") == "edit"]
    assert len(edit) == 1, name
    assert text(edit[0]) == "Edit this page on GitHub"
    # after every heading and paragraph of the article: not the body's first tab stop
    last_heading = page.xpath(".//h1 | .//h2")[-1]
    assert edit[0].getparent().getprevious() is not None
    assert list(page.iter()).index(edit[0]) > list(page.iter()).index(last_heading), name


def test_effect_sizes_are_drawn_with_text_alternatives(site_dir: Path) -> None:
    page = article(site_dir, "mental-health.md")
    figures = page.xpath('.//figure[contains(@class, "effect-figure")]')
    assert len(figures) == 2
    for figure in figures:
        svg = figure.xpath("./*[local-name()='svg']")
        assert svg, figure.get("id")
        assert svg[0].get("role") == "img", figure.get("id")
        assert len(svg[0].get("aria-label", "")) > 40
        caption = figure.xpath("./figcaption")
        assert caption
        assert figure.get("aria-labelledby") == caption[0].get("id")
    labels = " ".join(f.xpath("./*[local-name()='svg']")[0].get("aria-label") for f in figures)
    assert "covers 2 of its 52 points" in labels
    assert "Tricyclics: 1 in 4; SNRIs: 1 in 6" in labels
