"""BibTeX for the record: safe values, stable citation keys, Source <-> entry (pure).

bibtexparser v2 does the parsing and writing; this module decides what goes in: a
fixed field order, values that survive a round trip whatever outside text they hold,
and keys (``surname+year+word``) that stay the same across reruns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from synth.ids import normalise_arxiv, normalise_doi
from synth.models import Source

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


# --- BibTeX values -----------------------------------------------------------------------------


def _braces_balanced(text: str) -> bool:
    """True when the braces bibtexparser counts balance; it skips a brace after a backslash."""
    depth = 0
    escaped = False
    for char in text:
        if not escaped:
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:
                return False
        escaped = char == "\\"
    return depth == 0


def encode_value(text: str) -> str:
    """Make outside text safe inside a braced BibTeX value (one line, balanced braces)."""
    # A newline followed by "@" would start a new entry for the parser; keep values on one line.
    text = re.sub(r"\s+", " ", text).strip()
    if not _braces_balanced(text):
        text = text.replace("{", "\0L").replace("}", "\0R")
        text = text.replace("\0L", _LBRACE).replace("\0R", _RBRACE)
    # A final backslash would escape the closing brace and swallow the rest of the file; the
    # space after it (values never end in one) keeps the brace, and reading drops it again.
    if text.endswith("\\"):
        text += " "
    return text


def decode_value(text: str) -> str:
    """Undo ``encode_value`` and drop the outer braces BibTeX keeps."""
    text = text.strip()
    if len(text) >= 2 and text[0] == "{" and text[-1] == "}" and _braces_balanced(text[1:-1]):
        text = text[1:-1]
    elif len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1]
    text = text.removesuffix(" ") if text.endswith("\\ ") else text
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
