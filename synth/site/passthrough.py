"""A Markdown extension: the blocks of HTML that synth marks (``synth.markdown.passthrough``)
go into the page as they are, unparsed.

A report page is mostly HTML that synth wrote and escaped. Python-Markdown reads raw HTML
tag by tag to find where each block ends, and mkdocs reads it once more for anchors: at a
thousand reports that was most of the site build. A marked block is stored as Markdown
stores raw HTML (its stash) before either reads it, and comes back unchanged in the page.
The search index is built from the page afterwards, so it is the same. mkdocs.yml loads
the extension (``markdown_extensions: [synth.site.passthrough]``).
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from synth.markdown import PASS_END, PASS_START

# After Markdown normalises white space (30), before mkdocs (21) and Markdown (20) read raw
# HTML and before fenced code (25).
PRIORITY = 29


class PassThrough(Preprocessor):
    """Replace each marked block by a placeholder for its HTML, kept in Markdown's stash."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == PASS_START:
                    block = []
                else:
                    out.append(line)
            elif line == PASS_END:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # never closed: left to Markdown as it is
            out += [PASS_START, *block]
        return out


class PassThroughExtension(Extension):
    """Registers ``PassThrough``."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(PassThrough(md), "synth_passthrough", PRIORITY)


def makeExtension(**kwargs: Any) -> PassThroughExtension:  # noqa: N802 (Python-Markdown's name)
    """The extension, as Python-Markdown loads it by module name."""
    return PassThroughExtension(**kwargs)
