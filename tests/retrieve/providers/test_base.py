"""What every provider shares: pinned ids, JSON decoding, and the edge where answers become
sources (at most what was asked for, every field sanitised once)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support.paths import API

from synth.errors import RetrievalError
from synth.models import PinnedSource, Question, Source
from synth.retrieve.providers import arxiv, crossref, openalex, semanticscholar
from synth.retrieve.providers.base import (
    MAX_PER_REQUEST,
    base_url,
    collect,
    decode_json,
    int_or_none,
    list_or_empty,
    per_request,
    pinned_identifiers,
    sanitised,
    text_or_empty,
)

# NUL and an ANSI colour escape, a right-to-left override (shows "exe.png" as "gnp.exe"),
# a lone surrogate (no UTF-8 form: writing it raised UnicodeEncodeError) and a C1 control.
HOSTILE = "Evil\x00 \x1b[31mred\x1b[0m \u202egnp.exe\u202c \ud800 title\x85 end"
CLEAN = "Evil [31mred[0m gnp.exe title end"
OPENALEX = API / "multi" / "paperqa_title_search_chemcrow.03.openalex.200.json"
CROSSREF = API / "multi" / "paperqa_title_search_chemcrow.00.crossref.200.json"
S2_SEARCH = API / "semanticscholar" / "s2py_paper_search_turing_allfields_429_429_200.02.200.json"
ARXIV_FEED = API / "arxiv" / "arxivpy_query_testing_start0_max10.200.xml"


def _json(path: Any) -> Any:
    return json.loads(path.read_bytes())


def test_pinned_identifiers_split_dois_from_arxiv_ids_and_drop_repeats() -> None:
    question = Question(
        id="q",
        question="?",
        sources=(
            PinnedSource(doi="https://doi.org/10.1000/ABC"),
            PinnedSource(doi="10.48550/arXiv.2402.06196"),
            PinnedSource(arxiv="arXiv:2402.06196v2"),
            PinnedSource(arxiv="not an id"),
            PinnedSource(doi="10.1000/abc"),
        ),
    )
    pinned = pinned_identifiers(question)
    assert (pinned.dois, pinned.arxiv_ids) == (("10.1000/abc",), ("2402.06196",))


def test_base_url_prefers_the_override_without_a_trailing_slash() -> None:
    assert base_url({"X": " http://h/api/ "}, "X", "https://d") == "http://h/api"
    assert base_url({}, "X", "https://d/") == "https://d"


def test_per_request_stays_within_api_bounds() -> None:
    assert [per_request(n) for n in (0, 20, 500)] == [1, 20, MAX_PER_REQUEST]


def test_decode_json_names_the_database_when_truncated() -> None:
    with pytest.raises(RetrievalError, match=r"^crossref: malformed response \(not JSON"):
        decode_json(b'{"message": {"items": [', "crossref")


def test_decode_json_of_100000_deep_nesting_is_a_malformed_response() -> None:
    with pytest.raises(RetrievalError) as caught:
        decode_json(b"[" * 100_000 + b"]" * 100_000, "openalex")
    assert str(caught.value) == (
        "openalex: malformed response (JSON nested too deeply) -- the service may be having "
        "trouble or have changed its format; try again later"
    )


def test_text_and_list_helpers_refuse_other_types() -> None:
    assert [text_or_empty(v) for v in ("a", None, 3, ["a"])] == ["a", "", "", ""]
    assert [list_or_empty(v) for v in ([1], None, "ab", {"a": 1})] == [[1], [], [], []]


@pytest.mark.parametrize(
    ("value", "year"),
    [
        (2024, 2024),
        ("2021-05-01", 2021),
        (True, None),
        (99, None),
        ("²０２０", None),
        ("20x", None),
    ],
)
def test_int_or_none_reads_plausible_years_only(value: object, year: int | None) -> None:
    assert int_or_none(value) == year


def test_sanitised_cleans_every_text_field_and_drops_emptied_authors() -> None:
    source = Source(
        key="",
        title=HOSTILE,
        authors=("\x1b", "Ada\u202e Lovelace"),
        venue=HOSTILE,
        doi="10.1/x\x00",
        arxiv="2402.06196\x00",
        url="https://x.org/\x1b[0m",
        abstract=HOSTILE,
    )
    clean = sanitised(source)
    assert (clean.title, clean.venue, clean.abstract) == (CLEAN, CLEAN, CLEAN)
    assert clean.authors == ("Ada Lovelace",)
    assert (clean.doi, clean.arxiv, clean.url) == ("10.1/x", "2402.06196", "https://x.org/[0m")


def test_collect_keeps_at_most_what_a_request_asks_for() -> None:
    items = ({"title": f"Work {i}"} for i in range(10 * MAX_PER_REQUEST))
    sources = collect(items, lambda item: Source(key="", title=item["title"]))
    assert len(sources) == MAX_PER_REQUEST and sources[-1].title == "Work 99"


def test_collect_drops_a_work_whose_title_was_only_control_characters() -> None:
    sources = collect(["\x00\x1b", "Real"], lambda title: Source(key="", title=title))
    assert [s.title for s in sources] == ["Real"]


def _openalex_with(title: str) -> bytes:
    data = _json(OPENALEX)
    data["results"][0]["title"] = title
    return json.dumps(data).encode()


def _crossref_with(title: str) -> bytes:
    data = _json(CROSSREF)
    data["message"]["items"][0]["title"] = [title]
    return json.dumps(data).encode()


def _s2_with(title: str) -> bytes:
    data = _json(S2_SEARCH)
    data["data"][0]["title"] = title
    return json.dumps(data).encode()


def _arxiv_with(title: str) -> bytes:
    # XML cannot carry NUL, ESC or a lone surrogate; the override and C1 control it can.
    feed = ARXIV_FEED.read_text(encoding="utf-8")
    entry = feed.index("<entry>")
    start = feed.index("<title>", entry) + len("<title>")
    end = feed.index("</title>", start)
    escaped = "".join(c if c.isascii() and c.isprintable() else f"&#x{ord(c):x};" for c in title)
    return (feed[:start] + escaped + feed[end:]).encode()


XML_SAFE = HOSTILE.replace("\x00", "").replace("\x1b", "").replace("\ud800", "")
PROVIDERS: list[tuple[Callable[[bytes], list[Source]], Callable[[str], bytes], str]] = [
    (openalex.parse, _openalex_with, HOSTILE),
    (crossref.parse, _crossref_with, HOSTILE),
    (semanticscholar.parse, _s2_with, HOSTILE),
    (arxiv.parse, _arxiv_with, XML_SAFE),
]


@pytest.mark.parametrize(
    ("parse", "body_with", "title"), PROVIDERS, ids=["openalex", "crossref", "s2", "arxiv"]
)
def test_every_provider_sanitises_the_text_it_parses(
    parse: Callable[[bytes], list[Source]], body_with: Callable[[str], bytes], title: str
) -> None:
    assert parse(body_with(title))[0].title == CLEAN


def _mutations(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to values worth replacing: every key of dicts, the first item of lists."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            if key != "abstract_inverted_index":
                yield from _mutations(value, (*path, key))
    elif isinstance(data, list) and data:
        yield (*path, 0)
        yield from _mutations(data[0], (*path, 0))


def _trimmed(data: Any) -> Any:
    """``data`` with every list cut to two items (the mutations change only the first) and
    every abstract index to five words: what is left is parsed once per mutation."""
    if isinstance(data, dict):
        if "abstract_inverted_index" in data and isinstance(data["abstract_inverted_index"], dict):
            words = list(data["abstract_inverted_index"].items())[:5]
            data = {**data, "abstract_inverted_index": dict(words)}
        return {key: _trimmed(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_trimmed(item) for item in data[:2]]
    return data


ODD_VALUES = [None, 7, True, "x", [], {}, ["x"], [None], [[1]], {"x": {}}]


@pytest.mark.parametrize(
    ("parse", "fixture"),
    [(openalex.parse, OPENALEX), (crossref.parse, CROSSREF), (semanticscholar.parse, S2_SEARCH)],
    ids=["openalex", "crossref", "s2"],
)
def test_any_value_of_the_wrong_type_gives_sources_or_a_retrieval_error(
    parse: Callable[[bytes], list[Source]], fixture: Any
) -> None:
    original = _trimmed(_json(fixture))
    crashes = []
    for path in _mutations(original):
        for odd in ODD_VALUES:
            data = copy.deepcopy(original)
            target = data
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = odd
            try:
                parse(json.dumps(data).encode())
            except RetrievalError:
                pass
            except Exception as error:  # what the test is looking for
                crashes.append((path, odd, repr(error)))
    assert crashes == []
