"""A value read from a document's text, with the page and line that gave it; a page's lines.

Shared by the modules that read what a document says about itself (metadata, dates, partners, kinds).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    """A value read from a document, with the page (1-based) and the line it came from."""

    value: str
    page: int
    line: str

    @property
    def evidence(self) -> str:
        return f"p. {self.page}: {self.line}"


def page_lines(page: str) -> list[str]:
    """A page's lines with their spaces collapsed, empty lines dropped."""
    return [ln for ln in (" ".join(raw.split()) for raw in page.splitlines()) if ln]
