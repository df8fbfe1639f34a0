"""The entity sheet against the labelled events' ``[[entity]]`` entries.

Each labelled entity is a person, place or organisation whose spelling or title
differs across outlets (``tests/data/gold``, schema 2). For each:

- **spellings together**: every labelled spelling that is a name (not a
  description such as "the Korean border" or "(unnamed)") is a spelling of one
  sheet entity; a spelling like "San Ysidro border crossing" counts by its name
  part ("San Ysidro"), "Workers' Party of Korea (WPK)" as two spellings;
- **flagged**: that entity is marked as differing across outlets (when the
  labelled name spellings differ beyond case);
- **titles**: when two outlets give different titles, the sheet lists titles
  from at least two of them.

No text is read beyond the event's own articles; nothing is fitted here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newsread.core.entities import Entity, _key, build_sheet
from newsread.core.ingest import load_articles
from newsread.core.sentences import split_all

from .clusters import GOLD_DIR, load_gold


@dataclass
class EntityScore:
    """Entity-sheet figures for one event (or pooled)."""

    event: str
    spelling_cases: int = 0
    spelling_found: int = 0
    flag_cases: int = 0
    flag_found: int = 0
    title_cases: int = 0
    title_found: int = 0
    entities: int = 0
    differing: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: EntityScore) -> None:
        """Add another event's counts (misses included)."""
        for name in (
            "spelling_cases", "spelling_found", "flag_cases", "flag_found",
            "title_cases", "title_found", "entities", "differing",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)


_HONORIFICS = frozenset({"Dr", "Mr", "Mrs", "Ms", "Sir", "Dame"})
"""Words before a labelled name that are no part of its spelling."""


def _name_word(word: str) -> bool:
    """A word that can be part of a name: capitalised, or a number ("10 Downing
    Street", "Number 10")."""
    return word[0].isupper() or word[0].isdigit()


def name_part(text: str) -> list[str]:
    """The name spellings a labelled spelling stands for (none for a description).

    Args:
        text: A labelled spelling.

    Returns:
        Zero, one or two spellings: "San Ysidro border crossing" gives "San Ysidro";
        "Number 10" and "10 Downing Street" themselves; "Workers' Party of Korea
        (WPK)" gives it and "WPK"; "the Queen" gives none.
    """
    inner = re.findall(r"\(([^)]*)\)", text)
    outer = re.sub(r"\s*\([^)]*\)", "", text).strip()
    result = []
    for piece in [outer, *inner]:
        if not piece or not _name_word(piece) or piece.split()[0] in ("The", "A", "An"):
            continue
        kept = []
        for word in piece.split():
            if _name_word(word) or (kept and word in ("of", "for", "de", "the")):
                kept.append(word)
            else:
                break
        while kept and not _name_word(kept[-1]):
            kept.pop()
        while len(kept) > 1 and kept[0].rstrip(".") in _HONORIFICS:
            kept.pop(0)  # "Dr. Miriam Okonkwo" is spelled "Miriam Okonkwo"
        if kept:
            result.append(" ".join(kept))
    return result


def score_event(sheet: tuple[Entity, ...], gold: dict[str, object]) -> EntityScore:
    """Score one event's sheet against its labelled entities.

    Args:
        sheet: The entity sheet.
        gold: The event's gold (``clusters.load_gold``).

    Returns:
        The event's figures, misses described.
    """
    score = EntityScore(str(gold["event"]))
    score.entities = len(sheet)
    score.differing = sum(e.differs for e in sheet)
    where: dict[str, Entity] = {}
    for entity in sheet:
        for naming in entity.spellings:
            where.setdefault(_key(naming.text), entity)
    for labelled in gold.get("entity", []):  # type: ignore[attr-defined]
        names = sorted({n for s in labelled["spellings"] for n in name_part(s["text"])})
        keys = {_key(n) for n in names}
        holders = {id(where[k]) if k in where else None for k in keys}
        if len(keys) >= 2:
            score.spelling_cases += 1
            if None not in holders and len(holders) == 1:
                score.spelling_found += 1
            else:
                found = {n: (where[_key(n)].name if _key(n) in where else "-") for n in names}
                score.misses.append(f"{labelled['name']}: spellings {found}")
        if len(set(names)) >= 2 and len(keys) >= 1:
            score.flag_cases += 1
            holders_found = [where[k] for k in sorted(keys) if k in where]  # ties: by name
            entity = max(holders_found, key=holders_found.count, default=None)
            if entity is not None and entity.differs:
                score.flag_found += 1
            else:
                score.misses.append(f"{labelled['name']}: not marked as differing")
        named = {o for s in labelled["spellings"] if name_part(s["text"]) for o in s["outlets"]}
        title_outlets = {o for t in labelled["titles"] for o in t["outlets"]} & named
        distinct = {t["text"] for t in labelled["titles"] if not t["text"].startswith("(")}
        if len(distinct) >= 2 and len(title_outlets) >= 2:
            score.title_cases += 1
            entity = next((where[k] for k in sorted(keys) if k in where), None)
            given = {src for t in entity.titles for src in t.sources} if entity else set()
            if len(entity.titles if entity else ()) >= 2 and len(given) >= 2:
                score.title_found += 1
            else:
                titles = [t.text for t in entity.titles] if entity else "no entity"
                score.misses.append(f"{labelled['name']}: titles {titles}")
    return score


def entity_run(data: Path, gold_dir: Path = GOLD_DIR) -> list[EntityScore]:
    """Build the sheet of every labelled event and score it.

    Args:
        data: The shared data folder (holds ``clusters/``).
        gold_dir: Where the gold TOML files are.

    Returns:
        One score per event that labels entities.
    """
    scores = []
    for path in sorted(gold_dir.glob("*.toml")):
        gold = load_gold(path)
        if not gold.get("entity"):
            continue
        articles = load_articles([str(data / "clusters" / str(gold["event"]))])
        sentences = [s for s in split_all(articles) if not s.boilerplate]
        sheet = build_sheet(sentences, {a.id: n for n, a in enumerate(articles)})
        scores.append(score_event(sheet, gold))
    return scores


def entity_table(scores: list[EntityScore]) -> str:
    """A Markdown table of the sheet's figures per event, pooled last."""
    total = EntityScore("all labelled events")
    lines = [
        "| event | entities (differing) | spellings together | marked differing | "
        "titles from 2+ outlets |",
        "|---|---:|---:|---:|---:|",
    ]

    def cell(found: int, cases: int) -> str:
        return f"{found}/{cases}" if cases else "-"

    for score in [*scores, total]:
        if score is not total:
            total.add(score)
        lines.append(
            f"| {score.event} | {score.entities} ({score.differing}) | "
            f"{cell(score.spelling_found, score.spelling_cases)} | "
            f"{cell(score.flag_found, score.flag_cases)} | "
            f"{cell(score.title_found, score.title_cases)} |"
        )
    if total.misses:
        lines.append("")
        lines.extend(f"- missed: {miss}" for miss in total.misses)
    return "\n".join(lines)
