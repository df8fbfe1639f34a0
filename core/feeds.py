"""Feeds: read RSS/Atom with feedparser and list the articles they point to.

A feed entry that carries its full text (``content:encoded``, Atom content)
of at least ``FULL_TEXT_CHARS`` characters is used as is; otherwise the entry's
link is fetched like any URL (``web.py``).

A feed is remote content: its links are only ever http(s) URLs. Relative links
are resolved against the feed's own URL (so they stay on that server); a link
that is a path, a ``file:`` URL or any other scheme is never read, and the
entry is skipped with a line saying so, even when it carries its full text (its
link would otherwise name the article, and a path names a local file).
"""

from __future__ import annotations

from dataclasses import dataclass

from .clean import one_line
from .ingest import IngestError
from .web import check_url, is_url

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


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed."""

    title: str
    entries: tuple[Entry, ...]
    """Entries with an http(s) link, in feed order."""
    skipped: tuple[str, ...] = ()
    """One line per entry left out (no link, or a link that is not http(s))."""


def parse_feed(data: str | bytes, source: str) -> Feed:
    """Parse RSS or Atom.

    Args:
        data: The feed document.
        source: Its URL or path, for messages; relative links resolve against a URL.

    Returns:
        The feed's title, its usable entries and a line per entry skipped.

    Raises:
        FeedError: Not a feed, or a feed with no entries.
    """
    import feedparser  # lazy: ~0.1 s

    headers = {"content-location": source} if is_url(source) else None
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        detail = f" ({reason})" if parsed.get("bozo") and reason else ""
        raise FeedError(f"{source}: not an RSS/Atom feed, or it has no entries{detail}")
    entries = []
    skipped = []
    for item in parsed.entries:
        content = ""
        for block in item.get("content", []) or []:
            if len(block.get("value", "")) >= FULL_TEXT_CHARS:
                content = block["value"]
                break
        link = str(item.get("link", "") or "").strip()
        title = one_line(str(item.get("title", "") or link))
        try:
            check_url(link)
        except IngestError:
            shown = one_line(link)[:200] or "none"
            skipped.append(
                f"{source}: entry “{title[:80]}”: its link ({shown}) is not an http(s) URL; "
                "feed links are only fetched from the web, never read from disk"
            )
            continue
        entries.append(Entry(title=title, link=link, html=content))
    return Feed(one_line(str(parsed.feed.get("title", source))), tuple(entries), tuple(skipped))
