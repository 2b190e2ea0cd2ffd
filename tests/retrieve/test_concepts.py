"""Boolean search from a question's concepts: terms OR-ed within a concept, concepts AND-ed."""

from __future__ import annotations

from urllib.parse import urlencode

from synth.models import Concept, Search
from synth.retrieve import concepts
from synth.retrieve.concepts import boolean_query, plain_term, query_sent
from synth.retrieve.providers import arxiv, crossref, openalex

CONCEPTS = (
    Concept("mixture of experts", ("MoE",)),
    Concept("robustness", ("robust", "adversarial")),
)
ENV = {"OPENALEX_API_KEY": "k"}


def test_terms_are_ored_within_a_concept_and_concepts_anded() -> None:
    query = boolean_query(CONCEPTS, lambda t: f"[{t}]")
    assert (
        query == "([mixture of experts] OR [MoE]) AND ([robustness] OR [robust] OR [adversarial])"
    )


def test_a_concept_of_one_term_needs_no_parentheses() -> None:
    assert boolean_query((Concept("RLHF"),), str) == "RLHF"


def test_terms_lose_the_punctuation_that_would_change_the_query() -> None:
    assert plain_term('"RLHF" (variants): AND') == "RLHF variants AND"


def test_openalex_quotes_phrases_and_operator_words() -> None:
    request = openalex.concept_request(CONCEPTS, Search(), ENV)
    assert query_sent(request) == (
        '("mixture of experts" OR MoE) AND (robustness OR robust OR adversarial)'
    )


def test_arxiv_searches_every_field_and_keeps_the_years() -> None:
    request = arxiv.concept_request(CONCEPTS, Search(year_from=2020, year_to=2024), {})
    assert query_sent(request) == (
        '(all:"mixture of experts" OR all:MoE) AND (all:robustness OR all:robust OR '
        "all:adversarial) AND submittedDate:[202001010000 TO 202412312359]"
    )


def test_only_boolean_databases_have_a_concept_request() -> None:
    assert hasattr(openalex, "concept_request") and hasattr(arxiv, "concept_request")
    assert not hasattr(crossref, "concept_request")


def test_a_long_query_keeps_every_concept_and_the_first_terms(monkeypatch) -> None:
    monkeypatch.setattr(concepts, "MAX_QUERY", 60)
    many = tuple(f"term{i}" for i in range(30))
    query = boolean_query((Concept("alpha", many), Concept("beta", many)), str)
    assert len(query) <= 60
    assert query.startswith("(alpha OR term0") and "AND (beta OR term0" in query


def test_the_query_fits_a_url_with_the_most_terms_a_question_may_have() -> None:
    many = tuple(f"a rather long search term number {i}" for i in range(100))
    query = boolean_query(tuple(Concept(f"c{j}", many) for j in range(10)), str)
    assert len(urlencode({"search": query})) < 4000
