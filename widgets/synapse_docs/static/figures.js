// @ts-check
// The page module: brings every `figure.synapse-figure` to life.
//
// The build wrote each figure as static HTML (SVG, controls, tools, status, spec as data), so a
// page is complete without this script. Here we start one Web Worker per visit (it loads Pyodide
// once), only when a figure nears the viewport or is touched, and redraw a figure from the model
// whenever its controls move. The module is loaded once; Material's instant navigation swaps page
// content and calls `document$` again, so figures hydrate there and the worker survives navigation.
//
// Permalinks: `?fig=<figure id>&<parameter>=<value>&…#<figure id>` on the page's URL (see
// synapse_figures/figure.py). Values from the URL are checked against the figure's own controls
// (known name, finite number, within the slider's bounds); anything else is ignored and named in
// the figure's status, as text (never as HTML).

const WORKER_URL = new URL("./worker.js", import.meta.url);
const MAX_NOTICE_ITEMS = 4;
const MAX_SHOWN_CHARS = 32;
const FRAME_MS = 90; // schematic playback: one frame every 90 ms (about 5 s per run)
const CLAIMS_PAUSE_MS = 150; // the controls at rest this long: the claims are checked again

/**
 * What the worker answers to a `render` request (synapse_figures/browser.py, `handle`).
 * @typedef {{svg: string, summary: object, text: string, csv?: string, legend?: string,
 *   claims?: Claim[], puzzle?: Verdict | null}} Drawing
 * @typedef {{claim: string, holds: boolean | null, detail: string, verdict?: string}} Claim
 * @typedef {{accepted: boolean, message: string, name?: string, cause?: string, stage?: string}} Verdict
 * @typedef {Error & {kind?: string}} ReplyError
 * @typedef {"static" | "loading" | "live" | "failed"} FigureState
 */

const runtime = {
  /** @type {Worker | null} */
  worker: null,
  /** @type {Promise<unknown> | null} the one promise every request waits on */
  ready: null,
  nextId: 1,
  /** @type {Map<number, {resolve: (result: any) => void, reject: (error: ReplyError) => void}>} */
  pending: new Map(),
  /** @type {Set<(message: string) => void>} progress callbacks */
  listeners: new Set(),
  stats: { renders: 0, drawn: 0, inFlight: 0 }, // for tests and the benchmark
};

/** @param {string} message */

function failAll(message) {
  for (const { reject } of runtime.pending.values()) reject(new Error(message));
  runtime.pending.clear();
}

// A failed reply's `error: {message, kind}` as an Error with its `kind`: "input" (the model
// refused these values: the figure stays live), "runtime" (start-up or the model failed) or
// "request" (the worker did not understand the request). A malformed error is a runtime error,
// shown as text.
/**
 * @param {unknown} error
 * @returns {ReplyError}
 */
function replyError(error) {
  const fields = /** @type {{message?: unknown, kind?: unknown}} */ (
    error !== null && typeof error === "object" ? error : {}
  );
  const message = "message" in fields ? fields.message : error;
  const kind = typeof fields.kind === "string" ? fields.kind : "runtime";
  return Object.assign(new Error(String(message)), { kind });
}

/** @returns {Worker} */
function startWorker() {
  let worker;
  try {
    worker = new Worker(WORKER_URL, { type: "module" });
  } catch (error) {
    throw new Error(`the model's worker could not start (${/** @type {Error} */ (error).message})`);
  }
  worker.onmessage = (event) => {
    const data = event.data || {};
    if (data.type === "status") {
      for (const listener of runtime.listeners) listener(String(data.message));
      return;
    }
    const entry = runtime.pending.get(data.id);
    if (!entry) return;
    runtime.pending.delete(data.id);
    if (data.ok) entry.resolve(data.result);
    else entry.reject(replyError(data.error));
  };
  worker.onerror = (event) => {
    event.preventDefault(); // reported in the figures' status, not as an uncaught error
    failAll(event.message ? `the model's worker stopped (${event.message})` : "the model's worker could not start");
    resetRuntime();
  };
  worker.onmessageerror = () => failAll("a reply from the model could not be read");
  return worker;
}

function resetRuntime() {
  if (runtime.worker) runtime.worker.terminate();
  runtime.worker = null;
  runtime.ready = null;
}

/**
 * @param {string} type
 * @param {object} [payload]
 * @returns {Promise<any>}
 */
function send(type, payload) {
  return new Promise((resolve, reject) => {
    if (!runtime.worker) runtime.worker = startWorker();
    const worker = runtime.worker;
    const id = runtime.nextId++;
    runtime.pending.set(id, { resolve, reject });
    worker.postMessage({ id, type, payload });
  });
}

// While the runtime starts, the worker says something at least every few seconds; silence
// this long means it stopped without an error event (killed, closed): give up, readably.
// The heartbeat proves the worker alive, not that its downloads progress, so start-up also has
// a deadline: a download that never answers fails the figure (with Retry) instead of leaving
// "Starting…" forever. Two minutes: the runtime's 4–6 MB on a slow mobile connection.
// Tests only: an init script may set `window.synapseTestBootSilenceMs` or
// `window.synapseTestBootDeadlineMs` (shorter waits).
const BOOT_SILENCE_MS = Number(globalThis.synapseTestBootSilenceMs) || 30_000;
const BOOT_DEADLINE_MS = Number(globalThis.synapseTestBootDeadlineMs) || 120_000;

/**
 * @param {Promise<unknown>} promise
 * @returns {Promise<unknown>}
 */
function watched(promise) {
  let silence = 0;
  let deadline = 0;
  return new Promise((resolve, reject) => {
    const arm = () => {
      clearTimeout(silence);
      silence = setTimeout(() => reject(new Error("the model's worker stopped answering")), BOOT_SILENCE_MS);
    };
    const seconds = Math.round(BOOT_DEADLINE_MS / 1000);
    deadline = setTimeout(
      () => reject(new Error(`the simulation did not start within ${seconds} s (a download may have stalled)`)),
      BOOT_DEADLINE_MS,
    );
    runtime.listeners.add(arm);
    arm();
    promise.then(resolve, reject).finally(() => {
      clearTimeout(silence);
      clearTimeout(deadline);
      runtime.listeners.delete(arm);
    });
  });
}

function boot() {
  if (typeof WebAssembly !== "object") {
    return Promise.reject(new Error("this browser cannot run WebAssembly, which the live figures need"));
  }
  runtime.ready ??= watched(send("boot")).catch((error) => {
    resetRuntime();
    throw error;
  });
  return runtime.ready;
}

// For tests and the benchmark: the worker's WebAssembly memory, and the runtime's state.
/** @type {any} */ (window).synapseRuntime = {
  memory: () => boot().then(() => send("memory")),
  booted: () => runtime.ready !== null,
  stats: runtime.stats,
};

// ---------------------------------------------------------------------------------------------
// Small helpers

/**
 * The first element matching `selector` inside `root` (the figure's own markup: HTML elements,
 * or SVG ones where the type says so).
 * @template {Element} [T=HTMLElement]
 * @param {ParentNode | null} root
 * @param {string} selector
 * @returns {T | null}
 */
function find(root, selector) {
  return root ? /** @type {T | null} */ (root.querySelector(selector)) : null;
}

/**
 * Every element matching `selector` inside `root`.
 * @template {Element} [T=HTMLElement]
 * @param {ParentNode | null} root
 * @param {string} selector
 * @returns {T[]}
 */
function findAll(root, selector) {
  return root ? /** @type {T[]} */ (Array.from(root.querySelectorAll(selector))) : [];
}

/**
 * @param {string | undefined} text
 * @param {any} fallback
 */
function parseJSON(text, fallback) {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return fallback;
  }
}

/** @param {string} text */
function shorten(text) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
  const clean = String(text).replace(/[\u0000-\u001f\u007f]/g, "?");
  return clean.length > MAX_SHOWN_CHARS ? `${clean.slice(0, MAX_SHOWN_CHARS)}…` : clean;
}

/**
 * @param {HTMLElement} figure
 * @returns {HTMLInputElement[]}
 */
function sliders(figure) {
  return findAll(figure, '.synapse-controls input[type="range"][name]');
}

// A slider's exact value is `data-value` (what the model runs on and the label shows). A linear
// track's positions are values; a log track's positions index `data-values` (figure.py, Slider).
/**
 * @param {HTMLInputElement & {trackValues?: number[]}} input
 * @returns {number[] | null}
 */
function trackValues(input) {
  if (input.dataset.scale !== "log") return null;
  input.trackValues ??= (input.dataset.values || "").split(" ").map(Number);
  return input.trackValues;
}

/** @param {HTMLInputElement} input */
function exactValue(input) {
  const value = Number(input.dataset.value ?? input.value);
  return Number.isFinite(value) ? value : Number(input.value);
}

/**
 * @param {HTMLInputElement} input
 * @returns {[number, number]}
 */
function bounds(input) {
  const values = trackValues(input);
  if (values) return [values[0], values[values.length - 1]];
  return [Number(input.min), Number(input.max)];
}

// The reader moved the thumb: the value is the one at its position.
/** @param {HTMLInputElement} input */
function takePosition(input) {
  const values = trackValues(input);
  const value = values ? values[Math.round(Number(input.value))] : Number(input.value);
  input.dataset.value = String(value);
  showOutput(input);
}

// Set an exact value (a permalink, a preset, reset): the thumb goes to the nearest position.
/**
 * @param {HTMLInputElement} input
 * @param {number} value
 */
function setValue(input, value) {
  const values = trackValues(input);
  if (values) {
    let best = 0;
    for (let i = 1; i < values.length; i++) {
      if (Math.abs(values[i] - value) < Math.abs(values[best] - value)) best = i;
    }
    input.value = String(best);
  } else input.value = String(value);
  input.dataset.value = String(value);
  showOutput(input);
}

/**
 * Whether every control still holds its default: the values the build drew the figure at.
 * @param {HTMLElement} figure
 */
function atDefaults(figure) {
  return sliders(figure).every((input) => exactValue(input) === Number(input.dataset.default));
}

/**
 * @param {HTMLElement} figure
 * @returns {Record<string, number>}
 */
function controlValues(figure) {
  /** @type {Record<string, number>} */
  const values = {};
  for (const input of sliders(figure)) values[input.name] = exactValue(input);
  return values;
}

// The same rounding as figure.py's `format_value`: three significant figures, no exponent.
/**
 * @param {number} value
 * @param {string} unit
 */
function formatValue(value, unit) {
  const rounded = Number(value.toPrecision(3));
  let text = String(rounded === 0 ? 0 : rounded);
  if (/e/i.test(text)) text = rounded.toFixed(Math.max(0, 2 - Math.floor(Math.log10(Math.abs(rounded)))));
  return unit ? `${text} ${unit}` : text;
}

/** @param {HTMLInputElement} input */
function showOutput(input) {
  const factor = Number(input.dataset.factor || 1);
  const text = formatValue(exactValue(input) * factor, input.dataset.unit || "");
  const output = find(input.parentElement, "output");
  if (output) output.textContent = text;
  input.setAttribute("aria-valuetext", text); // the slider announces its value with the unit
}

/**
 * @param {HTMLElement} figure
 * @param {string} text
 */
function setStatus(figure, text) {
  const status = find(figure, '[role="status"]');
  if (status && status.textContent !== text) status.textContent = text;
}

// ---------------------------------------------------------------------------------------------
// Permalinks

/** @param {HTMLElement} figure */
function permalinkHref(figure) {
  const params = new URLSearchParams({ fig: figure.id });
  for (const input of sliders(figure)) params.set(input.name, String(exactValue(input)));
  return `${location.pathname}?${params}#${figure.id}`;
}

// Read `?fig=…` for this figure: apply valid values to its sliders, return a notice for the rest.
/**
 * @param {HTMLElement} figure
 * @returns {string} the notice for what was ignored, or ""
 */
function applyPermalink(figure) {
  let params;
  try {
    params = new URLSearchParams(location.search);
  } catch {
    return "";
  }
  if (params.get("fig") !== figure.id) return "";
  const inputs = new Map(Array.from(sliders(figure), (input) => [input.name, input]));
  const ignored = [];
  let applied = 0;
  for (const [name, raw] of params) {
    if (name === "fig") continue;
    const input = inputs.get(name);
    const value = raw.trim() === "" ? NaN : Number(raw);
    let reason = "";
    if (!input) reason = "not a control of this figure";
    else if (!Number.isFinite(value)) reason = "not a number";
    else if (value < bounds(input)[0] || value > bounds(input)[1]) {
      reason = `must be between ${bounds(input)[0]} and ${bounds(input)[1]}`;
    }
    if (reason || !input) {
      ignored.push(`“${shorten(name)}” (${reason})`);
      continue;
    }
    setValue(input, value);
    applied += 1;
  }
  if (!ignored.length) return applied ? "Restored from the link." : "";
  const shown = ignored.slice(0, MAX_NOTICE_ITEMS).join(", ");
  const more = ignored.length > MAX_NOTICE_ITEMS ? ` and ${ignored.length - MAX_NOTICE_ITEMS} more` : "";
  return `Ignored from the link: ${shown}${more}.`;
}

// "Link to this view" hands the link over instead of following it: the phone's share sheet
// where there is one (a touch screen), else the clipboard ("Link copied"), else the address bar.
const SHARED_MS = 2500; // how long the link says what it did

/** @param {HTMLAnchorElement} link */
async function share(link) {
  const url = new URL(link.getAttribute("href") ?? "", location.href).href;
  const label = link.dataset.label ?? link.textContent ?? "";
  link.dataset.label = label;
  /** @param {string} done */
  const say = (done) => {
    link.textContent = done;
    setTimeout(() => {
      link.textContent = label;
    }, SHARED_MS);
  };
  if (typeof navigator.share === "function" && matchMedia("(pointer: coarse)").matches) {
    try {
      await navigator.share({ url, title: document.title });
      return;
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") return; // the reader closed it
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    say("Link copied");
  } catch {
    history.replaceState(history.state, "", url); // no clipboard: the link is in the address bar
    say("Link in the address bar");
  }
}

// ---------------------------------------------------------------------------------------------
// Downloads: built when the reader clicks a download link (never on a redraw); one blob URL per
// link, the previous one revoked

const QUANTITIES = ["cytosol", "vesicles", "ready", "cleft", "occupancy", "glia"];
const EXPORT_VARS = [
  "--tc-c1",
  "--tc-c2",
  "--tc-c3",
  "--tc-c4",
  "--tc-baseline",
  "--tc-grid",
  "--tc-cell",
  "--tc-cell-edge",
  "--tc-text",
  "--tc-muted",
  ...QUANTITIES.map((name) => `--tc-${name}`),
];

// The light palette (`.tc-export` in figures.css), as declarations.
function exportPalette() {
  const probe = document.createElement("div");
  probe.className = "tc-export";
  probe.hidden = true;
  document.body.append(probe);
  const style = getComputedStyle(probe);
  const palette = EXPORT_VARS.map((name) => `${name}:${style.getPropertyValue(name).trim() || "#000"}`);
  probe.remove();
  return palette.join(";");
}

// The drawing rules of figures.css (its top-level `.tc-…` rules, read from the page's own
// stylesheet, so nothing is copied here), with the light palette written in.
function exportStyle() {
  const rules = [];
  for (const sheet of Array.from(document.styleSheets)) {
    if (!sheet.href || !/\/figures\.css(\?|$)/.test(sheet.href)) continue;
    for (const rule of Array.from(sheet.cssRules)) {
      if (
        rule instanceof CSSStyleRule &&
        rule.selectorText.includes(".tc-") &&
        !rule.selectorText.includes(".tc-export")
      ) {
        rules.push(rule.cssText);
      }
    }
  }
  return `svg{${exportPalette()};font-family:system-ui,sans-serif;font-size:13px;background:#fff}${rules.join("")}`;
}

/** @param {SVGSVGElement} svg */
function svgText(svg) {
  const copy = /** @type {SVGSVGElement} */ (svg.cloneNode(true));
  const style = document.createElementNS("http://www.w3.org/2000/svg", "style");
  style.textContent = exportStyle();
  copy.insertBefore(style, copy.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/**
 * @param {HTMLAnchorElement} link
 * @param {BlobPart[]} parts
 * @param {string} type
 */
function setBlob(link, parts, type) {
  if (link.dataset.blob) URL.revokeObjectURL(link.dataset.blob);
  const url = URL.createObjectURL(new Blob(parts, { type }));
  link.dataset.blob = url;
  link.href = url;
}

// ---------------------------------------------------------------------------------------------
// The schematic's frames: every `[data-frames]` element lists one value per frame

/**
 * @param {HTMLElement} figure
 * @param {number} index
 */
function showFrame(figure, index) {
  /** @type {SVGSVGElement | null} */
  const svg = find(figure, ".synapse-plot svg");
  if (!svg?.dataset.times) return;
  const times = svg.dataset.times.split(" ");
  const i = Math.max(0, Math.min(times.length - 1, index));
  for (const element of findAll(svg, "[data-frames]")) {
    const values = (element.dataset.frames || "").split(" ");
    for (const attribute of (element.dataset.frameAttr || "").split(" ")) {
      if (attribute) element.setAttribute(attribute, values[i] ?? values[values.length - 1]);
    }
  }
  /** @type {HTMLInputElement | null} */
  const scrubber = find(figure, '[data-role="scrubber"]');
  if (!scrubber) return;
  const label = `${Number(Number(times[i]).toPrecision(3))} s`;
  scrubber.value = String(i);
  scrubber.setAttribute("aria-valuetext", label);
  const output = find(scrubber.parentElement, "output");
  if (output) output.textContent = label;
}

// ---------------------------------------------------------------------------------------------
// One figure

// Each panel's y-axis top, as the drawing says (`data-limit` on its `[data-panel]`).
/**
 * @param {SVGSVGElement | null} svg
 * @returns {Record<string, number> | null}
 */
function readLimits(svg) {
  if (!svg) return null;
  /** @type {Record<string, number>} */
  const limits = {};
  for (const panel of findAll(svg, "[data-panel][data-limit]")) {
    const value = Number(panel.dataset.limit);
    const name = panel.dataset.panel;
    if (name && Number.isFinite(value) && value > 0) limits[name] = value;
  }
  return Object.keys(limits).length ? limits : null;
}

// A figure's state, one value, shown as its `data-state` (figures.css and the tests read it):
// "static" (the build's drawing; the runtime not asked for yet) → "loading" (the runtime
// starts, the first drawing is on its way) → "live" (drawn by the model; redraws follow the
// controls); "failed" from either (the static or last drawing stays, with the reason and
// Retry). Apart from it, only the redraw queue: `drawing` (a request is in flight) and `due`
// (the controls moved meanwhile: draw their latest values next; latest wins).

class Figure {
  /** @param {HTMLElement} element */
  constructor(element) {
    this.element = element;
    this.spec = parseJSON(element.dataset.spec, null);
    this.plot = /** @type {HTMLElement} */ (find(element, ".synapse-plot")); // the fence always writes it
    this.state = element.dataset.state || "static";
    this.drawing = false;
    this.due = false;
    this.notice = ""; // what a permalink asked for that was ignored
    this.csv = ""; // the data of the values in `csvFor` (JSON), for the CSV download
    this.csvFor = "";
    this.timer = null; // schematic playback
    // an experiment: where the reader started (drawn faint until reset) and the frame (each
    // panel's y-axis top), kept while the reader drags, refitted on release if a curve leaves it
    this.before = null;
    this.limits = null;
    this.released = false; // the reader let go: refit the frame if the last drawing overflowed
    this.verdict = null; // a puzzle figure: the model's check of the values drawn last
    this.found = new Map(); // the puzzle's causes found: control name -> words
    this.checking = false; // the reader asked for a check while a redraw was in flight
    this.refitting = false; // the drawing in flight fits the axes afresh
    this.claimsTimer = 0; // the pause before the claims are asked for
    this.claimsFor = ""; // the values whose claims were asked for last (JSON)
    // what the build said of its drawing (the status), said again when the figure goes live on it
    this.builtStatus = find(element, '[role="status"]')?.textContent || "";
    this.redrawn = false; // the plot holds a drawing of the model's, not the build's
  }

  /** @param {FigureState} state */
  setState(state) {
    this.state = state;
    this.element.dataset.state = state;
    if (state !== "live") return;
    const csvLink = find(this.element, 'a[data-role="download-csv"]');
    if (csvLink) csvLink.hidden = false; // the model makes the data when the reader asks for it
  }

  // Start the runtime (once per page visit) and draw: on first sight, focus or touch, or Retry.
  goLive() {
    if (this.state === "loading" || this.state === "live") return;
    if (!this.spec) {
      this.fail("its description in the page could not be read");
      return;
    }
    find(this.element, ".synapse-retry")?.remove();
    this.setState("loading");
    setStatus(this.element, "Starting the simulation…");
    const progress = (message) => {
      if (this.state === "loading") setStatus(this.element, message);
    };
    runtime.listeners.add(progress);
    boot()
      .then(() => this.first())
      .catch((error) => this.fail(error.message))
      .finally(() => runtime.listeners.delete(progress));
  }

  // The runtime is up: the first drawing. At the defaults, the build's drawing still on the
  // page is the model's: the same code ran in CPython, and tests/site/test_runtime_files.py
  // proves that Pyodide draws the same markup and summary. The figure goes live on it, with the
  // build's status and claims, and the model first runs when the reader moves a control.
  // Otherwise (a permalink's values, a control moved while the runtime started, a drawing of the
  // model's already shown, a puzzle, whose check needs the model's verdict) the model draws.
  first() {
    if (this.state !== "loading" || !this.element.isConnected) return;
    const built = !this.redrawn && !this.notice && atDefaults(this.element);
    if (!built || find(this.element, '[data-role="puzzle"]')) {
      this.request();
      return;
    }
    this.setState("live");
    setStatus(this.element, this.builtStatus);
  }

  /** @param {string} reason */
  fail(reason) {
    this.setState("failed");
    setStatus(this.element, `The live figure could not start: ${reason}. The figure shows its default state.`);
    if (find(this.element, ".synapse-retry")) return;
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "synapse-button synapse-retry";
    retry.textContent = "Retry";
    retry.addEventListener("click", () => {
      retry.remove();
      this.goLive();
    });
    find(this.element, '[role="status"]')?.after(retry);
  }

  // The puzzle: check the values drawn now (the model's verdict came with the drawing).
  check() {
    if (this.drawing) {
      this.checking = true;
      return;
    }
    this.checking = false;
    const panel = find(this.element, '[data-role="puzzle"]');
    const verdict = this.verdict;
    if (!panel || !verdict) return;
    const say = find(panel, '[data-role="verdict"]');
    let message = String(verdict.message || "");
    if (verdict.accepted && verdict.name) {
      if (this.found.has(verdict.name)) message += " You found this cause already: try another.";
      else {
        this.found.set(verdict.name, `${verdict.cause} (${verdict.stage})`);
        const item = document.createElement("li");
        item.textContent = this.found.get(verdict.name);
        find(panel, '[data-role="found"]')?.append(item);
      }
    }
    panel.dataset.found = String(this.found.size);
    panel.dataset.last = verdict.accepted ? "accepted" : "rejected";
    if (this.found.size >= 3) {
      panel.dataset.solved = "true";
      const causes = Array.from(this.found.values()).join("; ");
      message +=
        ` Solved: ${this.found.size} different causes give the same level: ${causes}.` +
        " The same “imbalance” can come from different stages of the cycle, so a level alone does not tell you its cause.";
    } else if (verdict.accepted) {
      message += ` ${this.found.size} of 3 found. Reset and find another.`;
    }
    if (say) say.textContent = message;
  }

  // The reader is about to change the controls: remember where they started, lock the frame.
  startExperiment() {
    if (this.before) return;
    this.before = controlValues(this.element);
    this.limits = readLimits(find(this.plot, "svg"));
  }

  // Draw the current control values; while a draw is in flight, only remember that another is due.
  request() {
    if (this.drawing) {
      this.due = true;
      return;
    }
    this.drawing = true;
    this.due = false;
    clearTimeout(this.claimsTimer);
    this.claimsFor = "";
    const values = controlValues(this.element);
    runtime.stats.renders += 1;
    runtime.stats.inFlight += 1;
    // the drawing alone: the caption's claims follow in a second request once the reader
    // pauses (`requestClaims`), so that a direction claim's model runs never delay a redraw
    /** @type {Record<string, unknown>} */
    const payload = { spec: this.spec, values, claims: false, csv: false }; // the CSV: on click
    if (this.before) payload.before = this.before;
    if (this.limits) payload.limits = this.limits;
    send("render", payload)
      .then((result) => this.draw(result, values))
      .catch((error) => {
        if (error.kind !== "input") return this.fail(error.message);
        // the model refused these values: the runtime is up, the controls stay usable
        this.setState("live");
        setStatus(this.element, `This setting cannot be drawn: ${error.message}`);
      })
      .finally(() => {
        this.drawing = false;
        runtime.stats.inFlight -= 1;
        if (this.state !== "live" || !this.element.isConnected) return;
        if (this.due) this.request();
        else {
          if (this.released) this.refit();
          if (!this.drawing && this.checking) this.check();
        }
      });
  }

  // The caption's claims, re-checked by the model at the values just drawn: asked for when the
  // controls rest (CLAIMS_PAUSE_MS after a drawing with nothing due), and shown only if the
  // figure still shows those values. A failure leaves each claim its last verdict.
  /**
   * @param {Record<string, number>} values
   * @param {string} said the status of the drawing
   */
  requestClaims(values, said) {
    if (!find(this.element, "li[data-claim]")) return;
    const key = JSON.stringify(values);
    this.claimsFor = key;
    clearTimeout(this.claimsTimer);
    this.claimsTimer = setTimeout(() => {
      send("render", { spec: this.spec, values, claims: "only" })
        .then((/** @type {{claims?: Claim[]}} */ result) => {
          if (this.claimsFor !== key || this.drawing || !this.element.isConnected) return;
          const flipped = this.showClaims(result.claims || []);
          if (flipped.length) setStatus(this.element, `${said} ${flipped.join(" ")}`);
        })
        .catch(() => {});
    }, CLAIMS_PAUSE_MS);
  }

  // On release: if the curve left the fixed frame, draw once more with axes fitted to it.
  refit() {
    this.released = false;
    /** @type {SVGSVGElement | null} */
    const svg = find(this.plot, "svg");
    if (svg?.dataset.overflow !== "true") return;
    this.limits = null;
    this.refitting = true;
    this.request();
  }

  /**
   * @param {Drawing} result
   * @param {Record<string, number>} values what was drawn
   */
  draw(result, values) {
    if (!this.element.isConnected) return;
    const template = document.createElement("template");
    template.innerHTML = result.svg; // our own model's SVG: built from numbers and registry labels
    const svg = /** @type {SVGSVGElement | null} */ (template.content.firstElementChild);
    if (!svg) return;
    /** @type {HTMLInputElement | null} */
    const scrubber = find(this.element, '[data-role="scrubber"]');
    this.plot.replaceChildren(svg); // the old drawing goes: nothing accumulates
    this.redrawn = true;
    if (scrubber) showFrame(this.element, Number(scrubber.value));
    if (this.refitting || (this.before && !this.limits)) this.limits = readLimits(svg);
    this.refitting = false;
    if (result.legend) {
      const legend = find(this.element, '[data-role="legend"]');
      const fresh = document.createElement("template");
      fresh.innerHTML = result.legend; // our own model's HTML: labels from the registry, escaped
      if (legend && fresh.content.firstElementChild) legend.replaceWith(fresh.content.firstElementChild);
    }
    this.element.dataset.summary = JSON.stringify(result.summary);
    this.verdict = result.puzzle || null;
    this.setState("live");
    const said = this.notice ? `${this.notice} ${result.text}` : result.text;
    const flipped = result.claims ? this.showClaims(result.claims) : [];
    setStatus(this.element, flipped.length ? `${said} ${flipped.join(" ")}` : said);
    if (!result.claims && !this.due) this.requestClaims(values, said);
    runtime.stats.drawn += 1;
  }

  // The caption's claims, re-checked by the model at these settings: each item's data-holds
  // and its values follow the run just drawn. Returns a sentence per claim whose truth changed
  // (announced once, with the status); an unchanged verdict says nothing.
  /**
   * @param {Claim[]} claims
   * @returns {string[]}
   */
  showClaims(claims) {
    const flipped = [];
    for (const item of findAll(this.element, "li[data-claim]")) {
      const claim = claims.find((c) => c.claim === item.dataset.claim);
      if (!claim) continue;
      // null: the claim's measure cannot be taken at these settings (no release at all, say):
      // a neutral verdict, neither a tick nor a cross
      const unknown = claim.holds === null || claim.holds === undefined;
      const holds = unknown ? "unknown" : claim.holds ? "true" : "false";
      const values = find(item, ".synapse-claim-values");
      const verdict = find(item, ".synapse-claim-verdict");
      const answer = unknown ? "" : `${claim.holds ? "yes" : "no"} — `;
      if (values) values.textContent = `at these settings: ${answer}${claim.detail}`;
      const word = unknown ? "can't be measured here" : claim.holds ? "holds" : "does not hold";
      if (verdict) verdict.textContent = claim.verdict || word;
      if (item.dataset.holds !== holds) {
        const sentence = find(item, ".synapse-claim-sentence")?.textContent || claim.claim;
        const said = unknown ? "Can't be measured here" : claim.holds ? "Now holds" : "No longer holds";
        flipped.push(`${said}: ${sentence}`);
      }
      item.dataset.holds = holds;
    }
    return flipped;
  }

  // A download link was clicked: its file is made now, from what the figure shows. The CSV of
  // values the model has not tabulated yet is asked for first (redraws leave it out), then the
  // link is followed again.
  /**
   * @param {HTMLAnchorElement} link
   * @param {Event} event
   */
  download(link, event) {
    const values = controlValues(this.element);
    if (link.dataset.role === "download-csv") {
      if (this.csvFor === JSON.stringify(values)) setBlob(link, [this.csv], "text/csv");
      else if (this.state === "live") {
        event.preventDefault();
        send("render", { spec: this.spec, values, claims: false })
          .then((/** @type {Drawing} */ result) => {
            if (!result.csv) return;
            [this.csv, this.csvFor] = [result.csv, JSON.stringify(values)];
            link.click();
          })
          .catch((error) => setStatus(this.element, `The data could not be made: ${error.message}`));
      }
    }
    /** @type {SVGSVGElement | null} */
    const svg = find(this.plot, "svg");
    if (link.dataset.role === "download-svg" && svg) setBlob(link, [svgText(svg)], "image/svg+xml");
  }

  // The permalink follows the controls (the one place it is set).
  linkControls() {
    /** @type {HTMLAnchorElement | null} */
    const link = find(this.element, 'a[data-role="permalink"]');
    if (link) link.href = permalinkHref(this.element);
  }

  reset() {
    for (const input of sliders(this.element)) {
      setValue(input, Number(input.dataset.default ?? input.defaultValue));
    }
    this.notice = "";
    this.before = null; // the experiment ends: no faint trace, axes fitted again
    this.limits = null;
    this.changed();
  }

  /** @param {HTMLElement} button */
  preset(button) {
    const setting = parseJSON(button.dataset.preset, null);
    if (!setting || typeof setting !== "object") return;
    this.startExperiment();
    for (const input of sliders(this.element)) {
      const value = Number(setting[input.name]);
      if (input.name in setting && Number.isFinite(value)) setValue(input, value);
    }
    this.notice = "";
    this.released = true;
    this.changed();
  }

  // The controls changed: update the link at once, redraw when live.
  changed() {
    this.linkControls();
    if (this.state === "live") this.request();
    else this.goLive();
  }

  /** @param {HTMLElement} button */
  togglePlay(button) {
    if (this.timer !== null) {
      this.stop();
      return;
    }
    /** @type {HTMLInputElement | null} */
    const scrubber = find(this.element, '[data-role="scrubber"]');
    if (!scrubber) return;
    if (Number(scrubber.value) >= Number(scrubber.max)) showFrame(this.element, 0);
    button.textContent = "Pause";
    this.timer = setInterval(() => {
      if (!this.element.isConnected) return this.stop();
      const next = Number(scrubber.value) + 1;
      if (next > Number(scrubber.max)) return this.stop();
      showFrame(this.element, next);
    }, FRAME_MS);
  }

  stop() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    const button = find(this.element, '[data-role="play"]');
    if (button) button.textContent = "Play";
  }
}

const figures = new WeakMap();

/**
 * @param {HTMLElement} element
 * @param {Figure} figure
 */
function wire(element, figure) {
  element.addEventListener("input", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    if (target.dataset.role === "scrubber") {
      figure.stop();
      showFrame(element, Number(target.value));
      return;
    }
    if (!target.name) return;
    figure.startExperiment();
    takePosition(target);
    figure.notice = "";
    figure.changed();
  });
  // `change` fires when the reader lets go of the thumb (and after each key press)
  element.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || !target.name) return;
    figure.released = true;
    if (!figure.drawing && figure.state === "live") figure.refit();
  });
  element.addEventListener("click", (event) => {
    /** @type {HTMLElement | null} */
    const target = event.target instanceof Element ? event.target.closest("[data-role], [data-preset]") : null;
    if (!target) return;
    const role = target.dataset.role;
    if (role === "reset") figure.reset();
    else if (target.hasAttribute("data-preset")) figure.preset(target);
    else if (role === "play") figure.togglePlay(target);
    else if (role === "check") figure.check();
    else if (role === "download-csv" || role === "download-svg") {
      // Material's instant navigation (on the body) would take the link, an address on this
      // page until its file is made, for a navigation that replaces every figure: keep it here
      event.stopPropagation();
      figure.download(/** @type {HTMLAnchorElement} */ (target), event); // the frame shown now
    } else if (role === "permalink") {
      event.preventDefault();
      event.stopPropagation();
      share(/** @type {HTMLAnchorElement} */ (target));
    }
  });
  element.addEventListener("focusin", () => figure.goLive(), { once: true });
  element.addEventListener("pointerdown", () => figure.goLive(), { once: true });
  const shown =
    '.synapse-player, .synapse-presets, [data-role="reset"], [data-role="check"], a[data-role="download-svg"]';
  for (const hidden of findAll(element, shown)) hidden.hidden = false;
}

let observer = null;

/** @param {ParentNode} [root] */
function hydrate(root = document) {
  const elements = findAll(root, "figure.synapse-figure");
  if (!elements.length) return; // a page without figures fetches no runtime byte
  observer?.disconnect(); // the previous page's figures are gone (instant navigation)
  if (!observer && "IntersectionObserver" in window) {
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          observer.unobserve(entry.target);
          figures.get(entry.target)?.goLive();
        }
      },
      { rootMargin: "300px 0px" },
    );
  }
  for (const element of elements) {
    if (figures.has(element)) continue;
    const figure = new Figure(element);
    figures.set(element, figure);
    wire(element, figure);
    figure.notice = applyPermalink(element);
    figure.linkControls();
    if (figure.notice) {
      setStatus(element, figure.notice);
      figure.goLive(); // the reader came for this figure: start at once
    } else if (observer) observer.observe(element);
    else figure.goLive();
  }
}

// Material's `document$` emits on first load and after each instant navigation. This module may
// also run before Material's bundle (loaded `async`, to start the runtime sooner): then hydrate
// what is parsed now, and subscribe once the document is complete. `hydrate` is idempotent.
function subscribe() {
  /** @type {{subscribe: (callback: () => void) => void} | undefined} Material's observable */
  const documents = /** @type {any} */ (globalThis).document$;
  if (documents === undefined) return false;
  documents.subscribe(() => hydrate());
  return true;
}

if (!subscribe()) {
  hydrate();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => subscribe() || hydrate(), { once: true });
  }
}
