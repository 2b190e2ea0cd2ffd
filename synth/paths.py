"""Where things live in a synth repository: the one place a question id becomes a path.

A question is ``questions/<id>.yaml``; its record and page are in ``docs/reports/<id>/``.
``report_path`` is the only function that turns an id into a record path, and it refuses
an id that could leave its folder (``..``, ``/``, capitals, ...). Git and the site build
read record paths back with ``record_part``.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from synth.errors import Problem, QuestionError, RecordError
from synth.ids import MAX_ID_LENGTH, is_slug

QUESTIONS_DIR = "questions"
QUESTION_SUFFIX = ".yaml"
DOCS_DIR = PurePosixPath("docs")  # the site's sources: mkdocs copies all of it
REPORTS_DIR = DOCS_DIR / "reports"
SOURCES_FILE = "sources.bib"
CLAIMS_FILE = "claims.yaml"
LOG_FILE = "retrieval.yaml"  # the last retrieval: date, queries, each database's outcome
PAGE_FILE = "index.md"  # a report's page, generated next to its record (not committed)
RECORD_FILES = (SOURCES_FILE, CLAIMS_FILE, LOG_FILE)
INDEX_PAGE = PurePosixPath("docs/index.md")
# Git-ignored; only ever saves time: the HTTP responses of the day and the last build.
CACHE_DIR = ".synth-cache"
ID_RULE = f"lowercase letters, digits and single hyphens, at most {MAX_ID_LENGTH} characters"


def question_path(question_id: str) -> str:
    """The repo-relative POSIX path of a question file: ``questions/<id>.yaml``."""
    return f"{QUESTIONS_DIR}/{question_id}{QUESTION_SUFFIX}"


def report_path(question_id: str, name: str = "") -> PurePosixPath:
    """``docs/reports/<id>`` (or a file ``name`` in it), relative to the repository root.

    Raises ``QuestionError`` for an id that is not a slug, so no id can escape the folder.
    """
    if not is_slug(question_id):
        raise QuestionError(
            [
                Problem(
                    question_path(question_id),
                    0,
                    "id",
                    f"{question_id!r} is not a valid question id",
                    f"use {ID_RULE}",
                )
            ]
        )
    folder = REPORTS_DIR / question_id
    return folder / name if name else folder


def report_dir(root: Path, question_id: str) -> Path:
    """The folder of a question's record and page under ``root``.

    Raises ``RecordError`` when a symbolic link takes it out of the repository.
    """
    return inside(root, root / report_path(question_id))


def report_file(root: Path, question_id: str, name: str) -> Path:
    """One file of a question's record (``SOURCES_FILE``, ...) or its page under ``root``.

    Raises ``RecordError`` when a symbolic link takes it out of the repository.
    """
    return file_in(root, report_dir(root, question_id), name)  # the folder checked first


def file_in(root: Path, folder: Path, name: str) -> Path:
    """``folder / name`` for a ``folder`` that ``report_dir`` has checked, checked in turn.

    Raises ``RecordError`` when a symbolic link takes it out of the repository.
    """
    path = folder / name
    if name == path.name and name not in (".", "..") and not path.is_symlink():
        # A plain name that is no link stays in the folder just checked: resolving the
        # whole path again (a system call per part) would find the same.
        return path
    return inside(root, path)


def inside(root: Path, path: Path) -> Path:
    """``path``, after checking that no symbolic link takes it out of ``root``.

    A linked ``docs/reports/<id>`` would make verify and build write outside the
    repository, and mkdocs copy what it finds there into the published site.
    """
    try:
        target = path.resolve()
        base = root.resolve()
    except (OSError, RuntimeError):
        return path  # a loop of links: using the path reports it
    if target.is_relative_to(base):
        return path
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        shown = str(path)
    raise RecordError(
        f"{shown} is a link to {target}, outside the repository -- replace the link with a"
        " folder or file of its own: the record must be in the repository"
    )


def outside_links(root: Path, folder: PurePosixPath) -> list[str]:
    """Every symbolic link under ``root/folder`` that leads out of ``root`` (as messages)."""
    found: list[str] = []
    pending = [root / folder]
    while pending:  # every build walks docs/: a directory entry knows whether it is a link
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue  # gone, or not a folder: nothing below it to link out
        for entry in entries:
            if entry.is_symlink():
                try:
                    inside(root, Path(entry.path))
                except RecordError as error:
                    found.append(str(error))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
    return sorted(found)


def record_part(path: str) -> tuple[str, str] | None:
    """``(question id, file name)`` for a record path ``…/docs/reports/<id>/<file>``, else None."""
    parts = PurePosixPath(path).parts
    if len(parts) >= 4 and parts[-4:-2] == REPORTS_DIR.parts and parts[-1] in RECORD_FILES:
        return parts[-2], parts[-1]
    return None


def cache_dir(root: Path, purpose: str) -> Path:
    """The git-ignored cache folder of one purpose (``http``, ``build``) under ``root``."""
    return root / CACHE_DIR / purpose
