"""The one local host for the built site, and the one Chromium set-up: for the tests, the
benchmark, the page audit and the PDF build.

The host behaves like the real ones (GitHub Pages, Netlify):

- the site is published under the path of `site_url` (e.g. `/neurotransmitter-imbalance/`), so
  404.html's absolute links resolve, and a missing path gets 404.html with status 404;
- text and `.wasm` are gzip-compressed when the browser asks, and cacheable for ten minutes
  (GitHub Pages' `max-age=600`), with `ETag` revalidation (`304 Not Modified`);
- the headers that `_headers` sets for `/*` (the Content-Security-Policy) are sent with every
  response, workers' scripts included;
- it counts the bytes it sends, so that tests can report the bytes transferred per page.

Only on 127.0.0.1, on a free port. `extra` files (path → (bytes, type)) are served beside the
site, for the benchmark's bare page.

Chromium: `chromium_path()` (Debian's, or `$PLAYWRIGHT_CHROMIUM`) and `CHROMIUM_ARGS` (the flags
this closed network needs), or both at once as Playwright's `launch_options()`. The browser tests
ask for Debian's headless shell (`shell=True`, package chromium-headless-shell: the same Chromium
build without the browser's windows, what Playwright itself runs headless); it took 0.10–0.13
CPU-s to open a page here, against 0.40–0.55 s for the full browser, and 1.1–1.2 against
2.6–3.1 CPU-s to load a chapter. The benchmark, the audit and the PDF keep the full browser a
reader has.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import os
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".zip": "application/zip",
}
#: the runtime files every host of this process sent in full (status 200), by name: the tests
#: report how many times the run downloaded Pyodide (`pyodide.asm.wasm`)
SERVED: Counter[str] = Counter()
COUNTED = ("pyodide.asm.wasm", "python_stdlib.zip")
CHROMIUM = Path("/usr/bin/chromium")
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--disable-sync",
)
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".wasm", ".txt", ".zip"}


def chromium_path(*, shell: bool = False) -> str | None:
    """Return the Chromium to launch: $PLAYWRIGHT_CHROMIUM, Debian's (its headless shell if
    `shell` and it is installed), or None (Playwright's)."""
    env = os.environ.get("PLAYWRIGHT_CHROMIUM")
    if env:
        return env
    for path in (HEADLESS_SHELL, CHROMIUM) if shell else (CHROMIUM,):
        if path.is_file():
            return str(path)
    return None


def launch_options(*, shell: bool = False, **more: Any) -> dict[str, Any]:
    """Return Playwright's `chromium.launch` options: this machine's Chromium and flags (see
    `chromium_path` for `shell`)."""
    options: dict[str, Any] = {"args": list(CHROMIUM_ARGS), **more}
    path = chromium_path(shell=shell)
    if path:
        options["executable_path"] = path
    return options


def site_prefix(site: Path) -> str:
    """Return the path the site is published under (from its sitemap's first URL), e.g. `/x/`."""
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        match = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
        if match:
            path = urlsplit(match.group(1)).path
            return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
    return "/"


def host_headers(site: Path) -> dict[str, str]:
    """Return the headers `_headers` sets for every path (`/*`), as a host would send them."""
    file = site / "_headers"
    found: dict[str, str] = {}
    if not file.is_file():
        return found
    section = None
    for line in file.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            section = line.strip()
        elif section == "/*" and ":" in line:
            name, value = line.strip().split(":", 1)
            found[name.strip()] = value.strip()
    return found


@dataclass
class Traffic:
    """What the host sent since the last `reset`: (path, bytes) per response, headers included."""

    sent: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.sent.append((path, size))

    def reset(self) -> list[tuple[str, int]]:
        """Return what was sent so far, and start again."""
        with self.lock:
            seen, self.sent = self.sent, []
            return seen


@functools.lru_cache(maxsize=512)
def _load(path: Path, mtime: float, compress: bool) -> tuple[bytes, str]:
    data = path.read_bytes()
    etag = '"' + hashlib.sha256(data).hexdigest()[:16] + ('-gz"' if compress else '"')
    if compress:
        data = gzip.compress(data, compresslevel=6, mtime=0)
    return data, etag


class StaticHost(http.server.BaseHTTPRequestHandler):
    """Serve `root` under `prefix`, like a static host (see the module docstring)."""

    protocol_version = "HTTP/1.1"
    root: Path = Path()
    prefix = "/"
    extra: dict[str, str] = {}  # noqa: RUF012 - set per server by `serve`
    files: dict[str, tuple[bytes, str]] = {}  # noqa: RUF012 - set per server by `serve`
    traffic: Traffic = Traffic()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, *, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path in self.files:
            data, ctype = self.files[path]
            self._send(200, data, ctype, {"Cache-Control": "no-store"}, body=body)
            return
        local = self._local(path)
        if local is not None and local.is_dir():
            if not path.endswith("/"):
                self._send(301, b"", "text/plain", {"Location": path + "/"}, body=body)
                return
            local = local / "index.html"
        if local is None or not local.is_file():
            page = self.root / "404.html"
            data = page.read_bytes() if page.is_file() else b"not found"
            self._send(404, data, "text/html; charset=utf-8", {}, body=body)
            return
        compress = local.suffix in COMPRESSIBLE and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        data, etag = _load(local, local.stat().st_mtime, compress)
        headers = {"ETag": etag, "Cache-Control": "max-age=600", "Vary": "Accept-Encoding"}
        if compress:
            headers["Content-Encoding"] = "gzip"
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", "", headers, body=False)
            return
        html = "text/html; charset=utf-8"
        ctype = (
            html if local.suffix == ".html" else TYPES.get(local.suffix, "application/octet-stream")
        )
        self._send(200, data, ctype, headers, body=body)

    def _local(self, path: str) -> Path | None:
        if not path.startswith(self.prefix):
            return None
        parts = [p for p in path[len(self.prefix) :].split("/") if p]
        if any(p in (".", "..") for p in parts):
            return None
        return self.root.joinpath(*parts)

    def _send(
        self, code: int, data: bytes, ctype: str, headers: dict[str, str], *, body: bool
    ) -> None:
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data) if code != 304 else 0))
        for name, value in {**headers, **self.extra}.items():
            self.send_header(name, value)
        buffered: list[bytes] = getattr(self, "_headers_buffer", [])  # the stdlib's, unsent
        size = sum(len(line) for line in buffered) + 2  # + the blank line
        self.end_headers()
        payload = data if body and code != 304 else b""
        try:
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the browser gave up (a test's fault)
            self.close_connection = True
            return
        self.traffic.add(self.path, size + len(payload))
        name = self.path.split("?")[0].rsplit("/", 1)[-1]
        if code == 200 and body and name in COUNTED:
            SERVED[name] += 1


@dataclass
class Host:
    """A running host: its base URL (with the site's prefix) and its traffic counter."""

    url: str
    traffic: Traffic
    site: Path


@contextmanager
def serve(
    site: Path, *, headers: bool = True, extra: dict[str, tuple[bytes, str]] | None = None
) -> Iterator[Host]:
    """Serve the built `site` like a static host; yield the running `Host`.

    `headers=False` leaves out the site's `_headers` (the CSP); `extra` serves more files by
    absolute path (bytes and content type).
    """
    traffic = Traffic()
    prefix = site_prefix(site)
    handler: type[StaticHost] = type(
        "Host",
        (StaticHost,),
        {
            "root": site,
            "prefix": prefix,
            "extra": host_headers(site) if headers else {},
            "traffic": traffic,
            "files": dict(extra or {}),
        },
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Host(f"http://127.0.0.1:{server.server_address[1]}{prefix}", traffic, site)
    finally:
        server.shutdown()
        server.server_close()
