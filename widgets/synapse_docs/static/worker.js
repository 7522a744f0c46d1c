// @ts-check
// The model's Web Worker: loads Pyodide once, puts the compiled packages on sys.path, answers JSON.
//
// Protocol (as in CONTRIBUTING.md, "Change the page's JavaScript"): requests {id, type, payload};
// replies {id, ok: true, result} or {id, ok: false, error: {message, kind}}, where kind is
// "input" (the model refused the values: the figure stays live), "runtime" (start-up or Python failed) or "request" (an unknown type);
// progress {type: "status", message}, and the same again every 5 s while starting (a heartbeat).
// Every request waits on the same `ready` promise, and a start-up failure becomes a readable
// error for every request, never a silent hang.
//
// Each file is fetched with Subresource Integrity (`fetch(url, {integrity})`, from the sha256
// the build wrote into MANIFEST): the browser checks the bytes, Pyodide gets the checked
// `Response` itself (so WebAssembly compiles from the fetch, and the browser's compiled-code
// cache serves a repeat visit), and a refused file fails the boot with a readable reason.

/**
 * @typedef {{
 *   runtime: Record<string, string>,
 *   package: {file: string, sha256: string},
 * }} Manifest the sha256 (hex) of every file, written in by assets.py at build time
 * @typedef {{
 *   version: string,
 *   FS: {writeFile(path: string, data: Uint8Array): void, mkdirTree(path: string): void},
 *   runPython(code: string): any,
 *   _module: {HEAPU8: Uint8Array},
 * }} Pyodide the parts of Pyodide's API this worker uses
 * @typedef {(request: string) => string} Handle the figures' entry point (JSON in, JSON out)
 */

// the build replaces the placeholder with the manifest (its type is Manifest)
const MANIFEST = /*__SYNAPSE_MANIFEST__*/ null;
/** @type {Manifest} */
const manifest = /** @type {any} */ (MANIFEST);
const RUNTIME_URL = new URL("../pyodide/", import.meta.url);
// a zip on sys.path (zipimport): nothing to unpack
const PACKAGE_ZIP = "/home/pyodide/site-model.zip";

// the browser's own fetch: Pyodide's is replaced while it starts (see `servedFrom`)
const browserFetch = self.fetch.bind(self);

let lastStatus = "Starting the simulation…";

/** @param {string} message */
function status(message) {
  lastStatus = message;
  self.postMessage({ type: "status", message });
}

/**
 * The Subresource Integrity value of a sha256 given in hex.
 * @param {string} hex
 */
function integrity(hex) {
  const bytes = (hex.match(/../g) || []).map((pair) => parseInt(pair, 16));
  return `sha256-${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * Why a checked fetch failed, readably: the browser says only "Failed to fetch" both for a
 * network failure and for bytes that fail their integrity check, so ask once more without the
 * check (headers only: the body is cancelled) to tell which.
 * @param {URL} url
 * @param {string} label
 * @param {unknown} error
 */
async function diagnose(url, label, error) {
  const reason = error instanceof Error ? error.message : String(error);
  try {
    const response = await browserFetch(url, { cache: "no-store" });
    response.body?.cancel().catch(() => {});
    if (!response.ok) return new Error(`${label} could not be downloaded (HTTP ${response.status})`);
    return new Error(`${label} failed its integrity check (it is not the file this site was built with)`);
  } catch {
    return new Error(`${label} could not be downloaded (${reason})`);
  }
}

/**
 * Fetch `url`, checked by the browser against the build's sha256; resolves once the whole file
 * has arrived and passed, or rejects with a readable reason naming `label`.
 * @param {URL} url
 * @param {string} sha256
 * @param {string} label
 * @returns {Promise<Response>}
 */
async function fetchChecked(url, sha256, label) {
  let response;
  try {
    response = await browserFetch(url, { integrity: integrity(sha256) });
  } catch (error) {
    throw await diagnose(url, label, error);
  }
  if (!response.ok) throw new Error(`${label} could not be downloaded (HTTP ${response.status})`);
  return response;
}

/**
 * Start every runtime file's checked download at once; by URL.
 * @returns {Map<string, Promise<Response>>}
 */
function downloadRuntime() {
  return new Map(
    Object.entries(manifest.runtime).map(([name, sha256]) => {
      const url = new URL(name, RUNTIME_URL);
      return [url.href, fetchChecked(url, sha256, `The Python runtime (${name})`)];
    }),
  );
}

/**
 * A `fetch` for Pyodide that answers its requests for runtime files with the checked downloads
 * (each once); anything else goes to the browser's fetch.
 * @param {Map<string, Promise<Response>>} downloads
 * @param {typeof fetch} original
 * @returns {typeof fetch}
 */
function servedFrom(downloads, original) {
  const served = new Set();
  return async (input, init) => {
    const href = input instanceof Request ? input.url : String(input);
    const key = new URL(href, self.location.href).href.split(/[?#]/)[0];
    const download = downloads.get(key);
    if (!download || served.has(key)) return original(input, init);
    served.add(key);
    // A failed download has already failed the boot (with its reason); Pyodide's request is left
    // pending rather than rejected, so no unhandled error escapes from inside Pyodide.
    return download.catch(() => new Promise(() => {}));
  };
}

/**
 * Import one of the runtime's JavaScript modules once its checked download has passed: the
 * import is then served from the HTTP cache with the bytes just checked. (A blob: URL would
 * close the small window between check and import, but the CSP would then have to allow blob:
 * scripts.)
 * @param {Map<string, Promise<Response>>} downloads
 * @param {string} name
 */
async function importChecked(downloads, name) {
  const url = new URL(name, RUNTIME_URL);
  const response = await /** @type {Promise<Response>} */ (downloads.get(url.href));
  await response.arrayBuffer(); // read to the end: the HTTP cache holds the whole file
  return import(url.href);
}

/** @returns {Promise<{pyodide: Pyodide, handle: Handle}>} */
async function boot() {
  if (typeof WebAssembly !== "object") {
    throw new Error("this browser cannot run WebAssembly, which the live figures need");
  }
  status("Starting the simulation…");
  const downloads = downloadRuntime();
  const modelZip = fetchChecked(
    new URL(manifest.package.file, import.meta.url),
    manifest.package.sha256,
    "The model package",
  ).then((response) => response.arrayBuffer());
  self.fetch = servedFrom(downloads, browserFetch);
  const lock = /** @type {Promise<Response>} */ (downloads.get(new URL("pyodide-lock.json", RUNTIME_URL).href));
  const scripts = Promise.all([importChecked(downloads, "pyodide.mjs"), importChecked(downloads, "pyodide.asm.mjs")]);
  const started = scripts.then(([{ loadPyodide }, asm]) =>
    loadPyodide({
      indexURL: RUNTIME_URL.href,
      createPyodideModule: asm.default, // checked above; otherwise Pyodide imports it unchecked
      // checked, not fetched again; a failed download has already failed the boot (below), so
      // what Pyodide awaits is left pending rather than rejected (no unhandled rejection)
      lockFileContents: lock.then(
        (response) => response.text(),
        () => new Promise(() => {}),
      ),
      stdout: () => {},
      stderr: () => {},
    }),
  );
  started.then(
    () => status("Starting the simulation: almost ready…"),
    () => {},
  );
  // Fails as soon as any download fails; otherwise waits for Python and every file.
  const [pyodide, zip] = await Promise.all([started, modelZip, ...downloads.values()]);
  pyodide.FS.mkdirTree("/home/pyodide");
  pyodide.FS.writeFile(PACKAGE_ZIP, new Uint8Array(zip));
  pyodide.runPython(`import sys\nsys.path.insert(0, "${PACKAGE_ZIP}")`);
  // One proxy to the entry point, kept for the worker's lifetime; it takes and returns strings,
  // so no other proxy is ever created.
  const handle = pyodide.runPython("from synapse_figures.browser import handle\nhandle");
  return { pyodide, handle };
}

/** @type {Promise<{pyodide: Pyodide, handle: Handle}> | null} */
let ready = null;

/**
 * The one failed-reply shape: `{id, ok: false, error: {message, kind}}` (see the header).
 * @param {unknown} id
 * @param {string} message
 * @param {"input" | "runtime" | "request"} kind
 */
function fail(id, message, kind) {
  self.postMessage({ id, ok: false, error: { message, kind } });
}

/** @param {MessageEvent} event */
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
    const message = error instanceof Error ? error.message : String(error);
    fail(id, message.trim().split("\n").pop() || "the simulation failed", "runtime");
  }
};
