"""The committed record of a question: ``sources.bib``, ``claims.yaml`` and ``retrieval.yaml``.

Git is the database, so both files are written in a stable order with stable
keys and ids: the same inputs give the same bytes, and a changed verdict is a
one-line diff. Writes are atomic (a temporary file in the same folder, then
``os.replace``), so an interrupted run never leaves half a record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from synth.errors import RecordError
from synth.files import atomic_write
from synth.models import Check, Claim, ClaimResult, Evidence, Source, Verdict
from synth.paths import CLAIMS_FILE, LOG_FILE, SOURCES_FILE, report_file
from synth.record import claimsyaml
from synth.record.bibtex import parse_bibtex, sources_to_bibtex
from synth.record.log import RetrievalLog, log_to_yaml

# For a claims.yaml not in the shape synth writes (claimsyaml reads that one): libyaml's parser
# is ten times faster than the pure-Python one, to the same data. Writing is ours (yaml_scalar).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_sources(path: Path) -> list[Source]:
    """Read a question's ``sources.bib``; a missing file is an empty record."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    sources, failures = parse_bibtex(text)
    if failures:
        line, reason = failures[0]
        raise RecordError(
            f"{path}:{line}: {reason} -- restore the file with `git checkout -- {path}` "
            "or rerun `synth retrieve`"
        )
    return sorted(sources, key=lambda s: s.key)


def write_sources(root: Path, question_id: str, sources: Sequence[Source]) -> bool:
    """Write a question's ``sources.bib`` atomically; True when its bytes changed."""
    missing = [s.title[:60] for s in sources if not s.key]
    if missing:
        raise RecordError(f"sources without a key: {missing} -- call assign_keys() first")
    return atomic_write(report_file(root, question_id, SOURCES_FILE), sources_to_bibtex(sources))


# --- claims.yaml -------------------------------------------------------------------------------


def _evidence_from_dict(data: Any) -> Evidence | None:
    if not data:
        return None
    span = data.get("span") or [0, 0]
    return Evidence(
        source=str(data["source"]),
        sentence=str(data["sentence"]),
        score=float(data.get("score", 0.0)),
        span=(int(span[0]), int(span[1])),
    )


def _evidence_tuple(data: Any) -> tuple[Evidence, ...]:
    return tuple(e for e in map(_evidence_from_dict, data or ()) if e is not None)


# Strings are written plain only when they are a bare word YAML cannot read as anything else;
# all others are double-quoted, with every character YAML would not keep as it is (controls,
# line breaks such as NEL and U+2028, the BOM, surrogates) escaped. Writing this small, fixed
# shape ourselves is five times faster than PyYAML's emitter and gives the same bytes on every
# machine (libyaml and the pure-Python emitter disagree on some characters).
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(f"[^{claimsyaml.KEPT}]")  # what the reader takes as it is


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"  # a lone surrogate has no UTF-8 form at all: it becomes the replacement
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def yaml_scalar(value: object) -> str:
    """One YAML scalar: null, a boolean, a number, a bare word or a double-quoted string."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if claimsyaml.BARE_WORD.fullmatch(text) and text.lower() not in claimsyaml.YAML_WORDS:
        return text
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _evidence_lines(key: str, evidence: Evidence | None) -> list[str]:
    if evidence is None:
        return [f"  {key}: null"]
    return [
        f"  {key}:",
        f"    source: {yaml_scalar(evidence.source)}",
        f"    sentence: {yaml_scalar(evidence.sentence)}",
        f"    score: {yaml_scalar(round(evidence.score, 1))}",
        f"    span: [{evidence.span[0]}, {evidence.span[1]}]",
    ]


def _evidence_list(key: str, items: Sequence[Evidence]) -> list[str]:
    """A list of evidence blocks (one per source), or ``key: []``."""
    if not items:
        return [f"  {key}: []"]
    lines = [f"  {key}:"]
    for evidence in items:
        block = _evidence_lines("", evidence)[1:]  # the fields, indented under "  key:"
        lines += ["  - " + block[0].lstrip(), *block[1:]]
    return lines


def claims_to_yaml(question_id: str, results: Iterable[ClaimResult]) -> str:
    """The text of ``claims.yaml``: one block per claim, sorted by id, fields in fixed order."""
    lines = [
        f"# Claims of {question_id}, written by `synth verify` from sources.bib.",
        "# Sorted by claim id; edit the question, not this file.",
    ]
    ordered = sorted(results, key=lambda r: r.claim.id)
    for result in ordered:
        claim, verdict = result.claim, result.verdict
        lines += [
            f"- id: {yaml_scalar(claim.id)}",
            f"  text: {yaml_scalar(claim.text)}",
            f"  origin: {yaml_scalar(claim.origin)}",
            f"  source: {yaml_scalar(claim.source)}",
            f"  verdict: {yaml_scalar(verdict.label)}",
            f"  confidence: {yaml_scalar(round(verdict.confidence, 2))}",
            *_evidence_lines("evidence", verdict.evidence),
            *_evidence_lines("independent", result.independent),
            *_evidence_list("supporting", result.supporting),
            *_evidence_list("contradicting", result.contradicting),
            "  checks:" if verdict.checks else "  checks: []",
        ]
        for check in verdict.checks:
            lines += [
                f"  - name: {yaml_scalar(check.name)}",
                f"    passed: {yaml_scalar(check.passed)}",
                f"    detail: {yaml_scalar(check.detail)}",
            ]
    if not ordered:
        lines.append("[]")
    return "\n".join(lines) + "\n"


def claims_from_yaml(text: str, path: Path) -> list[ClaimResult]:
    """Parse the text of ``claims.yaml``."""
    try:
        blocks = claimsyaml.blocks(text)  # the shape synth writes, read without PyYAML
        if blocks is None:
            blocks = yaml.load(text, Loader=_YAML_LOADER) or []
        results = []
        for block in blocks:
            verdict = Verdict(
                label=str(block["verdict"]),
                confidence=float(block["confidence"]),
                evidence=_evidence_from_dict(block.get("evidence")),
                checks=tuple(
                    Check(str(c["name"]), bool(c["passed"]), str(c.get("detail") or ""))
                    for c in block.get("checks") or ()
                ),
            )
            claim = Claim(
                id=str(block["id"]),
                text=str(block["text"]),
                origin=str(block["origin"]),
                source=str(block.get("source") or ""),
            )
            results.append(
                ClaimResult(
                    claim,
                    verdict,
                    _evidence_from_dict(block.get("independent")),
                    _evidence_tuple(block.get("supporting")),
                    _evidence_tuple(block.get("contradicting")),
                )
            )
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise RecordError(
            f"{path}: cannot read claims ({error}) -- rerun `synth verify` to rewrite it"
        ) from error
    return results


def read_claims(path: Path) -> list[ClaimResult]:
    """Read a question's ``claims.yaml``; a missing file is an empty record."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return claims_from_yaml(text, path)


def write_claims(root: Path, question_id: str, results: Sequence[ClaimResult]) -> bool:
    """Write a question's ``claims.yaml`` atomically; True when its bytes changed."""
    path = report_file(root, question_id, CLAIMS_FILE)
    return atomic_write(path, claims_to_yaml(question_id, results))


def write_log(root: Path, question_id: str, log: RetrievalLog) -> bool:
    """Write a question's ``retrieval.yaml`` atomically; True when its bytes changed."""
    return atomic_write(report_file(root, question_id, LOG_FILE), log_to_yaml(log))
