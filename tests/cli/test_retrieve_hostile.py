"""`synth retrieve` and `synth run` against loopback servers that misbehave: hostile text,
gzip bombs, broken gzip, deep JSON, redirects to another port and in a loop, HTML sent
with 200. One database fails, named with the fix; the others and the next question go on."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support.hostile import (
    CLEAN_TITLE,
    HOSTILE_TITLE,
    MIB,
    TERMINAL_ESCAPES,
    gzip_bomb,
    invalid_gzip,
    redirect,
    redirect_loop,
)
from support.retrieval import PAYLOADS, QUESTION_YAML, use_loopback
from support.server import Fault, RecordedApi
from support.unicode_samples import sample_text, survives, surviving_text, tokens

from synth.cli import main
from synth.paths import cache_dir
from synth.record.log import read_retrieval_log
from synth.record.store import read_claims, read_sources
from synth.retrieve.exchange import MAX_RESPONSE_BYTES, MOVED

UNSAFE = ("\x00", "\x1b", "\u202e", "\u202c", "\x85")
# Words of the question, so the work is kept among the ten most relevant.
ON_TOPIC = "Large language models use chemistry tools: "


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "chem-agents.yaml").write_text(QUESTION_YAML, encoding="utf-8")
    return tmp_path


def synth(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--root", str(root), *args])


def statuses(root: Path, question_id: str = "chem-agents") -> dict[str, tuple[str, str]]:
    log = read_retrieval_log(root / "docs" / "reports" / question_id / "retrieval.yaml")
    assert log is not None
    return {d.name: (d.status, d.error) for d in log.databases}


def openalex_titled(title: str, abstract: str = "") -> bytes:
    """The recorded OpenAlex answer whose first work, a work of its own, has ``title``."""
    data = json.loads(PAYLOADS["/works:openalex"].read_bytes())
    work = data["results"][0]
    work.update(doi="https://doi.org/10.9999/hostile", title=title, ids={}, locations=[])
    words = abstract.split()
    work["abstract_inverted_index"] = {w: [i] for i, w in enumerate(words)} if words else None
    return json.dumps(data).encode()  # ensure_ascii: a lone surrogate travels as \ud800


def test_hostile_text_is_sanitised_and_the_record_reads_back(
    server: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = openalex_titled(ON_TOPIC + HOSTILE_TITLE, "Chemistry tools help\\")
    server.faults = {"openalex": [Fault(200, body)]}
    use_loopback(monkeypatch, server.start())
    result = synth(root, "run")
    assert result.exit_code == 0, result.output
    folder = root / "docs" / "reports" / "chem-agents"
    record = (folder / "sources.bib").read_text(encoding="utf-8")
    page = (folder / "index.md").read_text(encoding="utf-8")
    assert [c for c in UNSAFE if c in record or c in page] == []
    titles = {s.title: s for s in read_sources(folder / "sources.bib")}
    assert titles[ON_TOPIC + CLEAN_TITLE].abstract == "Chemistry tools help\\"


def test_an_error_body_with_terminal_escapes_is_printed_without_them(
    server: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.faults = {"crossref": [Fault(400, TERMINAL_ESCAPES)]}
    use_loopback(monkeypatch, server.start())
    result = synth(root, "retrieve")
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "]0;pwned[2J[31mbad request[0m -- the service refused the query" in result.output


def test_a_gzip_bomb_fails_that_database_and_leaves_no_cache_file(
    server: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.faults = {"crossref": [Fault(action=gzip_bomb(256 * MIB))]}
    use_loopback(monkeypatch, server.start())
    assert synth(root, "retrieve").exit_code == 0
    status, error = statuses(root)["crossref"]
    assert status == "failed"
    assert "crossref: the answer is larger than 8 MB once decompressed" in error
    assert "-- if the service really sends that much, lower search.limit" in error
    cached = list(cache_dir(root, "http").rglob("*.body"))
    assert cached and max(p.stat().st_size for p in cached) < MAX_RESPONSE_BYTES
    assert [s for n, (s, _) in statuses(root).items() if n != "crossref"] == ["ok"] * 3


def test_invalid_gzip_fails_only_that_database(
    server: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.faults = {"arxiv": [Fault(action=invalid_gzip())]}
    use_loopback(monkeypatch, server.start())
    assert synth(root, "retrieve").exit_code == 0
    status, error = statuses(root)["arxiv"]
    assert status == "failed" and error.startswith("arxiv: the answer is not valid gzip (")
    assert error.endswith("-- the service sent a broken answer; try again later")


def test_deep_json_fails_only_that_database(
    server: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.faults = {"semanticscholar": [Fault(200, b"[" * 100_000 + b"]" * 100_000)]}
    use_loopback(monkeypatch, server.start())
    assert synth(root, "retrieve").exit_code == 0
    assert statuses(root)["semanticscholar"] == (
        "failed",
        "semanticscholar: malformed response (JSON nested too deeply) -- the service may be "
        "having trouble or have changed its format; try again later",
    )


def test_a_redirect_loop_fails_only_that_database(
    server: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.faults = {"openalex": [Fault(action=redirect_loop(), every_request=True)]}
    use_loopback(monkeypatch, server.start())
    assert synth(root, "retrieve").exit_code == 0
    status, error = statuses(root)["openalex"]
    assert status == "failed" and error.startswith("openalex: more than 5 redirects")
    assert error.endswith(f"-- {MOVED}")
    assert "test-key" not in error  # the api_key parameter is never shown


def test_redirects_to_another_port_carry_no_api_key(
    server: RecordedApi, other_server: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = other_server.start()
    server.faults = {
        name: [Fault(action=redirect(target), every_request=True)]
        for name in ("openalex", "semanticscholar")
    }
    use_loopback(monkeypatch, server.start(), SEMANTIC_SCHOLAR_API_KEY="S2-SECRET")
    assert synth(root, "retrieve").exit_code == 0
    assert statuses(root)["semanticscholar"][0] == "ok"  # the moved service still answered
    assert {h.database for h in other_server.hits} == {"openalex", "semanticscholar"}
    assert all("x-api-key" not in h.headers and "api_key" not in h.path for h in other_server.hits)
    sent = [h for h in server.hits if h.database == "semanticscholar"]
    assert sent and all(h.headers["x-api-key"] == "S2-SECRET" for h in sent)


def test_a_200_html_page_is_not_replayed_from_the_cache(
    server: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    maintenance = b"<html><body>Down for maintenance</body></html>"
    server.faults = {"crossref": [Fault(200, maintenance, (("Content-Type", "text/html"),))]}
    use_loopback(monkeypatch, server.start())
    synth(root, "retrieve")
    assert statuses(root)["crossref"][0] == "failed"
    synth(root, "retrieve")  # the same day: the cache would answer if the page were kept
    assert statuses(root)["crossref"][0] == "ok"
    assert len([h for h in server.hits if h.database == "crossref"]) == 2


def test_run_goes_on_to_the_next_question_after_a_lone_surrogate(
    server: RecordedApi, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (root / "questions" / "second.yaml").write_text(QUESTION_YAML, encoding="utf-8")
    server.faults = {"openalex": [Fault(200, openalex_titled(ON_TOPIC + "broken \ud800 title"))]}
    use_loopback(monkeypatch, server.start())
    result = synth(root, "run", "chem-agents", "second")
    assert result.exit_code == 0, result.output
    assert statuses(root, "chem-agents")["openalex"][0] == "ok"
    assert statuses(root, "second")["openalex"][0] == "ok"
    titles = [s.title for s in read_sources(root / "docs/reports/chem-agents/sources.bib")]
    assert ON_TOPIC + "broken title" in titles


@pytest.mark.slow
def test_every_unicode_category_goes_through_the_record_and_the_pages(
    server: RecordedApi, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo  # this repository's site configuration, with one question of our own
    for question in (root / "questions").glob("*.yaml"):
        question.unlink()
    title = json.dumps("Unicode " + surviving_text(), ensure_ascii=False)  # YAML takes JSON
    question = f"title: {title}\n{QUESTION_YAML}"
    (root / "questions" / "chem-agents.yaml").write_text(question, encoding="utf-8")
    finding = "Chemistry tools improve the accuracy of large language models by 12% over baselines"
    body = openalex_titled(ON_TOPIC + sample_text(), f"{finding}: {sample_text()}.")
    server.faults = {"openalex": [Fault(200, body)]}
    use_loopback(monkeypatch, server.start())
    assert synth(root, "run").exit_code == 0
    folder = root / "docs" / "reports" / "chem-agents"
    titles = {s.title: s for s in read_sources(folder / "sources.bib")}
    kept = titles[ON_TOPIC + surviving_text()]
    assert kept.abstract == f"{finding}: {surviving_text()}."
    claims = [r.claim.text for r in read_claims(folder / "claims.yaml")]
    assert f"{finding}: {surviving_text()}." in claims
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "--strict"], cwd=root, check=True, capture_output=True)
    page = (folder / "index.md").read_text(encoding="utf-8")
    html_page = html.unescape(
        (root / "site" / "reports" / "chem-agents" / "index.html").read_text(encoding="utf-8")
    )
    survivors = [t for t in tokens() if survives(t)]
    assert [t for t in survivors if t not in page] == []
    assert [t for t in survivors if t not in html_page] == []
    assert [t for t in tokens() if not survives(t) and t in page + html_page] == []
    # The front matter (the question's title, shown in <title>): astral characters included.
    head_title = html_page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert [t for t in survivors if t not in head_title] == []
