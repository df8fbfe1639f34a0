"""ExportScreen and ConfirmScreen: where to write the Markdown report."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class ExportScreen(ModalScreen[Path | None]):
    """Ask for the report's path; Enter accepts the suggested one."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-export", tooltip="Do not export")]

    def __init__(self, suggested: Path) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label("Export the comparison as Markdown to:")
            yield Input(str(self.suggested), id="export-path")
            yield Label("Enter to export · Esc to cancel", classes="dim")

    @on(Input.Submitted, "#export-path")
    def accept(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; ``y`` or Enter on Yes confirms. Cancel has the focus, so
    Enter alone (a key pressed once too often) never overwrites."""

    AUTO_FOCUS = "#no"

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes", tooltip="Confirm"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no", tooltip="Cancel"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text(self.question), id="confirm-question")  # a path is no markup
            with Horizontal():
                yield Button("Overwrite (y)", variant="error", id="yes")
                yield Button("Cancel (n)", variant="primary", id="no")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
