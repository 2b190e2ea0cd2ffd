"""Question files on disk: find, load and check ``questions/<id>.yaml``.

The field rules live in ``synth.questions.schema`` (pure). This module is the edge:
it reads files and checks what needs the file system (the file name, pinned bibtex
paths). New files are written by ``synth.questions.scaffold``.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from synth.errors import Problem, QuestionError
from synth.ids import slugify
from synth.models import Question
from synth.paths import QUESTION_SUFFIX, QUESTIONS_DIR, question_path
from synth.questions.schema import BibtexCheck, parse_question

MAX_FILE_BYTES = 1_000_000


def load_question(path: Path, root: Path) -> Question:
    """Load and validate one question file; raises ``QuestionError`` with every problem."""
    question, problems = _load(path, root)
    if question is None:
        raise QuestionError(problems)
    return question


def load_questions(root: Path, ids: Sequence[str] | None = None) -> list[Question]:
    """Load every question under ``root/questions`` (or the named ids), sorted by id.

    Problems are collected across all files and raised as one ``QuestionError``.
    """
    folder = root / QUESTIONS_DIR
    problems: list[Problem] = []
    if ids is None:
        paths = _question_files(folder)
        for stray in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
            fix = f"rename it to {stray.stem}{QUESTION_SUFFIX}, or it will be ignored"
            problems.append(Problem(_shown(stray, root), 0, "", "does not end in .yaml", fix))
    else:
        known = {path.stem: path for path in _question_files(folder)}
        paths = []
        for question_id in dict.fromkeys(ids):
            if question_id in known:
                paths.append(known[question_id])
            else:
                problems.append(_unknown_id(question_id, sorted(known)))
    questions = []
    for path in paths:
        question, found = _load(path, root)
        problems.extend(found)
        if question is not None:
            questions.append(question)
    if problems:
        raise QuestionError(problems)
    return sorted(questions, key=lambda question: question.id)


def check_paths(paths: Sequence[Path], root: Path) -> list[Problem]:
    """Every problem in the given question files (an empty list means all are valid)."""
    problems: list[Problem] = []
    for path in paths:
        problems.extend(_load(path, root)[1])
    return problems


def _load(path: Path, root: Path) -> tuple[Question | None, list[Problem]]:
    """Read and validate one file: the question, or None with the problems found."""
    shown = _shown(path, root)
    problems: list[Problem] = []
    if path.suffix != QUESTION_SUFFIX:
        fix = f"rename it to {path.stem}{QUESTION_SUFFIX}"
        problems.append(Problem(shown, 0, "", "is not a .yaml question file", fix))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        fix = "check the path; run synth check without arguments to check every question"
        return None, [*problems, Problem(shown, 0, "", "does not exist", fix)]
    except OSError as error:
        message = f"cannot be read: {error.strerror or error}"
        return None, [*problems, Problem(shown, 0, "", message, "check the path and permissions")]
    if len(data) > MAX_FILE_BYTES:
        message = f"is {len(data)} bytes; question files are at most {MAX_FILE_BYTES}"
        fix = "move long text (such as BibTeX) into a separate file and pin it with bibtex:"
        return None, [*problems, Problem(shown, 0, "", message, fix)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = Problem(shown, line, "", "is not UTF-8 text", "save the file as UTF-8")
        return None, [*problems, problem]
    try:
        question = parse_question(text, shown, path.stem, _bibtex_checker(root))
    except QuestionError as error:
        return None, [*problems, *error.problems]
    return (question if not problems else None), problems


def _bibtex_checker(root: Path) -> BibtexCheck:
    """A check that a pinned bibtex path is a file inside ``root`` (symbolic links resolved)."""
    base = root.resolve()

    def check(relative: str) -> tuple[str, str] | None:
        """None when the path is usable, else (problem, fix)."""
        target = (root / relative).resolve()
        if not target.is_relative_to(base):
            return f"'{relative}' leads outside the repository", "copy the file into the repository"
        if not target.is_file():
            fix = "check the path: it is relative to the repository root (questions/papers/x.bib)"
            return f"'{relative}' does not exist", fix
        return None

    return check


def _question_files(folder: Path) -> list[Path]:
    """The ``*.yaml`` files in ``folder``, sorted; hidden files (editor or temp files) skipped."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*{QUESTION_SUFFIX}") if not p.name.startswith("."))


def _unknown_id(question_id: str, known: Sequence[str]) -> Problem:
    """The problem for an id with no question file, with a did-you-mean when one is close."""
    close = difflib.get_close_matches(question_id, list(known), n=1, cutoff=0.6)
    if close:
        fix = f"did you mean '{close[0]}'?"
    elif known:
        fix = "the questions are: " + ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")
    else:
        fix = f'create it with: synth new "<your question>" --id {slugify(question_id)}'
    return Problem(
        question_path(question_id), 0, "", f"no question has the id '{question_id}'", fix
    )


def _shown(path: Path, root: Path) -> str:
    """``path`` as a repo-relative POSIX path when it is inside ``root``, else as given."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def question_files(root: Path) -> dict[str, Path]:
    """``{id: path}`` of every question file; a stray ``.yml`` file is reported as a problem."""
    folder = root / QUESTIONS_DIR
    if folder.is_dir() and any(folder.glob("*.yml")):
        load_questions(root)  # raises QuestionError naming the stray file and the fix
    return {path.stem: path for path in _question_files(folder)}
