"""Fixtures for every folder: the built site. (No browser here: tests/unit needs none.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import build_site


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with `mkdocs build --strict`.

    Set `TEST_SITE_DIR` to test an already built site instead (`./dev check` does, after its
    strict build).
    """
    if os.environ.get("TEST_SITE_DIR"):
        return Path(os.environ["TEST_SITE_DIR"])
    dest = tmp_path_factory.mktemp("site")
    done = build_site(dest)
    if done.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{done.stderr[-4000:]}")
    return dest
