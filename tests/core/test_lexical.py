"""Word tokens: spans into the sentence, abbreviations kept whole."""

from __future__ import annotations

import re
import string
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsread.core.lexical import _FOLDS_TO_ASCII, Guarded, words

_LOOSE_WORD = re.compile(r"\w+(?:[’'.,\-]\w+)*\.?")
"""Letters and digits with their inner marks and any trailing period: how ``words``
was first defined, the period then dropped by a rule (below)."""


def _by_definition(text: str) -> tuple[tuple[int, int, str], ...]:
    """``_LOOSE_WORD``'s matches, a trailing period dropped unless the token has an
    inner one: what ``lexical.WORD`` finds in one pass."""
    found = []
    for match in _LOOSE_WORD.finditer(text):
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


def test_only_three_characters_fold_to_ascii_letters_unlike_lower() -> None:
    """``Guarded`` searches any text with one of these in full: every other character
    ``re.IGNORECASE`` matches to an ASCII letter, ``str.lower`` turns into it."""
    letter = re.compile("[a-z]", re.I)
    ascii_like = [chr(cp) for cp in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(cp))]
    odd = {c for c in ascii_like if c.lower() not in string.ascii_lowercase}
    assert odd == set(_FOLDS_TO_ASCII)


def _guards() -> list[Guarded]:
    """Every ``Guarded`` pattern of the package, alone or in a tuple of patterns."""
    import importlib
    import pkgutil

    import newsread.core

    found: dict[int, Guarded] = {}
    for info in pkgutil.walk_packages(newsread.core.__path__, "newsread.core."):
        for value in vars(importlib.import_module(info.name)).values():
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, Guarded):
                    found[id(item)] = item
    assert len(found) >= 15  # dates, claims, permanence, tallies, quotes, boilerplate
    return list(found.values())


@pytest.mark.parametrize("guard", _guards(), ids=lambda g: g.pattern.pattern[:40])
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_guard_lets_through_every_text_its_pattern_matches(
    guard: Guarded, data: st.DataObject
) -> None:
    text = data.draw(st.from_regex(guard.pattern))
    assert guard.pattern.search(text)
    assert guard.possible(text)
    assert guard.search(text) is not None


def test_a_guard_skips_texts_without_its_words_and_keeps_odd_folds() -> None:
    guard = Guarded(re.compile(r"\bsaid\b", re.I), ("said",))
    assert guard.search("They SAID so.") is not None
    assert not guard.possible("Nothing here.")
    assert guard.search("They ſaid so.") is not None  # long s: re.I reads it as "s"
    assert list(guard.finditer("none")) == [] and guard.match("none") is None
