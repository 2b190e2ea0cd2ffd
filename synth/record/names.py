"""Author names as BibTeX writes them (pure): the list, each name's surname, "and others".

One reading of a name for everything that needs its surname: citation keys, the same-work
rule and the citation label on a page. BibTeX's own rules decide (``Family, Given``,
``Given von Family``, ``{ATLAS Collaboration}`` protected as one name), through
bibtexparser's implementation of them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from synth.record.latex import to_text

OTHERS = "others"
_NOT_LETTER = re.compile(r"[\W_]+")  # BibTeX's "and others": the list goes on


def split_authors(field: str) -> tuple[str, ...]:
    """The names of a BibTeX author field, split on ``and`` outside braces, as written."""
    if not field.strip():
        return ()
    return tuple(n for n in (" ".join(n.split()) for n in split_multiple_persons_names(field)) if n)


def is_others(name: str) -> bool:
    """True for the ``others`` that ends a BibTeX list cut short."""
    return name.strip().lower() == OTHERS


@functools.lru_cache(maxsize=65536)
def surname(name: str) -> str:
    """The family name as a reader sees it: ``van Gennep``, ``Krüger``, ``ATLAS Collaboration``.

    Names from databases (``Albert Q. Jiang``) and from BibTeX (``Jiang, Albert Q.``) give
    the same answer.
    """
    try:
        parts = parse_single_name_into_parts(name, strict=False)
        family = " ".join([*parts.von, *parts.last]) or " ".join(parts.first)
    except InvalidNameError:  # unbalanced braces: keep what can be read
        family = name.split(",")[0]
    return to_text(family)


@functools.lru_cache(maxsize=65536)
def full_name(name: str) -> str:
    """A name in reading order: ``Krüger, Mario`` reads ``Mario Krüger``; ``King, Jr, Martin``
    reads ``Martin King, Jr``."""
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except InvalidNameError:
        return to_text(name)
    shown = " ".join([*parts.first, *parts.von, *parts.last])
    return to_text(f"{shown}, {' '.join(parts.jr)}" if parts.jr else shown)


def folded(text: str, keep_spaces: bool = False) -> str:
    """Lower-case letters and digits only, accents dropped (``Krüger`` -> ``kruger``).

    With ``keep_spaces`` every other character becomes a space instead of going.
    """
    if text.isascii():  # most text: nothing to decompose
        bare = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_LETTER.sub(" " if keep_spaces else "", bare)


def surnames(authors: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """Each author's folded surname, and whether the list ends in ``others``."""
    names = tuple(folded(surname(a)) for a in authors if not is_others(a))
    return tuple(n for n in names if n), bool(authors) and is_others(authors[-1])
