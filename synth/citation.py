"""How a source is named in running text (pure): ``Jiang et al., 2024`` in parentheses and
lists, ``Jiang et al. (2024)`` as the subject of a sentence.

Both come from ``synth.record.display.shown``, the one place a recorded source becomes
text, so the report page, the synthesis and ``synth show`` cite a source alike.
"""

from __future__ import annotations

from synth.models import Source
from synth.record.display import shown


def source_label(source: Source) -> str:
    """``Surname et al., year`` for citing a source in running text."""
    return shown(source).label


def narrative_citation(source: Source) -> str:
    """``Surname et al. (year)``: a source as the subject of a sentence."""
    who, _, year = source_label(source).rpartition(", ")
    return f"{who} ({year})"


def has_several_authors(source: Source) -> bool:
    """True when the citation names a group (``et al.``, or no author): verbs agree in plural."""
    return len(source.authors) != 1
