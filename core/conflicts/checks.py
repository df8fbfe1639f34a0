"""The pair checks: one list drives both ``find_conflicts``'s loop over sentence
pairs and ``_details``, the summary that lets it skip pairs no check can flag."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache

from ..model import Conflict, Sentence
from .claims import _expectation_conflicts, _expected_verbs, _negated, _negation_conflicts
from .dates import _date_conflicts, _date_details
from .numbers import _lone_figures, _number_conflicts, _values
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


PAIR_CHECKS: tuple[PairCheck, ...] = (
    PairCheck(_number_conflicts, grouped_only=False, reads=_values),
    PairCheck(_lone_figures, grouped_only=True, reads=_values),
    PairCheck(_date_conflicts, grouped_only=True, reads=_date_details),
    PairCheck(_negation_conflicts, grouped_only=True, reads=_negated),
    PairCheck(_title_conflicts, grouped_only=False, reads=_title_roles),
    PairCheck(_expectation_conflicts, grouped_only=False, reads=_expected_verbs),
)
"""Every pair check, in the order their conflicts are listed for one pair."""

_READS = tuple(dict.fromkeys(check.reads for check in PAIR_CHECKS))
"""Each distinct ``reads`` of ``PAIR_CHECKS`` once, in order."""

_Details = tuple[Hashable, ...]


@lru_cache(maxsize=65_536)
def _details(text: str) -> _Details:
    """What the pair checks read of a sentence (``PairCheck.reads``): equal for two
    sentences, no check in ``PAIR_CHECKS`` finds anything in the pair."""
    return tuple(reads(text) for reads in _READS)
