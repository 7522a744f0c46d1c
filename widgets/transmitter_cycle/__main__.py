"""Command line: ``python -m transmitter_cycle simulate|params PRESET ...`` or ``sensitivity``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from typing import Any

from ._errors import ParameterError
from ._params import parameters, presets
from ._simulate import simulate


def _rows(preset: str, scenario: str | None) -> list[dict[str, Any]]:
    """Return the parameters as plain dictionaries (every field of ``Parameter``)."""
    return [dataclasses.asdict(p) for p in parameters(preset, scenario).values()]


def _markdown(rows: list[dict[str, Any]]) -> str:
    """Return the parameter rows as a Markdown table (the CLI's own plain output)."""
    lines = [
        "| name | label | value | unit | plausible | bounds | stage | kind | source |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        low, high = row["plausible"] or (row["value"], row["value"])
        lines.append(
            f"| `{row['name']}` | {row['label']} | {row['value']:g} | {row['unit'] or '–'} | "
            f"{low:g}–{high:g} | {row['minimum']:g}–{row['maximum']:g} | {row['stage']} | "
            f"{row.get('kind', '')} | {row['source']} |"
        )
    return "\n".join(lines) + "\n"


def _assignment(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected name=value, got {text!r}")
    try:
        return name.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{name.strip()!r} must be a number (got {value!r})"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transmitter_cycle", description="Kinetic model of the transmitter cycle."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sim = sub.add_parser("simulate", help="run the model and print the time course")
    sim.add_argument("preset")
    sim.add_argument("--scenario")
    sim.add_argument(
        "--set",
        dest="overrides",
        action="append",
        type=_assignment,
        default=[],
        metavar="NAME=VALUE",
    )
    sim.add_argument("--duration", type=float, default=2.0)
    sim.add_argument("--format", choices=("csv", "json"), default="csv")
    par = sub.add_parser("params", help="print the parameter table")
    par.add_argument("preset")
    par.add_argument("--scenario")
    par.add_argument("--format", choices=("md", "json"), default="md")
    sens = sub.add_parser(
        "sensitivity",
        help="print each free parameter's elasticities at the healthy state and the share "
        "resting on measured or calibrated parameters",
    )
    sens.add_argument("presets", nargs="*", metavar="PRESET", help="default: every preset")
    sens.add_argument("--format", choices=("md", "json"), default="md")
    return parser


def _sensitivity(names: Sequence[str], form: str) -> str:
    from .sensitivity import report, sensitivity  # runs the model about 40 times a preset

    chosen = tuple(names) or presets()
    for name in chosen:
        parameters(name)  # an unknown preset: ParameterError, before any run
    if form == "md":
        return report(chosen)
    data = {
        name: {
            "share": (s := sensitivity(name)).share,
            "kinds": dict(s.kinds),
            "elasticity": {k: dict(v) for k, v in s.elasticity.items()},
        }
        for name in chosen
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (2 for bad input, like argparse)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "simulate":
            result = simulate(
                args.preset, scenario=args.scenario, duration=args.duration, **dict(args.overrides)
            )
            sys.stdout.write(result.to_csv() if args.format == "csv" else result.to_json() + "\n")
        elif args.command == "sensitivity":
            sys.stdout.write(_sensitivity(args.presets, args.format))
        elif args.format == "md":
            sys.stdout.write(_markdown(_rows(args.preset, args.scenario)))
        else:
            rows = _rows(args.preset, args.scenario)
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    except ParameterError as error:
        parser.error(str(error))  # exits 2 with the message on stderr
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
