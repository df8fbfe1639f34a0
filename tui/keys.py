"""The reader's key table, built from the live ``BINDINGS`` (help screen and README)."""

from __future__ import annotations

from textual.binding import Binding

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "right": "→",
    "left": "←",
    "down": "↓",
    "up": "↑",
    "escape": "Esc",
    "f1": "F1",
}


def key_rows(bindings: list[Binding]) -> list[tuple[str, str, str]]:
    """``(keys, description, tooltip)`` per binding, digits folded into one row.

    Args:
        bindings: A screen's ``BINDINGS``.

    Returns:
        Rows in binding order.
    """
    rows = []
    for binding in bindings:
        if binding.id and binding.id.startswith("source-"):
            if binding.id == "source-1":
                rows.append(("1 … 9", "Source N", "Jump to source N (shows it if hidden)"))
            continue
        keys = " / ".join(KEY_NAMES.get(k, k) for k in binding.key.split(","))
        rows.append((keys, binding.description, binding.tooltip))
    return rows


def key_table_markdown(bindings: list[Binding]) -> str:
    """The README's keyboard table.

    Args:
        bindings: A screen's ``BINDINGS``.

    Returns:
        A Markdown table.
    """
    lines = ["| Key | Action | What it does |", "|---|---|---|"]
    for keys, description, tooltip in key_rows(bindings):
        shown = keys.replace("|", "\\|")
        lines.append(f"| `{shown}` | {description} | {tooltip} |")
    return "\n".join(lines)
