"""NamesScreen: the story's entity sheet, every name with its spellings, titles and sources.

Names the outlets spell or title differently come first, each with every
spelling and title and the sources writing it, and one line per source that
names it: Enter on that line jumps to the mention in the reader. The other
names follow, one line each (Enter: the first mention).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.model import Article, Sentence
from ...core.report import label

if TYPE_CHECKING:
    from ...core.entities import Entity, Mention, Naming

VARIANT = "≈"
"""The reader's mark for a name written two ways (not a conflict)."""


class NamesScreen(ModalScreen[str | None]):
    """Choosing a mention returns its sentence id so the reader can jump to it."""

    BINDINGS = [
        Binding("escape,p,q", "close", "Close", id="close-names", tooltip="Back to the reader"),
    ]

    def __init__(
        self,
        articles: Sequence[Article],
        sentences: Sequence[Sentence],
        sheet: tuple[Entity, ...],
        title: str,
    ) -> None:
        super().__init__()
        self.articles = {a.id: a for a in articles}
        self.sentences = {s.id: s for s in sentences}
        self.sheet = sheet
        self.title = title

    def compose(self) -> ComposeResult:
        differing = [e for e in self.sheet if e.differs]
        others = [e for e in self.sheet if not e.differs]
        options: list[Option | None] = []
        options.append(
            Option(
                Text(f"Written differently across sources ({len(differing)})", style="bold"),
                disabled=True,
            )
        )
        if not differing:
            options.append(Option("  every source names them the same way", disabled=True))
        for n, entity in enumerate(differing):
            if n:
                options.append(None)
            options.extend(self._entity_lines(entity, n))
        options.append(None)
        options.append(
            Option(Text(f"Named the same way ({len(others)})", style="bold"), disabled=True)
        )
        for n, entity in enumerate(others):
            first = entity.mentions[0]
            cites = ", ".join(map(label, entity.sources))
            options.append(
                Option(Text(f"  {entity.name}  [{cites}]"), id=f"name:{n}:{first.sentence}")
            )
        with Vertical(id="names-box"):
            yield Static(
                Text(f"Names in {self.title}", style="bold"),
                classes="names-title",
            )
            yield OptionList(*options, id="names-list")
            yield Static(
                Text("Enter jumps to the mention · Esc closes · evidence, not errors", style="dim")
            )

    def _entity_lines(self, entity: Entity, number: int) -> list[Option]:
        lines = [
            Option(
                Text.assemble((f"{VARIANT} ", "bold"), (entity.name, "bold")),
                disabled=True,
            )
        ]
        for kind, namings in (("spelled", entity.variants), ("titled", entity.titles)):
            if namings:
                lines.append(Option(Text(f"  {kind}: " + _namings(namings)), disabled=True))
        seen: set[str] = set()
        for mention in entity.mentions:
            source = mention.sentence.split(".")[0]
            if source in seen:
                continue
            seen.add(source)
            lines.append(
                Option(self._mention(mention), id=f"mention:{number}.{source}:{mention.sentence}")
            )
        return lines

    def _mention(self, mention: Mention) -> Text:
        """``→ S2 NBC News: …the words around the name…`` with the name in bold."""
        sentence = self.sentences[mention.sentence]
        article = self.articles[sentence.article_id]
        start = max(0, mention.start - 40)
        end = min(len(sentence.text), mention.end + 40)
        text = Text(f"    → {label(article.id)} {article.name}: ", style="dim")
        text.append(("…" if start else "") + sentence.text[start : mention.start])
        text.append(sentence.text[mention.start : mention.end], style="bold")
        text.append(sentence.text[mention.end : end] + ("…" if end < len(sentence.text) else ""))
        return text

    def on_mount(self) -> None:
        names = self.query_one("#names-list", OptionList)
        names.focus()
        names.action_first()

    @on(OptionList.OptionSelected, "#names-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id.rsplit(":", 1)[1])

    def action_close(self) -> None:
        self.dismiss(None)


def _namings(namings: tuple[Naming, ...]) -> str:
    return " · ".join(f"“{n.text}” [{', '.join(map(label, n.sources))}]" for n in namings)
