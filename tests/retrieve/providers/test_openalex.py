"""OpenAlex: parsing real recorded /works responses and building requests."""

from __future__ import annotations

import json

import pytest
from support.paths import API
from support.timing import within_seconds

from synth.errors import ConfigurationError, RetrievalError
from synth.models import Search
from synth.retrieve.providers import openalex
from synth.retrieve.providers.base import Pinned

CHEMCROW = API / "multi" / "paperqa_title_search_chemcrow.03.openalex.200.json"
PAPERQA = API / "multi" / "paperqa_title_search_paperqa_arxiv.02.openalex.200.json"
NULL_ABSTRACT = API / "multi" / "paperqa_doi_search_null_abstract.02.openalex.200.json"
ENV = {"OPENALEX_API_KEY": "k"}


def test_parse_list_returns_one_source_per_result() -> None:
    data = json.loads(CHEMCROW.read_bytes())
    assert len(openalex.parse(CHEMCROW.read_bytes())) == len(data["results"])


def test_parse_normalises_doi_and_reads_authors_year_venue() -> None:
    source = openalex.parse(CHEMCROW.read_bytes())[0]
    assert source.doi == "10.1038/s42256-024-00832-8"
    assert source.authors[0] == "Andres M. Bran"
    assert source.year == 2024
    assert source.venue == "Nature Machine Intelligence"
    assert source.key == "" and source.databases == ("openalex",)


def test_abstract_rebuilt_from_inverted_index_in_position_order() -> None:
    work = json.loads(CHEMCROW.read_bytes())["results"][0]
    words = {p: w for w, ps in work["abstract_inverted_index"].items() for p in ps}
    expected_start = " ".join(words[p] for p in sorted(words)[1:8])  # position 0 is "Abstract"
    assert openalex.parse(CHEMCROW.read_bytes())[0].abstract.startswith(expected_start)


def test_word_at_several_positions_is_placed_at_each() -> None:
    assert openalex.rebuild_abstract({"models": [1, 3], "Large": [0], "and": [2]}) == (
        "Large models and models"
    )


def test_null_inverted_index_means_no_abstract() -> None:
    source = openalex.parse(NULL_ABSTRACT.read_bytes())[0]
    assert source.abstract == ""
    assert source.doi == "10.1023/a:1007154515475"


def test_arxiv_doi_becomes_arxiv_id() -> None:
    source = openalex.parse(PAPERQA.read_bytes())[0]
    assert (source.arxiv, source.doi) == ("2312.07559", "")


def test_is_retracted_sets_flag() -> None:
    data = json.loads(CHEMCROW.read_bytes())
    data["results"][0]["is_retracted"] = True  # derived variant: the real record, flagged
    assert openalex.parse(json.dumps(data))[0].retracted is True
    assert openalex.parse(CHEMCROW.read_bytes())[0].retracted is False


def test_non_json_body_is_malformed() -> None:
    with pytest.raises(RetrievalError, match="openalex: malformed response"):
        openalex.parse(b"<html><body>busy</body></html>")


def test_missing_key_is_configuration_error_naming_variable() -> None:
    with pytest.raises(ConfigurationError, match="OPENALEX_API_KEY is not set"):
        openalex.search_request("rlhf", Search(), {})


def test_search_request_sends_key_as_secret_and_years_as_filter() -> None:
    request = openalex.search_request("rlhf", Search(year_from=2020, year_to=2024), ENV, "a@b.c")
    params = dict(request.params)
    assert params["search"] == "rlhf"
    assert params["filter"] == "from_publication_date:2020-01-01,to_publication_date:2024-12-31"
    assert params["mailto"] == "a@b.c"
    assert "api_key" not in params and dict(request.secret_params) == {"api_key": "k"}


def test_base_url_override_is_used() -> None:
    request = openalex.search_request("x", Search(), {**ENV, "SYNTH_OPENALEX_URL": "http://h:1/"})
    assert request.url == "http://h:1/works"


def test_pinned_request_filters_dois_and_arxiv_dois() -> None:
    request = openalex.pinned_request(Pinned(("10.1/a",), ("2401.04088",)), ENV)
    assert request is not None
    assert dict(request.params)["filter"] == "doi:10.1/a|10.48550/arxiv.2401.04088"


def test_rebuild_abstract_ignores_positions_no_abstract_reaches() -> None:
    inverted = {"kept": [0], "far": [openalex.MAX_ABSTRACT_WORDS], "negative": [-1], "yes": [1]}
    assert openalex.rebuild_abstract(inverted) == "kept yes"


def test_a_huge_index_of_positions_is_bounded() -> None:
    inverted = {"word": list(range(2_000_000))}
    assert len(openalex.rebuild_abstract(inverted).split()) == openalex.MAX_ABSTRACT_WORDS


def test_a_landing_page_repeating_arxiv_urls_is_not_searched() -> None:
    work = json.loads(CHEMCROW.read_bytes())["results"][0]
    work["doi"] = None
    # Each "arxiv.org/abs/" started a scan to the "?" at the end: 24 s for 5,000 of them.
    work["locations"] = [{"landing_page_url": "https://arxiv.org/abs/" * 5_000 + "?"}]
    with within_seconds(5):
        source = openalex.parse_work(work)
    assert source is not None and source.arxiv == ""
