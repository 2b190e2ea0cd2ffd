"""arXiv API (Atom feeds): request building and a pure parser.

Terms (info.arxiv.org/help/api/tou.html, "Terms of Use for arXiv APIs"): make no
more than one request every three seconds, and limit requests to a single
connection at a time. synth enforces both: the arXiv host gets its own limiter with
a 3-second start-to-start spacing, and one worker thread talks to it.

The API answers a malformed query with HTTP 400 and an Atom feed holding a single
``Error`` entry; an unknown id gives an empty feed (``totalResults`` 0). Its feeds never
declare a DTD, so a feed that does is refused by the parser itself (defusedxml), after
the body is decoded: no entity can expand, whatever encoding the body is in.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml

from synth.errors import RetrievalError
from synth.ids import is_arxiv, normalise_arxiv, normalise_doi
from synth.models import Concept, Search, Source
from synth.retrieve.concepts import boolean_query
from synth.retrieve.providers.base import (
    TRY_LATER,
    Pinned,
    base_url,
    collect,
    int_or_none,
    malformed,
    per_request,
)
from synth.retrieve.request import ApiRequest
from synth.text import STOPWORDS, clean_text, shorten

NAME = "arxiv"
URL_ENV = "SYNTH_ARXIV_URL"
DEFAULT_BASE = "https://export.arxiv.org"
PATH = "/api/query"
INTERVAL = 3.0  # seconds between requests, per the arXiv API terms of use
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
_ERROR_ID = re.compile(r"/api/errors", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+.-]*")


def query_terms(query: str) -> list[str]:
    """The content words of a free-text query, in order, without duplicates."""
    words = [w.strip(".-").lower() for w in _WORD.findall(query)]
    return list(dict.fromkeys(w for w in words if w and w not in STOPWORDS))


def search_query(query: str, search: Search) -> str:
    """An arXiv ``search_query``: every content word in any field, and the submitted years."""
    clauses = [f"all:{term}" for term in query_terms(query)] or [f'all:"{query}"']
    return " AND ".join(clauses + _submitted(search))


def _submitted(search: Search) -> list[str]:
    """The ``submittedDate`` clause of the question's years, if it has any."""
    if search.year_from is None and search.year_to is None:
        return []
    start = f"{search.year_from or 1991}01010000"
    end = f"{search.year_to or 9999}12312359"
    return [f"submittedDate:[{start} TO {end}]"]


def _request(env: Mapping[str, str], params: list[tuple[str, str]]) -> ApiRequest:
    """An Atom request; a 400 is passed to the parser because it carries the error text."""
    url = base_url(env, URL_ENV, DEFAULT_BASE) + PATH
    return ApiRequest(url=url, params=tuple(params), ok_statuses=frozenset({200, 400}))


def search_request(
    query: str, search: Search, env: Mapping[str, str], mailto: str = ""
) -> ApiRequest:
    """A relevance-sorted ``search_query`` request for one query."""
    return _search_request(search_query(query, search), search, env)


def concept_request(
    concepts: Sequence[Concept], search: Search, env: Mapping[str, str], mailto: str = ""
) -> ApiRequest:
    """A boolean ``search_query`` from the question's concepts (arXiv takes AND, OR,
    parentheses and quoted phrases): ``(all:"mixture of experts" OR all:MoE) AND ...``."""
    expression = boolean_query(concepts, lambda t: f'all:"{t}"' if " " in t else f"all:{t}")
    return _search_request(" AND ".join([expression, *_submitted(search)]), search, env)


def _search_request(expression: str, search: Search, env: Mapping[str, str]) -> ApiRequest:
    return _request(
        env,
        [
            ("search_query", expression),
            ("start", "0"),
            ("max_results", str(per_request(search.limit))),
            ("sortBy", "relevance"),
            ("sortOrder", "descending"),
        ],
    )


def pinned_request(pinned: Pinned, env: Mapping[str, str], mailto: str = "") -> ApiRequest | None:
    """One ``id_list`` request for every pinned arXiv id."""
    if not pinned.arxiv_ids:
        return None
    ids = ",".join(pinned.arxiv_ids)
    return _request(
        env, [("id_list", ids), ("start", "0"), ("max_results", str(len(pinned.arxiv_ids)))]
    )


def _text(element: ElementTree.Element, tag: str) -> str:
    """The cleaned text of a child element, or ``""``."""
    child = element.find(tag)
    return clean_text(child.text or "") if child is not None else ""


def parse_entry(entry: ElementTree.Element) -> Source | None:
    """One Atom entry as a ``Source``; ``None`` when it has no usable id or title."""
    raw_id = _text(entry, f"{ATOM}id")
    arxiv = normalise_arxiv(raw_id)
    title = _text(entry, f"{ATOM}title")
    if not title or not is_arxiv(arxiv):
        return None
    authors = tuple(
        name for name in (_text(a, f"{ATOM}name") for a in entry.findall(f"{ATOM}author")) if name
    )
    journal = _text(entry, f"{ARXIV_NS}journal_ref")
    return Source(
        key="",
        title=title,
        authors=authors,
        year=int_or_none(_text(entry, f"{ATOM}published")),
        venue=journal or "arXiv",
        doi=normalise_doi(_text(entry, f"{ARXIV_NS}doi")),
        arxiv=arxiv,
        url=f"https://arxiv.org/abs/{arxiv}",
        abstract=_text(entry, f"{ATOM}summary"),
        databases=(NAME,),
    )


def parse(content: bytes | str) -> list[Source]:
    """Sources from an Atom feed; an error feed raises ``RetrievalError`` with its message."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    try:
        # A DTD could declare entities that expand without bound (five levels turn 900 bytes
        # into a million characters); the API never sends one, so any DTD is refused.
        root = parse_xml(raw, forbid_dtd=True)
    except DefusedXmlException as error:
        raise RetrievalError(
            f"{NAME}: malformed response (the feed declares a DTD: {type(error).__name__}) "
            f"-- {TRY_LATER}"
        ) from error
    except ElementTree.ParseError as error:
        raise RetrievalError(
            f"{NAME}: malformed response (not an Atom feed: {error}) -- {TRY_LATER}"
        ) from error
    if root.tag != f"{ATOM}feed":
        raise malformed(NAME, "Atom feed at the root")
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        if _ERROR_ID.search(_text(entry, f"{ATOM}id")):
            message = shorten(_text(entry, f"{ATOM}summary") or "unknown error", 200)
            raise RetrievalError(
                f"{NAME}: the API rejected the query ({message}) -- check the question's "
                "search.queries and pinned arXiv ids",
                status=400,
            )
    return collect(entries, parse_entry)
