"""Hostile outside text, all the way through verify, build and mkdocs, renders as text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from synth.models import Source
from synth.pipeline import verify_question
from synth.questions.load import load_questions
from synth.record.bibtex import assign_keys
from synth.record.store import write_sources
from synth.site.build import build

PAYLOADS = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    "a | b | c",
)
QUESTION = """\
title: "Breaking out </title><script>alert(7)</script> of the title"
question: Do pipes | and <script>alert(9)</script> tags break the report?
claims:
  - text: "Hostile titles <script>alert(4)</script> are shown as text | always."
"""


@pytest.mark.slow
def test_hostile_record_builds_a_site_without_tags_or_broken_rows(repo: Path) -> None:
    (repo / "questions" / "hostile.yaml").write_text(QUESTION, encoding="utf-8")
    source = Source(
        key="",
        title="Evil " + " ".join(PAYLOADS),
        authors=("Mallory " + PAYLOADS[0],),
        year=2024,
        venue=PAYLOADS[1],
        url="javascript:alert(5)",
        abstract=(
            "Hostile titles <script>alert(4)</script> are shown as text | always. "
            + " ".join(PAYLOADS)
        ),
        databases=("import:evil.bib",),
    )
    write_sources(repo, "hostile", assign_keys([source]))
    (question,) = load_questions(repo, ["hostile"])
    verify_question(repo, question)
    build(repo)
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "--strict"], cwd=repo, check=True, capture_output=True)
    html = (repo / "site" / "reports" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in html
    claims = html.split('id="extracted-claims"')[1].split("</table>")[0]
    for row in re.findall(r"<tr>.*?</tr>", claims, flags=re.S):
        assert row.count("<td") in (0, 6)
