"""The data model shared by every step of the pipeline.

All records are frozen, slotted dataclasses holding tuples, never lists, so a
``Comparison`` can be cached, hashed and passed between threads safely.

Offsets are character offsets into ``Article.text`` (a Python ``str``, i.e.
code points of the file's text read as UTF-8): for every sentence
``article.text[s.start:s.end] == s.text`` always holds. Vectors never appear
here; they stay inside ``embed.py`` and ``align.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

ConflictKind = Literal["number", "date", "title", "name_spelling", "claim", "quote", "attribution"]
"""What a conflict is about. ``name_spelling`` is a variant, not a disagreement."""

DiffTag = Literal["equal", "insert", "delete", "replace"]


@lru_cache(maxsize=4096)
def _source_number(article_id: str) -> int:
    """``s12`` -> 12 (article ids are ``s1``, ``s2`` … in the order given)."""
    return int(article_id.lstrip("s") or 0)


@dataclass(frozen=True, slots=True)
class Article:
    """One source's article, as read from a file or URL."""

    id: str
    """Short unique id within a comparison (``s1``, ``s2`` …)."""
    path: str
    """The path or URL as the user gave it."""
    name: str
    """Display name: metadata, then site name, then a file name a person chose
    (not a hash or "article3"), then title, then file stem."""
    text: str
    """The full text; every offset in the pipeline points into it."""
    title: str = ""
    """Headline, when known."""
    date: str = ""
    """Publication date as found in metadata (ISO when available)."""
    author: str = ""
    """Author(s), when known."""
    boilerplate: tuple[tuple[int, int], ...] = ()
    """Character spans ``(start, end)`` of lines that are not article prose."""
    encoding: str = "utf-8"
    """How the file was decoded: ``utf-8`` or ``windows-1252`` (said to the user)."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article, with exact character offsets."""

    id: str
    """Unique across the comparison: ``<article id>.<index>``, e.g. ``s2.14``."""
    article_id: str
    """The ``Article.id`` it belongs to."""
    index: int
    """Position within the article, from 0."""
    start: int
    """Offset of the first character in ``Article.text``."""
    end: int
    """Offset one past the last character in ``Article.text``."""
    text: str
    """Exactly ``article.text[start:end]``."""
    boilerplate: bool = False
    """True for captions, link lists, credits: kept but not aligned."""

    @property
    def order(self) -> tuple[int, int]:
        """Reading order across sources: (source number, index), so ``s2`` comes before ``s10``."""
        return _source_number(self.article_id), self.index


@dataclass(frozen=True, slots=True)
class Group:
    """Sentences of one or more sources that carry the same information."""

    id: str
    """``g1``, ``g2`` … in reading order of the first member."""
    members: tuple[str, ...]
    """Sentence ids; a source may contribute several."""
    sources: tuple[str, ...]
    """Distinct article ids among the members, in comparison order."""
    cohesion: float = 1.0
    """Mean pairwise cosine similarity of the members, in [-1, 1] (1 for a singleton)."""


LinkStrength = Literal["confident", "possible"]
"""How sure a fact link is: ``confident`` links count for the marks and the
consensus; ``possible`` ones are shown as "possibly" so a reader can judge."""


@dataclass(frozen=True, slots=True)
class Link:
    """Two sentences of different sources that share a fact (many-to-many: a sentence
    may link to several sentences, several of one source among them)."""

    a: str
    """Sentence id, the earlier in reading order."""
    b: str
    """Sentence id of another source."""
    score: float
    """Cosine similarity of the two sentences, in [-1, 1]."""
    strength: LinkStrength
    """``confident`` (counts for marks and consensus) or ``possible`` (shown only)."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two sentences of different sources that disagree on one detail."""

    a: str
    """Sentence id on one side."""
    b: str
    """Sentence id on the other side."""
    kind: ConflictKind
    """What the disagreement is about."""
    detail: str
    """One human line quoting both spans."""
    a_span: tuple[int, int] = (0, 0)
    """The differing span inside sentence ``a`` (offsets relative to the sentence)."""
    b_span: tuple[int, int] = (0, 0)
    """The differing span inside sentence ``b`` (offsets relative to the sentence)."""
    a_value: str = ""
    """The differing text on side ``a``."""
    b_value: str = ""
    """The differing text on side ``b``."""

    @property
    def is_variant(self) -> bool:
        """A spelling variant of one name (shown, counted apart): not a disagreement."""
        return self.kind == "name_spelling"


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One opcode of a word diff between two sentences."""

    tag: DiffTag
    """``equal``, ``insert`` (only right), ``delete`` (only left) or ``replace``."""
    left_words: tuple[str, ...]
    """Words on the left side (empty for ``insert``)."""
    right_words: tuple[str, ...]
    """Words on the right side (empty for ``delete``)."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything the pipeline found about a set of articles."""

    articles: tuple[Article, ...]
    """The sources, in the order given."""
    sentences: tuple[Sentence, ...]
    """All sentences of all articles, article by article."""
    groups: tuple[Group, ...]
    """Same-information groups; every non-boilerplate sentence is in one or more."""
    conflicts: tuple[Conflict, ...]
    """Detected conflicts, in reading order."""
    unique_words: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = ()
    """Per sentence id: spans (sentence-relative) of words no counterpart shares."""
    title: str = ""
    """Story title, when known."""
    model: str = ""
    """Name of the embedding model used (empty when no alignment ran)."""
    notes: tuple[str, ...] = ()
    """Things the user should know (identical articles, a single source …)."""
    links: tuple[Link, ...] = ()
    """Fact links between sentences of different sources, in reading order of ``a``;
    a sentence's sharing (its mark, its counterparts) comes from these and its groups."""
    _index: dict[str, Sentence] = field(default_factory=dict, compare=False, repr=False)
    _by_article: dict[str, tuple[Sentence, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._index.update({s.id: s for s in self.sentences})
        by_article: dict[str, list[Sentence]] = {a.id: [] for a in self.articles}
        for s in self.sentences:
            by_article.setdefault(s.article_id, []).append(s)
        self._by_article.update({a: tuple(group) for a, group in by_article.items()})

    def sentences_of(self, article_id: str) -> tuple[Sentence, ...]:
        """Return one article's sentences, in order (boilerplate included).

        Args:
            article_id: An ``Article.id``.

        Returns:
            Its sentences; empty for an unknown id.
        """
        return self._by_article.get(article_id, ())

    def sentence(self, sentence_id: str) -> Sentence:
        """Return the sentence with this id.

        Args:
            sentence_id: A ``Sentence.id``.

        Returns:
            The sentence.
        """
        return self._index[sentence_id]

    def article(self, article_id: str) -> Article:
        """Return the article with this id.

        Args:
            article_id: An ``Article.id``.

        Returns:
            The article.
        """
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)
