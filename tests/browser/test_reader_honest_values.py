"""Honest values: every figure goes live showing exactly the figure the page showed.

For every figure of every page of the built site: each slider's track holds its default exactly
(its thumb sits on a position whose value is the default), the label shows that value in the
caption's scale, and, once the figure is live in the reader's browser and the model there has
drawn it at its defaults (Reset: a figure at its defaults goes live on the build's drawing, with
no run), the live summary equals the build-time one to 1e-9 and no slider moved.

The browser part boots the runtime once: one page, moving between chapters by Material's instant
navigation (the page, and so the worker, survive it).
"""

from __future__ import annotations

import html
import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import Watch, live, navigate, redraw_at_defaults

pytestmark = pytest.mark.browser

LIVE_TIMEOUT = 120_000  # ms: a cold Pyodide boot on a loaded machine

FIGURE = re.compile(r'<figure class="synapse-figure" id="([^"]+)"[^>]*data-summary="([^"]*)"')
INPUT = re.compile(r'<input type="range"[^>]*\bname="([^"]+)"[^>]*>')
OUTPUT = re.compile(r"<output [^>]*>([^<]*)</output>")


def attributes(tag: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', tag)}


def built_figures(site_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Every figure of the built site by page path: id, summary, sliders and their labels."""
    found: dict[str, list[dict[str, Any]]] = {}
    for index in sorted(site_dir.rglob("index.html")):
        text = index.read_text(encoding="utf-8")
        path = index.parent.relative_to(site_dir).as_posix()
        path = "" if path == "." else f"{path}/"
        for match in FIGURE.finditer(text):
            end = text.index("</figure>", match.start())
            body = text[match.start() : end]
            sliders = []
            for tag in INPUT.finditer(body):
                attrs = attributes(tag.group(0))
                output = OUTPUT.search(body, tag.end())
                attrs["shown"] = html.unescape(output.group(1)) if output else ""
                sliders.append(attrs)
            found.setdefault(path, []).append(
                {
                    "id": match.group(1),
                    "summary": json.loads(html.unescape(match.group(2))),
                    "sliders": sliders,
                }
            )
    return found


def close(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Return the summary keys where `a` and `b` differ by more than 1e-9 (relative)."""
    wrong = sorted(set(a) ^ set(b))
    for key in set(a) & set(b):
        x, y = a[key], b[key]
        if x is None or y is None:
            if x is not y:
                wrong.append(key)
        elif not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-15):
            wrong.append(f"{key}: {x!r} → {y!r}")
    return wrong


def shown(value: float, factor: float, unit: str) -> str:
    """The label's text, as figure.py's `format_value` writes it."""
    from synapse_figures.controls import format_value

    return format_value(value * factor, unit)


@pytest.fixture(scope="module")
def figures(site_dir: Path) -> dict[str, list[dict[str, Any]]]:
    found = built_figures(site_dir)
    assert sum(len(v) for v in found.values()) >= 14, found.keys()
    return found


def test_every_track_holds_its_default_exactly(figures: dict[str, list[dict[str, Any]]]) -> None:
    wrong = []
    for path, items in figures.items():
        for figure in items:
            for s in figure["sliders"]:
                where = f"{path} {figure['id']} {s['name']}"
                default = float(s["data-default"])
                position = float(s["value"])
                if s.get("data-scale") == "log":
                    values = [float(v) for v in s["data-values"].split()]
                    ok = position.is_integer() and values[int(position)] == default
                    ratios = [b / a for a, b in itertools.pairwise(values) if a > 0]
                    # a log track over more than two decades, in steps of at most a third
                    assert values[-1] / min(v for v in values if v > 0) > 100, where
                    assert max(ratios) <= 1.34, (where, max(ratios))
                else:
                    low, high, step = float(s["min"]), float(s["max"]), float(s["step"])
                    count = (default - low) / step
                    ok = position == default and abs(count - round(count)) < 1e-9
                    assert (high - low) / step >= 100, where  # fine enough to drag
                    top = (high - low) / step
                    assert abs(top - round(top)) < 1e-9, where  # the top is reachable
                if not ok:
                    wrong.append(where)
                expected = shown(default, float(s.get("data-factor", 1)), s.get("data-unit", ""))
                assert s["shown"] == expected, (where, s["shown"], expected)
                assert s["aria-valuetext"] == expected, where
                if s.get("data-unit") == "%":  # a fraction shows as % (as the captions write it)
                    assert s["shown"].endswith(" %"), where
    assert not wrong, wrong


def test_every_figure_goes_live_on_the_values_it_shows(
    live_page: Page, live_watch: Watch, base_url: str, figures: dict[str, list[dict[str, Any]]]
) -> None:
    page = live_page
    page.set_viewport_size({"width": 1280, "height": 900})
    checked = 0
    problems: list[str] = []
    for path, items in figures.items():
        navigate(page, base_url + path)  # instant navigation: one runtime for the whole visit
        for figure in items:
            locator = page.locator(f"#{figure['id']}")
            expect(locator).to_have_count(1)
            live(locator, LIVE_TIMEOUT)
            if figure["sliders"]:  # (a figure without controls never runs the model here)
                redraw_at_defaults(page, locator)
            now = json.loads(locator.get_attribute("data-summary") or "{}")
            change = max(
                (
                    abs(now[k] - v) / abs(v)
                    for k, v in figure["summary"].items()
                    if v and abs(v) > 1e-12 and now.get(k)
                ),
                default=0.0,
            )
            print(f"TABLE {path}{figure['id']} largest relative change of the summary {change:.2g}")
            problems += [f"{path} {figure['id']} {w}" for w in close(figure["summary"], now)]
            for s in figure["sliders"]:
                state = locator.locator(f'input[name="{s["name"]}"]').evaluate(
                    "(i) => ({value: i.value, exact: i.dataset.value ?? i.value,"
                    " shown: i.parentElement.querySelector('output').textContent})"
                )
                where = f"{path} {figure['id']} {s['name']}"
                if float(state["value"]) != float(s["value"]):
                    problems.append(f"{where}: the thumb moved {s['value']} → {state['value']}")
                if float(state["exact"]) != float(s["data-default"]):
                    problems.append(f"{where}: runs on {state['exact']}, not {s['data-default']}")
                if state["shown"] != s["shown"]:
                    problems.append(f"{where}: shows {state['shown']!r}, not {s['shown']!r}")
            checked += 1
    assert not problems, "\n".join(problems)
    assert checked == sum(len(v) for v in figures.values())
    boots = [url for url in live_watch.requests if url.endswith("pyodide.asm.wasm")]
    assert len(boots) == 1, boots  # one runtime for the whole visit (from its first request)
