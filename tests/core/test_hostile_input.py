"""Hostile and unlucky input in core (issue 15): bounded reads, visible control
characters, Markdown that cannot run, exclusive writes, a cache that tells its
failures apart, decodings that are right or refused."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsread.core.clean import markdown_text, one_line, visible
from newsread.core.embed import CachedEmbedder, EmbeddingCache, open_cache
from newsread.core.feeds import parse_feed
from newsread.core.files import NotRegularFileError, TooLargeError, read_regular, write_atomic
from newsread.core.ingest import (
    MAX_TEXT_CHARS,
    IngestError,
    article_from_text,
    decode_text,
    load_articles,
    load_readable,
)
from newsread.core.sentences import MAX_SENTENCE_CHARS, split_sentences

ESCAPES = "\x1b[2J\x1b[31mred\x1b]0;OWNED\x07\x1b]52;c;ZXZpbA==\x07\x9b1m"


# -- 1. feeds never name local files ---------------------------------------------------------


def _feed(*links: str) -> str:
    body = "<p>" + "Full text of the entry. " * 60 + "</p>"
    items = "".join(
        f"<item><title>entry {n}</title><link>{link}</link>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>wire</title>{items}</channel></rss>"
    )


def test_feed_links_that_are_paths_or_other_schemes_are_skipped(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret")
    links = [
        *(str(secret), "../../etc/hostname", "/dev/zero", "file:///etc/passwd"),
        *("ftp://example.test/a", "javascript:alert(1)", "http://[::1", "https://ok.test/a"),
    ]
    feed = parse_feed(_feed(*links), str(tmp_path / "wire.xml"))
    assert [e.link for e in feed.entries] == ["https://ok.test/a"]
    assert len(feed.skipped) == len(links) - 1
    assert all("not an http(s) URL" in line for line in feed.skipped)


def test_relative_feed_links_resolve_against_the_feeds_server() -> None:
    feed = parse_feed(_feed("../../etc/hostname"), "http://wire.test/feeds/rss.xml")
    assert [e.link for e in feed.entries] == ["http://wire.test/etc/hostname"]


# -- 2. control characters never reach a terminal; offsets stay exact -------------------------


def test_visible_replaces_controls_one_for_one() -> None:
    cleaned = visible(ESCAPES)
    assert len(cleaned) == len(ESCAPES)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in cleaned)
    assert cleaned.startswith("␛[2J")
    assert visible("tab\tline\nreturn\r") == "tab\tline\nreturn\r"
    assert "\n" not in one_line("a\nb\r\tc\x1b")


@given(st.text())
def test_visible_keeps_length_and_leaves_no_control(text: str) -> None:
    cleaned = visible(text)
    assert len(cleaned) == len(text)
    assert all(c in "\t\n\r" or not (ord(c) < 32 or 0x7F <= ord(c) <= 0x9F) for c in cleaned)


def test_an_article_with_escape_sequences_is_read_with_visible_stand_ins(tmp_path: Path) -> None:
    path = tmp_path / f"evil{chr(27)}]0;T{chr(7)}.txt"
    path.write_text(f"Headline {ESCAPES}\n\nThe mayor said {ESCAPES} hello. Then left.\n")
    (article,) = load_articles([str(path)])
    for field in (article.text, article.name, article.title, article.path):
        assert "\x1b" not in field and "\x07" not in field and "\x9b" not in field
    on_disk = path.read_text()
    assert len(article.text) == len(on_disk)
    for sentence in split_sentences(article):
        assert article.text[sentence.start : sentence.end] == sentence.text


# -- 3. Markdown never renders an article's HTML ---------------------------------------------


def test_markdown_text_escapes_html_links_and_code() -> None:
    text = "<img src=x onerror=alert(1)> <script>x()</script> [a](javascript:x) `c` &amp; AT&T"
    escaped = markdown_text(text)
    assert "<" not in escaped and ">" not in escaped
    assert "&lt;script&gt;" in escaped and "\\[a\\]" in escaped and "\\`c\\`" in escaped
    assert "&amp;amp;" in escaped and "AT&T" in escaped


# -- 4. only regular files, never more than the limit ------------------------------------------


def test_read_regular_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(NotRegularFileError, match="FIFO"):
        read_regular(fifo, 1000)
    assert time.monotonic() - started < 5


def test_read_regular_refuses_devices_and_caps_bytes(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFileError, match="character device"):
        read_regular("/dev/zero", 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(TooLargeError):
        read_regular(big, 1000)
    assert read_regular(big, 1001) == b"x" * 1001


@pytest.mark.parametrize("name", ["fifo", "device", "folder-member-fifo"])
def test_load_refuses_non_regular_inputs(tmp_path: Path, name: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The council met on Tuesday. It approved the budget.")
    if name == "device":
        target = "/dev/zero"
    else:
        target = str(tmp_path / "pipe.txt")
        os.mkfifo(target)
    if name == "folder-member-fifo":  # a folder skips what is not a regular file
        assert [a.name for a in load_articles([str(tmp_path)])] == ["good"]
        return
    with pytest.raises(IngestError, match="not a file"):
        load_articles([target])
    articles, problems = load_readable([str(good), target])
    assert len(articles) == 1 and len(problems) == 1


def test_a_fifo_named_sources_toml_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The council met on Tuesday. It approved the budget.")
    os.mkfifo(tmp_path / "sources.toml")
    with pytest.raises(IngestError, match="sources.toml"):
        load_articles([str(tmp_path)])


# -- 7. one article near the limits ------------------------------------------------------------


def test_text_over_the_character_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Word. " * (MAX_TEXT_CHARS // 6 + 10))
    with pytest.raises(IngestError, match="500,000-character limit"):
        load_articles([str(path)])


def test_a_line_without_sentence_ends_is_cut_into_bounded_pieces() -> None:
    text = "word " * 3000 + "x" * (MAX_SENTENCE_CHARS + 500)
    article = article_from_text(text)
    sentences = split_sentences(article)
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)


# -- 9. exclusive writes: of several writers of one new file, exactly one wins ------------------


def test_write_atomic_without_overwrite_has_exactly_one_winner(tmp_path: Path) -> None:
    target = tmp_path / "same.md"
    results: list[str] = []
    barrier = threading.Barrier(6)

    def writer(n: int) -> None:
        barrier.wait()
        try:
            write_atomic(target, f"report {n}\n" * 10_000)
            results.append(f"won {n}")
        except FileExistsError:
            results.append("refused")

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if r.startswith("won")]
    assert len(winners) == 1 and results.count("refused") == 5
    assert target.read_text() == f"report {winners[0].split()[1]}\n" * 10_000
    assert [p.name for p in tmp_path.iterdir()] == ["same.md"]  # no temporary file left


def test_write_atomic_overwrites_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    write_atomic(target, "one")
    with pytest.raises(FileExistsError):
        write_atomic(target, "two")
    write_atomic(target, "three", overwrite=True)
    assert target.read_text() == "three"
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- 10. the cache tells a lock, a full disk, a bad row and real damage apart ---------------------


class _Fixed:
    name = "fixed"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts):  # type: ignore[no-untyped-def]
        self.calls += 1
        return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_a_locked_cache_is_left_alone_and_the_run_goes_on(tmp_path: Path) -> None:
    EmbeddingCache(tmp_path).close()
    locker = sqlite3.connect(tmp_path / EmbeddingCache.FILE, timeout=0)
    locker.execute("PRAGMA locking_mode = EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    locker.execute("INSERT INTO vectors VALUES ('m', x'00', 1, x'00000000')")
    try:
        import newsread.core.embed as embed

        old = embed.BUSY_TIMEOUT_MS
        embed.BUSY_TIMEOUT_MS = 200
        try:
            cache, problem = open_cache(tmp_path)
        finally:
            embed.BUSY_TIMEOUT_MS = old
        if cache is not None:  # opened: the lock shows on first use
            embedder = CachedEmbedder(_Fixed(), cache)
            assert embedder.encode(["a"]).shape == (1, 4)
            problem = " ".join(embedder.warnings)
        assert "locked" in problem
    finally:
        locker.rollback()
        locker.close()
    assert not (tmp_path / (EmbeddingCache.FILE + ".corrupt")).exists()
    assert (tmp_path / EmbeddingCache.FILE).exists()


def test_a_full_disk_keeps_the_cache_readable_but_stops_writing(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    unit = np.ones(4, dtype=np.float32) / 2
    cache.put_many("fixed", {"old": unit})
    cache._conn.execute("PRAGMA max_page_count = 1")  # SQLITE_FULL on the next write
    inner = _Fixed()
    embedder = CachedEmbedder(inner, cache)
    fresh = [f"new sentence {n}" for n in range(3000)]  # more rows than the pages left
    vectors = embedder.encode(["old", *fresh])
    assert vectors.shape == (3001, 4)
    assert embedder.cache is not None and not embedder.cache.writable
    assert any("disk is full" in w for w in embedder.warnings)
    assert np.array_equal(embedder.encode(["old"])[0], unit)
    assert not (tmp_path / (EmbeddingCache.FILE + ".corrupt")).exists()


def test_damaged_rows_are_dropped_and_recomputed(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    unit = np.ones(4, dtype=np.float32) / 2
    cache.put_many("fixed", {"good": unit, "short": unit[:2] / np.linalg.norm(unit[:2])})
    nan = np.full(4, np.nan, dtype=np.float32)
    with cache._conn:
        cache._conn.execute(
            "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
            ("fixed", EmbeddingCache.key("nan"), 4, nan.tobytes()),
        )
        cache._conn.execute(
            "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
            ("fixed", EmbeddingCache.key("odd"), 4, b"\x00\x01\x02"),
        )
    inner = _Fixed()
    embedder = CachedEmbedder(inner, cache)
    vectors = embedder.encode(["good", "short", "nan", "odd"])
    assert vectors.shape == (4, 4) and np.isfinite(vectors).all()
    assert inner.calls == 1  # the three damaged rows were computed again, in one call
    assert any("damaged vector" in w for w in embedder.warnings)
    assert set(cache.get_many("fixed", ["good", "short", "nan", "odd"])) == {
        "good", "short", "nan", "odd"
    }  # fmt: skip


def test_a_cache_folder_that_is_a_file_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-folder"
    folder.write_text("x")
    cache, problem = open_cache(folder)
    assert cache is None and "not a folder" in problem


# -- 12. encodings: right or refused -------------------------------------------------------------

POLISH = "Zażółć gęślą jaźń. Prezydent spotkał się w Warszawie z ministrem.\n"
CZECH = "Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda schválila rozpočet.\n"


@pytest.mark.parametrize(
    "data",
    [POLISH.encode("iso-8859-2"), POLISH.encode("cp1250"), CZECH.encode("iso-8859-2")],
    ids=["polish-latin2", "polish-cp1250", "czech-latin2"],
)
def test_central_european_text_is_not_read_as_windows_1252(data: bytes) -> None:
    assert decode_text(data) == (None, "")


def test_real_windows_1252_text_is_still_read() -> None:
    text = "Le président s’est rendu à Genève — « où » il a dit: c’était l’été. Col·lecció.\n"
    assert decode_text(text.encode("cp1252")) == (text, "windows-1252")


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(POLISH.encode(codec))
    (article,) = load_articles([str(path)])
    assert article.text == POLISH and article.encoding == codec
