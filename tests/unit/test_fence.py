"""The `synapse` fence: validation messages (pinned) and the HTML it writes (the DOM contract)."""

from __future__ import annotations

import hashlib
import json
import re
from html import unescape
from html.parser import HTMLParser

import markdown
import pytest

from synapse_docs import context
from synapse_docs.fence import CUSTOM_FENCE, FenceError, slider_step

GOOD = """\
transmitter: serotonin
scenario: ssri
compare: healthy
controls: [firing_rate, reuptake_block]
show: [cleft, occupancy]
claims: ["mean_cleft > compare"]
caption: Blocking SERT raises serotonin in the synapse.
"""


def convert(body: str) -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [CUSTOM_FENCE]}},
    )
    return md.convert(f"# Page\n\nText.\n\n```synapse\n{body}```\n")


class Elements(HTMLParser):
    """Collect (tag, attributes) of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str, tag: str) -> list[dict[str, str | None]]:
    parser = Elements()
    parser.feed(html)
    return [attrs for name, attrs in parser.found if name == tag]


def test_figure_html_follows_the_dom_contract() -> None:
    html = convert(GOOD)
    (figure,) = elements(html, "figure")
    assert figure["class"] == "synapse-figure"
    assert figure["data-state"] == "static"
    summary = json.loads(figure["data-summary"] or "")
    assert {"mean_cleft", "peak_cleft", "mean_occupancy", "clearance_half_time"} <= summary.keys()
    spec = json.loads(figure["data-spec"] or "")
    assert spec["transmitter"] == "serotonin"
    assert spec["scenario"] == "ssri"
    inputs = elements(html, "input")
    assert [i["name"] for i in inputs] == ["firing_rate", "reuptake_block"]
    assert all(i["type"] == "range" for i in inputs)
    for i in inputs:
        assert float(i["min"] or "nan") <= float(i["value"] or "nan") <= float(i["max"] or "nan")
    labels = elements(html, "label")
    assert [label["for"] for label in labels] == [i["id"] for i in inputs]
    series = {p["data-series"] for p in elements(html, "polyline")}
    assert series == {"cleft", "occupancy"}
    baseline = [p for p in elements(html, "polyline") if "tc-baseline" in (p["class"] or "")]
    assert {p["data-scenario"] for p in baseline} == {"healthy"}
    assert any(p.get("role") == "status" for p in elements(html, "p"))
    assert "Blocking SERT raises serotonin in the synapse.</span>" in html
    assert html.index("<figcaption>") > html.index('role="status"')
    assert "<script" not in html
    assert "(%)" not in html  # units come from the registry, not made up here


def test_labels_carry_units() -> None:
    html = convert(GOOD)
    assert re.search(r"<label[^>]*>Firing rate \(Hz\)</label>", html)


def test_caption_is_escaped() -> None:
    html = convert(
        'transmitter: dopamine\nclaims: ["peak_cleft > 0"]\n'
        "caption: <img src=x onerror=alert(1)> & more\n"
    )
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in html
    assert "<img" not in html


CASES = {
    "unknown-transmitter": (
        "transmitter: serotnin\ncaption: x\n",
        r"field 'transmitter': must name a transmitter \(got 'serotnin'\); "
        r"choose one of: serotonin, dopamine, glutamate",
    ),
    "unknown-scenario": (
        "transmitter: serotonin\nscenario: ssrri\ncaption: x\n",
        r"field 'scenario': must name a scenario of serotonin \(got 'ssrri'\); "
        r"choose one of: healthy, ssri, tryptophan_depletion, maoi, reserpine",
    ),
    "unknown-compare": (
        "transmitter: dopamine\ncompare: ssri\ncaption: x\n",
        r"field 'compare': must name a scenario of dopamine \(got 'ssri'\); "
        r"choose one of: healthy,",
    ),
    "unknown-control": (
        "transmitter: dopamine\ncontrols: [firing, reuptake_block]\ncaption: x\n",
        r"field 'controls': must name model parameters \(got 'firing'\); "
        r"choose one of: synthesis_rate, ",
    ),
    "unknown-series": (
        "transmitter: dopamine\nshow: [cleft, blood]\ncaption: x\n",
        r"field 'show': must name model states \(got 'blood'\); choose one of: cytosol, vesicles,",
    ),
    "unknown-view": (
        "transmitter: dopamine\nview: movie\ncaption: x\n",
        r"field 'view': must name a view \(got 'movie'\); choose one of: timecourse",
    ),
    "missing-caption": (
        "transmitter: dopamine\n",
        r"field 'caption': is required: say what the figure shows and what to try \(got None\)",
    ),
    "unknown-field": (
        "transmitter: dopamine\ncolour: red\ncaption: x\n",
        r"field 'colour': is not a field of a synapse figure \(got 'colour'\); "
        r"choose one of: transmitter, scenario,",
    ),
    "value-out-of-bounds": (
        "transmitter: dopamine\nset: {reuptake_block: 1.4}\ncaption: x\n",
        r"field 'set.reuptake_block': must be between 0 and 1 \(got 1.4\)",
    ),
    "value-not-a-number": (
        "transmitter: dopamine\nset: {reuptake_block: lots}\ncaption: x\n",
        r"field 'set.reuptake_block': must be a number \(got 'lots'\)",
    ),
    "duration-negative": (
        "transmitter: dopamine\nduration: -1\ncaption: x\n",
        r"field 'duration': must be more than 0 and at most 30 s \(got -1.0\)",
    ),
    "spikes-not-increasing": (
        "transmitter: dopamine\nspikes: [0.5, 0.2]\ncaption: x\n",
        r"field 'spikes': must increase \(got \[0.5, 0.2\]\)",
    ),
    "not-yaml": (
        "transmitter: [dopamine\ncaption: x\n",
        r"synapse figure: not valid YAML \(line \d+ of the figure\)",
    ),
}


@pytest.mark.parametrize(("body", "message"), CASES.values(), ids=CASES.keys())
def test_bad_fields_stop_with_a_pinned_message(body: str, message: str) -> None:
    with pytest.raises(FenceError, match=message):
        convert(body)


def test_errors_name_the_file_and_the_line_of_the_field() -> None:
    page = (
        "# Page\n\nText.\n\n```synapse\ntransmitter: serotonin\nscenario: ssrri\ncaption: x\n```\n"
    )
    context.set_page("docs/cycle.md", "---\ntitle: t\n---\n" + page, page)
    try:
        with pytest.raises(
            FenceError, match=r"^docs/cycle\.md:10: synapse figure, field 'scenario'"
        ):
            convert("transmitter: serotonin\nscenario: ssrri\ncaption: x\n")
    finally:
        context.clear_page()


@pytest.mark.parametrize(
    ("low", "high", "step"),
    [(0, 1, 0.01), (0, 50, 0.1), (0, 0.5, 0.001), (0.1, 10, 0.01), (0, 1000, 10.0)],
)
def test_slider_steps_are_round_and_fine_enough(low: float, high: float, step: float) -> None:
    assert slider_step(low, high) == step
    assert (high - low) / slider_step(low, high) >= 100


@pytest.mark.parametrize("view", ["schematic", "sweep"])
def test_every_view_renders_through_the_fence(view: str) -> None:
    html = convert(
        f"transmitter: serotonin\nview: {view}\ncontrols: [reuptake_block]\n"
        'claims: ["peak_cleft > 0"]\ncaption: x\n'
    )
    (figure,) = elements(html, "figure")
    assert figure["data-view"] == view
    assert [i["name"] for i in elements(html, "input") if i.get("name")] == ["reuptake_block"]
    assert "style=" not in html
    assert "<style" not in html
    assert "<script" not in html


def test_schematic_has_a_scrubber_without_a_parameter_name() -> None:
    html = convert(
        "transmitter: serotonin\nview: schematic\ncontrols: [firing_rate]\n"
        'claims: ["peak_cleft > 0"]\ncaption: x\n'
    )
    (scrubber,) = [i for i in elements(html, "input") if i.get("data-role") == "scrubber"]
    assert "name" not in scrubber
    assert scrubber["min"] == "0"
    assert int(scrubber["max"] or "0") > 10
    assert [b["data-role"] for b in elements(html, "button")] == ["play", "reset"]


def test_tools_link_and_downloads_follow_the_contract() -> None:
    html = convert(GOOD)
    (figure,) = elements(html, "figure")
    links = {a["data-role"]: a for a in elements(html, "a")}
    ident = figure["id"]
    assert links["permalink"]["href"] == (
        f"?fig={ident}&amp;firing_rate=1.0&amp;reuptake_block=0.8#{ident}".replace("&amp;", "&")
    )
    assert links["download-csv"]["download"] == f"{ident}.csv"
    assert links["download-svg"]["download"] == f"{ident}.svg"


def test_figure_ids_are_stable_and_follow_page_order() -> None:
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [CUSTOM_FENCE]}},
    )
    body = 'transmitter: dopamine\nclaims: ["peak_cleft > 0"]\ncaption: x\n'
    html = md.convert(f"```synapse\n{body}```\n\n```synapse\n{body}```\n")
    ids = [f["id"] for f in elements(html, "figure")]
    digest = hashlib.sha1(body.rstrip("\n").encode(), usedforsecurity=False).hexdigest()[:6]
    assert ids == [f"figure-1-{digest}", f"figure-2-{digest}"]


# A figure's claims in its HTML: one element each, with the claim as written and its verdict

CLAIMED = """\
transmitter: serotonin
scenario: ssri
compare: healthy
controls: [reuptake_block]
claims:
  - "mean_cleft > 1.5 × compare"
  - claim: "raising reuptake_block slows clearance_half_time"
    says: "More block, slower clearance."
caption: Blocking SERT raises serotonin in the synapse.
"""


def test_each_claim_is_an_element_with_its_text_and_verdict() -> None:
    html = convert(CLAIMED)
    items = re.findall(r'<li data-claim="([^"]*)" data-holds="(true|false)">(.*?)</li>', html)
    assert [(unescape(a), b) for a, b, _ in items] == [
        ("mean_cleft > 1.5 × compare", "true"),
        ("raising reuptake_block slows clearance_half_time", "true"),
    ]
    first, second = (unescape(inner) for _, _, inner in items)
    assert "The mean level in the cleft is more than 1.5 times that of healthy." in first
    assert "µM vs" in first
    assert "(2.2×)" in first
    assert "More block, slower clearance." in second
    assert "reuptake block 80 % → 100 %: clearance half-time" in second
    # inside the figure, after the caption; the spec carries the claims for the live re-check
    figure = html[html.index("<figure") : html.index("</figure>")]
    assert figure.index("<figcaption>") < figure.index("synapse-claims")
    spec = json.loads(unescape(re.search(r'data-spec="([^"]*)"', figure).group(1)))  # type: ignore[union-attr]
    assert spec["claims"] == [
        "mean_cleft > 1.5 × compare",
        {
            "claim": "raising reuptake_block slows clearance_half_time",
            "says": "More block, slower clearance.",
        },
    ]


def test_a_figure_without_claims_stops_the_build() -> None:
    with pytest.raises(FenceError, match="field 'claims': is required"):
        convert("transmitter: serotonin\ncaption: A figure.\n")
