"""Quote check: the same speaker quoted differently across sources."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsread.core.model import Conflict, Sentence
from newsread.core.quotes import (
    SAME_WORDS,
    _similar_lengths,
    find_quotes,
    quote_conflicts,
    spelling_key,
)


def _sentences(*pairs: tuple[str, str]) -> list[Sentence]:
    counters: dict[str, int] = {}
    result = []
    for article, text in pairs:
        index = counters.get(article, 0)
        counters[article] = index + 1
        result.append(Sentence(f"{article}.{index}", article, index, 0, len(text), text))
    return result


def _check(*pairs: tuple[str, str]) -> list[Conflict]:
    return quote_conflicts(_sentences(*pairs))


def test_macron_misquote_is_flagged_with_the_spelling_noted() -> None:
    (conflict,) = _check(
        ("s1", "Macron stressed on Monday that “no finalized peace plan exists yet” and left."),
        (
            "s2",
            "On Monday, Macron stated there was presently “no finalised peace plan to speak of”.",
        ),
    )
    assert conflict.kind == "quote"
    assert conflict.a_value == "no finalized peace plan exists yet"
    assert conflict.b_value == "no finalised peace plan to speak of"
    assert "finalized/finalised" in conflict.detail and "not a misquote" in conflict.detail


def test_quote_pair_is_in_reading_order_past_nine_sources() -> None:
    """Side ``a`` is the earlier source by number (s2 before s10), as for every conflict."""
    (conflict,) = _check(
        ("s10", "Macron stressed on Monday that “no finalized peace plan exists yet” and left."),
        ("s2", "On Monday, Macron stated there was “no finalized peace plan to speak of”."),
    )
    assert (conflict.a, conflict.b) == ("s2.0", "s10.0")
    assert conflict.a_value == "no finalized peace plan to speak of"


def test_spelling_only_difference_is_not_a_misquote() -> None:
    assert spelling_key("finalised") == spelling_key("finalized")
    assert (
        _check(
            ("s1", "Macron said “no finalized peace plan exists yet” on Monday."),
            ("s2", "Macron said “no finalised peace plan exists yet” on Monday."),
        )
        == []
    )


def test_excerpt_is_not_a_misquote() -> None:
    assert (
        _check(
            (
                "s1",
                "Zelensky said the “territorial issue is the most difficult” part of the talks.",
            ),
            ("s2", "Zelensky said the “territorial issue is the most difficult part” of talks."),
        )
        == []
    )


def test_different_speakers_are_not_compared() -> None:
    assert (
        _check(
            ("s1", "Macron said “no finalized peace plan exists yet” on Monday."),
            ("s2", "Kallas said “no peace plan exists for now at all” on Monday."),
        )
        == []
    )


def test_pronoun_takes_the_last_named_person() -> None:
    quotes = find_quotes(
        _sentences(
            ("s1", "EU foreign policy chief Kaja Kallas spoke on Tuesday."),
            ("s1", "She added: “I’m afraid all the pressure will be put on the weaker side.”"),
        )
    )
    assert [q.speaker for q in quotes] == ["Kallas"]


def test_seed_story_quote_conflicts(seed_comparison) -> None:  # type: ignore[no-untyped-def]
    quotes = [c for c in seed_comparison.conflicts if c.kind == "quote"]
    assert any("Macron" in c.detail and "finalised" in c.b_value for c in quotes)
    assert any("Kallas" in c.detail for c in quotes)


def test_the_same_words_credited_to_two_officials_are_an_attribution_conflict() -> None:
    from newsread.core.quotes import attribution_conflicts

    words = "Boats may have to wait offshore while crews clear the harbour of debris"
    (conflict,) = attribution_conflicts(
        _sentences(
            ("s1", f"“{words},” said Dana Ortiz, the port's operations director."),
            ("s2", f"“{words},” harbour commissioner Lee McAllister said in a statement."),
        )
    )
    assert conflict.kind == "attribution"
    assert {conflict.a_value, conflict.b_value} == {"Ortiz", "McAllister"}
    assert "Ortiz" in conflict.detail and "McAllister" in conflict.detail


def test_one_speaker_named_in_both_sentences_is_no_attribution_conflict() -> None:
    from newsread.core.quotes import attribution_conflicts

    words = "We and many of our members will make our voices heard on the day"
    assert not attribution_conflicts(
        _sentences(
            ("s1", f"“{words},” Ana Silva said in an interview with Radio North Kent."),
            ("s2", f"“{words},” said Ana Silva, who leads the campaign."),
        )
    )
    # a short stock phrase said by two people is not one quotation
    assert not attribution_conflicts(
        _sentences(
            ("s1", "“We will see,” said Dana Ortiz on Friday."),
            ("s2", "“We will see,” Lee McAllister said."),
        )
    )


def test_one_passage_quoted_two_ways_without_a_named_speaker() -> None:
    """A statement quoted by two outlets, each naming no person ("the agency said"):
    a shared run of words makes it one passage, and the words that differ a misquote."""
    (conflict,) = _check(
        (
            "s1",
            "The agency said “the port will close its northern gate for a week to prove the "
            "promise to stop all exports.”",
        ),
        (
            "s2",
            "It also said the ministry would “close its northern gate for a week to guarantee "
            "openness in stopping exports.”",
        ),
    )
    assert conflict.kind == "quote" and conflict.detail.startswith("one quotation worded")
    # Sharing a few words is not one passage.
    assert (
        _check(
            ("s1", "The agency said “the port will close for a week” after the storm."),
            ("s2", "The ministry said “the port will reopen within days, not weeks.”"),
        )
        == []
    )


def test_house_style_and_reported_speech_are_no_misquote() -> None:
    """E.U. / EU and a tense shifted for reported speech (will -> would) are the same words."""
    assert spelling_key("E.U.") == spelling_key("EU")
    assert spelling_key("would") == spelling_key("will")
    assert (
        _check(
            ("s1", "The bloc said “the EU should be fully and permanently exempted.”"),
            ("s2", "The bloc said “the E.U. should be fully and permanently exempted.”"),
            ("s1", "The office said “further details will be set out in due course.”"),
            ("s2", "The office said only that “further details would be set out in due course.”"),
        )
        == []
    )


def test_a_place_is_no_speaker_and_a_speaker_may_follow_the_verb() -> None:
    quotes = find_quotes(
        _sentences(
            ("s1", "“We remain deeply concerned about the threats,” said Pompeo."),
            ("s2", "“We remain deeply concerned,” Pompeo said after talks in Tel Aviv."),
            ("s3", "He noted that “only Kyiv can decide it,” citing Ukraine’s EU bid."),
        )
    )
    assert [q.speaker for q in quotes] == ["Pompeo", "Pompeo"]


def test_a_quotation_running_over_two_sentences_is_read_in_both() -> None:
    """The part of a quotation before its closing mark, in the sentence after the one
    that opened it, is a quote of the opener's speaker (or of the speaker named beside
    the mark); a sentence that opens with a mark starts a new quotation, and a
    sentence inside a long quotation with no mark is never read as one."""
    found = find_quotes(
        _sentences(
            ("s1", "Mayor Ines Ruiz said: “The bridge is safe."),
            ("s1", "Second, even after the storm, the crews kept every lane open,” she said."),
            ("s2", "“Even after the storm was over, the crews kept all lanes open for traffic."),
            ("s2", "We are proud of them."),
            ("s2", "“And we will keep it that way,” Ruiz said."),
        )
    )
    by_sentence = {q.sentence.id: (q.text, q.speaker) for q in found}
    assert by_sentence["s1.1"] == (
        "Second, even after the storm, the crews kept every lane open",
        "Ruiz",
    )
    assert "s2.1" not in by_sentence  # inside the quotation, no mark: not taken for one
    assert by_sentence["s2.2"] == ("And we will keep it that way,", "Ruiz")
    conflicts = quote_conflicts(
        _sentences(
            ("s1", "Mayor Ines Ruiz said: “The bridge is safe."),
            ("s1", "Second, even after the storm, the crews kept every lane open,” she said."),
            ("s2", "“Even after the storm was over, the crews kept all lanes open,” Ruiz said."),
        )
    )
    assert [c.kind for c in conflicts] == ["quote"]
    assert conflicts[0].a_value == "Second, even after the storm, the crews kept every lane open"


def test_a_document_is_its_own_speaker_and_a_carried_speaker_disputes_nothing() -> None:
    """“…,” the suit states: the words are the suit's, so a chairman's alike remark is
    not a misquote of him; an attribution conflict needs both speakers named in the
    quote's own sentence, and a nationality or an institution is no speaker."""
    from newsread.core.quotes import attribution_conflicts

    suit = "The scheme was an act of unimaginable treachery against the voters of this state"
    chair = "This was an act of unprecedented treachery against the voters of this state"
    sentences = _sentences(
        ("s1", f"“{suit},” the suit states."),
        ("s2", f"“{chair},” party chairman Tom Ellis said in a statement."),
    )
    assert find_quotes(sentences)[0].speaker == "the suit"
    assert quote_conflicts(sentences) == []
    words = "Boats may have to wait offshore while crews clear the harbour of debris"
    carried = _sentences(
        ("s1", f"“{words},” said Dana Ortiz, the port's operations director."),
        ("s2", "Harbour commissioner Lee McAllister spoke on Friday."),
        ("s2", f"He added: “{words}.”"),
    )
    assert find_quotes(carried)[1].speaker == "McAllister"  # for the quote check
    assert attribution_conflicts(carried) == []  # too unsure to dispute
    institution = _sentences(
        ("s1", f"“{words},” said Dana Ortiz, the port's operations director."),
        ("s2", f"“{words},” the Justice Ministry said."),
    )
    assert attribution_conflicts(institution) == []


@given(st.lists(st.integers(min_value=0, max_value=40), max_size=30))
def test_similar_lengths_are_every_pair_that_could_match_in_order(lengths: list[int]) -> None:
    every = [
        (i, j)
        for i in range(len(lengths))
        for j in range(i + 1, len(lengths))
        if 2 * min(lengths[i], lengths[j]) >= SAME_WORDS * (lengths[i] + lengths[j])
    ]
    assert _similar_lengths(lengths) == every


def test_a_misquote_heading_names_a_person_not_a_party() -> None:
    """A speaker rule that lands on "Republican" (a party, not someone) names nobody
    in the heading: the misquote is still shown, as one quotation worded two ways."""
    (conflict,) = _check(
        (
            "s1",
            "“This can be good news for the campaign and for Debbie Smith,” the Republican said.",
        ),
        (
            "s2",
            "“This can be good news for the campaign and for Wendy Smith,” the Republican said.",
        ),
    )
    assert conflict.kind == "quote"
    assert conflict.detail.startswith("one quotation worded two ways"), conflict.detail


def test_the_speaker_is_the_person_not_the_body_named_after_them() -> None:
    """ "…," Chief Fire Officer Diane Okafor of Harwick and District Fire and Rescue
    Service told reporters: Okafor said it, not "Service"; her remark worded another way
    by another source is a misquote."""
    (conflict,) = _check(
        ("s1", '"This was one of the most difficult fires my crews have faced in twenty years,"'
               " Chief Fire Officer Diane Okafor of Harwick and District Fire and Rescue Service"
               " told reporters at the scene."),
        ("s2", 'Chief Fire Officer Diane Okafor said: "This was the most dangerous fire my crews'
               ' have faced in twenty years."'),
    )  # fmt: skip
    assert conflict.detail.startswith("Okafor quoted two ways")


def test_she_added_right_after_a_named_quote_is_that_speaker_and_a_listener_is_none() -> None:
    """'"…," she added.' right after '"…," Ellison said.' is Ellison's, as sure as her
    own sentence: another source crediting the same words to Okafor is an attribution
    conflict. "Told Wall Street analysts" names who heard it, and "the Vantor chief
    executive told" names no one: that quote is compared as an unnamed passage."""
    from newsread.core.quotes import attribution_conflicts

    sentences = _sentences(
        ("s1", '"The science is the best fit we have seen in a decade," Margaret Ellison said.'),
        ("s1", '"We are not buying a pipeline, we are buying a platform," she added.'),
        ("s2", 'David Okafor, the finance chief, said: "We are not buying a pipeline, we are'
               ' buying a platform."'),
        ("s3", '"This is the best fit we have seen in twenty years," the Vantor chief executive'
               " told Wall Street analysts."),
    )  # fmt: skip
    (credited,) = attribution_conflicts(sentences)
    assert (credited.a, credited.a_value, credited.b_value) == ("s1.1", "Ellison", "Okafor")
    (misquote,) = quote_conflicts(sentences)
    assert "a decade" in misquote.detail and "twenty years" in misquote.detail
