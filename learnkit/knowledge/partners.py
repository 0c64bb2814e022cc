"""Who made a document: the safeguarding partnership or board named on it, its place, and its publisher.

Partnerships are named as "<place> Safeguarding Children Partnership" (or Board,
LSCB, SCP, Regional Safeguarding Board ...); national bodies (NSPCC, Ofsted,
the Child Safeguarding Practice Review Panel ...) by their names.
"""

from __future__ import annotations

import re

from learnkit.knowledge.found import Found, page_lines

_PLACE_WORD = r"[A-Z][A-Za-z'’.-]+"
_PARTNERSHIP = re.compile(
    rf"((?:{_PLACE_WORD}\s+(?:(?:and|&|of)\s+)?){{1,5}}?)"
    r"((?i:(?:Regional\s+)?(?:Local\s+)?(?:Children'?s?’?s?\s+)?Safeguarding\s+(?:Children(?:'s|’s)?\s+|Adults\s+)?)"
    r"(?i:(?:Assurance\s+)?(?:Board|Partnership|Arrangements)s?)|L?SCBs?|L?SCPs?|CSAP|RSCB|RSB)\b"
)
_NOT_PLACE = frozenset(
    [
        "the",
        "this",
        "a",
        "an",
        "by",
        "for",
        "from",
        "of",
        "in",
        "on",
        "to",
        "with",
        "and",
        "chair",
        "independent",
        "report",
        "review",
        "case",
        "serious",
        "summary",
        "executive",
        "overview",
        "board",
        "partnership",
        "children",
        "child",
        "safeguarding",
        "local",
        "multi",
        "agency",
        "audit",
        "learning",
        "briefing",
        "minute",
        "published",
        "commissioned",
        "prepared",
        "endorsed",
        "practice",
        "rapid",
        "thematic",
        "annual",
        "our",
        "his",
        "her",
        "their",
        "its",
        "all",
        "new",
        "joint",
        "publication",
        "publishes",
        "published",
        "statement",
        "sub",
        "group",
        "subgroup",
        "committee",
        "member",
        "members",
        "dear",
        "welcome",
        "about",
        "contact",
        "home",
        "news",
        "what",
        "why",
        "how",
        "when",
        "where",
        "who",
        "key",
        "lessons",
        "extended",
        "concise",
        "transcript",
        "page",
        "upload",
        "others",
        "today",
        "yesterday",
        "now",
        "said",
        "says",
        "new",
    ]
)
# National bodies that publish reviews and briefings, as their publications name them.
_PUBLISHERS = (
    "Child Safeguarding Practice Review Panel",
    "NSPCC",
    "Ofsted",
    "SCIE",
    "Social Care Institute for Excellence",
    "Care Quality Commission",
    "HMICFRS",
    "Care Inspectorate Wales",
    "Care Inspectorate",
    "Estyn",
    "Healthcare Inspectorate Wales",
    "Public Health Wales",
    "Department for Education",
    "Home Office",
    "Scottish Government",
    "Welsh Government",
    "Action for Children",
    "Barnardo's",
    "What Works for Children's Social Care",
    "Research in Practice",
    "Children's Commissioner for Wales",
    "Children's Commissioner",
    "Local Government Association",
    "NHS England",
    "Youth Justice Board",
    "National Independent Safeguarding Board",
)
# The Welsh bodies as Welsh-language pages name them, and their English names.
_WELSH_NAMES = {
    "Comisiynydd Plant Cymru": "Children's Commissioner for Wales",
    "Comisiynydd Plant": "Children's Commissioner for Wales",
    "Arolygiaeth Gofal Iechyd Cymru": "Healthcare Inspectorate Wales",
    "Arolygiaeth Gofal Cymru": "Care Inspectorate Wales",
    "Iechyd Cyhoeddus Cymru": "Public Health Wales",
    "Llywodraeth Cymru": "Welsh Government",
}
_PUBLISHER_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in (*_WELSH_NAMES, *_PUBLISHERS)) + r")\b")


def find_partnership(pages: list[str]) -> Found | None:
    """The safeguarding partnership or board named on the first page (see :func:`area_of` for its place)."""
    for n, page in enumerate(pages[:1], start=1):
        lines = page_lines(page)[:60]
        # A cover may set the place on one line and "Safeguarding Children Board" on the next.
        for line in [*lines, *(f"{a} {b}" for a, b in zip(lines, lines[1:], strict=False))]:
            for match in _PARTNERSHIP.finditer(line):
                words = _place(match.group(1))
                if not words:
                    continue
                name = " ".join([*words, *match.group(2).split()])
                if name.isupper() and len(name) > 12:  # a cover in capitals; its acronyms stay so
                    name = " ".join(w if _ACRONYM.fullmatch(w) else w.title() for w in name.split())
                return Found(name, n, line)
    return None


_ACRONYM = re.compile(r"L?SCBs?|L?SCPs?|CSAP|RSCB|RSB")


def _place(text: str) -> list[str]:
    """The place words before a partnership's name, without the words of a sentence before them."""
    words = text.split()
    # A word ending a sentence ("... by the SCR. The LSCB") cuts off what comes before it.
    for i in range(len(words) - 1, -1, -1):
        if words[i].endswith(".") and len(words[i]) > 2:
            words = words[i + 1 :]
            break
    while words and (
        words[0].lower().strip("'’.,") in _NOT_PLACE or words[0].isupper() and len(words[0]) <= 4
    ):
        words.pop(0)
    while words and words[-1].lower() in {"and", "&", "of"}:
        words.pop()
    return words


def area_of(partnership: str) -> str:
    """The place a partnership's name begins with: "Kingsford" for the Kingsford partnership."""
    match = _PARTNERSHIP.search(partnership)
    return " ".join(_place(match.group(1))) if match else ""


# Organisations that publish for themselves: a school's policy, a trust's or a council's report.
_ORGANISATION = re.compile(
    r"^((?:[A-Z][\w'’&.-]*\s+){1,6}(?:School|Academy|College|Council|University|Trust|Police|Constabulary"
    r"|Commissioner|Board))$"
)


def find_publisher(pages: list[str]) -> Found | None:
    """A national body named on the first page, else an organisation whose name is a line near the top."""
    lines = page_lines(pages[0])[:60] if pages else []
    for line in lines:
        match = _PUBLISHER_RE.search(line)
        if match:
            return Found(_WELSH_NAMES.get(match.group(1), match.group(1)), 1, line)
    for line in lines[:10]:
        match = _ORGANISATION.match(line)
        if match:
            return Found(match.group(1), 1, line)
    return None


def only_partnership(line: str) -> bool:
    """Whether a line is a partnership's or a national body's name and nothing else."""
    found = find_partnership([line])
    rest = line.replace(found.value, " ") if found else _PUBLISHER_RE.sub(" ", line)
    return rest != line and not re.sub(r"\b(?:the|and|&|of)\b|[\W\d_]", "", rest, flags=re.I)
