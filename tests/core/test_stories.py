"""Story grouping: the cluster-sum merge equals average linkage by its definition, and
the fast paths (components, complete components, batched averages, lines-prefix
leads, array title scores) give exactly what the plain implementations below give."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsread.core import stories
from newsread.core.ingest import article_from_text
from newsread.core.model import Article
from newsread.core.sentences import split_sentences
from newsread.core.stories import (
    STORY_COSINE,
    ann_pairs,
    average_linkage,
    components,
    group_stories,
    lead,
    neighbour_pairs,
    neutral_title,
)


class TableEmbedder:
    """Gives each lead a fixed unit vector (the tests' stand-in for the model)."""

    name = "table"

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts]).astype(np.float32)


def _by_definition(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Average linkage as written: the mean of every cross pair's cosine, best pair first
    (the last of equal ones, in (x, y) order), until no pair reaches the threshold."""
    similarity = vectors.astype(np.float64) @ vectors.astype(np.float64).T
    clusters = [[i] for i in range(len(vectors))]
    while len(clusters) > 1:
        best, pair = threshold, None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                value = float(similarity[np.ix_(clusters[x], clusters[y])].mean())
                if value >= best:
                    best, pair = value, (x, y)
        if pair is None:
            break
        x, y = pair
        clusters[x] = sorted(clusters[x] + clusters[y])
        del clusters[y]
    return sorted(clusters, key=lambda c: (-len(c), c[0]))


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=1, max_value=14),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=0, max_value=2**31 - 1),
)
def test_grouping_equals_average_linkage_by_definition(n: int, events: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(events, 8))
    raw = centres[rng.integers(0, events, n)] + rng.normal(scale=0.6, size=(n, 8))
    vectors = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    articles = [
        article_from_text(f"Lead number {i} of the pile.", article_id=f"s{i + 1}") for i in range(n)
    ]
    embedder = TableEmbedder({lead(a): v for a, v in zip(articles, vectors, strict=True)})
    stories = group_stories(articles, embedder)  # type: ignore[arg-type]
    expected = _by_definition(embedder.encode([lead(a) for a in articles]), STORY_COSINE)
    assert [list(s.article_ids) for s in stories] == [[f"s{i + 1}" for i in c] for c in expected]


def test_a_story_is_named_by_the_headline_its_outlets_agree_on() -> None:
    """Issue 18, defect 10: the first file's headline (often one outlet's opinion
    line) named the story. Invented headlines of one event:"""
    from newsread.core.stories import neutral_title

    titles = [
        "ALARM: City Hall Rams Through Budget Nobody Wanted",  # sorts first, labelled
        "Beware the council's spending spree: taxpayers will pay for years",
        "City council approves 40 million dollar budget after long hearing",
        "Council approves city budget, 7-2, after four-hour hearing",
        "Is the new budget fair to renters?",
    ]
    assert neutral_title(titles) in {titles[2], titles[3].rstrip(".")}  # the two reports
    assert neutral_title(["", "Only one headline."]) == "Only one headline"
    assert neutral_title(["", ""]) == ""


def _heap_reference(vectors: np.ndarray, threshold: float, limit: int) -> list[list[int]]:
    """The merge loop as it was before components and batched averages (commit
    69a1120): one heap over all candidate pairs, every neighbour set rewritten and
    every average one dot product at a time."""
    n = len(vectors)
    a, b, cos = neighbour_pairs(vectors, threshold, limit)
    sums = {k: vectors[k].astype(np.float64) for k in range(n)}
    sizes = dict.fromkeys(range(n), 1)
    members: dict[int, list[int]] = {k: [k] for k in range(n)}
    neighbours: dict[int, set[int]] = {k: set() for k in range(n)}
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        neighbours[x].add(y)
        neighbours[y].add(x)
    heap = [
        (-c, -x, -y, x, y) for x, y, c in zip(a.tolist(), b.tolist(), cos.tolist(), strict=True)
    ]
    heapq.heapify(heap)
    next_id = n
    while heap:
        negative, _, _, x, y = heapq.heappop(heap)
        if x not in sizes or y not in sizes:
            continue
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
                low, high = sorted((merged, other), key=lambda c: members[c][0])
                heapq.heappush(heap, (-average, -members[low][0], -members[high][0], low, high))
    return sorted(members.values(), key=lambda c: (-len(c), c[0]))


def _pairs_by_sorting(
    vectors: np.ndarray, threshold: float, limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``neighbour_pairs`` as it was (commit 69a1120): each strip's pairs sorted by
    (row, -cosine) and the first ``limit`` of each row kept."""
    n = len(vectors)
    found_i, found_j, found_c = [], [], []
    step = max(1, stories.STRIP_CELLS // max(n, 1))
    for first in range(0, n, step):
        block = vectors[first : first + step] @ vectors.T
        rows, cols = np.nonzero(block >= threshold)
        keep = cols != rows + first
        rows, cols = rows[keep], cols[keep]
        cos = block[rows, cols]
        order = np.lexsort((-cos, rows))
        rows, cols, cos = rows[order], cols[order], cos[order]
        starts = np.searchsorted(rows, rows)
        keep = np.arange(len(rows)) - starts < limit
        found_i.append(rows[keep] + first)
        found_j.append(cols[keep])
        found_c.append(cos[keep].astype(np.float64))
    i, j, c = np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_c)
    a, b = np.minimum(i, j), np.maximum(i, j)
    _, first_seen = np.unique(a * n + b, return_index=True)
    return a[first_seen], b[first_seen], c[first_seen]


@settings(max_examples=80, deadline=None)
@given(
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=0, max_value=8),
    st.sampled_from([0.0, STORY_COSINE, 0.9]),
    st.integers(min_value=1, max_value=400),
    st.integers(min_value=0, max_value=2**31 - 1),
)
def test_neighbour_pairs_equal_those_of_sorting_each_row(
    n: int, limit: int, threshold: float, strip: int, seed: int
) -> None:
    """Crowded rows (more pairs than ``limit``), duplicates (equal cosines at the cut),
    strips of one row to all rows."""
    rng = np.random.default_rng(seed)
    vectors = _clustered(rng, n, 2, 0.3)[rng.integers(0, n, n)]
    with patch.object(stories, "STRIP_CELLS", strip):
        found = neighbour_pairs(vectors, threshold, limit)
        expected = _pairs_by_sorting(vectors, threshold, limit)
    for got, want in zip(found, expected, strict=True):
        assert np.array_equal(got, want)


def _unit(raw: np.ndarray) -> np.ndarray:
    return (raw / np.linalg.norm(raw, axis=1, keepdims=True)).astype(np.float32)


def _clustered(rng: np.random.Generator, n: int, events: int, spread: float) -> np.ndarray:
    """``n`` noisy copies of ``events`` random directions in 8 dimensions."""
    centres = rng.normal(size=(events, 8))
    return _unit(centres[rng.integers(0, events, n)] + rng.normal(scale=spread, size=(n, 8)))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=1, max_value=5),
    st.sampled_from([0.05, 0.3, 0.6, 1.0, 3.0]),  # near-copies … unrelated vectors
    st.sampled_from([0.3, STORY_COSINE, 0.7]),
    st.booleans(),
    st.integers(min_value=0, max_value=2**31 - 1),
)
def test_average_linkage_equals_the_plain_implementations(
    n: int, events: int, spread: float, threshold: float, copies: bool, seed: int
) -> None:
    """Random and clustered vectors, with exact duplicates (tied cosines) if ``copies``."""
    rng = np.random.default_rng(seed)
    vectors = _clustered(rng, n, events, spread)
    if copies:
        vectors = vectors[rng.integers(0, n, n)]
    found = average_linkage(vectors, threshold)
    assert found == _by_definition(vectors, threshold)
    assert found == _heap_reference(vectors, threshold, stories.MAX_NEIGHBOURS)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=2, max_value=40),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=0, max_value=2**31 - 1),
)
def test_average_linkage_equals_the_old_loop_when_neighbours_are_cut(
    n: int, events: int, limit: int, seed: int
) -> None:
    """More near-copies than ``limit`` neighbours: components and the complete-component
    shortcut follow the kept pairs exactly as the old loop did."""
    rng = np.random.default_rng(seed)
    vectors = _clustered(rng, n, events, 0.4)
    assert average_linkage(vectors, STORY_COSINE, limit) == _heap_reference(
        vectors, STORY_COSINE, limit
    )


# Unit vectors with four entries of 0.5: every cosine and every sum is a whole number
# of quarters, so averages are exact and equal ones are equal in any arithmetic.
_HALVES = [
    np.array([0.5 if i in chosen else 0.0 for i in range(8)])
    for chosen in itertools.combinations(range(8), 4)
]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=len(_HALVES) - 1), min_size=1, max_size=16),
    st.sampled_from([0.25, STORY_COSINE, 0.75]),
)
def test_average_linkage_breaks_exact_ties_as_the_plain_implementations(
    picks: list[int], threshold: float
) -> None:
    """Cosines of exactly 0.5 (the threshold) and many equal averages."""
    vectors = np.stack([_HALVES[k] for k in picks]).astype(np.float32)
    found = average_linkage(vectors, threshold)
    assert found == _by_definition(vectors, threshold)
    assert found == _heap_reference(vectors, threshold, stories.MAX_NEIGHBOURS)


def test_a_component_of_near_copies_is_one_story_without_merging() -> None:
    rng = np.random.default_rng(7)
    vectors = _clustered(rng, 300, 3, 0.05)
    found = average_linkage(vectors, STORY_COSINE, limit=20)
    assert len(found) == 3
    assert found == _heap_reference(vectors, STORY_COSINE, 20)


def test_empty_and_single_piles() -> None:
    assert average_linkage(np.zeros((0, 4), dtype=np.float32), STORY_COSINE) == []
    assert average_linkage(_unit(np.ones((1, 4))), STORY_COSINE) == [[0]]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=30),
    st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=40),
)
def test_components_are_those_of_union_find(n: int, edges: list[tuple[int, int]]) -> None:
    edges = [(x, y) for x, y in edges if x < n and y < n]
    parent = list(range(n))

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for x, y in edges:
        parent[max(root(x), root(y))] = min(root(x), root(y))
    a = np.array([x for x, _ in edges], dtype=np.intp)
    b = np.array([y for _, y in edges], dtype=np.intp)
    assert components(n, a, b).tolist() == [root(k) for k in range(n)]


def _title_by_sets(titles: Sequence[str]) -> str:
    """``neutral_title`` as it was (commit 69a1120): every pair's overlap a set operation."""
    from newsread.core.stories import _LABELLED, _title_words

    known = [t.strip() for t in titles if t.strip()]
    if not known:
        return ""
    words = [_title_words(t) for t in known]

    def score(k: int) -> tuple[bool, float, int]:
        others = [w for j, w in enumerate(words) if j != k]
        overlap = sum(len(words[k] & w) / max(1, len(words[k] | w)) for w in others)
        plain = not (known[k].endswith("?") or _LABELLED.match(known[k]))
        return plain, overlap / max(1, len(others)), -k

    return known[max(range(len(known)), key=score)].rstrip(". ")


_HEADLINE_WORDS = ["Council", "approves", "budget", "city", "vote", "hearing", "renters",
                   "Mayor", "taxes", "plan", "ALARM:", "the", "of", "7-2"]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.lists(st.sampled_from(_HEADLINE_WORDS), max_size=7).map(" ".join),
            st.lists(st.sampled_from(_HEADLINE_WORDS), max_size=5)
            .map(" ".join)
            .map(lambda t: t + "?"),
            st.text(max_size=20),
        ),
        max_size=40,
    ),
    st.integers(min_value=1, max_value=200),
)
def test_neutral_title_equals_the_set_by_set_scores(titles: list[str], strip: int) -> None:
    """Duplicated and unrelated headlines, questions, labels; strips of a few titles."""
    with patch.object(stories, "STRIP_CELLS", strip):
        assert neutral_title(titles) == _title_by_sets(titles)


def _lead_of_whole_text(text: str, sentences: int) -> str:
    article = article_from_text(text)
    prose = [s.text for s in split_sentences(article) if not s.boilerplate]
    return " ".join(prose[:sentences]) or article.title or article.name


_LINES = [
    "Council approves budget",
    "The council voted 7-2 on Tuesday. Mr. Smith objected.",
    "Photo: the council chamber (AP Photo)",
    "Related: other news",
    "",
    "   ",
    "A line with no end",
    "Dr. Jones said the plan would pass. It did. Nobody was surprised!",
    "\r",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(_LINES), st.text(max_size=60)), max_size=30),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=1, max_value=120),
)
def test_lead_from_a_prefix_equals_the_lead_of_the_whole_text(
    lines: list[str], sentences: int, chars: int
) -> None:
    text = "\n".join(lines)
    with patch.object(stories, "LEAD_CHARS", chars):
        assert lead(article_from_text(text), sentences) == _lead_of_whole_text(text, sentences)


def test_the_approximate_index_groups_separate_events_as_the_exact_search() -> None:
    """3,000 noisy copies of 60 events: the inverted-file index (√n cells, its
    default probes) misses no pair that matters."""
    pytest.importorskip("faiss")
    rng = np.random.default_rng(11)
    centres = rng.normal(size=(60, 32))
    vectors = _unit(centres[rng.integers(0, 60, 3000)] + rng.normal(scale=0.25, size=(3000, 32)))
    exact = average_linkage(vectors, STORY_COSINE)
    pairs = ann_pairs(vectors, STORY_COSINE)
    assert average_linkage(vectors, STORY_COSINE, pairs=pairs) == exact
    assert 50 <= len(exact) <= 60  # a few events lie close enough to merge


def _pile(n: int) -> tuple[list[Article], TableEmbedder]:
    rng = np.random.default_rng(5)
    vectors = _clustered(rng, n, 3, 0.3)
    articles = [
        article_from_text(f"Lead number {i} of the pile.", article_id=f"s{i + 1}") for i in range(n)
    ]
    return articles, TableEmbedder({lead(a): v for a, v in zip(articles, vectors, strict=True)})


def test_a_large_pile_without_faiss_is_grouped_exactly_with_a_note() -> None:
    articles, embedder = _pile(40)
    exact = group_stories(articles, embedder)  # type: ignore[arg-type]
    notes: list[str] = []
    with patch.object(stories, "ann_available", lambda: False):
        found = group_stories(articles, embedder, approximate_from=40, notes=notes)  # type: ignore[arg-type]
    assert found == exact
    assert len(notes) == 1 and "faiss is not installed" in notes[0] and "40 articles" in notes[0]
    notes.clear()
    group_stories(articles, embedder, approximate_from=41, notes=notes)  # type: ignore[arg-type]
    assert notes == []  # below the size: exact by design, nothing to say


def test_a_large_pile_with_faiss_uses_the_index() -> None:
    pytest.importorskip("faiss")
    articles, embedder = _pile(40)
    notes: list[str] = []
    used: list[int] = []

    def counted(vectors: np.ndarray, threshold: float) -> tuple[np.ndarray, ...]:
        used.append(len(vectors))
        return ann_pairs(vectors, threshold)

    with patch.object(stories, "ann_pairs", counted):
        found = group_stories(articles, embedder, approximate_from=40, notes=notes)  # type: ignore[arg-type]
    assert used == [40] and notes == []
    assert found == group_stories(articles, embedder)  # type: ignore[arg-type]
