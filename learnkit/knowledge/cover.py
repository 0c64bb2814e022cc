"""The furniture of a cover page that is no part of a document's title.

A cover sets more than its title: the partnership's postal address under its logo, a telephone number
and an email address, a version line ("Version 2.1", "Final version"), a letter's addressee ("Ms A
Smith, Director of Children's Services", "Dear Director"), the entries of a contents list, and on a
bilingual Welsh cover the Welsh title beside or over the English one; a form's fields and an author's
credit. learnkit.knowledge.metadata reads titles past these; this module says which lines they are, and
how a title set in capitals on a cover is written in a list (:func:`readable_case`).
"""

from __future__ import annotations

import re

__all__ = [
    "address_lines",
    "english_side",
    "field_or_credit",
    "furniture",
    "in_issues",
    "is_welsh",
    "issue_line",
    "readable_case",
]

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


# A paper's or an abstract's author and affiliation: "S. Brown, University of Midshire".
_CREDIT = re.compile(
    r"^(?i:independent\s+|lead\s+)?(?i:reviewers?|authors?)\s+(?:Dr\.?\s+|Prof\.?\s+)?[A-Z][a-z]+\s+[A-Z][a-z]+"
    r"|^(?:(?:[A-Z]\.\s*)+|(?:Dr|Prof(?:essor)?)\.?\s+)[A-Z][\w'’-]+(?:(?:,|\s+and|\s+&)\s+(?:[A-Z]\.\s*)*[A-Z][\w'’-]+)*"
    r",\s+(?:(?:the\s+)?University|Institute|College|School|Department|Centre)\b"
)


# A meeting paper's or a form's field, with its value: "Date: 21.03.17", "Document Owner: | ...".
_FORM_FIELD = re.compile(
    r"^(?:date(?:\s+\w+){0,4}|meeting|from|to|name\s+of\s+(?:the\s+)?(?:child|young\s+person)|child['’]s\s+name"
    r"|local\s+authority|date\s+of\s+birth|dob|(?:(?:independent|lead|report|overview)\s+)?(?:author|reviewer|chair|scrutineer)s?"
    r"|owner|document\s+owner|classification|issue\s+no"
    r"|version|status|review\s+date|item\s+no|wards?|contact(?:\s+officer)?|report\s+of|lead\s+officer"
    r"|key\s+decision|purpose|audience|reference|ref|approved\s+by|index\s+number|document"
    r"|(?:audit\s+|review\s+|reporting\s+)?period|circulation|distribution"
    r"|(?:[a-z]+\s+){0,2}(?:reference|ref|number))\.?\s*[:|/]",
    re.I,
)


def field_or_credit(line: str) -> bool:
    """Whether a line is a form's field with its value ("Date: 21.03.17") or an author's credit."""
    return bool(_FORM_FIELD.match(line) or _CREDIT.match(line))


def readable_case(title: str) -> str:
    """A title set in capitals as it is written in a list: "SERIOUS CASE REVIEW Baby E" becomes
    "Serious Case Review Baby E"; acronyms ("SCR", "LSCB", "NSPCC") and a subject's letter stay."""
    words = title.split()

    def shouting(word: str) -> bool:
        letters = re.sub(r"[^A-Za-z]", "", word)
        return (
            len(letters) >= 4
            and letters.isupper()
            and letters not in _ACRONYMS
            and not re.fullmatch(r"[A-Z]{1,3}S[CA][BP]", letters)  # a partnership's: "KSCB"
        )

    if sum(shouting(w) for w in words) < 2:
        return title
    # The small words of a title set in capitals are small in a list: "Review into the Death of".
    small = [w.lower() in _SMALL_WORDS and w.isupper() for w in words]
    return " ".join(
        (w.title() if i == 0 else w.lower()) if low else w.title() if shouting(w) else w
        for i, (w, low) in enumerate(zip(words, small, strict=True))
    )


_SMALL_WORDS = frozenset("of the into in and for a an to on by with from at".split())  # noqa: SIM905


# Short forms a title keeps in capitals.
_ACRONYMS = frozenset(
    (  # noqa: SIM905
        "NSPCC LSCB LSCBS LSCP SCIE CSPR LCSPR MASH SUDI SUDC JTAI CAMHS HMICFRS SILP CAFCASS NICE ADCS "
        "SSCB GSCB ESCB NTSCB CSAP RSCB DHR SAR SARS CCE CSE FII NAI"
    ).split()
)
