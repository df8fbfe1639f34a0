"""StoryPickerScreen: group a pile of articles into stories, then pick one to compare;
or list a batch folder's stories (``newsread batch --out DIR``) and open one from its
JSON report, recomputing nothing."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...core.archive import ArchiveError, BatchFolder, load_story
from ...core.batch import StoryEntry
from ...core.embed import Embedder, ModelLoadError
from ...core.model import Article, Comparison
from ...core.stories import STORY_COSINE, Story, group_stories, story_articles
from ..prepared import PreparedView, prepare
from .reader import ReaderScreen


class StoryPickerScreen(Screen[None]):
    """Lists the stories found in the pile; Enter opens one in the reader."""

    AUTO_FOCUS = "#story-list"
    BINDINGS = [
        Binding("q", "app.quit", "Quit", id="quit-stories", tooltip="Quit newsread"),
    ]

    def __init__(
        self,
        articles: tuple[Article, ...],
        embedder: Embedder | None,
        title: str,
        batch: BatchFolder | None = None,
    ) -> None:
        super().__init__(id="stories")
        self.articles = articles
        self.embedder = embedder
        self.pile_title = title
        self.batch = batch
        """A batch folder: its index lists the stories, its reports open them."""
        self.stories: tuple[Story, ...] = ()

    def compose(self) -> ComposeResult:
        if self.batch is not None:
            status = f"Reading the batch index of {len(self.batch.entries)} stories…"
            heading = self.pile_title or f"Batch: {self.batch.path.name}"
        else:
            status = (
                f"Grouping {len(self.articles)} articles into stories "
                f"(title and lead, average cosine ≥ {STORY_COSINE:.2f})…"
            )
            heading = self.pile_title or f"{len(self.articles)} articles"
        with Vertical(id="stories-box"):
            yield Static(Text(heading, style="bold"), id="stories-title")
            yield Static(status, id="stories-status")
            yield OptionList(id="story-list")
        yield Footer()

    def on_mount(self) -> None:
        if self.batch is not None:
            self._show_batch(self.batch.entries)
            self._warm_up()
            return
        self.query_one("#story-list", OptionList).loading = True
        self._group()

    def _show_batch(self, entries: tuple[StoryEntry, ...]) -> None:
        """List the batch's stories as its index has them: nothing grouped or compared."""
        listing = self.query_one("#story-list", OptionList)
        for number, entry in enumerate(entries):
            label = Text()
            label.append(f"{len(entry.sources):>3} ", style="bold")
            label.append(entry.title, style="bold")
            label.append(f"\n    {', '.join(name for name, _ in entry.sources)}", style="dim")
            label.append(
                f"\n    {entry.shared} shared · {entry.unique} unique · "
                f"{entry.conflicts} conflicts · {entry.variants} name variants"
            )
            listing.add_option(Option(label, id=f"story-{number}"))
        articles = sum(len(e.sources) for e in entries)
        self.query_one("#stories-status", Static).update(
            f"{len(entries)} stories, {articles} articles, as the batch compared them. "
            "Enter opens a story from its report (nothing is recomputed); b or Esc there "
            "comes back to this list."
        )
        listing.highlighted = 0
        listing.focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="stories")
    def _group(self) -> None:
        notes: list[str] = []
        try:
            stories = group_stories(self.articles, self.embedder, notes=notes)
        except ModelLoadError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._show, stories)
        for line in notes:  # a large pile grouped exactly, without the faiss index
            self.app.call_from_thread(self.notify, line, timeout=10, markup=False)

    def _failed(self, error: str) -> None:
        self.query_one("#story-list", OptionList).loading = False
        self.query_one("#stories-status", Static).update("Could not group the articles.")
        self.notify(error, title="Model failed", severity="error", timeout=15, markup=False)

    def _show(self, stories: tuple[Story, ...]) -> None:
        self.stories = stories
        names = {a.id: a.name for a in self.articles}
        listing = self.query_one("#story-list", OptionList)
        listing.loading = False
        for number, story in enumerate(stories):
            outlets = ", ".join(names[i] for i in story.article_ids)
            label = Text()
            label.append(f"{len(story.article_ids):>3} ", style="bold")
            label.append(story.title, style="bold")
            label.append(f"\n    {outlets}", style="dim")
            listing.add_option(Option(label, id=f"story-{number}"))
        comparable = sum(1 for s in stories if len(s.article_ids) > 1)
        self.query_one("#stories-status", Static).update(
            f"{len(stories)} stories, {comparable} covered by two or more sources. "
            "Enter opens a story side by side; b or Esc there comes back to this list."
        )
        listing.highlighted = 0
        listing.focus()

    @on(OptionList.OptionSelected, "#story-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        number = int((event.option.id or "story-0").split("-")[1])
        if self.batch is not None:
            self._load(self.batch, self.batch.entries[number])
            return
        assert self.embedder is not None
        story = self.stories[number]
        slug = re.sub(r"[^a-z0-9]+", "-", story.title.lower()).strip("-")[:60] or "story"
        self.app.push_screen(
            ReaderScreen(story_articles(self.articles, story), self.embedder, story.title, slug)
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="report")
    def _load(self, batch: BatchFolder, entry: StoryEntry) -> None:
        """Read one story's JSON report off the UI thread, then open the reader on it."""
        try:
            comparison = load_story(batch, entry)
            prepared = prepare(comparison)  # marks and lookups, here off the UI thread
        except ArchiveError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Cannot open this story", severity="error",
                timeout=15, markup=False,
            )  # fmt: skip
            return
        self.app.call_from_thread(self._open, entry, comparison, prepared)

    def _open(self, entry: StoryEntry, comparison: Comparison, prepared: PreparedView) -> None:
        title = comparison.title or entry.title
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "story"
        reader = ReaderScreen(
            comparison.articles, self.embedder, title, slug, loaded=comparison, prepared=prepared
        )
        self.app.push_screen(reader)

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm")
    def _warm_up(self) -> None:
        """Import the pipeline's modules (numpy) while the list is read, so opening the
        first story does not wait for them."""
        from ...core import compare  # noqa: F401
