"""The corpus of bad fences (tests/corpus/bad_fences.yaml): each stops with the line and field.

Each case runs through the real Markdown pipeline the build uses (SuperFences with the `synapse`
fence, the page recorded as the hook records it), in milliseconds. tests/site/test_real_build.py
runs the whole `mkdocs build --strict` on one of them.
"""

from __future__ import annotations

from typing import Any

import markdown
import pytest

from synapse_docs import context
from synapse_docs.fence import CUSTOM_FENCE
from tests.support import cases


def test_case_ids_are_unique() -> None:
    for name in ("bad_fences", "hostile_urls", "runtime_faults"):
        ids = [p.id for p in cases(name)]
        assert len(ids) == len(set(ids)), name


def page_of(case: dict[str, Any]) -> tuple[str, int]:
    """The case's page and the file line of the bad fence's opening.

    A title and a blank line, then the case's `before:` Markdown (other figures, examples), the
    bad fence, and its `after:` Markdown. `indent:` nests the bad fence (e.g. in an admonition).
    """
    opening = case.get("opening", "```synapse")
    indent = " " * case.get("indent", 0)
    before = f"# A page\n\n{case.get('before', '')}"
    fence = "".join(f"{indent}{line}\n" for line in [opening, *case["fence"].splitlines(), "```"])
    return before + fence + case.get("after", ""), before.count("\n") + 1


@pytest.mark.parametrize("case", cases("bad_fences"))
def test_a_bad_fence_stops_with_page_line_and_field(case: dict[str, Any]) -> None:
    page, opening = page_of(case)
    md = markdown.Markdown(
        extensions=["admonition", "pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [CUSTOM_FENCE]}},
    )
    context.set_page("docs/index.md", page, page)
    try:
        with pytest.raises(context.BuildError) as raised:
            md.convert(page)
    finally:
        context.clear_page()
    message = str(raised.value)
    assert f"docs/index.md:{opening + case['line']}: synapse figure" in message, message
    if case.get("field"):
        assert f"field '{case['field']}'" in message, message
    if case.get("says"):
        assert case["says"] in message, message
