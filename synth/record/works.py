"""Whether two records are one work (pure): the one rule for imports and retrieval's merge.

Two records are one work only when

- they share a DOI or an arXiv id (unless their titles have nothing in common: a book's DOI
  copied onto each of its chapters does not make the chapters one work), or
- they have the same title (near-identical, or one extends the other by a name, as a
  published paper's title may extend its preprint's), compatible authors (the same list, one
  a subset of the other, or one name spelt two ways) and years at most one apart, and the
  part, volume, edition and sequel markers of their titles and fields agree.

A title alone would attach wrong papers: namesakes ("Working memory"), the chapters of one
book entered under its title, a "Volume II" or a "second try". When in doubt the records stay
two works: a duplicate costs a reader a line, a lost work costs the evidence.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from synth.ids import arxiv_from_doi, normalise_arxiv, normalise_doi
from synth.models import Source
from synth.record.latex import to_text
from synth.record.names import folded, surnames

TITLE_MATCH = 95.0  # rapidfuzz ratio of normalised titles that counts as "the same title"
MIN_TITLE_WORDS = 4
TITLE_COVER = 0.75  # share of the longer title's words a contained title must have
RELATED_TITLES = 50.0  # token-set ratio below which records sharing an identifier stay apart
SPELLING = 75.0  # rapidfuzz ratio of two surnames that counts as one name spelt two ways
_WORD = re.compile(r"[^\W_]+")
_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "xii": 12}
_ROMAN_AFTER_PART = {"i": 1, "v": 5, "x": 10, "xi": 11, **_ROMAN}
_PART_WORDS = frozenset(
    "volume vol part book chapter no number section series edition ed milestone phase "
    "stage study experiment issue tome report".split()
)
_ORDINALS = {
    word: str(number)
    for number, words in enumerate(
        ("", "first 1st", "second 2nd", "third 3rd", "fourth 4th", "fifth 5th", "sixth 6th"),
    )
    for word in words.split()
}
# Words that make a title another work than the one it repeats.
_SEQUELS = frozenset(
    "revisited continued reconsidered again redux reloaded sequel erratum errata corrigendum "
    "addendum reply rejoinder response comment comments retraction supplement".split()
)
_LABELS = {"doi": "DOI", "arxiv": "arXiv id"}
# Entry types that are a whole book or a thesis: never the same work as an article or chapter
# of the same title (a thesis and the paper from it, a book and a chapter entered under its
# title). Every other type (article, chapter, preprint, report, ...) is one class.
_KINDS = {
    **dict.fromkeys(
        "book mvbook collection mvcollection proceedings mvproceedings reference mvreference "
        "booklet".split(),
        "book",
    ),
    **dict.fromkeys("phdthesis mastersthesis thesis".split(), "thesis"),
}


@functools.lru_cache(maxsize=65536)
def normalise_title(title: str) -> str:
    """The words of a title as a reader sees it, lower case, accents dropped, one space apart.

    Letters of every script count, so titles in Japanese or Greek stay distinct.
    """
    return " ".join(_WORD.findall(folded(to_text(title), keep_spaces=True)))


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


def _markers(words: Sequence[str]) -> frozenset[str]:
    """Numbers, ordinals, part numerals and sequel words: what tells parts of a series apart."""
    found = set()
    for position, word in enumerate(words):
        after_part = position > 0 and words[position - 1] in _PART_WORDS
        if word.isdigit():
            found.add(str(int(word)))
        elif word in _ORDINALS:
            found.add(_ORDINALS[word])
        elif word in _SEQUELS:
            found.add(word)
        elif word in (_ROMAN_AFTER_PART if after_part else _ROMAN):
            found.add(str(_ROMAN_AFTER_PART[word]))
    return frozenset(found)


@dataclass(frozen=True)
class WorkKey:
    """What the rule compares of a record, worked out once."""

    ids: frozenset[str]
    title: str
    markers: frozenset[str]
    surnames: tuple[str, ...]
    cut_short: bool  # the author list ends in "and others"
    kind: str  # "book", "thesis" or ""
    year: int | None
    edition: str
    volume: str

    @classmethod
    @functools.lru_cache(maxsize=65536)  # the index and the rule ask for a record's key often
    def of(cls, source: Source) -> WorkKey:
        title = normalise_title(source.title)
        names, cut_short = surnames(source.authors)
        return cls(
            ids=frozenset(identifiers(source)),
            title=title,
            markers=_markers(title.split()),
            surnames=names,
            cut_short=cut_short,
            kind=_KINDS.get(source.kind.lower(), ""),
            year=source.year,
            edition=folded(to_text(source.edition)),
            volume=folded(to_text(source.volume)),
        )


def _titles_related(a: str, b: str) -> bool:
    from rapidfuzz import fuzz  # here, not at the top: a site build reads keys but never compares

    return not a or not b or fuzz.token_set_ratio(a, b) >= RELATED_TITLES


def _same_title(a: str, b: str) -> str:
    """How two normalised titles are the same (``""`` when they are not).

    One may extend the other by a name (``ChemCrow: ...``) when the shorter keeps at least
    ``MIN_TITLE_WORDS`` words and covers most of the longer, so "Attention" never agrees
    with "Attention is all you need".
    """
    from rapidfuzz import fuzz

    if fuzz.ratio(a, b) >= TITLE_MATCH:
        return "same title"
    short, long = sorted((a.split(), b.split()), key=len)
    if len(short) < MIN_TITLE_WORDS or len(short) < TITLE_COVER * len(long):
        return ""
    return "one title extends the other" if f" {' '.join(short)} " in f" {' '.join(long)} " else ""


def titles_agree(first: str, second: str) -> bool:
    """True when two titles are the same title by the rule (markers aside)."""
    return bool(_same_title(normalise_title(first), normalise_title(second)))


def _same_authors(a: WorkKey, b: WorkKey) -> str:
    """How two author lists are compatible (``""`` when they are not)."""
    from rapidfuzz import fuzz

    if a.surnames == b.surnames:
        return "same authors"
    if not a.surnames or not b.surnames:
        return ""  # a list nobody wrote is no evidence of the same people
    short, long = sorted((a.surnames, b.surnames), key=len)
    left = Counter(long)
    unmatched = []
    for name in short:
        if left[name]:
            left[name] -= 1
        else:
            unmatched.append(name)
    if not unmatched:
        return "same authors" if len(short) == len(long) else "one author list within the other"
    if len(unmatched) == 1:
        others = [name for name, count in left.items() if count]
        best = max(others, key=lambda n: fuzz.ratio(unmatched[0], n), default="")
        if best and fuzz.ratio(unmatched[0], best) >= SPELLING:
            return f"one name spelt two ways ({unmatched[0]}, {best})"
    return ""


def _agree(first: str, second: str) -> bool:
    return not first or not second or first == second


def why_same(a: WorkKey, b: WorkKey) -> str:
    """Why two records are one work, in words; ``""`` when they are two."""
    shared = a.ids & b.ids
    if shared:
        kind, value = min(shared).split(":", 1)
        return f"same {_LABELS[kind]} {value}" if _titles_related(a.title, b.title) else ""
    kinds = {i.split(":", 1)[0] for i in a.ids} & {i.split(":", 1)[0] for i in b.ids}
    if kinds or not a.title or not b.title:
        return ""  # different identifiers of one kind: different works
    if a.year != b.year and (a.year is None or b.year is None or abs(a.year - b.year) > 1):
        return ""
    if a.kind != b.kind or a.markers != b.markers or not _agree(a.edition, b.edition):
        return ""
    if not _agree(a.volume, b.volume):
        return ""
    authors = _same_authors(a, b)
    title = _same_title(a.title, b.title) if authors else ""
    if not title:
        return ""
    years = "same year" if a.year == b.year else f"years {a.year} and {b.year}"
    return f"{title}, {authors}, {years}"


def same_work(a: Source, b: Source) -> bool:
    """True when two records are one work by the rule above."""
    return bool(why_same(WorkKey.of(a), WorkKey.of(b)))


class WorkIndex:
    """Records seen so far, looked up by what could make a new record one of them.

    A candidate shares an identifier, the title, the title's first or last three words, or
    the first author's surname; the rule then decides. The earliest match wins, so the
    result does not depend on anything but the order records arrive in.
    """

    def __init__(self) -> None:
        self.keys: list[WorkKey] = []
        self._buckets: dict[str, list[int]] = {}

    @staticmethod
    def _handles(key: WorkKey) -> set[str]:
        words = key.title.split()
        handles = set(key.ids)
        if words:
            handles |= {f"t:{key.title}", f"f:{' '.join(words[:3])}", f"l:{' '.join(words[-3:])}"}
        if key.surnames:
            handles.add(f"a:{key.surnames[0]}")
        return handles

    def add(self, source: Source) -> int:
        """Index a record as a new work; its position."""
        self.keys.append(WorkKey.of(source))
        position = len(self.keys) - 1
        for handle in self._handles(self.keys[position]):
            self._buckets.setdefault(handle, []).append(position)
        return position

    def update(self, position: int, source: Source) -> None:
        """Re-index a work whose record gained fields (a DOI, a year) from a duplicate."""
        self._set(position, WorkKey.of(source))

    def _set(self, position: int, key: WorkKey) -> None:
        old = self._handles(self.keys[position])
        self.keys[position] = key
        for handle in self._handles(key) - old:
            self._buckets.setdefault(handle, []).append(position)

    def find(self, source: Source) -> tuple[int, str] | None:
        """The first indexed work this record is, and why; None when it is a new work."""
        return next(self.matches(source), None)

    def matches(self, source: Source) -> Iterator[tuple[int, str]]:
        """Every indexed work this record is, earliest first, and why."""
        key = WorkKey.of(source)
        candidates = sorted({p for h in self._handles(key) for p in self._buckets.get(h, ())})
        for position in candidates:
            reason = why_same(self.keys[position], key)
            if reason:
                yield position, reason


def group_works(sources: Sequence[Source]) -> list[list[int]]:
    """The positions of ``sources`` grouped into works, in order of their first member.

    A record that is two works already seen joins them: a record with both the DOI and the
    arXiv id links the published paper and its preprint, whatever their titles.
    """
    index = WorkIndex()
    parent: list[int] = []  # union-find over works: each indexed record's representative
    members: dict[int, list[int]] = {}

    def root(work: int) -> int:
        while parent[work] != work:
            parent[work] = parent[parent[work]]
            work = parent[work]
        return work

    for position, source in enumerate(sources):
        roots = sorted({root(work) for work, _ in index.matches(source)})
        work = index.add(source)
        parent.append(roots[0] if roots else work)
        for other in roots[1:]:
            parent[other] = roots[0]
            members[roots[0]] += members.pop(other)
        members.setdefault(root(work), []).append(position)
    return [sorted(group) for _, group in sorted(members.items())]
