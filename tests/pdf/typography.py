"""Measure a PDF's typography from `pdftotext -bbox`: word heights and characters per line.

A word's box is as high as its font's ascent plus descent: 1.117 em for Liberation Sans (the
metrics of Arial and Helvetica, the fonts Material's stack asks for), so a box 11.7 pt high is
10.5 pt type. Run it on a built book to see the numbers the tests check::

    python -m tests.pdf.typography site/pdf/neurotransmitter-imbalance.pdf
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

#: a word box's height per point of type (ascent + descent of Liberation Sans, Arial, Helvetica)
BOX_PER_PT = 1.117
#: a formula's letters (Unicode's mathematical alphanumerics): MathML's scripts sit beside them
MATH = re.compile("[\U0001d400-\U0001d7ff]")
_PAGE = re.compile(r'<page width="[\d.]+" height="[\d.]+">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    page: int  # 1-based
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def pt(self) -> float:
        """The type size this box implies, in points."""
        return self.height / BOX_PER_PT


@dataclass(frozen=True)
class Measure:
    body_pt: float  # the type size of most of the text
    median_chars: float  # characters on a full line of body text (the column's measure)
    p10_chars: float
    p90_chars: float
    column_mm: float  # the body text's width on the page
    smallest: list[Word]  # words under 7 pt, formula scripts aside


def words(pdf: Path) -> list[Word]:
    """Every word of the PDF with its box (pdftotext -bbox)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise RuntimeError("pdftotext is missing: apt-get install poppler-utils")
    out = subprocess.run(
        [tool, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for number, body in enumerate(_PAGE.findall(out), start=1):
        for x0, y0, x1, y1, text in _WORD.findall(body):
            found.append(Word(number, float(x0), float(y0), float(x1), float(y1), text))
    return found


def in_formula(word: Word, page: list[Word]) -> bool:
    """Whether a word is a formula's letter or a script set right beside one."""
    if MATH.search(word.text):
        return True
    return any(
        MATH.search(other.text)
        and (abs(other.x1 - word.x0) < 1.5 or abs(word.x1 - other.x0) < 1.5)
        and other.y0 - 6 < word.y1
        and word.y0 < other.y1 + 6
        for other in page
    )


def measure(pdf: Path, *, minimum_pt: float = 7.0) -> Measure:
    """Measure the body's type size and measure, and find the words set too small."""
    every = words(pdf)
    heights = Counter()
    for word in every:
        heights[round(word.height, 1)] += len(word.text)
    body = heights.most_common(1)[0][0]
    lines: dict[tuple[int, float], list[Word]] = defaultdict(list)
    for word in every:
        if abs(word.height - body) < 0.25:
            lines[(word.page, round(word.y1))].append(word)
    for row in lines.values():
        row.sort(key=lambda w: w.x0)
    # the column: its left edge is where many body lines start (lists start further in), and
    # its right edge is as far as the longer of those lines reach
    starts = Counter(round(row[0].x0) for row in lines.values())
    left = min(x for x, n in starts.items() if n >= 0.05 * len(lines))
    ends = sorted(max(w.x1 for w in row) for row in lines.values() if abs(row[0].x0 - left) < 5)
    right = ends[int(0.95 * (len(ends) - 1))]
    full = []  # lines that run from the column's left edge to near its right edge
    for row in lines.values():
        if abs(row[0].x0 - left) < 5 and row[-1].x1 > right - 0.1 * (right - left):
            full.append(sum(len(w.text) for w in row) + len(row) - 1)
    deciles = statistics.quantiles(full, n=10)
    by_page: dict[int, list[Word]] = defaultdict(list)
    for word in every:
        by_page[word.page].append(word)
    small = [w for w in every if w.pt < minimum_pt - 0.05 and not in_formula(w, by_page[w.page])]
    return Measure(
        body_pt=body / BOX_PER_PT,
        median_chars=statistics.median(full),
        p10_chars=deciles[0],
        p90_chars=deciles[-1],
        column_mm=(right - left) / 72 * 25.4,
        smallest=small,
    )


def main(argv: list[str]) -> int:
    for name in argv:
        found = measure(Path(name))
        print(
            f"{name}: body {found.body_pt:.2f} pt; a full line {found.median_chars:g} characters "
            f"(10th–90th percentile {found.p10_chars:g}–{found.p90_chars:g}); column "
            f"{found.column_mm:.0f} mm; {len(found.smallest)} words under 7 pt"
            + "".join(f"\n  p. {w.page}: {w.text!r} {w.pt:.1f} pt" for w in found.smallest[:20])
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
