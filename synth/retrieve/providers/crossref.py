"""Crossref works: request building and a pure parser.

Terms (crossref.org, "REST API: access and authentication"): no key is needed; the
"polite" pool is joined by sending a contact address (``mailto=`` or the
User-Agent); public and polite users are limited to 50 requests per second and 5
concurrent requests, and over-limit requests answer 429. Crossref announced lower
public/polite limits from 1 December 2025, so synth keeps to one connection and 5
requests per second, inside both the old and the revised terms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from synth.ids import arxiv_from_doi, normalise_doi
from synth.models import Search, Source
from synth.retrieve.providers import base
from synth.retrieve.request import ApiRequest
from synth.text import clean_text

NAME = "crossref"
URL_ENV = "SYNTH_CROSSREF_URL"
DEFAULT_BASE = "https://api.crossref.org"
PATH = "/works"
INTERVAL = 0.2  # seconds between requests: 5/s on a single connection
RETRACTION_TYPES = frozenset({"retraction", "partial_retraction", "withdrawal", "removal"})
# A JATS abstract often opens with <jats:title>Abstract</jats:title>: a heading, not text.
# The heading may hold tags but never another title tag, so no match reaches past the next
# one and a run of unclosed "<jats:title>" stays linear.
_JATS_TITLE = re.compile(
    r"<jats:title>(?:[^<]|<(?!/?jats:title>))*</jats:title>", re.IGNORECASE | re.DOTALL
)


def _url(env: Mapping[str, str]) -> str:
    """The works URL, honouring the ``SYNTH_CROSSREF_URL`` override."""
    return base.base_url(env, URL_ENV, DEFAULT_BASE) + PATH


def search_request(
    query: str, search: Search, env: Mapping[str, str], mailto: str = ""
) -> ApiRequest:
    """A ``/works?query=`` request, limited to the question's years by pub-date filters."""
    params = [("query", query), ("rows", str(base.per_request(search.limit)))]
    filters = []
    if search.year_from is not None:
        filters.append(f"from-pub-date:{search.year_from}")
    if search.year_to is not None:
        filters.append(f"until-pub-date:{search.year_to}")
    if filters:
        params.append(("filter", ",".join(filters)))
    if mailto:
        params.append(("mailto", mailto))
    return ApiRequest(url=_url(env), params=tuple(params))


def pinned_request(
    pinned: base.Pinned, env: Mapping[str, str], mailto: str = ""
) -> ApiRequest | None:
    """One ``filter=doi:a,doi:b`` request for the pinned DOIs (arXiv DOIs live at DataCite)."""
    if not pinned.dois:
        return None
    params = [
        ("filter", ",".join(f"doi:{doi}" for doi in pinned.dois)),
        ("rows", str(base.per_request(len(pinned.dois)))),
    ]
    if mailto:
        params.append(("mailto", mailto))
    return ApiRequest(url=_url(env), params=tuple(params))


def _first(value: Any) -> str:
    """The first string of a Crossref list field (``title``, ``container-title``)."""
    if isinstance(value, list):
        return next((v for v in value if isinstance(v, str) and v.strip()), "")
    return base.text_or_empty(value)


def _year(item: dict[str, Any]) -> int | None:
    """The year from ``issued`` (falling back to ``published``/``created``) date-parts."""
    for field in ("issued", "published", "published-print", "published-online", "created"):
        parts = item.get(field)
        if isinstance(parts, dict):
            date_parts = parts.get("date-parts")
            if isinstance(date_parts, list) and date_parts and isinstance(date_parts[0], list):
                year = base.int_or_none(date_parts[0][0] if date_parts[0] else None)
                if year is not None:
                    return year
    return None


def _author(person: Any) -> str:
    """``Given Family`` (or an organisation's ``name``) of one Crossref author."""
    if not isinstance(person, dict):
        return ""
    name = " ".join(
        p
        for p in (base.text_or_empty(person.get("given")), base.text_or_empty(person.get("family")))
        if p
    )
    return clean_text(name or base.text_or_empty(person.get("name")))


def is_retracted(item: dict[str, Any]) -> bool:
    """True when ``update-to`` or ``updated-by`` holds an update of a retraction type."""
    for field in ("update-to", "updated-by"):
        for update in base.list_or_empty(item.get(field)):
            if (
                isinstance(update, dict)
                and base.text_or_empty(update.get("type")).lower() in RETRACTION_TYPES
            ):
                return True
    return False


def parse_item(item: dict[str, Any]) -> Source | None:
    """One Crossref work as a ``Source``; ``None`` when it has no title."""
    title = clean_text(_first(item.get("title")))
    if not title:
        return None
    doi = normalise_doi(base.text_or_empty(item.get("DOI")))
    arxiv = arxiv_from_doi(doi)
    if arxiv:
        doi = ""
    abstract = _JATS_TITLE.sub(" ", base.text_or_empty(item.get("abstract")))
    return Source(
        key="",
        title=title,
        authors=tuple(a for a in map(_author, base.list_or_empty(item.get("author"))) if a),
        year=_year(item),
        venue=clean_text(_first(item.get("container-title"))),
        doi=doi,
        arxiv=arxiv,
        url=f"https://doi.org/{doi}" if doi else base.text_or_empty(item.get("URL")),
        abstract=clean_text(abstract),
        databases=(NAME,),
        retracted=is_retracted(item),
    )


def parse(content: bytes | str) -> list[Source]:
    """Sources from a ``/works`` list body (``message.items``) or a ``/works/{doi}`` body."""
    data = base.decode_json(content, NAME)
    message = data.get("message") if isinstance(data, dict) else None
    if isinstance(message, dict) and isinstance(message.get("items"), list):
        items = message["items"]
    elif isinstance(message, dict) and "DOI" in message:
        items = [message]
    else:
        raise base.malformed(NAME, "'message.items' list")
    return base.collect((i for i in items if isinstance(i, dict)), parse_item)
