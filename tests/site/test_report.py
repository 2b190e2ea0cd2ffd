"""What a report page shows, counted from the record: the Report and its Counts."""

from __future__ import annotations

import pickle

from support.synthesis import example_claims, example_question, example_sources

from synth.models import Review
from synth.site.report import Counts, Report, display_order
from synth.synthesis.synthesise import synthesise


def report() -> Report:
    return Report(example_question(), example_sources(), example_claims(), Review(None, ()))


def test_counts_count_findings_apart_from_the_claims_set_aside() -> None:
    counts = Counts.of(report())
    assert (counts.claims, counts.findings, counts.set_aside) == (17, 7, 10)
    assert (counts.sources, counts.on_topic, counts.off_topic) == (14, 6, 8)


def test_counts_never_count_a_quote_as_verified() -> None:
    counts = Counts.of(report())
    assert (counts.quoted, counts.verified, counts.corroborated) == (6, 0, 0)
    assert counts.supported == 0


def test_counts_say_how_many_concept_pairs_a_sentence_connects() -> None:
    counts = Counts.of(report())
    assert (counts.connected, counts.pairs) == (3, 6)


def test_a_given_synthesis_is_used_and_kept_when_pickled() -> None:
    given = synthesise(example_question(), example_sources(), example_claims())
    page = Report(
        example_question(),
        example_sources(),
        example_claims(),
        Review(None, ()),
        given_synthesis=given,
    )
    assert page.synthesis is given
    assert pickle.loads(pickle.dumps(page)).synthesis.map.gaps == given.map.gaps


def test_the_questions_claims_come_first_in_the_questions_order() -> None:
    ordered = display_order(report())
    written = [r.claim.text for r in ordered if r.claim.origin == "question"]
    assert [r.claim.origin == "question" for r in ordered][: len(written)] == [True] * len(written)
    assert written == [c.text.strip() for c in example_question().claims]
