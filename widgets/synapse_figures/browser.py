"""The browser entry point: one JSON-in, JSON-out function that the Web Worker calls.

The worker passes a string and gets a string back, so no Python object crosses into JavaScript
and nothing needs releasing. This module never imports `js`: it runs the same under CPython,
which is how it is tested.
"""

from __future__ import annotations

import json
import math
from typing import Any

from transmitter_cycle import ParameterError

from .figure import render, verdicts
from .spec import FigureSpec, parse_spec, parse_values


def handle(request: str) -> str:
    """Answer one request from the page.

    A request is `{"spec": {...}, "values": {name: number}}`: a figure spec (as the fence wrote it
    into the page) and the sliders' values; optionally `"before": {name: number}` (where the
    reader started: drawn as a faint trace) and `"limits": {state: number}` (the top of each
    panel's y axis, kept while the reader drags). The reply is
    `{"ok": true, "svg", "summary", "text", "csv", "legend"}` (and `"claims"`, each claim's
    verdict), or `{"ok": false, "error": message}` for input the model refuses (a bad value
    from a permalink, say): the message names the field, the rule and the value.

    `"claims": false` leaves the claims out (their runs too: a direction claim costs a model
    run), so the drawing comes back sooner while the reader drags; `"claims": "only"` answers
    with `{"ok": true, "claims": [...]}` alone, for the same settings (the drawing's run is
    cached, so this costs the claims' runs only). The default, `true`, sends both.
    `"csv": false` leaves the data's CSV out (`"csv": ""`): formatting every sample is a
    tenth of a redraw, and the download can ask for it when the reader clicks.
    """
    try:
        data: Any = json.loads(request)
        if not isinstance(data, dict):
            raise ParameterError("request", "must be a JSON object", data)
        spec = _spec(data.get("spec") or {})
        want = data.get("claims", True)
        if want not in (True, False, "only"):
            raise ParameterError("claims", "must be true, false or 'only'", want)
        csv = data.get("csv", True)
        if csv not in (True, False):
            raise ParameterError("csv", "must be true or false", csv)
        raw_values = data.get("values") or {}
        if not isinstance(raw_values, dict):
            raise ParameterError("values", "must map parameter names to numbers", raw_values)
        values = parse_values(spec.transmitter, spec.scenario, raw_values)
        before = data.get("before")
        if before is not None:
            if not isinstance(before, dict):
                raise ParameterError("before", "must map parameter names to numbers", before)
            before = parse_values(spec.transmitter, spec.scenario, before)
        limits = _limits(spec.show, data.get("limits"))
        if want == "only":
            reply: dict[str, Any] = {"ok": True, "claims": list(verdicts(spec, values))}
        else:
            drawn = render(spec, values, before=before, limits=limits, claims=want, csv=csv)
            reply = {"ok": True, **drawn.to_dict()}
    except (ParameterError, json.JSONDecodeError) as error:
        reply = {"ok": False, "error": str(error)}
    return json.dumps(reply, allow_nan=False)


#: specs already validated, by their JSON text: the page sends the same spec with every move,
#: and validating it (claims parsed, names checked) is a tenth of a redraw
_SPECS: dict[str, FigureSpec] = {}
_SPECS_MAX = 32


def _spec(raw: Any) -> FigureSpec:
    """Return `parse_spec(raw)`, from a bounded cache keyed by the spec's canonical JSON."""
    try:
        key = json.dumps(raw, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return parse_spec(raw)  # not JSON-like: let the validation say why
    spec = _SPECS.get(key)
    if spec is None:
        spec = parse_spec(raw)  # raises for a bad spec: nothing is cached then
        if len(_SPECS) >= _SPECS_MAX:
            _SPECS.pop(next(iter(_SPECS)))
        _SPECS[key] = spec
    return spec


def _limits(show: tuple[str, ...], raw: Any) -> dict[str, float] | None:
    """Validate the panels' y-axis tops: shown states, positive finite numbers."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ParameterError("limits", "must map state names to numbers", raw)
    limits = {}
    for name, value in raw.items():
        if name not in show:
            raise ParameterError("limits", "must name a state the figure shows", name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise ParameterError(f"limits.{name}", "must be a positive number", value)
        if not math.isfinite(value):
            raise ParameterError(f"limits.{name}", "must be a finite number", value)
        limits[name] = float(value)
    return limits
