"""How a source is named in running text (pure): ``Jiang et al., 2024`` in parentheses and
lists, ``Jiang et al. (2024)`` as the subject of a sentence.

The report page, the synthesis and ``synth show`` all cite sources the same way.
"""

from __future__ import annotations

from synth.models import Source


def source_label(source: Source) -> str:
    """``Surname et al., year`` for citing a source in running text."""
    who, year = _who(source), source.year or "n.d."
    return f"{who}, {year}"


def narrative_citation(source: Source) -> str:
    """``Surname et al. (year)``: a source as the subject of a sentence."""
    return f"{_who(source)} ({source.year or 'n.d.'})"


def has_several_authors(source: Source) -> bool:
    """True when the citation names a group (``et al.``, or no author): verbs agree in plural."""
    return len(source.authors) != 1


def _who(source: Source) -> str:
    if not source.authors:
        return source.title[:40]
    surname = source.authors[0].split(",")[0].split()[-1] if source.authors[0] else "?"
    return surname + (" et al." if len(source.authors) > 1 else "")
