"""``newsread batch``: every story's reports and an index, in this process and on Dask.

The corpus is the two bundled seed stories plus one small story written here
(three short articles), copied to a temporary folder so a test can change one.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from newsread.core.batch import ENTRY_FILE, REPORT_FILES, STORIES_FOLDER
from newsread.tui import batch as scheduling
from newsread.tui.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

BRIDGE = {
    "ledger.txt": "Harbor Bridge reopens after two-year repair\n\n"
    "The Harbor Bridge reopened to traffic on Monday after a two-year repair that cost "
    "$48 million, city officials said. Mayor Dana Ortiz cut the ribbon at 9 a.m. "
    "About 30,000 vehicles are expected to cross the bridge each day. "
    "The repair replaced the bridge deck and strengthened its steel cables.",
    "courier.txt": "City reopens Harbor Bridge after lengthy repairs\n\n"
    "Traffic returned to the Harbor Bridge on Monday when the city reopened it after "
    "two years of repairs costing $52 million. Mayor Dana Ortiz opened the bridge at "
    "9 a.m. Officials expect about 30,000 vehicles a day. Workers replaced the deck "
    "and reinforced the cables.",
    "wire.txt": "Harbor Bridge back in service\n\n"
    "The Harbor Bridge is open again. City officials said on Monday that the two-year "
    "repair of the bridge was finished. Mayor Dana Ortiz said the bridge would carry "
    "about 30,000 vehicles each day. The new deck should last fifty years, engineers said.",
}


def make_corpus(root: Path) -> list[str]:
    """Three folders: the two seed stories and the bridge story."""
    folders = []
    for name in ("ukraine-peace-talks", "springfield-budget"):
        shutil.copytree(SEEDS / name, root / name)
        folders.append(str(root / name))
    bridge = root / "harbor-bridge"
    bridge.mkdir()
    for name, text in BRIDGE.items():
        (bridge / name).write_text(text, encoding="utf-8")
    folders.append(str(bridge))
    return folders


def batch(*args: str, cache: Path) -> tuple[int, str]:
    """Run ``newsread batch`` in this process; return (exit code, stderr)."""
    err = io.StringIO()
    code = main(["batch", *args, "--cache-dir", str(cache)], io.StringIO(), err)
    return code, err.getvalue()


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("batch-cache")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def in_process(corpus: list[str], cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus batched in this process (the reference output)."""
    out = tmp_path_factory.mktemp("batch") / "out"
    code, err = batch(*corpus, "--out", str(out), cache=cache)
    assert code == 0, err
    assert "3 stories, 11 articles: 3 compared, 0 unchanged" in err
    return out


@pytest.mark.slow
def test_batch_writes_every_story_and_the_index(in_process: Path, corpus: list[str]) -> None:
    index = json.loads((in_process / "index.json").read_text(encoding="utf-8"))
    assert index["version"] == 1 and index["articles"] == 11
    stories = index["stories"]
    assert [s["articles"] for s in stories] == [5, 3, 3]
    assert {s["sources"][0]["path"].split(os.sep)[-2] for s in stories} == {
        "ukraine-peace-talks", "springfield-budget", "harbor-bridge"
    }  # fmt: skip
    for story in stories:
        folder = in_process / STORIES_FOLDER / story["key"]
        for fmt, name in REPORT_FILES.items():
            assert story["reports"][fmt] == f"{STORIES_FOLDER}/{story['key']}/{name}"
            assert (folder / name).stat().st_size > 0
        assert json.loads((folder / ENTRY_FILE).read_text())["digest"] == story["digest"]
        assert story["shared"] > 0 and story["unique"] >= 0 and story["conflicts"] >= 0
    markdown = (in_process / "index.md").read_text(encoding="utf-8")
    html = (in_process / "index.html").read_text(encoding="utf-8")
    for story in stories:
        assert story["reports"]["markdown"] in markdown
        assert story["reports"]["html"] in html
    assert not [p for p in in_process.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_batch_reports_are_the_export_of_the_same_story(
    in_process: Path, corpus: list[str], cache: Path
) -> None:
    """Story N of the batch is byte for byte ``newsread export INPUT... --story N``."""
    stories = json.loads((in_process / "index.json").read_text())["stories"]
    for number in (1, 3):
        folder = in_process / STORIES_FOLDER / stories[number - 1]["key"]
        for fmt, name in (("json", REPORT_FILES["json"]), ("md", REPORT_FILES["markdown"]),
                          ("html", REPORT_FILES["html"])):  # fmt: skip
            out = io.StringIO()
            argv = ["export", *corpus, "--story", str(number), "--format", fmt, "-q"]
            assert main([*argv, "--cache-dir", str(cache)], out, io.StringIO()) == 0
            assert out.getvalue() == (folder / name).read_text(encoding="utf-8"), (number, fmt)


@pytest.mark.slow
def test_rerun_skips_unchanged_stories_and_redoes_a_changed_one(
    corpus: list[str], cache: Path, tmp_path: Path, in_process: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(in_process, out)
    code, err = batch(*corpus, "--out", str(out), cache=cache)
    assert code == 0, err
    assert "3 compared" not in err and "0 compared, 3 unchanged" in err
    assert "batch: 1/" not in err  # no story was compared: no progress line
    assert tree(out) == tree(in_process)

    bridge = Path(corpus[2]) / "wire.txt"
    original = bridge.read_text(encoding="utf-8")
    bridge.write_text(original.replace("fifty years", "forty years"), encoding="utf-8")
    try:
        code, err = batch(*corpus, "--out", str(out), cache=cache)
    finally:
        bridge.write_text(original, encoding="utf-8")
    assert code == 0, err
    assert "1 compared, 2 unchanged" in err
    changed = {k for k, v in tree(out).items() if tree(in_process).get(k) != v}
    key = next(s["key"] for s in json.loads((out / "index.json").read_text())["stories"]
               if "harbor" in s["key"])  # fmt: skip
    assert "index.json" in changed
    assert {k.split(os.sep)[1] for k in changed if k.startswith(STORIES_FOLDER)} == {key}
    assert "forty years" in (out / STORIES_FOLDER / key / "comparison.json").read_text()


@pytest.mark.slow
def test_a_story_killed_before_its_entry_is_redone(
    corpus: list[str], cache: Path, tmp_path: Path, in_process: Path
) -> None:
    """A run stopped between a story's reports and its ``entry.json`` redoes that story
    and only that one."""
    out = tmp_path / "out"
    shutil.copytree(in_process, out)
    first = json.loads((out / "index.json").read_text())["stories"][0]["key"]
    (out / STORIES_FOLDER / first / ENTRY_FILE).unlink()
    (out / "index.json").unlink()
    code, err = batch(*corpus, "--out", str(out), cache=cache)
    assert code == 0, err
    assert "1 compared, 2 unchanged" in err
    assert tree(out) == tree(in_process)


@pytest.mark.slow
def test_a_rerun_removes_the_folder_of_a_story_gone_from_the_inputs(
    corpus: list[str], cache: Path, tmp_path: Path, in_process: Path
) -> None:
    """The bridge story left out: its folder (listed in the old index) goes, the index no
    longer lists it, and nothing newsread did not list is touched."""
    out = tmp_path / "out"
    shutil.copytree(in_process, out)
    old = json.loads((out / "index.json").read_text())["stories"]
    bridge = next(s["key"] for s in old if "harbor" in s["key"])
    (out / "notes.txt").write_text("mine")
    (out / STORIES_FOLDER / "my-own-folder").mkdir()
    (out / STORIES_FOLDER / "my-own-folder" / "keep.txt").write_text("mine")
    code, err = batch(*corpus[:2], "--out", str(out), cache=cache)
    assert code == 0, err
    assert "2 stories, 8 articles: 0 compared, 2 unchanged, 1 gone from the inputs (removed)" in err
    index = json.loads((out / "index.json").read_text())
    assert [s["key"] for s in index["stories"]] == [s["key"] for s in old if s["key"] != bridge]
    assert not (out / STORIES_FOLDER / bridge).exists()
    assert bridge not in (out / "index.md").read_text() + (out / "index.html").read_text()
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / STORIES_FOLDER / "my-own-folder" / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in (out / STORIES_FOLDER).iterdir()) == sorted(
        [*(s["key"] for s in index["stories"]), "my-own-folder"]
    )
    unchanged = {k: v for k, v in tree(in_process).items() if bridge not in k and "index" not in k}
    assert {k: v for k, v in tree(out).items() if k in unchanged} == unchanged


def test_only_listed_plain_folders_are_removed(tmp_path: Path) -> None:
    """What the old index names is removed only as a folder under ``stories/`` with a plain
    key: a link there is left (and said), a key like ``..`` never names anything."""
    from newsread.core.batch import StoryEntry, index_json
    from newsread.tui.cli import remove_stories, vanished_stories

    out = tmp_path / "out"
    stories = out / STORIES_FOLDER
    stories.mkdir(parents=True)
    (stories / "gone-1").mkdir()
    (stories / "gone-1" / "report.md").write_text("x")
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("keep")
    (stories / "linked-2").symlink_to(target)
    entries = [
        StoryEntry(key, "T", (("A", "a.txt"),), 0, 0, 0, 0, "0")
        for key in ("gone-1", "linked-2", "..", "kept-3")
    ]
    (out / "index.json").write_text(index_json(entries, "t", "m"))
    gone = vanished_stories(out, {"kept-3"})
    assert gone == ["gone-1", "linked-2"]
    err = io.StringIO()
    assert remove_stories(out, gone, err) == 1
    assert not (stories / "gone-1").exists() and (target / "keep.txt").read_text() == "keep"
    assert (stories / "linked-2").is_symlink() and "left" in err.getvalue()
    assert not [p for p in stories.iterdir() if p.name.startswith(".")]
    (out / "index.json").write_text("{broken")
    assert vanished_stories(out, set()) == []


@pytest.mark.slow
def test_every_batch_report_reads_back_to_the_same_json(in_process: Path) -> None:
    """``archive.from_json`` on every report of a batch: ``to_json`` of it is the report."""
    from newsread.core.archive import load_story, read_batch
    from newsread.core.export import to_json

    folder = read_batch(in_process)
    assert len(folder.entries) == 3
    for entry in folder.entries:
        report = (in_process / STORIES_FOLDER / entry.key / REPORT_FILES["json"]).read_text()
        comparison = load_story(folder, entry)
        assert to_json(comparison) == report
        assert not comparison.notes  # the article files are there: nothing rebuilt


@pytest.mark.parametrize("damage", ["corrupt", "version", "missing-report"])
def test_the_reader_refuses_a_damaged_batch_folder_in_one_line(tmp_path: Path, damage: str) -> None:
    from newsread.core.batch import StoryEntry, index_json

    out = tmp_path / "out"
    (out / STORIES_FOLDER / "a-story-1").mkdir(parents=True)
    entry = StoryEntry("a-story-1", "A story", (("A", "a.txt"),), 0, 0, 0, 0, "0")
    text = {
        "corrupt": '{"version": 1, "stories": [',
        "version": '{"version": 9, "stories": []}',
        "missing-report": index_json([entry], "t", "m"),
    }[damage]
    (out / "index.json").write_text(text)
    err = io.StringIO()
    assert main([str(out), "--no-cache"], io.StringIO(), err) == 2
    assert err.getvalue().startswith("newsread: error: ") and err.getvalue().count("\n") == 1
    assert "index.json" in err.getvalue() or "comparison.json" in err.getvalue()


def test_bad_inputs_one_line_each_and_exit_2_when_nothing_is_left(
    tmp_path: Path, cache: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    data = tmp_path / "table.csv"
    data.write_text("a,b\n1,2\n")
    code, err = batch(str(empty), str(data), str(tmp_path / "missing"), "--out",
                      str(tmp_path / "out"), cache=cache)  # fmt: skip
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 4, err
    assert sum(line.startswith("newsread: skipped: ") for line in lines) == 3
    assert lines[-1] == "newsread: error: none of the inputs could be read; nothing written"
    assert not (tmp_path / "out" / "index.json").exists()


@pytest.mark.slow
def test_one_bad_article_in_a_folder_is_skipped_alone(tmp_path: Path, cache: Path) -> None:
    folder = tmp_path / "bridge"
    folder.mkdir()
    for name, text in BRIDGE.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 binary")
    code, err = batch(str(folder), "--out", str(tmp_path / "out"), "-q", cache=cache)
    assert code == 0, err
    assert err.count("\n") == 1 and err.startswith(f"newsread: skipped: {folder / 'broken.txt'}")
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert index["articles"] == 3


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("file", "is a file; --out needs a folder"),
        ("foreign", "holds other files and is not a newsread batch folder"),
        ("input", "is one of the input folders"),
    ],
)
def test_refuses_an_output_folder_it_should_not_write(
    tmp_path: Path, cache: Path, setup: str, message: str
) -> None:
    folder = tmp_path / "bridge"
    folder.mkdir()
    (folder / "a.txt").write_text(BRIDGE["ledger.txt"])
    out = {"file": tmp_path / "f", "foreign": tmp_path / "mine", "input": folder}[setup]
    if setup == "file":
        out.write_text("keep")
    elif setup == "foreign":
        out.mkdir()
        (out / "notes.txt").write_text("keep")
    code, err = batch(str(folder), "--out", str(out), cache=cache)
    assert code == 2 and message in err and err.count("\n") == 1


def test_cluster_mode_without_dask_is_one_line(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduling.importlib.util, "find_spec", lambda name: None)
    code, err = batch(str(SEEDS / "springfield-budget"), "--out", str(tmp_path / "o"),
                      "--workers", "2", cache=cache)  # fmt: skip
    assert code == 2
    assert err.startswith("newsread: error: --scheduler and --workers need Dask")
    assert err.count("\n") == 1 and not (tmp_path / "o").exists()


def test_the_command_line_does_not_import_dask() -> None:
    import subprocess

    code = (
        "import sys, newsread.tui.cli; "
        "sys.exit(any(m.split('.')[0] in ('dask', 'distributed') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


@pytest.mark.slow
def test_local_cluster_gives_the_same_bytes(
    corpus: list[str], tmp_path: Path, in_process: Path
) -> None:
    """``--workers 2``: a LocalCluster of two processes, one thread each, own cache."""
    out = tmp_path / "out"
    code, err = batch(*corpus, "--out", str(out), "--workers", "2", cache=tmp_path / "cache")
    assert code == 0, err
    assert "3 compared on Dask (2 local workers), 0 unchanged" in err
    assert tree(out) == tree(in_process)


@pytest.mark.slow
def test_a_killed_worker_is_retried_and_the_output_is_complete(
    corpus: list[str], tmp_path: Path, in_process: Path
) -> None:
    """A worker process killed (SIGKILL) while it compares a story: Dask runs the story
    again on a worker and the output is complete and identical."""
    distributed = pytest.importorskip("distributed")
    cluster = scheduling.local_cluster(2)
    watcher = distributed.Client(cluster)
    killed: list[int] = []

    def kill_a_busy_worker() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            busy = [w for w, keys in watcher.processing().items() if keys]
            if busy:
                time.sleep(1.0)  # inside the task: loading the model or comparing
                pid = watcher.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            time.sleep(0.05)

    thread = threading.Thread(target=kill_a_busy_worker, daemon=True)
    try:
        thread.start()
        out = tmp_path / "out"
        code, err = batch(*corpus, "--out", str(out), "--scheduler", cluster.scheduler_address,
                          cache=tmp_path / "cache")  # fmt: skip
        thread.join(timeout=5)
    finally:
        watcher.close()
        cluster.close()
    assert killed, "no worker was killed"
    assert code == 0, err
    assert "3 compared on Dask" in err
    assert tree(out) == tree(in_process)


def test_local_workers_keep_blas_threads_and_let_idle_ones_sleep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Local workers get this process's BLAS thread counts (the same bytes as in
    process) and OPENBLAS_THREAD_TIMEOUT=4 (idle threads sleep instead of spinning
    on the other worker's core), a value the user set kept."""
    from newsread.tui.batch import BLAS_SPIN, BLAS_THREADS, worker_environ

    monkeypatch.delenv(BLAS_SPIN, raising=False)
    for name in BLAS_THREADS:
        monkeypatch.setenv(name, "3")
    environ = worker_environ()
    assert {name: environ[name] for name in BLAS_THREADS} == dict.fromkeys(BLAS_THREADS, "3")
    assert environ[BLAS_SPIN] == "4"
    monkeypatch.setenv(BLAS_SPIN, "10")
    assert worker_environ()[BLAS_SPIN] == "10"
