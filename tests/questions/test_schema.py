"""Validation of question file text: every problem named by line, field and fix."""

from __future__ import annotations

import pytest

from synth.errors import QuestionError
from synth.models import DATABASES, PinnedSource, Question
from synth.questions.schema import canonical_source, parse_question

PATH = "questions/q.yaml"


def parse(text: str, question_id: str = "q") -> Question:
    """Parse ``text`` as ``questions/<question_id>.yaml``."""
    return parse_question(text, PATH, question_id)


def problems(text: str, question_id: str = "q") -> list[str]:
    """The rendered problems ``text`` raises (fails the test when it raises none)."""
    with pytest.raises(QuestionError) as caught:
        parse(text, question_id)
    return [str(problem) for problem in caught.value.problems]


def test_minimal_question_takes_defaults() -> None:
    question = parse("question: Does RLHF help?\n")
    assert question.question == "Does RLHF help?"
    assert question.search.queries == ("Does RLHF help?",)
    assert question.search.databases == DATABASES
    assert (question.search.limit, question.max_claims) == (20, 12)


def test_question_path_is_kept_for_messages_and_records() -> None:
    assert parse("question: Does RLHF help?\n").path == PATH


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ("2018-2026", (2018, 2026)),
        ("2018-", (2018, None)),
        ("-2020", (None, 2020)),
        ("2022", (2022, 2022)),
        ('"2018 - 2026"', (2018, 2026)),
    ],
)
def test_years_forms_become_year_bounds(years: str, expected: tuple[int | None, ...]) -> None:
    search = parse(f"question: Q?\nsearch:\n  years: {years}\n").search
    assert (search.year_from, search.year_to) == expected


def test_unquoted_arxiv_id_keeps_its_trailing_zero() -> None:
    # YAML reads 2402.06190 as a float (2402.0619); the written text must survive.
    question = parse("question: Q?\nsources:\n  - arxiv: 2402.06190\n")
    assert question.sources == (PinnedSource(arxiv="2402.06190"),)


def test_pinned_identifiers_are_normalised() -> None:
    text = (
        "question: Q?\nsources:\n"
        "  - doi: https://doi.org/10.1145/3630010\n"
        "  - arxiv: 2402.06196v2\n"
    )
    assert parse(text).sources == (
        PinnedSource(doi="10.1145/3630010"),
        PinnedSource(arxiv="2402.06196"),
    )


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("arXiv:2402.06196", "arxiv:2402.06196"),
        ("2402.06196v3", "arxiv:2402.06196"),
        ("10.48550/arXiv.2402.06196", "arxiv:2402.06196"),
        ("https://arxiv.org/abs/2402.06196", "arxiv:2402.06196"),
        ("https://doi.org/10.1145/3630010", "doi:10.1145/3630010"),
        ("doi:10.1145/3630010", "doi:10.1145/3630010"),
        ("not an id", ""),
    ],
)
def test_canonical_source_accepts_common_spellings(spelling: str, canonical: str) -> None:
    assert canonical_source(spelling) == canonical


def test_database_names_are_case_insensitive() -> None:
    question = parse("question: Q?\nsearch:\n  databases: [OpenAlex, arxiv]\n")
    assert question.search.databases == ("openalex", "arxiv")


def test_bibtex_check_problem_is_reported_at_the_path_line() -> None:
    def missing(path: str) -> tuple[str, str]:
        return f"'{path}' does not exist", "fix the path"

    text = "question: Q?\nsources:\n  - bibtex: papers/x.bib\n"
    with pytest.raises(QuestionError) as caught:
        parse_question(text, PATH, "q", missing)
    assert [str(p) for p in caught.value.problems] == [
        "questions/q.yaml:3: sources[0].bibtex: 'papers/x.bib' does not exist -- fix the path"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "question: Q?\ntitle: a: b\n",
            "questions/q.yaml:2: is not valid YAML: mapping values are not allowed here -- "
            "fix the YAML syntax on this line",
            id="syntax-error",
        ),
        pytest.param(
            "- question: Q?\n",
            "questions/q.yaml:1: should be a mapping of fields, not a list",
            id="top-level-list",
        ),
        pytest.param(
            "question: Q?\nquestion: R?\n",
            "questions/q.yaml:2: question: is given twice (first on line 1) -- delete one of them",
            id="duplicate-key",
        ),
        pytest.param(
            "question: Q?\nserch: {limit: 5}\n",
            "questions/q.yaml:2: serch: is not a known field -- did you mean 'search'?",
            id="unknown-key",
        ),
        pytest.param(
            "question: Q?\nkeywords: RLHF\n",
            "questions/q.yaml:2: keywords: should be a list, not text -- "
            "use a list: keywords: [RLHF]",
            id="string-instead-of-list",
        ),
        pytest.param(
            "question: Q?\nkeywords: [no, yes]\n",
            "questions/q.yaml:2: keywords[0]: YAML read no as false",
            id="yaml-boolean",
        ),
        pytest.param(
            "question: Q?\ntags: [on]\n",
            "questions/q.yaml:2: tags[0]: YAML read on as true (yes/no/on/off are true/false in "
            'YAML), not text -- quote it: "on"',
            id="yaml-boolean-tag",
        ),
        pytest.param(
            "question: 1.10\n",
            "questions/q.yaml:1: question: YAML read 1.10 as the number 1.1, not text -- "
            'quote it: "1.10"',
            id="yaml-float",
        ),
        pytest.param(
            "question: Q?\nsearch:\n  years: 2020-01-01\n",
            "questions/q.yaml:3: search.years: YAML read 2020-01-01 as a date, not years",
            id="yaml-date",
        ),
        pytest.param(
            "question: '  '\n",
            "questions/q.yaml:1: question: is empty",
            id="empty-required",
        ),
        pytest.param(
            "title: T\n",
            "questions/q.yaml: question: is missing",
            id="missing-required",
        ),
        pytest.param(
            "question: Q?\nsources:\n  - doi: 10.1145\n",
            "questions/q.yaml:3: sources[0].doi: '10.1145' is not a DOI",
            id="bad-doi",
        ),
        pytest.param(
            "question: Q?\nsources:\n  - arxiv: 24.06196\n",
            "questions/q.yaml:3: sources[0].arxiv: '24.06196' is not an arXiv id",
            id="bad-arxiv",
        ),
        pytest.param(
            "question: Q?\nsearch:\n  databases: [arxiv, openalx]\n",
            "questions/q.yaml:3: search.databases[1]: 'openalx' is not a database -- "
            "did you mean 'openalex'?",
            id="unknown-database",
        ),
        pytest.param(
            "question: Q?\nsearch:\n  years: 2026-2018\n",
            "questions/q.yaml:3: search.years: starts (2026) after it ends (2018) -- "
            "swap them: years: 2018-2026",
            id="years-reversed",
        ),
        pytest.param(
            "question: Q?\nsearch:\n  limit: 501\n",
            "questions/q.yaml:3: search.limit: 501 is out of range -- use a number from 1 to 500",
            id="limit-out-of-range",
        ),
        pytest.param(
            "question: Q?\nsearch:\n  limit: '20'\n",
            "questions/q.yaml:3: search.limit: should be a whole number, not text '20'",
            id="limit-quoted",
        ),
        pytest.param(
            "question: Q?\nmax_claims: 201\n",
            "questions/q.yaml:2: max_claims: 201 is out of range -- use a number from 1 to 200",
            id="max-claims-out-of-range",
        ),
        pytest.param(
            "question: Q?\nsources:\n  - {}\n",
            "questions/q.yaml:3: sources[0]: has no identifier",
            id="pinned-source-without-id",
        ),
        pytest.param(
            "question: Q?\nsources:\n  - doi: 10.1145/3630010\n    arxiv: 2402.06196\n",
            "questions/q.yaml:3: sources[0]: has both doi and arxiv",
            id="pinned-source-two-ids",
        ),
        pytest.param(
            "question: Q?\nsources:\n  - bibtex: ../outside.bib\n",
            "questions/q.yaml:3: sources[0].bibtex: '../outside.bib' points outside the repository",
            id="bibtex-dotdot",
        ),
        pytest.param(
            "question: Q?\nsources:\n  - bibtex: /etc/passwd\n",
            "questions/q.yaml:3: sources[0].bibtex: '/etc/passwd' points outside the repository",
            id="bibtex-absolute",
        ),
        pytest.param(
            "question: Q?\nclaims:\n  - text: A claim.\n    source: nonsense\n",
            "questions/q.yaml:4: claims[0].source: 'nonsense' is not a DOI or arXiv id",
            id="bad-claim-source",
        ),
        pytest.param(
            "question: Q?\nclaims:\n  - text: A claim.\n  - text: a claim\n",
            "questions/q.yaml:4: claims[1]: repeats claims[0]",
            id="repeated-claim",
        ),
        pytest.param(
            "question: Q?\ntags: [Code Gen]\n",
            "questions/q.yaml:2: tags[0]: 'Code Gen' is not a valid tag -- use lowercase words "
            "joined by hyphens, e.g. 'code-gen'",
            id="tag-not-slug",
        ),
        pytest.param(
            "base: &b Q?\nquestion: *b\n",
            "questions/q.yaml:2: uses a YAML alias (*name)",
            id="alias",
        ),
    ],
)
def test_problem_is_reported_with_line_field_and_fix(text: str, expected: str) -> None:
    found = problems(text)
    assert any(problem.startswith(expected) for problem in found), found


def test_file_stem_that_is_not_a_slug_suggests_one() -> None:
    assert problems("question: Q?\n", question_id="Bad_Name") == [
        "questions/q.yaml: id: 'Bad_Name' is not a valid question id -- rename the file to "
        "bad-name.yaml (ids use lowercase letters, digits and single hyphens, "
        "at most 80 characters)"
    ]


def test_empty_file_says_what_to_add() -> None:
    assert problems("# only a comment\n") == [
        "questions/q.yaml: question: the file is empty -- "
        "add a line: question: <your research question>"
    ]


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = (
        "question: 1.10\n"
        "serch: {}\n"
        "keywords: RLHF\n"
        "search:\n"
        "  databases: [openalx]\n"
        "  years: 2026-2018\n"
        "max_claims: 0\n"
    )
    fields = [problem.split(": ")[1] for problem in problems(text)]
    assert fields == [
        "question",
        "serch",
        "keywords",
        "search.databases[0]",
        "search.years",
        "max_claims",
    ]


def test_problems_are_sorted_by_line() -> None:
    text = "max_claims: 0\nquestion: 1.10\n"
    assert [p.split(":")[1] for p in problems(text)] == ["1", "2"]
