// @ts-check
// The site search's worker: Material's own, started on the reader's first search.
//
// Material starts its search worker on every full page load, sends it the whole search index
// and builds the lunr index there at once: about 0.5 s of CPU per page load on a laptop core
// (several times that on a phone), spent while the page's figures start their runtime, for a
// search most readers never open. This stand-in (named in the page's config by
// overrides/main.html) answers Material's setup message with "ready" at once and keeps the
// index; the empty query the page sends as soon as search is ready gets the empty answer. On
// the first real query it loads Material's worker into itself (`?worker=` names the file, in
// assets/javascripts/workers/), hands it the setup, waits for the index to be built, then
// passes it that query and every message after it, unchanged. Material's replies go back
// unchanged, except its own "ready", which the page already had.
//
// The message types are Material's (9.8: src/…/integrations/search/worker/message): setup 0,
// ready 1, query 2, result 3. tests/browser/test_search.py searches through this worker.

/** @typedef {{type: number, data?: unknown}} Message */
/** @typedef {(event: {data: Message}) => void} Handler */

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;
const materialFile = new URL(self.location.href).searchParams.get("worker") || "";
if (!/^search\.[0-9a-f]+\.min\.js$/.test(materialFile)) {
  throw new Error(`search-worker.js: ?worker= must name Material's worker, not "${materialFile}"`);
}

const scope = /** @type {any} */ (self);
const post = self.postMessage.bind(self);
/** @type {{setup: Message | null, material: Handler | null, waiting: Message[] | null}} */
const state = {
  setup: null, // Material's setup message, kept until the first query
  material: null, // Material's message handler, once its index is built
  waiting: null, // the messages that came while the index was being built
};

/** Load Material's worker, hand it the setup, and pass it `first` once its index is built. */
function start(/** @type {Message} */ first) {
  state.waiting = [first];
  // Material's worker registers one "message" listener: take it, rather than let it see the
  // page's messages before its index is built
  /** @type {{handler: Handler | null}} */
  const taken = { handler: null };
  const add = self.addEventListener;
  scope.addEventListener = (/** @type {string} */ type, /** @type {any} */ listener) => {
    if (type === "message") taken.handler = listener;
    else add.call(self, /** @type {any} */ (type), listener);
  };
  try {
    importScripts(new URL(`../javascripts/workers/${materialFile}`, self.location.href).href);
  } finally {
    scope.addEventListener = add;
  }
  const handler = taken.handler;
  if (!handler) throw new Error(`search-worker.js: ${materialFile} took no messages`);
  // its answer to the setup is "ready": the sign that the index is built
  scope.postMessage = (/** @type {Message} */ message) => {
    if (message?.type === READY && state.material === null) {
      scope.postMessage = post;
      state.material = handler;
      for (const data of (state.waiting || []).splice(0)) handler({ data });
      return;
    }
    post(message);
  };
  if (state.setup) handler({ data: state.setup });
}

self.addEventListener("message", (/** @type {MessageEvent} */ event) => {
  /** @type {Message} */
  const message = event.data;
  if (state.material) return state.material({ data: message });
  if (message?.type === SETUP) {
    state.setup = message;
    post({ type: READY });
    return;
  }
  if (state.setup === null) throw new Error("search-worker.js: a query before Material's setup");
  if (state.waiting) return void state.waiting.push(message);
  // the page asks for its empty query as soon as search is ready: nothing to build for
  if (message?.type === QUERY && !String(message.data).trim()) {
    post({ type: RESULT, data: { items: [] } }); // what Material's worker answers to it
    return;
  }
  start(message);
});
