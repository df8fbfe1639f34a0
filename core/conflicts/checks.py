"""The pair checks: one list drives both ``find_conflicts``'s loop over sentence
pairs and ``_details``, the summary that lets it skip pairs no check can flag."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from ..caches import story_cache
from ..model import Conflict, Sentence
from .claims import (
    _expectation_conflicts,
    _expected_verbs,
    _membership_conflicts,
    _memberships,
    _negated,
    _negation_conflicts,
)
from .contrary import _first_conflicts, _first_subjects, _permanence_conflicts, _permanence_read
from .dates import (
    _date_conflicts,
    _date_details,
    _day_conflicts,
    _day_details,
    _year_conflicts,
    _year_details,
)
from .numbers import (
    _lone_figures,
    _number_conflicts,
    _related_number_conflicts,
    _tally_conflicts,
    _tally_details,
    _values,
)
from .titles import _title_conflicts, _title_roles


@dataclass(frozen=True, slots=True)
class PairCheck:
    """A check run on pairs of sentences of different sources."""

    find: Callable[[Sentence, Sentence], list[Conflict]]
    """The conflicts in a pair ``(a, b)``, ``a`` first in reading order."""
    grouped_only: bool
    """Whether it runs only on pairs of one group ("strong" pairs), not on pairs of
    different groups that are merely related (a candidate link above the topic cosine)."""
    reads: Callable[[str], Hashable]
    """What it reads of one sentence: two sentences it reads alike, it finds nothing in."""
    related: Callable[[Sentence, Sentence], list[Conflict]] | None = None
    """What it runs on a pair of related sentences of different groups, if not ``find``
    (a stricter reading: the aligner did not say the two report one thing)."""
    story: bool = False
    """Whether it also runs on every other cross-source pair of related sentences
    (cosine at or above ``TOPIC_COSINE``) that it reads something in on both sides,
    not only on the aligner's pairs: for checks that read rare markers and are
    strict enough on their own ("Canada is the largest …", "permanent")."""


PAIR_CHECKS: tuple[PairCheck, ...] = (
    PairCheck(
        _number_conflicts, grouped_only=False, reads=_values, related=_related_number_conflicts
    ),
    PairCheck(_lone_figures, grouped_only=True, reads=_values),
    PairCheck(_tally_conflicts, grouped_only=True, reads=_tally_details),
    PairCheck(_date_conflicts, grouped_only=True, reads=_date_details),
    PairCheck(_day_conflicts, grouped_only=True, reads=_day_details),
    PairCheck(_year_conflicts, grouped_only=True, reads=_year_details),
    PairCheck(_negation_conflicts, grouped_only=True, reads=_negated),
    PairCheck(_title_conflicts, grouped_only=False, reads=_title_roles),
    PairCheck(_expectation_conflicts, grouped_only=False, reads=_expected_verbs, story=True),
    PairCheck(_first_conflicts, grouped_only=False, reads=_first_subjects, story=True),
    PairCheck(_permanence_conflicts, grouped_only=False, reads=_permanence_read, story=True),
    PairCheck(_membership_conflicts, grouped_only=False, reads=_memberships, story=True),
)
"""Every pair check, in the order their conflicts are listed for one pair."""

_READS = tuple(dict.fromkeys(check.reads for check in PAIR_CHECKS))
"""Each distinct ``reads`` of ``PAIR_CHECKS`` once, in order."""

_Details = tuple[Hashable, ...]


@story_cache(65_536)
def _details(text: str) -> _Details:
    """What the pair checks read of a sentence (``PairCheck.reads``): equal for two
    sentences, no check in ``PAIR_CHECKS`` finds anything in the pair."""
    return tuple(reads(text) for reads in _READS)
