"""The README's key table is the reader's live bindings."""

from __future__ import annotations

from pathlib import Path

from newsread.tui.keys import key_table_markdown
from newsread.tui.screens.reader import ReaderScreen

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_key_table_matches_bindings() -> None:
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- keys:start -->\n")[1].split("\n<!-- keys:end -->")[0]
    assert table == key_table_markdown(ReaderScreen.BINDINGS)


def test_every_binding_has_id_description_and_tooltip() -> None:
    ids = []
    for binding in ReaderScreen.BINDINGS:
        assert binding.id and binding.description and binding.tooltip, binding
        ids.append(binding.id)
    assert len(ids) == len(set(ids))
    assert sum(1 for b in ReaderScreen.BINDINGS if b.show) <= 8


def test_quick_start_has_exactly_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    block = text.split("## Quick start")[1].split("```sh\n")[1].split("```")[0]
    lines = [line for line in block.splitlines() if line.strip()]
    assert len(lines) == 2
    assert lines[0].endswith("newsread")
    ci = (README.parent / ".ci" / "run").read_text()
    assert lines[1] in ci.splitlines()
