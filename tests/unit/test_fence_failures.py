"""No fence fails silently: any exception while a fence is read or drawn stops the build."""

from __future__ import annotations

import markdown
import pytest

from synapse_docs import context
from synapse_docs.fence import CUSTOM_FENCE, FenceError
from synapse_figures import spec


def test_an_unexpected_error_becomes_a_build_error_with_file_and_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A preset without a default figure duration raised KeyError, which SuperFences swallowed
    (the fence printed as code and the build passed); now the build stops and names it. (The
    durations now live with the presets, checked at import; the fault is made here.)"""

    def missing(preset: str) -> float:
        raise KeyError(preset)

    monkeypatch.setattr(spec, "figure_seconds", missing)
    page = "# A page\n\n```synapse\ntransmitter: dopamine\ncaption: A figure.\n```\n"
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [CUSTOM_FENCE]}},
    )
    context.set_page("docs/a.md", page, page)
    try:
        with pytest.raises(FenceError) as raised:
            md.convert(page)
    finally:
        context.clear_page()
    message = str(raised.value)
    assert message.startswith("docs/a.md:3: synapse figure: reading or drawing it failed")
    assert "KeyError" in message
    assert "'dopamine'" in message
