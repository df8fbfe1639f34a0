"""The reader's navigation state: a pure value, no widgets, no App.

``ReaderState`` holds where the reader is (the current source, a cursor per
source, the selected sentence), what it hides and filters, whether columns are
paged, and the status note. Its methods return the next state (or answer a
question about where a move leads); ``ReaderScreen`` applies a state to its
widgets and renders the status bar from it, in one place. Sentences are found
through dicts built once (``source_of``, ``position``), never by parsing ids.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

Filter = Literal["all", "conflicts", "unique"]
FILTERS: tuple[Filter, ...] = ("all", "conflicts", "unique")
"""The ``f`` key's cycle."""


@dataclass(frozen=True)
class ReaderState:
    """Where the reader is. Build it with ``ReaderState.start``; never mutated."""

    sources: tuple[str, ...]
    """Article ids, in display order."""
    columns: Mapping[str, tuple[str, ...]]
    """Each source's sentence ids, in reading order (shared between states)."""
    source_of: Mapping[str, str]
    """Sentence id -> its source's article id (shared between states)."""
    position: Mapping[str, int]
    """Sentence id -> its index in its source's column (shared between states)."""
    cursor: Mapping[str, int]
    """Each source's cursor: an index into its column, -1 before anything is selected."""
    current: int = 0
    """The current source, an index into ``sources``."""
    hidden: frozenset[str] = frozenset()
    """Sources whose column is hidden."""
    filter: Filter = "all"
    selected: str = ""
    """The selected sentence id ("" before any)."""
    conflict_index: int = -1
    """Where the ``c`` key is among the factual conflicts (-1: not started)."""
    variant_index: int = -1
    """Where the ``v`` key is among the name variants (-1: not started)."""
    paged: bool = False
    """More visible sources than fit: the columns page with the current source."""
    note: str = field(default="")
    """The status bar's last part: alignment progress, counts, where ``c`` is."""

    @classmethod
    def start(cls, columns: Mapping[str, Sequence[str]], note: str = "") -> ReaderState:
        """The state before anything is selected.

        Args:
            columns: Each source's sentence ids, in display order of the sources.
            note: The first status note.
        """
        frozen = {source: tuple(ids) for source, ids in columns.items()}
        return cls(
            sources=tuple(frozen),
            columns=frozen,
            source_of={sid: source for source, ids in frozen.items() for sid in ids},
            position={sid: n for ids in frozen.values() for n, sid in enumerate(ids)},
            cursor=dict.fromkeys(frozen, -1),
            note=note,
        )

    # --- questions -----------------------------------------------------------

    @property
    def current_source(self) -> str:
        """The current source's article id."""
        return self.sources[self.current]

    def visible(self) -> list[str]:
        """The sources not hidden, in order."""
        return [s for s in self.sources if s not in self.hidden]

    def current_id(self) -> str:
        """The sentence under the current source's cursor ("" for an empty column)."""
        return self.cursor_id(self.current_source)

    def cursor_id(self, source: str) -> str:
        """The sentence under a source's cursor (its first before any selection)."""
        column = self.columns[source]
        if not column:
            return ""
        return column[min(max(0, self.cursor[source]), len(column) - 1)]

    def step(self, step: int, passes: Callable[[str], bool]) -> str | None:
        """The next (``step`` 1) or previous (-1) sentence of the current column that
        passes the filter, or ``None`` at the column's end."""
        column = self.columns[self.current_source]
        index = self.cursor[self.current_source]
        while 0 <= index + step < len(column):
            index += step
            if passes(column[index]):
                return column[index]
        return None

    def jump(self, step: int, wanted: Collection[str]) -> str | None:
        """The next (or previous) sentence of the current column in ``wanted``,
        wrapping around, or ``None`` when it has none."""
        column = self.columns[self.current_source]
        index = self.cursor[self.current_source]
        for _ in range(len(column)):
            index = (index + step) % len(column)
            if column[index] in wanted:
                return column[index]
        return None

    def switch_target(self, step: int) -> str:
        """The source ``step`` visible columns away (wrapping); when the current one was
        just hidden, its next visible neighbour that way."""
        visible = self.visible()
        current = self.current_source
        if current in visible:
            return visible[(visible.index(current) + step) % len(visible)]
        at = self.current
        ids = list(self.sources)
        around = ids[at + 1 :] + ids[:at] if step > 0 else ids[:at][::-1] + ids[at + 1 :][::-1]
        return next(i for i in around if i in visible)

    def shown(self, fit: int) -> frozenset[str]:
        """The columns on screen when ``fit`` fit: all visible ones, or a page of them
        around the current source."""
        visible = self.visible()
        if len(visible) <= fit:
            return frozenset(visible)
        position = visible.index(self.current_source)
        first = min(max(0, position - fit // 2), len(visible) - fit)
        return frozenset(visible[first : first + fit])

    def passes(self, mark: str | None, aligned: bool) -> bool:
        """Whether a sentence with this mark shows under the filter (everything shows
        until the alignment is ready)."""
        if self.filter == "all" or not aligned:
            return True
        if self.filter == "conflicts":
            return mark == "conflict"
        return mark == "unique"  # ○ only; details inside shared sentences are the u key's

    def next_filter(self) -> Filter:
        """The filter after this one in the ``f`` key's cycle."""
        return FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]

    def status(self, narrow: bool) -> str:
        """The status bar's text.

        Args:
            narrow: The terminal is under 120 columns: paging is said in fewer words.
        """
        parts = [f"source {self.current + 1}/{len(self.sources)}", f"filter: {self.filter}"]
        if self.hidden:
            parts.append(f"{len(self.hidden)} hidden")
        if self.paged:
            # at 80 columns every word counts: the counts must fit (issue 18)
            parts.append("paging ←/→" if narrow else f"paging {len(self.visible())} sources (←/→)")
        parts.append(self.note)
        return " · ".join(parts)

    # --- moves -----------------------------------------------------------------

    def select(self, sentence_id: str) -> ReaderState:
        """Select a sentence: its source becomes current (and shown), its cursor moves."""
        source = self.source_of[sentence_id]
        return replace(
            self,
            hidden=self.hidden - {source},
            current=self.sources.index(source),
            cursor={**self.cursor, source: self.position[sentence_id]},
            selected=sentence_id,
        )

    def at_first_sentences(self) -> ReaderState:
        """Every non-empty column's cursor on its first sentence."""
        return replace(
            self,
            cursor={s: 0 if self.columns[s] else c for s, c in self.cursor.items()},
        )

    def hide(self, source: str) -> ReaderState:
        """Hide a source's column."""
        return replace(self, hidden=self.hidden | {source})

    def show(self, source: str) -> ReaderState:
        """Show a source's column again."""
        return replace(self, hidden=self.hidden - {source})

    def show_all(self) -> ReaderState:
        """Show every column."""
        return replace(self, hidden=frozenset())

    def with_filter(self, value: Filter) -> ReaderState:
        """Show all sentences, only conflicts, or only unique ones."""
        return replace(self, filter=value)

    def with_note(self, note: str) -> ReaderState:
        """Another status note."""
        return replace(self, note=note)

    def laid_out(self, fit: int) -> ReaderState:
        """The state once the columns are laid out for ``fit`` columns: a hidden current
        source gives way to the first visible one; paged when they do not all fit."""
        visible = self.visible()
        current = self.current
        if self.current_source not in visible and visible:
            current = self.sources.index(visible[0])
        return replace(self, current=current, paged=len(visible) > fit)

    def conflict_step(self, step: int, count: int, variants: bool = False) -> ReaderState:
        """Move the ``c`` (or ``v``) key's place among ``count`` conflicts (or variants)."""
        if variants:
            return replace(self, variant_index=(self.variant_index + step) % count)
        return replace(self, conflict_index=(self.conflict_index + step) % count)
