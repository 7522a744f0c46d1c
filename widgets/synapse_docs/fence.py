"""The `synapse` fence: a live figure of the transmitter-cycle model in a Markdown page.

Registered as a pymdownx.superfences custom fence. The fence body is YAML (`field: value` lines);
it is validated against the model, and a bad field stops the build with the page, the line, the
field and the valid choices. The output is server-rendered HTML: a `<figure>` with the build-time
SVG, real range inputs, a status line and the spec as data. The page's one script module
(`static/figures.js`) finds these figures and brings them to life; there is no inline script.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import urlencode

from pymdownx.superfences import SuperFencesException

from synapse_figures.controls import decade_step, slider
from synapse_figures.figure import render
from synapse_figures.runs import REDRAW_BUDGET, redraw_steps
from synapse_figures.spec import FigureSpec, SpecError, parse_spec
from transmitter_cycle import parameters

from . import context, observed
from .fields import FieldsError, load_fields


class FenceError(SuperFencesException, context.BuildError):  # type: ignore[misc]
    """A `synapse` fence is invalid: the message says where (file:line), which field and why."""


def _where(source: str, body_line: int = 0, occurrence: int = 0) -> str:
    """Return `path:line: ` for a 0-based line of the fence body (-1: the opening fence line).

    The fence is found by its position among the page's `synapse` fences with this body
    (`occurrence`: how many came before it), never by searching for its first line, which
    most fences share. Outside a site build the page is unknown and this returns "".
    """
    page = context.current()
    if page is None:
        return ""
    opening = page.fence_line("synapse", source, occurrence)
    return page.where(None if opening is None else opening + 1 + body_line) + ": "


def _field_line(source: str, field: str) -> int:
    """Return the 0-based body line where `field` (or `set.<name>`'s `set`) is given."""
    top = field.split(".")[0]
    for index, text in enumerate(source.splitlines()):
        if text.lstrip().startswith(f"{top}:"):
            return index
    return 0


def load_spec(source: str, occurrence: int = 0) -> FigureSpec:
    """Parse and validate a fence body (`occurrence`: earlier fences of the page with this body).

    Raises:
        FenceError: the body is not YAML, or a field is invalid (the message names it).
    """
    try:
        data = load_fields(source)
    except FieldsError as error:
        raise FenceError(
            f"{_where(source, error.line, occurrence)}synapse figure: not valid YAML "
            f"(line {error.line + 1} of the figure): {error.detail}"
        ) from None
    try:
        spec = parse_spec(data)
    except SpecError as error:
        where = _where(source, _field_line(source, error.field), occurrence)
        raise FenceError(f"{where}synapse figure, {error}") from None
    if not spec.claims:  # a page's figure states what it shows; the build proves it
        raise FenceError(
            f"{_where(source, _field_line(source, 'claims'), occurrence)}synapse figure, "
            "field 'claims': is required: state at least one thing the figure shows, e.g. "
            'claims: ["raising firing_rate raises mean_cleft"] (CONTRIBUTING.md, '
            '"State what the figure shows")'
        )
    return spec


def _controls(spec: FigureSpec, uid: str) -> str:
    params = parameters(spec.transmitter, spec.scenario)
    rows = []
    for name in spec.controls:
        control = slider(spec.transmitter, spec.scenario, name, spec.values.get(name))
        ident = f"{uid}-{name}"
        # a percentage is the value's own scale (fraction × 100), shown on the value: "80 %"
        unit = f" ({control.unit})" if control.unit and control.unit != "%" else ""
        shown = escape(control.show(control.value))
        track = (
            f' data-scale="log" data-values="{" ".join(repr(v) for v in control.values)}"'
            if control.scale == "log"
            else ""
        )
        rows.append(
            f'<div class="synapse-control">'
            f'<label for="{ident}">{escape(params[name].label)}{escape(unit)}</label>'
            f'<input type="range" id="{ident}" name="{name}" autocomplete="off" '
            f'min="{control.minimum!r}" '
            f'max="{control.maximum!r}" step="{control.step!r}" value="{control.position!r}" '
            f'data-default="{control.value!r}" data-value="{control.value!r}"{track} '
            f'data-factor="{control.factor!r}" data-unit="{escape(control.unit)}" '
            f'aria-valuetext="{shown}">'
            f'<output for="{ident}" aria-hidden="true">{shown}</output>'
            f"</div>"
        )
    if not rows:
        return ""
    return f'<div class="synapse-controls">{"".join(rows)}</div>'


def _experiment(spec: FigureSpec) -> str:
    """Return the experiment cue (one line, `try:`) and the preset buttons (`presets:`).

    The buttons do nothing without the page script: hidden until it runs, like Reset.
    """
    cue = f'<p class="synapse-try"><strong>Try:</strong> {escape(spec.cue)}</p>' if spec.cue else ""
    if not spec.presets:
        return cue
    buttons = "".join(
        f'<button type="button" class="synapse-button synapse-preset" '
        f'data-preset="{escape(json.dumps(dict(values), allow_nan=False))}">'
        f"{escape(label)}</button>"
        for label, values in spec.presets
    )
    return (
        f'{cue}<div class="synapse-presets" role="group" aria-label="Settings to try" hidden>'
        f"{buttons}</div>"
    )


def _puzzle(spec: FigureSpec) -> str:
    """Return the puzzle's panel: the goal, a button to check an answer, what was found.

    The model checks each answer (`verdict` in figure.py, with every live redraw); the page
    script keeps the causes found and says them back in words.
    """
    if not spec.puzzle:
        return ""
    target, tolerance = spec.puzzle
    goal = (
        f"Goal: {escape(spec.transmitter)} in the cleft at {target:g}× the healthy level "
        f"(within {tolerance * 100:g} %), by changing one thing at a time. Find three different "
        "causes."
    )
    return (
        f'<div class="synapse-puzzle" data-role="puzzle" data-found="0">'
        f'<p class="synapse-puzzle-goal">{goal}</p>'
        f'<button type="button" class="synapse-button" data-role="check" hidden>'
        f"Check this cause</button>"
        f'<p data-role="verdict" aria-live="polite"></p>'
        f'<ol data-role="found"></ol>'
        f"</div>"
    )


def slider_step(minimum: float, maximum: float) -> float:
    """Return a round slider step giving at least 100 positions between the bounds."""
    return decade_step(minimum, maximum)


def permalink(uid: str, values: dict[str, float]) -> str:
    """Return the figure's link relative to its page: `?fig=<id>&<name>=<value>…#<id>`."""
    query = urlencode({"fig": uid, **{name: f"{value!r}" for name, value in values.items()}})
    return f"?{query}#{uid}"


def _player(svg: str, uid: str) -> str:
    """Return the schematic's time scrubber and play button (shown once the script runs)."""
    times = re.search(r'data-times="([^"]*)"', svg)
    frame = re.search(r'data-frame="(\d+)"', svg)
    if times is None or frame is None:
        return ""
    count = len(times.group(1).split())
    index = int(frame.group(1))
    now = f"{float(times.group(1).split()[index]):.3g} s"
    ident = f"{uid}-time"
    return (
        f'<div class="synapse-player" hidden>'
        f'<button type="button" class="synapse-button" data-role="play">Play</button>'
        f'<label for="{ident}">Time (s)</label>'
        f'<input type="range" id="{ident}" data-role="scrubber" min="0" max="{count - 1}" '
        f'step="1" value="{index}" aria-valuetext="{now}">'
        f'<output for="{ident}" aria-hidden="true">{now}</output>'
        f"</div>"
    )


def _tools(spec: FigureSpec, uid: str) -> str:
    params = parameters(spec.transmitter, spec.scenario)
    values = {name: spec.values.get(name, params[name].value) for name in spec.controls}
    reset = (
        '<button type="button" class="synapse-button" data-role="reset" hidden>Reset</button>'
        if spec.controls
        else ""
    )
    return (
        f'<div class="synapse-tools">{reset}'
        f'<a data-role="permalink" href="{escape(permalink(uid, values))}">Link to this view</a>'
        f'<a data-role="download-csv" href="#{uid}" download="{uid}.csv" hidden>Data (CSV)</a>'
        f'<a data-role="download-svg" href="#{uid}" download="{uid}.svg" hidden>Figure (SVG)</a>'
        f"</div>"
    )


def _claim_line(source: str, text: str) -> int:
    """Return the 0-based body line where the claim `text` is written (else the claims field)."""
    for index, line in enumerate(source.splitlines()):
        if text in line:
            return index
    return _field_line(source, "claims")


def prove_claims(source: str, claims: Sequence[Mapping[str, Any]], occurrence: int = 0) -> None:
    """Stop the build at the first claim that is false at the figure's default state."""
    for claim in claims:
        if claim["holds"] is not True:
            where = _where(source, _claim_line(source, str(claim["claim"])), occurrence)
            said = "is false" if claim["holds"] is False else "cannot be checked at its defaults"
            raise FenceError(
                f"{where}synapse figure, claim '{claim['claim']}' {said}: {claim['detail']}"
            )


def holds_attribute(holds: object) -> str:
    """Return a claim's `data-holds`: "true", "false", or "unknown" (can't be measured here)."""
    return "unknown" if holds is None else str(bool(holds)).lower()


def _claims_html(claims: Sequence[Mapping[str, Any]]) -> str:
    """Return the "In this model" list: each claim as a sentence, its values and verdict."""
    if not claims:
        return ""
    items = "".join(
        f'<li data-claim="{escape(str(c["claim"]))}" data-holds="{holds_attribute(c["holds"])}">'
        f'<span class="synapse-claim-sentence">{escape(str(c["sentence"]))}</span> '
        f'<span class="synapse-claim-values">{escape(str(c["detail"]))}</span>'
        f'<span class="synapse-claim-verdict">{escape(str(c["verdict"]))}</span>'
        "</li>"
        for c in claims
    )
    return (
        '<div class="synapse-claims"><p class="synapse-claims-title">In this model</p>'
        f'<ul aria-label="In this model">{items}</ul></div>'
    )


def render_figure(spec: FigureSpec, uid: str, source: str = "", occurrence: int = 0) -> str:
    """Return the figure's HTML: static SVG, controls, tools, status and caption, spec as data.

    `source` and `occurrence` (earlier fences of the page with the same body) place errors.

    Raises:
        FenceError: a claim of the figure is false at its default state.
    """
    steps = redraw_steps(spec)
    if steps > REDRAW_BUDGET:
        raise FenceError(
            f"{_where(source, _field_line(source, 'duration'), occurrence)}synapse figure, "
            "field 'duration': "
            f"a live redraw would take {steps:,} solver steps (the budget is {REDRAW_BUDGET:,}, "
            "about a second in the browser): shorten the duration, give fewer spikes, or use "
            "a time course instead of a sweep"
        )
    drawn = render(spec)
    prove_claims(source, drawn.claims, occurrence)
    problem = observed.caption_problem(spec.transmitter, spec.scenario, spec.caption)
    if problem:
        raise FenceError(
            f"{_where(source, _field_line(source, 'caption'), occurrence)}synapse figure, "
            f"field 'caption': in the brain, {problem}"
        )
    brain = observed.observed_html(spec.transmitter, spec.scenario)  # one line per row
    data_spec = escape(json.dumps(spec.to_dict(), ensure_ascii=False, allow_nan=False))
    data_summary = escape(json.dumps(dict(drawn.summary), allow_nan=False))
    player = _player(drawn.svg, uid) if spec.view == "schematic" else ""
    return (
        f'<figure class="synapse-figure" id="{uid}" aria-labelledby="{uid}-caption" '
        f'data-state="static" '
        f'data-view="{spec.view}" data-spec="{data_spec}" data-summary="{data_summary}">'
        f'<div class="synapse-plot">{drawn.svg}</div>'
        f"{drawn.legend}"
        f"{_experiment(spec)}"
        f"{_puzzle(spec)}"
        f"{_controls(spec, uid)}"
        f"{player}"
        f"{_tools(spec, uid)}"
        f'<p class="synapse-status" role="status" aria-live="polite">{escape(drawn.text)}</p>'
        # the caption is the figure's last child (HTML allows it first or last only), and holds
        # the claims that state what it shows; the figure is named by the caption's text alone
        f'<figcaption><span class="synapse-caption" id="{uid}-caption">{escape(spec.caption)}'
        f"</span>{_claims_html(drawn.claims)}{brain}</figcaption>"
        f"</figure>"
    )


def formatter(
    source: str,
    language: str,
    css_class: str,
    options: dict[str, Any],
    md: Any,
    **kwargs: Any,
) -> str:
    """SuperFences formatter for ```synapse fences."""
    count = getattr(md, "synapse_figures", 0) + 1
    md.synapse_figures = count
    digest = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()[:6]
    # identical bodies are told apart by their order in the page (see _where)
    page = context.current()
    key = (page.path if page else "", context.body_key(source))
    seen: dict[tuple[str, tuple[str, ...]], int] = md.__dict__.setdefault("synapse_bodies", {})
    occurrence = seen.get(key, 0)
    seen[key] = occurrence + 1
    try:
        spec = load_spec(source, occurrence)
        return render_figure(spec, f"figure-{count}-{digest}", source, occurrence)
    except FenceError:
        raise
    except Exception as error:  # SuperFences would swallow it and print the fence as code
        raise FenceError(
            f"{_where(source, -1, occurrence)}synapse figure: reading or drawing it failed "
            f"({type(error).__name__}: {error})"
        ) from error


def validator(
    language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, Any], md: Any
) -> bool:
    """Refuse fence options (```synapse title="..."): everything goes in the body.

    Returning False would make SuperFences print the block as plain code and the build pass.
    """
    if not inputs:
        return True
    page = context.current()
    where = ""
    if page is not None:
        opening = re.search(r"^[ \t]*(`{3,}|~{3,})[ \t]*synapse[ \t]+\S", page.text, re.M)
        line = page.text.count("\n", 0, opening.start()) + 1 if opening else None
        where = page.where(line) + ": "
    names = ", ".join(sorted(inputs))
    raise FenceError(
        f"{where}synapse figure, field 'options': the fence takes no options (got {names}); "
        "write every setting in its body, as 'field: value' lines"
    )


#: the entry for `pymdownx.superfences: custom_fences`
CUSTOM_FENCE = {"name": "synapse", "class": "synapse", "format": formatter, "validator": validator}
