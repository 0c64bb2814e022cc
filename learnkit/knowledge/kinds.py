"""The kind of document a text is (learnkit's kinds), from words in its title or on its first page."""

from __future__ import annotations

import re

from learnkit.knowledge.found import Found, page_lines
from learnkit.knowledge.metadata import is_chrome

__all__ = ["DEFAULT_KIND", "FORMAT_LINE", "find_kind", "guess_kind"]

# Words that say what kind of document it is, most specific first: a briefing about a rapid review is a
# briefing, a thematic review names reviews too, and "Child Practice Review" is the Welsh review.
_KIND_CLUES: tuple[tuple[str, str], ...] = (
    (
        "learning-briefing",
        r"(?:7|5|seven|five|six)[\s-]*(?:minute|step)\s+briefings?|learning\s+brief(?:ing)?s?",
    ),
    ("thematic-review", r"thematic\s+(?:learning\s+)?review"),
    (
        "thematic-briefing",
        r"thematic\s+briefing|learning\s+from\s+(?:case|serious\s+case|(?:local\s+)?child\s+safeguarding\s+practice)"
        r"\s+reviews"
        r"|(?:learning\s+)?lessons\s+from\s+serious\s+case\s+reviews|serious\s+case\s+review\s+analysis|spotlight\s+briefing",
    ),
    (
        "child-practice-review",
        r"(?:concise\s+|extended\s+)?child\s+practice\s+review|\bCPR\b|adolygiad(?:au)?\s+ymarfer\s+plant",
    ),
    ("rapid-review", r"rapid\s+review"),
    (
        "safeguarding-practice-review",
        r"(?:local\s+|national\s+)?child\s+safeguarding\s+practice\s+review|\bL?CSPR\b",
    ),
    ("serious-case-review", r"serious\s+case\s+review|\bSCR\b"),
    ("case-file-audit", r"case\s+file\s+audits?"),
    ("multi-agency-audit", r"multi[\s-]*agency\s+(?:case\s+)?audits?|\baudit\b"),
    (
        "learning-review",
        r"learning\s+review|review\s+of\s+practice|significant\s+case\s+review|practice\s+review",
    ),
    ("learning-briefing", r"\bbriefing\b|learning\s+brief\b"),
    ("presentation", r"\bpresentation\b|\bslides\b"),
    ("framework", r"\bframework\b|\bprocedures?\b|\bprotocol\b|\bguidance\b|\bstrategy\b|\bpolicy\b"),
)
_KIND_RES = tuple((kind, re.compile(rf"\b(?:{clue})", re.IGNORECASE)) for kind, clue in _KIND_CLUES)
DEFAULT_KIND = "learning-review"


# A briefing's format set on a line of its own at the top of its cover, over the review it draws on.
FORMAT_LINE = re.compile(
    r"(?:(?:7|5|seven|five|six)[\s-]*(?:minute|step)\s+briefing|learning\s+brief(?:ing)?)", re.I
)


def find_kind(title: str, pages: list[str]) -> Found | None:
    """The kind a document is, from words in its title, else in the first lines of its first page.

    A format line at the top of the cover ("LEARNING BRIEF" over "Child Safeguarding Practice Review")
    says what the document is, whatever review its title then names.
    """
    top = page_lines(pages[0])[:5] if pages else []
    for line in top:
        if FORMAT_LINE.fullmatch(line.strip()):
            return Found("learning-briefing", 1, line.strip())
    if title:
        for kind, clue in _KIND_RES:
            if clue.search(title):
                return Found(kind, 1, title)
    lines = page_lines(pages[0])[:30] if pages else []
    for kind, clue in _KIND_RES:
        for line in lines:
            if clue.search(line) and not is_chrome(line):
                return Found(kind, 1, line)
    return None


def guess_kind(title: str, first_page: str) -> str:
    """The kind a document most likely is, from words in its title, else its first page."""
    found = find_kind(title, [first_page[:1500]])
    return found.value if found else DEFAULT_KIND
