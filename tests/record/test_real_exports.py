"""Real BibTeX exports go in whole and come out readable (tests/fixtures/bib/PROVENANCE.md).

Works are counted without synth's parser (``support.bibscan``): entries with a title, one
work per shared DOI, arXiv id or identical title, authors and year. synth may merge more
only where a person checked the entries and found one work; each such merge is listed
below with what the entries show. Any other merge, or a work missing, fails.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from support.bibscan import plain, same_work_groups, scan
from support.paths import EXAMPLE_ID, FIXTURES

from synth.paths import SOURCES_FILE, report_file
from synth.pipeline import import_sources
from synth.record.store import read_sources
from synth.site.build import build

BIB = FIXTURES / "bib"
REVIEWED = {
    "cdl-lab-bibliography-excerpt.bib": {
        ("RuggAlla00", "Rugg00"): "one chapter (Oxford Handbook of Memory, pp. 521-537); one "
        "entry names only the first author",
        ("CronEtal98c", "CronEtal98a"): "one article (Brain 121, p. 2301); one entry gives only "
        "its first page",
        ("HealEtal14a", "CrutEtal13"): "the 2013 symposium abstract of the 2014 article, same "
        "title and authors",
        ("GoenLogo08", "GoenEtal08"): "one article (Current Biology 18, 631-640); one entry "
        "adds 'and others'",
        ("WhitEtal96", "WitmEtal96"): "one article (Int. J. Human-Computer Studies 45, "
        "413-428); Witmer spelt Whitmer",
    },
}


@pytest.mark.parametrize("path", sorted(BIB.glob("*.bib")), ids=lambda p: p.name)
def test_an_import_loses_no_work_and_merges_only_duplicates(repo: Path, path: Path) -> None:
    entries = [e for e in scan(path) if plain(e.get("title"))]
    groups = same_work_groups(entries)
    group_of = {e.line: number for number, group in enumerate(groups) for e in group}
    reviewed = REVIEWED.get(path.name, {})

    outcome = import_sources(repo, EXAMPLE_ID, [path])

    recorded = read_sources(report_file(repo, EXAMPLE_ID, SOURCES_FILE))
    assert outcome.read == len(entries)
    assert len(recorded) == len(groups) - len(reviewed)
    for merge in outcome.merges:
        assert merge.target is not None
        pair = (merge.entry.key, merge.target.key)
        assert group_of[merge.entry.line] == group_of[merge.target.line] or pair in reviewed


@pytest.mark.slow
def test_the_living_review_reads_as_unicode_with_its_math_kept_in_the_record(
    repo: Path,
) -> None:
    path = BIB / "hepml-living-review-excerpt.bib"
    import_sources(repo, EXAMPLE_ID, [path])
    build(repo, [EXAMPLE_ID])

    page = (repo / "docs" / "reports" / EXAMPLE_ID / "index.md").read_text(encoding="utf-8")
    references = re.findall(r"<li[^>]*>(.*?)</li>", page.split("## References")[1], re.S)
    assert len(references) > 250
    shown = [html.unescape(re.sub(r"<code>.*?</code>|<[^>]+>", "", r)) for r in references]
    # One INSPIRE title holds a literal backslash ({\textbackslash}textsc): LaTeX prints it too.
    raw = [text for text in shown if re.search(r"[{}]|\\(?!textsc)", text)]
    assert raw == []
    assert any("Krüger" in text for text in shown)

    record = report_file(repo, EXAMPLE_ID, SOURCES_FILE).read_text(encoding="utf-8")
    titles = [e.get("title") for e in scan(path) if "$" in e.get("title")]
    assert len(titles) > 15
    assert [t for t in titles if " ".join(t.split()) not in record] == []
