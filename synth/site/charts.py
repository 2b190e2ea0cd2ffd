"""Charts for a report page, drawn at build time as inline SVG (pure).

A chart is a small horizontal bar chart: one row a label, each bar split into
parts of named series (verdicts, for example). It is HTML the page carries
itself: no script draws it and nothing is fetched, so it shows at first paint.
The colours are CSS classes (``chart__part--<series>``) that report.css maps to
variables of the light and dark schemes, and the text uses the page's own colour.
Every chart has a ``<title>`` and a ``<desc>`` that lists each value, which is
what a screen reader reads; the numbers are also printed at the end of each bar.

Outside text (a source's first author) goes in only escaped; series keys and
chart ids are our own ``[a-z0-9-]`` names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from synth.markdown import escape
from synth.models import ClaimResult, Source
from synth.site.verdicts import verdict_order, verdict_style
from synth.text import plural

# Geometry in SVG user units; the figure is drawn 1:1 on a wide screen and scaled down to
# the column on a phone (report.css), so text stays near the page's size on both.
WIDTH = 400
ROW = 22  # height of a bar
GAP = 8  # between bars
FONT = 13
CHAR = 7.2  # a generous average advance of a character at FONT, to size the label column
VALUE_ROOM = 34  # room after the longest bar for its number
MOST_ROWS = 8  # rows beyond these are summed into one "others" row


@dataclass(frozen=True)
class Series:
    """One kind of bar part: ``key`` names its CSS class, ``name`` its legend entry."""

    key: str
    name: str


@dataclass(frozen=True)
class Bar:
    """One row of a chart: a label and its value in each series (in the chart's order)."""

    label: str
    values: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: ``unit`` counts what a bar measures ("source", "claim")."""

    chart_id: str
    title: str
    unit: str
    series: tuple[Series, ...]
    bars: tuple[Bar, ...]
    legend: bool = False  # name the series under the title (always, when there are several)


def _safe_id(name: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")


def describe(chart: Chart) -> str:
    """The text alternative: every bar's label and value, and its parts when there are several."""
    items = []
    for bar in chart.bars:
        text = f"{bar.label}: {plural(bar.total, chart.unit)}"
        if len(chart.series) > 1:
            parts = [f"{n} {s.name}" for s, n in zip(chart.series, bar.values, strict=True) if n]
            text += f" ({', '.join(parts)})" if parts else ""
        items.append(text)
    return "; ".join(items) + "."


def render_chart(chart: Chart) -> str:
    """The chart as one raw HTML block: a figure with its caption, legend and SVG.

    The SVG is drawn with few nodes, since every page carries it and the site build parses
    it three times: the labels in one group and the numbers in another (report.css anchors
    and colours them), and one path per series holding that series' part of every bar.
    """
    cid = _safe_id(chart.chart_id)
    label_width = max(len(bar.label) for bar in chart.bars) * CHAR + 14
    most = max(bar.total for bar in chart.bars) or 1
    room = WIDTH - label_width - VALUE_ROOM
    height = len(chart.bars) * (ROW + GAP)
    labels, values = [], []
    parts: list[list[str]] = [[] for _ in chart.series]
    for index, bar in enumerate(chart.bars):
        y = index * (ROW + GAP)
        middle = f"{y + ROW / 2:.0f}"
        labels.append(f'<text y="{middle}">{escape(bar.label)}</text>')
        x = label_width
        for series, value in enumerate(bar.values):
            if value:
                width = value / most * room
                parts[series].append(f"M{x:.1f} {y}h{width:.1f}v{ROW}h-{width:.1f}z")
                x += width
        values.append(f'<text x="{x + 6:.1f}" y="{middle}">{bar.total}</text>')
    bars = "".join(
        f'<path class="chart__part chart__part--{_safe_id(series.key)}" d="{"".join(drawn)}">'
        "</path>"
        for series, drawn in zip(chart.series, parts, strict=True)
        if drawn
    )
    legend = ""
    if chart.legend or len(chart.series) > 1:
        # Each entry's swatch is drawn by report.css in its series' colour.
        entries = "".join(
            f'<li class="chart__part--{_safe_id(s.key)}">{escape(s.name)}</li>'
            for s in chart.series
        )
        legend = f'<ul class="chart__legend" aria-hidden="true">{entries}</ul>'
    svg = (
        f'<svg class="chart__svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" font-size="{FONT}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc">'
        f'<title id="{cid}-title">{escape(chart.title)}</title>'
        f'<desc id="{cid}-desc">{escape(describe(chart))}</desc>'
        f'<g class="chart__labels" transform="translate({label_width - 8:.0f} 0)">'
        f'{"".join(labels)}</g>{bars}<g class="chart__values">{"".join(values)}</g></svg>'
    )
    # The caption is for the eye: the SVG's own title and description name it for readers.
    caption = f'<figcaption aria-hidden="true">{escape(chart.title)}{legend}</figcaption>'
    return f'<figure class="chart" id="{cid}">\n{caption}\n{svg}\n</figure>'


def sources_per_year(sources: Sequence[Source]) -> Chart:
    """How many sources each publication year has, oldest first; undated ones last."""
    years = Counter(str(s.year) if s.year else "n.d." for s in sources)
    order = sorted(years, key=lambda year: (not year.isdigit(), year))
    bars = tuple(Bar(year, (years[year],)) for year in order)
    return Chart("chart-years", "Sources per year", "source", (Series("sources", "sources"),), bars)


def _verdict_series(results: Sequence[ClaimResult]) -> tuple[Series, ...]:
    labels = verdict_order({r.verdict.label for r in results})
    return tuple(Series(label, verdict_style(label).words) for label in labels)


def claims_by_evidence(results: Sequence[ClaimResult], label_of: dict[str, str]) -> Chart:
    """How many claims each source's abstract decides, by verdict: whether the report rests
    on many sources or a few. ``label_of`` names each source key for the reader."""
    series = _verdict_series(results)
    labels = [s.key for s in series]
    counts: dict[str, Counter[str]] = {}
    for result in results:
        evidence = result.verdict.evidence
        key = evidence.source if evidence else ""
        counts.setdefault(key, Counter())[result.verdict.label] += 1
    ranked = sorted(
        (k for k in counts if k), key=lambda k: (-sum(counts[k].values()), label_of.get(k, k), k)
    )
    shown, rest = ranked[:MOST_ROWS], ranked[MOST_ROWS:]
    bars = [Bar(label_of.get(k, k), tuple(counts[k][n] for n in labels)) for k in shown]
    if rest:
        summed: Counter[str] = sum((counts[k] for k in rest), Counter())
        bars.append(Bar(f"{len(rest)} other sources", tuple(summed[n] for n in labels)))
    if "" in counts:
        bars.append(Bar("no evidence found", tuple(counts[""][n] for n in labels)))
    title = "Claims by the source of their evidence"
    return Chart("chart-evidence", title, "claim", series, tuple(bars), legend=True)


CONFIDENCE_BINS = (
    (0.9, "0.9–1.0"),
    (0.8, "0.8–0.9"),
    (0.7, "0.7–0.8"),
    (0.5, "0.5–0.7"),
    (0.0, "below 0.5"),
)


def claims_by_confidence(results: Sequence[ClaimResult]) -> Chart:
    """How sure the verifier is of its verdicts: claims per confidence band, by verdict."""
    series = _verdict_series(results)
    labels = [s.key for s in series]
    counts: dict[str, Counter[str]] = {name: Counter() for _, name in CONFIDENCE_BINS}
    for result in results:
        band = next(name for low, name in CONFIDENCE_BINS if result.verdict.confidence >= low)
        counts[band][result.verdict.label] += 1
    bars = tuple(
        Bar(name, tuple(counts[name][n] for n in labels))
        for _, name in CONFIDENCE_BINS
        if counts[name]
    )
    title = "Claims by the verifier's confidence"
    return Chart("chart-confidence", title, "claim", series, bars, legend=True)


def render_charts(
    sources: Sequence[Source], results: Sequence[ClaimResult], label_of: dict[str, str]
) -> str:
    """The Charts section: what the evidence rests on and how old it is, or why there is none."""
    charts = []
    if results:
        charts += [claims_by_evidence(results, label_of), claims_by_confidence(results)]
    if sources:
        charts.append(sources_per_year(sources))
    if not charts:
        return "## Charts\n\nNothing to chart yet: the record has no sources or claims.\n"
    figures = "\n".join(render_chart(chart) for chart in charts)
    return f'## Charts\n\n<div class="charts">\n{figures}\n</div>\n'
