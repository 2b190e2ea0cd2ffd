"""The one git reader: revisions, blobs, and the log of the record folder.

Git is the database, so what the record was at any time is read from git itself.
Every call here runs ``git`` in the repository and raises ``GitError`` (one line, with
the fix) when it fails; ``RecordLog`` streams one ``git log`` of ``docs/reports`` that
serves both what a build needs (when each record last changed) and the claim history.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from synth.errors import GitError
from synth.paths import CLAIMS_FILE, PAGE_FILE, REPORTS_DIR, SOURCES_FILE, report_path

NULL_BLOB = "0" * 40  # the blob of a file a commit deleted
_SHORT = 7  # git's default abbreviation; %h would be full length under --no-abbrev
_FEW = 64  # up to this many ids are named to git one by one; more read the whole folder


@dataclass(frozen=True)
class Commit:
    """A commit that changed the record: full hash, short hash and commit date (ISO)."""

    sha: str
    short: str
    date: str


def run_git(root: Path, args: Sequence[str], stdin: bytes | None = None) -> bytes:
    """Run ``git args`` in ``root`` and return its output; GitError when git fails or is absent."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, input=stdin, capture_output=True, check=False
        )
    except OSError as error:
        raise GitError(f"cannot run git ({error}) -- install git and retry") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(
            f"git {args[0]} failed: {message[0] if message else 'exit ' + str(done.returncode)}"
            " -- run synth inside a git clone of the reports repository"
        )
    return done.stdout


def ensure_repository(root: Path) -> None:
    """Raise GitError unless ``root`` is inside a git work tree."""
    try:
        run_git(root, ["rev-parse", "--is-inside-work-tree"])
    except GitError as error:
        raise GitError(
            f"{root} is not in a git repository -- run synth diff/history inside a clone "
            "of the reports repository (git clone, not a tarball)"
        ) from error


def is_shallow(root: Path) -> bool:
    """True when ``root`` is a shallow clone (its history is cut off) or not a clone at all."""
    try:
        return run_git(root, ["rev-parse", "--is-shallow-repository"]).strip() != b"false"
    except GitError:
        return True


def resolve_revision(root: Path, revision: str) -> str:
    """The full commit hash ``revision`` names; GitError naming it when git does not know it."""
    if revision.startswith("-"):
        raise GitError(f"unknown revision {revision!r} -- name a commit, branch or tag")
    try:
        out = run_git(root, ["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"])
    except GitError as error:
        raise GitError(
            f"unknown revision {revision!r} -- name a commit, branch or tag that exists here "
            "(see `git log --oneline`; in CI fetch history with fetch-depth: 0)"
        ) from error
    return out.decode().strip()


def read_blobs(root: Path, names: Iterable[str]) -> dict[str, str]:
    """The text of each object in ``names`` (blob hashes), all read by one ``git cat-file``."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    out = run_git(root, ["cat-file", "--batch"], ("\n".join(wanted) + "\n").encode())
    blobs: dict[str, str] = {}
    at = 0
    for name in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].decode().split()
        if len(header) != 3:  # "<name> missing"
            raise GitError(f"git object {name} is missing -- fetch the full history")
        size = int(header[2])
        blobs[name] = out[end + 1 : end + 1 + size].decode("utf-8", "replace")
        at = end + 1 + size + 1
    return blobs


def tree_files(root: Path, commit: str, folder: PurePosixPath) -> dict[str, str]:
    """``{path: blob}`` of every file under ``folder`` at ``commit``."""
    listing = run_git(root, ["ls-tree", "-r", commit, "--", folder.as_posix()]).decode()
    files: dict[str, str] = {}
    for line in listing.splitlines():
        meta, _, path = line.partition("\t")
        kind, blob = meta.split()[1:3]
        if kind == "blob":
            files[path] = blob
    return files


def _report_file(path: str) -> tuple[str, str] | None:
    """``(question id, file name)`` of a file in a report folder, else None."""
    parts = PurePosixPath(path).parts
    if len(parts) == 4 and parts[:2] == REPORTS_DIR.parts:
        return parts[2], parts[3]
    return None


class RecordLog:
    """The first-parent log of the record folder, read once, as far as it is needed.

    First-parent: a merged pull request is one change, dated when it reached the branch.
    ``versions`` reads only until every wanted report is found; ``claim_changes`` then
    reads on to the end. Outside a git checkout (a tarball) the log is empty.
    """

    def __init__(self, root: Path, ids: Sequence[str] | None = None) -> None:
        self._wanted = set(ids) if ids is not None else None
        if ids is not None and len(ids) <= _FEW:
            paths = [report_path(question_id).as_posix() for question_id in sorted(ids)]
        else:
            paths = [REPORTS_DIR.as_posix()]
        command = ["git", "log", "--first-parent", "-m", "--no-renames", "--raw", "--no-abbrev"]
        command += ["--format=%x00%H %cs", "--", *paths]
        self._versions: dict[str, tuple[str, str]] = {}
        self._claims: dict[str, list[tuple[Commit, str]]] = {}
        # Every change to sources.bib or claims.yaml, in log order: (commit, file name, blob).
        self._changes: dict[str, list[tuple[Commit, str, str]]] = {}
        self._lines: Iterator[str] = iter(())
        self._git: subprocess.Popen[str] | None = None
        if self._wanted is not None and not self._wanted:
            return
        try:
            self._git = subprocess.Popen(
                command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
            )
        except OSError:
            return
        assert self._git.stdout is not None
        self._lines = iter(self._git.stdout)
        self._commit = Commit("", "", "")

    def _read(self, until_versions: bool) -> None:
        """Consume log lines: until every wanted report has a version, or to the end."""
        for line in self._lines:
            if line.startswith("\0"):
                sha, _, date = line[1:].strip().partition(" ")
                self._commit = Commit(sha, sha[:_SHORT], date)
                continue
            if not line.startswith(":"):
                continue
            meta, _, path = line.rstrip("\n").partition("\t")
            part = _report_file(path)
            if part is None or part[1] == PAGE_FILE:
                continue
            question_id, name = part
            self._versions.setdefault(question_id, (self._commit.date, self._commit.sha))
            if name in (CLAIMS_FILE, SOURCES_FILE):
                blob = meta.split()[3]
                self._changes.setdefault(question_id, []).append((self._commit, name, blob))
                if name == CLAIMS_FILE:
                    self._claims.setdefault(question_id, []).append((self._commit, blob))
            if (
                until_versions
                and self._wanted is not None
                and self._wanted <= self._versions.keys()
            ):
                return
        self.close()

    def versions(self) -> dict[str, tuple[str, str]]:
        """The (date, commit) of the last change to each report's record."""
        self._read(until_versions=True)
        return dict(self._versions)

    def claim_changes(
        self, ids: Iterable[str] | None = None
    ) -> dict[str, list[tuple[Commit, str]]]:
        """``{id: [(commit, blob of claims.yaml)...]}``, newest first, for each of ``ids``
        (of every report when None)."""
        self._read(until_versions=False)
        wanted = self._claims.keys() if ids is None else set(ids)
        return {qid: self._claims[qid] for qid in sorted(wanted) if qid in self._claims}

    def record_changes(
        self, ids: Iterable[str] | None = None
    ) -> dict[str, list[tuple[Commit, str, str]]]:
        """``{id: [(commit, file name, blob)...]}``: every change to ``sources.bib`` and
        ``claims.yaml``, newest first, for each of ``ids`` (of every report when None)."""
        self._read(until_versions=False)
        wanted = self._changes.keys() if ids is None else set(ids)
        return {qid: self._changes[qid] for qid in sorted(wanted) if qid in self._changes}

    @property
    def complete(self) -> bool:
        """True when git ran and the whole log was read without error."""
        return self._git is not None and self._git.returncode == 0

    def close(self) -> None:
        """Stop git if it is still writing (the rest of history cannot change the answer)."""
        if self._git is None:
            return
        if self._git.poll() is None:
            self._git.kill()
        self._git.wait()
        if self._git.stdout is not None:
            self._git.stdout.close()
        self._lines = iter(())

    def __enter__(self) -> RecordLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
