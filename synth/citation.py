"""How a source is named in running text (pure): ``Jiang et al., 2024`` in parentheses and
lists, ``Jiang et al. (2024)`` as the subject of a sentence.

Both come from ``synth.record.display.shown``, the one place a recorded source becomes
text, so the report page, the synthesis and ``synth show`` cite a source alike. Two
sources of one record that would read the same (``Yang et al., 2024``) are told apart the
way author-year styles do: ``2024a`` and ``2024b``, in the order of their keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from string import ascii_lowercase

from synth.models import Source
from synth.record.display import shown


def source_label(source: Source) -> str:
    """``Surname et al., year`` for citing a source in running text."""
    return shown(source).label


def labels(sources: Iterable[Source]) -> dict[str, str]:
    """Each source's label by key, with ``a``, ``b``, ... after the year of namesakes."""
    groups: dict[str, list[str]] = {}
    for source in sorted(sources, key=lambda s: s.key):
        groups.setdefault(source_label(source), []).append(source.key)
    found = {}
    for label, keys in groups.items():
        for index, key in enumerate(keys):
            suffix = ascii_lowercase[index % 26] * (index // 26 + 1) if len(keys) > 1 else ""
            found[key] = label + suffix
    return found


def narrative(label: str) -> str:
    """``Surname et al. (year)`` from a label: a source as the subject of a sentence."""
    who, _, year = label.rpartition(", ")
    return f"{who} ({year})"


def has_several_authors(source: Source) -> bool:
    """True when the citation names a group (``et al.``, or no author): verbs agree in plural."""
    return len(source.authors) != 1
