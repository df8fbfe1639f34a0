"""Quality regression tests: the fast subset of ``python -m evals.run`` with real floors.

Needs the evaluation data beside the repo (``../shared/data``), as on the
developers' machines and in CI; elsewhere these tests are skipped, saying why.
Floors sit just under the figures measured when they were set (see README).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from evals import clusters, entities, msrp, sick
from newsread.core.compare import compare
from newsread.core.embed import CachedEmbedder, OnnxEmbedder
from newsread.core.ingest import load_articles
from newsread.core.similarity import SAME_THRESHOLD, same_information

from . import pooled_topics

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"evaluation data not found at {DATA}"),
]


@pytest.fixture(scope="module")
def event_scores(embedder: CachedEmbedder) -> clusters.EventScore:
    """The pair and conflict-pair figures on the events labelled with conflict pairs
    (schema 1: the migrant caravan and steel tariffs; the floors were set on them)."""
    total = clusters.EventScore("all")
    for score in clusters.run(DATA, embedder, pairs_only=True):
        total.add(score)
    return total


def test_alignment_on_labelled_events(
    event_scores: clusters.EventScore, embedder: CachedEmbedder
) -> None:
    """Pairs shown to a reader (groups and confident fact links) on the two events
    labelled with conflict pairs: pair F1 0.30 (0.27 from groups alone before the
    fact links, on the labels as first written; 0.24 on the labels as corrected
    on 2026-12-07). Groups alone, which drive word diffs and conflict checks,
    stay precise: 0.63."""
    s = event_scores
    _, _, f1 = clusters.f1(s.pair_tp, s.pair_fp, s.pair_fn)
    assert f1 >= 0.28
    groups = clusters.EventScore("groups")
    for score in clusters.run(DATA, embedder, pairs_only=True, links=False):
        groups.add(score)
    precision, _, _ = clusters.f1(groups.pair_tp, groups.pair_fp, groups.pair_fn)
    assert precision >= 0.55
    assert clusters.ratio(s.unique_found, s.unique_gold) >= 0.85


def test_conflicts_on_labelled_events(
    event_scores: clusters.EventScore, embedder: CachedEmbedder
) -> None:
    """Disagreement topics on the four schema-2 events (issue 17): a topic is found
    when a pair between two of its sides is flagged with a compatible kind.
    Measured: topic recall 0.17 -> 0.42, flag precision 0.35 -> 0.74, tempting
    non-conflicts flagged 8 -> 3 of 56, after figures are compared only where they
    can disagree (ranges, "about", "more than"; not two days, not inside a quote),
    names written with or without a hyphen or apostrophe are found across the
    whole story, and one quotation credited to two speakers is flagged. Then
    0.42 -> 0.50, precision 0.74 -> 0.94, tempting 3 -> 1: spelling variants come
    from the entity sheet (Sarah Sanders / Sarah Huckabee Sanders), and loosely
    related head counts are compared only for the same day. Then 0.50 -> 0.58,
    precision 0.95: one passage quoted two ways by outlets naming no speaker
    ("the statement said") is a quote conflict; then 0.67, precision 0.95: one
    source expects what another doubts ("will meet" / "is unlikely to meet"). Then
    0.92 (every event at least 0.80), precision 1.00, tempting 0: two sources
    naming different firsts ("Canada is the largest steel exporter" / "South Korea
    made up the largest share"), permanent against "at least for now", plural
    round numbers read as ranges ("hundreds of thousands of signatures" / "signed
    by more than 1.8 million people"), and growing tallies ("has already amassed")
    not compared. On the events
    labelled with conflict pairs, whose head-count pairs a closer reading moved
    to the tempting non-conflicts, numbers, dates and names are all found
    (recall 1.00)."""
    total = pooled_topics(clusters.topic_run(DATA, embedder), event_recall=0.8, tempting=1)
    assert clusters.ratio(total.found, total.topics) >= 0.9
    assert clusters.ratio(total.right_flags, total.flags) >= 0.9
    assert total.false_on_tempting <= 1
    # Two events labelled blind after these rules were written (tests/data/gold/blind):
    # first scored at recall 0.17, precision 0.29 (4 false "Perez quoted two ways": a
    # lawsuit's words taken for his); then 0.67 and 0.93 after the document speaker,
    # quotations over two sentences, plural round numbers read plainly, nicknames and a
    # misspelled surname alone; then 0.83 and 1.00 (0 tempting of 30): a part of a
    # listed whole (pages and files) agrees with a figure about their sum, one thing
    # dated to different years (2003 / early 2004), a person left out of a list another
    # source counts them in (Trump as a defendant). Still missed: a title (chairman /
    # manager), a relative date.
    blind = clusters.TopicScore("blind")
    for score in clusters.topic_run(DATA, embedder, clusters.BLIND_DIR):
        blind.add(score)
        assert score.false_on_tempting == 0, score.event
    assert clusters.ratio(blind.found, blind.topics) >= 0.8
    assert clusters.ratio(blind.right_flags, blind.flags) >= 0.93
    s = event_scores
    _, recall, _ = clusters.f1(s.factual_tp, s.factual_fp, s.factual_fn)
    assert recall >= 0.9


@pytest.fixture(scope="module")
def reader_scores(embedder: CachedEmbedder) -> clusters.ReaderScore:
    total = clusters.ReaderScore("all")
    for score in clusters.reader_run(DATA, embedder):
        total.add(score)
    return total


def test_marks_a_reader_sees_on_labelled_events(reader_scores: clusters.ReaderScore) -> None:
    """Coverage (which other outlets report something a sentence says), unique marks
    and consensus citations on the four labelled events (issue 16). Measured pooled
    at the product's threshold: coverage F1 0.72 (the "every outlet reports
    everything" baseline 0.59; the group-based marks before 0.52), unique P 0.64,
    citation P 0.84 (before 0.73); boilerplate P 1.00, R 0.58 (before 0.35, captions
    without a verb not found)."""
    s = reader_scores
    _, _, coverage = clusters.f1(s.cov_tp, s.cov_fp, s.cov_fn)
    _, _, baseline = clusters.f1(s.base_tp, s.base_fp, 0)
    assert coverage >= 0.68 and coverage >= baseline + 0.08
    assert clusters.ratio(s.unique_tp, s.unique_ours) >= 0.6
    assert clusters.ratio(s.unique_tp, s.unique_gold) >= 0.55
    assert clusters.ratio(s.cite_ok, s.cite_all) >= 0.8
    assert clusters.ratio(s.boiler_tp, s.boiler_ours) >= 0.95
    assert clusters.ratio(s.boiler_tp, s.boiler_gold) >= 0.55


def test_entity_sheet_on_labelled_events() -> None:
    """The entity sheet against the labelled entities whose naming differs across
    outlets (issue 17; no model). Measured when set: spellings on one entity 6/12
    (the rest need world knowledge: Britain for the U.K., El Chaparral for the San
    Ysidro crossing), marked as differing 10/14, titles from two outlets 6/7, with
    19 of 358 entities marked as differing. Then 9/12 and 12/14 (20 of 369 marked):
    names of one country from ISO 3166 (DPRK / North Korea) and an organisation's
    national branch (Amnesty International / Amnesty International UK). Then 10/12:
    English country names ISO lacks (Britain / U.K.). Then titles 7/7: a role in a
    named body written before a name, without a comma (the caravan organiser's)."""
    total = entities.EntityScore("all")
    for score in entities.entity_run(DATA):
        total.add(score)
    assert total.spelling_found >= 10
    assert total.flag_found >= 12
    assert total.title_found >= 7
    assert total.differing <= 0.08 * total.entities  # the marks stay rare


def test_second_labeller_agrees_with_the_gold() -> None:
    """The gold is consistent enough to score against: a blind second labelling of the
    steel event, scored as if it were our output, agrees closely (measured pair F1 0.83)
    and finds the same three claim conflicts."""
    (score,) = clusters.agreement(DATA)
    precision, recall, f1 = clusters.f1(score.pair_tp, score.pair_fp, score.pair_fn)
    assert f1 >= 0.8
    assert score.conflict_tp == 3 and score.conflict_fp == 0 and score.conflict_fn == 0


def _event(embedder: CachedEmbedder, name: str):  # type: ignore[no-untyped-def]
    return compare(load_articles([str(DATA / "clusters" / name)]), embedder)


def test_migrant_counts_that_can_all_be_true_are_not_conflicts(embedder: CachedEmbedder) -> None:
    """Issue 17: "150 to 200", "more than 150" and "about 200" migrants can all be
    true; "1,000 people" inside a quote about something else is no claim about the
    event. (Issue 4 had called every head-count pair a conflict.)"""
    comparison = _event(embedder, "2018-04-29_migrant-caravan-reaches-border")
    pairs = [{c.a_value, c.b_value} for c in comparison.conflicts if c.kind == "number"]
    for x, y in (("150 and 200", "More than 150"), ("150 and 200", "about 200")):
        assert not any(any(x in v for v in p) and any(y in v for v in p) for p in pairs), pairs
    assert not any(any("1,000" in v for v in p) for p in pairs), pairs


def test_files_count_conflict_and_deadline_phrasings(embedder: CachedEmbedder) -> None:
    """Hundreds of thousands of files against tens of thousands is a conflict; 55,000
    pages and 55,000 files against 100,000 files no longer is (the blind labels'
    reading: one part of a whole about the other's figure); 30 more days and June 1
    are one deadline."""
    files = _event(embedder, "2018-04-30_netanyahu-iran-nuclear-files")
    values = [set((c.a_value + " " + c.b_value).lower().split()) for c in files.conflicts]
    assert any({"hundreds", "tens"} <= v for v in values), values
    assert not any({"55,000", "100,000"} <= v for v in values), values
    steel = _event(embedder, "2018-04-30_steel-tariff-exemptions-extended")
    for c in steel.conflicts:
        both = steel.sentence(c.a).text + " " + steel.sentence(c.b).text
        assert not ("30 days" in both and "June 1" in both), c.detail


def test_sick_contradictions(embedder: CachedEmbedder) -> None:
    rows = [r for r in sick.read_pairs(DATA / "sick" / "SICK_trial.txt") if r[2] != "NEUTRAL"]
    left = embedder.encode([r[0] for r in rows])
    right = embedder.encode([r[1] for r in rows])
    cosines = (left * right).sum(axis=1)
    predicted = np.array(
        [sick.flagged(a, b, float(c)) for (a, b, _), c in zip(rows, cosines, strict=True)]
    )
    gold = np.array([r[2] == "CONTRADICTION" for r in rows])
    tp = int((predicted & gold).sum())
    assert tp / max(1, int(predicted.sum())) >= 0.9
    assert tp / max(1, int(gold.sum())) >= 0.7


def test_msrp_test_accuracy(persistent_embedder: CachedEmbedder, model: OnnxEmbedder) -> None:
    """MSRP test accuracy and F1 of ``same_information``, on vectors cached across runs.

    A cached vector is used only if it is the model's: a sample of the sentences is
    encoded afresh every run and must match its cached row."""
    rows = msrp.read_pairs(DATA / "msrp" / "msr_paraphrase_test.txt")
    left = persistent_embedder.encode([r[1] for r in rows])
    right = persistent_embedder.encode([r[2] for r in rows])
    sample = list(range(0, len(rows), len(rows) // 24))
    fresh = model.encode([rows[k][1] for k in sample])
    assert np.abs(fresh - left[sample]).max() < 1e-4
    cosine = (left * right).sum(axis=1)
    pred = np.array(
        [
            same_information(a, b, float(c)) >= SAME_THRESHOLD
            for (_, a, b), c in zip(rows, cosine, strict=True)
        ]
    ).astype(int)
    accuracy, f1 = msrp.scores(pred, np.array([r[0] for r in rows]))
    assert accuracy >= 0.76 and f1 >= 0.83
