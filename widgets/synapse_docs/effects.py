"""Effect sizes drawn, not only stated: ```effect fences, as static SVG made by the build.

Two kinds, from the numbers written in the fence (the text beside it cites them):

- `ruler`: a difference on a rating scale, drawn to the scale's length ("about 2 points on a
  52-point scale")::

      ```effect
      ruler: {difference: 2, scale: 52, scale_name: "Hamilton depression rating scale"}
      caption: ...
      ```

- `nnt`: numbers needed to treat, as rows of people, one of them helped::

      ```effect
      nnt: [{label: "Tricyclic antidepressants", n: 4}, {label: "SNRIs", n: 6}]
      caption: ...
      ```

The drawing is an `<svg role="img">` named by a sentence that says what it shows (its text
alternative); no script, no styles of its own (colours come from site.css, print and dark themes
included). A malformed fence stops the build with the page and the reason.
"""

from __future__ import annotations

import hashlib
from html import escape
from typing import Any

import yaml
from pymdownx.superfences import SuperFencesException

from . import context


class EffectError(SuperFencesException, context.BuildError):  # type: ignore[misc]
    """An `effect` fence is invalid: the message says where and why."""


def _fail(message: str) -> EffectError:
    page = context.current()
    where = f"{page.where(None)}: " if page is not None else ""
    return EffectError(f"{where}effect figure: {message}")


def _number(value: Any, name: str, *, whole: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise _fail(f"'{name}' must be a positive number (got {value!r})")
    if whole and int(value) != value:
        raise _fail(f"'{name}' must be a whole number (got {value!r})")
    return float(value)


def ruler(difference: float, scale: float, scale_name: str) -> tuple[str, str]:
    """Return the SVG of a difference drawn on its whole scale, and its text alternative."""
    if difference > scale:
        raise _fail(f"'difference' ({difference:g}) is larger than the scale ({scale:g})")
    left, width, top = 20.0, 600.0, 34.0
    unit = width / scale
    ticks = []
    step = 4 if scale <= 60 else 10
    for point in range(int(scale) + 1):
        x = left + point * unit
        tall = point % step == 0 or point == int(scale)
        ticks.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + 18:.1f}" '
            f'y2="{top + (28 if tall else 23):.1f}"/>'
        )
        if tall:
            ticks.append(f'<text x="{x:.1f}" y="{top + 44:.1f}">{point}</text>')
    alt = (
        f"A ruler of the {scale:g}-point {scale_name}: the average difference, about "
        f"{difference:g} points, covers {difference:g} of its {scale:g} points."
    )
    svg = (
        f'<svg class="effect-ruler" viewBox="0 0 640 96" role="img" aria-label="{escape(alt)}">'
        f'<rect class="effect-scale" x="{left}" y="{top}" width="{width}" height="18"/>'
        f'<rect class="effect-mark" x="{left}" y="{top}" width="{difference * unit:.1f}" '
        'height="18"/>'
        f'<text class="effect-label" x="{left}" y="{top - 10}">'
        f"{difference:g} points of {scale:g}</text>"
        f'<g class="effect-ticks">{"".join(ticks)}</g>'
        "</svg>"
    )
    return svg, alt


def _person(x: float, y: float, helped: bool) -> str:
    cls = "effect-person effect-helped" if helped else "effect-person"
    return (
        f'<g class="{cls}"><circle cx="{x + 9:.1f}" cy="{y + 6:.1f}" r="6"/>'
        f'<path d="M{x:.1f} {y + 32:.1f}v-10a9 9 0 0 1 18 0v10z"/></g>'
    )


def nnt(groups: list[dict[str, Any]]) -> tuple[str, str]:
    """Return the SVG of numbers needed to treat as rows of people, and its text alternative."""
    if not groups:
        raise _fail("'nnt' needs at least one group")
    rows, sentences = [], []
    row_height = 48.0
    for i, group in enumerate(groups):
        if not isinstance(group, dict) or set(group) != {"label", "n"}:
            raise _fail(f"each 'nnt' group is {{label, n}} (got {group!r})")
        n = int(_number(group["n"], "n", whole=True))
        if n > 20:
            raise _fail(f"'n' is drawn as people: at most 20 (got {n})")
        label = str(group["label"])
        y = 8 + i * row_height
        people = "".join(_person(300 + k * 26, y, k == 0) for k in range(n))
        rows.append(
            f'<text class="effect-label" x="0" y="{y + 22:.1f}">{escape(label)}: 1 in {n}</text>'
            f"{people}"
        )
        sentences.append(f"{label}: 1 in {n}")
    height = 8 + len(groups) * row_height
    alt = (
        "People treated for one of them to be helped (numbers needed to treat): "
        + "; ".join(sentences)
        + "."
    )
    svg = (
        f'<svg class="effect-nnt" viewBox="0 0 640 {height:.0f}" role="img" '
        f'aria-label="{escape(alt)}">{"".join(rows)}</svg>'
    )
    return svg, alt


def render(data: Any) -> str:
    """Return the `<figure>` of an effect fence's body (already parsed)."""
    if not isinstance(data, dict):
        raise _fail("the body is 'field: value' lines")
    kinds = [k for k in ("ruler", "nnt") if k in data]
    unknown = set(data) - {"ruler", "nnt", "caption"}
    if unknown:
        raise _fail(f"unknown field(s) {', '.join(sorted(unknown))}; valid: caption, nnt, ruler")
    if len(kinds) != 1:
        raise _fail("give exactly one of 'ruler' and 'nnt'")
    caption = data.get("caption")
    if not isinstance(caption, str) or not caption.strip():
        raise _fail("'caption' is required: what the drawing shows, and whose numbers")
    if kinds[0] == "ruler":
        spec = data["ruler"]
        if not isinstance(spec, dict) or set(spec) != {"difference", "scale", "scale_name"}:
            raise _fail("'ruler' is {difference, scale, scale_name}")
        svg, _ = ruler(
            _number(spec["difference"], "difference"),
            _number(spec["scale"], "scale", whole=True),
            str(spec["scale_name"]),
        )
    else:
        if not isinstance(data["nnt"], list):
            raise _fail("'nnt' is a list of {label, n}")
        svg, _ = nnt(data["nnt"])
    uid = "effect-" + hashlib.sha1(repr(data).encode(), usedforsecurity=False).hexdigest()[:8]
    return (
        f'<figure class="effect-figure" id="{uid}" aria-labelledby="{uid}-caption">'
        f"{svg}"
        f'<figcaption id="{uid}-caption">{escape(caption.strip())}</figcaption>'
        "</figure>"
    )


def formatter(
    source: str, language: str, css_class: str, options: dict[str, Any], md: Any, **kwargs: Any
) -> str:
    """SuperFences formatter for ```effect fences."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        raise _fail(f"the body is not valid YAML ({error})") from error
    try:
        return render(data)
    except EffectError:
        raise
    except Exception as error:  # SuperFences would swallow it and print the fence as code
        raise _fail(f"drawing it failed ({type(error).__name__}: {error})") from error


def validator(
    language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, Any], md: Any
) -> bool:
    """Refuse fence options: everything goes in the body (False would print it as code)."""
    if inputs:
        raise _fail(f"the fence takes no options (got {', '.join(sorted(inputs))})")
    return True
