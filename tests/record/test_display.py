"""What a page shows of a recorded source: Unicode text, et al., one full stop."""

from __future__ import annotations

from support.bibscan import entry_text
from support.paths import FIXTURES

from synth.models import Source
from synth.record.bibtex import parse_bibtex
from synth.record.display import shown

HEPML = FIXTURES / "bib" / "hepml-living-review-excerpt.bib"


def _entry(key: str) -> Source:
    (source,), failures = parse_bibtex(entry_text(HEPML, key))
    assert failures == []
    return source


def test_names_and_titles_read_as_unicode() -> None:
    text = shown(_entry("CalmonBehling:2026bbg"))
    assert text.authors == "Maria A. Calmon Behling, Mario Krüger, Jerome Jung, Henner Büsching"
    assert text.title == "DNN predictions for pp reference p_T spectra at unmeasured √(s)"
    assert text.label == "Calmon Behling et al., 2026"


def test_a_corporate_author_is_cited_by_its_whole_name() -> None:
    assert shown(_entry("ATLAS:2023hbp")).label == "ATLAS Collaboration, 2023"


def test_and_others_reads_et_al() -> None:
    text = shown(_entry("Amrouche:2019wmx"))
    assert text.authors == "Sabrina Amrouche et al."
    assert text.label == "Amrouche et al., 2019"


def test_a_doi_written_with_latex_escapes_links_to_the_real_doi() -> None:
    assert shown(_entry("Amrouche:2019wmx")).doi == "10.1007/978-3-030-29135-8_9"


def test_an_abbreviated_venue_gets_no_second_full_stop() -> None:
    assert shown(_entry("Babicz:2026ljg")).venue_sentence == "Mach.Learn.Sci.Tech."
    assert shown(_entry("Rostami:2026jyz")).venue_sentence == "Eur.Phys.J.C."


def test_a_title_ending_in_a_question_mark_gets_no_full_stop() -> None:
    assert shown(_entry("Datta:2017rhs")).title_sentence == "How Much Information is in a Jet?"


def test_protecting_braces_of_a_zotero_export_do_not_show() -> None:
    (source,), _ = parse_bibtex(
        "@incollection{zalta_gottlob_2023, title = {Gottlob {{Frege}}}, "
        "booktitle = {The {{Stanford Encyclopedia}} of {{Philosophy}}}, "
        "author = {Zalta, Edward N.}, year = {2023}}"
    )
    text = shown(source)
    assert (text.title, text.venue) == ("Gottlob Frege", "The Stanford Encyclopedia of Philosophy")


def test_a_source_without_authors_is_cited_by_its_title() -> None:
    assert shown(Source(key="k", title="{Milestone} 3.3", year=2021)).label == "Milestone 3.3, 2021"
