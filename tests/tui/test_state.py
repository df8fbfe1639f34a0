"""The reader's navigation state, pure: no App, no Pilot, no model."""

from __future__ import annotations

import pytest

from newsread.tui.state import ReaderState


def start() -> ReaderState:
    """Three sources: s1 with three sentences, s2 with two, s3 with none."""
    return ReaderState.start(
        {"s1": ["s1.0", "s1.1", "s1.2"], "s2": ["s2.0", "s2.1"], "s3": []}, "Aligning…"
    ).at_first_sentences()


def test_start_puts_cursors_on_first_sentences_and_selects_nothing() -> None:
    state = start()
    assert state.cursor == {"s1": 0, "s2": 0, "s3": -1}
    assert state.selected == "" and state.current_source == "s1"
    assert state.current_id() == "s1.0" and state.cursor_id("s3") == ""
    assert state.status(narrow=False) == "source 1/3 · filter: all · Aligning…"


def test_select_moves_cursor_and_source_and_shows_a_hidden_source() -> None:
    state = start().hide("s2").select("s2.1")
    assert state.selected == "s2.1" and state.current_source == "s2" and state.current == 1
    assert state.cursor["s2"] == 1 and state.cursor["s1"] == 0
    assert "s2" not in state.hidden


def test_states_are_values_a_move_never_changes_the_old_one() -> None:
    before = start()
    after = before.select("s1.2").hide("s3").with_filter("unique").with_note("x")
    assert before == start()
    assert after.cursor["s1"] == 2 and before.cursor["s1"] == 0


def test_step_skips_what_the_filter_hides_and_stops_at_the_ends() -> None:
    state = start().select("s1.0")
    assert state.step(1, lambda sid: True) == "s1.1"
    assert state.step(1, lambda sid: sid != "s1.1") == "s1.2"
    assert state.step(-1, lambda sid: True) is None  # already first
    assert state.select("s1.2").step(1, lambda sid: True) is None  # already last


def test_jump_wraps_around_the_column() -> None:
    state = start().select("s1.2")
    assert state.jump(1, {"s1.0", "s1.1"}) == "s1.0"
    assert state.jump(-1, {"s1.0", "s1.2"}) == "s1.0"
    assert state.jump(1, {"s2.0"}) is None  # not in this column


def test_switch_target_cycles_visible_sources_and_leaves_a_hidden_one_for_its_neighbour() -> None:
    state = start().select("s1.0")
    assert state.switch_target(1) == "s2" and state.switch_target(-1) == "s3"
    hidden = state.hide("s1")  # the current source, just hidden
    assert hidden.switch_target(1) == "s2" and hidden.switch_target(-1) == "s3"


def test_layout_pages_around_the_current_source_and_leaves_a_hidden_current_one() -> None:
    columns = {f"s{n}": [f"s{n}.0"] for n in range(1, 7)}
    state = ReaderState.start(columns).at_first_sentences().select("s5.0")
    laid = state.laid_out(fit=2)
    assert laid.paged and laid.shown(2) == {"s4", "s5"}
    assert not state.laid_out(fit=6).paged and state.shown(6) == set(columns)
    gone = state.hide("s5").laid_out(fit=6)
    assert gone.current_source == "s1"  # the first visible one


@pytest.mark.parametrize(
    ("value", "mark", "shown"),
    [
        ("all", "unique", True),
        ("conflicts", "conflict", True),
        ("conflicts", "unique", False),
        ("unique", "unique", True),
        ("unique", "shared-all", False),
        ("unique", None, False),
    ],
)
def test_filter_passes_marks(value: str, mark: str | None, shown: bool) -> None:
    state = start().with_filter(value)  # type: ignore[arg-type]
    assert state.passes(mark, aligned=True) is shown
    assert state.passes(mark, aligned=False)  # everything shows until the alignment lands


def test_filter_cycle_and_conflict_steps_wrap() -> None:
    state = start()
    assert [state.next_filter(), state.with_filter("unique").next_filter()] == ["conflicts", "all"]
    assert state.conflict_step(1, 3).conflict_index == 0
    first = state.conflict_step(1, 3)
    assert first.conflict_step(-1, 3).conflict_index == 2  # back from the first: the last
    assert first.conflict_step(1, 3).conflict_step(1, 3).conflict_step(1, 3).conflict_index == 0
    # As the reader always did: C before any c lands on (-1 - 1) % 3, the second of three.
    assert state.conflict_step(-1, 3).conflict_index == 1
    assert state.conflict_step(1, 3, variants=True).variant_index == 0
    assert state.conflict_step(1, 3, variants=True).conflict_index == -1


def test_status_says_hidden_paging_and_note_in_one_line() -> None:
    columns = {f"s{n}": [f"s{n}.0"] for n in range(1, 7)}
    state = ReaderState.start(columns, "4 conflicts").hide("s6").laid_out(fit=2)
    assert state.status(narrow=False) == (
        "source 1/6 · filter: all · 1 hidden · paging 5 sources (←/→) · 4 conflicts"
    )
    assert state.status(narrow=True) == (
        "source 1/6 · filter: all · 1 hidden · paging ←/→ · 4 conflicts"
    )
