"""render: the redline keeps the sentence's own spacing around what it marks."""

from __future__ import annotations

from newsread.tui.render import redline_text


def test_no_space_after_an_opening_quote_before_a_left_out_word() -> None:
    """Issue 18, defect 9: “ [-left out-] … showed a stray space after the quote mark."""
    reference = "He said “stolen trade secrets” were found."
    version = "He said “trade secrets” were found."
    shown = redline_text(version, reference).plain
    assert "“[-stolen-] trade secrets”" in shown, shown
    assert "“ " not in shown


def test_words_keep_one_space_around_a_left_out_word() -> None:
    end = redline_text("The envoy met Putin.", "The envoy met Putin in Moscow.").plain
    assert end == "The envoy met Putin [-in Moscow-]."
    middle = "The envoy met Putin on Tuesday."
    shown = redline_text(middle, "The envoy met Putin in Moscow on Tuesday.").plain
    assert shown == "The envoy met Putin [-in Moscow-] on Tuesday."
