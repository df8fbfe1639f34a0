"""ArticlePane: one source's full text as a column of marked sentences."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from ...core.model import Article, Sentence
from ...core.summary import Mark, SourceStats
from ..messages import SentenceClicked
from ..render import counts_line, sentence_text

MARK_CLASSES = ("all", "some", "unique", "conflict", "boilerplate")
"""Marks drawn by a CSS class each (``-all`` …) on the sentence's widget."""


class SentenceView(Static):
    """One sentence; CSS classes show selection, counterparts and filtering."""

    selected: reactive[bool] = reactive(False)
    related: reactive[bool] = reactive(False)

    def __init__(self, sentence: Sentence, paragraph_start: bool) -> None:
        text = sentence_text(sentence, None)
        # The class is given here, not set after: set_class on a widget not yet mounted
        # applied the whole stylesheet to it at once (again at mount), 1 ms a sentence
        # before the first frame.
        super().__init__(
            text,
            id=f"sentence-{sentence.id.replace('.', '-')}",
            classes="-paragraph" if paragraph_start else "",
        )
        self.sentence = sentence
        self.mark: Mark | None = None
        self._shown: tuple[object, ...] = (None, (), (), "")
        """What the text was last drawn with (``show``'s arguments): drawn again only if
        they change."""
        self._cells = text.cell_len
        words = sentence.text.split(maxsplit=1)
        self._first_word = cell_len(words[0]) if words else 0

    def watch_selected(self, value: bool) -> None:
        self.update_classes({"-selected": value}, animate=False)  # no transitions: see show

    def watch_related(self, value: bool) -> None:
        self.update_classes({"-related": value}, animate=False)

    def show(
        self,
        mark: Mark | None,
        unique: tuple[tuple[int, int], ...],
        conflict_spans: tuple[tuple[int, int], ...],
        query: str,
    ) -> None:
        """Redraw with the alignment's marks (nothing to do if they are as drawn)."""
        if (mark, unique, conflict_spans, query) == self._shown:
            return
        self._shown = (mark, unique, conflict_spans, query)
        self.mark = mark
        # One style update, not animated (the marks have no transitions): each of five
        # set_class calls updated the styles through the animating path, and that was
        # most of the time the columns took to paint their marks.
        self.update_classes({f"-{name}": mark == name for name in MARK_CLASSES}, animate=False)
        text = sentence_text(self.sentence, mark, unique, conflict_spans, query)
        # Marks restyle the words and swap the blank gutter for a glyph of the same
        # width, so the sentence wraps as before and needs no new layout of the
        # screen (a full reflow at every column's repaint stalled keys 70-170 ms
        # after an alignment of 100 articles arrived). Except when the first word
        # does not fit beside the gutter (a URL, a sentence of CJK text): the blank
        # gutter wraps with that word, a glyph stays on a line of its own.
        cells = text.cell_len
        fits = 0 < self._first_word + 2 <= self.content_size.width
        self.update(text, layout=cells != self._cells or not fits)
        self._cells = cells

    def on_click(self) -> None:
        self.post_message(SentenceClicked(self.sentence.id))


class ArticlePane(Vertical):
    """A source's column: a fixed title and every sentence of the article, scrolling.

    The sentences are mounted on first display (``fill``), so a pile of a
    hundred articles opens as fast as five: only the visible columns exist.
    """

    active: reactive[bool] = reactive(False)

    def __init__(self, article: Article, number: int, sentences: tuple[Sentence, ...]) -> None:
        super().__init__(id=f"pane-{article.id}", classes="article-pane")
        self.article = article
        self.number = number
        self.sentences = sentences
        self.can_focus = False
        self.views: dict[str, SentenceView] = {}
        """Sentence widgets by sentence id (empty until ``fill``)."""
        self._pending: list[SentenceView] = []
        """Widgets below the first screen that ``fill`` was told to hold back."""
        self._stats: SourceStats | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._title(), classes="pane-title")
        body = VerticalScroll(classes="pane-body")
        body.can_focus = False  # keys belong to the reader, not to one column's scrolling
        yield body

    @property
    def filled(self) -> bool:
        """Whether the sentence widgets exist."""
        return bool(self.views) or not self.sentences

    def fill(self, width: int = 0, height: int = 0, hold: bool = False) -> list[SentenceView]:
        """Create the sentence widgets (once) and mount them; return the new ones.

        Given the column's size in cells, the sentences that can show on its first
        screen are mounted at once and the rest after the next refresh: the first
        frame lays out a screenful per column instead of the whole article (the
        seed story's first frame comes about 50 ms sooner). Each sentence takes at
        least ``len(text) / width`` rows, so the first part always fills the screen.

        With ``hold``, the rest waits for ``mount_rest`` (or a ``reveal`` below the
        first screen): the reader holds them back while its worker aligns, whose
        work they slowed by half a second on the seed story.
        """
        if self.filled:
            return []
        previous_end = 0
        views = []
        for sentence in self.sentences:
            gap = self.article.text[previous_end : sentence.start]
            view = SentenceView(sentence, paragraph_start="\n" in gap and previous_end > 0)
            self.views[sentence.id] = view
            views.append(view)
            previous_end = sentence.end
        first = len(views)
        if width > 0 and height > 0:
            rows = 0
            for count, sentence in enumerate(self.sentences, start=1):
                rows += -(-len(sentence.text) // width)
                if rows >= height:
                    first = count
                    break
        body = self.query_one(".pane-body", VerticalScroll)
        body.mount_all(views[:first])
        if hold:
            self._pending = views[first:]
        elif first < len(views):
            self.call_after_refresh(body.mount_all, views[first:])
        return views

    @property
    def holding(self) -> bool:
        """Whether sentence widgets wait for ``mount_rest``."""
        return bool(self._pending)

    def mount_rest(self) -> None:
        """Mount the sentence widgets ``fill`` held back (none: nothing happens)."""
        pending, self._pending = self._pending, []
        if pending:
            self.query_one(".pane-body", VerticalScroll).mount_all(pending)

    def _title(self, width: int = 0) -> Text:
        text = Text()
        text.append(f" {self.number} ", style="reverse bold")
        text.append(f" {self.article.name}", style="bold")
        if self._stats is not None:
            st = self._stats
            line = counts_line(st.shared, st.unique, st.conflicts, max(0, width - 1))
            text.append(f"\n {line}", style="dim")
        return text

    def set_counts(self, stats: SourceStats) -> None:
        """Show the source's shared / unique / conflict counts under its name."""
        self._stats = stats
        self._show_title()

    def _show_title(self) -> None:
        title = self.query_one(".pane-title", Static)
        title.update(self._title(title.content_size.width))

    def on_resize(self) -> None:
        if self._stats is not None:
            self._show_title()

    def watch_active(self, value: bool) -> None:
        self.set_class(value, "-active")

    def view(self, sentence_id: str) -> SentenceView:
        """The widget showing a sentence (the pane must be filled)."""
        return self.views[sentence_id]

    def reveal(self, sentence_id: str, third: bool = False) -> None:
        """Scroll so the sentence is visible.

        Args:
            sentence_id: The sentence.
            third: Put its first line a third of the way down the column (for a
                counterpart the reader's eye jumps to, with what comes before it
                readable above), rather than scrolling as little as possible.
        """
        widget = self.views.get(sentence_id)
        if widget is not None and widget in self._pending:
            self.mount_rest()  # the reader goes below the first screen: show it all
        if widget is not None and widget.is_mounted:
            body = self.query_one(".pane-body", VerticalScroll)
            if third and widget.parent is body:
                top = widget.virtual_region.y - body.scrollable_content_region.height // 3
                body.scroll_to(y=max(0, top), animate=False)
            else:
                body.scroll_to_widget(widget, animate=False, top=False)
        elif widget is not None:
            self.call_after_refresh(self.reveal, sentence_id, third)
