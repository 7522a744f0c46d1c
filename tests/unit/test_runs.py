"""The figures' run cache: one run per setting, bounded, least recently used goes first."""

from __future__ import annotations

from synapse_figures import runs
from synapse_figures.spec import parse_spec

SPEC = parse_spec({"transmitter": "serotonin", "duration": 0.5, "caption": "A figure."})


def test_a_setting_runs_once_and_the_cache_stays_bounded() -> None:
    runs._RUNS.clear()
    first = runs.cached_run(SPEC, "healthy", {"firing_rate": 1.0})
    assert runs.cached_run(SPEC, "healthy", {"firing_rate": 1.0}) is first
    compared = runs.fixed_run(SPEC, "ssri")
    for i in range(runs._RUNS_MAX + 10):
        runs.cached_run(SPEC, "healthy", {"firing_rate": 1.0 + 0.01 * (i + 1)})
        runs.fixed_run(SPEC, "ssri")  # used on every redraw: it stays
    assert len(runs._RUNS) == runs._RUNS_MAX
    assert runs.fixed_run(SPEC, "ssri") is compared
    assert runs.cached_run(SPEC, "healthy", {"firing_rate": 1.0}) is not first  # went first
