"""``date`` conflicts: weekdays, months or relative periods that do not overlap,
a wire dateline left out, a neighbouring weekday in another time zone allowed."""

from __future__ import annotations

import re

from ..caches import story_cache
from ..lexical import MONTHS, WEEKDAYS
from ..model import Conflict, Sentence
from .common import _make

_RELATIVE = re.compile(r"\b(last|this|next|past)\s+(week|month|year|weekend)\b", re.I)
_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b", re.I)
_MONTH = re.compile(rf"\b({'|'.join(m.capitalize() for m in MONTHS)})\b")
_DATELINE = re.compile(
    rf"^\W*(?:[A-Z][A-Za-z.’' -]*,\s+)?{_MONTH.pattern}\.?\s+\d{{1,2}}(?:,\s+\d{{4}})?"
    r"\s*(?:\([^()]{1,40}\))?\s*[—–-]"
)
"""A wire dateline opening the sentence ("WASHINGTON, April 30 (Reuters) -"): the
filing date, not the date of anything the sentence reports."""


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
    for (set_a, span_a, text_a), (set_b, span_b, text_b), (pattern, label) in mentions:
        if not set_a or not set_b:
            continue
        if set_a & set_b or len(set_a) > 1 or len(set_b) > 1:
            continue  # several dates in one sentence: which event each names is unclear
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


_TIME_ZONE = re.compile(
    r"\blocal time\b|\btime zones?\b|(?<![\w&])(?:[ECMP][SD]?T|GMT|UTC|BST|CES?T|[KJ]ST|MSK)\b"
)
"""A sentence that places its time in a time zone: a neighbouring weekday may be the same moment."""


def _adjacent_days(x: str, y: str) -> bool:
    i, j = WEEKDAYS.index(x.lower()), WEEKDAYS.index(y.lower())
    return (i - j) % 7 in (1, 6)


def _dateline_end(text: str) -> int:
    """Where a sentence-opening dateline ends (0 if there is none)."""
    match = _DATELINE.match(text)
    return match.end() if match else 0
