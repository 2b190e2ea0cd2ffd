import itertools
from dataclasses import replace

import pytest
from support.unicode_samples import surviving_text

from synth.models import Source
from synth.record.bibtex import assign_keys, parse_bibtex, sources_to_bibtex


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


@pytest.mark.parametrize(
    "text",
    ["ends in a backslash \\", "two \\\\", "brace escaped \\{ alone", "\\} first", "a\\{}b"],
)
def test_values_with_backslashes_before_braces_or_at_the_end_read_back(text: str) -> None:
    source = _source(key="k", title=text, abstract=text)
    (parsed,), failures = parse_bibtex(sources_to_bibtex([source]))
    assert failures == []
    assert (parsed.title, parsed.abstract) == (text.replace("{", "").replace("}", ""), text)


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
