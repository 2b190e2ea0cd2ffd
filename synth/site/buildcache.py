"""What the last ``synth build`` rendered, so that the next one redoes only what changed.

The cache lives in ``.synth-cache/build/`` (git-ignored) and is only an accelerator:
deleting it makes the next build a full one, and any doubt about an entry
(unreadable, from another version of synth, a page edited or deleted since)
makes that entry stale. For each question it keeps

- the fingerprint of everything its page is rendered from: the bytes of the
  question file, ``sources.bib`` and ``claims.yaml``, and the date and commit of
  the record's last change (the page shows the date; its history follows commits);
- the size, modification time and hash of the page written from it, to notice a
  page edited or deleted by hand (a page restored with other times, e.g. from a CI
  cache, is recognised by its hash);
- the report's row on the home page (``IndexRow``), because the home page lists every
  report: an unchanged report is listed from the cache instead of being read and reviewed.
  Only the row is kept, in the manifest itself: one file to read, and nothing to unpickle.

Every fingerprint also covers the source code of synth, so a new version of the
renderer re-renders everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import asdict, astuple, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import synth
from synth.files import atomic_write
from synth.paths import cache_dir
from synth.site.report import IndexRow

MANIFEST = "build.json"
OLD_REPORTS = "reports"  # where format 1 kept a pickled Report per question
FORMAT = 2
# The types of IndexRow's fields, in order, as JSON gives them back (a score may be whole).
ROW_TYPES: tuple[type | tuple[type, ...], ...] = (
    str,
    str,
    str,
    str,
    int,
    int,
    (int, float, type(None)),
)


@cache
def code_version() -> str:
    """A hash of synth's own source files and the Python version: a new renderer, a new cache."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    package = Path(synth.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(files: Iterable[str | os.PathLike[str]], *facts: str) -> str:
    """A hash of the files' bytes (a missing file counts as absent) and of ``facts``."""
    digest = hashlib.sha256(code_version().encode())
    for path in files:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            digest.update(b"\0absent")
            continue
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    for fact in facts:
        digest.update(b"\0" + fact.encode("utf-8"))
    return digest.hexdigest()


def page_stamp(path: Path) -> dict[str, Any] | None:
    """The size, modification time and hash of a written page; None when it does not exist."""
    try:
        info = path.stat()
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    digest = hashlib.sha256(data).hexdigest()
    return {"size": info.st_size, "mtime": info.st_mtime_ns, "sha256": digest}


def page_unchanged(path: Path, stamp: Any) -> bool:
    """True when the page is as written: same size and time, or (restored by CI) same bytes."""
    if not isinstance(stamp, dict):
        return False
    try:
        info = path.stat()
        if [info.st_size, info.st_mtime_ns] == [stamp.get("size"), stamp.get("mtime")]:
            return True
        return bool(hashlib.sha256(path.read_bytes()).hexdigest() == stamp.get("sha256"))
    except FileNotFoundError:
        return False


@dataclass
class BuildCache:
    """The manifest of the last build: per question, its fingerprint and page stamp."""

    folder: Path
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    index: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> BuildCache:
        """The cache of the repository at ``root``; an empty one when absent or unreadable."""
        folder = cache_dir(root, "build")
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            if data.get("version") != code_version():
                return cls(folder)
            return cls(folder, dict(data["questions"]), dict(data["index"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(folder)

    def fresh(self, question_id: str, inputs: str, page: Path) -> bool:
        """True when the page was rendered from these inputs and has not been touched since."""
        entry = self.questions.get(question_id)
        return (
            entry is not None
            and entry.get("inputs") == inputs
            and page_unchanged(page, entry.get("page"))
        )

    def index_fresh(self, inputs: str, page: Path) -> bool:
        """True when the home page was rendered from exactly these reports and is untouched."""
        return self.index.get("inputs") == inputs and page_unchanged(page, self.index.get("page"))

    def row(self, question_id: str) -> IndexRow | None:
        """The home page's row of a fresh question; None when the entry does not hold one
        (a manifest edited by hand, say)."""
        try:
            row = IndexRow(**self.questions[question_id]["row"])
        except (KeyError, TypeError):
            return None
        typed = all(isinstance(v, t) for v, t in zip(astuple(row), ROW_TYPES, strict=True))
        return row if typed else None

    def record(self, question_id: str, inputs: str, page: Path, row: IndexRow) -> None:
        """Remember a page just rendered from ``inputs``, with its row on the home page."""
        self.questions[question_id] = {
            "inputs": inputs,
            "page": page_stamp(page),
            "row": asdict(row),
        }

    def forget(self, question_id: str) -> None:
        """Drop a question whose page was not (re)written, so the next build renders it."""
        self.questions.pop(question_id, None)

    def record_index(self, inputs: str, page: Path) -> None:
        """Remember the home page just written from the reports with fingerprint ``inputs``."""
        self.index = {"inputs": inputs, "page": page_stamp(page)}

    def save(self, known: Iterable[str]) -> None:
        """Write the manifest, keeping only questions in ``known``."""
        keep = set(known)
        self.questions = {k: v for k, v in sorted(self.questions.items()) if k in keep}
        shutil.rmtree(self.folder / OLD_REPORTS, ignore_errors=True)  # disk an old build used
        data = {"version": code_version(), "index": self.index, "questions": self.questions}
        atomic_write(self.folder / MANIFEST, json.dumps(data, indent=0).encode("utf-8"))
