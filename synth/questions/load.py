"""Question files on disk: find, load and check ``questions/<id>.yaml``.

The field rules live in ``synth.questions.schema`` (pure). This module is the edge:
it reads files and checks what needs the file system (the file name, pinned bibtex
paths). New files are written by ``synth.questions.scaffold``.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from synth.errors import Problem, QuestionError
from synth.files import NotRegularFile, TooLarge, file_kind, read_limited
from synth.ids import slugify
from synth.models import Question
from synth.paths import QUESTION_SUFFIX, QUESTIONS_DIR, question_path
from synth.questions.schema import BibtexCheck, parse_question
from synth.text import shorten

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
    unusable = _unusable(path, root)
    if unusable is not None:
        return None, [*problems, unusable]
    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        fix = "check the path; run synth check without arguments to check every question"
        return None, [*problems, Problem(shown, 0, "", "does not exist", fix)]
    except NotRegularFile as error:
        return None, [*problems, _not_a_file(shown, str(error))]
    except TooLarge:
        return None, [*problems, _too_large(shown)]
    except OSError as error:
        message = f"cannot be read: {error.strerror or error}"
        return None, [*problems, Problem(shown, 0, "", message, "check the path and permissions")]
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
        try:
            target = (root / relative).resolve()
            is_file = target.is_file()
        except (OSError, ValueError) as error:  # too long, a NUL, a loop of links
            reason = getattr(error, "strerror", None) or error
            return f"'{shorten(relative, 60)}' cannot be used: {reason}", "check the path"
        if not target.is_relative_to(base):
            return f"'{relative}' leads outside the repository", "copy the file into the repository"
        if not is_file:
            fix = "check the path: it is relative to the repository root (questions/papers/x.bib)"
            return f"'{relative}' does not exist", fix
        return None

    return check


def _unusable(path: Path, root: Path) -> Problem | None:
    """The problem with ``path`` found without reading it: a symbolic link that leads out
    of the repository (when ``path`` is in it), or not a regular file; None when usable."""
    base = Path(os.path.abspath(root))
    try:
        target = path.resolve()
        status = target.stat()
    except (OSError, RuntimeError):
        return None  # missing, or a loop of links: reading it says so
    if Path(os.path.abspath(path)).is_relative_to(base) and not target.is_relative_to(
        base.resolve()
    ):
        where = shorten(str(target), 80)
        fix = "copy the file into questions/ instead of linking to it"
        message = f"is a link to {where}, outside the repository"
        return Problem(_shown(path, root), 0, "", message, fix)
    if not stat.S_ISREG(status.st_mode):
        return _not_a_file(_shown(path, root), file_kind(status.st_mode))
    if status.st_size > MAX_FILE_BYTES:
        return _too_large(_shown(path, root))
    return None


def _too_large(shown: str) -> Problem:
    message = f"is larger than {MAX_FILE_BYTES} bytes, the most a question file may be"
    fix = "move long text (such as BibTeX) into a separate file and pin it with bibtex:"
    return Problem(shown, 0, "", message, fix)


def _not_a_file(shown: str, kind: str) -> Problem:
    return Problem(shown, 0, "", f"is {kind}, not a file", "a question is an ordinary .yaml file")


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
    for inside, base in (
        (os.path.abspath(path), os.path.abspath(root)),
        (path.resolve(), root.resolve()),
    ):
        try:
            return Path(inside).relative_to(base).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def question_files(root: Path) -> dict[str, Path]:
    """``{id: path}`` of every question file; a stray ``.yml`` file is reported as a problem."""
    folder = root / QUESTIONS_DIR
    if folder.is_dir() and any(folder.glob("*.yml")):
        load_questions(root)  # raises QuestionError naming the stray file and the fix
    files = {path.stem: path for path in _question_files(folder)}
    # Callers read these files before loading them (the build's fingerprints): a link out
    # of the repository, a FIFO or /dev/zero must stop here, not hang or fill memory there.
    problems = [p for p in (_unusable(path, root) for path in files.values()) if p is not None]
    if problems:
        raise QuestionError(problems)
    return files
