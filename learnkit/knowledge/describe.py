"""A new record's title, slug and detected fields, put together from what a document says about itself.

:func:`describe` reads the metadata (learnkit.knowledge.metadata) and the
protective marking (learnkit.knowledge.metadata, dates, partners, kinds and
markings) of a document and makes the
title a practitioner would give it: the document's own title, with its
subject when the title leaves it out, and the partnership (or publisher) and
year in brackets when the title does not already say them ("Local Child
Safeguarding Practice Review: Child M (Kingsford Safeguarding Children
Partnership, 2021)"); the file name when nothing on the page will do. Its
slug is short: place, kind, subject, year (``kingsford-cspr-child-m-2021``).
Every field it fills from the text is listed in ``detected`` with its
evidence line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from learnkit.knowledge.cover import in_issues, readable_case
from learnkit.knowledge.dates import find_date
from learnkit.knowledge.found import Found, page_lines
from learnkit.knowledge.kinds import DEFAULT_KIND, FORMAT_LINE, find_kind
from learnkit.knowledge.markings import Marking, find_marking
from learnkit.knowledge.metadata import (
    find_source_review,
    is_chrome,
    is_section_word,
    page_heading,
    title_candidates,
)
from learnkit.knowledge.partners import (
    area_of,
    find_partnership,
    find_publisher,
    find_unplaced_partnership,
)
from learnkit.knowledge.subjects import find_subject, names_many_subjects
from learnkit.models import slugify

# Short names of kinds for slugs: what practitioners call them.
_KIND_SHORT = {
    "serious-case-review": "scr",
    "safeguarding-practice-review": "cspr",
    "rapid-review": "rapid-review",
    "learning-review": "learning-review",
    "thematic-review": "thematic-review",
    "child-practice-review": "cpr",
    "multi-agency-audit": "audit",
    "case-file-audit": "case-file-audit",
    "learning-briefing": "briefing",
    "thematic-briefing": "briefing",
}
_MONTH_NAMES = (
    "January February March April May June July August September October November December".split()  # noqa: SIM905
)
MAX_TITLE = 160
# A title that already names a review (or an audit, an inquiry) is not given the review it draws on.
_NAMES_REVIEW = re.compile(r"\b(?:reviews?|SCRs?|L?CSPRs?|audits?|inquiry|inquest)\b", re.I)
_SUBJECT_START = re.compile(r"(?:Child|Baby|Infant|Family|Young\s+Person)\b")
_KIND_WORDS = re.compile(
    r"\b(?:local\s+)?(?:child\s+safeguarding\s+practice|rapid|serious\s+case|learning|child\s+practice)\s+review"
    r"|\bL?CSPR\b|\bSCR\b",
    re.I,
)
SLUG_WORDS = 6
# A best line scoring below this reads as running text, not a title (see metadata._title_score).
WEAK_TITLE = 1.0
# Words in file names that say nothing about the document.
_FILE_NOISE = frozenset(
    "pdf final draft version copy scan scanned document doc file download untitled".split()  # noqa: SIM905
)


@dataclass
class Description:
    """What a document says about itself, ready to become a new record."""

    title: str
    slug: str
    kind: str
    date: str = ""
    area: str = ""
    publisher: str = ""
    status: str = ""  # "" when no marking calls for one
    subject: str = ""
    marking: Marking | None = None
    detected: dict[str, str] = field(default_factory=dict)  # field -> evidence line


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", text.lower())}


def _says(title: str, part: str) -> bool:
    """Whether a title already says a part (its words, ignoring case and plurals)."""
    wanted = _words(part) - {"safeguarding", "children", "board", "partnership", "local", "the", "and", "of"}
    return bool(wanted) and wanted <= _words(title) or part.lower() in title.lower()


def _trim(title: str, limit: int) -> str:
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–") + "…"


# Briefing formats that practitioners name a document by ("7 Minute Briefing: Missed Appointments"),
# when the page calls itself one ("Click below to read the 7 minute briefing", "This Spotlight Briefing").
_FORMAT = re.compile(
    r"\b(?:this|the|our)\s+((?:7|5|seven|five|six)[\s-]*(?:minute|step)\s+briefing|spotlight\s+briefing)\b",
    re.I,
)


def _with_format(title: str, line: str) -> str:
    """``title`` led by the briefing format its page names, when the title does not name one."""
    match = _FORMAT.search(line)
    named = r"briefing|brief|7mb|review|report|audit"
    if match is None:
        # A format on a line of its own over the title leads even a review's name ("Learning Brief:
        # Child Safeguarding Practice Review").
        match = re.fullmatch(f"({FORMAT_LINE.pattern})", line.strip(), re.I)
        named = r"briefing|brief|7mb"
    if match is None:
        # So does a review's kind on a line of its own over its topic ("Thematic Review" / "Adolescents
        # at risk of extra-familial harm"), when the title names no review.
        match = re.fullmatch(
            r"((?:a\s+)?(?:thematic|rapid|multi[\s-]*agency\s+learning)\s+review)", line.strip(), re.I
        )
        named = r"review|report|audit|briefing|brief"
    if match is None or re.search(rf"\b(?:{named})\b", title, re.I):
        return title
    name = " ".join(w[:1].upper() + w[1:].lower() for w in match.group(1).split())
    return f"{name}: {title}"


# Words of a page title that name a collection or a format, not a subject: "Learning from reviews",
# "Thematic Learning", "Serious Case Reviews (SCRs)".
_GENERIC = frozenset(
    [
        "learning",
        "from",
        "reviews",
        "review",
        "case",
        "cases",
        "serious",
        "scrs",
        "scr",
        "thematic",
        "lessons",
        "learnt",
        "learned",
        "briefing",
        "briefings",
        "brief",
        "local",
        "safeguarding",
        "practice",
        "child",
        "children",
        "key",
        "messages",
        "themes",
        "overview",
        "report",
        "reports",
        "summary",
        "of",
        "the",
        "and",
        "our",
        "published",
        "7",
        "minute",
        "seven",
    ]
)


def _generic(title: str) -> bool:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return bool(words) and all(w in _GENERIC for w in words)


def subject_heading(pages: list[str], title: str) -> str:
    """The heading under a page title that only names a collection ("Learning from reviews"), when the
    page is about one subject: "Joint Targeted Area Inspections - Domestic Abuse"; else "".

    A page of several learning sections, each under its heading with the same sub-headings ("Key
    Learning", "Improving Practice"), is about none of them alone.
    """
    lines = [ln for ln in (page_lines(pages[0]) if pages else [])[:40] if not is_chrome(ln)]
    folded = [ln.casefold() for ln in lines]
    start = next((i + 1 for i, ln in enumerate(folded) if ln == title.casefold()), 0)

    def prose(i: int) -> bool:
        """Whether line ``i`` is running text: a sentence, or a line of a paragraph wrapped on the page."""
        line = lines[i] if i < len(lines) else ""
        following = lines[i + 1] if i + 1 < len(lines) else ""
        words = line.split()
        if len(words) >= 12 or line.endswith((".", "!", "?")) or line[:1].islower():
            return True
        run_on = following[:1].islower() or ", " in line or re.search(r"\w[.!?] [A-Z]", line) is not None
        return len(words) >= 6 and (
            run_on or words[-1].lower() in {"of", "and", "the", "to", "a", "in", "for"}
        )

    for i in range(start, min(start + 25, len(lines))):
        line = lines[i]
        if prose(i) or folded[i] == title.casefold():
            continue  # the page's opening paragraphs
        words = re.findall(r"[A-Za-z]+", line)
        heading = 2 <= len(words) <= 10 and line[:1].isupper() and not re.search(r"[\d:]", line)
        if not heading or is_section_word(line) or all(w.lower() in _GENERIC for w in words):
            return ""  # the page goes on with its sections, a table or a list: about no one subject
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if not (prose(i + 1) or is_section_word(after)) or folded.count(after.casefold()) > 1:
            return ""  # a list of titles, or one of several sections with the same sub-headings
        return line
    return ""


# A title that is only a kind of review: "Serious Case Review", "Child Practice Review published".
_BARE_KIND = re.compile(
    r"(?:(?:a|the|new|local|concise|extended)\s+)*(?:serious\s+case|child\s+safeguarding\s+practice"
    r"|child\s+practice|learning|rapid|safeguarding\s+adults?)\s+reviews?(?:\s+published)?",
    re.I,
)
# What a review followed, in a news item's opening: "following the death of a young person who ...".
_OCCASION = re.compile(
    r"\b(?:following|after|into|about|on)\s+the\s+((?:death|serious\s+injur(?:y|ies)|injuries|serious\s+harm)"
    r"\s+(?:of|to)\s+(?:an?|two|three)\s+[^.,;:()]{3,50}?)(?=\s+(?:who|in|at|on|and|which|that|when|by|from)\b|[.,;:()]|$)",
    re.I,
)


def _occasion(pages: list[str]) -> str:
    """What a review followed, from the opening lines of running text on the first page, or ""."""
    prose = [ln for ln in (page_lines(pages[0]) if pages else [])[:40] if len(ln.split()) >= 8]
    match = _OCCASION.search(" ".join(prose[:6]))
    return " ".join(match.group(1).split()) if match else ""


def compose_title(main: str, subject: str = "", who: str = "", year: str = "") -> str:
    """``main`` with the subject, who made it and the year added where it does not already say them."""
    title = _trim(main, 120)
    if subject and not _says(title, subject):
        title = f"{title}: {subject}"
    extra = [part for part in (who, year) if part and not _says(title, part)]
    if extra:
        title = f"{title} ({', '.join(extra)})"
    return title


def record_slug(
    title: str, subject: str = "", area: str = "", kind: str = "", year: str = "", who: str = ""
) -> str:
    """A short, recognisable slug of at most about six words.

    Place, kind, subject and year when the document has a subject
    (``kingsford-cspr-child-m-2021``); else the place (or a one-word
    publisher such as NSPCC), the title's first words and the year.
    """
    place_words = [w for w in slugify(area, 6).split("-") if w not in {"and", "of", "the", "record"}]
    place = "-".join(place_words[:2]) if area else (slugify(who, 1) if who and len(who.split()) == 1 else "")
    if subject:
        # "Baby E and Baby F" is baby-e-baby-f: the joining word says nothing.
        named = " ".join(w for w in subject.split() if w.lower() not in {"and", "&"})
        parts = [place, _KIND_SHORT.get(kind, ""), slugify(named, 4), year]
        return "-".join(p for p in parts if p) or "record"
    if who and slugify(title.replace(who, " ")) != "record":
        title = title.replace(who, " ")
    title = _kind_of_topic(title, kind)
    words = [w for w in slugify(title, 30).split("-") if w != "record"]
    # Years go at the end, once; the place goes first, once.
    words = [w for w in words if not re.fullmatch(r"(?:19|20)\d\d", w) and w not in place.split("-")]
    room = SLUG_WORDS - (1 if year else 0) - (len(place.split("-")) if place else 0)
    kept = words[: max(room, 2)]
    while len(kept) > 1 and kept[-1] in _JOINING:
        kept.pop()  # a slug cut short ends on a word that says something: not "learning-from"
    parts = [place, *kept, year]
    return "-".join(p for p in parts if p) or "record"


# The words a kind of document is named in: "Multi-Agency Case File Audit", "Local Thematic Review".
_KIND_NAME_WORDS = frozenset(
    (  # noqa: SIM905
        "multi agency case file audit audits thematic learning review rapid serious practice child children "
        "safeguarding local national joint partnership concise extended"
    ).split()
)
_JOINING = frozenset("of the a an and or for from in into on to by with at".split())  # noqa: SIM905
# A title that names its kind and then what it is of: "A Multi-agency Audit of Core Groups".
_KIND_OF = re.compile(r"(?:(?:a|an|the)\s+)?(\S.{2,40}?)\s+(?:of|into)\s+(?:the\s+)?(\S.*)", re.I)


def _kind_of_topic(title: str, kind: str) -> str:
    """A title that names its kind and then what it is of, for a slug: the kind in its short name, then
    what it is of ("Multi-agency audit of core groups" is "audit core groups"), so that a slug cut
    to a few words still says what the document is about. Other titles are as they are."""
    match = _KIND_OF.fullmatch(title.strip())
    short = _KIND_SHORT.get(kind, "")
    if match is None or not short:
        return title
    words = set(re.findall(r"[a-z]+", match.group(1).lower()))
    named = find_kind(match.group(1), [])
    if named is None or named.value != kind or not words <= _KIND_NAME_WORDS:
        return title  # ("Lessons from an audit of ..." is not an audit's name)
    return f"{short.replace('-', ' ')} {match.group(2)}"


def distinct_title(title: str, taken: set[str], details: list[str]) -> str:
    """A title no other record has: ``title``, else with the first detail that makes it differ."""
    folded = {t.casefold() for t in taken}
    if title.casefold() not in folded:
        return title
    for detail in details:
        if not detail or _says(title, detail):
            continue
        candidate = f"{title} – {detail}"
        if candidate.casefold() not in folded:
            return candidate
    number = 2
    while f"{title} ({number})".casefold() in folded:
        number += 1
    return f"{title} ({number})"


# The short forms file names use for kinds of review and harms, spelled out as a title says them.
_FILE_SHORT = {
    "scr": "Serious Case Review",
    "scrs": "Serious Case Reviews",
    "cspr": "Child Safeguarding Practice Review",
    "csprs": "Child Safeguarding Practice Reviews",
    "lcspr": "Local Child Safeguarding Practice Review",
    "cpr": "Child Practice Review",
    "apr": "Adult Practice Review",
    "sar": "Safeguarding Adults Review",
    "sars": "Safeguarding Adults Reviews",
    "dhr": "Domestic Homicide Review",
    "silp": "SILP",
    "7mb": "7 Minute Briefing",
    "7mbs": "7 Minute Briefings",
    "cse": "Child Sexual Exploitation",
    "cce": "Child Criminal Exploitation",
    "csa": "Child Sexual Abuse",
    "nai": "Non-Accidental Injury",
    "fii": "Fabricated or Induced Illness",
    "multiagency": "Multi-agency",
    "lscb": "LSCB",
    "lscp": "LSCP",
    "scp": "SCP",
    "scb": "SCB",
    "mash": "MASH",
    "sudi": "SUDI",
    "jtai": "JTAI",
}


def file_title(file_name: str) -> str:
    """A title from a file name when the name says something ("CSPR_Child_M_final.pdf"), else "".

    Its short forms are spelled out ("scr" is "Serious Case Review", "7mb" "7 Minute Briefing"),
    since a title is read by people who may not know them; the partnership acronyms stay.
    """
    stem = re.sub(r"\.pdf$", "", file_name, flags=re.I)
    words = re.findall(r"[A-Za-z0-9]+", stem)
    meaningful = [w for w in words if len(w) > 2 and w.lower() not in _FILE_NOISE]
    if len(meaningful) < 2:
        return ""
    text = " ".join(_FILE_SHORT.get(w.lower(), w) for w in words if w.lower() not in _FILE_NOISE)
    return text[0].upper() + text[1:]


# What a word processor writes into a PDF's title: "Microsoft Word - BabyT_SCR_v1.2_FINAL.docx".
_APPLICATION = re.compile(r"^(?:Microsoft\s+(?:Word|PowerPoint|Excel)|Word|PowerPoint)\s+-\s+", re.I)
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|pptx?|xlsx?|odt|rtf)$|^\S*_\S*$", re.I)


def own_metadata_title(metadata_title: str) -> str:
    """A PDF's title entry when it is a title someone gave the document, else "".

    A word processor's name and a file's name ("Microsoft Word - BabyT_SCR_v1.2_FINAL.docx") say
    nothing a reader would call the document by: the cover's own title is read instead. A short
    entry typed in short forms ("7MB Jacob") has them spelled out, as a file name's are.
    """
    title = _APPLICATION.sub("", metadata_title.strip())
    if title != metadata_title.strip() or _FILE_NAME.search(title):
        return "" if _FILE_NAME.search(title) else title
    words = title.split()
    if 2 <= len(words) <= 4 and any(w.lower() in _SPELLED for w in words):
        return " ".join(_FILE_SHORT[w.lower()] if w.lower() in _SPELLED else w for w in words)
    return title


# The short forms a typed title entry is spelled out in: formats, not the review kinds a title keeps.
_SPELLED = frozenset({"7mb", "7mbs"})


def describe(
    pages: list[str],
    metadata_title: str = "",
    file_name: str = "",
    raw_pages: list[str] | None = None,
) -> Description:
    """Title, slug, kind, date, area, publisher and marking of a document, with the evidence for each.

    ``pages`` is the cleaned text of its pages, ``raw_pages`` the text as read
    (running headers and footers still in it, where markings are);
    ``metadata_title`` the PDF's own title entry, ``file_name`` the name to
    fall back on.
    """
    detected: dict[str, str] = {}
    metadata_title = own_metadata_title(metadata_title)
    # The cover is read line by line as it was set: cleaning joins a cover's short lines together.
    read = raw_pages if raw_pages is not None and any(p.strip() for p in raw_pages) else pages
    candidates = title_candidates(read, metadata_title)
    named = file_title(file_name)
    stem = re.sub(r"\.pdf$", "", file_name, flags=re.I).replace("_", " ").strip()
    # A document whose page has no line that reads as a title (an excerpt that starts mid-text) is
    # better known by a file name that says what it is.
    strong = candidates and (candidates[0][0] >= WEAK_TITLE or not named)
    main = readable_case(candidates[0][1]) if strong else ""
    if strong and candidates[0][2] > 1:
        # The title is on the second page (the first is furniture or a contents list): so is the cover.
        read = read[candidates[0][2] - 1 :]
    if main.islower():
        # The same title set with its capitals elsewhere on the page reads better.
        cased = (c[1][: len(main)] for c in candidates if c[1].casefold().startswith(main.casefold()))
        main = next((c for c in cased if not c.islower()), main)
        main = readable_case(main)
    if main and find_subject([], main) is not None and names_many_subjects(read):
        # A page that lists several reviews is known by its own heading, not by its first entry.
        heading = page_heading(read, metadata_title)
        main = heading or main
    subject = find_subject(read, main)
    if subject is not None and subject.evidence != main and in_issues(page_lines(read[0]) if read else []):
        subject = None  # a newsletter is about no one child: the child is its article's
    partnership = find_partnership(read) or find_unplaced_partnership(read)
    publisher = find_publisher(read)
    date = find_date(read, main)
    kind = find_kind(main or named, read)
    year = date.value[:4] if date else ""
    who = partnership.value if partnership else (publisher.value if publisher else "")
    if main:
        detected["title"] = f"p. {candidates[0][2]}: {main}"
    base = main or named or stem or "Untitled document"
    if main and kind is not None and kind.line != main:
        base = _with_format(main, kind.line)
    if main and _generic(main) and subject is None:
        heading = subject_heading(read, main)
        if heading:
            base = f"{base}: {heading}"
    if main and subject is None and _BARE_KIND.fullmatch(main):
        # A headline that only names a kind of review ("Serious Case Review") is known by what the
        # review followed, as its news item says: "Serious Case Review – death of a young person".
        occasion = _occasion(read)
        if occasion:
            base = f"{base} – {occasion}"
    source = find_source_review(read) if main else None
    if source is not None and not _NAMES_REVIEW.search(base):
        # A briefing is filed with the review it brings the learning of: "... – Manchester Rapid Review".
        base = f"{base} – {source.value}"
    # A period is named as practitioners write it: "2022/23".
    when = f"{date.value[:4]}/{date.value.split('/')[1][2:4]}" if date and "/" in date.value else year
    if date and re.fullmatch(r"\d{4}-\d\d-\d\d", date.value) and not _says(base, year):
        # A page dated to the day (a news item, a dated notice) is known by its month: "June 2017".
        when = f"{_MONTH_NAMES[int(date.value[5:7]) - 1]} {year}"
    title = compose_title(base, subject.value if subject else "", who, when)
    area = area_of(partnership.value) if partnership else ""
    for name, found in (("date", date), ("kind", kind)):
        if found is not None:
            detected[name] = found.evidence
    if partnership is not None and area:
        detected["area"] = partnership.evidence
    elif source is not None and base.endswith(source.value) and not _SUBJECT_START.match(source.value):
        # A local review is named after its area ("a Manchester Rapid Review"): the area, when no
        # partnership is named.
        area = _KIND_WORDS.sub("", source.value).strip()
        if area:
            detected["area"] = source.evidence
    publisher_name = partnership.value if partnership else (publisher.value if publisher else "")
    if publisher_name:
        detected["publisher"] = (partnership or publisher).evidence  # type: ignore[union-attr]
    marking = find_marking(raw_pages if raw_pages is not None else pages)
    status = ""
    if marking is not None:
        status = marking.status
        detected["status"] = marking.evidence
    kind_value = kind.value if kind else DEFAULT_KIND
    return Description(
        title=_trim(title, MAX_TITLE),
        slug=record_slug(
            # A file name's short forms make a shorter slug than the title that spells them out.
            main or (stem if named and base == named else title),
            subject.value if subject else "",
            area,
            kind_value,
            year,
            partnership.value if partnership else (publisher.value if publisher else ""),
        ),
        kind=kind_value,
        date=date.value if date else "",
        area=area,
        publisher=publisher_name,
        status=status,
        subject=subject.value if subject else "",
        marking=marking,
        detected=detected,
    )


__all__ = [
    "Description",
    "Found",
    "compose_title",
    "describe",
    "distinct_title",
    "own_metadata_title",
    "record_slug",
]
