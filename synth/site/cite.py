"""Citations on a page (pure): a source named in running text, linked to its reference."""

from __future__ import annotations

import re
from collections.abc import Mapping

from synth.citation import labels, narrative
from synth.markdown import anchor, escape, html_anchor_link
from synth.models import Source

# Where a citation goes in text that is escaped afterwards: keys are the record's own,
# and NUL never survives into outside text (synth.text.sanitise removes it).
_MARK = "\x00"
_MARKED = re.compile(f"{_MARK}([^{_MARK}]*){_MARK}")


# The labels of the last few sets of sources: a page cites from one set many times.
_LABELS: dict[int, tuple[Mapping[str, Source], dict[str, str]]] = {}
_KEPT = 8


def _labels_of(by_key: Mapping[str, Source]) -> dict[str, str]:
    known = _LABELS.get(id(by_key))
    if known is not None and known[0] is by_key and len(known[1]) == len(by_key):
        return known[1]
    found = labels(by_key.values())
    if len(_LABELS) >= _KEPT:
        _LABELS.pop(next(iter(_LABELS)))
    _LABELS[id(by_key)] = (by_key, found)  # the mapping is kept, so its id is not reused
    return found


def cite_label(key: str, by_key: Mapping[str, Source]) -> str:
    """``Surname et al., year`` (``2024a`` among namesakes), as plain text."""
    return _labels_of(by_key).get(key, key)


def cite_link(key: str, by_key: Mapping[str, Source]) -> str:
    """``Surname et al., year`` linking to a source's entry in the References (HTML)."""
    if key not in by_key:
        return escape(key)
    return html_anchor_link(escape(cite_label(key, by_key)), anchor(key))


def cite_marker(key: str) -> str:
    """A placeholder for the citation of ``key``, for ``escape_cited``."""
    return f"{_MARK}{key}{_MARK}"


def escape_cited(text: str, by_key: Mapping[str, Source]) -> str:
    """``text`` escaped, with each ``cite_marker`` as ``Surname et al. (year)`` linked."""

    parts = _MARKED.split(text)  # text, key, text, key, ..., text
    out = []
    for index, part in enumerate(parts):
        source = by_key.get(part) if index % 2 else None
        if source is not None:
            label = narrative(cite_label(source.key, by_key))
            out.append(html_anchor_link(escape(label), anchor(source.key)))
        else:
            # escape() trims each part; the spaces at the seams are kept by hand.
            pre = " " if part[:1].isspace() and index else ""
            post = " " if part[-1:].isspace() and index < len(parts) - 1 else ""
            out.append(pre + escape(part) + post)
    return "".join(out)
