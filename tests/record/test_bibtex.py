import itertools
from dataclasses import replace

import pytest
from support.bibscan import entry_text
from support.paths import FIXTURES
from support.unicode_samples import surviving_text

from synth.models import Source
from synth.record.bibtex import assign_keys, base_key, parse_bibtex, sources_to_bibtex


def _source(**fields: object) -> Source:
    base = Source(key="", title="Mixtral of Experts", authors=("Albert Q. Jiang",), year=2024)
    return replace(base, **fields)  # type: ignore[arg-type]


def test_sources_round_trip_through_bibtex(seed_sources) -> None:
    parsed, failures = parse_bibtex(sources_to_bibtex(seed_sources))
    assert failures == []
    assert sorted(parsed, key=lambda s: s.key) == sorted(seed_sources, key=lambda s: s.key)


def test_bibtex_keeps_unbalanced_braces_and_at_signs() -> None:
    tricky = _source(key="k", abstract="a { lone brace, pass@1 and } and \\cite{x} @article{y}")
    (parsed,), failures = parse_bibtex(sources_to_bibtex([tricky]))
    assert failures == []
    assert parsed.abstract == tricky.abstract


def test_bibtex_puts_multiline_text_on_one_line() -> None:
    source = _source(key="k", abstract="first line\n@misc{evil, title={x}}\nlast")
    (parsed,), _ = parse_bibtex(sources_to_bibtex([source]))
    assert parsed.abstract == "first line @misc{evil, title={x}} last"


def test_sources_are_written_sorted_by_key(seed_sources) -> None:
    text = sources_to_bibtex(list(reversed(seed_sources)))
    keys = [line.split("{")[1].rstrip(",") for line in text.splitlines() if line.startswith("@")]
    assert keys == sorted(keys)


def test_assign_keys_uses_surname_year_and_title_word() -> None:
    (keyed,) = assign_keys([_source()])
    assert keyed.key == "jiang2024mixtral"


def test_assign_keys_disambiguates_independently_of_order() -> None:
    a = _source(arxiv="2401.04088")
    b = _source(arxiv="2401.99999")
    assert [s.key for s in assign_keys([a, b])] == ["jiang2024mixtral", "jiang2024mixtrala"]
    assert [s.key for s in assign_keys([b, a])] == ["jiang2024mixtrala", "jiang2024mixtral"]


def test_assign_keys_keeps_existing_keys() -> None:
    existing = [_source(key="custom2024", arxiv="2401.04088")]
    (keyed,) = assign_keys([_source(arxiv="2401.04088")], existing)
    assert keyed.key == "custom2024"


HEPML = FIXTURES / "bib" / "hepml-living-review-excerpt.bib"  # INSPIRE-style entries


def _hepml(*keys: str) -> list[Source]:
    sources, failures = parse_bibtex("".join(entry_text(HEPML, key) for key in keys))
    assert failures == []
    return sources


def test_latex_math_and_commands_are_kept_in_the_record() -> None:
    sources = assign_keys(_hepml("CalmonBehling:2026bbg", "Bahl:2025jtk"))
    bahl, calmon = sorted(parse_bibtex(sources_to_bibtex(sources))[0], key=lambda s: s.year or 0)
    assert (
        calmon.title
        == "{DNN predictions for pp reference $p_\\mathrm{T}$ spectra at unmeasured $\\sqrt{s}$}"
    )
    assert calmon.authors[1] == 'Kr{\\"u}ger, Mario'
    assert bahl.title == "{$\\mathcal{CP}$-Analyses with Symbolic Regression}"


def test_a_corporate_author_keeps_its_braces_and_names_the_key() -> None:
    (atlas,) = _hepml("ATLAS:2023hbp")
    assert atlas.authors == ("{ATLAS Collaboration}",)
    assert base_key(atlas) == "atlascollaboration2023search"


def test_protecting_braces_survive_any_number_of_rewrites() -> None:
    # A Better BibTeX export (Zotero) protects a whole value in two extra pairs of braces.
    text = "@inproceedings{x, title = {A}, booktitle = {{{AO4ELT5 Proceedings}}}, year = 2017}"
    first = sources_to_bibtex(assign_keys(parse_bibtex(text)[0]))
    second = sources_to_bibtex(parse_bibtex(first)[0])
    assert "journal = {{{AO4ELT5 Proceedings}}}" in first
    assert second == first


def test_a_doi_with_latex_escapes_is_the_real_doi() -> None:
    (source,), _ = parse_bibtex("@incollection{c, title={T}, doi={10.1007/978-3-030-29135-8\\_9}}")
    assert source.doi == "10.1007/978-3-030-29135-8_9"


def test_biblatex_fields_give_title_year_venue_and_authors() -> None:
    # biblatex-examples.bib (plk/biblatex), lines 1210-1223 and 494-509, shortened.
    (collection, article), _ = parse_bibtex(
        """@collection{westfahl:frontier, editor = {Westfahl, Gary}, title = {Space and Beyond},
  date = 2000, subtitle = {The Frontier Theme in Science Fiction}, publisher = {Greenwood}}
@article{gillies, author = {Gillies, Alexander}, title = {Herder and the Preparation of
  {Goethe's} Idea of World Literature}, journaltitle = {Publications of the English Goethe
  Society}, date = 1933}"""
    )
    assert collection.title == "Space and Beyond: The Frontier Theme in Science Fiction"
    assert (collection.authors, collection.year) == (("Westfahl, Gary",), 2000)
    assert (article.venue, article.year) == ("Publications of the English Goethe Society", 1933)


def test_titles_in_other_scripts_get_distinct_keys() -> None:
    sources, _ = parse_bibtex(
        "@article{a, author = {夏目, 漱石}, title = {吾輩は猫である}, year = {1905}}\n"
        "@article{b, author = {夏目, 漱石}, title = {倫敦塔}, year = {1905}}\n"
    )
    keys = [s.key for s in assign_keys(sources)]
    assert len(set(keys)) == 2 and not any("untitled" in k for k in keys)


@pytest.mark.parametrize(
    "text",
    ["ends in a backslash \\", "two \\\\", "brace escaped \\{ alone", "\\} first", "a\\{}b"],
)
def test_values_with_backslashes_before_braces_or_at_the_end_read_back(text: str) -> None:
    source = _source(key="k", title=text, abstract=text)
    (parsed,), failures = parse_bibtex(sources_to_bibtex([source]))
    assert failures == []
    assert (parsed.title, parsed.abstract) == (text, text)


def test_every_short_string_of_bibtex_specials_reads_back() -> None:
    specials = ["a", "\\", "{", "}", " ", '"', "@", "%", "=", ",", "\n"]
    wrong = []
    for length in range(1, 4):
        for combo in itertools.product(specials, repeat=length):
            text = "x" + "".join(combo)
            parsed, failures = parse_bibtex(sources_to_bibtex([_source(key="k", abstract=text)]))
            if failures or parsed[0].abstract != " ".join(text.split()):
                wrong.append(text)
    assert wrong == []


def test_every_unicode_category_that_survives_sanitising_reads_back() -> None:
    text = surviving_text()
    source = _source(key="k", title=text, authors=(text,), venue=text, abstract=text)
    (parsed,), failures = parse_bibtex(sources_to_bibtex([source]))
    assert failures == []
    assert (parsed.title, parsed.authors, parsed.venue, parsed.abstract) == (
        text,
        (text,),
        text,
        text,
    )
