"""``date`` conflicts: weekdays, months or relative periods that do not overlap,
a wire dateline left out, a neighbouring weekday in another time zone allowed;
days of one month ("June 12" / "June 14"); and the one year two sentences of one
group date something to ("halted in 2003" / "paused in early 2004"), part of a year
included. A date after "by", "until", "since" and the like is a deadline or a point
of reference, compared only with another of the same kind."""

from __future__ import annotations

import re

from ..caches import story_cache
from ..lexical import MONTHS, STOPWORDS, WEEKDAYS, Guarded
from ..model import Conflict, Sentence
from .common import _make

_RELATIVE = Guarded(
    re.compile(r"\b(last|this|next|past)\s+(week|month|year|weekend)\b", re.I),
    ("week", "month", "year"),
)
_WEEKDAY = Guarded(re.compile(rf"\b({'|'.join(WEEKDAYS)})\b", re.I), WEEKDAYS)
_MONTH_NAME = re.compile(rf"\b({'|'.join(m.capitalize() for m in MONTHS)})\b")
_MONTH = Guarded(_MONTH_NAME, MONTHS)
_DIGIT = re.compile(r"\d")
_MONTH_PREFIXES = tuple(m[:3] for m in MONTHS)
"""Each month's first three letters: what its name and abbreviations share."""
_MONTH_WORDS = "|".join(  # month names and their abbreviations ("Nov. 11")
    [m.capitalize() for m in MONTHS]
    + ["Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
)
_DATELINE = re.compile(
    rf"^\W*(?:[A-Z][A-Za-z.’' -]*,\s+){{0,2}}\b(?:{_MONTH_WORDS})\.?\s+\d{{1,2}}(?:,\s+\d{{4}})?"
    r"\s*(?:\([^()]{1,40}\))?\s*[—–-]"
)
"""A wire dateline opening the sentence ("WASHINGTON, April 30 (Reuters) -", "HARWICK,
England, Oct 8 (Newswire) -"): the filing date, not the date of anything the
sentence reports."""


_DATE_PATTERNS = ((_WEEKDAY, "days"), (_MONTH, "months"), (_RELATIVE, "periods"))


@story_cache(65_536)
def _date_mentions(text: str) -> tuple[tuple[frozenset[str], tuple[int, int], str], ...]:
    """Per date pattern: the distinct mentions (lower case), first span and first text.

    A sentence-opening wire dateline ("WASHINGTON, April 30 (Reuters) -") is the
    filing date, not a reported one: mentions inside it are left out.
    """
    result = []
    skip = _dateline_end(text)
    for pattern, _ in _DATE_PATTERNS:
        found = [m for m in pattern.finditer(text) if m.start() >= skip]
        if found:
            mentions = frozenset(m.group().lower() for m in found)
            result.append((mentions, found[0].span(), found[0].group()))
        else:
            result.append((frozenset(), (0, 0), ""))
    return tuple(result)


def _date_details(text: str) -> tuple[frozenset[str], ...]:
    """What the date check reads of a sentence: its mentions, per date pattern.

    It needs two disjoint mention sets of one pattern.
    """
    return tuple(mentions for mentions, _, _ in _date_mentions(text))


def _date_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    result = []
    mentions = zip(_date_mentions(a.text), _date_mentions(b.text), _DATE_PATTERNS, strict=True)
    for (set_a, _, _), (set_b, _, _), (pattern, label) in mentions:
        if not set_a or not set_b or set_a & set_b:
            continue
        found = _event_dates(a.text, pattern), _event_dates(b.text, pattern)
        if found[0] is None or found[1] is None:
            continue  # several dates in one sentence: which event each names is unclear
        (text_a, span_a, ref_a), (text_b, span_b, ref_b) = found[0], found[1]
        if ref_a != ref_b or ref_a in _PROGRESS:
            continue  # "by Friday the toll had risen" / "killed 12 on Tuesday": two moments
        if (
            pattern is _WEEKDAY
            and _adjacent_days(text_a, text_b)
            and (_TIME_ZONE.search(a.text) or _TIME_ZONE.search(b.text))
        ):
            continue  # "Friday evening" here is "Saturday morning local time" there
        result.append(
            _make("date", a, b, span_a, span_b, f"{label} differ: “{text_a}” vs “{text_b}”")
        )
    return result


def _event_dates(text: str, pattern: Guarded) -> tuple[str, tuple[int, int], str] | None:
    """The one date of a kind a sentence gives something (text, span, reference word):
    its one mention, or, among several, its one mention after no reference word
    ("started on Saturday … had burned 42,000 acres by Tuesday": Saturday); ``None``
    when that is not one date."""
    skip = _dateline_end(text)
    dated = [
        (m.group(), m.span(), _reference(text, m.start()))
        for m in pattern.finditer(text)
        if m.start() >= skip
    ]
    plain = [d for d in dated if not d[2]]
    kept = plain if plain and len(plain) < len(dated) else dated
    if len({d[0].lower() for d in kept}) != 1:
        return None
    return kept[0]


_DATE_REFERENCE = re.compile(
    r"\b(by|until|till|through|since|before|after|from|as\s+of)\s+(?:(?:the|last|next|this|"
    r"early|late|mid)\s+)?$",
    re.I,
)
"""A word that makes the date that follows a deadline, a start or a point of
reference ("by Friday", "until June 1", "since March"), not when the thing happened."""


_PROGRESS = frozenset({"by", "as of"})
"""Reference words that mark how far something had got ("38,000 acres by Monday night",
"17,000 hectares by Tuesday"): two such moments are not one event's date."""


def _reference(text: str, start: int) -> str:
    """The reference word before the date at ``start`` (lower case; "" if none)."""
    match = _DATE_REFERENCE.search(text, max(0, start - 24), start)
    return " ".join(match.group(1).lower().split()) if match else ""


_DAY_OF_MONTH = Guarded(
    re.compile(
        rf"\b(?:(?P<m1>{_MONTH_WORDS})\.?\s+(?P<d1>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b"
        rf"|(?P<d2>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_WORDS})\b)"
        r"(?!\s*(?:[-–]|to\b|and\b|through\b)\s*\d)"
    ),
    _MONTH_PREFIXES,
)
"""A day of a month, either way round ("June 12", "12 June", "the 13th of July"); not
the first day of a range ("June 12-14")."""


def _month_number(name: str) -> int:
    """0-11 for a month's name or abbreviation."""
    return _MONTH_PREFIXES.index(name[:3].lower())


_NEXT_WORD = re.compile(r"\s+([a-z]{3,})\b")
"""The lower-case word after a date: unless a stopword, the date names something ("the
Sept. 11 victims", "the June 12 vote")."""


def _modifies(text: str, end: int) -> bool:
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1) not in STOPWORDS


_IN_RELATIVE = re.compile(r",\s+(?:who|which|that)\b[^,]*$")
"""A date inside a relative clause dates something else (", who was arrested on June 3,")."""


@story_cache(65_536)
def _day_read(text: str) -> tuple[tuple[int, int], tuple[int, int], str] | None:
    """What the day check reads of a sentence: its one day of a month (month, day),
    the span and the reference word before it (``_reference``); ``None`` when it
    names none, several, or one inside a range or a wire dateline."""
    if not _DIGIT.search(text):
        return None  # a day of a month has its number: most sentences end here
    skip = _dateline_end(text)
    found = [
        m
        for m in _DAY_OF_MONTH.finditer(text)
        if m.start() >= skip
        and not _modifies(text, m.end())
        and not _IN_RELATIVE.search(text, 0, m.start())
    ]  # not a dateline, "the Sept. 11 victims", nor ", who was arrested on June 3,"
    if not found:
        return None
    days = {
        (
            _month_number(m.group("m1") or m.group("m2")),
            int(m.group("d1") or m.group("d2")),
        )
        for m in found
    }
    if len(days) != 1 or re.search(r"(?:between|from)\s+$", text[: found[0].start()]):
        return None
    return days.pop(), found[0].span(), _reference(text, found[0].start())


def _day_details(text: str) -> tuple[tuple[int, int], str] | None:
    """What the day check reads of a sentence (``_day_read`` without the span)."""
    read = _day_read(text)
    return (read[0], read[2]) if read else None


def _day_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    """Two sentences of one group dating something to different days of one month
    ("June 12" / "June 14"); months that differ are ``_date_conflicts``'s. A deadline
    against a plain date ("by June 12" / "on June 14") is not compared."""
    read_a, read_b = _day_read(a.text), _day_read(b.text)
    if read_a is None or read_b is None:
        return []
    (day_a, span_a, word_a), (day_b, span_b, word_b) = read_a, read_b
    if day_a == day_b or day_a[0] != day_b[0] or word_a != word_b:
        return []
    text_a, text_b = a.text[slice(*span_a)], b.text[slice(*span_b)]
    return [_make("date", a, b, span_a, span_b, f"days differ: “{text_a}” vs “{text_b}”")]


_TIME_ZONE = re.compile(
    r"\blocal time\b|\btime zones?\b|(?<![\w&])(?:[ECMP][SD]?T|GMT|UTC|BST|CES?T|[KJ]ST|MSK)\b"
)
"""A sentence that places its time in a time zone: a neighbouring weekday may be the same moment."""


def _adjacent_days(x: str, y: str) -> bool:
    i, j = WEEKDAYS.index(x.lower()), WEEKDAYS.index(y.lower())
    return (i - j) % 7 in (1, 6)


@story_cache(65_536)
def _dateline_end(text: str) -> int:
    """Where a sentence-opening dateline ends (0 if there is none)."""
    match = _DATELINE.match(text)
    return match.end() if match else 0


_ANY_YEAR = re.compile(r"(?<![\d,.$€£])\b(?:19|20)\d\d\b(?![\d,.]\d)")
_YEAR_IN = re.compile(
    r"\bin\s+(?:(?P<part>early|late|mid-?|the\s+(?:spring|summer|fall|autumn|winter)\s+of|"
    r"the\s+(?:first|second|third|fourth)\s+quarter\s+of)\s*)?"
    r"(?P<year>(?:19|20)\d\d)\b(?![-–/]\d|['’]s)",
    re.I,
)
"""A year something happened in: "in 2003", "in early 2004", "in mid-2016", "in the
third quarter of 2026"."""
_PART_OF_YEAR = {
    "early": (0, 3), "mid": (4, 7), "mid-": (4, 7), "late": (8, 11),
    "spring": (2, 5), "summer": (5, 8), "fall": (8, 11), "autumn": (8, 11), "winter": (0, 13),
    "first": (0, 2), "second": (3, 5), "third": (6, 8), "fourth": (9, 11),
}  # fmt: skip
"""Months (0-11) a part of a year may cover, read generously ("winter" runs into the next year)."""

_REFERENCE = re.compile(
    r"\b(?:after|before|since|until|till|following|prior|when|whose|born|from|than|compared)\b",
    re.I,
)
"""A word that makes the year's clause the date of another event or a point of
comparison ("after his death in 1973", "born in 1950", "up from 2 percent in
2021"). A relative clause is not one: "…, which he said had been shelved in 2003"
dates the event itself, though ", which opened in 1985, closed last year" would
date another (a risk the rule takes, on pairs of one group only)."""


@story_cache(65_536)
def _year_read(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """What the year check reads of a sentence: the months (counted from year 0) of
    its one dated year and the mention's span, when the sentence names exactly one
    year, outside a wire dateline, and names it as when something happened ("in
    2003"); ``None`` otherwise (no year, several, or a year as a name: "the 2016
    campaign", "a January 2017 report")."""
    skip = _dateline_end(text)
    years = [m for m in _ANY_YEAR.finditer(text) if m.start() >= skip]
    if len(years) != 1:
        return None
    match = _YEAR_IN.search(text, skip)
    if match is None or match.start("year") != years[0].start():
        return None
    clause = max(text.rfind(mark, skip, match.start()) for mark in ",;:—–(")
    if _REFERENCE.search(text, max(clause, skip), match.start()):
        return None  # "married after his death in 1973": the year of another event
    first = int(match.group("year")) * 12
    part = (match.group("part") or "").lower().split()
    named = part[1] if "quarter" in part else part[-2] if len(part) > 1 else "".join(part)
    low, high = _PART_OF_YEAR.get(named, (0, 11))
    return (first + low, first + high), match.span()


def _year_details(text: str) -> tuple[int, int] | None:
    """What the year check reads of a sentence (``_year_read`` without the span): it
    needs two of them that do not overlap."""
    read = _year_read(text)
    return read[0] if read else None


def _year_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    """Two sentences of one group, each dating one thing to one year ("in 2003", "in
    early 2004"), whose years (or parts of years) do not overlap."""
    read_a, read_b = _year_read(a.text), _year_read(b.text)
    if read_a is None or read_b is None:
        return []
    (low_a, high_a), span_a = read_a
    (low_b, high_b), span_b = read_b
    if low_a <= high_b and low_b <= high_a:
        return []
    text_a, text_b = a.text[slice(*span_a)], b.text[slice(*span_b)]
    return [_make("date", a, b, span_a, span_b, f"years differ: “{text_a}” vs “{text_b}”")]
