"""Packaging and architecture: installed as newsread.*, and core never imports the UI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _python(code: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, check=True
    )
    return result.stdout.strip()


def test_core_imports_no_ui_or_model_library(tmp_path: Path) -> None:
    code = (
        "import sys, newsread.core.compare, newsread.core.export, newsread.core.embed;"
        "print(sorted(m for m in ('textual','rich','newsread.tui','sentence_transformers','torch')"
        " if m in sys.modules))"
    )
    assert _python(code, tmp_path) == "[]"


def test_no_generic_top_level_core_or_tui_package(tmp_path: Path) -> None:
    code = "import importlib.util as u; print(u.find_spec('core'), u.find_spec('tui'))"
    assert _python(code, tmp_path) == "None None"


def test_core_source_never_names_the_ui() -> None:
    for path in (REPO / "core").glob("*.py"):
        text = path.read_text()
        for banned in ("import textual", "from textual", "import rich", "from rich", "tui"):
            assert banned not in text.replace("tui/cli.py", ""), f"{path.name}: {banned}"
