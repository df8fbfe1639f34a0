"""What a comparison report says, independent of its format.

``build_report`` turns a ``Comparison`` into plain records (sources table,
consensus, unique details, disputes, conflicts, name variants, the entity
sheet's names written differently, omissions), each
statement carrying the labels of the sources that report it. ``export.py``
renders them as Markdown and ``html.py`` as a self-contained web page, so both
formats always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Comparison, Group, Sentence
from .summary import consensus_groups, coverage, disputes, majority, omissions, source_stats


@dataclass(frozen=True, slots=True)
class Item:
    """One statement and the sources that report it."""

    text: str
    """The statement (a representative sentence)."""
    cites: tuple[str, ...]
    """Source labels (``S1`` …)."""


@dataclass(frozen=True, slots=True)
class Detail:
    """Words only one source adds to a shared sentence."""

    words: tuple[str, ...]
    """The added words or phrases."""
    sentence: str
    """The sentence they are in."""


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One line of the sources table."""

    label: str
    name: str
    path: str
    sentences: int
    shared: int
    unique: int
    conflicts: int


@dataclass(frozen=True, slots=True)
class SourceSection:
    """Per-source list: what it alone reports, or what it leaves out."""

    label: str
    name: str
    items: tuple[Item, ...]
    details: tuple[Detail, ...] = ()


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """Two quotes side by side."""

    kind: str
    a_text: str
    a_label: str
    b_text: str
    b_label: str
    detail: str


DISPUTE_LABELS = {"number": "numbers", "date": "dates", "title": "titles"}
"""How a dispute's kind is named in reports."""


@dataclass(frozen=True, slots=True)
class DisputeRow:
    """One disputed figure, date or title: each value with the sources that give it."""

    kind: str
    values: tuple[tuple[str, tuple[str, ...]], ...]
    """``(value, source labels)`` in reading order."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One name spelled two ways."""

    x: str
    x_cites: tuple[str, ...]
    y: str
    y_cites: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A name the sources write or title differently (``entities.entity_sheet``)."""

    name: str
    spellings: tuple[tuple[str, tuple[str, ...]], ...]
    """Each spelling that differs, with the labels of the sources writing it."""
    titles: tuple[tuple[str, tuple[str, ...]], ...]
    """Each title given, with the labels of the sources giving it."""


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a report shows."""

    title: str
    intro: str
    sources: tuple[SourceRow, ...]
    majority: int
    consensus: tuple[Item, ...]
    shared_some: tuple[Item, ...]
    unique: tuple[SourceSection, ...]
    disputes: tuple[DisputeRow, ...]
    conflicts: tuple[ConflictRow, ...]
    variants: tuple[Variant, ...]
    omissions: tuple[SourceSection, ...]
    names: tuple[EntityRow, ...] = ()
    """Names written or titled differently across sources, most sources first."""
    other_names: tuple[tuple[str, int], ...] = ()
    """Other names two or more sources use, with how many sources use them."""


def label(article_id: str) -> str:
    """The short citation label of a source: ``s2`` -> ``S2``."""
    return article_id.upper()


def build_report(comparison: Comparison) -> Report:
    """Collect what the report says.

    Args:
        comparison: The comparison.

    Returns:
        The report's content.
    """
    names = {a.id: a.name for a in comparison.articles}
    stats = source_stats(comparison)
    sentence = comparison.sentence
    need = majority(comparison)

    def item(group: Group) -> Item:
        return Item(_representative(comparison, group).text, tuple(map(label, group.sources)))

    def statement(group: Group) -> Item:
        """A consensus statement: its own sentence, citing the sources that say it."""
        return Item(sentence(group.members[0]).text, tuple(map(label, group.sources)))

    consensus = consensus_groups(comparison)
    stated = {m for g in consensus for m in g.members}

    covered = coverage(comparison)
    unique = []
    for article in comparison.articles:
        own = [
            g
            for g in comparison.groups
            if g.sources == (article.id,) and not covered.keys() & set(g.members)
        ]
        details = tuple(
            Detail(tuple(sentence(sid).text[a:b] for a, b in spans), sentence(sid).text)
            for sid, spans in comparison.unique_words
            if sentence(sid).article_id == article.id
        )
        items = tuple(
            Item(" ".join(sentence(m).text for m in g.members), (label(article.id),)) for g in own
        )
        unique.append(SourceSection(label(article.id), article.name, items, details))
    variants: dict[tuple[str, str], set[str]] = {}
    for c in comparison.conflicts:
        if c.is_variant:
            key = (min(c.a_value, c.b_value), max(c.a_value, c.b_value))
            variants.setdefault(key, set()).update(
                (sentence(c.a).article_id, sentence(c.b).article_id)
            )
    from .entities import entity_sheet  # not for the reader's start-up (``label`` is)

    missing = omissions(comparison, consensus)
    sheet = entity_sheet(comparison)
    return Report(
        title=comparison.title or "Comparison of " + ", ".join(names.values()),
        intro=(
            f"{len(comparison.articles)} sources compared by newsread"
            + (f" (embedding model: {comparison.model})" if comparison.model else "")
            + ". Sentences that carry the same information are grouped; citations in"
            " brackets name the sources that report each statement."
        ),
        sources=tuple(
            SourceRow(
                label(a.id),
                a.name,
                a.path,
                stats[a.id].sentences,
                stats[a.id].shared,
                stats[a.id].unique,
                stats[a.id].conflicts,
            )  # fmt: skip
            for a in comparison.articles
        ),
        majority=need,
        consensus=tuple(statement(g) for g in consensus),
        shared_some=tuple(
            item(g)
            for g in comparison.groups
            if 1 < len(g.sources) < need and not stated.intersection(g.members)
        ),
        unique=tuple(unique),
        disputes=tuple(
            DisputeRow(d.kind, tuple((v.text, tuple(map(label, v.sources))) for v in d.values))
            for d in disputes(comparison)
        ),
        conflicts=tuple(
            ConflictRow(
                c.kind,
                sentence(c.a).text,
                label(sentence(c.a).article_id),
                sentence(c.b).text,
                label(sentence(c.b).article_id),
                c.detail,
            )  # fmt: skip
            for c in comparison.conflicts
            if not c.is_variant
        ),
        variants=tuple(
            Variant(x, _users(comparison, sources, x), y, _users(comparison, sources, y))
            for (x, y), sources in variants.items()
        ),
        omissions=tuple(
            SourceSection(label(a.id), a.name, tuple(statement(g) for g in missing[a.id]))
            for a in comparison.articles
        ),
        names=tuple(
            EntityRow(
                e.name,
                tuple((n.text, tuple(map(label, n.sources))) for n in e.variants),
                tuple((n.text, tuple(map(label, n.sources))) for n in e.titles),
            )
            for e in sheet
            if e.differs
        ),
        other_names=tuple(
            (e.name, len(e.sources)) for e in sheet if not e.differs and len(e.sources) > 1
        ),
    )


def _users(comparison: Comparison, sources: set[str], word: str) -> tuple[str, ...]:
    return tuple(
        label(i) for i in sorted(sources) if any(word in s.text for s in comparison.sentences_of(i))
    )


def _representative(comparison: Comparison, group: Group) -> Sentence:
    """The member that best stands for a group: the shortest one of 40+ characters."""
    members = [comparison.sentence(m) for m in group.members]
    return min(members, key=lambda s: (len(s.text) < 40, len(s.text)))
