"""Citations on a page (pure): a source named in running text, linked to its reference."""

from __future__ import annotations

import re
from collections.abc import Mapping

from synth.citation import narrative_citation, source_label
from synth.markdown import anchor, escape, html_anchor_link
from synth.models import Source

# Where a citation goes in text that is escaped afterwards: keys are the record's own,
# and NUL never survives into outside text (synth.text.sanitise removes it).
_MARK = "\x00"
_MARKED = re.compile(f"{_MARK}([^{_MARK}]*){_MARK}")


def cite_link(key: str, by_key: Mapping[str, Source]) -> str:
    """``Surname et al., year`` linking to a source's entry in the References (HTML)."""
    source = by_key.get(key)
    if source is None:
        return escape(key)
    return html_anchor_link(escape(source_label(source)), anchor(key))


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
            out.append(html_anchor_link(escape(narrative_citation(source)), anchor(source.key)))
        else:
            # escape() trims each part; the spaces at the seams are kept by hand.
            pre = " " if part[:1].isspace() and index else ""
            post = " " if part[-1:].isspace() and index < len(parts) - 1 else ""
            out.append(pre + escape(part) + post)
    return "".join(out)
