"""Core objects -> rich Text: the only place that decides how marks and diffs look.

Marks never rely on colour alone: every sentence has a gutter glyph, unique
words are underlined, conflicting spans are bold and reversed, so the reader
works with ``NO_COLOR`` set.
"""

from __future__ import annotations

from rich.text import Text

from ..core.diff import redline
from ..core.model import Comparison, Conflict, Sentence
from ..core.report import label
from ..core.summary import Dispute, Mark

GLYPHS: dict[Mark, str] = {
    "all": "●",
    "some": "◐",
    "unique": "○",
    "conflict": "▲",
    "boilerplate": "·",
}
"""Gutter glyph per mark."""

LABELS: dict[Mark, str] = {
    "all": "shared by all sources",
    "some": "shared by some sources",
    "unique": "only this source",
    "conflict": "in conflict with another source",
    "boilerplate": "not article prose (caption, link, credit)",
}
"""What each mark means, for the legend and help."""

STYLES: dict[Mark, str] = {
    "all": "green",
    "some": "cyan",
    "unique": "yellow",
    "conflict": "bold red",
    "boilerplate": "dim",
}


def sentence_text(
    sentence: Sentence,
    mark: Mark | None,
    unique: tuple[tuple[int, int], ...] = (),
    conflict_spans: tuple[tuple[int, int], ...] = (),
    query: str = "",
) -> Text:
    """Render one sentence with its gutter glyph and inline marks.

    Args:
        sentence: The sentence.
        mark: Its mark, or ``None`` while the alignment is not ready.
        unique: Sentence-relative spans of words only this source gives.
        conflict_spans: Sentence-relative spans that conflict with another source.
        query: Search text to highlight (case-insensitive).

    Returns:
        A rich Text.
    """
    glyph = GLYPHS[mark] if mark else " "
    text = Text()
    text.append(f"{glyph} ", style=STYLES[mark] if mark else "")
    body = Text(sentence.text, style="dim italic" if mark == "boilerplate" else "")
    for start, end in unique:
        body.stylize("underline bold", start, end)
    for start, end in conflict_spans:
        body.stylize("bold reverse", start, end)
    if query:
        lowered = sentence.text.lower()
        position = lowered.find(query.lower())
        while position != -1 and query:
            body.stylize("reverse", position, position + len(query))
            position = lowered.find(query.lower(), position + len(query))
    text.append_text(body)
    return text


def counts_line(shared: int, unique: int, conflicts: int, width: int = 0) -> str:
    """A column's counts, worded as fully as ``width`` cells allow (0: no limit).

    A line that wrapped would push that column's text one row below its
    neighbours', so narrower columns get the same counts in fewer words.
    """
    forms = (
        f"● {shared} shared  ○ {unique} unique  ▲ {conflicts}",
        f"● {shared} shared ○ {unique} unique ▲ {conflicts}",
        f"● {shared}  ○ {unique}  ▲ {conflicts}",
    )
    return next((form for form in forms if width <= 0 or len(form) <= width), forms[-1])


def dispute_values(dispute: Dispute) -> str:
    """Every value of a dispute with its sources: “130” [S1] · “400” [S2] (plain text)."""
    return " · ".join(f"“{v.text}” [{', '.join(map(label, v.sources))}]" for v in dispute.values)


def legend() -> Text:
    """One line explaining every mark."""
    text = Text()
    for mark in ("all", "some", "unique", "conflict"):
        text.append(f"{GLYPHS[mark]} ", style=STYLES[mark])
        text.append(LABELS[mark] + "   ")
    text.append("underlined", style="underline bold")
    text.append(" words: details only this source gives")
    return text


_OPENING = frozenset("“‘\"'([{«")
"""Characters a word follows without a space."""


def redline_text(version: str, reference: str) -> Text:
    """``version`` as a redline against ``reference`` (difflib word diff).

    Words it adds are underlined; words of ``reference`` it leaves out are
    shown struck through in ``[-…-]`` where they stood (the brackets keep the
    mark readable without colour or strike-through support).
    """
    diff = redline(version, reference)
    text = Text()
    inserted: list[tuple[int, int]] = []  # (version offset, characters inserted there)
    position = 0
    for offset, dropped in diff.dropped:
        text.append(version[position:offset])
        before = len(text)
        if offset > 0 and not version[offset - 1].isspace() and version[offset - 1] not in _OPENING:
            text.append(" ")  # but not after an opening quote: “[-left out-] words”
        text.append(f"[-{dropped}-]", style="strike dim")
        if offset < len(version) and version[offset].isalnum():
            text.append(" ")
        inserted.append((offset, len(text) - before))
        position = offset
    text.append(version[position:])
    for start, end in diff.added:
        shift = sum(length for offset, length in inserted if offset <= start)
        text.stylize("underline bold", start + shift, end + shift)
    return text


def conflict_text(comparison: Comparison, conflict: Conflict) -> Text:
    """One line: kind, both sources and the explanation."""
    a = comparison.sentence(conflict.a)
    b = comparison.sentence(conflict.b)
    text = Text()
    if conflict.is_variant:  # a variant is never drawn with ▲, the conflict mark
        text.append(f"≈ variant: {conflict.kind} ", style="bold yellow")
    else:
        text.append(f"▲ conflict: {conflict.kind} ", style="bold red")
    text.append(f"[{a.article_id.upper()} vs {b.article_id.upper()}] ", style="bold")
    text.append(conflict.detail)
    return text
