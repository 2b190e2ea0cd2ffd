"""Semantic Scholar Academic Graph: request building and a pure parser.

Terms (semanticscholar.org/product/api, "API License Agreement" and rate-limit FAQ):
requests with an API key (``x-api-key`` header) get a dedicated introductory rate
of 1 request per second across all endpoints; requests without a key share one
pool with every unauthenticated user and are answered 429 when it is busy. synth
spaces requests 1 second apart either way and sends ``SEMANTIC_SCHOLAR_API_KEY``
when it is set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from synth.ids import arxiv_from_doi, normalise_arxiv, normalise_doi
from synth.models import Search, Source
from synth.retrieve.providers import base
from synth.retrieve.request import ApiRequest
from synth.text import clean_text

NAME = "semanticscholar"
URL_ENV = "SYNTH_S2_URL"
KEY_ENV = "SEMANTIC_SCHOLAR_API_KEY"
DEFAULT_BASE = "https://api.semanticscholar.org"
PATH = "/graph/v1/paper/search"
BATCH_PATH = "/graph/v1/paper/batch"
INTERVAL = 1.0  # seconds between requests: the 1 request/s of an API key
FIELDS = "title,abstract,authors,year,venue,journal,externalIds,url,publicationDate"
MAX_SEARCH_LIMIT = 100


def _headers(env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The ``x-api-key`` header when a key is set (it is optional)."""
    key = env.get(KEY_ENV, "").strip()
    return (("x-api-key", key),) if key else ()


def year_range(search: Search) -> str:
    """The ``year=`` parameter: ``2020-2024``, ``2020-`` or ``-2024``; ``""`` when open."""
    if search.year_from is None and search.year_to is None:
        return ""
    start = "" if search.year_from is None else str(search.year_from)
    end = "" if search.year_to is None else str(search.year_to)
    return f"{start}-{end}"


def search_request(
    query: str, search: Search, env: Mapping[str, str], mailto: str = ""
) -> ApiRequest:
    """A ``/paper/search`` request for one query with the fields synth records."""
    params = [
        ("query", query),
        ("limit", str(min(base.per_request(search.limit), MAX_SEARCH_LIMIT))),
        ("fields", FIELDS),
    ]
    years = year_range(search)
    if years:
        params.append(("year", years))
    url = base.base_url(env, URL_ENV, DEFAULT_BASE) + PATH
    return ApiRequest(url=url, params=tuple(params), headers=_headers(env))


def pinned_request(
    pinned: base.Pinned, env: Mapping[str, str], mailto: str = ""
) -> ApiRequest | None:
    """One ``POST /paper/batch`` for every pinned DOI and arXiv id."""
    ids = [f"DOI:{doi}" for doi in pinned.dois] + [f"ARXIV:{a}" for a in pinned.arxiv_ids]
    if not ids:
        return None
    return ApiRequest(
        url=base.base_url(env, URL_ENV, DEFAULT_BASE) + BATCH_PATH,
        params=(("fields", FIELDS),),
        method="POST",
        json_body={"ids": ids},
        headers=_headers(env),
    )


def parse_paper(paper: dict[str, Any]) -> Source | None:
    """One paper object as a ``Source``; ``None`` when it has no title."""
    title = clean_text(base.text_or_empty(paper.get("title")))
    if not title:
        return None
    external = paper.get("externalIds")
    external = external if isinstance(external, dict) else {}
    doi = normalise_doi(base.text_or_empty(external.get("DOI")))
    arxiv = normalise_arxiv(base.text_or_empty(external.get("ArXiv"))) or arxiv_from_doi(doi)
    if arxiv_from_doi(doi):
        doi = ""
    names = (
        clean_text(base.text_or_empty(a.get("name")))
        for a in base.list_or_empty(paper.get("authors"))
        if isinstance(a, dict)
    )
    journal = paper.get("journal")
    venue = base.text_or_empty(paper.get("venue")) or (
        base.text_or_empty(journal.get("name")) if isinstance(journal, dict) else ""
    )
    url = f"https://doi.org/{doi}" if doi else base.text_or_empty(paper.get("url"))
    return Source(
        key="",
        title=title,
        authors=tuple(n for n in names if n),
        year=base.int_or_none(paper.get("year")) or base.int_or_none(paper.get("publicationDate")),
        venue=clean_text(venue),
        doi=doi,
        arxiv=arxiv,
        url=url,
        abstract=clean_text(base.text_or_empty(paper.get("abstract"))),
        databases=(NAME,),
    )


def parse(content: bytes | str) -> list[Source]:
    """Sources from a search body (``data``), a batch body (a list with nulls) or one paper."""
    data = base.decode_json(content, NAME)
    if isinstance(data, list):
        papers = data
    elif isinstance(data, dict) and isinstance(data.get("data"), list):
        papers = data["data"]
    elif isinstance(data, dict) and "total" in data:
        papers = []  # zero hits: {"total": 0, "offset": 0} has no "data" at all
    elif isinstance(data, dict) and "paperId" in data:
        papers = [data]
    else:
        raise base.malformed(NAME, "'data' list")
    return base.collect((p for p in papers if isinstance(p, dict)), parse_paper)
