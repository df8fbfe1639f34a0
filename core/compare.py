"""The pipeline: articles -> sentences -> embeddings -> alignment -> conflicts.

``compare`` is the one entry point the command line, the reader and the
evaluation scripts share. It does no I/O of its own beyond what the embedder
does (model, cache), and reports progress through an optional callback:
``progress(stage, done, total)`` with stage one of ``"sentences"``,
``"embeddings"``, ``"alignment"``, ``"conflicts"``. A callback may raise to
cancel (the reader's worker does so when it is cancelled).
"""

from __future__ import annotations

import gc
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np

from .align import align, fact_links, scored_candidates, strong_link
from .conflicts import find_conflicts
from .diff import spans_not_in
from .embed import Embedder
from .ingest import IngestError
from .lexical import STOPWORDS, folded_words, words
from .model import Article, Comparison, Group, Link, Sentence
from .sentences import split_all
from .stories import neutral_title
from .wordvec import shared_words

if TYPE_CHECKING:
    from numpy.typing import NDArray

StageProgress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``."""

EMBED_BATCH = 256
"""Sentences embedded per call, so progress moves and cancelling is prompt."""


class _CollectorPause:
    """Keeps Python's cyclic garbage collector off while any pipeline runs.

    The pipeline allocates hundreds of thousands of small containers (token
    sets, candidate pairs, heap entries) and frees almost none before it ends,
    so the collector runs every few hundred allocations and its oldest
    generation rescans everything alive: at 100 articles that was 15% of the
    non-embedding time, and the share grows with the input. The pipeline's
    records hold no reference cycles, so reference counting frees them as
    before. Threads may overlap: the first one in turns the collector off, the
    last one out turns it back on (if it was on).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._was_enabled = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._running == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0 and self._was_enabled:
                    gc.enable()


collector_paused = _CollectorPause()
"""``with collector_paused(): ...`` runs a pipeline step without collector pauses."""


def compare(
    articles: Sequence[Article],
    embedder: Embedder,
    title: str = "",
    progress: StageProgress | None = None,
) -> Comparison:
    """Run the whole pipeline on a set of articles.

    Args:
        articles: The sources, in display order.
        embedder: Turns sentences into unit vectors (cached or not).
        title: Story title, if known.
        progress: Optional ``progress(stage, done, total)`` callback.

    Returns:
        The comparison: sentences, groups, conflicts and unique-word spans.
    """

    return compare_with_words(articles, embedder, title, progress)[0]


def compare_with_words(
    articles: Sequence[Article],
    embedder: Embedder,
    title: str = "",
    progress: StageProgress | None = None,
    sentences: tuple[Sentence, ...] | None = None,
) -> tuple[Comparison, dict[str, NDArray[np.float32]]]:
    """As ``compare``, also giving the word vectors it read (``wordvec``).

    The reader keeps them to say which words of a sentence each counterpart
    matches in meaning (``wordvec.matched_words``) without embedding again.

    Args:
        articles: The sources, in display order.
        embedder: Turns sentences into unit vectors (cached or not).
        title: Story title, if known.
        progress: Optional ``progress(stage, done, total)`` callback.
        sentences: ``split_all(articles)`` when the caller has split them already
            (the reader shows them before aligning): they are not split again.

    Returns:
        The comparison, and each content sentence's word vectors by sentence id
        (empty when the embedder gives none).
    """
    with collector_paused():
        return _compare(articles, embedder, title, progress, sentences)


def _compare(
    articles: Sequence[Article],
    embedder: Embedder,
    title: str,
    progress: StageProgress | None,
    split: tuple[Sentence, ...] | None = None,
) -> tuple[Comparison, dict[str, NDArray[np.float32]]]:
    def report(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(stage, done, total)

    sentences = split if split is not None else split_all(articles)
    check_limits(articles, sentences)
    report("sentences", len(articles), len(articles))
    content = [s for s in sentences if not s.boilerplate]
    vectors, word_vectors = embed_with_words(
        [s.text for s in content], embedder, lambda d, t: report("embeddings", d, t)
    )
    candidates = scored_candidates(content, vectors, lambda d, t: report("alignment", d, t))
    links = [link for link in candidates if strong_link(link)]
    groups = align(content, vectors, links)
    shared = fact_links(content, candidates)
    ids = [s.id for s in content]
    pairs = [(content[link.i].id, content[link.j].id) for link in links]
    report("conflicts", 0, 1)
    conflicts = find_conflicts(sentences, groups, pairs, Cosines(ids, vectors))
    report("conflicts", 1, 1)
    if not title and len(articles) > 1:
        title = neutral_title([a.title for a in articles])
    word_of = None if word_vectors is None else dict(zip(ids, word_vectors, strict=True))
    comparison = Comparison(
        articles=tuple(articles),
        sentences=sentences,
        groups=groups,
        conflicts=conflicts,
        unique_words=unique_words(sentences, groups, shared, word_of),
        title=title,
        model=embedder.name,
        notes=input_notes(articles),
        links=shared,
    )
    return comparison, word_of or {}


COSINE_CHUNK = 4096
"""Pairs whose cosines ``Cosines.many`` computes in one numpy call (two 6 MB gathers)."""


class Cosines:
    """The cosine of two sentences by id, from the story's unit vectors: the
    ``Similarity`` the conflict checks get.

    ``many`` gives a list of pairs' cosines in one numpy call per ``COSINE_CHUNK``
    pairs, 3× faster than one call per pair, with the same float32 dot products (a
    stack of row-times-column products: ``tests/core/test_compare.py`` checks the
    values are equal to the last bit).
    """

    def __init__(self, ids: Sequence[str], vectors: NDArray[np.float32]) -> None:
        self._row = {sentence_id: n for n, sentence_id in enumerate(ids)}
        self._vectors = vectors

    def __call__(self, a: str, b: str) -> float:
        return float(self._vectors[self._row[a]] @ self._vectors[self._row[b]])

    def many(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """The cosine of each ``(id, id)`` pair, in order."""
        row, vectors = self._row, self._vectors
        result: list[float] = []
        for start in range(0, len(pairs), COSINE_CHUNK):
            chunk = pairs[start : start + COSINE_CHUNK]
            left = vectors[[row[a] for a, _ in chunk]][:, None, :]
            right = vectors[[row[b] for _, b in chunk]][:, :, None]
            result.extend(np.matmul(left, right)[:, 0, 0].tolist())
        return result


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    progress: Callable[[int, int], None] | None = None,
) -> NDArray[np.float32]:
    """Embed sentences in chunks of ``EMBED_BATCH``, shortest first.

    The model pads each batch to its longest text, so chunks of similar length
    save work (in input order, news sentences cost up to 86% more tokens).

    Args:
        texts: Sentences.
        embedder: The embedder.
        progress: Called with ``(done, total)`` after each chunk.

    Returns:
        One unit row per text, in the order given.
    """
    return _embed(texts, embedder, progress, with_words=False)[0]


def embed_with_words(
    texts: Sequence[str],
    embedder: Embedder,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[NDArray[np.float32], list[NDArray[np.float32]] | None]:
    """As ``embed_texts``, with each sentence's word vectors (``wordvec``) from the same
    forward pass, when the embedder gives them (``CachedEmbedder.encode_with_words``).

    Args:
        texts: Sentences.
        embedder: The embedder.
        progress: Called with ``(done, total)`` after each chunk.

    Returns:
        The rows, and the word vectors per text (``None``: this embedder has none).
    """
    return _embed(texts, embedder, progress, with_words=True)


def _embed(
    texts: Sequence[str],
    embedder: Embedder,
    progress: Callable[[int, int], None] | None,
    with_words: bool,
) -> tuple[NDArray[np.float32], list[NDArray[np.float32]] | None]:
    encode_with_words = getattr(embedder, "encode_with_words", None) if with_words else None
    order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
    parts = []
    word_rows: list[NDArray[np.float32]] | None = [] if encode_with_words else None
    if progress is not None and texts:
        progress(0, len(texts))  # before the first batch, which may load the model
    for start in range(0, len(order), EMBED_BATCH):
        chunk = [texts[k] for k in order[start : start + EMBED_BATCH]]
        if encode_with_words is not None:
            vectors, rows = encode_with_words(chunk)
            parts.append(vectors)
            if rows is None or word_rows is None:
                word_rows = None  # the model cannot give them: exact words only
            else:
                word_rows.extend(rows)
        else:
            parts.append(embedder.encode(chunk))
        if progress is not None:
            progress(min(start + EMBED_BATCH, len(texts)), len(texts))
    if not parts:
        return np.zeros((0, 1), dtype=np.float32), [] if word_rows is not None else None
    vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
    vectors[order] = np.concatenate(parts)
    if word_rows is None:
        return vectors, None
    in_order: list[NDArray[np.float32]] = [word_rows[0]] * len(texts)
    for position, k in enumerate(order):
        in_order[k] = word_rows[position]
    return vectors, in_order


MAX_SENTENCES = 5_000
"""Most sentences read from one article (ten times a long-form feature); a longer one
is refused with the limit named. With ``ingest.MAX_TEXT_CHARS`` it bounds the work
one article can cause: at this limit a comparison takes under 30 s with no cache
(BENCHMARKS.md, "Limits")."""


def check_limits(articles: Sequence[Article], sentences: Sequence[Sentence]) -> None:
    """Refuse an article with more than ``MAX_SENTENCES`` sentences.

    Args:
        articles: The sources.
        sentences: Their sentences.

    Raises:
        IngestError: Naming the article and the limit.
    """
    counts: dict[str, int] = {}
    for sentence in sentences:
        counts[sentence.article_id] = counts.get(sentence.article_id, 0) + 1
    for article in articles:
        if counts.get(article.id, 0) > MAX_SENTENCES:
            raise IngestError(
                f"{article.path}: {counts[article.id]:,} sentences is over the "
                f"{MAX_SENTENCES:,}-sentence limit for one article; pass a shorter text"
            )


def input_notes(articles: Sequence[Article]) -> tuple[str, ...]:
    """Things to tell the user about the input itself.

    Args:
        articles: The sources.

    Returns:
        One line per note: a single source, identical texts, a non-UTF-8 file.
    """
    notes = []
    if len(articles) == 1:
        notes.append("only one article: comparing needs two or more")
    first_seen: dict[str, Article] = {}
    for article in articles:
        key = " ".join(article.text.split())
        if key in first_seen:
            other = first_seen[key]
            notes.append(
                f"{article.name} ({article.id.upper()}) has the same text as "
                f"{other.name} ({other.id.upper()}): they align fully"
            )
        else:
            first_seen[key] = article
        if article.encoding != "utf-8":
            notes.append(f"{article.path} is not UTF-8; read it as {article.encoding}")
    return tuple(notes)


def unique_words(
    sentences: Sequence[Sentence],
    groups: Sequence[Group],
    links: Sequence[Link] = (),
    word_vectors: Mapping[str, NDArray[np.float32]] | None = None,
) -> tuple[tuple[str, tuple[tuple[int, int], ...]], ...]:
    """For each shared sentence, the words no counterpart shares.

    Counterparts are the other sources' sentences in its groups and those it has
    a confident fact link to; a word is the sentence's own detail only when none
    of them uses it, or, given word vectors (``wordvec``), none of them has a
    word that means the same in context (names, numbers and quoted words match
    only exactly).

    Args:
        sentences: All sentences.
        groups: The alignment.
        links: Fact links (``align.fact_links``).
        word_vectors: Word vectors by sentence id, or ``None`` for exact words only.

    Returns:
        ``(sentence id, spans)`` pairs, only for sentences with unique words.
    """
    by_id = {s.id: s for s in sentences}
    spans: dict[str, set[tuple[int, int]]] = {}
    counterparts: dict[str, set[str]] = {}
    for group in groups:
        if len(group.sources) < 2:
            continue
        # A word is shared when a sentence of another source in the group has it:
        # count, for each word, the sources that use it (linear in group size).
        source_words: dict[str, set[str]] = {}
        source_members: dict[str, set[str]] = {}
        for member in group.members:
            sentence = by_id[member]
            source_words.setdefault(sentence.article_id, set()).update(folded_words(sentence.text))
            source_members.setdefault(sentence.article_id, set()).add(member)
        users = Counter(word for found in source_words.values() for word in found)
        shared = {word for word, count in users.items() if count > 1}
        everyone = set(group.members)
        elsewhere = {source: everyone - own for source, own in source_members.items()}
        for member in group.members:
            found = spans_not_in(by_id[member].text, shared)
            if member in spans:  # second membership: unique only if unique in both
                spans[member] &= set(found)
            else:
                spans[member] = set(found)
            counterparts.setdefault(member, set()).update(elsewhere[by_id[member].article_id])
    linked: dict[str, list[str]] = {}
    for link in links:
        if link.strength == "confident":
            linked.setdefault(link.a, []).append(link.b)
            linked.setdefault(link.b, []).append(link.a)
            counterparts.setdefault(link.a, set()).add(link.b)
            counterparts.setdefault(link.b, set()).add(link.a)
    for sid, neighbours in linked.items():
        used = set().union(*(folded_words(by_id[o].text) for o in neighbours))
        found = spans_not_in(by_id[sid].text, used)
        spans[sid] = spans[sid] & set(found) if sid in spans else set(found)
    if word_vectors is not None:
        for sid, found_spans in spans.items():
            if found_spans and sid in word_vectors:
                others = [word_vectors[o] for o in counterparts.get(sid, ()) if o in word_vectors]
                text = by_id[sid].text
                underlined = frozenset(  # only words under a span can lose it
                    n
                    for n, (a, b, _) in enumerate(words(text))
                    if any(start <= a and b <= end for start, end in found_spans)
                )
                meant = shared_words(text, word_vectors[sid], others, underlined)
                spans[sid] = _without_words(by_id[sid].text, found_spans, meant)
    order = {s.id: n for n, s in enumerate(sentences)}
    return tuple(
        (sid, tuple(sorted(found)))
        for sid, found in sorted(spans.items(), key=lambda item: order[item[0]])
        if found
    )


def _without_words(
    text: str, spans: set[tuple[int, int]], matched: frozenset[int]
) -> set[tuple[int, int]]:
    """Underlined spans with the words a counterpart matches in meaning taken out
    (a span of several words keeps its other words, split where needed)."""
    if not matched:
        return spans
    tokens = words(text)
    gone = {(tokens[n][0], tokens[n][1]) for n in matched}
    kept: set[tuple[int, int]] = set()
    for start, end in spans:
        inside = [(a, b) for a, b, w in tokens if a >= start and b <= end]
        current: tuple[int, int] | None = None
        for a, b in inside:
            word = text[a:b]
            if (a, b) in gone:
                if current is not None:
                    kept.add(current)
                current = None
            elif current is None:
                if folded_words(word) and folded_words(word)[0] in STOPWORDS:
                    continue  # a span never starts with a stopword
                current = (a, b)
            else:
                current = (current[0], b)
        if current is not None:
            kept.add(current)
    return {_trim_stopwords(text, span) for span in kept}


def _trim_stopwords(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Drop stopwords at the end of a span ("talks in" -> "talks")."""
    inside = [(a, b) for a, b, _ in words(text) if a >= span[0] and b <= span[1]]
    while len(inside) > 1 and folded_words(text[inside[-1][0] : inside[-1][1]])[0] in STOPWORDS:
        inside.pop()
    return (inside[0][0], inside[-1][1]) if inside else span
