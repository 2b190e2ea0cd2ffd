"""Merging and ranking: real records from several databases, de-duplicated deterministically."""

from __future__ import annotations

from dataclasses import replace

from support.paths import API

from synth.models import PinnedSource, Question, Search, Source
from synth.record.works import same_work, titles_agree
from synth.retrieve.merge import merge_sources, rank_sources, select_sources
from synth.retrieve.providers import arxiv, crossref, openalex
from synth.retrieve.providers import semanticscholar as s2

MULTI = API / "multi"


def chemcrow_openalex() -> list[Source]:
    """The published ChemCrow paper and its arXiv preprint, as OpenAlex lists them."""
    return openalex.parse(
        (MULTI / "paperqa_title_search_chemcrow.03.openalex.200.json").read_bytes()
    )


def chemcrow_crossref() -> Source:
    return crossref.parse(
        (MULTI / "paperqa_title_search_chemcrow.00.crossref.200.json").read_bytes()
    )[0]


def test_same_doi_from_two_databases_is_one_source_found_by_both() -> None:
    published = chemcrow_openalex()[0]
    merged = merge_sources([published, chemcrow_crossref()])
    assert len(merged) == 1
    assert merged[0].databases == ("openalex", "crossref")


def test_doi_case_and_resolver_prefix_do_not_matter() -> None:
    source = chemcrow_crossref()
    shouting = replace(source, doi=source.doi.upper(), databases=("semanticscholar",))
    assert len(merge_sources([source, shouting])) == 1


def test_arxiv_doi_and_arxiv_id_are_one_work() -> None:
    from_openalex = openalex.parse(
        (MULTI / "paperqa_title_search_paperqa_arxiv.02.openalex.200.json").read_bytes()
    )[0]
    from_s2 = s2.parse((MULTI / "paperqa_bulk_doi_search.04.semanticscholar.200.json").read_bytes())
    merged = merge_sources([from_openalex, *from_s2])
    assert [(s.arxiv, s.databases) for s in merged] == [
        ("2312.07559", ("openalex", "semanticscholar"))
    ]


def test_preprint_merges_with_published_version() -> None:
    merged = merge_sources(chemcrow_openalex())
    assert len(merged) == 1
    assert (merged[0].doi, merged[0].arxiv) == ("10.1038/s42256-024-00832-8", "2304.05376")
    assert merged[0].venue == "Nature Machine Intelligence" and merged[0].year == 2024


def test_title_match_with_other_first_author_is_not_merged() -> None:
    published, preprint = chemcrow_openalex()
    other = replace(preprint, authors=("Sam Cox", *preprint.authors[1:]))
    assert not same_work(published, other)
    assert len(merge_sources([published, other])) == 2


def test_title_match_two_years_apart_is_not_merged() -> None:
    published, preprint = chemcrow_openalex()
    assert not same_work(published, replace(preprint, year=2021))


def test_short_title_inside_long_one_does_not_agree() -> None:
    assert not titles_agree(
        "Chemistry tools", "Augmenting large language models with chemistry tools"
    )
    assert titles_agree(
        "ChemCrow: Augmenting large-language models with chemistry tools",
        "Augmenting large language models with chemistry tools",
    )


def test_merge_is_independent_of_input_order() -> None:
    sources = [*chemcrow_openalex(), chemcrow_crossref()]
    sources += arxiv.parse(
        (API / "arxiv" / "arxivpy_query_testing_start0_max10.200.xml").read_bytes()
    )
    assert merge_sources(sources) == merge_sources(list(reversed(sources)))


def test_merged_record_keeps_longest_abstract_and_retraction_flag() -> None:
    published = chemcrow_openalex()[0]
    flagged = replace(chemcrow_crossref(), retracted=True, abstract="")
    merged = merge_sources([published, flagged])[0]
    assert merged.retracted is True
    assert merged.abstract == published.abstract


def question(limit: int = 20, pinned: tuple[PinnedSource, ...] = ()) -> Question:
    return Question(
        id="q",
        question="Do deep learning models need testing techniques?",
        keywords=("testing",),
        search=Search(limit=limit),
        sources=pinned,
    )


def feed() -> list[Source]:
    return arxiv.parse((API / "arxiv" / "arxivpy_query_testing_start0_max10.200.xml").read_bytes())


def test_rank_puts_title_matches_first() -> None:
    ranked = rank_sources(feed(), question())
    assert ranked[0].title.startswith("Testing Deep Learning Models")


def test_select_keeps_top_limit() -> None:
    assert len(select_sources(feed(), question(limit=3))) == 3


def test_pinned_source_is_kept_beyond_limit() -> None:
    last = rank_sources(feed(), question())[-1]
    kept = select_sources(feed(), question(limit=2, pinned=(PinnedSource(arxiv=last.arxiv),)))
    assert len(kept) == 3 and last in kept


def test_imported_source_is_kept_beyond_limit() -> None:
    sources = feed()
    last = rank_sources(sources, question())[-1]
    imported = replace(last, databases=("import:papers.json",))
    sources[sources.index(last)] = imported
    assert imported in select_sources(sources, question(limit=1))


def test_record_with_doi_and_arxiv_links_preprint_and_published() -> None:
    published, preprint = chemcrow_openalex()
    linking = s2.parse(
        (MULTI / "paperqa_title_search_chemcrow.02.semanticscholar.200.json").read_bytes()
    )
    far_preprint = replace(preprint, year=2019)  # too far apart to merge by title alone
    merged = merge_sources([published, far_preprint, *linking])
    assert len(merged) == 1
