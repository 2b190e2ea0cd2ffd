"""Adversarial cases (tests/fixtures/adversarial_claims.yaml) on real abstracts."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from support.paths import FIXTURES, SEED_PAPERS

from synth.models import Source
from synth.verify.verifier import sentences_of, verify

PAPERS = {p["arxiv_id"] or p["doi"]: p for p in json.loads(SEED_PAPERS.read_text())}
CASES: list[dict[str, Any]] = yaml.safe_load(
    (FIXTURES / "adversarial_claims.yaml").read_text(encoding="utf-8")
)


def test_suite_has_at_least_sixty_cases_over_every_category() -> None:
    categories = {c["category"] for c in CASES}
    assert len(CASES) >= 60
    assert {
        "negation",
        "number",
        "date",
        "number-word",
        "entity",
        "antonym",
        "roles",
        "quantifier",
        "wrong-paper",
        "paraphrase",
        "true-claim",
    } <= categories


@pytest.mark.parametrize("case", CASES, ids=[f"{c['category']}:{c['claim'][:40]}" for c in CASES])
def test_adversarial_case_gets_expected_label(case: dict[str, Any]) -> None:
    paper = PAPERS[case["paper"]]
    source = Source(key=case["paper"], title=paper["title"], abstract=paper["abstract"])
    label = verify(case["claim"], sentences_of([source])).label
    if case["expected"] == "not-supported":
        assert label != "supported"
    else:
        assert label == case["expected"]
