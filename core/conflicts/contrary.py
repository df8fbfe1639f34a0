"""``claim`` conflicts between two assertions that cannot both hold, read in related
sentences of different sources (pair checks, ``checks.PAIR_CHECKS``):

- **two different firsts**: each source names a different first of the same
  ranking ("Canada is the largest steel exporter to the United States" /
  "South Korea made up the largest share … of U.S. imports, according to an
  American Iron and Steel Institute analysis"). Only a plain assertion counts:
  "X is/was/remains/made up the largest …"; "one of the largest", "the
  second-largest" and questions name no first.
- **permanent against for now**: one source calls an arrangement permanent,
  another says it holds for now or is temporary, and the two phrases name at
  least ``PERMANENCE_NAMES`` of the same proper names ("permanent exemptions for
  Argentina, Australia and Brazil" / "agreements with Argentina, Australia and
  Brazil … at least for now"). A permanence that is sought, demanded, doubted
  or negated ("trying to secure permanent exemptions", "unlikely to reach
  permanent agreements") is not asserted and is not compared.

Both lean towards silence: an unflagged disagreement is a miss the reader can
still see in the aligned text; a false ▲ costs the reader's trust.
"""

from __future__ import annotations

import re

from ..caches import story_cache
from ..lexical import STOPWORDS, Guarded, content_words, normalise
from ..model import Conflict, Sentence
from .common import _make
from .names import _name_tokens

# --- two different firsts ----------------------------------------------------

_FIRST = re.compile(
    r"(?P<subject>(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*)\s+"
    r"(?:is|was|remains|remained|became|has been|had been|ranks as|ranked as|"
    r"made up|makes up|accounts for|accounted for)\s+"
    r"the\s+(?P<rank>largest|biggest|top|leading|greatest|No\.\s?1|number one)\b"
)
"""A plain assertion of a first: a capitalised subject, a copula, "the largest"."""
_TAIL_WORDS = 15
"""Content words after the superlative that say what is ranked."""
_GENERIC_TAIL = frozenset({"share", "one", "year", "percent", "cent", "according"})
"""Tail words that say nothing about what is ranked."""


@story_cache(65_536)
def _firsts(text: str) -> tuple[tuple[frozenset[str], frozenset[str], int, int], ...]:
    """Each first the sentence asserts: (subject name words, ranked-thing words, span)."""
    if "the " not in text:
        return ()
    found = []
    for match in _FIRST.finditer(text):
        subject = match.group("subject")
        names = frozenset(normalise(w) for w in re.findall(r"[A-Z][\w’'.-]*", subject)) - STOPWORDS
        if not names or text[: match.start()].rstrip().endswith(("of", "Of")):
            continue  # "It is the largest", "one of the largest"
        tail = content_words(text[match.end("rank") :])[:_TAIL_WORDS]
        end = _phrase_end(text, match.end("rank"))
        found.append((names, frozenset(tail) - _GENERIC_TAIL, match.start("subject"), end))
    return tuple(found)


def _phrase_end(text: str, start: int, words: int = 4) -> int:
    """End of the noun phrase after ``start``: up to ``words`` words, before a comma,
    without trailing small words ("the largest steel exporter", not "… to the")."""
    stop = re.search(r"[,;.—–(]", text[start:])
    limit = start + stop.start() if stop else len(text)
    found = list(re.finditer(r"\S+", text[start:limit]))[:words]
    while found and normalise(found[-1].group()) in STOPWORDS:
        found.pop()
    return start + found[-1].end() if found else start


def _first_subjects(text: str) -> frozenset[frozenset[str]]:
    """What the firsts check reads of a sentence: the subjects it ranks first."""
    return frozenset(names for names, _, _, _ in _firsts(text))


def _first_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    """Two sources name different firsts of one ranking: neither subject names the
    other, and what follows the superlative shares a word ("steel")."""
    for names_a, tail_a, start_a, end_a in _firsts(a.text):
        for names_b, tail_b, start_b, end_b in _firsts(b.text):
            if names_a & names_b or not tail_a & tail_b:
                continue
            x, y = a.text[start_a:end_a], b.text[start_b:end_b]
            detail = f"each names a different first: “{x}” vs “{y}”"
            return [_make("claim", a, b, (start_a, end_a), (start_b, end_b), detail)]
    return []


# --- permanent against for now -------------------------------------------------

PERMANENCE_NAMES = 2
"""Proper names the permanent and the temporary phrase must share."""
_PERMANENT = Guarded(
    re.compile(r"\b(?:permanent(?:ly)?|indefinite(?:ly)?|for good)\b", re.I),
    ("permanent", "indefinite", "for good"),
)
_TEMPORARY = Guarded(
    re.compile(
        r"\b(?:temporar(?:y|ily)|interim|provisional(?:ly)?|short-term|"
        r"(?:at least )?for now|for the time being)\b",
        re.I,
    ),
    ("temporar", "interim", "provisional", "short-term", "for now", "for the time being"),
)
_ADVERBIAL = re.compile(r"(?:at least )?for now|for the time being|\w+ly$", re.I)
"""Markers that qualify the whole sentence rather than the words after them."""
_NOT_ASSERTED = re.compile(
    r"\b(?:seek|seeks|sought|seeking|secure|securing|obtain|obtaining|demand\w*|want\w*|"
    r"hope\w*|push\w*|call\w* for|ask\w*|request\w*|lobby\w*|press\w* for|should|would|"
    r"could|might|may|unlikely|likely|if|no|not|never|without|whether|progress in)\b",
    re.I,
)
"""Words before "permanent" that make it wished for, doubted or denied."""
_NEGATED = re.compile(r"\b(?:no|not|never|nor)\s+(?:\w+\s+)?$", re.I)
_BEFORE_WORDS = 6
_SCOPE_WORDS = 10


@story_cache(65_536)
def _permanence(text: str) -> tuple[tuple[bool, frozenset[str], int, int], ...]:
    """Each asserted permanent or temporary marker: (permanent?, the names it is
    said of, span of the phrase)."""
    if bool(_PERMANENT.search(text)) == bool(_TEMPORARY.search(text)):
        return ()  # neither, or both: "a permanent ceasefire, not a temporary one"
    found = []
    for permanent, pattern in ((True, _PERMANENT), (False, _TEMPORARY)):
        for match in pattern.finditer(text):
            before = " ".join(text[: match.start()].split()[-_BEFORE_WORDS:])
            if _NEGATED.search(text[: match.start()]):
                continue
            if permanent and _NOT_ASSERTED.search(before):
                continue
            adverbial = bool(_ADVERBIAL.fullmatch(match.group()))
            if adverbial:
                scope_start, scope_end = 0, len(text)
                span = (match.start(), match.end())
            else:
                scope_start = match.start()
                scope_end = _words_end(text, match.end(), _SCOPE_WORDS)
                span = (match.start(), _phrase_end(text, match.start(), 6))
            tokens = _name_tokens(text[scope_start:scope_end])
            names = frozenset(tokens) - _PERMANENCE_GENERIC
            if names and not adverbial:
                # the phrase runs on to the last name it is said of ("… Australia and Brazil")
                span = (span[0], max(span[1], scope_start + max(tokens[n][1] for n in names)))
            found.append((permanent, names, *span))
    return tuple(found)


def _words_end(text: str, start: int, words: int) -> int:
    """End of the ``words``-th word after ``start`` (the text's end if fewer)."""
    ends = [m.end() for m in re.finditer(r"\S+", text[start:])]
    return start + ends[words - 1] if len(ends) >= words else len(text)


_PERMANENCE_GENERIC = frozenset(
    {"President", "White", "House", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
     "Saturday", "Sunday", "January", "February", "March", "April", "June", "July",
     "August", "September", "October", "November", "December"}
)  # fmt: skip
"""Capitalised words that name no party to an arrangement (days, months, offices)."""


def _permanence_read(text: str) -> frozenset[bool]:
    """What the permanence check reads of a sentence: which markers it asserts."""
    return frozenset(p for p, _, _, _ in _permanence(text))


def _permanence_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    """One source calls it permanent, another temporary or "for now", of the same
    named parties."""
    best: tuple[int, Conflict] | None = None
    for pa, names_a, sa, ea in _permanence(a.text):
        for pb, names_b, sb, eb in _permanence(b.text):
            shared = len(names_a & names_b)
            if pa == pb or shared < PERMANENCE_NAMES:
                continue
            x, y = a.text[sa:ea], b.text[sb:eb]
            lasting, passing = (x, y) if pa else (y, x)
            detail = f"one source says permanent, another temporary: “{lasting}” vs “{passing}”"
            conflict = _make("claim", a, b, (sa, ea), (sb, eb), detail)
            if best is None or shared > best[0]:
                best = (shared, conflict)
    return [best[1]] if best else []
