"""The 7-minute briefing as a Word document (.docx), since partnerships pass briefings round as Word files.

Written with python-docx, an optional extra (``pip install 'learnkit[docx]'``):
:func:`to_docx` raises a one-line InvalidError saying how to install it when it
is missing. The content and the short citations are those of the HTML page
(:mod:`learnkit.output.briefing`); a logo must be PNG or JPEG, the images Word
documents take without conversion.
"""

from __future__ import annotations

import io
from typing import Any

from learnkit.errors import InvalidError
from learnkit.knowledge.brief import Brief
from learnkit.output.briefing import citation, footer_lines, reference, shows_about

INSTALL = "writing Word files needs python-docx: pip install 'learnkit[docx]' (or pip install python-docx)"


def available() -> bool:
    """Whether python-docx is installed (checked before any work is done)."""
    import importlib.util

    return importlib.util.find_spec("docx") is not None


def to_docx(brief: Brief) -> bytes:
    """The briefing as the bytes of a .docx file: heading, partnership, sections, questions, references."""
    try:
        import docx
        from docx.shared import Mm, Pt
    except ImportError:
        raise InvalidError(INSTALL) from None
    if brief.logo is not None and brief.logo.media_type not in ("image/png", "image/jpeg"):
        raise InvalidError("a Word briefing takes a PNG or JPEG logo; convert the SVG, or use --format html")

    document: Any = docx.Document()
    for part in document.sections:
        part.page_height, part.page_width = Mm(297), Mm(210)
        part.top_margin = part.bottom_margin = Mm(12)
        part.left_margin = part.right_margin = Mm(14)
    normal = document.styles["Normal"]
    normal.font.size = Pt(9.5)
    normal.paragraph_format.space_after = Pt(2)
    document.core_properties.title = brief.heading
    if brief.by:
        document.core_properties.author = brief.by

    if brief.logo is not None:
        document.add_picture(io.BytesIO(brief.logo.data), height=Mm(15))
    document.add_heading(brief.heading, level=0)
    if brief.by:
        document.add_paragraph().add_run(brief.by).bold = True
    document.add_paragraph(f"Generated {brief.generated} by learnkit").runs[0].italic = True
    if shows_about(brief):
        about = document.add_paragraph()
        about.add_run(f"{brief.about_label}: ").bold = True
        about.add_run(brief.about)

    for section in brief.sections:
        document.add_heading(f"{section.number}. {section.title}", level=2)
        if section.lead:
            document.add_paragraph(section.lead)
        if not section.points:
            document.add_paragraph(section.empty).runs[0].italic = True
        for point in section.points:
            item = document.add_paragraph(style="List Bullet")
            item.add_run(point.text + " ")
            item.add_run(citation(brief, point)).font.size = Pt(8)

    document.add_heading("Questions for reflection", level=2)
    for question in brief.questions:
        document.add_paragraph(question, style="List Number")

    document.add_heading("References", level=2)
    cited = brief.cited()
    for n, source in enumerate(cited, start=1):
        document.add_paragraph(f"{n}. {reference(source)} ({source.slug})").runs[0].font.size = Pt(8)
    if not cited:
        document.add_paragraph("None.")
    if brief.related:
        document.add_paragraph("See also: " + "; ".join(f"{slug} {title}" for slug, title in brief.related))
    for line in footer_lines(brief):
        document.add_paragraph(line).runs[0].font.size = Pt(8)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
