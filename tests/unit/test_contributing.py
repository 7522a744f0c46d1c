"""CONTRIBUTING.md is tested, not trusted: its examples build, its error messages are the build's.

Every `synapse` and `synapse-table` example in CONTRIBUTING.md is converted by the build's
Markdown pipeline, as the page `docs/new.md`. An example followed by a `text` block shows a
mistake on purpose: the build must stop with exactly the message quoted there.
Every other example must build. The field reference names every field a fence accepts.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from synapse_docs import context
from synapse_docs.fence import CUSTOM_FENCE
from synapse_docs.tables import TABLES
from synapse_figures.spec import FIELDS

GUIDE = Path(__file__).resolve().parents[2] / "CONTRIBUTING.md"
#: an example: a ````markdown block holding one fence, then (optionally) the ```text it causes
EXAMPLE = re.compile(
    r"^````markdown\n(?P<page>```(?P<language>synapse(?:-table)?)\n.*?^```\n)````\n"
    r"(?:(?:(?!^```).)*?^```text\n(?P<says>.*?)^```\n)?",
    re.M | re.S,
)


def examples() -> list[tuple[str, str, str | None]]:
    """Return (language, page, quoted error or None) for every fence example of the guide."""
    text = GUIDE.read_text(encoding="utf-8")
    found = [
        (m["language"], m["page"], m["says"].strip() if m["says"] else None)
        for m in EXAMPLE.finditer(text)
    ]
    assert len(found) == text.count("````markdown\n```synapse"), "an example the test missed"
    return found


def build(page: str) -> str:
    """Convert one example page as the site build does (the page is `docs/new.md`)."""
    md = markdown.Markdown(
        extensions=["tables", "pymdownx.superfences", "synapse_docs.tables"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [CUSTOM_FENCE]}},
    )
    context.set_page("docs/new.md", page, page)
    try:
        return md.convert(page)
    finally:
        context.clear_page()


CASES = examples()


def test_the_guide_shows_good_and_failing_examples() -> None:
    assert sum(1 for _, _, says in CASES if says is None) >= 3
    assert sum(1 for _, _, says in CASES if says is not None) >= 3


@pytest.mark.parametrize(
    ("language", "page", "says"), CASES, ids=[f"example-{n + 1}" for n in range(len(CASES))]
)
def test_each_example_builds_or_fails_as_quoted(language: str, page: str, says: str | None) -> None:
    if says is None:
        html = build(page)
        marker = 'class="synapse-figure"' if language == "synapse" else "<table>"
        assert marker in html
    else:
        with pytest.raises(context.BuildError) as raised:
            build(page)
        assert str(raised.value) == says


def test_the_field_reference_names_every_field_and_table() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    reference = next(page for language, page, says in CASES if says is None)
    first_example_fields = {line.split(":")[0] for line in reference.splitlines()[1:-1]}
    assert set(FIELDS) - {"puzzle"} <= first_example_fields, "document every field"
    assert "puzzle:" in text
    table_example = next(page for language, page, _ in CASES if language == "synapse-table")
    for kind in TABLES:
        assert kind in table_example, kind
