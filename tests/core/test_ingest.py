"""Ingest: files, folders, HTML through trafilatura, metadata, boilerplate, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsread.core.boilerplate import boilerplate_spans
from newsread.core.ingest import IngestError, load_articles, story_title
from newsread.core.seeds import default_story

HTML = """<html><head><title>Council passes budget - The Daily Bugle</title>
<meta property="og:site_name" content="The Daily Bugle">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-05-01"></head>
<body><nav>Home | News | Sport</nav><article><h1>Council passes budget</h1>
<p>The council voted on Tuesday to approve the new budget of 4 million dollars.
Critics said it was rushed and that the process lacked transparency.</p>
<p>The mayor said the plan would fund 12 new teachers across the district next year.</p>
</article><footer>Copyright 2024</footer></body></html>"""


def test_seed_folder_names_outlets_from_metadata() -> None:
    articles = load_articles([str(default_story())])
    assert [a.id for a in articles] == ["s1", "s2", "s3", "s4", "s5"]
    names = [a.name for a in articles]
    assert names[2] == "NBC News" and names[3] == "ABC News"
    assert all(a.path.endswith(".txt") for a in articles)
    assert story_title([str(default_story())])


def test_seed_boilerplate_lines() -> None:
    s5 = load_articles([str(default_story())])[4]
    marked = [s5.text[a:b] for a, b in s5.boilerplate]
    assert marked[0].startswith("Trump and Putin in discussion")  # photo caption
    assert any(m.startswith("Related:") for m in marked)
    assert any("Miss England" in m for m in marked)  # list of unrelated headlines
    assert not any("Pokrovsk" in m for m in marked)  # prose stays


def test_credits_and_editors_notes_are_boilerplate() -> None:
    text = (
        "The talks ended on Friday.\n_____\nEditor’s note: The Associated Press contributed.\n"
        "ABC News’ Emily Chang contributed to this report.\n"
    )
    marked = [text[a:b] for a, b in boilerplate_spans(text)]
    assert marked == [
        "_____",
        "Editor’s note: The Associated Press contributed.",
        "ABC News’ Emily Chang contributed to this report.",
    ]


def test_html_goes_through_trafilatura(tmp_path: Path) -> None:
    page = tmp_path / "bugle.html"
    page.write_text(HTML, encoding="utf-8")
    (article,) = load_articles([str(page)])
    assert article.name == "The Daily Bugle"
    assert article.title == "Council passes budget"
    assert article.author == "Jane Roe"
    assert article.date == "2024-05-01"
    assert "12 new teachers" in article.text
    assert "Home | News" not in article.text


def test_name_falls_back_to_title_then_stem(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Big Storm Hits Coast\nThe storm hit on Monday.\n")
    (tmp_path / "b.md").write_text("the storm hit on monday. it was bad.\n")
    articles = load_articles([str(tmp_path)])
    assert [a.name for a in articles] == ["Big Storm Hits Coast", "b"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("Caf\u00e9 au lait.".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_get_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message) as info:
        load_articles([str(path)])
    assert "\n" not in str(info.value)


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        load_articles([str(tmp_path / "nope.txt")])
    with pytest.raises(IngestError, match="no article files"):
        load_articles([str(tmp_path)])


def test_html_without_article_text(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav>Home</nav></body></html>")
    with pytest.raises(IngestError, match="no article text"):
        load_articles([str(page)])
