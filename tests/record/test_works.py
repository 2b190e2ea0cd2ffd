"""The one same-work rule (imports and retrieval): entries copied from real bibliographies."""

from __future__ import annotations

from dataclasses import replace

from synth.models import Source
from synth.record.bibtex import parse_bibtex
from synth.record.works import WorkIndex, WorkKey, group_works, same_work, titles_agree, why_same


def _two(bibtex: str) -> tuple[Source, Source]:
    (first, second), failures = parse_bibtex(bibtex)
    assert failures == []
    return first, second


def _why(bibtex: str) -> str:
    first, second = _two(bibtex)
    return why_same(WorkKey.of(first), WorkKey.of(second))


# cdl-lab-bibliography.bib (ContextLab), lines 6316-6331 and 4696-4703.
NAMESAKES = """@article{DesiDunc95,
	Author = {R Desimone and J Duncan},
	Journal = {Annual Review of Neuroscience},
	Title = {Neural mechanisms of selective visual attention},
	Year = {1995}}
@article{MoorZirn17,
	Author = {Tirin Moore and Marc Zirnsak},
	Journal = {Annual Review of Psychology},
	Title = {Neural mechanisms of selective visual attention},
	Year = {2017}}
"""


def test_same_title_by_other_authors_is_another_work() -> None:
    assert _why(NAMESAKES) == ""


def test_same_title_and_author_years_apart_is_another_work() -> None:
    # cdl-lab-bibliography.bib: Baddeley's 1986 book and Baddeley & Hitch's 1974 chapter.
    assert not _why("""@book{Badd86, Author = {A D Baddeley},
	Title = {Working memory}, Year = {1986}}
@incollection{BaddHitc74, Author = {A D Baddeley and G J Hitch}, Title = {Working memory},
	Booktitle = {The Psychology of Learning and Motivation}, Year = {1974}}""")


def test_chapters_entered_under_their_book_title_stay_apart() -> None:
    # cdl-lab-bibliography.bib lines 32309-32325: three chapters of one 2009 book.
    (a, b, c), _ = parse_bibtex("""@incollection{Conl09, Author = {J A Conlin},
	Title = {Mind and motion: the bidirectional link between thought and action}, Year = {2009}}
@incollection{Wolf09, Author = {U Wolfensteller},
	Title = {Mind and motion: the bidirectional link between thought and action}, Year = {2009}}
@incollection{SchaRitt09, Author = {T Schack and H Ritter},
	Title = {Mind and motion: the bidirectional link between thought and action}, Year = {2009}}""")
    assert group_works([a, b, c]) == [[0], [1], [2]]


def test_titles_without_latin_letters_stay_apart() -> None:
    # Two works Natsume Sōseki published in 1905.
    first, second = (
        _two("""@article{a, author = {夏目, 漱石}, title = {吾輩は猫である}, year = {1905}}
@article{b, author = {夏目, 漱石}, title = {倫敦塔}, year = {1905}}""")
    )
    assert not same_work(first, second)
    assert same_work(first, replace(first, key="c"))


def test_numbered_volumes_of_one_set_stay_apart() -> None:
    assert not _why("""@book{TroeDale88a, author = {Troelstra, A. S. and van Dalen, D.},
	title = {Constructivism in Mathematics: Volume I}, year = {1988}}
@book{TroeDale88b, author = {Troelstra, A. S. and van Dalen, D.},
	title = {Constructivism in Mathematics: Volume II}, year = {1988}}""")


def test_a_sequel_that_extends_the_title_stays_apart() -> None:
    # cdl-lab-bibliography.bib lines 51376-51391.
    assert not _why("""@article{CeraHend65, Author = {J Ceraso and A Henderson},
	Title = {Unavailability and associative loss in {RI} and {PI}}, Year = {1965}}
@article{CeraHend66, Author = {J Ceraso and A Henderson},
	Title = {Unavailability and associative loss in {RI} and {PI}: second try}, Year = {1966}}""")


def test_differently_numbered_milestones_stay_apart() -> None:
    assert not _why("""@techreport{m33, title = {Milestone 3.3}, year = {2021}}
@techreport{m42, title = {Milestone 4.2}, year = {2021}}""")


def test_volume_fields_that_differ_keep_two_works() -> None:
    assert not _why("""@book{v1, author = {Feynman, Richard P.},
	title = {The Feynman Lectures on Physics}, volume = {1}, year = {1963}}
@book{v2, author = {Feynman, Richard P.}, title = {The Feynman Lectures on Physics},
	volume = {2}, year = {1964}}""")


def test_a_thesis_is_not_the_article_of_the_same_title() -> None:
    # cdl-lab-bibliography.bib lines 16439 and 46054.
    assert not _why("""@article{EkstEtal03, Author = {A D Ekstrom and M J Kahana and J B Caplan},
	Title = {Cellular networks underlying human spatial navigation}, Year = {2003}}
@phdthesis{Ekst04, Author = {Arne D Ekstrom},
	Title = {The cellular networks underlying human spatial navigation}, Year = {2004}}""")


def test_shared_doi_is_one_work() -> None:
    # hepml-living-review.bib lines 2775 and 6489: two arXiv postings of one paper.
    assert _why("""@inproceedings{Que:2025jmx, author = "Que, Zhiqiang and others",
    title = "{JEDI-Linear: Fast and Efficient Graph Neural Networks for Jet Tagging on FPGAs}",
    eprint = "2601.17215", doi = "10.1109/ICFPT67023.2025.00030", year = "2026"}
@article{Que:2025mhf, author = "Que, Zhiqiang and others",
    title = "{JEDI-linear: Fast and Efficient Graph Neural Networks for Jet Tagging on FPGAs}",
    eprint = "2508.15468", doi="10.1109/ICFPT67023.2025.00030", year = "2025"}""") == (
        "same DOI 10.1109/icfpt67023.2025.00030"
    )


def test_a_doi_shared_by_unrelated_titles_does_not_merge_them() -> None:
    """A book's DOI copied onto a chapter does not make the chapter the book."""
    first, _ = _two(NAMESAKES)
    doi = "10.1146/annurev.ne.18.030195.001205"
    chapter = replace(first, title="Working memory", doi=doi)
    assert not same_work(replace(first, doi=doi), chapter)


def test_an_author_list_within_the_other_is_compatible() -> None:
    # cdl-lab-bibliography.bib lines 23143-23162: one chapter, entered twice.
    assert _why("""@incollection{Rugg00, Author = {M D Rugg},
	Title = {Event-related potential studies of memory}, Year = {2000}}
@incollection{RuggAlla00, Author = {M D Rugg and K Allan},
	Title = {Event-related potential studies of memory}, Year = {2000}}""") == (
        "same title, one author list within the other, same year"
    )


def test_one_misspelt_name_is_compatible() -> None:
    # cdl-lab-bibliography.bib lines 51973-51992.
    assert (
        _why("""@article{WitmEtal96, Author = {B G Witmer and J H Bailey and B W Knerr},
	Title = {Virtual spaces and real world places: transfer of route knowledge}, Year = {1996}}
@article{WhitEtal96, Author = {B G Whitmer and J H Bailey and B W Knerr},
	Title = {Virtual spaces and real-world places: transfer of route knowledge}, Year = {1996}}""")
        == ("same title, one name spelt two ways (witmer, whitmer), same year")
    )


def test_two_different_names_are_not_one_misspelling() -> None:
    assert not _why("""@article{a, Author = {B G Witmer and J H Bailey},
	Title = {Virtual spaces and real world places: transfer of route knowledge}, Year = {1996}}
@article{b, Author = {K C Parsons and B W Knerr},
	Title = {Virtual spaces and real world places: transfer of route knowledge}, Year = {1996}}""")


def test_a_list_with_no_authors_is_no_evidence_of_the_same_people() -> None:
    first, second = _two(NAMESAKES)
    assert not same_work(replace(first, authors=()), replace(second, year=1995))


def test_years_one_apart_are_the_same_work() -> None:
    first, _ = _two(NAMESAKES)
    assert why_same(WorkKey.of(first), WorkKey.of(replace(first, year=1996))) == (
        "same title, same authors, years 1995 and 1996"
    )


def test_years_two_apart_are_another_work() -> None:
    """A reprint or a new edition, as biblatex-examples.bib's kullback (1959) and its reprint."""
    first, _ = _two(NAMESAKES)
    assert not same_work(first, replace(first, year=1997))


def test_titles_agree_when_one_extends_the_other_by_a_name() -> None:
    assert titles_agree(
        "ChemCrow: Augmenting large-language models with chemistry tools",
        "Augmenting large language models with chemistry tools",
    )
    assert not titles_agree(
        "Chemistry tools", "Augmenting large language models with chemistry tools"
    )


def test_a_record_with_both_identifiers_joins_preprint_and_published() -> None:
    first, _ = _two(NAMESAKES)
    preprint = replace(first, arxiv="2401.00001", title="Selective visual attention", year=1990)
    published = replace(first, doi="10.1000/x")
    linking = replace(first, arxiv="2401.00001", doi="10.1000/x")
    assert group_works([preprint, published, linking]) == [[0, 1, 2]]


def test_the_index_returns_the_earliest_match() -> None:
    first, _ = _two(NAMESAKES)
    index = WorkIndex()
    index.add(replace(first, doi="10.1000/a"))
    index.add(replace(first, doi="10.1000/b"))
    assert index.find(replace(first, doi="10.1000/b")) == (1, "same DOI 10.1000/b")
    assert index.find(first) == (0, "same title, same authors, same year")
