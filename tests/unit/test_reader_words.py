"""What a reader reads and hears of every figure of the site, at its default and with each
control at both of its bounds: no code identifier, numbers in a reader's units, and no
"does not hold" that contradicts the figure (issue 26).

Every `synapse` fence of `docs/` is drawn as the page draws it (`render`: the SVG, the status
line, the legend, the claims, the CSV headers) and, at its default, as the build writes it
(`render_figure`: the labels, `aria-valuetext`, the caption, the "In the brain" lines).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from synapse_docs.context import fences
from synapse_docs.fence import load_spec, render_figure
from synapse_figures.figure import render
from synapse_figures.spec import FigureSpec
from transmitter_cycle import parameters

DOCS = Path(__file__).resolve().parents[2] / "docs"
#: a code identifier: two lower-case words joined by an underscore (reuptake_block)
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
#: a number in e-notation (1.417e-79)
EXPONENT = re.compile(r"\d[eE][-+]?\d")


def _figures() -> Iterator[tuple[str, FigureSpec, str]]:
    """Every figure of the chapters, named `page#n` (the n-th figure: edits elsewhere in the page
    do not rename it), with its spec and its fence's body."""
    count: dict[str, int] = {}
    for page in sorted(DOCS.glob("*.md")):
        for _line, language, body in fences(page.read_text(encoding="utf-8")):
            if language == "synapse":
                count[page.name] = count.get(page.name, 0) + 1  # the n-th figure of the page
                yield f"{page.name}#{count[page.name]}", load_spec(body), body


FIGURES = list(_figures())


def _settings(spec: FigureSpec) -> list[tuple[str, dict[str, float]]]:
    """The figure's default, then each control at its minimum and at its maximum."""
    params = parameters(spec.transmitter, spec.scenario)
    out: list[tuple[str, dict[str, float]]] = [("default", {})]
    for name in spec.controls:
        p = params[name]
        out += [(f"{name}=min", {name: p.minimum}), (f"{name}=max", {name: p.maximum})]
    return out


def _text(markup: str) -> str:
    """The text a reader sees or hears in markup: element text and the announced attributes."""
    said = re.findall(r'(?:aria-label|aria-valuetext|title|alt)="([^"]*)"', markup)
    body = re.sub(r"<[^>]+>", " ", markup)
    return html.unescape(" ".join([body, *said]))


@cache
def _drawn(where: str, setting: str) -> Any:
    spec = next(spec for at, spec, _ in FIGURES if at == where)
    values = dict(_settings(spec))[setting]
    return render(spec, values)


def _cases() -> list[tuple[str, str]]:
    return [(where, setting) for where, spec, _ in FIGURES for setting, _ in _settings(spec)]


def _read(drawn: Any) -> str:
    claims = " ".join(f"{c['sentence']} {c['detail']} {c['verdict']}" for c in drawn.claims)
    head = drawn.csv.splitlines()[0] if drawn.csv else ""
    return " ".join([_text(drawn.svg), drawn.text, _text(drawn.legend), claims, head])


def test_every_figure_of_the_site_is_covered() -> None:
    assert len(FIGURES) >= 17
    assert sum(len(_settings(spec)) for _, spec, _ in FIGURES) >= 60


@pytest.mark.parametrize(("where", "setting"), _cases())
def test_no_code_word_nor_exponent_reaches_a_reader(where: str, setting: str) -> None:
    read = _read(_drawn(where, setting))
    assert not SNAKE.findall(read), f"{where} at {setting}: {SNAKE.findall(read)}"
    assert not EXPONENT.findall(read), f"{where} at {setting}: e-notation in {read!r}"


@pytest.mark.parametrize(("where", "body"), [(where, body) for where, _, body in FIGURES])
def test_the_built_figure_speaks_a_readers_words(where: str, body: str) -> None:
    spec = load_spec(body)
    markup = render_figure(spec, "figure-1-abcdef", body)
    # the spec (data-spec) and the controls' names are for the page's script, not for a reader
    shown = re.sub(r'data-spec="[^"]*"', "", markup)
    read = _text(shown)
    assert not SNAKE.findall(read), f"{where}: {SNAKE.findall(read)}"
    assert not EXPONENT.findall(read), f"{where}: e-notation"
    # a claim's verdict is a word; a measure that cannot be taken is neither ✓ nor ✗
    assert "not checked here" not in read


#: the claims that do not hold with a control at a bound, each reviewed against its figure: the
#: model really says no there, and the figure shows it (the claim is about the figure's default
#: state; a reader who moves that far away sees the claim stop being true)
REVIEWED_FALSE = {
    (
        "cycle.md#3",
        "packaging_vmax=max",
        "vesicles_remaining < 1.1",
    ): "packing restored: the stores refill, as the plot shows",
    (
        "cycle.md#5",
        "receptor_block=min",
        "mean_occupancy < 0.5 × compare",
    ): "no antagonist: occupancy is about the healthy one",
    (
        "cycle.md#6",
        "reuptake_vmax=min",
        "clearance_half_time < 0.1",
    ): "no transporters: dopamine lingers for seconds",
    (
        "cycle.md#6",
        "diffusion_rate=max",
        "lowering reuptake_vmax slows clearance_half_time",
    ): "diffusion at its fastest clears alone: the transporters' part is under 1 %",
    # the puzzle's claims describe its healthy start (they give no answer away): a slider moved
    # to its end changes the level, which is the puzzle
    **{
        ("imbalance.md#3", setting, claim): "the reader changed the synapse: the plot moves off "
        "the healthy level, as the claim about the start says it would"
        for setting, claim in (
            ("firing_rate=min", "mean_cleft > 0.95 × compare"),
            ("firing_rate=max", "mean_cleft < 1.05 × compare"),
            ("release_probability=min", "mean_cleft > 0.95 × compare"),
            ("release_probability=max", "mean_cleft < 1.05 × compare"),
            ("reuptake_vmax=min", "mean_cleft < 1.05 × compare"),
            ("reuptake_vmax=max", "mean_cleft > 0.95 × compare"),
            ("reuptake_block=max", "mean_cleft < 1.05 × compare"),
        )
    },
    **{
        ("imbalance.md#4", setting, claim): "transport restored: not an impaired synapse"
        for setting in ("glia_vmax=max", "reuptake_vmax=max")
        for claim in (
            "clearance_half_time > 1.5 × compare",
            "mean_cleft > 1.5 × compare",
            "mean_occupancy > compare",
        )
    },
    (
        "depression.md#1",
        "reuptake_block=min",
        "mean_cleft > 1.5 × compare",
    ): "no drug: about the healthy level",
    (
        "depression.md#1",
        "firing_rate=min",
        "mean_cleft > 1.5 × compare",
    ): "no firing: the cleft empties, below the healthy (firing) level",
    (
        "anxiety-adhd-pain.md#1",
        "reuptake_block=min",
        "clearance_half_time > compare",
    ): "no drug: clearance is no slower than healthy",
    (
        "anxiety-adhd-pain.md#1",
        "reuptake_block=min",
        "mean_occupancy > compare",
    ): "no drug: occupancy is no higher than healthy",
    (
        "parkinsons.md#1",
        "release_amount=max",
        "peak_cleft < compare",
    ): "release raised far above healthy: the peak is higher",
    (
        "parkinsons.md#1",
        "release_amount=max",
        "mean_occupancy < compare",
    ): "release raised far above healthy: occupancy is higher",
    (
        "parkinsons.md#1",
        "reuptake_vmax=min",
        "peak_cleft < compare",
    ): "no transporters left: dopamine piles up above healthy",
    (
        "parkinsons.md#1",
        "reuptake_vmax=min",
        "mean_occupancy < compare",
    ): "no transporters left: occupancy above healthy",
    (
        "parkinsons.md#1",
        "reuptake_vmax=max",
        "clearance_half_time > compare",
    ): "five times the healthy transporters: clearance is faster",
    (
        "neurotransmitters.md#2",
        "diffusion_rate=min",
        "clearance_half_time < 0.001",
    ): "no diffusion: GABA lingers for milliseconds",
    (
        "neurotransmitters.md#2",
        "diffusion_rate=min",
        "mean_occupancy < 0.05",
    ): "no diffusion: receptors stay bound",
}


def test_no_claim_says_no_where_its_figure_says_yes() -> None:
    """Held out: every control of every figure at both bounds. A "does not hold" must be one of
    the reviewed cases above, where the figure itself shows the claim failing; and a measure
    that cannot be taken never shows "does not hold" (nor "holds")."""
    false = {}
    for where, spec, _ in FIGURES:
        for setting, _ in _settings(spec):
            for claim in _drawn(where, setting).claims:
                if claim["holds"] is False:
                    false[(where, setting, claim["claim"])] = claim["detail"]
                if claim["holds"] is None:
                    assert claim["verdict"] == "can't be measured here"
                    assert claim["detail"].startswith("can't be measured here: ")
    unexpected = {key: detail for key, detail in false.items() if key not in REVIEWED_FALSE}
    assert not unexpected, "\n".join(f"{k}: {v}" for k, v in unexpected.items())


def test_the_ssri_figure_at_95_percent_and_3_hz_agrees_with_its_plot() -> None:
    """Reader finding 4a: the half-time was read off overlapping spikes and said ✗."""
    spec = next(spec for where, spec, _ in FIGURES if spec.scenario == "ssri")
    drawn = render(spec, {"reuptake_block": 0.95, "firing_rate": 3.0})
    slower = next(c for c in drawn.claims if c["claim"] == "clearance_half_time > compare")
    assert slower["holds"] is True, slower["detail"]
    for rate in (0.0, 50.0):  # no spike at all; spikes 20 ms apart
        drawn = render(spec, {"firing_rate": rate})
        verdict = next(c for c in drawn.claims if c["claim"] == "clearance_half_time > compare")
        assert verdict["holds"] is True, (rate, verdict["detail"])


def test_no_release_is_a_measure_that_cannot_be_taken() -> None:
    """With nothing released there is no half-time: neutral, with the reason."""
    spec = next(spec for where, spec, _ in FIGURES if where == "neurotransmitters.md#1")
    drawn = render(spec, {"release_probability": 0.0})
    verdict = next(c for c in drawn.claims if c["claim"] == "clearance_half_time < 1")
    assert verdict["holds"] is None
    assert verdict["detail"] == (
        "can't be measured here: no transmitter is released at these settings"
    )
