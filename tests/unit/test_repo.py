"""The repository's promises: the README's two commands, and CI running the test one as written."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.support import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S)]


def test_readme_opens_with_two_single_line_commands() -> None:
    commands = readme_commands()[:2]
    assert commands == ["./dev serve", "./dev tests"]
    head = (ROOT / "README.md").read_text().split("```sh")[0]
    assert "serve" in head
    assert all("\n" not in command for command in commands)


def test_ci_runs_the_readme_test_command_as_written_then_lint_and_installs_nothing() -> None:
    lines = [
        line.strip()
        for line in (ROOT / ".ci/run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    commands = [line for line in lines if line.startswith("./")]
    assert commands[:2] == [readme_commands()[1], "./dev lint"]
    assert set(commands[2:]) <= {"./dev properdocs", "./dev zensical"}
    assert set(lines) - set(commands) <= {"set -eu", 'cd "$(dirname "$0")/.."', "#!/bin/sh"}


def test_the_github_workflow_lints() -> None:
    assert "run: ./dev lint" in (ROOT / ".github/workflows/site.yml").read_text()


def readme_paths() -> list[str]:
    """The paths named in the first column of README.md's table of the tree."""
    text = (ROOT / "README.md").read_text()
    cells = re.findall(r"^\| (`[^|]+`) \|", text, re.M)
    return [path for cell in cells for path in re.findall(r"`([^`]+)`", cell)]


def test_the_readme_map_matches_the_tree() -> None:
    named = {path.rstrip("/") for path in readme_paths()}
    assert all((ROOT / path).exists() for path in named), sorted(
        p for p in named if not (ROOT / p).exists()
    )
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    parts = [Path(name).parts for name in files]
    tracked = {p[0] for p in parts if len(p) > 1} | {
        f"{p[0]}/{p[1]}" for p in parts if len(p) > 2 and p[0] in ("widgets", "tests")
    }
    assert tracked <= named, f"not in README.md's table: {sorted(tracked - named)}"


def test_the_serve_session_serves_on_port_8000() -> None:
    assert '"127.0.0.1:8000"' in (ROOT / "noxfile.py").read_text()
