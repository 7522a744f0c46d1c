"""Tests for `synapse_docs.citations`: rendered HTML against golden files, and the errors.

Update the golden files after an intended change with
`UPDATE_GOLDEN=1 pytest tests/unit/test_citations.py` and review the diff before committing.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest

from synapse_docs import citations, context
from synapse_docs.citations import CitationError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path("tests/fixtures/citations")
GOLDEN = ROOT / "tests" / "golden" / "citations"
BIB = str(FIXTURES / "references.bib")


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run from the repository root (paths in messages are relative), with no page set."""
    monkeypatch.chdir(ROOT)
    context.clear_page()
    citations.reset_cited()
    yield
    context.clear_page()
    citations.reset_cited()


def make_md(**options: str) -> markdown.Markdown:
    """Return a Markdown converter configured like the site (superfences, toc, the citations)."""
    return markdown.Markdown(
        extensions=["synapse_docs.citations", "pymdownx.highlight", "pymdownx.superfences", "toc"],
        extension_configs={
            "synapse_docs.citations": {"bibfile": BIB, **options},
            "pymdownx.highlight": {"use_pygments": False},  # golden files independent of Pygments
        },
    )


def render(name: str, md: markdown.Markdown | None = None) -> str:
    """Convert the Markdown fixture `name`.md."""
    md = md or make_md()
    return md.convert((FIXTURES / f"{name}.md").read_text(encoding="utf-8"))


def assert_golden(name: str, html: str) -> None:
    """Compare with tests/golden/citations/`name`.html; rewrite it when UPDATE_GOLDEN=1."""
    path = GOLDEN / f"{name}.html"
    actual = html.rstrip("\n") + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"missing golden file {path}; create it with UPDATE_GOLDEN=1", pytrace=False)
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"golden/{path.name}",
                tofile="rendered",
            )
        )
        pytest.fail(f"{path.name} differs (UPDATE_GOLDEN=1 to accept):\n{diff}", pytrace=False)


# ---------------------------------------------------------------------------------------------
# Rendered HTML


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("single", id="single-citation"),
        pytest.param("multiple", id="multiple-and-locator"),
        pytest.param("repeated", id="repeated-reuses-number"),
        pytest.param("marker", id="references-marker"),
        pytest.param("bibliography", id="bibliography-marker"),
        pytest.param("code", id="code-left-alone"),
        pytest.param("doi", id="doi-links-and-no-doi"),
    ],
)
def test_golden(name: str) -> None:
    assert_golden(name, render(name))


def test_single_citation_links_to_its_entry() -> None:
    html = render("single")
    assert '<a aria-label="Reference 1" class="citation" href="#ref-best2009dopamine"' in html
    assert 'id="cite-best2009dopamine-1"' in html
    assert 'title="Best JA, Nijhout HF, Reed MC. Homeostatic mechanisms' in html
    assert html.count('<li id="ref-best2009dopamine">') == 1
    assert '<h2 id="references">References</h2>' in html


def test_repeated_citation_reuses_its_number_and_gets_two_backlinks() -> None:
    html = render("repeated")
    numbers = re.findall(r'href="#ref-(\w+)" id="cite-\w+-(\d)" title="[^"]*">(\d)</a>', html)
    assert numbers == [
        ("wang2024acc", "1", "1"),
        ("deng2021insula", "1", "2"),
        ("wang2024acc", "2", "1"),
    ]
    assert 'href="#cite-wang2024acc-1"' in html
    assert 'href="#cite-wang2024acc-2"' in html


def test_group_is_sorted_by_number_without_locators() -> None:
    html = render("multiple")
    first_group = html.split("</span>")[0]
    # deng2021insula is cited first, so it is 1 even though wang2024acc is written second
    assert re.findall(r">(\d)</a>", first_group) == ["1", "2"]


def test_numbering_restarts_for_each_page() -> None:
    md = make_md()
    render("repeated", md)
    md.reset()
    again = render("page-two", md)
    fresh = render("page-two", make_md())
    assert again == fresh
    assert 'href="#ref-deng2021insula" id="cite-deng2021insula-1"' in again
    assert re.findall(r'class="citation" href="#ref-(\w+)"[^>]*>(\d)</a>', again) == [
        ("deng2021insula", "1"),
        ("wightman1990control", "2"),
    ]
    assert_golden("page-two", again)


def test_numbering_restarts_without_reset() -> None:
    md = make_md()
    first = md.convert("[@wang2024acc]")
    second = md.convert("[@wang2024acc]")
    assert first == second


def test_marker_places_the_list_and_nothing_is_appended() -> None:
    html = render("marker")
    assert html.index('<ol class="references">') < html.index('id="further-reading"')
    assert html.count('<ol class="references">') == 1
    assert "[[references]]" not in html


def test_notes_are_never_rendered() -> None:
    html = render("bibliography")
    assert "verified" not in html  # the `note` fields say "DOI not verified", "unverified", ...
    assert "Part III" not in html


def test_doi_only_from_the_doi_field() -> None:
    html = render("doi")
    entries = dict(re.findall(r'<li id="ref-(\w+)">(.*?)</li>', html))
    assert (
        '<a class="doi" href="https://doi.org/10.2174/1871527319666200722153156">'
        in entries["bogetofte2020levodopa"]
    )
    assert "doi" not in entries["beaulieu2019dopamine"].lower()
    assert "doi" not in entries["wightman1990control"].lower()
    assert html.count("https://doi.org/") == 3  # link href + text, and the tooltip


def test_bibliography_lists_every_entry_sorted_and_does_not_cite() -> None:
    html = render("bibliography")
    keys = re.findall(r'<li id="bib-(\w+)">', html)
    assert keys == [
        "alexander2023gpcr",
        "beaulieu2019dopamine",
        "best2009dopamine",
        "bogetofte2020levodopa",
        "deng2021insula",
        "kandel2013principles",
        "wang2024acc",
        "wightman1990control",
    ]
    assert 'id="references"' not in html
    assert citations.cited_keys() == set()


def test_code_is_left_alone() -> None:
    html = render("code")
    assert html.count("nope2000") == 6
    assert html.count('class="citation"') == 1
    assert "<code>[@nope2000]</code>" in html
    assert 'class="bibliography"' not in html


def test_keys_are_case_insensitive_like_bibtex() -> None:
    html = make_md().convert("[@Wang2024ACC]")
    assert 'href="#ref-wang2024acc"' in html


def test_references_title_is_configurable() -> None:
    html = make_md(references_title="Sources").convert("[@wang2024acc]")
    assert '<h2 id="references">Sources</h2>' in html


def test_other_brackets_are_not_citations() -> None:
    html = make_md().convert("Mail [@home; see above] and [see @x].")
    assert html == "<p>Mail [@home; see above] and [see @x].</p>"


def test_tooltip_and_entry_escape_html() -> None:
    html = render("doi")
    assert "CNS &amp; Neurological Disorders" in html
    assert "CNS & Neurological" not in html


# ---------------------------------------------------------------------------------------------
# Errors


def test_error_is_a_plugin_error_and_a_value_error() -> None:
    from mkdocs.exceptions import BuildError, PluginError

    assert issubclass(CitationError, PluginError)
    assert issubclass(CitationError, BuildError)
    assert issubclass(CitationError, ValueError)


def test_unknown_key_names_the_markdown_line() -> None:
    with pytest.raises(
        CitationError,
        match=(
            r"^line 4 of the Markdown: unknown citation key 'smith2020' "
            r"\(not in tests/fixtures/citations/references\.bib\)$"
        ),
    ):
        render("unknown")


def test_unknown_key_names_the_page_and_file_line() -> None:
    markdown_text = (FIXTURES / "unknown.md").read_text(encoding="utf-8")
    full_text = "---\ntitle: Cycle\n---\n" + markdown_text  # front matter shifts the lines
    context.set_page("docs/cycle.md", full_text, markdown_text)
    with pytest.raises(
        CitationError,
        match=(
            r"^docs/cycle\.md:7: unknown citation key 'smith2020' "
            r"\(not in tests/fixtures/citations/references\.bib\)$"
        ),
    ):
        render("unknown")


def test_unknown_key_in_a_group() -> None:
    with pytest.raises(
        CitationError, match=r"^line 2 of the Markdown: unknown citation key 'nope'"
    ):
        make_md().convert("Intro.\nText [@wang2024acc; @nope].")


def test_missing_bib_file() -> None:
    md = make_md(bibfile="docs/missing.bib")
    with pytest.raises(CitationError, match=r"^docs/missing\.bib: bibliography file not found$"):
        md.convert("A claim [@wang2024acc].")


def test_missing_bib_file_is_not_needed_without_citations() -> None:
    assert make_md(bibfile="docs/missing.bib").convert("No citations.") == "<p>No citations.</p>"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param(
            "bad-entry",
            r"^tests/fixtures/citations/bad-entry\.bib:11: malformed BibTeX entry 'broken2021' "
            r"\(expected ',' between fields or '}' at the end of the entry\)$",
            id="missing-comma",
        ),
        pytest.param(
            "unclosed",
            r"^tests/fixtures/citations/unclosed\.bib:7: malformed BibTeX entry 'open2022': "
            r"not closed \(unbalanced braces\)$",
            id="unclosed-entry",
        ),
    ],
)
def test_malformed_bib_entry_stops_the_conversion(name: str, message: str) -> None:
    md = make_md(bibfile=str(FIXTURES / f"{name}.bib"))
    with pytest.raises(CitationError, match=message):
        md.convert("[@good2020]")


@pytest.mark.parametrize(
    ("bib", "message"),
    [
        pytest.param(
            "@article{a1,\n  title = {One},\n  year = {2020}\n}\n\n"
            "@article{A1,\n  title = {Two}\n}\n",
            r"^{path}:6: duplicate BibTeX key 'a1' \(first defined at line 1\)$",
            id="duplicate-key",
        ),
        pytest.param(
            "@article{a1,\n  title = {One},\n  doi = {https://doi.org/10.1/x}\n}\n",
            r"^{path}:1: malformed BibTeX entry 'a1': doi must look like '10\.1234/abc'",
            id="doi-not-bare",
        ),
        pytest.param(
            "@article{a1,\n  title = {One},\n  year = {2020},\n  author\n}\n",
            r"^{path}:\d: malformed BibTeX entry 'a1' \(the entry ends too early",
            id="field-without-value",
        ),
        pytest.param(
            "@article{a1,\n  title = {One},\n  year = {2020},\n  journal = undefinedmacro\n}\n",
            r"^{path}:4: malformed BibTeX entry 'a1' \(undefined @string macro 'undefinedmacro'\)$",
            id="undefined-macro",
        ),
        pytest.param(
            "@webpage{a1,\n  title = {One}\n}\n",
            r"^{path}:1: malformed BibTeX entry 'a1': unsupported entry type '@webpage'$",
            id="unknown-type",
        ),
        pytest.param(
            "@article{,\n  title = {One}\n}\n",
            r"^{path}:1: malformed BibTeX entry: no key",
            id="no-key",
        ),
    ],
)
def test_malformed_bib_text(tmp_path: Path, bib: str, message: str) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(bib, encoding="utf-8")
    with pytest.raises(CitationError, match=message.replace("{path}", re.escape(str(path)))):
        citations.load_library(str(path))


def test_two_reference_markers_are_an_error() -> None:
    with pytest.raises(
        CitationError, match=r"^line 5 of the Markdown: more than one \[\[references\]\] marker"
    ):
        make_md().convert("[@wang2024acc]\n\n[[references]]\n\n[[references]]\n")


# ---------------------------------------------------------------------------------------------
# Build-wide bookkeeping


def test_uncited_keys_over_several_pages() -> None:
    render("repeated")
    render("page-two")
    render("bibliography")  # listing everything is not citing
    assert citations.cited_keys() == {"wang2024acc", "deng2021insula", "wightman1990control"}
    assert citations.uncited_keys(BIB) == [
        "best2009dopamine",
        "alexander2023gpcr",
        "kandel2013principles",
        "beaulieu2019dopamine",
        "bogetofte2020levodopa",
    ]
    citations.reset_cited()
    assert citations.cited_keys() == set()
    assert len(citations.uncited_keys(BIB)) == 8


def test_bib_is_parsed_once_per_file_version(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    shutil.copy(ROOT / BIB, path)
    first = citations.load_library(str(path))
    assert citations.load_library(str(path)) is first
    text = path.read_text(encoding="utf-8").replace("wang2024acc", "wang2024x")
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = citations.load_library(str(path))
    assert second is not first
    assert "wang2024x" in second.entries


def test_mkdocs_build_aborts_with_the_message(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / BIB, docs / "references.bib")
    (docs / "index.md").write_text("# Home\n\nA claim [@smith2020].\n", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        "site_name: Test\n"
        "markdown_extensions:\n"
        "  - synapse_docs.citations:\n"
        f"      bibfile: {docs / 'references.bib'}\n",
        encoding="utf-8",
    )
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
    with pytest.raises(Abort, match="Aborted with a BuildError"):
        build(config)
