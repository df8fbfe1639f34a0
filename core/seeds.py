"""The bundled sample stories in ``seeds/``.

A story is a folder of article files plus an optional ``sources.toml``. The
folder sits next to ``core/`` both in the repo (editable install) and in
site-packages (as ``newsread/seeds``), so it is found relative to this file.
"""

from __future__ import annotations

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
"""Where the bundled stories live."""

DEFAULT_STORY = "ukraine-peace-talks"
"""The story opened when no path is given."""


def default_story(seeds_dir: Path = SEEDS_DIR) -> Path:
    """Return the folder of the bundled default story.

    Args:
        seeds_dir: The folder holding stories.

    Returns:
        The story folder.
    """
    return seeds_dir / DEFAULT_STORY
