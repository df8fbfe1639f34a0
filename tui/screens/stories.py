"""StoryPickerScreen: group a pile of articles into stories, then pick one to compare."""

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

from ...core.embed import Embedder, ModelLoadError
from ...core.model import Article
from ...core.stories import STORY_COSINE, Story, group_stories, story_articles
from .reader import ReaderScreen


class StoryPickerScreen(Screen[None]):
    """Lists the stories found in the pile; Enter opens one in the reader."""

    AUTO_FOCUS = "#story-list"
    BINDINGS = [
        Binding("q", "app.quit", "Quit", id="quit-stories", tooltip="Quit newsread"),
    ]

    def __init__(self, articles: tuple[Article, ...], embedder: Embedder, title: str) -> None:
        super().__init__(id="stories")
        self.articles = articles
        self.embedder = embedder
        self.pile_title = title
        self.stories: tuple[Story, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(id="stories-box"):
            yield Static(
                Text(self.pile_title or f"{len(self.articles)} articles", style="bold"),
                id="stories-title",
            )
            yield Static(
                f"Grouping {len(self.articles)} articles into stories "
                f"(title and lead, average cosine ≥ {STORY_COSINE:.2f})…",
                id="stories-status",
            )
            yield OptionList(id="story-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#story-list", OptionList).loading = True
        self._group()

    @work(thread=True, exclusive=True, exit_on_error=False, group="stories")
    def _group(self) -> None:
        try:
            stories = group_stories(self.articles, self.embedder)
        except ModelLoadError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._show, stories)

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
            "Enter opens a story side by side."
        )
        listing.highlighted = 0
        listing.focus()

    @on(OptionList.OptionSelected, "#story-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        story = self.stories[int((event.option.id or "story-0").split("-")[1])]
        slug = re.sub(r"[^a-z0-9]+", "-", story.title.lower()).strip("-")[:60] or "story"
        self.app.push_screen(
            ReaderScreen(story_articles(self.articles, story), self.embedder, story.title, slug)
        )
