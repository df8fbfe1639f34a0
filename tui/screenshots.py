"""Regenerate ``screenshots/``: the reader on the seed story in its showcase states.

Usage::

    python -m newsread.tui.screenshots            # SVGs, plus PNGs when Chromium exists

Runs the app headless at 160x40 (120x36 for dialogs, 80x24 for the narrow
layout) with the real model, waits for the alignment, drives Pilot to each
state and saves ``NN-name.svg``; headless Chromium (Debian: chromium, which
``.ci/run`` installs) renders each into a PNG at the SVG's own size.
"""

from __future__ import annotations

import asyncio
import math
import re
import shutil
import subprocess
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from ..core.seeds import default_story
from .app import make_app
from .screens.reader import ReaderScreen
from .widgets.detail_panel import DetailPanel

OUT = Path(__file__).resolve().parent.parent / "screenshots"

Step = Callable[[Pilot[None]], Awaitable[None]]


async def _press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


SHOTS: list[tuple[str, tuple[int, int], bool, Step]] = [
    ("01-overview", (160, 40), True, lambda p: _press(p)),
    ("02-alignment", (160, 40), True, lambda p: _press(p, "down")),
    ("03-conflict", (160, 40), True, lambda p: _press(p, "c", "c")),
    ("04-overview-screen", (120, 36), True, lambda p: _press(p, "o")),
    ("05-help", (120, 36), True, lambda p: _press(p, "question_mark")),
    ("06-narrow", (80, 24), True, lambda p: _press(p)),
    ("07-export", (120, 36), True, lambda p: _press(p, "e")),
    ("11-names", (120, 36), True, lambda p: _press(p, "p")),
]


async def _loading(pilot: Pilot[None]) -> None:
    pilot.app.screen.query_one(DetailPanel).loading = True
    await pilot.pause()


async def shoot(out: Path = OUT) -> list[Path]:
    """Save every showcase state as an SVG (and PNG if possible)."""
    out.mkdir(exist_ok=True)
    saved = []
    cache = Path(tempfile.gettempdir()) / "newsread-screenshots-cache"
    shots = [*SHOTS, ("08-loading", (120, 36), False, _loading)]
    for name, size, autoload, step in shots:
        app = make_app([str(default_story())], cache_dir=cache, autoload=autoload)
        app.animation_level = "none"
        async with app.run_test(size=size) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(app.screen, ReaderScreen) and autoload:
                await app.screen.wait_painted(pilot.pause)
            await step(pilot)
            await app.workers.wait_for_complete()
            await pilot.pause()
            path = out / f"{name}.svg"
            app.save_screenshot(str(path))
            saved.append(path)
    saved.append(await _story_picker(out, cache))
    browser = shutil.which("chromium")
    if browser:
        for svg in list(saved):
            saved.append(svg_to_png(browser, svg))
        saved.append(_html_screenshot(browser, out, cache))
    return saved


_HEADLESS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--force-device-scale-factor=1",
)  # fmt: skip


def svg_to_png(browser: str, svg: Path) -> Path:
    """Render an SVG screenshot to PNG in headless Chromium, at the SVG's own size.

    rsvg-convert drops the no-break space that starts each styled text run of
    Textual's SVGs ("U.S.-ledpeace"); a browser lays the text out as written.

    Args:
        browser: The Chromium executable.
        svg: The SVG file.

    Returns:
        The PNG beside it.
    """
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg.read_text(encoding="utf-8"))
    width, height = (math.ceil(float(v)) for v in match.groups()) if match else (1600, 1000)
    target = svg.with_suffix(".png")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [browser, *_HEADLESS, f"--user-data-dir={Path(folder) / 'profile'}",
             f"--window-size={width},{height}", f"--screenshot={target}", svg.resolve().as_uri()],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
    return target


async def _story_picker(out: Path, cache: Path) -> Path:
    """The story picker on the two bundled stories given as one pile."""
    seeds = default_story().parent
    paths = [str(seeds / "ukraine-peace-talks"), str(seeds / "springfield-budget")]
    app = make_app(paths, cache_dir=cache, stories=True, title="Two bundled stories, mixed")
    app.animation_level = "none"
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        path = out / "10-story-picker.svg"
        app.save_screenshot(str(path))
    return path


def _html_screenshot(browser: str, out: Path, cache: Path) -> Path:
    """Render ``newsread export --format html`` of the seed story in headless Chromium."""
    from ..core.compare import compare
    from ..core.embed import make_embedder
    from ..core.html import to_html
    from ..core.ingest import load_articles, story_title

    paths = [str(default_story())]
    comparison = compare(load_articles(paths), make_embedder(None, cache), story_title(paths))
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(to_html(comparison), encoding="utf-8")
        target = out / "09-html-export.png"
        subprocess.run(
            [browser, *_HEADLESS, f"--user-data-dir={Path(folder) / 'profile'}",
             "--window-size=1600,1200",
             f"--screenshot={target}", page.as_uri()],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
    return target


def main() -> None:
    """Entry point: regenerate the screenshots and list them."""
    for path in asyncio.run(shoot()):
        print(path)


if __name__ == "__main__":
    main()
