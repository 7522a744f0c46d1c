"""Benchmark: the Python half of a live redraw (slider → `browser.handle` → reply), per view.

For one figure of each view in the docs (the figure of that view whose redraw takes the most
solver steps: the worst case), the reader drags its first control through `POSITIONS` new track
positions, as the page sends them: the figure first goes live (`values` at their defaults, not
timed), then each move sends `{spec, values, before, limits}` with `before` the defaults and
`limits` the frame read from the first drawing. Each `handle()` call is timed, and split into
the model runs (all `simulate` calls: the figure's own and any a claim or a compared curve
needs), the claims (besides their runs), the drawing (SVG, text, CSV) and the request (JSON
in and out, spec and value validation). Prints Markdown: p50 and p95 per view, in ms, and
the same without the claims (their share of each call, runs included, taken off): what a
drawing costs when the page asks for it with `"claims": false` and for the claims after it.

Runs in CPython, and (when Node and `node_modules/pyodide` are present) the same code in Pyodide
under Node, which is what the browser runs (the worker adds only the message passing).

Run: python tests/bench/bench_redraw.py [ROUNDS] [--no-pyodide] [--widgets DIR]
     python tests/bench/bench_redraw.py [ROUNDS] --against DIR
  ROUNDS: drags per figure (default 3; each drag is `POSITIONS` calls, fresh caches).
  --widgets DIR: time the packages in DIR instead of this tree's `widgets/`.
  --against DIR: time DIR's packages and this tree's, interleaved round by round (separate
      processes, one round each in turn), and print both with their ratio.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve()
ROOT = _HERE.parents[2] if len(_HERE.parents) > 2 else _HERE.parent  # Pyodide: /b/
POSITIONS = 30
PARTS = ("model", "claims", "draw", "request")


# -- the figures (CPython, with PyYAML: the fences) ---------------------------------------------


def figures() -> list[dict[str, Any]]:
    """Return, per view, the spec (as the page sends it) of its costliest figure in the docs."""
    sys.path.insert(0, str(ROOT / "widgets"))
    from synapse_docs.fields import load_fields
    from synapse_figures.runs import redraw_steps
    from synapse_figures.spec import parse_spec

    best: dict[str, tuple[int, str, dict[str, Any]]] = {}
    for page in sorted((ROOT / "docs").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for n, body in enumerate(re.findall(r"```synapse\n(.*?)```", text, re.S), 1):
            spec = parse_spec(load_fields(body))
            if not spec.controls:
                continue
            steps = redraw_steps(spec)
            if spec.view not in best or steps > best[spec.view][0]:
                best[spec.view] = (steps, f"{page.stem} #{n}", spec.to_dict())
    return [{"where": where, "spec": data} for _, where, data in best.values()]


# -- the timed drag (runs in CPython and in Pyodide: standard library only) ---------------------


def positions(spec: dict[str, Any], name: str) -> list[float]:
    """Return `POSITIONS` values of control `name` across its track, the default left out."""
    from synapse_figures.controls import slider

    s = slider(spec["transmitter"], spec["scenario"], name, spec["set"].get(name))
    if s.scale == "log":
        track = list(s.values)
    else:
        count = round((s.maximum - s.minimum) / s.step)
        track = [s.minimum + s.step * round(count * i / 60) for i in range(61)]
    track = [v for v in dict.fromkeys(track) if v != s.value]
    if len(track) <= POSITIONS:
        return track
    # a drag: consecutive positions from the default upward, then downward
    above = [v for v in track if v > s.value]
    below = [v for v in track if v < s.value][::-1]
    return (above + below)[:POSITIONS]


def drag(spec: dict[str, Any]) -> list[dict[str, float]]:
    """Time one drag of the first control: per call, the total and the parts (ms)."""
    from synapse_figures import browser, figure, runs
    from synapse_figures.controls import slider

    for cache in (runs._RUNS, runs._CURVES, getattr(runs, "_SUMMARIES", {})):
        cache.clear()
    spent = {"model": 0.0, "claims": 0.0, "render": 0.0}
    inside = {"claims": False}
    claim_model = [0.0]

    models = {name: getattr(runs, name) for name in ("simulate", "simulate_summary")
              if hasattr(runs, name)}  # fmt: skip
    claim_verdicts = figure.claim_verdicts
    render = browser.render

    def timer(model: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return model(*args, **kwargs)
            finally:
                took = time.perf_counter() - start
                spent["model"] += took
                if inside["claims"]:
                    claim_model[0] += took

        return timed

    def timed_claims(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        inside["claims"] = True
        try:
            return claim_verdicts(*args, **kwargs)
        finally:
            inside["claims"] = False
            spent["claims"] += time.perf_counter() - start

    def timed_render(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return render(*args, **kwargs)
        finally:
            spent["render"] += time.perf_counter() - start

    for name, model in models.items():
        setattr(runs, name, timer(model))
    figure.claim_verdicts, browser.render = timed_claims, timed_render
    try:
        name = spec["controls"][0]
        defaults = {
            c: slider(spec["transmitter"], spec["scenario"], c, spec["set"].get(c)).value
            for c in spec["controls"]
        }
        first = json.loads(browser.handle(json.dumps({"spec": spec, "values": defaults})))
        assert first["ok"], first
        limits = {
            m.group(1): float(m.group(2))
            for m in re.finditer(r'data-panel="(\w+)" data-limit="([^"]+)"', first["svg"])
        }
        calls = []
        for value in positions(spec, name):
            payload: dict[str, Any] = {
                "spec": spec,
                "values": {**defaults, name: value},
                "before": defaults,
            }
            if limits:
                payload["limits"] = limits
            request = json.dumps(payload)
            for key in spent:
                spent[key] = 0.0
            claim_model[0] = 0.0
            start = time.perf_counter()
            reply = browser.handle(request)
            total = time.perf_counter() - start
            assert json.loads(reply)["ok"], reply[:300]
            calls.append(
                {
                    "total": total * 1e3,
                    "model": spent["model"] * 1e3,
                    "claims": (spent["claims"] - claim_model[0]) * 1e3,
                    "draw": (spent["render"] - spent["model"] - spent["claims"] + claim_model[0])
                    * 1e3,
                    "request": (total - spent["render"]) * 1e3,
                    # what the reply costs without its claims (`"claims": false`)
                    "drawing": (total - spent["claims"]) * 1e3,
                    "bytes": len(reply),
                }
            )
        if hasattr(browser, "_spec"):  # the tree knows `"claims": false` and `"csv": false`
            # the same drag again, as a page would ask: the drawing first (no claims, no CSV),
            # then the claims alone for the same settings
            for cache in (runs._RUNS, runs._CURVES, getattr(runs, "_SUMMARIES", {})):
                cache.clear()
            browser.handle(json.dumps({"spec": spec, "values": defaults}))
            for call, value in zip(calls, positions(spec, name), strict=True):
                payload = {"spec": spec, "values": {**defaults, name: value}, "before": defaults}
                if limits:
                    payload["limits"] = limits
                start = time.perf_counter()
                reply = browser.handle(json.dumps({**payload, "claims": False, "csv": False}))
                call["lean"] = (time.perf_counter() - start) * 1e3
                start = time.perf_counter()
                later = browser.handle(json.dumps({**payload, "claims": "only"}))
                call["later"] = (time.perf_counter() - start) * 1e3
                call["lean_bytes"] = len(reply)
                assert json.loads(reply)["ok"], reply[:300]
                assert json.loads(later)["ok"], later[:300]
        return calls
    finally:
        for name, model in models.items():
            setattr(runs, name, model)
        figure.claim_verdicts, browser.render = claim_verdicts, render


def measure(figs: list[dict[str, Any]], rounds: int) -> dict[str, list[dict[str, float]]]:
    """Return, per view, every timed call of `rounds` drags."""
    out: dict[str, list[dict[str, float]]] = {}
    for _ in range(rounds):
        for fig in figs:
            out.setdefault(fig["spec"]["view"], []).extend(drag(fig["spec"]))
    return out


# -- Pyodide under Node --------------------------------------------------------------------------

NODE_SCRIPT = r"""
import { loadPyodide } from "PYODIDE";
const [widgets, bench, request] = process.argv.slice(2);
const pyodide = await loadPyodide();
pyodide.FS.mkdirTree("/w");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: widgets }, "/w");
pyodide.FS.mkdirTree("/b");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: bench }, "/b");
pyodide.globals.set("request", request);
const out = pyodide.runPython(`
import sys, json
sys.path[:0] = ["/w", "/b"]
import bench_redraw
r = json.loads(request)
json.dumps(bench_redraw.measure(r["figures"], r["rounds"]))
`);
process.stdout.write(out);
"""


def pyodide_measure(
    figs: list[dict[str, Any]], rounds: int, widgets: Path
) -> dict[str, list[dict[str, float]]] | None:
    """Run `measure` in Pyodide under Node; None when Node or Pyodide is missing."""
    module = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"
    if not module.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bench.mjs"
        script.write_text(NODE_SCRIPT.replace("PYODIDE", module.as_uri()), encoding="utf-8")
        request = json.dumps({"figures": figs, "rounds": rounds})
        try:
            done = subprocess.run(
                ["node", str(script), str(widgets), str(Path(__file__).parent), request],
                capture_output=True,
                text=True,
                check=True,
                timeout=1200,
            )
        except (OSError, subprocess.CalledProcessError) as error:
            why = str(getattr(error, "stderr", "") or error).strip()[-1500:]
            print(f"(Pyodide under Node failed: ...{why})")
            return None
    result: dict[str, list[dict[str, float]]] = json.loads(done.stdout)
    return result


# -- report --------------------------------------------------------------------------------------


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20, method="inclusive")[-1] if len(xs) >= 2 else xs[0]


def table(title: str, figs: list[dict[str, Any]], data: dict[str, list[dict[str, float]]]) -> None:
    print(f"\n**{title}**\n")
    print(
        "| view | figure | calls | p50 (ms) | p95 (ms) | model p50 | claims p50 | draw p50 "
        "| request p50 | reply (kB) | without claims p50 / p95 |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    lean_rows = []
    for fig in figs:
        view = fig["spec"]["view"]
        calls = data[view]
        totals = [c["total"] for c in calls]
        parts = " | ".join(f"{statistics.median(c[p] for c in calls):.2f}" for p in PARTS)
        size = statistics.median(c["bytes"] for c in calls) / 1000
        drawing = [c.get("drawing", c["total"]) for c in calls]
        print(
            f"| {view} | {fig['where']} | {len(calls)} | {statistics.median(totals):.2f} | "
            f"{p95(totals):.2f} | {parts} | {size:.0f} | "
            f"{statistics.median(drawing):.2f} / {p95(drawing):.2f} |"
        )
        if all("lean" in c for c in calls):
            lean, later = [c["lean"] for c in calls], [c["later"] for c in calls]
            size = statistics.median(c["lean_bytes"] for c in calls) / 1000
            lean_rows.append(
                f"| {view} | {len(calls)} | {statistics.median(lean):.2f} | {p95(lean):.2f} | "
                f"{size:.0f} | {statistics.median(later):.2f} | {p95(later):.2f} |"
            )
    if lean_rows:
        print(
            '\nThe same drags asked as a page could: the drawing (`"claims": false, "csv": '
            'false`), then the claims alone (`"claims": "only"`):\n'
        )
        print(
            "| view | calls | drawing p50 (ms) | drawing p95 | reply (kB) | claims after p50 "
            "| claims after p95 |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        print("\n".join(lean_rows))


def _run_tree(widgets: Path, figs: list[dict[str, Any]], rounds: int, pyodide: bool) -> Any:
    """Measure one tree's packages in a fresh CPython process (and in Pyodide)."""
    code = (
        "import json, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; import bench_redraw; "
        "r = json.loads(sys.stdin.read()); "
        "print(json.dumps(bench_redraw.measure(r['figures'], r['rounds'])))"
    )
    env = {**os.environ, "PYTHONPATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", code, str(widgets), str(Path(__file__).parent)],
        input=json.dumps({"figures": figs, "rounds": rounds}),
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    cpython = json.loads(done.stdout)
    return cpython, (pyodide_measure(figs, rounds, widgets) if pyodide else None)


def compare(figs: list[dict[str, Any]], rounds: int, other: Path, pyodide: bool) -> None:
    """Interleave rounds of `other`'s packages and ours; print both and the ratios."""
    trees = {"before": other, "after": ROOT / "widgets"}
    found: dict[str, dict[str, dict[str, list[dict[str, float]]]]] = {
        f"{tree} {py}": {} for tree in trees for py in ("CPython", "Pyodide")
    }
    for _ in range(rounds):
        for tree, path in trees.items():
            cpython, pyo = _run_tree(path, figs, 1, pyodide)
            for key, data in ((f"{tree} CPython", cpython), (f"{tree} Pyodide", pyo)):
                for view, calls in (data or {}).items():
                    found[key].setdefault(view, []).extend(calls)
    for key, data in found.items():
        if data:
            table(f"{key} ({other if key.startswith('before') else 'this tree'})", figs, data)
    print("\n**after ÷ before (same run, interleaved)**\n")
    print("| view | runtime | p50 ratio | p95 ratio |")
    print("| --- | --- | ---: | ---: |")
    for fig in figs:
        view = fig["spec"]["view"]
        for py in ("CPython", "Pyodide"):
            a, b = found[f"after {py}"].get(view), found[f"before {py}"].get(view)
            if not a or not b:
                continue
            ta, tb = [c["total"] for c in a], [c["total"] for c in b]
            print(
                f"| {view} | {py} | {statistics.median(ta) / statistics.median(tb):.2f} | "
                f"{p95(ta) / p95(tb):.2f} |"
            )


def main(argv: list[str]) -> None:
    try:
        import yaml  # noqa: F401  (the fences are YAML: only reading them needs it)
    except ImportError:
        venv = ROOT / ".nox" / "tests" / "bin" / "python"
        if not venv.exists():
            raise SystemExit("reading the fences needs PyYAML: ./dev tests once") from None
        os.execv(str(venv), [str(venv), __file__, *argv])
    args = list(argv)
    pyodide = "--no-pyodide" not in args
    args = [a for a in args if a != "--no-pyodide"]
    widgets = ROOT / "widgets"
    other = None
    for flag in ("--widgets", "--against"):
        if flag in args:
            i = args.index(flag)
            path = Path(args[i + 1]).resolve()
            del args[i : i + 2]
            if flag == "--widgets":
                widgets = path
            else:
                other = path
    rounds = int(args[0]) if args else 3
    figs = figures()
    load = os.getloadavg()
    print(
        f"Redraw benchmark: {rounds} drag(s) × {POSITIONS} positions per figure; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    if other is not None:
        compare(figs, rounds, other, pyodide)
        return
    cpython, pyo = _run_tree(widgets, figs, rounds, pyodide)
    table(f"CPython {sys.version.split()[0]} ({widgets})", figs, cpython)
    if pyo:
        table("Pyodide under Node (what the worker runs)", figs, pyo)


if __name__ == "__main__":
    main(sys.argv[1:])
