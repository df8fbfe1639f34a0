"""Build benchmark inputs: scaled article folders and sentence lists.

Articles for the scale runs are the 30 evaluation articles
(``DATA/clusters/*/*.txt``) plus the seed story's 5, repeated with small edits
until the wanted count is reached: copy ``k`` of an article changes, in every
sentence-like piece, the first number (``+k``) or else one common word (a
rotating synonym), so copies are near-duplicates - like syndicated wire copy -
but most of their sentences are new texts for the embedding cache.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "ukraine-peace-talks"

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "told reporters", "added", "noted"),
    "says": ("states", "tells reporters", "adds", "notes"),
    "also": ("further", "additionally", "too", "likewise"),
    "will": ("would", "is set to", "is expected to", "plans to"),
    "but": ("yet", "however", "though", "still"),
    "after": ("following", "soon after", "just after", "right after"),
    "about": ("around", "roughly", "some", "nearly"),
    "people": ("individuals", "persons", "residents", "citizens"),
    "the": ("this", "that", "the very", "the same"),
    "a": ("one", "some", "a single", "any"),
}
_WORD = re.compile(r"\b(" + "|".join(_SYNONYMS) + r")\b")
_NUMBER = re.compile(r"\b\d+\b")
_PIECE = re.compile(r"[^.!?\n]+[.!?]*[\"']?|\n")


def base_files(data: Path) -> list[Path]:
    """The 35 distinct articles: seed story first, then the evaluation clusters."""
    seeds = sorted(SEED.glob("*.txt"))
    clusters = sorted((data / "clusters").glob("*/*.txt"))
    if not clusters:
        raise SystemExit(f"no articles under {data / 'clusters'}; pass the data folder")
    return seeds + clusters


def edit(text: str, k: int) -> str:
    """Copy ``k`` (1, 2 …) of an article: one small change per sentence-like piece."""
    if k == 0:
        return text

    def piece(match: re.Match[str]) -> str:
        chunk = match.group(0)
        number = _NUMBER.search(chunk)
        if number:
            value = str(int(number.group(0)) + k)
            return chunk[: number.start()] + value + chunk[number.end() :]
        word = _WORD.search(chunk)
        if word:
            options = _SYNONYMS[word.group(1)]
            swap = options[(k - 1) % len(options)]
            if k > len(options):
                swap = f"{swap} {options[(k // len(options)) % len(options)]}"
            return chunk[: word.start()] + swap + chunk[word.end() :]
        return chunk

    return _PIECE.sub(piece, text)


def build_folder(data: Path, count: int, folder: Path) -> Path:
    """Write ``count`` article files to ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    bases = base_files(data)
    for n in range(count):
        source = bases[n % len(bases)]
        copy = n // len(bases)
        text = source.read_text(encoding="utf-8")
        name = f"{n:03d}_{source.parent.name[:24]}_{source.stem}_{copy}.txt"
        (folder / name).write_text(edit(text, copy), encoding="utf-8")
    return folder


def content_sentences(paths: list[str]) -> list[str]:
    """Content (non-boilerplate) sentence texts of articles, in order, as newsread splits them."""
    from newsread.core.compare import split_all
    from newsread.core.ingest import load_articles

    return [s.text for s in split_all(load_articles(paths)) if not s.boilerplate]


def unique_first(texts: list[str], limit: int) -> list[str]:
    """The first ``limit`` distinct texts."""
    return list(dict.fromkeys(texts))[:limit]
