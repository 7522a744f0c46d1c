"""Math rendered at build time: `$...$` inline and `$$ ... $$` blocks become MathML.

Client-side KaTeX or MathJax would mean page JavaScript (normally from a CDN); MathML is drawn by
the browser itself and by the PDF's Chromium. `latex2mathml` does the conversion (pure Python).
A formula it cannot read stops the build naming the file, the line and the formula.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

from latex2mathml.converter import convert
from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor

from . import context


class MathError(context.BuildError):
    """A formula could not be converted."""


def to_mathml(latex: str, display: str) -> str:
    """Convert LaTeX to MathML, or raise MathError naming the formula and where it is."""
    try:
        mathml = str(convert(latex, display=display))
        unknown = re.search(r"<mi>(\\[A-Za-z]+)</mi>", mathml)  # latex2mathml passes these through
        if unknown:
            raise ValueError(f"unknown command {unknown.group(1)}")
        return mathml
    except Exception as error:  # latex2mathml raises many exception types for bad input
        page = context.current()
        where = ""
        if page is not None:
            where = page.where(_line(page, latex, display)) + ": "
        reason = str(error) or type(error).__name__
        raise MathError(f"{where}math: cannot read the formula {latex!r} ({reason})") from None


def _line(page: context.PageContext, latex: str, display: str) -> int | None:
    """Return the page line of a formula, found with its delimiters (`$x$`, or `$$` then x).

    The first formula written this way is the first to be converted, so the first to fail; a
    bare search for its text would also find it inside prose or a longer formula.
    """
    first = latex.strip().splitlines()[0] if latex.strip() else ""
    if display == "inline":
        pattern = rf"(?<![\\$])\${re.escape(latex)}\$"
    else:
        pattern = rf"\$\$\s*{re.escape(first)}"
    found = re.search(pattern, page.text)
    if found is None:
        return None
    start = found.start() if display == "inline" else found.end() - len(first)
    return page.text.count("\n", 0, start) + 1


# `$x$`: no space just inside the dollars, and no digit right after the closing one ("$5 and $6").
INLINE = r"(?<![\\$])\$(?![\s$])(?P<tex>[^$\n]+?)(?<![\s\\])\$(?!\d)"


class InlineMath(InlineProcessor):
    """`$...$` → inline MathML."""

    def handleMatch(  # type: ignore[override]  # noqa: N802 - Python-Markdown's API
        self, m: re.Match[str], data: str
    ) -> tuple[str, int, int]:
        html = to_mathml(m.group("tex"), "inline")
        return self.md.htmlStash.store(html), m.start(0), m.end(0)


class BlockMath(BlockProcessor):
    """A paragraph that starts with `$$` and ends with `$$` → a display MathML block."""

    def test(self, parent: ElementTree.Element, block: str) -> bool:
        return block.lstrip().startswith("$$")

    def run(self, parent: ElementTree.Element, blocks: list[str]) -> bool:
        collected = []
        while blocks:
            block = blocks.pop(0)
            collected.append(block)
            if block.rstrip().endswith("$$") and len("\n\n".join(collected).strip()) > 2:
                break
        else:
            raise MathError(f"math: a $$ block is not closed: {collected[0][:60]!r}")
        tex = "\n\n".join(collected).strip()[2:-2].strip()
        placeholder = self.parser.md.htmlStash.store(
            f'<div class="math-display">{to_mathml(tex, "block")}</div>'
        )
        paragraph = ElementTree.SubElement(parent, "p")
        paragraph.text = placeholder
        return True


class MathExtension(Extension):
    """Register the inline and block math processors."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        md.inlinePatterns.register(InlineMath(INLINE, md), "synapse_math_inline", 185)
        md.parser.blockprocessors.register(BlockMath(md.parser), "synapse_math_block", 105)


def makeExtension(**kwargs: Any) -> MathExtension:  # noqa: N802 - Python-Markdown's API
    """Return the extension (Python-Markdown's entry point)."""
    return MathExtension(**kwargs)
