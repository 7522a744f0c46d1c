"""Shared fixtures: the built site, a local server for it, and headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Route

from synapse_docs.pdf import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parent.parent


def build_site(dest: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` into `dest` and return the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with `mkdocs build --strict`.

    Set `TEST_SITE_DIR` to test an already built site instead (quicker while editing tests).
    """
    if os.environ.get("TEST_SITE_DIR"):
        return Path(os.environ["TEST_SITE_DIR"])
    dest = tmp_path_factory.mktemp("site")
    done = build_site(dest)
    if done.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{done.stderr[-4000:]}")
    return dest


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the stdlib API is a class attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 on a free port; overrides pytest-base-url's fixture."""
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium when it is there (Playwright cannot download its own here)."""
    args = {**browser_type_launch_args, "args": list(CHROMIUM_ARGS)}
    executable = chromium_path()
    if executable:
        args["executable_path"] = executable
    return args


@dataclass
class Watch:
    """What a page did: its requests, console errors and uncaught exceptions."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def on_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught: {error}")


@pytest.fixture
def watch(context: BrowserContext, page: Page) -> Watch:
    """Record requests (the page's and its workers'), console errors and uncaught errors."""
    seen = Watch()
    context.on("request", seen.on_request)
    page.on("console", seen.on_console)
    page.on("pageerror", seen.on_error)
    return seen


def serve_sitemap_here(page: Page, base_url: str, site_dir: Path) -> None:
    """Rewrite the sitemap's addresses to the test server, as if the site were deployed here.

    Material's instant navigation only intercepts links listed in sitemap.xml, and matches them
    by protocol, host, port and path: on 127.0.0.1 with a free port it would never engage.
    """
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    home = re.search(r"<loc>([^<]+)</loc>", sitemap)  # the first entry is the home page
    assert home is not None, "the sitemap lists no page"

    def rewrite(route: Route) -> None:
        route.fulfill(response=route.fetch(), body=sitemap.replace(home[1], base_url))

    page.route("**/sitemap.xml", rewrite)
