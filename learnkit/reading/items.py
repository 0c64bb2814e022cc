"""The items of a list in a report: their markers, the sentences they are made of, and their text.

A findings section lists its points as bulleted or numbered items ("• ...",
"4.2 ...", "(a) ..."), as a lead-in's list ("The following were found:"), or as
the sentences of a labelled paragraph. This module recognises an item's marker,
where a line or a sentence ends, the lead-in a sentence makes, and turns an
item's wrapped lines into the text of one point. Pure functions on lines of
text; the headings and labels items sit under are recognised in
:mod:`learnkit.reading.sections`.

The findings walker (:mod:`learnkit.reading.findings`) uses it to build items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from learnkit.reading.sections import (
    CLOSERS,
    SPACES_RE,
    ends_with_connector,
    heading_like,
    lead_in,
    starts_upper,
)

# A dash opens an item only before the item's text: a word, a quote or a bracket.
_ITEM_TEXT_START_RE = re.compile(r"[\w\"'“‘(]")
_BULLET_RE = re.compile(
    r"^(?:(?P<glyph>[•●▪■◦○◆◇►▶➢➤✓✔∙\uf000-\uf0ff])\s*|(?P<dash>[-–—*·o])\s+)(?P<rest>.*)$"
)
_NUMBER_RE = re.compile(
    r"^(?:"
    r"\((?P<paren>\d{1,2}|[a-z]|[ivx]{1,4})\)"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?P<numsep>[.)])?"
    r"|(?P<letter>[a-z]|[ivx]{1,4}|[A-Z])(?P<lettersep>[.)])"
    r")(?:\s+(?P<rest>\S.*)|$)"
)

TERMINAL = ".!?:;"
SENTENCE_END_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z])")
# "These include:", "They are:": a lead-in that names its list in the sentence before.
_THESE_INCLUDE_RE = re.compile(
    r"^[\"'“‘]?(?:these|they|which|this|those)\s+(?:include[sd]?|are|were|is)\s*:$", re.I
)


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence or a clause (a full stop, "?", "!", ":" or ";", before any closers)."""
    stripped = text.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def title_line(text: str) -> bool:
    """A short line that names what follows ("Hidden men") rather than saying it."""
    if ends_sentence(text) or ends_with_connector(text) or not starts_upper(text):
        return False
    return len(text.split()) <= 6 or heading_like(text)[0]


@dataclass
class Marker:
    """The marker that opens a line as a list item, and the item's text after it."""

    kind: str  # "bullet" or "number"
    number: str
    rest: str
    glyph: str = ""
    strong: bool = False  # unambiguous: "1)", "(a)", "a.", or a bullet glyph


def item_marker(text: str) -> Marker | None:
    """The bullet ("•", "- ") or number ("4.2", "3.", "1)", "(a)", "ii.") a line opens with, if any."""
    bullet = _BULLET_RE.match(text)
    if bullet:
        glyph = bullet.group("glyph") or bullet.group("dash") or ""
        rest = bullet.group("rest").strip()
        if glyph == "o" and not starts_upper(rest):
            return None
        if glyph in "-–—*·" and rest and not _ITEM_TEXT_START_RE.match(rest):
            return None
        return Marker("bullet", "", rest, glyph=glyph, strong=True)
    match = _NUMBER_RE.match(text)
    if not match:
        return None
    rest = (match.group("rest") or "").strip()
    if match.group("paren"):
        return Marker("number", match.group("paren"), rest, strong=True)
    if match.group("letter"):
        letter = match.group("letter")
        if letter in ("I", "A") and match.group("lettersep") == "." and rest and not starts_upper(rest):
            return None
        return Marker("number", letter, rest, strong=True)
    number = match.group("num")
    if match.group("numsep") == ")":
        return Marker("number", number, rest, strong=True)
    if rest and not starts_upper(rest):
        return None  # "3 agencies were involved" is a wrapped line, not an item
    return Marker("number", number, rest, strong=match.group("numsep") == ".")


def starts_item(text: str) -> bool:
    """Whether a line opens with an unambiguous item marker: a bullet, "a)", "(ii)", "b."."""
    marker = item_marker(text)
    return marker is not None and marker.strong


def lead_in_of(sentence: str, before: str) -> str | None:
    """The list a sentence ending in a colon introduces (the last sentence of the text so far), or
    for "These include:" the list the sentence before it names."""
    last = SENTENCE_END_RE.split(sentence)[-1]
    kind = lead_in(last)
    if kind is None and _THESE_INCLUDE_RE.match(last):
        kind = lead_in(SENTENCE_END_RE.split(before)[-1].rstrip(" .") + " include:")
    return kind


# The bodies a recommendation is addressed to: "The board", "Children's social care", "All agencies", "The
# ICB", "NHS England and the local authority". A noun from this list or an acronym must be in the subject.
_AGENCY_NOUNS = (
    r"boards?|partnerships?|partners|agency|agencies|authority|authorities|council|councils|police|constabulary|"
    r"force|services?|care|health|trusts?|schools?|colleges?|academ(?:y|ies)|nurser(?:y|ies)|providers?|"
    r"commissioners?|organi[sz]ations?|department|teams?|units?|hub|government|office|groups?|sub-?groups?|"
    r"committee|hospitals?|practices?|probation|housing|education|leads?|ofsted|cafcass|nhs"
)
# What opens a recommendation addressed to one of them: the body as the subject (a few words, none of them
# a pronoun or a word that opens a clause) and "should", "must" or "will" ("The board should ensure ...").
_ADDRESSED_RE = re.compile(
    r"^(?P<subject>(?:(?!(?:this|that|these|those|it|its|they|there|he|she|we|i|you|when|if|where|which|who|"
    r"while|as|because|after|before|although|once|following)\b)[\w’'&-]+,?\s+){1,7}?)"
    r"(?:should|must|will|shall)\s+[a-z]",
    re.IGNORECASE,
)
_AGENCY_RE = re.compile(rf"\b(?:{_AGENCY_NOUNS})\b", re.IGNORECASE)
_ACRONYM_RE = re.compile(r"\b[A-Z]{2,6}s?\b")  # "ICB", "MASH", "LSCP", "DSLs"
_MODALS = (" should ", " must ", " will ", " shall ")


def addressed_to_agency(text: str) -> bool:
    """Whether a line opens a sentence that asks a body to act, as a recommendation does: "The board should
    ...", "Children's social care must ...", "The ICB will ..." (not "They should ..." or "When the police
    attend they will ...")."""
    if not starts_upper(text) or not any(modal in text for modal in _MODALS):
        return False  # (a cheap look: most lines hold no modal verb)
    match = _ADDRESSED_RE.match(text)
    if match is None:
        return False
    subject = match.group("subject")
    return _AGENCY_RE.search(subject) is not None or _ACRONYM_RE.search(subject) is not None


def join_lines(parts: list[str]) -> str:
    """An item's wrapped lines as one text, single-spaced, words broken at a line's end joined again."""
    text = ""
    for part in parts:
        if not text:
            text = part
        elif text.endswith("-") and not text.endswith(" -") and part[:1].islower():
            text += part  # a word broken at the line end: "multi-" + "agency"
        else:
            text += " " + part
    return SPACES_RE.sub(" ", text).strip()


# "The review found that ...", "With hindsight the review identified ...": narrative that reports what a
# review found, after a labelled sentence, is not one of its points.
_REPORTING_RE = re.compile(
    r"^(?:with\s+hindsight,?\s+|however,?\s+)?(?:the|this|our|my)\s+(?:\w+\s+)?(?:review|reviews|reviewers?|"
    r"audit|audits|panel|inspection|report)\s+(?:also\s+)?(?:found|identified|concluded|noted|warned|said|"
    r"finds|identifies|concludes|notes|says|calls|highlighted|highlights|showed|shows)\b",
    re.IGNORECASE,
)


def labelled_sentences(text: str) -> list[str]:
    """The sentences of a labelled sentence's paragraph, less those that report what a review found."""
    sentences = SENTENCE_END_RE.split(text)
    # (a short title line that the paragraph ran into, "Reasons case reviews were commissioned", is not one)
    return sentences[:1] + [s for s in sentences[1:] if not _REPORTING_RE.match(s) and not title_line(s)]


# A title that says the document is learning from reviews or audits: "Learning lessons from case file audits".
_LEARNING_TITLE_RE = re.compile(
    r"\b(?:learning|lessons)(?:\s+(?:lessons|learn(?:ed|t)))?\s+(?:from|for)\s+(?:\S+\s+){0,3}?"
    r"(?:reviews?|audits?|scrs?|csprs?|cases)\b",
    re.IGNORECASE,
)


def learning_title(text: str) -> bool:
    """Whether a document's title line says it is learning from reviews or audits."""
    return _LEARNING_TITLE_RE.search(text) is not None


_TRAILING_JOINER_RE = re.compile(r"(?:[;,]\s*(?:and|or)?|\s+(?:and|or))$")
# After an item's last full stop, only capitals: the next cell of a table row ("... each year. KSCP").
_TABLE_CELL_RE = re.compile(r"(?<=[.!?])(?:\s+[A-Z][A-Z&/]{1,9}){1,3}$")


def finish_item(text: str, max_chars: int) -> str:
    """An item's text as a point: without a trailing joiner ("; and") or table cell, cut to ``max_chars``."""
    text = _TABLE_CELL_RE.sub("", text.strip(" -–—:"))
    # The pattern is anchored at the end, but a regex tries it from every position: look at the end first.
    if text.endswith((";", ",", "and", "or")):
        text = _TRAILING_JOINER_RE.sub("", text)
    text = text.strip()
    if len(text) > max_chars:
        cut = text[:max_chars].rsplit(" ", 1)[0]
        text = cut.rstrip(" ,;:") + "…"
    return text
