"""Stories: group a pile of unrelated articles into the events they cover.

Each article is represented by its lead — the title line and the first
sentences of prose (``LEAD_SENTENCES``) — embedded as one text. Articles are
merged by average linkage while the mean cosine between two groups stays at or
above ``STORY_COSINE``.

Measured on the six evaluation events plus the seed story mixed together (35
articles, 7 events; ``evals/stories.py``): with 5-sentence leads, pairs from the
same event have cosine >= 0.63 and pairs from different events <= 0.52, and
every threshold from 0.45 to 0.55 recovers the 7 events exactly; 0.50 sits in
the middle of that range.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .embed import Embedder
from .lexical import STOPWORDS
from .model import Article
from .sentences import split_sentences

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

LEAD_SENTENCES = 5
"""Prose sentences (after the title line) that stand for an article."""
TITLE_CHARS = 100
"""Longest story title shown; longer leads are cut at a word."""
STORY_COSINE = 0.50
"""Average cosine at or above which two groups of articles are one story."""


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one event."""

    title: str
    """The headline sharing the most words with its articles' others
    (``neutral_title``), or its first article's first sentence."""
    article_ids: tuple[str, ...]
    """Ids of the articles in the pile, in input order."""
    cohesion: float
    """Mean pairwise cosine of the leads, in [-1, 1] (1 for a single article)."""


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_LABELLED = re.compile(r"^\s*[A-Z][A-Z ]{3,}:\s")
"""A headline opening with an outlet's label in capitals ("DESPERATION: …")."""


def _title_words(title: str) -> set[str]:
    words = {w.lower().replace("’", "'").removesuffix("'s") for w in _WORD.findall(title)}
    return {w.rstrip("s") for w in words if w not in STOPWORDS and len(w) > 2}


def neutral_title(titles: Sequence[str]) -> str:
    """The headline that shares the most words with the others: a story named by
    what its outlets agree on, never by whichever file sorts first (often one
    outlet's opinion line). Headlines that are questions or open with a label in
    capitals ("DESPERATION: …") are chosen only if nothing else is left.

    Args:
        titles: The articles' headlines ("" where unknown).

    Returns:
        The chosen headline, its final stop removed, or "" when none is known.
    """
    known = [t.strip() for t in titles if t.strip()]
    if not known:
        return ""
    words = [_title_words(t) for t in known]

    def score(k: int) -> tuple[bool, float, int]:
        others = [w for j, w in enumerate(words) if j != k]
        overlap = sum(len(words[k] & w) / max(1, len(words[k] | w)) for w in others)
        plain = not (known[k].endswith("?") or _LABELLED.match(known[k]))
        return plain, overlap / max(1, len(others)), -k

    best = max(range(len(known)), key=score)
    return known[best].rstrip(". ")


def lead(article: Article, sentences: int = LEAD_SENTENCES) -> str:
    """The text that stands for an article: its first prose sentences."""
    prose = [s.text for s in split_sentences(article) if not s.boilerplate]
    return " ".join(prose[:sentences]) or article.title or article.name


MAX_NEIGHBOURS = 200
"""Most neighbours kept per article (its best ones at or above the threshold). Exact
unless an article has more than this many near-copies in the pile."""
STRIP_CELLS = 4_000_000
"""Most cosines held at once while finding neighbours (16 MB of float32)."""


def neighbour_pairs(
    vectors: NDArray[np.float32], threshold: float, limit: int = MAX_NEIGHBOURS
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Every pair ``i < j`` with cosine at or above ``threshold`` (each row's best
    ``limit``), computed a strip of rows at a time: never an n × n matrix.

    Args:
        vectors: Unit rows.
        threshold: Smallest cosine kept.
        limit: Most pairs kept per row.

    Returns:
        ``(i, j, cosine)`` arrays.
    """
    import numpy as np

    n = len(vectors)
    found_i, found_j, found_c = [], [], []
    step = max(1, STRIP_CELLS // max(n, 1))
    for first in range(0, n, step):
        block = vectors[first : first + step] @ vectors.T
        rows, cols = np.nonzero(block >= threshold)
        keep = cols != rows + first
        rows, cols = rows[keep], cols[keep]
        cos = block[rows, cols]
        # each row's best ``limit``: sort by (row, -cosine), keep the first of each row
        order = np.lexsort((-cos, rows))
        rows, cols, cos = rows[order], cols[order], cos[order]
        starts = np.searchsorted(rows, rows)
        keep = np.arange(len(rows)) - starts < limit
        found_i.append(rows[keep] + first)
        found_j.append(cols[keep])
        found_c.append(cos[keep].astype(np.float64))
    if not found_i:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty, np.zeros(0)
    i, j, c = np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_c)
    a, b = np.minimum(i, j), np.maximum(i, j)
    _, first_seen = np.unique(a * n + b, return_index=True)
    return a[first_seen], b[first_seen], c[first_seen]


def average_linkage(vectors: NDArray[np.float32], threshold: float) -> list[list[int]]:
    """Average-linkage clusters of unit vectors, merged while the mean cosine between
    two clusters is at or above ``threshold``.

    Two clusters can only reach the threshold on average if one of their cross
    pairs reaches it, so only clusters joined by a neighbour pair
    (``neighbour_pairs``) are candidates: the merge is exact without an
    all-pairs matrix. The mean cosine between clusters is the dot product of
    their vector sums over the product of their sizes; candidate pairs wait in a
    heap, and an entry made stale by a merge is dropped when it comes up.

    Args:
        vectors: Unit rows.
        threshold: Average cosine needed to merge.

    Returns:
        Clusters as sorted member lists, largest first, then by first member.
    """
    import numpy as np

    n = len(vectors)
    a, b, cos = neighbour_pairs(vectors, threshold)
    sums = {k: vectors[k].astype(np.float64) for k in range(n)}
    sizes = dict.fromkeys(range(n), 1)
    members: dict[int, list[int]] = {k: [k] for k in range(n)}
    neighbours: dict[int, set[int]] = {k: set() for k in range(n)}
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        neighbours[x].add(y)
        neighbours[y].add(x)
    # ties: the pair a scan in (x, y) order keeping ">=" would take, i.e. the last
    heap = [
        (-c, -x, -y, x, y) for x, y, c in zip(a.tolist(), b.tolist(), cos.tolist(), strict=True)
    ]
    heapq.heapify(heap)
    next_id = n
    while heap:
        negative, _, _, x, y = heapq.heappop(heap)
        if x not in sizes or y not in sizes:
            continue  # one side was merged since this entry was made
        if -negative < threshold:
            break
        merged = next_id
        next_id += 1
        sums[merged] = sums.pop(x) + sums.pop(y)
        sizes[merged] = sizes.pop(x) + sizes.pop(y)
        members[merged] = sorted(members.pop(x) + members.pop(y))
        near = (neighbours.pop(x) | neighbours.pop(y)) - {x, y}
        neighbours[merged] = near
        for other in near:
            neighbours[other] -= {x, y}
            neighbours[other].add(merged)
            average = float(sums[merged] @ sums[other]) / (sizes[merged] * sizes[other])
            if average >= threshold:
                # earlier first member first, as the first entries are ordered
                low, high = sorted((merged, other), key=lambda c: members[c][0])
                heapq.heappush(heap, (-average, -members[low][0], -members[high][0], low, high))
    return sorted(members.values(), key=lambda c: (-len(c), c[0]))


def group_stories(
    articles: Sequence[Article], embedder: Embedder, threshold: float = STORY_COSINE
) -> tuple[Story, ...]:
    """Group articles into stories.

    Args:
        articles: The pile.
        embedder: Embeds the leads.
        threshold: Average-linkage cosine needed to merge.

    Returns:
        Stories, largest first, then in input order.
    """
    import numpy as np  # lazy: the story picker imports this module on the UI thread

    if not articles:
        return ()
    vectors = embedder.encode([lead(a) for a in articles]).astype(np.float32)
    stories = []
    for cluster in average_linkage(vectors, threshold):
        first = articles[cluster[0]]
        neutral = neutral_title([articles[i].title for i in cluster])
        n = len(cluster)
        rows = vectors[cluster].astype(np.float64)
        total = rows.sum(axis=0)
        # mean cosine over distinct pairs, from the sum: (|sum|^2 - sum |v|^2) / (n (n - 1))
        own = float(np.einsum("ij,ij->", rows, rows))
        cohesion = 1.0 if n == 1 else float((total @ total - own) / (n * (n - 1)))
        title = neutral or lead(first, 1)
        if len(title) > TITLE_CHARS:
            title = title[: TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"
        stories.append(Story(title, tuple(articles[i].id for i in cluster), round(cohesion, 4)))
    return tuple(stories)


def story_articles(articles: Sequence[Article], story: Story) -> tuple[Article, ...]:
    """The story's articles, renumbered ``s1``, ``s2`` … for their own comparison."""
    chosen = [a for a in articles if a.id in story.article_ids]
    return tuple(replace(a, id=f"s{n}") for n, a in enumerate(chosen, start=1))
