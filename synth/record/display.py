"""How a recorded source reads on a page (pure): the one place its BibTeX becomes text.

The record keeps every value as the file wrote it (LaTeX included); a reader sees Unicode:
``Kr{\\"u}ger`` reads ``Krüger``, ``{ATLAS Collaboration}`` ``ATLAS Collaboration``,
``$\\sqrt{s}=13$ TeV`` ``√(s)=13 TeV``, ``and others`` ``et al.``, and a title or venue that
already ends in ``.``, ``?`` or ``!`` gets no second mark. The renderer calls ``shown``
and escapes what it gets; nothing here is HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from synth.models import Source
from synth.record.latex import to_text, unescape_identifier
from synth.record.names import full_name, is_others, surname

LISTED_AUTHORS = 6  # a reference names this many authors, then "et al."
LABEL_TITLE = 40  # characters of the title that cite a source without authors
_ENDS_SENTENCE = (".", "?", "!")


def sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends a sentence (``J. Phys.``, ``?``)."""
    return text if not text or text.endswith(_ENDS_SENTENCE) else f"{text}."


@dataclass(frozen=True)
class Shown:
    """A source as a reader sees it; every field is plain text."""

    label: str  # "Krüger et al., 2023": how running text cites it
    authors: str  # "Mario Krüger, Jerome Jung et al.": up to LISTED_AUTHORS names
    year: str  # "2023", or "n.d."
    title: str
    venue: str
    doi: str
    url: str

    @property
    def title_sentence(self) -> str:
        """The title closed by one full stop (or its own ``?`` or ``!``)."""
        return sentence(self.title)

    @property
    def venue_sentence(self) -> str:
        """The venue closed by one full stop; ``""`` when there is none."""
        return sentence(self.venue)


def _authors(names: tuple[str, ...]) -> str:
    cut_short = len(names) > LISTED_AUTHORS or any(is_others(n) for n in names)
    listed = [full_name(n) for n in names if not is_others(n)][:LISTED_AUTHORS]
    text = ", ".join(n for n in listed if n)
    return f"{text} et al." if cut_short and text else text


def _label(source: Source, title: str, year: str) -> str:
    named = [n for n in source.authors if not is_others(n)]
    if not named:
        return f"{title[:LABEL_TITLE]}, {year}"
    more = len(source.authors) > 1
    return f"{surname(named[0]) or '?'}{' et al.' if more else ''}, {year}"


# A page names each of its sources many times (labels, references, findings, citations):
# remember the last few hundred, since reading LaTeX is the costly part.
@lru_cache(maxsize=512)
def shown(source: Source) -> Shown:
    """The text a page shows of a source (a ``Shown`` is immutable, so it can be shared)."""
    title = to_text(source.title)
    year = str(source.year) if source.year else "n.d."
    return Shown(
        label=_label(source, title, year),
        authors=_authors(source.authors),
        year=year,
        title=title,
        venue=to_text(source.venue),
        doi=unescape_identifier(source.doi),
        url=unescape_identifier(source.url),
    )
