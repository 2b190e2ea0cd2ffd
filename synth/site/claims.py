"""The Extracted Claims section: every claim with what it counts as and its evidence (pure)."""

from __future__ import annotations

from synth.markdown import (
    SEARCH_EXCLUDED,
    claim_anchor,
    escape,
    escape_highlight,
    html_paragraph,
    html_table,
)
from synth.models import QUESTION_ORIGIN, Evidence, Source
from synth.site.cite import cite_link as _cite
from synth.site.report import Report, display_order
from synth.site.verdicts import verdict_badge

# The columns; on a phone each row is a card, and report.css names the cells of the last four
# with these same words (the stylesheet holds them, not every cell of every page).
HEADER = ["#", "Claim", "Counts as", "Confidence", "Evidence", "Second source"]
# Quotes stay out of the site search index; the claim text stays in it.
ATTRIBUTES = ["", "", "", "", SEARCH_EXCLUDED, ""]


def _evidence_cell(evidence: Evidence | None, by_key: dict[str, Source]) -> str:
    if evidence is None:
        return "—"
    quote = escape_highlight(evidence.sentence, evidence.span)
    return f"“{quote}” — {_cite(evidence.source, by_key)}"


def render_claims(report: Report) -> str:
    """The Extracted Claims table: claim, verdict, confidence, evidence, second source.

    Each claim is a small heading with the claim's id: the site search indexes it as its
    own section, so a result names the claim and lands on its row; the number links to it.
    On a phone each row is a card (``cards`` in report.css).
    """
    by_key = {s.key: s for s in report.sources}
    judgements = {j.result.claim.id: j for j in report.synthesis.claims}
    rows = []
    for number, result in enumerate(display_order(report), start=1):
        claim, verdict = result.claim, result.verdict
        if claim.origin != QUESTION_ORIGIN:
            origin = f"from {_cite(claim.origin, by_key)}"
        elif claim.source:
            origin = f"from the question, attributed to {_cite(claim.source, by_key)}"
        else:
            origin = "from the question"
        judged = judgements[claim.id]
        why = "; ".join(escape(c.detail) for c in verdict.failed_checks if c.detail)
        if judged.reason:
            why = escape(judged.reason)
        verdict_cell = verdict_badge(judged.kind)
        if why:
            verdict_cell += f" <small>{why}</small>"
        second = ", ".join(_cite(k, by_key) for k in judged.supporting) or "—"
        target = claim_anchor(claim.id)
        rows.append(
            [
                f'<a href="#{target}" aria-label="Claim {number}">{number}</a>',
                f'<h3 id="{target}">{escape(claim.text)}</h3> <small>{origin}</small>',
                verdict_cell,
                f"{verdict.confidence:.2f}",
                _evidence_cell(verdict.evidence, by_key),
                second,
            ]
        )
    if not rows:
        empty = "No claims in the record yet: run <code>synth verify</code>."
        return "## Extracted Claims\n\n" + html_paragraph(empty)
    claims = html_table(HEADER, rows, "llllll", attributes=ATTRIBUTES)
    return f'## Extracted Claims\n\n<div class="claims cards">\n{claims}\n</div>\n'
