"""Phone and dark mode: legible figures, real touch targets, visible controls, on the stub worker.

- at 360 CSS px wide, every text of every figure is drawn at 11 CSS px or more, and no two texts
  of a figure overlap (the origin's two zeros, a legend over a title);
- every control of a figure (sliders, buttons, links) is at least 44 × 44 CSS px to touch and
  lies within the screen, and the keyboard still moves a slider there;
- the slider thumb, its track and button borders keep at least 3:1 against the page in both
  colour schemes (WCAG 1.4.11). axe does not check this, so it is measured here: the rendered
  pixels of a screenshot, WCAG relative luminance.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import Watch, live

pytestmark = pytest.mark.browser

FIGURE_PAGES = [
    "",
    "cycle/",
    "imbalance/",
    "depression/",
    "anxiety-adhd-pain/",
    "parkinsons/",
]
CONTROLS = "input, button:visible, a[data-role]:visible"


def figure_pages(site_dir: Path) -> list[str]:
    return [
        p for p in FIGURE_PAGES if "synapse-figure" in (site_dir / p / "index.html").read_text()
    ]


# -- colour -------------------------------------------------------------------------------------


def png_pixels(data: bytes) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """Decode a non-interlaced 8-bit RGB(A) PNG (what Chromium's screenshots are)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8, depth
            assert colour in (2, 6), colour
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytearray] = []
    prev = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    pixels = [[tuple(row[x * channels : x * channels + 3]) for x in range(width)] for row in rows]
    return width, height, pixels  # type: ignore[return-value]


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def best(pixels: list[tuple[int, int, int]], background: tuple[int, int, int]) -> float:
    """The strongest contrast among `pixels` against `background` (edges are anti-aliased)."""
    return max(contrast(p, background) for p in pixels)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_controls_keep_3_to_1_in_both_schemes(
    browser: Browser, base_url: str, stub_worker_script: str, scheme: str
) -> None:
    context = browser.new_context(
        base_url=base_url,
        color_scheme=scheme,
        viewport={"width": 1280, "height": 900},
        service_workers="block",
    )
    context.route(
        "**/assets/synapse/worker.js",
        lambda route: route.fulfill(content_type="text/javascript", body=stub_worker_script),
    )
    page = context.new_page()
    try:
        page.goto("depression/")  # its first figure: the SSRI, at 80 %
        expected = "slate" if scheme == "dark" else "default"
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
        figure = live(page.locator("figure.synapse-figure").first)
        slider = figure.locator('input[name="reuptake_block"]')  # its thumb sits at 80 %
        box = slider.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        shot = page.screenshot(clip=box)
        width, height, px = png_pixels(shot)
        background = px[2][2]  # the page behind the slider, as drawn
        middle = height // 2
        thumb_x = round(11 + (width - 22) * 0.8)
        thumb = best(
            [px[middle + dy][thumb_x + dx] for dx in (-2, 0, 2) for dy in (-2, 0, 2)], background
        )
        track = best([px[middle + dy][round(width * 0.3)] for dy in (-1, 0, 1)], background)
        button = figure.locator("button[data-preset]").first
        bbox = button.bounding_box()
        assert bbox is not None
        _, bh, bpx = png_pixels(page.screenshot(clip=bbox))
        edge = best([bpx[bh // 2][x] for x in range(3)], background)
        print(f"CONTRAST {scheme}: thumb {thumb:.2f}, track {track:.2f}, button border {edge:.2f}")
        assert thumb >= 3, f"thumb {thumb:.2f}:1"
        assert track >= 3, f"track {track:.2f}:1"
        assert edge >= 3, f"button border {edge:.2f}:1"
    finally:
        context.close()


# -- the phone ----------------------------------------------------------------------------------


def test_figures_at_360_px_have_legible_text_and_44_px_targets(
    stub_worker: Page, site_dir: Path
) -> None:
    page = stub_worker
    watch = Watch.of(page.context, page)
    page.set_viewport_size({"width": 360, "height": 780})
    problems: list[str] = []
    for path in figure_pages(site_dir):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        for n, figure in enumerate(page.locator("figure.synapse-figure").all()):
            live(figure)
            where = f"{path} figure {n + 1}"
            found = figure.evaluate(
                """(f) => {
                    const svg = f.querySelector(".synapse-plot svg");
                    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                    const texts = Array.from(svg.querySelectorAll("text, tspan"))
                        .filter((t) => t.textContent.trim() && t.getBBox().width > 0);
                    const small = texts
                        .map((t) => [t.textContent, parseFloat(getComputedStyle(t).fontSize)])
                        .map(([text, size]) => [text, size * scale])
                        .filter(([, size]) => size < 11 - 1e-6);
                    const boxes = Array.from(svg.querySelectorAll("text"))
                        .filter((t) => t.textContent.trim())
                        .map((t) => [t.textContent, t.getBoundingClientRect()]);
                    const overlaps = [];
                    for (let i = 0; i < boxes.length; i++) {
                      for (let j = i + 1; j < boxes.length; j++) {
                        const [a, r] = boxes[i], [b, s] = boxes[j];
                        const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
                        const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
                        if (w > 1 && h > 1) overlaps.push(`${a} / ${b}`);
                      }
                    }
                    return {small, overlaps};
                }"""
            )
            problems += [f"{where}: {t!r} at {size:.1f} px" for t, size in found["small"]]
            problems += [f"{where}: overlap {o}" for o in found["overlaps"]]
            for control in figure.locator(CONTROLS).all():
                box = control.bounding_box()
                if box is None or (
                    control.get_attribute("data-role") == "download-svg" and not box["width"]
                ):
                    continue
                name = control.get_attribute("name") or control.inner_text() or "?"
                if box["width"] < 44 or box["height"] < 44:
                    problems.append(
                        f"{where}: {name!r} is {box['width']:.0f} × {box['height']:.0f}"
                    )
                if not 0 <= box["x"] <= box["x"] + box["width"] <= 360:
                    problems.append(f"{where}: {name!r} leaves the screen ({box})")
            slider = figure.locator("input[name]")
            if slider.count():  # the keyboard, at this size: End moves it, and the figure redraws
                before = figure.get_attribute("data-summary")
                slider.first.focus()
                page.keyboard.press("End")
                expect(figure).not_to_have_attribute("data-summary", before or "")
    assert not problems, "\n".join(problems)
    assert not watch.errors, watch.errors
