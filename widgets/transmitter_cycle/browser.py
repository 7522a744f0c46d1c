"""The browser entry point: one JSON-in, JSON-out function that the Web Worker calls.

The worker passes a string and gets a string back, so no Python object crosses into JavaScript
and nothing needs releasing. This module never imports `js`: it runs the same under CPython,
which is how it is tested.
"""

from __future__ import annotations

import json
from typing import Any

from . import ParameterError
from .figure import parse_spec, parse_values, render


def handle(request: str) -> str:
    """Answer one request from the page.

    A request is `{"spec": {...}, "values": {name: number}}`: a figure spec (as the fence wrote it
    into the page) and the sliders' values. The reply is `{"ok": true, "svg", "summary", "text"}`,
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
        reply: dict[str, Any] = {"ok": True, **render(spec, values).to_dict()}
    except (ParameterError, json.JSONDecodeError) as error:
        reply = {"ok": False, "error": str(error)}
    return json.dumps(reply, allow_nan=False)
