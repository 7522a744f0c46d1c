"""Which page is being converted, so that errors can name the file and the line.

Python-Markdown extensions do not know the file they convert. Under MkDocs, the hook sets the
current page in `on_page_markdown`; outside MkDocs (unit tests, other builders) nothing is set and
errors name the line within the Markdown text only.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass

#: a fence's opening line: its indentation, its backticks or tildes, and its info string
_OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$")


def body_key(body: str) -> tuple[str, ...]:
    """A fence body as compared between the page and SuperFences: lines without trailing space."""
    lines = [line.rstrip() for line in body.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return tuple(lines)


def fences(text: str) -> list[tuple[int, str, str]]:
    """Return every fenced block of a Markdown text, in order: (opening line, language, body).

    The line is 1-based; the body has the opening's indentation removed. A fence inside
    another fence (an example quoted in a ````markdown block) is part of that block's body, not
    a block of its own.
    """
    lines = text.splitlines()
    found = []
    index = 0
    while index < len(lines):
        opening = _OPENING.match(lines[index])
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            index += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        body = [
            line[len(indent) :] if line.startswith(indent) else line.lstrip()
            for line in lines[index + 1 : end]
        ]
        language = opening["info"].split()[0].lstrip(".{") if opening["info"].split() else ""
        found.append((index + 1, language, "\n".join(body)))
        index = end + 1
    return found


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

    def fence_line(self, language: str, body: str, occurrence: int = 0) -> int | None:
        """Return the 1-based line of the opening of a `language` fence with this body.

        `occurrence` counts the earlier fences of the page with the same language and body
        (0: the first): identical fences are told apart by their order, never by their text.
        """
        key = body_key(body)
        lines = [
            line
            for line, lang, text in fences(self.text)
            if lang == language and body_key(text) == key
        ]
        if not lines:
            return None
        return lines[min(occurrence, len(lines) - 1)]

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
