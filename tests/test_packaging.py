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


def test_regular_install_imports_and_ships_the_seeds(tmp_path: Path) -> None:
    """A non-editable install puts only ``newsread`` in site-packages, seeds included."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
         str(REPO)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    installed = {p.name for p in target.iterdir() if not p.name.endswith(".dist-info")}
    assert installed - {"bin"} == {"newsread"}
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import newsread.core.seeds as s, newsread.tui.app;"
        "print(s.default_story().is_dir(), len(list(s.default_story().glob('*.txt'))),"
        " s.default_story().is_relative_to(sys.argv[1]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(target)], capture_output=True, text=True, cwd=tmp_path,
        check=True,
    )  # fmt: skip
    assert result.stdout.split() == ["True", "5", "True"]
    assert (target / "newsread" / "tui" / "newsread.tcss").is_file()
