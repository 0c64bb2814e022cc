"""Protective markings on a document's pages ("OFFICIAL-SENSITIVE", "RESTRICTED", "DRAFT").

A marking is a line of its own, near the top or the bottom of a page, and is
usually repeated on every page; it may carry a short qualifier ("CONFIDENTIAL
UNLESS PUBLICATION AGREED BY LSCB", "DRAFT v3"). The same word in running
prose ("information was kept confidential") is not a marking, nor is a
heading that merely mentions one ("Confidentiality").

A marking other than a draft makes a record restricted; a draft makes it
unpublished.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The marking words, as they are printed; the restricted ones first.
_RESTRICTED = (
    r"official[\s-]*sensitive|restricted|not\s+for\s+(?:publication|circulation|distribution)"
    r"|strictly\s+confidential|confidential"
)
_DRAFT = r"draft"
# The marking, then optionally a short qualifier of a few words ("unless publication agreed by LSCB").
_MARKING_LINE = re.compile(
    rf"^[\s*\[(]*(?P<word>{_RESTRICTED}|{_DRAFT})\b(?P<rest>[^.?!]{{0,60}})$",
    re.IGNORECASE,
)
# Qualifiers that show the line is prose or a heading about the word, not a marking.
_NOT_QUALIFIER = re.compile(
    r"^\s*(?:information|data|records?|matters?|and|or|to|that|if|is|was|were|as|the|of|in|about|when)\b",
    re.IGNORECASE,
)
# How many lines at each edge of a page a marking is looked for in.
_EDGE_LINES = 4


@dataclass(frozen=True)
class Marking:
    """A protective marking found on a document: the line, the status it calls for, where it was."""

    line: str
    status: str  # "restricted" or "unpublished"
    pages: list[int]  # 1-based pages that carry it
    of: int = 0  # how many pages the document has

    @property
    def evidence(self) -> str:
        if len(self.pages) == 1:
            return f"p. {self.pages[0]}: {self.line}"
        return f"{self.line}, on {len(self.pages)} of {self.of or len(self.pages)} pages"


def marking_of(line: str) -> str | None:
    """The status a protective marking line calls for ("restricted", "unpublished"); None for other lines."""
    text = " ".join(line.split()).strip(" *[]()")
    match = _MARKING_LINE.match(text)
    if match is None:
        return None
    rest = match.group("rest").strip(" -–:|/")
    if rest and (_NOT_QUALIFIER.match(rest) or len(rest.split()) > 8):
        return None
    word = match.group("word")
    # A marking in ordinary case must stand alone ("Official - Sensitive"), not start a sentence.
    if not (word.isupper() or text.isupper()) and rest and not re.fullmatch(r"[\w\s.-]{0,12}", rest):
        return None
    return "unpublished" if word.lower() == "draft" else "restricted"


def find_marking(pages: list[str]) -> Marking | None:
    """The protective marking of a document, if its pages carry one.

    A marking counts when it is in capitals on the first page, or on at least
    two pages (a tenth of a long document's pages) near their edges. A
    restricted marking beats a draft one.
    """
    seen: dict[str, tuple[str, str, list[int]]] = {}
    for number, page in enumerate(pages, start=1):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        edges = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:] if len(lines) > 2 * _EDGE_LINES else lines
        for line in edges:
            status = marking_of(line)
            if status is None:
                continue
            key = " ".join(line.split()).upper()
            entry = seen.setdefault(key, (" ".join(line.split()), status, []))
            if number not in entry[2]:
                entry[2].append(number)
    needed = max(2, len(pages) // 10)
    found: list[Marking] = []
    for line, status, on in seen.values():
        capitals = line.upper() == line
        if len(on) >= needed or (capitals and on[0] == 1) or (capitals and len(pages) == 1):
            found.append(Marking(line, status, on, len(pages)))
    if not found:
        return None
    found.sort(key=lambda m: (m.status != "restricted", -len(m.pages), m.pages[0]))
    return found[0]
