"""Question files on disk: load and check ``questions/<id>.yaml``, scaffold new ones.

The field rules live in ``synth.question_schema`` (pure). This module is the edge:
it reads files, checks what needs the file system (the file name, pinned bibtex
paths) and writes new question files atomically, never over an existing one.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import yaml

from synth.errors import Problem, QuestionError, QuestionExistsError, UsageError
from synth.ids import is_slug, slugify
from synth.models import Question
from synth.question_schema import BibtexCheck, canonical_source, parse_question

__all__ = [
    "canonical_source",
    "check_paths",
    "load_question",
    "load_questions",
    "parse_question",
    "question_path",
    "scaffold",
    "write_new_question",
]

QUESTIONS_DIR = "questions"
SUFFIX = ".yaml"
MAX_FILE_BYTES = 1_000_000
_ID_RULE = "lowercase letters, digits and single hyphens, at most 80 characters"


def question_path(question_id: str) -> str:
    """The repo-relative POSIX path of a question file: ``questions/<id>.yaml``."""
    return f"{QUESTIONS_DIR}/{question_id}{SUFFIX}"


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
            fix = f"rename it to {stray.stem}{SUFFIX}, or it will be ignored"
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
    if path.suffix != SUFFIX:
        fix = f"rename it to {path.stem}{SUFFIX}"
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
    return sorted(p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith("."))


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


def scaffold(question_text: str, question_id: str) -> str:
    """The YAML text of a valid new question file, each optional field explained in comments."""
    if not is_slug(question_id):
        raise UsageError(f"'{question_id}' is not a valid question id -- use {_ID_RULE}")
    quoted = yaml.safe_dump(
        " ".join(question_text.split()), default_style='"', width=1_000_000, allow_unicode=True
    ).strip()
    return _SCAFFOLD.format(path=question_path(question_id), question=quoted)


_SCAFFOLD = """\
# A research question for synth. The file name is the question's id.
# Edit it, then run: synth check {path}
# Lines starting with # are comments; remove the # to use a field.

# The question the report answers (required).
question: {question}

# A short title for the report page (default: the question).
# title: Alignment techniques and robustness in code generation models

# Words that describe the topic; they help rank the sources found.
# keywords: [RLHF, constitutional AI, mixture of experts]

# Labels that group reports on the site: lowercase words joined by hyphens.
# tags: [alignment, code-generation]

# How to search the scholarly databases (every line is optional).
# search:
#   queries: ["RLHF robustness code generation"]   # default: the question itself
#   databases: [openalex, crossref, arxiv, semanticscholar]   # default: all four
#   limit: 20            # sources kept, 1 to 500
#   years: 2018-2026     # or 2018- (from), -2020 (up to), 2022 (one year)

# Papers to include whatever the search finds: exactly one identifier per entry.
# sources:
#   - doi: 10.1145/3630010
#   - arxiv: 2402.06196
#   - bibtex: questions/papers/extra.bib   # a BibTeX file inside this repository

# Claims to verify against the sources' abstracts, each optionally credited to a paper.
# claims:
#   - text: ChatGPT was released in November 2022.
#     source: arXiv:2402.06196

# The most claims a report shows, 1 to 200; the claims above are always included.
# max_claims: 12
"""


def write_new_question(root: Path, question_text: str, question_id: str | None = None) -> Path:
    """Write a scaffold to ``questions/<id>.yaml`` atomically; never overwrites a file."""
    text = " ".join(question_text.split())
    if not text:
        raise UsageError(
            'the question text is empty -- pass it in quotes: synth new "Does RLHF help?"'
        )
    new_id = slugify(text) if question_id is None else question_id
    if not is_slug(new_id):
        raise UsageError(
            f"'{new_id}' is not a valid question id -- use {_ID_RULE}, e.g. --id {slugify(new_id)}"
        )
    if not root.is_dir():
        raise UsageError(f"{root} is not a directory -- pass --root the repository folder")
    target = root / QUESTIONS_DIR / f"{new_id}{SUFFIX}"
    exists = QuestionExistsError(
        f"{question_path(new_id)} already exists -- choose another --id or edit that file"
    )
    if target.exists():
        raise exists
    target.parent.mkdir(parents=True, exist_ok=True)
    content = scaffold(text, new_id)
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o644)  # mkstemp makes 0600; a question file is ordinary text
        _link_without_overwrite(temp_name, target, exists)
    finally:
        Path(temp_name).unlink(missing_ok=True)
    return target


def _link_without_overwrite(temp_name: str, target: Path, exists: QuestionExistsError) -> None:
    """Put the finished temp file in place, failing if another writer got there first.

    A hard link is atomic and refuses to replace; os.replace would silently overwrite.
    """
    try:
        os.link(temp_name, target)
    except FileExistsError:
        raise exists from None
    except OSError:
        # Some file systems have no hard links: fall back to a checked replace.
        if target.exists():
            raise exists from None
        os.replace(temp_name, target)
