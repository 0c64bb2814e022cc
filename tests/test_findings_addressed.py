"""Recommendations set out as unnumbered paragraphs, each addressed to a body ("The board should ...",
"Children's social care must ..."), under a lead-in sentence, as rapid reviews and child safeguarding
practice reviews write them: every paragraph is one point, the lead-in is none, also where a paragraph
fills its last line (no short line to end it) or runs over a page break. Made-up text, laid out as pypdf
gives it: lines wrapped at about ninety characters, a running header and a page footer.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from learnkit.models import Point
from learnkit.reading.findings import extract_findings
from learnkit.reading.items import addressed_to_agency
from learnkit.reading.pages import clean_pages
from learnkit.reading.sections import introduces_list

Extract = Callable[[list[str]], dict[str, list[Point]]]
HEADER = "Ashcombe Safeguarding Children Partnership - Rapid Review: Child M"

NARRATIVE = """4. Analysis
Child M was known to several agencies over the two years before the incident, and each of
them held part of the picture of the home. Attendance at school fell in the spring term and
the family moved twice in six months, which meant that records did not follow the children.
Practitioners described the mother as warm and engaged, and visits were often announced in
advance, so that the conditions in the home were rarely seen as they usually were."""

# Five recommendations, each addressed to a different body. The first and the third fill their last line,
# so only the words they open with say where the next one starts.
RECOMMENDATION_LINES = [
    "The safeguarding partnership should ensure that each assessment records the child's lived experience.",
    "Children's social care must review how unannounced visits are planned when a family has moved home",
    "twice within a year.",
    "The ICB will ask GP practices to record who holds parental responsibility for every child they see.",
    "All schools should share attendance concerns with the early help hub within ten working days of them",
    "arising.",
    "Northmoor Police and the local authority should agree a joint protocol for missing episodes by the",
    "end of the year.",
]
RECOMMENDATIONS = [
    RECOMMENDATION_LINES[0],
    "Children's social care must review how unannounced visits are planned when a family has moved home "
    "twice within a year.",
    RECOMMENDATION_LINES[3],
    "All schools should share attendance concerns with the early help hub within ten working days of them "
    "arising.",
    "Northmoor Police and the local authority should agree a joint protocol for missing episodes by the end "
    "of the year.",
]

CONCLUSION = """6. Conclusion
The partnership will publish this review and its action plan once the family has been consulted and the
criminal proceedings have ended, and it will report progress to the board in six months' time."""


def page(number: int, total: int, body: str) -> str:
    return f"{HEADER}\n{body.strip()}\nPage {number} of {total}"


def rapid_review(lead_in: str) -> list[str]:
    body = "\n".join((NARRATIVE, "5. Recommendations", lead_in, *RECOMMENDATION_LINES, CONCLUSION))
    return [page(1, 2, NARRATIVE), page(2, 2, body)]


@pytest.fixture(params=["raw", "cleaned"])
def extract(request: pytest.FixtureRequest) -> Extract:
    """extract_findings on pypdf-style page text, and on the same text after clean_pages (wrapped lines
    joined), as the library calls it."""
    if request.param == "raw":
        return extract_findings
    return lambda pages: extract_findings(clean_pages(pages))


def texts(points: list[Point]) -> list[str]:
    return [p.text for p in points]


@pytest.mark.parametrize(
    "lead_in",
    [
        # a lead-in that names "the following" list and ends with a full stop, wrapped over two lines
        "The review makes the following recommendations to the partnership, which will be monitored\n"
        "through an action plan.",
        "The following recommendations are made.",
        # one that fills its last line: only its words say that the first recommendation starts after it
        "The review makes the following recommendations to the safeguarding partnership and its agencies.",
        "The recommendations of the review are as follows.",
        # and lead-ins that end with a colon
        "The panel made the following recommendations:",
        "The review recommends:",
    ],
)
def test_each_paragraph_addressed_to_a_body_is_one_recommendation_and_the_lead_in_is_none(
    extract: Extract, lead_in: str
) -> None:
    points = extract(rapid_review(lead_in))
    assert texts(points["recommendations"]) == RECOMMENDATIONS
    assert {p.page for p in points["recommendations"]} == {2}
    assert {p.number for p in points["recommendations"]} == {""}


def test_a_paragraph_before_the_lead_in_is_no_recommendation_either(extract: Extract) -> None:
    lead_in = (
        "The rapid review was held on 3 March with all of the agencies that knew the family present.\n"
        "The following recommendations were agreed."
    )
    assert texts(extract(rapid_review(lead_in))["recommendations"]) == RECOMMENDATIONS


def test_a_recommendation_runs_over_a_page_break_and_the_next_starts_at_the_top_of_a_page(
    extract: Extract,
) -> None:
    # The second recommendation wraps over the break after page 1, the fourth after page 2.
    lines = RECOMMENDATION_LINES
    foot = "\n".join(("5. Recommendations", "The review makes the following recommendations.", *lines[:2]))
    top = "\n".join(lines[2:5])
    third = "\n".join((*lines[5:], CONCLUSION))
    pages = [
        page(1, 4, NARRATIVE + "\n" + foot),
        page(2, 4, top),
        page(3, 4, third),
        page(4, 4, NARRATIVE.replace("4. Analysis", "Appendix A")),
    ]
    points = extract(pages)["recommendations"]
    assert texts(points) == RECOMMENDATIONS
    assert [p.page for p in points] == [1, 1, 2, 2, 3]


def test_a_full_line_ending_a_page_does_not_join_the_recommendation_at_the_top_of_the_next() -> None:
    # The first recommendation fills the last line of page 1; the second opens page 2.
    lines = RECOMMENDATION_LINES
    opening = NARRATIVE + "\n5. Recommendations\nThe following recommendations are made.\n" + lines[0]
    pages = [
        page(1, 3, opening),
        page(2, 3, "\n".join(lines[1:]) + "\n" + CONCLUSION),
        page(3, 3, NARRATIVE.replace("4. Analysis", "Appendix A")),
    ]
    points = extract_findings(pages)["recommendations"]
    assert texts(points) == RECOMMENDATIONS
    assert [p.page for p in points] == [1, 2, 2, 2, 2]


def test_a_second_sentence_of_a_recommendation_that_is_not_addressed_to_a_body_goes_on_with_it() -> None:
    lines = """5. Recommendations
The safeguarding partnership should commission multi-agency training on neglect for all staff.
This training should include the use of the graded care profile and be evaluated within a year.
The ICB will ask GP practices to record who holds parental responsibility for every child they see."""
    points = extract_findings([page(1, 2, NARRATIVE), page(2, 2, lines + "\n" + CONCLUSION)])
    assert texts(points["recommendations"]) == [
        "The safeguarding partnership should commission multi-agency training on neglect for all staff. "
        "This training should include the use of the graded care profile and be evaluated within a year.",
        RECOMMENDATIONS[2],
    ]


def test_a_paragraph_of_findings_that_mentions_what_an_agency_will_do_is_not_split() -> None:
    # A finding that is not itself addressed to anyone: a sentence on "the police will" inside it, at the
    # start of a line after a full stop, carries it on.
    lines = """5. Findings
Information about the risk posed by the mother's partner was held by the police but not shared.
The police will now share such information through the daily safeguarding meeting in every case.
The following day the school nurse visited the home and found the children alone in the house."""
    learning = extract_findings([page(1, 1, lines + "\n" + CONCLUSION)])["learning"]
    assert len(learning) == 1
    assert learning[0].text.startswith("Information about the risk")
    assert learning[0].text.endswith("alone in the house.")


@pytest.mark.parametrize(
    ("line", "addressed"),
    [
        ("The board should ensure that practitioners record the child's voice", True),
        ("The partnership must review its escalation policy", True),
        ("Children's social care should audit the plans", True),
        ("The ICB will write to every GP practice", True),
        ("All agencies should use the neglect tool", True),
        ("NHS England should publish guidance", True),
        ("Health partners and the local authority should agree a protocol", True),
        ("The Designated Safeguarding Leads should meet each term", True),
        ("They should be seen alone", False),
        ("When the police attend they will take a statement", False),
        ("The child will be seen alone at every visit", False),
        ("Mother said that she will move to Leeds", False),
        ("It will be important to record this", False),
        ("Practitioners should ask about fathers", False),
        ("the board should ensure", False),  # (a line that goes on a sentence)
        ("The board has agreed to review the policy", False),
    ],
)
def test_a_line_addressed_to_a_body(line: str, addressed: bool) -> None:
    assert addressed_to_agency(line) is addressed


@pytest.mark.parametrize(
    ("text", "lead_in"),
    [
        ("The review makes the following recommendations to the partnership.", True),
        ("The following key learning points emerged from the review.", True),
        ("The findings are set out as follows.", True),
        ("The review identified:", True),
        ("The following day, the mother took Child M to the emergency department.", False),
        ("The partnership should act on the following recommendations of the national panel.", False),
        ("The review was held in May. The following recommendations were agreed.", True),
        ("The review makes the following recommendations. They will be monitored by the board.", False),
        ("Agencies did not follow the escalation policy when concerns were raised.", False),
    ],
)
def test_a_sentence_that_only_introduces_its_list(text: str, lead_in: bool) -> None:
    assert introduces_list(text) is lead_in
