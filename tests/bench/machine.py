"""The machine's state over a benchmark: load average, and what share of the CPU time went where.

On a virtual machine the host may take CPU time from the guest ("steal"): Linux counts it in
/proc/stat. A benchmark run while half the time is stolen is slower throughout, and its absolute
figures (not its ratios) say more about the host than about the site, so the benches print it.

    start, load = cpu_times(), os.getloadavg()
    ...  # the benchmark
    print(describe(start, cpu_times(), load))
"""

from __future__ import annotations

import os
from pathlib import Path

#: /proc/stat's columns for the CPUs together, in order (proc(5))
FIELDS = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")


def parse(stat: str) -> dict[str, int]:
    """Return the all-CPU line of a /proc/stat text as {field: clock ticks}."""
    for line in stat.splitlines():
        name, *values = line.split()
        if name == "cpu":
            return {field: int(value) for field, value in zip(FIELDS, values, strict=False)}
    raise ValueError("/proc/stat: no 'cpu' line (the all-CPU totals)")


def cpu_times(path: Path = Path("/proc/stat")) -> dict[str, int] | None:
    """Return the CPUs' times so far, or None where the system has no /proc/stat."""
    try:
        return parse(path.read_text(encoding="ascii"))
    except OSError:
        return None


def shares(before: dict[str, int], after: dict[str, int]) -> dict[str, float]:
    """Return each field's share (0–1) of the CPU time that passed between two readings."""
    spent = {field: after.get(field, 0) - before.get(field, 0) for field in FIELDS}
    total = sum(spent.values())
    if total <= 0:
        raise ValueError("the two readings of /proc/stat are not in order (no time passed)")
    return {field: ticks / total for field, ticks in spent.items()}


def describe(
    before: dict[str, int] | None,
    after: dict[str, int] | None,
    start_load: tuple[float, float, float],
) -> str:
    """Return a line on the load average at the start and now, and the CPU's busy, idle and
    stolen shares between the two readings."""
    start = " ".join(f"{x:.2f}" for x in start_load)
    end = " ".join(f"{x:.2f}" for x in os.getloadavg())
    load = f"load average {start} at the start, {end} at the end"
    if before is None or after is None:
        return f"{load}; CPU shares unknown (no /proc/stat)"
    share = shares(before, after)
    busy = 1.0 - share["idle"] - share["iowait"] - share["steal"]
    return (
        f"{load}; CPU time during the run: busy {busy:.0%}, "
        f"idle {share['idle'] + share['iowait']:.0%}, stolen by the host {share['steal']:.0%}"
    )
