"""Who a review is about: the child, young person, siblings or family its cover names.

"Child M", "Baby L", "Family T", "Sibling Group A", a child named in quotes on a cover ("'Harry'"),
a subject after its label ("in respect of Child C", "SUBJECTS Abigail and her siblings"). A page that
names several is a list of reviews, about none of them. Pure functions over page text;
learnkit.knowledge.metadata reads titles with :data:`SUBJECT`, learnkit.knowledge.describe adds the
subject to a title that leaves it out.
"""

from __future__ import annotations

import re

from learnkit.knowledge.found import Found, page_lines

__all__ = ["SUBJECT", "find_subject", "names_many_subjects", "subject_text"]

SUBJECT = re.compile(
    # (the kind word in capitals too, as a cover in capitals sets it: "FAMILY W")
    r"\b(?:Child(?:ren)?|Baby|Babies|Infant|Family|Young Person|Siblings?|Sibling Group|Adult"
    r"|CHILD(?:REN)?|BABY|INFANT|FAMILY|YOUNG PERSON|SIBLINGS?|SIBLING GROUP)\s+"
    r"(?:[‘'][A-Z]{1,3}\d{0,2}[’']|[A-Z]{1,3}\d{0,2}|\d{1,3})(?:\s*(?:,|and|&)\s*(?:(?:Child|Baby)\s+)?[A-Z]{1,3}\d{0,2}(?![\w']))*"
    r"(?![\w'])"
)
_NAMED_SUBJECT = re.compile(
    r"\b(?:in respect of|concerning|regarding|into the death of|subjects?:?)\s+"
    r"((?:Child|Baby|Infant|Family)\s+\w+|[A-Z][a-z]{2,}(?:\s+and\s+(?:her|his)\s+siblings?)?)\b",
    re.I,
)
_NOT_NAMES = frozenset(
    ("the a an this that his her their child children baby family safeguarding").split()  # noqa: SIM905
)


def find_subject(pages: list[str], title: str = "") -> Found | None:
    """The child or family a review is about ("Child M", "Baby L", "Family T"), from its title or cover.

    None when the cover names several (a list of reviews, a briefing on many cases).
    """
    if title:
        match = SUBJECT.search(title) or _named(title)
        if match:
            return Found(subject_text(match), 1, title)
    for n, page in enumerate(pages[:2], start=1):
        lines = page_lines(page)[:40]
        text = " ".join(lines)
        subjects = {subject_text(m) for m in SUBJECT.finditer(text)}
        if len(subjects) > 2:
            return None
        for i, line in enumerate(lines):
            match = SUBJECT.search(line) or _named(line)
            if match is None and re.search(r"\b(?:in respect of|concerning|subjects?)$", line, re.I):
                following = (lines[i + 1] if i + 1 < len(lines) else "").strip("'‘’\"“”")
                match = SUBJECT.match(following) or _named("concerning " + following)
            if match is None and i < 12:
                # A cover names a child by a given name set in quotes on a line of its own: "'Harry'".
                match = re.fullmatch(r"[‘'\"“]([A-Z][a-z]{2,})[’'\"”]", line.strip())
            if match:
                return _fullest(Found(subject_text(match), n, line), lines[i + 1 :])
    return None


def _fullest(found: Found, after: list[str]) -> Found:
    """The subject as the page names it in full further on: a running header cut short names
    "Abigail" of "Abigail and her siblings"."""
    for line in after:
        # (on a line of its own, under its label: "SUBJECTS" / "Abigail and her siblings")
        match = _named(line) or _named("subjects " + line)
        if match is not None:
            text = subject_text(match)
            if text.startswith(found.value) and len(text) > len(found.value):
                return Found(text, found.page, line)
    return found


def _named(line: str) -> re.Match[str] | None:
    match = _NAMED_SUBJECT.search(line)
    if match and match.group(1).split()[0].lower() not in _NOT_NAMES | {"child", "baby", "infant", "family"}:
        return match if match.group(1)[0].isupper() else None
    if match and match.group(1).split()[0].lower() in {"child", "baby", "infant", "family"}:
        return match if SUBJECT.match(match.group(1)) else None
    return None


def subject_text(match: re.Match[str]) -> str:
    text = match.group(1) if match.re is not SUBJECT else match.group(0)
    words = text.split()
    if match.re is SUBJECT and words[0].isupper():
        # "FAMILY W" is written "Family W"; the letters that name the child stay as they are.
        words = [w.title() if w.isupper() and len(w) > 3 else w for w in words]
    return " ".join(words).strip(" ,&")


def names_many_subjects(pages: list[str]) -> bool:
    """Whether the first page names more than two children or families: a list of reviews."""
    text = " ".join(page_lines(pages[0])[:40]) if pages else ""
    named = {
        re.sub(r"^(?:Child|Baby|Infant|Family)\s+", "", part.strip(" ,&"))
        for m in SUBJECT.finditer(text)
        for part in re.split(r",|\band\b|&", subject_text(m))
    }
    return len(named - {""}) > 2
