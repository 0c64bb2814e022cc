"""The long documents the tests use, and what each is: :class:`Layout` and :data:`LAYOUTS`.

Not a test module: tests/longdocs.py lays these out (:func:`longdocs.make_document`) and test files
import them from there. Each layout says what a practitioner would read off the document (its
partnership, kind, subject, date, central themes, its findings and recommendations) and how it is set
out (its sections, how its findings and recommendations are numbered, its marking, header and footer).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from longprose import (
    ASHFORD_LEARNING,
    ASHFORD_MESSAGES,
    ASHFORD_RECOMMENDATIONS,
    AUDIT_FINDINGS,
    AUDIT_METHOD,
    AUDIT_RECOMMENDATIONS,
    BRIEFING_BOXES,
    BRIEFING_LEARNING,
    KINGSFORD_FINDINGS,
    KINGSFORD_RECOMMENDATIONS,
)


@dataclass(frozen=True)
class Section:
    """One part of a document: its heading and what it holds.

    ``holds``: "narrative" (numbered paragraphs carrying the central themes), "general" (numbered
    paragraphs of background), "chronology" (dated lines), "findings", "messages" (bullets, learning
    too), "recommendations", or "text" (``text`` as it is). ``share`` is its part of the pages left to
    the narrative; ``new_page`` starts it on a page of its own.
    """

    heading: str
    holds: str
    share: float = 0.0
    new_page: bool = True
    text: str = ""
    numbered: bool = True  # "4. Analysis" rather than "Analysis"


REVIEW_SECTIONS = (
    Section("Introduction", "general", 0.06),
    Section("Background", "general", 0.1),
    Section("The family", "narrative", 0.14),
    Section("Chronology", "chronology", 0.2),
    Section("Analysis", "narrative", 0.5),
    Section("Findings", "findings"),
    Section("Recommendations", "recommendations"),
    Section("Appendices", "general", 0.0),
)


@dataclass(frozen=True)
class Layout:
    """What one long document is, and how it is laid out."""

    partnership: str  # the partnership or board that published it
    area: str  # the place, as a practitioner names it
    review: str  # the kind of document as its cover says it
    kind: str  # learnkit's kind for it
    subject: str | None  # "Child M"; None for a thematic review or an audit
    cover_line: str  # the line under the subject on the cover: a date ("March 2021") or a report name
    date: str  # the date as learnkit stores it ("2021-03")
    themes: tuple[str, ...]  # the central themes, taxonomy ids
    pages: int
    # (title, text) of each finding; "" for an untitled one. None: one finding for each central theme.
    findings: tuple[tuple[str, str], ...] | None = None
    findings_style: str = "numbered"  # "numbered", "headed", "lettered", "bullets" or "run-on"
    findings_lead: str = "The review identified the following findings for the partnership."
    messages: tuple[str, ...] = ()  # "Messages for practitioners", bullets after the findings
    recommendations: tuple[str, ...] | int = 0  # the texts, or how many to write
    # "own-line", "numbered", "table", "board-should" or "lead-in" (one a line, ";" after all but the last)
    recommendations_style: str = "own-line"
    sections: tuple[Section, ...] = REVIEW_SECTIONS
    contents: bool = True
    running_header: str | None = ""  # "": "<partnership> - <review>: <subject>"; None: no header
    marking: str | None = None  # a protective marking on every page
    date_line: str | None = None  # a second date line on the cover ("Date of report: ...")
    reviewer: str | None = "Independent lead reviewer: J. Ashdown"
    footer: str = "Page {page} of {pages}"
    metadata_title: str | None = None  # the PDF's own Title entry, as word processors leave it
    title_words: tuple[str, ...] = field(default=())  # words a recognisable title holds, besides the subject
    straddle: int | None = None  # the finding that a page break falls inside (its index)
    cover_page: bool = True  # False: the title heads the first page, and the first section follows it

    def but(self, **changes: object) -> Layout:
        """This layout with some fields changed (another way of setting out the same document)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


LEARNING_REVIEW_SECTIONS = (
    Section("Introduction", "general", 0.1),
    Section("Background", "general", 0.15),
    Section("The child's story", "narrative", 0.35),
    Section("Analysis", "narrative", 0.4),
    Section("Key learning", "findings"),
    Section("Messages for practitioners", "messages", new_page=False),
    Section("Recommendations", "recommendations"),
    Section("Appendix A: Chronology", "chronology", 0.0, numbered=False),
)

AUDIT_SECTIONS = (
    Section("Introduction", "general", 0.2),
    Section("Method", "text", text=AUDIT_METHOD, new_page=True),
    Section("The cases audited", "general", 0.8),
    Section("Findings", "findings"),
    Section("Recommendations", "recommendations"),
    Section(
        "Next steps", "text", text="The partnership's quality assurance group will monitor the action plan."
    ),
)

# The seven boxes of a 7-minute briefing, four on its first page and three on its second.
BRIEFING_SECTIONS = tuple(
    Section(
        heading,
        "findings" if heading == "Key learning" else "text",
        text=text,
        new_page=n == 5,
    )
    for n, (heading, text) in enumerate(BRIEFING_BOXES, start=1)
)

LAYOUTS: dict[str, Layout] = {
    # A local CSPR: findings as numbered paragraphs ("6.1 Title. Text"), recommendations each under a
    # "Recommendation N" line; no marking, but the word "confidential" turns up in its prose.
    "cspr": Layout(
        partnership="Kingsford Safeguarding Children Partnership",
        area="Kingsford",
        review="Local Child Safeguarding Practice Review",
        kind="safeguarding-practice-review",
        subject="Child M",
        cover_line="March 2021",
        date="2021-03",
        themes=("neglect", "parental-mental-health", "domestic-abuse", "voice-of-the-child"),
        pages=34,
        findings=KINGSFORD_FINDINGS,
        recommendations=KINGSFORD_RECOMMENDATIONS,
        metadata_title="Microsoft Word - CSPR M final v3.docx",
        title_words=("Kingsford", "2021"),
    ),
    # A serious case review overview report, marked OFFICIAL-SENSITIVE, with "Finding N: title"
    # headings, a numbered list of recommendations and a "Published:" line.
    "scr": Layout(
        partnership="Ashworth Local Safeguarding Children Board",
        area="Ashworth",
        review="Serious Case Review",
        kind="serious-case-review",
        subject="Baby L",
        cover_line="Overview Report",
        date="2017-11",
        date_line="Published: November 2017",
        themes=("non-accidental-injury", "babies-pre-birth", "hidden-men", "parental-substance-misuse"),
        pages=62,
        findings_style="headed",
        recommendations=6,
        recommendations_style="numbered",
        marking="OFFICIAL-SENSITIVE",
        footer="{page}",
        title_words=("Ashworth", "2017"),
    ),
    # A rapid review, still a draft, whose recommendations are "The board should ..." paragraphs.
    "rapid": Layout(
        partnership="Northmoor Safeguarding Partnership",
        area="Northmoor",
        review="Rapid Review",
        kind="rapid-review",
        subject="Family T",
        cover_line="July 2022",
        date="2022-07-14",
        date_line="Date of report: 14 July 2022",
        themes=("criminal-exploitation", "adolescents", "missing-children", "school-attendance"),
        pages=30,
        recommendations=5,
        recommendations_style="board-should",
        marking="DRAFT",
        metadata_title="Agenda item 6",
        title_words=("Northmoor", "2022"),
    ),
    # A Welsh extended child practice review, 120 pages, marked CONFIDENTIAL.
    "wales": Layout(
        partnership="Glanmor Regional Safeguarding Children Board",
        area="Glanmor",
        review="Extended Child Practice Review",
        kind="child-practice-review",
        subject="Child R",
        cover_line="September 2020",
        date="2020-09",
        themes=("child-sexual-abuse", "online-harm", "self-harm-suicide", "information-sharing"),
        pages=120,
        findings_style="headed",
        recommendations=7,
        marking="CONFIDENTIAL",
        footer="Glanmor RSCB | CPR Child R | {page}",
        title_words=("Glanmor", "2020"),
    ),
    # A thematic review of several infants' deaths: no single subject; 150 pages; a table of
    # recommendations with the lead agency.
    "thematic": Layout(
        partnership="Fernbridge Safeguarding Children Partnership",
        area="Fernbridge",
        review="Thematic Review: Sudden Unexpected Deaths in Infancy",
        kind="thematic-review",
        subject=None,
        cover_line="January 2024",
        date="2024-01",
        themes=("sudi-safer-sleep", "babies-pre-birth", "parental-substance-misuse", "housing-poverty"),
        pages=150,
        recommendations=9,
        recommendations_style="numbered",
        title_words=("Fernbridge", "Sudden", "Infancy", "2024"),
    ),
    # A learning review: lettered key learning, one item of which runs over a page break, then
    # messages for practitioners as bullets, then "Recommendation N" headings above their text.
    "learning-review": Layout(
        partnership="Ashford Vale Safeguarding Children Partnership",
        area="Ashford Vale",
        review="Learning Review",
        kind="learning-review",
        subject="Child T",
        cover_line="Published May 2023",
        date="2023-05",
        themes=("neglect", "hidden-men", "early-help", "escalation-challenge"),
        pages=30,
        findings=tuple(("", text) for text in ASHFORD_LEARNING),
        findings_style="lettered",
        findings_lead="The review identified the following learning for the partnership:",
        straddle=2,
        messages=ASHFORD_MESSAGES,
        recommendations=ASHFORD_RECOMMENDATIONS,
        sections=LEARNING_REVIEW_SECTIONS,
        reviewer=None,
        footer="Page {page}",
        title_words=("Ashford Vale", "2023"),
    ),
    # A multi-agency audit whose findings page was flattened, so its numbered findings run on in one
    # paragraph, and whose recommendations are a list run into a lead-in sentence.
    "audit": Layout(
        partnership="Ashford Vale Safeguarding Children Partnership",
        area="Ashford Vale",
        review="Multi-agency audit of core groups",
        kind="multi-agency-audit",
        subject=None,
        cover_line="July 2022",
        date="2022-07",
        themes=("child-protection-plans", "voice-of-the-child"),
        pages=12,
        findings=tuple(("", text) for text in AUDIT_FINDINGS),
        findings_style="run-on",
        findings_lead="",
        recommendations=AUDIT_RECOMMENDATIONS,
        recommendations_style="lead-in",
        sections=AUDIT_SECTIONS,
        contents=False,
        reviewer=None,
        footer="Page {page}",
        title_words=("audit", "core groups", "2022"),
    ),
    # A 7-minute briefing: two pages of seven numbered boxes, no running header; only its key
    # learning states findings (background, why it matters, questions and resources do not).
    "briefing": Layout(
        partnership="Ashford Vale Safeguarding Children Partnership",
        area="Ashford Vale",
        review="7 Minute Briefing: Neglect of adolescents",
        kind="learning-briefing",
        subject=None,
        cover_line="",
        date="",  # (a briefing says when the review it draws on was published, not when it was)
        themes=("neglect", "adolescents"),
        pages=2,
        findings=tuple(("", text) for text in BRIEFING_LEARNING),
        findings_style="bullets",
        findings_lead="",
        sections=BRIEFING_SECTIONS,
        contents=False,
        cover_page=False,
        running_header=None,
        reviewer=None,
        footer="Page {page}",
        title_words=("7 Minute Briefing", "Neglect"),
    ),
}
