"""Tests for learnkit.reading.findings: sections, items, page breaks, contents pages, real PDFs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnkit.models import Point, Record
from learnkit.reading.findings import extract_findings, fill_record
from learnkit.reading.points import MAX_ITEM_CHARS, MAX_ITEMS
from learnkit.reading.sections import (
    MAX_HEADING_WORDS,
    heading_like,
    known_heading,
    label_inside,
    labelled_sentence,
    names_a_label,
)

Extract = Callable[..., dict[str, list[Point]]]

HEADER = "Bedford Borough LSCB — Learning Review"
SHARED_PDFS = Path(__file__).resolve().parents[2] / "shared" / "pdfs"


def page(number: int, total: int, body: str, header: str = HEADER) -> str:
    """A page laid out as pypdf gives it: running header, body, footer."""
    return f"{header}\n{body.strip()}\nPage {number} of {total}"


@pytest.fixture(params=["raw", "cleaned"])
def extract(request: pytest.FixtureRequest) -> Extract:
    """extract_findings on raw pypdf-style page text, and on the same text after pages.clean_pages
    (the way the library calls it: wrapped lines joined, bullets turned into plain line starts)."""
    if request.param == "raw":
        return extract_findings
    text = pytest.importorskip("learnkit.reading.pages")

    def cleaned(pages: list[str], document: str = "") -> dict[str, list[Point]]:
        return extract_findings(text.clean_pages(list(pages)), document=document)

    return cleaned


def texts(points: list[Point]) -> list[str]:
    return [p.text for p in points]


def numbers(points: list[Point]) -> list[str]:
    return [p.number for p in points]


# --- numbered sections ----------------------------------------------------

NUMBERED_REPORT = [
    page(
        1,
        3,
        """
Learning Review: Child J
Published by Bedford Borough Safeguarding Children Board, March 2019.
3. Background
3.1 Child J lived with her mother and her mother's partner, who was not known to most agencies.
""",
    ),
    page(
        2,
        3,
        """
4. Findings
4.1 Professionals did not consider the risk posed by the mother's partner, and his history of
violence was never shared between the police and children's social care.
4.2 Child J was rarely seen alone, and her wishes and feelings were not recorded in any of the
assessments completed during the period under review.
4.3 Escalation was not used when the school disagreed with the decision to close the case.
""",
    ),
    page(
        3,
        3,
        """
5. Conclusion
5.1 The review found that the family's circumstances were complex and changed quickly over time.
""",
    ),
]


def test_numbered_section_gives_one_point_per_numbered_item(extract: Extract) -> None:
    found = extract(NUMBERED_REPORT, document="abc123")
    learning = found["learning"]
    assert numbers(learning) == ["4.1", "4.2", "4.3"]
    assert learning[0].text == (
        "Professionals did not consider the risk posed by the mother's partner, and his history of "
        "violence was never shared between the police and children's social care."
    )
    assert all(p.extracted and p.document == "abc123" and p.page == 2 for p in learning)
    assert found["good_practice"] == [] and found["recommendations"] == []


def test_numbered_section_ends_at_the_next_numbered_heading(extract: Extract) -> None:
    learning = extract(NUMBERED_REPORT)["learning"]
    assert not any("complex" in t for t in texts(learning))
    assert not any("Conclusion" in t for t in texts(learning))


def test_unnumbered_sections_end_at_other_report_parts(extract: Extract) -> None:
    pages = [
        """Key findings
1. The health visitor did not know that the family had moved to a new address.
2. No single agency held the whole picture of the family's circumstances.
Terms of reference
The review was asked to consider how agencies worked together between 2016 and 2018.
Methodology
The reviewer read agency chronologies and met the practitioners involved.""",
    ]
    learning = extract(pages)["learning"]
    assert numbers(learning) == ["1", "2"]
    assert not any("reviewer" in t or "2016" in t for t in texts(learning))


def test_title_case_heading_of_an_unknown_section_ends_the_section(extract: Extract) -> None:
    pages = [
        """Learning Points
• Practitioners should ask who else lives in the household and record it.
• Information about a partner's history must be shared with children's social care.
Next Steps For The Partnership
The Board will publish a briefing and hold two learning events in the spring.""",
    ]
    learning = extract(pages)["learning"]
    assert len(learning) == 2
    assert not any("briefing" in t for t in texts(learning))


# --- "Recommendation 1:" and "Finding 1" items ---------------------------


def test_recommendation_n_items_keep_their_number_and_join_their_lines(extract: Extract) -> None:
    pages = [
        page(
            1,
            2,
            """
Recommendations
The review makes the following recommendations to the Board.
Recommendation 1: The Board should seek assurance that all agencies ask about and record
the men who live in or visit a child's household.
Recommendation 2
Children's social care should make sure that every child is seen alone during an assessment.
""",
        ),
        page(
            2,
            2,
            """
Recommendation 3 – The Board should audit the use of the escalation policy within a year.
Glossary
LSCB – Local Safeguarding Children Board, the body that commissioned this review.
""",
        ),
    ]
    recs = extract(pages)["recommendations"]
    assert numbers(recs) == ["1", "2", "3"]
    assert texts(recs)[0] == (
        "The Board should seek assurance that all agencies ask about and record "
        "the men who live in or visit a child's household."
    )
    assert texts(recs)[1].startswith("Children's social care should make sure")
    assert [p.page for p in recs] == [1, 1, 2]
    assert not any("makes the following" in t for t in texts(recs))
    assert not any("LSCB" in t for t in texts(recs))


def test_finding_n_headings_go_to_learning_with_their_title(extract: Extract) -> None:
    pages = [
        """Finding 1: Hidden men
The review found that the mother's new partner was not known to the health visitor or the school.
Finding 2
Professional curiosity
Practitioners accepted explanations for the children's absence from school without question.""",
    ]
    learning = extract(pages)["learning"]
    assert numbers(learning) == ["1", "2"]
    assert learning[0].text.startswith("Hidden men. The review found")
    assert learning[1].text.startswith("Professional curiosity. Practitioners accepted")


def test_recommendation_mentioned_in_prose_is_not_an_item(extract: Extract) -> None:
    pages = [
        """The previous review made several changes to practice across the partnership area, and
Recommendation 3 was not implemented because the funding for the post was withdrawn in 2017.
The Board has since agreed a new plan for training staff in every agency.""",
    ]
    assert extract(pages) == {"learning": [], "good_practice": [], "recommendations": []}


# --- bullets ---------------------------------------------------------------


def test_bullets_each_become_an_item_and_the_lead_in_is_dropped(extract: Extract) -> None:
    pages = [
        """Key learning
The review identified the following learning for practitioners:
• Practitioners should think about the lived experience of every child in the household.
• Unseen men in a household can pose a risk to children that no agency has assessed.
- Agencies should share information when a parent misses appointments for a child.
\uf0b7 Escalation should be used when professionals disagree about the level of risk.
• Short
Background
The children lived with their mother.""",
    ]
    learning = extract(pages)["learning"]
    assert texts(learning) == [
        "Practitioners should think about the lived experience of every child in the household.",
        "Unseen men in a household can pose a risk to children that no agency has assessed.",
        "Agencies should share information when a parent misses appointments for a child.",
        "Escalation should be used when professionals disagree about the level of risk.",
    ]
    assert numbers(learning) == ["", "", "", ""]


def test_bullet_that_wraps_is_one_item(extract: Extract) -> None:
    pages = [
        """Lessons learned
• When a parent's mental illness is the louder presenting issue, practitioners need to keep the
child's needs in view and ask how the illness affects the care the child receives each day.
• Neglect can look different from the stereotype and still harm a child.""",
    ]
    learning = extract(pages)["learning"]
    assert len(learning) == 2
    assert "keep the child's needs in view" in learning[0].text


def test_sub_list_under_an_item_ending_with_a_colon_stays_in_that_item(extract: Extract) -> None:
    pages = [
        """Recommendations
1. The Partnership should ensure that:
a) every agency's training covers hidden men;
b) the escalation policy is re-launched.
2. Health partners should review how missed appointments are followed up.""",
    ]
    recs = extract(pages)["recommendations"]
    assert numbers(recs) == ["1", "2"]
    assert recs[0].text == (
        "The Partnership should ensure that: every agency's training covers hidden men; "
        "the escalation policy is re-launched."
    )


def test_letter_and_parenthesised_numbering_is_kept(extract: Extract) -> None:
    pages = [
        """Areas for improvement
a) Case records did not always show the child's views or how they were acted on.
(b) Strategy discussions did not always include health and education colleagues.
3) Chronologies were out of date in most of the cases that were audited.""",
    ]
    learning = extract(pages)["learning"]
    assert numbers(learning) == ["a", "b", "3"]
    assert learning[1].text.startswith("Strategy discussions")


# --- page breaks -----------------------------------------------------------


def test_item_running_over_a_page_break_is_joined_without_the_furniture(extract: Extract) -> None:
    pages = [
        page(1, 8, "Learning Review: Child K"),
        page(
            2,
            8,
            """
Introduction
This review looks at the help given to Child K and his family between 2015 and 2017.
""",
        ),
        page(
            3,
            8,
            """
Key findings
1. The GP and the health visitor each knew part of the picture, but neither shared what they
knew with children's social care, so the risk from the mother's partner was never assessed by
""",
        ),
        page(
            4,
            8,
            """
anyone with the full history in front of them.
2. The school raised concerns about the children's attendance on four occasions.
""",
        ),
    ]
    learning = extract(pages)["learning"]
    assert numbers(learning) == ["1", "2"]
    first = learning[0]
    assert first.page == 3
    assert first.text.endswith("never assessed by anyone with the full history in front of them.")
    assert "Page" not in first.text and "Bedford Borough LSCB" not in first.text
    assert learning[1].page == 4


def test_stray_page_number_and_header_inside_an_item_are_dropped() -> None:
    # Furniture that clean_pages missed: a header that appears once and a page-number line.
    pages = [
        """Learning
1. Practitioners were not curious about the adults who came and went from the family home and
did not ask the mother
Page 4 of 12""",
        """Bedford Borough LSCB — Learning Review
who they were or whether they had contact with the children.
2. Referrals from the school were closed without the school being told why.""",
    ]
    learning = extract_findings(pages)["learning"]
    assert texts(learning)[0] == (
        "Practitioners were not curious about the adults who came and went from the family home and "
        "did not ask the mother who they were or whether they had contact with the children."
    )
    assert len(learning) == 2


@pytest.mark.parametrize(
    "furniture",
    [
        "page | 1234 of 1234",
        "Pg. 12 / 1234",
        "1234 | p a g e",
        "NOT PROTECTIVELY MARKED",
        "Official-Sensitive",
    ],
)
def test_the_longest_page_number_and_marking_lines_are_dropped(furniture: str) -> None:
    # Lines this short are read by the patterns; longer ASCII lines cannot be furniture and are not.
    pages = [
        f"""Learning
1. Practitioners were not curious about the adults who came and went from the family home and
{furniture}
did not ask the mother who they were.
2. Referrals from the school were closed without the school being told why."""
    ]
    learning = extract_findings(pages)["learning"]
    assert texts(learning)[0] == (
        "Practitioners were not curious about the adults who came and went from the family home and "
        "did not ask the mother who they were."
    )


def test_header_and_page_number_glued_to_text_by_earlier_joining_are_cut_off() -> None:
    # Joined text of a short document: the running header and footer were not recognised and were
    # glued to the sentence that runs over the page break.
    pages = [
        "Serious Case Review: Child D\nKey findings\n1. The risk assessment was not updated when the "
        "young person went missing again, so the level of risk Page 1 of 2",
        "Serious Case Review: Child D recorded on the file was out of date at the strategy meeting.\n"
        "2. Health records did not show that the young person had been missing. Page 2 of 2",
    ]
    learning = extract_findings(pages)["learning"]
    assert texts(learning) == [
        "The risk assessment was not updated when the young person went missing again, so the level of "
        "risk recorded on the file was out of date at the strategy meeting.",
        "Health records did not show that the young person had been missing.",
    ]


def test_page_numbers_count_from_one(extract: Extract) -> None:
    pages = [
        "Title page of the review into the care of Child M",
        "Recommendations\n1. The Board should publish a learning briefing for all frontline staff.",
    ]
    recs = extract(pages)["recommendations"]
    assert [p.page for p in recs] == [2]


# --- tables of contents ----------------------------------------------------


PROSE = "The Board thanks the family and every practitioner who took part in this review."


@pytest.mark.parametrize(
    "contents",
    [
        # dot leaders
        "Contents\n1. Introduction ........ 3\n2. Key findings ........ 4\n3. Good practice ........ 5\n"
        "4. Recommendations ........ 6",
        # leaders of spaced dots, underscores and ellipses (looked for line by line only where a page may
        # hold one)
        "Contents\n1. Introduction . . . . 3\n2. Key findings . . . . 4\n3. Recommendations . . . . 6",
        "Key findings ____ 4\nRecommendations ____ 6",
        "Key findings \u2026\u2026 4\nRecommendations \u2026\u2026 6",
        "Key findings ..\t.. 4\nRecommendations .. .. 6",
        # a section name with its page number on the line
        "Recommendations 12",
        "Key findings 5\nWhat worked well 7",
        # headings with their page numbers on the next line, on a contents page
        "Contents\nIntroduction\n3\nFindings\n4\nRecommendations\n6",
        "Introduction\n3\nLearning points\n4\nGood practice\n5\nRecommendations\n6",
    ],
)
def test_table_of_contents_does_not_open_sections(extract: Extract, contents: str) -> None:
    # The prose after each contents block would become a point if a contents line opened a section.
    pages = [page(1, 4, "Learning Review: Child S"), page(2, 4, f"{contents}\n{PROSE}\n{PROSE[:-1]} again.")]
    assert extract(pages) == {"learning": [], "good_practice": [], "recommendations": []}


def test_contents_page_then_real_sections(extract: Extract) -> None:
    pages = [
        page(
            1,
            3,
            """
Contents
Key findings ........ 2
Recommendations ........ 3
""",
        ),
        page(
            2,
            3,
            """
Key findings
1. Agencies did not share what they knew about the father's previous convictions.
""",
        ),
        page(
            3,
            3,
            """
Recommendations
1. The Board should commission training on working with fathers and male carers.
""",
        ),
    ]
    found = extract(pages)
    assert [(p.number, p.page) for p in found["learning"]] == [("1", 2)]
    assert [(p.number, p.page) for p in found["recommendations"]] == [("1", 3)]


# --- a serious case review laid out with numbered paragraphs ---------------

SCR_HEADER = "Serious Case Review: Child D"
SCR = [
    page(
        1,
        3,
        """
Contents
1. Introduction .......... 2
6. Findings and analysis .......... 2
7. Conclusions and recommendations .......... 3
""",
        header=SCR_HEADER,
    ),
    page(
        2,
        3,
        """
1. Introduction
1.1 This serious case review was commissioned by the LSCB after Child D was admitted to hospital
with injuries that were thought to be non-accidental. The review looked at the period from
2015 to 2017.
6. Findings and analysis
Finding 1: Professionals did not recognise the signs of neglect
6.1 Child D was seen by the health visitor on six occasions. On each occasion the home
conditions were noted to be poor but this was not shared with the GP or with children's social
care.
6.2 The school noticed that Child D was often hungry and poorly dressed. Staff gave him
breakfast but did not make a referral.
""",
        header=SCR_HEADER,
    ),
    page(
        3,
        3,
        """
Finding 2: The father was not included in assessments
6.3 Although the father was living in the home for most of the period under review, he was not
seen by any professional, and his history of violence was not known to the health visitor.
7. Conclusions and recommendations
The LSCB should:
a) seek assurance that agencies understand the signs of neglect, including when a parent's needs
are the louder presenting issue;
b) ask agencies to show how fathers and male carers are included in assessments.
8. Appendix
Membership of the review panel and the agencies that took part in the review.
""",
        header=SCR_HEADER,
    ),
]


def test_serious_case_review_with_finding_headings_and_numbered_paragraphs(extract: Extract) -> None:
    found = extract(SCR, document="scr")
    learning = found["learning"]
    assert [(p.number, p.page) for p in learning] == [("1", 2), ("6.1", 2), ("6.2", 2), ("2", 3), ("6.3", 3)]
    assert learning[0].text == "Professionals did not recognise the signs of neglect"
    assert learning[1].text.endswith("with the GP or with children's social care.")
    recs = found["recommendations"]
    assert numbers(recs) == ["a", "b"]
    assert recs[0].text == (
        "seek assurance that agencies understand the signs of neglect, including when a parent's needs "
        "are the louder presenting issue"
    )
    assert not any("panel" in t or "commissioned" in t for t in texts(learning + recs))


def test_question_headings_of_a_strengths_based_audit(extract: Extract) -> None:
    pages = [
        """What's working well?
Professionals met regularly and shared information at core group meetings.
What are we worried about?
Plans did not have clear timescales or name the professional responsible for each action.""",
    ]
    found = extract(pages)
    assert texts(found["good_practice"]) == [
        "Professionals met regularly and shared information at core group meetings."
    ]
    assert found["learning"] == [] and found["recommendations"] == []


# --- good practice -------------------------------------------------------


def test_good_practice_and_areas_for_development_of_an_audit(extract: Extract) -> None:
    pages = [
        """Multi-agency audit of children missing from home
What worked well
• Return home interviews were offered within 72 hours in nine of the ten cases.
• Police and social care shared information quickly when a child went missing.
Areas for development
• Risk assessments were not updated after each missing episode.
• The child's own account was not always recorded in the health record.
Good practice
Staff in the school nursing team kept detailed records of every conversation with the young
person. Their records were used at the strategy meeting and helped to keep the young person safe.""",
    ]
    found = extract(pages)
    assert texts(found["good_practice"]) == [
        "Return home interviews were offered within 72 hours in nine of the ten cases.",
        "Police and social care shared information quickly when a child went missing.",
        "Staff in the school nursing team kept detailed records of every conversation with the young "
        "person. Their records were used at the strategy meeting and helped to keep the young person safe.",
    ]
    assert texts(found["learning"]) == [
        "Risk assessments were not updated after each missing episode.",
        "The child's own account was not always recorded in the health record.",
    ]


def test_unmarked_paragraphs_are_split_into_items(extract: Extract) -> None:
    pages = [
        """Strengths
The designated safeguarding lead at the school knew the children well and noticed changes in
their behaviour quickly.
The GP surgery followed up every missed immunisation appointment by phone.
Summary
Overall the audit was positive.""",
    ]
    found = extract(pages)["good_practice"]
    assert len(found) == 2
    assert found[0].text.endswith("noticed changes in their behaviour quickly.")


# --- no headings, no guessing ----------------------------------------------


def test_prose_without_headings_yields_nothing(extract: Extract) -> None:
    pages = [
        """This case did not meet the threshold for a serious case review, but the Board agreed that
there was enough learning to merit a review of practice. The findings of the review and its
recommendations were shared with all agencies, and good practice was noted in the work of the
school. Learning from this review will be used in training.""",
        """The report outlines how the event was designed, the findings from the day, and ends with
a summary of recommendations which the partnership has accepted in full.""",
    ]
    assert extract(pages) == {"learning": [], "good_practice": [], "recommendations": []}


def test_empty_input_yields_empty_lists() -> None:
    assert extract_findings([]) == {"learning": [], "good_practice": [], "recommendations": []}
    assert extract_findings(["", "\n\n"]) == {"learning": [], "good_practice": [], "recommendations": []}


# --- limits ----------------------------------------------------------------


def test_duplicates_are_removed_and_short_items_skipped() -> None:
    pages = [
        """Key messages
• Family.
• See the child, hear the child, and record what the child says.
• See the child, hear the child, and record what the child says.""",
        """Recommendations
• See the child, hear the child, and record what the child says.""",
    ]
    found = extract_findings(pages)
    assert texts(found["learning"]) == ["See the child, hear the child, and record what the child says."]
    assert len(found["recommendations"]) == 1


def test_a_short_bulleted_message_is_a_point_but_a_short_paragraph_is_not() -> None:
    # (On the page reader's lines: cleaned text no longer says which lines were bulleted.)
    pages = [
        "Key messages\n\u2022 Think family\n\u2022 Staying child-centred\n\nLearning\nThink family now\n"
    ]
    assert texts(extract_findings(pages)["learning"]) == ["Think family", "Staying child-centred"]


def test_item_length_and_count_are_capped() -> None:
    long_item = "• " + " ".join(["Agencies should share information about the risks they see."] * 60)
    many = "\n".join(
        f"{i}. Agencies should record the child's views in case {i} of the audit." for i in range(1, 99)
    )
    found = extract_findings([f"Learning\n{long_item}", f"Recommendations\n{many}"])
    assert len(found["learning"]) == 1
    assert len(found["learning"][0].text) <= MAX_ITEM_CHARS + 1
    assert found["learning"][0].text.endswith("…")
    assert len(found["recommendations"]) == MAX_ITEMS
    assert found["recommendations"][0].number == "1"


# --- fill_record ------------------------------------------------------------


def make_record() -> Record:
    return Record(slug="child-j", title="Learning review: Child J", kind="learning-review")


def test_fill_record_fills_only_empty_lists() -> None:
    record = make_record()
    record.learning = [Point("A point a person wrote about hidden men in the household.")]
    extracted = {
        "learning": [Point("An extracted point that must not replace the curated one.", extracted=True)],
        "good_practice": [Point("The school kept good records of every concern.", extracted=True)],
        "recommendations": [],
    }
    filled = fill_record(record, extracted)
    assert filled == ["good_practice"]
    assert texts(record.learning) == ["A point a person wrote about hidden men in the household."]
    assert texts(record.good_practice) == ["The school kept good records of every concern."]
    assert record.recommendations == []


def test_fill_record_never_touches_earlier_extracted_points() -> None:
    record = make_record()
    earlier = Point("Extracted last time and checked by a person since.", extracted=True, page=3)
    record.recommendations = [earlier]
    filled = fill_record(record, {"recommendations": [Point("A new extraction of the same report.")]})
    assert filled == []
    assert record.recommendations == [earlier]


def test_fill_record_from_extraction() -> None:
    record = make_record()
    filled = fill_record(record, extract_findings(NUMBERED_REPORT, document="h"))
    assert filled == ["learning"]
    assert numbers(record.learning) == ["4.1", "4.2", "4.3"]
    assert fill_record(record, extract_findings(NUMBERED_REPORT, document="h")) == []


# --- real PDFs --------------------------------------------------------------


def _pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(path).pages]


def _make_pdf(path: Path, blocks: list[tuple[str, str]], title: str) -> Path:
    """Write a PDF: blocks of ("h", heading), ("p", paragraph), ("break", "") with header and footer."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=9)
            self.cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Report(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for kind, text in blocks:
        if kind == "break":
            pdf.add_page()
        elif kind == "h":
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", size=11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.output(str(path))
    return path


FILLER = (
    "The review looked at the records of every agency that knew the family during the period, met the "
    "practitioners involved, and talked with the children's mother about what had helped her. "
)


def test_real_pdf_numbered_report_with_items_over_page_breaks(extract: Extract, tmp_path: Path) -> None:
    blocks: list[tuple[str, str]] = [
        ("h", "Learning Review: Child P"),
        ("p", "Published by Bedford Borough Safeguarding Children Board."),
        ("break", ""),
        ("h", "Contents"),
        (
            "p",
            "1. Introduction ..................... 3\n4. Findings ..................... 3\n"
            "5. Recommendations ..................... 4",
        ),
        ("break", ""),
        ("h", "1. Introduction"),
    ]
    blocks += [("p", FILLER * 3)] * 6
    blocks += [("h", "4. Findings")]
    blocks += [
        (
            "p",
            f"4.{n} " + f"Finding number {n} of the review: " + FILLER * 2 + "This is where finding "
            f"{n} ends.",
        )
        for n in range(1, 7)
    ]
    blocks += [
        ("h", "5. Recommendations"),
        (
            "p",
            "Recommendation 1: The Board should seek assurance that agencies ask about the men in a "
            "child's household and record what they learn.",
        ),
        (
            "p",
            "Recommendation 2: Agencies should make sure that children are seen alone and that what "
            "they say is written down in their own words.",
        ),
        ("h", "6. Conclusion"),
        ("p", FILLER),
    ]
    path = _make_pdf(tmp_path / "review.pdf", blocks, "Bedford Borough LSCB - Learning Review")
    pages = _pdf_pages(path)
    assert len(pages) >= 4

    found = extract(pages, document="sha")
    learning = found["learning"]
    flat = [" ".join(text.split()) for text in pages]
    assert numbers(learning) == [f"4.{n}" for n in range(1, 7)]
    for n, point in enumerate(learning, start=1):
        assert point.text.startswith(f"Finding number {n} of the review:")
        assert point.text.endswith(f"This is where finding {n} ends.")
        assert "Page " not in point.text and "LSCB" not in point.text
        start_page = next(i for i, text in enumerate(flat, start=1) if f"4.{n} Finding number" in text)
        assert point.page == start_page
    # at least one finding runs over a page break, and it is still whole
    flat = [" ".join(text.split()) for text in pages]
    assert any(f"This is where finding {p.number[2:]} ends." not in flat[(p.page or 0) - 1] for p in learning)
    recs = found["recommendations"]
    assert numbers(recs) == ["1", "2"]
    assert recs[1].text == (
        "Agencies should make sure that children are seen alone and that what they say is written down "
        "in their own words."
    )


def _audit_blocks(sentences: int) -> list[tuple[str, str]]:
    bullet = "\x95"  # fpdf2's core fonts are cp1252: 0x95 is the bullet
    return [
        ("h", "Pan Bedfordshire Missing Children Audit"),
        ("p", "Six cases were audited by police, health, education and children's social care. " * sentences),
        ("h", "Good practice"),
        (
            "p",
            f"{bullet} Return home interviews were completed quickly and the young person's views "
            "were recorded in full.",
        ),
        ("p", f"{bullet} Information was shared between police and social care on the same day."),
        ("h", "Learning"),
        ("p", "Each case was read by two auditors, who met to agree what the case showed."),
        ("p", "The learning was:"),
        (
            "p",
            f"{bullet} Risk assessments were not always updated after a young person went missing again, "
            "so the level of risk recorded on the file was out of date by the time the next strategy "
            "meeting was held, and the plan agreed at that meeting did not reflect the young person's "
            "current situation.",
        ),
        ("p", f"{bullet} Health records did not always show that the young person had been missing."),
        ("h", "Next Steps"),
        ("p", "The audit group will repeat the audit next year and report to the Board."),
    ]


def test_real_pdf_audit_briefing_with_a_bullet_over_a_page_break(extract: Extract, tmp_path: Path) -> None:
    # Lengthen the introduction until the long bullet starts on page 1 and ends on page 2.
    for sentences in range(20, 120, 2):
        path = _make_pdf(
            tmp_path / f"audit-{sentences}.pdf", _audit_blocks(sentences), "Pan Bedfordshire Audit"
        )
        pages = _pdf_pages(path)
        if len(pages) == 2 and "Risk assessments" in pages[0] and "current situation" in pages[1]:
            break
    else:
        pytest.fail("could not lay out a bullet over a page break")

    found = extract(pages)
    assert len(found["good_practice"]) == 2
    assert found["good_practice"][1].text.startswith("Information was shared")
    learning = found["learning"]
    assert len(learning) == 2
    risk = learning[0]
    assert risk.page == 1
    assert risk.text.startswith("Risk assessments were not always updated")
    assert risk.text.endswith("did not reflect the young person's current situation.")
    assert "Audit" not in risk.text and "Page" not in risk.text
    assert learning[1].page == 2
    assert not any("repeat the audit" in t or "two auditors" in t for t in texts(learning))
    assert found["recommendations"] == []


def test_shared_corpus_pdfs_never_break_extraction() -> None:
    folder = SHARED_PDFS / "sample-files"
    if not folder.is_dir():
        pytest.skip("../shared/pdfs is not present")
    from pypdf import PdfReader

    checked = 0
    for path in sorted(folder.glob("*.pdf")):
        try:
            pages = [p.extract_text() or "" for p in PdfReader(path).pages[:30]]
        except Exception:  # the corpus holds broken and encrypted files; pypdf's failures are not ours
            continue
        found = extract_findings(pages, document=path.name)
        assert set(found) == {"learning", "good_practice", "recommendations"}
        for points in found.values():
            assert len(points) <= MAX_ITEMS
            assert all(p.extracted and 1 <= (p.page or 0) <= len(pages) for p in points)
        checked += 1
    assert checked > 0


# --- never raises -------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "Findings",
        "4. Findings",
        "Key learning",
        "Recommendations",
        "Recommendation 1:",
        "Finding 2",
        "Good practice",
        "What worked well",
        "• ",
        "- ",
        "1. ",
        "4.1 ",
        "a) ",
        "(ii) ",
        "Page 3 of 8",
        "3",
        "Contents",
        "Recommendations ........ 12",
        "Appendix",
        "5. Conclusion",
        HEADER,
        ":",
        ".",
        "\n",
        "\n\n",
        "The Board should make sure that agencies share information.",
        "and the",
        "\uf0b7",
        "\x00",
        "\t",
    ]
)
_PAGE_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=40).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PAGE_TEXT, max_size=6), st.text(max_size=10))
def test_extract_findings_never_raises(pages: list[str], document: str) -> None:
    found = extract_findings(pages, document=document)
    assert set(found) == {"learning", "good_practice", "recommendations"}
    for points in found.values():
        assert len(points) <= MAX_ITEMS
        for point in points:
            assert point.extracted and point.document == document
            assert point.page is not None and 1 <= point.page <= len(pages)
            assert 0 < len(point.text) <= MAX_ITEM_CHARS + 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("iv. Foo Bar", (True, "iv")),
        ("section 4 Key Findings", (True, "4")),
        ("part 2: Background", (True, "2")),
        ("chapter 3 - The Family", (True, "3")),
        ("a) Information Sharing", (True, "a")),
        ("x) Hidden Men", (True, "x")),
        ("What went well?", (True, None)),
        ("Hidden Men \u201d", (True, None)),
        ("the Hidden Men", (False, None)),
        ("Hidden Men.", (False, None)),
    ],
)
def test_heading_like(text: str, expected: tuple[bool, str | None]) -> None:
    assert heading_like(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        "* Information was not shared.",
        "\u2013 Information was not shared.",
        "\uf0b7 Information was not shared.",
        "(a) Information was not shared.",
        "iv. Information was not shared.",
        "b) Information was not shared.",
        "A. Information was not shared.",
    ],
)
def test_every_kind_of_marker_starts_an_item(extract: Extract, line: str) -> None:
    pages = [f"Key findings\n{line}\n{line.replace('Information', 'Nobody asked and it')}"]
    assert len(extract(pages)["learning"]) == 2


def test_a_new_section_name_is_found_without_any_other_change(extract: Extract) -> None:
    # Once a "hint" list had to hold a word of every section name, or the name was never looked for.
    pages = ["Issues for the Board\n1. The board should audit how referrals are shared with schools."]
    assert texts(extract(pages)["learning"]) == [
        "The board should audit how referrals are shared with schools."
    ]


# --- labels, lead-ins and headings of briefings -----------------------------------


def test_an_inline_label_gives_one_point_for_each_part_of_a_semicolon_list(extract: Extract) -> None:
    pages = ["Learning: see the baby at every visit; ask who lives in the home; record the father's name."]
    assert texts(extract(pages)["learning"]) == [
        "see the baby at every visit",
        "ask who lives in the home",
        "record the father's name.",
    ]


def test_an_inline_label_with_include(extract: Extract) -> None:
    pages = ["Recommendations include: the partnership should audit referrals from schools every year."]
    assert texts(extract(pages)["recommendations"]) == [
        "the partnership should audit referrals from schools every year."
    ]


def test_a_lead_in_sentence_opens_its_list_and_the_list_ends_at_its_last_item(extract: Extract) -> None:
    pages = [
        "The audit looked at twelve cases from the last year.\n"
        "The following recommendations have been made in response to the findings of the audit:\n"
        "Health to attend every strategy meeting about a baby;\n"
        "Schools to be told of every domestic abuse incident by the police;\n"
        "The partnership to publish its neglect strategy.\n"
        "A multi-agency audit was undertaken to seek assurance that statutory safeguarding responsibilities "
        "are effective for children at risk, and the audit evaluated the referral pathway in detail for many "
        "of the children and families who took part in it over the whole of the last year and longer."
    ]
    assert texts(extract(pages)["recommendations"]) == [
        "Health to attend every strategy meeting about a baby",
        "Schools to be told of every domestic abuse incident by the police",
        "The partnership to publish its neglect strategy.",
    ]


def test_a_lead_in_wrapped_over_lines_and_a_these_include_lead_in() -> None:
    wrapped = [
        "The inspectorate recommends that local areas improve their understanding of the children, by:\n"
        "\u2022 improving the collection of data\n\u2022 raising awareness among schools and health staff"
    ]
    assert texts(extract_findings(wrapped)["recommendations"]) == [
        "improving the collection of data",
        "raising awareness among schools and health staff",
    ]
    these = [
        "The review has made a number of recommendations for all agencies.\nThese include:\n"
        "\u2022 training on self-harm for school staff\n\u2022 one plan shared by all agencies"
    ]
    assert len(extract_findings(these)["recommendations"]) == 2


def test_a_labelled_sentence_is_a_point_and_the_paragraph_after_it_is_not(extract: Extract) -> None:
    pages = [
        "The learning from these reviews highlights that professionals should take talk of suicide seriously."
        "\n\n"
        "This briefing is based on reviews published since 2010 and read by the information service."
    ]
    assert texts(extract(pages)["learning"]) == [
        "The learning from these reviews highlights that professionals should take talk of suicide seriously."
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("What good practice did we find?", "good_practice"),
        ("Good practice found", "good_practice"),
        ("Key practitioner messages", "learning"),
        ("Learning themes include:", "learning"),
        ("What did the review find?", "learning"),
        ("Issues for the Board", "learning"),
    ],
)
def test_question_and_verb_headings_open_their_section(extract: Extract, heading: str, kind: str) -> None:
    pages = [
        f"{heading}\n\u2022 The health visitor saw the baby at every contact."
        "\n\u2022 The school shared its worries."
    ]
    assert len(extract(pages)[kind]) == 2


def test_a_page_title_naming_learning_is_not_a_findings_heading(extract: Extract) -> None:
    pages = [
        "Learning from Reviews\n\nThe partnership publishes its reviews on this page.\n"
        "Each review has a briefing for practitioners and managers."
    ]
    assert extract(pages) == {"learning": [], "good_practice": [], "recommendations": []}


def test_subheadings_under_a_findings_heading_each_head_an_item_and_questions_end_them(
    extract: Extract,
) -> None:
    pages = [
        "Key learning from the audits:\n\nUse of Neglect Tools\n\n"
        "Some cases showed good use of the Graded Care Profile to underpin the assessment.\n\n"
        "Chronologies and History\n\n"
        "A chronology was missing in most cases of long term neglect, so history was not used.\n\n"
        "Do you use historical information when you are making an assessment of risk for a child?\n\n"
        "Have you read the partnership's guide to neglect"
    ]
    assert texts(extract(pages)["learning"]) == [
        "Use of Neglect Tools. Some cases showed good use of the Graded Care Profile to underpin the "
        "assessment.",
        "Chronologies and History. A chronology was missing in most cases of long term neglect, so history "
        "was not used.",
    ]


# --- the cheap looks before the patterns ----------------------------------
# The walker asks a line's word count and whether it names a label before it matches the heading and
# label patterns; these tests fail if one of those looks turns down a line the patterns would take.


def test_a_heading_with_the_longest_number_and_name_is_found() -> None:
    # "Section 4 :" takes three words and the name the most a heading may have: the walker's word
    # count must let this line through to the heading tests.
    heading = "Section 4 : Summary of the key findings for practitioners working with families"
    name = heading.split(":", 1)[1].strip()
    assert len(name.split()) == MAX_HEADING_WORDS
    assert len(heading.split()) == MAX_HEADING_WORDS + 3
    assert known_heading(heading) == ("learning", "4")
    body = (
        "The panel met four times.\n"
        f"{heading}\n"
        "4.1 Practitioners did not see the child alone at any of the home visits made in the year.\n"
        "4.2 The school's concerns about the child's weight were not shared with the health visitor.\n"
        "5. Appendix\n"
        "5.1 Terms of reference of the panel, set in March.\n"
    )
    # (the page reader makes the spaces and tabs of the raw text single: the word count relies on it)
    found = extract_findings([page(1, 1, body.replace("key findings", "key \t findings  "))])
    assert numbers(found["learning"]) == ["4.1", "4.2"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The learning from these reviews highlights that fathers are often not seen.",
        "Key lessons for practitioners are that babies bruise rarely.",
        "The messages from the audit suggest that plans drift.",
        "Important learning from this review was the need to see the child alone.",
        "An important finding of my review is that referrals were not followed up.",
        "The key findings were that assessments were not updated.",
        "THE MAIN LESSONS ARE THAT records were incomplete.",
        "Missed appointments were a key learning point identified in the review.",
        "Mae'r canfyddiadau cychwynnol wedi dangos bod angen gwell cynllunio.",
        "Y prif wersi yw bod angen gweld y plentyn ar ei ben ei hun.",
    ],
)
def test_every_labelled_sentence_names_a_label(sentence: str) -> None:
    assert labelled_sentence(sentence)
    assert names_a_label(sentence)
    assert label_inside("The review met in 2023. " + sentence) == len("The review met in 2023. ")


@pytest.mark.parametrize(
    "before",
    [
        # (this line casefolds longer than it is)
        "Große Sorge und ﬁnanzielle Not: the family moved to the Straße in ﬂat 3 during 2021",
        "x" * 6000,  # a line longer than a line is read to
        "The family moved three times in the year and the school saw the children",
    ],
)
def test_a_labelled_sentence_is_found_whatever_the_lines_before_it(before: str) -> None:
    # The lines that name a label are found in one look at the page; the lines before a labelled
    # sentence must not move where it is found.
    text = (
        f"{before}\n"
        "\n"
        "The child was seen by the health visitor in the spring of that year before the move.\n"
        "\n"
        "The learning from this review highlights that a move of home is a time of risk.\n"
        "\n"
        "Appendix\n"
    )
    found = extract_findings([text])
    assert texts(found["learning"]) == [
        "The learning from this review highlights that a move of home is a time of risk."
    ]


def test_a_heading_over_lettered_items_in_a_broken_table_opens_its_section() -> None:
    # A table flattened by the PDF: the cell before the heading ends mid-phrase, and the lettered items
    # under it begin in lowercase ("a)"), which must not read as the sentence carrying on.
    body = (
        "Summary of the case\n"
        "two children aged 3 and 7\n"
        "Issues identified\n"
        "a) Chronic neglect over several\n"
        "years\n"
        "b) Poor understanding of the\n"
        "partner's role\n"
        "Action/Outcome\n"
        "Plan made for a further audit.\n"
    )
    found = extract_findings([page(1, 1, body)])
    assert texts(found["learning"]) == [
        "Chronic neglect over several years",
        "Poor understanding of the partner's role",
    ]


def test_a_paragraph_ends_at_a_sentence_that_stops_a_little_short_of_the_margin() -> None:
    # Justified text: every line of a paragraph but its last reaches the margin.
    body = (
        "Key findings\n"
        "Assessments were not updated when the family's circumstances changed over the year and the\n"
        "plans that followed did not say what had to change for the child.\n"
        "Fathers and partners were seldom seen by the practitioners who visited.\n"
        "Chronologies were missing from most of the files that the audit group read in the spring and\n"
        "so the history of the family's contact with services was lost when workers changed.\n"
        "Appendix\n"
    )
    found = extract_findings([page(1, 1, body)])
    assert [t.split()[0] for t in texts(found["learning"])] == ["Assessments", "Fathers", "Chronologies"]


FLATTENED_BRIEFING = (
    "Briefing 3 Lessons learned from multi-agency audits: Neglect May 2019 This briefing shares what the\n"
    "audits found. 1 Chronologies should be kept up to date on every file. 2 The child's lived experience\n"
    "should be recorded at each visit. 3 Plans should say what must change and by when. 4 5 Fathers should\n"
    "be invited to core groups. 6 Drift should be challenged through the escalation policy.\n"
)


def test_a_learning_briefing_flattened_into_one_paragraph_gives_its_numbered_items() -> None:
    found = extract_findings([FLATTENED_BRIEFING])
    learning = found["learning"]
    # (item 4 lost its text in the flattening: it is not a point, and the numbering goes on)
    assert numbers(learning) == ["1", "2", "3", "5", "6"]
    assert texts(learning)[0] == "Chronologies should be kept up to date on every file."
    assert texts(learning)[-1] == "Drift should be challenged through the escalation policy."


@pytest.mark.parametrize(
    "text",
    [
        # not titled as learning from reviews or audits
        FLATTENED_BRIEFING.replace("Lessons learned from multi-agency audits", "Our work with families"),
        # fewer than three items in order
        "Learning from case reviews\nThe panel met. 1 Chronologies were kept. 3 Plans were made on time.\n",
    ],
)
def test_numbers_in_running_text_are_not_a_list_without_a_learning_title_and_a_run(text: str) -> None:
    assert all(points == [] for points in extract_findings([text]).values())
