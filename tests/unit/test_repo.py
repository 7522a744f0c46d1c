"""The repository's promises: the README's two commands, and CI running the test one as written."""

from __future__ import annotations

import re

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


def test_ci_runs_the_readme_test_command_as_written() -> None:
    lines = [
        line.strip()
        for line in (ROOT / ".ci/run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines[-1] == readme_commands()[1]


def test_the_serve_session_serves_on_port_8000() -> None:
    assert '"127.0.0.1:8000"' in (ROOT / "noxfile.py").read_text()
