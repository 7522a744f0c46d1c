"""`python -m synapse_docs finish`: what the hooks do, done to a site built without them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from synapse_docs.__main__ import main
from synapse_docs.assets import RUNTIME_FILES

ROOT = Path(__file__).resolve().parents[2]
PAGE = (
    "<!doctype html><html><head><meta charset=utf-8><title>t</title></head>"
    "<body><script>console.log(1)</script></body></html>"
)


def test_finish_adds_the_runtime_packages_and_policy(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    assert main(["finish", str(tmp_path), "--repository", str(ROOT)]) == 0
    for name in RUNTIME_FILES:
        assert (tmp_path / "assets/pyodide" / name).stat().st_size > 0, name
    (package,) = (tmp_path / "assets/synapse").glob("transmitter_cycle-*.zip")
    names = zipfile.ZipFile(package).namelist()
    assert "transmitter_cycle/__init__.pyc" in names
    assert "synapse_figures/claims.pyc" in names
    worker = (tmp_path / "assets/synapse/worker.js").read_text(encoding="utf-8")
    manifest = json.loads(re.search(r'\{\s*"runtime".*?\n\}', worker, re.S).group(0))  # type: ignore[union-attr]
    assert manifest["package"]["file"] == package.name
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy"' in html
    assert "'sha256-" in html
    assert "unsafe-inline' " not in html.split("script-src", 1)[1].split(";", 1)[0]
    assert (tmp_path / "_headers").is_file()


def test_finish_refuses_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["finish", str(tmp_path)])
    assert caught.value.code == 2


def test_finish_names_what_is_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    assert main(["finish", str(tmp_path), "--repository", str(tmp_path)]) == 1
    assert "The Pyodide runtime is missing" in capsys.readouterr().err


def test_finish_needs_no_mkdocs(tmp_path: Path) -> None:
    """Zensical's environment has no MkDocs: the command imports none of it."""
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    script = textwrap.dedent(
        """
        import sys

        class NoMkDocs:  # as if MkDocs were not installed
            def find_spec(self, name, path=None, target=None):
                if name == "mkdocs" or name.startswith("mkdocs."):
                    raise ModuleNotFoundError(f"No module named {name!r}")

        sys.meta_path.insert(0, NoMkDocs())
        from synapse_docs.__main__ import main

        sys.exit(main(sys.argv[1:]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "finish", str(tmp_path), "--repository", str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "mkdocs" not in done.stderr.lower()
    assert '<meta http-equiv="Content-Security-Policy"' in (tmp_path / "index.html").read_text()
