"""Long review PDFs for tests: 30-page child safeguarding practice reviews laid out as real ones are.

Not a test module. :func:`review_pages` writes the page texts of a review with a cover, a contents
page with dot leaders, numbered paragraphs of narrative, a findings section and a recommendations
section, in one of several layouts; :func:`make_review` sets them in a PDF with a running header and
a page-number footer. :data:`FINDINGS` and :data:`RECOMMENDATIONS` are what a practitioner would list.
"""

from __future__ import annotations

from pathlib import Path

from pdfmaker import make_pdf

HEADER = "Kingsford Safeguarding Children Partnership - LCSPR Child M"
FOOTER = "Page {page}"

FINDINGS = [
    (
        "Hearing the child",
        "Child M was rarely seen alone by any professional, and what she said at school about being hungry "
        "was not passed to the social worker or recorded in the assessment.",
    ),
    (
        "Neglect seen as poverty",
        "Practitioners saw the state of the home as a result of low income rather than neglect, so the "
        "cumulative harm to the children over three years was not recognised.",
    ),
    (
        "Information sharing",
        "The health visitor and the school each held part of the picture, but there was no multi-agency "
        "meeting at which the concerns were put together and shared.",
    ),
    (
        "The mother's partner",
        "The mother's new partner was not known to children's social care, and no agency asked who else "
        "lived in the household or checked his history of violence.",
    ),
    (
        "Escalation",
        "When the school disagreed with the decision to close the case, it did not use the escalation "
        "procedure, and the disagreement was never resolved by managers.",
    ),
]

RECOMMENDATIONS = [
    "The partnership should make sure that practitioners in every agency see children alone and record "
    "their views in their own words.",
    "Children's social care should review how neglect is assessed, so that the Graded Care Profile is used "
    "where neglect is suspected.",
    "The partnership should audit whether health visitors and schools share concerns about neglect before "
    "a case is closed.",
    "All agencies should ask who lives in the household and who visits it, and check the history of any "
    "new partner of a parent.",
    "The partnership should remind practitioners of the escalation procedure and report on its use each "
    "year to the board.",
    "The police should share reports of domestic incidents with the school by the next school day.",
    "The designated nurse should provide training for GPs on recognising neglect in older children.",
    "The partnership should publish a learning briefing on this review for all practitioners.",
]

_NARRATIVE = [
    "The family were known to several agencies over a period of more than three years before the incident "
    "that led to this review.",
    "Child M lived with her mother, her two younger brothers and, for part of the period, the mother's "
    "partner.",
    "The school recorded concerns about her attendance and her appearance on a number of occasions.",
    "The health visitor visited the home when the youngest child was born and noted that the home was "
    "cluttered.",
    "Children's social care received three referrals during the period and completed two assessments.",
    "On each occasion the case was closed after a short period of support from the early help service.",
    "The police attended the home twice following reports of shouting from neighbours.",
    "No criminal offences were recorded and the incidents were not shared with the school.",
    "The mother told practitioners that she was managing and that the children were well cared for.",
    "The review has looked at how agencies worked together and what could have been done differently.",
]


def _narrative(section: int, first: int, count: int) -> str:
    paragraphs = []
    for k in range(count):
        n = first + k
        text = " ".join(_NARRATIVE[(n + j) % len(_NARRATIVE)] for j in range(3))
        paragraphs.append(f"{section}.{n} {text}")
    return "\n\n".join(paragraphs)


def review_pages(findings: str = "numbered", recommendations: str = "own-line") -> list[str]:
    """The 30 page texts of a review.

    ``findings``: "numbered" (6.1, 6.2... each a titled paragraph) or "headed" ("Finding 1: title" on a
    line, its text under it). ``recommendations``: "own-line" ("Recommendation N" alone on a line, its
    text under it), "numbered" ("1." items) or "table" (rows of number, recommendation, agency).
    """
    pages = [
        "Kingsford Safeguarding Children Partnership\n\nLocal Child Safeguarding Practice Review\n\n"
        "Child M\n\nIndependent reviewer: A. Reviewer\n\nPublished March 2021",
        "Contents\n\n1. Introduction ........................ 3\n2. Background ........................ 4\n"
        "3. The family ........................ 6\n4. Chronology ........................ 8\n"
        "5. Analysis ........................ 14\n6. Findings ........................ 20\n"
        "7. Recommendations ........................ 25\n8. Appendices ........................ 29",
        "1. Introduction\n\n" + _narrative(1, 1, 3),
        "2. Background\n\n" + _narrative(2, 1, 3),
        _narrative(2, 4, 4),
        "3. The family\n\n" + _narrative(3, 1, 3),
        _narrative(3, 4, 4),
    ]
    pages += ["4. Chronology\n\n" + _narrative(4, 1, 3)] + [_narrative(4, 4 + 4 * k, 4) for k in range(5)]
    pages += ["5. Analysis\n\n" + _narrative(5, 1, 3)] + [_narrative(5, 4 + 4 * k, 4) for k in range(5)]
    # Pages 20 to 24: the findings, one a page.
    for n, (title, text) in enumerate(FINDINGS, start=1):
        block = f"Finding {n}: {title}\n\n{text}" if findings == "headed" else f"6.{n} {title}. {text}"
        pages.append(("6. Findings\n\n" if n == 1 else "") + block)
    # Pages 25 to 28: the recommendations.
    if recommendations == "own-line":
        items = [f"Recommendation {n}\n{text}" for n, text in enumerate(RECOMMENDATIONS, start=1)]
    elif recommendations == "numbered":
        items = [f"{n}. {text}" for n, text in enumerate(RECOMMENDATIONS, start=1)]
    else:
        items = ["No. Recommendation Lead agency"] + [
            f"{n} {text} KSCP" for n, text in enumerate(RECOMMENDATIONS, start=1)
        ]
    rec_pages = [
        "7. Recommendations\n\nThe review makes the following recommendations.\n\n" + "\n\n".join(items[:3]),
        "\n\n".join(items[3:6]),
        "\n\n".join(items[6:]),
        "",
    ]
    pages += rec_pages
    pages += [
        "8. Appendices\n\nAppendix A: Terms of reference\n\n" + _narrative(8, 1, 2),
        "Appendix B: Glossary\n\nGP: general practitioner\nLCSPR: local child safeguarding practice review",
    ]
    assert len(pages) == 30, len(pages)
    return pages


def make_review(path: Path, findings: str = "numbered", recommendations: str = "own-line") -> Path:
    """A 30-page review PDF (see :func:`review_pages`) with a running header and page numbers."""
    return make_pdf(path, review_pages(findings, recommendations), header=HEADER, footer=FOOTER)
