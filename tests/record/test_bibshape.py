"""The reader of sources.bib in synth's plain shape: bibfile's entries, or None to leave it."""

from __future__ import annotations

import pytest
from support.mutations import broken_copies
from support.paths import EXAMPLE_ID, FIXTURES, REPO

from synth.models import Source
from synth.record import bibtex
from synth.record.bibfile import read_bibtex
from synth.record.bibshape import entries
from synth.record.bibtex import assign_keys, parse_bibtex, sources_to_bibtex

EXAMPLE = (REPO / "docs" / "reports" / EXAMPLE_ID / "sources.bib").read_text(encoding="utf-8")
# The example's sources but the one whose abstract cites with \cite{...}: the plain shape.
PLAIN = sources_to_bibtex(
    s for s in parse_bibtex(EXAMPLE)[0] if "{" not in s.abstract and "{" not in s.title
)


def agrees_with_bibtexparser(text: str) -> bool:
    """The fast reader gives bibfile's entries for a file bibfile reads without a problem,
    or declines; never other entries, never a file bibfile has something to say about."""
    fast = entries(text)
    if fast is None:
        return True
    read = read_bibtex(text)
    return not read.problems and fast == read.entries


def source(**fields: object) -> Source:
    base = Source(key="", title="Mixtral of Experts", authors=("Albert Q. Jiang",), year=2024)
    return Source(**{**base.__dict__, **fields})  # type: ignore[arg-type]


def test_a_plain_record_reads_as_bibfile_reads_it() -> None:
    fast = entries(PLAIN)
    assert fast is not None and len(fast) == 13
    assert fast == read_bibtex(PLAIN).entries  # types, keys, first lines and fields


def test_a_record_with_latex_in_a_value_is_left_to_bibtexparser() -> None:
    assert "\\cite{" in EXAMPLE
    assert entries(EXAMPLE) is None


@pytest.mark.parametrize("export", sorted(FIXTURES.glob("bib/*.bib")), ids=lambda p: p.name)
def test_a_real_export_written_by_synth_reads_as_bibfile_reads_it(export) -> None:  # type: ignore[no-untyped-def]
    sources, _ = parse_bibtex(export.read_text(encoding="utf-8"))
    unique = {s.key: s for s in assign_keys(sources)}  # one entry per key, as a record holds
    written = sources_to_bibtex(unique.values())
    assert agrees_with_bibtexparser(written)


@pytest.mark.parametrize(
    "abstract",
    [
        "p < 0.05 in 50% of cases, see x@example.org and #3",
        'a "quoted" phrase, a backslash \\ and a tilde ~',
        "ends with a backslash \\",
        "white   space\tand a\nline break, NBSP\xa0here",
        "unicode: naïve café — “quotes” 😀 中文",
        "@article{inner, title = {x}}",
        "an {unbalanced brace",
        "balanced {braces} inside",
    ],
)
def test_what_synth_writes_reads_back_as_bibfile_reads_it(abstract: str) -> None:
    written = sources_to_bibtex([source(key="jiang2024mixtral", abstract=abstract)])
    assert agrees_with_bibtexparser(written)
    assert parse_bibtex(written) == (read_bibtex_sources(written), [])


def read_bibtex_sources(text: str) -> list[Source]:
    return [bibtex.entry_to_source(e) for e in read_bibtex(text).entries]


def test_a_plain_abstract_is_read_without_bibtexparser() -> None:
    written = sources_to_bibtex([source(key="a", abstract="We find 50% gains (p < 0.05).")])
    assert entries(written) is not None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\tyear = {2023},", "\tyear = {2023},\n\tyear = {2024},"),
        ("\tyear = {2023},", "\tyear = 2023,"),
        ("\tyear = {2023},", "\tYear = {2023},"),
        ("\tyear = {2023},", "\tyear = {2023}, % a note"),
        ("\tyear = {2023},", "\tcrossref = {bai2022constitutional},"),
        ("\tyear = {2023},", "\tyear = {2023\\},"),
        ("@article{ahmed2023deep,", "@string{ahmed2023deep,"),
        ("@article{ahmed2023deep,", "@comment{ahmed2023deep,"),
        ("@article{ahmed2023deep,", "@article{bai2022constitutional,"),
        ("@article{ahmed2023deep,", "@article{ahmed2023deep, "),
        ("\n\n@article{bai2022", "\n\nA note between entries.\n\n@article{bai2022"),
        ("@article{ahmed2023deep,\n", "@article{ahmed2023deep,\r\n"),
    ],
)
def test_an_edited_file_is_left_to_bibtexparser(old: str, new: str) -> None:
    assert old in PLAIN
    edited = PLAIN.replace(old, new, 1)
    assert entries(edited) is None
    assert agrees_with_bibtexparser(edited)


def test_randomly_broken_files_read_as_bibfile_reads_them_or_are_left_to_it() -> None:
    declined = 0
    for text in broken_copies(PLAIN, ["drop", "copy", "cut", "brace", "comma"], 300, seed=5):
        assert agrees_with_bibtexparser(text), text
        declined += entries(text) is None
    assert 0 < declined < 300  # both paths were exercised


def test_reading_a_plain_record_does_not_call_bibtexparser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("bibtexparser was called")

    monkeypatch.setattr(bibtex, "read_bibtex", refuse)
    sources, failures = parse_bibtex(PLAIN)
    assert len(sources) == 13 and failures == []
    with pytest.raises(AssertionError, match="bibtexparser was called"):  # the patch took
        parse_bibtex(EXAMPLE)
