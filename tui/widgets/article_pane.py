"""ArticlePane: one source's full text as a column of marked sentences."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from ...core.model import Article, Sentence
from ...core.summary import Mark
from ..messages import SentenceClicked
from ..render import sentence_text


class SentenceView(Static):
    """One sentence; CSS classes show selection, counterparts and filtering."""

    selected: reactive[bool] = reactive(False)
    related: reactive[bool] = reactive(False)

    def __init__(self, sentence: Sentence, paragraph_start: bool) -> None:
        super().__init__(
            sentence_text(sentence, None), id=f"sentence-{sentence.id.replace('.', '-')}"
        )
        self.sentence = sentence
        self.mark: Mark | None = None
        self.set_class(paragraph_start, "-paragraph")

    def watch_selected(self, value: bool) -> None:
        self.set_class(value, "-selected")

    def watch_related(self, value: bool) -> None:
        self.set_class(value, "-related")

    def show(
        self,
        mark: Mark | None,
        unique: tuple[tuple[int, int], ...],
        conflict_spans: tuple[tuple[int, int], ...],
        query: str,
    ) -> None:
        """Redraw with the alignment's marks."""
        self.mark = mark
        for name in ("all", "some", "unique", "conflict", "boilerplate"):
            self.set_class(mark == name, f"-{name}")
        self.update(sentence_text(self.sentence, mark, unique, conflict_spans, query))

    def on_click(self) -> None:
        self.post_message(SentenceClicked(self.sentence.id))


class ArticlePane(Vertical):
    """A source's column: a fixed title and every sentence of the article, scrolling."""

    active: reactive[bool] = reactive(False)

    def __init__(self, article: Article, number: int, sentences: tuple[Sentence, ...]) -> None:
        super().__init__(id=f"pane-{article.id}", classes="article-pane")
        self.article = article
        self.number = number
        self.sentences = sentences
        self.can_focus = False

    def compose(self) -> ComposeResult:
        yield Static(self._title(""), classes="pane-title")
        body = VerticalScroll(classes="pane-body")
        body.can_focus = False  # keys belong to the reader, not to one column's scrolling
        with body:
            previous_end = 0
            for sentence in self.sentences:
                gap = self.article.text[previous_end : sentence.start]
                yield SentenceView(sentence, paragraph_start="\n" in gap and previous_end > 0)
                previous_end = sentence.end

    def _title(self, counts: str) -> Text:
        text = Text()
        text.append(f" {self.number} ", style="reverse bold")
        text.append(f" {self.article.name}", style="bold")
        if counts:
            text.append(f"\n {counts}", style="dim")
        return text

    def set_counts(self, counts: str) -> None:
        """Show the source's shared / unique / conflict counts under its name."""
        self.query_one(".pane-title", Static).update(self._title(counts))

    def watch_active(self, value: bool) -> None:
        self.set_class(value, "-active")

    def view(self, sentence_id: str) -> SentenceView:
        """The widget showing a sentence."""
        return self.query_one(f"#sentence-{sentence_id.replace('.', '-')}", SentenceView)

    def reveal(self, sentence_id: str) -> None:
        """Scroll so the sentence is visible, near the top third."""
        widget = self.view(sentence_id)
        self.query_one(".pane-body", VerticalScroll).scroll_to_widget(
            widget, animate=False, top=False
        )
