"""LaTeX in BibTeX values read as text: what a reader sees, from real titles and names."""

from __future__ import annotations

import re

import pytest
from support.bibscan import scan
from support.paths import FIXTURES

from synth.record import latex
from synth.record.latex import to_text, unescape_identifier

HEPML = FIXTURES / "bib" / "hepml-living-review-excerpt.bib"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ('Kr{\\"u}ger', "Krüger"),
        ("Romero-L\\'opez", "Romero-López"),
        ('{\\"O}zg{\\"u}r', "Özgür"),
        ("Jur{\\v{c}}iukonis", "Jurčiukonis"),
        ("{ATLAS Collaboration}", "ATLAS Collaboration"),
        (
            "The {{Stanford Encyclopedia}} of {{Philosophy}}",
            "The Stanford Encyclopedia of Philosophy",
        ),
        ("Computers \\& Typesetting", "Computers & Typesetting"),
        ("The {\\TeX book}", "The TeXbook"),
        ("An \\mkbibquote{Annotated} \\texttt{bibliography}", "An “Annotated” bibliography"),
    ],
)
def test_accents_commands_and_braces_read_as_text(value: str, text: str) -> None:
    assert to_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("at $\\sqrt{s}=13$ TeV", "at √(s)=13 TeV"),
        ("$\\nu$ oscillations", "ν oscillations"),
        ("galaxies at 3 $<$ z $<$ 5", "galaxies at 3 < z < 5"),
        ("$H \\to b\\bar{b}$", "H → bb̅"),
    ],
)
def test_math_reads_as_unicode_text(value: str, text: str) -> None:
    assert to_text(value) == text


def test_plain_text_from_databases_is_left_as_it_is() -> None:
    assert to_text("R&D at 50% of cost: a_b testing") == "R&D at 50% of cost: a_b testing"


def test_values_without_commands_skip_the_parser_with_the_same_result() -> None:
    """The shortcut for values with only braces, ties, dashes and quotes agrees with pylatexenc."""
    values = [e.get("title") for e in scan(HEPML)] + ["A~B -- C --- D ``q'' {E}"]
    simple = [v for v in values if latex.has_latex(v) and not re.search(r"[\\$%]", v)]
    assert len(simple) > 100  # the shortcut is what most real titles take
    walker_context, converter = latex._converter()
    from pylatexenc.latexwalker import LatexWalker

    for value in simple:
        nodes, _, _ = LatexWalker(value, latex_context=walker_context).get_latex_nodes()
        assert to_text(value) == " ".join(converter.nodelist_to_text(nodes).split())


def test_identifiers_lose_their_latex_escapes() -> None:
    assert unescape_identifier("10.1007/978-3-030-29135-8\\_9") == "10.1007/978-3-030-29135-8_9"
    assert unescape_identifier("{https://x.org/a\\%20b}") == "https://x.org/a%20b"
