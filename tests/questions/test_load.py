"""Question files on disk: loading, checking, scaffolding and writing new ones."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from support.paths import FIXTURES
from support.questions import add_question

from synth.errors import QuestionError, QuestionExistsError, UsageError
from synth.files import TooLarge, read_limited
from synth.models import PinnedSource, QuestionClaim
from synth.questions.load import (
    MAX_FILE_BYTES,
    check_paths,
    load_question,
    load_questions,
    question_files,
)
from synth.questions.scaffold import scaffold, write_new_question

QUESTION_FILES = FIXTURES / "questions"


def add_fixture(empty_repo: Path, name: str) -> Path:
    """Copy a fixture question file into ``empty_repo/questions``."""
    return Path(shutil.copy(QUESTION_FILES / name, empty_repo / "questions" / name))


def test_valid_file_loads_every_field_normalised(empty_repo: Path) -> None:
    (empty_repo / "questions" / "papers").mkdir()
    (empty_repo / "questions" / "papers" / "extra.bib").write_text("", encoding="utf-8")
    question = load_question(add_fixture(empty_repo, "valid-full.yaml"), empty_repo)
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


def test_question_path_is_repo_relative_posix(empty_repo: Path) -> None:
    path = add_question(empty_repo, "rlhf.yaml", "question: Does RLHF help?\n")
    assert load_question(path, empty_repo).path == "questions/rlhf.yaml"


def test_missing_bibtex_file_is_a_problem(empty_repo: Path) -> None:
    path = add_question(empty_repo, "q.yaml", "question: Q?\nsources:\n  - bibtex: papers/x.bib\n")
    assert [str(p) for p in check_paths([path], empty_repo)] == [
        "questions/q.yaml:3: sources[0].bibtex: 'papers/x.bib' does not exist -- check the path: "
        "it is relative to the repository root (questions/papers/x.bib)"
    ]


def test_bibtex_symlink_out_of_the_repo_is_a_problem(
    empty_repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "real.bib"
    outside.write_text("", encoding="utf-8")
    (empty_repo / "link.bib").symlink_to(outside)
    path = add_question(empty_repo, "q.yaml", "question: Q?\nsources:\n  - bibtex: link.bib\n")
    assert [p.message for p in check_paths([path], empty_repo)] == [
        "'link.bib' leads outside the repository"
    ]


def test_file_name_that_is_not_a_slug_is_a_problem(empty_repo: Path) -> None:
    path = add_fixture(empty_repo, "Bad_Name.yaml")
    assert [(p.field, p.fix.split(" (")[0]) for p in check_paths([path], empty_repo)] == [
        ("id", "rename the file to bad-name.yaml")
    ]


def test_fixture_with_many_problems_reports_them_all(empty_repo: Path) -> None:
    path = add_fixture(empty_repo, "many-problems.yaml")
    fields = [p.field for p in check_paths([path], empty_repo)]
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


def test_check_paths_is_empty_for_a_valid_file(empty_repo: Path) -> None:
    path = add_question(empty_repo, "q.yaml", "question: Q?\n")
    assert check_paths([path], empty_repo) == []


def test_check_paths_reports_a_missing_file(empty_repo: Path) -> None:
    assert [str(p) for p in check_paths([empty_repo / "questions" / "nope.yaml"], empty_repo)] == [
        "questions/nope.yaml: does not exist -- check the path; run synth check without arguments "
        "to check every question"
    ]


def test_non_utf8_file_names_the_line(empty_repo: Path) -> None:
    path = empty_repo / "questions" / "q.yaml"
    path.write_bytes(b"question: Q?\ntitle: caf\xe9\n")
    assert [(p.line, p.message) for p in check_paths([path], empty_repo)] == [
        (2, "is not UTF-8 text")
    ]


def test_load_questions_returns_all_sorted_by_id(empty_repo: Path) -> None:
    add_question(empty_repo, "zeta.yaml", "question: Z?\n")
    add_question(empty_repo, "alpha.yaml", "question: A?\n")
    assert [q.id for q in load_questions(empty_repo)] == ["alpha", "zeta"]


def test_load_questions_collects_problems_across_files(empty_repo: Path) -> None:
    add_question(empty_repo, "one.yaml", "question: 1.10\n")
    add_question(empty_repo, "two.yaml", "title: T\n")
    with pytest.raises(QuestionError) as caught:
        load_questions(empty_repo)
    assert [p.path for p in caught.value.problems] == ["questions/one.yaml", "questions/two.yaml"]


def test_load_questions_by_id_loads_only_those(empty_repo: Path) -> None:
    add_question(empty_repo, "one.yaml", "question: One?\n")
    add_question(empty_repo, "two.yaml", "question: 1.10\n")
    assert [q.id for q in load_questions(empty_repo, ["one"])] == ["one"]


def test_unknown_id_suggests_the_closest(empty_repo: Path) -> None:
    add_question(empty_repo, "rlhf-robustness.yaml", "question: Q?\n")
    with pytest.raises(QuestionError) as caught:
        load_questions(empty_repo, ["rlhf-robustnes"])
    assert [str(p) for p in caught.value.problems] == [
        "questions/rlhf-robustnes.yaml: no question has the id 'rlhf-robustnes' -- "
        "did you mean 'rlhf-robustness'?"
    ]


def test_yml_file_is_flagged_not_ignored(empty_repo: Path) -> None:
    add_question(empty_repo, "q.yml", "question: Q?\n")
    with pytest.raises(QuestionError) as caught:
        load_questions(empty_repo)
    assert [str(p) for p in caught.value.problems] == [
        "questions/q.yml: does not end in .yaml -- rename it to q.yaml, or it will be ignored"
    ]


def test_hidden_files_are_skipped(empty_repo: Path) -> None:
    add_question(empty_repo, ".q.yaml.tmp.yaml", "not: a question\n")
    add_question(empty_repo, "q.yaml", "question: Q?\n")
    assert [q.id for q in load_questions(empty_repo)] == ["q"]


def test_scaffold_passes_check(empty_repo: Path) -> None:
    path = add_question(empty_repo, "rlhf.yaml", scaffold("Does RLHF help?", "rlhf"))
    assert check_paths([path], empty_repo) == []


@pytest.mark.parametrize(
    "text",
    ['Does "RLHF": help? #1', "yes", "1.10", "Ist Ähnlichkeit — robust?", "a\\b {x} [y]"],
)
def test_scaffold_keeps_the_question_text_exactly(text: str) -> None:
    assert yaml.safe_load(scaffold(text, "q"))["question"] == text


def test_scaffold_refuses_an_invalid_id() -> None:
    with pytest.raises(UsageError):
        scaffold("Q?", "Not A Slug")


def test_write_new_question_names_the_file_after_the_question(empty_repo: Path) -> None:
    path = write_new_question(empty_repo, "Does RLHF make code models more robust?")
    assert path == empty_repo / "questions" / "does-rlhf-make-code-models-more-robust.yaml"
    assert load_question(path, empty_repo).question == "Does RLHF make code models more robust?"


def test_write_new_question_refuses_to_overwrite(empty_repo: Path) -> None:
    existing = add_question(empty_repo, "rlhf.yaml", "question: Mine?\n")
    with pytest.raises(QuestionExistsError) as caught:
        write_new_question(empty_repo, "Does RLHF help?", "rlhf")
    assert str(caught.value) == (
        "questions/rlhf.yaml already exists -- choose another --id or edit that file"
    )
    assert existing.read_text(encoding="utf-8") == "question: Mine?\n"


def test_write_new_question_leaves_no_temp_files(empty_repo: Path) -> None:
    write_new_question(empty_repo, "Does RLHF help?", "rlhf")
    assert [p.name for p in (empty_repo / "questions").iterdir()] == ["rlhf.yaml"]


def test_write_new_question_refuses_an_invalid_id(empty_repo: Path) -> None:
    with pytest.raises(UsageError) as caught:
        write_new_question(empty_repo, "Does RLHF help?", "RLHF_Help")
    assert "e.g. --id rlhf-help" in str(caught.value)


def test_write_new_question_refuses_empty_text(empty_repo: Path) -> None:
    with pytest.raises(UsageError):
        write_new_question(empty_repo, "   \n ")


def test_write_new_question_creates_the_questions_folder(tmp_path: Path) -> None:
    assert write_new_question(tmp_path, "Q?", "q").is_file()


HOSTILE = QUESTION_FILES / "hostile"
LOCAL_BIBTEX = "give a path relative to the repository root, e.g. questions/papers/extra.bib"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        (
            "deep-nesting.yaml",
            "questions/deep-nesting.yaml:2: nests lists or mappings more than 32 levels deep"
            " -- a question file needs lists and mappings only a few levels deep: flatten it",
        ),
        (
            "long-number.yaml",
            "questions/long-number.yaml:2: max_claims: " + "9" * 59 + "… is out of range"
            " -- use a number from 1 to 200",
        ),
        (
            "nul-byte.yaml",
            "questions/nul-byte.yaml:2: contains the character U+0000, which YAML does not allow"
            ' -- delete it (write it as an escape such as "\\t" inside double quotes if needed)',
        ),
        (
            "utf16-without-bom.yaml",
            "questions/utf16-without-bom.yaml:1: contains the character U+0000, which YAML does"
            " not allow -- the file looks like UTF-16: save it as UTF-8",
        ),
        (
            "bibtex-nul.yaml",
            "questions/bibtex-nul.yaml:3: sources[0].bibtex: 'papers/ab.bib' has a control"
            f" character -- {LOCAL_BIBTEX}",
        ),
        (
            "bibtex-long.yaml",
            "questions/bibtex-long.yaml:3: sources[0].bibtex: '" + "a" * 59 + "…' is 6004"
            f" characters long (at most 1000) -- {LOCAL_BIBTEX}",
        ),
    ],
)
def test_hostile_file_is_one_problem_not_a_crash(empty_repo: Path, name: str, problem: str) -> None:
    path = Path(shutil.copy(HOSTILE / name, empty_repo / "questions" / name))
    assert [str(p) for p in check_paths([path], empty_repo)] == [problem]


def test_hostile_file_does_not_hide_the_problems_of_other_files(empty_repo: Path) -> None:
    for name in ("deep-nesting.yaml", "nul-byte.yaml"):
        shutil.copy(HOSTILE / name, empty_repo / "questions" / name)
    add_question(empty_repo, "other.yaml", "question: Other?\nserch: {}\n")
    with pytest.raises(QuestionError) as caught:
        load_questions(empty_repo)
    assert sorted(p.path for p in caught.value.problems) == [
        "questions/deep-nesting.yaml",
        "questions/nul-byte.yaml",
        "questions/other.yaml",
    ]


def test_bibtex_path_the_file_system_refuses_is_a_problem(empty_repo: Path) -> None:
    # Under the schema's 1,000 characters but over the file system's 255 per name.
    add_question(empty_repo, "long.yaml", f"question: Q?\nsources:\n  - bibtex: {'b' * 300}.bib\n")
    (problem,) = check_paths([empty_repo / "questions" / "long.yaml"], empty_repo)
    assert problem.message == f"'{'b' * 59}…' cannot be used: File name too long"


def test_file_over_the_size_limit_is_refused_without_reading_it(
    empty_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = empty_repo / "questions" / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: 3 GB long, no disk used
    read: list[int] = []
    real_read = os.read

    def counting_read(fd: int, size: int) -> bytes:
        read.append(size)
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", counting_read)
    (problem,) = check_paths([path], empty_repo)
    assert str(problem) == (
        "questions/huge.yaml: is larger than 1000000 bytes, the most a question file may be"
        " -- move long text (such as BibTeX) into a separate file and pin it with bibtex:"
    )
    assert sum(read) <= MAX_FILE_BYTES + 1


def test_file_growing_past_the_limit_while_read_is_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(TooLarge):
        read_limited(path, 1000)
    assert read_limited(path, 2000) == b"x" * 2000


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda path: os.mkfifo(path), "a FIFO"),
        (lambda path: path.mkdir(), "a folder"),
    ],
)
def test_question_that_is_not_a_regular_file_is_refused(
    empty_repo: Path, make: Callable[[Path], None], kind: str
) -> None:
    path = empty_repo / "questions" / "odd.yaml"
    make(path)
    (problem,) = check_paths([path], empty_repo)  # a FIFO with no writer would block a plain read
    assert str(problem) == (
        f"questions/odd.yaml: is {kind}, not a file -- a question is an ordinary .yaml file"
    )


def test_device_named_on_the_command_line_is_refused(empty_repo: Path) -> None:
    problems = check_paths([Path("/dev/zero")], empty_repo)
    assert [p.message for p in problems] == [
        "is not a .yaml question file",
        "is a device, not a file",
    ]


@pytest.mark.parametrize("target", ["/dev/zero", "outside.yaml"])
def test_link_out_of_the_repository_is_a_problem(
    empty_repo: Path, tmp_path: Path, target: str
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("question: Am I read?\n", encoding="utf-8")
    real = Path(target) if target.startswith("/") else outside
    (empty_repo / "questions" / "linked.yaml").symlink_to(real)
    with pytest.raises(QuestionError) as caught:
        load_questions(empty_repo)
    assert [str(p) for p in caught.value.problems] == [
        f"questions/linked.yaml: is a link to {real}, outside the repository"
        " -- copy the file into questions/ instead of linking to it"
    ]


def test_link_inside_the_repository_is_read(empty_repo: Path) -> None:
    add_question(empty_repo, "real.yaml", "question: Real?\n")
    (empty_repo / "questions" / "alias.yaml").symlink_to(empty_repo / "questions" / "real.yaml")
    assert [q.id for q in load_questions(empty_repo)] == ["alias", "real"]


def test_question_files_refuses_what_a_build_must_not_read(empty_repo: Path) -> None:
    os.mkfifo(empty_repo / "questions" / "pipe.yaml")
    with pytest.raises(QuestionError, match="pipe.yaml: is a FIFO"):
        question_files(empty_repo)
