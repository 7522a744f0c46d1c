// The model's Web Worker: loads Pyodide once, unpacks the transmitter_cycle package, answers JSON.
//
// Protocol (STYLE.md #11): requests {id, type, payload}; replies {id, ok, result | error};
// progress {type: "status", message}. Every request waits on the same `ready` promise, and a
// start-up failure becomes a readable error for every request, never a silent hang.
// Each file loaded is checked against the sha256 the build wrote into MANIFEST.

import { loadPyodide } from "../pyodide/pyodide.mjs";

const MANIFEST = /*__SYNAPSE_MANIFEST__*/ null;
const RUNTIME_URL = new URL("../pyodide/", import.meta.url);
const PACKAGE_DIR = "/home/pyodide/site-model";

function status(message) {
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

// Download and check every runtime file first, in parallel, so that a missing or altered file
// fails here with a readable reason (Pyodide itself can hang on a failed wasm fetch); then hand
// Pyodide the checked bytes when it asks for them.
async function prefetchRuntime() {
  const names = Object.keys(MANIFEST.runtime).filter((name) => !name.endsWith(".mjs"));
  const buffers = await Promise.all(
    names.map((name) =>
      fetchChecked(new URL(name, RUNTIME_URL), MANIFEST.runtime[name], `The Python runtime (${name})`),
    ),
  );
  return new Map(names.map((name, i) => [new URL(name, RUNTIME_URL).href, buffers[i]]));
}

function servedFrom(checked, original) {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
    const buffer = checked.get(url.href.split(/[?#]/)[0]);
    if (!buffer) return original(input, init);
    const type = url.pathname.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
    return new Response(buffer, { status: 200, headers: { "Content-Type": type } });
  };
}

async function boot() {
  if (typeof WebAssembly !== "object") {
    throw new Error("this browser cannot run WebAssembly, which the live figures need");
  }
  status("Downloading the Python runtime…");
  const [checked, modelZip] = await Promise.all([
    prefetchRuntime(),
    fetchChecked(new URL(MANIFEST.package.file, import.meta.url), MANIFEST.package.sha256, "The model package"),
  ]);
  self.fetch = servedFrom(checked, self.fetch.bind(self));
  status("Starting Python…");
  const pyodide = await loadPyodide({ indexURL: RUNTIME_URL.href, stdout: () => {}, stderr: () => {} });
  status("Loading the model…");
  pyodide.unpackArchive(modelZip, "zip", { extractDir: PACKAGE_DIR });
  pyodide.runPython(`import sys\nsys.path.insert(0, "${PACKAGE_DIR}")`);
  // One proxy to the entry point, kept for the worker's lifetime; it takes and returns strings,
  // so no other proxy is ever created.
  const handle = pyodide.runPython("from transmitter_cycle.browser import handle\nhandle");
  return { pyodide, handle };
}

let ready = null;

self.onmessage = async (event) => {
  const { id, type, payload } = event.data || {};
  try {
    ready ??= boot();
    const { pyodide, handle } = await ready;
    if (type === "boot") {
      self.postMessage({ id, ok: true, result: { python: pyodide.version } });
    } else if (type === "render") {
      const reply = JSON.parse(handle(JSON.stringify(payload)));
      if (reply.ok) self.postMessage({ id, ok: true, result: reply });
      else self.postMessage({ id, ok: false, error: reply.error, input: true });
    } else if (type === "memory") {
      self.postMessage({ id, ok: true, result: { wasmBytes: pyodide._module.HEAPU8.length } });
    } else {
      self.postMessage({ id, ok: false, error: `unknown request type ${JSON.stringify(type)}` });
    }
  } catch (error) {
    // a Python exception carries its traceback: its last line says what went wrong
    const message = String((error && error.message) || error).trim().split("\n").pop();
    self.postMessage({ id, ok: false, error: message });
  }
};
