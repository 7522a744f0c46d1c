"""The command line: outputs and exit codes."""

from __future__ import annotations

import json

import pytest

from transmitter_cycle import simulate
from transmitter_cycle.__main__ import main


def test_simulate_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "dopamine", "--duration", "0.5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("t,cytosol,vesicles,ready,cleft,occupancy,glia")
    # the 401 grid points, plus the points around each spike (CSV rows are the Result's points)
    assert len(lines) == 1 + len(simulate("dopamine", duration=0.5).t)
    assert len(lines) > 402


def test_simulate_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "simulate",
                "serotonin",
                "--scenario",
                "ssri",
                "--duration",
                "1",
                "--set",
                "firing_rate=2",
                "--format",
                "json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "ssri"
    assert data["params"]["firing_rate"] == 2.0


def test_params_md(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", "glutamate"]) == 0
    out = capsys.readouterr().out
    assert "| `glia_vmax` |" in out
    # the plausible range beside the bounds: glutamate's refilling is a measured point
    assert "| `pool_recovery_tau` | Pool recovery time | 4.2 | s | 4.2–4.2 | 0.01–30 |" in out
    assert main(["params", "gaba", "--format", "json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["reuptake_km"]["plausible"] == [9.9, 13.5]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["simulate", "dopamine", "--set", "reuptake_block=1.4"],
            "'reuptake_block' must be between 0 and 1 (got 1.4)",
        ),
        (["params", "histamine"], "'preset' must be one of serotonin, dopamine, glutamate, gaba"),
        (["simulate", "dopamine", "--set", "firing_rate"], "expected name=value"),
    ],
    ids=["bounds", "preset", "syntax"],
)
def test_bad_input_exits_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err
