"""Question files on disk: loading, checking, scaffolding and writing new ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from support.paths import FIXTURES

from synth.errors import QuestionError, QuestionExistsError, UsageError
from synth.models import PinnedSource, QuestionClaim
from synth.questions.load import check_paths, load_question, load_questions
from synth.questions.scaffold import scaffold, write_new_question

QUESTION_FILES = FIXTURES / "questions"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A throw-away repository root with an empty questions/ folder."""
    (tmp_path / "questions").mkdir()
    return tmp_path


def add_question(repo: Path, name: str, text: str) -> Path:
    """Write ``questions/<name>`` in ``repo`` and return its path."""
    path = repo / "questions" / name
    path.write_text(text, encoding="utf-8")
    return path


def add_fixture(repo: Path, name: str) -> Path:
    """Copy a fixture question file into ``repo/questions``."""
    return Path(shutil.copy(QUESTION_FILES / name, repo / "questions" / name))


def test_valid_file_loads_every_field_normalised(repo: Path) -> None:
    (repo / "questions" / "papers").mkdir()
    (repo / "questions" / "papers" / "extra.bib").write_text("", encoding="utf-8")
    question = load_question(add_fixture(repo, "valid-full.yaml"), repo)
    assert question.id == "valid-full"
    assert question.keywords == ("RLHF", "constitutional AI", "mixture of experts")
    assert question.search.databases == ("openalex", "arxiv")
    assert (question.search.limit, question.search.year_from, question.search.year_to) == (
        40,
        2018,
        2026,
    )
    assert question.sources == (
        PinnedSource(doi="10.1145/3630010"),
        PinnedSource(arxiv="2402.06196"),
        PinnedSource(bibtex="questions/papers/extra.bib"),
    )
    assert question.claims == (
        QuestionClaim("ChatGPT was released in November 2022.", "arxiv:2402.06196"),
    )
    assert question.max_claims == 30


def test_question_path_is_repo_relative_posix(repo: Path) -> None:
    path = add_question(repo, "rlhf.yaml", "question: Does RLHF help?\n")
    assert load_question(path, repo).path == "questions/rlhf.yaml"


def test_missing_bibtex_file_is_a_problem(repo: Path) -> None:
    path = add_question(repo, "q.yaml", "question: Q?\nsources:\n  - bibtex: papers/x.bib\n")
    assert [str(p) for p in check_paths([path], repo)] == [
        "questions/q.yaml:3: sources[0].bibtex: 'papers/x.bib' does not exist -- check the path: "
        "it is relative to the repository root (questions/papers/x.bib)"
    ]


def test_bibtex_symlink_out_of_the_repo_is_a_problem(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "real.bib"
    outside.write_text("", encoding="utf-8")
    (repo / "link.bib").symlink_to(outside)
    path = add_question(repo, "q.yaml", "question: Q?\nsources:\n  - bibtex: link.bib\n")
    assert [p.message for p in check_paths([path], repo)] == [
        "'link.bib' leads outside the repository"
    ]


def test_file_name_that_is_not_a_slug_is_a_problem(repo: Path) -> None:
    path = add_fixture(repo, "Bad_Name.yaml")
    assert [(p.field, p.fix.split(" (")[0]) for p in check_paths([path], repo)] == [
        ("id", "rename the file to bad-name.yaml")
    ]


def test_fixture_with_many_problems_reports_them_all(repo: Path) -> None:
    path = add_fixture(repo, "many-problems.yaml")
    fields = [p.field for p in check_paths([path], repo)]
    assert fields == [
        "question",
        "serch",
        "keywords",
        "tags[0]",
        "search.databases[0]",
        "search.limit",
        "search.years",
        "sources[0]",
        "claims[0].source",
    ]


def test_check_paths_is_empty_for_a_valid_file(repo: Path) -> None:
    path = add_question(repo, "q.yaml", "question: Q?\n")
    assert check_paths([path], repo) == []


def test_check_paths_reports_a_missing_file(repo: Path) -> None:
    assert [str(p) for p in check_paths([repo / "questions" / "nope.yaml"], repo)] == [
        "questions/nope.yaml: does not exist -- check the path; run synth check without arguments "
        "to check every question"
    ]


def test_non_utf8_file_names_the_line(repo: Path) -> None:
    path = repo / "questions" / "q.yaml"
    path.write_bytes(b"question: Q?\ntitle: caf\xe9\n")
    assert [(p.line, p.message) for p in check_paths([path], repo)] == [(2, "is not UTF-8 text")]


def test_load_questions_returns_all_sorted_by_id(repo: Path) -> None:
    add_question(repo, "zeta.yaml", "question: Z?\n")
    add_question(repo, "alpha.yaml", "question: A?\n")
    assert [q.id for q in load_questions(repo)] == ["alpha", "zeta"]


def test_load_questions_collects_problems_across_files(repo: Path) -> None:
    add_question(repo, "one.yaml", "question: 1.10\n")
    add_question(repo, "two.yaml", "title: T\n")
    with pytest.raises(QuestionError) as caught:
        load_questions(repo)
    assert [p.path for p in caught.value.problems] == ["questions/one.yaml", "questions/two.yaml"]


def test_load_questions_by_id_loads_only_those(repo: Path) -> None:
    add_question(repo, "one.yaml", "question: One?\n")
    add_question(repo, "two.yaml", "question: 1.10\n")
    assert [q.id for q in load_questions(repo, ["one"])] == ["one"]


def test_unknown_id_suggests_the_closest(repo: Path) -> None:
    add_question(repo, "rlhf-robustness.yaml", "question: Q?\n")
    with pytest.raises(QuestionError) as caught:
        load_questions(repo, ["rlhf-robustnes"])
    assert [str(p) for p in caught.value.problems] == [
        "questions/rlhf-robustnes.yaml: no question has the id 'rlhf-robustnes' -- "
        "did you mean 'rlhf-robustness'?"
    ]


def test_yml_file_is_flagged_not_ignored(repo: Path) -> None:
    add_question(repo, "q.yml", "question: Q?\n")
    with pytest.raises(QuestionError) as caught:
        load_questions(repo)
    assert [str(p) for p in caught.value.problems] == [
        "questions/q.yml: does not end in .yaml -- rename it to q.yaml, or it will be ignored"
    ]


def test_hidden_files_are_skipped(repo: Path) -> None:
    add_question(repo, ".q.yaml.tmp.yaml", "not: a question\n")
    add_question(repo, "q.yaml", "question: Q?\n")
    assert [q.id for q in load_questions(repo)] == ["q"]


def test_scaffold_passes_check(repo: Path) -> None:
    path = add_question(repo, "rlhf.yaml", scaffold("Does RLHF help?", "rlhf"))
    assert check_paths([path], repo) == []


@pytest.mark.parametrize(
    "text",
    ['Does "RLHF": help? #1', "yes", "1.10", "Ist Ähnlichkeit — robust?", "a\\b {x} [y]"],
)
def test_scaffold_keeps_the_question_text_exactly(text: str) -> None:
    assert yaml.safe_load(scaffold(text, "q"))["question"] == text


def test_scaffold_refuses_an_invalid_id() -> None:
    with pytest.raises(UsageError):
        scaffold("Q?", "Not A Slug")


def test_write_new_question_names_the_file_after_the_question(repo: Path) -> None:
    path = write_new_question(repo, "Does RLHF make code models more robust?")
    assert path == repo / "questions" / "does-rlhf-make-code-models-more-robust.yaml"
    assert load_question(path, repo).question == "Does RLHF make code models more robust?"


def test_write_new_question_refuses_to_overwrite(repo: Path) -> None:
    existing = add_question(repo, "rlhf.yaml", "question: Mine?\n")
    with pytest.raises(QuestionExistsError) as caught:
        write_new_question(repo, "Does RLHF help?", "rlhf")
    assert str(caught.value) == (
        "questions/rlhf.yaml already exists -- choose another --id or edit that file"
    )
    assert existing.read_text(encoding="utf-8") == "question: Mine?\n"


def test_write_new_question_leaves_no_temp_files(repo: Path) -> None:
    write_new_question(repo, "Does RLHF help?", "rlhf")
    assert [p.name for p in (repo / "questions").iterdir()] == ["rlhf.yaml"]


def test_write_new_question_refuses_an_invalid_id(repo: Path) -> None:
    with pytest.raises(UsageError) as caught:
        write_new_question(repo, "Does RLHF help?", "RLHF_Help")
    assert "e.g. --id rlhf-help" in str(caught.value)


def test_write_new_question_refuses_empty_text(repo: Path) -> None:
    with pytest.raises(UsageError):
        write_new_question(repo, "   \n ")


def test_write_new_question_creates_the_questions_folder(tmp_path: Path) -> None:
    assert write_new_question(tmp_path, "Q?", "q").is_file()
