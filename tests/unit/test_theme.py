"""theme.py: its two changes to Material's palette component apply to the installed Material,
once, and a Material whose text differs stops the build naming the file and the text."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from synapse_docs import theme
from synapse_docs.context import BuildError

MATERIAL = Path(material.__file__).parent / "templates"


def installed(pattern: str) -> tuple[str, bytes]:
    """The installed theme file a pattern of theme.PATCHES names: its site path and bytes."""
    found = [
        p for p in MATERIAL.glob("assets/*/*") if theme.wanted(p.relative_to(MATERIAL).as_posix())
    ]
    for path in found:
        rel = path.relative_to(MATERIAL).as_posix()
        if pattern in rel:
            return rel, path.read_bytes()
    raise AssertionError(f"no installed file for {pattern}: {found}")


@pytest.mark.parametrize(
    ("pattern", "gone", "kept"),
    [
        ("palette.", "[data-md-color-switching] *", "[data-md-color-scheme=slate]"),
        (
            "bundle.",
            'name:"color-scheme"});document.head.appendChild(o)',
            'name:"theme-color"});document.head.appendChild(r)',
        ),
    ],
)
def test_each_change_takes_out_its_text_and_only_that(pattern: str, gone: str, kept: str) -> None:
    path, data = installed(pattern)
    text = data.decode()
    assert gone in text
    assert kept in text
    out = theme.patched(path, data).decode()
    assert gone not in out
    assert kept in out
    assert len(text) - len(out) < 200  # one rule or one call, not the file
    assert theme.patched(path, out.encode()).decode() == out  # a second run keeps it as it is


def test_a_different_material_stops_the_build_naming_file_and_text() -> None:
    path, data = installed("palette.")
    changed = data.replace(b"[data-md-color-switching] *", b"[data-md-color-switching] >")
    with pytest.raises(BuildError) as failure:
        theme.patched(path, changed)
    message = str(failure.value)
    assert path in message
    assert "[data-md-color-switching] *" in message
    assert "found it 0 times" in message


def test_a_theme_without_the_files_is_reported() -> None:
    assert theme.unmatched(["assets/stylesheets/main.0123abcd.min.css"]) == list(theme.PATCHES)
    both = [
        "assets/stylesheets/palette.fb2fffe2.min.css",
        "assets/javascripts/bundle.a5f9d56c.min.js",
    ]
    assert theme.unmatched(both) == []


def test_other_files_are_left_alone() -> None:
    assert not theme.wanted("assets/stylesheets/main.57a0d79d.min.css")
    assert theme.patched("assets/synapse/site.css", b"a{}") == b"a{}"


def test_patch_site_changes_a_built_site_in_place(tmp_path: Path) -> None:
    for pattern in ("palette.", "bundle."):
        path, data = installed(pattern)
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    changed = theme.patch_site(tmp_path)
    assert len(changed) == 2
    for target in changed:
        assert b"synapse_docs.theme" in target.read_bytes()
    assert theme.patch_site(tmp_path) == changed  # idempotent: the same files, unchanged


def test_given_skip_a_text_not_found_is_left_out_and_named() -> None:
    """`python -m synapse_docs finish` on another builder's theme: skip, naming file and text."""
    path, data = installed("palette.")
    changed = data.replace(b"[data-md-color-switching] *", b"[data-md-color-switching] >")
    skipped: list[str] = []
    assert theme.patched(path, changed, skip=skipped.append) == changed
    (message,) = skipped
    assert path in message
    assert "[data-md-color-switching] *" in message


def test_patch_site_skips_a_theme_it_cannot_change_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Zensical's bundle has the palette component minified with other names: a warning."""
    path = "assets/javascripts/bundle.0123abcd.min.js"
    other = b'let n=C("meta",{name:"color-scheme"});document.head.appendChild(n);'
    (tmp_path / path).parent.mkdir(parents=True)
    (tmp_path / path).write_bytes(other)
    with caplog.at_level("WARNING", logger="synapse_docs.theme"):
        theme.patch_site(tmp_path)
    assert (tmp_path / path).read_bytes() == other
    (record,) = caplog.records
    assert path in record.getMessage()
    assert "found it 0 times" in record.getMessage()
