// @ts-check
// Build-time step (run by assets.py under Node): the runtime's Python files, compiled inside
// Pyodide itself (the host CPython's .pyc carry another magic number).
//
//   node pyodide_build.mjs CONFIG.json
//
// CONFIG: {indexURL, stdlib, sources, requests, out, optimize, drop}
//   indexURL  the stock Pyodide directory (node_modules/pyodide/), with a trailing slash
//   stdlib    its standard-library zip with the site's changes (assets.patched_stdlib)
//   sources   a zip of the browser packages as sources (.py)
//   requests  the worker's render requests (JSON strings): every figure of the site
//   out       the directory to write python_stdlib.zip and package.zip into
//   optimize  the compile() optimisation level for the standard library (default 2: no
//             docstrings, no asserts; the packages always compile at 0)
//   drop      standard-library modules to leave out (tests only: proves the check below)
//
// 1. discover: boot the stock runtime on `stdlib`, load the packages from a zip as the worker
//    does, answer every request (and the error paths), then list every module imported from
//    the standard library's zip;
// 2. compile: those modules (and the packages) to .pyc, into two zips;
// 3. verify: boot a second runtime on the trimmed library, load the compiled packages, answer
//    every request again: a missing module stops the build with its name, and every reply must
//    equal the first run's (sources and bytecode agree).
// Prints one JSON line: {ok: true, modules, ...} or {ok: false, error, module}.

import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** @typedef {{indexURL: string, stdlib: string, sources: string, requests: string[], out: string, optimize?: number, drop?: string[]}} Config */
/** @typedef {{runPython: (code: string) => any, FS: any, globals: any}} Runtime */

const PACKAGE_ZIP = "/home/pyodide/site-model.zip";

const COLLECT = `
import sys
_zip = "/lib/python%d%d.zip" % sys.version_info[:2]
_members = set()
for _module in list(sys.modules.values()):
    _file = getattr(_module, "__file__", None) or ""
    _frozen = getattr(getattr(_module, "__spec__", None), "origin", None) == "frozen"
    if _file.startswith(_zip + "/") and not _frozen:  # frozen: in the binary already
        _members.add(_file[len(_zip) + 1:])
sorted(_members)
`;

// compile the listed members of `source_zip` into a zip of sourceless, hash-based .pyc;
// `lines`: keep line numbers but drop the column table (PEP 657), a third of a .pyc's bytes
const COMPILE = `
import importlib.util, io, marshal, zipfile
from types import CodeType

def _svarint(value):
    value = ((-value) << 1) | 1 if value < 0 else value << 1
    out = bytearray()
    while value >= 64:
        out.append(64 | (value & 63))
        value >>= 6
    out.append(value)
    return bytes(out)

def _lines_only(code):
    """The same code with a line-number table only (no columns): tracebacks keep their lines."""
    table = bytearray()
    previous = code.co_firstlineno
    for start, end, line in code.co_lines():
        units = (end - start) // 2
        while units > 0:
            size = min(units, 8)
            units -= size
            if line is None:
                table.append(0x80 | (15 << 3) | (size - 1))
            else:
                table.append(0x80 | (13 << 3) | (size - 1))
                table += _svarint(line - previous)
                previous = line
    consts = tuple(_lines_only(c) if isinstance(c, CodeType) else c for c in code.co_consts)
    slim = code.replace(co_linetable=bytes(table), co_consts=consts)
    if _per_unit(slim) != _per_unit(code):
        raise AssertionError(f"line table of {code.co_qualname} in {code.co_filename} changed")
    return slim

def _per_unit(code):
    found = []
    for start, end, line in code.co_lines():
        found += [line] * ((end - start) // 2)
    return found

def _pyc(source, filename, optimize, lines):
    code = compile(source, filename, "exec", dont_inherit=True, optimize=optimize)
    if lines:
        code = _lines_only(code)
    flags = (1).to_bytes(4, "little")  # hash-based, unchecked: no source needed, no mtime
    return importlib.util.MAGIC_NUMBER + flags + importlib.util.source_hash(source) + marshal.dumps(code)

def compile_zip(source_zip, members, prefix, optimize, lines, keep_sources):
    out = io.BytesIO()
    dirs = set()
    stamp = (2026, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(source_zip) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist() if members is None else list(members)
        for name in sorted(names):
            if not name.endswith(".py"):
                continue
            parts = name.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                folder = "/".join(parts[:i]) + "/"
                if folder not in dirs:
                    dirs.add(folder)
                    dst.writestr(zipfile.ZipInfo(folder, date_time=stamp), b"")
            source = src.read(name)
            info = zipfile.ZipInfo(name[:-3] + ".pyc", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, _pyc(source, prefix + name, optimize, lines), compresslevel=9)
            if keep_sources:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, source, compresslevel=9)
    return out.getvalue()
`;

/**
 * Load the packages from a zip on sys.path (zipimport), as the worker does.
 * @param {Runtime} py
 * @param {Uint8Array} zip
 */
function loadPackages(py, zip) {
  py.FS.mkdirTree(path.dirname(PACKAGE_ZIP));
  py.FS.writeFile(PACKAGE_ZIP, zip);
  py.runPython(`import sys\nsys.path.insert(0, "${PACKAGE_ZIP}")`);
  return py.runPython("from synapse_figures.browser import handle\nhandle");
}

/**
 * Answer every request; also walk the worker's error paths (a Python exception reaching
 * JavaScript is formatted with its traceback). Returns the replies.
 * @param {Runtime} py
 * @param {(request: string) => string} handle
 * @param {string[]} requests
 */
function exercise(py, handle, requests) {
  const replies = requests.map((request) => handle(request));
  try {
    py.runPython("raise ValueError('the error path')");
  } catch (error) {
    String(error);
  }
  return replies;
}

/**
 * The module a ModuleNotFoundError names, if that is what `error` is.
 * @param {unknown} error
 */
function missingModule(error) {
  const found = /No module named '([^']+)'/.exec(String(error));
  return found ? found[1] : null;
}

/** @param {unknown} value */
function print(value) {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function main() {
  /** @type {Config} */
  const config = JSON.parse(await readFile(process.argv[2], "utf8"));
  const { loadPyodide } = await import(path.join(config.indexURL, "pyodide.mjs"));
  const sources = new Uint8Array(await readFile(config.sources));
  const quiet = { stdout: () => {}, stderr: () => {} };

  // 1. discover
  /** @type {Runtime} */
  const stock = await loadPyodide({ indexURL: config.indexURL, stdLibURL: config.stdlib, ...quiet });
  const expected = exercise(stock, loadPackages(stock, sources), config.requests);
  /** @type {string[]} */
  const members = stock.runPython(COLLECT).toJs();
  const dropped = new Set(config.drop || []);
  const kept = members.filter((member) => {
    const name = member.replace(/(\/__init__)?\.py$/, "").replaceAll("/", ".");
    return !dropped.has(name);
  });

  // 2. compile
  stock.runPython(COMPILE);
  const compileZip = stock.globals.get("compile_zip");
  stock.FS.writeFile("/tmp/sources.zip", sources);
  const zipName = stock.runPython("_zip");
  const stdlib = compileZip(zipName, kept, `${zipName}/`, config.optimize ?? 2, true, false).toJs();
  // the packages as bytecode only, like the library: their sources stay in the repository
  // (a reader's CPython would not read these .pyc anyway: their magic number is Pyodide's)
  const pkg = compileZip("/tmp/sources.zip", undefined, `${PACKAGE_ZIP}/`, 0, true, false).toJs();
  await mkdir(config.out, { recursive: true });
  const stdlibPath = path.join(config.out, "python_stdlib.zip");
  await writeFile(stdlibPath, stdlib);
  await writeFile(path.join(config.out, "package.zip"), pkg);

  // 3. verify
  /** @type {Runtime} */
  let trimmed;
  try {
    trimmed = await loadPyodide({ indexURL: config.indexURL, stdLibURL: stdlibPath, ...quiet });
  } catch (error) {
    const module = missingModule(error);
    print({ ok: false, module, error: `the runtime does not start on it: ${String(error).split("\n").pop()}` });
    return;
  }
  let replies;
  try {
    replies = exercise(trimmed, loadPackages(trimmed, pkg), config.requests);
  } catch (error) {
    const lines = String(error).trim().split("\n");
    print({ ok: false, module: missingModule(error), error: lines[lines.length - 1] });
    return;
  }
  const differs = replies.findIndex((reply, i) => reply !== expected[i]);
  if (differs >= 0) {
    print({ ok: false, module: null, error: `request ${differs} answers differently from bytecode` });
    return;
  }
  print({ ok: true, modules: kept, stdlibBytes: stdlib.length, packageBytes: pkg.length, requests: replies.length });
}

main().catch((error) => {
  print({ ok: false, module: missingModule(error), error: String(error) });
  process.exitCode = 1;
});
