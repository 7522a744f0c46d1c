"""Which page is being converted, so that errors can name the file and the line.

Python-Markdown extensions do not know the file they convert. Under MkDocs, the hook sets the
current page in `on_page_markdown`; outside MkDocs (unit tests, other builders) nothing is set and
errors name the line within the Markdown text only.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class PageContext:
    """The page being converted: its path as shown in errors, and its full source text."""

    path: str
    text: str
    #: lines of the file that precede the Markdown given to Python-Markdown (front matter)
    offset: int = 0

    def line_of(self, fragment: str, start_line: int = 1) -> int | None:
        """Return the 1-based file line where `fragment` first occurs at or after `start_line`."""
        lines = self.text.splitlines(keepends=True)
        start = sum(len(line) for line in lines[: max(start_line - 1, 0)])
        index = self.text.find(fragment, start)
        if index < 0:
            return None
        return self.text.count("\n", 0, index) + 1

    def where(self, line: int | None) -> str:
        """Return `path:line` (or just `path` when the line is unknown)."""
        return f"{self.path}:{line}" if line is not None else self.path


_current: ContextVar[PageContext | None] = ContextVar("synapse_docs_page", default=None)


def set_page(path: str, text: str, markdown: str | None = None) -> None:
    """Record the page about to be converted (`markdown`: the part given to Python-Markdown)."""
    offset = 0
    if markdown is not None and markdown and text.endswith(markdown):
        offset = text[: len(text) - len(markdown)].count("\n")
    _current.set(PageContext(path, text, offset))


def clear_page() -> None:
    """Forget the current page."""
    _current.set(None)


def current() -> PageContext | None:
    """Return the page being converted, or None outside a site build."""
    return _current.get()


try:  # under MkDocs, a PluginError aborts the build with just the message (no traceback)
    from mkdocs.exceptions import PluginError
except ImportError:  # other builders (ProperDocs installs MkDocs's API; Zensical may not)

    class PluginError(Exception):  # type: ignore[no-redef]
        """Stands in for MkDocs's PluginError where MkDocs is not installed."""


class BuildError(PluginError, ValueError):
    """A mistake in a page or in the bibliography that stops the build.

    The message starts with `path:line:` when the page is known. Under MkDocs this is a
    PluginError, so `mkdocs build` prints the message and aborts; elsewhere a ValueError.
    """
