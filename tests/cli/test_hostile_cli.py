"""Hostile input at the command line and over the network (issue 15): a hostile
server on 127.0.0.1, FIFOs, devices, racing writers, broken caches and outputs.
Each test runs newsread as a user does, in a subprocess, unless it needs to
stand in for something root cannot be denied (permissions)."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.cli.test_cli import SEEDS, run
from tests.cli.test_web import OUTLETS, page_for

pytestmark = pytest.mark.slow

ARTICLE = list(OUTLETS)[0]
ESC = "\x1b"


class Hostile(BaseHTTPRequestHandler):
    """Pages, feeds and misbehaviour, chosen by path."""

    secret_path = ""
    other_port = 0

    def do_GET(self) -> None:  # noqa: N802
        name = self.path.strip("/")
        host = f"http://{self.headers['Host']}"
        if name in OUTLETS:
            self.send(page_for(name), "text/html; charset=utf-8")
        elif name == "evil-feed.xml":
            self.send(_evil_feed(host, self.secret_path).encode(), "application/rss+xml")
        elif name == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(60):  # one byte a second: every read succeeds, the whole never ends
                try:
                    self.wfile.write(b"<")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(1)
        elif name == "gzipped":
            body = gzip.compress(page_for(list(OUTLETS)[1]))
            self.send(body, "text/html", {"Content-Encoding": "gzip"})
        elif name == "gzip-bomb":
            body = gzip.compress(b"<p>" + b"a" * 60_000_000 + b"</p>")
            self.send(body, "text/html", {"Content-Encoding": "gzip"})
        elif name == "to-file":
            self.redirect("file:///etc/hostname")
        elif name == "to-ftp":
            self.redirect("ftp://127.0.0.1/x")
        elif name == "to-other-port":
            self.redirect(f"http://127.0.0.1:{self.other_port}/{ARTICLE}")
        elif name == "to-same-server":
            self.redirect(f"/{list(OUTLETS)[1]}")
        elif name == "evil-page":
            text = (
                f"<html><body><article><h1>Title {ESC}]0;OWNED{chr(7)}</h1>"
                + "".join(
                    f"<p>Officials said {ESC}[2J{ESC}[31m the talks went on {n}. "
                    "<b>Nothing</b> was agreed at the meeting today.</p>"
                    for n in range(8)
                )
                + "</article></body></html>"
            )
            self.send(text.encode(), "text/html")
        else:
            self.send_error(404, "Not Found")

    def send(self, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _evil_feed(host: str, secret: str) -> str:
    full = "<p>" + "This entry carries its own full text about the talks. " * 30 + "</p>"
    items = [
        (secret, full),  # a local path with full text: must not be read from disk
        ("../../etc/hostname", full),  # relative: resolves to this server, never a local file
        ("/dev/zero", ""),
        ("file:///etc/passwd", full),
        (f"{host}/{ARTICLE}", ""),
        (f"{host}/{list(OUTLETS)[1]}", ""),
    ]
    body = "".join(
        f"<item><title>entry {n}</title><link>{link}</link>"
        + (f"<content:encoded><![CDATA[{html}]]></content:encoded>" if html else "")
        + "</item>"
        for n, (link, html) in enumerate(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>wire</title>{body}</channel></rss>"
    )


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[str]:
    secret = tmp_path / "secret-notes.txt"
    secret.write_text("TOPSECRET " * 200)
    other = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    Hostile.secret_path = str(secret)
    Hostile.other_port = other.server_address[1]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (httpd, other)]
    for thread in threads:
        thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        for server in (httpd, other):
            server.shutdown()
            server.server_close()


# -- 1. a remote feed never makes newsread read a local file ----------------------------------


def test_a_feed_cannot_make_newsread_read_local_files(hostile: str, tmp_path: Path) -> None:
    started = time.monotonic()
    result = run("feed", f"{hostile}/evil-feed.xml", "--list", cache=tmp_path / "c")
    assert time.monotonic() - started < 120  # /dev/zero is never read
    assert result.returncode == 0, result.stderr
    assert "TOPSECRET" not in result.stdout + result.stderr
    assert "secret-notes" not in result.stdout  # never listed as an article
    # Links that are paths resolve against the feed's own server (a 404 there), never
    # the local disk; a file: link is refused outright.
    assert result.stderr.count("not an http(s) URL") == 1
    assert f"{hostile}/dev/zero: the server answered 404" in result.stderr
    local_names = [Hostile.secret_path, "/dev/zero", "/etc/hostname"]
    assert not any(f" {name}" in result.stdout for name in local_names)


def test_a_feed_file_with_path_links_reads_none_of_them(hostile: str, tmp_path: Path) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_text(_evil_feed(hostile, Hostile.secret_path))
    result = run("feed", str(feed), "--list", cache=tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert "TOPSECRET" not in result.stdout + result.stderr
    assert result.stderr.count("not an http(s) URL") == 4  # path, relative, /dev/zero, file:
    assert "(2 articles)" in result.stdout and Hostile.secret_path not in result.stdout


# -- 2. nothing from an input reaches the terminal as a control sequence ----------------------


def test_markdown_on_stdout_and_error_lines_carry_no_escape(hostile: str, tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        f"Talks {ESC}[2J{ESC}]0;OWNED{chr(7)} resume\n\nThe envoy met {ESC}[31mPutin.\n"
    )
    for form in ("md", "json", "html"):
        result = run("export", str(evil), str(SEEDS / ARTICLE), "--format", form,
                     cache=tmp_path / "c")  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert ESC not in result.stdout and chr(7) not in result.stdout
        assert "␛[2J" in result.stdout or form == "md"
    bad_name = tmp_path / f"x{ESC}]0;OWNED{chr(7)}.pdf"
    bad_name.write_bytes(b"%PDF-1.4 " + b"\x00" * 20)
    result = run("export", str(bad_name), cache=tmp_path / "c")
    assert result.returncode == 2 and ESC not in result.stderr and chr(7) not in result.stderr


def test_a_page_with_escapes_is_exported_with_visible_stand_ins(
    hostile: str, tmp_path: Path
) -> None:
    result = run(
        "export", f"{hostile}/evil-page", f"{hostile}/{ARTICLE}", "--format", "md",
        cache=tmp_path / "c",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert ESC not in result.stdout + result.stderr


async def test_the_reader_never_draws_an_escape(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    from newsread.tui.app import make_app

    evil = tmp_path / "evil.txt"
    evil.write_text(
        f"Talks {ESC}]0;OWNED{chr(7)} resume\n\nThe envoy met {ESC}[31mPutin{ESC}[0m in Moscow.\n"
    )
    app = make_app([str(evil), str(SEEDS / ARTICLE)], embedder=embedder)
    app.animation_level = "none"
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        frame = app.export_screenshot()
        assert "␛" in frame
        assert ESC not in frame and chr(7) not in frame
        app.exit()


# -- 3. the Markdown report shows HTML from an article as text --------------------------------


def test_markdown_report_escapes_article_html(tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "Envoy meets Putin <script>alert(1)</script>\n\n"
        "The envoy met Putin <img src=x onerror=alert(2)> in Moscow on Tuesday.\n"
    )
    result = run("export", str(evil), str(SEEDS / ARTICLE), "--format", "md", cache=tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert "<script" not in result.stdout and "<img" not in result.stdout
    assert "&lt;script&gt;" in result.stdout


# -- 4. FIFOs and devices are refused at once ------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_fifo_and_device_inputs_are_refused_at_once(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        target = tmp_path / "pipe.txt"
        os.mkfifo(target)
    else:
        target = Path("/dev/zero")
    started = time.monotonic()
    result = run("export", str(target), str(SEEDS / ARTICLE), cache=tmp_path / "c")
    assert time.monotonic() - started < 60
    assert result.returncode == 2
    assert ("FIFO" if kind == "fifo" else "character device") in result.stderr
    assert "Traceback" not in result.stderr


# -- 5. the whole download is bounded; bad options and URLs are one line ------------------------


def test_a_trickling_server_is_cut_off_at_the_timeout(hostile: str, tmp_path: Path) -> None:
    started = time.monotonic()
    result = run(
        "export", f"{hostile}/trickle", str(SEEDS / ARTICLE), "--timeout", "3",
        cache=tmp_path / "c",
    )  # fmt: skip
    assert time.monotonic() - started < 40  # was: as long as the server kept trickling
    assert result.returncode == 0, result.stderr
    assert "no answer within 3 s" in result.stderr


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "abc"])
def test_bad_timeouts_are_one_clear_line(tmp_path: Path, value: str) -> None:
    result = run("export", str(SEEDS), "--timeout", value, cache=tmp_path / "c")
    assert result.returncode == 2
    assert "--timeout" in result.stderr and "Traceback" not in result.stderr


def test_a_malformed_url_is_one_clear_line(tmp_path: Path) -> None:
    result = run("export", "http://[::1", str(SEEDS / ARTICLE), cache=tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert "not a valid URL" in result.stderr and "Traceback" not in result.stderr


# -- 8. an input is never overwritten -------------------------------------------------------


@pytest.mark.parametrize("force", [False, True])
def test_export_refuses_to_write_over_an_input(tmp_path: Path, force: bool) -> None:
    article = tmp_path / "a.txt"
    article.write_text((SEEDS / ARTICLE).read_text())
    before = article.read_bytes()
    args = ["export", str(article), str(SEEDS / list(OUTLETS)[1]), "-o", str(article)]
    result = run(*args, *(["--force"] if force else []), cache=tmp_path / "c")
    assert result.returncode == 2 and "one of the inputs" in result.stderr
    assert article.read_bytes() == before
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "b.txt").write_bytes(before)
    result = run("export", str(folder), str(SEEDS / list(OUTLETS)[1]), "-o",
                 str(folder / "b.txt"), "--force", cache=tmp_path / "c")  # fmt: skip
    assert result.returncode == 2 and (folder / "b.txt").read_bytes() == before


# -- 9. concurrent exports to one new file: exactly one wins ------------------------------------


def test_concurrent_exports_to_one_file_have_one_winner(tmp_path: Path) -> None:
    cache = tmp_path / "c"
    warm = run("export", str(SEEDS), "--format", "json", cache=cache)
    assert warm.returncode == 0, warm.stderr
    target = tmp_path / "same.md"
    env = {**os.environ, "NEWSREAD_CACHE_DIR": str(cache)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "newsread.tui", "export", str(SEEDS), "-o", str(target)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )  # fmt: skip
        for _ in range(6)
    ]
    codes = [p.wait(timeout=300) for p in procs]
    errors = [p.stderr.read() for p in procs if p.stderr is not None]
    assert codes.count(0) == 1, (codes, errors)
    assert codes.count(2) == 5 and sum("already exists" in e for e in errors) == 5
    assert target.read_text().startswith("# ")


# -- 10/11. caches and outputs that cannot be used ---------------------------------------------


def test_a_cache_dir_that_is_a_file_is_one_line_exit_2(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "cachefile"
    not_a_folder.write_text("x")
    result = run("export", str(SEEDS), cache=not_a_folder)
    assert result.returncode == 2, result.stderr
    assert "not a folder" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


async def test_the_reader_opens_with_a_bad_cache_dir_and_says_so(tmp_path: Path) -> None:
    from newsread.tui.cli import reader_app
    from newsread.tui.screens.reader import ReaderScreen

    not_a_folder = tmp_path / "cachefile"
    not_a_folder.write_text("x")
    seeds = [str(SEEDS / name) for name in list(OUTLETS)[:2]]
    from textual.notifications import Notify

    app = reader_app([*seeds, "--cache-dir", str(not_a_folder)], io.StringIO())
    app.animation_level = "none"
    notes: list[str] = []

    def hook(message: object) -> None:
        if isinstance(message, Notify):
            notes.append(message.notification.message)

    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.comparison is not None
        assert any("not a folder" in m for m in notes), notes
        app.exit()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only folder")
def test_a_read_only_cache_dir_is_one_line_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run("export", str(SEEDS), cache=folder)
    finally:
        folder.chmod(0o700)
    assert result.returncode == 2 and "not writable" in result.stderr


def test_an_unreadable_input_is_one_line_exit_2(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Root reads any file, so the permission error is raised where the file is opened."""
    import newsread.core.files as files
    from newsread.tui.cli import main

    locked = tmp_path / "locked.txt"
    locked.write_text("The council met on Tuesday.")
    real_open = os.open

    def deny(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", deny)
    err = io.StringIO()
    code = main(["export", str(locked), "--no-cache"], io.StringIO(), err)
    assert code == 2 and "permission denied" in err.getvalue()
    assert len(err.getvalue().strip().splitlines()) == 1


def test_stdout_on_a_full_device_is_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSREAD_CACHE_DIR": str(tmp_path / "c")}
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "newsread.tui", "export", str(SEEDS), "--format", "json"],
            stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=300,
        )  # fmt: skip
    assert result.returncode == 2
    assert "No space left" in result.stderr and "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr


# -- 12. encodings and redirects, --strict, a missing model ------------------------------------


def test_latin2_file_is_refused_and_utf16_is_read(tmp_path: Path) -> None:
    latin2 = tmp_path / "pl.txt"
    latin2.write_bytes(
        "Zażółć gęślą jaźń. Prezydent spotkał się z ministrem.\n".encode("iso-8859-2")
    )
    result = run("export", str(latin2), cache=tmp_path / "c")
    assert result.returncode == 2 and "not UTF-8" in result.stderr
    utf16 = tmp_path / "a.txt"
    utf16.write_text((SEEDS / ARTICLE).read_text(), encoding="utf-16")
    result = run("export", str(utf16), str(SEEDS / list(OUTLETS)[1]), "--format", "json",
                 cache=tmp_path / "c")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"encoding": "utf-16"' in result.stdout


def test_gzip_pages_are_read_and_bombs_capped(hostile: str, tmp_path: Path) -> None:
    result = run(
        "export", f"{hostile}/gzipped", f"{hostile}/gzip-bomb", f"{hostile}/{ARTICLE}",
        "--format", "json", cache=tmp_path / "c",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "gzip-bomb: the page is over the 5 MB limit" in result.stderr
    assert "gzipped" not in result.stderr.replace("gzip-bomb", "")


@pytest.mark.parametrize(
    ("path", "message"),
    [("to-file", "only http and https"), ("to-ftp", "only http and https"),
     ("to-other-port", "redirected to port")],
)  # fmt: skip
def test_redirects_leave_neither_scheme_nor_port(
    hostile: str, tmp_path: Path, path: str, message: str
) -> None:
    result = run("export", f"{hostile}/{path}", str(SEEDS / ARTICLE), cache=tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_redirect_on_the_same_server_is_followed(hostile: str, tmp_path: Path) -> None:
    result = run("export", f"{hostile}/to-same-server", str(SEEDS / ARTICLE), cache=tmp_path / "c")
    assert result.returncode == 0 and "skipped" not in result.stderr


def test_skipped_urls_show_in_the_summary_and_fail_with_strict(
    hostile: str, tmp_path: Path
) -> None:
    out = tmp_path / "r.md"
    args = ["export", f"{hostile}/{ARTICLE}", f"{hostile}/missing", str(SEEDS / list(OUTLETS)[1])]
    result = run(*args, "-o", str(out), cache=tmp_path / "c")
    assert result.returncode == 0
    assert "1 input(s) left out" in result.stderr.splitlines()[-1]
    strict = run(*args, "-o", str(tmp_path / "s.md"), "--strict", cache=tmp_path / "c")
    assert strict.returncode == 2 and "--strict" in strict.stderr
    assert not (tmp_path / "s.md").exists()


def test_a_missing_model_folder_fails_at_once_without_library_noise(tmp_path: Path) -> None:
    started = time.monotonic()
    result = run("export", str(SEEDS), "--model", str(tmp_path / "nonexistent"), "--no-cache",
                 cache=tmp_path / "c")  # fmt: skip
    assert time.monotonic() - started < 10
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no such model folder" in lines[0]


def test_stories_skip_a_data_file_among_the_articles_with_a_note(tmp_path: Path) -> None:
    """Issue 18, defect 11: `newsread stories clusters/*` met the corpus's INDEX.tsv
    and exited 2; it is skipped with a note, as the reader does."""
    index = tmp_path / "INDEX.tsv"
    index.write_text("event\tfile\nx\ty\n")
    files = [str(SEEDS / name) for name in list(OUTLETS)[:2]]
    result = run("stories", *files, str(index), cache=tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stderr and "INDEX.tsv" in result.stderr
    assert "(2 articles)" in result.stdout
    only = run("stories", str(index), cache=tmp_path / "c")
    assert only.returncode == 2
