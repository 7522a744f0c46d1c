// @ts-check
// Offline reading, on every page: registers the site's service worker (`sw.js` at the site's
// root, written by offline.py after the build) and brings the footer's "Read offline" control to
// life: it states the size of the whole guide first, then saves every page, the figures' runtime
// and the PDF, with progress. Where the browser has no service worker, the control stays hidden
// and the site works as before. See the worker's header for what it keeps and when.

const ROOT = new URL("../../", import.meta.url);
const WORKER = new URL("sw.js", ROOT);

/** @param {number} bytes */
function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

/**
 * Ask the active service worker something; its answers arrive on `onReply`.
 * @param {object} message
 * @param {(reply: any) => void} onReply
 */
async function ask(message, onReply) {
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) throw new Error("the offline store is not ready");
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => onReply(event.data);
  worker.postMessage(message, [channel.port2]);
}

/** @param {HTMLElement} panel */
function wire(panel) {
  const button = /** @type {HTMLButtonElement | null} */ (panel.querySelector('[data-role="save-offline"]'));
  const status = panel.querySelector('[data-role="offline-status"]');
  if (!button || !status || panel.hasAttribute("data-wired")) return;
  panel.setAttribute("data-wired", "");
  panel.hidden = false;
  ask({ type: "size" }, (reply) => {
    if (reply.type === "size") button.textContent = `Read offline (save ${megabytes(reply.bytes)})`;
  }).catch(() => {});
  button.addEventListener("click", () => {
    button.disabled = true;
    status.textContent = "Saving the guide…";
    ask({ type: "save" }, (reply) => {
      if (reply.type === "progress") {
        status.textContent = `Saving: ${reply.done} of ${reply.total} files (${megabytes(reply.bytes)})`;
      } else if (reply.type === "saved") {
        status.textContent = `Saved: every page reads offline in this browser (${megabytes(reply.bytes)}).`;
        panel.setAttribute("data-saved", "");
      } else if (reply.type === "save-failed") {
        status.textContent = `Not saved: ${reply.message}. Try again when online.`;
        button.disabled = false;
      }
    }).catch((error) => {
      status.textContent = `Not saved: ${error.message}.`;
      button.disabled = false;
    });
  });
}

/**
 * Ask the worker to keep this page and what it loaded; with `figures`, also the model's runtime.
 * @param {boolean} figures
 */
async function keepThisPage(figures) {
  const registration = await navigator.serviceWorker.ready;
  const here = new URL(location.href);
  here.hash = "";
  const urls = [here.href];
  for (const entry of performance.getEntriesByType("resource")) {
    if (entry.name.startsWith(ROOT.href)) urls.push(entry.name);
  }
  registration.active?.postMessage({ type: "keep", urls, figures });
}

/**
 * Keep the page now; once one of its figures is live (its runtime is then in the browser's
 * cache, so keeping it costs no download), keep the runtime too. A page without figures never
 * asks for a runtime byte.
 */
function keepPage() {
  keepThisPage(false).catch(() => {});
  const figures = [...document.querySelectorAll("figure.synapse-figure")];
  if (!figures.length) return;
  const live = () => figures.some((figure) => figure.getAttribute("data-state") === "live");
  if (live()) {
    keepThisPage(true).catch(() => {});
    return;
  }
  const watcher = new MutationObserver(() => {
    if (!live()) return;
    watcher.disconnect();
    keepThisPage(true).catch(() => {});
  });
  for (const figure of figures) watcher.observe(figure, { attributes: true, attributeFilter: ["data-state"] });
}

// A page the worker controlled from its first request is kept by the worker as it loads (and so
// is every page reached from it); only a page loaded before then has to ask, and a page with
// figures, whose runtime the model's worker may have fetched past it.
let uncontrolledLoad = "serviceWorker" in navigator && navigator.serviceWorker.controller === null;

function start() {
  if (!("serviceWorker" in navigator)) return; // no offline reading; nothing else changes
  navigator.serviceWorker
    .register(WORKER, { scope: ROOT.pathname, updateViaCache: "none" })
    .then(() => {
      for (const panel of document.querySelectorAll(`[data-role="offline"]`)) wire(/** @type {HTMLElement} */ (panel));
      if (uncontrolledLoad || document.querySelector("figure.synapse-figure")) keepPage();
      uncontrolledLoad = false;
    })
    .catch(() => {}); // e.g. blocked by the browser's settings: the site works without it
}

// Material's `document$` emits on first load and after each instant navigation (which may
// replace the footer); this module may run before Material's bundle, as figures.js does.
function subscribe() {
  /** @type {{subscribe: (callback: () => void) => void} | undefined} Material's observable */
  const documents = /** @type {any} */ (globalThis).document$;
  if (documents === undefined) return false;
  documents.subscribe(() => start());
  return true;
}

if (!subscribe()) {
  start();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => subscribe() || start(), { once: true });
  }
}
