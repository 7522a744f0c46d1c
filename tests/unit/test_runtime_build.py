"""The build-time runtime compiler (`assets.compile_runtime`): what it refuses, and its inputs.

- a standard-library module the runtime needs (`dataclasses`: Pyodide's start-up and the
  model) and the trimmed library lacks stops the build, and the message names the module
  (slow: Pyodide under Node, twice);
- the figure requests come from every `synapse` fence in the docs, with the error path;
- the Subresource Integrity value is base64 of the sha256;
- the cache keeps the newest compilations and forgets older ones;
- the start-up's two changes (the stand-in package loader, no browser event loop): only those
  two files differ from the stock library, an unknown Pyodide stops the build, and the stand-in
  defines every name Pyodide's JavaScript reads from it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from synapse_docs.assets import compile_runtime, figure_requests, package_zip, sri
from synapse_docs.context import BuildError

ROOT = Path(__file__).resolve().parents[2]


def test_sri_is_base64_of_the_sha256() -> None:
    data = b"synapse"
    expected = "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert sri(data) == expected


def test_the_figure_requests_cover_every_fence_and_the_error_path() -> None:
    requests = [json.loads(r) for r in figure_requests(ROOT / "docs")]
    fences = sum(
        page.read_text(encoding="utf-8").count("```synapse")
        for page in (ROOT / "docs").rglob("*.md")
    )
    defaults = [r for r in requests if r["values"] == {} and "before" not in r]
    assert 10 < len(defaults) <= fences
    assert any("limits" in r and "before" in r for r in requests)
    assert any(r["values"] and next(iter(r["values"].values())) == 1e300 for r in requests)
    views = {r["spec"]["view"] for r in requests}
    assert {"timecourse", "schematic", "sweep"} <= views


def test_a_bad_fence_is_left_to_the_page_build(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text("```synapse\ntransmitter: nonsense\n```\n")
    assert figure_requests(tmp_path) == []


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("node"), reason="needs Node")
def test_a_missing_module_stops_the_build_with_its_name() -> None:
    requests = figure_requests(ROOT / "docs")[:3]
    with pytest.raises(BuildError, match=r"lacks the module 'dataclasses'"):
        compile_runtime(ROOT, package_zip(), requests, drop=["dataclasses"])


def test_the_cache_forgets_old_compilations_beyond_the_newest(tmp_path: Path) -> None:
    from synapse_docs.assets import _prune

    for i in range(12):
        entry = tmp_path / f"k{i}"
        entry.mkdir()
        os.utime(entry, (1_000 + i, 1_000 + i))  # all long ago, k11 the newest
    for name in ("fresh", "fresher", "freshest"):  # just made: never forgotten
        (tmp_path / name).mkdir()
    _prune(tmp_path, keep=tmp_path / "k0", newest=4)
    left = sorted(p.name for p in tmp_path.iterdir())
    # the one in use, the four newest (three fresh, k11), and nothing else old
    assert left == ["fresh", "fresher", "freshest", "k0", "k11"]


def test_the_stand_in_package_loader_has_every_name_pyodide_reads() -> None:
    """Pyodide's JavaScript reads these from its package loader; the stand-in must define each
    (a newer Pyodide that reads another fails here, not in the reader's figure)."""
    import ast
    import re

    from synapse_docs.assets import STAND_IN_LOADER

    script = (ROOT / "node_modules/pyodide/pyodide.asm.mjs").read_text(encoding="utf-8")
    read = set(re.findall(r"package_loader\.([A-Za-z_]\w*)", script))
    assert {"SITE_PACKAGES", "DSO_DIR", "init_loaded_packages"} <= read, read
    tree = ast.parse(STAND_IN_LOADER.read_text(encoding="utf-8"))
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    defined |= {
        t.id
        for n in tree.body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    assert read <= defined, read - defined


def test_the_patched_library_refuses_a_pyodide_it_does_not_know(tmp_path: Path) -> None:
    import zipfile

    from synapse_docs.assets import patched_stdlib

    with zipfile.ZipFile(tmp_path / "python_stdlib.zip", "w") as archive:
        archive.writestr("pyodide/__init__.py", "from .webloop import something_else\n")
        archive.writestr("pyodide/_package_loader.py", "")
        archive.writestr("asyncio/__init__.py", "")
    with pytest.raises(BuildError, match=r"pyodide/__init__\.py no longer installs the event loop"):
        patched_stdlib(tmp_path)
    with zipfile.ZipFile(tmp_path / "python_stdlib.zip", "w") as archive:
        archive.writestr("pyodide/__init__.py", "")
    with pytest.raises(BuildError, match=r"pyodide/_package_loader\.py is missing"):
        patched_stdlib(tmp_path)


def test_the_patched_library_changes_only_the_three_start_up_files() -> None:
    import zipfile

    from synapse_docs.assets import (
        STAND_IN_ASYNCIO,
        STAND_IN_LOADER,
        WEBLOOP,
        patched_stdlib,
        runtime_dir,
    )

    runtime = runtime_dir(ROOT)
    stock = zipfile.ZipFile(runtime / "python_stdlib.zip")
    patched = zipfile.ZipFile(io.BytesIO(patched_stdlib(runtime)))
    assert patched.namelist() == stock.namelist()
    changed = [n for n in stock.namelist() if stock.read(n) != patched.read(n)]
    assert sorted(changed) == [
        "asyncio/__init__.py",
        "pyodide/__init__.py",
        "pyodide/_package_loader.py",
    ]
    assert WEBLOOP not in patched.read("pyodide/__init__.py").decode()
    assert patched.read("pyodide/_package_loader.py") == STAND_IN_LOADER.read_bytes()
    assert patched.read("asyncio/__init__.py") == STAND_IN_ASYNCIO.read_bytes()


def test_the_stand_in_asyncio_refuses_an_event_loop_readably() -> None:
    """What Pyodide's core would call to await a JavaScript promise (`get_event_loop`), and any
    other name, fail with the reason and the file to read, not with a bare error."""
    import runpy

    from synapse_docs.assets import STAND_IN_ASYNCIO

    stand_in = runpy.run_path(str(STAND_IN_ASYNCIO))
    for name in ("get_event_loop", "get_running_loop"):
        with pytest.raises(RuntimeError, match=r"no event loop.*pyodide_asyncio\.py"):
            stand_in[name]()
    with pytest.raises(AttributeError, match=r"no attribute 'ensure_future'.*pyodide_asyncio"):
        stand_in["__getattr__"]("ensure_future")


def test_the_runtime_ships_the_stand_in_asyncio_alone() -> None:
    """The trimmed library the reader downloads has asyncio's stand-in and none of the modules
    the stock package pulls in (the build found them unused once it was in place)."""
    import zipfile

    from synapse_docs.assets import compile_runtime, figure_requests, package_zip

    built = compile_runtime(ROOT, package_zip(), figure_requests(ROOT / "docs"))
    names = set(zipfile.ZipFile(io.BytesIO(built.stdlib)).namelist())
    assert "asyncio/__init__.pyc" in names
    for gone in ("asyncio/base_events.pyc", "subprocess.pyc", "socket.pyc", "ssl.pyc"):
        assert gone not in names, gone
    assert "asyncio/__init__.py" in built.modules
