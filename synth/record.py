"""The committed record of a question: ``sources.bib`` and ``claims.yaml``.

Git is the database, so both files are written in a stable order with stable
keys and ids: the same inputs give the same bytes, and a changed verdict is a
one-line diff. Writes are atomic (a temporary file in the same folder, then
``os.replace``), so an interrupted run never leaves half a record.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from synth.errors import RecordError
from synth.ids import is_slug, normalise_arxiv, normalise_doi
from synth.models import Check, Claim, ClaimResult, Evidence, Source, Verdict

REPORTS_DIR = Path("docs") / "reports"
SOURCES_FILE = "sources.bib"
CLAIMS_FILE = "claims.yaml"
# libyaml's parser reads claims.yaml ten times faster than the pure-Python one, to the same data;
# a site build reads every report's claims. Writing keeps the pure-Python dumper (stable bytes).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Field order in sources.bib; fixed so that entries diff line by line.
_FIELD_ORDER = (
    "title",
    "author",
    "year",
    "journal",
    "doi",
    "eprint",
    "archiveprefix",
    "url",
    "abstract",
    "databases",
    "retracted",
)
_STOPWORDS = frozenset(
    "a an the of on in for and to with from by at as is are towards toward".split()
)
# BibTeX has no escape for a lone brace, so unbalanced ones are spelled out and restored on read.
_LBRACE, _RBRACE = r"\textbraceleft{}", r"\textbraceright{}"


def report_dir(root: Path, question_id: str) -> Path:
    """The folder of a question's record and page: ``docs/reports/<id>``; ids cannot escape it."""
    if not is_slug(question_id):
        raise RecordError(
            f"{question_id!r} is not a valid question id -- use lowercase letters, digits and "
            "hyphens (at most 80 characters)"
        )
    return root / REPORTS_DIR / question_id


def atomic_write(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically; return False (and write nothing) if unchanged."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; return False (and write nothing) if unchanged.

    A temporary file in the same folder is renamed over the target, so a reader, a
    crash or Ctrl-C never sees half a file.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


# --- BibTeX values -----------------------------------------------------------------------------


def _braces_balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def encode_value(text: str) -> str:
    """Make outside text safe inside a braced BibTeX value (one line, balanced braces)."""
    # A newline followed by "@" would start a new entry for the parser; keep values on one line.
    text = re.sub(r"\s+", " ", text).strip()
    if not _braces_balanced(text):
        text = text.replace("{", "\0L").replace("}", "\0R")
        text = text.replace("\0L", _LBRACE).replace("\0R", _RBRACE)
    return text


def decode_value(text: str) -> str:
    """Undo ``encode_value`` and drop the outer braces BibTeX keeps."""
    text = text.strip()
    if len(text) >= 2 and text[0] == "{" and text[-1] == "}" and _braces_balanced(text[1:-1]):
        text = text[1:-1]
    elif len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1]
    return text.replace(_LBRACE, "{").replace(_RBRACE, "}")


# --- citation keys -----------------------------------------------------------------------------


def _ascii_letters(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z]", "", folded.lower())


def base_key(source: Source) -> str:
    """The key before disambiguation: first-author surname, year, first title word."""
    surname = ""
    if source.authors:
        first = source.authors[0]
        surname = (
            first.split(",")[0] if "," in first else first.split()[-1] if first.split() else ""
        )
    words = [_ascii_letters(w) for w in re.split(r"[\s\-:/]+", source.title)]
    word = next((w for w in words if w and w not in _STOPWORDS), "untitled")
    return f"{_ascii_letters(surname) or 'anon'}{source.year or 'nd'}{word}"


def identity(source: Source) -> str:
    """What makes two records the same work: arXiv id, else DOI, else normalised title."""
    if source.arxiv:
        return f"arxiv:{source.arxiv}"
    if source.doi:
        return f"doi:{source.doi}"
    return "title:" + re.sub(r"[^a-z0-9]+", " ", source.title.lower()).strip()


def _identities(source: Source) -> set[str]:
    found = {identity(source)}
    if source.doi:
        found.add(f"doi:{source.doi}")
    if source.arxiv:
        found.add(f"arxiv:{source.arxiv}")
    return found


def assign_keys(sources: Sequence[Source], existing: Sequence[Source] = ()) -> list[Source]:
    """Give every source a stable, unique key, keeping the keys of sources already recorded.

    New keys are ``surname+year+word``; collisions get ``a``, ``b``, ... in the order of
    their identity, so the result does not depend on the order sources arrived in.
    """
    known: dict[str, str] = {}
    for old in existing:
        for ident in _identities(old):
            known.setdefault(ident, old.key)
    taken: set[str] = set()
    keyed: dict[int, str] = {}
    for index, source in enumerate(sources):
        key = next((known[i] for i in sorted(_identities(source)) if i in known), "")
        if key and key not in taken:
            keyed[index] = key
            taken.add(key)
    pending = sorted(
        (i for i in range(len(sources)) if i not in keyed), key=lambda i: identity(sources[i])
    )
    for index in pending:
        base = base_key(sources[index])
        key, suffix = base, 0
        while key in taken:
            key = base + chr(ord("a") + suffix % 26) * (1 + suffix // 26)
            suffix += 1
        keyed[index] = key
        taken.add(key)
    return [_replace_key(source, keyed[i]) for i, source in enumerate(sources)]


def _replace_key(source: Source, key: str) -> Source:
    return replace(source, key=key)


# --- sources.bib -------------------------------------------------------------------------------


def source_to_entry(source: Source) -> Entry:
    """One BibTeX entry for a source, fields in the fixed order."""
    values = {
        "title": source.title,
        "author": " and ".join(source.authors),
        "year": str(source.year) if source.year else "",
        "journal": source.venue,
        "doi": source.doi,
        "eprint": source.arxiv,
        "archiveprefix": "arXiv" if source.arxiv else "",
        "url": source.url,
        "abstract": source.abstract,
        "databases": ", ".join(source.databases),
        "retracted": "true" if source.retracted else "",
    }
    fields = [Field(name, encode_value(values[name])) for name in _FIELD_ORDER if values[name]]
    return Entry("article", source.key, fields)


def sources_to_bibtex(sources: Iterable[Source]) -> str:
    """The text of ``sources.bib``: entries sorted by key."""
    library = Library()
    for source in sorted(sources, key=lambda s: s.key):
        library.add(source_to_entry(source))
    header = "% Sources of this report, written by synth. Sorted by key; do not edit by hand.\n\n"
    return header + write_string(library).strip() + "\n"


def entry_to_source(entry: Entry, databases: tuple[str, ...] = ()) -> Source:
    """Read a Source from a BibTeX entry (ours or a Zotero-style export)."""
    fields = {f.key.lower(): decode_value(str(f.value)) for f in entry.fields}
    year_text = re.search(r"\d{4}", fields.get("year", "") or fields.get("date", ""))
    venue = next(
        (
            fields[k]
            for k in ("journal", "journaltitle", "booktitle", "howpublished", "publisher")
            if fields.get(k)
        ),
        "",
    )
    arxiv = (
        fields.get("eprint", "") if fields.get("archiveprefix", "arxiv").lower() == "arxiv" else ""
    )
    recorded = tuple(d.strip() for d in fields.get("databases", "").split(",") if d.strip())
    authors = tuple(
        a.strip() for a in re.split(r"\s+and\s+", fields.get("author", "")) if a.strip()
    )
    return Source(
        key=entry.key,
        title=re.sub(r"[{}]", "", fields.get("title", "")),
        authors=authors,
        year=int(year_text.group()) if year_text else None,
        venue=venue,
        doi=normalise_doi(fields.get("doi", "")),
        arxiv=normalise_arxiv(arxiv) if arxiv else "",
        url=fields.get("url", ""),
        abstract=fields.get("abstract", ""),
        databases=recorded or databases,
        retracted=fields.get("retracted", "").lower() == "true",
    )


def parse_bibtex(text: str) -> tuple[list[Source], list[tuple[int, str]]]:
    """Parse BibTeX text into sources, and the (line, message) of each block that failed."""
    library = parse_string(text)
    failures = []
    for block in library.failed_blocks:
        error = getattr(block, "error", None)
        reason = str(error).splitlines()[0] if error and str(error) else "not valid BibTeX"
        failures.append(((block.start_line or 0) + 1, reason))
    for duplicate in library.entries_dict.keys() - {e.key for e in library.entries}:
        failures.append((0, f"duplicate key {duplicate!r}"))
    return [entry_to_source(e) for e in library.entries], failures


def read_sources(path: Path) -> list[Source]:
    """Read a question's ``sources.bib``; a missing file is an empty record."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    sources, failures = parse_bibtex(text)
    if failures:
        line, reason = failures[0]
        raise RecordError(
            f"{path}:{line}: {reason} -- restore the file with `git checkout -- {path}` "
            "or rerun `synth retrieve`"
        )
    return sorted(sources, key=lambda s: s.key)


def write_sources(path: Path, sources: Sequence[Source]) -> bool:
    """Write ``sources.bib`` atomically; True when its bytes changed."""
    missing = [s.title[:60] for s in sources if not s.key]
    if missing:
        raise RecordError(f"sources without a key: {missing} -- call assign_keys() first")
    return atomic_write(path, sources_to_bibtex(sources))


# --- claims.yaml -------------------------------------------------------------------------------


def _evidence_to_dict(evidence: Evidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {
        "source": evidence.source,
        "sentence": evidence.sentence,
        "score": round(evidence.score, 1),
        "span": [evidence.span[0], evidence.span[1]],
    }


def _evidence_from_dict(data: Any) -> Evidence | None:
    if not data:
        return None
    span = data.get("span") or [0, 0]
    return Evidence(
        source=str(data["source"]),
        sentence=str(data["sentence"]),
        score=float(data.get("score", 0.0)),
        span=(int(span[0]), int(span[1])),
    )


def claims_to_yaml(question_id: str, results: Iterable[ClaimResult]) -> str:
    """The text of ``claims.yaml``: one block per claim, sorted by id, fields in fixed order."""
    blocks = []
    for result in sorted(results, key=lambda r: r.claim.id):
        claim, verdict = result.claim, result.verdict
        blocks.append(
            {
                "id": claim.id,
                "text": claim.text,
                "origin": claim.origin,
                "source": claim.source,
                "verdict": verdict.label,
                "confidence": round(verdict.confidence, 2),
                "evidence": _evidence_to_dict(verdict.evidence),
                "independent": _evidence_to_dict(result.independent),
                "checks": [
                    {"name": c.name, "passed": c.passed, "detail": c.detail} for c in verdict.checks
                ],
            }
        )
    header = (
        f"# Claims of {question_id}, written by `synth verify` from sources.bib.\n"
        "# Sorted by claim id; edit the question, not this file.\n"
    )
    body = yaml.safe_dump(blocks, sort_keys=False, allow_unicode=True, width=1_000_000)
    return header + body


def claims_from_yaml(text: str, path: Path) -> list[ClaimResult]:
    """Parse the text of ``claims.yaml``."""
    try:
        blocks = yaml.load(text, Loader=_YAML_LOADER) or []
        results = []
        for block in blocks:
            verdict = Verdict(
                label=str(block["verdict"]),
                confidence=float(block["confidence"]),
                evidence=_evidence_from_dict(block.get("evidence")),
                checks=tuple(
                    Check(str(c["name"]), bool(c["passed"]), str(c.get("detail") or ""))
                    for c in block.get("checks") or ()
                ),
            )
            claim = Claim(
                id=str(block["id"]),
                text=str(block["text"]),
                origin=str(block["origin"]),
                source=str(block.get("source") or ""),
            )
            results.append(
                ClaimResult(claim, verdict, _evidence_from_dict(block.get("independent")))
            )
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise RecordError(
            f"{path}: cannot read claims ({error}) -- rerun `synth verify` to rewrite it"
        ) from error
    return results


def read_claims(path: Path) -> list[ClaimResult]:
    """Read a question's ``claims.yaml``; a missing file is an empty record."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return claims_from_yaml(text, path)


def write_claims(path: Path, question_id: str, results: Sequence[ClaimResult]) -> bool:
    """Write ``claims.yaml`` atomically; True when its bytes changed."""
    return atomic_write(path, claims_to_yaml(question_id, results))
