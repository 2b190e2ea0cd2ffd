"""The History section of a report page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from support.git_repo import example_results
from support.paths import EXAMPLE_ID, REPO

from synth.git.history import ClaimEvent, QuestionHistory
from synth.git.reader import Commit
from synth.site.build import build
from synth.site.history import NO_HISTORY, render_history, summarise

C1 = Commit("a" * 40, "aaaaaaa", "2024-01-01")


def test_render_history_says_so_without_history() -> None:
    assert NO_HISTORY in render_history(None)


def test_render_history_links_present_claims_and_escapes_text() -> None:
    result = example_results()[0]
    events = (ClaimEvent(result.claim.id, "appeared", C1, "supported"),)
    history = QuestionHistory(EXAMPLE_ID, events, {result.claim.id: "a *b* <i>"})
    page = render_history(history, [result.claim.id])
    assert f'<a href="#claim-{result.claim.id}">a &#42;b&#42; &lt;i&gt;</a>' in page
    assert "<i>" not in page
    assert '<time datetime="2024-01-01">2024-01-01</time> · <code>aaaaaaa</code>' in page


def test_render_history_groups_a_commits_changes_into_one_line() -> None:
    events = tuple(ClaimEvent(f"c{n}", "appeared", C1, "supported") for n in range(16))
    page = render_history(QuestionHistory(EXAMPLE_ID, events), [])
    assert page.count("<details>") == 1 and page.count("<li>") == 16
    assert "· 16 claims first recorded</summary>" in page


def test_summarise_counts_each_kind_of_change() -> None:
    events = [
        ClaimEvent("a", "appeared", C1, "supported"),
        ClaimEvent("b", "verdict", C1, "supported", "not-found"),
        ClaimEvent("c", "verdict", C1, "contradicted", "supported"),
        ClaimEvent("d", "disappeared", C1, "supported"),
    ]
    assert summarise(events) == "1 claim first recorded, 2 verdicts changed, 1 claim removed"


def test_render_history_shows_newest_first_and_caps_long_histories() -> None:
    events = tuple(
        ClaimEvent(
            f"{n:010d}",
            "appeared",
            Commit(str(n), f"{n:07d}", f"2024-01-{n % 28 + 1:02d}"),
            "supported",
        )
        for n in range(60)
    )
    page = render_history(QuestionHistory(EXAMPLE_ID, events), [])
    commits = re.findall(r"<code>(\d{7})</code>", page)
    assert len(commits) == 50 and page.count("<li>") == 50
    assert commits[0] == "0000059" and "0000009" not in page
    assert f"synth history {EXAMPLE_ID}" in page


def test_build_without_git_says_there_is_no_history(tmp_path: Path) -> None:
    shutil.copytree(REPO / "questions", tmp_path / "questions")
    shutil.copytree(REPO / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("index.md"))
    build(tmp_path)
    page = (tmp_path / "docs" / "reports" / EXAMPLE_ID / "index.md").read_text(encoding="utf-8")
    history = page.split("## History { data-search-exclude }")[1].split("\n## ")[0]
    assert history.split("###")[0].count("<p>") == 1 and f"<p>{NO_HISTORY}</p>" in history
