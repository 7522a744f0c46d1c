"""Math rendered at build time: MathML out, code and prices left alone, bad formulas stop."""

from __future__ import annotations

import markdown
import pytest

from synapse_docs import context
from synapse_docs.math import MathError


def convert(text: str) -> str:
    return markdown.Markdown(extensions=["synapse_docs.math", "pymdownx.superfences"]).convert(text)


def test_inline_math_becomes_mathml() -> None:
    html = convert(r"Uptake $V_\mathrm{max}$ is fast.")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "$" not in html


def test_display_math_becomes_a_block() -> None:
    html = convert("Text.\n\n$$\n\\frac{dC}{dt} = -k C\n$$\n\nMore.")
    assert '<div class="math-display"><math' in html
    assert 'display="block"' in html
    assert "<p><div" not in html


@pytest.mark.parametrize(
    "text",
    ["It costs $5 and $6.", "`$x$` in code", "```\n$$\nx\n$$\n```", r"An escaped \$x\$."],
    ids=["prices", "code-span", "fenced-code", "escaped"],
)
def test_dollars_that_are_not_math_are_left_alone(text: str) -> None:
    assert "<math" not in convert(text)


def test_a_bad_formula_names_the_file_and_line() -> None:
    page = "# T\n\nSome text.\n\nBad $x^$ here, $\\unknown{x}$ too.\n"
    context.set_page("docs/methods.md", page, page)
    try:
        with pytest.raises(MathError, match=r"^docs/methods\.md:5: math: cannot read the formula"):
            convert(page)
        with pytest.raises(MathError, match=r"unknown command \\unknown"):
            convert("Text $\\unknown{x}$.")
    finally:
        context.clear_page()


@pytest.mark.parametrize(
    ("page", "line"),
    [
        # the formula's text appears earlier, outside math and inside a longer formula
        ("# T\n\nWrite x^ as code: `x^`.\n\nGood $x^2$.\n\nBad $x^$ here.\n", 7),
        # a block whose first line repeats an earlier inline formula's text
        ("# T\n\nInline $\\frac{a}{b}$.\n\n$$\n\\frac{a}{b}\n+ \\frac{\n$$\n", 6),
    ],
    ids=["inline-after-its-text", "block-after-its-first-line"],
)
def test_a_bad_formula_is_found_by_its_delimiters_not_its_text(page: str, line: int) -> None:
    context.set_page("docs/methods.md", page, page)
    try:
        with pytest.raises(MathError, match=rf"^docs/methods\.md:{line}: math"):
            convert(page)
    finally:
        context.clear_page()
