"""Word tokens: spans into the sentence, abbreviations kept whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsread.core.lexical import WORD, words


def _by_definition(text: str) -> tuple[tuple[int, int, str], ...]:
    """``WORD``'s matches, a trailing period dropped unless the token has an inner one."""
    found = []
    for match in WORD.finditer(text):
        token = match.group()
        if token.endswith(".") and "." not in token[:-1]:
            token = token[:-1]
        found.append((match.start(), match.start() + len(token), token))
    return tuple(found)


def test_words_keep_abbreviations_and_drop_a_closing_period() -> None:
    text = "The U.S. said 3.5 million, e.g., don’t. It ended."
    assert [w for _, _, w in words(text)] == [
        "The", "U.S.", "said", "3.5", "million", "e.g.", "don’t", "It", "ended",
    ]  # fmt: skip
    assert all(text[a:b] == w for a, b, w in words(text))


@given(st.text(alphabet="aZ9._,-’' \n.é", max_size=40))
def test_words_match_their_definition(text: str) -> None:
    assert words.__wrapped__(text) == _by_definition(text)
