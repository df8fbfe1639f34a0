"""Boilerplate on real articles (issue 16): collector notes, teasers, newsletter
prompts, section headings and repeated captions become `·`; prose never does.
Cases are invented lines in the shapes found on the evaluation events
(``tests/data/boilerplate_lines.toml``)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from newsread.core.boilerplate import boilerplate_spans, headline

CASES = tomllib.loads(
    (Path(__file__).resolve().parents[1] / "data" / "boilerplate_lines.toml").read_text("utf-8")
)["case"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_boilerplate_lines(case: dict[str, object]) -> None:
    text = str(case["text"]).strip("\n")
    marked = [text[a:b].strip() for a, b in boilerplate_spans(text)]
    expected = list(case["boilerplate"])  # type: ignore[call-overload]
    if "repeated" in str(case["name"]):  # the first copy stays: it may be the only one
        assert marked == expected
        first = text.index(expected[0])
        assert all(a > first for a, _ in boilerplate_spans(text))
    else:
        assert marked == expected


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Storm Closes Harbour For A Day\n\nThe harbour was shut.\n",
            "Storm Closes Harbour For A Day",
        ),
        # Some outlets end a headline with a full stop: one short sentence above the text.
        (
            "Storm closes harbour for a day, fishermen stay home.\n\nThe harbour was shut on "
            "Monday after waves of six metres hit the coast.\n",
            "Storm closes harbour for a day, fishermen stay home",
        ),
        # A lead with a dateline, or a text of one line, is no headline.
        ("LISBON (AP) — The harbour was shut on Monday.\n\nWaves hit the coast.\n", ""),
        ("The harbour was shut on Monday after the storm.\n", ""),
        ("Storm hits. Harbour shut for the day.\n\nWaves of six metres hit the coast.\n", ""),
    ],
)
def test_headline(text: str, title: str) -> None:
    assert headline(text) == title
