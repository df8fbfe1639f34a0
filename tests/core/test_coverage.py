"""Marks and consensus from direct evidence (issue 16): fact links count for a
sentence's mark; a source is cited for a statement only where its own sentence
says it, never through a third sentence."""

from __future__ import annotations

from newsread.core.ingest import article_from_text
from newsread.core.model import Comparison, Group, Link, Sentence
from newsread.core.report import build_report
from newsread.core.summary import (
    CITE_COSINE,
    consensus_groups,
    counterparts,
    coverage,
    sentence_marks,
    source_stats,
)


def _comparison(
    links: tuple[Link, ...], groups: tuple[Group, ...] = (), first: str = ""
) -> Comparison:
    texts = {
        "s1": first or "The envoy met the president in Moscow on Tuesday.",
        "s2": "The envoy and the president met in Moscow.",
        "s3": "Talks in Moscow took place on Tuesday.",
        "s4": "Markets rose in Asia.",
    }
    articles = tuple(article_from_text(t, sid, sid.upper()) for sid, t in texts.items())
    sentences = tuple(Sentence(f"{a.id}.0", a.id, 0, 0, len(a.text), a.text) for a in articles)
    singletons = tuple(
        Group(f"g{n}", (s.id,), (s.article_id,)) for n, s in enumerate(sentences, start=1)
    )
    return Comparison(articles, sentences, groups or singletons, (), links=links)


def test_a_confident_link_makes_a_sentence_shared_and_a_possible_one_does_not() -> None:
    comparison = _comparison(
        (
            Link("s1.0", "s2.0", 0.7, "confident"),
            Link("s1.0", "s4.0", 0.47, "possible"),
        )
    )
    marks = sentence_marks(comparison)
    assert marks["s1.0"] == "some" and marks["s2.0"] == "some"
    assert marks["s4.0"] == "unique" and marks["s3.0"] == "unique"
    assert coverage(comparison)["s1.0"] == {"s2"}


def test_consensus_cites_only_sources_whose_own_sentence_says_it() -> None:
    # s1 ~ s2 and s2 ~ s3 strongly, but s1 and s3 have no link: s3 is not cited for s1.
    comparison = _comparison(
        (
            Link("s1.0", "s2.0", 0.80, "confident"),
            Link("s2.0", "s3.0", 0.80, "confident"),
            Link("s1.0", "s3.0", CITE_COSINE - 0.05, "confident"),  # a mark, not a citation
        )
    )
    statements = consensus_groups(comparison)  # majority of 4 sources: 2
    first = statements[0]
    assert first.members[0] == "s2.0" and set(first.sources) == {"s1", "s2", "s3"}
    for group in statements:
        evidence = {m.split(".")[0] for m in group.members}
        assert set(group.sources) == evidence
    report = build_report(comparison)
    assert report.consensus[0].cites == ("S1", "S2", "S3")
    cited_for_s1 = [
        item.cites for item in report.consensus if item.text.startswith("The envoy met")
    ]
    assert all("S3" not in cites for cites in cited_for_s1)


def test_an_outlets_speculation_is_never_the_consensus_statement() -> None:
    from newsread.core.summary import speculative

    assert speculative("Kim could easily start testing missiles again at any time.")
    assert speculative("The talks are certainly welcome, but there is no way of knowing more.")
    assert not speculative(
        "North Korea said it would stop nuclear tests on Saturday.".replace("would", "will")
    )
    assert not speculative('"We could do better," the minister said on Tuesday.')  # a quote
    links = (
        Link("s1.0", "s2.0", 0.80, "confident"),
        Link("s1.0", "s3.0", 0.80, "confident"),
    )
    assert consensus_groups(_comparison(links))[0].members[0] == "s1.0"
    opinion = "The envoy could easily have met the president in Moscow on Tuesday."
    statements = consensus_groups(_comparison(links, first=opinion))
    assert all(group.members[0] != "s1.0" for group in statements)
    assert statements and all("s1" in group.sources for group in statements)  # still cited


def test_summaries_take_what_the_caller_has_computed(seed_comparison: Comparison) -> None:
    """Summarise once: marks and counts from a coverage computed once (as the reader's
    worker does) are those computed from scratch."""
    covered = coverage(seed_comparison, counterparts(seed_comparison))
    assert covered == coverage(seed_comparison)
    assert sentence_marks(seed_comparison, covered) == sentence_marks(seed_comparison)
    assert source_stats(seed_comparison, covered) == source_stats(seed_comparison)
