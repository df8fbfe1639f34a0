"""URLs: a real HTTP server on 127.0.0.1 serving saved pages of the seed story."""

from __future__ import annotations

import html
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsread.core.ingest import IngestError
from newsread.core.web import fetch_page, page_path
from tests.cli.test_cli import SEEDS, run

pytestmark = pytest.mark.slow

OUTLETS = {
    "000_68d063858d2ec105.txt": ("TNND", "Witkoff to meet Putin in Moscow", "2025-12-02"),
    "002_c6029d1a57377e79.txt": ("NBC News", "Trump envoy meets Putin", "2025-12-02"),
    "004_5c859c4456b90ecb.txt": ("Daily Reporter", "Putin and Witkoff to meet", "2025-12-02"),
}


def page_for(name: str) -> bytes:
    site, title, date = OUTLETS[name]
    text = (SEEDS / name).read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n") if p.strip())
    return (
        f"<!doctype html><html><head><title>{title} | {site}</title>"
        f'<meta property="og:site_name" content="{site}">'
        f'<meta property="og:title" content="{title}">'
        f'<meta name="author" content="Staff Writer">'
        f'<meta property="article:published_time" content="{date}"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>© {site}</footer></body></html>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        name = self.path.strip("/")
        if name == "slow":
            time.sleep(3)
        if name == "image":
            body, kind = b"\x89PNG\r\n", "image/png"
        elif name in OUTLETS:
            body, kind = page_for(name), "text/html; charset=utf-8"
        elif name == "empty":
            body, kind = b"<html><body><nav>Home</nav></body></html>", "text/html"
        else:
            self.send_error(404, "Not Found")
            return
        self.send(body, kind)

    def send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_export_urls_with_metadata_and_offline_reopen(server: str, tmp_path: Path) -> None:
    urls = [f"{server}/{name}" for name in OUTLETS]
    cache = tmp_path / "cache"
    first = run("export", *urls, "--format", "json", cache=cache)
    assert first.returncode == 0, first.stderr
    document = json.loads(first.stdout)
    assert [s["name"] for s in document["sources"]] == ["TNND", "NBC News", "Daily Reporter"]
    assert [s["path"] for s in document["sources"]] == urls
    assert document["sources"][0]["title"] == "Witkoff to meet Putin in Moscow"
    assert document["sources"][0]["date"] == "2025-12-02"
    for source in document["sources"]:
        assert "Home" not in source["text"]
        for s in source["sentences"]:
            assert source["text"][s["start"] : s["end"]] == s["text"]
    assert any(len(g["sources"]) > 1 for g in document["groups"])
    for url in urls:
        assert page_path(cache, url).is_file()
    offline = run("export", *urls, "--format", "json", "--offline", cache=cache)
    assert offline.returncode == 0, offline.stderr
    assert json.loads(offline.stdout) == document


def test_failed_urls_are_reported_and_the_rest_go_on(server: str, tmp_path: Path) -> None:
    good = [f"{server}/{name}" for name in list(OUTLETS)[:2]]
    bad = [f"{server}/missing", f"{server}/image", f"{server}/empty", f"{server}/slow"]
    result = run("export", *good, *bad, "--format", "json", "--timeout", "1", cache=tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["sources"]) == 2
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 4
    assert any("404" in line for line in skipped)
    assert any("image/png" in line for line in skipped)
    assert any("no article text" in line for line in skipped)
    assert any("no answer within 1 s" in line or "timed out" in line for line in skipped)


def test_nothing_readable_exits_2(server: str, tmp_path: Path) -> None:
    result = run("export", f"{server}/missing", cache=tmp_path / "c")
    assert result.returncode == 2 and "404" in result.stderr


def test_offline_without_cache_names_the_url(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not in the page cache"):
        fetch_page("http://127.0.0.1:9/nowhere", tmp_path, offline=True)


async def test_reader_notifies_a_url_it_could_not_fetch(server: str, tmp_path: Path) -> None:
    """The terminal is hidden once the reader opens: a skipped URL is a notification there too."""
    import io

    from newsread.tui.cli import reader_app
    from newsread.tui.screens.reader import ReaderScreen

    err = io.StringIO()
    good = f"{server}/{next(iter(OUTLETS))}"
    app = reader_app(
        [good, f"{server}/missing", str(SEEDS / "002_c6029d1a57377e79.txt"),
         str(tmp_path / "gone.txt"), "--cache-dir", str(tmp_path / "c")],
        err,
    )  # fmt: skip
    skipped = [line for line in err.getvalue().splitlines() if "skipped" in line]
    assert len(skipped) == 2  # the terminal keeps the list once the reader closes
    assert "404" in skipped[0] and "gone.txt: no such file" in skipped[1]
    from tests.tui.conftest import Notices

    notices = Notices()
    async with app.run_test(size=(120, 36), message_hook=notices) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert len(app.articles) == 2
        notes = notices.seen
        assert any(title == "Not opened" and "/missing" in m and "404" in m for title, m in notes)
        assert any(title == "Not opened" and "gone.txt" in m for title, m in notes)
        app.exit()


async def test_many_inputs_not_opened_make_three_notifications(tmp_path: Path) -> None:
    import io

    from newsread.tui.cli import reader_app

    missing = [str(tmp_path / f"gone{n}.txt") for n in range(6)]
    seeds = [str(SEEDS / name) for name in list(OUTLETS)[:2]]
    err = io.StringIO()
    app = reader_app([*seeds, *missing, "--cache-dir", str(tmp_path / "c")], err)
    assert err.getvalue().count("skipped") == 6
    from tests.tui.conftest import Notices

    notices = Notices()
    async with app.run_test(size=(120, 36), message_hook=notices) as pilot:
        await pilot.pause()
        notes = [text for title, text in notices.seen if title == "Not opened"]
        assert len(notes) == 3 and "4 more inputs" in notes[-1], notes
        app.exit()


def test_starting_newsread_loads_no_http_client() -> None:
    """``http.client``, ``urllib.request`` and the ``email`` package they need load
    only when a URL is fetched (30 ms of every start-up), and the packages' versions
    and the country names are read without ``importlib.metadata`` (35 ms more)."""
    probe = (
        "import sys, newsread.tui.cli; "
        "from newsread.core.embed import _onnx_id; _onnx_id(); "
        "from newsread.core.entities import _countries; _countries(); "
        "print(sorted(m for m in ('http.client', 'urllib.request', 'email', "
        "'importlib.metadata', 'pycountry') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
