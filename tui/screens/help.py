"""HelpScreen: the live key bindings and what the marks mean."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..render import GLYPHS, LABELS

BLURB = (
    "newsread lines up sentences that carry the same information across sources. "
    "Select a sentence to see its counterparts, the words each source adds, and any conflict. "
    "It shows the evidence; it never picks a winner."
)


class HelpScreen(ModalScreen[None]):
    """Help built from the bindings that are live on the reader."""

    BINDINGS = [
        Binding(
            "escape,q,question_mark,f1", "dismiss", "Close", id="close-help", tooltip="Close help"
        ),
    ]

    def __init__(self, bindings: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = bindings

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=True, header_style="bold", expand=True)
        table.add_column("Key", no_wrap=True)
        table.add_column("Action")
        table.add_column("What it does", ratio=1)
        for key, description, tooltip in self.rows:
            table.add_row(key, description, tooltip)
        marks = Text()
        for mark, glyph in GLYPHS.items():
            marks.append(f"  {glyph}  {LABELS[mark]}\n")
        marks.append("  ")
        marks.append("underlined", style="underline bold")
        marks.append("  words only this source gives\n")
        with VerticalScroll(id="help-box"):
            yield Static(Text("newsread — help", style="bold"), classes="help-title")
            yield Static(BLURB, classes="help-blurb")
            yield Static(table)
            yield Static(Text("Marks", style="bold"))
            yield Static(marks)
            yield Static(Text("Esc closes this help.", style="dim"))
