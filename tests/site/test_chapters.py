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
    assert {"depression.md", "anxiety-adhd-pain.md", "parkinsons.md"} <= set(CHAPTERS)


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
    # the ruler is on the depression page, the icon array on the anxiety, ADHD and pain page
    figures = [
        figure
        for name in ("depression.md", "anxiety-adhd-pain.md")
        for figure in article(site_dir, name).xpath('.//figure[contains(@class, "effect-figure")]')
    ]
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


#: the longest a chapter may be, in words of prose (issue 29: "Conditions and treatments", about
#: 4,100 words with its figures' fences, became an index page and three pages)
MAX_WORDS = 2500
#: a fence's opening line: three or more backticks or tildes (```synapse, ```effect, ~~~)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def nav_chapters() -> list[str]:
    """The pages of the navigation's "Chapters" section in mkdocs.yml, in order."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml's tagged values (`!ENV`, `!!python/name:`): not needed here
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    for entry in config["nav"]:
        if isinstance(entry, dict) and "Chapters" in entry:
            return [p if isinstance(p, str) else next(iter(p.values())) for p in entry["Chapters"]]
    raise AssertionError("mkdocs.yml: no Chapters section in the nav")


def prose_words(markdown: str) -> int:
    """The words of a page's Markdown source outside its fenced blocks (```synapse and ```effect
    figures: their captions and claims are not prose), counted as whitespace-separated tokens, so
    that citation keys, link targets and admonition markers count too: a slight overcount."""
    words, closing = 0, None
    for line in markdown.splitlines():
        if closing is not None:  # inside a fence: only its bare closing line ends it
            if closing.match(line):
                closing = None
            continue
        opening = FENCE.match(line)
        if opening:
            fence = opening[1]
            closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            continue
        words += len(line.split())
    return words


def test_prose_words_skip_the_fences() -> None:
    text = "One two.\n\n```synapse\ncaption: not prose at all\n```\n\nThree [@key].\n"
    assert prose_words(text) == 4


def test_the_chapters_of_the_navigation_are_found() -> None:
    chapters = nav_chapters()
    assert chapters[0] == "neurotransmitters.md"
    assert {"mental-health.md", "depression.md", "anxiety-adhd-pain.md", "parkinsons.md"} <= set(
        chapters
    )


@pytest.mark.parametrize("name", nav_chapters())
def test_no_chapter_exceeds_2500_words_of_prose(name: str) -> None:
    """Issue 29: no page of the navigation's "Chapters" section is longer than 2,500 words of
    prose, counted in its Markdown source outside the fenced blocks (`prose_words`). The Methods
    section's pages (the model's technical detail) are not chapters in this sense."""
    words = prose_words((ROOT / "docs" / name).read_text(encoding="utf-8"))
    assert words <= MAX_WORDS, f"{name}: {words} words of prose (at most {MAX_WORDS})"
