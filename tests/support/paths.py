"""Where the tests' data is: this repository, its fixtures and the example's real papers."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).parents[2]
FIXTURES = REPO / "tests" / "fixtures"
API = FIXTURES / "api"
# The 14 real papers of the example question (kept once, where the example imports them from).
SEED_PAPERS = REPO / "questions" / "papers" / "seed_question_papers.json"
EXAMPLE_ID = "moe-alignment-robustness"
