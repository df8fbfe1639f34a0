"""ReaderScreen: sources side by side, the detail panel, navigation and export.

The article text is shown at once; the model loads and the alignment runs in a
thread worker (group ``align``) that posts ``AlignmentProgress`` /
``AlignmentReady`` / ``AlignmentFailed``. Until it is ready, reading, scrolling
and moving between sentences work; marks appear when it lands.
"""

from __future__ import annotations

import gc
import re
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from ...core.embed import Embedder, ModelLoadError
from ...core.files import write_atomic
from ...core.ingest import IngestError
from ...core.model import Article, Comparison, Conflict, Group, Link, Sentence
from ...core.sentences import split_all
from ...core.stories import neutral_title
from ...core.summary import Dispute, Mark, SourceStats
from ...core.wordvec import pack
from ..keys import key_rows
from ..messages import (
    AlignmentFailed,
    AlignmentProgress,
    AlignmentReady,
    SentenceClicked,
    WordVectorsReady,
)
from ..prepared import PreparedView, prepare
from ..render import dispute_values
from ..state import Filter, ReaderState
from ..widgets.article_pane import ArticlePane, SentenceView
from ..widgets.detail_panel import DetailPanel
from .export import ConfirmScreen, ExportScreen
from .help import HelpScreen
from .names import NamesScreen
from .overview import OverviewScreen

if TYPE_CHECKING:
    from ...core.entities import Entity

PAINT_SLICE = 0.025
"""Seconds of column painting per turn once an alignment arrives; a key waits at most this
(plus one column and a screen refresh)."""
HOLD_REST = 2.0
"""Seconds after the reader opens at most that its columns hold back the sentences
below their first screen while the first alignment runs (``ArticlePane.fill``):
mounting them took the UI thread half a second the alignment worker needed, so the
seed story's marks came 0.6-0.9 s later. They mount once the marks are drawn, when
the alignment fails, when the reader moves below a first screen, or after this."""
MIN_COLUMN = 30
"""Narrowest useful column; fewer columns are shown (paged) below this width each."""


class Cancelled(Exception):
    """Raised inside the pipeline when the worker is cancelled."""


class ReaderScreen(Screen[None]):
    """The main view."""

    AUTO_FOCUS = None
    """Nothing takes focus: keys go to the screen's bindings (the search box is hidden)."""

    BINDINGS = [
        # Help and Quit first: the footer cuts keys from the right on a narrow terminal.
        Binding("question_mark,f1", "help", "Help", id="help",
                tooltip="Show keys and what the marks mean"),
        Binding("q", "app.quit", "Quit", id="quit", tooltip="Quit newsread"),
        Binding("right,l", "next_source", "Source →", id="next-source",
                tooltip="Move to the next source's column"),
        Binding("left,h", "previous_source", "← Source", show=False, id="previous-source",
                tooltip="Move to the previous source's column"),
        Binding("down,j", "next_sentence", "Sentence ↓", show=False, id="next-sentence",
                tooltip="Select the next sentence in this source"),
        Binding("up,k", "previous_sentence", "Sentence ↑", show=False, id="previous-sentence",
                tooltip="Select the previous sentence in this source"),
        Binding("u", "next_unique", "Unique", id="next-unique",
                tooltip="Jump to the next detail only this source gives"),
        Binding("U", "previous_unique", "Prev unique", show=False, id="previous-unique",
                tooltip="Jump to the previous detail only this source gives"),
        Binding("c", "next_conflict", "Conflict", id="next-conflict",
                tooltip="Jump to the next conflict between sources"),
        Binding("C", "previous_conflict", "Prev conflict", show=False, id="previous-conflict",
                tooltip="Jump to the previous conflict"),
        Binding("v", "next_variant", "Variant", show=False, id="next-variant",
                tooltip="Jump to the next name spelled two ways (a variant, not a conflict)"),
        Binding("J", "scroll_detail(1)", "Panel ↓", show=False, id="detail-down",
                tooltip="Scroll the detail panel down"),
        Binding("K", "scroll_detail(-1)", "Panel ↑", show=False, id="detail-up",
                tooltip="Scroll the detail panel up"),
        *[
            Binding(str(n), f"source({n})", f"Source {n}", show=False, id=f"source-{n}",
                    tooltip=f"Jump to source {n} (shows it if hidden)")
            for n in range(1, 10)
        ],
        Binding("x", "toggle_source", "Hide source", show=False, id="toggle-source",
                tooltip="Hide the current source's column (its digit shows it again)"),
        Binding("f", "cycle_filter", "Filter", id="cycle-filter",
                tooltip="Show all sentences, conflicts only, or unique only"),
        Binding("slash", "search", "Search", show=False, id="search",
                tooltip="Find text in any source"),
        Binding("escape", "close_search", "Close search", show=False, id="close-search",
                tooltip="Close the search box"),
        Binding("b,escape", "back_to_stories", "Stories", show=False, id="back-to-stories",
                tooltip="Back to the story list it was opened from (Esc when no search is open)"),
        Binding("n", "search_next", "Next match", show=False, id="search-next",
                tooltip="Jump to the next search match"),
        Binding("o", "overview", "Overview", id="overview",
                tooltip="Sources, consensus, disputed figures and omissions; Enter jumps"),
        Binding("p", "names", "Names", show=False, id="names",
                tooltip="People, places, organisations: spellings, titles, sources; Enter jumps"),
        Binding("e", "export", "Export", id="export-markdown",
                tooltip="Write the Markdown report (asks before overwriting)"),
    ]  # fmt: skip

    def __init__(
        self,
        articles: tuple[Article, ...],
        embedder: Embedder | None,
        title: str = "",
        story_name: str = "comparison",
        autoload: bool = True,
        loaded: Comparison | None = None,
        prepared: PreparedView | None = None,
    ) -> None:
        super().__init__(id="reader")
        self.articles = articles
        self.embedder = embedder
        self.story_title = title
        self.story_name = story_name
        self.autoload = autoload
        self.loaded = loaded
        """A comparison read back from its JSON report (``core.archive``): shown as it
        is, nothing split, embedded or aligned again; ``articles`` are its articles."""
        self._loaded_view = prepared
        """What the reader draws from ``loaded``, when the caller derived it already."""
        self.sentences: tuple[Sentence, ...] = (
            loaded.sentences if loaded is not None else split_all(articles)
        )
        self.by_article: dict[str, list[Sentence]] = {a.id: [] for a in articles}
        for sentence in self.sentences:
            self.by_article[sentence.article_id].append(sentence)
        self.comparison: Comparison | None = None
        self.painted = False
        """Every filled column shows the current comparison's marks (they are painted
        in slices between screen refreshes after the alignment arrives)."""
        self.marks: dict[str, Mark] = {}
        self.unique: dict[str, tuple[tuple[int, int], ...]] = {}
        self.state = ReaderState.start(
            {a.id: [s.id for s in self.by_article[a.id]] for a in articles},
            "Opening the report…"
            if loaded is not None
            else "Aligning…"
            if embedder
            else "No model: alignment unavailable",
        )
        """Navigation state (``tui.state``), replaced by its moves; ``_apply`` renders the
        status bar from it."""
        self.query_text = ""
        self._panes: list[ArticlePane] = []
        self._freezing = threading.Lock()  # the worker's gc.freeze vs on_unmount's unfreeze
        self._hold_rest = False  # columns hold their off-screen sentences (HOLD_REST)
        self._closed = False
        self._pane_of: dict[str, ArticlePane] = {}
        self._related: set[str] = set()
        self._loading_since: float | None = None
        self._loading_timer: Timer | None = None
        self._groups_of: dict[str, list[Group]] = {}
        self._counterparts: dict[str, list[str]] = {}
        self._links_of: dict[str, list[Link]] = {}
        self._conflicts_of: dict[str, list[Conflict]] = {}
        self._dispute_of: dict[tuple[str, str, str], Dispute] = {}
        self._factual: tuple[Conflict, ...] = ()
        self._variants: tuple[Conflict, ...] = ()
        self._sheet: tuple[Entity, ...] | None = None
        self._prepared: PreparedView | None = None

    # --- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(Text(self._header_text()), id="story-title")  # a title is no markup
        with Horizontal(id="columns"):
            for number, article in enumerate(self.articles, start=1):
                yield ArticlePane(article, number, tuple(self.by_article[article.id]))
        yield DetailPanel()
        yield Input(
            placeholder="Search all sources — Enter to jump, Esc to close",
            id="search",
            disabled=True,
        )
        yield Static("", id="status")
        yield Footer()

    def _header_text(self) -> str:
        return (
            self.story_title
            or neutral_title([a.title for a in self.articles])
            or ", ".join(a.name for a in self.articles)
        )

    def on_mount(self) -> None:
        self._pane_of = {pane.article.id: pane for pane in self.panes()}
        self.query_one("#search", Input).display = False
        self._hold_rest = self.loaded is None and self.embedder is not None and self.autoload
        if self._hold_rest:
            self.set_timer(HOLD_REST, self._release_rest)
        self._layout_columns()
        self._select_first()
        if len(self.articles) < 2:
            self.notify(
                "Only one article: comparing needs two or more. Open a folder or several files.",
                severity="warning",
                timeout=8,
            )
        if self.loaded is not None and self._loaded_view is not None:
            self.apply_comparison(self.loaded, self._loaded_view)
        elif self.loaded is not None:
            self.query_one(DetailPanel).loading = True
            self._open_loaded(self.loaded)
        elif self.embedder is not None and self.autoload:
            self.start_alignment()
        elif self.embedder is None:
            self.query_one(DetailPanel).show_legend()
        self._apply(self.state)

    def on_unmount(self) -> None:
        # Give what the alignment froze back to the collector: this screen's widgets
        # and comparison may be garbage now (another story, the app closing). Under
        # the lock, so a worker finishing just now cannot freeze them again after.
        with self._freezing:
            self._closed = True
            gc.unfreeze()

    def on_resize(self) -> None:
        self._layout_columns()

    def panes(self) -> list[ArticlePane]:
        """All article panes, in source order."""
        if not self._panes:
            self._panes = list(self.query(ArticlePane))
        return self._panes

    # --- state ----------------------------------------------------------------

    @property
    def current_source(self) -> int:
        """The current source, an index into ``articles``."""
        return self.state.current

    @property
    def cursor(self) -> Mapping[str, int]:
        """Each source's cursor (an index into its sentences)."""
        return self.state.cursor

    @property
    def hidden(self) -> frozenset[str]:
        """The hidden sources' article ids."""
        return self.state.hidden

    @property
    def filter(self) -> Filter:
        """Which sentences show: all, conflicts or unique."""
        return self.state.filter

    @property
    def paged(self) -> bool:
        """Whether the columns page (more visible sources than fit)."""
        return self.state.paged

    @property
    def status_note(self) -> str:
        """The status bar's last part (progress, counts, where ``c`` is)."""
        return self.state.note

    @property
    def selected(self) -> str:
        """The selected sentence id."""
        return self.state.selected

    def _apply(self, state: ReaderState) -> None:
        """Take a new navigation state and show it in the status bar: the one place
        the status is rendered."""
        self.state = state
        if not self.is_mounted:
            return
        narrow = (self.size.width or self.app.size.width) < 120
        self.query_one("#status", Static).update(state.status(narrow))

    def _note(self, note: str) -> None:
        self._apply(self.state.with_note(note))

    def _view(self, sentence_id: str) -> SentenceView | None:
        """The widget of a sentence, if its column has been filled."""
        pane = self._pane_of.get(self.state.source_of.get(sentence_id, ""))
        return pane.views.get(sentence_id) if pane is not None else None

    def _layout_columns(self) -> None:
        """Show as many columns as fit; page so the current source is always shown."""
        width = self.size.width or self.app.size.width
        fit = max(1, width // MIN_COLUMN)
        state = self.state.laid_out(fit)
        current = state.current_source
        shown = state.shown(fit)
        for pane in self.panes():
            pane.display = pane.article.id in shown
            pane.active = pane.article.id == current
            if pane.display and not pane.filled:
                # the column's width at most: the first screen's sentences are then enough
                column = width // max(1, len(shown))
                for view in pane.fill(column, self.app.size.height, hold=self._hold_rest):
                    self._paint(view)
        self._apply(state)

    # --- the alignment worker -------------------------------------------------

    def start_alignment(self) -> None:
        """Start (or restart) the model load and alignment in a thread."""
        self.painted = False
        self.query_one(DetailPanel).loading = True
        self._note("Loading model and aligning…")
        self._align()

    @work(thread=True, exclusive=True, exit_on_error=False, group="align")
    def _align(self) -> None:
        worker = get_current_worker()
        embedder = self.embedder
        assert embedder is not None

        def progress(stage: str, done: int, total: int) -> None:
            if worker.is_cancelled:
                raise Cancelled
            loading = (
                stage == "embeddings" and not getattr(embedder, "inner_loaded", lambda: True)()
            )
            self.post_message(AlignmentProgress(stage, done, total, loading))

        # numpy and friends load here, off the UI thread
        from ...core.compare import collector_paused, compare_with_words

        try:
            with collector_paused():
                comparison, word_vectors = compare_with_words(
                    self.articles,
                    embedder,
                    title=self.story_title,
                    progress=progress,
                    sentences=self.sentences,  # split once, for the columns
                )
                # marks, lookups and packed word vectors, off the UI thread
                prepared = prepare(comparison, word_vectors)
                # What the pipeline built lives as long as this view: move it (and the
                # widgets) out of the collector's sight before it runs again, or its
                # first full collection rescans all of it on the UI thread (0.1-0.25 s
                # stalls at 100 articles). Released when the screen goes (on_unmount).
                # Cyclic garbage made while the collector was paused is frozen too and
                # waits for that release: bounded by one alignment, not a leak.
                with self._freezing:
                    if self._closed or worker.is_cancelled:
                        raise Cancelled
                    gc.freeze()
        except Cancelled:
            return
        except (ModelLoadError, IngestError) as exc:
            self.post_message(AlignmentFailed(str(exc)))
            return
        except Exception as exc:  # never a traceback in the reader
            self.post_message(AlignmentFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(AlignmentReady(comparison, prepared))

    @work(thread=True, exclusive=True, exit_on_error=False, group="align")
    def _open_loaded(self, comparison: Comparison) -> None:
        """Derive what the reader draws from a comparison read from its report: the
        marks and lookups only, off the UI thread (nothing is embedded or aligned)."""
        try:
            prepared = prepare(comparison)
        except Exception as exc:  # never a traceback in the reader
            self.post_message(AlignmentFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(AlignmentReady(comparison, prepared))

    def start_word_vectors(self) -> None:
        """Give a loaded comparison's matched words their meaning matches too: word
        vectors from the embedding cache, else from the model (loaded off the UI thread).
        Until they come, or when they cannot, ``matched:`` lists exact words only."""
        comparison = self.comparison
        if comparison is None or self.embedder is None:
            return
        if comparison.model != self.embedder.name:
            self.notify(
                f"The report was made with {comparison.model or 'no model'}, this reader runs "
                f"{self.embedder.name}: 'matched:' lists exact words only.",
                severity="warning", timeout=8, markup=False,
            )  # fmt: skip
            return
        self._word_vectors(comparison)

    @work(thread=True, exclusive=True, exit_on_error=False, group="words")
    def _word_vectors(self, comparison: Comparison) -> None:
        embedder = self.embedder
        assert embedder is not None
        from ...core.compare import embed_with_words

        content = [s for s in comparison.sentences if not s.boilerplate]
        try:
            _, rows = embed_with_words([s.text for s in content], embedder)
        except Exception as exc:  # the model failed: exact matches stay
            self.post_message(WordVectorsReady(comparison, {}, f"{type(exc).__name__}: {exc}"))
            return
        if rows is None:
            self.post_message(WordVectorsReady(comparison, {}, "this model gives no word vectors"))
            return
        packed = {
            s.id: (int(r.shape[1]), pack(r))
            for s, r in zip(content, rows, strict=True)
            if r.ndim == 2
        }
        self.post_message(WordVectorsReady(comparison, packed))

    @on(WordVectorsReady)
    def _words_ready(self, message: WordVectorsReady) -> None:
        if message.comparison is not self.comparison or self._prepared is None:
            return
        if message.error:
            self.notify(
                f"Word vectors unavailable ({message.error}): 'matched:' lists exact words only.",
                severity="warning", timeout=8, markup=False,
            )  # fmt: skip
            return
        self._prepared = replace(self._prepared, word_vectors=message.vectors)
        if self.selected:
            self._select(self.selected, scroll=False)

    @on(AlignmentProgress)
    def _progress(self, message: AlignmentProgress) -> None:
        if message.model_loading:
            # The first batch waits for the model (seconds on a cold start): say so,
            # with the time it has taken, rather than a count that does not move.
            if self._loading_since is None:
                self._loading_since = time.monotonic()
                self._loading_timer = self.set_interval(1.0, self._show_loading)
            self._show_loading()
            return
        self._stop_loading_note()
        self._note(f"Aligning: {message.stage} {message.done}/{message.total}")

    def _show_loading(self) -> None:
        if self._loading_since is None:
            return
        elapsed = time.monotonic() - self._loading_since
        self._note(f"Loading the model… {elapsed:.0f} s")

    def _stop_loading_note(self) -> None:
        self._loading_since = None
        if self._loading_timer is not None:
            self._loading_timer.stop()
            self._loading_timer = None

    @on(AlignmentReady)
    def _ready(self, message: AlignmentReady) -> None:
        self._stop_loading_note()
        self.apply_comparison(message.comparison, message.prepared)

    def _release_rest(self) -> None:
        """Mount the sentences the columns held back while the first alignment ran."""
        self._hold_rest = False
        for pane in self.panes():
            pane.mount_rest()

    @on(AlignmentFailed)
    def _failed(self, message: AlignmentFailed) -> None:
        self._release_rest()
        self._stop_loading_note()
        self.query_one(DetailPanel).loading = False
        self._note("Alignment unavailable (model failed) — articles stay readable")
        self.notify(message.error, title="Model failed", severity="error", timeout=15, markup=False)

    def apply_comparison(
        self, comparison: Comparison, prepared: PreparedView | None = None
    ) -> None:
        """Show a finished comparison: marks, counts, counterparts.

        ``prepared`` is what the worker derived from it (built here when not given).
        """
        view = prepared if prepared is not None else prepare(comparison)
        self.comparison = comparison
        self._prepared = view
        self.painted = False
        self.marks = view.marks
        self.unique = view.unique
        self._groups_of = view.groups_of
        self._counterparts = view.counterparts
        self._links_of = view.links_of
        self._conflicts_of = view.conflicts_of
        self._dispute_of = view.dispute_of
        self._factual, self._variants = view.factual, view.variants
        stats = view.stats
        self.query_one(DetailPanel).loading = False
        self._note(f"{len(view.factual)} conflicts · {len(view.variants)} name variants")
        # The current column first, then as many as fit in a slice of time; the rest
        # after screen refreshes, so a key pressed meanwhile waits for one slice,
        # not for a hundred columns.
        current = self.state.current_source
        panes = sorted(self.panes(), key=lambda pane: pane.article.id != current)
        self._paint_later(panes, stats, comparison)
        self._select(self._current_id(), scroll=True)
        if comparison is self.loaded:
            self._note(
                f"{len(view.factual)} conflicts · {len(view.variants)} name variants · "
                "from the batch report"
            )
            if self.autoload:
                self.start_word_vectors()
        warnings = getattr(self.embedder, "warnings", [])
        for note in (*warnings, *comparison.notes):
            if not note.startswith("only one article"):  # said at start-up already
                self.notify(note, severity="warning", timeout=10, markup=False)

    # --- drawing --------------------------------------------------------------

    def _conflict_spans(self, sentence_id: str) -> tuple[tuple[int, int], ...]:
        spans = []
        for c in self._conflicts_of.get(sentence_id, []):
            if c.is_variant:
                continue
            if c.a == sentence_id:
                spans.append(c.a_span)
            if c.b == sentence_id:
                spans.append(c.b_span)
        return tuple(s for s in spans if s[1] > s[0])

    def _paint(self, view: SentenceView) -> None:
        """Bring one sentence widget in line with the reader's state."""
        sentence_id = view.sentence.id
        view.show(
            self.marks.get(sentence_id),
            self.unique.get(sentence_id, ()),
            self._conflict_spans(sentence_id),
            self.query_text,
        )
        view.display = self._passes_filter(sentence_id)
        view.selected = sentence_id == self.selected
        view.related = sentence_id in self._related

    def _redraw_all(self) -> None:
        for pane in self.panes():
            self._paint_pane(pane)

    def _paint_pane(self, pane: ArticlePane, stats: dict[str, SourceStats] | None = None) -> None:
        """Repaint a column's sentence widgets, and its counts line when given."""
        if stats is not None and pane.article.id in stats:
            pane.set_counts(stats[pane.article.id])
        for view in pane.views.values():
            self._paint(view)

    def _paint_later(
        self,
        panes: list[ArticlePane],
        stats: dict[str, SourceStats],
        comparison: Comparison,
    ) -> None:
        """Paint columns (marks and counts) for up to ``PAINT_SLICE``, at least one, then
        the rest after the next screen refresh, unless another comparison replaced this.

        Messages a screen posts to itself run back to back, before the event loop
        reads the next key: a chain of ``call_later`` kept keys waiting for every
        column at once. After a refresh, a key pressed meanwhile runs first.
        """
        if self.comparison is not comparison:
            return
        done = 0
        until = time.perf_counter() + PAINT_SLICE
        for pane in panes:
            done += 1
            self._paint_pane(pane, stats)
            if time.perf_counter() >= until:
                break
        if done < len(panes):
            self.call_after_refresh(self._paint_later, panes[done:], stats, comparison)
        else:
            self.painted = True
            if self._hold_rest:  # columns fill with ``hold`` only while this is set
                self.call_after_refresh(self._release_rest)  # after the marks' frame

    async def wait_painted(self, pause: Callable[[], Awaitable[object]], turns: int = 100) -> bool:
        """Await ``pause()`` until every column shows the comparison and every sentence
        it held back is mounted (tests, screenshots).

        Returns:
            Whether it did within ``turns`` pauses.
        """

        def done() -> bool:
            holding = any(pane.holding for pane in self.panes())
            return self.comparison is not None and self.painted and not holding

        for _ in range(turns):
            if done():
                return True
            await pause()
        return done()

    def _passes_filter(self, sentence_id: str) -> bool:
        return self.state.passes(self.marks.get(sentence_id), self.comparison is not None)

    # --- selection ------------------------------------------------------------

    def _current_id(self) -> str:
        return self.state.current_id()

    def _select_first(self) -> None:
        self.state = self.state.at_first_sentences()
        self._select(self._current_id(), scroll=True)

    def _select(self, sentence_id: str, scroll: bool = True) -> None:
        """Select a sentence: focus its source, highlight counterparts, fill the panel."""
        if not sentence_id:
            return
        previous = {self.selected, *self._related}
        self.state = self.state.select(sentence_id)
        article_id = self.state.current_source
        related: set[str] = set(self._counterparts.get(sentence_id, ()))
        for group in self._groups_of.get(sentence_id, []):
            related.update(group.members)
        for c in self._conflicts_of.get(sentence_id, []):
            related.update((c.a, c.b))
        related.discard(sentence_id)
        self._related = related
        self._layout_columns()
        for changed in previous | related | {sentence_id}:
            view = self._view(changed) if changed else None
            if view is not None:
                view.selected = changed == sentence_id
                view.related = changed in related
        if scroll:
            first_related: dict[str, str] = {}
            comparison = self.comparison  # related sentences exist only once it does
            if comparison is not None:
                for member in sorted(related, key=lambda m: comparison.sentence(m).order):
                    first_related.setdefault(self.state.source_of[member], member)
            for pane in self.panes():
                if not pane.display:
                    continue
                if pane.article.id == article_id:
                    pane.reveal(sentence_id)
                elif pane.article.id in first_related:
                    pane.reveal(first_related[pane.article.id], third=True)
        names = {a.id: a.name for a in self.articles}
        self.query_one(DetailPanel).show_sentence(
            self.comparison,
            sentence_id,
            names,
            self._counterparts,
            self._links_of,
            self._matched_with(sentence_id),
        )
        self._apply(self.state)

    def _matched_with(self, sentence_id: str) -> Callable[[str], tuple[str, ...]] | None:
        """The selected sentence's words that a counterpart matches (by the worker's
        word vectors): computed per counterpart shown, a few small products."""
        comparison, view = self.comparison, self._prepared
        if comparison is None or view is None:
            return None
        sentence = comparison.sentence(sentence_id)
        return lambda member: view.matched_words(sentence, comparison.sentence(member))

    @on(SentenceClicked)
    def _clicked(self, message: SentenceClicked) -> None:
        self._select(message.sentence_id)

    def _move(self, step: int) -> None:
        target = self.state.step(step, self._passes_filter)
        if target is None:
            self.app.bell()
            return
        self._select(target)

    def action_next_sentence(self) -> None:
        self._move(1)

    def action_previous_sentence(self) -> None:
        self._move(-1)

    def _switch_source(self, step: int) -> None:
        self._select(self._sentence_near(self.state.switch_target(step)))

    def _sentence_near(self, article_id: str) -> str:
        """The counterpart of the selected sentence in that source, else its cursor."""
        source_of = self.state.source_of
        own = self.state.cursor_id(article_id)
        if self.comparison is not None and self.selected:
            mates = [
                m for m in self._counterparts.get(self.selected, ()) if source_of[m] == article_id
            ]
            if own in mates:  # the column's own selection says the same: keep it
                return own
            if mates:
                return mates[0]
            for group in self._groups_of.get(self.selected, []):
                for member in group.members:
                    if source_of[member] == article_id:
                        return member
        return own

    def action_next_source(self) -> None:
        self._switch_source(1)

    def action_previous_source(self) -> None:
        self._switch_source(-1)

    def action_source(self, number: int) -> None:
        """Jump to source ``number`` (1-based), showing it if hidden."""
        if number > len(self.articles):
            self.notify(f"There is no source {number}.", severity="warning")
            return
        article_id = self.articles[number - 1].id
        self.state = self.state.show(article_id)
        self._select(self._sentence_near(article_id))

    def _jump(self, step: int, wanted: set[str]) -> None:
        article = self.articles[self.current_source]
        if not self.state.columns[article.id] or not wanted:
            self.notify("Nothing to jump to here.", severity="information")
            return
        target = self.state.jump(step, wanted)
        if target is None:
            self.notify(f"No such detail in {article.name}.", severity="information", markup=False)
            return
        self._select(target)

    def _unique_ids(self) -> set[str]:
        return {sid for sid, mark in self.marks.items() if mark == "unique"} | {
            sid for sid, spans in self.unique.items() if spans
        }

    def action_next_unique(self) -> None:
        if self._needs_alignment():
            self._jump(1, self._unique_ids())

    def action_previous_unique(self) -> None:
        if self._needs_alignment():
            self._jump(-1, self._unique_ids())

    def _conflict_step(self, step: int, variants: bool = False) -> None:
        """Select the next conflict (or name variant): the detail panel shows it first."""
        if not self._needs_alignment():
            return
        found = self._variants if variants else self._factual
        kind = "name variant" if variants else "conflict"
        if not found:
            self.notify(f"No {kind}s between these sources.")
            return
        self.state = self.state.conflict_step(step, len(found), variants)
        index = self.state.variant_index if variants else self.state.conflict_index
        conflict = found[index]
        self._select(conflict.a)
        # where the reader is among one kind, and the count of the other kind, so
        # the status bar keeps both counts the alignment reported
        if variants:
            note = f"{len(self._factual)} conflicts · {kind} {index + 1}/{len(found)}"
        else:
            note = f"{kind} {index + 1}/{len(found)} · {len(self._variants)} name variants"
        dispute = self._dispute_of.get((conflict.kind, conflict.a, conflict.a_value.casefold()))
        if dispute is not None and len(dispute.values) > 2:  # the pair is one of several values
            note += f" · all {len(dispute.values)} values: {dispute_values(dispute)}"
        self._note(note)

    def action_next_conflict(self) -> None:
        self._conflict_step(1)

    def action_previous_conflict(self) -> None:
        self._conflict_step(-1)

    def action_next_variant(self) -> None:
        self._conflict_step(1, variants=True)

    def action_scroll_detail(self, step: int) -> None:
        """Scroll the detail panel by most of its height."""
        panel = self.query_one(DetailPanel)
        panel.scroll_relative(y=step * max(1, panel.size.height - 2), animate=False)

    def _needs_alignment(self) -> bool:
        if self.comparison is None:
            self.notify("Still aligning — this works once the alignment is ready.")
            return False
        return True

    def action_toggle_source(self) -> None:
        current = self.articles[self.current_source].id
        if len(self.state.visible()) <= 1:
            self.notify("At least one source stays visible; press a digit to show a source.")
            return
        self.state = self.state.hide(current)
        name = self.articles[self.current_source].name
        self._switch_source(1)
        self.notify(
            f"Hid {name}; press {[a.id for a in self.articles].index(current) + 1} to show it.",
            markup=False,
        )

    def show_all_sources(self) -> None:
        """Show every hidden column again."""
        self.state = self.state.show_all()
        self._layout_columns()

    def action_cycle_filter(self) -> None:
        self.set_filter(self.state.next_filter())

    def set_filter(self, value: Filter) -> None:
        """Show all sentences, only conflicts, or only unique details."""
        if value != "all" and not self._needs_alignment():
            return
        self.state = self.state.with_filter(value)
        self._redraw_all()
        if not self._passes_filter(self.selected):
            self._move(1)
        self._apply(self.state)

    # --- search ---------------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.disabled = False
        box.display = True
        box.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value.strip()
        event.input.display = False
        event.input.disabled = True
        self.set_focus(None)
        self._redraw_all()
        self.action_search_next()

    def action_search_next(self) -> None:
        if not self.query_text:
            self.action_search()
            return
        order = list(self.sentences)
        start = next((i for i, s in enumerate(order) if s.id == self.selected), -1)
        pattern = re.compile(re.escape(self.query_text), re.I)
        for offset in range(1, len(order) + 1):
            candidate = order[(start + offset) % len(order)]
            if pattern.search(candidate.text) and candidate.article_id not in self.hidden:
                self._select(candidate.id)
                return
        self.notify(f"No match for “{self.query_text}”.", severity="warning", markup=False)

    def action_close_search(self) -> None:
        box = self.query_one("#search", Input)
        if not box.display:
            raise SkipAction()  # nothing to close: Esc goes back to the story list, if any
        box.display = False
        box.disabled = True
        self.set_focus(None)

    @on(Input.Blurred, "#search")
    def _search_closed(self, event: Input.Blurred) -> None:
        event.input.display = False
        event.input.disabled = True

    # --- screens --------------------------------------------------------------

    def from_story_list(self) -> bool:
        """Whether this story was opened from a story picker (a pile or a batch folder)."""
        stack = self.app.screen_stack
        below = stack.index(self) - 1 if self in stack else -1
        return below >= 0 and stack[below].id == "stories"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back_to_stories":
            return self.from_story_list()
        return True

    def action_back_to_stories(self) -> None:
        """Close this story; the story list is shown again as it was left."""
        if self.from_story_list() and self.app.screen is self:
            self.app.pop_screen()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(key_rows(self.BINDINGS)))  # type: ignore[arg-type]

    def action_overview(self) -> None:
        if not self._needs_alignment():
            return
        assert self.comparison is not None

        def jump(sentence_id: str | None) -> None:
            if sentence_id:
                self._select(sentence_id)

        self.app.push_screen(OverviewScreen(self.comparison, self._prepared), jump)

    def action_names(self) -> None:
        """The entity sheet: it reads only the text, so it works while the model loads."""
        if self._sheet is None:
            from ...core.entities import build_sheet  # not needed to show the text

            order = {a.id: n for n, a in enumerate(self.articles)}
            self._sheet = build_sheet([s for s in self.sentences if not s.boilerplate], order)

        def jump(sentence_id: str | None) -> None:
            if sentence_id:
                self._select(sentence_id)

        title = self._header_text()
        self.app.push_screen(NamesScreen(self.articles, self.sentences, self._sheet, title), jump)

    def default_export_path(self) -> Path:
        """``<story>.md`` in the working directory."""
        return Path.cwd() / f"{self.story_name}.md"

    def action_export(self) -> None:
        if not self._needs_alignment():
            return

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if path.exists():
                self.app.push_screen(
                    ConfirmScreen(f"{path} exists. Overwrite it?"),
                    lambda yes: self.write_report(path) if yes else self.notify("Not exported."),
                )
            else:
                self.write_report(path)

        self.app.push_screen(ExportScreen(self.default_export_path()), chosen)

    def write_report(self, path: Path) -> None:
        """Write the Markdown report atomically and say where."""
        assert self.comparison is not None
        from ...core.export import to_markdown  # the report's renderers: on the first export

        try:
            write_atomic(path, to_markdown(self.comparison), overwrite=True)
        except OSError as exc:
            self.notify(
                f"Cannot write {path}: {exc.strerror or exc}",
                title="Export failed", severity="error", markup=False,
            )  # fmt: skip
            return
        self.notify(f"Wrote {path}", title="Exported", markup=False)
