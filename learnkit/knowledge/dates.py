"""Dates in a document's text: parsing the forms documents use, and the date a document gives for itself.

A review's cover or a "Published:" line dates it; the dates of events in the
case, a policy's review date and a mirror site's upload date do not.
"""

from __future__ import annotations

import re

from learnkit.knowledge.found import Found, page_lines

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
# Welsh pages date themselves in Welsh: "14 Chwefror 2018". Mawrth is also Tuesday and Mai a name,
# so the Welsh names, like the English, are read only with a year.
_WELSH_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("ionawr",),
            ("chwefror",),
            ("mawrth",),
            ("ebrill",),
            ("mai",),
            ("mehefin",),
            ("gorffennaf",),
            ("awst",),
            ("medi",),
            ("hydref",),
            ("tachwedd",),
            ("rhagfyr",),
        ),
        start=1,
    )
    for m in names
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr)"
)
_YEAR = r"(?:19[89]\d|20\d\d)"
_DATE_PATTERNS = (
    # 14 July 2022, 14th February 2025, 29 Mar 2021
    re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})\.?,?\s+(?P<y>{_YEAR})\b", re.I),
    # July 14, 2022
    re.compile(rf"\b(?P<m>{_MONTH})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,\s*(?P<y>{_YEAR})\b", re.I),
    # 2022-07-14
    re.compile(rf"\b(?P<y>{_YEAR})-(?P<mn>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b"),
    # 14/07/2022, 14.07.2022, 14-07-2022 (day first, as in the UK)
    # (a blog's date run into its reading time on a copied page: "12.02.20256 mins read")
    re.compile(
        rf"\b(?P<d>[0-3]?\d)(?P<sep>[/.-])(?P<mn>0?[1-9]|1[0-2])(?P=sep)(?P<y>{_YEAR})(?:\b|(?=\d{{1,2}}\s*mins?\b))"
    ),
    # July 2022
    re.compile(rf"\b(?P<m>{_MONTH})\.?,?\s+(?P<y>{_YEAR})\b", re.I),
)
_BARE_YEAR = re.compile(rf"\b(?P<y>{_YEAR})\b")

# Lines that say when the document itself was published or written, strongest first.
_DATE_LABELS = (
    re.compile(
        r"\b(?:date\s+(?:of\s+)?(?:publication|published|report|issue)|publication\s+date|publish(?:ed)?\s+date"
        r"|published(?:\s+online)?|first\s+published|date\s+issued|issued)\b",
        re.I,
    ),
    re.compile(r"^(?:date|dated|report\s+date|final\s+report)\s*[:|/-]", re.I),
    re.compile(r"\b(?:posted|updated|last\s+updated|date\s+approved|approved)\b", re.I),
    # A news item's byline: "By Hollie Ewers on 27 July 2018".
    re.compile(r"^by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s+on\b"),
)
# Dates that are not the document's own: when it is to be reviewed, when a web page was rendered.
_NOT_OWN_DATE = re.compile(
    r"\b(?:review\s+date|next\s+review|to\s+be\s+reviewed|render\s+date|loading\s+time|post\s+on|"
    r"date\s+of\s+birth|born|died|deadline)\b",
    re.I,
)


def parse_date(text: str) -> str:
    """The first date in ``text`` as learnkit stores one (YYYY-MM-DD or YYYY-MM), else ""."""
    best: tuple[int, str] | None = None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        parts = match.groupdict()
        name = (parts.get("m") or "").lower().rstrip(".")
        month = int(parts["mn"]) if parts.get("mn") else _MONTHS.get(name) or _WELSH_MONTHS[name]
        value = f"{parts['y']}-{month:02d}"
        day = int(parts["d"]) if parts.get("d") else 0
        if 1 <= day <= 31:
            value += f"-{day:02d}"
        if best is None or match.start() < best[0]:
            best = (match.start(), value)
    return best[1] if best else ""


def _year_span(text: str) -> str:
    """A period named by years ("2022/23", "2020-21", "2017-2018") as start/end, or one year, or ""."""
    span = re.search(rf"\b({_YEAR})\s*(?:[/–-]|\s+to\s+)\s*(\d{{2}}|{_YEAR})\b", text)
    if span:
        start, end = span.group(1), span.group(2)
        end = start[:2] + end if len(end) == 2 else end
        if 0 < int(end) - int(start) <= 3:
            return f"{start}/{end}"
    one = _BARE_YEAR.search(text)
    return one.group("y") if one else ""


def find_date(pages: list[str], title: str = "") -> Found | None:
    """The date a document gives for itself, with the line that gives it.

    In order: a labelled line on the first pages ("Published: June 2019",
    "Date of report: 14 July 2022"); a line that is only a date, or ends in
    one, on the cover; the latest date on the first page; a year in the title.
    Dates of events inside the case, review dates and mirror-site upload
    dates are passed over.
    """
    first = [(n, ln) for n, page in enumerate(pages[:2], start=1) for ln in page_lines(page)[:60]]
    for label in _DATE_LABELS:
        for n, line in first:
            hit = label.search(line)
            # A label that starts a line, or a short line: not "the brief was published in 2015" in prose.
            if hit is None or (hit.start() > 30 and len(line.split()) > 12):
                continue
            if not _NOT_OWN_DATE.search(line):
                # The date goes with its label: right after it, not somewhere later in the line.
                value = parse_date(line[hit.start() : hit.end() + 40])
                if not value:
                    # A year, or years, straight after its label: "Published 2023", "Published: 2019/20".
                    after = re.match(
                        rf"[\s:|-]*({_YEAR}(?:\s*[/-]\s*(?:\d{{2}}|{_YEAR}))?)\b", line[hit.end() :]
                    )
                    value = _year_span(after.group(1)) if after else ""
                if value:
                    return Found(value, n, line)
    cover = [(n, ln) for n, ln in first if n == 1][:40]
    for n, line in cover:
        if _NOT_OWN_DATE.search(line) or len(line.split()) > 12:
            continue
        value = parse_date(line)
        if value and _ends_with_date(line):
            return Found(value, n, line)
    for n, line in cover:
        # A newsletter's issue is dated by its season: "Issue 22, Summer 2023".
        season = re.search(rf"\b(?:spring|summer|autumn|winter)\s+({_YEAR})\b", line, re.I)
        if season and len(line.split()) <= 8:
            return Found(season.group(1), n, line)
    dated = [(parse_date(line), n, line) for n, line in cover if not _NOT_OWN_DATE.search(line)]
    dated = [d for d in dated if d[0]]
    if dated:
        value, n, line = max(dated, key=lambda d: d[0])
        return Found(value, n, line)
    if title:
        value = _year_span(title)
        if value:
            return Found(value, 1, title)
    for n, line in first:
        # A publication's copyright notice gives the year it was published: "© Crown copyright 2020".
        match = re.search(
            rf"(?:©|\(c\)|\bcopyright\b)\s*(?:[A-Z][\w'’&]*\s+){{0,5}}(?:copyright\s+)?({_YEAR})\b",
            line,
            re.I,
        )
        if match:
            return Found(match.group(1), n, line)
    if title and re.search(r"\bannual\b", title, re.I):
        # An annual report says in its opening which year it covers ("the work ... for the year 2022/23").
        for n, line in cover:
            match = re.search(rf"\b{_YEAR}\s*(?:[/–-]|\s+to\s+)\s*(?:\d{{2}}|{_YEAR})\b", line)
            if match:
                value = _year_span(match.group(0))
                if "/" in value:
                    return Found(value, n, line)
    return None


def _ends_with_date(line: str) -> bool:
    """Whether a line is a date, or ends with one (a cover's "Independent Reviewer ... June 2019")."""
    # (A blog's dateline ends with its reading time: "12.02.2025 6 mins read".)
    tail = re.sub(r"(?:(?<=\d{4})|\s+|\s*[|·•]\s*)\d{1,2}\s*mins?\s+read$", "", line.strip(), flags=re.I)
    tail = re.sub(r"[\s.,;:)]+$", "", tail)
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(tail):
            if match.end() == len(tail):
                return True
    return False


def is_date_line(line: str) -> bool:
    """Whether a line is a date, a dateline ("William Eichler 03 November 2017") or a dated label."""
    if len(line.split()) <= 8 and parse_date(line) and any(label.search(line) for label in _DATE_LABELS):
        return True
    # A field whose value is a date: "Meeting held: 14 April 2022", "Published: 2019/20".
    # Not a title with its year: "Annual Report: 2022/23".
    field = re.fullmatch(r"((?:[A-Za-z]+\s+){0,3}[A-Za-z]+)\s*:\s*(.+)", line.strip())
    if (
        field
        and not re.search(
            r"\b(?:report|review|briefing|audit|plan|strategy|bulletin|newsletter|summary)s?\b",
            field.group(1),
            re.I,
        )
        and (
            any(p.fullmatch(field.group(2).strip(" .")) for p in _DATE_PATTERNS)
            or re.fullmatch(rf"{_YEAR}(?:\s*[/-]\s*(?:\d{{2}}|{_YEAR}))?", field.group(2).strip(" ."))
        )
    ):
        return True
    if not any(pattern.search(line) for pattern in _DATE_PATTERNS):
        return bool(re.fullmatch(rf"\W*{_YEAR}\W*", line))
    rest = line
    for pattern in _DATE_PATTERNS:
        rest = pattern.sub(" ", rest)
    rest = re.sub(
        r"\b(?:published|posted|updated|date|issued|on|at|by|monday|tuesday|wednesday|thursday"
        r"|friday|saturday|sunday)\b|[\W\d_]",
        " ",
        rest,
        flags=re.I,
    )
    words = rest.split()
    # What is left is nothing, or a name: the byline of a news item.
    return not words or (len(words) <= 3 and all(w[:1].isupper() for w in words))
