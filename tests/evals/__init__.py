"""Quality floors on ``python -m evals.run``'s figures."""

from __future__ import annotations

from collections.abc import Iterable

from evals import clusters


def pooled_topics(
    scores: Iterable[clusters.TopicScore], event_recall: float, tempting: int
) -> clusters.TopicScore:
    """Pool events' topic scores, asserting each event's floor on the way: topic recall
    at least ``event_recall``, at most ``tempting`` tempting pairs flagged."""
    total = clusters.TopicScore("all")
    for score in scores:
        total.add(score)
        assert clusters.ratio(score.found, score.topics) >= event_recall, score.event
        assert score.false_on_tempting <= tempting, score.event
    return total
