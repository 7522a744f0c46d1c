"""A figure's claims in its HTML: one element each, with the claim as written and its verdict."""

from __future__ import annotations

import json
import re
from html import unescape

import markdown

from synapse_docs.fence import CUSTOM_FENCE

BODY = """\
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


def convert(body: str) -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [CUSTOM_FENCE]}},
    )
    return md.convert(f"# Page\n\n```synapse\n{body}```\n")


def test_each_claim_is_an_element_with_its_text_and_verdict() -> None:
    html = convert(BODY)
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
    assert "on raising reuptake_block" in second
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


def test_a_figure_without_claims_has_no_list() -> None:
    html = convert("transmitter: serotonin\ncaption: A figure.\n")
    assert "synapse-claims" not in html
