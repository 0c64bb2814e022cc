"""Tests for learnkit.reading.pages: each cleaning rule, sentence splitting, properties for any input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnkit.reading.pagereader import BULLET_GLYPHS, normalise_chars, read_pages
from learnkit.reading.pages import clean_pages, cleaned_page, normalise_space, split_sentences


def clean(text: str) -> str:
    return clean_pages([text])[0]


# --------------------------------------------------------------------------- characters


@pytest.mark.parametrize(
    ("ligature", "letters"),
    [
        ("\ufb01", "fi"),
        ("\ufb02", "fl"),
        ("\ufb00", "ff"),
        ("\ufb03", "ffi"),
        ("\ufb04", "ffl"),
        ("\ufb05", "st"),
        ("\ufb06", "st"),
    ],
)
def test_ligatures_become_letters(ligature: str, letters: str) -> None:
    assert clean(f"the {ligature}x") == f"the {letters}x"


def test_ligatures_inside_words() -> None:
    assert clean("\ufb01rst of\ufb01cer \ufb02agged the a\ufb00ected e\ufb03cient") == (
        "first officer flagged the affected efficient"
    )


def test_look_alike_characters_are_folded() -> None:
    assert clean("\uff23\uff48\uff49\uff4c\uff44") == "Child"  # full-width
    assert (
        clean("\U0001d40d\U0001d41e\U0001d420\U0001d425\U0001d41e\U0001d41c\U0001d42d") == "Neglect"
    )  # maths bold
    assert clean("child\u2019s \u201cvoice\u201d") == 'child\'s "voice"'
    assert clean("non\u2011attendance") == "non-attendance"
    assert clean("wait\u2026") == "wait..."


def test_characters_whose_meaning_differs_are_kept() -> None:
    assert clean("\u00bd of cases, m\u00b2, \u2122, 2010\u20132012 \u2014 then") == (
        "\u00bd of cases, m\u00b2, \u2122, 2010\u20132012 \u2014 then"
    )


def test_accents_are_composed() -> None:
    assert clean("cafe\u0301") == "caf\u00e9"


def test_invisible_characters_are_removed() -> None:
    assert clean("safe\u00adguarding\u200b \ufeffplan") == "safeguarding plan"
    assert clean("no\u00a0break\u202fhere") == "no break here"


def test_control_characters_are_removed() -> None:
    assert clean("a\x00b\x07c\x1bd\x7fe") == "a b c d e"
    result = clean("one\x00two\tthree\x0cfour")
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", result)
    assert "three" in result
    assert "four" in result


# --------------------------------------------------------------------------- hyphens


def test_word_hyphenated_at_line_end_is_rejoined() -> None:
    assert clean("concerns about safe-\nguarding were raised") == "concerns about safeguarding were raised"


@settings(max_examples=60, deadline=None)
@given(
    st.text("abcdefghijklmnopqrstuvwxyz\u00e9\u00ef\u00e7", min_size=2, max_size=12),
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=12),
)
def test_any_word_hyphenated_at_line_end_is_rejoined(head: str, tail: str) -> None:
    if head in {"multi", "self", "non", "cross", "well", "half", "semi", "step"}:
        return  # compounds that keep their hyphen (tested below)
    assert clean(f"the {head}-\n{tail} was raised") == f"the {head}{tail} was raised"
    assert clean(f"the {head.upper()}-\n{tail} was raised") == f"the {head.upper()}-{tail} was raised"


def test_soft_hyphen_at_line_end_is_rejoined() -> None:
    assert (
        clean("concerns about safe\u00ad\nguarding were raised") == "concerns about safeguarding were raised"
    )


def test_real_hyphen_inside_a_line_is_kept() -> None:
    assert (
        clean("a multi-agency meeting and a self-harm plan") == "a multi-agency meeting and a self-harm plan"
    )


def test_compound_broken_at_its_hyphen_keeps_it() -> None:
    assert clean("the multi-\nagency team") == "the multi-agency team"
    assert clean("risk of self-\nharm was") == "risk of self-harm was"


def test_hyphen_before_capital_or_digit_is_kept() -> None:
    assert clean("during the COVID-\n19 pandemic") == "during the COVID-19 pandemic"
    assert clean("a 15-\nyear-old girl") == "a 15-year-old girl"
    assert clean("the anti-\nSocial Behaviour team") == "the anti-Social Behaviour team"


# --------------------------------------------------------------------------- bullets


def test_private_use_bullets_start_lines() -> None:
    text = "Risks were:\n\uf0b7 neglect of the baby\n\uf0a7 domestic abuse at home"
    assert clean(text) == "Risks were:\nneglect of the baby\ndomestic abuse at home"


@pytest.mark.parametrize("glyph", ["\u2022", "\u25aa", "\uf0b7", "\u25cf", "\u25e6"])
def test_bullet_glyphs_start_lines(glyph: str) -> None:
    assert clean(f"Themes: {glyph} hidden men {glyph} neglect") == "Themes:\nhidden men\nneglect"


@pytest.mark.parametrize("glyph", [*BULLET_GLYPHS, "\ue000", "\uf8ff"])
def test_every_bullet_glyph_and_private_use_glyph_starts_a_line(glyph: str) -> None:
    # (Pages are looked through for these before the bullet patterns are run at all.)
    assert clean(f"Themes: {glyph} hidden men {glyph} neglect") == "Themes:\nhidden men\nneglect"


def test_bullet_alone_on_its_line_joins_its_item() -> None:
    assert clean("Findings\n\u2022\nthe school did not share information") == (
        "Findings\nthe school did not share information"
    )


def test_private_use_glyph_inside_a_word_is_dropped() -> None:
    assert clean("negl\ue001ect") == "neglect"
    assert "\ue001" not in clean("x \ue001 y")


def test_bullet_item_continues_over_wrapped_lines() -> None:
    text = "\u2022 the school did not share\ninformation with health visitors"
    assert clean(text) == "the school did not share information with health visitors"


def test_dash_bullets_start_lines() -> None:
    assert (
        clean("Actions\n- review the plan\n- audit the cases") == "Actions\nreview the plan\naudit the cases"
    )


def test_bullets_keep_paragraph_breaks() -> None:
    assert clean("Intro text here.\n\n\u2022 first item") == "Intro text here.\n\nfirst item"


# --------------------------------------------------------------------------- headers and footers


_BODIES = [
    "The health visitor did not\nrecord the concerns. The GP was\nnot told about the bruising.",
    "Nursery staff noticed weight\nloss but did not refer. Nobody\nasked who lived in the house.",
    "The school saw absences rise\nand wrote to the parents.",
    "Police attended a domestic\nincident and shared it late.",
    "The plan was closed after\nthree months without review.",
]


def _report(pages: int) -> list[str]:
    return [
        f"Bedford Borough Safeguarding Partnership\nChild A Review\n{_BODIES[n - 1]}\nPage {n} of {pages}"
        for n in range(1, pages + 1)
    ]


def test_running_header_and_footer_are_removed() -> None:
    cleaned = clean_pages(_report(4))
    assert cleaned == [clean(body) for body in _BODIES[:4]]
    assert cleaned[2] == "The school saw absences rise and wrote to the parents."


def test_page_number_digits_are_ignored_when_matching() -> None:
    pages = [f"{body}\n- {n} -" for n, body in enumerate(_BODIES, start=1)]
    assert clean_pages(pages) == [clean(body) for body in _BODIES]


def test_running_lines_need_a_quarter_of_the_pages() -> None:
    # One rule for cleaning and findings: a line at a page edge on a quarter of the pages (and at least two).
    words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    bodies = [f"The {word} body is here." for word in words]
    twice = ["Bedford Partnership\n" + b if n in (0, 8) else b for n, b in enumerate(bodies)]
    assert clean_pages(twice)[0] == "Bedford Partnership\nThe one body is here."
    thrice = ["Bedford Partnership\n" + b if n in (0, 4, 8) else b for n, b in enumerate(bodies)]
    assert clean_pages(thrice)[0] == "The one body is here."


def test_page_number_lines_are_dropped_on_any_page() -> None:
    assert clean("Page 2 of 30\nThe child was seen at home.") == "The child was seen at home."
    assert clean_pages(["The child was seen.\n- 3 -"]) == ["The child was seen."]


def test_headings_are_never_running_lines() -> None:
    pages = [f"Recommendations\nRecommendation {n}: the board should act on item {n}." for n in range(1, 5)]
    assert all(page.startswith("Recommendations\n") for page in clean_pages(pages))


def test_headers_are_kept_with_fewer_than_three_pages() -> None:
    pages = ["Partnership\nOne body.", "Partnership\nTwo body."]
    assert clean_pages(pages) == pages


def test_repeated_line_in_the_middle_of_pages_is_kept() -> None:
    body = (
        "Opening line {n} of the page.\nSecond line {n} here.\nThe child was not seen.\nMore {n}.\nEnd {n}."
    )
    pages = [body.format(n=n) for n in range(1, 5)]
    assert all("The child was not seen." in page for page in clean_pages(pages))


def test_pages_keep_their_order_and_count() -> None:
    pages = ["one page", "", "three page"]
    assert clean_pages(pages) == ["one page", "", "three page"]
    assert clean_pages([]) == []


# --------------------------------------------------------------------------- whitespace and line joining


def test_runs_of_whitespace_collapse() -> None:
    assert clean("  the   child \t was  seen  ") == "the child was seen"


def test_paragraph_breaks_are_kept_as_one_blank_line() -> None:
    assert clean("First paragraph ends.\n\n\n\nSecond one.") == "First paragraph ends.\n\nSecond one."
    assert clean("First paragraph ends.\n  \n \nSecond one.") == "First paragraph ends.\n\nSecond one."


def test_wrapped_sentence_lines_are_joined() -> None:
    text = "The health visitor did not\nrecord the concerns and the\nLocal Authority was not told."
    assert (
        clean(text) == "The health visitor did not record the concerns and the Local Authority was not told."
    )


def test_full_width_line_before_a_capital_is_joined() -> None:
    text = (
        "Concerns were raised repeatedly by staff at the nursery and by\n"
        "the school, and finally reported by Children's Social Care in\n"
        "Bedford in March."
    )
    assert "\n" not in clean(text)


def test_sentence_end_before_a_capital_keeps_the_line_break() -> None:
    assert clean("The case was closed.\nThe family moved.") == "The case was closed.\nThe family moved."


def test_short_heading_keeps_its_line() -> None:
    text = "Learning point 3\nProfessionals should be curious about who lives in the household and visits it."
    assert clean(text) == text


def test_numbered_items_keep_their_lines() -> None:
    text = "The board should:\n1. review the plan\n2. audit neglect cases\n(a) health visiting"
    assert clean(text) == text


@pytest.mark.parametrize(
    "item", ["1.2 audit the cases", "b) audit the cases", "iv. audit the cases", "(ii) audit"]
)
def test_every_kind_of_item_marker_starts_a_line(item: str) -> None:
    # Lines in lowercase carry the sentence on, unless they open an item: each marker the pattern knows.
    text = f"The board should review the plan and\n{item}"
    assert clean(text) == f"The board should review the plan and\n{item}"


# --------------------------------------------------------------------------- sentences


def test_split_simple_sentences() -> None:
    assert split_sentences("The child was seen. The mother was not! Why was that? It is unclear now.") == [
        "The child was seen.",
        "The mother was not!",
        "Why was that?",
        "It is unclear now.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Agencies, e.g. Police and Health, shared information.",
        "The lead agency, i.e. Children's Social Care, held the plan.",
        "Dr. Patel saw the baby twice in June.",
        "Mr. and Mrs. Jones were not asked about it.",
        "Ms. Khan and Prof. Ward chaired the review.",
        "Recommendation No. 4 was accepted by the board.",
        "Police, health, schools etc. were all involved in the review.",
        "The report by J. Smith was published in 2019.",
        "See para. 4.2 of the review for the detail.",
    ],
)
def test_abbreviations_do_not_end_sentences(text: str) -> None:
    assert split_sentences(text) == [text]


def test_etc_before_a_new_sentence_ends_it() -> None:
    assert split_sentences("Schools, GPs etc. The review found gaps.") == [
        "Schools, GPs etc.",
        "The review found gaps.",
    ]


def test_child_pseudonym_letter_ends_a_sentence() -> None:
    assert split_sentences("The review concerns Child A. Her siblings were also known.") == [
        "The review concerns Child A.",
        "Her siblings were also known.",
    ]


def test_numbers_and_decimals() -> None:
    assert split_sentences("Referrals rose by 3.5 per cent in 2019. The panel noted this trend.") == [
        "Referrals rose by 3.5 per cent in 2019.",
        "The panel noted this trend.",
    ]


def test_numbered_items_and_bullets_lose_their_markers() -> None:
    text = (
        "1. The board should review the plan.\n(b) Health should audit cases.\n"
        "\u2022 Schools must share records.\n2.3 The panel agreed the actions."
    )
    assert split_sentences(text) == [
        "The board should review the plan.",
        "Health should audit cases.",
        "Schools must share records.",
        "The panel agreed the actions.",
    ]


def test_every_line_break_ends_a_sentence() -> None:
    assert split_sentences("Learning point three here\nProfessionals should be curious.") == [
        "Learning point three here",
        "Professionals should be curious.",
    ]


def test_fragments_under_three_words_are_dropped() -> None:
    assert split_sentences("Summary.\nPage 3\nThe child was not seen.\nOK then.") == [
        "The child was not seen."
    ]


def test_sentences_are_stripped_and_single_spaced() -> None:
    assert split_sentences("   The   child  was\tseen.   ") == ["The child was seen."]


def test_quoted_sentence_end() -> None:
    assert split_sentences('She said "we were not told." Then the case closed early.') == [
        'She said "we were not told."',
        "Then the case closed early.",
    ]


def test_split_sentences_of_nothing() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []


def test_normalise_space() -> None:
    assert normalise_space("  a \n\n b\t\u00a0c  ") == "a b c"
    assert normalise_space("") == ""


def test_cleaned_report_splits_into_sentences() -> None:
    sentences = [s for page in clean_pages(_report(3)) for s in split_sentences(page)]
    assert sentences[:3] == [
        "The health visitor did not record the concerns.",
        "The GP was not told about the bruising.",
        "Nursery staff noticed weight loss but did not refer.",
    ]
    assert not any("Partnership" in s or "Page" in s for s in sentences)


# --------------------------------------------------------------------------- properties

_ODD = "\ufb01\ufb03\u2022\uf0b7\ue000\u00ad\x00\x07\u00a0\u2019\uff41\u0301\u200b\r\u2029\ufdfd\u00bd"
_ALPHABET = st.sampled_from(list("abcdeXYZ .,-!?:;()0123456789\n\n\t" + _ODD))
_TEXT = st.text(_ALPHABET, max_size=300)
_PAGES = st.lists(_TEXT, max_size=6)
_BAD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ue000-\uf8ff\ufb00-\ufb06\u00ad\u200b\u2022]")


@settings(max_examples=300, deadline=None)
@given(_PAGES)
def test_clean_pages_never_raises_and_stays_bounded(pages: list[str]) -> None:
    cleaned = clean_pages(pages)
    assert len(cleaned) == len(pages)
    for before, after in zip(pages, cleaned, strict=True):
        assert len(after) <= 3 * len(before)
        assert not _BAD.search(after)
        assert after == after.strip()
        assert "\n\n\n" not in after
        assert "  " not in after


_PROSE = st.text(st.sampled_from(list("abcXY .,-!?0123\ufb01\u00a0\u2019\uff41")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PROSE, max_size=8))
def test_clean_is_idempotent_on_its_words(lines: list[str]) -> None:
    # A dash opening a line is a bullet and goes on the first pass, so such lines are left out.
    text = "\n".join(line for line in lines if not line.lstrip().startswith(("-", "*")))
    once = clean(text)
    assert "".join(clean(once).split()) == "".join(once.split())
    flat = normalise_space(once)
    if not flat.startswith(("-", "*")):
        assert clean(flat) == flat


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_split_sentences_never_raises(text: str) -> None:
    for sentence in split_sentences(text):
        assert sentence == normalise_space(sentence)
        assert len(sentence.split()) >= 3
        assert "\n" not in sentence


@given(_TEXT)
def test_normalise_space_is_idempotent(text: str) -> None:
    once = normalise_space(text)
    assert normalise_space(once) == once
    assert once.split() == text.split()


def test_control_characters_become_spaces() -> None:
    assert clean("A page\x01with a control\x7f and\x1fmore.") == "A page with a control and more."


def test_cleaned_page_is_the_page_clean_pages_gives() -> None:
    first = read_pages(
        ["Running head\nThe child was seen.", "Running head\nThe school was told.", "Running head"]
    )
    second = read_pages(["Another document.", "Its second page."])
    cleaned = clean_pages(first)
    assert (
        [cleaned_page(first, i) for i in range(3)]
        == cleaned
        == ["The child was seen.", "The school was told.", ""]
    )
    cleaned.clear()  # (what a caller does with its list does not reach the pages remembered)
    assert cleaned_page(first, 1) == "The school was told."
    assert [cleaned_page(second, i) for i in range(2)] == clean_pages(second)
    assert cleaned_page(first, 0) == "The child was seen."


@settings(max_examples=300)
@given(st.text(st.characters(max_codepoint=0x7F), max_size=60))
def test_ascii_characters_are_made_plain_alike_in_ascii_and_other_text(text: str) -> None:
    # ASCII text and text with other characters are made plain by different means, to the same end.
    assert normalise_chars("\u00e9" + text) == "\u00e9" + normalise_chars(text)
