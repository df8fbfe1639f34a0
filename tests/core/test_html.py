"""HTML export: same content as the Markdown report, self-contained, rendered by Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from newsread.core.html import to_html
from newsread.core.model import Comparison
from newsread.core.report import build_report

pytestmark = pytest.mark.slow

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _text(page: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", page))


def test_html_says_what_the_report_says(seed_comparison: Comparison) -> None:
    page = to_html(seed_comparison)
    text = _text(page)
    report = build_report(seed_comparison)
    for heading in ("Sources", "Side by side", "Consensus", "Unique details", "Conflicts",
                    "What each source leaves out"):  # fmt: skip
        assert f">{heading}</h2>" in page
    for item in (*report.consensus, *report.shared_some):
        assert item.text in text
    for row in report.conflicts:
        assert row.detail in text
    assert ">Disputed figures, dates and titles</h2>" in page
    for dispute in report.disputes:
        for value, labels in dispute.values:
            assert f"“{value}” [{', '.join(labels)}]" in text
    for s in seed_comparison.sentences:  # every sentence of every article is on the page
        assert s.text in text
    assert ">Names and titles</h2>" in page
    assert report.names
    for row in report.names:
        for spelling, labels in (*row.spellings, *row.titles):
            assert f"“{spelling}” [{', '.join(labels)}]" in text


def test_html_is_self_contained(seed_comparison: Comparison) -> None:
    page = to_html(seed_comparison)
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)
    assert "shared by all sources" in page and "only this source" in page  # legend
    assert page.count('class="s conflict') >= 2


def test_chromium_renders_the_page(seed_comparison: Comparison, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing on CI: .ci/run should install it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    page = tmp_path / "report.html"
    page.write_text(to_html(seed_comparison), encoding="utf-8")
    shot = tmp_path / "report.png"
    common = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run(
        [browser, *common, "--window-size=1400,1000", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = subprocess.run(
        [browser, *common, "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert "Witkoff meets Putin" in dom and "▲" in dom


def test_five_sources_sit_side_by_side_at_1400_pixels(
    seed_comparison: Comparison, tmp_path: Path
) -> None:
    """Issue 18, defect 11: the fifth column wrapped below the others at 1,400 px.
    Chromium lays the page out and a script records each column's top edge."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing on CI: .ci/run should install it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    probe = (
        "<script>addEventListener('load', () => { const p = document.createElement('p');"
        " p.id = 'tops'; p.textContent = [...document.querySelectorAll('.column')]"
        ".map(c => Math.round(c.getBoundingClientRect().top)).join(',');"
        " document.body.appendChild(p); });</script>"
    )
    page = tmp_path / "report.html"
    page.write_text(to_html(seed_comparison).replace("</body>", probe + "</body>"), "utf-8")
    dom = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         "--window-size=1400,1000", "--virtual-time-budget=2000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    tops = dom.split('id="tops">', 1)[1].split("<", 1)[0].split(",")
    assert len(tops) == 5 and len(set(tops)) == 1, tops
