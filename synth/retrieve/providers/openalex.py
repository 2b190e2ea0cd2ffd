"""OpenAlex works: request building and a pure parser.

Terms (developers.openalex.org, "Authentication & Pricing"): an API key is required
since 13 February 2026 (``api_key=`` parameter; free from openalex.org/settings/api);
every user may make at most 100 requests per second; a free key buys a daily
allowance ($1/day: about 1,000 searches or 10,000 list/filter calls). A spent daily
allowance answers 429. synth stays far below the per-second cap (10 requests/s)
because a question needs only a handful of calls.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from synth.errors import ConfigurationError
from synth.ids import arxiv_from_doi, normalise_arxiv, normalise_doi
from synth.models import Concept, Search, Source
from synth.retrieve.concepts import boolean_query
from synth.retrieve.providers.base import (
    Pinned,
    base_url,
    collect,
    decode_json,
    int_or_none,
    list_or_empty,
    malformed,
    per_request,
    text_or_empty,
)
from synth.retrieve.request import ApiRequest
from synth.text import clean_text

NAME = "openalex"
URL_ENV = "SYNTH_OPENALEX_URL"
KEY_ENV = "OPENALEX_API_KEY"
DEFAULT_BASE = "https://api.openalex.org"
PATH = "/works"
INTERVAL = 0.1  # seconds between requests: 10/s, a tenth of the published 100/s cap
SELECT = (
    "id,doi,title,display_name,publication_year,authorships,primary_location,"
    "locations,abstract_inverted_index,is_retracted,ids"
)
# Publishers' "Abstract" headings end up as the first word of the inverted index.
_HEADING = re.compile(r"^(?:Abstract|ABSTRACT)[:.]?\s+(?=[A-Z0-9])")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?$", re.IGNORECASE)
# Longer "URLs" are no landing pages, and _ARXIV_URL is quadratic in a URL that repeats it.
MAX_URL_LENGTH = 2000
# An abstract's words sit at positions 0, 1, 2, ...; one far longer than any abstract is
# not rebuilt past this many, so a hostile index cannot fill memory.
MAX_ABSTRACT_WORDS = 10_000


def api_key(env: Mapping[str, str]) -> str:
    """The OpenAlex API key from the environment; ``ConfigurationError`` says how to get one."""
    key = env.get(KEY_ENV, "").strip()
    if not key:
        raise ConfigurationError(
            f"{KEY_ENV} is not set -- OpenAlex requires a free API key since February 2026: "
            "get one at https://openalex.org/settings/api and export "
            f"{KEY_ENV}=<key>, or drop openalex from search.databases in the question"
        )
    return key


def _common(env: Mapping[str, str], key: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The works URL and the secret parameters (the key) every request carries."""
    return base_url(env, URL_ENV, DEFAULT_BASE) + PATH, (("api_key", key),)


def _year_filter(search: Search) -> list[str]:
    """OpenAlex ``filter=`` clauses for the question's year range."""
    clauses = []
    if search.year_from is not None:
        clauses.append(f"from_publication_date:{search.year_from}-01-01")
    if search.year_to is not None:
        clauses.append(f"to_publication_date:{search.year_to}-12-31")
    return clauses


def search_request(
    query: str, search: Search, env: Mapping[str, str], mailto: str = ""
) -> ApiRequest:
    """A ``/works?search=`` request for one query, limited to the question's years."""
    url, secret = _common(env, api_key(env))
    params = [("search", query), ("per_page", str(per_request(search.limit))), ("select", SELECT)]
    years = _year_filter(search)
    if years:
        params.append(("filter", ",".join(years)))
    if mailto:
        params.append(("mailto", mailto))
    return ApiRequest(url=url, params=tuple(params), secret_params=secret)


def concept_request(
    concepts: Sequence[Concept], search: Search, env: Mapping[str, str], mailto: str = ""
) -> ApiRequest:
    """A boolean ``search`` from the question's concepts: OpenAlex takes AND, OR, NOT and
    quoted phrases (developers.openalex.org, "Search"); single words stay unquoted, so they
    are still stemmed."""
    return search_request(boolean_query(concepts, _phrase), search, env, mailto)


def _phrase(term: str) -> str:
    return f'"{term}"' if " " in term or term.upper() in ("AND", "OR", "NOT") else term


def pinned_request(pinned: Pinned, env: Mapping[str, str], mailto: str = "") -> ApiRequest | None:
    """One ``filter=doi:a|b`` request for every pinned DOI and arXiv id (as arXiv DOIs)."""
    dois = list(pinned.dois) + [f"10.48550/arxiv.{a}" for a in pinned.arxiv_ids]
    if not dois:
        return None
    url, secret = _common(env, api_key(env))
    params = [
        ("filter", "doi:" + "|".join(dois)),
        ("per_page", str(per_request(len(dois)))),
        ("select", SELECT),
    ]
    if mailto:
        params.append(("mailto", mailto))
    return ApiRequest(url=url, params=tuple(params), secret_params=secret)


def rebuild_abstract(inverted: Any) -> str:
    """Rebuild text from ``abstract_inverted_index`` (word -> positions); null gives ``""``."""
    if not isinstance(inverted, dict):
        return ""
    placed: dict[int, str] = {}
    for word, positions in inverted.items():
        if not isinstance(positions, list):
            continue
        for position in positions:
            if type(position) is int and 0 <= position < MAX_ABSTRACT_WORDS:
                placed[position] = str(word)
    return " ".join(placed[p] for p in sorted(placed))


def _arxiv_id(work: dict[str, Any], doi: str) -> str:
    """The arXiv id from an arXiv DOI or an arxiv.org landing page among the locations."""
    from_doi = arxiv_from_doi(doi)
    if from_doi:
        return from_doi
    for location in list_or_empty(work.get("locations")):
        page = text_or_empty(location.get("landing_page_url")) if isinstance(location, dict) else ""
        match = _ARXIV_URL.search(page) if len(page) <= MAX_URL_LENGTH else None
        if match:
            return normalise_arxiv(match.group(1))
    return ""


def parse_work(work: dict[str, Any]) -> Source | None:
    """One OpenAlex work as a ``Source``; ``None`` when it has no title."""
    title = clean_text(text_or_empty(work.get("title")) or text_or_empty(work.get("display_name")))
    if not title:
        return None
    doi = normalise_doi(text_or_empty(work.get("doi")))
    arxiv = _arxiv_id(work, doi)
    if arxiv_from_doi(doi):
        doi = ""
    authorships = work.get("authorships")
    people = [a.get("author") for a in list_or_empty(authorships) if isinstance(a, dict)]
    authors = tuple(
        clean_text(text_or_empty(p.get("display_name"))) for p in people if isinstance(p, dict)
    )
    location = work.get("primary_location")
    source = location.get("source") if isinstance(location, dict) else None
    venue = text_or_empty(source.get("display_name")) if isinstance(source, dict) else ""
    url = f"https://doi.org/{doi}" if doi else text_or_empty(work.get("id"))
    return Source(
        key="",
        title=title,
        authors=tuple(a for a in authors if a),
        year=int_or_none(work.get("publication_year")),
        venue=clean_text(venue),
        doi=doi,
        arxiv=arxiv,
        url=f"https://arxiv.org/abs/{arxiv}" if arxiv and not doi else url,
        abstract=_HEADING.sub(
            "", clean_text(rebuild_abstract(work.get("abstract_inverted_index")))
        ),
        databases=(NAME,),
        retracted=work.get("is_retracted") is True,
    )


def parse(content: bytes | str) -> list[Source]:
    """Sources from a ``/works`` list body (``results``) or a single-work body."""
    data = decode_json(content, NAME)
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        works = data["results"]
    elif isinstance(data, dict) and "id" in data:
        works = [data]
    else:
        raise malformed(NAME, "'results' list")
    return collect((w for w in works if isinstance(w, dict)), parse_work)
