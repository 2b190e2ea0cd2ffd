import json
from dataclasses import replace
from pathlib import Path

import pytest
from support.paths import API, SEED_PAPERS

from synth.errors import SourceFileError, UsageError
from synth.models import Source
from synth.record.imports import (
    Imported,
    combine_sources,
    read_import,
    read_imports,
    read_paper_list,
)

ZOTERO = """@inproceedings{Vaswani2017,
  title = {Attention is All you Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2017},
  doi = {10.48550/arXiv.1706.03762}
}
@article{broken title = {x},
}
@article{Chen2021,
  title = {Evaluating Large Language Models Trained on Code},
  author = {Chen, Mark},
  year = {2021},
  eprint = {2107.03374},
  archivePrefix = {arXiv}
}
"""


def test_import_bibtex_skips_broken_entries_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "zotero.bib"
    path.write_text(ZOTERO, encoding="utf-8")
    sources, skipped = read_import(path)
    assert [s.title for s in sources] == [
        "Attention is All you Need",
        "Evaluating Large Language Models Trained on Code",
    ]
    assert [s.line for s in skipped] == [8]


def test_import_bibtex_maps_arxiv_dois_and_booktitle(tmp_path: Path) -> None:
    path = tmp_path / "zotero.bib"
    path.write_text(ZOTERO, encoding="utf-8")
    attention = read_import(path)[0][0]
    assert (attention.arxiv, attention.doi) == ("1706.03762", "")
    assert attention.venue == "Advances in Neural Information Processing Systems"
    assert attention.databases == ("import:zotero.bib",)


def test_import_json_paper_list_keeps_abstract_verbatim(seed_papers) -> None:
    path = SEED_PAPERS
    sources, skipped = read_import(path)
    assert skipped == []
    assert len(sources) == len(seed_papers)
    assert sources[0].abstract == seed_papers[0]["abstract"]


def test_import_of_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file -- check the path"):
        read_import(tmp_path / "missing.bib")


def test_import_of_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "papers.json"
    path.write_text('[\n{"title": "x"},\n{oops}\n]', encoding="utf-8")
    with pytest.raises(SourceFileError, match=r"papers\.json: line 3: not valid JSON"):
        read_import(path)


def _imported(*sources: Source) -> list[Imported]:
    return [Imported(s, "z.bib", n, f"entry{n}") for n, s in enumerate(sources, start=1)]


def test_combine_keeps_existing_and_adds_databases() -> None:
    old = Source(key="a2020x", title="X", arxiv="2001.00001", databases=("arxiv",))
    new = Source(
        key="",
        title="X",
        arxiv="2001.00001",
        abstract="Now with abstract.",
        databases=("import:z.bib",),
    )
    (combined,), _ = combine_sources([old], _imported(new))
    assert combined.key == "a2020x"
    assert combined.abstract == "Now with abstract."
    assert combined.databases == ("arxiv", "import:z.bib")


def _chemcrow() -> tuple[Source, Source]:
    """ChemCrow's published paper and its arXiv preprint, as OpenAlex recorded them."""
    from synth.retrieve.providers import openalex

    payload = API / "multi"
    published, preprint = openalex.parse(
        (payload / "paperqa_title_search_chemcrow.03.openalex.200.json").read_bytes()
    )
    return published, preprint


def test_imported_published_version_joins_the_recorded_preprint_under_its_key() -> None:
    published, preprint = _chemcrow()
    recorded = replace(preprint, key="bran2023chemcrow")
    imported = replace(published, databases=("import:zotero.bib",))
    (combined,), _ = combine_sources([recorded], _imported(imported))
    assert combined.key == "bran2023chemcrow"
    assert (combined.arxiv, combined.doi) == ("2304.05376", "10.1038/s42256-024-00832-8")
    assert combined.databases == ("import:zotero.bib", "openalex")


def test_both_versions_in_one_import_are_one_source() -> None:
    published, preprint = _chemcrow()
    assert len(combine_sources([], _imported(preprint, published))[0]) == 1


def test_another_paper_by_the_same_first_author_stays_separate() -> None:
    published, preprint = _chemcrow()
    other = replace(published, doi="10.1000/other", title="A different study of catalysis")
    assert len(combine_sources([preprint], _imported(other))[0]) == 2


@pytest.mark.parametrize("year", ["²", "12345", True, -3])
def test_import_json_year_that_is_not_a_plain_year_is_left_out(year: object) -> None:
    text = json.dumps([{"title": "A paper", "year": year}])
    sources, skipped = read_paper_list(text, "import:test")
    assert ([s.year for s in sources], skipped) == ([None], [])


def test_import_json_year_as_text_or_number_is_read() -> None:
    years = ["2021", 2019, "２０２０"]  # the last in full-width digits
    text = json.dumps([{"title": f"Paper {n}", "year": year} for n, year in enumerate(years)])
    assert [s.year for s in read_paper_list(text, "import:test")[0]] == [2021, 2019, 2020]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "lists or objects nested too deeply to read"),
        ("[" + "9" * 5000 + "]", "not readable JSON (Exceeds the limit (4300 digits)"),
    ],
)
def test_import_of_json_python_cannot_hold_is_a_clear_error(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "papers.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceFileError) as caught:
        read_import(path)
    assert str(caught.value).startswith(f"{path}: {problem}")
    assert str(caught.value).endswith(" -- export the list as JSON")


def test_a_reimported_entry_is_known_and_not_reported_as_a_merge(tmp_path: Path) -> None:
    path = tmp_path / "zotero.bib"
    path.write_text(ZOTERO, encoding="utf-8")
    first, _ = combine_sources([], read_imports([path]).imported)
    recorded = [replace(s, key=f"k{n}") for n, s in enumerate(first)]
    again, merges = combine_sources(recorded, read_imports([path]).imported)
    assert again == recorded
    assert [(m.known, m.into) for m in merges] == [
        (True, "the recorded source 'k0'"),
        (True, "the recorded source 'k1'"),
    ]


def test_text_from_a_file_is_sanitised_where_it_enters(tmp_path: Path) -> None:
    path = tmp_path / "evil.bib"
    path.write_text("@misc{e, title = {Safe\u202e txt.exe\u0007 title}}\n", encoding="utf-8")
    (source,), _ = read_import(path)
    assert source.title == "Safe txt.exe title"
