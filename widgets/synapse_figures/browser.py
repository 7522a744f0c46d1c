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

from .figure import render
from .spec import parse_spec, parse_values


def handle(request: str) -> str:
    """Answer one request from the page.

    A request is `{"spec": {...}, "values": {name: number}}`: a figure spec (as the fence wrote it
    into the page) and the sliders' values; optionally `"before": {name: number}` (where the
    reader started: drawn as a faint trace) and `"limits": {state: number}` (the top of each
    panel's y axis, kept while the reader drags). The reply is
    `{"ok": true, "svg", "summary", "text", "csv", "legend"}`,
    or `{"ok": false, "error": message}` for input the model refuses (a bad value from a
    permalink, say): the message names the field, the rule and the value.
    """
    try:
        data: Any = json.loads(request)
        if not isinstance(data, dict):
            raise ParameterError("request", "must be a JSON object", data)
        spec = parse_spec(data.get("spec") or {})
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
        reply: dict[str, Any] = {
            "ok": True,
            **render(spec, values, before=before, limits=limits).to_dict(),
        }
    except (ParameterError, json.JSONDecodeError) as error:
        reply = {"ok": False, "error": str(error)}
    return json.dumps(reply, allow_nan=False)


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
