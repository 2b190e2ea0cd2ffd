"""Identifiers: DOIs, arXiv ids and question ids, normalised and validated (pure)."""

from __future__ import annotations

import re

_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# New-style ids (0704.0001 onwards) and old-style archive/YYMMNNN ids, with optional version.
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?$", re.IGNORECASE)
_ARXIV_PREFIXES = re.compile(r"^(?:arxiv:|https?://arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80


def normalise_doi(doi: str) -> str:
    """Lower-case a DOI and strip resolver prefixes (``https://doi.org/``, ``doi:``)."""
    return _DOI_PREFIXES.sub("", doi.strip()).strip().lower()


def is_doi(doi: str) -> bool:
    """True when ``doi`` (after normalising) has the form ``10.NNNN/suffix``."""
    return bool(_DOI.match(normalise_doi(doi)))


def normalise_arxiv(arxiv_id: str) -> str:
    """Strip prefixes and the version from an arXiv id: ``arXiv:2304.05376v2`` -> ``2304.05376``."""
    text = _ARXIV_PREFIXES.sub("", arxiv_id.strip()).removesuffix(".pdf")
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.match(text)
        if match:
            return match.group(1)
    return text


def is_arxiv(arxiv_id: str) -> bool:
    """True when ``arxiv_id`` is a new-style or old-style arXiv identifier."""
    text = _ARXIV_PREFIXES.sub("", arxiv_id.strip())
    return bool(_ARXIV_NEW.match(text) or _ARXIV_OLD.match(text))


def arxiv_from_doi(doi: str) -> str:
    """The arXiv id inside an arXiv DOI (``10.48550/arXiv.2402.06196``), else ``""``."""
    match = _ARXIV_DOI.match(normalise_doi(doi))
    return normalise_arxiv(match.group(1)) if match else ""


def is_slug(text: str) -> bool:
    """True when ``text`` is a valid question id: lowercase ``[a-z0-9-]``, at most 80 chars."""
    return len(text) <= MAX_ID_LENGTH and bool(SLUG.match(text))


def slugify(text: str, max_length: int = 60) -> str:
    """Make a question id from free text: lowercase words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "question"
