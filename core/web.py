"""Articles from the web: fetch a URL, keep the page on disk, extract with trafilatura.

This is the one core module that talks to the network, and only for URLs the
user gave or a feed the user gave lists. Each page is fetched with a limit on
the whole download (``timeout`` seconds from the first byte sent to the last
received, not per read: a server trickling one byte a second is cut off) and a
size limit (``max_bytes``, also applied after gzip decoding), then stored in
``<cache>/pages/<sha256 of the URL>.html`` with a small JSON side file, so a
comparison can be reopened offline (``offline=True`` never touches the network).

Remote content never names a local resource: only ``http``/``https`` URLs are
fetched, and a redirect is followed only to ``http``/``https`` on the same port
as the request or the scheme's default port (never ``file:``, ``ftp:`` or a
service on another local port).

Failures are per URL: ``fetch_articles`` returns the articles it could read and
one line per URL it could not, so the rest go on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import threading
import time
import urllib.parse
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import write_atomic
from .ingest import MAX_BYTES, IngestError, article_from_html

if TYPE_CHECKING:
    import socket
    import urllib.request

# ``http.client``, ``urllib.request`` and ``socket`` load only when a URL is fetched:
# with the ``email`` package they pull in, they took 30 ms of every start-up of
# ``newsread``, which imports this module for ``is_url`` and the timeout checks.

USER_AGENT = "newsread/0.1 (+https://pypi.org/project/newsread)"
TIMEOUT = 15.0
"""Seconds a whole download may take (connect, headers, body) before giving up."""
MAX_TIMEOUT = 3600.0
"""Largest ``--timeout`` accepted."""
MAX_REDIRECTS = 5
"""Redirects followed for one URL."""


def is_url(text: str) -> bool:
    """Whether an argument is an http(s) URL rather than a path."""
    return text.startswith(("http://", "https://"))


def check_url(url: str) -> str:
    """Return ``url`` if it is a well-formed http(s) URL with a host.

    Args:
        url: A URL from the user, a feed or a page.

    Returns:
        The URL.

    Raises:
        IngestError: Another scheme (``file:``, ``ftp:``, a path), no host, or a
            malformed URL (``http://[::1``).
    """
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        raise IngestError(f"{url}: not a valid URL ({exc})") from exc
    if parts.scheme not in ("http", "https"):
        raise IngestError(f"{url}: only http and https URLs are read")
    if not parts.hostname:
        raise IngestError(f"{url}: not a valid URL (no host)")
    del port
    return url


def check_timeout(value: float) -> float:
    """Return a usable download timeout, or raise ``ValueError`` saying what is wrong."""
    if math.isnan(value) or math.isinf(value) or value <= 0:
        raise ValueError(f"{value!r} is not a number of seconds above 0")
    if value > MAX_TIMEOUT:
        raise ValueError(f"{value:g} s is over the {MAX_TIMEOUT:g} s limit")
    return value


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched page: its final URL, HTML and how it was obtained."""

    url: str
    html: str
    from_cache: bool


def page_path(cache_dir: Path, url: str) -> Path:
    """Where a URL's page is kept."""
    return cache_dir / "pages" / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".html")


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


@lru_cache(maxsize=1)
def _safe_redirects() -> type[urllib.request.HTTPRedirectHandler]:
    """The redirect handler of every download (its class, made on first use)."""
    from urllib.request import HTTPRedirectHandler

    class _SafeRedirects(HTTPRedirectHandler):
        """Follow redirects only to http(s), on the request's port or the scheme's default."""

        max_redirections = MAX_REDIRECTS

        def http_error_302(
            self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any
        ) -> Any:
            location = headers.get("location") or headers.get("uri")
            if location:
                self._check(req, urllib.parse.urljoin(req.full_url, location))
            return super().http_error_302(req, fp, code, msg, headers)

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

        def _check(self, req: urllib.request.Request, newurl: str) -> None:
            old = urllib.parse.urlsplit(req.full_url)
            try:
                new = urllib.parse.urlsplit(newurl)
                new_port = new.port or _default_port(new.scheme)
            except ValueError as exc:
                raise IngestError(f"{req.full_url}: redirected to a malformed URL") from exc
            if new.scheme not in ("http", "https"):
                raise IngestError(
                    f"{req.full_url}: redirected to a {new.scheme or 'relative'}: URL; "
                    "only http and https are followed"
                )
            old_port = old.port or _default_port(old.scheme)
            if new_port not in (old_port, _default_port(new.scheme)):
                raise IngestError(
                    f"{req.full_url}: redirected to port {new_port}; only the same port or "
                    "the standard one is followed"
                )

    return _SafeRedirects


class _Deadline:
    """Cut a download off when its time is up: every socket it opens is shut down."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        from socket import SHUT_RDWR

        with self._lock:
            if self.expired:
                sock.shutdown(SHUT_RDWR)
            self._sockets.append(sock)

    def _expire(self) -> None:
        from socket import SHUT_RDWR

        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):  # already closed
                    sock.shutdown(SHUT_RDWR)


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener whose connections are registered with ``deadline`` once connected."""
    from http.client import HTTPConnection, HTTPSConnection
    from urllib.request import HTTPHandler, HTTPSHandler, build_opener

    class _HTTP(HTTPConnection):
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    class _HTTPS(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    class _HTTPHandler(HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(_HTTP, req)

    class _HTTPSHandler(HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(_HTTPS, req)

    return build_opener(_HTTPHandler, _HTTPSHandler, _safe_redirects())


def _read_body(response: Any, max_bytes: int, url: str) -> bytes:
    """Read the body, decoding gzip/deflate, never holding more than ``max_bytes``."""
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise IngestError(f"{url}: the server sent an unknown encoding ({encoding})")
    inflate = None if encoding == "identity" else zlib.decompressobj(wbits=47)
    out = bytearray()
    while True:
        chunk = response.read(65536)
        if not chunk:
            break
        if inflate is not None:
            try:
                chunk = inflate.decompress(chunk, max_bytes + 1 - len(out))
            except zlib.error as exc:
                raise IngestError(f"{url}: the page's {encoding} data is damaged") from exc
        out += chunk
        if len(out) > max_bytes:
            raise IngestError(f"{url}: the page is over the {max_bytes // 1_000_000} MB limit")
    return bytes(out)


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
        timeout: Seconds the whole download may take.
        max_bytes: Largest page accepted (after decoding gzip).
        accept: Content types taken (feeds pass their XML types).

    Returns:
        The page.

    Raises:
        IngestError: One line naming the URL and what went wrong.
    """
    check_url(url)
    stored = page_path(cache_dir, url) if cache_dir is not None else None
    if stored is not None and stored.is_file() and not refresh:
        try:
            return Page(url, stored.read_text(encoding="utf-8"), True)
        except (OSError, UnicodeDecodeError):
            pass  # a damaged cache entry: fetch the page again
    if offline:
        raise IngestError(f"{url}: not in the page cache and --offline was given")
    from urllib.request import Request

    request = Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
    started = time.monotonic()
    with _Deadline(timeout) as deadline:
        try:
            with _opener(deadline).open(request, timeout=timeout) as response:
                kind = response.headers.get_content_type()
                if kind not in accept:
                    raise IngestError(f"{url}: the server sent {kind}, not a web page")
                data = _read_body(response, max_bytes, url)
                charset = response.headers.get_content_charset() or "utf-8"
        except IngestError:
            raise
        except Exception as exc:  # noqa: BLE001 - every network failure is one line
            if deadline.expired or time.monotonic() - started >= timeout:
                raise IngestError(
                    f"{url}: no answer within {timeout:g} s (the whole download must end by then)"
                ) from exc
            raise IngestError(f"{url}: {_network_problem(exc)}") from exc
        if deadline.expired:
            raise IngestError(
                f"{url}: no answer within {timeout:g} s (the whole download must end by then)"
            )
    try:
        html = data.decode(charset, errors="replace")
    except LookupError:
        html = data.decode("utf-8", errors="replace")
    if stored is not None:
        try:
            stored.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(stored, html, overwrite=True)
            write_atomic(stored.with_suffix(".json"), json.dumps({"url": url}), overwrite=True)
        except OSError:
            pass  # an unwritable cache costs the offline copy, not the page
    return Page(url, html, False)


def _network_problem(exc: BaseException) -> str:
    """One line for a failed download."""
    from http.client import HTTPException
    from socket import timeout as socket_timeout
    from urllib.error import HTTPError, URLError

    if isinstance(exc, HTTPError):
        return f"the server answered {exc.code} {exc.reason}"
    if isinstance(exc, URLError):
        reason = exc.reason
        if isinstance(reason, IngestError):
            return str(reason).split(": ", 1)[-1]
        return f"could not connect ({reason})"
    if isinstance(exc, TimeoutError | socket_timeout):
        return "the server stopped answering"
    if isinstance(exc, HTTPException):
        return f"the server's answer is not valid HTTP ({type(exc).__name__})"
    if isinstance(exc, ValueError):
        return f"not a valid URL ({exc})"
    if isinstance(exc, OSError):
        return f"network error ({exc.strerror or exc})"
    return f"download failed ({type(exc).__name__}: {exc})"


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
