"""``synth check-claim``: verify one claim (or a batch) against abstracts and explain it.

Reading files is the only I/O here; verification itself is ``synth.verify.verifier``,
imported when a claim is checked (it loads numpy and rapidfuzz).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from synth.errors import UsageError
from synth.models import Source, Verdict
from synth.record.bibtex import parse_bibtex
from synth.record.imports import json_problem


def read_abstracts(path: Path) -> tuple[list[Source], list[tuple[int, str]]]:
    """Sources from a ``.bib`` file with abstracts, or one source from a plain-text abstract;
    the (line, reason) of each entry of a ``.bib`` file that cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist -- give a .bib file or a text file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path} cannot be read ({error}) -- give a UTF-8 text file") from None
    if path.suffix.lower() != ".bib":
        return [Source(key=path.stem, title=path.stem, abstract=text)], []
    parsed, failures = parse_bibtex(text)
    sources = [s for s in parsed if s.abstract.strip()]
    if not sources:
        raise UsageError(f"{path} has no entry with an abstract -- add abstract = {{...}} fields")
    return sources, failures


def verdict_json(claim: str, verdict: Verdict) -> dict[str, Any]:
    """The JSON object ``check-claim --json`` prints for one verdict."""
    evidence = verdict.evidence
    return {
        "claim": claim,
        "verdict": verdict.label,
        "confidence": verdict.confidence,
        "evidence": None
        if evidence is None
        else {
            "source": evidence.source,
            "sentence": evidence.sentence,
            "score": evidence.score,
            "span": list(evidence.span),
        },
        "checks": [
            {"name": c.name, "passed": c.passed, "detail": c.detail} for c in verdict.checks
        ],
    }


def mark_span(sentence: str, span: tuple[int, int]) -> str:
    """The sentence with its matched span between ``[[`` and ``]]``."""
    start, end = span
    if end <= start:
        return sentence
    return f"{sentence[:start]}[[{sentence[start:end]}]]{sentence[end:]}"


def explain(claim: str, verdict: Verdict) -> list[str]:
    """Human lines for a verdict: label and confidence, evidence, failed checks."""
    lines = [f"{verdict.label} (confidence {verdict.confidence:.2f}): {claim}"]
    if verdict.evidence is None:
        lines.append("  no evidence sentence")
    else:
        ev = verdict.evidence
        lines.append(f"  evidence [{ev.source}] (similarity {ev.score:.0f}):")
        lines.append(f"    {mark_span(ev.sentence, ev.span)}")
    for check in verdict.checks:
        if not check.passed:
            lines.append(f"  check failed: {check.name}: {check.detail}")
    passed = [c.name for c in verdict.checks if c.passed]
    if passed:
        lines.append(f"  checks passed: {', '.join(passed)}")
    return lines


def run_batch(path: Path) -> Iterator[dict[str, Any]]:
    """Verify each line ``{"id", "claim", "text"}`` of a JSONL file; yield one result each."""
    from synth.verify.verifier import sentences_of, verify

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist -- give a .jsonl file") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (ValueError, RecursionError) as error:
            problem = json_problem(error).removeprefix("line 1: ")
            raise UsageError(
                f"{path}:{number}: {problem} -- write one JSON object per line"
            ) from None
        if not isinstance(item, dict):
            raise UsageError(f'{path}:{number}: expected a JSON object -- write {{"id", ...}}')
        for field in ("id", "claim", "text"):
            if field not in item:
                raise UsageError(
                    f"{path}:{number}: field '{field}' is missing -- "
                    "each line needs id, claim and text"
                )
        for field in ("claim", "text"):
            if not isinstance(item[field], str):
                raise UsageError(f"{path}:{number}: field '{field}' must be a string -- quote it")
        source = Source(key=str(item["id"]), title="", abstract=item["text"])
        verdict = verify(item["claim"], sentences_of([source]))
        out = verdict_json(item["claim"], verdict)
        yield {
            "id": item["id"],
            "verdict": out["verdict"],
            "confidence": out["confidence"],
            "evidence": out["evidence"],
        }


@click.command("check-claim")
@click.argument("claim", required=False)
@click.option(
    "--against",
    "against",
    type=click.Path(path_type=Path),
    default=None,
    help="A .bib file with abstracts, or a plain-text abstract.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--batch",
    type=click.Path(path_type=Path),
    default=None,
    help='A .jsonl file of {"id", "claim", "text"} lines; prints one result per line.',
)
def check_claim(claim: str | None, against: Path | None, as_json: bool, batch: Path | None) -> None:
    """Verify one claim against abstracts and explain the verdict.

    \b
    Example:
        synth check-claim "ChatGPT was released in November 2022." --against sources.bib
        synth check-claim "..." --against abstract.txt --json
        synth check-claim --batch claims.jsonl
    """
    from synth.verify.verifier import sentences_of
    from synth.verify.verifier import verify as verify_claim

    if batch is not None:
        if claim is not None or against is not None:
            raise UsageError("--batch reads claims and texts from the file -- drop CLAIM/--against")
        for result in run_batch(batch):
            click.echo(json.dumps(result, ensure_ascii=False))
        return
    if claim is None:
        raise UsageError(
            'no claim given -- run synth check-claim "CLAIM" --against FILE, or --batch FILE.jsonl'
        )
    if against is None:
        raise UsageError("no abstracts to check against -- add --against FILE (.bib or .txt)")
    sources, skipped = read_abstracts(against)
    for line, reason in skipped:
        where = f"{against}:{line}" if line else str(against)
        click.echo(f"Skipped: {where}: {reason}", err=True)
    verdict = verify_claim(claim, sentences_of(sources))
    if as_json:
        click.echo(json.dumps(verdict_json(claim, verdict), ensure_ascii=False))
    else:
        click.echo("\n".join(explain(claim, verdict)))
