"""The synthesis for tools and for the terminal: ``synth show`` (pure).

``as_json`` is the documented shape (README, "For tools"): ``id``, ``question``,
``answer``, ``concepts`` (``name``, ``terms``, ``sources``), ``pairs`` (``concepts``
[a, b], ``sources``), ``gaps`` (lists of concept names), ``findings`` (``id``, ``text``,
``quote``, ``source``, ``kind``, ``supporting``, ``contradicting``, ``concepts``,
``confidence``) and ``sources`` (``key``, ``title``, ``concepts``, ``off_topic``). Lists
keep the record's order, so the same record always prints the same bytes.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from synth.synthesis.answer import answer, gap_sentence, listing, one_line
from synth.synthesis.synthesise import KINDS, Synthesis
from synth.text import printable

WIDTH = 100
HANG_MAX = 32  # the widest lead whose continued lines hang under the text


def as_json(synthesis: Synthesis, titles: dict[str, str], cite: Callable[[str], str]) -> str:
    """The synthesis as one JSON object (``titles`` by source key; ``cite`` names a source)."""
    names = [c.name for c in synthesis.concepts]

    def named(indices: Sequence[int]) -> list[str]:
        return [names[i] for i in indices]

    document: dict[str, Any] = {
        "id": synthesis.question.id,
        "question": synthesis.question.question,
        "answer": one_line(synthesis),
        "concepts": [
            {
                "name": concept.name,
                "terms": list(concept.all_terms),
                "sources": list(synthesis.map.sources_of(index)),
            }
            for index, concept in enumerate(synthesis.concepts)
        ],
        "pairs": [
            {"concepts": named(pair.concepts), "sources": list(pair.sources)}
            for pair in synthesis.map.pairs
        ],
        "gaps": [named(gap) for gap in synthesis.map.gaps],
        "findings": [
            {
                "id": finding.id,
                "text": finding.text(cite),
                "quote": finding.quote,
                "source": finding.source,
                "kind": finding.kind,
                "supporting": list(finding.supporting),
                "contradicting": list(finding.contradicting),
                "concepts": named(finding.concepts),
                "confidence": finding.confidence,
            }
            for finding in synthesis.findings
        ],
        "sources": [
            {
                "key": coverage.key,
                "title": titles.get(coverage.key, ""),
                "concepts": named(coverage.concepts),
                "off_topic": coverage.off_topic,
            }
            for coverage in synthesis.map.sources
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_text(synthesis: Synthesis, cite: Callable[[str], str]) -> str:
    """The synthesis for a terminal: the answer, concepts, pairs, gaps, findings, off-topic."""
    question = synthesis.question
    lines = [*_wrapped(f"{question.id}: {question.display_title}", ""), ""]
    if not synthesis.map.sources:
        lines.append("No sources in the record yet: run `synth retrieve` or `synth import-bib`.")
        return "\n".join(lines) + "\n"
    said = answer(synthesis, cite)
    lines += _wrapped(" ".join(said.summary), "Answer: ")
    for sentence in said.unsupported:
        lines += _wrapped(sentence, "  ")
    if not synthesis.concepts:
        return "\n".join(lines) + "\n"
    names = [c.name for c in synthesis.concepts]
    width = max(len(n) for n in names)
    lines += ["", "Concepts (the on-topic sources that mention each):"]
    for index, name in enumerate(names):
        found = synthesis.map.sources_of(index)
        lines += _wrapped(
            ", ".join(found) or "none", f"  {printable(name):<{width}}  {len(found):>3}  "
        )
    if synthesis.map.pairs:
        lines += ["", "Pairs (the sources with a sentence that mentions both):"]
        for pair in synthesis.map.pairs:
            label = printable(" × ".join(names[i] for i in pair.concepts))
            lines += _wrapped(", ".join(pair.sources) or "none: a gap", f"  {label}: ")
    if synthesis.map.gaps:
        lines += ["", "Gaps:"]
        for gap in synthesis.map.gaps:
            lines += _wrapped(gap_sentence(synthesis, gap), "  - ")
    lines += ["", f"Findings ({len(synthesis.findings)}):"]
    for finding in synthesis.findings:
        facts = [finding.kind, listing([names[i] for i in finding.concepts])]
        if finding.supporting:
            facts.append("supported by " + ", ".join(finding.supporting))
        if finding.contradicting:
            facts.append("contradicted by " + ", ".join(finding.contradicting))
        if finding.reason:
            facts.append(finding.reason)
        lines += _wrapped(f"{finding.text(cite)} [{'; '.join(facts)}]", "  - ")
    off = [c for c in synthesis.map.sources if c.off_topic]
    if off:
        lines += ["", f"Off-topic sources ({len(off)}), set apart:"]
        for coverage in off:
            said_of = listing([names[i] for i in coverage.concepts])
            said_of = f"only {said_of}" if said_of else "none of the concepts"
            lines.append("  - " + printable(f"{coverage.key}: mentions {said_of}"))
    return "\n".join(lines) + "\n"


def _wrapped(text: str, lead: str) -> list[str]:
    """``text`` on lines of at most WIDTH characters, the first after ``lead``."""
    return textwrap.wrap(
        printable(text),
        WIDTH,
        initial_indent=lead,
        # Continued lines hang under the text (a column of the concepts table) unless the
        # lead is so long that the text would be squeezed into a narrow column.
        subsequent_indent=" " * (len(lead) if len(lead) <= HANG_MAX else 8),
        break_on_hyphens=False,
    )


def claims_summary(synthesis: Synthesis) -> str:
    """``17 claims: 10 quoted, 6 verified, 1 not found``: every claim by what it counts as."""
    counts = synthesis.claim_counts()
    total = sum(counts.values())
    parts = [f"{counts[kind]} {kind.replace('-', ' ')}" for kind in KINDS if counts[kind]]
    noun = "claim" if total == 1 else "claims"
    return f"{total} {noun}: {', '.join(parts)}" if parts else f"{total} {noun}"
