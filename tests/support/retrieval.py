"""Shared helpers for the retrieval tests: recorded payloads routed by path, a question."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.paths import API
from synth.models import PinnedSource, Question, Search

# Which recorded body answers each database's path.
PAYLOADS = {
    "/works:openalex": API / "multi" / "paperqa_title_search_chemcrow.03.openalex.200.json",
    "/works:crossref": API / "multi" / "paperqa_title_search_chemcrow.00.crossref.200.json",
    "/api/query": API / "arxiv" / "arxivpy_query_testing_start0_max10.200.xml",
    "/graph/v1/paper/search": API
    / "multi"
    / "paperqa_title_search_chemcrow.02.semanticscholar.200.json",
    "/graph/v1/paper/batch": API
    / "semanticscholar"
    / "s2py_paper_batch_allfields_with_null.00.200.json",
}

ENV_BASE = {
    "OPENALEX_API_KEY": "test-key",
    "SYNTH_MAILTO": "tests@example.org",
}


# The question the command-line tests retrieve: its query matches the recorded payloads. It
# names no keywords or concepts, so every database gets just that one query (test_run has
# the boolean query built from concepts).
QUESTION_YAML = """\
question: Can large language models use chemistry tools?
search:
  queries: [large language models chemistry tools]
  limit: 10
"""


def use_loopback(monkeypatch: pytest.MonkeyPatch, base: str, **extra: str) -> None:
    """Point every database at ``base`` (plus ``extra`` settings); no Semantic Scholar key
    unless ``extra`` sets one."""
    monkeypatch.delenv("SEMANTIC_SCHOLAR_API_KEY", raising=False)
    for name, value in {**env_for(base), **extra}.items():
        monkeypatch.setenv(name, value)


def env_for(base: str) -> dict[str, str]:
    """Environment pointing every database at ``base`` (OpenAlex and Crossref under prefixes)."""
    return {
        **ENV_BASE,
        "SYNTH_OPENALEX_URL": f"{base}/openalex",
        "SYNTH_CROSSREF_URL": f"{base}/crossref",
        "SYNTH_ARXIV_URL": base,
        "SYNTH_S2_URL": base,
    }


def payload_for(path: str) -> tuple[str, Path] | None:
    """The database and recorded body serving ``path`` (None when unknown)."""
    if path.startswith("/openalex/works"):
        return "openalex", PAYLOADS["/works:openalex"]
    if path.startswith("/crossref/works"):
        return "crossref", PAYLOADS["/works:crossref"]
    for prefix, name in (
        ("/api/query", "arxiv"),
        ("/graph/v1/paper/search", "semanticscholar"),
        ("/graph/v1/paper/batch", "semanticscholar"),
    ):
        if path.startswith(prefix):
            return name, PAYLOADS[prefix]
    return None


def make_question(question_id: str = "chem-agents", limit: int = 20) -> Question:
    """A question whose one query is the ChemCrow title; it pins one DOI."""
    return Question(
        id=question_id,
        question="Can large language models use chemistry tools?",
        keywords=("chemistry tools",),
        search=Search(queries=("large language models chemistry tools",), limit=limit),
        sources=(PinnedSource(doi="10.2139/ssrn.288970"),),
    )
