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
