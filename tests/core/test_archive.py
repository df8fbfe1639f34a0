"""``archive``: a comparison read back from its JSON report, and a batch folder's index."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from newsread.core.archive import (
    ArchiveError,
    from_json,
    is_batch_folder,
    load_story,
    read_article_file,
    read_batch,
)
from newsread.core.batch import REPORT_FILES, STORIES_FOLDER, StoryEntry, index_json
from newsread.core.compare import compare
from newsread.core.embed import CachedEmbedder
from newsread.core.export import to_json
from newsread.core.ingest import article_from_html, load_articles, story_title
from newsread.core.model import Comparison

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _same(a: Comparison, b: Comparison) -> None:
    """Every field the reader uses, equal."""
    assert a.articles == b.articles
    assert a.sentences == b.sentences
    assert a.groups == b.groups
    assert a.links == b.links
    assert a.conflicts == b.conflicts
    assert a.unique_words == b.unique_words
    assert (a.title, a.model, a.notes) == (b.title, b.model, b.notes)


@pytest.fixture(scope="module")
def budget(embedder: CachedEmbedder) -> Comparison:
    paths = [str(SEEDS / "springfield-budget")]
    return compare(load_articles(paths), embedder, title=story_title(paths))


@pytest.mark.slow
def test_round_trip_of_the_seed_stories(seed_comparison: Comparison, budget: Comparison) -> None:
    """``to_json(from_json(to_json(c))) == to_json(c)``, and the comparison itself comes back
    (the article files are still there: their text is read and matches)."""
    for comparison in (seed_comparison, budget):
        text = to_json(comparison)
        back = from_json(text)
        assert to_json(back) == text
        _same(back, comparison)
        for s in back.sentences:
            assert back.article(s.article_id).text[s.start : s.end] == s.text


@pytest.mark.slow
def test_a_vanished_file_is_rebuilt_from_the_sentences_and_said(budget: Comparison) -> None:
    text = to_json(budget)
    back = from_json(text, read=lambda path: None)
    assert to_json(back) == text  # offsets exact, nothing else changed
    for s in back.sentences:
        assert back.article(s.article_id).text[s.start : s.end] == s.text
    assert back.groups == budget.groups and back.conflicts == budget.conflicts
    (note,) = back.notes
    assert "3 article file(s) gone or changed" in note and "rebuilt" in note


@pytest.mark.slow
def test_a_changed_file_is_not_trusted(budget: Comparison, tmp_path: Path) -> None:
    """A file whose sentences moved since the report is not used: the text is rebuilt."""
    text = to_json(budget)
    first = budget.articles[0]
    changed = tmp_path / "changed.txt"
    changed.write_text("A new first line.\n" + first.text, encoding="utf-8")
    document = json.loads(text)
    document["sources"][0]["path"] = str(changed)
    back = from_json(json.dumps(document))
    assert back.articles[0].text != changed.read_text(encoding="utf-8")
    assert back.articles[0].text.strip() and "gone or changed" in back.notes[-1]
    assert read_article_file(str(changed)) is not None


@pytest.mark.slow
def test_html_and_stand_in_texts_come_from_the_json(embedder: CachedEmbedder) -> None:
    """Where ``to_json`` includes the text (HTML, control characters), it is used as is."""
    page = (
        "<html><head><title>Bridge reopens</title></head><body><article>"
        "<p>The Harbor Bridge reopened on Monday after a two-year repair, officials said.</p>"
        "<p>About 30,000 vehicles are expected to cross it each day.</p></article></body></html>"
    )
    html = article_from_html(page, "https://a.example/bridge", "s1")
    (plain,) = load_articles([str(SEEDS / "springfield-budget" / "herald.txt")])
    odd = replace(plain, id="s2", text=plain.text.replace("Springfield", "Spring\u241bfield", 1))
    comparison = compare([html, odd], embedder)
    text = to_json(comparison)
    back = from_json(text, read=None)  # no file may be read: both texts are in the JSON
    assert to_json(back) == text and back.articles == comparison.articles
    assert not back.notes or "rebuilt" not in " ".join(back.notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        ('{"version": 2, "sources": []}', "JSON version 1"),
        ("[]", "JSON version 1"),
        ('{"version": 1, "sources": [{"id": "s1"}]}', "missing"),
        (
            '{"version": 1, "sources": [{"id": "s1", "path": "x", "name": "X", "text": "ab",'
            ' "sentences": [{"id": "s1.0", "start": 0, "end": 2, "text": "zz"}]}]}',
            "not in its text",
        ),
        (
            '{"version": 1, "sources": [], "groups": [{"id": "g1", "members": ["s9.0"],'
            ' "sources": ["s9"], "cohesion": 1.0}]}',
            "unknown sentence id",
        ),
        (
            '{"version": 1, "sources": [{"id": "s1", "path": "x", "name": "X", "text": "ab",'
            ' "sentences": [{"id": "s1.0", "start": 0, "end": 5, "text": "ab"}]}]}',
            "offsets do not hold",
        ),
    ],
)
def test_a_broken_report_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(ArchiveError, match=message):
        from_json(text, read=None)


def _entry(key: str) -> StoryEntry:
    return StoryEntry(key, "A story", (("Ledger", "a.txt"),), 1, 0, 0, 0, "0" * 64)


def test_batch_folder_errors(tmp_path: Path) -> None:
    """A corrupt, foreign-version or incomplete batch folder is refused with its reason."""
    out = tmp_path / "out"
    (out / STORIES_FOLDER).mkdir(parents=True)
    assert not is_batch_folder(out)
    (out / "index.json").write_text("{oops", encoding="utf-8")
    assert is_batch_folder(out)
    with pytest.raises(ArchiveError, match="index.json: damaged, not JSON"):
        read_batch(out)
    (out / "index.json").write_text('{"version": 7, "stories": []}', encoding="utf-8")
    with pytest.raises(ArchiveError, match="not a newsread batch index"):
        read_batch(out)
    (out / "index.json").write_text(index_json([_entry("a-story-1")], "t", "m"), encoding="utf-8")
    with pytest.raises(ArchiveError, match="report of story 'A story' is missing"):
        read_batch(out)
    (out / "index.json").write_text(index_json([_entry("..")], "t", "m"), encoding="utf-8")
    with pytest.raises(ArchiveError, match="not a folder name"):
        read_batch(out)


@pytest.mark.slow
def test_a_batch_folder_reads_back(budget: Comparison, tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = out / STORIES_FOLDER / "springfield-1"
    folder.mkdir(parents=True)
    (folder / REPORT_FILES["json"]).write_text(to_json(budget), encoding="utf-8")
    (out / "index.json").write_text(index_json([_entry("springfield-1")], "t", "m"), "utf-8")
    batch = read_batch(out)
    assert [e.key for e in batch.entries] == ["springfield-1"]
    assert to_json(load_story(batch, batch.entries[0])) == to_json(budget)
    (folder / REPORT_FILES["json"]).write_text('{"version": 1, "sources": 3}', encoding="utf-8")
    with pytest.raises(ArchiveError, match="comparison.json"):
        load_story(batch, batch.entries[0])
    shutil.rmtree(folder)
    with pytest.raises(ArchiveError, match="comparison.json"):
        load_story(batch, batch.entries[0])
