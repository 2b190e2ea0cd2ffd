"""LaTeX in BibTeX values, read as a reader sees it (pure): accents, commands, braces, math.

The record keeps every value as the file wrote it, so ``sources.bib`` stays valid BibTeX for
LaTeX users (``$\\sqrt{s}=13$ TeV``, ``{ATLAS Collaboration}``, ``Kr{\\"u}ger``). Pages, keys
and the same-work rule need the text instead: ``√(s)=13 TeV``, ``ATLAS Collaboration``,
``Krüger``. pylatexenc does the conversion (bibtexparser's own ``LatexDecodingMiddleware``
uses it), with a few additions for what bibliographies write: biblatex's ``\\mkbibquote``,
``\\TeX``, ``\\texttt``, and a bare ``&`` (common in titles from databases) kept as it is.
Math is converted to Unicode text (``$\\nu$`` reads ``ν``), so a page needs no script.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pylatexenc is imported on first use: a no-op site build never needs it
    from pylatexenc.latex2text import LatexNodes2Text

# Text without these is already what a reader sees; most values are such and skip the parser.
_LATEX = re.compile(r"[\\{}$~]|--|``|''")
# Without a command or math, only braces, ties, dashes and quotes can change, the same way
# pylatexenc changes them (tests compare the two on real titles); such values skip the parser.
_COMMAND = re.compile(r"[\\$%]")
_LIGATURES = (("{", ""), ("}", ""), ("~", " "), ("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"))
# Escapes that BibTeX exports put in identifiers (``10.1007/978-3-030-29135-8\_9``).
_ESCAPED = re.compile(r"\\([_%&#$~])")
# Macros whose argument is the text (pylatexenc knows their arguments but drops them).
_KEEP_ARGUMENT = ("texttt", "textsf", "textup", "textmd", "textnormal", "mathtt", "mkbibemph")
_QUOTE_ARGUMENT = ("mkbibquote", "enquote")
_WORDS = {"TeX": "TeX", "LaTeX": "LaTeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e"}


@functools.cache
def _converter() -> tuple[Any, LatexNodes2Text]:
    from pylatexenc import latexwalker
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, SpecialsTextSpec
    from pylatexenc.latex2text import get_default_latex_context_db as text_context
    from pylatexenc.macrospec import std_macro

    walker_context = latexwalker.get_default_latex_context_db()
    walker_context.add_context_category(
        "bibliography",
        prepend=True,
        macros=[std_macro(name, False, 1) for name in (*_QUOTE_ARGUMENT, "mkbibemph")],
    )
    context = text_context()
    context.add_context_category(
        "bibliography",
        prepend=True,
        macros=[MacroTextSpec(name, discard=False) for name in _KEEP_ARGUMENT]
        + [MacroTextSpec(name, simplify_repl="“%s”") for name in _QUOTE_ARGUMENT]
        + [MacroTextSpec(name, simplify_repl=text) for name, text in _WORDS.items()],
        specials=[SpecialsTextSpec("&", "&")],
    )
    converter = LatexNodes2Text(
        latex_context=context, math_mode="text", keep_comments=True, strict_latex_spaces=False
    )
    return walker_context, converter


@functools.lru_cache(maxsize=65536)
def to_text(value: str) -> str:
    """The text a reader sees in a BibTeX value: Unicode, no braces or commands, one line."""
    if not _LATEX.search(value):
        return " ".join(value.split())
    if not _COMMAND.search(value):
        for latex, text in _LIGATURES:
            value = value.replace(latex, text)
        return " ".join(value.split())
    from pylatexenc.latexwalker import LatexWalker

    walker_context, converter = _converter()
    nodes, _, _ = LatexWalker(
        value, latex_context=walker_context, tolerant_parsing=True
    ).get_latex_nodes()
    return " ".join(converter.nodelist_to_text(nodes).split())


def unescape_identifier(value: str) -> str:
    """A DOI or URL as written in BibTeX, without its LaTeX escapes and braces."""
    return _ESCAPED.sub(r"\1", value).replace("{", "").replace("}", "").strip()


def has_latex(value: str) -> bool:
    """True when a value holds anything LaTeX would change (a command, brace, math, dash)."""
    return bool(_LATEX.search(value))
