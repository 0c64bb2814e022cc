"""Longer learning documents for findings tests, in the layouts partnerships publish besides the review.

Not a test module. Each function returns the page texts of one document and what a practitioner would
list from it; :func:`make_document` sets the pages in a PDF with a running header and page numbers, so
the tests read them as pypdf gives them:

- :func:`learning_review`: a 12-page learning review whose "Key learning" section holds lettered items
  ("a) ...") that wrap over lines and one over a page break, then "Messages for practitioners" with
  bullets, then "Recommendation N" headings above their text;
- :func:`seven_minute_briefing`: a two-page 7-minute briefing in seven numbered boxes (no running
  header, as such briefings have none), of which only
  "Key learning" states findings (background, why it matters, questions to reflect on and resources
  do not);
- :func:`audit_report`: an 8-page multi-agency audit report whose findings page was flattened so that its
  numbered findings run on in one paragraph ("1. ... 2. ... 3. ..."), then recommendations after a
  lead-in sentence.

The partnerships, children and prose are invented for these tests.
"""

from __future__ import annotations

from pathlib import Path

from pdfmaker import make_pdf

NARRATIVE = (
    "The family were known to universal services for several years before the period under review. "
    "The health visitor saw the baby at home at the new birth visit and twice in the following months. "
    "The school raised concerns about the older child's attendance and appearance in the spring term. "
    "Children's social care completed an assessment and the case was stepped down to early help. "
    "The police attended the home after a neighbour reported shouting late at night."
)

KEY_LEARNING = [
    "Practitioners did not see the children on their own, so what the older child said at school about "
    "being hungry and frightened at home was never heard by the agencies that assessed the family.",
    "The mother's partner was not known to children's social care and no agency asked who else lived in "
    "the household or checked his history.",
    "Step-down to early help was agreed without a plan that said what had to change for the children and "
    "how anyone would know whether it had.",
    "Disagreement between the school and children's social care about the level of risk was not escalated "
    "to managers, although the escalation procedure was known to both.",
]

MESSAGES = [
    "See and speak to every child on their own, and record their words.",
    "Ask who lives in the home and who visits it, at every assessment.",
    "Use the escalation procedure when you disagree with a decision about a child.",
]

RECOMMENDATIONS = [
    "The partnership should seek assurance that children are seen alone in every assessment.",
    "Children's social care should check the history of any new partner in the household.",
    "The early help service should agree a written plan with outcomes for every step-down.",
]

BRIEFING_LEARNING = [
    "Adolescents who are neglected often present as challenging rather than as children in need of care.",
    "Neglect of older children was seen as a choice the young person made, not as harm to them.",
    "Missing school was the first sign of neglect in most of the cases the review looked at.",
]

AUDIT_FINDINGS = [
    "Core group minutes need to begin with a summary of the reasons why the child is on a plan.",
    "The purpose of each meeting should be recorded, with the progress made against the plan.",
    "The views of children and parents were sought in only 4 of the 12 cases audited.",
    "Core assessments were not shared with every member of the core group before the meeting.",
    "Parental non-engagement was rarely questioned or challenged by the agencies involved.",
]

AUDIT_RECOMMENDATIONS = [
    "Chairs should check that the minutes record the reasons for the plan at every meeting;",
    "Social workers should share core assessments with the core group before the first meeting;",
    "The partnership should repeat this audit in twelve months.",
]


def _paragraphs(section: int, count: int) -> str:
    return "\n\n".join(f"{section}.{n} {NARRATIVE}" for n in range(1, count + 1))


def learning_review() -> tuple[list[str], dict[str, list[str]]]:
    """A learning review: its 12 page texts and the points (learning, recommendations) it states."""
    lettered = [f"{chr(ord('a') + k)}) {text}" for k, text in enumerate(KEY_LEARNING)]
    cut = lettered[2].index(" ", 60)  # where the page break falls in the third item
    pages = [
        "Ashford Vale Safeguarding Children Partnership\n\nLearning Review: Child T\n\nPublished May 2023",
        "Contents\n\n1. Introduction ...... 3\n2. Background ...... 4\n3. The child's story ...... 5\n"
        "4. Analysis ...... 7\n5. Key learning ...... 9\n6. Messages for practitioners ...... 10\n"
        "7. Recommendations ...... 11",
        "1. Introduction\n\n" + _paragraphs(1, 3),
        "2. Background\n\n" + _paragraphs(2, 3),
        "3. The child's story\n\n" + _paragraphs(3, 3),
        _paragraphs(3, 3).replace("3.", "3.1", 1),
        "4. Analysis\n\n" + _paragraphs(4, 3),
        _paragraphs(4, 2),
        # The key learning: the third item starts at the foot of the page and goes on over the page.
        "5. Key learning\n\nThe review identified the following learning for the partnership:\n\n"
        + "\n\n".join(lettered[:2])
        + "\n\n"
        + lettered[2][:cut],
        lettered[2][cut:].lstrip()
        + "\n\n"
        + lettered[3]
        + "\n\n6. Messages for practitioners\n\n"
        + "\n".join(f"- {text}" for text in MESSAGES),
        "7. Recommendations\n\n"
        + "\n\n".join(f"Recommendation {n}\n{text}" for n, text in enumerate(RECOMMENDATIONS, start=1)),
        "Appendix A: Terms of reference\n\nThe review looked at the period from 2020 to 2022.",
    ]
    return pages, {"learning": KEY_LEARNING + MESSAGES, "recommendations": RECOMMENDATIONS}


def seven_minute_briefing() -> tuple[list[str], dict[str, list[str]]]:
    """A 7-minute briefing: its two page texts and the points it states (only its key learning)."""
    pages = [
        "7 Minute Briefing: Neglect of adolescents\n\n"
        "1. Background\n\nThis briefing draws on a thematic review of five cases of neglect of young people "
        "aged 13 to 17 in the area, published by the partnership in 2022.\n\n"
        "2. Why it matters\n\nNeglect of older children is under-recognised and can lead to exploitation, "
        "self-harm and going missing.\n\n"
        "3. Information\n\nThe young people were known to several agencies, and four had missed long periods "
        "of school before the events that led to the review.\n\n"
        "4. Key learning\n\n" + "\n".join(f"- {text}" for text in BRIEFING_LEARNING),
        "5. What you can do\n\nTalk to the young person about how they are cared for at home.\n\n"
        "6. Questions to reflect on\n\nDo you ask older children who looks after them?\n"
        "How would you know if a young person was going without food?\n\n"
        "7. Further information\n\nThe partnership's neglect strategy and the Graded Care Profile are on "
        "the partnership's website.",
    ]
    return pages, {"learning": BRIEFING_LEARNING, "recommendations": []}


def audit_report() -> tuple[list[str], dict[str, list[str]]]:
    """An audit report: its 8 page texts and the points it states; the findings run on in one paragraph."""
    run_on = " ".join(f"{n}. {text}" for n, text in enumerate(AUDIT_FINDINGS, start=1))
    pages = [
        "Ashford Vale Safeguarding Children Partnership\n\nMulti-agency audit of core groups\n\nJuly 2022",
        "1. Introduction\n\n" + _paragraphs(1, 2),
        "2. Method\n\nTwelve cases of children on child protection plans were chosen at random. Each agency "
        "audited its own records and the auditors met to agree the grading of each case.",
        "3. The cases audited\n\n" + _paragraphs(3, 3),
        _paragraphs(3, 3),
        "4. Findings\n\n" + run_on,
        "5. Recommendations\n\nThe following recommendations are made to the partnership:\n"
        + "\n".join(AUDIT_RECOMMENDATIONS),
        "6. Next steps\n\nThe partnership's quality assurance group will monitor the action plan.",
    ]
    return pages, {
        "learning": AUDIT_FINDINGS,
        "recommendations": [r.rstrip(";") for r in AUDIT_RECOMMENDATIONS],
    }


def make_document(path: Path, pages: list[str], header: str | None) -> Path:
    """The pages set in a PDF with the running header ``header`` (if any) and a page number at the foot."""
    return make_pdf(path, pages, header=header, footer="Page {page}")
