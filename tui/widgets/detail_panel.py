"""DetailPanel: the selected sentence's group, word diffs and conflicts."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...core.model import Comparison
from ...core.summary import groups_of
from ..render import conflict_text, legend, redline_text


class DetailPanel(VerticalScroll):
    """Shows the selected sentence and each source's counterpart, with word-diff marks.

    Each counterpart is a redline against the selected sentence (difflib word
    diff): the words it adds are underlined, the words it leaves out are struck
    through in ``[-…-]``.
    """

    def __init__(self) -> None:
        super().__init__(id="detail")
        self.can_focus = False
        self._body = Static(legend(), id="detail-body")

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._body

    def show_legend(self) -> None:
        """Show what the marks mean (before anything is selected)."""
        self._body.update(legend())

    def show_sentence(
        self, comparison: Comparison | None, sentence_id: str, names: dict[str, str]
    ) -> None:
        """Describe the sentence's group(s) and conflicts.

        Args:
            comparison: The finished comparison, or ``None`` while aligning.
            sentence_id: The selected sentence.
            names: Source display names by article id.
        """
        if comparison is None:
            self._body.update(
                Text("Aligning… the other sources' counterparts appear here.", style="dim")
            )
            return
        sentence = comparison.sentence(sentence_id)
        text = Text()
        own = sentence.article_id
        text.append(f"{own.upper()} {names[own]}: ", style="bold")
        text.append(sentence.text + "\n")
        groups = groups_of(comparison).get(sentence_id, [])
        others = [m for g in groups for m in g.members if comparison.sentence(m).article_id != own]
        if sentence.boilerplate:
            text.append(
                "Not article prose (caption, link or credit): left out of the comparison.\n",
                style="dim",
            )
        elif not others:
            text.append("○ Only this source reports this.\n", style="yellow")
        else:
            text.append("Other sources, word by word against it: ", style="dim")
            text.append("added", style="underline bold")
            text.append(", ", style="dim")
            text.append("[-left out-]", style="strike dim")
            text.append("\n")
        for member in dict.fromkeys(others):
            other = comparison.sentence(member)
            text.append(f"{other.article_id.upper()} {names[other.article_id]}: ", style="bold")
            text.append_text(redline_text(other.text, sentence.text))
            text.append("\n")
        involved = {sentence_id, *others}
        for conflict in comparison.conflicts:
            if conflict.a in involved or conflict.b in involved:
                text.append_text(conflict_text(comparison, conflict))
                text.append("\n")
        self._body.update(text)
