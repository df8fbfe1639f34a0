"""Sentence splitting: golden table, offset invariants (hypothesis), edge cases."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsread.core.ingest import article_from_text, load_articles
from newsread.core.sentences import _text_to_sentences, split_sentences, split_spans

CASES = tomllib.loads((Path(__file__).parent.parent / "data" / "sentences_en.toml").read_text())[
    "case"
]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_split(case: dict[str, object]) -> None:
    text = str(case["text"])
    assert [text[s:e] for s, e in split_spans(text)] == case["sentences"]


def _check_invariants(text: str) -> None:
    spans = split_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        previous_end = end
    # Together the spans hold every non-space character, in order.
    covered = "".join(text[s:e] for s, e in spans)

    def visible(t: str) -> str:
        return "".join(t.split()).replace("\ufeff", "").replace("\u200b", "")

    assert visible(covered) == visible(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_offsets_rebuild_any_text(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Mr.",
                "U.S.",
                "2.5",
                "“Quote.”",
                "word",
                "Word.",
                "?",
                "!",
                "\r\n",
                "\n",
                " ",
                "\t",
                "\x00",
                "\x0b",
                "😀",
                "e.g.",
                "D.C.",
                "...",
                "—",
            ]
        ),
        max_size=60,
    ).map(" ".join)
)
def test_offsets_on_tricky_tokens(text: str) -> None:
    _check_invariants(text)


def test_sentence_text_matches_offsets_on_seeds() -> None:
    for article in load_articles(
        [str(Path(__file__).parents[2] / "seeds" / "ukraine-peace-talks")]
    ):
        sentences = split_sentences(article)
        assert sentences
        for s in sentences:
            assert article.text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    ("name", "text", "count"),
    [
        ("empty", "", 0),
        ("whitespace only", " \n\t\r\n ", 0),
        ("one sentence", "Just one sentence here.", 1),
        ("emoji", "Fans cheered 🎉. The match ended 2–1 😀.", 2),
        ("no final stop", "A sentence without an ending", 1),
    ],
)
def test_edge_cases(name: str, text: str, count: int) -> None:
    assert len(split_spans(text)) == count
    _check_invariants(text)


def test_very_long_line_is_split_and_exact() -> None:
    text = ("word " * 60_000).strip() + "."
    spans = split_spans(text)
    assert spans and spans[-1][1] == len(text)
    _check_invariants(text)


def test_ids_are_unique_and_boilerplate_marked() -> None:
    article = article_from_text(
        "The council met on Tuesday. It voted.\nRelated: Other news\n", "s7"
    )
    sentences = split_sentences(article)
    assert [s.id for s in sentences] == ["s7.0", "s7.1", "s7.2"]
    assert [s.boilerplate for s in sentences] == [False, False, True]


SEEDS = Path(__file__).parents[2] / "seeds"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab. ?!”“\"'’é3-\n")), max_size=80) | st.text())
def test_breaker_binding_matches_blingfire_wrapper(text: str) -> None:
    import blingfire

    assert _text_to_sentences()(text) == blingfire.text_to_sentences(text)


def test_breaker_binding_matches_blingfire_wrapper_on_seeds() -> None:
    import blingfire

    lines = [line for path in SEEDS.rglob("*.txt") for line in path.read_text().splitlines()]
    assert len(lines) > 100
    assert [_text_to_sentences()(x) for x in lines] == [
        blingfire.text_to_sentences(x) for x in lines
    ]


def test_splitting_does_not_import_numpy(tmp_path: Path) -> None:
    """The reader splits before it shows text; numpy's import (50-90 ms) waits for the worker."""
    code = (
        "import sys; from newsread.core.ingest import load_articles;"
        "from newsread.core.sentences import split_all;"
        f"n = len(split_all(load_articles([{str(SEEDS / 'ukraine-peace-talks')!r}])));"
        "print(n > 100, 'numpy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert result.stdout.split() == ["True", "False"]
