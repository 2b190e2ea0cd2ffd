"""Charts for a report page, as mermaid fences that mkdocs-material draws (pure).

Only fixed labels and numbers counted from the record go into a chart, never
outside text, so a title or an author name cannot break the diagram syntax.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from synth.models import Source


def mermaid(lines: Sequence[str]) -> str:
    """A mermaid fence around diagram lines."""
    return "```mermaid\n" + "\n".join(lines) + "\n```\n"


def verdict_pie(supported: int, contradicted: int, not_found: int) -> str:
    """A pie of the verdicts; empty slices are left out (mermaid draws them as slivers)."""
    slices = [("Supported", supported), ("Contradicted", contradicted), ("Not found", not_found)]
    lines = ["pie showData title Verdicts of the claims"]
    lines += [f'    "{label}" : {number}' for label, number in slices if number]
    return mermaid(lines)


def sources_per_year(sources: Sequence[Source]) -> str:
    """A bar chart of how many sources each publication year has; undated ones last."""
    years = Counter(str(s.year) if s.year else "n.d." for s in sources)
    order = sorted(years, key=lambda year: (not year.isdigit(), year))
    axis = ", ".join(f'"{year}"' for year in order)
    bars = ", ".join(str(years[year]) for year in order)
    return mermaid(
        [
            "xychart-beta",
            '    title "Sources per year"',
            f"    x-axis [{axis}]",
            f'    y-axis "Sources" 0 --> {max(years.values())}',
            f"    bar [{bars}]",
        ]
    )


def render_charts(
    sources: Sequence[Source], supported: int, contradicted: int, not_found: int
) -> str:
    """The Charts section: verdict shares and sources per year, or why there are none."""
    parts = ["## Charts\n"]
    if supported + contradicted + not_found:
        parts.append(verdict_pie(supported, contradicted, not_found))
    if sources:
        parts.append(sources_per_year(sources))
    if len(parts) == 1:
        return "## Charts\n\nNothing to chart yet: the record has no sources or claims.\n"
    return "\n".join(parts)
