"""Quote check: the same speaker quoted differently by two sources.

Quotations are the text between typographic or straight double quotes inside a
sentence. Each is attributed to a speaker: a person's name outside the quote
in the same sentence (preferring one next to a speech verb), or, for "he" /
"she", the last person named before it in the same article. Two quotes from
different sources with the same speaker (surname) that share enough words to
be the same remark are compared word by word (difflib): if their words differ,
that is a ``quote`` conflict quoting both versions. Differences of spelling
alone (finalized / finalised, -ize / -ise, -or / -our) are noted in the
explanation but never make a misquote on their own; a quote that is an exact
part of the other is a shorter excerpt, not a misquote.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .lexical import CALENDAR, STOPWORDS, normalise, words
from .model import Conflict, Sentence

_QUOTE = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"")
_PERSON = re.compile(
    r"\b([A-Z][a-zà-ÿ’'-]*(?:[A-Z][a-zà-ÿ’'-]+)?(?:\s+[A-Z][a-zà-ÿ’'-]*(?:[A-Z][a-zà-ÿ’'-]+)?)+)"
)
"""Two or more capitalised words; a name may have a capital inside (McAleenan, DeSantis)."""
_SPEECH = re.compile(
    r"\b(said|says|stated|told|added|warned|noted|stressed|insisted|cautioned|wrote|"
    r"suggested|indicated|argued|claimed|declared|explained|according to)\b",
    re.I,
)
_PRONOUN = re.compile(r"^\s*(he|she)\b", re.I)
_PLACE_BEFORE = re.compile(r"\b(in|at|from|to|near|outside)\s+$")
"""A name right after one of these is a place ("in Tel Aviv"), not a speaker."""
_NOT_PEOPLE = frozenset(
    {"White House", "Kremlin", "European Union", "United States", "United Nations"}
)
SAME_WORDS = 0.8
"""Word-sequence similarity at which two quotes are the same words (for attribution)."""
ATTRIBUTION_WORDS = 6
"""Quotes shorter than this are not compared across speakers (a stock phrase may be
said by many)."""
SAME_REMARK = 0.45
"""Word-sequence similarity (difflib ratio) at which two quotes are the same remark."""
MIN_WORDS = 4
"""Shorter quotes (a word or two, like "pivotal") are not compared."""
PASSAGE_WORDS = 6
"""A quote with no named speaker ("the statement said") is compared with another
source's quote only when the two share a run of this many words: one passage."""


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation inside a sentence, with its speaker's surname."""

    sentence: Sentence
    start: int
    end: int
    text: str
    speaker: str


def quotations(text: str) -> list[tuple[int, int, str]]:
    """The quotations of a text: ``(start, end, words inside)``, the marks included in the span."""
    return [(m.start(), m.end(), m.group(1) or m.group(2)) for m in _QUOTE.finditer(text)]


def outside_quotes(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each quotation span blanked to spaces (offsets kept): what the
    sentence says around its quotes, where its speaker is named."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def find_quotes(sentences: list[Sentence], unattributed: bool = False) -> list[Quote]:
    """Find attributed quotations, article by article.

    Args:
        sentences: Content sentences in reading order.
        unattributed: Also return quotes with no named speaker (``speaker`` "").

    Returns:
        Quotes with a known speaker (and, if asked, the others).
    """
    found = []
    last_person: dict[str, str] = {}
    for sentence in sentences:
        spans = quotations(sentence.text)
        outside = outside_quotes(sentence.text, [(start, end) for start, end, _ in spans])
        speaker = _speaker(outside) or (
            last_person.get(sentence.article_id, "") if _PRONOUN.search(outside) else ""
        )
        people = [p for p in _PERSON.findall(outside) if _is_person(p)]
        if people:
            last_person[sentence.article_id] = people[-1].split()[-1]
        elif speaker:
            last_person[sentence.article_id] = speaker
        if not speaker and not unattributed:
            continue
        for start, end, text in spans:
            if len(words(text)) >= MIN_WORDS:
                found.append(Quote(sentence, start + 1, end - 1, text, speaker))
    return found


def _speaker(outside: str) -> str:
    """The surname of the person a sentence attributes its quote to, or ""."""
    people = [
        m
        for m in _PERSON.finditer(outside)
        if _is_person(m.group(1)) and not _PLACE_BEFORE.search(outside[: m.start()])
    ]
    speech = _SPEECH.search(outside)
    if people:
        where = speech.start() if speech else 0
        best = min(people, key=lambda m: abs(m.start() - where)) if speech else people[0]
        return _surname(best.group(1))
    if speech:  # "Macron stressed …": a single capitalised word before the verb
        before = [
            w
            for w in re.findall(r"\b([A-Z][a-zà-ÿ’'-]{2,})\b", outside[: speech.start()])
            if w.lower() not in STOPWORDS and w.lower() not in CALENDAR
        ]
        if before:
            return _surname(before[-1])
        after = re.match(r"\s+([A-Z][a-zà-ÿ’'-]{2,})\b", outside[speech.end() :])
        if after and after.group(1).lower() not in STOPWORDS | CALENDAR:
            return _surname(after.group(1))  # "…," said Pompeo.
    return ""


def _is_person(name: str) -> bool:
    """Rule out "On Monday", "The White House" and other capitalised non-people."""
    parts = name.split()
    if name in _NOT_PEOPLE or parts[0].lower() in STOPWORDS:
        return False
    if any(re.search(r"[’']s$", p) for p in parts[:-1]) or (
        len(parts[-1]) > 1 and parts[-1].isupper()
    ):
        return False  # "Ukraine’s EU": a possessive inside, or an acronym for a surname
    return not any(p.lower() in CALENDAR for p in parts)


def _surname(name: str) -> str:
    last = name.split()[-1]
    return re.sub(r"[’']s$", "", last)


_BACKSHIFT = {"would": "will", "could": "can", "might": "may", "was": "is", "were": "are",
              "had": "have", "has": "have"}  # fmt: skip
"""Reported speech shifts a quote's tense ("details will be" -> "details would be"):
a grammatical change, not other words."""


@lru_cache(maxsize=65_536)
def spelling_key(word: str) -> str:
    """Fold what is not a change of words: British/American spelling (finalised ->
    finalized), dots in an abbreviation (E.U. -> EU), a tense shifted for reported
    speech (would -> will)."""
    w = normalise(word).replace(".", "")
    w = _BACKSHIFT.get(w, w)
    w = re.sub(r"is(e|es|ed|ing|ation)$", r"iz\1", w)
    w = re.sub(r"our$", "or", w)
    w = re.sub(r"yse$", "yze", w)
    return w


def quote_conflicts(sentences: list[Sentence]) -> list[Conflict]:
    """Flag the same speaker's remark worded differently in two sources.

    Args:
        sentences: Content sentences of all sources.

    Returns:
        ``quote`` conflicts, one per pair of quotes.
    """
    by_speaker: dict[str, list[Quote]] = {}
    for quote in find_quotes(sentences, unattributed=True):
        by_speaker.setdefault(quote.speaker, []).append(quote)
    unnamed = by_speaker.pop("", [])
    result = []
    for quotes in by_speaker.values():
        for i, x in enumerate(quotes):
            for y in quotes[i + 1 :]:
                if x.sentence.article_id == y.sentence.article_id:
                    continue
                conflict = _compare(x, y)
                if conflict is not None:
                    result.append(conflict)
    # A quote whose speaker one source leaves unnamed ("the statement said"): the same
    # passage when the two share a run of PASSAGE_WORDS words.
    named = [q for quotes in by_speaker.values() for q in quotes]
    runs: dict[tuple[str, ...], set[str]] = {}  # each run of PASSAGE_WORDS keys -> quotes
    for quote in unnamed + named:
        for run in _runs(quote.text):
            runs.setdefault(run, set()).add(quote.text)
    for i, x in enumerate(unnamed):
        sharing = {text for run in _runs(x.text) for text in runs[run]}  # exact prefilter
        for y in unnamed[i + 1 :] + named:
            if x.sentence.article_id == y.sentence.article_id or y.text not in sharing:
                continue
            if _longest_run(x.text, y.text) >= PASSAGE_WORDS:
                conflict = _compare(x, y)
                if conflict is not None:
                    result.append(conflict)
    return result


@lru_cache(maxsize=16_384)
def _runs(text: str) -> frozenset[tuple[str, ...]]:
    """Every run of ``PASSAGE_WORDS`` spelling keys in a quote: two quotes whose
    longest shared run reaches ``PASSAGE_WORDS`` share one of these."""
    _, keys = _quote_words(text)
    return frozenset(keys[k : k + PASSAGE_WORDS] for k in range(len(keys) - PASSAGE_WORDS + 1))


def _longest_run(x: str, y: str) -> int:
    """The longest run of words two quotes share (spelling variants folded)."""
    _, kx = _quote_words(x)
    _, ky = _quote_words(y)
    matcher = SequenceMatcher(None, kx, ky, autojunk=False)
    return matcher.find_longest_match(0, len(kx), 0, len(ky)).size


def attribution_conflicts(sentences: list[Sentence]) -> list[Conflict]:
    """Flag the same quotation credited to different speakers by two sources.

    Two quotes of at least ``ATTRIBUTION_WORDS`` words whose words match at
    ``SAME_WORDS`` or more (spelling variants folded) are one quotation; when
    the sources name different speakers for it, that is an ``attribution``
    conflict naming both.

    Args:
        sentences: Content sentences of all sources.

    Returns:
        ``attribution`` conflicts, one per pair of sources and speakers.
    """
    quotes = [q for q in find_quotes(sentences) if len(words(q.text)) >= ATTRIBUTION_WORDS]
    seen: set[tuple[str, str, str, str]] = set()
    result = []
    for i, x in enumerate(quotes):
        for y in quotes[i + 1 :]:
            if x.sentence.article_id == y.sentence.article_id or x.speaker == y.speaker:
                continue
            if x.speaker in y.sentence.text or y.speaker in x.sentence.text:
                continue  # both name the same person somewhere: an unsure speaker, not a dispute
            _, kx = _quote_words(x.text)
            _, ky = _quote_words(y.text)
            if not _same_quotation(kx, ky):
                continue
            first, second = (x, y) if x.sentence.order <= y.sentence.order else (y, x)
            key = (
                first.sentence.article_id, second.sentence.article_id,
                first.speaker, second.speaker,
            )  # fmt: skip
            if key in seen:
                continue
            seen.add(key)
            result.append(
                Conflict(
                    a=first.sentence.id,
                    b=second.sentence.id,
                    kind="attribution",
                    detail=(
                        f"the same words credited to {first.speaker} and to "
                        f"{second.speaker}: “{_short(first.text)}”"
                    ),
                    a_span=(first.start, first.end),
                    b_span=(second.start, second.end),
                    a_value=first.speaker,
                    b_value=second.speaker,
                )
            )
    return result


@lru_cache(maxsize=65_536)
def _same_quotation(kx: tuple[str, ...], ky: tuple[str, ...]) -> bool:
    """Whether two quotes' words match at ``SAME_WORDS`` or more (difflib's ratio),
    its cheap upper bounds tried first: most pairs differ in length or in words."""
    total = len(kx) + len(ky)
    if 2 * min(len(kx), len(ky)) < SAME_WORDS * total:
        return False  # real_quick_ratio: the shorter one cannot cover enough
    if 2 * sum((_bag(kx) & _bag(ky)).values()) < SAME_WORDS * total:
        return False  # quick_ratio: not enough words in common, in any order
    return SequenceMatcher(None, kx, ky, autojunk=False).ratio() >= SAME_WORDS


@lru_cache(maxsize=16_384)
def _bag(keys: tuple[str, ...]) -> Counter[str]:
    return Counter(keys)


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


@lru_cache(maxsize=16_384)
def _quote_words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A quote's words and their spelling keys (each quote meets every other of its speaker)."""
    found = tuple(w for _, _, w in words(text))
    return found, tuple(spelling_key(w) for w in found)


@lru_cache(maxsize=65_536)
def _misquoted(kx: tuple[str, ...], ky: tuple[str, ...]) -> bool:
    """Whether two quotes' spelling keys are one remark in different words.

    Cached: syndicated copies repeat a quote verbatim, so a speaker's quotes
    hold few distinct texts, and each distinct pair is decided once.
    """
    if kx == ky:
        return False  # same words; spelling alone is not a misquote
    matcher = SequenceMatcher(None, kx, ky, autojunk=False)
    if matcher.real_quick_ratio() < SAME_REMARK or matcher.quick_ratio() < SAME_REMARK:
        return False  # upper bounds of ratio(): cannot be the same remark
    shared_content = {
        kx[block.a + k]
        for block in matcher.get_matching_blocks()
        for k in range(block.size)
        if kx[block.a + k] not in STOPWORDS
    }
    if matcher.ratio() < SAME_REMARK or len(shared_content) < 2:
        return False
    joined_x, joined_y = " ".join(kx), " ".join(ky)
    return not (joined_x in joined_y or joined_y in joined_x)  # an excerpt is no misquote


def _compare(x: Quote, y: Quote) -> Conflict | None:
    wx, kx = _quote_words(x.text)
    wy, ky = _quote_words(y.text)
    if not _misquoted(kx, ky):
        return None
    by_key: dict[str, set[str]] = {}
    for word, key in zip(wy, ky, strict=True):
        by_key.setdefault(key, set()).add(word)
    spelling = sorted(
        f"{a}/{b}"
        for a, key in zip(wx, kx, strict=True)
        for b in by_key.get(key, ())
        if a.lower() != b.lower()
    )
    note = (
        f" (spelling also differs: {', '.join(spelling)}, not a misquote in itself)"
        if spelling
        else ""
    )
    first, second = (x, y) if x.sentence.order <= y.sentence.order else (y, x)
    who = first.speaker or second.speaker
    head = f"{who} quoted two ways" if who else "one quotation worded two ways"
    return Conflict(
        a=first.sentence.id,
        b=second.sentence.id,
        kind="quote",
        detail=f"{head}: “{first.text}” vs “{second.text}”{note}",
        a_span=(first.start, first.end),
        b_span=(second.start, second.end),
        a_value=first.text,
        b_value=second.text,
    )
