"""Fixtures for every folder: the built site; the run's count of Pyodide downloads.

No browser here: tests/unit needs none. The static host (synapse_docs/host.py) counts the
`pyodide.asm.wasm` responses it sends; the end of the run prints the total, summed over the
pytest-xdist workers.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from synapse_docs.host import SERVED
from tests.support import build_site

#: this process's count, and under pytest-xdist the workers' (sent at the end of each)
TOTAL = {"browser tests": 0, "wasm": 0}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under `--dist=loadscope` (./dev tests): each module runs whole on one worker (so that its
    shared page boots Pyodide once), and the PDF folder too (so that the PDF is built once).
    (Spreading the tests of modules without shared state over both workers was measured
    slower: two browsers at once on two cores.)"""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByModule(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "tests/pdf/" if module.startswith("tests/pdf/") else module

    return ByModule(config, log)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # (under xdist the controller sees every worker's reports too)
    if report.when == "setup" and report.nodeid.startswith("tests/browser/"):
        TOTAL["browser tests"] += 1


def pytest_sessionfinish(session: pytest.Session) -> None:
    TOTAL["wasm"] += SERVED["pyodide.asm.wasm"]
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: tell the controller
        workeroutput["synapse_wasm"] = SERVED["pyodide.asm.wasm"]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:  # the xdist controller
    TOTAL["wasm"] += getattr(node, "workeroutput", {}).get("synapse_wasm", 0)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if TOTAL["browser tests"]:
        terminalreporter.write_sep("-", "Pyodide runtime downloads")
        terminalreporter.write_line(
            f"pyodide.asm.wasm answered by the test hosts: {TOTAL['wasm']} "
            f"(for {TOTAL['browser tests']} browser tests)"
        )


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
