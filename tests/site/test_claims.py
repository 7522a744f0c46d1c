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
    html = (site_dir / "depression" / "index.html").read_text(encoding="utf-8")
    figure = FIGURE.search(html).group(0)  # type: ignore[union-attr]
    assert figure.index("<figcaption>") < figure.index('class="synapse-claims"')
    assert 'aria-label="In this model"' in figure


OBSERVED = re.compile(
    r'<p class="synapse-observed" data-role="observed" data-verdict="([^"]+)">(.*?)</p>', re.S
)
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")


def test_figures_with_a_validation_row_say_what_the_brain_does(site_dir: Path) -> None:
    """Issue 26: a figure whose scenario has an independent validation row shows it, with its
    citation (numbered with the page's, linked to its reference list) and the rule's verdict."""
    from synapse_docs.observed import rows

    seen = 0
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "data-cite-pending" not in html, page  # every figure's citation was numbered
        for figure in FIGURE.findall(html):
            spec = json.loads(unescape(SPEC.search(figure).group(1)))  # type: ignore[union-attr]
            expected = rows(spec["transmitter"], spec.get("scenario", "healthy"))
            lines = OBSERVED.findall(figure)
            assert len(lines) == len(expected), (page, spec.get("scenario"))
            for (verdict, text), row in zip(lines, expected, strict=True):
                seen += 1
                assert verdict == row.verdict
                assert text.startswith("<strong>In the brain:</strong> ")
                assert "<strong>this model:</strong>" in text
                for key in row.sources:
                    assert f'href="#ref-{key}"' in text, (page, key)
                    assert f'id="ref-{key}"' in html  # the page's reference list holds it
                assert not SNAKE.findall(re.sub(r"<[^>]+>", " ", text)), text
    assert seen >= 12


def test_the_parkinson_figure_says_what_its_claim_checks(site_dir: Path) -> None:
    """Reader finding 4d: the claim about the cleft's peak may not say "released"."""
    html = (site_dir / "parkinsons" / "index.html").read_text(encoding="utf-8")
    item = re.search(r'<li data-claim="peak_cleft &lt; compare"[^>]*>.*?</li>', html, re.S)
    assert item is not None
    assert "released" not in item.group(0)
    assert "peak" in item.group(0)
