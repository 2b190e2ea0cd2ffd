"""Measure synth at the scale of a large living-review site.

Generates a synthetic repository in a temporary folder: N questions, each with a
record of 20 sources (real SciFact titles and abstracts from ``corpus.jsonl``)
and 10 claims (one SciFact dev claim written in the question, the rest extracted
and verified by the product's own ``verify_claims``). Then, in one run, it measures:

- verify throughput in claim-sentence pairs per second: ``verify_pairs_per_second`` is the
  ``synth verify`` command (start-up, I/O and extraction included; questions spread over the
  cores), ``verify_one_process_*`` is ``verify_claims`` alone in one process; each against
  raw rapidfuzz ``process.cdist`` on the same pairs with the same scorer: claims as queries
  on one core (``raw_cdist_pairs_per_second``, the issue's baseline), and, stricter,
  sentences as queries (what ``verify_claims`` runs, about a fifth faster) and on all cores;
- ``synth build`` (the real CLI in a subprocess): full time and peak memory;
- a no-op rebuild: time and files written (must be 0);
- a one-question change: which files are rewritten;
- ``mkdocs build``: time, site size, size per report page and search index size.

    .venv/bin/python benchmarks/scale.py [--questions N] [--json] [--keep DIR]

With ``--json`` the last line printed is one JSON object with every figure.
Thresholds are printed next to the figures, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process, utils

from synth.models import Source
from synth.paths import SOURCES_FILE, report_file
from synth.questions.load import load_questions
from synth.record.bibtex import assign_keys
from synth.record.store import read_sources, write_claims, write_sources
from synth.verify.extract import extract_claims
from synth.verify.verifier import sentences_of, verify_claims

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "claimcheck"
SOURCES_PER_QUESTION = 20
CLAIMS_PER_QUESTION = 10
BIN = Path(sys.executable).parent

# The targets, for 1,000 questions on 2 cores.
TARGETS = {
    "build_seconds": ("<=", 10.0),
    "peak_rss_mb": ("<=", 1024.0),
    "noop_rebuild_share": ("<=", 0.10),
    "noop_files_written": ("<=", 0),
    "verify_vs_raw_cdist": (">=", 0.5),
    "search_index_mb": ("<=", 20.0),
    "report_page_kb": ("<=", 50.0),
    "mkdocs_build_seconds": ("<=", 20.0),
}


# --- the synthetic repository ------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every JSON object of a ``.jsonl`` file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def question_yaml(number: int, claim: dict[str, Any]) -> str:
    """A question file built around one SciFact dev claim (the claim verbatim)."""
    data = {
        "title": f"SciFact claim {claim['id']} (synthetic question {number})",
        "question": f"What do the recorded abstracts say about the claim: {claim['claim']}",
        "keywords": ["scifact", f"claim {claim['id']}"],
        "search": {"limit": SOURCES_PER_QUESTION},
        "claims": [{"text": claim["claim"]}],
        "max_claims": CLAIMS_PER_QUESTION,
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def question_sources(
    number: int, claim: dict[str, Any], corpus: list[dict[str, Any]], by_id: dict[int, int]
) -> list[Source]:
    """The claim's cited abstracts, then neighbours in the corpus, 20 sources in all."""
    picked = [by_id[int(d)] for d in claim["doc_ids"] if int(d) in by_id]
    offset = number * SOURCES_PER_QUESTION
    while len(picked) < SOURCES_PER_QUESTION:
        index = offset % len(corpus)
        offset += 1
        if index not in picked:
            picked.append(index)
    sources = []
    for index in picked:
        doc = corpus[index]
        sources.append(
            Source(
                key="",
                title=doc["title"].strip(),
                abstract=" ".join(s.strip() for s in doc["abstract"]),
                url=f"https://scifact.apps.allenai.org/doc/{doc['doc_id']}",
                databases=("import:scifact-corpus",),
            )
        )
    return assign_keys(sources)


def copy_site_config(repo: Path) -> None:
    """The project's mkdocs config and hand-written pages, so mkdocs builds the real site."""
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    ignore = shutil.ignore_patterns("reports", "index.md")
    shutil.copytree(ROOT / "docs", repo / "docs", ignore=ignore, dirs_exist_ok=True)
    for extra in ("overrides", "hooks"):
        if (ROOT / extra).is_dir():
            shutil.copytree(ROOT / extra, repo / extra)


def generate(repo: Path, count: int, data: Path) -> list[str]:
    """Write ``count`` question files and their ``sources.bib``; return the question ids."""
    corpus = read_jsonl(data / "corpus.jsonl")
    claims = read_jsonl(data / "claims_dev.jsonl")
    by_id = {int(doc["doc_id"]): i for i, doc in enumerate(corpus)}
    (repo / "questions").mkdir(parents=True)
    ids = []
    for number in range(count):
        claim = claims[number % len(claims)]
        question_id = f"q{number:05d}-scifact-{claim['id']}"
        (repo / "questions" / f"{question_id}.yaml").write_text(
            question_yaml(number, claim), encoding="utf-8"
        )
        sources = question_sources(number, claim, corpus, by_id)
        write_sources(repo, question_id, sources)
        ids.append(question_id)
    copy_site_config(repo)
    return ids


def verify_all(repo: Path) -> dict[str, float]:
    """Verify every question in this process (writing claims.yaml), timed against raw cdist.

    Raw cdist is timed three ways on each question's pairs: claims as queries (the
    issue's baseline), sentences as queries (what ``verify_claims`` runs, about a fifth
    faster) and claims as queries on every core (``workers=-1``).
    """
    pairs = 0
    seconds = {"verify": 0.0, "cdist": 0.0, "transposed": 0.0, "all_cores": 0.0}
    default = utils.default_process
    for question in load_questions(repo):
        sources = read_sources(report_file(repo, question.id, SOURCES_FILE))
        claims = extract_claims(question, sources)
        start = time.perf_counter()
        results = verify_claims(claims, sources)
        seconds["verify"] += time.perf_counter() - start
        sentences = [s.text for s in sentences_of(sources)]
        texts = [c.text for c in claims]
        for name, queries, choices, workers in (
            ("cdist", texts, sentences, 1),
            ("transposed", sentences, texts, 1),
            ("all_cores", texts, sentences, -1),
        ):
            start = time.perf_counter()
            process.cdist(
                queries, choices, scorer=fuzz.token_set_ratio, processor=default, workers=workers
            )
            seconds[name] += time.perf_counter() - start
        pairs += len(claims) * len(sentences)
        write_claims(repo, question.id, results)
    return {
        "verify_pairs": pairs,
        "raw_cdist_pairs_per_second": round(pairs / seconds["cdist"]),
        "raw_cdist_transposed_pairs_per_second": round(pairs / seconds["transposed"]),
        "raw_cdist_all_cores_pairs_per_second": round(pairs / seconds["all_cores"]),
        "verify_one_process_seconds": round(seconds["verify"], 2),
        "verify_one_process_pairs_per_second": round(pairs / seconds["verify"]),
        "verify_one_process_vs_raw_cdist": round(seconds["cdist"] / seconds["verify"], 4),
        "verify_one_process_vs_transposed_cdist": round(
            seconds["transposed"] / seconds["verify"], 4
        ),
    }


def measure_verify_command(repo: Path, figures: dict[str, Any]) -> dict[str, Any]:
    """``synth verify`` over every question, as users run it: start-up, reading the record,
    extracting claims, writing claims.yaml, with the questions spread over the cores."""
    start = time.perf_counter()
    subprocess.run(
        [str(BIN / "synth"), "--root", str(repo), "verify"], check=True, capture_output=True
    )
    seconds = time.perf_counter() - start
    per_second = figures["verify_pairs"] / seconds
    return {
        "verify_seconds": round(seconds, 2),
        "verify_pairs_per_second": round(per_second),
        "verify_vs_raw_cdist": round(per_second / figures["raw_cdist_pairs_per_second"], 4),
        "verify_vs_raw_cdist_all_cores": round(
            per_second / figures["raw_cdist_all_cores_pairs_per_second"], 4
        ),
    }


def git(repo: Path, *args: str) -> None:
    """Run git quietly in the synthetic repository."""
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


# --- measuring processes -----------------------------------------------------------------------

# Runs a command and prints the largest resident set of it and its descendants (in kB).
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _tree_rss_kb(pid: int) -> int:
    """The summed resident memory of a process and its descendants, from /proc."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS"))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_measured(command: list[str], cwd: Path, code: Path | None = None) -> dict[str, float]:
    """Run a command (with synth from ``code``); wall time, largest process, peak tree memory."""
    env = {**os.environ, "PYTHONPATH": str(code)} if code else None
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, *command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak_tree = 0
    while proc.poll() is None:
        peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    out, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}\n{err}")
    largest = int(err.strip().splitlines()[-1])
    return {
        "seconds": round(seconds, 3),
        "largest_process_mb": round(largest / 1024, 1),
        "tree_mb": round(peak_tree / 1024, 1),
    }


def page_state(repo: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every Markdown page under docs/: a rewrite changes one of them."""
    state = {}
    for path in (repo / "docs").rglob("*.md"):
        info = path.stat()
        state[path.relative_to(repo).as_posix()] = (info.st_ino, info.st_mtime_ns)
    return state


def written_since(before: dict[str, tuple[int, int]], repo: Path) -> list[str]:
    """The pages created or rewritten since ``before`` was taken."""
    after = page_state(repo)
    return sorted(path for path, state in after.items() if before.get(path) != state)


def folder_mb(folder: Path) -> float:
    """The size of every file under ``folder`` in MB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


# --- the run -----------------------------------------------------------------------------------


def snapshot_code(work: Path) -> Path:
    """A copy of synth's source, so that every build measured runs the same code.

    The build cache is keyed on synth's source: an edit to synth between two builds (a
    shared working tree) would make the no-op rebuild a full one.
    """
    code = work / "code"
    shutil.copytree(ROOT / "synth", code / "synth", ignore=shutil.ignore_patterns("__pycache__"))
    return code


def measure_builds(repo: Path, ids: list[str], code: Path) -> dict[str, Any]:
    """Full build, no-op rebuild and a one-question change, with the real CLI."""
    synth = [sys.executable, "-m", "synth", "build"]
    full = run_measured(synth, repo, code)
    before = page_state(repo)
    noop = run_measured(synth, repo, code)
    noop_written = written_since(before, repo)
    changed = ids[len(ids) // 2]
    path = repo / "questions" / f"{changed}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("(synthetic", "(changed synthetic", 1),
        encoding="utf-8",
    )
    before = page_state(repo)
    one = run_measured(synth, repo, code)
    one_written = written_since(before, repo)
    expected = sorted(["docs/index.md", f"docs/reports/{changed}/index.md"])
    return {
        "build_seconds": full["seconds"],
        "peak_rss_mb": full["largest_process_mb"],
        "peak_rss_tree_mb": full["tree_mb"],
        "noop_rebuild_seconds": noop["seconds"],
        "noop_rebuild_share": round(noop["seconds"] / full["seconds"], 3),
        "noop_files_written": len(noop_written),
        "one_change_seconds": one["seconds"],
        "one_change_files_written": one_written,
        "one_change_only_dependents": one_written == expected,
    }


def measure_mkdocs(repo: Path, count: int) -> dict[str, Any]:
    """``mkdocs build --strict`` of the generated site: time, sizes, search index."""
    site = repo / "site"
    run = run_measured([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)], repo)
    pages = list((site / "reports").glob("*/index.html"))
    return {
        "mkdocs_build_seconds": run["seconds"],
        "site_mb": round(folder_mb(site), 1),
        "report_page_kb": round(sum(p.stat().st_size for p in pages) / max(1, len(pages)) / 1e3, 1),
        "report_pages": len(pages),
        "search_index_mb": round((site / "search" / "search_index.json").stat().st_size / 1e6, 2),
        "pages_per_question": round(len(pages) / count, 3),
    }


def print_figures(figures: dict[str, Any]) -> None:
    """One line per figure, with its target where the issue sets one."""
    for name, value in figures.items():
        target = TARGETS.get(name)
        verdict = ""
        if target:
            sign, limit = target
            met = value <= limit if sign == "<=" else value >= limit
            verdict = f"   target {sign} {limit:g}: {'met' if met else 'MISSED'}"
        print(f"{name:28} {value}{verdict}")


def main() -> None:
    """Generate the repository, run every measurement, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--keep", type=Path, help="work in this new folder and keep it")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="synth-scale-")) if args.keep is None else args.keep
    repo = work / "repo"
    try:
        start = time.perf_counter()
        ids = generate(repo, args.questions, args.data)
        figures: dict[str, Any] = {"questions": args.questions, "cpus": os.cpu_count()}
        figures.update(verify_all(repo))
        figures.update(measure_verify_command(repo, figures))
        git(repo, "init", "-q")
        git(repo, "add", "questions", "docs", "mkdocs.yml")
        git(repo, "commit", "-q", "-m", "synthetic record")
        figures["generate_seconds"] = round(time.perf_counter() - start, 1)
        figures.update(measure_builds(repo, ids, snapshot_code(work)))
        figures.update(measure_mkdocs(repo, args.questions))
        figures["benchmark_peak_rss_mb"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print_figures(figures)
    if args.json:
        print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
