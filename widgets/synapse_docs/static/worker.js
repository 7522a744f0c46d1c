// The model's Web Worker: loads Pyodide once, unpacks the transmitter_cycle package, answers JSON.
//
// Protocol (STYLE.md #11): requests {id, type, payload}; replies {id, ok: true, result} or
// {id, ok: false, error: {message, kind}}, where kind is "input" (the model refused the values:
// the figure stays live), "runtime" (start-up or Python failed) or "request" (an unknown type);
// progress {type: "status", message}. Every request waits on the same `ready` promise, and a
// start-up failure becomes a readable error for every request, never a silent hang.
// Each file loaded is checked against the sha256 the build wrote into MANIFEST.

const MANIFEST = /*__SYNAPSE_MANIFEST__*/ null;
const RUNTIME_URL = new URL("../pyodide/", import.meta.url);
const PACKAGE_DIR = "/home/pyodide/site-model";

let lastStatus = "Starting the simulation…";

function status(message) {
  lastStatus = message;
  self.postMessage({ type: "status", message });
}

async function sha256(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function fetchChecked(url, expected, label) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`${label} could not be downloaded (${error.message})`);
  }
  if (!response.ok) throw new Error(`${label} could not be downloaded (HTTP ${response.status})`);
  const buffer = await response.arrayBuffer();
  if ((await sha256(buffer)) !== expected) {
    throw new Error(`${label} failed its integrity check (it is not the file this site was built with)`);
  }
  return buffer;
}

// Every runtime file is downloaded once and checked against its sha256 before Pyodide gets it.
// The downloads start at once, beside Pyodide's own start-up; Pyodide's fetches wait for the
// checked bytes. A failed or altered download fails the boot with a readable reason, even where
// Pyodide itself would hang on a fetch that never succeeds.
function downloadRuntime() {
  const names = Object.keys(MANIFEST.runtime).filter((name) => !name.endsWith(".mjs"));
  return new Map(
    names.map((name) => {
      const url = new URL(name, RUNTIME_URL);
      return [url.href, fetchChecked(url, MANIFEST.runtime[name], `The Python runtime (${name})`)];
    }),
  );
}

function servedFrom(downloads, original) {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
    const download = downloads.get(url.href.split(/[?#]/)[0]);
    if (!download) return original(input, init);
    const type = url.pathname.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
    // A failed download has already failed the boot (with its reason); Pyodide's request is left
    // pending rather than rejected, so no unhandled error escapes from inside Pyodide.
    const buffer = await download.catch(() => new Promise(() => {}));
    return new Response(buffer, { status: 200, headers: { "Content-Type": type } });
  };
}

// The runtime's two JavaScript modules are checked like every other file, then imported: the
// import is served from the HTTP cache with the bytes just checked. (A blob: URL would close the
// small window between check and import, but the CSP would then have to allow blob: scripts.)
async function importChecked(name) {
  const url = new URL(name, RUNTIME_URL);
  await fetchChecked(url, MANIFEST.runtime[name], `The Python runtime (${name})`);
  return import(url.href);
}

async function boot() {
  if (typeof WebAssembly !== "object") {
    throw new Error("this browser cannot run WebAssembly, which the live figures need");
  }
  status("Starting the simulation…");
  const downloads = downloadRuntime();
  const modelZip = fetchChecked(
    new URL(MANIFEST.package.file, import.meta.url),
    MANIFEST.package.sha256,
    "The model package",
  );
  self.fetch = servedFrom(downloads, self.fetch.bind(self));
  const scripts = Promise.all([importChecked("pyodide.mjs"), importChecked("pyodide.asm.mjs")]);
  const started = scripts.then(([{ loadPyodide }, asm]) =>
    loadPyodide({
      indexURL: RUNTIME_URL.href,
      createPyodideModule: asm.default, // checked above; otherwise Pyodide imports it unchecked
      stdout: () => {},
      stderr: () => {},
    }),
  );
  started.then(() => status("Starting the simulation: almost ready…"), () => {});
  // Fails as soon as any download fails; otherwise waits for Python and every file.
  const [pyodide, zip] = await Promise.all([started, modelZip, ...downloads.values()]);
  pyodide.unpackArchive(zip, "zip", { extractDir: PACKAGE_DIR });
  pyodide.runPython(`import sys\nsys.path.insert(0, "${PACKAGE_DIR}")`);
  // One proxy to the entry point, kept for the worker's lifetime; it takes and returns strings,
  // so no other proxy is ever created.
  const handle = pyodide.runPython("from synapse_figures.browser import handle\nhandle");
  return { pyodide, handle };
}

let ready = null;

/** The one failed-reply shape: `{id, ok: false, error: {message, kind}}` (see the header). */
function fail(id, message, kind) {
  self.postMessage({ id, ok: false, error: { message, kind } });
}

self.onmessage = async (event) => {
  const { id, type, payload } = event.data || {};
  try {
    if (!ready) {
      // a heartbeat while starting: the page gives up after a long silence (figures.js)
      const beat = setInterval(() => status(lastStatus), 5_000);
      ready = boot().finally(() => clearInterval(beat));
    }
    const { pyodide, handle } = await ready;
    if (type === "boot") {
      self.postMessage({ id, ok: true, result: { python: pyodide.version } });
    } else if (type === "render") {
      // the model's own reply: {ok: true, svg, …} or {ok: false, error} for values it refuses
      const { ok, error, ...result } = JSON.parse(handle(JSON.stringify(payload)));
      if (ok) self.postMessage({ id, ok: true, result });
      else fail(id, String(error), "input");
    } else if (type === "memory") {
      self.postMessage({ id, ok: true, result: { wasmBytes: pyodide._module.HEAPU8.length } });
    } else {
      fail(id, `unknown request type ${JSON.stringify(type)}`, "request");
    }
  } catch (error) {
    // a Python exception carries its traceback: its last line says what went wrong
    fail(id, String((error && error.message) || error).trim().split("\n").pop(), "runtime");
  }
};
