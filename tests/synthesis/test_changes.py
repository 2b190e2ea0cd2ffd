"""What changed between two syntheses: gaps opened and closed, findings re-judged."""

from __future__ import annotations

from dataclasses import replace

from support.synthesis import example_claims, example_question, example_sources

from synth.models import Evidence
from synth.synthesis.changes import compare
from synth.synthesis.synthesise import synthesise


def without(key: str) -> list:
    return [s for s in example_sources() if s.key != key]


def test_a_new_source_that_connects_two_concepts_closes_their_gap() -> None:
    question, claims = example_question(), example_claims()
    before = synthesise(question, without("yang2024qwen"), claims)
    after = synthesise(question, example_sources(), claims)
    changes = compare(before, after)
    (closed,) = changes.gaps_closed
    assert (closed.concepts, closed.sources) == (
        ("alignment", "mixture of experts"),
        ("yang2024qwen",),
    )
    assert changes.gaps_opened == ()
    assert (
        "gap closed: alignment × mixture of experts, now connected by yang2024qwen"
        in changes.lines()
    )


def test_a_removed_source_opens_the_gap_again() -> None:
    question, claims = example_question(), example_claims()
    changes = compare(
        synthesise(question, example_sources(), claims),
        synthesise(question, without("yang2024qwen"), claims),
    )
    assert [g.sentence for g in changes.gaps_opened] == [
        "No source relates alignment to mixture of experts."
    ]


def test_a_finding_that_gains_a_contradicting_source_is_a_change() -> None:
    question, sources, claims = example_question(), example_sources(), example_claims()
    target = next(
        r for r in claims if r.claim.origin == "wang2022recode" and "Interesting" in r.claim.text
    )
    # mastropaolo's title mentions robustness and code generation, as the claim does.
    against = Evidence("mastropaolo2023robustness", sources[6].title, 70.0)
    assert sources[6].key == "mastropaolo2023robustness"
    changed = [replace(r, contradicting=(against,)) if r is target else r for r in claims]
    (change,) = compare(
        synthesise(question, sources, claims), synthesise(question, sources, changed)
    ).findings
    assert (change.kind_before, change.kind_after) == ("quoted", "contradicted")
    assert change.contradicting_gained == ("mastropaolo2023robustness",)
    assert change.describe() == "quoted → contradicted; contradicted by +mastropaolo2023robustness"


def test_the_same_record_has_no_changes() -> None:
    synthesis = synthesise(example_question(), example_sources(), example_claims())
    assert compare(synthesis, synthesis).empty


def test_a_new_record_lists_its_gaps_as_opened() -> None:
    synthesis = synthesise(example_question(), example_sources(), example_claims())
    assert len(compare(None, synthesis).gaps_opened) == len(synthesis.map.gaps)
