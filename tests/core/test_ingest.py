"""Ingest: files, folders, HTML through trafilatura, metadata, boilerplate, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsread.core.boilerplate import boilerplate_spans
from newsread.core.ingest import IngestError, load_articles, load_readable, story_title
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


def test_a_file_name_that_names_the_outlet_beats_the_headline(tmp_path: Path) -> None:
    """Headlines name the event and look alike across outlets; "nytimes.txt" names the outlet."""
    headline = "Migrant Caravan Reaches Border\nAbout 130 people reached the border.\n"
    stems = ("nytimes", "bbc-caravan", "AP", "20180429_reuters", "000_68d063858d2ec105",
             "article3", "12345", "New Text Document (2)", "Copy of untitled")  # fmt: skip
    for stem in stems:
        (tmp_path / f"{stem}.txt").write_text(headline)
    (tmp_path / "foxnews.html").write_text(
        "<html><head><title>Caravan at the border</title></head><body><article>"
        + "<p>About 130 people reached the border on Sunday after weeks on the road.</p>" * 5
        + "</article></body></html>"
    )
    names = {Path(a.path).stem: a.name for a in load_articles([str(tmp_path)])}
    for chosen in ("nytimes", "bbc-caravan", "AP", "20180429_reuters"):
        assert names[chosen] == chosen
    assert names["foxnews"] == "foxnews"  # no site name in the page: the file name
    for made in ("000_68d063858d2ec105", "article3", "12345", "New Text Document (2)",
                 "Copy of untitled"):  # fmt: skip
        assert names[made] == "Migrant Caravan Reaches Border"
    assert all(a.title for a in load_articles([str(tmp_path)]))  # the headline stays the title


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip archive"),
        (b"some text \x00\x01\x02 with nulls", "binary file"),
        (b"\x81\x8d\x8f\x90\x9d" * 20, "not UTF-8"),
        (b"\x01\x02\x03 \xe9\xe8 \x04\x05", "not UTF-8"),
    ],
)
def test_bad_files_get_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message) as info:
        load_articles([str(path)])
    assert "\n" not in str(info.value)


def test_a_data_table_named_among_articles_is_refused_not_read(tmp_path: Path) -> None:
    """``newsread clusters/*`` also names the corpus's INDEX.tsv: it must not become a source."""
    article = tmp_path / "a.txt"
    article.write_text("Officials said 400 people were evacuated.\n", encoding="utf-8")
    index = tmp_path / "INDEX.tsv"
    index.write_text("story\tsource\nx\ty\n", encoding="utf-8")
    with pytest.raises(IngestError, match="INDEX.tsv: a TSV data file, not an article"):
        load_articles([str(article), str(index)])
    articles, problems = load_readable([str(article), str(index)])
    assert [a.path for a in articles] == [str(article)]
    assert len(problems) == 1 and "INDEX.tsv" in problems[0]
    plain = tmp_path / "story.text"  # any other suffix is still read as plain text
    plain.write_text("The talks ended on Tuesday.\n", encoding="utf-8")
    assert load_articles([str(plain)])[0].text.startswith("The talks")


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


def test_windows_1252_text_is_decoded_and_said(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "The caf\u00e9 re-opened on Monday \u2014 \u201cfinally\u201d.".encode("cp1252")
    )
    (article,) = load_articles([str(path)])
    assert article.text == "The caf\u00e9 re-opened on Monday \u2014 \u201cfinally\u201d."
    assert article.encoding == "windows-1252"


def test_same_file_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The storm hit on Monday.")
    with pytest.raises(IngestError, match="given twice"):
        load_articles([str(path), str(tmp_path / "." / "a.txt")])


def test_oversized_file_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1_100_000)
    with pytest.raises(IngestError, match="5 MB limit"):
        load_articles([str(path)])


def test_utf8_bom_is_kept_so_offsets_match_the_file(tmp_path: Path) -> None:
    from newsread.core.sentences import split_sentences

    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffFirst sentence. Second one.".encode())
    (article,) = load_articles([str(path)])
    on_disk = path.read_text(encoding="utf-8")
    for s in split_sentences(article):
        assert on_disk[s.start : s.end] == s.text
    assert split_sentences(article)[0].text == "First sentence."


def test_load_readable_reads_each_file_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One pass from file to view: the reader's loader used to read every good file
    twice (once to check it, once more to number the articles)."""
    import newsread.core.ingest as ingest

    for n in range(3):
        (tmp_path / f"a{n}.txt").write_text(f"Article {n} says something new. And more.\n")
    reads: list[str] = []
    real = ingest.read_regular

    def counted(path, limit):  # type: ignore[no-untyped-def]
        reads.append(Path(path).name)
        return real(path, limit)

    monkeypatch.setattr(ingest, "read_regular", counted)
    given = [str(tmp_path / name) for name in ("a0.txt", "missing.txt", "a1.txt", "a2.txt")]
    articles, problems = load_readable(given)
    assert sorted(reads) == ["a0.txt", "a1.txt", "a2.txt"]
    assert len(problems) == 1 and "missing.txt" in problems[0]
    good = [g for g in given if "missing" not in g]
    assert articles == load_articles(good)  # numbered s1, s2, s3 over the good paths
    assert [a.id for a in articles] == ["s1", "s2", "s3"]
