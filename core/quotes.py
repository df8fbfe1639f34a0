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
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .caches import story_cache
from .lexical import (
    CALENDAR,
    STOPWORDS,
    Guarded,
    _edit_distance,
    normalise,
    spelling_variants,
    words,
)
from .model import Conflict, Sentence

_QUOTE = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"")
_PERSON = re.compile(
    r"\b([A-Z][a-zà-ÿ’'-]*(?:[A-Z][a-zà-ÿ’'-]+)?(?:\s+[A-Z][a-zà-ÿ’'-]*(?:[A-Z][a-zà-ÿ’'-]+)?)+)"
)
"""Two or more capitalised words; a name may have a capital inside (McAleenan, DeSantis)."""
_SPEECH_WORDS = (
    "said", "says", "stated", "told", "added", "warned", "noted", "stressed", "insisted",
    "cautioned", "wrote", "suggested", "indicated", "argued", "claimed", "declared",
    "explained", "according to",
)  # fmt: skip
_SPEECH = Guarded(re.compile(rf"\b({'|'.join(_SPEECH_WORDS)})\b", re.I), _SPEECH_WORDS)
_DOCUMENT = Guarded(
    re.compile(
        r"\b(?:the|a|its|their|his|her)\s+(?:\w+\s+)?(suit|lawsuit|complaint|filing|indictment|"
        r"report|memo|ruling|order|motion|bill|resolution|treaty|study|survey|assessment|"
        r"affidavit|document|dossier)\s+(?:said|says|states|stated|claims|claimed|reads|read|"
        r"alleges|alleged|argues|argued|adds|added|notes|noted|continues|continued)\b",
        re.I,
    ),
    ("suit", "complaint", "filing", "indictment", "report", "memo", "ruling", "order",
     "motion", "bill", "resolution", "treaty", "study", "survey", "assessment", "affidavit",
     "document", "dossier"),
)  # fmt: skip
"""A quotation credited to a document ("…," the suit states): its words are the
document's, not a person's, even where a person said something alike."""
_NATIONALITY = re.compile(r"\b[A-Z][a-z]+(?:ean|ian|ican|ese|ish)\b")
"""A nationality read as a speaker ("European governments say …")."""
_PRONOUN = re.compile(r"^\s*(he|she)\b", re.I)
_PLACE_BEFORE = re.compile(r"\b(in|at|from|to|near|outside)$")


def _place_before(text: str, at: int) -> bool:
    """Whether the name at ``at`` follows one of these words and white space, so is a
    place ("in Tel Aviv"), not a speaker. Only the text's last word is read: the
    pattern's longest word and the character before it."""
    before = text[:at]
    kept = before.rstrip()
    return len(kept) < len(before) and _PLACE_BEFORE.search(kept[-8:]) is not None


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
    direct: bool = True
    """Whether the speaker is named in the quote's own sentence (not carried over
    from an earlier one by "he said" or by a quotation running on)."""


def quotations(text: str) -> list[tuple[int, int, str]]:
    """The quotations of a text: ``(start, end, words inside)``, the marks included in the span."""
    return [(m.start(), m.end(), m.group(1) or m.group(2)) for m in _QUOTE.finditer(text)]


def outside_quotes(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each quotation span blanked to spaces (offsets kept): what the
    sentence says around its quotes, where its speaker is named."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _all_quotes(sentences: list[Sentence]) -> tuple[Quote, ...]:
    """The story's quotes, every speaker included, found once: the quote and the
    attribution checks read the same story one after the other."""
    return _story_quotes(tuple(sentences))


@story_cache(1)
def _story_quotes(sentences: tuple[Sentence, ...]) -> tuple[Quote, ...]:
    return tuple(find_quotes(list(sentences), unattributed=True))


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
    last_direct: dict[str, tuple[int, str]] = {}  # article -> (index, speaker) named there
    open_in: dict[str, tuple[int, str]] = {}  # article -> (index, speaker) of an open quote
    for sentence in sentences:
        opened = open_in.pop(sentence.article_id, None)
        continued = opened is not None and opened[0] == sentence.index - 1
        spans, still_open = _spans_across(sentence.text, continued)
        outside = outside_quotes(sentence.text, [(start, end) for start, end, _ in spans])
        people = [m.group(1) for m in _people(outside)]
        speaker, direct = "", False
        if spans or still_open or not people:  # else no quote needs it, nor does last_person
            document = _DOCUMENT.search(outside)
            speaker = f"the {document.group(1).lower()}" if document else _speaker(outside)
            direct = bool(speaker)
            if not speaker and _PRONOUN.search(outside):
                speaker = last_person.get(sentence.article_id, "")
                before = last_direct.get(sentence.article_id)
                # '"…," she added.' right after '"…," Ellison said.': Ellison, as sure
                direct = before is not None and before == (sentence.index - 1, speaker)
        if direct and spans:
            last_direct[sentence.article_id] = (sentence.index, speaker)
        if people:
            last_person[sentence.article_id] = people[-1].split()[-1]
        elif speaker:
            last_person[sentence.article_id] = speaker
        if not speaker and continued and opened is not None:
            speaker = opened[1]  # '"… Second, …," Netanyahu said.' names the opener's speaker
        if still_open:
            open_in[sentence.article_id] = (sentence.index, speaker)
        if not speaker and not unattributed:
            continue
        for start, end, text in spans:
            if len(words(text)) >= MIN_WORDS:
                inner_start = start + (sentence.text[start : start + 1] in '“"')
                inner_end = end - (sentence.text[end - 1 : end] in '”"')
                found.append(Quote(sentence, inner_start, inner_end, text, speaker, direct))
    return found


def _spans_across(text: str, continued: bool) -> tuple[list[tuple[int, int, str]], bool]:
    """A sentence's quotations, with those it shares with its neighbours: the part
    before a closing mark when the previous sentence left a quotation open, and the
    part after an opening mark never closed. Returns ``(spans, left open)``.

    Only parts bounded by a quotation mark count: a sentence wholly inside a long
    quotation (no mark at all) is not taken for one, so narrative is never a quote.
    A straight mark opens when it follows a space (or starts the sentence) and
    closes otherwise; a sentence that opens with a mark starts a new quotation.
    """
    marks = [(m.start(), _opens(text, m.start())) for m in re.finditer(r"[“”\"]", text)]
    head: list[tuple[int, int, str]] = []
    rest = 0
    if continued:
        if not marks:
            return [], True  # still inside, no mark: not read as a quote
        at, opening = marks[0]
        if not opening:
            inner = text[:at].rstrip(" ,")
            if len(inner.strip()) >= 3:
                head.append((0, at + 1, inner))
            rest = at + 1
    spans = [(start + rest, end + rest, inner) for start, end, inner in quotations(text[rest:])]
    last = spans[-1][1] if spans else rest
    left = [(at, opening) for at, opening in marks if at >= last]
    if len(left) == 1 and left[0][1]:
        start = left[0][0]
        inner = text[start + 1 :].rstrip()
        if len(inner) >= 3:
            spans.append((start, len(text), inner))
        return head + spans, True
    return head + spans, False


def _opens(text: str, at: int) -> bool:
    """Whether the quotation mark at ``at`` opens a quotation."""
    mark = text[at]
    if mark in "“”":
        return mark == "“"
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-") and not after.isspace()


def _people(outside: str) -> list[re.Match[str]]:
    """The names of people in a sentence's text outside its quotes: not a place before
    a name, an affiliation ("of … Service") or a listener ("told Wall Street")."""
    return [
        m
        for m in _PERSON.finditer(outside)
        if _is_person(m.group(1))
        and not _place_before(outside, m.start())
        and not _AFFILIATION_BEFORE.search(outside, max(0, m.start() - 12), m.start())
        and not _LISTENER_BEFORE.search(outside, max(0, m.start() - 16), m.start())
    ]


def _speaker(outside: str) -> str:
    """The surname of the person a sentence attributes its quote to, or ""."""
    people = _people(outside)
    speech = _SPEECH.search(outside)
    if people:
        where = speech.start() if speech else 0
        best = min(people, key=lambda m: abs(m.start() - where)) if speech else people[0]
        return _surname(best.group(1))
    if speech:  # "Macron stressed …": a single capitalised word before the verb
        before = [
            m
            for m in re.finditer(r"\b([A-Z][a-zà-ÿ’'-]{2,})\b", outside[: speech.start()])
            if m.group(1).lower() not in STOPWORDS and m.group(1).lower() not in CALENDAR
        ]
        if before and not re.search(r"\b[a-z]{3,}\s+$", outside[before[-1].end() : speech.start()]):
            return _surname(before[-1].group(1))  # not "the Vantor chief executive told"
        after = re.match(r"\s+([A-Z][a-zà-ÿ’'-]{2,})\b", outside[speech.end() :])
        listener = speech.group().lower() == "told"  # "told Wall Street": who heard it
        if after and not listener and after.group(1).lower() not in STOPWORDS | CALENDAR:
            return _surname(after.group(1))  # "…," said Pompeo.
    return ""


_AFFILIATION_BEFORE = re.compile(r"\b(?:of|and|for|at)\s+(?:the\s+)?$")
"""Capitalised words right after "of", "and", "for" or "at" belong to someone's
affiliation ("Diane Okafor of Harwick and District Fire and Rescue Service told"): not
the speaker."""
_LISTENER_BEFORE = re.compile(r"\b(?:told|telling|tells)\s+(?:the\s+)?$")
"""Capitalised words right after "told" name who heard it ("told Wall Street
analysts"): not the speaker."""
_BODY_WORDS = frozenset(
    """service department ministry agency council committee office party union company
    court police fire rescue university association commission board authority institute
    foundation corporation""".split()  # noqa: SIM905
)
"""Last words of an organisation's name, never of a person's."""


def _is_person(name: str) -> bool:
    """Rule out "On Monday", "The White House", "Rescue Service" and other capitalised
    non-people."""
    parts = name.split()
    if name in _NOT_PEOPLE or parts[0].lower() in STOPWORDS or parts[-1].lower() in _BODY_WORDS:
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
    for quote in _all_quotes(sentences):
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


@story_cache(16_384)
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
    the sources name different speakers for it, each in the quote's own sentence,
    that is an ``attribution`` conflict naming both.

    Args:
        sentences: Content sentences of all sources.

    Returns:
        ``attribution`` conflicts, one per pair of sources and speakers.
    """
    quotes = [
        q
        for q in _all_quotes(sentences)
        if q.speaker and q.direct and _named(q.speaker) and len(words(q.text)) >= ATTRIBUTION_WORDS
    ]  # a speaker carried over from another sentence is too unsure to dispute; "European"
    # or "Ministry" is nobody's name
    keys = [_quote_words(q.text)[1] for q in quotes]
    seen: set[tuple[str, str, str, str]] = set()
    result = []
    for i, j in _similar_lengths([len(k) for k in keys]):
        x, kx, y, ky = quotes[i], keys[i], quotes[j], keys[j]
        if x.sentence.article_id == y.sentence.article_id or x.speaker == y.speaker:
            continue
        if not _same_quotation(kx, ky):
            continue
        if x.speaker in y.sentence.text or y.speaker in x.sentence.text:
            continue  # both name the same person somewhere: an unsure speaker, not a dispute
        if _one_name(x.speaker, y.speaker):
            continue  # Kinsley / Kinsely is one speaker
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


def _similar_lengths(lengths: list[int]) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, in that order, whose lengths could match at
    ``SAME_WORDS`` (``2 * min >= SAME_WORDS * (a + b)``, difflib's real_quick_ratio).

    Each quote meets only the quotes up to 1.5 times its length, found by sorting
    (22,000 of 53,000 pairs at 100 articles) instead of testing every pair.
    """
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    ordered = [lengths[k] for k in order]
    pairs = []
    for place, i in enumerate(order):
        # the longest partner: 2 * n >= SAME_WORDS * (n + m), m <= n * (2 - s) / s
        last = bisect_right(ordered, lengths[i] * (2 - SAME_WORDS) / SAME_WORDS + 1e-9)
        for j in order[place + 1 : last]:
            a, b = lengths[i], lengths[j]
            if 2 * min(a, b) >= SAME_WORDS * (a + b):
                pairs.append((i, j) if i < j else (j, i))
    pairs.sort()
    return pairs


@story_cache(65_536)
def _same_quotation(kx: tuple[str, ...], ky: tuple[str, ...]) -> bool:
    """Whether two quotes' words match at ``SAME_WORDS`` or more (difflib's ratio),
    its cheap upper bounds tried first: most pairs differ in length or in words."""
    total = len(kx) + len(ky)
    if 2 * min(len(kx), len(ky)) < SAME_WORDS * total:
        return False  # real_quick_ratio: the shorter one cannot cover enough
    x, y = _key_set(kx), _key_set(ky)
    # The words the bags share are at most the distinct words they share plus one
    # side's repeats: a bound from two sets, exact when neither repeats a word.
    most = len(x & y) + min(len(kx) - len(x), len(ky) - len(y))
    if 2 * most < SAME_WORDS * total:
        return False
    if 2 * sum((_bag(kx) & _bag(ky)).values()) < SAME_WORDS * total:
        return False  # quick_ratio: not enough words in common, in any order
    return SequenceMatcher(None, kx, ky, autojunk=False).ratio() >= SAME_WORDS


@story_cache(16_384)
def _key_set(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)


@story_cache(16_384)
def _bag(keys: tuple[str, ...]) -> Counter[str]:
    return Counter(keys)


_NOT_NAMES = frozenset(
    {"ministry", "department", "office", "agency", "group", "court", "council", "committee",
     "commission", "party", "association", "institute", "university", "company", "systems",
     "corporation", "service", "services", "bureau", "board", "union", "organization",
     "organisation", "health", "war", "news", "press", "police", "army", "government",
     "still", "nonetheless", "however", "meanwhile", "instead", "also", "later", "earlier"}
)  # fmt: skip
"""Capitalised words a sentence's speaker rule can land on that name no person: an
institution's head noun ("the Justice Ministry said") or an opening adverb."""


def _named(speaker: str) -> bool:
    """Whether an attribution names someone an attribution dispute can be about: a
    document ("the suit"), or a surname that is no institution, adverb or nationality."""
    if speaker.startswith("the "):
        return True
    return (
        len(speaker) >= 3
        and speaker.lower() not in _NOT_NAMES
        and speaker.lower() not in STOPWORDS
        and not _NATIONALITY.fullmatch(speaker)
    )


def _one_name(x: str, y: str) -> bool:
    """Whether two speakers' surnames are one name spelled two ways (Kinsley / Kinsely)."""
    return spelling_variants(x, y) or (
        min(len(x), len(y)) >= 6 and x[0] == y[0] and _edit_distance(x.lower(), y.lower()) <= 2
    )


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


@story_cache(16_384)
def _quote_words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A quote's words and their spelling keys (each quote meets every other of its speaker)."""
    found = tuple(w for _, _, w in words(text))
    return found, tuple(spelling_key(w) for w in found)


@story_cache(65_536)
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
    # a speaker rule can land on a party or a nationality ("the Republican tweeted"):
    # the heading names only a speaker who is someone
    who = next((w for w in (first.speaker, second.speaker) if w and _named(w)), "")
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
