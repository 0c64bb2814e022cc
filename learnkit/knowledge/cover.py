"""The furniture of a cover page that is no part of a document's title.

A cover sets more than its title: the partnership's postal address under its logo, a telephone number
and an email address, a version line ("Version 2.1", "Final version"), a letter's addressee ("Ms A
Smith, Director of Children's Services", "Dear Director"), the entries of a contents list, and on a
bilingual Welsh cover the Welsh title beside or over the English one. learnkit.knowledge.metadata
reads titles past these; this module says which lines they are.
"""

from __future__ import annotations

import re

__all__ = ["address_lines", "english_side", "furniture", "in_issues", "is_welsh", "issue_line"]

# Words of Welsh covers: the kinds of review, the boards, the regions, the subjects and the dates'
# labels, and the small words that join them. A line mostly of these is the Welsh side of a cover.
_WELSH_WORDS = frozenset(
    (  # noqa: SIM905
        "adolygiad adolygiadau ymarfer plant plentyn babi teulu bwrdd byrddau diogelu rhanbarthol cryno "
        "estynedig cyhoeddwyd cyhoeddi dyddiad adroddiad crynodeb dysgu oedolion ymateb comisiynydd "
        "gwasanaethau gogledd de gorllewin dwyrain canolbarth cymru morgannwg cwm taf gwent powys "
        "a ac y yr o i ar gyfer am yn ei eu gan gyda thematig achos achosion person ifanc brawd chwaer "
        "plant's ymchwiliad diogelwch llywodraeth cyngor sir blynyddol cynllun strategaeth canllawiau "
        "briffio gwersi newyddion rhifyn dysgwyd"
    ).split()
)


def is_welsh(line: str) -> bool:
    """Whether a line is in Welsh: most of its words are words of Welsh covers."""
    words = [w for w in re.findall(r"[a-zâêîôûŵŷ'’]+", line.lower()) if len(w) > 1]
    named = [w for w in words if w not in {"cwm", "taf", "powys", "gwent", "morgannwg"}]  # places
    if len(named) == 1:
        return len(named[0]) >= 4 and named[0] in _WELSH_WORDS  # "Plentyn B", "Teulu R"
    return len(named) >= 2 and sum(w in _WELSH_WORDS for w in named) >= 0.7 * len(named)


def english_side(line: str) -> str:
    """The English side of a line set in both languages ("Adolygiad Ymarfer Plant / Child Practice
    Review" is "Child Practice Review"), else the line."""
    parts = [p.strip() for p in re.split(r"\s+/\s+|\s+\|\s+", line)]
    if len(parts) == 2 and all(parts):
        first, second = (is_welsh(p) for p in parts)
        if first != second:
            return parts[1] if first else parts[0]
    return line


_VERSION = re.compile(
    r"(?:final\s+|draft\s+)?(?:version|v\.?)\s*\d+(?:\.\d+)*(?:\s*[-–,]?\s*(?:final|draft))?", re.I
)
# A UK postcode: "MH1 2AB", "M1 2WD", "SW1A 1AA".
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b")
_CONTACT = re.compile(
    r"^(?:t|tel|telephone|phone|fax|e|email|e-mail|web)\b\.?:?\s*[+\d(]|\S+@\S+\.[a-z]{2,}"
    r"|^(?:\+44|0)\d{3,4}\s*\d{3}\s*\d{3,4}$",
    re.I,
)
# A letter's addressee, greeting and close.
_LETTER = re.compile(
    r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z](?:\w*|\.)(?:\s+[A-Z][\w'’-]+)?(?:,|$)|^Dear\s+[A-Z]"
    r"|^Yours\s+(?:sincerely|faithfully)|^Director\s+of\s+Children['’]s\s+Services$"
)
_TITLE_WORD = re.compile(
    r"\b(?:review|briefing|audit|report|learning|inspection|guidance|policy|newsletter|bulletin|summary)\b",
    re.I,
)


def furniture(line: str) -> bool:
    """Whether a line is a cover's furniture: a version, a postcode's line, a telephone number or an
    email address, a letter's addressee or greeting."""
    line = line.strip()
    return bool(
        _VERSION.fullmatch(line)
        or re.fullmatch(r"[A-Z]{2,6}\s*\d{1,3}/\d{2,4}", line)  # a review's reference: "NWSB 04/2021"
        or _CONTACT.search(line)
        or _LETTER.search(line)
        or (_POSTCODE.search(line) and len(line.split()) <= 6)
    )


def address_lines(lines: list[str]) -> set[int]:
    """Where a postal address stands among a page's lines: the postcode's line and the short lines
    of the street and the town above it, up to the first line that names something else."""
    found: set[int] = set()
    for i, line in enumerate(lines):
        if not (_POSTCODE.search(line) and len(line.split()) <= 6):
            continue
        found.add(i)
        for j in range(i - 1, max(i - 4, -1), -1):
            above = lines[j].strip()
            if not above or len(above.split()) > 5 or _TITLE_WORD.search(above):
                break
            if re.search(r"\b(?:Safeguarding|Partnership|Board|Council|Ofsted)\b", above):
                break  # the name of who lives there, over its address
            found.add(j)
    return found


def in_issues(lines: list[str]) -> bool:
    """Whether a page is an issue of a newsletter or a bulletin: an issue line at its top."""
    return any(issue_line(line) for line in lines[:6])


def issue_line(line: str) -> bool:
    """Whether a line is a newsletter's or a bulletin's issue: "Issue 22, Summer 2023"."""
    return re.match(r"^(?:issue|edition|vol(?:ume)?\.?)\s*\d+\b", line.strip(), re.I) is not None
