"""The history of every claim, replayed from the versions of ``claims.yaml`` in git.

Git is the database, so the history of a claim is the history of ``claims.yaml``.
The I/O is two git calls for the whole repository, whatever the number of questions:
the build's one ``git log`` of the record (``RecordLog``) and one ``git cat-file
--batch`` for the blobs it names. ``claim_states`` and ``claim_history`` are pure.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from synth.errors import RecordError
from synth.git.reader import NULL_BLOB, Commit, RecordLog, is_shallow, read_blobs


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
    try:
        blocks = yaml.safe_load(text) or []
    except yaml.YAMLError as error:
        raise RecordError(
            f"a committed claims.yaml cannot be read ({error.__class__.__name__}) -- "
            "find the commit with `git log -p -- docs/reports/*/claims.yaml` and rewrite the "
            "file with `synth verify`"
        ) from error
    if not isinstance(blocks, list):
        blocks = []
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


def load_histories(
    root: Path, ids: Sequence[str] | None = None, log: RecordLog | None = None
) -> dict[str, QuestionHistory] | None:
    """The claim history of each of ``ids`` (of every report when None) from the git log;
    None without usable history.

    A shallow clone has lost the past, so it counts as having none (CI fetches with
    ``fetch-depth: 0``). ``log`` is the build's own ``RecordLog``, read on from where it
    stopped; without one, a log of just these reports is read.
    """
    if is_shallow(root):
        return None
    with log or RecordLog(root, ids) as record_log:
        changes = record_log.claim_changes(ids)
    blobs = read_blobs(root, (b for v in changes.values() for _, b in v if b != NULL_BLOB))
    return {
        question_id: claim_history(
            question_id,
            [(c, None if b == NULL_BLOB else blobs[b]) for c, b in reversed(versions)],
        )
        for question_id, versions in sorted(changes.items())
    }


def describe_event(event: ClaimEvent) -> str:
    """The change in words: ``appeared as supported``, ``not-found → supported``, ``removed``."""
    if event.kind == "appeared":
        return f"appeared as {event.verdict}"
    if event.kind == "verdict":
        return f"verdict {event.previous} → {event.verdict}"
    return f"disappeared (was {event.verdict})"
