"""Lighthouse scores of the built site: the home page and the example report, desktop and mobile.

Builds the example site (``synth build`` + ``mkdocs build``) into a temporary folder with
``site_url`` set to where it is served (127.0.0.1, under /synth/ as on GitHub Pages), then
runs Lighthouse (npm, the version in package-lock.json; ``make node`` installs it) against
Debian's chromium (CHROME_PATH; Lighthouse downloads no browser) and prints the four
category scores per page and preset, with the audits that cost points.

    .venv/bin/python benchmarks/lighthouse.py [--runs N] [--json]

Targets (issue 13), printed beside the figures and never asserted: performance >= 95 on
desktop and >= 90 on mobile, accessibility, best practices and SEO 100. Performance is
the median of ``--runs`` runs (the lab measure moves by a few points between runs).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.devtools import find_chromium, serve  # noqa: E402
from support.paths import EXAMPLE_ID  # noqa: E402
from support.site import build_example_site  # noqa: E402

LIGHTHOUSE = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
PREFIX = "/synth/"
PAGES = {"home": "", "report": f"reports/{EXAMPLE_ID}/"}
PRESETS = ("desktop", "mobile")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {
    ("performance", "desktop"): 95,
    ("performance", "mobile"): 90,
    ("accessibility", ""): 100,
    ("best-practices", ""): 100,
    ("seo", ""): 100,
}


def target(category: str, preset: str) -> int:
    return TARGETS.get((category, preset), TARGETS.get((category, ""), 100))


def lighthouse(url: str, preset: str, chromium: str, profile: Path) -> dict[str, Any]:
    """One Lighthouse run: the JSON report (lhr)."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-flags=--headless=new --no-sandbox --user-data-dir={profile}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chromium}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url} ({preset}):\n{done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def lost_points(report: dict[str, Any], category: str) -> list[str]:
    """The audits of a category that did not pass, by id."""
    refs = report["categories"][category]["auditRefs"]
    audits = report["audits"]
    return sorted(
        r["id"]
        for r in refs
        if r.get("weight", 0) > 0
        and (audits[r["id"]].get("score") or 0) < 1
        and audits[r["id"]].get("scoreDisplayMode")
        not in ("notApplicable", "informative", "manual")
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page and preset")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None or not LIGHTHOUSE.exists():
        raise SystemExit(
            "needs chromium (apt-get install chromium) and Lighthouse (make node) -- install "
            "them and run again"
        )
    port = free_port()
    figures: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        site = build_example_site(Path(scratch), f"http://127.0.0.1:{port}{PREFIX}")
        with serve(site, PREFIX, port) as address:
            for page, path in PAGES.items():
                for preset in PRESETS:
                    runs = [
                        lighthouse(f"{address}{path}", preset, chromium, Path(scratch) / "profile")
                        for _ in range(args.runs)
                    ]
                    scores = {
                        c: [round(100 * (r["categories"][c]["score"] or 0)) for r in runs]
                        for c in CATEGORIES
                    }
                    figures[f"{page}/{preset}"] = {
                        "scores": {c: statistics.median(s) for c, s in scores.items()},
                        "performance_runs": scores["performance"],
                        "lost": {c: lost_points(runs[-1], c) for c in CATEGORIES},
                    }
    print(f"Lighthouse {runs[-1]['lighthouseVersion']}, {runs[-1]['environment']['hostUserAgent']}")
    print(f"median of {args.runs} run(s); target after the slash\n")
    print("| page | preset | performance | accessibility | best practices | SEO |")
    print("|---|---|---|---|---|---|")
    for key, figure in figures.items():
        page, preset = key.split("/")
        cells = [f"{figure['scores'][c]:.0f} / {target(c, preset)}" for c in CATEGORIES]
        print(f"| {page} | {preset} | " + " | ".join(cells) + " |")
    print()
    for key, figure in figures.items():
        lost = {c: ids for c, ids in figure["lost"].items() if ids}
        runs_text = ", ".join(str(s) for s in figure["performance_runs"])
        print(
            f"{key}: performance runs {runs_text}" + (f"; audits below 1: {lost}" if lost else "")
        )
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
