"""README screenshots are rendered by headless Chromium, not rsvg-convert, which
drops the space that starts each styled text run ("U.S.-ledpeace"; issue 18)."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from newsread.tui.screenshots import svg_to_png

BROWSER = shutil.which("chromium")


@pytest.mark.slow
@pytest.mark.skipif(BROWSER is None, reason="chromium is not installed (apt-get install chromium)")
async def test_a_reader_screenshot_renders_to_a_png_of_its_own_size(
    make_reader, tmp_path: Path
) -> None:
    app = make_reader(autoload=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        svg = tmp_path / "shot.svg"
        app.save_screenshot(str(svg))
    assert BROWSER is not None
    png = svg_to_png(BROWSER, svg)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    text = svg.read_text(encoding="utf-8")
    view = text.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split()
    assert (width, height) == tuple(int(float(v) + 0.999) for v in view)
    assert len(data) > 10_000  # text drawn, not an empty page
