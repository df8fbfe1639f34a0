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

Candidate pairs (two articles that may end in one story) are each article's
best neighbours at or above the threshold: found exactly, by strips of cosines
(``neighbour_pairs``), or in piles of ``ANN_ARTICLES`` or more with faiss
installed, by an approximate inverted-file index (``ann_pairs``). The merge over
those pairs is exact average linkage either way (``average_linkage``).
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
    means = _mean_overlaps([_title_words(t) for t in known])
    plain = [not (t.endswith("?") or _LABELLED.match(t)) for t in known]
    best = max(range(len(known)), key=lambda k: (plain[k], means[k], -k))
    return known[best].rstrip(". ")


def _mean_overlaps(words: Sequence[set[str]]) -> list[float]:
    """Each word set's mean Jaccard overlap with the others.

    The overlaps are summed in input order, one after the other (``cumsum``, its
    own term as 0.0), as ``sum`` over the others would: the same floats, for a
    story's n titles in n² array cells rather than n² set operations in Python.
    Jaccard indices are computed once per pair of distinct word sets.
    """
    import numpy as np

    distinct: dict[frozenset[str], int] = {}
    kind = np.array([distinct.setdefault(frozenset(w), len(distinct)) for w in words])
    vocabulary: dict[str, int] = {}
    has = np.zeros((len(distinct), len({w for ws in distinct for w in ws})))
    for row, ws in enumerate(distinct):
        for w in ws:
            has[row, vocabulary.setdefault(w, len(vocabulary))] = 1.0
    shared = has @ has.T  # small whole numbers: exact
    counts = has.sum(axis=1)
    jaccard = shared / np.maximum(1.0, counts[:, None] + counts[None, :] - shared)
    n = len(words)
    means: list[float] = []
    step = max(1, STRIP_CELLS // n)
    for first in range(0, n, step):
        rows = jaccard[kind[first : first + step]][:, kind]
        rows[np.arange(len(rows)), np.arange(first, first + len(rows))] = 0.0
        means.extend((np.cumsum(rows, axis=1)[:, -1] / max(1, n - 1)).tolist())
    return means


LEAD_CHARS = 2_000
"""Characters of an article's text split first when looking for its lead (doubled
until the lead is complete or the text ends)."""


def lead(article: Article, sentences: int = LEAD_SENTENCES) -> str:
    """The text that stands for an article: its first prose sentences.

    Sentences never cross a line break and each line is split on its own, so the
    text is split a prefix of whole lines at a time (``LEAD_CHARS``, doubled until
    enough prose sentences are found): the same sentences as splitting it whole,
    without splitting the rest of a long article.
    """
    text = article.text
    size = LEAD_CHARS
    while True:
        cut = len(text) if size >= len(text) else text.find("\n", size)
        part = article if cut < 0 or cut >= len(text) else replace(article, text=text[:cut])
        prose = [s.text for s in split_sentences(part) if not s.boilerplate]
        if len(prose) >= sentences or part is article:
            return " ".join(prose[:sentences]) or article.title or article.name
        size *= 2


MAX_NEIGHBOURS = 200
"""Most neighbours kept per article (its best ones at or above the threshold). Exact
unless an article has more than this many near-copies in the pile: then they may
fill its neighbours and its event splits into groups of copies (the bench pile of
35 articles copied with small edits does so from about 7,000 articles)."""
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
        keep = _best_of_each_row(block, first, rows, cos, limit)
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


ANN_ARTICLES = 10_000
"""Piles of at least this many articles take their candidate pairs from an
approximate index (``ann_pairs``) when faiss is installed: the exact strips cost
n² cosines. Measured against the exact grouping in BENCHMARKS.md §12."""
ANN_PROBES = 8
"""Cells of the index searched for each article (of about √n cells)."""


def ann_available() -> bool:
    """Whether faiss (``pip install 'newsread[cluster]'``) can be imported."""
    import importlib.util

    return importlib.util.find_spec("faiss") is not None


def ann_pairs(
    vectors: NDArray[np.float32],
    threshold: float,
    limit: int = MAX_NEIGHBOURS,
    cells: int | None = None,
    probes: int = ANN_PROBES,
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Approximately ``neighbour_pairs``: each row's best ``limit`` neighbours at or
    above ``threshold`` as found by a faiss inverted-file index (k-means cells,
    about √n of them; each row searches its ``probes`` nearest cells). A
    neighbour in a cell not searched is missed. Repeatable with the same number
    of threads (faiss's k-means has a fixed seed; the search within the chosen
    cells is exhaustive); another thread count rounds the k-means differently
    and can change a few of the pairs found (1 vs 2 threads at 10,000 bench
    articles: other pairs, the same stories), so reruns that must match use the
    same thread count.

    Args:
        vectors: Unit rows.
        threshold: Smallest cosine kept.
        limit: Most pairs kept per row.
        cells: Cells of the index (default: √n).
        probes: Cells searched for each row.

    Returns:
        ``(i, j, cosine)`` arrays, ``i < j``, ordered by ``(i, j)``.
    """
    import faiss  # optional (the cluster extra): only large piles need it
    import numpy as np

    n, dimensions = vectors.shape
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    cells = max(1, min(n, cells or int(n**0.5)))
    quantizer = faiss.IndexFlatIP(dimensions)
    index = faiss.IndexIVFFlat(quantizer, dimensions, cells, faiss.METRIC_INNER_PRODUCT)
    index.cp.min_points_per_centroid = 1  # no warning on stderr for small piles
    index.train(data)
    index.add(data)
    index.nprobe = min(probes, cells)
    found, ids = index.search(data, min(n, limit + 1))  # best first, itself among them
    rows = np.repeat(np.arange(n), ids.shape[1]).reshape(ids.shape)
    keep = (ids >= 0) & (ids != rows) & (found >= threshold)
    keep &= np.cumsum(keep, axis=1) <= limit
    i, j = rows[keep].astype(np.intp), ids[keep].astype(np.intp)
    c = found[keep].astype(np.float64)
    a, b = np.minimum(i, j), np.maximum(i, j)
    _, first_seen = np.unique(a * n + b, return_index=True)
    return a[first_seen], b[first_seen], c[first_seen]


def _best_of_each_row(
    block: NDArray[np.float32],
    first: int,
    rows: NDArray[np.intp],
    cos: NDArray[np.float32],
    limit: int,
) -> NDArray[np.bool_]:
    """Which of a strip's pairs (row-major, columns ascending) are their row's best
    ``limit`` by cosine, the leftmost column first among equal cosines.

    A row with more pairs than that keeps those above its ``limit``-th best cosine
    (``np.partition`` of the row, itself left out), then the leftmost of those equal
    to it: the pairs a sort by (-cosine, column) would put first, without sorting.
    """
    import numpy as np

    counts = np.bincount(rows, minlength=len(block))
    crowded = np.flatnonzero(counts > limit)
    if limit < 1:
        return np.zeros(len(rows), dtype=bool)
    if not len(crowded):
        return np.ones(len(rows), dtype=bool)
    others = -block[crowded]
    others[np.arange(len(crowded)), crowded + first] = np.inf  # not its own neighbour
    bar = np.full(len(block), -np.inf, dtype=block.dtype)
    bar[crowded] = -np.partition(others, limit - 1, axis=1)[:, limit - 1]
    keep = cos > bar[rows]
    tied = np.flatnonzero(cos == bar[rows])
    if len(tied):
        room = limit - np.bincount(rows[keep], minlength=len(block))
        tied_rows = rows[tied]
        rank = np.arange(len(tied)) - np.searchsorted(tied_rows, tied_rows)
        keep[tied[rank < room[tied_rows]]] = True
    return keep


COMPLETE_MARGIN = 1e-4
"""How far above the threshold every pair of a component must be for it to be one
story without merging: more than float32 rounding of a 384-dimension cosine
(at most about 2.3e-5) and float64 rounding of the averages the merge would compute."""


def components(n: int, a: NDArray[np.intp], b: NDArray[np.intp]) -> NDArray[np.intp]:
    """Connected components of the graph on ``0 … n-1`` with edges ``a[k]–b[k]``.

    Args:
        n: Number of nodes.
        a: One end of each edge.
        b: The other end.

    Returns:
        Each node's component label: the smallest node of its component.
    """
    import numpy as np

    labels = np.arange(n)
    while True:
        low = np.minimum(labels[a], labels[b])
        np.minimum.at(labels, labels[a], low)  # hook each root onto the smaller label
        np.minimum.at(labels, labels[b], low)
        while True:  # pointer jumping: every node points at its root
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(labels[a], labels[b]):
            return labels


def _all_pairs_above(rows: NDArray[np.float32], floor: float) -> bool:
    """Whether every pair of ``rows`` has a cosine at or above ``floor`` (strips of rows)."""
    step = max(1, STRIP_CELLS // max(len(rows), 1))
    for first in range(0, len(rows), step):
        if float((rows[first : first + step] @ rows.T).min()) < floor:
            return False
    return True


def _merge_component(
    vectors: NDArray[np.float32],
    a: NDArray[np.intp],
    b: NDArray[np.intp],
    cos: NDArray[np.float64],
    threshold: float,
) -> NDArray[np.intp]:
    """Average linkage over one component's candidate pairs (local indices, ``a < b``).

    Clusters get fresh ids (``m``, ``m + 1`` …) as they are made. Each keeps the
    ids it was made from as neighbours, resolved through ``owner`` (the live
    cluster that absorbed an id) when it merges, so no other cluster's neighbours
    are rewritten; the averages with all its neighbours are one batched product
    (``(1, d) @ (k, d, 1)``: a dot product per neighbour, the same arithmetic as
    ``sum_a @ sum_b`` one pair at a time).

    Returns:
        Each member's final cluster id.
    """
    import numpy as np

    m = len(vectors)
    capacity = 2 * m
    sums = np.zeros((capacity, vectors.shape[1]))
    sums[:m] = vectors.astype(np.float64)
    sizes = np.zeros(capacity, dtype=np.int64)
    sizes[:m] = 1
    first = np.arange(capacity)  # a cluster's first member (ids >= m get theirs on merging)
    alive = np.zeros(capacity, dtype=bool)
    alive[:m] = True
    owner = np.arange(capacity)
    absorbed: list[NDArray[np.intp]] = [np.zeros(0, dtype=np.intp)] * capacity
    ends = np.concatenate((a, b))
    others = np.concatenate((b, a))
    order = np.argsort(ends, kind="stable")
    bounds = np.searchsorted(ends[order], np.arange(m + 1))
    near: list[NDArray[np.intp]] = [others[order[bounds[k] : bounds[k + 1]]] for k in range(m)]
    near.extend([np.zeros(0, dtype=np.intp)] * m)
    # ties: the pair a scan in (x, y) order keeping ">=" would take, i.e. the last
    heap = [
        (-c, -x, -y, x, y) for x, y, c in zip(a.tolist(), b.tolist(), cos.tolist(), strict=True)
    ]
    heapq.heapify(heap)
    merged = m
    while heap:
        negative, _, _, x, y = heapq.heappop(heap)
        if not (alive[x] and alive[y]):
            continue  # one side was merged since this entry was made
        if -negative < threshold:
            break
        alive[x] = alive[y] = False
        alive[merged] = True
        sums[merged] = sums[x] + sums[y]
        sizes[merged] = sizes[x] + sizes[y]
        first[merged] = min(first[x], first[y])
        gone = np.concatenate((absorbed[x], absorbed[y], [x, y]))
        owner[gone] = merged
        absorbed[merged] = gone
        absorbed[x] = absorbed[y] = absorbed[0][:0]
        around = np.unique(owner[np.concatenate((near[x], near[y]))])
        around = around[around != merged]
        near[merged] = around
        near[x] = near[y] = around[:0]
        if len(around):
            dots = (sums[merged][None, None, :] @ sums[around][:, :, None])[:, 0, 0]
            averages = dots / (sizes[around] * sizes[merged])
            keep = averages >= threshold
            own = int(first[merged])
            for other, average, start in zip(
                around[keep].tolist(),
                averages[keep].tolist(),
                first[around[keep]].tolist(),
                strict=True,
            ):
                # earlier first member first, as the first entries are ordered
                if own < start:
                    heapq.heappush(heap, (-average, -own, -start, merged, other))
                else:
                    heapq.heappush(heap, (-average, -start, -own, other, merged))
        merged += 1
    return owner[:m]


def average_linkage(
    vectors: NDArray[np.float32],
    threshold: float,
    limit: int = MAX_NEIGHBOURS,
    pairs: tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]] | None = None,
) -> list[list[int]]:
    """Average-linkage clusters of unit vectors, merged while the mean cosine between
    two clusters is at or above ``threshold``.

    Two clusters can only reach the threshold on average if one of their cross
    pairs reaches it, so only clusters joined by a neighbour pair
    (``neighbour_pairs``) are candidates: the merge is exact without an
    all-pairs matrix. It never joins two connected components of that
    neighbour graph, so each is merged on its own; a component whose every pair
    is at or above the threshold (``COMPLETE_MARGIN`` above it, checked on all
    its pairs, not only its neighbour pairs) is one cluster with no merging,
    since every average of its parts is at or above the threshold too. Elsewhere
    the mean cosine between clusters is the dot product of their vector sums
    over the product of their sizes; candidate pairs wait in a heap, and an
    entry made stale by a merge is dropped when it comes up.

    Args:
        vectors: Unit rows.
        threshold: Average cosine needed to merge.
        limit: Most neighbours kept per vector (``neighbour_pairs``).
        pairs: Candidate pairs found otherwise (``ann_pairs``: some neighbours
            may be missing), instead of ``neighbour_pairs(vectors, threshold, limit)``.

    Returns:
        Clusters as sorted member lists, largest first, then by first member.
    """
    import numpy as np

    n = len(vectors)
    a, b, cos = pairs if pairs is not None else neighbour_pairs(vectors, threshold, limit)
    labels = components(n, a, b)
    groups = _groups(labels)
    local = np.empty(n, dtype=np.intp)  # a node's position in its component
    for members in groups:
        local[members] = np.arange(len(members))
    pair_order = np.argsort(labels[a], kind="stable")
    pair_labels = labels[a][pair_order]
    clusters: list[list[int]] = []
    for members in groups:
        if len(members) == 1 or _all_pairs_above(vectors[members], threshold + COMPLETE_MARGIN):
            clusters.append(members.tolist())
            continue
        label = members[0]
        span = pair_order[
            np.searchsorted(pair_labels, label) : np.searchsorted(pair_labels, label, "right")
        ]
        # members are ascending, so local order is global order (and ties break alike)
        final = _merge_component(
            vectors[members], local[a[span]], local[b[span]], cos[span], threshold
        )
        clusters.extend(members[part].tolist() for part in _groups(final))
    return sorted(clusters, key=lambda c: (-len(c), c[0]))


def _groups(labels: NDArray[np.intp]) -> list[NDArray[np.intp]]:
    """Positions sharing a label, each ascending, in order of their first position."""
    import numpy as np

    if not len(labels):
        return []
    order = np.argsort(labels, kind="stable")
    ordered = labels[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    parts = np.split(order, starts[1:])
    return sorted(parts, key=lambda part: int(part[0]))


def group_stories(
    articles: Sequence[Article],
    embedder: Embedder,
    threshold: float = STORY_COSINE,
    *,
    approximate_from: int = ANN_ARTICLES,
    notes: list[str] | None = None,
) -> tuple[Story, ...]:
    """Group articles into stories.

    Args:
        articles: The pile.
        embedder: Embeds the leads.
        threshold: Average-linkage cosine needed to merge.
        approximate_from: Piles at least this large use the approximate
            neighbour index (``ann_pairs``) when faiss is installed.
        notes: Gets one line when a pile that large is grouped exactly because
            faiss is missing (slower, same or better stories).

    Returns:
        Stories, largest first, then in input order.
    """
    import numpy as np  # lazy: the story picker imports this module on the UI thread

    if not articles:
        return ()
    approximate = len(articles) >= approximate_from
    if approximate and not ann_available():
        approximate = False
        if notes is not None:
            notes.append(
                f"{len(articles):,} articles grouped with the exact neighbour search: "
                "faiss is not installed (pip install 'newsread[cluster]' for the "
                "approximate index)"
            )
    vectors = embedder.encode([lead(a) for a in articles]).astype(np.float32)
    stories = []
    pairs = ann_pairs(vectors, threshold) if approximate else None
    for cluster in average_linkage(vectors, threshold, pairs=pairs):
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
