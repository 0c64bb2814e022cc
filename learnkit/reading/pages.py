"""Cleaning the raw text that comes out of PDFs, and cutting it into sentences.

Pure functions on strings: no I/O, nothing outside the standard library.

:func:`clean_pages` turns pypdf's page text into text a person would have
typed: ligatures and look-alike characters replaced, words hyphenated at line
ends rejoined, bullets (including the private-use glyphs of symbol fonts)
turned into line starts, running headers and footers dropped, and wrapped
lines joined. Its output keeps ``"\\n\\n"`` between paragraphs and a single
``"\\n"`` where a new unit starts (a heading, a list item, a line after a
finished sentence); everywhere else a line break that only wrapped a sentence
becomes a space. :func:`split_sentences` relies on that: it treats every line
break as the end of a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from learnkit.reading.pagereader import BULLET_GLYPHS, ITEM_RE, Line, Page, Reading, read_pages


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# "1.", "1)", "2.3", "(a)", "a)", "iv." opening a line: a numbered item.
_ITEM_RE = ITEM_RE

# A line ends a sentence when, past closing quotes and brackets, its last character is one of these.
_TERMINAL_CLOSERS = "\"')]"
_TERMINAL_MARKS = ".!?:"
_LINE_END_HYPHEN = "-"
_HYPHENATED_RE = re.compile(rf"([A-Za-z0-9\u00c0-\u024f]+){_LINE_END_HYPHEN}$")
# Compounds that keep their hyphen when broken at it ("multi-\nagency").
_KEEP_HYPHEN = frozenset({"multi", "self", "non", "cross", "well", "half", "semi", "step"})
# A line ending in one of these words cannot be the end of a sentence.
_CONTINUERS = _words(
    "a an the of to by with for in on at and or but nor from into onto that which who whom whose as is "
    "was were are be been being not their his her its our your my this these those than if when where "
    "while about after before between during under over via per including such"
)
# A line at least this long (a share of the page's longest, and in characters) was wrapped, not ended.
_LONG_LINE = 0.6
_MIN_LONG_LINE = 40
# Words that end with a full stop without ending a sentence, compared in lower case without the stop.
# "etc." is not among them: before a capital it usually does end one.
_ABBREVIATIONS = _words(
    "e.g eg i.e ie cf viz vs v al approx apr aug c ca cllr co corp dec dept det dr est feb fig figs gov "
    "inc insp jan jr jul jun ltd mar mr mrs ms mt no nos nov oct op para paras pc pp prof rd rev sept sep "
    "sgt sr st supt vol vols wk"
)
# Reviews name people and things by a letter: "Child A", "Mother B", "Appendix C".
_PSEUDONYM_NOUNS = _words(
    "child children baby infant sibling siblings brother sister mother father parent parents stepfather "
    "stepmother partner grandmother grandfather aunt uncle carer family adult person man woman boy girl "
    "practitioner worker school case appendix annex annexe section part plan option table figure phase "
    "stage tier level category type group area ward schedule chart model"
)
_SENTENCE_STARTERS = _words(
    "the this that these those there then he she it they we his her its their our a an in on at when "
    "where while after before during however although but as if no not all both each"
)


# The reading clean_pages was last given and its pages as cleaned: ingest cleans a reading and then
# summarises it, and the summary takes those pages (cleaned_page) rather than cleaning them again.
# (One document's worth; replaced by the next reading cleaned.)
_last_cleaned: tuple[Reading, tuple[str, ...]] | None = None


def clean_pages(pages: Sequence[str] | Reading) -> list[str]:
    """Clean the raw text of each page of one document; one string per page, same order.

    ``pages`` is the raw text of each page, or the page reader's reading of it
    (:func:`learnkit.reading.pagereader.read_pages`), which is then not read again.
    Page numbers and running headers and footers are left out.
    """
    global _last_cleaned
    reading = read_pages(pages)
    cleaned = [clean_page(page) for page in reading.pages]
    if reading is pages:  # (a reading made here cannot be given again: nothing to remember it for)
        _last_cleaned = (reading, tuple(cleaned))
    return cleaned


def cleaned_page(reading: Reading, index: int) -> str:
    """The cleaned text of page ``index`` (from 0) of ``reading``, as :func:`clean_pages` gives it.

    When ``reading`` is the one :func:`clean_pages` cleaned last, its result is taken, not made again.
    """
    last = _last_cleaned
    if last is not None and last[0] is reading:
        return last[1][index]
    return clean_page(reading.pages[index])


def clean_page(page: Page) -> str:
    """The cleaned text of one page the page reader read (see :func:`clean_pages`)."""
    return _join(page.text_lines())


def normalise_space(text: str) -> str:
    """Every run of whitespace (newlines included) as one space; no leading or trailing space."""
    return " ".join(text.split())


def _join(lines: list[Line]) -> str:
    """Join a page's text lines: paragraphs by a blank line, list items on lines of their own, wrapped
    lines by a space."""
    # (A list item's line counts one character longer, for its bullet.)
    longest = max((len(line.text) + (1 if line.bullet else 0) for line in lines), default=0)
    # Parts are collected and joined once: a page can hold many thousands of lines.
    parts: list[str] = []
    previous = ""
    for line in lines:
        text = line.text
        if line.blank_before and parts:
            if parts[-1] != "\n\n":
                parts.append("\n\n")
            previous = ""
        if previous:
            if line.bullet:
                parts.append("\n")
            else:
                glue = _glue(previous, text, longest)
                if glue == _DEHYPHENATE:
                    parts[-1] = parts[-1][:-1]
                else:
                    parts.append(glue)
        parts.append(text)
        previous = text
    return "".join(parts)


_DEHYPHENATE = "-"


def _glue(previous: str, line: str, longest: int) -> str:
    """What goes between the line ``previous`` and the next ``line``: "\n", " ", "" or _DEHYPHENATE."""
    first = line[0]
    if _ITEM_RE.match(line):
        return "\n"
    # (Searched for only where the line ends in the hyphen the pattern ends in: a search of every line
    # would try each of its words.)
    hyphenated = _HYPHENATED_RE.search(previous) if previous.endswith(_LINE_END_HYPHEN) else None
    if hyphenated and first.isalnum():
        stem = hyphenated.group(1)
        if first.islower() and stem.isalpha() and not stem.isupper() and stem.casefold() not in _KEEP_HYPHEN:
            return _DEHYPHENATE  # "safe-" + "guarding"
        return ""  # "multi-" + "agency", "COVID-" + "19", "15-" + "year-old"
    if first.islower():
        return " "  # a sentence carried on
    last_word = previous.rsplit(" ", 1)[-1].casefold()
    terminal = previous.rstrip(_TERMINAL_CLOSERS)[-1:]
    if terminal and terminal in _TERMINAL_MARKS and last_word.rstrip(".") not in _ABBREVIATIONS:
        return "\n"
    if previous.endswith((",", ";", "-", "(", "/", "&", "\u2013", "\u2014")):
        return " "
    if last_word in _CONTINUERS or last_word.rstrip(".") in _ABBREVIATIONS:
        return " "
    # A capital after a line that was not full width: a heading or a new unit.
    if len(previous) >= max(_LONG_LINE * longest, _MIN_LONG_LINE):
        return " "
    return "\n"


# --------------------------------------------------------------------------- sentences

# (The stop is written out once before it repeats, "[.!?][.!?]*" for "[.!?]+": a pattern that opens with
# a character class lets the regex engine skip to where one is, instead of trying at every character.)
_BOUNDARY_RE = re.compile(r"([.!?][.!?]*)([\"')\]]*)\s+(?=[\"'(\[]?[A-Z0-9\u00c0-\u00de])")
_LEADING_MARK_RE = re.compile(
    rf"^(?:[{BULLET_GLYPHS}\ue000-\uf8ff*\u2013-]+\s*"
    r"|\(?\d{1,3}(?:\.\d{1,3})*[.)]\s+"
    r"|\d{1,3}(?:\.\d{1,3})+\s+(?=[A-Z])"
    r"|\(?[A-Za-z][.)]\s+"
    r"|\(?[ivx]{1,5}[.)]\s+)"
)
_TOKEN_RE = re.compile(r"\s*(\S+)")
_NUMBER_ONLY_RE = re.compile(r"\(?(?:\d{1,3}|[ivx]{1,5}|[a-z])\)?")
_MIN_WORDS = 3


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped, each of at least three words.

    Every line break ends a sentence (see :func:`clean_pages`); within a line a
    sentence ends at ".", "!" or "?" followed by a capital or a digit, except
    after an abbreviation ("e.g.", "Dr.", "No.") or an initial ("J. Smith").
    List markers ("1.", "(a)", bullets) are removed from the start.
    """
    sentences: list[str] = []
    for line in text.split("\n"):
        for piece in _split_line(line):
            piece = piece.strip()
            mark = _LEADING_MARK_RE.match(piece)
            words = (piece[mark.end() :] if mark else piece).split()
            if len(words) >= _MIN_WORDS:
                sentences.append(" ".join(words))
    return sentences


def _split_line(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(line):
        if match.group(1) == "." and _continues(line, start, match.start(), match.end()):
            continue
        pieces.append(line[start : match.end(2)])
        start = match.end()
    pieces.append(line[start:])
    return pieces


def _continues(line: str, start: int, stop: int, resume: int) -> bool:
    """Whether the full stop ending ``line[start:stop]`` (text going on at ``resume``) ends no sentence."""
    words = line[start:stop].rsplit(maxsplit=2)  # the last two words, and whether there is only one
    if not words:
        return True
    word = words[-1].lstrip("(\"'[")
    bare = word.casefold()
    if bare in _ABBREVIATIONS:
        return True
    if len(words) == 1 and _NUMBER_ONLY_RE.fullmatch(bare):
        return True  # only a list number so far: "1. The school"
    if len(word) == 1 and word.isupper():
        # "J. Smith" is a name; "Child A. The family" ends a sentence.
        pseudonym = len(words) > 1 and words[-2].casefold() in _PSEUDONYM_NOUNS
        after = _TOKEN_RE.match(line, resume)
        following = after.group(1).strip("\"'(").casefold() if after else ""
        return not pseudonym and following not in _SENTENCE_STARTERS
    return False
