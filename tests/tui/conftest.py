"""Reader fixtures: the app on the seed story with the real (cached) model."""

from __future__ import annotations

import pytest

from newsread.core.embed import CachedEmbedder
from newsread.core.seeds import default_story
from newsread.tui.app import NewsreadApp, make_app


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
