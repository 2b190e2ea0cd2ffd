"""Crossref: parsing real recorded /works responses and building requests."""

from __future__ import annotations

import json

import pytest
from support.paths import API
from support.timing import within_seconds

from synth.errors import RetrievalError
from synth.models import Search
from synth.retrieve.providers import crossref
from synth.retrieve.providers.base import Pinned

CHEMCROW = API / "multi" / "paperqa_title_search_chemcrow.00.crossref.200.json"
ECOLOGY = API / "crossref" / "habanero_works_query_ecology_rows2.00.200.json"
PONE = API / "crossref" / "habanero_works_doi_pone.0033693.00.200.json"
ZERO = API / "multi" / "paperqa_bad_titles_404_and_zero_hits.00.crossref.200.json"


def test_parse_list_returns_each_item() -> None:
    assert [s.doi for s in crossref.parse(ECOLOGY.read_bytes())] == [
        "10.1093/obo/9780199830060-0238",
        "10.1093/obo/9780199830060-0023",
    ]


def test_jats_tags_and_heading_are_stripped_from_abstract() -> None:
    abstract = crossref.parse(CHEMCROW.read_bytes())[0].abstract
    assert abstract.startswith("Large language models (LLMs) have shown strong performance")
    assert "<" not in abstract and "jats" not in abstract


def test_authors_container_title_and_year() -> None:
    source = crossref.parse(CHEMCROW.read_bytes())[0]
    assert source.authors[:2] == ("Andres M. Bran", "Sam Cox")
    assert (source.venue, source.year) == ("Nature Machine Intelligence", 2024)


def test_single_work_body_is_parsed() -> None:
    source = crossref.parse(PONE.read_bytes())[0]
    assert source.doi == "10.1371/journal.pone.0033693"


def test_correction_update_is_not_a_retraction() -> None:
    assert crossref.parse(PONE.read_bytes())[0].retracted is False


def test_updated_by_retraction_sets_flag() -> None:
    data = json.loads(PONE.read_bytes())
    data["message"]["updated-by"][0]["type"] = "retraction"  # derived variant of the real record
    assert crossref.parse(json.dumps(data))[0].retracted is True


def test_update_to_retraction_sets_flag() -> None:
    data = json.loads(PONE.read_bytes())
    data["message"]["update-to"] = data["message"].pop("updated-by")
    data["message"]["update-to"][0]["type"] = "retraction"
    assert crossref.parse(json.dumps(data))[0].retracted is True


def test_zero_hits_gives_no_sources() -> None:
    assert crossref.parse(ZERO.read_bytes()) == []


def test_plain_text_404_body_is_malformed() -> None:
    body = (API / "crossref" / "habanero_works_mixed_dois_with_404.01.404.txt").read_bytes()
    with pytest.raises(RetrievalError, match="crossref: malformed response"):
        crossref.parse(body)


def test_search_request_has_year_filters_and_mailto() -> None:
    request = crossref.search_request("moe", Search(limit=7, year_from=2020), {}, "a@b.c")
    assert dict(request.params) == {
        "query": "moe",
        "rows": "7",
        "filter": "from-pub-date:2020",
        "mailto": "a@b.c",
    }
    assert request.url == "https://api.crossref.org/works"


def test_pinned_request_skips_arxiv_ids() -> None:
    assert crossref.pinned_request(Pinned((), ("2401.04088",)), {}) is None
    request = crossref.pinned_request(Pinned(("10.1/a", "10.2/b"), ()), {})
    assert request is not None and dict(request.params)["filter"] == "doi:10.1/a,doi:10.2/b"


def test_jats_heading_with_inline_tags_is_dropped() -> None:
    item = {
        "title": ["T"],
        "abstract": "<jats:title>Abstract <jats:italic>in</jats:italic> brief</jats:title>"
        "<jats:p>Results &amp; more.</jats:p>",
    }
    assert crossref.parse_item(item).abstract == "Results & more."  # type: ignore[union-attr]


def test_unclosed_jats_headings_are_read_in_linear_time() -> None:
    # 192 KB of openers: the old lazy pattern tried each against the rest (33 s).
    item = {"title": ["T"], "abstract": "<jats:title>" * 16_000 + "text"}
    with within_seconds(5):
        source = crossref.parse_item(item)
    assert source is not None and source.abstract.endswith("text")
