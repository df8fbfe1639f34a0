"""Batch: many stories, one comparison each, and an index of them all.

The unit of work is one story: ``story_outputs`` takes the story's articles
(as text, in ``StoryJob``) and an embedder and returns the three reports
``newsread export`` writes for that story (JSON, Markdown, HTML, byte for
byte the same) plus the counts the index shows. It is pure: no files, no
clock, no printing, so the command line can run it in a loop in its own
process or ship it to Dask workers and get the same bytes back.

A story is known across runs by its ``key`` (a slug of its title and a hash of
its articles' paths: the same articles make the same folder) and is redone
only when its ``digest`` changes: a hash of everything the reports depend on
(every article's path, name, title, date, author and text, the story title,
the tool version and the embedding model's id).

Output layout (written by the caller, each file atomically)::

    DIR/index.json, DIR/index.md, DIR/index.html
    DIR/stories/<key>/comparison.json, report.md, report.html
    DIR/stories/<key>/entry.json      (its index entry with the digest, written last:
                                       the story is done)

The reports' renderers (``export``, ``html``, ``report``), the web module and the
pipeline are imported by the functions that run a story, not by this module: the
reader imports it on its UI thread at start-up (``archive`` reads a batch's index
with it) and needs none of them to show an article.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from .caches import clear_story_caches
from .clean import markdown_text
from .ingest import IngestError, folder_files, load_articles
from .model import Article
from .web import is_url

if TYPE_CHECKING:
    from .embed import Embedder
    from .stories import Story

INDEX_VERSION = 1
"""Version of ``index.json``."""
STORIES_FOLDER = "stories"
"""Subfolder of the output holding one folder per story."""
REPORT_FILES = {"json": "comparison.json", "markdown": "report.md", "html": "report.html"}
"""The report files of one story, by format."""
ENTRY_FILE = "entry.json"
"""Written after the reports: the story's index entry, digest included (``entry_to_dict``)."""
SLUG_CHARS = 48
"""Longest title part of a story key."""


@dataclass(frozen=True, slots=True)
class StoryJob:
    """One story to compare: everything a worker needs, as plain text."""

    key: str
    """Folder name under ``stories/``: title slug and a hash of the article paths."""
    title: str
    """The story title from the grouping (as ``newsread export --story N`` uses it)."""
    articles: tuple[Article, ...]
    """The story's articles, numbered ``s1``, ``s2`` … (``stories.story_articles``)."""
    digest: str
    """Hex sha256 of everything the reports depend on (``story_digest``)."""


@dataclass(frozen=True, slots=True)
class StoryEntry:
    """One story's line in the index."""

    key: str
    """Folder name under ``stories/``."""
    title: str
    """Story title."""
    sources: tuple[tuple[str, str], ...]
    """``(name, path)`` of each article, in comparison order."""
    shared: int
    """Statements reported by two or more sources (consensus and shared by some)."""
    unique: int
    """Statements only one source reports."""
    conflicts: int
    """Conflicts between sources (name-spelling variants not counted)."""
    variants: int
    """Names spelled two ways."""
    digest: str
    """The story's digest when its reports were written."""


@dataclass(frozen=True, slots=True)
class StoryOutput:
    """What one story's comparison produces: the report texts and its index entry."""

    entry: StoryEntry
    """Its line in the index."""
    json: str
    """``export.to_json``."""
    markdown: str
    """``export.to_markdown``."""
    html: str
    """``html.to_html``."""
    notes: tuple[str, ...]
    """The comparison's notes (a single source, identical texts …)."""

    def files(self) -> dict[str, str]:
        """File name (inside the story's folder) -> text, the reports only."""
        return {
            REPORT_FILES["json"]: self.json,
            REPORT_FILES["markdown"]: self.markdown,
            REPORT_FILES["html"]: self.html,
        }


def slug(text: str, limit: int = SLUG_CHARS) -> str:
    """A file-name-safe, lower-case ASCII form of a title ("" when nothing is left)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    out = "-".join(words)[:limit].rstrip("-")
    return out


def is_plain_key(key: str) -> bool:
    """Whether a story key is one plain folder name (``batch.story_key`` makes only these)."""
    plain = all(c.isascii() and (c.isalnum() or c == "-") for c in key)
    return plain and bool(key) and key not in (".", "..")


def story_key(title: str, articles: Sequence[Article]) -> str:
    """The story's folder name: its title's slug and a hash of its articles' paths.

    Args:
        title: The story title.
        articles: Its articles.

    Returns:
        ``<slug>-<12 hex digits>`` (``story-<…>`` when the title has no letters).
    """
    paths = "\n".join(sorted(a.path for a in articles))
    short = hashlib.sha256(paths.encode("utf-8")).hexdigest()[:12]
    return f"{slug(title) or 'story'}-{short}"


def story_digest(title: str, articles: Sequence[Article], tool: str, model: str) -> str:
    """Hash everything a story's reports depend on.

    Args:
        title: The story title.
        articles: Its articles, in comparison order.
        tool: The newsread version.
        model: The embedding model's id (``Embedder.name``).

    Returns:
        Hex sha256.
    """
    digest = hashlib.sha256()
    parts: list[str] = [f"newsread-batch {INDEX_VERSION}", tool, model, title]
    for a in articles:
        parts += [a.id, a.path, a.name, a.title, a.date, a.author, a.encoding, a.text]
    for part in parts:
        data = part.encode("utf-8", errors="surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def read_each(
    paths: Sequence[str], pages: Mapping[str, str] | None = None
) -> tuple[tuple[Article, ...], tuple[str, ...]]:
    """Read every input on its own: one that cannot be read is one problem line, and
    the others go on. Folders are read file by file (``folder_files``), so one bad
    file does not cost its folder.

    Args:
        paths: Files, folders and URLs as given (URLs must be in ``pages``; one
            missing there is skipped silently, its fetch problem already reported).
        pages: HTML of the fetched URLs.

    Returns:
        ``(articles numbered s1, s2 … in input order, one line per input skipped)``.
    """
    articles: list[Article] = []
    problems: list[str] = []
    seen: set[str] = set()
    known = dict(pages or {})
    for given in paths:
        if is_url(given):
            items = [given] if given in known else []
        else:
            try:
                items = folder_files(given)
            except IngestError as exc:
                problems.append(str(exc))
                continue
        for item in items:
            try:
                (article,) = load_articles([item], known)
            except IngestError as exc:
                problems.append(str(exc))
                continue
            key = article.path if "://" in article.path else str(Path(article.path).resolve())
            if key in seen:
                problems.append(f"{item}: given twice; read once")
                continue
            seen.add(key)
            articles.append(replace(article, id=f"s{len(articles) + 1}"))
    return tuple(articles), tuple(problems)


def plan_jobs(
    articles: Sequence[Article], stories: Sequence[Story], tool: str, model: str
) -> tuple[StoryJob, ...]:
    """One job per story, in the stories' order.

    Args:
        articles: The whole pile.
        stories: ``stories.group_stories`` of it.
        tool: The newsread version.
        model: The embedding model's id.

    Returns:
        The jobs; two stories that would share a key get ``-2``, ``-3`` … appended.
    """
    from .stories import story_articles

    jobs = []
    seen: dict[str, int] = {}
    for story in stories:
        chosen = story_articles(articles, story)
        key = story_key(story.title, chosen)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}-{seen[key]}"
        digest = story_digest(story.title, chosen, tool, model)
        jobs.append(StoryJob(key, story.title, chosen, digest))
    return tuple(jobs)


def story_outputs(job: StoryJob, embedder: Embedder) -> StoryOutput:
    """Compare one story and render its reports, as ``newsread export --story N`` does.

    Args:
        job: The story.
        embedder: The embedder (its model is loaded on first use and kept).

    Returns:
        The reports and the story's index entry.

    Nothing of the story outlives it: the caches keyed by its texts are emptied
    once its reports are rendered (``caches.clear_story_caches``), so a process
    that compares story after story stays the size one story needs.
    """
    try:
        return _story_outputs(job, embedder)
    finally:
        clear_story_caches()


def _story_outputs(job: StoryJob, embedder: Embedder) -> StoryOutput:
    from .compare import compare  # numpy: not for the reader, which reads only the index
    from .export import to_json, to_markdown
    from .html import to_html
    from .report import build_report

    comparison = compare(job.articles, embedder, title=job.title)
    report = build_report(comparison)
    entry = StoryEntry(
        key=job.key,
        title=job.title,
        sources=tuple((a.name, a.path) for a in job.articles),
        shared=len(report.consensus) + len(report.shared_some),
        unique=sum(len(section.items) for section in report.unique),
        conflicts=len(report.conflicts),
        variants=len(report.variants),
        digest=job.digest,
    )
    return StoryOutput(
        entry, to_json(comparison), to_markdown(comparison), to_html(comparison), comparison.notes
    )


def entry_to_dict(entry: StoryEntry) -> dict[str, object]:
    """An index entry as ``index.json`` holds it (paths relative to the output folder)."""
    folder = f"{STORIES_FOLDER}/{entry.key}"
    return {
        "key": entry.key,
        "title": entry.title,
        "sources": [{"name": name, "path": path} for name, path in entry.sources],
        "articles": len(entry.sources),
        "shared": entry.shared,
        "unique": entry.unique,
        "conflicts": entry.conflicts,
        "variants": entry.variants,
        "digest": entry.digest,
        "reports": {fmt: f"{folder}/{name}" for fmt, name in REPORT_FILES.items()},
    }


def entry_json(entry: StoryEntry) -> str:
    """The story's ``entry.json``: its index entry, digest included."""
    from .export import pretty_json

    return pretty_json(entry_to_dict(entry))


def read_entry(text: str) -> StoryEntry:
    """Parse an ``entry.json``.

    Raises:
        ValueError: It is not JSON or not an entry ``entry_json`` wrote.
    """
    return entry_from_dict(json.loads(text))


def entry_from_dict(data: object) -> StoryEntry:
    """Read one entry of ``index.json`` back.

    Raises:
        ValueError: The entry is not one ``entry_to_dict`` wrote.
    """
    if not isinstance(data, dict):
        raise ValueError("an index entry is not an object")
    try:
        sources = tuple((str(s["name"]), str(s["path"])) for s in data["sources"])
        return StoryEntry(
            key=str(data["key"]),
            title=str(data["title"]),
            sources=sources,
            shared=int(data["shared"]),
            unique=int(data["unique"]),
            conflicts=int(data["conflicts"]),
            variants=int(data["variants"]),
            digest=str(data["digest"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"an index entry lacks a field or has a wrong one ({exc})") from exc


def index_json(entries: Sequence[StoryEntry], tool: str, model: str) -> str:
    """``index.json``: every story with its sources, counts, digest and report files.

    Args:
        entries: The stories, in the order to list them.
        tool: The newsread version.
        model: The embedding model's id.

    Returns:
        Pretty-printed JSON ending in a newline (no clock: reruns give the same bytes).
    """
    document = {
        "version": INDEX_VERSION,
        "tool": tool,
        "model": model,
        "stories": [entry_to_dict(e) for e in entries],
        "articles": sum(len(e.sources) for e in entries),
    }
    from .export import pretty_json

    return pretty_json(document)


def read_index(text: str) -> tuple[StoryEntry, ...]:
    """Parse ``index.json``.

    Raises:
        ValueError: It is not JSON or not an index this version wrote.
    """
    document = json.loads(text)
    if not isinstance(document, dict) or document.get("version") != INDEX_VERSION:
        raise ValueError(f"not a newsread batch index (version {INDEX_VERSION})")
    stories = document.get("stories")
    if not isinstance(stories, list):
        raise ValueError("the index has no list of stories")
    return tuple(entry_from_dict(s) for s in stories)


def _cell(text: str) -> str:
    return markdown_text(" ".join(text.split())).replace("|", "\\|")


def _names(entry: StoryEntry) -> str:
    return ", ".join(name for name, _ in entry.sources)


def index_markdown(entries: Sequence[StoryEntry]) -> str:
    """``index.md``: one table row per story, linking to its Markdown report."""
    out = [
        "# newsread batch",
        "",
        f"{len(entries)} stories, {sum(len(e.sources) for e in entries)} articles.",
        "",
        "| # | Story | Sources | Shared | Unique | Conflicts | Reports |",
        "|---:|---|---|---:|---:|---:|---|",
    ]
    for n, e in enumerate(entries, start=1):
        folder = f"{STORIES_FOLDER}/{e.key}"
        out.append(
            f"| {n} | [{_cell(e.title)}]({folder}/{REPORT_FILES['markdown']}) | "
            f"{len(e.sources)}: {_cell(_names(e))} | {e.shared} | {e.unique} | {e.conflicts} | "
            f"[md]({folder}/{REPORT_FILES['markdown']}) · [html]({folder}/{REPORT_FILES['html']})"
            f" · [json]({folder}/{REPORT_FILES['json']}) |"
        )
    return "\n".join(out) + "\n"


def index_html(entries: Sequence[StoryEntry]) -> str:
    """``index.html``: the same table as a self-contained page, linking to the HTML reports."""
    rows = []
    for n, e in enumerate(entries, start=1):
        folder = f"{STORIES_FOLDER}/{e.key}"
        rows.append(
            f'<tr><td class="n">{n}</td>'
            f'<td><a href="{escape(folder)}/{REPORT_FILES["html"]}">{escape(e.title)}</a></td>'
            f"<td>{len(e.sources)}: {escape(_names(e))}</td>"
            f'<td class="n">{e.shared}</td><td class="n">{e.unique}</td>'
            f'<td class="n">{e.conflicts}</td>'
            f'<td><a href="{escape(folder)}/{REPORT_FILES["markdown"]}">md</a> · '
            f'<a href="{escape(folder)}/{REPORT_FILES["json"]}">json</a></td></tr>'
        )
    total = sum(len(e.sources) for e in entries)
    return (
        "\n".join(
            [
                "<!doctype html>",
                '<html lang="en"><head><meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                "<title>newsread batch</title>",
                "<style>body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:72rem;"
                "padding:1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:"
                "1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}"
                ".n{text-align:right}</style></head><body>",
                "<h1>newsread batch</h1>",
                f"<p>{len(entries)} stories, {total} articles.</p>",
                "<table><tr><th>#</th><th>Story</th><th>Sources</th><th>Shared</th>"
                "<th>Unique</th><th>Conflicts</th><th>Reports</th></tr>",
                *rows,
                "</table></body></html>",
            ]
        )
        + "\n"
    )
