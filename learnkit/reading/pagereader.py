"""The one page reader: raw page text as lines, with page furniture and contents lines found once.

pypdf gives each page as text with hard line breaks, look-alike characters,
bullet glyphs (some in symbol fonts' private-use area), page numbers, running
headers and footers and protective markings. :func:`read_pages` reads a
document's pages once into :class:`Reading`: per page, its lines with text,
each stripped and single-spaced, knowing

* whether a blank line came before it (a paragraph break),
* the bullet glyph or dash that opened it, if any (the glyph is taken off the text),
* whether it is page furniture: a page-number line ("Page 4 of 12", "- 4 -",
  "4 | Page") or a running header or footer (the same line, digits ignored, so
  a bare page number is one too, among the first or last two lines of
  at least a quarter of the pages, and of at least two, in a document of three
  pages or more; headings and numbered or bulleted lines never are),
* whether it is a protective marking ("OFFICIAL-SENSITIVE", "RESTRICTED"),
* whether it is a bare number alone on its line,
* whether it is a table-of-contents entry: a dot leader ("Findings ..... 7"), a
  section name with a page number after it ("Recommendations 12"), or, on a
  page that looks like a contents page, a heading with a page number after it
  or on the line under it.

Cleaning (:func:`learnkit.reading.pages.clean_pages`), findings, summaries and
theme detection all work from this one reading. Pure functions, no I/O.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from learnkit.reading import sections

# --------------------------------------------------------------------------- characters

# Characters replaced one by one before anything else. Ligatures are listed
# explicitly (NFKC would do them too) because they are the common case.
_CHAR_MAP = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\t": " ",
    "\r": "\n",
    "\f": "\n",
    "\v": "\n",
    "\u2028": "\n",
    "\u2029": "\n\n",
}
# Invisible characters that only get in the way of search.
_DROP = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# A soft hyphen ending a line marks where the typesetter broke a word.
_SOFT_BREAK_RE = re.compile(r"\u00ad[^\S\n]*\n[^\S\n]*")
# Control characters other than the newline (tab and friends are mapped above), and the replacement
# character pypdf leaves for a glyph it cannot map: each becomes a space.
CONTROL_RE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ufffd]")
# The map, the invisible characters and the controls as one table ("\r\n" is made "\n" before it).
_CHAR_TABLE = str.maketrans(
    {
        **{chr(c): " " for c in range(0x110) if CONTROL_RE.match(chr(c))},
        "\ufffd": " ",
        **dict.fromkeys(_DROP),
        **{key: value for key, value in _CHAR_MAP.items() if len(key) == 1},
    }
)
# Compatibility decompositions that change only the look of a character, not
# its meaning: mathematical bold letters, full-width forms, ligatures like "ĳ".
# Arabic presentation forms (<initial> and friends) fold to the letters search expects.
_SAFE_COMPAT_TAGS = (
    "<font>",
    "<wide>",
    "<narrow>",
    "<compat>",
    "<noBreak>",
    "<initial>",
    "<medial>",
    "<final>",
    "<isolated>",
)
_MAX_COMPAT_EXPANSION = 3
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
# The table as a pattern and what each character becomes: str.translate looks every character of a
# text that is not ASCII up in the table one by one, where the pattern skips to the few it changes.
_CHAR_TABLE_RE = re.compile("[" + "".join(re.escape(chr(key)) for key in sorted(_CHAR_TABLE)) + "]")
_CHAR_REPLACEMENTS = {
    chr(key): "" if value is None else value if isinstance(value, str) else chr(value)
    for key, value in _CHAR_TABLE.items()
}


def normalise_chars(text: str) -> str:
    """Ligatures, look-alikes, odd spaces and line breaks made plain; controls made spaces."""
    if text.isascii():  # (compatibility folding and composition change nothing in ASCII)
        return text.replace("\r\n", "\n").translate(_CHAR_TABLE)  # (quick on ASCII, kept ASCII)
    text = _NON_ASCII_RE.sub(lambda match: _compat(match.group()), text)
    text = unicodedata.normalize("NFC", text)
    text = _SOFT_BREAK_RE.sub("", text).replace("\r\n", "\n")
    return _CHAR_TABLE_RE.sub(lambda match: _CHAR_REPLACEMENTS[match.group()], text)


@functools.lru_cache(maxsize=4096)
def _compat(ch: str) -> str:
    decomposition = unicodedata.decomposition(ch)
    if not decomposition.startswith(_SAFE_COMPAT_TAGS):
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    if not folded.strip():
        return " "  # the many widths of space
    if len(folded) > _MAX_COMPAT_EXPANSION or any(c.isspace() for c in folded):
        return ch  # spacing accents and long expansions carry more than looks
    return folded


# --------------------------------------------------------------------------- bullets

_PUA = "\ue000-\uf8ff"
# Bullet glyphs: solid and hollow dots, squares, diamonds, triangles, arrowheads, ticks.
BULLET_GLYPHS = (
    "\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2219\u25a0\u25a1\u25cb"
    "\u25c6\u25c7\u25ba\u25b6\u27a2\u27a4\u2713\u2714\u2756\u25fc\u25fe"
)
# A bullet glyph anywhere, or a private-use glyph opening a line or standing
# on its own (inside a word a private-use glyph is just dropped). Whitespace
# before it is eaten only up to the line start, so paragraph breaks survive.
_BULLET_RE = re.compile(
    rf"(?:^[^\S\n]*[{_PUA}]+|[^\S\n]*(?:[{BULLET_GLYPHS}]+|(?<=\s)[{_PUA}]+(?=\s|$)))\s*", re.MULTILINE
)
_PUA_RE = re.compile(f"[{_PUA}]+")
# What every match of _BULLET_RE and _PUA_RE holds: a bullet glyph or a private-use character.
_GLYPH_RE = re.compile(f"[{BULLET_GLYPHS}{_PUA}]")
# Where a bullet was: a mark, the glyph (private-use glyphs as "\u2022"), a mark.
_MARK, _MARK_END = "\x01", "\x02"
# A hyphen, dash or star opening a line, used as a bullet.
_DASHES = "-\u2013*"
_DASH_BULLET_RE = re.compile(rf"^([{_DASHES}])\s+(?=\S)")
_LINE_OPENERS = _MARK + _DASHES

# --------------------------------------------------------------------------- furniture

_PAGE_NUMBER_RE = re.compile(
    r"^(?:"
    r"(?:page|pg\.?|p\.)\s*\|?\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:of|/)\s*\d{1,4}"
    r"|[-–—]\s*\d{1,4}\s*[-–—]"
    r"|\d{1,4}\s*\|\s*p\s?a\s?g\s?e"
    r")$",
    re.IGNORECASE,
)
# "Page 4 of 12" glued to the start or end of a line of text when wrapped lines were joined.
# What a page-number line can open with (besides a digit, \d): looked at before the pattern is tried.
_PAGE_NUMBER_OPENERS = "pP-\u2013\u2014"
_PAGE_OF = r"page[^\S\n]+\d{1,4}[^\S\n]+of[^\S\n]+\d{1,4}"
_PAGE_OF_RE = re.compile(_PAGE_OF, re.IGNORECASE)
# The same in lower-case text: ASCII text lowered keeps every character's place, and a pattern with its
# letters as they are is found by a quick literal search where the case-blind one tries every "p".
_PAGE_OF_LOWER_RE = re.compile(_PAGE_OF)
_MAX_MARKING_CHARS = 30  # (the longest marking below is 24 characters)
_MARKING_RE = re.compile(
    r"^(?:official(?:[- ]sensitive)?|confidential|restricted|not protectively marked|draft|"
    r"not for (?:publication|circulation)|strictly confidential)$",
    re.IGNORECASE,
)
_DIGITS_RE = re.compile(r"\d\d*")  # (as "\d+", written so the regex engine skips to a digit)
_LOWER_LETTER_RE = re.compile(r"[a-z]")
# "1.", "1)", "2.3", "(a)", "a)", "iv." opening a line: a numbered item, never a running line.
ITEM_RE = re.compile(
    r"^(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+|\(?[a-z][.)]|\(?[ivx]{1,5}[.)])\s+\S"
)
_EDGE_LINES = 2
_MIN_PAGES_FOR_RUNNING = 3

# --------------------------------------------------------------------------- contents

# A dot leader: four dots (a space may follow each), two ellipses, four underscores or four middle dots.
# (Each branch opens with its character written out, not repeated ("……+", not "…{2,}"), which lets
# the regex engine skip to where one is.)
_LEADER = r"\.(?:\s?\.){3,}\s?|……+|____+|·(?:\s?·){3,}\s?"
LEADER_RE = re.compile(_LEADER)
_LEADER_LINE_RE = re.compile(rf"^(?P<title>.*?\S)\s*(?:{_LEADER})\s*(?:\d{{1,3}}|[ivxlc]{{1,6}})?$")
_TRAILING_PAGE_RE = re.compile(r"^(?P<title>.*?[^\d\s.])\s+(?P<page>\d{1,3})$")
# A contents entry whose page number says "Page": "Summary Page 8", "SummaryPage 8".
_PAGE_SUFFIX_RE = re.compile(r"^(?P<title>.*?[A-Za-z)])\s*(?:page|p\.)\s*\d{1,3}$", re.IGNORECASE)
_CONTENTS_RE = re.compile(r"^(?:table\s+of\s+)?contents?:?$", re.IGNORECASE)
_MAX_CONTENTS_CHARS = 300


class Line(NamedTuple):
    """One line of a page that holds text."""

    text: str  # stripped, single-spaced, without the bullet that opened it
    bullet: str = ""  # the glyph or dash that opened the line as a list item; "" for none
    blank_before: bool = False  # a paragraph break came before it
    furniture: bool = False  # a page number, running header or footer: not the document's text
    marking: bool = False  # a protective marking ("OFFICIAL-SENSITIVE")
    number: bool = False  # a bare number alone on its line
    contents: bool = False  # a table-of-contents entry


@dataclass(frozen=True, slots=True)
class Page:
    """One page's lines with text, in reading order."""

    lines: tuple[Line, ...]

    def text_lines(self) -> list[Line]:
        """The lines that are the document's text: everything but page furniture."""
        return [line for line in self.lines if not line.furniture]


@dataclass(frozen=True, slots=True)
class Reading:
    """A document's pages as the page reader read them; index 0 is page 1."""

    pages: tuple[Page, ...]


def read_pages(pages: Sequence[str] | Reading) -> Reading:
    """Read a document's raw page texts (one string per page) into lines, furniture and contents found.

    A :class:`Reading` given is returned as it is, so callers may take either.
    """
    if isinstance(pages, Reading):
        return pages
    split = [_raw_lines(normalise_chars(str(page))) for page in pages]
    _unglue_headers(split)
    furniture: dict[int, set[int]] = {}
    for k, i in _furniture(split):
        furniture.setdefault(k, set()).add(i)
    read: list[Page] = []
    nothing: set[int] = set()
    for k, lines in enumerate(split):
        # Bare numbers: one to four digits alone on the line (what a bare page number is).
        numbers = [len(text) <= 4 and text.isdecimal() for text, _, _ in lines]
        contents = _contents_lines(lines, numbers)
        dropped = furniture.get(k, nothing)
        read.append(
            Page(
                tuple(
                    [
                        _new_line(
                            Line,
                            (
                                text,
                                bullet,
                                blank,
                                i in dropped,
                                len(text) <= _MAX_MARKING_CHARS and _MARKING_RE.match(text) is not None,
                                number,
                                i in contents,
                            ),
                        )
                        for i, ((text, bullet, blank), number) in enumerate(zip(lines, numbers, strict=True))
                    ]
                )
            )
        )
    return Reading(tuple(read))


# A Line made from all its fields in order, by the tuple's own constructor: the named tuple's __new__
# is a Python function, called for every line of every page (tests check every field is filled).
_new_line = tuple.__new__


def is_page_number(text: str) -> bool:
    """Whether a line is only a page number: "Page 4 of 12", "4 / 12", "- 4 -", "4 | Page"."""
    return _PAGE_NUMBER_RE.match(text.strip()) is not None


def is_contents_entry(text: str) -> bool:
    """Whether one line reads as a table-of-contents entry on its own: a dot leader, or a section's
    name with a page number after it ("Recommendations 12")."""
    text = " ".join(text.split())
    if len(text) > _MAX_CONTENTS_CHARS:
        return False
    leader = _leader_line(text)
    if leader and len(leader.group("title").split()) <= 14:
        return True
    title = _trailing_title(text)
    return bool(title and sections.known_heading(title) and not sections.item_heading(text))


def _leader_line(text: str) -> re.Match[str] | None:
    # The whole-line pattern backtracks through a long line; a line without a leader is turned down first.
    return _LEADER_LINE_RE.match(text) if LEADER_RE.search(text) else None


def _trailing_title(text: str) -> str | None:
    """The title of a line that ends in a page number ("Recommendations 12", "SummaryPage 8"), or None."""
    if not text[-1:].isdigit():
        return None
    match = _TRAILING_PAGE_RE.match(text) or _PAGE_SUFFIX_RE.match(text)
    return match.group("title") if match else None


# --------------------------------------------------------------------------- lines

_RawLine = tuple[str, str, bool]  # text, bullet, blank line before


def _raw_lines(text: str) -> list[_RawLine]:
    """A page's lines with text, stripped and single-spaced, bullets taken off into their own field."""
    # (Every bullet glyph is outside ASCII, and most pages have none: the patterns, which try every
    # character, are run only on a page that has one.)
    if not text.isascii() and _GLYPH_RE.search(text):
        text = _BULLET_RE.sub(lambda match: _bullet(text, match.start(), match.group()), text)
        text = _PUA_RE.sub("", text)
    lines: list[_RawLine] = []
    blank = False
    text = _unglue_page_numbers(text)
    for raw in text.split("\n"):
        line = raw.strip()
        # After normalise_chars an ASCII line's only whitespace is the space, so without two in a row it is
        # single-spaced already.
        if "  " in line or not line.isascii():
            line = " ".join(line.split())
        if not line:
            blank = bool(lines)
            continue
        bullet = ""
        if line[0] in _LINE_OPENERS:  # (most lines open with neither a bullet's mark nor a dash)
            while line.startswith(_MARK):  # (glyphs in a row, or on lines of their own, open one item)
                bullet, _, line = line[1:].partition(_MARK_END)
                line = line.strip()
            if bullet and not line:
                continue  # a bullet with nothing after it on its line: its item is on the next
            if not bullet and line[0] in _DASHES and not _PAGE_NUMBER_RE.match(line):
                dash = _DASH_BULLET_RE.match(line)
                if dash:
                    bullet, line = dash.group(1), line[dash.end() :]
        lines.append((line, bullet, blank))
        blank = False
    return lines


def _unglue_page_numbers(text: str) -> str:
    """ "Page 4 of 12" cut out of a line of text it was glued to when wrapped lines were joined; a line
    that is only that is a page-number line, and is left whole."""
    kept: list[str] = []
    last = 0
    found = _PAGE_OF_LOWER_RE.finditer(text.lower()) if text.isascii() else _PAGE_OF_RE.finditer(text)
    for match in found:
        start, end = match.span()
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end) % (len(text) + 1)  # (the end of the text when it is the last line)
        alone = not text[line_start:start].strip() and not text[end:line_end].strip()
        apart = (start == line_start or text[start - 1].isspace()) and (
            end == line_end or text[end].isspace()
        )
        if apart and not alone:
            kept.append(text[last:start])
            last = end
    kept.append(text[last:])
    return "".join(kept)


def _bullet(text: str, at: int, found: str) -> str:
    glyph = next((ch for ch in found if ch in BULLET_GLYPHS), "\u2022")
    mark = f"{_MARK}{glyph}{_MARK_END}"
    at_line_start = at == 0 or text[at - 1] == "\n"
    return mark if at_line_start else "\n" + mark


def _unglue_headers(pages: list[list[_RawLine]]) -> None:
    """Cut a running header off the start of a page's first line when it was glued to the text under it.

    Text joined before it reached us can read "Serious Case Review: Child D recorded on the
    file...": another page's first line, then a sentence carried on in lowercase from the page
    before.
    """
    firsts = {lines[0][0] for lines in pages if lines}
    headers = [h for h in firsts if 2 <= len(h.split()) <= 12 and not _protected(h, "")]
    # Only a header with the line's own first word can open it: each line is tried against those alone
    # (in the same order), not against every other page's first line.
    by_first_word: dict[str, list[str]] = {}
    for header in headers:
        by_first_word.setdefault(header.split(" ", 1)[0], []).append(header)
    for lines in pages:
        if not lines:
            continue
        text, bullet, blank = lines[0]
        for header in by_first_word.get(text.split(" ", 1)[0], ()):
            if text.startswith(header + " "):
                rest = text[len(header) :].lstrip()
                if rest[:1].islower():
                    lines[0] = (rest, bullet, blank)
                    break


def _protected(text: str, bullet: str) -> bool:
    """Lines never taken for running headers: long ones, list items and headings of the report's parts."""
    return bool(bullet or ITEM_RE.match(text) or sections.names_a_section(text))


def _key(text: str) -> str:
    return _DIGITS_RE.sub("#", text).casefold()


def _furniture(pages: list[list[_RawLine]]) -> set[tuple[int, int]]:
    """(page index, line index) of every page-number line and running header or footer."""
    found: set[tuple[int, int]] = set()
    edges: list[list[int]] = []
    for k, lines in enumerate(pages):
        numbers = [
            i
            for i, (text, _, _) in enumerate(lines)
            if (text[0] in _PAGE_NUMBER_OPENERS or text[0].isdecimal()) and _PAGE_NUMBER_RE.match(text)
        ]
        found.update((k, i) for i in numbers)
        # The first and last lines that are not page numbers: among the first and last few lines.
        reach = _EDGE_LINES + len(numbers)
        first = [i for i in range(min(reach, len(lines))) if i not in numbers][:_EDGE_LINES]
        last = [i for i in range(max(0, len(lines) - reach), len(lines)) if i not in numbers][-_EDGE_LINES:]
        edges.append(sorted(set(first + last)))
    if len(pages) < _MIN_PAGES_FOR_RUNNING:
        return found
    threshold = max(2, math.ceil(len(pages) / 4))
    seen: Counter[str] = Counter()
    for k, at in enumerate(edges):
        seen.update({_key(pages[k][i][0]) for i in at})
    # A running line has words, or is a page's bare number ("#": digits are ignored).
    running = {
        key
        for key, count in seen.items()
        if count >= threshold and (key == "#" or len(_LOWER_LETTER_RE.findall(key)) >= 3)
    }
    drop = {
        (k, i)
        for k, at in enumerate(edges)
        for i in at
        if _key(pages[k][i][0]) in running and not _protected(*pages[k][i][:2])
    }
    gone = found | drop
    if all(all((k, i) in gone for i in range(len(lines))) for k, lines in enumerate(pages)):
        return found  # a document whose only text repeats on every page: that text is its content
    return found | drop


def _contents_lines(lines: list[_RawLine], numbers: list[bool]) -> set[int]:
    """The indices of a page's table-of-contents lines (``numbers``: which lines are bare numbers).

    Only a line with a dot leader, a trailing page number or a bare number under it can be one.
    """
    texts = [text for text, _, _ in lines]
    leaders = LEADER_RE.search("\n".join(texts)) is not None  # (looked for line by line only if on the page)
    candidates: dict[int, tuple[re.Match[str] | None, str | None, bool]] = {}
    last = len(texts) - 1
    # Without leaders only a line ending in a digit or over a bare number can be one: the others are
    # passed over in one quick pass.
    maybe = (
        range(len(texts))
        if leaders
        else [i for i, text in enumerate(texts) if text[-1].isdigit() or (i < last and numbers[i + 1])]
    )
    for i in maybe:
        text = texts[i]
        if numbers[i] or len(text) > _MAX_CONTENTS_CHARS:
            continue
        leader = _leader_line(text) if leaders else None
        title = _trailing_title(text) if text[-1].isdigit() else None
        number_under = i < last and numbers[i + 1]
        # "Recommendation 3" is an item's heading, not "Recommendations" and the page it starts on.
        if (leader or title or number_under) and not sections.item_heading(text):
            candidates[i] = (leader, title, number_under)
    if not candidates:
        return set()

    def names_section(title: str) -> bool:
        number, rest = sections.split_heading_number(title)
        return bool(
            sections.section_kind(rest)
            or sections.OTHER_PARTS_RE.match(rest)
            or (
                number is not None
                and sections.number_tuple(number) is not None
                and sections.heading_like(title)[0]
            )
        )

    judged: list[bool] = []

    def contents_page() -> bool:
        """Whether the page looks like a contents page (worked out once, and only if it is asked)."""
        if not judged:
            likely = sum(
                1
                for i, (leader, title, number_under) in candidates.items()
                if i < 200 and (leader or names_section(title or texts[i] if (title or number_under) else ""))
            )
            judged.append(likely >= 3 or any(_CONTENTS_RE.match(text) for text in texts if len(text) <= 20))
        return judged[0]

    found: set[int] = set()
    for i, (leader, title, number_under) in candidates.items():
        text = texts[i]
        if leader and len(leader.group("title").split()) <= 14:
            found.add(i)
        elif title and sections.known_heading(title):
            found.add(i)  # "Recommendations 12": a name and a page number
        elif (
            (title and sections.heading_like(title)[0]) or (number_under and sections.heading_like(text)[0])
        ) and contents_page():
            found.add(i)
        elif number_under and i + 1 < len(texts) - 1 and sections.known_heading(text):
            # A known heading with a page number under it is a contents entry, unless the number is the
            # page's own footer at the bottom of the page.
            found.add(i)
    return found
