"""Feeds: read RSS/Atom with feedparser and list the articles they point to.

A feed entry that carries its full text (``content:encoded``, Atom content)
of at least ``FULL_TEXT_CHARS`` characters is used as is; otherwise the entry's
link is fetched like any URL (``web.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

FULL_TEXT_CHARS = 800
"""Entries with this much content are read from the feed, without fetching."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed item."""

    title: str
    link: str
    html: str
    """The entry's own content, or "" when it has only a summary."""


class FeedError(ValueError):
    """The feed could not be parsed; the message names it."""


def parse_feed(data: str | bytes, source: str) -> tuple[str, tuple[Entry, ...]]:
    """Parse RSS or Atom.

    Args:
        data: The feed document.
        source: Its URL or path, for messages.

    Returns:
        ``(feed title, entries)``.

    Raises:
        FeedError: Not a feed, or a feed with no entries.
    """
    import feedparser  # lazy: ~0.1 s

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        detail = f" ({reason})" if parsed.get("bozo") and reason else ""
        raise FeedError(f"{source}: not an RSS/Atom feed, or it has no entries{detail}")
    entries = []
    for item in parsed.entries:
        content = ""
        for block in item.get("content", []) or []:
            if len(block.get("value", "")) >= FULL_TEXT_CHARS:
                content = block["value"]
                break
        title = item.get("title", "") or item.get("link", "")
        entries.append(Entry(title=title, link=item.get("link", ""), html=content))
    return parsed.feed.get("title", source), tuple(entries)
