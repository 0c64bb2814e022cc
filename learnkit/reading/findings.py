"""Pull learning, good practice and recommendations out of a report's page text.

Review and audit reports put what they teach under headings ("Key findings",
"Learning points", "What worked well", "Recommendations"...), as numbered or
bulleted items that wrap over lines and pages. :func:`extract_findings` finds
those sections and splits them into :class:`~learnkit.models.Point` items;
:func:`fill_record` puts them into a record's empty lists. Pure functions on
text: no I/O, no outside libraries.

The heuristics, in the order they are applied (the README documents them):

1. Page furniture goes first: page-number lines ("Page 4 of 12", "- 4 -",
   "4 | Page"), lone page numbers, protective markings ("OFFICIAL"), and short
   lines repeated in the top or bottom three lines of at least a quarter of the
   pages (running headers and footers; digits ignored). Section names and
   numbered or bulleted lines are never taken for furniture.
2. Table-of-contents lines never open a section: lines with dot leaders, a
   section name with a page number after it ("Recommendations 12"; the
   singular "Recommendation 12" is an item), and, on a page that looks like a
   contents page ("Contents", or three such lines), a heading followed by a
   page-number line.
3. A section opens at a short line naming a known section, optionally
   numbered ("4. Findings", "Section 4: Key learning", "KEY FINDINGS",
   "What worked well?"), or at an item heading ("Finding 2", "Recommendation
   3:", "Learning point 1 -"). Findings, learning, lessons, key messages and
   areas for improvement or development go to learning; good practice,
   strengths and what worked well to good practice. It closes at the heading of
   any other section: a numbered heading that is not a child of the section's
   number ("5. Conclusion" closes "4. Findings"; "4.1 ..." does not), a name
   from a list of other report parts (Appendix, Glossary, Methodology,
   Background, Terms of reference...), a short Title Case line or a short
   question.
4. A heading never interrupts a sentence: a line between one that leaves a
   sentence unfinished (no full stop, or ending "and", "of the"...) and one
   that carries it on in lowercase is not a heading, and if it sits at a page
   edge it is dropped as a running header that escaped step 1.
5. Inside a section, numbered ("4.2", "3.", "1)", "(a)", "ii.") and bulleted
   lines start items, unless the line before runs on into them. An item whose
   text ends with ":" takes the lower-level items under it (bullets or letters
   under a number). Unmarked paragraphs before the first marked item introduce
   the list and are dropped, as is any unmarked lead-in ending with ":" (and,
   where nothing is marked, what comes before a lead-in among a section's
   first three paragraphs). Where
   nothing is marked, each paragraph is an item: in raw PDF text a paragraph
   ends at a blank line or a line that stops short of the margin; in text whose
   wrapped lines were already joined (learnkit.reading.pages.clean_pages, recognised by
   having almost no lines that carry on in lowercase) every line is a unit.
   A short title line ("Hidden men") is joined to the text under it.
6. Items keep their numbering in ``number`` and the page they start on; wrapped
   lines and page breaks are joined; items under four words are dropped, long
   items are cut at 1,200 characters, lists at 60 items, and repeats removed.

Speed (the results are those of the steps above, taken literally): a document
is read as one text and flat lists of lines (``_read_lines``): where it is ASCII
and already tidy it is split in one go, and "page", the name hints and dot
leaders are each looked for once in the whole text, the flags found being
carried through the lines that go. Every section name and item label holds one
of a few words (``_NAME_HINTS``), so a line without any heads nothing, nor does
one that _item_heading and _known_heading both turn down (``_Doc.heads``).
While no section is open a run of such lines is passed over but for its last
few (``_Walker.settle``); inside one, a run of them that are plain can only
carry the open item on, and is added to it without classifying each
(``_Walker.carry_on``). A line object is made only for a line the walker looks
at, and a page's width only when a paragraph break asks for it. The slower
patterns run only on lines that cheap tests (a last digit, a dot count, a first
character, a length, a last character) show they could match.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, count, pairwise, repeat
from operator import add, itemgetter, not_

from learnkit.models import POINT_FIELDS, Point, Record

LEARNING, GOOD_PRACTICE, RECOMMENDATIONS = POINT_FIELDS

MAX_ITEM_CHARS = 1200
MAX_ITEMS = 60
MIN_WORDS = 4

# A heading is short; anything longer is prose whatever it looks like.
_MAX_HEADING_CHARS = 90
_MAX_HEADING_WORDS = 10
# Longer lines are cut on reading: items are capped far below this, and it keeps every check cheap.
_MAX_LINE_CHARS = 5000

_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ufffd]")
# The ASCII characters _CONTROL_RE matches, as bytes.
_ASCII_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_NEWLINE_TO_SPACE = bytes.maketrans(b"\n", b" ")
# In ASCII text, a line with a dot leader (_LEADER_RE) holds one of these.
_LEADER_HINTS = ("..", ". .", "____")
_DIGITS_TO_HASH = bytes.maketrans(b"0123456789", b"#" * 10)

# --- page furniture -------------------------------------------------------

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
_GLUED_PAGE_NUMBER_RE = re.compile(r"(?:^|\s)page\s+\d{1,4}\s+of\s+\d{1,4}(?=\s|$)", re.IGNORECASE)
_MARKING_RE = re.compile(
    r"^(?:official(?:[- ]sensitive)?|confidential|restricted|not protectively marked|draft)$", re.IGNORECASE
)

# --- tables of contents ---------------------------------------------------

_LEADER_RE = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}|(?:·\s?){4,}")
_LEADER_LINE_RE = re.compile(
    r"^(?P<title>.*?\S)\s*(?:(?:\.\s?){4,}|…{2,}|_{4,}|(?:·\s?){4,})\s*(?:\d{1,3}|[ivxlc]{1,6})?$"
)
_TRAILING_PAGE_RE = re.compile(r"^(?P<title>.*?[^\d\s.])\s+(?P<page>\d{1,3})$")
_CONTENTS_RE = re.compile(r"^(?:table\s+of\s+)?contents?:?$", re.IGNORECASE)

# --- headings -------------------------------------------------------------

_HEADING_NUMBER_RE = re.compile(
    r"^(?:(?:section|part|chapter)\s+)?"
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5}(?=[.)])|[A-Z](?=[.)]))"
    r"[.)]?(?:\s*[:\-–—])?\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)

_PREFIX = (
    r"(?:(?:key|main|summary\s+of(?:\s+the)?|the|our|overall|emerging|audit|review|practice|"
    r"multi-?\s?agency|single\s+agency|other|additional|further|specific|general|local|national|"
    r"examples?\s+of|areas?\s+of|identified|principal|core|agency|partnership|significant|important)\s+)*"
)
_NAMES: dict[str, tuple[str, ...]] = {
    LEARNING: (
        r"findings?",
        r"learning(?:\s+(?:points?|themes?|identified|outcomes?|messages?))?",
        r"lessons?(?:\s+(?:learn(?:ed|t)|to\s+be\s+learn(?:ed|t)|for\s+practice))?",
        r"areas?\s+for\s+(?:improvement|development|further\s+development|learning|action)",
        r"what\s+(?:needs?|we\s+need)\s+to\s+(?:improve|change|be\s+done\s+differently)",
        r"what\s+(?:could|can|should)\s+(?:be|have\s+been)\s+(?:done\s+)?(?:better|improved|differently)",
        r"what\s+(?:we|did\s+we|was)\s+learn(?:ed|t)?",
        r"even\s+better\s+if",
        r"key\s+messages",
        r"messages\s+for\s+(?:practice|practitioners)",
        r"improvements?\s+needed",
    ),
    GOOD_PRACTICE: (
        r"(?:good|positive|effective|notable|strong|best)\s+practice",
        r"what\s+(?:worked|works|went|we\s+did)\s+well",
        r"what(?:'s|\s+is|\s+was)\s+(?:working|going)\s+well",
        r"strengths?",
        r"positive\s+findings",
        r"areas?\s+of\s+strength",
    ),
    RECOMMENDATIONS: (
        r"recommendations?",
        r"recommended\s+actions?",
        r"conclusions?\s+(?:and|&)\s+recommendations?",
    ),
}
_ANY_NAME = "|".join(name for names in _NAMES.values() for name in names)
_SUFFIX = (
    rf"(?:\s+(?:and|&)\s+(?:{_PREFIX}(?:{_ANY_NAME})|analysis|discussion|evidence|themes?|conclusions?|"
    r"actions?|next\s+steps))?"
    r"(?:\s+(?:for|from|to|of|in|on|made|arising|identified|with|about|by)(?:\s+\S+){1,4})?"
    r"(?:\s*\(?\s*cont(?:inued|'d|\.)?\s*\)?)?"
)
_SECTION_RES: dict[str, re.Pattern[str]] = {
    kind: re.compile(rf"^{_PREFIX}(?:{'|'.join(names)}){_SUFFIX}$", re.IGNORECASE)
    for kind, names in _NAMES.items()
}

# "Finding 2", "Recommendation 3:", "Learning point 4 - ..." head one item each.
_ITEM_HEADING_RE = re.compile(
    r"^(?P<label>(?i:(?:key\s+)?findings?|recommendations?|(?:key\s+)?learning\s+points?|lessons?|"
    r"learning\s+outcomes?|areas?\s+for\s+(?:improvement|development)|strengths?|"
    r"good\s+practice\s+(?:examples?|points?)))"
    r"\s+(?i:no\.?\s*|number\s+)?(?P<num>\d{1,2}(?:\.\d{1,2})?|[A-Z])"
    r"(?=$|[\s:.)\-–—])\s*(?P<sep>[:.)\-–—])?\s*(?P<rest>.*)$"
)
_ITEM_HEADING_KIND = (
    ("recommendation", RECOMMENDATIONS),
    ("strength", GOOD_PRACTICE),
    ("good", GOOD_PRACTICE),
)

# Other parts of a report: a line naming one closes the section before it.
_OTHER_PARTS_RE = re.compile(
    r"^(?:the\s+)?(?:conclusions?|concluding\s+(?:comments|remarks)|appendi(?:x|ces)|annex(?:es)?|glossary|"
    r"terms\s+of\s+reference|methodology|methods?|background|introduction|references|bibliography|"
    r"(?:table\s+of\s+)?contents|acknowledge?ments?|(?:executive\s+)?summary|next\s+steps|action\s+plans?|"
    r"case\s+summary|chronology|scope(?:\s+of\s+the\s+review)?|purpose(?:\s+of\s+the\s+review)?|context|"
    r"further\s+information|resources|useful\s+(?:links|resources)|contacts?(?:\s+details)?|about\s+\S+|"
    r"author|(?:the\s+)?review(?:\s+process|\s+team|er)?|family\s+(?:background|composition|structure)|"
    r"analysis|endnotes|footnotes|abbreviations|foreword|preface|overview|the\s+case|the\s+family|"
    r"involvement\s+of\s+the\s+family|voice\s+of\s+the\s+family|process|sources|evidence|key\s+facts"
    r")(?:\s+(?:\d{1,2}|[A-Z]|[IVX]{1,4}))?(?:\s*[:\-–—]\s*.*)?$",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset(
    ("a", "an", "the", "and", "or", "nor", "but", "of", "for", "to", "in", "on", "at", "by", "with", "from")
    + ("into", "onto", "as", "vs", "via", "per", "than", "its", "their", "our", "his", "her", "your", "my")
    + ("this", "that", "these", "those", "is", "are", "was", "were", "be")
)
_CONNECTORS = frozenset(
    ("and", "or", "nor", "but", "of", "the", "a", "an", "to", "in", "on", "at", "by", "with", "from", "for")
    + ("that", "which", "who", "whose", "where", "when", "as", "than", "into", "their", "its", "his", "her")
    + ("was", "were", "is", "are", "be", "been", "had", "has", "have", "not", "this", "these", "&", ",")
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
# Every section name and item label holds one of these words (in casefolded text): a line without any of
# them is neither, and most lines are settled by a few substring tests instead of the patterns.
_NAME_HINTS = (
    "finding",
    "learn",
    "lesson",
    "recommend",
    "practice",
    "area",
    "what",
    "strength",
    "message",
    "better",
    "improvement",
)
# The characters a page number line (_PAGE_NUMBER_RE, besides digits) or a marking (_MARKING_RE) starts with.
_NUMBER_OR_MARKING_STARTS = frozenset("pP-–—oOcCrRnNdD")
# The longest ASCII line either can match. _read_lines leaves no whitespace in an ASCII line but single
# spaces, so each \s* is at most one character: "page | 1234 of 1234" is 19, "not protectively marked" 23.
_MAX_NUMBER_OR_MARKING_CHARS = 24
_LETTER_PAIR_RE = re.compile(r"[A-Za-z]{2}")
_HEADING_NUMBER_ONLY_RE = re.compile(r"\d{1,2}(?:\.\d{1,2})*")
_DIGITS_RE = re.compile(r"\d+")
_TRAILING_JOINER_RE = re.compile(r"(?:[;,]\s*(?:and|or)?|\s+(?:and|or))$")
_NON_WORD_RE = re.compile(r"\W+")
_ITEM_TEXT_START_RE = re.compile(r"[\w\"'“‘(]")
_LOWER_LETTER_RE = re.compile(r"[a-z]")

# --- item markers ---------------------------------------------------------

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

_TERMINAL = ".!?:;"
_RUNS_ON = (",", "-", "–", "—", "(", "/", "&")
_CLOSERS = " \"'”’)]»"
_OPENERS = "\"'“‘([«"


class _Sheet:
    """One page's lines (bare page numbers still in): ``texts[start:end]``, and their usual width."""

    __slots__ = ("texts", "start", "end", "_width")

    def __init__(self, texts: list[str], start: int, end: int) -> None:
        self.texts = texts
        self.start = start
        self.end = end
        self._width: int | None = None

    @property
    def width(self) -> int:
        """The page's usual full line length, in characters; worked out for the few pages that ask."""
        if self._width is None:
            lines = self.texts[self.start : self.end]
            self._width = _page_width(lines, "\n".join(lines))
        return self._width


@dataclass(slots=True)
class _Line:
    """One non-empty line of the document, with where it sits."""

    text: str
    at: int  # position in the document (_Doc)
    page: int
    index: int  # position among the page's non-empty lines
    count: int  # how many non-empty lines the page has
    sheet: _Sheet  # the page's lines
    blank_before: bool = False
    toc: bool = False
    named: bool = True  # False when the line cannot name a section or head an item (_may_name_section)

    @property
    def width(self) -> int:
        return self.sheet.width

    @property
    def edge(self) -> bool:
        return self.index < 2 or self.index >= self.count - 2


@dataclass
class _Item:
    kind: str  # "plain", "bullet", "number" or "heading"
    number: str
    page: int
    glyph: str = ""
    parts: list[str] = field(default_factory=list)
    title: bool = False  # the first part is a short title the body should follow as a sentence
    size: int = 0

    def add(self, text: str) -> None:
        # Past the cap the rest is cut anyway; stop collecting so a runaway section stays cheap.
        if self.size <= MAX_ITEM_CHARS:
            self.parts.append(text)
            self.size += len(text) + 1


@dataclass
class _Section:
    kind: str
    number: str | None
    items: list[_Item] = field(default_factory=list)
    last_number: str | None = None


# --- small text helpers ---------------------------------------------------


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _starts_upper(text: str) -> bool:
    stripped = text.lstrip(_OPENERS)
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def _is_short(line: _Line) -> bool:
    return len(line.text) < 0.7 * line.width


def _normal(text: str) -> str:
    text = text.replace("’", "'").replace("&", " and ")
    text = _SPACES_RE.sub(" ", text).strip().rstrip(":?-–— ").strip()
    return text.casefold()


def _split_heading_number(text: str) -> tuple[str | None, str]:
    match = _HEADING_NUMBER_RE.match(text)
    if not match:
        return None, text
    return match.group("num").rstrip("."), match.group("rest").strip()


def _may_name_section(text: str) -> bool:
    """False when ``text`` cannot hold a section name or item label: none of _NAME_HINTS is in it."""
    folded = text.casefold()
    if any(hint in folded for hint in _NAME_HINTS):
        return True
    # Matching without case lets "\u0131" and "\u0130" stand for "i", which casefolding does not.
    return not text.isascii() and ("\u0131" in text or "\u0130" in text)


def _section_kind(text: str) -> str | None:
    """The list a heading's name points at, or None."""
    if len(text) > _MAX_HEADING_CHARS or len(text.split()) > _MAX_HEADING_WORDS:
        return None
    if not _may_name_section(text):
        return None
    if not _starts_upper(text) or text.rstrip(_CLOSERS).endswith((".", ",", ";")):
        return None
    name = _normal(text)
    for kind, pattern in _SECTION_RES.items():
        if pattern.match(name):
            return kind
    return None


def _known_heading(text: str) -> tuple[str, str | None] | None:
    """(kind, number) when a line is a heading naming a known section."""
    number, rest = _split_heading_number(text)
    kind = _section_kind(rest)
    return (kind, number) if kind else None


def _item_heading(text: str) -> tuple[str, str, str] | None:
    """(kind, number, rest) for "Finding 2: ..." style lines."""
    if not _may_name_section(text):
        return None
    return _named_item_heading(text)


def _named_item_heading(text: str) -> tuple[str, str, str] | None:
    """:func:`_item_heading` of a line _may_name_section says yes to."""
    if len(text) > 2000:
        return None
    match = _ITEM_HEADING_RE.match(text)
    if not match or not text[0].isupper():
        return None
    label = match.group("label").casefold()
    rest = match.group("rest").strip()
    if any(word.endswith("s") for word in label.split()):
        return None  # "Recommendations 12" is a contents line, not an item
    if rest and not match.group("sep") and not _starts_upper(rest):
        return None  # "Recommendation 3 was not met" is prose
    if rest and _LEADER_RE.search(rest):
        return None
    kind = next((k for word, k in _ITEM_HEADING_KIND if label.startswith(word)), LEARNING)
    return kind, match.group("num"), rest


def _title_case(text: str) -> bool:
    words = _WORD_RE.findall(text)
    significant = [w for w in words if w.casefold() not in _SMALL_WORDS]
    return bool(significant) and all(w[0].isupper() for w in significant)


def _heading_like(text: str) -> tuple[bool, str | None]:
    """Whether a line looks like a heading of some section, and its number (None when it does not)."""
    if len(text) > _MAX_HEADING_CHARS or _ends_prose(text):
        return False, None
    number, rest = _split_heading_number(text)
    # Every test before the first that can say yes says no the same way, so the cheapest go first.
    words = len(rest.split())
    if words > _MAX_HEADING_WORDS or not _starts_upper(rest) or not _LETTER_PAIR_RE.search(rest):
        return False, number
    other = _OTHER_PARTS_RE.match(rest) is not None
    if words > (_MAX_HEADING_WORDS if other else 8):
        return False, number
    if rest.rstrip(_CLOSERS).endswith((".", ",", ";", "!")) or "@" in rest or "://" in rest:
        return False, number
    if other:
        return True, number
    if _ends_with_connector(rest):
        return False, number
    if rest.endswith("?"):
        return True, number  # "What are we worried about?" heads a section
    if number is not None and len(rest.split()) <= 6:
        return True, number
    return _title_case(rest), number


def _ends_prose(text: str) -> bool:
    """A quick no for :func:`_heading_like`, which says no to most lines of prose only after several tests.

    A heading does not end like a sentence or a clause. Nor does it start in lowercase: a line that opens
    with an ASCII lowercase letter that cannot begin a heading number ("section", "part", "chapter",
    "iv.", "a)") is its own rest and fails _starts_upper (outside ASCII, matching without case lets
    "\u0131" begin a number). The rest that _heading_like tests is the end of the line, so an ending it
    rejects is one the line has (or a rest of closers alone, which fails too).
    """
    first = text[:1]
    if first.islower() and first.isascii() and first not in "spcivx" and text[1:2] not in (".", ")"):
        return True
    return text.rstrip(_CLOSERS).endswith((".", ",", ";", "!"))


def _plain(text: str) -> bool:
    """Whether a line is neither marked (:func:`_marker`) nor heading-like (:func:`_heading_like`)."""
    first = text[:1]
    second = text[1:2]
    # _marker's first test, then the marker itself for the lines it lets through ("of the...", "in...").
    if (first in "(-*oivx" or first.isdecimal() or not first.isascii() or second in (".", ")")) and _marker(
        text
    ) is not None:
        return False
    # _heading_like's first test (and _ends_prose's), its word count, then the rest of it.
    if (
        len(text) > _MAX_HEADING_CHARS
        or (first.islower() and first.isascii() and first not in "spcivx" and second not in (".", ")"))
        or text.rstrip(_CLOSERS).endswith((".", ",", ";", "!"))
        or _too_many_words(text)
    ):
        return True
    return not _heading_like(text)[0]


def _too_many_words(text: str) -> bool:
    """A quick no for :func:`_heading_like` on a line of many words, counted as its spaces.

    An ASCII line has single spaces between its words (_read_lines), so 13 spaces make 14 words, and a
    heading number takes at most three off the rest ("Section", "4.", "-"): more than _MAX_HEADING_WORDS.
    """
    return text.count(" ") > _MAX_HEADING_WORDS + 2 and text.isascii()


def _ends_with_connector(text: str) -> bool:
    """A line ending "... and" or "... of the" runs on into the next one."""
    words = text.rstrip().rsplit(None, 1)
    return bool(words) and words[-1].casefold() in _CONNECTORS


def _is_title(text: str) -> bool:
    """A short line that names what follows ("Hidden men") rather than saying it."""
    if _ends_sentence(text) or _ends_with_connector(text) or not _starts_upper(text):
        return False
    return len(text.split()) <= 6 or _heading_like(text)[0]


def _number_tuple(number: str) -> tuple[int, ...] | None:
    if not _HEADING_NUMBER_ONLY_RE.fullmatch(number):
        return None
    return tuple(int(part) for part in number.split("."))


def _is_child(number: str, parent: str) -> bool:
    return number.startswith(parent + ".")


def _comes_after(number: str, other: str) -> bool:
    a, b = _number_tuple(number), _number_tuple(other)
    return a is not None and b is not None and a > b


def _next_number(number: str | None) -> str | None:
    if number is None:
        return None
    head, _, last = number.rpartition(".")
    if last.isdigit():
        return (head + "." if head else "") + str(int(last) + 1)
    if len(last) == 1 and last.isalpha() and last.lower() != "z":
        return (head + "." if head else "") + chr(ord(last) + 1)
    return None


# --- reading the pages into lines -----------------------------------------


def _page_width(lines: list[str], joined: str) -> int:
    if joined.isascii() and "  " not in joined and "\t" not in joined:
        # Stripped lines with single spaces, as _read_lines leaves most: the words are the spaces plus one.
        # (The lengths of the lines with at least four spaces, picked out in C.)
        lengths = sorted(compress(map(len, lines), map((4).__le__, map(str.count, lines, repeat(" ")))))
    else:
        lengths = sorted(len(text) for text in lines if len(text.split()) >= 5)
    if not lengths:
        return 80
    return max(40, lengths[(len(lengths) * 3) // 4 if len(lengths) > 3 else -1])


def _protected(text: str) -> bool:
    """Lines that must never be taken for page furniture: section names, and items (long or marked)."""
    return bool(
        len(text.split()) > 12
        or _marker(text)
        or _known_heading(text)
        or _item_heading(text)
        or _OTHER_PARTS_RE.match(_split_heading_number(text)[1])
    )


def _unglue_headers(texts: list[str], starts: list[int]) -> list[int]:
    """Cut a running header off the start of a page's first line when it was glued to the text under it.

    Text joined before it reached us (short documents keep their headers) can read
    "Serious Case Review: Child D recorded on the file...": another page's first line,
    then a sentence carried on in lowercase from the page before. Page ``k`` holds
    ``texts[starts[k]:starts[k + 1]]``. Returns the lines cut.
    """
    firsts = {texts[s] for s, e in pairwise(starts) if s < e}
    headers = [h for h in firsts if 2 <= len(h.split()) <= 12 and not _protected(h)]
    cut: list[int] = []
    if not headers:
        return cut
    for s, e in pairwise(starts):
        if s == e:
            continue
        text = texts[s]
        for header in headers:
            rest = text[len(header) :].lstrip()
            if text.startswith(header + " ") and rest[:1].islower():
                texts[s] = rest
                cut.append(s)
                break
    return cut


class _Doc:
    """The document's non-empty lines in reading order, as plain lists, with what the walker asks of them.

    A :class:`_Line` is made only for a line the walker looks at (:meth:`line`): most lines of a long
    report are passed over unread.
    """

    __slots__ = ("texts", "blank", "named", "named_at", "toc", "starts", "sheets", "positions")

    def __init__(
        self,
        texts: list[str],
        blank: list[bool],
        named: list[bool],
        toc: set[int],
        starts: list[int],
        sheets: list[_Sheet],
        positions: dict[int, list[int]],
    ) -> None:
        self.texts = texts
        self.blank = blank  # whether a blank line came before each
        self.named = named  # whether each may name a section or head an item (_may_name_section)
        self.named_at = list(compress(count(), named))
        self.toc = toc  # the contents lines
        self.starts = starts  # page k (0-based) holds lines starts[k] to starts[k + 1]; a last entry closes
        self.sheets = sheets
        self.positions = positions  # page k's lines' positions on the page, where bare page numbers went

    def __len__(self) -> int:
        return len(self.texts)

    def line(self, i: int) -> _Line:
        k = bisect_right(self.starts, i) - 1  # the last page starting at or before i: empty pages come first
        sheet = self.sheets[k]
        offset = i - self.starts[k]
        positions = self.positions.get(k)
        return _Line(
            self.texts[i],
            i,
            k + 1,
            positions[offset] if positions is not None else offset,
            sheet.end - sheet.start,
            sheet,
            self.blank[i],
            i in self.toc,
            self.named[i],
        )

    def heads(self, i: int) -> bool:
        """Whether line ``i`` may open a section or head an item: :meth:`_Walker.classify` asks
        _item_heading and _known_heading of a line that may name one, and the rest of it treats a line
        both say no to like any other."""
        if not self.named[i]:
            return False
        text = self.texts[i]
        return bool(_named_item_heading(text) or _known_heading(text))

    def next_head(self, i: int) -> int:
        """The first line at or after ``i`` that :meth:`heads`, or the number of lines."""
        named_at = self.named_at
        for k in range(bisect_left(named_at, i), len(named_at)):
            if self.heads(named_at[k]):
                return named_at[k]
        return len(self.texts)


def _split_pages(pages: list[str]) -> tuple[list[str], list[int], str]:
    """Every page's lines in one list (blank ones too), where each page's lines start in it (and a last
    entry: the number of lines), and the lines joined by line breaks.

    Each line is cut to _MAX_LINE_CHARS, loses its control characters, has its runs of spaces made one
    and is stripped. Where a look at the whole document shows that would change nothing (ASCII without
    controls, every line already tidy, no page too long to hold a long line), it is split in one go.
    """
    whole = "\n".join(pages)
    if (
        pages
        and max(map(len, pages)) <= _MAX_LINE_CHARS
        and (_tidy_quick(whole) or (not _has_controls(whole) and _tidy(whole)))
    ):
        # Splitting at "\n" is splitlines here (the other line breaks are controls) but for a blank last
        # line where a page ends with one, which is dropped with the other blank lines.
        breaks = accumulate(map(str.count, pages, repeat("\n")), initial=0)  # (page k has breaks + 1 lines)
        return whole.split("\n"), list(map(add, breaks, range(len(pages) + 1))), whole
    texts: list[str] = []
    starts = [0]
    for page in pages:
        controls = _has_controls(page)
        lines = page.splitlines()
        if controls or len(page) > _MAX_LINE_CHARS or not _tidy(page):
            if controls:
                lines = [_CONTROL_RE.sub("", raw[:_MAX_LINE_CHARS]) for raw in lines]
            else:
                lines = [raw[:_MAX_LINE_CHARS] for raw in lines]
            # Controls gone and lines split, ASCII whitespace is only spaces and tabs: split() agrees.
            lines = [
                " ".join(raw.split()) if raw.isascii() else _SPACES_RE.sub(" ", raw).strip() for raw in lines
            ]
        texts.extend(lines)
        starts.append(len(texts))
    return texts, starts, "\n".join(texts)


def _kept_starts(keep: list[bool], starts: list[int]) -> list[int]:
    """Where pages start once the lines not flagged in ``keep`` are gone."""
    gone_before = list(accumulate(map(not_, keep), initial=0))
    return [s - gone_before[s] for s in starts]


def _keep_all_but(count: int, positions: Iterable[int]) -> list[bool]:
    keep = [True] * count
    for i in positions:
        keep[i] = False
    return keep


def _found_in(joined: str, starts: list[int], words: Iterable[str]) -> set[int]:
    """The lines (joined by line breaks into ``joined``, line i starting at ``starts[i]``) holding a word."""
    found: set[int] = set()
    for word in words:
        at = joined.find(word)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            found.add(i)
            at = joined.find(word, starts[i + 1])
    return found


def _line_starts(texts: list[str]) -> list[int]:
    """Where each line starts in ``"\\n".join(texts)``, and where one after the last would."""
    # Line i starts after the lines before it and the i line breaks between them.
    return list(map(add, accumulate(map(len, texts), initial=0), range(len(texts) + 1)))


def _flags(count: int, positions: Iterable[int]) -> list[bool]:
    flags = [False] * count
    for i in positions:
        flags[i] = True
    return flags


def _named_flags(texts: list[str], joined: str, lowered: str, starts: list[int]) -> list[bool]:
    """_may_name_section of each of the ``texts``, found in the whole text at once where folding its case
    keeps every offset (``joined``: the texts joined by line breaks; ``lowered``: that lowered; ``starts``:
    its _line_starts)."""
    ascii_text = joined.isascii()
    folded = lowered if ascii_text else joined.casefold()  # (the same in ASCII)
    if len(folded) != len(joined):  # a character folded to two: each line is looked at alone
        return list(map(_may_name_section, texts))
    # Casefolding is done character by character, so each line's part of the folded text is the line folded.
    # A hint cannot span two lines. ("\u0130" folds to two characters; "\u0131" is outside ASCII.)
    hints = _NAME_HINTS if ascii_text else (*_NAME_HINTS, "\u0131")
    return _flags(len(texts), _found_in(folded, starts, hints))


def _holding(texts: list[str], word: str, joined: str, lowered: str, starts: list[int]) -> list[int]:
    """_lines_holding with the texts joined, lowered, and where each starts, made already."""
    if len(lowered) != len(joined):
        return [i for i, text in enumerate(texts) if word in text.lower()]
    # Lowering is done character by character but for a capital sigma, which looks at its neighbours and
    # becomes one of two sigmas: whatever it becomes, it is not part of an ASCII word.
    return sorted(_found_in(lowered, starts, (word,)))


def _lines_holding(texts: list[str], word: str) -> list[int]:
    """The indices of the texts that hold ``word`` (lowercase ASCII) in any case, found in one text where
    lowering it keeps every offset (no character lowers to two)."""
    joined = "\n".join(texts)
    return _holding(texts, word, joined, joined.lower(), _line_starts(texts))


def _page_ranges(starts: list[int]) -> Iterator[tuple[int, int, int]]:
    """(page index, first line, end) of each page that has lines."""
    for k, (s, e) in enumerate(pairwise(starts)):
        if s < e:
            yield k, s, e


def _read_lines(pages: list[str]) -> _Doc:
    texts, starts, joined = _split_pages(list(map(str, pages)))
    # What is looked for in every line is looked for once, in the whole text: the lines that hold "page",
    # those that may name a section, and those that may hold a dot leader (a superset: see _contents_lines).
    line_starts = _line_starts(texts)
    lowered = joined.lower()
    holding_page = _holding(texts, "page", joined, lowered, line_starts)
    named = _named_flags(texts, joined, lowered, line_starts)
    leaders = _flags(len(texts), _found_in(joined, line_starts, _LEADER_HINTS)) if joined.isascii() else None
    # A "Page 4 of 12" glued to a line goes. What it takes is spaces, digits, "page" and "of", and what is
    # left either side of it meets at a space: the line holds no name hint it did not hold, and none goes.
    for i in holding_page:
        texts[i] = _GLUED_PAGE_NUMBER_RE.sub("", texts[i]).strip()
        if leaders is not None:
            leaders[i] = True  # the two sides may make a leader
    # Blank lines go: a line has a blank line before it when the line before it on its page is blank.
    if "" not in texts:
        blank = [False] * len(texts)
    else:
        empties = list(compress(count(), map(not_, texts)))
        firsts = set(starts)
        blank = [False] * (len(texts) - len(empties))
        for k, i in enumerate(empties):
            after = i + 1  # once the blank lines are gone, the line after the k-th is at after - (k + 1)
            if after < len(texts) and texts[after] and after not in firsts:
                blank[after - k - 1] = True
        named = list(compress(named, texts))
        leaders = None if leaders is None else list(compress(leaders, texts))
        texts = list(filter(None, texts))
        starts = [s - bisect_left(empties, s) for s in starts]
    for i in _unglue_headers(texts, starts):
        named[i] = _may_name_section(texts[i])  # (what is left is part of the line: it holds no new leader)

    # Running headers and footers, and page numbers and markings (short lines, as bare page numbers are).
    # (What is left of ASCII text is ASCII.)
    short = _short_lines(texts, joined.isascii())
    drop = _running_lines(texts, starts, len(pages)) + _page_number_lines(texts, short)
    if drop:
        keep = _keep_all_but(len(texts), drop)
        texts, blank, named = (
            list(compress(texts, keep)),
            list(compress(blank, keep)),
            list(compress(named, keep)),
        )
        leaders = None if leaders is None else list(compress(leaders, keep))
        starts = _kept_starts(keep, starts)
        short = [i for i, text in enumerate(texts) if len(text) <= 4]

    # A bare page number: one to four digits alone on the line (isdecimal is what \d accepts).
    bare = {i for i in short if len(texts[i]) <= 4 and texts[i].isdecimal()}
    sheets = [_Sheet(texts, s, e) for s, e in pairwise(starts)]
    toc = _contents_lines(texts, starts, bare, leaders)

    positions: dict[int, list[int]] = {}
    if bare:
        # The walker never sees a bare page number, but each line keeps its position on the page.
        ordered = sorted(bare)
        for k in {bisect_right(starts, i) - 1 for i in ordered}:
            s, e = starts[k], starts[k + 1]
            positions[k] = [i - s for i in range(s, e) if i not in bare]
        toc = {i - bisect_left(ordered, i) for i in toc}  # (a contents line is not a bare number)
        keep = _keep_all_but(len(texts), ordered)
        texts, blank, named = (
            list(compress(texts, keep)),
            list(compress(blank, keep)),
            list(compress(named, keep)),
        )
        starts = _kept_starts(keep, starts)
    return _Doc(texts, blank, named, toc, starts, sheets, positions)


def _running_lines(texts: list[str], starts: list[int], pages: int) -> list[int]:
    """The running headers and footers: lines that repeat at the page edges (digits vary: page numbers,
    dates), in the first three and the last three lines of at least a quarter of the ``pages``."""
    edges: list[int] = []
    for _, s, e in _page_ranges(starts):
        edges.extend(range(s, min(s + 3, e)))
        edges.extend(range(max(s + 3, e - 3), e))
    if not edges:
        return []
    # A line's furniture key is the line with its runs of spaces made one space, case folded and each
    # run of digits made "#". The keys of the edge lines are made in one text: the spaces, case and
    # digits are changed character by character, never across a line break.
    joined = "\n".join(map(texts.__getitem__, edges))
    if not joined.isascii() or "\t" in joined or "  " in joined:
        joined = _SPACES_RE.sub(" ", joined)  # (a single space in ASCII is left as it was)
    keys = _hash_digits(joined.casefold()).split("\n")
    threshold = max(2, pages // 4)
    # A key on that many pages is that many times among the keys: the pages are counted for those only.
    often = {key for key, seen in Counter(keys).items() if seen >= threshold}
    if not often:
        return []
    per_page: list[set[str]] = []
    at = 0
    for _, s, e in _page_ranges(starts):
        taken = min(e - s, 6)
        per_page.append(often.intersection(keys[at : at + taken]))
        at += taken
    furniture = {
        key
        for key, seen in Counter(chain.from_iterable(per_page)).items()
        if seen >= threshold and len(_LOWER_LETTER_RE.findall(key)) >= 3
    }
    if not furniture:
        return []
    protected: dict[str, bool] = {}  # a running header is the same line on page after page
    drop = []
    for i, key in zip(edges, keys, strict=True):
        if key in furniture:
            text = texts[i]
            if text not in protected:
                protected[text] = _protected(text)
            if not protected[text]:
                drop.append(i)
    return drop


def _hash_digits(text: str) -> str:
    """``text`` with each run of digits made one "#", as ``_DIGITS_RE.sub("#", text)``."""
    if not text.isascii() or "#" in text:
        return _DIGITS_RE.sub("#", text)
    # Without a "#" to start with, each run of "#" is a run of digits.
    text = text.encode("ascii").translate(_DIGITS_TO_HASH).decode("ascii")
    while "##" in text:
        text = text.replace("##", "#")
    return text


def _short_lines(texts: list[str], ascii_text: bool) -> list[int]:
    """The lines a page number or a marking may be (_MAX_NUMBER_OR_MARKING_CHARS long at most, or outside
    ASCII), which holds every line of four characters or fewer."""
    if ascii_text:
        return list(compress(count(), map((_MAX_NUMBER_OR_MARKING_CHARS + 1).__gt__, map(len, texts))))
    return [
        i for i, text in enumerate(texts) if len(text) <= _MAX_NUMBER_OR_MARKING_CHARS or not text.isascii()
    ]


def _page_number_lines(texts: list[str], short: list[int]) -> list[int]:
    """The page-number lines and protective markings, among the ``short`` lines (_short_lines)."""
    # They start with one of a few characters; most lines are let through unread.
    return [
        i
        for i in short
        if (texts[i][0] in _NUMBER_OR_MARKING_STARTS or texts[i][0].isdecimal())
        and (_PAGE_NUMBER_RE.match(texts[i]) or _MARKING_RE.match(texts[i]))
    ]


def _has_controls(page: str) -> bool:
    """Whether _CONTROL_RE finds anything in a page; for ASCII, by deleting the controls from its bytes."""
    if page.isascii():
        data = page.encode("ascii")
        return len(data.translate(None, _ASCII_CONTROLS)) != len(data)
    return _CONTROL_RE.search(page) is not None


def _tidy(page: str) -> bool:
    """Whether every line of a page without controls is already stripped, with single spaces between words.

    In ASCII text without controls ("\\r" is one) the only whitespace is spaces, tabs and "\\n".
    """
    return (
        page.isascii()
        and "  " not in page
        and "\t" not in page
        and " \n" not in page
        and "\n " not in page
        and page[:1] != " "
        and page[-1:] != " "
    )


def _tidy_quick(text: str) -> bool:
    """Whether ASCII ``text`` has no controls, no tab, no space beside a space or a line break, and no blank
    line (which _tidy allows: a no here is not the last word); in two passes over its bytes."""
    if not text.isascii() or text[:1] == " " or text[-1:] == " ":
        return False
    data = text.encode("ascii")
    spaced = data.translate(_NEWLINE_TO_SPACE, _ASCII_CONTROLS + b"\t")
    return len(spaced) == len(data) and b"  " not in spaced


def _leader_line(text: str) -> re.Match[str] | None:
    """A contents line with a dot leader ("Findings ........ 7"), matched by _LEADER_LINE_RE."""
    # The pattern needs a leader somewhere; the count and substring tests are far quicker than its scan.
    if text.count(".") >= 4 or "……" in text or "____" in text or text.count("·") >= 4:
        return _LEADER_LINE_RE.match(text)
    return None


def _names_section(text: str) -> bool:
    number, rest = _split_heading_number(text)
    return bool(
        _section_kind(rest)
        or _OTHER_PARTS_RE.match(rest)
        or (number is not None and _number_tuple(number) is not None and _heading_like(text)[0])
    )


def _contents_lines(
    texts: list[str], starts: list[int], bare: set[int], leaders: list[bool] | None
) -> set[int]:
    """The table-of-contents lines of the document (bare page numbers, in ``bare``, still there).

    Only a line with a dot leader, a trailing page number or a bare number after it can be one (see
    :func:`_mark_contents`), and only those are looked at. A line ends in a page number only if it ends in
    a digit. A leader is four dots with at most one space between them (an ASCII line has no other
    whitespace, see _MAX_NUMBER_OR_MARKING_CHARS), or four underscores: in ASCII text only a line holding
    "..", ". ." or "____" can have one, and ``leaders`` flags every such line (and maybe others); outside
    ASCII (``leaders`` None) each line is asked.
    """
    candidates = set(compress(count(), map(str.isdigit, map(itemgetter(-1), texts))))
    candidates.update(i - 1 for i in bare if i > 0)  # (a line on the page before is turned down there)
    if leaders is None:
        candidates.update(i for i, text in enumerate(texts) if _leader_line(text))
    else:
        candidates.update(compress(count(), leaders))
    by_page: dict[int, list[int]] = {}
    for i in sorted(candidates):
        by_page.setdefault(bisect_right(starts, i) - 1, []).append(i)
    toc: set[int] = set()
    for k, lines in by_page.items():
        toc.update(_mark_contents(texts, starts[k], starts[k + 1], bare, lines))
    return toc


def _mark_contents(texts: list[str], start: int, end: int, bare: set[int], lines: Iterable[int]) -> list[int]:
    """The table-of-contents lines of the page ``texts[start:end]``, looking at the ``lines`` (in order)
    that may have a dot leader, a trailing page number or a bare page number after them."""

    def next_is_number(i: int) -> bool:
        return i + 1 < end and i + 1 in bare

    def trailing_title(text: str) -> str | None:
        # Only a line ending in a digit can end in a page number; the regex is slow on the others.
        match = _TRAILING_PAGE_RE.match(text) if text[-1:].isdigit() else None
        return match.group("title") if match else None

    # Every test below needs a dot leader, a trailing page number or a page number on the next line;
    # both passes look at the leader and the trailing number of the few lines that may have them.
    leaders: dict[int, re.Match[str] | None] = {}
    titles: dict[int, str | None] = {}
    candidates = []
    for i in lines:
        text = texts[i]
        if len(text) > 300:
            continue  # neither pass looks at a line this long
        leader = _leader_line(text)
        title = trailing_title(text)
        if leader or title:
            leaders[i] = leader
            titles[i] = title
            candidates.append(i)
        elif next_is_number(i):
            candidates.append(i)
    if not candidates:
        return []
    is_contents_page = any(_CONTENTS_RE.match(text) for text in texts[start:end])
    likely = 0
    for i in candidates:
        text = texts[i]
        if i - start >= 200 or len(text) > 300:
            continue
        # Only section-like titles count: a table of figures ("Referrals 12") is not a contents page.
        title = titles.get(i) or (text if next_is_number(i) else None)
        if leaders.get(i) or (title and _names_section(title)):
            likely += 1
    is_contents_page = is_contents_page or likely >= 3

    toc = []
    for i in candidates:
        text = texts[i]
        if i in bare or len(text) > 300:
            continue  # a contents line is short
        match = leaders.get(i)
        if match and len(match.group("title").split()) <= 14:
            toc.append(i)
            continue
        title = titles.get(i)
        if title and (_known_heading(title) and not _item_heading(text)):
            toc.append(i)  # "Recommendations 12": a name and a page number
            continue
        if is_contents_page and (
            (title and _heading_like(title)[0]) or (_heading_like(text)[0] and next_is_number(i))
        ):
            toc.append(i)
            continue
        # A known heading with a page number under it is a contents entry, unless the number is the
        # page's own footer at the bottom of the page.
        if next_is_number(i) and i + 1 < end - 1 and _known_heading(text):
            toc.append(i)
    return toc


# --- markers --------------------------------------------------------------


@dataclass
class _Marker:
    kind: str  # "bullet" or "number"
    number: str
    rest: str
    glyph: str = ""
    strong: bool = False  # unambiguous: "1)", "(a)", "a.", or a bullet glyph


def _marker(text: str) -> _Marker | None:
    # A marker opens with a bullet (a glyph outside ASCII, or one of "-*o"), "(", a digit, one of i, v
    # and x, or a letter and "." or ")"; most lines open otherwise and are let through unread.
    first = text[:1]
    if not (first in "(-*oivx" or first.isdecimal() or not first.isascii() or text[1:2] in (".", ")")):
        return None
    bullet = _BULLET_RE.match(text)
    if bullet:
        glyph = bullet.group("glyph") or bullet.group("dash") or ""
        rest = bullet.group("rest").strip()
        if glyph == "o" and not _starts_upper(rest):
            return None
        if glyph in "-–—*·" and rest and not _ITEM_TEXT_START_RE.match(rest):
            return None
        return _Marker("bullet", "", rest, glyph=glyph, strong=True)
    match = _NUMBER_RE.match(text)
    if not match:
        return None
    rest = (match.group("rest") or "").strip()
    if match.group("paren"):
        return _Marker("number", match.group("paren"), rest, strong=True)
    if match.group("letter"):
        letter = match.group("letter")
        if letter in ("I", "A") and match.group("lettersep") == "." and rest and not _starts_upper(rest):
            return None
        return _Marker("number", letter, rest, strong=True)
    number = match.group("num")
    if match.group("numsep") == ")":
        return _Marker("number", number, rest, strong=True)
    if rest and not _starts_upper(rest):
        return None  # "3 agencies were involved" is a wrapped line, not an item
    return _Marker("number", number, rest, strong=match.group("numsep") == ".")


def _is_lower_level(item: _Item, marker: _Marker) -> bool:
    """Whether a marker sits under an item (a sub-list of an item that ends with ':')."""
    if item.kind in ("heading", "plain"):
        return item.kind == "heading"
    if item.kind == "number":
        if marker.kind == "bullet":
            return True
        if item.number and _is_child(marker.number, item.number):
            return True
        return marker.number.isalpha() and not item.number.isalpha()
    # a bullet: only a different glyph or a letter sits under it
    return (marker.kind == "bullet" and marker.glyph != item.glyph) or (
        marker.kind == "number" and marker.number.isalpha()
    )


# --- the walk -------------------------------------------------------------


class _Walker:
    """Goes through the lines once, opening and closing sections and building items."""

    def __init__(self, doc: _Doc, joined: bool) -> None:
        self.doc = doc
        self.joined = joined
        self.out: dict[str, list[_Item]] = {kind: [] for kind in POINT_FIELDS}
        self.section: _Section | None = None
        self.item: _Item | None = None
        self.absorbing = False
        self.expect_text = False
        self.prev: _Line | None = None
        self.prev_heading = True

    # sections and items

    def close_item(self) -> None:
        if self.item is not None and self.section is not None:
            self.section.items.append(self.item)
        self.item = None
        self.absorbing = False
        self.expect_text = False

    def close_section(self) -> None:
        self.close_item()
        if self.section is not None:
            items = self.section.items
            first_marked = next((i for i, item in enumerate(items) if item.kind != "plain"), None)
            lead_in = next((i for i, item in enumerate(items[:3]) if _ends_sentence_with_colon(item)), None)
            if first_marked is not None:
                items = items[first_marked:]  # unmarked paragraphs before the list introduce it
            elif lead_in is not None:
                # Bullets that lost their glyphs: "The audit found:" still says where the list starts.
                items = items[lead_in + 1 :]
            self.out[self.section.kind].extend(items)
        self.section = None

    def open_section(self, kind: str, number: str | None) -> None:
        if self.section is not None and self.section.kind == kind and number is None:
            self.close_item()  # "Finding 2" inside "4. Findings" keeps the section and its number
            return
        self.close_section()
        self.section = _Section(kind, number)

    def start_item(self, kind: str, number: str, line: _Line, rest: str, glyph: str = "") -> None:
        self.close_item()
        self.item = _Item(kind, number, line.page, glyph=glyph)
        if rest:
            self.item.add(rest)
        else:
            self.expect_text = True
        if number and self.section is not None and kind in ("number", "heading"):
            self.section.last_number = number

    def heading_position(self, line: _Line) -> bool:
        """Whether a heading (or a new item) can start at this line.

        Not where the line before leaves a sentence unfinished and the line after carries
        it on in lowercase: a heading never interrupts a sentence.
        """
        prev = self.prev
        if prev is None or line.blank_before or self.prev_heading or _ends_sentence(prev.text):
            return True
        if _ends_with_connector(prev.text):
            return False
        following = line.at + 1
        if following == len(self.doc) or self.doc.blank[following]:
            return True
        return not self.doc.texts[following][:1].islower()

    def item_position(self) -> bool:
        """Whether a numbered line can start an item: not when the line before runs on into it."""
        prev = self.prev
        if prev is None or self.prev_heading or _ends_sentence(prev.text):
            return True
        return not (_ends_with_connector(prev.text) or prev.text.endswith(_RUNS_ON))

    def settle(self, doc: _Doc, start: int, end: int) -> int:
        """Pass over lines ``start`` to ``end`` of ``doc``, none of which can open a section (none
        :meth:`_Doc.heads`), while no section is open.

        With no section open, such a line changes only ``prev`` and ``prev_heading``, and a
        contents line, a bulleted line or one that does not look like a heading sets both the
        same way whatever came before (see :meth:`classify`). So the walk may start again at the
        last such line: the state is set as its :meth:`feed` would leave it, and the index of
        the line after it is returned, for the lines after it to be fed as usual.
        """
        for k in range(end - 1, start - 1, -1):
            toc = k in doc.toc
            if not toc:
                text = doc.texts[k]
                marker = _marker(text)
                if (marker is None or marker.kind != "bullet") and _heading_like(text)[0]:
                    continue  # whether it is a heading, content or skipped depends on the line before
            self.prev = doc.line(k)
            self.prev_heading = toc
            return k + 1
        return start

    def carry_on(self, doc: _Doc, start: int) -> int:
        """Add the plain lines from ``start`` on to the open item when they can only carry it on.

        A line that heads nothing (:meth:`_Doc.heads`), is no contents line and is plain (:func:`_plain`)
        goes to :meth:`add_text`, which adds it to an item being absorbed into, or to a numbered item or
        an item heading (those never end at an unmarked line), as here. Returns the index of the first
        line left.
        """
        item = self.item
        if (
            item is None
            or self.section is None
            or self.expect_text
            or self.prev is None
            or not (self.absorbing or item.kind in ("number", "heading"))
        ):
            return start
        texts, toc, named = doc.texts, doc.toc, doc.named
        total = len(texts)
        end = start
        retitles = not self.absorbing and item.title  # (a title alone takes a full stop before the body)
        if item.size > MAX_ITEM_CHARS and not (retitles and len(item.parts) == 1):
            # The item is full (add does nothing) and its title is settled: only where the run ends matters.
            while (
                end < total and end not in toc and _plain(texts[end]) and not (named[end] and doc.heads(end))
            ):
                end += 1
        while end < total and end not in toc and _plain(texts[end]) and not (named[end] and doc.heads(end)):
            text = texts[end]
            if retitles and len(item.parts) == 1 and _starts_upper(text):
                item.parts[0] = item.parts[0].rstrip(" :-–—") + "."
            item.add(text)
            end += 1
        if end > start:
            self.prev = doc.line(end - 1)
            self.prev_heading = False
        return end

    # the line types

    def feed(self, line: _Line) -> None:
        state = self.classify(line)
        if state == "skip":
            return
        self.prev = line
        self.prev_heading = state == "heading"

    def classify(self, line: _Line) -> str:
        """Handle one line; says whether it was a "heading", "content" or page furniture to "skip"."""
        text = line.text
        if line.toc:
            self.close_section()
            return "heading"
        named = line.named  # when False, neither _known_heading nor _item_heading can say yes
        if self.expect_text and named and (_known_heading(text) or _named_item_heading(text)):
            self.expect_text = False  # "Recommendation 4" with nothing under it before the next heading
        if self.expect_text and self.item is not None:
            self.expect_text = False
            self.item.add(text)
            if self.item.kind != "bullet":
                self.item.title = _is_title(text)
            return "content"
        # Whether a heading can start here (see heading_position) is worked out only for a line that
        # could be one, or an item: most lines of prose are neither, and need not ask.
        at_heading: bool | None = None
        item_heading = _named_item_heading(text) if named else None
        if item_heading:
            at_heading = self.heading_position(line)
            # An item line wraps onto the next, so only the line before says whether it can start here.
            if at_heading or self.item_position():
                kind, number, rest = item_heading
                self.open_section(kind, None)
                self.start_item("heading", number, line, rest)
                if self.item is not None and rest:
                    self.item.title = _is_title(rest)
                return "content"
        known = _known_heading(text) if named else None
        if known:
            if at_heading is None:
                at_heading = self.heading_position(line)
            if at_heading:
                self.open_section(*known)
                return "heading"
        marker = _marker(text)
        if marker is None or marker.kind != "bullet":
            looks_like_heading, heading_number = _heading_like(text)
            if looks_like_heading:
                if at_heading is None:
                    at_heading = self.heading_position(line)
                if at_heading and self.closes_section(text, heading_number):
                    return "heading"
                if not at_heading and line.edge and marker is None:
                    return "skip"  # a running header left inside a sentence that runs over the page break
        if self.section is None:
            return "content"
        if marker is not None and (
            marker.strong
            or (at_heading if at_heading is not None else self.heading_position(line))
            or self.item_position()
        ):
            self.add_marker(line, marker)
        else:
            self.add_text(line)
        return "content"

    def closes_section(self, text: str, number: str | None) -> bool:
        """Whether a heading-like line heads another section; closes ours if so."""
        section = self.section
        if _OTHER_PARTS_RE.match(_split_heading_number(text)[1]) or number is None:
            self.close_section()
            return True
        if _number_tuple(number) is None:
            return False  # "a) Information Sharing" is a titled item
        if section is None:
            return True
        # A numbered title line: an item of this section, or the heading of the next one.
        expected = _next_number(section.last_number)
        if number == expected or (section.number is not None and _is_child(number, section.number)):
            return False
        if section.number is not None:
            if _comes_after(number, section.number):
                self.close_section()
                return True
            return False
        if section.last_number is None and number == "1":
            return False
        self.close_section()
        return True

    def add_marker(self, line: _Line, marker: _Marker) -> None:
        section = self.section
        assert section is not None
        # Numbered paragraphs of the next section ("5.1" after "4. Findings") mean it has begun.
        if (
            marker.kind == "number"
            and section.number is not None
            and marker.number != _next_number(section.last_number)
            and not _is_child(marker.number, section.number)
            and _comes_after(marker.number, section.number)
        ):
            self.close_section()
            return
        item = self.item
        if (
            item is not None
            and (self.absorbing or _ends_sentence_with_colon(item))
            and _is_lower_level(item, marker)
        ):
            self.absorbing = True
            if marker.rest:
                item.add(marker.rest)
            return
        self.start_item(marker.kind, marker.number, line, marker.rest, glyph=marker.glyph)
        if self.item is not None and marker.kind != "bullet" and marker.rest:
            self.item.title = _is_title(marker.rest)

    def add_text(self, line: _Line) -> None:
        item, prev = self.item, self.prev
        if self.absorbing and item is not None:
            item.add(line.text)
            return
        if item is None or prev is None or self.starts_paragraph(item, prev, line):
            self.start_item("plain", "", line, line.text)
            if self.item is not None:
                self.item.title = _is_title(line.text)
            return
        if item.title and len(item.parts) == 1 and _starts_upper(line.text):
            item.parts[0] = item.parts[0].rstrip(" :-–—") + "."
        item.add(line.text)

    def starts_paragraph(self, item: _Item, prev: _Line, line: _Line) -> bool:
        """Whether an unmarked line begins a new item rather than carrying on the current one."""
        if item.kind in ("number", "heading"):
            return False  # numbered items and "Finding 2" blocks run over several paragraphs
        if item.title and len(item.parts) == 1 and not line.blank_before:
            return False  # the body under a short title line
        if line.blank_before:
            return True
        if line.text[:1].islower() or _ends_with_connector(prev.text) or prev.text.endswith(_RUNS_ON):
            return False
        if line.index == 0 and not _ends_sentence(prev.text):
            return False  # a sentence cut by a page break
        if self.joined:
            return True  # wrapped lines were joined before: every line is a unit of its own
        return _is_short(prev)  # the last line of a paragraph stops short of the margin


def _ends_sentence_with_colon(item: _Item) -> bool:
    return bool(item.parts) and item.parts[-1].rstrip(_CLOSERS).endswith(":")


# --- turning items into points --------------------------------------------


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if not text:
            text = part
        elif text.endswith("-") and not text.endswith(" -") and part[:1].islower():
            text += part  # a word broken at the line end: "multi-" + "agency"
        else:
            text += " " + part
    return _SPACES_RE.sub(" ", text).strip()


def _finish(text: str) -> str:
    text = text.strip(" -–—:")
    # The pattern is anchored at the end, but a regex tries it from every position: look at the end first.
    if text.endswith((";", ",", "and", "or")):
        text = _TRAILING_JOINER_RE.sub("", text)
    text = text.strip()
    if len(text) > MAX_ITEM_CHARS:
        cut = text[:MAX_ITEM_CHARS].rsplit(" ", 1)[0]
        text = cut.rstrip(" ,;:") + "…"
    return text


def _points(items: list[_Item], document: str) -> list[Point]:
    points: list[Point] = []
    seen: set[str] = set()
    for item in items:
        joined = _join(item.parts)
        if item.kind == "plain" and joined.endswith(":"):
            continue  # the lead-in to a list, not a point
        text = _finish(joined)
        if len(_WORD_RE.findall(text)) < MIN_WORDS:
            continue
        key = _NON_WORD_RE.sub(" ", text.casefold()).strip()
        if key in seen:
            continue
        seen.add(key)
        points.append(Point(text, extracted=True, number=item.number, document=document, page=item.page))
        if len(points) >= MAX_ITEMS:
            break
    return points


def _looks_joined(doc: _Doc) -> bool:
    """Whether wrapped lines were already joined (clean_pages' output) rather than raw PDF lines.

    Raw text of prose is full of lines that stop mid-sentence and carry on in lowercase on the
    next line; text whose wraps were joined has almost none.
    """
    wraps = 0
    enough = len(doc)  # the answer is no once wraps * 20 reaches this
    texts, blank = doc.texts, doc.blank
    for s, e in pairwise(doc.starts):
        for i in range(s + 1, e):  # each line and the one before it on its page
            text = texts[i]
            if text[:1].islower() and not blank[i] and not _ends_sentence(texts[i - 1]):
                wraps += 1
                if wraps * 20 >= enough:
                    return False
    return True


def extract_findings(pages: list[str], document: str = "") -> dict[str, list[Point]]:
    """Find the learning, good practice and recommendations in a document's page texts.

    ``pages`` holds one text per page (index 0 is page 1), already cleaned of most
    page furniture. Returns ``{"learning": [...], "good_practice": [...],
    "recommendations": [...]}``; each point is marked extracted and carries its
    numbering, ``document`` and the 1-based page it starts on. Text with no
    recognisable section headings gives empty lists: nothing is guessed.
    """
    doc = _read_lines(list(pages or []))
    walker = _Walker(doc, _looks_joined(doc))
    total = len(doc)
    i = 0
    while i < total:
        stop = i + 1
        if walker.section is None:
            head = doc.next_head(i)
            if head > i:
                # Lines that cannot open a section, with none open: see _Walker.settle for why all but
                # the last few can be passed over.
                stop = head
                i = walker.settle(doc, i, stop)
        else:
            start = walker.carry_on(doc, i)
            if start != i:
                i = start
                continue
        while i < stop:
            walker.feed(doc.line(i))
            i += 1
    walker.close_section()
    return {kind: _points(walker.out[kind], document) for kind in POINT_FIELDS}


def fill_record(record: Record, extracted: dict[str, list[Point]]) -> list[str]:
    """Put extracted points into the record's lists that are empty.

    A list that already holds any point, curated or extracted before, is left
    alone, so a person's work is never overwritten. Returns the names of the
    lists filled.
    """
    filled: list[str] = []
    for name in POINT_FIELDS:
        points = list(extracted.get(name) or [])
        if points and not getattr(record, name):
            setattr(record, name, points)
            filled.append(name)
    return filled
