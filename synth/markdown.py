"""Safe Markdown from untrusted text (pure).

Titles, abstracts, claims and BibTeX fields come from outside. Everything that
could be read as markup (HTML tags, table pipes, emphasis, links, code) is
turned into character references, so outside text always renders as text and
never breaks a table or injects a tag. Links are built only from identifiers
we parsed (DOI, arXiv id) or from http(s) URLs, percent-encoded.

A report page is written as HTML under Markdown headings (``html_paragraph``, ``html_list``,
``html_table``, ``html_link``): the headings stay Markdown for the table of contents and the
permalinks, and ``passthrough`` marks everything between them as a block that the Markdown
extension ``synth.site.passthrough`` hands to the page unparsed. Markdown would otherwise
read every tag of it twice (mkdocs once more), which was most of the site build's time.
Escaped text is the same in Markdown and in HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

# Characters with a meaning in HTML, Markdown or the extensions mkdocs.yml enables (tables,
# attr_list, tilde), spelled as references. Parentheses and '!' are harmless once '[' is.
_REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "~": "&#126;",
}
# mkdocs-material leaves elements with this attribute out of its search index. A thousand
# reports' quotes and boilerplate would make the index a download too large for browsers.
SEARCH_EXCLUDED = "data-search-exclude"
_ESCAPE = re.compile("[" + re.escape("".join(_REFERENCES)) + "]")


def escape(text: str) -> str:
    """Outside text as inline Markdown that renders literally, on one line."""
    return _ESCAPE.sub(lambda m: _REFERENCES[m.group()], " ".join(text.split()))


def escape_highlight(text: str, span: tuple[int, int]) -> str:
    """Escape ``text`` and wrap ``text[start:end]`` in ``<mark>`` for highlighting."""
    start, end = span
    if not 0 <= start < end <= len(text):
        return escape(text)
    before, middle, after = text[:start], text[start:end], text[end:]
    # Keep the white space at the seams: escape() trims each part.
    pre = " " if before[-1:].isspace() else ""
    post = " " if after[:1].isspace() else ""
    return f"{escape(before)}{pre}<mark>{escape(middle)}</mark>{post}{escape(after)}"


def anchor(key: str) -> str:
    """An HTML id for a source key: only ``[a-z0-9-]`` survive."""
    return "src-" + re.sub(r"[^a-z0-9-]+", "-", key.lower()).strip("-")


def claim_anchor(claim_id: str) -> str:
    """The HTML id of a claim's row in the claims table: only ``[a-z0-9]`` survive."""
    return "claim-" + re.sub("[^a-z0-9]", "", claim_id.lower())


def safe_url(url: str) -> str:
    """``url`` percent-encoded if it is http(s), else ``""`` (no ``javascript:`` and friends)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return quote(url, safe=":/?&=%#+,;@~-._")


def doi_url(doi: str) -> str:
    """The resolver link of a DOI."""
    return "https://doi.org/" + quote(doi, safe="/")


def arxiv_url(arxiv_id: str) -> str:
    """The abstract page of an arXiv id."""
    return "https://arxiv.org/abs/" + quote(arxiv_id, safe="/")


def html_paragraph(html_text: str) -> str:
    """A paragraph as a raw HTML block; ``html_text`` is already escaped HTML."""
    return f"<p>{html_text}</p>\n"


def html_list(items: list[str], tag: str = "ul") -> str:
    """A list as a raw HTML block, one item a line; items are already escaped HTML."""
    lines = "".join(f"<li>{item}</li>\n" for item in items)
    return f"<{tag}>\n{lines}</{tag}>\n"


# The lines around a block of HTML that synth wrote and escaped; without the extension they
# are HTML comments, and Markdown reads the block as raw HTML (the page is the same).
PASS_START = "<!-- html -->"
PASS_END = "<!-- /html -->"
_HEADING = re.compile(r"#{1,6} ")


def passthrough(page: str) -> str:
    """``page`` with each run of lines between its Markdown headings marked as a block of HTML.

    Every other line of a report page is HTML: outside text is escaped onto one line, so no
    line of it can be read as a heading or end a block.
    """
    out: list[str] = []
    block: list[str] = []

    def close() -> None:
        if any(line.strip() for line in block):
            out.extend([PASS_START, *_trimmed(block), PASS_END, ""])
        block.clear()

    for line in page.split("\n"):
        if _HEADING.match(line):
            close()
            out.extend([line, ""])
        else:
            block.append(line)
    close()
    return "\n".join(out)


def _trimmed(lines: list[str]) -> list[str]:
    """``lines`` without the blank lines at either end."""
    start = next(i for i, line in enumerate(lines) if line.strip())
    end = max(i for i, line in enumerate(lines) if line.strip())
    return lines[start : end + 1]


_EMPHASIS = re.compile(r"\*([^*\s][^*]*)\*")


def emphasised(text: str) -> str:
    """Our own prose with ``*emphasis*`` (the verifier's method text) as escaped HTML."""
    return _EMPHASIS.sub(r"<em>\1</em>", html.escape(text, quote=False))


def html_link(label: str, url: str) -> str:
    """An HTML link with an escaped label, or just the label when the URL is unsafe."""
    target = safe_url(url)
    return f'<a href="{html.escape(target)}">{escape(label)}</a>' if target else escape(label)


def html_anchor_link(label_html: str, target: str) -> str:
    """A link to ``#target`` on the same page (``target`` is one of our own ids)."""
    return f'<a href="#{html.escape(target)}">{label_html}</a>'


_ALIGN = {"l": "", "r": ' style="text-align: right;"', "c": ' style="text-align: center;"'}


def html_table(
    header: list[str],
    rows: list[list[str]],
    align: str = "",
    labelled: bool = False,
    attributes: Sequence[str] = (),
) -> str:
    """An HTML table for a raw HTML block; cells must already be escaped HTML on one line.

    ``labelled``: each cell carries its column's name (``data-label``), which report.css
    shows beside the cell when a ``.cards`` table becomes one card per row on a phone.
    ``attributes``: per column, our own attributes for its body cells (``SEARCH_EXCLUDED``).
    """
    aligns = align or "l" * len(header)
    extra = [f" {a}" if a else "" for a in attributes] or [""] * len(header)
    names = [
        f'{more} data-label="{html.escape(_TAG.sub("", h))}"' if labelled else more
        for h, more in zip(header, extra, strict=True)
    ]

    def row(cells: list[str], tag: str) -> str:
        # A space between cells: the site search reads the text of the page, and without
        # one the last word of a cell and the first of the next would be one word.
        joined = " ".join(
            f"<{tag}{_ALIGN[a]}{name if tag == 'td' else ''}>{cell}</{tag}>"
            for cell, a, name in zip(cells, aligns, names, strict=True)
        )
        return f"<tr>{joined}</tr>"

    body = "\n".join(row(cells, "td") for cells in rows)
    return f"<table>\n<thead>\n{row(header, 'th')}\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>"


_TAG = re.compile(r"<[^>]*>")


# What YAML may hold as is inside a double-quoted scalar (PyYAML's printable set, less
# the characters it reads as line breaks or a byte-order mark); everything else is escaped.
_YAML_UNSAFE = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, for page front matter.

    Not ``json.dumps``: it escapes a character outside the BMP (an emoji) as a UTF-16
    surrogate pair, which YAML reads back as two lone surrogates, so mkdocs drops the
    whole front matter (the page loses its title and tags). Such characters are
    written as they are; control characters and line breaks are escaped.
    """
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _YAML_UNSAFE.sub(_yaml_escape, body) + '"'


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate encodes nothing: show the replacement
        return "\ufffd"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
