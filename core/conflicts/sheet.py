"""``name_spelling`` variants and ``title`` conflicts from the entity sheet, across
the whole story.

Titles: two sources giving one person the same role with a different status
("former President" / "President") disagree wherever the two mentions stand, in
aligned sentences or not; roles worded differently ("adviser" / "aide") are shown on
the sheet, not flagged.

A name one outlet spells differently is a variant wherever the two spellings
stand, not only inside sentences that were aligned (``entities.entity_sheet``
groups every mention of a name first). Only spellings of the same name count:

- the same letters written with or without a hyphen, space or apostrophe
  (Kim Jong-un / Kim Jong Un, Worker's / Workers' Party);
- one word spelled two ways, the rest the same (Pueblo / Pueblos Sin Fronteras,
  Zelensky / Zelenskyy), a surname alone included (Papadopoulous / George
  Papadopoulos);
- the same first and last name, one with a middle name (Sarah Sanders / Sarah
  Huckabee Sanders; a middle initial is no other spelling);
- a forename and its nickname, the surname the same (Rick / Richard Gates, Rudy
  Giuliani / Rudolph W. Giuliani).

House style is not a variant (E.U. / EU, a capital in "Up For"), nor is an
acronym beside its name or a shorter form of a place (Friendship Park /
International Friendship Park): the sheet shows those, with their sources.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..entities import Entity, Naming, build_sheet, nicknamed
from ..lexical import spelling_variants
from ..model import Conflict, Sentence
from .common import TOPIC_COSINE, Similarity, _make
from .titles import _title_conflicts


def sheet_conflicts(
    sentences: Sequence[Sentence], similarity: Similarity | None = None
) -> list[Conflict]:
    """The sheet's conflicts: spelling variants (``sheet_variants``) and titles
    (``sheet_titles``), from one sheet."""
    order = _source_order(sentences)
    sheet = build_sheet(sentences, order)
    return sheet_variants(sentences, similarity, sheet) + sheet_titles(sentences, sheet)


def _source_order(sentences: Sequence[Sentence]) -> dict[str, int]:
    """Each source's position, by first sentence in reading order."""
    order: dict[str, int] = {}
    for sentence in sentences:
        order.setdefault(sentence.article_id, len(order))
    return order


def sheet_titles(
    sentences: Sequence[Sentence], sheet: Sequence[Entity] | None = None
) -> list[Conflict]:
    """``title`` conflicts: one person given the same role with a different status by
    two sources (``titles._title_conflicts`` on two mentions), the first such pair of
    mentions for each pair of sources and titles.

    Args:
        sentences: The story's sentences (no boilerplate), in reading order.
        sheet: The story's entity sheet, if already built.
    """
    order = _source_order(sentences)
    by_id = {s.id: s for s in sentences}
    found: dict[tuple[str, str, str, str], Conflict] = {}
    for entity in sheet if sheet is not None else build_sheet(sentences, order):
        if len(entity.titles) < 2:
            continue
        mentioned = list(dict.fromkeys(m.sentence for m in entity.mentions))
        for n, x in enumerate(mentioned):
            for y in mentioned[n + 1 :]:
                a, b = by_id[x], by_id[y]
                if a.article_id == b.article_id:
                    continue
                if order[a.article_id] > order[b.article_id]:
                    a, b = b, a
                for conflict in _title_conflicts(a, b):
                    key = (a.article_id, b.article_id, conflict.a_value, conflict.b_value)
                    found.setdefault(key, conflict)
    return list(found.values())


def sheet_variants(
    sentences: Sequence[Sentence],
    similarity: Similarity | None = None,
    sheet: Sequence[Entity] | None = None,
) -> list[Conflict]:
    """``name_spelling`` conflicts: each pair of spellings of one name, between sources.

    Args:
        sentences: The story's sentences (no boilerplate), in reading order.
        similarity: Cosine of two sentence ids; with it, every pair of related
            sentences (``TOPIC_COSINE``) that write the name two ways is flagged too,
            so a reader sees the variant where the two reports meet.
        sheet: The story's entity sheet, if already built.

    Returns:
        For each pair of spellings and each pair of sources writing them, the
        first mention of the one against the first mention of the other; then
        the related pairs.
    """
    order = _source_order(sentences)
    by_id = {s.id: s for s in sentences}
    if sheet is None:
        sheet = build_sheet(sentences, order)
    alone = frozenset(
        n.text.casefold() for e in sheet for n in e.spellings if " " not in n.text.strip()
    )
    found = []
    for entity in sheet:
        spellings = entity.variants
        for n, x in enumerate(spellings):
            for y in spellings[n + 1 :]:
                if set(x.sources) == set(y.sources) or not same_name(x.text, y.text, alone):
                    continue
                pairs = _source_pairs(entity, x, y, by_id)
                if similarity is not None:
                    pairs += _related_pairs(entity, x, y, by_id, similarity)
                seen: set[tuple[str, str]] = set()
                for a, b in pairs:
                    if (a[0].id, b[0].id) in seen:
                        continue
                    seen.add((a[0].id, b[0].id))
                    if order[a[0].article_id] > order[b[0].article_id]:
                        a, b = b, a
                    found.append(
                        _make(
                            "name_spelling", a[0], b[0], a[1], b[1],
                            f"“{a[0].text[a[1][0]:a[1][1]]}” and “{b[0].text[b[1][0]:b[1][1]]}”: "
                            "one name spelled two ways (a variant, not a disagreement)",
                        )
                    )  # fmt: skip
    return found


def same_name(x: str, y: str, alone: frozenset[str] = frozenset()) -> bool:
    """Whether two spellings write one name differently (see the module's list).

    Args:
        x: A spelling.
        y: Another.
        alone: Words the story uses as a name on their own (folded): a plural of
            one of them is that word, not another spelling ("Democrats Nancy
            Pelosi" / "Democrat Nancy Pelosi" when "Democrats" stands alone).

    Returns:
        True for Kim Jong-un / Kim Jong Un, Pueblo / Pueblos Sin Fronteras, Sarah
        Sanders / Sarah Huckabee Sanders; False for E.U. / EU or EU / European Union.
    """
    if x.casefold().replace(".", "") == y.casefold().replace(".", ""):
        return False  # house style: capitals and dots
    squash_x, squash_y = _letters(x), _letters(y)
    if squash_x == squash_y:
        return True  # a hyphen, space or apostrophe
    wx, wy = _words(x), _words(y)
    if len(wx) == len(wy):
        differing = [(a, b) for a, b in zip(wx, wy, strict=True) if a != b]
        if len(differing) != 1:
            return False
        a, b = differing[0]
        if len(wx) >= 2 and a == wx[0] and nicknamed(a, b):
            return True  # Rick Gates / Richard Gates
        return _one_word(a, b, last=a == wx[-1], alone=alone)
    short, long = sorted((wx, wy), key=len)
    if len(short) == 1 and short[0] != long[-1]:  # Papadopoulous / George Papadopoulos
        return _one_word(short[0], long[-1], last=True, alone=alone)
    if len(short) < 2 or short[-1] != long[-1]:
        return False
    if short[0] != long[0]:
        return len(short) == 2 and nicknamed(short[0], long[0])  # Rudy / Rudolph W. Giuliani
    middle = long[1:-1]
    return len(short) == 2 and all(len(w) > 2 and w.isalpha() for w in middle)


def _one_word(a: str, b: str, last: bool, alone: frozenset[str]) -> bool:
    """One word of a name written two ways: a spelling (Zelensky / Zelenskyy) or, not
    as the name's last word, a plural (Pueblo / Pueblos) of a word not used alone."""
    if spelling_variants(a.capitalize(), b.capitalize()):
        return True
    plural = min(len(a), len(b)) >= 4 and a.rstrip("s") == b.rstrip("s")
    return not last and plural and not ({a, b} & alone)


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _words(text: str) -> list[str]:
    return text.casefold().replace("’", "'").replace(".", "").replace("-", " ").split()


_Mention = tuple[Sentence, tuple[int, int]]


def _source_pairs(
    entity: Entity, x: Naming, y: Naming, by_id: dict[str, Sentence]
) -> list[tuple[_Mention, _Mention]]:
    """For each source writing ``x`` and each other source writing ``y``, their first
    mentions so written (a source may write both: Pueblos in one paragraph, Pueblo in
    another)."""
    first: dict[tuple[str, str], _Mention] = {}
    for mention in entity.mentions:
        sentence = by_id[mention.sentence]
        written = sentence.text[mention.start : mention.end]
        first.setdefault((written, sentence.article_id), (sentence, (mention.start, mention.end)))
    xs, ys = set(x.sources), set(y.sources)
    return [
        (first[(x.text, sx)], first[(y.text, sy)])
        for sx in sorted(xs)
        for sy in sorted(ys)
        if sx != sy and (x.text, sx) in first and (y.text, sy) in first
    ]


def _related_pairs(
    entity: Entity, x: Naming, y: Naming, by_id: dict[str, Sentence], similarity: Similarity
) -> list[tuple[_Mention, _Mention]]:
    """Every pair of mentions written ``x`` and ``y`` in two sources whose sentences are
    related (cosine ``TOPIC_COSINE`` or more)."""
    written: dict[str, list[_Mention]] = {x.text: [], y.text: []}
    for mention in entity.mentions:
        sentence = by_id[mention.sentence]
        text = sentence.text[mention.start : mention.end]
        if text in written and all(m[0].id != sentence.id for m in written[text]):
            written[text].append((sentence, (mention.start, mention.end)))
    return [
        (a, b)
        for a in written[x.text]
        for b in written[y.text]
        if a[0].article_id != b[0].article_id and similarity(a[0].id, b[0].id) >= TOPIC_COSINE
    ]
