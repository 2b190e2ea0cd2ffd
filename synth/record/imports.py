"""Sources from files: BibTeX exports (Zotero, Mendeley, ...) and JSON paper lists.

``synth import-bib`` adds them to a question's record. Entries that cannot be
read are reported with their line and skipped; everything else is kept, and
the record is written atomically.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from synth.errors import SourceFileError, UsageError
from synth.ids import arxiv_from_doi, is_arxiv, normalise_arxiv, normalise_doi
from synth.models import Question, Source
from synth.record.bibtex import identity, parse_bibtex
from synth.record.works import first_author_surname, same_work
from synth.text import clean_text


@dataclass(frozen=True)
class Skipped:
    """An entry of an imported file that was not imported, and why."""

    line: int
    reason: str


def import_label(path: Path) -> str:
    """How the record names an import: ``import:<file name>``."""
    return f"import:{path.name}"


def _paper_to_source(paper: dict[str, object], label: str) -> Source:
    """A Source from one record of a JSON paper list (title, authors, year, doi, arxiv_id, ...)."""
    doi = normalise_doi(str(paper.get("doi") or ""))
    arxiv = normalise_arxiv(str(paper.get("arxiv_id") or "")) or arxiv_from_doi(doi)
    if doi and arxiv_from_doi(doi):
        doi = ""  # an arXiv DOI says no more than the arXiv id itself
    authors = paper.get("authors") or []
    year = paper.get("year")
    return Source(
        key="",
        title=clean_text(str(paper.get("title") or "")),
        authors=tuple(str(a) for a in authors) if isinstance(authors, list) else (),
        year=_year(year),
        venue=str(paper.get("venue") or ""),
        doi=doi,
        arxiv=arxiv if arxiv and is_arxiv(arxiv) else "",
        url=str(paper.get("url") or ""),
        abstract=str(paper.get("abstract") or ""),
        databases=(label,),
    )


def _year(value: object) -> int | None:
    """A year given as a number or as decimal digits ("²" is a digit to ``str.isdigit``,
    and ``int`` refuses it; "２０２１" is decimal)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 10_000 else None
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 4:
        return int(value)
    return None


def json_problem(error: ValueError | RecursionError) -> str:
    """What is wrong with text ``json.loads`` refused, for a message (the fix is the caller's)."""
    if isinstance(error, json.JSONDecodeError):
        return f"line {error.lineno}: not valid JSON ({error.msg})"
    if isinstance(error, RecursionError):
        return "lists or objects nested too deeply to read"
    return f"not readable JSON ({error})"  # e.g. a number with more than 4,300 digits


def read_paper_list(text: str, label: str) -> tuple[list[Source], list[Skipped]]:
    """Parse a JSON list of papers; records without a title are skipped."""
    try:
        papers = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise SourceFileError(f"{json_problem(error)} -- export the list as JSON") from None
    if not isinstance(papers, list):
        raise SourceFileError("expected a JSON list of papers -- wrap the records in [ ... ]")
    sources, skipped = [], []
    for number, paper in enumerate(papers, start=1):
        if not isinstance(paper, dict) or not str(paper.get("title") or "").strip():
            skipped.append(Skipped(number, f"record {number} has no title"))
            continue
        sources.append(_paper_to_source(paper, label))
    return sources, skipped


def read_bibtex_file(text: str, label: str) -> tuple[list[Source], list[Skipped]]:
    """Parse BibTeX text; unreadable entries and entries without a title are skipped."""
    parsed, failures = parse_bibtex(text)
    skipped = [Skipped(line, reason) for line, reason in failures]
    sources = []
    for source in parsed:
        if not source.title.strip():
            skipped.append(Skipped(0, f"entry {source.key!r} has no title"))
            continue
        arxiv = source.arxiv or arxiv_from_doi(source.doi)
        doi = "" if arxiv_from_doi(source.doi) else source.doi
        sources.append(replace(source, key="", arxiv=arxiv, doi=doi, databases=(label,)))
    return sources, skipped


def read_import(path: Path) -> tuple[list[Source], list[Skipped]]:
    """Read a ``.bib`` or ``.json`` file of sources for import."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise UsageError(f"{path}: no such file -- check the path") from error
    except UnicodeDecodeError as error:
        raise SourceFileError(f"{path}: not UTF-8 text -- re-export it as UTF-8") from error
    label = import_label(path)
    try:
        if path.suffix.lower() == ".json":
            return read_paper_list(text, label)
        return read_bibtex_file(text, label)
    except SourceFileError as error:
        raise SourceFileError(f"{path}: {error}") from error


def combine_sources(existing: Sequence[Source], new: Sequence[Source]) -> list[Source]:
    """Add ``new`` sources to a record: a work already there gains the new databases and any
    field it lacked; nothing already recorded is lost.

    A work is already there when it has the same identifier, or when it is the other
    version of the same work (a preprint and its published paper: same first author,
    agreeing titles, years at most one apart), as retrieval merges them. It keeps its key,
    so the claims that cite it still do.
    """
    combined = list(existing)
    by_identity = {identity(s): i for i, s in enumerate(combined)}
    by_surname: dict[str, list[int]] = {}  # same_work needs the same first author
    for i, s in enumerate(combined):
        by_surname.setdefault(first_author_surname(s), []).append(i)
    for source in new:
        at = by_identity.get(identity(source))
        if at is None:
            versions = by_surname.get(first_author_surname(source), [])
            at = next((i for i in versions if same_work(combined[i], source)), None)
        if at is None:
            by_identity[identity(source)] = len(combined)
            by_surname.setdefault(first_author_surname(source), []).append(len(combined))
            combined.append(source)
            continue
        old = combined[at]
        filled = {
            f.name: getattr(source, f.name)
            for f in fields(Source)
            if f.name not in ("key", "databases") and not getattr(old, f.name)
        }
        databases = tuple(sorted(set(old.databases) | set(source.databases)))
        combined[at] = replace(old, databases=databases, **filled)
        by_identity.setdefault(identity(combined[at]), at)
    return combined


def pinned_file_sources(root: Path, question: Question) -> list[Source]:
    """The sources of the BibTeX files a question pins; a broken entry stops with its line.

    Pinned files are part of the repository, so unlike ``import-bib`` nothing is skipped:
    the file is fixed first, before any request is made.
    """
    sources: list[Source] = []
    for pinned in question.sources:
        if not pinned.bibtex:
            continue
        path = root / pinned.bibtex
        found, skipped = read_import(path)
        if skipped:
            first = skipped[0]
            raise SourceFileError(
                f"{pinned.bibtex}:{first.line}: {first.reason} -- fix the entry; "
                f"{question.path or 'the question'} pins this file"
            )
        sources.extend(found)
    return sources
