"""The redraw's shortcuts give the same numbers as the full runs they replace.

A direction claim's moved run and a sweep's points are read for their summary alone
(`simulate_summary`: the same steps, no samples), so the claims' verdicts and the sweep's curve
must be exactly what the full runs give; and the summary's peak, taken from the spikes alone,
must be what the samples would give (the cleft only falls between spikes).
"""

from __future__ import annotations

import math
import random
import re
from pathlib import Path
from typing import Any

import pytest

from synapse_docs.fields import load_fields
from synapse_figures import claims, runs
from synapse_figures.controls import lower
from synapse_figures.figure import claim_summary, claim_verdicts, render
from synapse_figures.spec import FigureSpec, parse_spec
from transmitter_cycle import (
    ParameterError,
    parameters,
    presets,
    scenarios,
    simulate,
    simulate_summary,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _figures() -> list[tuple[str, FigureSpec]]:
    found = []
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for n, body in enumerate(re.findall(r"```synapse\n(.*?)```", text, re.S), 1):
            found.append((f"{page.stem}#{n}", parse_spec(load_fields(body))))
    return found


FIGURES = _figures()


def _random_settings(rng: random.Random, preset: str, scenario: str) -> dict[str, float]:
    params = parameters(preset, scenario)
    values = {}
    for name in rng.sample(sorted(params), 3):
        p = params[name]
        if p.unit == "":
            values[name] = rng.uniform(p.minimum, p.maximum)
        else:
            low = p.minimum if p.minimum > 0 else p.maximum * 1e-6
            values[name] = rng.choice(
                (p.minimum, p.maximum, 10 ** rng.uniform(math.log10(low), math.log10(p.maximum)))
            )
    return values


def _cases(count: int) -> list[tuple[str, str, float, dict[str, float]]]:
    rng = random.Random(14)
    out = []
    for _ in range(count):
        preset = rng.choice(presets())
        scenario = rng.choice(sorted(scenarios(preset)))
        duration = rng.choice((0.2, 0.5, 2.0))
        out.append((preset, scenario, duration, _random_settings(rng, preset, scenario)))
    return out


@pytest.mark.parametrize(("preset", "scenario", "duration", "values"), _cases(30))
def test_summary_only_is_the_full_runs_summary(
    preset: str, scenario: str, duration: float, values: dict[str, float]
) -> None:
    try:
        full = simulate(preset, scenario=scenario, duration=duration, **values)
    except ParameterError:
        with pytest.raises(ParameterError):
            simulate_summary(preset, scenario=scenario, duration=duration, **values)
        return
    alone = simulate_summary(preset, scenario=scenario, duration=duration, **values)
    assert dict(alone) == dict(full.summary)  # exactly: the same steps, the same arithmetic


@pytest.mark.parametrize(("preset", "scenario", "duration", "values"), _cases(30))
def test_the_peak_is_the_highest_sample(
    preset: str, scenario: str, duration: float, values: dict[str, float]
) -> None:
    """Between spikes the cleft only falls, so no sample is above the start or a spike's peak."""
    try:
        run = simulate(preset, scenario=scenario, duration=duration, **values)
    except ParameterError:
        return
    assert run.summary["peak_cleft"] == max(run["cleft"])


def test_summary_only_on_explicit_spikes_and_a_spike_at_zero() -> None:
    for spikes in ([0.0, 0.1], [0.05], []):
        full = simulate("glutamate", duration=0.3, spikes=spikes)
        assert dict(simulate_summary("glutamate", duration=0.3, spikes=spikes)) == dict(
            full.summary
        )


def _full_verdicts(spec: FigureSpec, values: dict[str, float]) -> list[dict[str, Any]]:
    """The verdicts as they were computed before the shortcut: every run a full one."""
    result = runs.run_figure(spec, spec.scenario, values)
    baseline = runs.run_figure(spec, spec.compare, spec.values) if spec.compare else None
    names = scenarios(spec.transmitter)
    label = lower(names[spec.compare].label) if spec.compare else "the compared scenario"
    verdicts = claims.check(
        spec.claims,
        parameters=parameters(spec.transmitter, spec.scenario),
        values=values,
        # the half-time a claim reads is one release's on its own, in every path
        summary=claim_summary(spec, spec.scenario, values, result.summary),
        runner=lambda moved: claim_summary(
            spec, spec.scenario, moved, runs.run_figure(spec, spec.scenario, moved).summary
        ),
        compare=(
            claim_summary(spec, spec.compare, {}, baseline.summary)
            if baseline is not None and spec.compare
            else None
        ),
        compare_label=label,
    )
    return [v.to_dict(label) for v in verdicts]


@pytest.mark.parametrize(("where", "spec"), FIGURES, ids=[w for w, _ in FIGURES])
def test_claim_verdicts_are_those_of_full_runs(where: str, spec: FigureSpec) -> None:
    if not spec.claims:
        return
    settings = [dict(spec.values)]
    if spec.controls:
        p = parameters(spec.transmitter, spec.scenario)[spec.controls[0]]
        settings.append({**spec.values, p.name: p.minimum + 0.3 * (p.maximum - p.minimum)})
    for values in settings:
        runs._SUMMARIES.clear()
        runs._RUNS.clear()
        result = runs.run_figure(spec, spec.scenario, values)
        baseline = runs.fixed_run(spec, spec.compare) if spec.compare else None
        got = [dict(v) for v in claim_verdicts(spec, values, result, baseline)]
        assert got == _full_verdicts(spec, values), where


@pytest.mark.parametrize(
    ("where", "spec"),
    [(w, s) for w, s in FIGURES if s.view == "sweep"],
    ids=[w for w, s in FIGURES if s.view == "sweep"],
)
def test_a_sweep_drawn_from_summaries_is_the_same(where: str, spec: FigureSpec) -> None:
    runs._CURVES.clear()
    drawn = render(spec)
    name = runs.swept(spec)
    p = parameters(spec.transmitter, spec.scenario)[name]
    for i, x in enumerate(runs.sweep_curve(spec, spec.scenario, dict(spec.values)).x):
        full = runs.run_figure(spec, spec.scenario, {**spec.values, name: x})
        for state in spec.show:
            assert runs.sweep_curve(spec, spec.scenario, dict(spec.values)).y[state][i] == (
                full.mean(state)
            ), (where, x)
    at = runs.run_figure(spec, spec.scenario, dict(spec.values))
    assert dict(drawn.summary) == dict(at.summary), (where, p.name)


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"firing_rate": 4.0},
        {"firing_rate": 4, "reuptake_block": 0.5},
        {"firing_rate": -1.0},
        {"firing_rate": math.nan},
        {"firing_rate": "fast"},
        {"firing_rate": True},
        {"reuptake_block": 2.0, "no_such_parameter": 1.0},
        {"no_such_parameter": 1.0, "reuptake_block": 2.0},
    ],
)
@pytest.mark.parametrize(("preset", "scenario"), [("serotonin", None), ("dopamine", "parkinson")])
def test_the_cached_resolution_is_resolve(
    preset: str, scenario: str | None, overrides: dict[str, Any]
) -> None:
    """`resolve` from its cache (`_params._named`) gives what it gives cold, errors too, and
    the values of the table it was built from."""
    from transmitter_cycle._params import _named, _scenario, _table, resolve

    def outcome() -> Any:
        try:
            return resolve(preset, scenario, overrides)
        except ParameterError as error:
            return ("error", str(error))

    _named.cache_clear()
    want = outcome()  # cold: the table is built and checked now
    assert outcome() == want  # warm
    if want[0] == "error":
        return
    table = _table(preset, _scenario(preset, scenario))  # built afresh, no cache
    assert want[2] == {n: float(overrides.get(n, p.value)) for n, p in table.items()}
    assert list(want[2]) == list(table)  # the same order
    assert resolve(preset, scenario, overrides)[2] is not want[2]  # a fresh dict each time
