"""arXiv: parsing real recorded Atom feeds and building queries."""

from __future__ import annotations

import pytest
from support.paths import API

from synth.errors import RetrievalError
from synth.models import Search
from synth.retrieve.providers import arxiv
from synth.retrieve.providers.base import Pinned
from synth.text import STOPWORDS

ARXIV = API / "arxiv"
QUERY = ARXIV / "arxivpy_query_testing_start0_max10.200.xml"
OLD_STYLE = ARXIV / "arxivpy_idlist_astro-ph_0601001_journal_ref.200.xml"
EMPTY = ARXIV / "arxivpy_idlist_nonexistent_empty_feed.200.xml"
ERROR = ARXIV / "arxivpy_idlist_malformed_id_400_error_feed.400.xml"


def test_every_entry_becomes_a_source() -> None:
    assert len(arxiv.parse(QUERY.read_bytes())) == QUERY.read_text().count("<entry>")


def test_versioned_id_loses_its_version() -> None:
    ids = [s.arxiv for s in arxiv.parse(QUERY.read_bytes())]
    assert "2005.14124" in ids  # the feed has http://arxiv.org/abs/2005.14124v2
    assert all("v" not in i for i in ids)


def test_old_style_id_is_kept_with_archive() -> None:
    source = arxiv.parse(OLD_STYLE.read_bytes())[0]
    assert source.arxiv == "astro-ph/0601001"
    assert source.url == "https://arxiv.org/abs/astro-ph/0601001"


def test_journal_ref_becomes_venue_and_authors_are_read() -> None:
    source = arxiv.parse(OLD_STYLE.read_bytes())[0]
    assert source.venue.startswith("ActaAstron")
    assert source.authors[0] == "Andrew Gould" and source.year == 2006


def test_arxiv_doi_element_is_normalised() -> None:
    dois = [s.doi for s in arxiv.parse(QUERY.read_bytes()) if s.doi]
    assert "10.1109/icstw55395.2022.00035" in dois


def test_empty_feed_gives_no_sources() -> None:
    assert arxiv.parse(EMPTY.read_bytes()) == []


def test_error_feed_raises_with_its_message() -> None:
    with pytest.raises(RetrievalError, match="incorrect id format for abc"):
        arxiv.parse(ERROR.read_bytes())


def test_html_body_is_malformed() -> None:
    with pytest.raises(RetrievalError, match="arxiv: malformed response"):
        arxiv.parse(b"<html><body><h1>503</h1></body></html>")


def test_entity_declarations_are_refused() -> None:
    body = b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaa">]><feed>&a;</feed>'
    with pytest.raises(RetrievalError, match="declares a DTD"):
        arxiv.parse(body)


def test_search_query_ands_content_words_and_dates() -> None:
    query = arxiv.search_query("The robustness of code models", Search(year_from=2020))
    assert query == (
        "all:robustness AND all:code AND all:models AND submittedDate:[202001010000 TO "
        "999912312359]"
    )


def test_error_status_400_is_passed_to_the_parser() -> None:
    request = arxiv.search_request("x", Search(), {})
    assert 400 in request.ok_statuses


def test_pinned_request_lists_ids() -> None:
    request = arxiv.pinned_request(Pinned((), ("2401.04088", "astro-ph/0601001")), {})
    assert request is not None
    assert dict(request.params)["id_list"] == "2401.04088,astro-ph/0601001"


def test_a_doctype_in_utf16_is_refused_after_decoding() -> None:
    # The old guard looked for the bytes b"<!DOCTYPE", which UTF-16 spells differently.
    feed = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE f [<!ENTITY a "aa">]><feed>&a;</feed>'
    with pytest.raises(RetrievalError, match="declares a DTD"):
        arxiv.parse(feed.encode("utf-16"))


def test_nested_entities_cannot_expand_into_a_huge_title() -> None:
    # Five levels of ten: 896 bytes that expanded into a 1,000,000-character title.
    levels = ['<!ENTITY e0 "' + "x" * 10 + '">']
    levels += [f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 6)]
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE feed [{"".join(levels)}]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2402.06196'
        "</id><title>&e5;</title></entry></feed>"
    )
    with pytest.raises(RetrievalError, match="declares a DTD"):
        arxiv.parse(feed.encode())


def test_query_terms_drop_the_shared_english_stopwords() -> None:
    words = "does the model not fail when it is attacked".split()
    assert arxiv.query_terms(" ".join(words)) == [w for w in words if w not in STOPWORDS]
    assert arxiv.query_terms("does the model not fail") == ["model", "fail"]
