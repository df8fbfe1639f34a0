"""Pilot tests: every reader binding, driven as a user would."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from rich.text import Text

from newsread.core.summary import consensus_groups
from newsread.tui.messages import AlignmentReady
from newsread.tui.screens.export import ConfirmScreen, ExportScreen
from newsread.tui.screens.help import HelpScreen
from newsread.tui.screens.names import NamesScreen
from newsread.tui.screens.overview import OverviewScreen
from newsread.tui.screens.reader import ReaderScreen
from newsread.tui.widgets.article_pane import ArticlePane
from tests.tui.conftest import Notices

pytestmark = pytest.mark.slow


async def ready(app, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    """Wait for the alignment and for every filled column to be painted with it (the
    columns after the current one are painted one per screen refresh)."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    assert screen.comparison is not None
    assert await screen.wait_painted(pilot.pause)
    return screen


async def test_text_shows_before_alignment_and_aligned_view_arrives(make_reader) -> None:
    messages = []
    app = make_reader()
    async with app.run_test(size=(160, 40), message_hook=messages.append) as pilot:
        screen = await ready(app, pilot)
        assert any(isinstance(m, AlignmentReady) for m in messages)
        assert len(screen.panes()) == 5
        assert all(pane.display for pane in screen.panes())  # 5 columns fit at 160
        assert "conflicts" in screen.status_note


async def test_aligned_view_paints_every_column_and_its_counts(make_reader) -> None:
    """Every column and its counts end up painted: the current one is painted in
    apply_comparison, the others by a chain of later callbacks, which must not break."""
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        for pane in screen.panes():
            assert pane.views, pane.article.id
            marks = [view.mark for view in pane.views.values()]
            assert all(view.mark == screen.marks.get(sid) for sid, view in pane.views.items())
            assert any(mark is not None for mark in marks), pane.article.id
            title = str(pane.query_one(".pane-title").render())
            assert "shared" in title and "unique" in title, title


async def test_counts_line_never_wraps_a_column_title(make_reader) -> None:
    """Large counts are worded shorter, so a column's text starts on its neighbours' row."""
    from textual.widgets import Static

    from newsread.core.summary import SourceStats
    from newsread.tui.render import counts_line

    assert counts_line(9, 13, 0) == "● 9 shared  ○ 13 unique  ▲ 0"
    assert counts_line(123, 456, 78, width=30) == "● 123 shared ○ 456 unique ▲ 78"
    assert counts_line(123, 456, 78, width=29) == "● 123  ○ 456  ▲ 78"
    assert counts_line(10, 12, 0, width=28) == "● 10 shared ○ 12 unique ▲ 0"
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        pane = screen.panes()[0]
        body_top = pane.query_one(".pane-body").region.y
        pane.set_counts(
            SourceStats(sentences=700, shared=123, unique=456, conflicts=78, variants=0)
        )
        await pilot.pause()
        title = pane.query_one(".pane-title", Static)
        line = str(title.render()).splitlines()[-1]
        assert "123" in line and "456" in line and "78" in line
        assert len(line) <= title.content_size.width
        assert pane.query_one(".pane-body").region.y == body_top
        tops = {p.query_one(".pane-body").region.y for p in screen.panes() if p.display}
        assert len(tops) == 1


async def test_alignment_freezes_its_objects_until_the_reader_closes(make_reader) -> None:
    """The comparison and widgets leave the collector's sight while the reader shows them
    (no full rescans on the UI thread) and come back when it closes (no leak)."""
    import gc

    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(app, pilot)
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0


async def test_reader_closed_as_alignment_finishes_freezes_nothing(
    make_reader, monkeypatch
) -> None:
    """A reader closed while its worker is finishing must not freeze afterwards (the
    freeze would then never be released)."""
    import gc
    import threading
    import time
    from types import SimpleNamespace

    import newsread.core.compare as pipeline
    import newsread.tui.screens.reader as reader_module

    in_pipeline, returned = threading.Event(), threading.Event()
    frozen: list[float] = []
    real_compare, real_unique = pipeline.compare_with_words, pipeline.unique_words

    def slow_unique(*args):  # type: ignore[no-untyped-def]
        in_pipeline.set()
        time.sleep(0.5)  # the reader closes meanwhile
        return real_unique(*args)

    def compare(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return real_compare(*args, **kwargs)
        finally:
            returned.set()

    monkeypatch.setattr(pipeline, "unique_words", slow_unique)
    monkeypatch.setattr(pipeline, "compare_with_words", compare)  # what the worker calls
    monkeypatch.setattr(
        reader_module,
        "gc",
        SimpleNamespace(freeze=lambda: frozen.append(time.monotonic()), unfreeze=gc.unfreeze),
    )
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        while not in_pipeline.is_set():
            await pilot.pause(0.01)
    closed = time.monotonic()
    assert returned.wait(10)
    time.sleep(0.2)  # the worker's freeze check follows compare() at once
    assert not [t for t in frozen if t > closed]


async def test_sentence_and_source_navigation(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        assert screen.selected == "s1.0"
        await pilot.press("down", "j")
        assert screen.selected == "s1.2"
        await pilot.press("up")
        assert screen.selected == "s1.1"
        await pilot.press("right")
        assert screen.current_source == 1
        # Moving to the next source lands on the counterpart of the selected sentence.
        group_members = {
            m for g in screen.comparison.groups if "s1.1" in g.members for m in g.members
        }
        assert screen.selected in group_members or screen.selected in [
            m for m in screen._counterparts.get("s1.1", []) if m.startswith("s2.")
        ]
        assert screen.selected.startswith("s2.")
        await pilot.press("left")
        assert screen.current_source == 0
        await pilot.press("4")
        assert screen.current_source == 3 and screen.selected.startswith("s4.")


async def test_selection_highlights_counterparts_in_other_columns(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        kushner = "s1.1"
        await pilot.press("down")
        assert screen.selected == kushner
        related = [
            view.sentence.id
            for pane in screen.panes()
            for view in pane.query("SentenceView")
            if view.related
        ]
        assert {r.split(".")[0] for r in related} >= {"s2", "s3", "s5"}
        detail = str(screen.query_one("#detail-body").render())
        assert "S2" in detail and "former President" in detail
        # Counterparts are redlines against the selected sentence (difflib).
        assert "word by word against it" in detail
        assert "[-" in detail and "-]" in detail


async def test_each_counterpart_says_which_words_it_matched(make_reader) -> None:
    """Under each counterpart, the selected sentence's words it matches: exactly
    ("alarm") or in meaning by the word vectors ("sparked" for "caused")."""
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        for _ in range(4):
            await pilot.press("down")
        assert screen.selected == "s1.4"  # "It originally sparked alarm that it was too ..."
        body = str(screen.query_one("#detail-body").render()).splitlines()
        counterpart = next(n for n, line in enumerate(body) if "November caused alarm" in line)
        matched = next(line for line in body[counterpart:] if "matched:" in line)
        assert matched.strip() == "matched: sparked, alarm"


async def test_click_selects_a_sentence(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        pane = screen.query_one("#pane-s3", ArticlePane)
        target = pane.view("s3.1")
        await pilot.click(target)
        assert screen.selected == "s3.1"


async def test_unique_and_conflict_jumps(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("u")
        first_unique = screen.selected
        assert screen.marks[first_unique] == "unique" or screen.unique.get(first_unique)
        await pilot.press("u", "U")
        assert screen.selected == first_unique
        conflicts = [c for c in screen.comparison.conflicts if c.kind != "name_spelling"]
        await pilot.press("c")
        assert screen.selected == conflicts[0].a
        await pilot.press("c")
        assert screen.selected == conflicts[1].a
        await pilot.press("C")
        assert screen.selected == conflicts[0].a
        assert f"conflict 1/{len(conflicts)}" in screen.status_note
        variant_count = sum(1 for c in screen.comparison.conflicts if c.kind == "name_spelling")
        assert f"{variant_count} name variants" in screen.status_note  # both counts stay
        # The conflict is the first thing the panel shows, before any redline (issue 18).
        body = str(screen.query_one("#detail-body").render()).splitlines()
        assert body[1].startswith("▲ conflict: "), body[:3]
        # c never stops on a spelling variant; v does, and draws it without ▲ (issue 18).
        await pilot.press("C")
        assert screen.selected == conflicts[-1].a
        variants = [c for c in screen.comparison.conflicts if c.kind == "name_spelling"]
        await pilot.press("v")
        assert screen.selected == variants[0].a
        assert f"name variant 1/{len(variants)}" in screen.status_note
        assert f"{len(conflicts)} conflicts" in screen.status_note
        body = str(screen.query_one("#detail-body").render())
        assert "≈ variant: name_spelling" in body and "▲ variant" not in body


async def test_a_conflict_among_several_values_shows_them_all(embedder, tmp_path: Path) -> None:
    from newsread.tui.app import make_app

    counts = ("About 130 people", "Roughly 400 people", "About 200 people")
    for n, count in enumerate(counts, start=1):  # read in name order: S1, S2, S3
        (tmp_path / f"{n}_outlet.txt").write_text(
            f"{count} crossed the border at the main checkpoint on Monday night.\n"
        )
    app = make_app([str(tmp_path)], embedder=embedder)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.status_note.startswith("conflict 1/3"), screen.status_note
        assert (
            "all 3 values: “About 130 people” [S1] · “Roughly 400 people” [S2] · "
            "“About 200 people” [S3]"
        ) in screen.status_note
        body = str(screen.query_one("#detail-body").render())
        assert "numbers differ" in body.splitlines()[1]


async def test_a_story_without_a_given_title_is_named_by_its_headlines(
    embedder, tmp_path: Path
) -> None:
    """Issue 18, defect 10: not the outlet list, not the first file's opinion line."""
    from newsread.tui.app import make_app

    headlines = (
        "DISASTER: Harbour Chaos As Storm Hits.",
        "Storm closes harbour for a day.",
        "Storm closes the harbour for a day, fishermen stay home.",
    )
    for n, line in enumerate(headlines, start=1):
        (tmp_path / f"{n}_outlet.txt").write_text(
            f"{line}\n\nThe harbour was shut on Monday after waves of six metres hit the coast.\n"
        )
    app = make_app([str(tmp_path)], embedder=embedder, autoload=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("#story-title").render())
        assert title == "Storm closes harbour for a day", title


async def test_toggle_column_and_digit_shows_it_again(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("x")
        assert "s1" in screen.hidden
        assert not screen.query_one("#pane-s1").display
        await pilot.press("1")
        assert "s1" not in screen.hidden and screen.query_one("#pane-s1").display


async def test_filter_cycles_conflicts_unique_all(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("f")
        assert screen.filter == "conflicts"
        shown = [
            v.sentence.id for p in screen.panes() for v in p.query("SentenceView") if v.display
        ]
        assert shown and all(screen.marks[s] == "conflict" for s in shown)
        await pilot.press("f")
        assert screen.filter == "unique"
        await pilot.press("f")
        assert screen.filter == "all"


async def test_search_jumps_to_a_match(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("slash")
        await pilot.press(*"Pokrovsk", "enter")
        assert "Pokrovsk" in screen.comparison.sentence(screen.selected).text
        first = screen.selected
        await pilot.press("n")
        assert screen.selected != first
        assert "Pokrovsk" in screen.comparison.sentence(screen.selected).text


async def test_overview_jumps_to_a_fact(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("o")
        assert isinstance(app.screen, OverviewScreen)
        facts = app.screen.query_one("#overview-facts")
        statements = consensus_groups(screen.comparison)  # what the overview lists
        groups = {g.id: g for g in statements}
        glyphs = set()
        for index in range(facts.option_count):
            option = facts.get_option_at_index(index)
            if option.id and option.id.startswith("fact:"):
                group = groups[option.id.split(":")[1]]
                glyphs.add(str(option.prompt)[0])
                everyone = len(group.sources) == len(screen.comparison.articles)
                assert str(option.prompt).startswith("●" if everyone else "◐"), option.prompt
        assert glyphs == {"●", "◐"}  # the seed story's consensus has both
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.selected in {g.members[0] for g in statements}


async def test_overview_lists_disputes_and_jumps_to_one(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("o")
        facts = app.screen.query_one("#overview-facts")
        rows = [facts.get_option_at_index(i) for i in range(facts.option_count)]
        disputed = [r for r in rows if r.id and r.id.startswith("dispute:")]
        assert disputed, [str(r.prompt) for r in rows]
        prompt = disputed[0].prompt
        assert isinstance(prompt, Text)  # a str prompt is markup: "[S2]" would vanish
        assert prompt.plain.startswith("▲ titles:") and "“former President” [S2]" in prompt.plain
        facts.highlighted = rows.index(disputed[0])
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        # The jump lands on the first title conflict in reading order: one of its sides.
        first = next(c for c in screen.comparison.conflicts if c.kind == "title")
        assert screen.selected in (first.a, first.b)
        assert "President Donald Trump" in screen.comparison.sentence(screen.selected).text


async def test_names_screen_lists_spellings_and_jumps_to_a_mention(make_reader) -> None:
    """Issue 17: the entity sheet in the reader (key p, palette): the names written
    differently come first with each spelling's sources; Enter on a source's line
    jumps to that mention. It reads only the text, so it opens while the model loads."""
    app = make_reader(autoload=False)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.comparison is None
        await pilot.press("p")
        assert isinstance(app.screen, NamesScreen)
        names = app.screen.query_one("#names-list")
        rows = [names.get_option_at_index(i) for i in range(names.option_count)]
        plain = [r.prompt.plain if isinstance(r.prompt, Text) else r.prompt for r in rows]
        header = plain.index("≈ Volodymyr Zelenskyy")
        assert header < plain.index("≈ Vovchansk")
        spelled = next(p for p in plain[header:] if p.strip().startswith("spelled:"))
        assert "“Volodymyr Zelensky” [S2, S5]" in spelled, spelled
        jumps = [r for r in rows[header:] if r.id and r.id.startswith("mention:")][:5]
        sources = [r.id.rsplit(":", 1)[1].split(".")[0] for r in jumps]
        assert sources == ["s1", "s2", "s3", "s4", "s5"]
        names.highlighted = rows.index(jumps[1])
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.selected == jumps[1].id.rsplit(":", 1)[1]
        chosen = next(x for x in screen.sentences if x.id == screen.selected)
        assert "Zelensky" in chosen.text
        await pilot.press("p", "escape")
        assert app.screen is screen


async def test_help_lists_live_bindings(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = [row[0] for row in app.screen.rows]
        assert "e" in keys and "/" in keys and "1 … 9" in keys
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_command_palette_offers_and_runs_reader_commands(make_reader) -> None:
    """Ctrl+P, type, Enter: the palette lists the reader's own commands and runs them."""
    from textual.command import CommandPalette

    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"unique only")
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        options = palette.query_one("CommandList")
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Filter: unique only" in prompt for prompt in shown), shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.filter == "unique"


async def test_export_writes_default_file_and_asks_before_overwriting(
    make_reader, tmp_path: Path
) -> None:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        app = make_reader()
        async with app.run_test(size=(160, 40)) as pilot:
            await ready(app, pilot)
            await pilot.press("e")
            assert isinstance(app.screen, ExportScreen)
            await pilot.press("enter")
            await pilot.pause()
            report = tmp_path / "ukraine-peace-talks.md"
            assert report.read_text().startswith("# ")
            report.write_text("keep")
            await pilot.press("e", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n")
            assert report.read_text() == "keep"
            # Enter on the question is the safe answer: nothing is overwritten (issue 18)
            await pilot.press("e", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, ConfirmScreen)
            assert report.read_text() == "keep"
            await pilot.press("e", "enter")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            assert report.read_text().startswith("# ")
    finally:
        os.chdir(cwd)


async def test_narrow_terminal_pages_through_sources(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(app, pilot)
        visible = [p.article.id for p in screen.panes() if p.display]
        assert 1 <= len(visible) < 5 and "s1" in visible
        await pilot.press("5")
        visible = [p.article.id for p in screen.panes() if p.display]
        assert "s5" in visible


@pytest.mark.parametrize("size", [(20, 6), (40, 10), (200, 60)])
async def test_no_crash_at_any_size(make_reader, size: tuple[int, int]) -> None:
    app = make_reader()
    async with app.run_test(size=size) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("right", "down")
        assert screen.current_source == 1 and screen.selected.startswith("s2.")
        await pilot.press("c")
        assert screen.selected in {x for c in screen._factual for x in (c.a, c.b)}
        await pilot.press("u")
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert screen.marks[screen.selected] == "unique" or screen.unique.get(screen.selected)


async def test_quit(make_reader) -> None:
    app = make_reader()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_model_failure_keeps_articles_readable(make_reader, tmp_path: Path) -> None:
    from newsread.core.embed import CachedEmbedder, SentenceTransformerEmbedder
    from newsread.core.seeds import default_story
    from newsread.tui.app import make_app

    broken = tmp_path / "model"
    broken.mkdir()
    app = make_app(
        [str(default_story())],
        embedder=CachedEmbedder(SentenceTransformerEmbedder(str(broken)), None),
    )
    notices = Notices()
    async with app.run_test(size=(120, 36), message_hook=notices) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.comparison is None
        assert "unavailable" in screen.status_note
        assert any("fix:" in m for m in notices.messages)
        # no alignment is coming: every column shows all of its article
        assert all(view.is_mounted for pane in screen.panes() for view in pane.views.values())
        await pilot.press("down")
        assert screen.selected == "s1.1"


async def test_bad_file_among_good_ones_is_a_notification(embedder, tmp_path: Path) -> None:
    from newsread.core.seeds import default_story
    from newsread.tui.app import make_app

    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.7 binary")
    good = sorted(str(p) for p in default_story().glob("*.txt"))[:2]
    app = make_app([good[0], str(bad), good[1], good[0]], embedder=embedder)
    notices = Notices()
    async with app.run_test(size=(120, 36), message_hook=notices) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.articles) == 2
        messages = notices.messages
        assert any("PDF" in m for m in messages)
        assert any("given twice" in m for m in messages)


def test_reader_with_nothing_readable_exits_2(tmp_path: Path) -> None:
    import io

    from newsread.tui.cli import main

    err = io.StringIO()
    assert main([str(tmp_path / "missing.txt")], io.StringIO(), err) == 2
    assert "no such file" in err.getvalue()


async def test_marks_read_without_colour(make_reader, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(app, pilot)
        svg = app.export_screenshot()
        for glyph in ("●", "◐", "○", "▲"):
            assert glyph in svg
        assert "underline" in svg  # unique words keep their underline


async def test_long_columns_mount_their_first_screen_first(
    embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A column mounts what fits on its first screen before the first frame, and the
    rest of the article just after, in order: the first frame lays out a screenful,
    not the whole article."""
    for name in ("first", "second"):
        lines = [f"Line {k} of the {name} report says the count was {k + 7}." for k in range(150)]
        (tmp_path / f"{name}.txt").write_text("\n".join(lines) + "\n")
    at_mount: dict[str, int] = {}
    mount = ReaderScreen.on_mount

    def counting(self: ReaderScreen) -> None:
        mount(self)
        for pane in self.panes():
            at_mount[pane.article.id] = len(pane.query_one(".pane-body").children)

    monkeypatch.setattr(ReaderScreen, "on_mount", counting)
    from newsread.tui.app import make_app

    app = make_app([str(tmp_path)], embedder=embedder, autoload=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        for pane in screen.panes():
            assert 40 // 3 <= at_mount[pane.article.id] < 150  # a screenful, not all
            body = pane.query_one(".pane-body")
            assert list(body.children) == list(pane.views.values())  # all, in order
            assert all(view.is_mounted for view in pane.views.values())
            first, last = pane.sentences[0].id, pane.sentences[-1].id
            assert pane.views[first].region.y < pane.views[last].region.y


async def test_marks_never_change_how_a_sentence_wraps(make_reader) -> None:
    """Marks restyle words and swap a blank gutter for a glyph of the same width, so
    ``SentenceView.show`` skips the screen's layout: every sentence keeps its height."""
    app = make_reader(autoload=False)
    async with app.run_test(size=(100, 40)) as pilot:  # narrow columns wrap a lot
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        views = [v for pane in screen.panes() for v in pane.views.values()]
        before = {v.sentence.id: v.size.height for v in views if v.is_mounted}
        assert len(before) > 50 and max(before.values()) > 2
        screen.start_alignment()
        screen = await ready(app, pilot)
        for pane in screen.panes():  # a full layout, as a resize would do
            pane.refresh(layout=True)
        await pilot.pause()
        after = {v.sentence.id: v.size.height for v in views if v.sentence.id in before}
        assert sum(v.mark is not None for v in views) > 50
        assert after == before


async def test_aligned_view_paints_one_slice_before_the_next_refresh(
    make_reader, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Arriving alignment paints the current column, and others while a slice of time
    lasts, at once; the rest after screen refreshes (a chain of self-posted messages
    would run back to back and keep a key pressed meanwhile waiting for every column).
    With no time to spare, that is one column per turn."""
    from newsread.core.compare import compare
    from newsread.tui.screens import reader

    monkeypatch.setattr(reader, "PAINT_SLICE", 0.0)
    app = make_reader(autoload=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.apply_comparison(compare(screen.articles, embedder))
        painted = [any(v.mark is not None for v in p.views.values()) for p in screen.panes()]
        assert painted.count(True) == 1 and painted[screen.current_source]
        assert not screen.painted
        assert await screen.wait_painted(pilot.pause, turns=10)
        assert all(any(v.mark is not None for v in p.views.values()) for p in screen.panes())


async def test_marks_relayout_a_sentence_whose_first_word_fills_the_line(
    embedder, tmp_path: Path
) -> None:
    """A first word wider than the line (a URL) wraps with the blank gutter before the
    alignment but leaves a marked sentence's glyph on a line of its own: that sentence
    needs a new layout, or its last line is cut. Column titles already at their
    3-line cap, so no title change relays the screen out (found by a review)."""
    from newsread.tui.app import make_app

    url = "https://www.example.com/news/2026/11/26/talks-resume-in-istanbul-{k}"
    for name in ("first", "second"):
        lines = [f"{url.format(k=k)} reported that the count was {k + 7}." for k in range(12)]
        long = f"{name}-" + "a-rather-long-source-name-for-this-report-" * 3
        (tmp_path / f"{long}.txt").write_text("\n\n".join(lines) + "\n")
    app = make_app([str(tmp_path)], embedder=embedder)
    app.animation_level = "none"
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await ready(app, pilot)
        await pilot.pause()
        views = [v for pane in screen.panes() for v in pane.views.values()]
        assert sum(v.mark is not None for v in views) == len(views) > 0
        shown = {v.sentence.id: v.size.height for v in views}
        await pilot.resize_terminal(101, 40)  # a full layout, as the terminal would do
        await pilot.pause()
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        assert {v.sentence.id: v.size.height for v in views} == shown


async def test_hiding_the_first_source_moves_to_the_second(make_reader) -> None:
    """Issue 18, defect 4: ``x`` on source 1 went to source 3."""
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("1")
        await pilot.pause()
        assert screen.selected.startswith("s1.")
        await pilot.press("x")
        await pilot.pause()
        assert "s1" in screen.hidden
        assert screen.selected.startswith("s2."), screen.selected
        await pilot.press("x")  # and from a middle source, the next one
        await pilot.pause()
        assert screen.selected.startswith("s3."), screen.selected


async def test_a_loading_model_is_said_with_its_time_and_no_mark_glyph(make_reader) -> None:
    """Issue 18, defect 7: the status showed "sentences 5/5" for seconds while the
    model loaded, and the loading animation drew ●, the "shared by all" mark."""
    from newsread.tui.messages import AlignmentProgress
    from newsread.tui.widgets.detail_panel import DetailPanel

    app = make_reader(autoload=False)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        panel = screen.query_one(DetailPanel)
        panel.loading = True
        screen.post_message(AlignmentProgress("embeddings", 0, 150, model_loading=True))
        await pilot.pause()
        status = str(screen.query_one("#status").render())
        assert "Loading the model… 0 s" in status, status
        from textual.widgets import LoadingIndicator

        shown = panel.get_loading_widget()  # what covers the panel while it loads
        assert not isinstance(shown, LoadingIndicator)  # Textual's draws ● dots
        assert "●" not in str(shown.render())
        assert "loading the model" in app.export_screenshot().replace("&#160;", " ")
        screen.post_message(AlignmentProgress("embeddings", 32, 150))
        await pilot.pause()
        assert "Aligning: embeddings 32/150" in str(screen.query_one("#status").render())


async def test_unique_filter_shows_only_unique_sentences(make_reader) -> None:
    """Issue 18, defect 3: filter "unique" also showed ● and ◐ sentences."""
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        screen.set_filter("unique")
        await pilot.pause()
        shown = [
            sid
            for pane in screen.panes()
            for sid, view in pane.views.items()
            if view.display and screen.marks.get(sid) != "boilerplate"
        ]
        assert shown and all(screen.marks[sid] == "unique" for sid in shown), [
            (sid, screen.marks[sid]) for sid in shown if screen.marks[sid] != "unique"
        ]


async def test_source_keys_return_to_the_sentence_you_left(make_reader) -> None:
    """Issue 18, defect 6: ``l`` then ``h`` went to another counterpart in the first
    column instead of back to the sentence the reader had left."""
    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        mates = screen._counterparts

        def first_in(source: str, sid: str) -> str:
            return next((m for m in mates.get(sid, []) if m.startswith(f"{source}.")), "")

        # a sentence of S1 that is not the first S1 counterpart of its own S2 counterpart
        sentence = next(
            s
            for s in screen.by_article["s1"]
            if first_in("s2", s.id) and first_in("s1", first_in("s2", s.id)) != s.id
        )
        screen._select(sentence.id)
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert screen.selected.startswith("s2.")
        await pilot.press("h")
        await pilot.pause()
        assert screen.selected == sentence.id


def _screen_lines(svg: str) -> list[str]:
    """The text of each row of an SVG screenshot."""
    import html
    import re

    rows: dict[float, list[str]] = {}
    for match in re.finditer(r'<text[^>]*y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        rows.setdefault(float(match.group(1)), []).append(
            html.unescape(match.group(2)).replace("\xa0", " ")
        )
    return ["".join(rows[y]) for y in sorted(rows)]


async def test_the_essentials_fit_at_80_columns(make_reader) -> None:
    """Issue 18, defect 8: at 80×24 the footer lost "? Help q Quit" and the status
    bar lost the name-variant count."""
    app = make_reader()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(app, pilot)
        lines = _screen_lines(app.export_screenshot())
        status, footer = lines[-2], lines[-1]
        assert f"{len(screen._factual)} conflicts" in status
        assert f"{len(screen._variants)} name variants" in status, status
        assert "Help" in footer and "Quit" in footer, footer


def test_quitting_while_the_model_loads_does_not_wait_for_it(tmp_path: Path) -> None:
    """Issue 18, defect 11: q while the model loaded took seconds to give the terminal
    back (asyncio joins the worker's thread pool before it returns). A child process
    runs the reader on a model that takes 60 s to load and quits half a second in;
    it must be gone long before the load would end."""
    import subprocess
    import sys
    import time

    script = tmp_path / "slow.py"
    script.write_text(
        "import time, numpy as np\n"
        "from newsread.core.seeds import default_story\n"
        "from newsread.tui.__main__ import _busy_threads\n"
        "from newsread.tui.app import make_app\n"
        "class Slow:\n"
        "    name = 'slow'\n"
        "    def encode(self, texts):\n"
        "        time.sleep(60)\n"
        "        return np.ones((len(texts), 3), dtype=np.float32)\n"
        "app = make_app([str(default_story())], embedder=Slow())\n"
        "app.call_later(lambda: app.set_timer(0.5, app.exit))\n"
        "app.run(headless=True)\n"
        "import os, sys\n"
        "sys.stdout.flush()\n"
        "os._exit(0 if _busy_threads() else 3)  # what the console script does\n"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert time.monotonic() - started < 30


async def test_counterparts_scroll_to_the_top_third_of_their_column(make_reader) -> None:
    """Issue 18, defect 6: counterparts landed at a column's bottom edge, with
    half-cut sentences above them."""
    from textual.containers import VerticalScroll

    app = make_reader()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        checked = 0
        for sentence in screen.by_article["s1"]:
            screen._select(sentence.id)
            await pilot.pause()
            await pilot.pause()
            for pane in screen.panes():
                related = [m for m in screen._related if m.startswith(f"{pane.article.id}.")]
                if pane.article.id == "s1" or not related:
                    continue
                first = min(related, key=lambda m: screen.comparison.sentence(m).order)
                body = pane.query_one(".pane-body", VerticalScroll)
                y = pane.views[first].virtual_region.y
                if y <= body.scrollable_content_region.height:
                    continue  # on the first screen: nothing to scroll
                checked += 1
                offset = y - body.scroll_y
                third = body.scrollable_content_region.height // 3
                at_end = body.scroll_y == body.max_scroll_y
                assert 0 <= offset <= third + 1 or at_end, (sentence.id, first, offset, third)
        assert checked >= 3


def _gated_long_story(
    folder: Path, monkeypatch: pytest.MonkeyPatch, hold: float
) -> threading.Event:
    """Two 60-line articles in ``folder``, an alignment that waits for the returned
    event, and columns that hold their off-screen sentences for ``hold`` seconds."""
    import newsread.core.compare as pipeline
    import newsread.tui.screens.reader as reader_module

    for name in ("first", "second"):
        lines = [f"Line {k} of the {name} report says the count was {k + 7}." for k in range(60)]
        (folder / f"{name}.txt").write_text("\n".join(lines) + "\n")
    gate = threading.Event()
    real = pipeline.compare_with_words

    def gated(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert gate.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "compare_with_words", gated)
    monkeypatch.setattr(reader_module, "HOLD_REST", hold)
    return gate


async def test_columns_hold_their_off_screen_sentences_while_the_first_alignment_runs(
    embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the worker aligns, each column shows its first screen only (mounting the
    rest took the UI thread half a second the worker needed); moving below the first
    screen mounts a column's rest at once, and the marks' arrival mounts them all."""
    from newsread.tui.app import make_app

    gate = _gated_long_story(tmp_path, monkeypatch, hold=60.0)  # no release by the clock
    app = make_app([str(tmp_path)], embedder=embedder)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        panes = screen.panes()
        assert all(pane.holding for pane in panes)
        for pane in panes:
            assert 40 // 3 <= len(pane.query_one(".pane-body").children) < 60
        await pilot.press(*["down"] * 50)  # below the first screen: the column fills
        await pilot.pause()
        assert not panes[0].holding and panes[1].holding
        assert panes[0].views[screen.selected].is_mounted
        gate.set()
        await app.workers.wait_for_complete()
        assert await screen.wait_painted(pilot.pause)
        for pane in panes:
            body = pane.query_one(".pane-body")
            assert not pane.holding
            assert list(body.children) == list(pane.views.values())  # all, in order


async def test_held_sentences_mount_after_a_while_if_the_alignment_is_slow(
    embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow first alignment (a cold model load) holds nothing back for long."""
    from newsread.tui.app import make_app

    gate = _gated_long_story(tmp_path, monkeypatch, hold=1.0)
    app = make_app([str(tmp_path)], embedder=embedder)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert any(pane.holding for pane in screen.panes())
        await pilot.pause(1.6)
        assert screen.comparison is None  # still aligning
        assert not any(pane.holding for pane in screen.panes())
        assert all(view.is_mounted for pane in screen.panes() for view in pane.views.values())
        gate.set()
        await app.workers.wait_for_complete()
