"""Reports read back: a comparison from its JSON (``from_json``) and a batch folder.

``from_json`` is the inverse of ``export.to_json``: it rebuilds the
``Comparison`` (articles, sentences with their exact offsets, groups, links,
conflicts, unique words, title, model) without embedding or aligning anything,
so ``to_json(from_json(to_json(c))) == to_json(c)``. What JSON version 1 does
not hold is derived again: the disputes and the entity sheet (``to_json`` itself
derives them from the comparison), an article's boilerplate spans (those of its
boilerplate sentences) and the notes about the input (``compare.input_notes``).

An article's full text is in the JSON only where its offsets do not point into
the file as read with UTF-8 (see ``export``). Otherwise the file at its ``path``
is read, and used only when every sentence is still at its offsets; when the
file is gone or changed, the text is rebuilt from the sentences, the gaps
between them filled with spaces so every offset stays exact, and a note says
so. Reading that file is the only I/O here besides the batch folder itself.

A batch folder (``newsread batch --out DIR``) is read by ``read_batch``: its
``index.json`` (``batch.read_index``) and the check that every story's JSON
report is there; ``load_story`` then reads one story's comparison.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .batch import REPORT_FILES, STORIES_FOLDER, StoryEntry, is_plain_key, read_index
from .clean import has_stand_ins, visible
from .files import read_regular
from .ingest import MAX_BYTES
from .model import Article, Comparison, Conflict, ConflictKind, Group, Link, Sentence

INDEX_FILE = "index.json"
"""The batch index, beside ``stories/``."""

_KINDS: frozenset[str] = frozenset(
    ("number", "date", "title", "name_spelling", "claim", "quote", "attribution")
)
_STRENGTHS: frozenset[str] = frozenset(("confident", "possible"))


class ArchiveError(ValueError):
    """A report or batch folder that cannot be read back: the message says which and why."""


ReadText = Callable[[str], str | None]
"""Given an article's ``path``, its text as ingest reads it, or ``None``."""


def read_article_file(path: str) -> str | None:
    """An article file's text as ingest reads a UTF-8 file (``clean.visible`` applied),
    or ``None`` when it is not a readable UTF-8 file any more (URLs are never read)."""
    if "://" in path:
        return None
    try:
        data = read_regular(Path(path), MAX_BYTES)
    except OSError:
        return None
    try:
        return visible(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def from_json(text: str, read: ReadText | None = read_article_file) -> Comparison:
    """Rebuild a comparison from ``export.to_json``'s text, recomputing nothing.

    Args:
        text: JSON version 1, as ``to_json`` wrote it.
        read: How to read an article file whose text the JSON leaves out
            (``None``: never read a file; rebuild every such text from its sentences).

    Returns:
        The comparison; its ``notes`` say which texts were rebuilt from the sentences.

    Raises:
        ArchiveError: Not JSON, another version, or a field missing or inconsistent
            (a sentence whose offsets do not hold its text, an unknown sentence id).
    """
    from .export import JSON_VERSION  # the entity sheet and report: not at the reader's start

    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ArchiveError(f"not JSON ({exc})") from exc
    if not isinstance(document, dict) or document.get("version") != JSON_VERSION:
        raise ArchiveError(f"not a newsread comparison (JSON version {JSON_VERSION})")
    try:
        return _comparison(document, read)
    except ArchiveError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ArchiveError(f"a field is missing or has a wrong type ({exc!r})") from exc


def _comparison(document: dict[str, Any], read: ReadText | None) -> Comparison:
    articles: list[Article] = []
    sentences: list[Sentence] = []
    unique: list[tuple[str, tuple[tuple[int, int], ...]]] = []
    rebuilt: list[str] = []
    for source in _list(document, "sources"):
        article_id = str(source["id"])
        own: list[Sentence] = []
        for index, raw in enumerate(source["sentences"]):
            sentence = Sentence(
                id=str(raw["id"]),
                article_id=article_id,
                index=index,
                start=int(raw["start"]),
                end=int(raw["end"]),
                text=str(raw["text"]),
                boilerplate=bool(raw.get("boilerplate", False)),
            )
            if not 0 <= sentence.start <= sentence.end or (
                own and sentence.start < own[-1].end
            ):  # fmt: skip
                raise ArchiveError(f"sentence {sentence.id}: offsets out of order")
            if sentence.end - sentence.start != len(sentence.text):
                raise ArchiveError(f"sentence {sentence.id}: its offsets do not hold its text")
            own.append(sentence)
            if "unique_words" in raw:
                spans = tuple((int(a), int(b)) for a, b in raw["unique_words"])
                unique.append((sentence.id, spans))
        path = str(source["path"])
        encoding = str(source.get("encoding", "utf-8"))
        if "text" in source:
            body = str(source["text"])
            if not _holds(body, own):
                raise ArchiveError(f"source {article_id}: its sentences are not in its text")
        else:
            found = read(path) if read is not None else None
            if found is not None and _holds(found, own) and not has_stand_ins(found):
                body = found
            else:
                body = _rebuild(own)
                rebuilt.append(path)
        articles.append(
            Article(
                id=article_id,
                path=path,
                name=str(source["name"]),
                text=body,
                title=str(source.get("title", "")),
                date=str(source.get("date", "")),
                author=str(source.get("author", "")),
                boilerplate=tuple((s.start, s.end) for s in own if s.boilerplate),
                encoding=encoding,
            )
        )
        sentences.extend(own)
    known = {s.id for s in sentences}
    groups = tuple(
        Group(
            id=str(g["id"]),
            members=_ids(g["members"], known),
            sources=tuple(str(a) for a in g["sources"]),
            cohesion=float(g["cohesion"]),
        )
        for g in _list(document, "groups")
    )
    links = tuple(
        Link(
            a=_ids([link["a"]], known)[0],
            b=_ids([link["b"]], known)[0],
            score=float(link["score"]),
            strength=_choice(link["strength"], _STRENGTHS),  # type: ignore[arg-type]
        )
        for link in _list(document, "links")
    )
    conflicts = tuple(_conflict(c, known) for c in _list(document, "conflicts"))
    from .compare import input_notes  # numpy comes with the pipeline: only when loading

    notes = list(input_notes(articles))
    if rebuilt:
        notes.append(
            f"{len(rebuilt)} article file(s) gone or changed since the report ("
            + ", ".join(rebuilt)
            + "): their text is rebuilt from the report's sentences (what lay between "
            "sentences is blank)"
        )
    return Comparison(
        articles=tuple(articles),
        sentences=tuple(sentences),
        groups=groups,
        conflicts=conflicts,
        unique_words=tuple(unique),
        title=str(document.get("title", "")),
        model=str(document.get("model", "")),
        notes=tuple(notes),
        links=links,
    )


def _list(document: dict[str, Any], name: str) -> list[dict[str, Any]]:
    found = document.get(name, [])
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise ArchiveError(f"{name!r} is not a list of objects")
    return found


def _ids(values: object, known: set[str]) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise ArchiveError("a list of sentence ids is not a list")
    ids = tuple(str(v) for v in values)
    for sid in ids:
        if sid not in known:
            raise ArchiveError(f"unknown sentence id {sid!r}")
    return ids


def _choice(value: object, allowed: frozenset[str]) -> str:
    if value not in allowed:
        raise ArchiveError(f"unknown value {value!r}")
    return str(value)


def _conflict(raw: dict[str, Any], known: set[str]) -> Conflict:
    a_span, b_span = raw["a_span"], raw["b_span"]
    if not isinstance(a_span, list) or not isinstance(b_span, list):
        raise ArchiveError("a conflict's span is not a list")
    kind: ConflictKind = _choice(raw["kind"], _KINDS)  # type: ignore[assignment]
    return Conflict(
        a=_ids([raw["a"]], known)[0],
        b=_ids([raw["b"]], known)[0],
        kind=kind,
        detail=str(raw["detail"]),
        a_span=(int(a_span[0]), int(a_span[1])),
        b_span=(int(b_span[0]), int(b_span[1])),
        a_value=str(raw["a_value"]),
        b_value=str(raw["b_value"]),
    )


def _holds(text: str, sentences: list[Sentence]) -> bool:
    """Whether every sentence is at its offsets in ``text``."""
    return all(text[s.start : s.end] == s.text for s in sentences)


def _rebuild(sentences: list[Sentence]) -> str:
    """A text holding every sentence at its offsets, blanks between them."""
    parts: list[str] = []
    at = 0
    for s in sentences:
        parts.append(" " * (s.start - at))
        parts.append(s.text)
        at = s.end
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class BatchFolder:
    """A batch's output folder as ``newsread batch`` wrote it."""

    path: Path
    """The folder."""
    entries: tuple[StoryEntry, ...]
    """Its stories, as ``index.json`` lists them."""


def is_batch_folder(path: Path) -> bool:
    """Whether ``path`` looks like a batch's output: ``index.json`` beside ``stories/``
    (a folder of articles holding some other ``index.json`` is still a folder of articles)."""
    return (path / INDEX_FILE).is_file() and (path / STORIES_FOLDER).is_dir()


def report_path(folder: Path, entry: StoryEntry) -> Path:
    """Where a story's JSON report is."""
    return folder / STORIES_FOLDER / entry.key / REPORT_FILES["json"]


def read_batch(path: Path) -> BatchFolder:
    """Read a batch folder's index and check every story's JSON report is there.

    Args:
        path: The ``--out`` folder of ``newsread batch``.

    Returns:
        The folder and its stories.

    Raises:
        ArchiveError: The index is unreadable, corrupt or of another version, a key
            is not a plain folder name, or a story's JSON report is missing.
    """
    index = path / INDEX_FILE
    try:
        text = read_regular(index, 64 * MAX_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"{index}: cannot read it ({exc})") from exc
    try:
        entries = read_index(text)
    except json.JSONDecodeError as exc:
        raise ArchiveError(
            f"{index}: damaged, not JSON ({exc}); run newsread batch again with --out {path}"
        ) from exc
    except ValueError as exc:
        raise ArchiveError(f"{index}: {exc}") from exc
    if not entries:
        raise ArchiveError(f"{index}: the batch lists no story")
    for entry in entries:
        if not is_plain_key(entry.key):
            raise ArchiveError(f"{index}: story key {entry.key!r} is not a folder name")
        report = report_path(path, entry)
        if not report.is_file():
            raise ArchiveError(
                f"{report}: the report of story {entry.title!r} is missing; "
                f"run newsread batch again with --out {path}"
            )
    return BatchFolder(path, entries)


def load_story(
    folder: BatchFolder, entry: StoryEntry, read: ReadText | None = read_article_file
) -> Comparison:
    """One story's comparison, read from its JSON report (nothing recomputed).

    Args:
        folder: The batch folder.
        entry: One of its stories.
        read: As ``from_json``.

    Returns:
        The comparison.

    Raises:
        ArchiveError: The report is missing, unreadable or not a comparison.
    """
    report = report_path(folder.path, entry)
    try:
        text = read_regular(report, 64 * MAX_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"{report}: cannot read it ({exc})") from exc
    try:
        return from_json(text, read)
    except ArchiveError as exc:
        raise ArchiveError(f"{report}: {exc}") from exc
