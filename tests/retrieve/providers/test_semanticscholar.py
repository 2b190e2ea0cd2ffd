"""Semantic Scholar: parsing real recorded search and batch responses."""

from __future__ import annotations

import json

import pytest
from support.paths import API

from synth.errors import RetrievalError
from synth.models import Search
from synth.retrieve.providers import semanticscholar as s2
from synth.retrieve.providers.base import Pinned

S2 = API / "semanticscholar"
SEARCH = S2 / "s2py_paper_search_turing_allfields_429_429_200.02.200.json"
BATCH = S2 / "s2py_paper_batch_allfields_with_null.00.200.json"
ZERO = S2 / "s2py_paper_search_zero_results.00.200.json"


def test_search_body_gives_one_source_per_paper() -> None:
    data = json.loads(SEARCH.read_bytes())["data"]
    assert len(s2.parse(SEARCH.read_bytes())) == len([p for p in data if p.get("title")])


def test_external_arxiv_id_and_arxiv_doi_map_to_arxiv_field() -> None:
    source = s2.parse(SEARCH.read_bytes())[0]
    assert (source.arxiv, source.doi) == ("2503.23674", "")


def test_external_doi_is_normalised() -> None:
    source = s2.parse(BATCH.read_bytes())[0]
    assert source.doi == "10.2139/ssrn.288970"


def test_null_entries_in_batch_are_skipped() -> None:
    data = json.loads(BATCH.read_bytes())
    assert None in data
    assert len(s2.parse(BATCH.read_bytes())) == len([p for p in data if p is not None])


def test_zero_results_without_data_key() -> None:
    assert s2.parse(ZERO.read_bytes()) == []


def test_429_body_is_not_a_result_list() -> None:
    body = (S2 / "s2py_paper_search_turing_allfields_429_429_200.00.429.json").read_bytes()
    with pytest.raises(RetrievalError, match="no 'data' list"):
        s2.parse(body)


def test_year_range_forms() -> None:
    assert s2.year_range(Search(year_from=2020, year_to=2024)) == "2020-2024"
    assert s2.year_range(Search(year_from=2020)) == "2020-"
    assert s2.year_range(Search()) == ""


def test_api_key_goes_in_header_only_when_set() -> None:
    keyed = s2.search_request("q", Search(), {"SEMANTIC_SCHOLAR_API_KEY": "s"})
    assert dict(keyed.headers) == {"x-api-key": "s"}
    assert s2.search_request("q", Search(), {}).headers == ()


def test_pinned_request_is_a_batch_post() -> None:
    request = s2.pinned_request(Pinned(("10.1/a",), ("2401.04088",)), {"SYNTH_S2_URL": "http://h"})
    assert request is not None
    assert (request.method, request.url) == ("POST", "http://h/graph/v1/paper/batch")
    assert request.json_body == {"ids": ["DOI:10.1/a", "ARXIV:2401.04088"]}
