"""Command-line reliability: concurrent exports sharing a cache, Ctrl-C, odd inputs."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.cli.test_cli import SEEDS, run

pytestmark = pytest.mark.slow


def test_concurrent_exports_share_one_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"

    def export(n: int) -> str:
        result = run("export", str(SEEDS), "--format", "json", "-q", cache=cache)
        assert result.returncode == 0, result.stderr
        return result.stdout

    with ThreadPoolExecutor(max_workers=3) as pool:
        outputs = list(pool.map(export, range(3)))
    assert outputs[0] == outputs[1] == outputs[2]
    json.loads(outputs[0])
    with sqlite3.connect(cache / "embeddings.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = conn.execute("SELECT count(*) FROM vectors").fetchone()[0]
    sentences = sum(
        1 for src in json.loads(outputs[0])["sources"] for s in src["sentences"]
        if not s.get("boilerplate")
    )  # fmt: skip
    assert rows <= sentences and rows > 0


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSREAD_CACHE_DIR": str(tmp_path / "cold")}
    # --engine torch: importing sentence-transformers alone takes ~4 s, so the
    # signal lands mid-run (the default ONNX engine can finish within 2 s).
    process = subprocess.Popen(
        [sys.executable, "-m", "newsread.tui", "export", str(SEEDS), "--format", "json",
         "--engine", "torch"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    time.sleep(1.5)  # still importing / loading the model (cold cache)
    assert process.poll() is None, "the export finished before it could be interrupted"
    # Like a user pressing Ctrl-C until it stops: a third-party import may swallow one.
    for _ in range(20):
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            continue
    else:
        out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    assert out == ""


def test_two_identical_articles_say_so(tmp_path: Path) -> None:
    text = (SEEDS / "000_68d063858d2ec105.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    result = run("export", str(tmp_path), "--format", "json", cache=tmp_path / "c")
    assert result.returncode == 0
    assert "same text" in result.stderr
    document = json.loads(result.stdout)
    assert all(len(g["sources"]) == 2 for g in document["groups"])


def test_single_article_exports_with_a_note(tmp_path: Path) -> None:
    result = run("export", str(SEEDS / "000_68d063858d2ec105.txt"), cache=tmp_path / "c")
    assert result.returncode == 0 and "needs two" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf.txt", b"%PDF-1.4\n%\xe2\xe3", "PDF"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n ", "empty"),
    ],
)
def test_bad_inputs_exit_2(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(content)
    result = run("export", str(tmp_path / name), cache=tmp_path / "c")
    assert result.returncode == 2 and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_empty_folder_exit_2(tmp_path: Path) -> None:
    result = run("export", str(tmp_path), cache=tmp_path / "c")
    assert result.returncode == 2 and "no article files" in result.stderr


def test_interrupted_export_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    from newsread.tui.cli import CliError, write_report

    target = tmp_path / "report.md"
    target.write_text("old report")

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(CliError, match="No space left"):
        write_report(target, "new report " * 1000, force=True)
    assert target.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
