"""Effect sizes drawn from the numbers in an ```effect fence (synapse_docs/effects.py)."""

from __future__ import annotations

import re

import pytest

from synapse_docs import effects


def test_a_ruler_draws_the_difference_to_the_scale_s_length() -> None:
    svg, alt = effects.ruler(2, 52, "Hamilton depression rating scale")
    scale = re.search(r'class="effect-scale"[^>]*width="([\d.]+)"', svg)
    mark = re.search(r'class="effect-mark"[^>]*width="([\d.]+)"', svg)
    assert scale
    assert mark
    assert float(mark.group(1)) / float(scale.group(1)) == pytest.approx(2 / 52, rel=1e-3)
    assert 'role="img"' in svg
    assert alt == (
        "A ruler of the 52-point Hamilton depression rating scale: the average difference, "
        "about 2 points, covers 2 of its 52 points."
    )
    assert f'aria-label="{alt}"' in svg


def test_an_icon_array_draws_one_person_helped_in_each_row() -> None:
    svg, alt = effects.nnt([{"label": "Tricyclics", "n": 4}, {"label": "SNRIs", "n": 6}])
    assert svg.count('class="effect-person') == 10
    assert svg.count("effect-helped") == 2
    assert alt.endswith("Tricyclics: 1 in 4; SNRIs: 1 in 6.")


def test_a_figure_has_its_caption_and_names_itself_by_it() -> None:
    html = effects.render({"nnt": [{"label": "A", "n": 3}], "caption": "Three & one."})
    uid = re.search(r'<figure class="effect-figure" id="([^"]+)"', html)
    assert uid
    assert f'aria-labelledby="{uid.group(1)}-caption"' in html
    assert html.endswith(
        f'<figcaption id="{uid.group(1)}-caption">Three &amp; one.</figcaption></figure>'
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({"caption": "x"}, "exactly one of 'ruler' and 'nnt'", id="no-kind"),
        pytest.param({"nnt": [{"label": "A", "n": 2}]}, "'caption' is required", id="no-caption"),
        pytest.param(
            {"ruler": {"difference": 60, "scale": 52, "scale_name": "s"}, "caption": "x"},
            r"'difference' \(60\) is larger than the scale \(52\)",
            id="too-large",
        ),
        pytest.param(
            {"nnt": [{"label": "A", "n": 2.5}], "caption": "x"},
            r"'n' must be a whole number \(got 2.5\)",
            id="fractional-n",
        ),
        pytest.param({"ruler": {}, "colour": "red", "caption": "x"}, "unknown field", id="unknown"),
    ],
)
def test_a_malformed_fence_stops_the_build(data: dict, message: str) -> None:
    with pytest.raises(effects.EffectError, match=message):
        effects.render(data)


def test_fence_options_are_refused() -> None:
    with pytest.raises(effects.EffectError, match="takes no options"):
        effects.validator("effect", {"title": "x"}, {}, {}, None)
