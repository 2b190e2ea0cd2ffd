"""Author names as BibTeX writes them: one surname for keys, the same-work rule and labels."""

from __future__ import annotations

import pytest

from synth.record.names import full_name, is_others, split_authors, surname, surnames


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("Jiang, Albert Q.", "Jiang"),
        ("Albert Q. Jiang", "Jiang"),
        ("J L Mc{C}lelland", "McClelland"),
        ("van Gennep, Arnold", "van Gennep"),
        ("Ludwig van Beethoven", "van Beethoven"),
        ("Brinch Hansen, Per", "Brinch Hansen"),
        ("{ATLAS Collaboration}", "ATLAS Collaboration"),
        ('Kr{\\"u}ger, Jonas', "Krüger"),
        ("Alarcón-Díaz, Xavier", "Alarcón-Díaz"),
        ("King, Jr, Martin Luther", "King"),
    ],
)
def test_surname_follows_bibtex_name_rules(name: str, family: str) -> None:
    assert surname(name) == family


def test_and_inside_braces_does_not_split_a_name() -> None:
    field = "{Barnes and Noble} and Smith, J. AND Doe, A. and others"
    assert split_authors(field) == ("{Barnes and Noble}", "Smith, J.", "Doe, A.", "others")


def test_others_marks_a_list_cut_short() -> None:
    assert is_others("others") and not is_others("Others, Jane")
    assert surnames(("Que, Zhiqiang", "others")) == (("que",), True)


def test_surnames_fold_accents_and_case() -> None:
    assert surnames(('Kr{\\"u}ger, J.', "KRUGER, A.")) == (("kruger", "kruger"), False)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ('Kr{\\"u}ger, Mario', "Mario Krüger"),
        ("van Gennep, Arnold", "Arnold van Gennep"),
        ("King, Jr, Martin Luther", "Martin Luther King, Jr"),
        ("{ATLAS Collaboration}", "ATLAS Collaboration"),
        ("Albert Q. Jiang", "Albert Q. Jiang"),
    ],
)
def test_full_name_reads_given_name_first(name: str, shown: str) -> None:
    assert full_name(name) == shown
