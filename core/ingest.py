"""Ingest: turn the paths a user gives into ``Article`` records.

Accepted inputs are ``.txt``, ``.md`` and ``.html``/``.htm`` files, and folders
(every article file directly inside, in name order). A folder may hold a
``sources.toml`` naming each file's outlet (see ``seeds/``). HTML goes through
trafilatura, imported lazily because it costs about 0.3 s to import.

Each article gets an id (``s1``, ``s2`` … in input order), a display name
(metadata, then site name, then a file name a person chose, then title, then
file stem) and its text. Lines that
are not article prose are marked as boilerplate spans (see ``boilerplate.py``);
they stay in the text so offsets always point into what the user sees.

Errors are raised as ``IngestError`` with a one-line message that names the
file and says what to do; callers show it as is.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .boilerplate import boilerplate_spans, headline
from .model import Article

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
"""File endings read as articles."""

DATA_SUFFIXES = (".tsv", ".csv", ".json", ".jsonl")
"""Named files with these suffixes are refused: data tables, never articles (a
corpus's ``INDEX.tsv`` caught by a shell glob would otherwise join a story as a
source). Other named files are read as plain text whatever their suffix."""

METADATA_FILE = "sources.toml"
"""Optional per-folder file naming each source: ``[sources."file.txt"] name = …``."""


MAX_BYTES = 5_000_000
"""Largest article file read (5 MB); a longer one is refused with this limit named."""

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or .docx/.epub)"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a media file"),
)

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
    encoding: str


def load_articles(
    paths: list[str] | tuple[str, ...], pages: dict[str, str] | None = None
) -> tuple[Article, ...]:
    """Read files, folders and fetched web pages into articles, in the order given.

    Args:
        paths: File or folder paths as the user typed them, or URLs.
        pages: HTML of the URLs among ``paths`` (see ``web.fetch_articles``).

    Returns:
        The articles, with ids ``s1``, ``s2`` … and boilerplate marked.

    Raises:
        IngestError: A path is missing, empty, binary, or holds no article.
    """
    raws: list[_Raw] = []
    for given in paths:
        if given.startswith(("http://", "https://")):
            if pages is None or given not in pages:
                raise IngestError(f"{given}: this page was not fetched")
            raws.append(_from_html(pages[given], given, {}, _url_stem(given)))
            continue
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
            raws.append(_read_file(path, given, _folder_metadata(path.parent).get(path.name, {})))
    seen: dict[str, str] = {}
    for raw in raws:
        key = raw.path if "://" in raw.path else str(Path(raw.path).resolve())
        if key in seen:
            raise IngestError(f"{raw.path}: given twice (also as {seen[key]}); pass each file once")
        seen[key] = raw.path
    return tuple(_to_article(raw, f"s{n}") for n, raw in enumerate(raws, start=1))


def _to_article(raw: _Raw, article_id: str) -> Article:
    return Article(
        id=article_id,
        path=raw.path,
        name=raw.name,
        text=raw.text,
        title=raw.title,
        date=raw.date,
        author=raw.author,
        boilerplate=boilerplate_spans(raw.text),
        encoding=raw.encoding,
    )


def load_readable(
    paths: list[str] | tuple[str, ...], pages: dict[str, str] | None = None
) -> tuple[tuple[Article, ...], tuple[str, ...]]:
    """Read what can be read; collect a one-line problem for every path that cannot.

    The reader uses this so one bad file among several does not stop it.

    Args:
        paths: File or folder paths as the user typed them, or URLs.
        pages: HTML of the fetched URLs; a URL missing here is skipped silently
            (its fetch problem was already reported).

    Returns:
        ``(articles, problems)``; articles are numbered over the good paths only.
    """
    good: list[str] = []
    problems: list[str] = []
    seen: set[str] = set()
    for given in paths:
        if given.startswith(("http://", "https://")) and (pages is None or given not in pages):
            continue
        try:
            found = load_articles([given], pages)
        except IngestError as exc:
            problems.append(str(exc))
            continue
        keys = {a.path if "://" in a.path else str(Path(a.path).resolve()) for a in found}
        if keys & seen:
            problems.append(f"{given}: given twice; shown once")
            continue
        seen |= keys
        good.append(given)
    return (load_articles(good, pages) if good else ()), tuple(problems)


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


def article_from_html(html: str, path: str, article_id: str = "s1") -> Article:
    """Build an article from an HTML page through trafilatura.

    Args:
        html: The page.
        path: The URL or file it came from.
        article_id: Id to give it.

    Returns:
        The article with metadata and boilerplate marked.

    Raises:
        IngestError: The page holds no article text.
    """
    return _to_article(_from_html(html, path, {}, _url_stem(path)), article_id)


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


_NUMBER_OR_HASH = re.compile(r"\d+|(?=[0-9a-f]*\d)[0-9a-f]{6,}", re.I)
_SAYS_NOTHING = frozenset(
    {"article", "story", "text", "untitled", "page", "index", "document", "doc", "file",
     "news", "download", "copy", "of", "new", "final", "draft", "output", "tmp", "temp"}
)  # fmt: skip


def chosen_name(stem: str) -> str:
    """A file name that names its outlet ("nytimes", "AP", "20180429_reuters"), or "".

    A name a person gave the file says who published it better than the
    headline does, which names the event and is alike across outlets. A name
    counts when one of its words, after dropping numbers, hashes and trailing
    digits, is not a generic file word ("article3", "New Text Document (2)",
    "Copy of untitled") and has three letters or is a two-letter acronym.
    """
    words = [w for w in re.split(r"[\W_]+", stem) if w and not _NUMBER_OR_HASH.fullmatch(w)]
    for word in (w.rstrip("0123456789") for w in words):
        if word.lower() not in _SAYS_NOTHING and (
            len(word) > 2 or (len(word) == 2 and word.isupper())
        ):
            return stem
    return ""


def _url_stem(url: str) -> str:
    """The last path segment of a URL, the name of last resort for a web page."""
    return url.rstrip("/").rsplit("/", 1)[-1] or url


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
    if path.suffix.lower() in DATA_SUFFIXES:
        raise IngestError(
            f"{shown}: a {path.suffix[1:].upper()} data file, not an article; leave it out "
            "(articles are plain text, Markdown or HTML)"
        )
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(
            f"{shown}: {size / 1e6:.1f} MB is over the {MAX_BYTES // 1_000_000} MB limit "
            "for one article; split it or pass the article alone"
        )
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(f"{shown}: the file is empty")
    kind = _binary_kind(data)
    if kind:
        raise IngestError(
            f"{shown}: this is {kind}, not an article; save the article as .txt, .md or .html"
        )
    raw_text, encoding = decode_text(data)
    if raw_text is None:
        raise IngestError(
            f"{shown}: not UTF-8 text and not clearly Windows-1252/Latin-1 either; "
            "convert it to UTF-8 (e.g. iconv -f <encoding> -t UTF-8)"
        )
    if path.suffix.lower() in (".html", ".htm"):
        raw = _from_html(raw_text, shown, meta, path.stem, chosen_name(path.stem))
        return _Raw(raw.path, raw.text, raw.name, raw.title, raw.date, raw.author, encoding)
    if not raw_text.strip():
        raise IngestError(f"{shown}: the file holds only white space")
    title = headline(raw_text)
    name = meta.get("name") or chosen_name(path.stem) or title or path.stem
    return _Raw(
        shown, raw_text, name, title, meta.get("date", ""), meta.get("author", ""), encoding
    )


def _binary_kind(data: bytes) -> str:
    """Name the kind of a binary file, or return "" for text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:8192]:
        return "a binary file"
    return ""


def decode_text(data: bytes) -> tuple[str | None, str]:
    """Decode article bytes: UTF-8, else Windows-1252 when it clearly is such text.

    Offsets everywhere point into the decoded text. A UTF-8 byte-order mark is
    kept as a character so offsets match the file read with ``encoding="utf-8"``.

    Args:
        data: The file's bytes.

    Returns:
        ``(text, encoding)``; text is ``None`` when neither decoding is plausible.
    """
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None, ""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    letters = sum(1 for ch in text if ch.isalpha())
    if controls == 0 and letters >= 0.5 * len(text.replace(" ", "").replace("\n", "")):
        return text, "windows-1252"
    return None, ""


def _from_html(html: str, shown: str, meta: dict[str, str], stem: str, chosen: str = "") -> _Raw:
    import trafilatura  # lazy: import costs ~0.3 s

    doc = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True)

    def field(name: str) -> str:
        value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
        return str(value) if value else ""

    text = field("text")
    if len(text.split()) < _MIN_HTML_WORDS:
        raise IngestError(
            f"{shown}: no article text found in this HTML page "
            "(a paywall, a script-only page or an index page?)"
        )
    title, site, date, author = field("title"), field("sitename"), field("date"), field("author")
    name = meta.get("name") or site or chosen or title or stem
    return _Raw(
        shown, text, name, title, meta.get("date", date), meta.get("author", author), "utf-8"
    )
