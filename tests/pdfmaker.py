"""Making small PDFs for tests with fpdf2 (a test dependency), so tests know exactly what is in them.

Not a test module: test files import :func:`make_pdf` and :func:`make_image_only_pdf`.

Text is set in fpdf2's core Helvetica font, which only covers latin-1. Typographic
characters outside it (curly quotes, dashes, ellipsis, bullets, ligatures) are
replaced by their plain equivalents, and anything else outside latin-1 by "?",
so a test that needs other characters in a PDF must not rely on this helper.
fpdf2 ships no TrueType font to fall back on.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import EncryptionMethod

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "*",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb00": "ff",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
    }
)

FONT = "Helvetica"
FONT_SIZE = 11
LINE_HEIGHT = 6


def latin1(text: str) -> str:
    """``text`` as the core fonts can set it (see the module docstring)."""
    text = text.translate(_PLAIN)
    return text.encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    """FPDF with an optional running header and footer on every page."""

    def __init__(self, header: str | None, footer: str | None) -> None:
        super().__init__(format="A4")
        self.running_header = header
        self.running_footer = footer

    def header(self) -> None:
        if self.running_header:
            self.set_font(FONT, size=9)
            self.cell(0, LINE_HEIGHT, latin1(self.running_header), new_x="LMARGIN", new_y="NEXT")
            self.ln(2)
            self.set_font(FONT, size=FONT_SIZE)

    def footer(self) -> None:
        if self.running_footer:
            self.set_y(-15)
            self.set_font(FONT, size=9)
            self.cell(0, LINE_HEIGHT, latin1(self.running_footer.replace("{page}", str(self.page_no()))))
            self.set_font(FONT, size=FONT_SIZE)


def make_pdf(
    path: Path,
    pages: list[str],
    title: str | None = None,
    password: str | None = None,
    header: str | None = None,
    footer: str | None = None,
) -> Path:
    """Write a PDF with one page per entry of ``pages`` (text wraps; "\\n" breaks a line).

    ``title`` goes into the metadata; ``password`` encrypts the file (AES-128)
    with that user password; ``header`` and ``footer`` are set on every page,
    and ``{page}`` in the footer becomes the page number. Returns ``path``.
    """
    pdf = _Document(header, footer)
    pdf.set_auto_page_break(auto=False)
    if title is not None:
        pdf.set_title(latin1(title))
    if password is not None:
        pdf.set_encryption(
            owner_password=password + "-owner",
            user_password=password,
            encryption_method=EncryptionMethod.AES_128,
        )
    for text in pages:
        pdf.add_page()
        pdf.set_font(FONT, size=FONT_SIZE)
        if text:
            pdf.multi_cell(0, LINE_HEIGHT, latin1(text))
    pdf.output(str(path))
    return path


def make_image_only_pdf(path: Path, pages: int = 1) -> Path:
    """Write a PDF whose pages hold drawn shapes and no text at all (like a scan). Returns ``path``."""
    pdf = FPDF(format="A4")
    for number in range(pages):
        pdf.add_page()
        pdf.set_fill_color(40 + 30 * (number % 5), 90, 160)
        pdf.rect(20, 20, 170, 60, style="F")
        pdf.ellipse(60, 110, 90, 90, style="FD")
        pdf.line(20, 230, 190, 260)
    pdf.output(str(path))
    return path
