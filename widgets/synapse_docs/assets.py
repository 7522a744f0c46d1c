"""The files a live figure needs in the built site, as plain functions (any builder can call them).

- the Pyodide core from `node_modules/pyodide` (no micropip, no wheels): its two JavaScript
  modules and its WebAssembly as they are; its standard library trimmed to the modules the
  site's figures import, as bytecode; its lock file without packages (the site loads none);
- a zip of the browser-side packages (`transmitter_cycle`, the model, and `synapse_figures`, the
  figures), as bytecode only (the worker imports it from the zip, zipimport; the sources, 80 KB
  of download more, stay in the repository);
- the page module, the worker (with the sha256 of every file it loads written in) and the
  stylesheets from `static/`.

The bytecode is compiled inside Pyodide itself, under Node (`pyodide_build.mjs`; the host
CPython's .pyc would carry another magic number), which also finds the modules to keep: it runs
every figure of the site (each ```` ```synapse ```` fence in the docs) on the stock runtime, keeps
every standard-library module imported, then boots a second runtime on the trimmed library and
runs every figure again. A module missing there stops the build with its name. The result is
cached in `node_modules/.cache/synapse-runtime/`, keyed by everything it depends on, so a
rebuild that changes no Python file costs nothing.

The MkDocs hook (`hooks.on_files`) adds these to the build; `python -m synapse_docs finish SITE`
writes them into a site built by a builder that ignores hooks.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import synapse_figures
import transmitter_cycle

from .context import BuildError, fences

STATIC = Path(__file__).parent / "static"
#: the packages the browser runs, in import order (figures import the model)
BROWSER_PACKAGES: tuple[ModuleType, ...] = (transmitter_cycle, synapse_figures)
#: where the browser files go in the site
ASSETS = "assets/synapse"
RUNTIME_DIR = "assets/pyodide"
#: the Pyodide core: all a pure-Python package needs (no micropip, no wheels)
RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
MANIFEST_PLACEHOLDER = "/*__SYNAPSE_MANIFEST__*/ null"
#: the build-time compiler (runs under Node, inside Pyodide)
NODE_SCRIPT = Path(__file__).with_name("pyodide_build.mjs")
#: compile() optimisation level for the standard library (2: no docstrings, no asserts)
STDLIB_OPTIMIZE = 2
CACHE_DIR = Path("node_modules") / ".cache" / "synapse-runtime"


@dataclass(frozen=True)
class Asset:
    """One file of the built site: its path there, and its bytes or the file to copy."""

    dest: str
    content: bytes | None = None
    source: Path | None = None

    def data(self) -> bytes:
        """Return the file's bytes."""
        if self.content is not None:
            return self.content
        assert self.source is not None
        return self.source.read_bytes()


def runtime_dir(repository: Path) -> Path:
    """Return the Pyodide package directory in node_modules, or stop with what to run."""
    root = repository / "node_modules" / "pyodide"
    missing = [name for name in RUNTIME_FILES if not (root / name).is_file()]
    if missing:
        raise BuildError(
            f"The Pyodide runtime is missing from {root} ({', '.join(missing)}): "
            "run `npm ci` in the repository (the nox sessions do it for you)."
        )
    return root


#: what the stock `pyodide/__init__.py` runs to install asyncio's event loop for the browser
#: (`pyodide.webloop`): the figures run no coroutine, so the runtime leaves it out
WEBLOOP = (
    "from .webloop import _initialize_event_loop\n\n"
    "_initialize_event_loop()\ndel _initialize_event_loop\n"
)
STAND_IN_LOADER = Path(__file__).with_name("pyodide_package_loader.py")
STAND_IN_ASYNCIO = Path(__file__).with_name("pyodide_asyncio.py")
#: the standard-library files patched_stdlib replaces, with what
STAND_INS = {
    "pyodide/_package_loader.py": STAND_IN_LOADER,
    "asyncio/__init__.py": STAND_IN_ASYNCIO,
}


def patched_stdlib(runtime: Path) -> bytes:
    """Return Pyodide's standard-library zip with the site's three changes to its start-up.

    - `pyodide/_package_loader.py` is the site's stand-in (see pyodide_package_loader.py): the
      stock module imports seven modules for unpacking wheels, which the site never loads;
    - `asyncio/__init__.py` is the site's stand-in (see pyodide_asyncio.py): Pyodide's core
      imports asyncio at start-up, and the stock package imports 45 more modules;
    - `pyodide/__init__.py` no longer installs the browser event loop (`WEBLOOP`).

    The build then runs every figure on this library (pyodide_build.mjs), so a start-up that
    needs what was taken out stops the build. A stock file that no longer has the expected
    text (another Pyodide) stops it too, naming the file.
    """
    out = io.BytesIO()
    stock = runtime / "python_stdlib.zip"
    with zipfile.ZipFile(stock) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = set(src.namelist())
        for name in ("pyodide/__init__.py", *STAND_INS):
            if name not in names:
                raise BuildError(f"{stock}: {name} is missing (another Pyodide?): review assets.py")
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "pyodide/__init__.py":
                text = data.decode()
                if WEBLOOP not in text:
                    raise BuildError(
                        f"{stock}: {info.filename} no longer installs the event loop as "
                        "assets.WEBLOOP expects (another Pyodide?): review patched_stdlib"
                    )
                data = text.replace(WEBLOOP, "").encode()
            elif info.filename in STAND_INS:
                data = STAND_INS[info.filename].read_bytes()
            dst.writestr(info, data)
    return out.getvalue()


def package_zip(packages: tuple[ModuleType, ...] = BROWSER_PACKAGES) -> bytes:
    """Return a reproducible zip of the browser packages (sources only)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for package in packages:
            assert package.__file__ is not None
            root = Path(package.__file__).parent
            for path in sorted(root.rglob("*")):
                if path.suffix not in (".py", ".typed") or "__pycache__" in path.parts:
                    continue
                name = f"{root.name}/{path.relative_to(root).as_posix()}"
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sri(data: bytes) -> str:
    """Return the Subresource Integrity value (`sha256-…`, base64) of `data`."""
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


@dataclass(frozen=True)
class CompiledRuntime:
    """The trimmed standard library and the packages, compiled in Pyodide (`compile_runtime`)."""

    stdlib: bytes
    package: bytes
    modules: tuple[str, ...]


def figure_requests(docs: Path) -> list[str]:
    """Return the worker's requests for every figure in `docs` (each ```synapse fence).

    Each figure at its defaults, then moved with `before` and `limits` (what a slider sends),
    then with a value the model refuses (the error path). A fence that does not parse is left
    to the page's build, which reports it with its file and line.
    """
    from synapse_figures.spec import parse_spec

    from .fields import load_fields

    requests: list[str] = []
    for page in sorted(docs.rglob("*.md")):
        for _line, language, body in fences(page.read_text(encoding="utf-8")):
            if language != "synapse":
                continue
            try:
                spec = parse_spec(load_fields(body)).to_dict()
            except Exception:
                continue
            requests.append(json.dumps({"spec": spec, "values": {}}))
            shown = dict.fromkeys(spec["show"], 1.0)
            requests.append(json.dumps({"spec": spec, "values": {}, "before": {}, "limits": shown}))
            if spec["controls"]:
                bad = {spec["controls"][0]: 1e300}
                requests.append(json.dumps({"spec": spec, "values": bad}))
    return requests


def node() -> str:
    """Return the Node executable, or stop the build saying what is missing."""
    found = os.environ.get("SYNAPSE_NODE") or shutil.which("node")
    if not found:
        raise BuildError(
            "Node is needed at build time to compile the Python runtime (node is not on PATH): "
            "install Node 22 or later, or run the build through ./dev (nox installs it)."
        )
    return found


def compile_runtime(
    repository: Path,
    sources: bytes,
    requests: list[str],
    *,
    drop: Iterable[str] = (),
    optimize: int = STDLIB_OPTIMIZE,
) -> CompiledRuntime:
    """Compile the trimmed standard library and the packages in Pyodide (see the module doc).

    `drop` leaves standard-library modules out (for tests: the build must then stop and name
    the missing module). Raises `BuildError` naming the module a figure needs and lacks.
    """
    runtime = runtime_dir(repository)
    config = {
        "requests": requests,
        "optimize": optimize,
        "drop": sorted(drop),
        "script": _sha256(NODE_SCRIPT.read_bytes()),
        "stdlib": _sha256((runtime / "python_stdlib.zip").read_bytes()),
        # patched_stdlib's changes
        "start-up": [*(_sha256(p.read_bytes()) for p in STAND_INS.values()), WEBLOOP],
        "wasm": (runtime / "pyodide.asm.wasm").stat().st_size,
        "sources": _sha256(sources),
    }
    key = _sha256(json.dumps(config, sort_keys=True).encode())[:24]
    cache = repository / CACHE_DIR / key
    files = ("python_stdlib.zip", "package.zip", "modules.json")
    if not all((cache / name).is_file() for name in files):
        _run_compiler(runtime, patched_stdlib(runtime), sources, config, cache)
    return CompiledRuntime(
        stdlib=(cache / "python_stdlib.zip").read_bytes(),
        package=(cache / "package.zip").read_bytes(),
        modules=tuple(json.loads((cache / "modules.json").read_text(encoding="utf-8"))),
    )


def _run_compiler(
    runtime: Path, stdlib: bytes, sources: bytes, config: dict[str, object], cache: Path
) -> None:
    with tempfile.TemporaryDirectory(prefix="synapse-runtime-") as work:
        out = Path(work) / "out"
        (Path(work) / "sources.zip").write_bytes(sources)
        (Path(work) / "stdlib.zip").write_bytes(stdlib)
        settings = {
            "indexURL": f"{runtime.resolve()}/",
            "stdlib": str(Path(work) / "stdlib.zip"),
            "sources": str(Path(work) / "sources.zip"),
            "requests": config["requests"],
            "out": str(out),
            "optimize": config["optimize"],
            "drop": config["drop"],
        }
        (Path(work) / "config.json").write_text(json.dumps(settings), encoding="utf-8")
        done = subprocess.run(
            [node(), str(NODE_SCRIPT), str(Path(work) / "config.json")],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        try:
            report = json.loads(lines[-1])
        except (IndexError, json.JSONDecodeError):
            raise BuildError(
                f"{NODE_SCRIPT.name}: compiling the Python runtime failed "
                f"(exit {done.returncode}): {(done.stderr or done.stdout).strip()[-2000:]}"
            ) from None
        if not report.get("ok"):
            module = report.get("module")
            if module:
                raise BuildError(
                    f"The trimmed Python standard library lacks the module '{module}', which a "
                    f"figure needs ({report.get('error')}): the figures must import it where "
                    f"{NODE_SCRIPT.name} runs them, or the module must be kept."
                )
            raise BuildError(f"{NODE_SCRIPT.name}: {report.get('error')}")
        (out / "modules.json").write_text(json.dumps(report["modules"]), encoding="utf-8")
        cache.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{cache.name}-", dir=cache.parent))
        for name in ("python_stdlib.zip", "package.zip", "modules.json"):
            shutil.copyfile(out / name, staging / name)
        try:
            staging.rename(cache)
        except OSError:  # another build got there first: same inputs, same files
            shutil.rmtree(staging, ignore_errors=True)
    _prune(cache.parent, keep=cache)


def _prune(folder: Path, keep: Path, newest: int = 8, age: float = 3600.0) -> None:
    """Forget cached compilations beyond the `newest` few that are over `age` seconds old."""
    entries = sorted(
        (p for p in folder.iterdir() if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    now = time.time()
    for old in entries[newest:]:
        if now - old.stat().st_mtime > age:
            shutil.rmtree(old, ignore_errors=True)


def trimmed_lock(runtime: Path) -> bytes:
    """Return Pyodide's lock file without packages (the site loads none): its `info` only."""
    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    return json.dumps({"info": lock["info"], "packages": {}}, sort_keys=True).encode()


def site_assets(repository: Path, docs: Path | None = None) -> list[Asset]:
    """Return every file a live figure needs, with the worker's manifest of sha256 written in.

    `docs` (default: the repository's `docs/`) holds the pages whose figures decide which
    standard-library modules the runtime keeps.
    """
    runtime = runtime_dir(repository)
    compiled = compile_runtime(
        repository, package_zip(), figure_requests(docs or repository / "docs")
    )
    made = {"python_stdlib.zip": compiled.stdlib, "pyodide-lock.json": trimmed_lock(runtime)}
    assets: list[Asset] = []
    manifest: dict[str, dict[str, str]] = {"runtime": {}, "package": {}}
    for name in RUNTIME_FILES:
        path = runtime / name
        if name in made:
            assets.append(Asset(f"{RUNTIME_DIR}/{name}", content=made[name]))
            manifest["runtime"][name] = _sha256(made[name])
        else:
            assets.append(Asset(f"{RUNTIME_DIR}/{name}", source=path))
            manifest["runtime"][name] = _sha256(path.read_bytes())
    package = compiled.package
    digest = _sha256(package)
    package_name = f"transmitter_cycle-{digest[:12]}.zip"
    assets.append(Asset(f"{ASSETS}/{package_name}", content=package))
    manifest["package"] = {"file": package_name, "sha256": digest}
    for path in sorted(STATIC.iterdir()):
        if not path.is_file():
            continue
        content = path.read_bytes()
        if path.name == "worker.js":
            text = content.decode()
            if MANIFEST_PLACEHOLDER not in text:
                raise BuildError(f"{path}: the manifest placeholder is missing")
            content = text.replace(MANIFEST_PLACEHOLDER, json.dumps(manifest, indent=2)).encode()
        assets.append(Asset(f"{ASSETS}/{path.name}", content=content))
    return assets


def write_assets(site: Path, repository: Path) -> list[Path]:
    """Write :func:`site_assets` into an already built ``site``; return the paths written."""
    written = []
    for asset in site_assets(repository):
        target = site / asset.dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.data())
        written.append(target)
    return written
