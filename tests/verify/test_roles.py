"""The roles check: numbers, names and the sides of a comparison keep their places."""

from __future__ import annotations

from synth.verify.alignment import align
from synth.verify.checks import check_numbers
from synth.verify.roles import check_roles


def test_swapped_sides_of_a_comparison_contradict() -> None:
    claim = "Smokers are more likely than nonsmokers to be admitted."
    sentence = "Nonsmokers are more likely to be admitted to hospital compared with smokers."
    finding = check_roles(align(claim, sentence))
    assert finding is not None and not finding.check.passed and finding.opposes


def test_sides_kept_in_a_comparison_pass() -> None:
    claim = "Smokers are more likely than nonsmokers to be admitted."
    sentence = "Smokers are more likely to be admitted to hospital compared with nonsmokers."
    finding = check_roles(align(claim, sentence))
    assert finding is None or finding.check.passed


def test_thousands_of_numbers_in_reverse_order_are_found_and_swapped() -> None:
    # The checks are linear in the numbers (benchmarks/verify_quality.py times this case).
    claim = " ".join(f"{n} items and" for n in range(4000))
    sentence = " ".join(f"{n} items or" for n in reversed(range(4000)))
    al = align(claim, sentence)
    numbers, roles = check_numbers(al), check_roles(al)
    assert numbers is not None and numbers.check.passed
    assert roles is not None and not roles.check.passed
