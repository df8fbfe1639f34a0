"""Feeds and story grouping: real RSS from a loopback server, the story picker in the reader."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from newsread.core.feeds import parse_feed
from tests.cli import test_web
from tests.cli.test_cli import run
from tests.cli.test_web import OUTLETS, SEEDS, page_for, server  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow

COUNCIL = {
    "council-a": (
        "Springfield council approves budget",
        "The Springfield city council approved a 40 million dollar budget on Thursday night. "
        "The vote was seven to two after a four-hour public hearing. "
        "The budget funds twelve new teachers and repairs to the main library. "
        "Council member Ana Ruiz said the plan was the fairest in a decade. "
        "Two members voted against it, citing a rise in property taxes.",
    ),
    "council-b": (
        "Budget passes in Springfield after long hearing",
        "After a four-hour hearing, Springfield's council passed the city budget on Thursday. "
        "Seven members voted for the 40 million dollar plan and two against. "
        "It pays for twelve additional teachers and fixes the main library's roof. "
        "Ana Ruiz, a council member, called it the fairest budget in ten years. "
        "Opponents objected to higher property taxes.",
    ),
}


def council_page(name: str) -> bytes:
    title, text = COUNCIL[name]
    sentences = "".join(f"<p>{html.escape(s)}.</p>" for s in text.split(". ") if s)
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="og:site_name" content="Springfield {name[-1].upper()}"></head>'
        f"<body><article><h1>{title}</h1>{sentences}</article></body></html>"
    ).encode()


def feed_xml(base: str) -> str:
    items = []
    for name in list(OUTLETS)[:2]:
        items.append(f"<item><title>{name}</title><link>{base}/{name}</link></item>")
    full = (SEEDS / list(OUTLETS)[2]).read_text(encoding="utf-8")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in full.split("\n") if p.strip())
    items.append(
        f"<item><title>Full text entry</title><link>{base}/full-entry</link>"
        f"<content:encoded><![CDATA[<html><body><article>{body}</article></body></html>]]>"
        f"</content:encoded></item>"
    )
    for name in COUNCIL:
        items.append(f"<item><title>{name}</title><link>{base}/{name}</link></item>")
    items.append(f"<item><title>Gone</title><link>{base}/missing</link></item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Test wire</title><link>{base}</link>"
        f"<description>t</description>{''.join(items)}</channel></rss>"
    )


class FeedHandler(test_web.Handler):
    def do_GET(self) -> None:  # noqa: N802
        name = self.path.strip("/")
        if name == "feed.xml":
            host = f"http://{self.headers['Host']}"
            body, kind = feed_xml(host).encode(), "application/rss+xml"
        elif name in COUNCIL:
            body, kind = council_page(name), "text/html"
        else:
            super().do_GET()
            return
        self.send(body, kind)


@pytest.fixture(autouse=True)
def _feed_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(test_web, "Handler", FeedHandler)


def test_parse_feed_keeps_full_text_entries() -> None:
    feed = parse_feed(feed_xml("http://example.test"), "feed")
    assert feed.title == "Test wire"
    assert [bool(e.html) for e in feed.entries] == [False, False, True, False, False, False]
    assert feed.skipped == ()


def test_feed_list_groups_articles_into_stories(server: str, tmp_path: Path) -> None:  # noqa: F811
    result = run("feed", f"{server}/feed.xml", "--list", cache=tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stderr and "404" in result.stderr
    stories = [line for line in result.stdout.splitlines() if re.match(r"\s*\d+\. ", line)]
    assert len(stories) == 2
    assert "(3 articles)" in stories[0] and "(2 articles)" in stories[1]
    assert "Springfield" in stories[1]


def test_feed_from_a_file(server: str, tmp_path: Path) -> None:  # noqa: F811
    feed = tmp_path / "wire.xml"
    feed.write_text(feed_xml(server), encoding="utf-8")
    result = run("feed", str(feed), "--list", cache=tmp_path / "c")
    assert result.returncode == 0 and "(3 articles)" in result.stdout


def test_a_feed_whose_links_all_fail_still_opens_its_full_text_entries(tmp_path: Path) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_text(feed_xml("http://127.0.0.1:9"), encoding="utf-8")  # nothing listens there
    result = run("feed", str(feed), "--list", "--timeout", "1", cache=tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("skipped") == 5  # every link-only entry
    assert "(1 articles)" in result.stdout


def test_not_a_feed_is_reported(server: str, tmp_path: Path) -> None:  # noqa: F811
    result = run("feed", f"{server}/{list(OUTLETS)[0]}", "--list", cache=tmp_path / "c")
    assert result.returncode == 2
    assert "not an RSS/Atom feed" in result.stderr


async def test_story_picker_opens_the_chosen_story(embedder, server: str) -> None:  # noqa: F811
    import urllib.request

    from newsread.tui.app import make_app
    from newsread.tui.screens.reader import ReaderScreen
    from newsread.tui.screens.stories import StoryPickerScreen

    urls = [f"{server}/{n}" for n in (*list(OUTLETS)[:2], *COUNCIL)]
    pages = {u: urllib.request.urlopen(u).read().decode() for u in urls}  # noqa: S310
    app = make_app(urls, embedder=embedder, pages=pages, stories=True, title="Test wire")
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, StoryPickerScreen)
        assert [len(s.article_ids) for s in picker.stories] == [2, 2]
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert [a.name for a in reader.articles] == ["Springfield A", "Springfield B"]
        assert reader.comparison is not None
        assert any(len(g.sources) == 2 for g in reader.comparison.groups)
