"""Articles from the web: fetch a URL, keep the page on disk, extract with trafilatura.

This is the one core module that talks to the network, and only for URLs the
user gave. Each page is fetched with a timeout and a size limit, then stored in
``<cache>/pages/<sha256 of the URL>.html`` with a small JSON side file, so a
comparison can be reopened offline (``offline=True`` never touches the network).

Failures are per URL: ``fetch_articles`` returns the articles it could read and
one line per URL it could not, so the rest go on.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .ingest import MAX_BYTES, IngestError, article_from_html

USER_AGENT = "newsread/0.1 (+https://pypi.org/project/newsread)"
TIMEOUT = 15.0
"""Seconds to wait for a server before giving up on a URL."""


def is_url(text: str) -> bool:
    """Whether an argument is an http(s) URL rather than a path."""
    return text.startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched page: its final URL, HTML and how it was obtained."""

    url: str
    html: str
    from_cache: bool


def page_path(cache_dir: Path, url: str) -> Path:
    """Where a URL's page is kept."""
    return cache_dir / "pages" / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".html")


def fetch_page(
    url: str,
    cache_dir: Path | None,
    offline: bool = False,
    refresh: bool = False,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    accept: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain"),
) -> Page:
    """Get a page from the cache or the network.

    Args:
        url: An http(s) URL.
        cache_dir: Page cache folder, or ``None`` for no cache.
        offline: Use only the cache.
        refresh: Fetch again even if cached.
        timeout: Seconds before giving up.
        max_bytes: Largest page accepted.
        accept: Content types taken (feeds pass their XML types).

    Returns:
        The page.

    Raises:
        IngestError: One line naming the URL and what went wrong.
    """
    stored = page_path(cache_dir, url) if cache_dir is not None else None
    if stored is not None and stored.is_file() and not refresh:
        return Page(url, stored.read_text(encoding="utf-8"), True)
    if offline:
        raise IngestError(f"{url}: not in the page cache and --offline was given")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            kind = response.headers.get_content_type()
            if kind not in accept:
                raise IngestError(f"{url}: the server sent {kind}, not a web page")
            data = response.read(max_bytes + 1)
            charset = response.headers.get_content_charset() or "utf-8"
    except IngestError:
        raise
    except urllib.error.HTTPError as exc:
        raise IngestError(f"{url}: the server answered {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise IngestError(f"{url}: could not connect ({exc.reason})") from exc
    except TimeoutError as exc:
        raise IngestError(f"{url}: no answer within {timeout:g} s") from exc
    except OSError as exc:
        raise IngestError(f"{url}: {exc}") from exc
    if len(data) > max_bytes:
        raise IngestError(f"{url}: the page is over the {max_bytes // 1_000_000} MB limit")
    try:
        html = data.decode(charset, errors="replace")
    except LookupError:
        html = data.decode("utf-8", errors="replace")
    if stored is not None:
        _write_atomic(stored, html)
        _write_atomic(stored.with_suffix(".json"), json.dumps({"url": url}))
    return Page(url, html, False)


def fetch_articles(
    urls: list[str],
    cache_dir: Path | None,
    offline: bool = False,
    refresh: bool = False,
    timeout: float = TIMEOUT,
) -> tuple[list[tuple[str, str]], list[str]]:
    """Fetch several URLs; failures do not stop the others.

    Args:
        urls: http(s) URLs.
        cache_dir: Page cache folder (``None``: no cache).
        offline: Use only cached pages.
        refresh: Ignore cached pages.
        timeout: Seconds per URL.

    Returns:
        ``([(url, html), ...], [problem line, ...])``.
    """
    pages = []
    problems = []
    for url in urls:
        try:
            page = fetch_page(url, cache_dir, offline=offline, refresh=refresh, timeout=timeout)
            article_from_html(page.html, url, "s0")  # fail early on pages with no article
        except IngestError as exc:
            problems.append(str(exc))
            continue
        pages.append((url, page.html))
    return pages, problems


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".page.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
