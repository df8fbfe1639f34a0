"""The ``newsread`` command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_export import check_json_document

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "ukraine-peace-talks"


def run(*args: str, cache: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSREAD_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "newsread.tui", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-cache")


@pytest.mark.slow
def test_export_json_on_seeds(cache: Path, tmp_path: Path) -> None:
    result = run("export", str(SEEDS), "--format", "json", cache=cache)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    check_json_document(document)
    kinds = {c["kind"] for c in document["conflicts"]}
    assert {"title", "quote", "name_spelling"} <= kinds
    # The seed outlets report the Pokrovsk claim together with its denial: no claim conflict.
    assert "claim" not in kinds
    assert [s["path"] for s in document["sources"]][0] == str(SEEDS / "000_68d063858d2ec105.txt")


@pytest.mark.slow
def test_export_markdown_to_file_never_overwrites(cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    first = run("export", str(SEEDS), "--format", "md", "-o", str(out), cache=cache)
    assert first.returncode == 0, first.stderr
    assert out.read_text().startswith("# ")
    out.write_text("keep me")
    second = run("export", str(SEEDS), "-o", str(out), cache=cache)
    assert second.returncode == 2 and "already exists" in second.stderr
    assert out.read_text() == "keep me"
    forced = run("export", str(SEEDS), "-o", str(out), "--force", cache=cache)
    assert forced.returncode == 0 and out.read_text().startswith("# ")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "missing.txt"], "no such file"),
        (["export", "--format", "xml", "a.txt"], "invalid choice"),
    ],
)
def test_errors_are_one_line_with_exit_code_2(cache: Path, args: list[str], message: str) -> None:
    result = run(*args, cache=cache)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_help_and_version(cache: Path) -> None:
    top = run("--help", cache=cache)
    assert top.returncode == 0 and "newsread export" in top.stdout
    export = run("export", "--help", cache=cache)
    assert export.returncode == 0 and "--format" in export.stdout and "--force" in export.stdout
    version = run("--version", cache=cache)
    assert version.returncode == 0 and version.stdout.startswith("newsread ")


def test_a_grouping_note_reaches_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """What group_stories notes (a large pile grouped exactly, faiss missing) is said
    on stderr as a note by every command that groups."""
    import io

    from newsread.tui import cli

    def grouped(articles: object, embedder: object, *, notes: list[str]) -> tuple[()]:
        notes.append("12,000 articles grouped exactly: install newsread[cluster]")
        return ()

    monkeypatch.setattr(cli, "group_stories", grouped)
    err = io.StringIO()
    assert cli._group((), object(), err) == ()  # type: ignore[arg-type]
    assert err.getvalue() == (
        "newsread: note: 12,000 articles grouped exactly: install newsread[cluster]\n"
    )
    assert cli._group((), object(), None) == ()  # type: ignore[arg-type]  # silent


def test_openblas_idle_threads_sleep_unless_the_user_chose(tmp_path: Path) -> None:
    """``newsread`` sets OPENBLAS_THREAD_TIMEOUT=4 before numpy loads (idle BLAS
    threads otherwise spin on the core the UI thread needs), a user's value kept."""
    probe = (
        "import os, sys; import newsread.tui.cli as cli; "
        "cli.main = lambda: print(os.environ.get('OPENBLAS_THREAD_TIMEOUT'), "
        "'numpy' in sys.modules) or 0; "
        "from newsread.tui.__main__ import main; main()"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_THREAD_TIMEOUT"}
    run = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["4", "False"]
    env["OPENBLAS_THREAD_TIMEOUT"] = "12"
    run = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["12", "False"]
