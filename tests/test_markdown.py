import markdown
import pytest
import yaml
from mkdocs.utils.meta import get_data

from synth.markdown import (
    PASS_END,
    PASS_START,
    anchor,
    emphasised,
    escape,
    escape_highlight,
    html_link,
    html_table,
    passthrough,
    safe_url,
    yaml_string,
)


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("a | b", "a &#124; b"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="alert(1)">', '&lt;img src=x onerror="alert(1)"&gt;'),
        ("[x](javascript:alert(1))", "&#91;x&#93;(javascript:alert(1))"),
        ("*bold* _it_ `code`", "&#42;bold&#42; &#95;it&#95; &#96;code&#96;"),
        ("line\nbreak", "line break"),
    ],
)
def test_escape_neutralises_markup(hostile: str, expected: str) -> None:
    assert escape(hostile) == expected


def test_escape_keeps_a_table_row_to_its_cells() -> None:
    page = markdown.markdown(html_table(["a", "b"], [[escape("x | y | <td> z"), "2"]]))
    row = page.split("<tbody>")[1]
    assert row.count("<td") == 2 and "x &#124; y &#124; &lt;td&gt; z" in row


def test_emphasised_prose_renders_as_markdown_renders_it() -> None:
    text = "A claim is *supported* when 3 < 4 & *contradicted* in benchmarks/verify_quality.py."
    assert f"<p>{emphasised(text)}</p>" == markdown.markdown(text)


def test_column_attributes_go_on_every_body_cell_only() -> None:
    page = html_table(["a", "b"], [["1", "2"], ["3", "4"]], attributes=["", "data-x"])
    assert page.count("<td data-x>") == 2 and "<th data-x>" not in page


def test_highlight_marks_the_span_and_escapes_around_it() -> None:
    text = "since the release of ChatGPT in November 2022 <b>"
    assert escape_highlight(text, (21, 45)) == (
        "since the release of <mark>ChatGPT in November 2022</mark> &lt;b&gt;"
    )


def test_highlight_ignores_an_out_of_range_span() -> None:
    assert escape_highlight("short", (3, 99)) == "short"


def test_safe_url_rejects_javascript_and_data_urls() -> None:
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("data:text/html,<script>") == ""


def test_safe_url_encodes_characters_that_end_a_markdown_link() -> None:
    assert safe_url("https://example.org/a (b)") == "https://example.org/a%20%28b%29"


def test_link_falls_back_to_text_for_unsafe_urls() -> None:
    assert html_link("click", "javascript:alert(1)") == "click"


def test_anchor_cannot_carry_markup() -> None:
    assert anchor('x"><script>') == "src-x-script"


# One character of every kind YAML treats specially, and of each Unicode plane in use.
AWKWARD = (
    'Robots 🤖 \U0001d54f \U000e0001 "quoted" \\back\\ \t \x00 \x07 \x1b[31m \x7f \x85 \x9f'
    " \xa0 \u2028 \u2029 \ufeff \ufffe \uffff \u202e é 中文 #x: - [a] {b} & *c !d %e @f `g`"
)


def test_yaml_string_reads_back_as_the_same_text() -> None:
    for text in (
        AWKWARD,
        "".join(map(chr, range(0xD800))),
        "".join(map(chr, range(0xE000, 0x10000))),
    ):
        assert yaml.safe_load(f"title: {yaml_string(text)}\n") == {"title": text}


def test_yaml_string_front_matter_keeps_an_emoji_title_for_mkdocs() -> None:
    page = f"---\ntitle: {yaml_string('Do robots 🤖 dream?')}\ntags:\n  - {yaml_string('x')}\n---\n"
    body, meta = get_data(page + "\n# Page\n")
    assert (body, meta) == ("# Page\n", {"title": "Do robots 🤖 dream?", "tags": ["x"]})


def test_yaml_string_writes_a_lone_surrogate_as_the_replacement_character() -> None:
    lone = "a\ud800b"
    assert yaml.safe_load(f"t: {yaml_string(lone)}") == {"t": "a\ufffdb"}


def test_passthrough_marks_each_run_of_lines_between_headings() -> None:
    page = "# Title\n\n<p>a</p>\n\n## Part\n\n<p>b</p>\n<p>c</p>\n\n## Empty\n\n"
    assert passthrough(page).split("\n") == [
        "# Title",
        "",
        PASS_START,
        "<p>a</p>",
        PASS_END,
        "",
        "## Part",
        "",
        PASS_START,
        "<p>b</p>",
        "<p>c</p>",
        PASS_END,
        "",
        "## Empty",
        "",
    ]
