"""How sources are named in running text: labels, namesakes told apart, narrative form."""

from __future__ import annotations

from support.synthesis import example_sources

from synth.citation import has_several_authors, labels, narrative, source_label
from synth.models import Source


def test_namesakes_of_one_record_get_a_and_b_in_key_order() -> None:
    named = labels(example_sources())
    assert (named["yang2024how"], named["yang2024qwen"]) == (
        "Yang et al., 2024a",
        "Yang et al., 2024b",
    )
    assert named["jiang2024mixtral"] == "Jiang et al., 2024"


def test_the_narrative_form_puts_the_year_in_parentheses() -> None:
    assert narrative("Yang et al., 2024b") == "Yang et al. (2024b)"
    jiang = next(s for s in example_sources() if s.key == "jiang2024mixtral")
    assert narrative(source_label(jiang)) == "Jiang et al. (2024)"


def test_one_author_takes_a_singular_verb_and_none_a_plural_one() -> None:
    assert not has_several_authors(Source("k", "T", ("Ada Lovelace",)))
    assert has_several_authors(Source("k", "T", ("A B", "C D")))
    assert has_several_authors(Source("k", "T"))
