"""Sources from files: BibTeX exports (Zotero, Mendeley, ...) and JSON paper lists.

``synth import-bib`` adds them to a question's record. Entries that cannot be
read are reported with their line and skipped; everything else is kept, and
the record is written atomically.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from synth.errors import SourceFileError, UsageError
from synth.ids import arxiv_from_doi, is_arxiv, normalise_arxiv, normalise_doi
from synth.models import Question, Source
from synth.record.bibfile import BibEntry, BibFile, Problem, read_bibtex
from synth.record.bibtex import entry_to_source
from synth.record.latex import to_text
from synth.record.works import WorkIndex
from synth.text import clean_text, sanitise


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


@dataclass(frozen=True)
class Imported:
    """A source as read from a file, with where it was, to name it in messages."""

    source: Source
    file: str  # the file, as the command named it
    line: int
    key: str  # its key in the file (``record 3`` in a JSON list)

    @property
    def name(self) -> str:
        """``'Smith2020' (refs.bib:12)``: how messages name it."""
        return f"{self.key!r} ({self.file}:{self.line})" if self.line else repr(self.key)


@dataclass
class ImportRead:
    """What the files of one import hold: sources, problems, and the macros defined so far."""

    imported: list[Imported] = field(default_factory=list)
    problems: list[tuple[str, Problem]] = field(default_factory=list)  # (file, problem)
    strings: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Merge:
    """An imported entry found to be a work already there, and why."""

    entry: Imported
    into: str  # how the work it joined is named
    reason: str
    known: bool = False  # the record had it from this file already, and it adds nothing
    target: Imported | None = None  # the entry of this import it joined (None: the record's)


def _no_title(entry: BibEntry) -> Problem:
    if entry.type == "set":
        return Problem(
            entry.line,
            f"entry {entry.key!r} is a biblatex @set (a list of other entries, which are "
            "imported on their own); it is skipped -- nothing to do",
            "set",
            skipped=True,
        )
    return Problem(
        entry.line,
        f"entry {entry.key!r} has no title; it is skipped -- add title = {{...}} to it",
        "no-title",
        skipped=True,
    )


def read_bibtex_file(
    text: str, label: str, strings: Mapping[str, str] | None = None
) -> tuple[list[tuple[BibEntry, Source]], BibFile]:
    """Parse BibTeX text: each entry with a title as a source, and everything the reader noticed.

    ``strings`` are ``@string`` macros an earlier file of the same import defined.
    """
    read = read_bibtex(text, strings)
    sources = []
    for entry in read.entries:
        source = entry_to_source(entry)
        if not to_text(source.title):
            read.problems.append(_no_title(entry))
            continue
        arxiv = source.arxiv or arxiv_from_doi(source.doi)
        doi = "" if arxiv_from_doi(source.doi) else source.doi
        source = replace(source, key="", arxiv=arxiv, doi=doi, databases=(label,))
        sources.append((entry, _sanitised(source)))
    read.problems.sort(key=lambda p: p.line)
    return sources, read


def _sanitised(source: Source) -> Source:
    """A source from a file with its text made safe where it enters (``synth.text.sanitise``)."""
    return replace(
        source,
        title=sanitise(source.title),
        authors=tuple(sanitise(a) for a in source.authors),
        venue=sanitise(source.venue),
        volume=sanitise(source.volume),
        edition=sanitise(source.edition),
        url=sanitise(source.url),
        abstract=sanitise(source.abstract),
    )


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise UsageError(f"{path}: no such file -- check the path") from error
    except UnicodeDecodeError as error:
        raise SourceFileError(f"{path}: not UTF-8 text -- re-export it as UTF-8") from error


def read_imports(paths: Sequence[Path]) -> ImportRead:
    """Read ``.bib`` and ``.json`` files of sources, in order, as one import.

    As in a LaTeX document's ``\\bibliography{a,b}``, the ``@string`` macros of a file are
    defined for the files after it (JabRef keeps author macros in a file of their own).
    """
    result = ImportRead()
    for path in paths:
        text = _read_text(path)
        label = import_label(path)
        try:
            if path.suffix.lower() == ".json":
                sources, skipped = read_paper_list(text, label)
                result.imported += [
                    Imported(s, str(path), 0, f"record {n}") for n, s in enumerate(sources, 1)
                ]
                result.problems += [
                    (str(path), Problem(s.line, s.reason, "no-title", skipped=True))
                    for s in skipped
                ]
                continue
            entries, read = read_bibtex_file(text, label, result.strings)
        except SourceFileError as error:
            raise SourceFileError(f"{path}: {error}") from error
        result.strings = read.strings
        result.imported += [Imported(s, str(path), e.line, e.key) for e, s in entries]
        result.problems += [(str(path), problem) for problem in read.problems]
    return result


def read_import(path: Path) -> tuple[list[Source], list[Skipped]]:
    """Read one ``.bib`` or ``.json`` file of sources; the entries it skipped, by line."""
    read = read_imports([path])
    skipped = [Skipped(p.line, p.message) for _, p in read.problems if p.skipped]
    return [i.source for i in read.imported], skipped


def _fill(old: Source, new: Source) -> Source:
    """A recorded work with the fields it lacked taken from a duplicate, and its databases."""
    filled = {
        f.name: getattr(new, f.name)
        for f in fields(Source)
        if f.name not in ("key", "databases") and not getattr(old, f.name)
    }
    databases = tuple(sorted(set(old.databases) | set(new.databases)))
    return replace(old, databases=databases, **filled)


def combine_sources(
    existing: Sequence[Source], new: Sequence[Imported]
) -> tuple[list[Source], list[Merge]]:
    """Add imported sources to a record; each that is a work already there is a ``Merge``.

    A work already there (by ``synth.record.works``: a shared DOI or arXiv id, or the same
    title, compatible authors and years at most one apart) gains the new databases and any
    field it lacked, and keeps its key, so the claims that cite it still do. Nothing
    recorded is lost.
    """
    combined = list(existing)
    names = [f"the recorded source {s.key!r}" for s in existing]
    targets: list[Imported | None] = [None] * len(existing)
    index = WorkIndex()
    for source in existing:
        index.add(source)
    merges = []
    for entry in new:
        found = index.find(entry.source)
        if found is None:
            index.add(entry.source)
            combined.append(entry.source)
            names.append(entry.name)
            targets.append(entry)
            continue
        at, reason = found
        before, combined[at] = combined[at], _fill(combined[at], entry.source)
        known = at < len(existing) and before == combined[at]
        index.update(at, combined[at])
        merges.append(Merge(entry, names[at], reason, known, targets[at]))
    return combined, merges


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
