"""OverviewScreen: sources with counts, the consensus, the disputed details, and what each
source leaves out."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from ...core.model import Comparison
from ...core.report import DISPUTE_LABELS, label
from ...core.summary import consensus_groups, disputes, majority, omissions, source_stats
from ..prepared import PreparedView
from ..render import GLYPHS, dispute_values


class OverviewScreen(ModalScreen[str | None]):
    """Choosing a fact returns its first sentence id so the reader can jump to it."""

    BINDINGS = [
        Binding("escape,o,q", "close", "Close", id="close-overview", tooltip="Back to the reader"),
    ]

    def __init__(self, comparison: Comparison, prepared: PreparedView | None = None) -> None:
        """``prepared``: what the reader's worker summarised (nothing is summarised
        again); without it the overview summarises the comparison itself."""
        super().__init__()
        self.comparison = comparison
        self.prepared = prepared

    def compose(self) -> ComposeResult:
        comparison = self.comparison
        view = self.prepared
        stats = view.stats if view is not None else source_stats(comparison)
        table: DataTable[str] = DataTable(id="overview-sources", cursor_type="row")
        table.add_columns("#", "Source", "Sentences", "Shared", "Unique", "Conflicts")
        for n, article in enumerate(comparison.articles, start=1):
            st = stats[article.id]
            table.add_row(
                str(n), article.name, str(st.sentences), str(st.shared), str(st.unique),
                str(st.conflicts), key=article.id,
            )  # fmt: skip
        options: list[Option | None] = []  # article text as Text: "[sic]" or "[S3]" is no markup
        options.append(
            Option(
                Text(f"Consensus (≥ {majority(comparison)} sources)", style="bold"), disabled=True
            )
        )
        consensus = list(view.consensus) if view is not None else consensus_groups(comparison)
        for group in consensus:
            first = comparison.sentence(group.members[0])
            cites = ", ".join(map(label, group.sources))
            # the reader's glyphs: ● only when every source reports it, ◐ for most of them
            everyone = len(group.sources) == len(comparison.articles)
            glyph = GLYPHS["all"] if everyone else GLYPHS["some"]
            options.append(
                Option(Text(f"{glyph} {first.text}  [{cites}]"), id=f"fact:{group.id}:{first.id}")
            )
        found = view.disputes if view is not None else disputes(comparison)
        if found:
            options.append(None)
            options.append(
                Option(Text("Disputed figures, dates and titles", style="bold"), disabled=True)
            )
        for n, dispute in enumerate(found):
            first = dispute.values[0].sentences[0]
            values = dispute_values(dispute)
            options.append(
                Option(
                    Text(f"{GLYPHS['conflict']} {DISPUTE_LABELS[dispute.kind]}: {values}"),
                    id=f"dispute:{n}:{first}",
                )
            )
        missing = view.omissions if view is not None else omissions(comparison, consensus)
        for article in comparison.articles:
            options.append(None)
            options.append(
                Option(
                    Text(f"{label(article.id)} {article.name} leaves out", style="bold"),
                    disabled=True,
                )
            )
            if not missing[article.id]:
                options.append(Option("  nothing most sources report", disabled=True))
            for group in missing[article.id]:
                first = comparison.sentence(group.members[0])
                options.append(
                    Option(Text(f"  – {first.text}"), id=f"omit:{article.id}:{group.id}:{first.id}")
                )
        with Vertical(id="overview-box"):
            yield Static(
                Text(comparison.title or "Overview", style="bold"), classes="overview-title"
            )
            yield table
            yield OptionList(*options, id="overview-facts")
            yield Static(Text("Enter jumps to the fact · Esc closes", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#overview-facts", OptionList).focus()

    @on(OptionList.OptionSelected, "#overview-facts")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id.rsplit(":", 1)[1])

    @on(DataTable.RowSelected, "#overview-sources")
    def source_chosen(self, event: DataTable.RowSelected) -> None:
        article_id = event.row_key.value or ""
        first = next((s.id for s in self.comparison.sentences_of(article_id)), None)
        self.dismiss(first)

    def action_close(self) -> None:
        self.dismiss(None)
