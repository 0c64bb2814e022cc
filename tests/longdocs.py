"""Long case review PDFs for tests, laid out as real ones are, with the answers a practitioner would give.

Not a test module: test files import :func:`make_review` and :data:`LAYOUTS`.

A real review runs to 30-150 pages: a cover page (the partnership, the kind of
review, its subject and a date), a contents page with dot leaders, running
headers and footers with page numbers, numbered paragraphs, the sections a
review has (introduction, background, the child's story, analysis, findings,
recommendations, often appendices), and sometimes a protective marking
("OFFICIAL-SENSITIVE", "DRAFT") on every page. Each layout in :data:`LAYOUTS`
differs in those respects and in how its recommendations are set out
("Recommendation 1" on its own line above its text; a numbered list; "The
board should ..." paragraphs). :func:`make_review` writes one and returns what a
practitioner reading it would write down: its title, date, subject,
partnership, kind, central themes (taxonomy ids), number of recommendations
and the status its marking calls for.

The partnerships and children are invented; the prose is written for these
tests. Text is set in fpdf2's core Helvetica (latin-1 only; see pdfmaker).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fpdf import FPDF
from pdfmaker import FONT, latin1

LINE = 5.5
BODY_SIZE = 11
# Body lines that fit on one A4 page between the running header and footer at LINE height.
PAGE_LINES = 40


@dataclass(frozen=True)
class Layout:
    """What one long review is, and how it is laid out."""

    partnership: str  # the partnership or board that commissioned it
    area: str  # the place, as a practitioner names it
    review: str  # the kind of review as the cover says it
    kind: str  # learnkit's kind for it
    subject: str | None  # "Child M"; None for a thematic review
    cover_line: str  # the line under the subject on the cover: a date ("March 2021") or a report name
    date: str  # the same as learnkit stores it ("2021-03")
    themes: tuple[str, ...]  # the central themes, taxonomy ids
    recommendations: int
    rec_style: str  # "own-line", "numbered" or "board-should"
    pages: int
    marking: str | None = None  # a protective marking on every page
    date_line: str | None = None  # a second date line on the cover ("Date of report: ...")
    footer: str = "Page {page} of {pages}"
    metadata_title: str | None = None  # the PDF's own Title entry, as word processors leave it
    # Words a recognisable title holds, besides the subject.
    title_words: tuple[str, ...] = field(default=())


LAYOUTS: dict[str, Layout] = {
    # A local CSPR: recommendations each under a "Recommendation N" line; no marking, but the word
    # "confidential" turns up in its prose.
    "cspr": Layout(
        partnership="Kingsford Safeguarding Children Partnership",
        area="Kingsford",
        review="Local Child Safeguarding Practice Review",
        kind="safeguarding-practice-review",
        subject="Child M",
        cover_line="March 2021",
        date="2021-03",
        themes=("neglect", "parental-mental-health", "domestic-abuse", "voice-of-the-child"),
        recommendations=8,
        rec_style="own-line",
        pages=34,
        metadata_title="Microsoft Word - CSPR M final v3.docx",
        title_words=("Kingsford", "2021"),
    ),
    # A serious case review overview report, marked OFFICIAL-SENSITIVE, with a numbered list of
    # recommendations and a "Published:" line.
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
        recommendations=6,
        rec_style="numbered",
        pages=62,
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
        recommendations=5,
        rec_style="board-should",
        pages=30,
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
        recommendations=7,
        rec_style="own-line",
        pages=120,
        marking="CONFIDENTIAL",
        footer="Glanmor RSCB | CPR Child R | {page}",
        title_words=("Glanmor", "2020"),
    ),
    # A thematic review of several infants' deaths: no single subject; 150 pages.
    "thematic": Layout(
        partnership="Fernbridge Safeguarding Children Partnership",
        area="Fernbridge",
        review="Thematic Review: Sudden Unexpected Deaths in Infancy",
        kind="thematic-review",
        subject=None,
        cover_line="January 2024",
        date="2024-01",
        themes=("sudi-safer-sleep", "babies-pre-birth", "parental-substance-misuse", "housing-poverty"),
        recommendations=9,
        rec_style="numbered",
        pages=150,
        title_words=("Fernbridge", "Sudden", "Infancy", "2024"),
    ),
}

# Sentences that carry each central theme, with {child}, {mother} and {father} to fill.
THEME_PROSE: dict[str, tuple[str, ...]] = {
    "neglect": (
        "The home conditions were repeatedly described as poor, with little food in the house and "
        "{child} often arriving at nursery hungry and in unwashed clothes.",
        "Practitioners saw the neglect as chronic rather than as a series of separate incidents, but "
        "no single agency held the whole picture.",
        "The cumulative impact of neglect on {child}'s development was not assessed until a late stage.",
        "Dental decay, head lice and missed immunisations were each recorded, yet none led to a review "
        "of the plan for {child}.",
    ),
    "parental-mental-health": (
        "{mother} had a long history of depression and anxiety and had been prescribed medication by her GP.",
        "When {mother}'s mental health deteriorated, her capacity to meet {child}'s needs fell sharply, "
        "and this was not shared with children's social care.",
        "Adult mental health services saw {mother} as a patient and did not consider her role as a parent.",
        "The perinatal mental health team closed the case after two missed appointments.",
    ),
    "domestic-abuse": (
        "Police attended the family home on four occasions after reports of domestic abuse between "
        "{mother} and {father}.",
        "A domestic abuse risk assessment was completed after the second incident and graded as "
        "standard risk.",
        "The impact on {child} of living with domestic abuse was not considered by the agencies involved.",
        "{mother} withdrew her statements each time and the incidents were treated as isolated.",
    ),
    "voice-of-the-child": (
        "{child} was rarely seen alone, and what {child} said about life at home was not recorded.",
        "The review heard that {child}'s wishes and feelings were not sought at the child protection "
        "conference.",
        "The lived experience of the child was lost behind the needs of the adults in the household.",
        "When {child} did speak to a teacher about being frightened at home, this was not passed on.",
    ),
    "non-accidental-injury": (
        "At eleven weeks {child} was taken to hospital with a fractured femur and bruising to the face.",
        "Skeletal survey found rib fractures of different ages, and the injuries were judged to be "
        "non-accidental.",
        "An earlier bruise on {child}'s ear had been accepted as accidental without a medical opinion.",
        "The bruising protocol was not followed when a small bruise was seen by the health visitor.",
    ),
    "babies-pre-birth": (
        "The pre-birth assessment began late, in the third trimester, and was not completed before "
        "{child} was born.",
        "A baby of this age is wholly dependent on the adults caring for them.",
        "Midwives recorded the pregnancy as concealed until twenty-four weeks.",
        "The newborn was discharged home before the discharge planning meeting had taken place.",
    ),
    "hidden-men": (
        "{father} was not known to the health visitor, who believed {mother} was living alone.",
        "Practitioners did not ask who else was caring for the baby, and the role of the male carer "
        "was never explored.",
        "{father} had previous convictions for violence that were unknown to the agencies working with "
        "the family.",
        "The men in the household were invisible to services throughout the period under review.",
    ),
    "parental-substance-misuse": (
        "{mother} disclosed heavy drinking and cannabis use at her booking appointment.",
        "Drug and alcohol services worked with {father} but did not know that there was a baby in the "
        "household.",
        "The parents' substance misuse was the main risk to {child}, yet drug testing was never requested.",
        "On the night of the incident both carers had been drinking alcohol.",
    ),
    "criminal-exploitation": (
        "By the age of fourteen {child} was being criminally exploited, carrying drugs on county lines "
        "to a coastal town.",
        "Police found {child} with large amounts of cash and two mobile phones, signs of exploitation "
        "that were seen as offending.",
        "A National Referral Mechanism referral was made but the decision took eight months.",
        "Older young people had groomed {child} into dealing drugs, and {child} owed them a debt.",
    ),
    "adolescents": (
        "As a teenager {child} was seen by professionals as making choices rather than as a child at risk.",
        "Services for young people aged fifteen and sixteen were not joined up with adult services.",
        "The transition to secondary school was a turning point in {child}'s adolescence.",
    ),
    "missing-children": (
        "{child} went missing from home eleven times in six months, often overnight.",
        "Return home interviews were offered after only three of the missing episodes.",
        "The pattern of missing episodes was not linked to the intelligence the police held.",
    ),
    "school-attendance": (
        "{child}'s school attendance fell below fifty per cent in year nine.",
        "After a fixed-term exclusion {child} was placed on a part-time timetable and then moved to "
        "alternative provision.",
        "Persistent absence from school was treated as an attendance matter, not as a safeguarding concern.",
    ),
    "child-sexual-abuse": (
        "{child} disclosed sexual abuse by an adult known to the family when she was thirteen.",
        "The strategy discussion after the disclosure did not include health, and no medical was arranged.",
        "Signs of sexual abuse were present for some time before the disclosure, including sexualised "
        "behaviour at school.",
    ),
    "online-harm": (
        "The abuser first contacted {child} online through a gaming platform and a social media app.",
        "Indecent images of {child} were shared online, and she was threatened when she tried to stop.",
        "Schools had taught online safety, but {child}'s parents did not know how to check her phone.",
    ),
    "self-harm-suicide": (
        "{child} self-harmed by cutting from the age of twelve and took two overdoses.",
        "After each attendance at the emergency department {child} was referred to CAMHS, but the "
        "referrals did not meet the threshold for a service.",
        "The risk of suicide was assessed as low a week before {child}'s death.",
    ),
    "information-sharing": (
        "Information held by the school was not shared with the police or children's social care.",
        "Agencies misunderstood the rules on consent and so did not share what they knew.",
        "Each agency held part of the picture, and information sharing between them was poor.",
    ),
    "sudi-safer-sleep": (
        "In each case the baby died while co-sleeping with a parent on a sofa or in the parents' bed.",
        "Safer sleep advice was given by midwives and health visitors, but it was not tailored to the "
        "family's circumstances.",
        "Families did not always have a cot or a Moses basket, and the baby slept where the parents slept.",
    ),
    "housing-poverty": (
        "The family lived in temporary accommodation, one room in a hostel, and moved four times in a year.",
        "Poverty, debt and overcrowded housing added to the stress on the parents.",
        "Housing services did not know about the concerns for the children.",
    ),
}

# Background sentences with no central theme: the agencies, the period reviewed, the method.
GENERAL_PROSE: tuple[str, ...] = (
    "The review considered the involvement of agencies from {start} until {end}.",
    "Chronologies were requested from children's social care, the police, health services and education.",
    "A practitioner event was held and the views of those who worked with the family were sought.",
    "The family were invited to contribute to the review, and their views are included where they agreed.",
    "The health visitor made the new birth visit and saw the family at the expected developmental checks.",
    "The GP practice saw {mother} on several occasions during the period under review.",
    "A referral was made to the front door and was screened by the multi-agency safeguarding hub.",
    "Strategy discussions were held by telephone, and not every agency was invited to take part.",
    "The case was stepped down to early help after the assessment was completed.",
    "Supervision of the social worker took place monthly, but case discussions were brief.",
    "Records were kept on several different systems which did not share information.",
    "The review panel met five times and was chaired by the independent lead reviewer.",
    "Family members' names have been changed, and personal information was kept confidential "
    "throughout the review.",
    "The terms of reference set out the key lines of enquiry for the review.",
    "In {year} the family moved to a new address within the area and registered with a new GP.",
)

RECOMMENDATION_TOPICS: tuple[str, ...] = (
    "ensure that practitioners record the child's lived experience in every assessment",
    "audit the use of the neglect assessment tool across agencies within twelve months",
    "make sure that adult services consider the parenting role of the adults they work with",
    "review the information sharing agreement so that consent is understood by all agencies",
    "provide training on the impact of domestic abuse on children for all frontline staff",
    "ensure that fathers and male carers are identified and included in assessments",
    "strengthen the escalation policy and monitor its use through the quality assurance group",
    "ensure that return home interviews are offered after every missing episode",
    "review how safer sleep advice is given to families whose circumstances change",
    "commission a multi-agency audit of strategy discussions to test that health is included",
    "seek assurance that the learning from this review has been shared with schools",
)

SECTIONS = ("Introduction", "Background", "The child's story", "Analysis", "Findings", "Recommendations")


class _Review(FPDF):
    """FPDF with a running header, a footer and an optional marking on every page but the cover."""

    def __init__(self, running: str, footer_text: str, marking: str | None, total: int) -> None:
        super().__init__(format="A4")
        self.running = running
        self.footer_text = footer_text
        self.marking = marking
        self.total = total

    def header(self) -> None:
        if self.marking:
            self.set_font(FONT, "B", 10)
            self.cell(0, LINE, self.marking, align="C", new_x="LMARGIN", new_y="NEXT")
        if self.page_no() > 1:
            self.set_font(FONT, size=8)
            self.cell(0, LINE, latin1(self.running), new_x="LMARGIN", new_y="NEXT")
        self.ln(3)
        self.set_font(FONT, size=BODY_SIZE)

    def footer(self) -> None:
        self.set_y(-18)
        if self.page_no() > 1:
            self.set_font(FONT, size=8)
            text = self.footer_text.replace("{page}", str(self.page_no())).replace("{pages}", str(self.total))
            self.cell(0, LINE, latin1(text), align="C", new_x="LMARGIN", new_y="NEXT")
        if self.marking:
            self.set_font(FONT, "B", 10)
            self.cell(0, LINE, self.marking, align="C")


def _names(layout: Layout) -> dict[str, str]:
    child = layout.subject or "the baby"
    return {"child": child, "mother": "the mother", "father": "the father"}


def _fill(sentence: str, names: dict[str, str], year: int) -> str:
    text = sentence.format(start=year - 3, end=year - 1, year=year - 2, **names)
    return text[0].upper() + text[1:]


def _paragraphs(layout: Layout, section: str, count: int, rng: random.Random, year: int) -> list[str]:
    """``count`` paragraphs for a section: the central themes carry the story and analysis."""
    names = _names(layout)
    theme_lines = [s for t in layout.themes for s in THEME_PROSE[t]]
    out: list[str] = []
    for _ in range(count):
        if section in ("Introduction", "Background"):
            chosen = rng.sample(GENERAL_PROSE, 3)
        else:
            chosen = rng.sample(theme_lines, 3) + rng.sample(GENERAL_PROSE, 1)
        out.append(" ".join(_fill(s, names, year) for s in chosen))
    return out


def _recommendations(layout: Layout) -> list[str]:
    """The recommendations section as blocks of lines, in the layout's style."""
    topics = [RECOMMENDATION_TOPICS[i % len(RECOMMENDATION_TOPICS)] for i in range(layout.recommendations)]
    blocks: list[str] = [
        "The review makes the following recommendations to the partnership, which will be monitored "
        "through an action plan."
    ]
    for n, topic in enumerate(topics, start=1):
        if layout.rec_style == "own-line":
            blocks.append(f"Recommendation {n}\nThe partnership should {topic}.")
        elif layout.rec_style == "numbered":
            blocks.append(f"{n}. The partnership should {topic}.")
        else:
            blocks.append(f"The board should {topic}.")
    return blocks


def make_review(path: Path, layout: Layout | str, seed: int = 7) -> dict[str, Any]:
    """Write the long review ``layout`` (a :class:`Layout` or a name in :data:`LAYOUTS`) to ``path``.

    Returns the answers a practitioner would give: ``title`` (as they would write it), ``title_words``
    (words a recognisable title holds), ``date`` (ISO), ``subject``, ``partnership``, ``area``,
    ``kind``, ``themes`` (central theme ids), ``recommendations`` (how many), ``marking`` and
    ``status`` (restricted for a protective marking, unpublished for a draft, else published), and
    ``pages``.
    """
    spec = LAYOUTS[layout] if isinstance(layout, str) else layout
    rng = random.Random(seed)
    year = int(spec.date[:4])
    who = spec.subject or ""
    short = spec.review if not spec.subject else f"{spec.review}: {spec.subject}"
    running = f"{spec.partnership} - {short}"
    pdf = _Review(running, spec.footer, spec.marking, spec.pages)
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(20, 15, 20)
    if spec.metadata_title is not None:
        pdf.set_title(latin1(spec.metadata_title))

    # Pages for each section: what is left after the cover, contents and recommendations is shared out,
    # and anything left over becomes appendices (the chronology, the terms of reference).
    rec_pages = 1 + spec.recommendations // 6
    body = spec.pages - 2 - rec_pages
    shares = {
        "Introduction": 0.08,
        "Background": 0.12,
        "The child's story": 0.3,
        "Analysis": 0.3,
        "Findings": 0.1,
    }
    plan = {name: max(1, int(body * share)) for name, share in shares.items()}
    plan["Recommendations"] = rec_pages
    appendix = spec.pages - 2 - sum(plan.values())
    starts: dict[str, int] = {}
    page = 3
    for name in SECTIONS:
        starts[name] = page
        page += plan[name]
    if appendix > 0:
        starts["Appendix A: Chronology"] = page

    # The cover.
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.ln(30)
    pdf.multi_cell(0, 9, latin1(spec.partnership), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(18)
    pdf.set_font(FONT, "B", 22)
    pdf.multi_cell(0, 11, latin1(spec.review), align="C", new_x="LMARGIN", new_y="NEXT")
    if spec.subject:
        pdf.ln(6)
        pdf.multi_cell(0, 11, latin1(spec.subject), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(20)
    pdf.set_font(FONT, size=14)
    pdf.multi_cell(0, 8, latin1(spec.cover_line), align="C", new_x="LMARGIN", new_y="NEXT")
    if spec.date_line:
        pdf.multi_cell(0, 8, latin1(spec.date_line), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(30)
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(0, LINE, "Independent lead reviewer: J. Ashdown", align="C", new_x="LMARGIN", new_y="NEXT")

    # The contents page, with dot leaders.
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 9, "Contents", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=BODY_SIZE)
    for n, (name, start) in enumerate(starts.items(), start=1):
        label = f"{n}. {name}" if not name.startswith("Appendix") else name
        pdf.cell(0, 8, latin1(f"{label} {'.' * (70 - len(label))} {start}"), new_x="LMARGIN", new_y="NEXT")

    # The body: numbered paragraphs (section.paragraph), a section heading at the top of its first page.
    recommendations = _recommendations(spec)
    for number, name in enumerate(SECTIONS, start=1):
        paragraph = 1
        for part in range(plan[name]):
            pdf.add_page()
            lines = 0
            if part == 0:
                pdf.set_font(FONT, "B", 14)
                pdf.multi_cell(0, 9, latin1(f"{number}. {name}"), new_x="LMARGIN", new_y="NEXT")
                pdf.set_font(FONT, size=BODY_SIZE)
                lines += 2
            if name == "Recommendations":
                size = -(-len(recommendations) // plan[name])
                for block in recommendations[part * size : (part + 1) * size]:
                    pdf.multi_cell(0, LINE, latin1(block), new_x="LMARGIN", new_y="NEXT")
                    pdf.ln(2)
                continue
            if name == "Findings" and part == 0:
                pdf.multi_cell(
                    0,
                    LINE,
                    "The review identified the following findings for the partnership.",
                    new_x="LMARGIN",
                    new_y="NEXT",
                )
                lines += 2
            for text in _paragraphs(spec, name, 4, rng, year):
                if lines + 9 > PAGE_LINES:
                    break
                pdf.multi_cell(0, LINE, latin1(f"{number}.{paragraph} {text}"), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
                paragraph += 1
                lines += 9

    # Appendices: a chronology in short dated lines.
    months = ("January", "March", "May", "July", "September", "November")
    for part in range(max(0, appendix)):
        pdf.add_page()
        if part == 0:
            pdf.set_font(FONT, "B", 14)
            pdf.multi_cell(0, 9, "Appendix A: Chronology", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FONT, size=BODY_SIZE)
        for line in range(14):
            month = months[(part + line) % len(months)]
            when = f"{month} {year - 3 + (part + line) % 3}"
            event = _fill(rng.choice(GENERAL_PROSE), _names(spec), year)
            pdf.multi_cell(0, LINE, latin1(f"{when}: {event}"), new_x="LMARGIN", new_y="NEXT")

    pdf.output(str(path))
    title = f"{short} ({spec.partnership}, {year})"
    status = "published"
    if spec.marking == "DRAFT":
        status = "unpublished"
    elif spec.marking:
        status = "restricted"
    return {
        "title": title,
        "title_words": tuple(w for w in (who, *spec.title_words) if w),
        "date": spec.date,
        "subject": spec.subject,
        "partnership": spec.partnership,
        "area": spec.area,
        "kind": spec.kind,
        "themes": spec.themes,
        "recommendations": spec.recommendations,
        "marking": spec.marking,
        "status": status,
        "pages": spec.pages,
    }
