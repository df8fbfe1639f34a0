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

import codecs
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from .boilerplate import boilerplate_spans, headline
from .clean import one_line, visible
from .files import NotRegularFileError, TooLargeError, read_regular
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
"""Largest article file read (5 MB); a longer one is refused with this limit named.
Only regular files are read, and never more than this many bytes, whatever size
the file system reports (a FIFO or ``/dev/zero`` says 0)."""

MAX_TEXT_CHARS = 500_000
"""Most characters of article text (after decoding, or extracted from HTML): about
80,000 words, ten times a long-form feature. Time and memory grow with the text,
and embedding is the bound: a text at this limit compares in under 30 s with no
cache and under 1 GB (BENCHMARKS.md, "Limits"). A longer one is refused with
the limit named."""

MAX_METADATA_BYTES = 1_000_000
"""Largest ``sources.toml`` read."""

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
            raw = _from_html(pages[given], given, {}, _url_stem(given))
            check_text_size(raw.text, given)
            raws.append(raw)
            continue
        path = Path(given)
        if not path.exists():
            raise IngestError(f"{given}: no such file or folder")
        if path.is_dir():
            files = _article_files(path, given)
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


def _article_files(path: Path, given: str) -> list[Path]:
    try:
        files = sorted(p for p in path.iterdir() if p.is_file() and _is_article_file(p))
    except OSError as exc:
        raise IngestError(f"{given}: {read_problem(exc)}") from exc
    if not files:
        raise IngestError(
            f"{given}: no article files in this folder (looked for {', '.join(ARTICLE_SUFFIXES)})"
        )
    return files


def folder_files(given: str) -> list[str]:
    """The inputs a path stands for: a folder's article files, each named as
    ``load_articles`` names it when given the folder (so an article's ``path`` is the
    same either way), or the path itself.

    Args:
        given: A file or folder path as the user typed it (not a URL).

    Returns:
        The paths to read one by one.

    Raises:
        IngestError: A folder that cannot be listed or holds no article files.
    """
    path = Path(given)
    if not path.is_dir():
        return [given]
    return [str(Path(given) / file.name) for file in _article_files(path, given)]


def _to_article(raw: _Raw, article_id: str) -> Article:
    # Control characters become visible stand-ins of the same length (clean.py):
    # offsets stay exact, and no escape sequence from a file or page reaches a terminal.
    text = visible(raw.text)
    return Article(
        id=article_id,
        path=one_line(raw.path),
        name=one_line(raw.name),
        text=text,
        title=one_line(raw.title),
        date=one_line(raw.date),
        author=one_line(raw.author),
        boilerplate=boilerplate_spans(text),
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
    good: list[Article] = []
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
        good.extend(found)
    # each file is read once: the articles read above, numbered over the good paths
    numbered = tuple(replace(a, id=f"s{n}") for n, a in enumerate(good, start=1))
    return numbered, tuple(problems)


def input_files(given: str) -> tuple[Path, ...]:
    """The files a path input reads: the file itself, or a folder's article files and
    its ``sources.toml`` (for refusing to write a report over one of them).

    Args:
        given: A path as the user typed it (not a URL).

    Returns:
        The files; empty when the path cannot be listed.
    """
    path = Path(given)
    try:
        if path.is_dir():
            return tuple(p for p in path.iterdir() if p.is_file())
    except OSError:
        return ()
    return (path,)


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
    text = visible(text)
    return Article(
        id=article_id,
        path=one_line(path or name),
        name=one_line(name),
        text=text,
        title=one_line(headline(text)),
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
    if not meta_path.exists():
        return {}
    try:
        data = read_regular(meta_path, MAX_METADATA_BYTES)
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise IngestError(f"{meta_path}: not valid TOML ({exc}); fix or remove it") from exc
    except OSError as exc:
        raise IngestError(f"{meta_path}: {read_problem(exc)}") from exc


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
    try:
        data = read_regular(path, MAX_BYTES)
    except TooLargeError as exc:
        size = path.stat().st_size
        amount = f"{size / 1e6:.1f} MB is" if size > MAX_BYTES else "it is"
        raise IngestError(
            f"{shown}: {amount} over the {MAX_BYTES // 1_000_000} MB limit "
            "for one article; split it or pass the article alone"
        ) from exc
    except OSError as exc:
        raise IngestError(f"{shown}: {read_problem(exc)}") from exc
    if not data.strip():
        raise IngestError(f"{shown}: the file is empty")
    kind = "" if data.startswith(_BOMS) else _binary_kind(data)
    if kind:
        raise IngestError(
            f"{shown}: this is {kind}, not an article; save the article as .txt, .md or .html"
        )
    raw_text, encoding = decode_text(data)
    if raw_text is None:
        raise IngestError(
            f"{shown}: not UTF-8 text and not clearly Windows-1252/Latin-1 either; "
            "convert it to UTF-8 (e.g. iconv -f ISO-8859-2 -t UTF-8 for Central European text)"
        )
    if path.suffix.lower() in (".html", ".htm"):
        raw = _from_html(raw_text, shown, meta, path.stem, chosen_name(path.stem))
        check_text_size(raw.text, shown)
        return _Raw(raw.path, raw.text, raw.name, raw.title, raw.date, raw.author, encoding)
    if not raw_text.strip():
        raise IngestError(f"{shown}: the file holds only white space")
    check_text_size(raw_text, shown)
    title = headline(raw_text)
    name = meta.get("name") or chosen_name(path.stem) or title or path.stem
    return _Raw(
        shown, raw_text, name, title, meta.get("date", ""), meta.get("author", ""), encoding
    )


def check_text_size(text: str, shown: str) -> None:
    """Refuse an article text over ``MAX_TEXT_CHARS``.

    Raises:
        IngestError: Naming the file, its size and the limit.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(
            f"{shown}: {len(text):,} characters of text is over the {MAX_TEXT_CHARS:,}-character "
            "limit for one article; split it or pass the article alone"
        )


def read_problem(exc: OSError) -> str:
    """Say in a few words why a file could not be read, and what to do."""
    if isinstance(exc, NotRegularFileError):
        return f"this is {exc.strerror}, not a file; newsread reads only regular files"
    if isinstance(exc, PermissionError):
        return "permission denied; check the file's permissions"
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, IsADirectoryError):
        return "this is a folder"
    return f"cannot read it ({exc.strerror or exc})"


def _binary_kind(data: bytes) -> str:
    """Name the kind of a binary file, or return "" for text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:8192]:
        return "a binary file"
    return ""


_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
"""Byte-order marks of UTF-32 and UTF-16 text (UTF-32's first: it starts like UTF-16 LE)."""

_BETWEEN_LETTERS_OK = frozenset("\u2018\u2019\u00b7")
"""Non-letters that do sit between two letters in real Windows-1252 text: curly
apostrophes (don’t) and the Catalan middle dot (col·lecció)."""


def decode_text(data: bytes) -> tuple[str | None, str]:
    """Decode article bytes: UTF-8, UTF-16/32 with a byte-order mark, else Windows-1252
    when it clearly is such text.

    Offsets everywhere point into the decoded text. A UTF-8 byte-order mark is
    kept as a character so offsets match the file read with ``encoding="utf-8"``.

    Windows-1252 is accepted only when no control character appears, most
    characters are letters, and no symbol sits inside a word: text in another
    8-bit code page read as Windows-1252 puts symbols between letters (Polish
    "Zażółć" in ISO-8859-2 reads "Za¿ó³æ"; Czech "příliš" reads "pøíli¹").

    Args:
        data: The file's bytes.

    Returns:
        ``(text, encoding)``; text is ``None`` when no decoding is plausible.
    """
    for bom, codec in zip(_BOMS, ("utf-32", "utf-32", "utf-16", "utf-16"), strict=True):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                return None, ""
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
    if controls or letters < 0.5 * len(text.replace(" ", "").replace("\n", "")):
        return None, ""
    inside_words = sum(
        1
        for before, ch, after in zip(text, text[1:], text[2:], strict=False)
        if ord(ch) > 127
        and not ch.isalpha()
        and ch not in _BETWEEN_LETTERS_OK
        and before.isalpha()
        and after.isalpha()
    )
    if inside_words:
        return None, ""
    return text, "windows-1252"


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
