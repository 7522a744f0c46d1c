"""A bad fence stops the real `mkdocs build --strict`, naming the file, the line and the field.

The corpus of bad fences (tests/corpus/bad_fences.yaml) runs through the real Markdown pipeline
in tests/unit/test_bad_fences.py, in milliseconds; here one fence and one corpus case go through
the whole build, so that the hook that names the page is proven too.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.support import ROOT, build_site, cases


def build_one_page(project: Path, page: str) -> Any:
    """Build a one-page project with the site's hooks; return the finished `mkdocs build`."""
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(page, encoding="utf-8")
    (project / "docs" / "references.bib").write_text("", encoding="utf-8")  # the citations hook
    config = project / "mkdocs.yml"
    config.write_text(  # the fence registered as the site's mkdocs.yml does
        f"site_name: t\nhooks: [{ROOT / 'widgets/synapse_docs/hooks.py'}]\n"
        "markdown_extensions:\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: synapse\n"
        "          class: synapse\n"
        "          format: !!python/name:synapse_docs.fence.formatter\n"
        "          validator: !!python/name:synapse_docs.fence.validator\n",
        encoding="utf-8",
    )
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return build_site(project / "site", config)


def test_a_bad_fence_stops_the_real_build_with_file_and_line(tmp_path: Path) -> None:
    page = textwrap.dedent(
        """\
        # A page

        ```synapse
        transmitter: dopamine
        view: timecourse
        show: [cleft, dopamine]
        caption: Nothing.
        ```
        """
    )
    done = build_one_page(tmp_path, page)
    assert done.returncode != 0
    assert (
        "docs/index.md:6: synapse figure, field 'show': must name model states (got 'dopamine')"
        in done.stderr
    )
    assert "Traceback" not in done.stderr


#: one corpus case through the real build: an option on the opening line (the validator's path)
REAL = [p for p in cases("bad_fences") if p.id == "fence-options"]


@pytest.mark.parametrize("case", REAL, ids=[p.id for p in REAL])
def test_a_corpus_case_stops_the_real_build(case: dict[str, Any], tmp_path: Path) -> None:
    opening = case.get("opening", "```synapse")
    done = build_one_page(tmp_path, f"# A page\n\n{opening}\n{case['fence']}```\n")
    assert done.returncode != 0, "the build passed"
    assert f"docs/index.md:{3 + case['line']}: synapse figure" in done.stderr, done.stderr[-1500:]
    assert f"field '{case['field']}'" in done.stderr, done.stderr[-1500:]
    assert "Traceback" not in done.stderr
