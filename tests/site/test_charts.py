"""Charts drawn at build time as inline SVG (synth/site/charts.py)."""

from __future__ import annotations

import re
from dataclasses import replace

from synth.models import Claim, ClaimResult, Evidence, Source, Verdict
from synth.site.charts import (
    MOST_ROWS,
    Bar,
    Chart,
    Series,
    claims_by_confidence,
    claims_by_evidence,
    describe,
    render_chart,
    render_charts,
    sources_per_year,
)

HOSTILE = '<script>alert(1)</script> | "quoted" & [x](javascript:y)'
SOURCE = Source("k", "Title", ("Doe, Jane",), 2022)


def _result(
    n: int, label: str = "supported", source: str = "a", confidence: float = 0.95
) -> ClaimResult:
    evidence = Evidence(source, "Sentence.", 90.0) if source else None
    return ClaimResult(
        Claim(f"c{n}", f"Claim {n}.", source or "question"), Verdict(label, confidence, evidence)
    )


def _widths(svg: str) -> list[float]:
    """The width of every bar part, bar by bar from the top, left to right in each bar."""
    parts = re.findall(r"M([0-9.]+) ([0-9.]+)h([0-9.]+)v", svg)  # x, y, width of each part
    return [float(w) for _, _, w in sorted(parts, key=lambda p: (float(p[1]), float(p[0])))]


def test_sources_per_year_counts_each_year_oldest_first_and_undated_last() -> None:
    sources = [replace(SOURCE, year=y) for y in (2024, 2021, None, 2024)]
    chart = sources_per_year(sources)
    assert [(b.label, b.values) for b in chart.bars] == [
        ("2021", (1,)),
        ("2024", (2,)),
        ("n.d.", (1,)),
    ]


def test_chart_is_inline_svg_named_by_its_title_and_values() -> None:
    html = render_chart(sources_per_year([replace(SOURCE, year=y) for y in (2021, 2024, 2024)]))
    assert '<svg class="chart__svg"' in html and 'role="img"' in html
    assert html.count("<text") == 2 * 2 and html.count("<path") == 1  # a path per series
    assert 'aria-labelledby="chart-years-title chart-years-desc"' in html
    assert '<title id="chart-years-title">Sources per year</title>' in html
    assert '<desc id="chart-years-desc">2021: 1 source; 2024: 2 sources.</desc>' in html
    assert "<script" not in html


def test_bar_lengths_are_proportional_to_their_values() -> None:
    chart = Chart("c", "T", "item", (Series("s", "s"),), (Bar("a", (2,)), Bar("b", (6,))))
    short, long = _widths(render_chart(chart))
    assert abs(long / short - 3) < 0.01


def test_stacked_bar_parts_add_up_and_the_legend_names_them() -> None:
    series = (Series("supported", "supported"), Series("contradicted", "contradicted"))
    chart = Chart("c", "T", "claim", series, (Bar("a", (3, 1)), Bar("b", (4, 0))))
    html = render_chart(chart)
    widths = _widths(html)
    assert len(widths) == 3 and abs(widths[0] + widths[1] - widths[2]) < 0.2
    legend = html.split("chart__legend")[1]
    assert '<li class="chart__part--contradicted">contradicted</li>' in legend
    assert (
        describe(chart) == "a: 4 claims (3 supported, 1 contradicted); b: 4 claims (4 supported)."
    )


def test_outside_text_in_a_label_is_escaped() -> None:
    chart = Chart("c", HOSTILE, "item", (Series("s", "s"),), (Bar(HOSTILE, (1,)),))
    html = render_chart(chart)
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_claims_by_evidence_ranks_sources_and_sums_the_rest() -> None:
    results = [_result(n, source=f"s{n % (MOST_ROWS + 2)}") for n in range(40)]
    results.append(_result(99, "not-found", source=""))
    chart = claims_by_evidence(results, {"s0": "Doe et al., 2022"})
    labels = [bar.label for bar in chart.bars]
    assert len(labels) == MOST_ROWS + 2
    assert labels[-2:] == ["2 other sources", "no evidence found"]
    assert "Doe et al., 2022" in labels
    assert sum(bar.total for bar in chart.bars) == 41


def test_claims_by_evidence_splits_bars_by_verdict_in_reading_order() -> None:
    results = [_result(1, "not-found"), _result(2, "contradicted"), _result(3), _result(4, "odd")]
    chart = claims_by_evidence(results, {})
    assert [s.key for s in chart.series] == ["supported", "contradicted", "not-found", "odd"]
    assert chart.bars == (Bar("a", (1, 1, 1, 1)),)
    assert chart.legend


def test_claims_by_confidence_counts_each_band() -> None:
    results = [_result(1, confidence=0.95), _result(2, confidence=0.9), _result(3, confidence=0.2)]
    chart = claims_by_confidence(results)
    assert [(b.label, b.total) for b in chart.bars] == [("0.9–1.0", 2), ("below 0.5", 1)]


def test_charts_section_says_why_it_is_empty() -> None:
    assert "Nothing to chart yet" in render_charts([], [], {})


def test_charts_section_holds_a_chart_per_view() -> None:
    section = render_charts([SOURCE], [_result(1)], {})
    assert section.count("<figure") == 3 and "\n\n" not in section.split("## Charts\n\n")[1]
