"""Long learning documents for tests, laid out as partnerships publish them, with the answers a
practitioner would give.

Not a test module: test files import :data:`LAYOUTS`, :class:`Layout`, :func:`make_document` and
:class:`Answers` from here. The layouts themselves are in tests/longlayouts.py, their words in
tests/longprose.py; this module is what lays any of them out.

A real case review runs to 30-150 pages: a cover (the partnership, the kind of review, its subject and
a date), a contents page with dot leaders, running headers and footers with page numbers, sometimes a
protective marking ("OFFICIAL-SENSITIVE", "DRAFT") at the head and foot of every page, numbered
paragraphs, the sections a review has (introduction, background, the family, a chronology, analysis,
findings, recommendations, appendices). Learning reviews, multi-agency audits and 7-minute briefings
set their learning out in other ways: lettered key learning with messages for practitioners under it,
findings flattened into one paragraph ("1. ... 2. ... 3. ..."), seven numbered boxes on two pages.
Each :class:`Layout` in :data:`LAYOUTS` is one such document, and they differ in all of those respects
and in how their findings ("6.1 Title. Text"; "Finding 1: Title" above its text; lettered; run on) and
recommendations ("Recommendation 1" on its own line above its text; a numbered list; a table; "The
board should ..." paragraphs; a list after a lead-in sentence) are set out.

:func:`make_document` lays the text out line by line (it breaks the lines itself, measuring the words
with fpdf2, and sets each line where it says), so it knows
the page every point starts and ends on, and returns :class:`Answers`: the title as a practitioner
would write it, the words a recognisable title holds, the date, subject, partnership, area, kind,
central themes (taxonomy ids), the status its marking calls for, the contents entries, and every
finding and recommendation with its number and page.

The partnerships and children are invented; the prose is written for these tests. Text is set in
fpdf2's core Helvetica (latin-1 only; see pdfmaker).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from longlayouts import LAYOUTS, Layout, Section
from longprose import FINDINGS_BY_THEME, GENERAL_PROSE, RECOMMENDATION_TOPICS, THEME_PROSE
from pdfmaker import FONT, latin1

LINE = 5.5  # the height of a body line, mm
TOP = 31.0  # where the body starts, below the marking and the running header
BOTTOM = 272.0  # where it must end, above the footer
# Fonts (bold?, size) and line heights of each style of line.
STYLES: dict[str, tuple[str, int, float]] = {
    "body": ("", 11, LINE),
    "heading": ("B", 14, 9.0),
    "subheading": ("B", 11, 7.0),
    "cover": ("B", 16, 9.0),
    "cover-title": ("B", 22, 11.0),
    "cover-line": ("", 14, 8.0),
    "small": ("", 10, LINE),
}


@dataclass(frozen=True)
class Stated:
    """A point a document states, as a practitioner would list it."""

    text: str
    number: str  # its number or letter as the document gives it; "" if none
    page: int  # the page it starts on
    ends: int  # the page it ends on


@dataclass(frozen=True)
class Answers:
    """What a practitioner reading the document would write down."""

    title: str
    title_words: tuple[str, ...]
    date: str
    subject: str | None
    partnership: str
    area: str
    kind: str
    themes: tuple[str, ...]
    marking: str | None
    status: str  # restricted for a protective marking, unpublished for a draft, else published
    pages: int
    header: str | None  # the running header
    cover: tuple[str, ...]  # the cover's lines
    contents: tuple[str, ...]  # the contents page's entries, "N. Heading" (no page numbers)
    sections: dict[str, int]  # each section's heading -> the page it starts on
    learning: tuple[Stated, ...]  # findings and messages, in order
    recommendations: tuple[Stated, ...]


@dataclass
class _Line:
    style: str
    text: str
    y: float
    align: str = "L"
    x: float = 20.0  # the left margin, or a table's column


class _Flow:
    """Lays blocks of text out on pages, line by line, and says where each lands."""

    def __init__(self) -> None:
        self.measure = FPDF(format="A4")
        self.measure.set_margins(20, 15, 20)
        self.measure.add_page()
        self.pages: list[list[_Line]] = []
        self.y = BOTTOM

    @property
    def page(self) -> int:
        return len(self.pages)

    def lines(self, text: str, style: str, width: float = 0) -> list[str]:
        """``text`` broken into the lines it takes in ``style`` ("\\n" breaks a line), word by word,
        across the page or ``width`` mm."""
        bold, size, _ = STYLES[style]
        self.measure.set_font(FONT, bold, size)
        width = width or self.measure.epw
        out: list[str] = []
        for part in latin1(text).split("\n"):
            line = ""
            for word in part.split():
                longer = f"{line} {word}" if line else word
                if line and self.measure.get_string_width(longer) > width:
                    out.append(line)
                    line = word
                else:
                    line = longer
            out.append(line)
        return out

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP

    def fits(self, text: str, style: str = "body") -> bool:
        return len(self.lines(text, style)) * STYLES[style][2] <= BOTTOM - self.y

    def add(
        self,
        text: str,
        style: str = "body",
        gap: float = 2.0,
        keep: int = 1,
        align: str = "L",
        column: tuple[float, float] = (20.0, 0.0),
        cells: tuple[tuple[float, str, int], ...] = (),
    ) -> int:
        """Set ``text``, breaking the page where it is full; ``keep`` lines must stay with the first.

        ``column`` (left edge, width; 0 for the page's) sets it in a table's column, and ``cells`` (left
        edge, text, line) are the row's other cells, each set beside that line of it (-1: the last).
        Returns the page its first line is on (the last is :attr:`page` after the call).
        """
        lines = self.lines(text, style, column[1])
        height = STYLES[style][2]
        if not self.pages or self.y + height * min(keep, len(lines)) > BOTTOM:
            self.new_page()
        first = self.page
        for k, line in enumerate(lines):
            if self.y + height > BOTTOM:
                self.new_page()
            row = [_Line(style, line, self.y, align, column[0])]
            row.extend(_Line(style, cell, self.y, "L", x) for x, cell, on in cells if on % len(lines) == k)
            self.pages[-1].extend(sorted(row, key=lambda cell: cell.x))  # set left to right
            self.y += height
        self.y += gap
        return first

    def skip_to(self, lines_left: int) -> None:
        """Leave white space (a box, a picture) so that ``lines_left`` body lines are left on the page."""
        self.y = max(self.y, BOTTOM - lines_left * LINE)


class _Pdf(FPDF):
    """FPDF with a marking on every page, and a running header and a footer on all but the cover."""

    def __init__(self, header: str | None, footer: str, marking: str | None, total: int) -> None:
        super().__init__(format="A4")
        self.running = header
        self.footer_text = footer
        self.marking = marking
        self.total = total

    def header(self) -> None:
        self.set_y(12)
        if self.marking:
            self.set_font(FONT, "B", 10)
            self.cell(0, LINE, self.marking, align="C", new_x="LMARGIN", new_y="NEXT")
        if self.running and self.page_no() > 1:
            self.set_font(FONT, size=8)
            self.cell(0, LINE, latin1(self.running), new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-20)
        if self.page_no() > 1 and self.footer_text:
            self.set_font(FONT, size=8)
            text = self.footer_text.replace("{page}", str(self.page_no())).replace("{pages}", str(self.total))
            self.cell(0, LINE, latin1(text), align="C", new_x="LMARGIN", new_y="NEXT")
        if self.marking:
            self.set_font(FONT, "B", 10)
            self.cell(0, LINE, self.marking, align="C")


def _names(spec: Layout) -> dict[str, str]:
    return {"child": spec.subject or "the baby", "mother": "the mother", "father": "the father"}


def _fill(sentence: str, spec: Layout) -> str:
    year = int(spec.date[:4])
    text = sentence.format(start=year - 3, end=year - 1, year=year - 2, **_names(spec))
    return text[0].upper() + text[1:]


def _paragraph(spec: Layout, holds: str, rng: random.Random) -> str:
    """A paragraph of background ("general") or of the story, which carries the central themes."""
    if holds == "general" or not spec.themes:
        chosen = rng.sample(GENERAL_PROSE, 3)
    else:
        theme_lines = [s for t in spec.themes for s in THEME_PROSE[t]]
        chosen = rng.sample(theme_lines, 3) + rng.sample(GENERAL_PROSE, 1)
    return " ".join(_fill(s, spec) for s in chosen)


def _findings(spec: Layout) -> tuple[tuple[str, str], ...]:
    if spec.findings is not None:
        return spec.findings
    return tuple((title, _fill(text, spec)) for title, text in (FINDINGS_BY_THEME[t] for t in spec.themes))


def _recommendations(spec: Layout) -> tuple[str, ...]:
    if not isinstance(spec.recommendations, int):
        return spec.recommendations
    lead = "The board should" if spec.recommendations_style == "board-should" else "The partnership should"
    topics = (RECOMMENDATION_TOPICS[i % len(RECOMMENDATION_TOPICS)] for i in range(spec.recommendations))
    return tuple(f"{lead} {topic}." for topic in topics)


def _set_findings(flow: _Flow, spec: Layout, number: int, out: list[Stated]) -> None:
    """The findings in the layout's style; each is listed as "Title. Text" (or its text alone)."""
    findings = _findings(spec)
    if spec.findings_lead:
        flow.add(spec.findings_lead)
    listed = [f"{title}. {text}" if title else text for title, text in findings]
    if spec.findings_style == "run-on":
        run_on = " ".join(f"{n}. {text}" for n, text in enumerate(listed, start=1))
        page = flow.add(run_on)
        out.extend(Stated(text, str(n), page, flow.page) for n, text in enumerate(listed, start=1))
        return
    for n, ((title, text), point) in enumerate(zip(findings, listed, strict=True), start=1):
        label = {"headed": str(n), "lettered": chr(ord("a") + n - 1), "bullets": ""}.get(
            spec.findings_style, f"{number}.{n}"
        )
        block = {"lettered": f"{label}) {point}", "bullets": f"- {point}"}.get(
            spec.findings_style, f"{label} {point}"
        )
        if spec.straddle == n - 1:  # all but the finding's last line fit at the foot of the page
            flow.skip_to(
                max(1, len(flow.lines(text if spec.findings_style == "headed" else block, "body")) - 1)
            )
        if spec.findings_style == "headed":
            page = flow.add(f"Finding {n}: {title}", "subheading", gap=0, keep=3)
            flow.add(text)
        else:
            page = flow.add(block, gap=0.5 if spec.findings_style == "bullets" else 2.0)
        out.append(Stated(point, label, page, flow.page))
    if spec.straddle is not None:
        straddling = out[spec.straddle - len(findings)]
        assert straddling.ends > straddling.page, "the page break should fall inside a finding"


def _set_recommendations(flow: _Flow, spec: Layout, out: list[Stated]) -> None:
    texts = _recommendations(spec)
    style = spec.recommendations_style
    if style == "lead-in":
        flow.add("The following recommendations are made to the partnership:", gap=0)
        for n, text in enumerate(texts, start=1):
            # A list run into the sentence before it: ";" after each item but the last.
            listed = text if n == len(texts) else text.rstrip(".")
            page = flow.add(listed if n == len(texts) else listed + ";", gap=0)
            out.append(Stated(listed, "", page, flow.page))  # (the list is not numbered)
        return
    flow.add(
        "The review makes the following recommendations to the partnership, which will be monitored "
        "through an action plan."
    )
    # A table's columns: the number, the recommendation and the lead agency (at the foot of its row).
    number, text_column, agency = 20.0, (30.0, 120.0), 155.0
    if style == "table":
        flow.add(
            "Recommendation",
            "subheading",
            gap=1,
            keep=3,
            column=text_column,
            cells=((number, "No.", 0), (agency, "Lead agency", 0)),
        )
    for n, text in enumerate(texts, start=1):
        if style == "own-line":
            page = flow.add(f"Recommendation {n}\n{text}", keep=2)
        elif style == "numbered":
            page = flow.add(f"{n}. {text}")
        elif style == "table":
            page = flow.add(
                text,
                gap=1,
                column=text_column,
                cells=((number, str(n), 0), (agency, f"{spec.area[:1]}SCP", -1)),
            )
        else:
            page = flow.add(text)
        out.append(Stated(text, "" if style == "board-should" else str(n), page, flow.page))


def _cover(flow: _Flow, spec: Layout) -> tuple[str, ...]:
    flow.new_page()
    if not spec.cover_page:
        flow.add(spec.review, "cover", gap=2)
        flow.add(spec.partnership, "small", gap=4)
        return (spec.review, spec.partnership)
    flow.y = 50
    lines = [(spec.partnership, "cover", 18.0), (spec.review, "cover-title", 6.0)]
    if spec.subject:
        lines.append((spec.subject, "cover-title", 20.0))
    lines.append((spec.cover_line, "cover-line", 0.0))
    if spec.date_line:
        lines.append((spec.date_line, "cover-line", 0.0))
    if spec.reviewer:
        lines.append(("", "cover-line", 22.0))
        lines.append((spec.reviewer, "small", 0.0))
    for text, style, gap in lines:
        if text:
            flow.add(text, style, gap=gap, align="C")
        else:
            flow.y += gap
    return tuple(text for text, _, _ in lines if text)


def _share_out(spec: Layout, budget: int) -> dict[str, int]:
    """The narrative's pages for each section that has a share: at least one each, the rest by share."""
    shared = [s for s in spec.sections if s.share]
    pages = {s.heading: 1 for s in shared}
    spare = max(0, budget - len(shared))
    total = sum(s.share for s in shared)
    exact = {s.heading: spare * s.share / total for s in shared}
    for heading, value in exact.items():
        pages[heading] += int(value)
    left = spare - sum(int(v) for v in exact.values())
    for heading in sorted(exact, key=lambda h: exact[h] - int(exact[h]), reverse=True)[:left]:
        pages[heading] += 1
    return pages


def _body(
    flow: _Flow, spec: Layout, rng: random.Random, budget: int
) -> tuple[dict[str, int], list[Stated], list[Stated]]:
    """Every section after the cover and contents; the narrative sections fill ``budget`` pages."""
    learning: list[Stated] = []
    recommendations: list[Stated] = []
    starts: dict[str, int] = {}
    plan = _share_out(spec, budget)
    months = ("January", "March", "May", "July", "September", "November")
    numbered = [s for s in spec.sections if s.numbered]
    for section in spec.sections:
        number = numbered.index(section) + 1 if section.numbered else 0
        heading = f"{number}. {section.heading}" if section.numbered else section.heading
        if section.new_page:
            flow.new_page()
        starts[section.heading] = flow.add(heading, "heading", gap=1, keep=3)
        end = flow.page + plan.get(section.heading, 1) - 1
        if section.holds == "findings":
            _set_findings(flow, spec, number, learning)
        elif section.holds == "messages":
            for text in spec.messages:
                page = flow.add(f"- {text}", gap=0.5)
                learning.append(Stated(text, "", page, flow.page))
        elif section.holds == "recommendations":
            _set_recommendations(flow, spec, recommendations)
        elif section.holds == "text":
            flow.add(section.text)
        elif section.holds == "chronology":
            line, year = 0, int(spec.date[:4])
            while True:
                when = f"{months[line % len(months)]} {year - 3 + (line // len(months)) % 3}"
                text = f"{when}: {_fill(rng.choice(GENERAL_PROSE), spec)}"
                if flow.page >= end and not flow.fits(text):
                    break
                flow.add(text, gap=0.5)
                line += 1
        else:
            paragraph = 1
            while True:
                text = f"{number}.{paragraph} {_paragraph(spec, section.holds, rng)}"
                if flow.page >= end and not flow.fits(text):
                    break
                flow.add(text)
                paragraph += 1
    return starts, learning, recommendations


def _lay_out(
    spec: Layout, seed: int
) -> tuple[_Flow, tuple[str, ...], int, dict[str, int], list[Stated], list[Stated]]:
    """The whole document laid out, its narrative given as many pages as make up the layout's total."""
    # A first guess: a page each for the cover, the contents and each section with no share.
    budget = spec.pages - 2 - sum(1 for section in spec.sections if not section.share)
    for _ in range(3):
        flow = _Flow()
        cover = _cover(flow, spec)
        contents_page = 0
        if spec.contents:
            flow.new_page()
            flow.add("Contents", "heading", gap=1)
            contents_page = flow.page
        starts, learning, recommendations = _body(flow, spec, random.Random(seed), budget)
        if flow.page == spec.pages:
            return flow, cover, contents_page, starts, learning, recommendations
        # Each page more or less of narrative is one page more or less in all (the rest stays put).
        budget += spec.pages - flow.page
    raise ValueError(f"the layout does not fit {spec.pages} pages (it takes {flow.page})")


def make_document(path: Path, layout: Layout | str, seed: int = 7) -> Answers:
    """Write the document ``layout`` (a :class:`Layout` or a name in :data:`LAYOUTS`) to ``path``."""
    spec = LAYOUTS[layout] if isinstance(layout, str) else layout
    short = spec.review if not spec.subject else f"{spec.review}: {spec.subject}"
    header = None if spec.running_header is None else spec.running_header or f"{spec.partnership} - {short}"
    flow, cover, contents_page, starts, learning, recommendations = _lay_out(spec, seed)
    entries: list[str] = []
    if contents_page:
        numbered = [s.heading for s in spec.sections if s.numbered]
        for heading, start in starts.items():
            entry = f"{numbered.index(heading) + 1}. {heading}" if heading in numbered else heading
            entries.append(entry)
            y = TOP + 2 + 8 * len(entries)
            flow.pages[contents_page - 1].append(
                _Line("body", f"{entry} {'.' * (70 - len(entry))} {start}", y)
            )

    pdf = _Pdf(header, spec.footer, spec.marking, flow.page)
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(20, 15, 20)
    if spec.metadata_title is not None:
        pdf.set_title(latin1(spec.metadata_title))
    for lines in flow.pages:
        pdf.add_page()
        for line in lines:
            bold, size, height = STYLES[line.style]
            pdf.set_font(FONT, bold, size)
            pdf.set_xy(line.x, line.y)
            pdf.cell(0, height, latin1(line.text), align=line.align)
    pdf.output(str(path))

    status = "published"
    if spec.marking == "DRAFT":
        status = "unpublished"
    elif spec.marking:
        status = "restricted"
    return Answers(
        title=f"{short} ({spec.partnership}, {spec.date[:4]})"
        if spec.date
        else f"{short} ({spec.partnership})",
        title_words=tuple(w for w in (spec.subject or "", *spec.title_words) if w),
        date=spec.date,
        subject=spec.subject,
        partnership=spec.partnership,
        area=spec.area,
        kind=spec.kind,
        themes=spec.themes,
        marking=spec.marking,
        status=status,
        pages=flow.page,
        header=header,
        cover=cover,
        contents=tuple(entries),
        sections=starts,
        learning=tuple(learning),
        recommendations=tuple(recommendations),
    )


__all__ = ["LAYOUTS", "Answers", "Layout", "Section", "Stated", "make_document"]
