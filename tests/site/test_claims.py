"""Every figure of every page states checked claims: the build proved them (data-holds="true")."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

FIGURE = re.compile(r'<figure class="synapse-figure"[^>]*>.*?</figure>', re.S)
SPEC = re.compile(r'data-spec="([^"]*)"')
CLAIM = re.compile(r'<li data-claim="([^"]*)" data-holds="(true|false)">')


def figures(site: Path) -> list[tuple[str, dict, list[tuple[str, str]]]]:
    found = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for figure in FIGURE.findall(html):
            spec = json.loads(unescape(SPEC.search(figure).group(1)))  # type: ignore[union-attr]
            claims = [(unescape(text), holds) for text, holds in CLAIM.findall(figure)]
            found.append((str(page.relative_to(site)), spec, claims))
    return found


def test_every_figure_carries_claims_and_the_build_proved_them(site_dir: Path) -> None:
    found = figures(site_dir)
    assert len(found) >= 17
    for page, spec, claims in found:
        assert claims, f"{page}: a figure without claims ({spec['caption'][:60]}…)"
        assert all(holds == "true" for _, holds in claims), (page, claims)
        # the page lists the claims the spec carries, as written
        written = [c if isinstance(c, str) else c["claim"] for c in spec.get("claims", [])]
        assert [text for text, _ in claims] == written


def test_claims_are_listed_under_the_caption_inside_the_figure(site_dir: Path) -> None:
    html = (site_dir / "mental-health" / "index.html").read_text(encoding="utf-8")
    figure = FIGURE.search(html).group(0)  # type: ignore[union-attr]
    assert figure.index("<figcaption>") < figure.index('class="synapse-claims"')
    assert 'aria-label="In this model"' in figure
