"""NewsreadApp: configuration, theme and the reader screen; ``make_app`` builds it."""

from __future__ import annotations

import asyncio
import gc
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from textual.app import App

from ..core.archive import BatchFolder, is_batch_folder, read_batch
from ..core.clean import one_line
from ..core.embed import Embedder, make_embedder
from ..core.ingest import IngestError, load_readable, story_title
from ..core.model import Article
from .commands import ReaderCommands
from .screens.reader import ReaderScreen
from .screens.stories import StoryPickerScreen

MAX_NOTICES = 3
"""Inputs not opened that get a notification each; past this, two and a count."""
PILE_SIZE = 8
"""From this many articles on, the reader first groups them into stories."""


class _NoWaitExecutor(ThreadPoolExecutor):
    """A thread pool whose shutdown does not wait for running work."""

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=False, cancel_futures=True)


class NewsreadApp(App[None]):
    """The newsread reader."""

    CSS_PATH = "newsread.tcss"
    TITLE = "newsread"
    COMMANDS = App.COMMANDS | {ReaderCommands}

    def __init__(
        self,
        articles: tuple[Article, ...],
        embedder: Embedder | None,
        title: str = "",
        story_name: str = "comparison",
        theme: str = "textual-dark",
        autoload: bool = True,
        problems: tuple[str, ...] = (),
        pile: bool = False,
        batch: BatchFolder | None = None,
    ) -> None:
        super().__init__()
        self.batch = batch
        self.problems = problems
        self.pile = pile
        self.articles = articles
        self.embedder = embedder
        self.story_title = title
        self.story_name = story_name
        self.autoload = autoload
        self._theme_name = theme

    def on_mount(self) -> None:
        # Thread workers run on the loop's default executor, which asyncio.run()
        # joins before it returns: q while the model loads waited seconds for it.
        # This one lets the loop go; the process then leaves without waiting
        # (``__main__``), and a worker's cache writes are transactions.
        asyncio.get_running_loop().set_default_executor(_NoWaitExecutor())
        if self._theme_name in self.available_themes:
            self.theme = self._theme_name
        else:
            self.notify(
                f"Unknown theme {self._theme_name!r}; using the default.", severity="warning"
            )
        if self.batch is not None:
            self.push_screen(
                StoryPickerScreen((), self.embedder, self.story_title, batch=self.batch)
            )
        elif self.pile and self.embedder is not None:
            self.push_screen(StoryPickerScreen(self.articles, self.embedder, self.story_title))
        else:
            self.push_screen(
                ReaderScreen(
                    self.articles, self.embedder, self.story_title, self.story_name, self.autoload
                )
            )
        shown = self.problems if len(self.problems) <= MAX_NOTICES else self.problems[:2]
        for problem in shown:
            self.notify(
                one_line(problem), title="Not opened", severity="error", timeout=15, markup=False
            )
        if len(shown) < len(self.problems):
            self.notify(
                f"{len(self.problems) - len(shown)} more inputs could not be opened; "
                "newsread lists them all on the terminal when it exits.",
                title="Not opened", severity="error", timeout=15,
            )  # fmt: skip


def story_slug(paths: list[str], title: str) -> str:
    """A file-name-safe name for the story: its folder, else its title, else "comparison"."""
    first = Path(paths[0]) if paths else None
    base = first.name if first is not None and first.is_dir() else title
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")
    return slug or "comparison"


def make_app(
    paths: list[str],
    model: str | None = None,
    cache_dir: Path | None = None,
    theme: str = "textual-dark",
    embedder: Embedder | None = None,
    autoload: bool = True,
    pages: dict[str, str] | None = None,
    stories: bool | None = None,
    title: str = "",
    engine: str = "onnx",
    skipped: tuple[str, ...] = (),
) -> NewsreadApp:
    """Build the reader for the CLI, the tests and the screenshot script alike.

    Args:
        paths: Article files or folders; unreadable ones are skipped and reported
            as notifications once the reader opens.
        model: ``--model`` value, when no embedder is given.
        cache_dir: Embedding cache folder, when no embedder is given.
        theme: Textual theme name.
        embedder: Inject an embedder (tests); default: the real model behind the cache.
        autoload: Start loading the model and aligning at once.
        pages: HTML of fetched URLs among ``paths``.
        stories: Group the articles into stories first (``None``: when there are
            ``PILE_SIZE`` or more).
        title: A title for the pile or story (default: from ``sources.toml``).
        engine: How the packaged model runs (``onnx`` or ``torch``).
        skipped: Inputs already left out (URLs that could not be fetched), one
            line each, shown as notifications with the unreadable paths.

    Returns:
        The app, not yet running.

    A single folder holding a batch's output (``newsread batch --out DIR``:
    ``index.json`` beside ``stories/``) opens as the story picker over its index;
    a story opens from its JSON report, nothing is recomputed.

    Raises:
        IngestError: None of the paths holds a readable article.
        ArchiveError: A batch folder whose index is corrupt, of another version, or
            lists a story whose report is missing.
    """
    # Everything imported by now (Textual, the core modules) lives as long as the
    # process: keep it out of the collector's full scans, which otherwise rescan
    # it several times while the first screen is built (measured: first paint
    # 45 ms and aligned view 70 ms sooner for the seed story). The reader's
    # screen releases frozen objects when it closes (``ReaderScreen.on_unmount``).
    gc.freeze()
    if len(paths) == 1 and not pages and is_batch_folder(Path(paths[0])):
        batch = read_batch(Path(paths[0]))
        if embedder is None:  # for the matched words only; the model loads if they need it
            embedder = make_embedder(model, cache_dir, engine)
        return NewsreadApp(
            (), embedder, title=title, story_name="batch", theme=theme, autoload=autoload,
            problems=skipped, batch=batch,
        )  # fmt: skip
    articles, problems = load_readable(paths, pages)
    if not articles:
        raise IngestError(problems[0] if problems else "no articles to open")
    title = title or story_title(paths)
    pile = len(articles) >= PILE_SIZE if stories is None else stories
    if embedder is None:
        embedder = make_embedder(model, cache_dir, engine)
    return NewsreadApp(
        articles, embedder, title=title, story_name=story_slug(paths, title), theme=theme,
        autoload=autoload, problems=(*skipped, *problems), pile=pile,
    )  # fmt: skip
