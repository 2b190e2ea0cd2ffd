"""Whether two records are one work (pure): shared by retrieval's merge and by imports.

Two records are the same work when they share a DOI or an arXiv id. A preprint and
its published version carry different identifiers; they are one work only when title,
first-author surname and year (within one year) all agree, because a title match alone
attaches wrong papers (errata, reprints, namesakes).
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from synth.ids import arxiv_from_doi, normalise_arxiv, normalise_doi
from synth.models import Source

TITLE_MATCH = 95.0  # rapidfuzz ratio of normalised titles that counts as "the same title"
MIN_TITLE_WORDS = 4
TITLE_COVER = 0.75  # share of the longer title's words a contained title must have
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_title(title: str) -> str:
    """Lower-case ASCII letters and digits separated by single spaces."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub(" ", folded.lower()).strip()


def first_author_surname(source: Source) -> str:
    """The normalised last word of the first author's name (``""`` when there is none)."""
    if not source.authors:
        return ""
    name = source.authors[0]
    if "," in name:  # "Family, Given"
        name = name.split(",", 1)[0]
    words = normalise_title(name).split()
    return words[-1] if words else ""


def identifiers(source: Source) -> set[str]:
    """The identity strings of a source: ``doi:...`` and ``arxiv:...``."""
    ids = set()
    doi = normalise_doi(source.doi)
    arxiv = normalise_arxiv(source.arxiv) if source.arxiv else arxiv_from_doi(doi)
    if doi and not arxiv_from_doi(doi):
        ids.add(f"doi:{doi}")
    if arxiv:
        ids.add(f"arxiv:{arxiv}")
    return ids


def same_work(a: Source, b: Source) -> bool:
    """True when two records without a shared identifier are one work in two versions."""
    if a.doi and b.doi and normalise_doi(a.doi) != normalise_doi(b.doi):
        return False
    if a.arxiv and b.arxiv and normalise_arxiv(a.arxiv) != normalise_arxiv(b.arxiv):
        return False
    if a.year is None or b.year is None or abs(a.year - b.year) > 1:
        return False
    surname = first_author_surname(a)
    if not surname or surname != first_author_surname(b):
        return False
    return titles_agree(a.title, b.title)


def titles_agree(first: str, second: str) -> bool:
    """Near-identical titles, or one extends the other by a name (``ChemCrow: ...``).

    The shorter title must keep at least ``MIN_TITLE_WORDS`` words and cover most of the
    longer one, so "Attention" never agrees with "Attention is all you need".
    """
    a, b = normalise_title(first), normalise_title(second)
    if fuzz.ratio(a, b) >= TITLE_MATCH:
        return True
    short, long = sorted((a.split(), b.split()), key=len)
    if len(short) < MIN_TITLE_WORDS or len(short) < TITLE_COVER * len(long):
        return False
    return f" {' '.join(short)} " in f" {' '.join(long)} "
