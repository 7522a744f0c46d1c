"""The worker's request options: the drawing without its claims, then the claims alone.

A redraw may leave the claims out (`"claims": false`: no claim's model run) and ask for them
next (`"claims": "only"`); together the two replies are exactly the one reply of a plain
request. A spec the page sends again is validated once (cached), a bad one never cached.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from synapse_docs.fields import load_fields
from synapse_figures import browser, runs
from synapse_figures.spec import parse_spec
from transmitter_cycle import parameters

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _specs() -> list[tuple[str, dict[str, Any]]]:
    found = []
    seen: set[tuple[str, bool]] = set()
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for n, body in enumerate(re.findall(r"```synapse\n(.*?)```", text, re.S), 1):
            spec = parse_spec(load_fields(body))
            kind = (spec.view, spec.compare is None)
            if spec.claims and spec.controls and kind not in seen:
                seen.add(kind)  # one figure per view, with and without a compared scenario
                found.append((f"{page.stem}#{n}", spec.to_dict()))
    return found


SPECS = _specs()


def _ask(**request: Any) -> dict[str, Any]:
    reply: dict[str, Any] = json.loads(browser.handle(json.dumps(request)))
    return reply


@pytest.mark.parametrize(("where", "spec"), SPECS, ids=[w for w, _ in SPECS])
def test_drawing_then_claims_is_one_reply(where: str, spec: dict[str, Any]) -> None:
    name = spec["controls"][0]
    default = parse_spec(spec)
    p = parameters(default.transmitter, default.scenario)[name]
    values = {name: p.minimum + 0.7 * (p.maximum - p.minimum)}
    for cache in (runs._RUNS, runs._SUMMARIES):
        cache.clear()
    whole = _ask(spec=spec, values=values)
    for cache in (runs._RUNS, runs._SUMMARIES):
        cache.clear()
    drawing = _ask(spec=spec, values=values, claims=False)
    assert "claims" not in drawing
    later = _ask(spec=spec, values=values, claims="only")
    assert set(later) == {"ok", "claims"}
    assert {**drawing, "claims": later["claims"]} == whole, where


def test_claims_only_reuses_the_drawings_run() -> None:
    where, spec = SPECS[0]
    runs._RUNS.clear()
    runs._SUMMARIES.clear()
    _ask(spec=spec, values={}, claims=False)
    calls = []
    model = runs.simulate
    try:
        runs.simulate = lambda *a, **k: calls.append(1) or model(*a, **k)  # type: ignore[assignment]
        _ask(spec=spec, values={}, claims="only")
    finally:
        runs.simulate = model
    assert calls == [], where  # the drawn run came from the cache; claims' runs are summaries


def test_a_bad_claims_option_is_refused() -> None:
    reply = _ask(spec=SPECS[0][1], values={}, claims="later")
    assert reply["ok"] is False
    assert "claims" in reply["error"]


def test_a_spec_is_validated_once_and_a_bad_one_not_cached() -> None:
    spec = SPECS[0][1]
    browser._SPECS.clear()
    _ask(spec=spec, values={})
    _ask(spec=dict(reversed(list(spec.items()))), values={})  # the same spec, keys reordered
    assert len(browser._SPECS) == 1
    bad = {**spec, "transmitter": "oxytocin"}
    assert _ask(spec=bad, values={})["ok"] is False
    assert len(browser._SPECS) == 1
    for _ in range(browser._SPECS_MAX + 5):
        _ask(spec={**spec, "caption": f"caption {_}"}, values={}, claims=False)
    assert len(browser._SPECS) == browser._SPECS_MAX


def test_a_drawing_without_its_csv_is_the_same_drawing() -> None:
    where, spec = SPECS[0]
    whole = _ask(spec=spec, values={}, claims=False)
    lean = _ask(spec=spec, values={}, claims=False, csv=False)
    assert lean["csv"] == ""
    assert {**lean, "csv": whole["csv"]} == whole, where
    assert _ask(spec=spec, values={}, csv="no")["ok"] is False
