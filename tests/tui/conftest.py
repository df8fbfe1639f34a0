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
