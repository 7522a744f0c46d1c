"""The benches' reading of the machine's state (tests/bench/machine.py): /proc/stat's shares."""

from __future__ import annotations

import pytest

from tests.bench.machine import describe, parse, shares

STAT = "cpu  {} 0 {} {} {} 0 0 {} 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 12 0\n"


def test_parse_reads_the_all_cpu_line_only():
    times = parse(STAT.format(100, 20, 300, 5, 75))
    assert times == {
        "user": 100,
        "nice": 0,
        "system": 20,
        "idle": 300,
        "iowait": 5,
        "irq": 0,
        "softirq": 0,
        "steal": 75,
    }


def test_parse_names_what_is_missing():
    with pytest.raises(ValueError, match="no 'cpu' line"):
        parse("cpu0 1 2 3 4 5 6 7 8\n")


def test_shares_are_of_the_time_between_the_readings():
    before = parse(STAT.format(100, 20, 300, 5, 75))
    after = parse(STAT.format(200, 20, 400, 5, 275))  # 100 busy, 100 idle, 200 stolen
    share = shares(before, after)
    assert share["user"] == pytest.approx(0.25)
    assert share["idle"] == pytest.approx(0.25)
    assert share["steal"] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="not in order"):
        shares(after, before)


def test_describe_gives_the_stolen_share_and_both_loads():
    before = parse(STAT.format(100, 20, 300, 5, 75))
    after = parse(STAT.format(200, 20, 400, 5, 275))
    line = describe(before, after, (1.5, 1.0, 0.5))
    assert "1.50 1.00 0.50 at the start" in line
    assert "busy 25%, idle 25%, stolen by the host 50%" in line
    assert "unknown" in describe(None, after, (0.0, 0.0, 0.0))
