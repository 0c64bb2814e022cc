"""Tests for learnkit.reading.pagereader: lines, page furniture, markings and contents, read once."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnkit.reading.pagereader import (
    LEADER_RE,
    Line,
    Reading,
    is_contents_entry,
    is_page_number,
    read_pages,
)


def lines(reading: Reading, page: int = 0) -> list[str]:
    return [line.text for line in reading.pages[page].lines]


@pytest.mark.parametrize(
    "marking",
    [
        "OFFICIAL",
        "OFFICIAL-SENSITIVE",
        "Official Sensitive",
        "RESTRICTED",
        "NOT PROTECTIVELY MARKED",
        "NOT FOR PUBLICATION",
        "STRICTLY CONFIDENTIAL",
        "DRAFT",
    ],
)
def test_protective_markings_are_flagged_and_kept_in_the_text(marking: str) -> None:
    page = read_pages([f"{marking}\nThe child was seen at home."]).pages[0]
    assert [(line.text, line.marking) for line in page.lines] == [
        (marking, True),
        ("The child was seen at home.", False),
    ]


@pytest.mark.parametrize("text", ["Page 4 of 12", "page 4", "4 of 12", "- 4 -", "4 | Page", "Pg. 3"])
def test_page_number_lines(text: str) -> None:
    assert is_page_number(text)
    assert read_pages([f"Body text here.\n{text}"]).pages[0].lines[-1].furniture


def test_running_header_and_bare_page_numbers_are_furniture_but_headings_are_not() -> None:
    bodies = [
        "The child",
        "The mother",
        "The school",
        "The GP",
        "The police",
        "A nurse",
        "An aunt",
        "The father",
    ]
    pages = [
        f"Kingsford Partnership Review\nRecommendations\n{b} was seen.\n{n}" for n, b in enumerate(bodies, 1)
    ]
    reading = read_pages(pages)
    for page in reading.pages:
        assert [line.text for line in page.text_lines()][0] == "Recommendations"
        assert [line.furniture for line in page.lines] == [True, False, False, True]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Findings ........ 12", True),
        ("6. Findings . . . . . 18", True),
        ("Findings …… 12", True),  # two ellipses
        ("Findings ____ 12", True),  # four underscores
        ("Findings · · · · 12", True),  # four middle dots
        ("Findings … 12", False),  # one ellipsis is not a leader
        ("Findings ___ 12", False),  # nor are three underscores
        ("Recommendations 25", True),
        ("Recommendation 3", False),  # an item's heading
        ("The review found that the child was not seen.", False),
    ],
)
def test_contents_entries(text: str, expected: bool) -> None:
    assert is_contents_entry(text) is expected


def test_a_contents_page_marks_its_entries_and_a_list_of_item_headings_is_not_one() -> None:
    contents = read_pages(["Contents\nIntroduction 3\nBackground 4\nFindings 7\nRecommendations 12"])
    assert [line.contents for line in contents.pages[0].lines] == [False, True, True, True, True]
    items = read_pages(
        ["Recommendation 1\nSee the child.\nRecommendation 2\nAsk about men.\nRecommendation 3"]
    )
    assert not any(line.contents for line in items.pages[0].lines)


def test_bullets_are_taken_off_into_their_own_field() -> None:
    page = read_pages(["Themes: \u2022 hidden men \uf0b7 neglect\n- early help"]).pages[0]
    assert [(line.text, line.bullet) for line in page.lines] == [
        ("Themes:", ""),
        ("hidden men", "\u2022"),
        ("neglect", "\u2022"),
        ("early help", "-"),
    ]


def test_a_reading_is_read_once() -> None:
    reading = read_pages(["One page of text."])
    assert read_pages(reading) is reading


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(
            # (spaces of every kind, ASCII and not: each line comes out single-spaced all the same)
            st.sampled_from(list("ab .:-\u2022\uf0b71\n\t\x00\x1f\u1680\u2003\u00a0\u00e9Page of")),
            max_size=120,
        ),
        max_size=5,
    )
)
def test_read_pages_never_raises(pages: list[str]) -> None:
    reading = read_pages(pages)
    assert len(reading.pages) == len(pages)
    for page in reading.pages:
        for line in page.lines:
            assert line.text and line.text == " ".join(line.text.split())
            # Every field of every line is filled (the reader makes lines by the tuple's constructor).
            assert type(line) is Line and len(line) == len(Line._fields) and Line(*line) == line


@pytest.mark.parametrize(
    "footer", ["Page 4 of 12", "PAGE 4 OF 12", "pAgE 4 oF 12", "page\t4  of\u00a012", "Page 4 of 12"]
)
@pytest.mark.parametrize("accent", ["e", "\u00e9"])
def test_a_page_number_glued_to_a_line_of_text_is_cut_out_in_any_case_and_script(
    footer: str, accent: str
) -> None:
    # (ASCII pages are searched in lower case, others with a case-blind pattern: both must find it.)
    page = f"The nurse saw the baby at home in the caf{accent} {footer}\nand the school did too.\n{footer}"
    reading = read_pages([page])
    assert [line.text for line in reading.pages[0].text_lines()] == [
        f"The nurse saw the baby at home in the caf{accent}",
        "and the school did too.",
    ]


@pytest.mark.parametrize(
    "footer",
    [
        "Page | 1234 of 1234",
        "pg. 12 / 30",
        "p. 7",
        "PAGE 7",
        "1234 / 1234",
        "\u0663 of \u0661\u0662",  # (digits of another script)
        "\u2014 12 \u2014",
        "\u2013 12 \u2013",
        "12 | P a g e",
        "- 3 -",
    ],
)
def test_every_form_of_page_number_line_is_furniture_and_not_text(footer: str) -> None:
    reading = read_pages([f"The child was seen at home.\n{footer}", f"{footer}\nThe school was told."])
    assert [line.text for page in reading.pages for line in page.text_lines()] == [
        "The child was seen at home.",
        "The school was told.",
    ]


# The characters of contents lines: words of headings, digits, leaders' dots and spaces of every kind.
_CONTENTS_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["Findings", "Recommendations", "Contents", "Learning", "Page", "Appendix", "1."]),
        st.text(st.sampled_from(list("aZ1 .\u00b7_\u2026\t\u00a0")), max_size=8),
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_CONTENTS_TEXT)
def test_only_a_line_with_a_leader_or_a_closing_number_is_a_contents_entry(text: str) -> None:
    # Summaries rely on this: they look for contents entries only among lines ending in a digit.
    single = " ".join(text.split())
    if not single[-1:].isdigit() and not LEADER_RE.search(single):
        assert not is_contents_entry(text)


def test_a_running_header_glued_to_the_text_under_it_is_cut_off() -> None:
    pages = [
        "Kingsford Partnership Review\nThe nurse saw the baby at home.",
        "Kingsford Partnership Review the health visitor was not told.\nThe school was told.",
        "Kingsford Partnership\nThe GP was not told.",
        "Kingsford Partnership Review 2021 is the year of the review.",
    ]
    firsts = [page.lines[0].text for page in read_pages(pages).pages]
    assert firsts == [
        "Kingsford Partnership Review",
        "the health visitor was not told.",
        "Kingsford Partnership",
        "Kingsford Partnership Review 2021 is the year of the review.",  # (goes on with a capital)
    ]
