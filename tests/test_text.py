import pytest
from support.timing import within_seconds

from synth.text import clean_text, sanitise, split_sentences


def test_split_keeps_et_al_and_decimals_inside_a_sentence() -> None:
    text = "Smith et al. report 96.2% pass@1 on HumanEval. A second sentence follows."
    assert split_sentences(text) == [
        "Smith et al. report 96.2% pass@1 on HumanEval.",
        "A second sentence follows.",
    ]


def test_split_keeps_eg_and_ie_inside_a_sentence() -> None:
    text = "Alignment methods (e.g. RLHF, i.e. feedback) help. They cost compute."
    assert len(split_sentences(text)) == 2


def test_split_drops_latex_citations() -> None:
    text = r"Transformers dominate NLP~\cite{vaswani2017}. They scale well \citep[p. 3]{kaplan}."
    assert split_sentences(text) == ["Transformers dominate NLP.", "They scale well."]


def test_split_of_seed_abstract_finds_the_chatgpt_sentence(seed_papers) -> None:
    survey = next(p for p in seed_papers if p["arxiv_id"] == "2402.06196")
    sentences = split_sentences(str(survey["abstract"]))
    assert sentences[0].endswith("since the release of ChatGPT in November 2022.")
    assert len(sentences) == 7


def test_clean_text_strips_jats_tags() -> None:
    raw = "<jats:title>Abstract</jats:title><jats:p>Results &amp; more.</jats:p>"
    assert clean_text(raw) == "Abstract Results & more."


def test_split_of_empty_text_is_empty() -> None:
    assert split_sentences("   ") == []


def test_split_starts_a_sentence_at_an_enumeration_mark() -> None:
    text = "It drops to 76.2% on HumanEval Pro. (ii) Instruction tuning helps little."
    assert split_sentences(text) == [
        "It drops to 76.2% on HumanEval Pro.",
        "(ii) Instruction tuning helps little.",
    ]


def test_sanitise_removes_controls_surrogates_and_bidi_overrides() -> None:
    assert sanitise("a\x00b\x1b[31mc\ud800d\u202ee\x85f") == "ab[31mcdef"


def test_sanitise_keeps_tabs_line_breaks_and_normalises_to_nfc() -> None:
    assert sanitise("e\u0301\tx\ny") == "\u00e9\tx\ny"


def test_clean_text_keeps_less_than_and_greater_than_in_text() -> None:
    raw = "Mortality was lower (p&lt;0.05) in treated patients when age&gt;65."
    assert clean_text(raw) == "Mortality was lower (p<0.05) in treated patients when age>65."


def test_clean_text_keeps_comparisons_that_look_like_a_tag_without_one() -> None:
    assert clean_text("x<y and y>z; a <b and c> d") == "x<y and y>z; a <b and c> d"


def test_clean_text_drops_html_mathml_and_escaped_markup() -> None:
    raw = (
        'H<sub>2</sub>O in <i>E. coli</i> and <mml:math xmlns:mml="http://www.w3.org/1998/'
        'Math/MathML"><mml:mi>x</mml:mi></mml:math>, &lt;b&gt;bold&lt;/b&gt;<br/>'
    )
    assert clean_text(raw) == "H 2 O in E. coli and x, bold"


# Each input made the old patterns try every "<" or "\cite{" against the rest of the text
# (seconds to a minute); linear ones take milliseconds. The guard only catches a return of that.
@pytest.mark.parametrize(
    "hostile",
    ["<" * 200_000, "\\cite{" * 100_000, "\\cite[" * 100_000, '<a x="' * 40_000, "<b " * 70_000],
    ids=["angles", "cite-braces", "cite-brackets", "attributes", "tag-names"],
)
def test_clean_text_is_linear_in_hostile_text(hostile: str) -> None:
    with within_seconds(5):
        assert clean_text(hostile + " end").endswith("end")


def reference_clean_text(text: str) -> str:
    """clean_text written plainly, every pattern on every text: what the shortcuts must equal."""
    import html
    import re
    import unicodedata

    from synth import text as module

    text = unicodedata.normalize("NFC", html.unescape(text))
    text = module._TAG.sub(" ", text)
    text = module._LATEX_REF.sub("", text)
    text = module._LATEX_CMD_ARG.sub(r"\1", text)
    text = module._LATEX_CMD.sub("", text)
    text = text.replace("{", "").replace("}", "")
    text = re.sub(r"\s+", " ", text).strip()
    return module._SPACE_BEFORE_PUNCT.sub(r"\1", text)


def test_clean_text_equals_every_pattern_run_on_every_text(seed_papers) -> None:
    import random

    rng = random.Random(3)
    pieces = [
        *"abc XYZ 0.05 ,.;:!?)(&<>{}\\~",
        " ",
        "\t",
        "\n",
        "\xa0",
        "\u2028",
        "\x1c",
        "\u3000",
        "&amp;",
        "&lt;",
        "<i>",
        "</sup>",
        "\\cite{x}",
        "~\\ref{y}",
        "\\emph{z}",
        "\\alpha ",
    ]
    texts = [paper["abstract"] for paper in seed_papers if paper.get("abstract")]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        assert clean_text(text) == reference_clean_text(text), repr(text)
