"""SVG snapshots of the reader's main states on the seed story (real model, fixed theme)."""

from __future__ import annotations

import pytest

from newsread.tui.screens.reader import ReaderScreen
from newsread.tui.widgets.detail_panel import DetailPanel

pytestmark = pytest.mark.slow


async def _aligned(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    assert await screen.wait_painted(pilot.pause)  # columns paint one per refresh


class TestMainView:
    """The reader as it opens, and with a sentence selected."""

    def test_main_view(self, snap_compare, make_reader) -> None:
        """Five sources side by side with marks, counts and the legend panel."""
        assert snap_compare(make_reader(), terminal_size=(160, 40), run_before=_aligned)

    def test_detail_panel(self, snap_compare, make_reader) -> None:
        """Kushner's sentence selected: counterparts highlighted, diffs and the title conflict."""

        async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
            await _aligned(pilot)
            await pilot.press("down")
            await pilot.pause()

        assert snap_compare(make_reader(), terminal_size=(160, 40), run_before=run_before)


class TestScreens:
    """Overview and help."""

    def test_overview(self, snap_compare, make_reader) -> None:
        """Sources table, consensus and omissions."""

        async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
            await _aligned(pilot)
            await pilot.press("o")
            await pilot.pause()

        assert snap_compare(make_reader(), terminal_size=(120, 36), run_before=run_before)

    def test_help(self, snap_compare, make_reader) -> None:
        """Help built from the live bindings, with the marks legend."""

        async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
            await _aligned(pilot)
            await pilot.press("question_mark")
            await pilot.pause()

        assert snap_compare(make_reader(), terminal_size=(120, 36), run_before=run_before)

    def test_names(self, snap_compare, make_reader) -> None:
        """The entity sheet (p): names written differently first, with their spellings,
        titles and sources."""

        async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
            await _aligned(pilot)
            await pilot.press("p")
            await pilot.pause()

        assert snap_compare(make_reader(), terminal_size=(120, 36), run_before=run_before)


class TestLayouts:
    """Narrow terminals and the loading state."""

    def test_narrow(self, snap_compare, make_reader) -> None:
        """80x24: the reader pages through sources."""
        assert snap_compare(make_reader(), terminal_size=(80, 24), run_before=_aligned)

    def test_loading(self, snap_compare, make_reader) -> None:
        """Before the alignment lands: text readable, detail panel loading."""

        async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
            pilot.app.screen.query_one(DetailPanel).loading = True
            await pilot.pause()

        assert snap_compare(
            make_reader(autoload=False), terminal_size=(120, 36), run_before=run_before
        )


class TestBatch:
    """A batch folder opened in the reader."""

    def test_batch_picker(self, snap_compare, batch_folder, embedder) -> None:
        """The story picker over a batch's index: titles, sources and counts, no grouping."""
        from newsread.tui.app import make_app

        app = make_app([str(batch_folder)], embedder=embedder)
        app.animation_level = "none"
        assert snap_compare(app, terminal_size=(120, 36))
