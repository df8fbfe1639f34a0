"""Story grouping on the evaluation events mixed together: each event is its own story."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsread.core.embed import CachedEmbedder
from newsread.core.ingest import load_articles
from newsread.core.seeds import default_story
from newsread.core.stories import group_stories, story_articles

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"evaluation data not found at {DATA}"),
]


def test_mixed_events_come_out_as_their_own_stories(embedder: CachedEmbedder) -> None:
    folders = sorted((DATA / "clusters").glob("20*")) + [default_story()]
    files = sorted(str(f) for folder in folders for f in folder.glob("*.txt"))
    files.sort(key=lambda f: Path(f).name)  # interleave the events
    articles = load_articles(files)
    stories = group_stories(articles, embedder)
    event_of = {a.id: Path(a.path).parent.name for a in articles}
    assert len(stories) == len(folders)
    for story in stories:
        events = {event_of[i] for i in story.article_ids}
        assert len(events) == 1 and len(story.article_ids) == 5, story.title
    chosen = story_articles(articles, stories[0])
    assert [a.id for a in chosen] == ["s1", "s2", "s3", "s4", "s5"]
    assert all(len(s.title) <= 100 for s in stories)
