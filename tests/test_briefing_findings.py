"""Findings in the layouts of short briefings, news items and landing pages (learnkit.reading.findings).

Each test sets out a page the way a partnership's site, an NSPCC landing page or a board report lays it
out, written for these tests, and checks the points a practitioner would count: a label inside a
paragraph, a labelled sentence's paragraph, headings such as "Key takeaways" or "Improving Practice",
a lead-in that reports what reviews found, nested lists, and what is never a point.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from learnkit.models import Point
from learnkit.reading.findings import extract_findings
from learnkit.reading.pages import clean_pages

Extract = Callable[..., dict[str, list[Point]]]


@pytest.fixture(params=["raw", "cleaned"])
def extract(request: pytest.FixtureRequest) -> Extract:
    """extract_findings on raw page text, and on the same text after clean_pages (as ingest reads it)."""
    if request.param == "raw":
        return extract_findings

    def cleaned(pages: list[str], document: str = "") -> dict[str, list[Point]]:
        return extract_findings(clean_pages(list(pages)), document=document)

    return cleaned


def texts(points: list[Point]) -> list[str]:
    return [p.text for p in points]


def every(found: dict[str, list[Point]]) -> list[str]:
    return [p.text for kind in ("learning", "good_practice", "recommendations") for p in found[kind]]


def test_an_inline_label_inside_a_paragraph_gives_its_semicolon_list(extract: Extract) -> None:
    pages = [
        "Riverside Partnership has published a briefing on neglect of older children. The briefing draws on\n"
        "six local reviews. Learning includes: seeing the young person on their own; asking about school\n"
        "attendance at every visit; and recording who else lives in the home. The full briefing is on the\n"
        "partnership's website.\n"
        "Read the briefing: Neglect of older children"
    ]
    assert texts(extract(pages)["learning"]) == [
        "seeing the young person on their own",
        "asking about school attendance at every visit",
        "recording who else lives in the home.",
    ]


def test_a_key_learning_highlights_label_inside_a_line(extract: Extract) -> None:
    pages = [
        "The charity has published a review of exploitation across the country. Key learning highlights:\n"
        "the need for one definition of exploitation; and better links between police and social care."
    ]
    assert texts(extract(pages)["learning"]) == [
        "the need for one definition of exploitation",
        "better links between police and social care.",
    ]


def test_a_labelled_sentence_paragraph_gives_one_point_a_sentence(extract: Extract) -> None:
    pages = [
        "Case reviews show that neglect of teenagers is often missed by professionals in every agency.\n"
        "\n"
        "The learning from these reviews highlights that professionals must see the young person\n"
        "alone. Practitioners need to ask about school and friendships. The review found that two\n"
        "were seen once.\n"
        "\n"
        "Reasons case reviews were commissioned\n"
        "This briefing is based on reviews published since 2019."
    ]
    # ("Case reviews show that ...": what reviews in general teach is a point too; "The review found that"
    # is the narrative of one review)
    assert texts(extract(pages)["learning"]) == [
        "Case reviews show that neglect of teenagers is often missed by professionals in every agency.",
        "The learning from these reviews highlights that professionals must see the young person alone.",
        "Practitioners need to ask about school and friendships.",
    ]


def test_a_labelled_sentence_inside_prose_is_one_point(extract: Extract) -> None:
    pages = [
        "The schools are commended for raising their concerns. The learning from the review identifies\n"
        "that multi-agency arrangements fell short of what was expected. The review identified that the\n"
        "children's disclosures should have led to a strategy discussion."
    ]
    assert texts(extract(pages)["learning"]) == [
        "The learning from the review identifies that multi-agency arrangements fell short of what was "
        "expected."
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Missed health appointments were a key learning point identified in a rapid review last year.",
        "The key findings were that young carers were overlooked; were at risk of poor mental health;\n"
        "and could benefit from their role when supported.",
        "An important finding of this review is that children living with domestic abuse are victims.",
    ],
)
def test_sentences_that_name_themselves_a_finding(extract: Extract, sentence: str) -> None:
    found = extract([sentence])["learning"]
    assert found and found[0].text.split()[0] in ("Missed", "The", "An", "young")


def test_key_takeaways_with_titles_over_their_text() -> None:
    # (raw page lines only: cleaning joins a short line without a full stop to the one before)
    extract = extract_findings
    pages = [
        "Key takeaways\n"
        "Recognising fabricated illness\n"
        "Doctors must stay alert to symptoms that do not fit together\n"
        "Working together\n"
        "Early talks between doctors and social workers reduce the risk\n"
        "\n"
        "The case\n"
        "The court heard evidence over twenty days about the mother's care of the children."
    ]
    assert texts(extract(pages)["learning"]) == [
        "Recognising fabricated illness. Doctors must stay alert to symptoms that do not fit together",
        "Working together. Early talks between doctors and social workers reduce the risk",
    ]


def test_paired_key_learning_and_improving_practice_under_topics(extract: Extract) -> None:
    pages = [
        "Coercive Control\n"
        "Key Learning\n"
        "Coercive control can stop a victim from seeking help for herself or her children.\n"
        "Improving Practice\n"
        "Assessments should ask how control shows itself in the relationship.\n"
        "Separation\n"
        "Key Learning\n"
        "Risk is greatest at the point of separation, for the victim and for the children.\n"
        "Improving Practice\n"
        "Plans should be reviewed when parents separate."
    ]
    assert every(extract(pages)) == [
        "Coercive control can stop a victim from seeking help for herself or her children.",
        "Assessments should ask how control shows itself in the relationship.",
        "Risk is greatest at the point of separation, for the victim and for the children.",
        "Plans should be reviewed when parents separate.",
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "Key considerations in responding to neglect:",
        "Risk factors for domestic abuse in case reviews",
        "Key learning and practice improvements",
        "Issues identified",
        "Implications for practice",
    ],
)
def test_more_findings_headings(extract: Extract, heading: str) -> None:
    pages = [
        f"{heading}\n\u2022 Seeing the whole family in their situation\n\u2022 Asking who cares for the baby"
    ]
    assert len(extract(pages)["learning"]) == 2


def test_a_lead_in_that_reports_failings_found_opens_a_list_of_titled_paragraphs(extract: Extract) -> None:
    pages = [
        "The panel looked at seventy reviews published over two years.\n"
        "The reviews found a number of failings in the response to domestic abuse, such as:\n"
        "Lack of understanding of domestic abuse\n"
        "Most practitioners used the term without saying what the abuse was and how it affected the child.\n"
        "No whole system response\n"
        "Agencies worked together only where a risk checklist had marked the case as high risk."
    ]
    assert texts(extract(pages)["learning"]) == [
        "Lack of understanding of domestic abuse. Most practitioners used the term without saying what the "
        "abuse was and how it affected the child.",
        "No whole system response. Agencies worked together only where a risk checklist had marked the case "
        "as high risk.",
    ]


def test_a_learning_review_is_not_learning(extract: Extract) -> None:
    pages = [
        "The key features of a Learning Review are:\n"
        "I. Inclusiveness A learning review brings practitioners together with the review team.\n"
        "II. Support for staff Support for staff is part of the review process."
    ]
    assert every(extract(pages)) == []


def test_a_flattened_contents_list_under_findings_is_not_a_point() -> None:
    # (raw page lines only: cleaning joins a short line without a full stop to the one before)
    extract = extract_findings
    pages = [
        "CONTENTS\nINTRODUCTION\n2 2 3\nFINDINGS\nThe Pregnancy Midwifery The Birth Health Visiting Records\n"
        "5 5 6 7 7 8\nCONCLUSION\n13"
    ]
    assert every(extract(pages)) == []


def test_lowercase_bullets_under_a_bullet_ending_with_a_colon_are_its_parts(extract: Extract) -> None:
    pages = [
        "Key issues\n"
        "\u2022 Parents who may need extra support to care for their baby include:\n"
        "\u2022 parents with mental health problems;\n"
        "\u2022 young parents.\n"
        "\u2022 Babies are at risk when professionals focus on the parents."
    ]
    assert texts(extract(pages)["learning"]) == [
        "Parents who may need extra support to care for their baby include: parents with mental health "
        "problems; young parents.",
        "Babies are at risk when professionals focus on the parents.",
    ]


def test_a_labelled_sentence_whose_first_word_ends_a_bulleted_line() -> None:
    pages = [
        "Family S\n"
        "\u2022 The children lived in a flat that was unfit for them to live in.\n"
        "\u2022 The older child went to a local school. Important\n"
        "learning from this review was the link between attendance and neglect, leading to new\n"
        "guidance for schools.\n"
        "\u2022 Child M"
    ]
    assert texts(extract_findings(pages)["learning"]) == [
        "Important learning from this review was the link between attendance and neglect, leading to new "
        "guidance for schools."
    ]


def test_run_on_numbered_items_in_one_line_are_split_in_order(extract: Extract) -> None:
    pages = [
        "Findings\n"
        "1. Minutes need to begin with the reasons for the plan. 2. The purpose of the meeting should be "
        "recorded, and 3 agencies were absent. 3. Progress should be recorded at every meeting.\n"
        "Background\nThe family moved to the area in 2019."
    ]
    found = extract(pages)["learning"]
    assert [(p.number, p.text) for p in found] == [
        ("1", "Minutes need to begin with the reasons for the plan."),
        ("2", "The purpose of the meeting should be recorded, and 3 agencies were absent."),
        ("3", "Progress should be recorded at every meeting."),
    ]


def test_here_is_what_we_learnt_opens_the_numbered_steps_after_it() -> None:
    pages = [
        "Assessing neglect over time is hard. What can an evaluation tell us? Here is what we learnt.\n"
        "1. Help parents engage by naming their strengths\n"
        "Parents took part more when the assessment said what was going well.\n"
        "2. Keep the focus on the child\n"
        "Ask what it is like to be a child in that home.\n"
    ]
    found = extract_findings(pages)["learning"]
    assert [p.number for p in found] == ["1", "2"]
    assert found[1].text == "Keep the focus on the child. Ask what it is like to be a child in that home."


# --- layouts of audits, abstracts and Welsh briefings ---------------------


def test_a_labelled_sentence_that_lists_its_findings_gives_one_point_each(extract: Extract) -> None:
    pages = [
        "Results\n"
        "\n"
        "The main findings were that fathers were rarely invited to meetings; were not asked about their\n"
        "own needs; and were seldom recorded on the child's file.\n"
        "\n"
        "Appendix\n"
    ]
    assert texts(extract(pages)["learning"]) == [
        "The main findings were that fathers were rarely invited to meetings",
        "were not asked about their own needs",
        "were seldom recorded on the child's file.",
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "From our analysis of these case reviews, three patterns emerged:",
        "The following themes were identified across the audits:",
        "Three concerns have been identified in local case reviews:",
    ],
)
def test_a_lead_in_saying_what_came_out_of_reviews_opens_a_list(extract: Extract, lead: str) -> None:
    pages = [
        "This briefing draws on reviews published since 2018.\n"
        "\n"
        f"{lead}\n"
        "• Babies were moved between relatives without any assessment.\n"
        "• Health visitors were not told when the family moved.\n"
        "\n"
        "Published: May 2022\n"
    ]
    assert texts(extract(pages)["learning"]) == [
        "Babies were moved between relatives without any assessment.",
        "Health visitors were not told when the family moved.",
    ]


def test_a_list_of_case_facts_after_a_lead_in_is_not_learning(extract: Extract) -> None:
    pages = [
        "In these case reviews, children were harmed in different ways:\n"
        "• injuries inflicted by a parent's partner\n"
        "• neglect over several years\n"
    ]
    assert every(extract(pages)) == []


def test_a_welsh_labelled_sentence_inside_a_paragraph(extract: Extract) -> None:
    pages = [
        "Cyhoeddwyd yr adroddiad heddiw gan y bwrdd diogelu. Mae'r canfyddiadau cynnar wedi dangos bod\n"
        "angen gwell rhannu gwybodaeth rhwng asiantaethau. Bydd y gwaith yn parhau eleni.\n"
    ]
    assert texts(extract(pages)["learning"]) == [
        "Mae'r canfyddiadau cynnar wedi dangos bod angen gwell rhannu gwybodaeth rhwng asiantaethau."
    ]


def test_welsh_findings_said_to_be_published_are_not_a_point(extract: Extract) -> None:
    pages = ["Mae canfyddiadau cynnar yr adolygiad wedi cael eu cyhoeddi heddiw gan yr arolygiaeth.\n"]
    assert every(extract(pages)) == []


@pytest.mark.parametrize(
    ("opening", "points"),
    [
        ("Published case reviews highlight that fathers are often not seen by health visitors.", 1),
        ("The reviews suggest professionals sometimes lose sight of the baby in a busy household.", 1),
        ("The review found that fathers were often not seen by health visitors.", 0),
        ("Reviews were published in 2019 and 2020 by the partnership.", 0),
    ],
)
def test_what_reviews_in_general_teach_is_a_point(extract: Extract, opening: str, points: int) -> None:
    pages = [f"{opening}\n\nPublished: June 2021\n"]
    assert len(extract(pages)["learning"]) == points


def test_a_labelled_paragraph_after_another_is_found_too(extract: Extract) -> None:
    pages = [
        "Case reviews highlight that babies are most at risk in their first year.\n"
        "\n"
        "The learning from these reviews highlights that fathers must be seen. Plans should name them.\n"
        "\n"
        "Published: June 2021\n"
    ]
    assert texts(extract(pages)["learning"]) == [
        "Case reviews highlight that babies are most at risk in their first year.",
        "The learning from these reviews highlights that fathers must be seen.",
        "Plans should name them.",
    ]


def test_a_structured_abstract_gives_its_results_and_conclusions(extract: Extract) -> None:
    pages = [
        "Abstract\n"
        "Aim To audit how the front door team recorded the child's voice over six months.\n"
        "Method Forty referrals were read by a health visitor, a police officer and a social worker.\n"
        "Results Fewer than half of the referrals recorded what the child had said.\n"
        "Conclusion Referrers should record the child's own words. Managers should check this monthly.\n"
    ]
    assert texts(extract(pages)["learning"]) == [
        "Fewer than half of the referrals recorded what the child had said.",
        "Referrers should record the child's own words.",
        "Managers should check this monthly.",
    ]


def test_a_review_with_one_part_named_like_an_abstracts_is_not_one(extract: Extract) -> None:
    pages = [
        "Background The family moved to the area in 2019 and the children joined the local school.\n"
        "Conclusion The panel met three times and agreed the report in March.\n"
    ]
    assert every(extract(pages)) == []
