"""Import whole real BibTeX exports and say what became of every entry, and how fast.

For each ``.bib`` file in a folder (default: ``shared/data/bib`` beside this repository),
imports it into a fresh question of a throw-away repository with ``synth import-bib``'s own
code and prints:

- entries in the file, counted without synth's parser (``tests/support/bibscan.py``), and
  the works that plain count finds (shared DOI, arXiv id, or identical title, authors, year);
- what synth read, skipped and recorded, and every merge with its reason;
- the import's wall time, and its ratio to bibtexparser's own split of the same text
  measured in the same run (what an import costs beyond reading the file once).

    .venv/bin/python benchmarks/import_fidelity.py [FOLDER] [--quiet]

Figures are printed, never asserted: the tests hold excerpts of these files.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from support.bibscan import plain, same_work_groups, scan  # noqa: E402

from synth.paths import SOURCES_FILE, report_file  # noqa: E402
from synth.pipeline import import_sources  # noqa: E402
from synth.questions.scaffold import write_new_question  # noqa: E402
from synth.record.store import read_sources  # noqa: E402

QUESTION = "import-fidelity"


def _split_seconds(path: Path) -> float:
    from bibtexparser.entrypoint import parse_string

    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    parse_string(text, parse_stack=[])
    return time.perf_counter() - start


def measure(path: Path, quiet: bool) -> None:
    entries = scan(path)
    titled = [e for e in entries if plain(e.get("title"))]
    plain_works = len(same_work_groups(titled))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "questions", root / "questions")
        write_new_question(root, "How well does a real export import?", QUESTION)
        start = time.perf_counter()
        outcome = import_sources(root, QUESTION, [path])
        seconds = time.perf_counter() - start
        works = len(read_sources(report_file(root, QUESTION, SOURCES_FILE)))
    split = _split_seconds(path)
    print(
        f"{path.name}: {len(entries)} entries ({len(titled)} with a title, {plain_works} works "
        f"by the plain count); read {outcome.read}, skipped {outcome.skipped}, recorded {works} "
        f"works, {len(outcome.merges)} merges; {seconds:.2f} s "
        f"({seconds / split:.1f}x bibtexparser's split, {len(entries) / seconds:,.0f} entries/s)"
    )
    if not quiet:
        for merge in outcome.merges:
            print(f"  merged {merge.entry.key!r} into {merge.into.split(' (')[0]}: {merge.reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=REPO.parent / "shared/data/bib")
    parser.add_argument("--quiet", action="store_true", help="counts only, no merge list")
    args = parser.parse_args()
    for path in sorted(args.folder.glob("*.bib")):
        measure(path, args.quiet)


if __name__ == "__main__":
    main()
