"""Command line: ``python -m transmitter_cycle simulate|params PRESET ...``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from ._errors import ParameterError
from ._params import parameters
from ._simulate import simulate
from .validation import parameter_table_markdown


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
    return parser


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
        elif args.format == "md":
            sys.stdout.write(parameter_table_markdown(args.preset, args.scenario))
        else:
            table = parameters(args.preset, args.scenario)
            rows = [
                {
                    "name": p.name,
                    "label": p.label,
                    "value": p.value,
                    "unit": p.unit,
                    "minimum": p.minimum,
                    "maximum": p.maximum,
                    "stage": p.stage,
                    "source": p.source,
                    "description": p.description,
                }
                for p in table.values()
            ]
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    except ParameterError as error:
        parser.error(str(error))  # exits 2 with the message on stderr
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
