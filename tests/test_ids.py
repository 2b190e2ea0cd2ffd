from synth.ids import (
    arxiv_from_doi,
    is_arxiv,
    is_doi,
    is_slug,
    normalise_arxiv,
    normalise_doi,
    slugify,
)


def test_normalise_doi_strips_resolver_and_case() -> None:
    assert normalise_doi("https://doi.org/10.1145/ABC.123") == "10.1145/abc.123"


def test_normalise_doi_strips_doi_prefix() -> None:
    assert normalise_doi("doi: 10.1007/s10462-023-10466-8") == "10.1007/s10462-023-10466-8"


def test_is_doi_rejects_text_without_registrant() -> None:
    assert not is_doi("10.12/x")
    assert is_doi("10.1145/3630010")


def test_normalise_arxiv_drops_version_and_prefix() -> None:
    assert normalise_arxiv("arXiv:2304.05376v2") == "2304.05376"


def test_normalise_arxiv_keeps_old_style_ids() -> None:
    assert normalise_arxiv("astro-ph/0601001v1") == "astro-ph/0601001"


def test_is_arxiv_rejects_malformed_ids() -> None:
    assert not is_arxiv("abc")
    assert is_arxiv("2402.06196")


def test_arxiv_from_doi_reads_datacite_arxiv_dois() -> None:
    assert arxiv_from_doi("10.48550/arXiv.2402.06196") == "2402.06196"
    assert arxiv_from_doi("10.1145/3630010") == ""


def test_is_slug_limits_length_and_alphabet() -> None:
    assert is_slug("moe-alignment-robustness")
    assert not is_slug("Bad_Id")
    assert not is_slug("../escape")
    assert not is_slug("a" * 81)


def test_slugify_makes_a_valid_slug() -> None:
    assert slugify("Does RLHF help? (2024)") == "does-rlhf-help-2024"
