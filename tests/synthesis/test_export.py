"""synth show's output: the documented JSON shape and the terminal text."""

from __future__ import annotations

import json

from support.synthesis import (
    DEEP_LEARNING_REVIEW,
    example_claims,
    example_question,
    example_sources,
)

from synth.synthesis.export import as_json, as_text, claims_summary
from synth.synthesis.synthesise import synthesise


def document() -> dict:
    synthesis = synthesise(example_question(), example_sources(), example_claims())
    titles = {s.key: s.title for s in example_sources()}
    return json.loads(as_json(synthesis, titles, lambda key: key))


def test_the_json_has_the_documented_keys() -> None:
    data = document()
    assert list(data) == [
        "id",
        "question",
        "answer",
        "concepts",
        "pairs",
        "gaps",
        "findings",
        "sources",
    ]
    assert set(data["concepts"][0]) == {"name", "terms", "sources"}
    assert set(data["pairs"][0]) == {"concepts", "sources"}
    assert set(data["findings"][0]) == {
        "id",
        "text",
        "quote",
        "source",
        "kind",
        "supporting",
        "contradicting",
        "concepts",
        "confidence",
    }
    assert set(data["sources"][0]) == {"key", "title", "concepts", "off_topic"}


def test_the_json_gaps_are_lists_of_concept_names() -> None:
    assert ["mixture of experts", "robustness"] in document()["gaps"]


def test_the_json_marks_the_deep_learning_review_off_topic() -> None:
    review = next(s for s in example_sources() if s.doi == DEEP_LEARNING_REVIEW)
    entry = next(s for s in document()["sources"] if s["key"] == review.key)
    assert entry == {
        "key": review.key,
        "title": review.title,
        "concepts": ["robustness"],
        "off_topic": True,
    }


def test_the_json_counts_no_quoted_finding_as_verified() -> None:
    kinds = {f["kind"] for f in document()["findings"] if f["source"] and f["quote"] == f["text"]}
    assert "verified" not in {f["kind"] for f in document()["findings"] if f["id"] != "70c6c9835b"}
    assert kinds <= {"quoted", "corroborated", "contradicted"}


def test_the_text_lists_the_gaps_and_the_off_topic_sources() -> None:
    synthesis = synthesise(example_question(), example_sources(), example_claims())
    text = as_text(synthesis, lambda key: key)
    assert "  - No source relates mixture of experts to robustness.\n" in text
    assert "  - ahmed2023deep: mentions only robustness\n" in text
    assert all(len(line) <= 100 for line in text.splitlines())


def test_a_concept_row_too_long_for_a_line_continues_under_its_sources() -> None:
    synthesis = synthesise(example_question(), example_sources(), example_claims())
    lines = as_text(synthesis, lambda key: key).splitlines()
    row = next(n for n, line in enumerate(lines) if line.startswith("  code generation "))
    column = lines[row].index("jiang2024mixtral")
    assert lines[row + 1].startswith(" " * column) and lines[row + 1][column] != " "


def test_the_claims_summary_says_what_each_claim_counts_as() -> None:
    synthesis = synthesise(example_question(), example_sources(), example_claims())
    counts = synthesis.claim_counts()
    expected = (
        f"17 claims: 10 quoted, {counts['verified']} verified, {counts['not-found']} not found"
    )
    assert claims_summary(synthesis) == expected
    assert counts["quoted"] == 10 and counts["verified"] + counts["not-found"] == 7
