"""Record diffs: what changed in the record between two revisions (``synth diff``).

Claims added, removed or re-judged, sources added and removed, and what that does to
the synthesis: gaps opened and closed, findings that changed kind or gained or lost a
supporting or contradicting source (each side synthesised with its own question file).
The record at a revision is read from git itself (``git ls-tree`` and one
``git cat-file --batch``), the working tree from disk; no network. Comparing
two records and formatting the result as text, Markdown or JSON are pure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from synth.errors import QuestionError, RecordError
from synth.git.reader import ensure_repository, read_blobs, resolve_revision, tree_files
from synth.markdown import escape
from synth.models import ClaimResult, Question, Source
from synth.paths import (
    CLAIMS_FILE,
    QUESTION_SUFFIX,
    QUESTIONS_DIR,
    REPORTS_DIR,
    SOURCES_FILE,
    question_path,
    record_part,
    report_file,
)
from synth.questions.load import load_question
from synth.questions.schema import parse_question
from synth.record.bibtex import parse_bibtex
from synth.record.store import claims_from_yaml, read_claims, read_sources
from synth.synthesis.changes import SynthesisChanges, compare
from synth.synthesis.synthesise import Synthesis, synthesise
from synth.text import plural, printable

CONFIDENCE_STEP = 0.1  # smaller confidence moves are noise from re-ranking, not news
WORKING_TREE = "working tree"


@dataclass(frozen=True)
class Record:
    """A question's record at one revision."""

    sources: tuple[Source, ...] = ()
    claims: tuple[ClaimResult, ...] = ()
    question: Question | None = None  # the question file at that revision, when it is valid


@dataclass(frozen=True)
class ClaimChange:
    """A claim present on both sides whose verdict flipped or whose confidence moved."""

    claim_id: str
    text: str
    verdict_before: str
    verdict_after: str
    confidence_before: float
    confidence_after: float


@dataclass(frozen=True)
class QuestionDiff:
    """Everything that changed in one question's record."""

    question_id: str
    claims_added: tuple[ClaimResult, ...] = ()
    claims_removed: tuple[ClaimResult, ...] = ()
    verdict_flips: tuple[ClaimChange, ...] = ()
    confidence_changes: tuple[ClaimChange, ...] = ()
    sources_added: tuple[Source, ...] = ()
    sources_removed: tuple[Source, ...] = ()
    evidence: SynthesisChanges = field(default_factory=SynthesisChanges)

    @property
    def empty(self) -> bool:
        """True when nothing that ``synth diff`` reports changed."""
        return self.evidence.empty and not any(
            (
                self.claims_added,
                self.claims_removed,
                self.verdict_flips,
                self.confidence_changes,
                self.sources_added,
                self.sources_removed,
            )
        )


@dataclass(frozen=True)
class RecordDiff:
    """The changes between two revisions, question by question (sorted by id)."""

    before: str
    after: str
    questions: tuple[QuestionDiff, ...] = field(default_factory=tuple)


# --- reading -----------------------------------------------------------------------------------


def _parse_record(label: str, files: Mapping[str, str], question: Question | None) -> Record:
    sources: list[Source] = []
    if SOURCES_FILE in files:
        sources, failures = parse_bibtex(files[SOURCES_FILE])
        if failures:
            line, reason = failures[0]
            raise RecordError(
                f"{label}/{SOURCES_FILE}:{line}: {reason} -- fix the file in that revision "
                "or compare other revisions"
            )
    claims: list[ClaimResult] = []
    if CLAIMS_FILE in files:
        claims = claims_from_yaml(files[CLAIMS_FILE], Path(label) / CLAIMS_FILE)
    return Record(tuple(sorted(sources, key=lambda s: s.key)), tuple(claims), question)


def _question_at(question_id: str, text: str | None) -> Question | None:
    """A question file's text parsed, or None when it is absent or invalid there."""
    if text is None:
        return None
    try:
        return parse_question(text, question_path(question_id), question_id)
    except QuestionError:
        return None


def records_at(root: Path, revision: str) -> dict[str, Record]:
    """Every question's record as committed at ``revision``."""
    commit = resolve_revision(root, revision)
    blobs: dict[tuple[str, str], str] = {}
    for path, blob in tree_files(root, commit, REPORTS_DIR).items():
        part = record_part(path)
        if part and part[1] in (SOURCES_FILE, CLAIMS_FILE):
            blobs[part] = blob
    questions = {
        path.rsplit("/", 1)[-1].removesuffix(QUESTION_SUFFIX): blob
        for path, blob in tree_files(root, commit, PurePosixPath(QUESTIONS_DIR)).items()
        if path.endswith(QUESTION_SUFFIX) and path.count("/") == 1
    }
    texts = read_blobs(root, [*blobs.values(), *questions.values()])
    grouped: dict[str, dict[str, str]] = {}
    for (question_id, name), blob in blobs.items():
        grouped.setdefault(question_id, {})[name] = texts[blob]
    return {
        question_id: _parse_record(
            f"{revision}:{REPORTS_DIR.as_posix()}/{question_id}",
            files,
            _question_at(question_id, texts.get(questions.get(question_id, ""))),
        )
        for question_id, files in sorted(grouped.items())
    }


def records_in_tree(root: Path) -> dict[str, Record]:
    """Every question's record as it is on disk now."""
    folder = root / REPORTS_DIR
    ids = sorted(
        {p.parent.name for name in (SOURCES_FILE, CLAIMS_FILE) for p in folder.glob(f"*/{name}")}
    )
    return {
        question_id: Record(
            tuple(read_sources(report_file(root, question_id, SOURCES_FILE))),
            tuple(read_claims(report_file(root, question_id, CLAIMS_FILE))),
            _question_in_tree(root, question_id),
        )
        for question_id in ids
    }


def _question_in_tree(root: Path, question_id: str) -> Question | None:
    """The question file on disk, or None when it is absent or invalid."""
    try:
        return load_question(root / question_path(question_id), root)
    except QuestionError:
        return None


def diff_revisions(root: Path, before: str = "HEAD", after: str | None = None) -> RecordDiff:
    """Compare the record at ``before`` with ``after`` (the working tree when None)."""
    ensure_repository(root)
    old = records_at(root, before)
    new = records_at(root, after) if after is not None else records_in_tree(root)
    return diff_records(old, new, before, after or WORKING_TREE)


# --- comparing (pure) --------------------------------------------------------------------------


def diff_question(question_id: str, before: Record, after: Record) -> QuestionDiff:
    """What changed in one question's record."""
    old = {r.claim.id: r for r in before.claims}
    new = {r.claim.id: r for r in after.claims}
    flips, moves = [], []
    for claim_id in sorted(old.keys() & new.keys()):
        a, b = old[claim_id].verdict, new[claim_id].verdict
        change = ClaimChange(
            claim_id, new[claim_id].claim.text, a.label, b.label, a.confidence, b.confidence
        )
        if a.label != b.label:
            flips.append(change)
        elif round(abs(b.confidence - a.confidence), 6) >= CONFIDENCE_STEP:
            moves.append(change)
    old_sources = {s.key: s for s in before.sources}
    new_sources = {s.key: s for s in after.sources}
    question = after.question or before.question  # a side without a valid file borrows it
    return QuestionDiff(
        question_id,
        claims_added=tuple(new[i] for i in sorted(new.keys() - old.keys())),
        claims_removed=tuple(old[i] for i in sorted(old.keys() - new.keys())),
        verdict_flips=tuple(flips),
        confidence_changes=tuple(moves),
        sources_added=tuple(new_sources[k] for k in sorted(new_sources.keys() - old_sources)),
        sources_removed=tuple(old_sources[k] for k in sorted(old_sources.keys() - new_sources)),
        evidence=compare(_synthesis(before, question), _synthesis(after, question)),
    )


def _synthesis(record: Record, fallback: Question | None) -> Synthesis | None:
    """The synthesis of one side (None without a question, or without any record)."""
    question = record.question or fallback
    if question is None or not (record.sources or record.claims):
        return None
    return synthesise(question, record.sources, record.claims)


def diff_records(
    before: Mapping[str, Record], after: Mapping[str, Record], label_a: str, label_b: str
) -> RecordDiff:
    """The questions whose records differ between two snapshots, each with its changes."""
    diffs = (
        diff_question(q, before.get(q, Record()), after.get(q, Record()))
        for q in sorted(before.keys() | after.keys())
    )
    return RecordDiff(label_a, label_b, tuple(d for d in diffs if not d.empty))


# --- formatting (pure) -------------------------------------------------------------------------


def summary(diff: QuestionDiff) -> str:
    """``2 claims added, 1 verdict flip, …``: the counts that are not zero."""
    parts = [
        (len(diff.claims_added), "claim", "added"),
        (len(diff.claims_removed), "claim", "removed"),
        (len(diff.verdict_flips), "verdict flip", ""),
        (len(diff.confidence_changes), "confidence change", ""),
        (len(diff.sources_added), "source", "added"),
        (len(diff.sources_removed), "source", "removed"),
        (len(diff.evidence.gaps_opened), "gap", "opened"),
        (len(diff.evidence.gaps_closed), "gap", "closed"),
        (len(diff.evidence.findings), "finding", "changed"),
    ]
    return ", ".join(f"{plural(n, noun)} {verb}".strip() for n, noun, verb in parts if n)


def _no_change(diff: RecordDiff) -> str:
    return (
        f"No changes to claims, sources, findings or gaps between {diff.before} and {diff.after}."
    )


# What GitHub turns into a notification or a cross-reference in a pull request: @user,
# @org/team, #123, GH-123. A word joiner after the sign keeps the text and kills the link.
_GITHUB_REFERENCE = re.compile(r"(?<![\w&])([@#]|GH-)(?=[\w-])", re.IGNORECASE)


def _inert_markdown(text: str) -> str:
    """Outside text for a pull request body: escaped, on one line, with no control
    characters (NUL makes git and GitHub treat it as binary) and no live @mention or
    #123 reference."""
    return _GITHUB_REFERENCE.sub("\\1\u2060", escape(printable(text)))


def _lines(diff: QuestionDiff, style: str) -> list[str]:
    """The change lines of one question, in text (``+ - ~``) or Markdown bullet style."""
    out: list[tuple[str, str]] = []
    fix = _inert_markdown if style == "markdown" else printable
    mark = {"+": "- **added**", "-": "- **removed**", "~": "- **changed**"}
    for sign, result in [("+", r) for r in diff.claims_added] + [
        ("-", r) for r in diff.claims_removed
    ]:
        verdict = f"{result.verdict.label} {result.verdict.confidence:.2f}"
        out.append((sign, f"claim {result.claim.id} ({verdict}): {fix(result.claim.text)}"))
    for change in diff.verdict_flips:
        out.append(
            (
                "~",
                f"claim {change.claim_id} verdict {change.verdict_before} → "
                f"{change.verdict_after} ({change.confidence_before:.2f} → "
                f"{change.confidence_after:.2f}): {fix(change.text)}",
            )
        )
    for change in diff.confidence_changes:
        out.append(
            (
                "~",
                f"claim {change.claim_id} confidence {change.confidence_before:.2f} → "
                f"{change.confidence_after:.2f} ({change.verdict_after}): {fix(change.text)}",
            )
        )
    for sign, source in [("+", s) for s in diff.sources_added] + [
        ("-", s) for s in diff.sources_removed
    ]:
        year = source.year or "n.d."
        out.append((sign, f"source {fix(source.key)}: {fix(source.title)} ({year})"))
    out += [("~", fix(line)) for line in diff.evidence.lines()]
    if style == "markdown":
        return [f"{mark[sign]} {text}" for sign, text in out]
    return [f"  {sign} {text}" for sign, text in out]


def format_text(diff: RecordDiff) -> str:
    """The diff for a terminal: a summary line per question, then ``+ - ~`` lines."""
    if not diff.questions:
        return _no_change(diff) + "\n"
    lines = [f"Record changes from {diff.before} to {diff.after}:"]
    for question in diff.questions:
        lines.append(f"{question.question_id}: {summary(question)}")
        lines.extend(_lines(question, "text"))
    return "\n".join(lines) + "\n"


def format_markdown(diff: RecordDiff) -> str:
    """The diff as Markdown, for a pull-request comment or a job summary."""
    # Revision names come from the command line; only a backtick could break the code span.
    before, after = (name.replace("`", "'") for name in (diff.before, diff.after))
    head = f"## Record changes: `{before}` → `{after}`\n\n"
    if not diff.questions:
        return head + _no_change(diff) + "\n"
    parts = [head.rstrip("\n")]
    for question in diff.questions:
        parts.append(f"\n### `{question.question_id}`\n\n{summary(question)}.\n")
        parts.extend(_lines(question, "markdown"))
    return "\n".join(parts) + "\n"


def _claim_json(result: ClaimResult) -> dict[str, object]:
    return {
        "id": result.claim.id,
        "text": result.claim.text,
        "verdict": result.verdict.label,
        "confidence": result.verdict.confidence,
    }


def _source_json(source: Source) -> dict[str, object]:
    return {"key": source.key, "title": source.title, "year": source.year, "doi": source.doi}


def format_json(diff: RecordDiff) -> str:
    """The diff as JSON (stable key order), for scripts."""
    questions: Sequence[dict[str, object]] = [
        {
            "id": q.question_id,
            "claims_added": [_claim_json(r) for r in q.claims_added],
            "claims_removed": [_claim_json(r) for r in q.claims_removed],
            "verdict_flips": [asdict(c) for c in q.verdict_flips],
            "confidence_changes": [asdict(c) for c in q.confidence_changes],
            "sources_added": [_source_json(s) for s in q.sources_added],
            "sources_removed": [_source_json(s) for s in q.sources_removed],
            "gaps_opened": [asdict(g) for g in q.evidence.gaps_opened],
            "gaps_closed": [asdict(g) for g in q.evidence.gaps_closed],
            "findings_changed": [asdict(f) for f in q.evidence.findings],
        }
        for q in diff.questions
    ]
    document = {"from": diff.before, "to": diff.after, "questions": questions}
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


FORMATS = {"text": format_text, "markdown": format_markdown, "json": format_json}
