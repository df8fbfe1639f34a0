"""DetailPanel: the selected sentence's group, word diffs and conflicts."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from ...core.model import Comparison, Link
from ..render import conflict_text, legend, redline_text

MATCHED_SHOWN = 8
"""At most this many matched words per counterpart; more are cut to "…"."""


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

    def get_loading_widget(self) -> Widget:
        """While the model loads: a plain note. Textual's indicator draws ●, the
        reader's mark for "shared by all sources"."""
        return Static(Text("⋯ loading the model and aligning", style="dim"), id="detail-loading")

    def show_legend(self) -> None:
        """Show what the marks mean (before anything is selected)."""
        self._body.update(legend())

    def show_sentence(
        self,
        comparison: Comparison | None,
        sentence_id: str,
        names: dict[str, str],
        counterparts: dict[str, list[str]],
        links_of: dict[str, list[Link]],
        matched: Callable[[str], tuple[str, ...]] | None = None,
    ) -> None:
        """Describe the sentence's counterparts, with the evidence behind each, and
        its conflicts.

        Each counterpart shows its strength (the two sentences' cosine, or "same
        group"); weak links follow as "possibly", so a reader can judge them. A
        sentence no other source reports says how close the nearest came.

        Args:
            comparison: The finished comparison, or ``None`` while aligning.
            sentence_id: The selected sentence.
            names: Source display names by article id.
            counterparts: Other sources' sentences that say the same, by sentence
                (``summary.counterparts``, prepared in the alignment worker).
            links_of: Fact links by sentence, strongest first.
            matched: The selected sentence's words a counterpart (by id) matches,
                exactly or in meaning (``PreparedView.matched_words``).
        """
        if comparison is None:
            self._body.update(
                Text("Aligning… the other sources' counterparts appear here.", style="dim")
            )
            return
        links = links_of.get(sentence_id, [])
        # each link's other sentence, strongest first, with its cosine
        score = {(x.b if x.a == sentence_id else x.a): x.score for x in links}
        strength = {(x.b if x.a == sentence_id else x.a): x.strength for x in links}
        sentence = comparison.sentence(sentence_id)
        text = Text()
        own = sentence.article_id
        text.append(f"{own.upper()} {names[own]}: ", style="bold")
        text.append(sentence.text + "\n")
        # Its own conflicts first (kind, both values, both sources): what a reader
        # who pressed c came for, before any redline.
        direct = [c for c in comparison.conflicts if sentence_id in (c.a, c.b)]
        for conflict in direct:
            text.append_text(conflict_text(comparison, conflict))
            text.append("\n")
        others = counterparts.get(sentence_id, [])
        possible = [m for m in score if strength[m] == "possible" and m not in others]
        if sentence.boilerplate:
            text.append(
                "Not article prose (caption, link or credit): left out of the comparison.\n",
                style="dim",
            )
        elif not others:
            text.append("○ Only this source reports this.", style="yellow")
            if possible:
                text.append(
                    " The nearest other sentences are below, marked possibly.\n", style="dim"
                )
            else:
                text.append(
                    " No sentence of another source comes close enough to show as possible.\n",
                    style="dim",
                )
        else:
            text.append("Other sources, word by word against it: ", style="dim")
            text.append("added", style="underline bold")
            text.append(", ", style="dim")
            text.append("[-left out-]", style="strike dim")
            text.append("; in brackets, how close (cosine)\n", style="dim")
        for member in others:
            other = comparison.sentence(member)
            strength = f"{score[member]:.2f}" if member in score else "same group"
            text.append(f"{other.article_id.upper()} {names[other.article_id]} ", style="bold")
            text.append(f"({strength}): ", style="dim")
            text.append_text(redline_text(other.text, sentence.text))
            text.append("\n")
            self._matched(text, matched, member)
        for member in possible:
            other = comparison.sentence(member)
            text.append(
                f"possibly {other.article_id.upper()} {names[other.article_id]} ", style="bold dim"
            )
            text.append(f"({score[member]:.2f}): ", style="dim")
            text.append(other.text + "\n", style="dim")
            self._matched(text, matched, member)
        involved = set(others)
        for conflict in comparison.conflicts:
            if conflict in direct:
                continue
            if conflict.a in involved or conflict.b in involved:
                text.append_text(conflict_text(comparison, conflict))
                text.append("\n")
        self._body.update(text)

    @staticmethod
    def _matched(text: Text, matched: Callable[[str], tuple[str, ...]] | None, member: str) -> None:
        """One short line under a counterpart: the selected sentence's words it matches."""
        found = matched(member) if matched is not None else ()
        if not found:
            return
        shown = ", ".join(found[:MATCHED_SHOWN]) + (", …" if len(found) > MATCHED_SHOWN else "")
        text.append(f"  matched: {shown}\n", style="dim italic")
