"""BibTeX text read as BibTeX reads it: macros, crossref, and problems said with line and fix."""

from __future__ import annotations

import logging

import pytest

from synth.record.bibfile import Problem, read_bibtex

# jabref-semantic-memory.bib (crcox/MASTERBIB) line 8854: author macros kept in another file.
ROFFWARG = """% This file was created with JabRef 2.10.

@Article{roffwarg_ontogenetic_1966,
  Title                    = {Ontogenetic Development of the Human Sleep-Dream Cycle},
  Author                   = RoffwargHP # { and } # MuzioJN # { and } # DementWC,
  Journal                  = {Science},
  Year                     = {1966},
  Month                    = apr,
}
"""
AUTHOR_IDS = """@String{RoffwargHP = {Roffwarg, Howard P.}}
@String{MuzioJN = {Muzio, Joseph N.}}
@String{DementWC = {Dement, William C.}}
"""


def test_string_macros_are_joined_with_their_literal_parts() -> None:
    read = read_bibtex(AUTHOR_IDS + ROFFWARG)
    (entry,) = read.entries
    assert (
        entry.fields["author"] == "Roffwarg, Howard P. and Muzio, Joseph N. and Dement, William C."
    )
    assert entry.fields["month"] == "April"
    assert read.problems == []


def test_macros_of_an_earlier_file_apply_to_the_next() -> None:
    strings = read_bibtex(AUTHOR_IDS).strings
    (entry,) = read_bibtex(ROFFWARG, strings).entries
    assert entry.fields["author"].startswith("Roffwarg, Howard P. and ")


def test_an_undefined_macro_is_reported_with_its_line_and_kept_as_text() -> None:
    read = read_bibtex(ROFFWARG)
    assert read.entries[0].fields["author"] == "RoffwargHP and MuzioJN and DementWC"
    assert read.problems == [
        Problem(
            5,
            "entry 'roffwarg_ontogenetic_1966': author uses @string macros the file does not "
            "define (RoffwargHP, MuzioJN, DementWC); their names are kept as the text -- define "
            "them with @string, or import the file that defines them first, in the same command",
            "undefined-macro",
        )
    ]


def test_a_repeated_string_is_not_called_a_duplicate_entry() -> None:
    read = read_bibtex(
        '@string{anch = "Ann. Chem."}\n@string{anch = "Annalen der Chemie"}\n'
        "@article{a, title = {T}, journal = anch}\n"
    )
    assert read.entries[0].fields["journal"] == "Annalen der Chemie"
    assert [(p.line, p.kind) for p in read.problems] == [(2, "string-redefined")]
    assert "defined again (first at line 1)" in read.problems[0].message


# biblatex-examples.bib (plk/biblatex) lines 11-25 and 1210-1223, shortened.
CROSSREF = """@incollection{westfahl:space,
  author       = {Westfahl, Gary},
  title        = {The True Frontier},
  subtitle     = {Confronting and Avoiding the Realities of Space in {American}
                  Science Fiction Films},
  pages        = {55-65},
  crossref     = {westfahl:frontier},
}
@collection{westfahl:frontier,
  editor       = {Westfahl, Gary},
  title        = {Space and Beyond},
  date         = 2000,
  subtitle     = {The Frontier Theme in Science Fiction},
  publisher    = {Greenwood},
}
"""


def test_crossref_gives_the_child_its_parents_year_and_booktitle() -> None:
    child, parent = read_bibtex(CROSSREF).entries
    assert child.fields["booktitle"] == "Space and Beyond"
    assert child.fields["booksubtitle"] == "The Frontier Theme in Science Fiction"
    assert (child.fields["date"], child.fields["editor"]) == ("2000", "Westfahl, Gary")
    assert child.fields["title"] == "The True Frontier"
    assert "booktitle" not in parent.fields


def test_a_missing_crossref_is_reported() -> None:
    (problem,) = read_bibtex(CROSSREF.split("@collection")[0]).problems
    assert (problem.line, problem.kind) == (1, "missing-crossref")


def test_a_malformed_field_is_reported_not_dropped_silently() -> None:
    read = read_bibtex("@misc{site,\n  title = {Home},\n  @url={http://example.org/},\n}\n")
    assert read.entries[0].fields == {"title": "Home"}
    (problem,) = read.problems
    assert (problem.line, problem.kind) == (3, "bad-field")
    assert problem.message == (
        "entry 'site': '@url' is not a field name; the field is left out -- write it as "
        "name = {value}"
    )


def test_a_broken_block_is_reported_at_the_line_it_breaks_on_without_library_output(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    text = "@article{ok, title = {A}}\n\n@article{bad title = {x},\n}\n@article{ok2, title = {B}}\n"
    with caplog.at_level(logging.DEBUG):
        read = read_bibtex(text)
    assert [e.key for e in read.entries] == ["ok", "ok2"]
    (problem,) = read.problems
    assert problem == Problem(
        3,
        "entry 'bad' is not valid BibTeX (Expected comma after entry key, but found =); it "
        "is skipped -- put a comma after the key: @type{key, ...",
        "invalid",
        skipped=True,
    )
    assert capfd.readouterr() == ("", "")
    assert caplog.records == []


def test_a_repeated_entry_key_keeps_both_entries() -> None:
    read = read_bibtex("@article{k, title = {One}}\n@article{k, title = {Two}}\n")
    assert [e.fields["title"] for e in read.entries] == ["One", "Two"]
    assert [(p.line, p.kind) for p in read.problems] == [(2, "duplicate-key")]


def test_values_are_kept_exactly_as_written() -> None:
    (entry,) = read_bibtex(
        '@inproceedings{x, title = "{Search at $\\sqrt{s}=13$ TeV}", '
        "booktitle = {{{AO4ELT5 Proceedings}}}}"
    ).entries
    assert entry.fields["title"] == "{Search at $\\sqrt{s}=13$ TeV}"
    assert entry.fields["booktitle"] == "{{AO4ELT5 Proceedings}}"


def test_an_unclosed_entry_is_reported_where_it_breaks_and_where_it_starts() -> None:
    text = "@article{a,\n  title = {One},\n  year = 2020\n\n@article{b, title = {Two}}\n"
    read = read_bibtex(text)
    assert [e.key for e in read.entries] == ["b"]
    (problem,) = read.problems
    assert problem.line == 5
    assert problem.message.startswith("entry 'a' (line 1) is not valid BibTeX (Unexpected block")
    assert problem.message.endswith("-- close the entry with } before the next @ line")
