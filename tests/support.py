"""Helpers shared by the test folders (no browser stack: the unit tests import this too)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def build_site(
    dest: Path, config: Path = ROOT / "mkdocs.yml", **env_vars: str
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` into `dest` (in the config's folder, with `env_vars` added to
    the environment) and return the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def cases(name: str) -> list[Any]:
    """Return the cases of `tests/corpus/<name>.yaml` as params (a `lost:` case as strict xfail)."""
    loaded = yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))
    return [
        pytest.param(
            case,
            id=case["id"],
            marks=[pytest.mark.xfail(strict=True, reason=f"lost: {case['lost']}")]
            if case.get("lost")
            else [],
        )
        for case in loaded
    ]
