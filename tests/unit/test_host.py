"""Which Chromium the host's set-up launches (synapse_docs/host.py, `chromium_path`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from synapse_docs import host


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Debian's two Chromium binaries, as files in `tmp_path` (none exists until touched)."""
    paths = {"browser": tmp_path / "chromium", "shell": tmp_path / "chromium-headless-shell"}
    monkeypatch.setattr(host, "CHROMIUM", paths["browser"])
    monkeypatch.setattr(host, "HEADLESS_SHELL", paths["shell"])
    monkeypatch.delenv("PLAYWRIGHT_CHROMIUM", raising=False)
    return paths


def test_the_browser_tests_get_the_headless_shell_and_the_rest_the_browser(
    installed: dict[str, Path],
) -> None:
    for path in installed.values():
        path.touch()
    assert host.chromium_path(shell=True) == str(installed["shell"])
    assert host.chromium_path() == str(installed["browser"])
    assert host.launch_options(shell=True)["executable_path"] == str(installed["shell"])
    assert host.launch_options()["executable_path"] == str(installed["browser"])


def test_without_the_shell_the_browser_tests_get_the_browser(installed: dict[str, Path]) -> None:
    installed["browser"].touch()
    assert host.chromium_path(shell=True) == str(installed["browser"])


def test_without_debian_s_chromium_playwright_launches_its_own(
    installed: dict[str, Path],
) -> None:
    assert host.chromium_path(shell=True) is None
    assert "executable_path" not in host.launch_options(shell=True)


def test_playwright_chromium_overrides_both(
    installed: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in installed.values():
        path.touch()
    monkeypatch.setenv("PLAYWRIGHT_CHROMIUM", "/opt/chrome")
    assert host.chromium_path(shell=True) == host.chromium_path() == "/opt/chrome"
