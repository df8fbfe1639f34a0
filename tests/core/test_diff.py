"""Word diffs, redlines and unique-word spans."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsread.core.compare import unique_words
from newsread.core.diff import Redline, apply_diff, redline, word_diff
from newsread.core.lexical import words
from newsread.core.model import Group, Sentence

SENTENCE = st.lists(
    st.sampled_from(
        [
            "Putin",
            "met",
            "Witkoff",
            "on",
            "Tuesday",
            "in",
            "Moscow",
            "the",
            "400",
            "people",
            "former",
            "President",
            "said",
            ",",
            ".",
        ]
    ),
    max_size=40,
).map(" ".join)


def _words(text: str) -> list[str]:
    return [w for _, _, w in words(text)]


@settings(max_examples=200, deadline=None)
@given(SENTENCE, SENTENCE)
def test_applying_the_diff_to_a_gives_b(a: str, b: str) -> None:
    rebuilt = apply_diff(_words(a), word_diff(a, b))
    assert [w.lower() for w in rebuilt] == [w.lower() for w in _words(b)]


@settings(max_examples=100, deadline=None)
@given(SENTENCE)
def test_diff_with_itself_is_all_equal(a: str) -> None:
    assert all(op.tag == "equal" for op in word_diff(a, a))


def test_autojunk_is_off_for_long_sentences() -> None:
    a = " ".join(["the cat sat"] * 120)  # 360 words: autojunk would drop "the"
    b = a + " today"
    ops = word_diff(a, b)
    assert [op.tag for op in ops] == ["equal", "insert"]
    assert ops[1].right_words == ("today",)


def _unique_spans(sentence: str, counterparts: list[str]) -> tuple[tuple[int, int], ...]:
    """The product's unique-word spans of ``sentence`` in one group with its counterparts,
    each from another source (``compare.unique_words``)."""
    texts = [sentence, *counterparts]
    sentences = [Sentence(f"s{n}.0", f"s{n}", 0, 0, len(t), t) for n, t in enumerate(texts, 1)]
    ids = tuple(s.id for s in sentences)
    group = Group("g1", ids, tuple(s.article_id for s in sentences))
    return dict(unique_words(sentences, [group])).get("s1.0", ())


def test_unique_spans_mark_details_only_this_source_gives() -> None:
    mine = "Jared Kushner, an informal adviser in diplomatic efforts, will join the talks."
    other = "Jared Kushner will join the talks."
    spans = _unique_spans(mine, [other])
    assert [mine[a:b] for a, b in spans] == ["informal adviser in diplomatic efforts"]


def test_unique_spans_empty_without_counterparts_or_for_identical() -> None:
    assert _unique_spans("Anything at all.", []) == ()
    assert _unique_spans("Same words here.", ["Same words here."]) == ()


def test_redline_marks_added_words_and_places_dropped_ones() -> None:
    version = "Putin will meet envoy Witkoff in Moscow next week."
    reference = "Putin will meet Witkoff in Moscow on Tuesday."
    diff = redline(version, reference)
    assert [version[s:e] for s, e in diff.added] == ["envoy", "next week"]
    assert diff.dropped == ((version.index("next"), "on Tuesday"),)


def test_redline_of_identical_sentences_is_empty_and_words_left_out_go_before_the_stop() -> None:
    assert redline("Same words here.", "same words here") == Redline((), ())
    diff = redline("Officials said.", "Officials said on Monday.")
    assert diff.added == ()
    assert diff.dropped == ((len("Officials said"), "on Monday"),)


def test_words_left_out_are_quoted_as_the_other_source_wrote_them() -> None:
    """A redline is quoted: "U.S.-led", "(TNND)" and "Kyiv's" keep their punctuation."""
    reference = "WASHINGTON (TNND) — Witkoff met Putin on the U.S.-led plan."
    diff = redline("Witkoff met Putin.", reference)
    assert [gone for _, gone in diff.dropped] == ["WASHINGTON (TNND)", "on the U.S.-led plan"]
    diff = redline("The talks ended.", "The talks, in Kyiv's view, ended.")
    assert [gone for _, gone in diff.dropped] == ["in Kyiv's view"]


@given(
    st.lists(st.sampled_from(["a", "b", "Putin", "28", "met", "the"]), max_size=12),
    st.lists(st.sampled_from(["a", "b", "Putin", "28", "met", "the"]), max_size=12),
)
def test_redline_accounts_for_every_word(version: list[str], reference: list[str]) -> None:
    text, ref = " ".join(version) + ".", " ".join(reference) + "."
    diff = redline(text, ref)
    added = sum(len(text[s:e].split()) for s, e in diff.added)
    dropped = sum(len(gone.split()) for _, gone in diff.dropped)
    matched = len(version) - added
    assert matched == len(reference) - dropped
    assert all(0 <= offset <= len(text) for offset, _ in diff.dropped)
