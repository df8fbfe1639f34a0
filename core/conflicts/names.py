"""``name_spelling`` variants: one name spelled two ways (Zelensky / Zelenskyy),
or written with or without a hyphen, space or apostrophe (Kim Jong-un / Kim Jong Un).
A variant to show, never a disagreement of fact."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..caches import story_cache
from ..lexical import CALENDAR, STOPWORDS, normalise, spelling_variants
from ..model import Conflict, Sentence
from .common import Similarity, _make
from .titles import _is_title_word

_CAPITALISED = re.compile(r"\b[A-Z][a-zà-ÿ]{3,}(?:[-][A-Z][a-zà-ÿ]+)*\b")


@story_cache(65_536)
def _name_tokens(text: str) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if normalise(word) in STOPWORDS:
            continue
        found.setdefault(word, match.span())
    return found


def _name_spellings(sentences: list[Sentence], similarity: Similarity) -> list[Conflict]:
    """One ``name_spelling`` entry per variant pair and pair of sources.

    A pair of words counts only if ``spelling_variants`` says so, neither word
    is an ordinary word (it never occurs in lower case in the texts), each
    source uses only its own spelling, and in at least one pair of sentences
    the two spellings share a neighbouring word ("Volodymyr Zelensky" /
    "Volodymyr Zelenskyy"): the same name in the same role, not two people.

    Inside a longer proper name a plural ending is a variant too ("Pueblos Sin
    Fronteras" / "Pueblo Sin Fronteras", never "Democrats" / "Democrat Nancy
    Pelosi"): each spelling must occur only inside such names, only sentence
    pairs where both are followed by the same two capitalised words count, and since
    the whole name pins down what is meant, a source that wavers between the
    spellings still differs from one that does not.
    """
    tokens = {s.id: _name_tokens(s.text) for s in sentences}
    lower_words = {w for s in sentences for w in re.findall(r"\b[a-z][a-z]+\b", s.text)}
    by_source: dict[str, set[str]] = {}
    index: dict[str, list[Sentence]] = {}
    for s in sentences:
        by_source.setdefault(s.article_id, set()).update(tokens[s.id])
        for word in tokens[s.id]:
            index.setdefault(word, []).append(s)
    best: dict[tuple[str, ...], tuple[float, Conflict]] = {}
    for x, y in _similar_word_pairs(index):
        if {x.lower(), y.lower()} & lower_words:
            continue
        in_name = (
            _plural_variant(x, y) and _only_in_names(x, index[x]) and _only_in_names(y, index[y])
        )
        if not in_name and not spelling_variants(x, y):
            continue
        pairs = []
        for a in index[x]:
            for b in index[y]:
                if a.article_id == b.article_id:
                    continue
                if in_name:
                    if not _name_tail(a.text, x) & _name_tail(b.text, y):
                        continue  # not the same longer name
                elif y in by_source[a.article_id] or x in by_source[b.article_id]:
                    continue  # a source that uses both spellings is not a variant
                pairs.append((a, b))
        if not any(_same_neighbour(a, x, b, y) for a, b in pairs):
            continue
        for a, b in pairs:
            key = (*sorted((a.article_id, b.article_id)), x, y)
            score = similarity(a.id, b.id) + (1.0 if _same_neighbour(a, x, b, y) else 0.0)
            first, second, u, v = (a, b, x, y) if a.order <= b.order else (b, a, y, x)
            conflict = _make(
                "name_spelling", first, second, tokens[first.id][u], tokens[second.id][v],
                f"same name, two spellings: “{u}” vs “{v}” (a variant, not a disagreement)",
            )  # fmt: skip
            if key not in best or score > best[key][0]:
                best[key] = (score, conflict)
    return [conflict for _, conflict in best.values()]


_NAME_RUN = re.compile(
    r"\b[A-Z][\w’']*(?:(?:-| |’s |'s |s’ |s' )(?:[A-Z][\w’']*|[a-z]{2}\b))*(?:-[a-z]{2}\b)?"
)
"""A run of capitalised words, joined by spaces, hyphens or possessives ("Kim Jong-un",
"Workers' Party"), with a lower-case hyphenated tail ("Jong-un")."""


def _joined_spellings(sentences: list[Sentence], similarity: Similarity) -> list[Conflict]:
    """Names written with or without a hyphen, a space or a possessive apostrophe
    ("Kim Jong-un" / "Kim Jong Un", "Workers' Party" / "Worker's Party"): across the
    whole story, not only in aligned sentences. One ``name_spelling`` entry per
    pair of spellings and pair of sources, on the most similar sentence pair; a
    source that uses both spellings is no variant."""
    forms: dict[str, dict[str, list[Sentence]]] = {}
    for s in sentences:
        for match in _NAME_RUN.finditer(s.text):
            name = re.sub(r"(?:['’]s|s['’])$", "", match.group())  # "Kim's" is "Kim"
            if len(name.split()) < 2 and "-" not in name:
                continue
            key = re.sub(r"[\s\-’']+", "", name)
            if len(key) >= 6:
                forms.setdefault(key.casefold(), {}).setdefault(name, []).append(s)
    found: list[Conflict] = []
    for spellings in forms.values():
        if len(spellings) < 2:
            continue
        users = {name: {s.article_id for s in ss} for name, ss in spellings.items()}
        names = sorted(spellings)
        for n, x in enumerate(names):
            for y in names[n + 1 :]:
                if x.casefold() == y.casefold():
                    continue  # "SAN DIEGO" in a dateline is not another spelling
                only_x, only_y = users[x] - users[y], users[y] - users[x]
                pairs = [
                    (a, b)
                    for a in spellings[x]
                    for b in spellings[y]
                    if a.article_id in only_x and b.article_id in only_y
                ]
                by_sources: dict[tuple[str, str], tuple[Sentence, Sentence]] = {}
                for a, b in sorted(pairs, key=lambda p: -similarity(p[0].id, p[1].id)):
                    by_sources.setdefault((a.article_id, b.article_id), (a, b))
                for a, b in by_sources.values():
                    first, second, u, v = (a, b, x, y) if a.order <= b.order else (b, a, y, x)
                    i, j = first.text.find(u), second.text.find(v)
                    found.append(
                        _make(
                            "name_spelling",
                            first,
                            second,
                            (i, i + len(u)),
                            (j, j + len(v)),
                            f"same name, two spellings: “{u}” vs “{v}” "
                            "(a variant, not a disagreement)",
                        )  # fmt: skip
                    )
    return found


def _plural_variant(x: str, y: str) -> bool:
    """Whether one word is the other with a plural ending ("Pueblo" / "Pueblos")."""
    short, long = sorted((x, y), key=len)
    return len(short) >= 4 and long[len(short) :] in {"s", "es"} and long.startswith(short)


_TAIL = re.compile(r" +([A-Z][\w’'-]*) +([A-Z][\w’'-]*)")


@story_cache(65_536)
def _name_tails(text: str, word: str) -> tuple[tuple[str, str] | None, ...]:
    """For each occurrence of ``word``: the two capitalised words that follow it
    as part of one name (not a title, weekday or month), or ``None``."""
    result: list[tuple[str, str] | None] = []
    for match in re.finditer(rf"\b{re.escape(word)}\b", text):
        tail = _TAIL.match(text, match.end())
        first = tail.group(1) if tail else ""
        if tail and not _is_title_word(first) and first.lower() not in CALENDAR:
            result.append((first, tail.group(2)))
        else:
            result.append(None)
    return tuple(result)


def _name_tail(text: str, word: str) -> set[tuple[str, str]]:
    return {t for t in _name_tails(text, word) if t is not None}


def _only_in_names(word: str, sentences: list[Sentence]) -> bool:
    """Whether every occurrence of ``word`` opens a longer name (see ``_name_tails``)."""
    return all(None not in _name_tails(s.text, word) for s in sentences)


def _similar_word_pairs(words: Iterable[str]) -> Iterable[tuple[str, str]]:
    """Pairs of words with the same first letter and lengths at most 2 apart, sorted."""
    buckets: dict[str, list[str]] = {}
    for word in sorted(words):
        buckets.setdefault(word[0], []).append(word)
    for bucket in buckets.values():
        bucket.sort(key=len)
        for i, x in enumerate(bucket):
            for y in bucket[i + 1 :]:
                if len(y) - len(x) > 2:
                    break
                yield (x, y) if x < y else (y, x)


def _same_neighbour(a: Sentence, x: str, b: Sentence, y: str) -> bool:
    return bool(_neighbours(a.text, x) & _neighbours(b.text, y))


@story_cache(65_536)
def _neighbours(text: str, word: str) -> frozenset[tuple[str, str]]:
    """The words just before and after each occurrence of ``word`` in ``text``."""
    found = set()
    for match in re.finditer(rf"(\w+)?\W*\b{re.escape(word)}\b\W*(\w+)?", text):
        if match.group(1):
            found.add(("before", match.group(1).lower()))
        if match.group(2):
            found.add(("after", match.group(2).lower()))
    return frozenset(found)
