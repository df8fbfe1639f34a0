"""The reader on a batch folder: the story picker lists the batch's stories from its
index, and a story opens from its JSON report, nothing embedded or aligned again.

The folder is made by a real ``newsread batch`` run on two small stories
(``batch_folder`` in ``conftest.py``), with the real model behind the test run's cache.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from newsread.core.batch import REPORT_FILES, STORIES_FOLDER
from newsread.core.compare import compare
from newsread.core.embed import CachedEmbedder
from newsread.core.ingest import load_articles
from newsread.tui.app import NewsreadApp, make_app
from newsread.tui.prepared import prepare
from newsread.tui.screens.names import NamesScreen
from newsread.tui.screens.overview import OverviewScreen
from newsread.tui.screens.reader import ReaderScreen
from newsread.tui.screens.stories import StoryPickerScreen
from newsread.tui.widgets.article_pane import ArticlePane
from tests.tui.conftest import Notices

pytestmark = pytest.mark.slow


def _app(folder: Path, embedder: CachedEmbedder) -> NewsreadApp:
    app = make_app([str(folder)], embedder=embedder)
    app.animation_level = "none"
    return app


async def _open_story(app: NewsreadApp, pilot, number: int) -> ReaderScreen:  # type: ignore[no-untyped-def]
    for _ in range(number):
        await pilot.press("down")
    await pilot.press("enter")
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if isinstance(app.screen, ReaderScreen) and app.screen.comparison is not None:
            break
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    assert await screen.wait_painted(pilot.pause)
    await app.workers.wait_for_complete()  # the word vectors, from the cache
    await pilot.pause()
    return screen


async def test_the_picker_lists_the_batch_stories_from_its_index(
    batch_folder: Path, embedder: CachedEmbedder
) -> None:
    index = json.loads((batch_folder / "index.json").read_text(encoding="utf-8"))
    app = _app(batch_folder, embedder)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StoryPickerScreen)
        listing = app.screen.query_one("#story-list", OptionList)
        assert listing.option_count == len(index["stories"]) == 2
        for n, story in enumerate(index["stories"]):
            label = str(listing.get_option_at_index(n).prompt)
            assert story["title"] in label
            assert all(s["name"] in label for s in story["sources"])
            assert (
                f"{story['shared']} shared · {story['unique']} unique · "
                f"{story['conflicts']} conflicts"
            ) in label
        status = str(app.screen.query_one("#stories-status").render())
        assert "2 stories, 6 articles" in status and "nothing is recomputed" in status


async def test_a_story_opens_from_its_report_without_embedding(
    batch_folder: Path, embedder: CachedEmbedder, tmp_path: Path
) -> None:
    """Enter on a story: the reader shows its sources and marks from the JSON report; the
    word vectors for ``matched:`` come from the cache (no sentence reaches the model);
    the names, overview and conflict keys work, and export writes the batch's own report."""
    index = json.loads((batch_folder / "index.json").read_text(encoding="utf-8"))
    story = index["stories"][0]
    misses = embedder.misses
    app = _app(batch_folder, embedder)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        screen = await _open_story(app, pilot, 0)
        assert screen.loaded is screen.comparison is not None
        assert embedder.misses == misses  # nothing was embedded: word vectors from the cache
        names = [pane.article.name for pane in screen.query(ArticlePane)]
        assert names == [s["name"] for s in story["sources"]]
        for pane in screen.panes():
            assert all(view.mark == screen.marks.get(sid) for sid, view in pane.views.items())
            assert any(view.mark is not None for view in pane.views.values())
        # the marks the reader computes for the same story, from the article files
        fresh = compare(load_articles([s["path"] for s in story["sources"]]), embedder)
        assert screen.marks == prepare(fresh).marks and len(set(screen.marks.values())) > 1
        assert "from the batch report" in screen.status_note
        assert screen._prepared is not None and screen._prepared.word_vectors
        body = str(screen.query_one("#detail-body").render())
        assert "matched:" in body

        await pilot.press("c")
        await pilot.pause()
        assert screen.status_note.startswith("conflict 1/")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, NamesScreen)
        await pilot.press("escape")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("escape")
        await pilot.pause()

        exported = tmp_path / "story.md"
        screen.write_report(exported)
        report = batch_folder / STORIES_FOLDER / story["key"] / REPORT_FILES["markdown"]
        assert exported.read_text(encoding="utf-8") == report.read_text(encoding="utf-8")


async def test_a_damaged_report_is_a_notification_and_the_picker_stays(
    batch_folder: Path, embedder: CachedEmbedder, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(batch_folder, out)
    key = json.loads((out / "index.json").read_text())["stories"][1]["key"]
    (out / STORIES_FOLDER / key / REPORT_FILES["json"]).write_text('{"version": 1, "sources": 7')
    notices = Notices()
    app = _app(out, embedder)
    async with app.run_test(size=(120, 36), message_hook=notices) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StoryPickerScreen)
        assert any("comparison.json" in line and "not JSON" in line for line in notices.messages), (
            notices.seen
        )


async def test_an_article_file_gone_since_the_batch_is_said(
    batch_folder: Path, embedder: CachedEmbedder, tmp_path: Path
) -> None:
    """The batch's article files moved away: the story still opens, every sentence in
    place, and the reader says the texts were rebuilt from the report."""
    out = tmp_path / "out"
    shutil.copytree(batch_folder, out)
    for report in (out / STORIES_FOLDER).glob(f"*/{REPORT_FILES['json']}"):
        document = json.loads(report.read_text(encoding="utf-8"))
        for source in document["sources"]:
            source["path"] = str(tmp_path / "gone" / Path(source["path"]).name)
        report.write_text(json.dumps(document), encoding="utf-8")
    notices = Notices()
    app = _app(out, embedder)
    async with app.run_test(size=(160, 40), message_hook=notices) as pilot:
        await pilot.pause()
        screen = await _open_story(app, pilot, 1)
        comparison = screen.comparison
        assert comparison is not None
        for s in comparison.sentences:
            assert comparison.article(s.article_id).text[s.start : s.end] == s.text
        assert any("rebuilt from the report's sentences" in line for line in notices.messages), (
            notices.seen
        )


async def test_b_and_escape_go_back_to_the_list_with_the_story_highlighted(
    batch_folder: Path, embedder: CachedEmbedder
) -> None:
    """A story opened from the picker: ``b`` closes it and the picker is back, focused,
    with that story highlighted; Esc does the same once the search box is closed."""
    app = _app(batch_folder, embedder)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, StoryPickerScreen)
        listing = picker.query_one("#story-list", OptionList)

        reader = await _open_story(app, pilot, 1)
        assert reader.from_story_list()
        live = {b.binding.action for b in reader.active_bindings.values()}
        assert "back_to_stories" in live
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is picker
        assert listing.highlighted == 1 and listing.has_focus
        assert not reader.is_attached

        await pilot.press("up")
        reader = await _open_story(app, pilot, 0)  # the first story, this time
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("escape")  # closes the search box only
        await pilot.pause()
        assert app.screen is reader
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is picker and listing.highlighted == 0 and listing.has_focus


async def test_a_story_opened_alone_has_no_list_to_go_back_to(
    make_reader,  # type: ignore[no-untyped-def]
) -> None:
    """Without a story list beneath, ``b`` and Esc leave the reader where it is and the
    key is not offered."""
    app = make_reader()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and not reader.from_story_list()
        assert "back_to_stories" not in {b.binding.action for b in reader.active_bindings.values()}
        await pilot.press("b", "escape")
        await pilot.pause()
        assert app.screen is reader
