"""The record as git remembers it: revisions, blobs, and the history of every claim.

Git is the database, so the history of a claim is the history of ``claims.yaml``.
The I/O here is a handful of git calls for the whole repository, whatever the
number of questions: one ``git log`` of every ``claims.yaml`` and one
``git cat-file --batch`` for the blobs it names. ``claim_history`` and
``render_history`` are pure.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from synth.errors import GitError
from synth.markdown import claim_anchor, escape, html_anchor_link, html_table
from synth.record import CLAIMS_FILE, SOURCES_FILE

NO_HISTORY = "No git history is available for this record."
_NULL_BLOB = "0" * 40
_RECORD_FILES = (SOURCES_FILE, CLAIMS_FILE)
_PAGE_EVENTS = 50  # newest events shown on a page; the rest are one `synth history` away
_TEXT_CHARS = 120
_SHORT = 7  # git's default abbreviation; %h would be full length under --no-abbrev


@dataclass(frozen=True)
class Commit:
    """A commit that changed the record: full hash, short hash and commit date (ISO)."""

    sha: str
    short: str
    date: str


@dataclass(frozen=True)
class ClaimEvent:
    """One change of one claim: it ``appeared``, changed ``verdict`` or ``disappeared``."""

    claim_id: str
    kind: str
    commit: Commit
    verdict: str  # the verdict after the change (before it, for ``disappeared``)
    previous: str = ""  # the verdict before a ``verdict`` change


@dataclass(frozen=True)
class QuestionHistory:
    """The events of a question's claims, oldest first, and the last known text of each claim."""

    question_id: str
    events: tuple[ClaimEvent, ...]
    texts: dict[str, str] = field(default_factory=dict)


# --- git plumbing ------------------------------------------------------------------------------


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


def record_part(path: str) -> tuple[str, str] | None:
    """``(question id, file name)`` for a record path ``…/docs/reports/<id>/<file>``, else None."""
    parts = PurePosixPath(path).parts
    if len(parts) >= 4 and parts[-4:-2] == ("docs", "reports") and parts[-1] in _RECORD_FILES:
        return parts[-2], parts[-1]
    return None


# --- claims.yaml, read fast ----------------------------------------------------------------------

_LINE = re.compile(r"^(- id|  text|  verdict): (.*)$", re.MULTILINE)


def _scalar(raw: str) -> str:
    raw = raw.strip()
    if raw[:1] == '"' and "\\U" not in raw:
        # synth writes double-quoted scalars with JSON's escapes (only astral \U differs).
        with contextlib.suppress(json.JSONDecodeError):
            return str(json.loads(raw))
    if raw[:1] in ("'", '"'):
        try:
            return str(yaml.safe_load(raw))
        except yaml.YAMLError:
            return raw.strip("'\"")
    return raw


def claim_states(text: str) -> dict[str, tuple[str, str]]:
    """``{claim id: (verdict, text)}`` of a ``claims.yaml`` text.

    ``synth verify`` writes one block per claim with its fields in a fixed order, so
    the top-level lines are enough; this is what keeps history fast for a thousand
    records. Anything else falls back to a full YAML parse.
    """
    states: dict[str, tuple[str, str]] = {}
    current, claim_text, ok = "", "", True
    for match in _LINE.finditer(text):
        key, value = match.group(1), _scalar(match.group(2))
        if key == "- id":
            current, claim_text = value, ""
        elif key == "  text":
            claim_text = value
        elif current and current not in states:
            states[current] = (value, claim_text)
        else:
            ok = False
    if ok and text.count("\n- id: ") == len(states):
        return states
    blocks = yaml.safe_load(text) or []
    return {
        str(b["id"]): (str(b.get("verdict", "")), str(b.get("text", "")))
        for b in blocks
        if isinstance(b, dict) and "id" in b
    }


# --- history (pure) ----------------------------------------------------------------------------


def claim_history(
    question_id: str, versions: Sequence[tuple[Commit, str | None]]
) -> QuestionHistory:
    """Replay the versions of a ``claims.yaml`` (oldest first; None when deleted) into events."""
    before: dict[str, tuple[str, str]] = {}
    events: list[ClaimEvent] = []
    texts: dict[str, str] = {}
    for commit, text in versions:
        after = claim_states(text) if text is not None else {}
        for claim_id in sorted(after):
            verdict, claim_text = after[claim_id]
            texts[claim_id] = claim_text or texts.get(claim_id, "")
            if claim_id not in before:
                events.append(ClaimEvent(claim_id, "appeared", commit, verdict))
            elif before[claim_id][0] != verdict:
                events.append(ClaimEvent(claim_id, "verdict", commit, verdict, before[claim_id][0]))
        for claim_id in sorted(before.keys() - after.keys()):
            events.append(ClaimEvent(claim_id, "disappeared", commit, before[claim_id][0]))
        before = after
    return QuestionHistory(question_id, tuple(events), texts)


def _parse_log(log: str) -> dict[str, list[tuple[Commit, str]]]:
    """``{question id: [(commit, new blob)…]}`` newest first, from ``git log --raw`` output."""
    changes: dict[str, list[tuple[Commit, str]]] = {}
    commit = Commit("", "", "")
    for line in log.splitlines():
        if line.startswith("\0"):
            sha, date = line[1:].split(" ")
            commit = Commit(sha, sha[:_SHORT], date)
        elif line.startswith(":"):
            meta, _, path = line.partition("\t")
            part = record_part(path)
            if part and part[1] == CLAIMS_FILE:
                changes.setdefault(part[0], []).append((commit, meta.split()[3]))
    return changes


_FEW = 64  # up to this many ids are named to git one by one; more read the whole log


def load_histories(
    root: Path, ids: Sequence[str] | None = None
) -> dict[str, QuestionHistory] | None:
    """The claim history of every question (or of ``ids``) from the git log; None without
    usable git history.

    A shallow clone has lost the past, so it counts as having none (CI fetches with
    ``fetch-depth: 0``). Only first-parent history is followed: a merged pull request
    is one step, dated when it reached the branch. Asking for a few ids reads only
    their records' history, so a one-question rebuild does not replay every report's.
    """
    if ids is not None and len(ids) <= _FEW:
        paths = [f"docs/reports/{question_id}/{CLAIMS_FILE}" for question_id in sorted(ids)]
    else:
        paths = [f":(glob)**/docs/reports/*/{CLAIMS_FILE}"]
    try:
        if run_git(root, ["rev-parse", "--is-shallow-repository"]).strip() != b"false":
            return None
        log = run_git(
            root,
            [
                "log",
                "--first-parent",
                "-m",
                "--no-renames",
                "--raw",
                "--no-abbrev",
                "--format=%x00%H %cs",
                "--",
                *paths,
            ],
        ).decode("utf-8", "replace")
    except GitError:
        return None
    changes = _parse_log(log)
    if ids is not None:
        wanted = set(ids)
        changes = {qid: v for qid, v in changes.items() if qid in wanted}
    blobs = read_blobs(root, (b for v in changes.values() for _, b in v if b != _NULL_BLOB))
    return {
        question_id: claim_history(
            question_id,
            [(c, None if b == _NULL_BLOB else blobs[b]) for c, b in reversed(versions)],
        )
        for question_id, versions in sorted(changes.items())
    }


# --- rendering (pure) --------------------------------------------------------------------------


def printable(text: str) -> str:
    """Outside text on one line with control characters (terminal escapes) removed."""
    return "".join(c for c in " ".join(text.split()) if c.isprintable())


def _short(text: str) -> str:
    text = printable(text)
    return text if len(text) <= _TEXT_CHARS else text[: _TEXT_CHARS - 1].rstrip() + "…"


def describe(event: ClaimEvent) -> str:
    """The change in words: ``appeared as supported``, ``not-found → supported``, ``removed``."""
    if event.kind == "appeared":
        return f"appeared as {event.verdict}"
    if event.kind == "verdict":
        return f"verdict {event.previous} → {event.verdict}"
    return f"disappeared (was {event.verdict})"


def render_history(history: QuestionHistory | None, present: Iterable[str] = ()) -> str:
    """The History section of a report page, newest change first."""
    # The history repeats claim text that the claims table already puts in the search index.
    head = "## History { data-search-exclude }\n\n"
    if history is None or not history.events:
        return head + NO_HISTORY + "\n"
    linked = set(present)
    rows = []
    for event in reversed(history.events[-_PAGE_EVENTS:]):
        claim = escape(_short(history.texts.get(event.claim_id, "")) or event.claim_id)
        if event.claim_id in linked:
            claim = html_anchor_link(claim, claim_anchor(event.claim_id))
        commit = f"<code>{escape(event.commit.short)}</code>"
        rows.append([escape(event.commit.date), commit, escape(describe(event)), claim])
    intro = (
        f"Changes to the claims of this report, from the git log of `{CLAIMS_FILE}` "
        f"({len(history.events)} in all"
    )
    earlier = len(history.events) - _PAGE_EVENTS
    intro += (
        f"; the {earlier} earlier are listed by `synth history {history.question_id}`)."
        if (earlier > 0)
        else ")."
    )
    return head + intro + "\n\n" + html_table(["Date", "Commit", "Change", "Claim"], rows) + "\n"


def history_lines(history: QuestionHistory) -> list[str]:
    """``synth history`` output: one line per event, oldest first."""
    return [
        f"{e.commit.date} {e.commit.short} {e.claim_id} {describe(e)}: "
        f"{_short(history.texts.get(e.claim_id, ''))}"
        for e in history.events
    ]


def history_section(
    histories: dict[str, QuestionHistory] | None, question_id: str, present: Iterable[str]
) -> str:
    """The History section of one question's page from ``load_histories`` output."""
    return render_history(histories.get(question_id) if histories else None, present)
