"""Reader fixtures: the app on the seed story with the real (cached) model."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from newsread.core.embed import CachedEmbedder
from newsread.core.seeds import default_story
from newsread.tui.app import NewsreadApp, make_app
from newsread.tui.cli import main


@pytest.fixture
def make_reader(embedder: CachedEmbedder):
    """Build a reader on the seed story; pass ``autoload=False`` to keep it loading."""

    def build(**options: object) -> NewsreadApp:
        app = make_app([str(default_story())], embedder=embedder, **options)  # type: ignore[arg-type]
        app.animation_level = "none"
        return app

    return build


class Notices:
    """Notifications as the app posts them (``run_test(message_hook=notices)``), so
    tests read what was said without reaching into the app's private store."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def __call__(self, message: object) -> None:
        from textual.notifications import Notify

        if isinstance(message, Notify):
            self.seen.append((message.notification.title, message.notification.message))

    @property
    def messages(self) -> list[str]:
        """The notifications' texts, in order."""
        return [text for _, text in self.seen]


SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BRIDGE = {
    "ledger.txt": "Harbor Bridge reopens after two-year repair\n\n"
    "The Harbor Bridge reopened to traffic on Monday after a two-year repair that cost "
    "$48 million, city officials said. Mayor Dana Ortiz cut the ribbon at 9 a.m. "
    "About 30,000 vehicles are expected to cross the bridge each day.",
    "courier.txt": "City reopens Harbor Bridge after lengthy repairs\n\n"
    "Traffic returned to the Harbor Bridge on Monday when the city reopened it after "
    "two years of repairs costing $52 million. Mayor Dana Ortiz opened the bridge at "
    "9 a.m. Officials expect about 30,000 vehicles a day.",
    "wire.txt": "Harbor Bridge back in service\n\n"
    "The Harbor Bridge is open again. City officials said on Monday that the two-year "
    "repair of the bridge was finished. The new deck should last fifty years, engineers said.",
}


@pytest.fixture(scope="session")
def batch_folder(tmp_path_factory: pytest.TempPathFactory, embedder: CachedEmbedder) -> Path:
    """``newsread batch`` on the Springfield story and the bridge story, sharing the
    test run's embedding cache."""
    root = tmp_path_factory.mktemp("pile")
    shutil.copytree(SEEDS / "springfield-budget", root / "springfield-budget")
    (root / "bridge").mkdir()
    for name, text in BRIDGE.items():
        (root / "bridge" / name).write_text(text, encoding="utf-8")
    out = root / "out"
    assert embedder.cache is not None
    err = io.StringIO()
    argv = ["batch", str(root / "springfield-budget"), str(root / "bridge"), "--out", str(out)]
    code = main([*argv, "--cache-dir", str(embedder.cache.path.parent), "-q"], io.StringIO(), err)
    assert code == 0, err.getvalue()
    return out
