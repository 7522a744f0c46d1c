"""The runtime as built: a trimmed standard library in bytecode, compiled packages, integrity.

- the standard library the site ships holds only bytecode (`.pyc`, Pyodide's magic number), and
  every module the figures imported while the build ran them is in it;
- the model package holds each of its modules as bytecode, and no source;
- the lock file keeps Pyodide's `info` and lists no package;
- every runtime file's hash in the worker's manifest is that file's, and the integrity value
  the worker derives from it is the file's Subresource Integrity value;
- a page without figures names no runtime file;
- the model and every figure of the built site run in Pyodide (Node) from the shipped zips
  alone, and answer as the build's CPython drew them: the same summaries (to 1e-9) and the
  same SVG markup as in the page (slow: one Pyodide boot).
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from synapse_docs.assets import RUNTIME_FILES, compile_runtime, figure_requests, package_zip, sri
from tests.site.test_build import manifest

ROOT = Path(__file__).resolve().parents[2]
STOCK = ROOT / "node_modules" / "pyodide"


def pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("index.html"))


def test_the_stdlib_is_trimmed_bytecode_holding_every_module_the_figures_import(
    site_dir: Path,
) -> None:
    shipped = zipfile.ZipFile(site_dir / "assets/pyodide/python_stdlib.zip")
    names = set(shipped.namelist())
    assert not [n for n in names if n.endswith(".py")], "sources shipped beside the bytecode"
    compiled = compile_runtime(ROOT, package_zip(), figure_requests(ROOT / "docs"))  # cached
    for module in compiled.modules:
        assert module.removesuffix(".py") + ".pyc" in names, module
    stock = zipfile.ZipFile(STOCK / "python_stdlib.zip").namelist()
    assert len(names) < len(stock) / 2, "the library is not trimmed"
    for module in ("json/__init__.pyc", "dataclasses.pyc", "encodings/utf_8.pyc"):
        assert module in names


def test_the_package_ships_bytecode_only_a_module_for_each_source(site_dir: Path) -> None:
    data = manifest(site_dir)
    archive = zipfile.ZipFile(site_dir / "assets/synapse" / data["package"]["file"])
    names = {n for n in archive.namelist() if not n.endswith("/")}
    assert not [n for n in names if not n.endswith(".pyc")], "sources shipped beside the bytecode"
    widgets = ROOT / "widgets"
    sources = {
        p.relative_to(widgets).as_posix()
        for package in ("transmitter_cycle", "synapse_figures")
        for p in (widgets / package).rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert names == {source + "c" for source in sources}
    stdlib = zipfile.ZipFile(site_dir / "assets/pyodide/python_stdlib.zip")
    magic = stdlib.read("json/__init__.pyc")[:4]  # Pyodide's Python, not the build's
    assert archive.read("transmitter_cycle/_model.pyc")[:4] == magic


def test_the_lock_file_keeps_its_info_and_no_package(site_dir: Path) -> None:
    lock = json.loads((site_dir / "assets/pyodide/pyodide-lock.json").read_text())
    stock = json.loads((STOCK / "pyodide-lock.json").read_text())
    assert lock == {"info": stock["info"], "packages": {}}


def test_every_runtime_file_has_its_hash_and_integrity_value(site_dir: Path) -> None:
    data = manifest(site_dir)
    assert sorted(data["runtime"]) == sorted(RUNTIME_FILES)
    worker = (site_dir / "assets/synapse/worker.js").read_text()
    assert "integrity: integrity(sha256)" in worker, "the worker no longer fetches with SRI"
    for name, hex_digest in data["runtime"].items():
        body = (site_dir / "assets/pyodide" / name).read_bytes()
        # what the worker's integrity() makes of the hex digest: base64 of the same bytes
        derived = "sha256-" + base64.b64encode(bytes.fromhex(hex_digest)).decode()
        assert derived == sri(body), name
    if shutil.which("node"):  # the worker's own conversion, run
        function = re.search(r"function integrity\(hex\) \{.*?\n\}", worker, re.S)
        assert function
        hex_digest = data["runtime"]["pyodide.asm.wasm"]
        script = f"{function[0]}\nconsole.log(integrity({json.dumps(hex_digest)}))"
        done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
        wasm = (site_dir / "assets/pyodide/pyodide.asm.wasm").read_bytes()
        assert done.stdout.strip() == sri(wasm)


def test_pages_without_figures_name_no_runtime_file(site_dir: Path) -> None:
    with_figures = without = 0
    for page in pages(site_dir):
        text = page.read_text(encoding="utf-8")
        if 'class="synapse-figure"' in text:
            with_figures += 1
        else:
            without += 1
            assert "assets/pyodide/" not in text, page
            assert "assets/synapse/worker.js" not in text, page
    assert with_figures
    assert without


RUN_FIGURES = r"""
import { loadPyodide } from %(loader)s;
import { readFileSync } from "node:fs";
const [stdlib, zip, requests] = process.argv.slice(2);
const py = await loadPyodide({ stdLibURL: stdlib, stdout: () => {}, stderr: () => {} });
py.FS.writeFile("/tmp/model.zip", new Uint8Array(readFileSync(zip)));
py.runPython('import sys\nsys.path.insert(0, "/tmp/model.zip")');
const handle = py.runPython("from synapse_figures.browser import handle\nhandle");
const out = JSON.parse(readFileSync(requests, "utf8")).map((r) => JSON.parse(handle(r)));
// modules read from a zip as sources rather than bytecode (frozen modules are in neither)
const stdlibOnly = py.runPython(
  "import sys\n[m for m, v in sys.modules.items() if '.zip/' in (getattr(v, '__file__', '')"
  + " or '') and not v.__file__.endswith('.pyc') and v.__spec__.origin != 'frozen']").toJs();
console.log(JSON.stringify({ out, stdlibOnly }));
"""


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("node"), reason="needs Node")
def test_every_figure_of_the_site_runs_from_the_shipped_zips(
    site_dir: Path, tmp_path: Path
) -> None:
    data = manifest(site_dir)
    specs = []
    for page in pages(site_dir):
        for found in re.finditer(r'data-spec="([^"]+)"', page.read_text(encoding="utf-8")):
            specs.append((page, json.loads(html.unescape(found[1]))))
    assert len(specs) > 10
    requests = tmp_path / "requests.json"
    requests.write_text(json.dumps([json.dumps({"spec": s, "values": {}}) for _, s in specs]))
    script = tmp_path / "run.mjs"
    script.write_text(RUN_FIGURES % {"loader": json.dumps(str(STOCK / "pyodide.mjs"))})
    stdlib = site_dir / "assets/pyodide/python_stdlib.zip"
    package = site_dir / "assets/synapse" / data["package"]["file"]
    done = subprocess.run(
        ["node", str(script), str(stdlib), str(package), str(requests)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert not result["stdlibOnly"], "a module came from sources, not the shipped bytecode"
    for (page, spec), reply in zip(specs, result["out"], strict=True):
        assert reply["ok"], (page, spec["caption"], reply)
    # the build drew the same figures in CPython: the summaries agree (parity, 1e-9)
    for page in pages(site_dir):
        text = page.read_text(encoding="utf-8")
        for found in re.finditer(r'data-spec="([^"]+)" data-summary="([^"]+)"', text):
            spec = json.loads(html.unescape(found[1]))
            built = json.loads(html.unescape(found[2]))
            index = next(i for i, (_, s) in enumerate(specs) if s == spec)
            live = result["out"][index]["summary"]
            for key, value in built.items():
                if value is None or live[key] is None:
                    assert value is live[key], key
                else:  # relative 1e-9; a value that is zero to round-off (1e-34 µM) is zero
                    assert math.isclose(value, live[key], rel_tol=1e-9, abs_tol=1e-15), key
    # and the drawings are the same markup: a figure at its defaults goes live on the build's
    # drawing without a model run (figures.js, `Figure.first`)
    for (page, spec), reply in zip(specs, result["out"], strict=True):
        text = page.read_text(encoding="utf-8")
        assert reply["svg"] in text, (page, spec["caption"])
