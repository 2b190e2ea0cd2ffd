"""BibTeX for the record: safe values, stable citation keys, Source <-> entry (pure).

bibtexparser v2 does the writing (and, through ``synth.record.bibfile``, the splitting);
this module decides what goes in: a fixed field order, values kept as written (LaTeX
included, so ``sources.bib`` works in a LaTeX document) that survive a round trip whatever
outside text they hold, and keys (``surname+year+word``) that stay the same across reruns.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.middlewares.parsestack import default_unparse_stack
from bibtexparser.model import Entry, Field

from synth.ids import is_arxiv, normalise_arxiv, normalise_doi
from synth.models import Source
from synth.record import bibshape
from synth.record.bibfile import BibEntry, read_bibtex
from synth.record.latex import to_text, unescape_identifier
from synth.record.names import split_authors, surname
from synth.record.works import identifiers, normalise_title
from synth.text import STOPWORDS

# Field order in sources.bib; fixed so that entries diff line by line.
_FIELD_ORDER = (
    "title",
    "author",
    "year",
    "journal",
    "volume",
    "edition",
    "doi",
    "eprint",
    "archiveprefix",
    "url",
    "abstract",
    "databases",
    "retracted",
)
# Where a work was published, in the order of preference (BibTeX, then biblatex names).
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "howpublished", "publisher", "school")
# BibTeX has no escape for a lone brace, so unbalanced ones are spelled out and restored on read.
_LBRACE, _RBRACE = r"\textbraceleft{}", r"\textbraceright{}"
_BRACES = re.compile(r"(?<!\\)[{}]")  # bibtexparser skips a brace after a backslash


# --- BibTeX values -----------------------------------------------------------------------------


def _braces_balanced(text: str) -> bool:
    depth = 0
    for brace in _BRACES.findall(text):  # most values have none: no loop over every character
        depth += 1 if brace == "{" else -1
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
    # A final backslash would escape the closing brace and swallow the rest of the file; the
    # space after it (values never end in one) keeps the brace, and reading (which makes any
    # run of white space one space and trims the ends, as BibTeX does) drops it again.
    if text.endswith("\\"):
        text += " "
    return text


def decode_value(text: str) -> str:
    """Undo ``encode_value``: the braces it spelled out are braces again."""
    return text.replace(_LBRACE, "{").replace(_RBRACE, "}")


# --- citation keys -----------------------------------------------------------------------------


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z]+", folded.lower())


def _title_word(title: str) -> str:
    """The first word of a title that says something, in ASCII letters.

    A title in another script (Japanese, Greek) has no such word: a short hash of it keeps
    two of them apart instead of naming both "untitled".
    """
    shown = to_text(title)
    word = next((w for w in _ascii_words(shown) if w not in STOPWORDS), "")
    if word or not shown.strip():
        return word or "untitled"
    return "t" + hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()[:6]


def base_key(source: Source) -> str:
    """The key before disambiguation: first-author surname, year, first title word."""
    surname_letters = "".join(_ascii_words(surname(source.authors[0]))) if source.authors else ""
    return f"{surname_letters or 'anon'}{source.year or 'nd'}{_title_word(source.title)}"


def _order(source: Source) -> tuple[str, ...]:
    """A total order of sources that does not depend on the order they arrived in."""
    return (
        base_key(source),
        normalise_title(source.title),
        source.title,
        " and ".join(source.authors),
        str(source.year or ""),
        source.doi,
        source.arxiv,
        source.venue,
        source.kind,
        source.volume,
        source.edition,
    )


def assign_keys(sources: Sequence[Source], existing: Sequence[Source] = ()) -> list[Source]:
    """Give every source a stable, unique key, keeping the keys of sources already recorded.

    A source keeps the key it has; one without gets the key of the recorded source with
    the same DOI or arXiv id, else ``surname+year+word``, with ``a``, ``b``, ... after a
    taken key in a fixed order of the sources, so the result does not depend on the order
    they arrived in.
    """
    known: dict[str, str] = {}
    for old in existing:
        for ident in sorted(identifiers(old)):
            known.setdefault(ident, old.key)
    taken: set[str] = set()
    keyed: dict[int, str] = {}
    for index, source in enumerate(sources):
        candidates = [source.key] if source.key else []
        candidates += [known[i] for i in sorted(identifiers(source)) if i in known]
        key = next((k for k in candidates if k not in taken), "")
        if key:
            keyed[index] = key
            taken.add(key)
    pending = sorted(
        (i for i in range(len(sources)) if i not in keyed), key=lambda i: _order(sources[i])
    )
    for index in pending:
        base = base_key(sources[index])
        key, suffix = base, 0
        while key in taken:
            key = base + chr(ord("a") + suffix % 26) * (1 + suffix // 26)
            suffix += 1
        keyed[index] = key
        taken.add(key)
    return [replace(source, key=keyed[i]) for i, source in enumerate(sources)]


# --- sources.bib -------------------------------------------------------------------------------


def source_to_entry(source: Source) -> Entry:
    """One BibTeX entry for a source, fields in the fixed order."""
    values = {
        "title": source.title,
        "author": " and ".join(source.authors),
        "year": str(source.year) if source.year else "",
        "journal": source.venue,
        "volume": source.volume,
        "edition": source.edition,
        "doi": source.doi,
        "eprint": source.arxiv,
        "archiveprefix": "arXiv" if source.arxiv else "",
        "url": source.url,
        "abstract": source.abstract,
        "databases": ", ".join(source.databases),
        "retracted": "true" if source.retracted else "",
    }
    fields = [Field(name, encode_value(values[name])) for name in _FIELD_ORDER if values[name]]
    return Entry(source.kind or "article", source.key, fields)


def sources_to_bibtex(sources: Iterable[Source]) -> str:
    """The text of ``sources.bib``: entries sorted by key."""
    library = Library()
    for source in sorted(sources, key=lambda s: s.key):
        library.add(source_to_entry(source))
    header = "% Sources of this report, written by synth. Sorted by key; do not edit by hand.\n\n"
    # Entries made here are written once: the writer may enclose their values in place
    # (its default deep-copies every entry first, a third of the time of a large import).
    stack = default_unparse_stack(allow_inplace_modification=True)
    return header + write_string(library, unparse_stack=stack).strip() + "\n"


def _full_title(fields: Mapping[str, str]) -> str:
    """The title, with a biblatex ``subtitle`` after a colon (or the title's own ``?``/``!``)."""
    title, subtitle = fields.get("title", "").strip(), fields.get("subtitle", "").strip()
    if not subtitle:
        return title
    return (
        f"{title} {subtitle}"
        if to_text(title)[-1:] in ("?", "!", ":", ".")
        else f"{title}: {subtitle}"
    )


def _arxiv_id(fields: Mapping[str, str]) -> str:
    """The arXiv id of an entry: ``eprint`` when its type (if given) is arXiv."""
    kind = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    eprint = normalise_arxiv(unescape_identifier(fields.get("eprint", "")))
    return eprint if kind == "arxiv" and is_arxiv(eprint) else ""


def entry_to_source(entry: BibEntry, databases: tuple[str, ...] = ()) -> Source:
    """Read a Source from a BibTeX entry (ours or an export), values as written.

    biblatex's fields count too: ``date`` for the year, ``journaltitle`` for the venue,
    ``subtitle`` after the title, and the ``editor`` of a collection for its authors.
    """
    fields = {name: decode_value(value) for name, value in entry.fields.items()}
    year_text = re.search(r"\d{4}", fields.get("year", "") or fields.get("date", ""))
    venue = next((fields[k] for k in _VENUE_FIELDS if fields.get(k, "").strip()), "")
    recorded = tuple(d.strip() for d in fields.get("databases", "").split(",") if d.strip())
    authors = split_authors(fields.get("author", "")) or split_authors(fields.get("editor", ""))
    return Source(
        key=entry.key,
        title=_full_title(fields),
        authors=authors,
        kind="" if entry.type == "article" else entry.type,
        year=int(year_text.group()) if year_text else None,
        venue=venue,
        volume=fields.get("volume", ""),
        edition=fields.get("edition", ""),
        doi=normalise_doi(unescape_identifier(fields.get("doi", ""))),
        arxiv=_arxiv_id(fields),
        url=fields.get("url", ""),
        abstract=fields.get("abstract", ""),
        databases=recorded or databases,
        retracted=fields.get("retracted", "").lower() == "true",
    )


def parse_bibtex(text: str) -> tuple[list[Source], list[tuple[int, str]]]:
    """Parse BibTeX text into sources, and the (line, message) of everything not read as is."""
    plain = bibshape.entries(text)  # synth's own plain shape, read without bibtexparser
    if plain is not None:
        return [entry_to_source(e) for e in plain], []
    read = read_bibtex(text)
    failures = [(p.line, p.message) for p in read.problems]
    return [entry_to_source(e) for e in read.entries], failures
