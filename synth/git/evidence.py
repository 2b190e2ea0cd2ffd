"""The history of a report's findings and gaps, replayed from the versions of its record.

Each commit that changed ``sources.bib`` or ``claims.yaml`` gives a record; each record
is synthesised under the question as it is now (its concepts decide what a gap is), and
consecutive syntheses are compared: a new source that closes a gap, a finding that gains
a contradicting source. The I/O is the build's one ``git log`` (``RecordLog``) and one
``git cat-file --batch`` (``load_versions``); ``evidence_history`` is pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from synth.errors import RecordError
from synth.git.reader import NULL_BLOB, Commit, RecordLog, is_shallow, read_blobs
from synth.models import ClaimResult, Question, Source
from synth.paths import CLAIMS_FILE, SOURCES_FILE
from synth.record.bibtex import parse_bibtex
from synth.record.store import claims_from_yaml
from synth.synthesis.changes import compare
from synth.synthesis.synthesise import Synthesis, synthesise

# One version of a record: the commit, then the text of claims.yaml and of sources.bib as
# they were after it (None: absent).
Version = tuple[Commit, str | None, str | None]


@dataclass(frozen=True)
class EvidenceEvent:
    """One change to a report's findings or gaps, in words, and the commit that made it."""

    commit: Commit
    text: str


def evidence_history(
    question: Question,
    versions: Sequence[Version],
    known: Mapping[tuple[str | None, str | None], Synthesis] | None = None,
) -> tuple[EvidenceEvent, ...]:
    """The events of a question's findings and gaps over its record's versions, oldest first.

    ``known`` maps the texts (claims.yaml, sources.bib) of a record already synthesised to
    its synthesis: the build passes the current record's, which is most often the last
    version's, so that one is not read again. A version whose files cannot be read is
    skipped: the next readable one is compared with the last readable one before it.
    """
    events: list[EvidenceEvent] = []
    before: Synthesis | None = None
    started = False
    for commit, claims_text, sources_text in versions:
        try:
            after = (known or {}).get((claims_text, sources_text)) or _synthesis(
                question, claims_text, sources_text
            )
        except RecordError:
            continue
        if not started:
            started = after is not None
            if after is not None:
                events.append(EvidenceEvent(commit, _first(after)))
        else:
            events += [EvidenceEvent(commit, line) for line in compare(before, after).lines()]
        before = after
    return tuple(events)


def _synthesis(
    question: Question, claims_text: str | None, sources_text: str | None
) -> Synthesis | None:
    """The synthesis of one version (None when it has no record at all)."""
    sources: list[Source] = []
    if sources_text:
        sources, failures = parse_bibtex(sources_text)
        if failures:
            raise RecordError(f"sources.bib unreadable at line {failures[0][0]}")
    results: list[ClaimResult] = []
    if claims_text:
        results = claims_from_yaml(claims_text, Path("claims.yaml"))
    if not sources and not results:
        return None
    return synthesise(question, sorted(sources, key=lambda s: s.key), results)


def _first(synthesis: Synthesis) -> str:
    gaps, findings = len(synthesis.map.gaps), len(synthesis.findings)
    return (
        f"first synthesis: {findings} finding{'' if findings == 1 else 's'}, "
        f"{gaps} gap{'' if gaps == 1 else 's'}"
    )


def load_versions(
    root: Path, ids: Sequence[str], log: RecordLog
) -> dict[str, list[Version]] | None:
    """Every version of each question's record, from the build's ``RecordLog`` and one
    ``git cat-file``; None without usable history (a shallow clone has lost the past)."""
    if is_shallow(root):
        return None
    changes = log.record_changes(ids)
    blobs = read_blobs(root, {b for v in changes.values() for _, _, b in v} - {NULL_BLOB})
    return {qid: versions(changes.get(qid, []), blobs) for qid in ids}


def versions(changes: Sequence[tuple[Commit, str, str]], blobs: dict[str, str]) -> list[Version]:
    """The record after each commit that changed it, oldest first (``changes`` newest first)."""
    out: list[Version] = []
    latest = {CLAIMS_FILE: NULL_BLOB, SOURCES_FILE: NULL_BLOB}
    for commit, name, blob in reversed(changes):
        latest[name] = blob
        state = (commit, blobs.get(latest[CLAIMS_FILE]), blobs.get(latest[SOURCES_FILE]))
        if out and out[-1][0] == commit:
            out[-1] = state  # one commit changed both files
        else:
            out.append(state)
    return out
