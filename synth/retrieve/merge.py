"""De-duplicate sources across databases, rank them for a question, keep the best (pure).

Which records are the same work is decided by ``synth.record.works``, the one rule that
imports use too: a shared DOI or arXiv id, or the same title with compatible authors and
years at most one apart (a preprint and its published version carry different identifiers).

Merging is deterministic: members are ordered by a fixed database preference before
fields are chosen, and the merged list is sorted, so a rerun writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from synth.models import DATABASES, Question, Source
from synth.questions.relevance import question_terms, relevance
from synth.record.works import group_works, identifiers, normalise_title

# Publisher metadata first: it names the version of record; arXiv last.
PREFERENCE = ("crossref", "openalex", "semanticscholar", "arxiv")


def _database_rank(source: Source) -> tuple[int, str]:
    """Order members by database preference, then by their first database name."""
    first = source.databases[0] if source.databases else "~"
    rank = PREFERENCE.index(first) if first in PREFERENCE else len(PREFERENCE)
    return rank, first


def _member_order(source: Source) -> tuple[object, ...]:
    """A total, deterministic order of cluster members."""
    return (*_database_rank(source), source.key, source.doi, source.arxiv, source.title)


def _union_databases(members: Sequence[Source]) -> tuple[str, ...]:
    """Every database that found the work: known databases in fixed order, then the rest."""
    names = {name for m in members for name in m.databases}
    return tuple(d for d in DATABASES if d in names) + tuple(sorted(names - set(DATABASES)))


def combine(members: Sequence[Source]) -> Source:
    """One record from the versions of a work, preferring the richer value of each field."""
    ordered = sorted(members, key=_member_order)
    published = [m for m in ordered if m.doi] or ordered
    lead = published[0]

    def first(values: Iterable[str]) -> str:
        return next((v for v in values if v), "")

    doi = first(m.doi for m in published)
    arxiv = first(m.arxiv for m in ordered)
    venues = [m.venue for m in published if m.venue and m.venue.lower() != "arxiv"]
    return Source(
        key=first(sorted(m.key for m in ordered)),
        title=lead.title,
        authors=max((m.authors for m in ordered), key=len),
        kind=first(m.kind for m in published),
        year=next((m.year for m in published if m.year is not None), None),
        venue=first(venues) or first(m.venue for m in ordered),
        volume=first(m.volume for m in published),
        edition=first(m.edition for m in published),
        doi=doi,
        arxiv=arxiv,
        url=f"https://doi.org/{doi}" if doi else first(m.url for m in ordered),
        abstract=max((m.abstract for m in ordered), key=len),
        databases=_union_databases(ordered),
        retracted=any(m.retracted for m in ordered),
    )


def merge_sources(sources: Iterable[Source]) -> list[Source]:
    """De-duplicate sources across databases (by ``synth.record.works``), sorted by identity."""
    items = list(sources)
    merged = [combine([items[i] for i in group]) for group in group_works(items)]
    return sorted(merged, key=_identity_order)


def _identity_order(source: Source) -> tuple[str, str, str, str]:
    """Sort key: DOI, arXiv id, normalised title, key."""
    return (source.doi or "~", source.arxiv or "~", normalise_title(source.title), source.key)


def rank_key(source: Source, topic: frozenset[str]) -> tuple[float, ...]:
    """How well a source matches the question's topic, higher first (negated for sorting):
    its title and abstract together, then its title alone, then how many databases found it
    and whether it has an abstract to verify against (both matter to synth)."""
    return (
        -relevance(f"{source.title} {source.abstract}", topic),
        -relevance(source.title, topic),
        -len([d for d in source.databases if d in DATABASES]),
        -bool(source.abstract),
    )


def rank_sources(sources: Iterable[Source], question: Question) -> list[Source]:
    """Sources by relevance to the question, best first; ties broken by identity."""
    topic = question_terms(question)
    return sorted(sources, key=lambda s: (*rank_key(s, topic), *_identity_order(s)))


def is_pinned(source: Source, question: Question) -> bool:
    """True when the question pins this source by DOI or arXiv id."""
    ids = identifiers(source)
    for pinned in question.sources:
        wanted = identifiers(Source(key="", title="", doi=pinned.doi, arxiv=pinned.arxiv))
        if ids & wanted:
            return True
    return False


def is_imported(source: Source) -> bool:
    """True when a source came from ``synth import-bib`` (a database named ``import:...``)."""
    return any(d.startswith("import:") for d in source.databases)


def select_sources(sources: Iterable[Source], question: Question) -> list[Source]:
    """The top ``limit`` by relevance, plus every pinned or imported source, best first."""
    ranked = rank_sources(sources, question)
    limit = question.search.limit
    return [
        s for i, s in enumerate(ranked) if i < limit or is_pinned(s, question) or is_imported(s)
    ]
