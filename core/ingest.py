"""Ingest: turn the paths a user gives into ``Article`` records.

Accepted inputs are ``.txt``, ``.md`` and ``.html``/``.htm`` files, and folders
(every article file directly inside, in name order). A folder may hold a
``sources.toml`` naming each file's outlet (see ``seeds/``). HTML goes through
trafilatura, imported lazily because it costs about 0.3 s to import.

Each article gets an id (``s1``, ``s2`` … in input order), a display name
(metadata, then site name, then title, then file stem) and its text. Lines that
are not article prose are marked as boilerplate spans (see ``boilerplate.py``);
they stay in the text so offsets always point into what the user sees.

Errors are raised as ``IngestError`` with a one-line message that names the
file and says what to do; callers show it as is.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .boilerplate import boilerplate_spans, headline
from .model import Article

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
"""File endings read as articles."""

METADATA_FILE = "sources.toml"
"""Optional per-folder file naming each source: ``[sources."file.txt"] name = …``."""


_MIN_HTML_WORDS = 8
"""Fewer extracted words than this means the page held navigation, not an article."""


class IngestError(ValueError):
    """A path could not be read as an article; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class _Raw:
    """One article before ids are assigned."""

    path: str
    text: str
    name: str
    title: str
    date: str
    author: str


def load_articles(paths: list[str] | tuple[str, ...]) -> tuple[Article, ...]:
    """Read files and folders into articles, in the order given.

    Args:
        paths: File or folder paths as the user typed them.

    Returns:
        The articles, with ids ``s1``, ``s2`` … and boilerplate marked.

    Raises:
        IngestError: A path is missing, empty, binary, or holds no article.
    """
    raws: list[_Raw] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise IngestError(f"{given}: no such file or folder")
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and _is_article_file(p))
            if not files:
                raise IngestError(
                    f"{given}: no article files in this folder "
                    f"(looked for {', '.join(ARTICLE_SUFFIXES)})"
                )
            meta = _folder_metadata(path)
            for file in files:
                shown = str(Path(given) / file.name)
                raws.append(_read_file(file, shown, meta.get(file.name, {})))
        else:
            meta = _folder_metadata(path.parent).get(path.name, {})
            raws.append(_read_file(path, given, meta))
    return tuple(
        Article(
            id=f"s{n}",
            path=raw.path,
            name=raw.name,
            text=raw.text,
            title=raw.title,
            date=raw.date,
            author=raw.author,
            boilerplate=boilerplate_spans(raw.text),
        )
        for n, raw in enumerate(raws, start=1)
    )


def story_title(paths: list[str] | tuple[str, ...]) -> str:
    """Return the story title from a folder's ``sources.toml``, if one says it.

    Args:
        paths: The paths given by the user.

    Returns:
        The title, or an empty string.
    """
    for given in paths:
        path = Path(given)
        folder = path if path.is_dir() else path.parent
        title = _read_metadata(folder).get("title")
        if isinstance(title, str) and title:
            return title
    return ""


def article_from_text(
    text: str, article_id: str = "s1", name: str = "text", path: str = ""
) -> Article:
    """Build an article straight from a string (tests, scripts, pasted text).

    Args:
        text: The article text.
        article_id: Id to give it.
        name: Display name.
        path: Path to record.

    Returns:
        The article with boilerplate marked.
    """
    return Article(
        id=article_id,
        path=path or name,
        name=name,
        text=text,
        title=headline(text),
        boilerplate=boilerplate_spans(text),
    )


def _is_article_file(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")


def _read_metadata(folder: Path) -> dict[str, object]:
    meta_path = folder / METADATA_FILE
    if not meta_path.is_file():
        return {}
    try:
        return tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise IngestError(f"{meta_path}: not valid TOML ({exc}); fix or remove it") from exc


def _folder_metadata(folder: Path) -> dict[str, dict[str, str]]:
    sources = _read_metadata(folder).get("sources", {})
    if not isinstance(sources, dict):
        return {}
    return {str(k): v for k, v in sources.items() if isinstance(v, dict)}


def _read_file(path: Path, shown: str, meta: dict[str, str]) -> _Raw:
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(f"{shown}: the file is empty")
    if b"\x00" in data[:4096]:
        raise IngestError(
            f"{shown}: this is a binary file, not an article (use .txt, .md or .html)"
        )
    try:
        raw_text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{shown}: not UTF-8 text (byte {exc.start}); convert it, "
            "e.g. iconv -f WINDOWS-1252 -t UTF-8"
        ) from exc
    if path.suffix.lower() in (".html", ".htm"):
        return _from_html(raw_text, shown, meta, path.stem)
    if not raw_text.strip():
        raise IngestError(f"{shown}: the file holds only white space")
    title = headline(raw_text)
    name = meta.get("name") or title or path.stem
    return _Raw(shown, raw_text, name, title, meta.get("date", ""), meta.get("author", ""))


def _from_html(html: str, shown: str, meta: dict[str, str], stem: str) -> _Raw:
    import trafilatura  # lazy: import costs ~0.3 s

    doc = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True)
    text = (doc.text if doc is not None else "") or ""
    if len(text.split()) < _MIN_HTML_WORDS:
        raise IngestError(
            f"{shown}: no article text found in this HTML page "
            "(a paywall, a script-only page or an index page?)"
        )
    title = (doc.title or "") if doc is not None else ""
    site = (doc.sitename or "") if doc is not None else ""
    date = (doc.date or "") if doc is not None else ""
    author = (doc.author or "") if doc is not None else ""
    name = meta.get("name") or site or title or stem
    return _Raw(shown, text, name, title, meta.get("date", date), meta.get("author", author))
