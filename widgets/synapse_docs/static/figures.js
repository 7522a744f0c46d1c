// The page module: brings every `figure.synapse-figure` to life.
//
// The build wrote each figure as static HTML (SVG, controls, status, spec as data), so a page is
// complete without this script. Here we start one Web Worker per visit (it loads Pyodide once),
// only when a figure nears the viewport or is touched, and redraw a figure from the model whenever
// its controls move. The module is loaded once; Material's instant navigation swaps page content
// and calls `document$` again, so figures hydrate there and the worker survives navigation.

const WORKER_URL = new URL("./worker.js", import.meta.url);

const runtime = {
  worker: null,
  ready: null, // the one promise every request waits on
  nextId: 1,
  pending: new Map(), // id -> {resolve, reject}
  listeners: new Set(), // progress callbacks
};

function failAll(message) {
  for (const { reject } of runtime.pending.values()) reject(new Error(message));
  runtime.pending.clear();
}

function startWorker() {
  const worker = new Worker(WORKER_URL, { type: "module" });
  worker.onmessage = (event) => {
    const data = event.data;
    if (data.type === "status") {
      for (const listener of runtime.listeners) listener(data.message);
      return;
    }
    const entry = runtime.pending.get(data.id);
    if (!entry) return;
    runtime.pending.delete(data.id);
    if (data.ok) entry.resolve(data.result);
    else entry.reject(Object.assign(new Error(data.error), { input: Boolean(data.input) }));
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

function send(type, payload) {
  if (!runtime.worker) runtime.worker = startWorker();
  const id = runtime.nextId++;
  return new Promise((resolve, reject) => {
    runtime.pending.set(id, { resolve, reject });
    runtime.worker.postMessage({ id, type, payload });
  });
}

function boot() {
  runtime.ready ??= send("boot").catch((error) => {
    resetRuntime();
    throw error;
  });
  return runtime.ready;
}

// ---------------------------------------------------------------------------------------------
// One figure

function parseJSON(text, fallback) {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

function controlValues(figure) {
  const values = {};
  for (const input of figure.querySelectorAll('.synapse-controls input[type="range"]')) {
    values[input.name] = Number(input.value);
  }
  return values;
}

function showOutput(input) {
  const output = input.parentElement.querySelector("output");
  if (!output) return;
  const unit = output.textContent.replace(/^[-+0-9.e]+\s*/i, "");
  output.textContent = `${Number(Number(input.value).toPrecision(3))}${unit ? " " + unit : ""}`;
}

function setStatus(figure, text) {
  const status = figure.querySelector('[role="status"]');
  if (status && status.textContent !== text) status.textContent = text;
}

function showFailure(figure, reason) {
  figure.dataset.state = "failed";
  setStatus(figure, `The live figure could not start: ${reason}. The figure shows its default state.`);
  if (figure.querySelector(".synapse-retry")) return;
  const retry = document.createElement("button");
  retry.type = "button";
  retry.className = "md-button synapse-retry";
  retry.textContent = "Retry";
  retry.addEventListener("click", () => {
    retry.remove();
    goLive(figure);
  });
  figure.querySelector('[role="status"]').after(retry);
}

class Figure {
  constructor(element) {
    this.element = element;
    this.spec = parseJSON(element.dataset.spec, null);
    this.plot = element.querySelector(".synapse-plot");
    this.busy = false; // a request is in flight
    this.queued = null; // the latest values asked for meanwhile (latest wins)
    this.live = false;
  }

  // Draw the current control values; while a draw is in flight, keep only the latest request.
  request() {
    const values = controlValues(this.element);
    if (this.busy) {
      this.queued = values;
      return;
    }
    this.busy = true;
    send("render", { spec: this.spec, values })
      .then((result) => this.draw(result))
      .catch((error) => {
        if (error.input) setStatus(this.element, `This setting cannot be drawn: ${error.message}`);
        else showFailure(this.element, error.message);
      })
      .finally(() => {
        this.busy = false;
        if (this.queued && this.element.isConnected) {
          this.queued = null;
          this.request();
        }
      });
  }

  draw(result) {
    if (!this.element.isConnected) return;
    const template = document.createElement("template");
    template.innerHTML = result.svg; // our own model's SVG: built from numbers and registry labels
    const svg = template.content.firstElementChild;
    this.plot.replaceChildren(svg);
    this.element.dataset.summary = JSON.stringify(result.summary);
    this.element.dataset.state = "live";
    setStatus(this.element, result.text);
  }
}

const figures = new WeakMap();

function goLive(element) {
  const figure = figures.get(element);
  if (!figure || figure.live || element.dataset.state === "loading") return;
  if (!figure.spec) {
    showFailure(element, "its description in the page could not be read");
    return;
  }
  element.dataset.state = "loading";
  setStatus(element, "Loading the live model…");
  const progress = (message) => {
    if (element.dataset.state === "loading") setStatus(element, message);
  };
  runtime.listeners.add(progress);
  boot()
    .then(() => {
      figure.live = true;
      figure.request();
    })
    .catch((error) => showFailure(element, error.message))
    .finally(() => runtime.listeners.delete(progress));
}

function hydrate(root = document) {
  const elements = root.querySelectorAll("figure.synapse-figure");
  if (!elements.length) return; // a page without figures fetches no runtime byte
  const observer =
    "IntersectionObserver" in window
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              if (!entry.isIntersecting) continue;
              observer.unobserve(entry.target);
              goLive(entry.target);
            }
          },
          { rootMargin: "300px 0px" },
        )
      : null;
  for (const element of elements) {
    if (figures.has(element)) continue;
    const figure = new Figure(element);
    figures.set(element, figure);
    element.addEventListener("input", (event) => {
      if (!(event.target instanceof HTMLInputElement)) return;
      showOutput(event.target);
      if (figure.live) figure.request();
      else goLive(element);
    });
    element.addEventListener("focusin", () => goLive(element), { once: true });
    if (observer) observer.observe(element);
    else goLive(element);
  }
}

if (typeof document$ !== "undefined") {
  document$.subscribe(() => hydrate()); // Material: runs on first load and after instant navigation
} else {
  hydrate();
}
