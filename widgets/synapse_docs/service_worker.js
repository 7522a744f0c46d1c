// @ts-check
/// <reference lib="webworker" />
// The site's service worker (written to the site's root as `sw.js` by offline.py, after the
// build): it keeps what the reader opened so that the guide reads offline, and saves the whole
// guide when the reader asks ("Read offline").
//
// - One cache per build, named by the build's content hash (VERSION): a new deploy brings a new
//   sw.js, which takes over at once and deletes every other build's cache, so two builds never mix
//   in the cache.
// - A request that carries a Subresource Integrity value (the model's worker fetches the Python
//   runtime that way) is answered from the cache only when the cached bytes have that very hash
//   (stored beside them when they were cached): the runtime starts without the network on a
//   repeat visit, and a changed or tampered file is never served in place of the one asked for.
// - Everything else goes to the network first, so a reader online always gets the current
//   build; the cache answers only when the network does not (offline).
// - Only the site's own origin, inside the worker's scope, and only GET.
//
// Messages from a page: {type: "keep", urls, figures} (what a page loaded before the worker
// controlled it: kept, with the runtime if the page has figures); {type: "size"} → {type: "size", bytes, files}; {type: "save"} → progress
// {type: "progress", done, total, bytes} after each file, then {type: "saved", files, bytes} or
// {type: "save-failed", message}. Replies go to the port the page sent (MessageChannel).

/** @type {ServiceWorkerGlobalScope} */
const sw = /** @type {any} */ (self);

// the build replaces the placeholder with {version, files: [{path, bytes, integrity?}]}
const BUILD = /*__SYNAPSE_OFFLINE__*/ null;
/** @type {{version: string, files: {path: string, bytes: number, integrity?: string}[]}} */
const build = /** @type {any} */ (BUILD);
const CACHE = `synapse-${build.version}`;
const INTEGRITY_HEADER = "x-synapse-integrity";
const SCOPE = new URL(sw.registration.scope);

sw.addEventListener("install", () => {
  sw.skipWaiting(); // a new build replaces the old at once (its cache goes on activate)
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("synapse-") && name !== CACHE) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

/**
 * The SRI value (`sha256-…`) of some bytes.
 * @param {ArrayBuffer} bytes
 */
async function sri(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256-${btoa(String.fromCharCode(...digest))}`;
}

/**
 * Keep a response (a copy of it) in this build's cache, with the hash of its bytes.
 * @param {Request | string} request
 * @param {Response} response
 */
async function keep(request, response) {
  if (!response.ok || response.type === "opaque") return;
  const cache = await caches.open(CACHE);
  const etag = response.headers.get("etag");
  const old = etag ? await cache.match(request) : undefined;
  if (old && old.headers.get("etag") === etag) return; // kept already: the same bytes
  const bytes = await response.arrayBuffer();
  const headers = new Headers(response.headers);
  headers.set(INTEGRITY_HEADER, await sri(bytes));
  await cache.put(request, new Response(bytes, { status: response.status, headers }));
}

/**
 * A cached response for the request, without the bookkeeping header (or undefined).
 * @param {Request} request
 * @param {string} [integrity] the hash the cached bytes must have
 */
async function cached(request, integrity) {
  const cache = await caches.open(CACHE);
  const navigate = request.mode === "navigate";
  const folder = request.url.split(/[?#]/)[0].endsWith("/");
  const found =
    (await cache.match(request.url, { ignoreSearch: navigate })) ||
    (folder ? await cache.match(new URL("index.html", request.url).href) : undefined);
  if (!found) return undefined;
  if (integrity && found.headers.get(INTEGRITY_HEADER) !== integrity) return undefined;
  return found;
}

/**
 * Answer a request: from the cache when its hash is asked for and kept, else network first.
 * @param {Request} request
 */
async function answer(request) {
  const integrity = request.integrity || undefined;
  if (integrity) {
    const hit = await cached(request, integrity);
    if (hit) return hit;
  }
  try {
    const response = await fetch(request);
    keep(request.url, response.clone()).catch(() => {});
    return response;
  } catch (error) {
    const fallback = await cached(request, integrity);
    if (fallback) return fallback;
    throw error;
  }
}

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== SCOPE.origin || !url.href.startsWith(SCOPE.href)) return;
  if (request.cache === "no-store") return; // the worker's diagnosis asks the network itself
  event.respondWith(answer(request));
});

/**
 * Make sure a file of the build is in the cache (with the hash the build gave it, if any).
 * @param {string} url
 */
async function ensure(url) {
  const path = url.slice(SCOPE.href.length).split(/[?#]/)[0];
  const file = build.files.find((entry) => entry.path === path || entry.path === `${path}index.html`);
  const cache = await caches.open(CACHE);
  const kept = await cache.match(url, { ignoreSearch: true });
  if (kept && (!file?.integrity || kept.headers.get(INTEGRITY_HEADER) === file.integrity)) return;
  const response = await fetch(url, file?.integrity ? { integrity: file.integrity } : {});
  if (!response.ok) throw new Error(`${path || "the home page"} could not be downloaded (HTTP ${response.status})`);
  await keep(url, response);
}

/**
 * Keep what a page loaded before this worker controlled it (its own address, its files) and,
 * for a page with figures, the model's worker and runtime, so that the page reads offline.
 * @param {string[]} urls
 * @param {boolean} figures
 */
async function keepPage(urls, figures) {
  const wanted = urls.filter((url) => url.startsWith(SCOPE.href));
  if (figures) {
    for (const file of build.files) {
      if (file.integrity || file.path === "assets/synapse/worker.js") wanted.push(new URL(file.path, SCOPE).href);
    }
  }
  for (const url of new Set(wanted)) await ensure(url).catch(() => {});
}

/**
 * Save every file of the build, reporting progress to `port`.
 * @param {MessagePort} port
 */
async function saveAll(port) {
  const total = build.files.length;
  let done = 0;
  let bytes = 0;
  for (const file of build.files) {
    // a page is asked for by its folder's address ("glossary/"), as links and readers do
    await ensure(new URL(file.path.replace(/(^|\/)index\.html$/, "$1"), SCOPE).href);
    done += 1;
    bytes += file.bytes;
    port.postMessage({ type: "progress", done, total, bytes });
  }
  port.postMessage({ type: "saved", files: total, bytes });
}

sw.addEventListener("message", (event) => {
  const type = event.data?.type;
  if (type === "keep") {
    event.waitUntil(keepPage(event.data.urls || [], Boolean(event.data.figures)));
    return;
  }
  const port = event.ports[0];
  if (!port) return;
  if (type === "size") {
    const bytes = build.files.reduce((sum, file) => sum + file.bytes, 0);
    port.postMessage({ type: "size", bytes, files: build.files.length });
  } else if (type === "save") {
    event.waitUntil(
      saveAll(port).catch((error) =>
        port.postMessage({ type: "save-failed", message: String(error.message || error) }),
      ),
    );
  }
});
