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

import functools
import math
import re
import unicodedata
from collections import Counter


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
    "\r\n": "\n",
    "\r": "\n",
    "\f": "\n",
    "\v": "\n",
    "\u2028": "\n",
    "\u2029": "\n\n",
}
# Invisible characters that only get in the way of search.
_DROP = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_CHAR_RE = re.compile("|".join(re.escape(key) for key in sorted(_CHAR_MAP, key=len, reverse=True)))
_DROP_RE = re.compile(f"[{_DROP}]")
# A soft hyphen ending a line marks where the typesetter broke a word.
_SOFT_BREAK_RE = re.compile(r"\u00ad[^\S\n]*\n[^\S\n]*")
# Control characters other than the newline (tab and friends are mapped above).
_CONTROL_RE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# The ASCII characters _CONTROL_RE matches, as bytes.
_ASCII_CONTROLS = bytes([*range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F])
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

_PUA = "\ue000-\uf8ff"
# Bullet glyphs: solid and hollow dots, squares, diamonds, triangles, arrowheads, ticks.
_BULLET_GLYPHS = "".join(
    (
        "\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2219\u25a0\u25a1\u25cb",
        "\u25c6\u25c7\u25ba\u25b6\u27a2\u27a4\u2713\u2714\u2756\u25fc\u25fe",
    )
)
# A bullet glyph anywhere, or a private-use glyph opening a line or standing
# on its own (inside a word a private-use glyph is just dropped). Whitespace
# before it is eaten only up to the line start, so paragraph breaks survive.
_BULLET_RE = re.compile(
    rf"(?:^[^\S\n]*[{_PUA}]+|[^\S\n]*(?:[{_BULLET_GLYPHS}]+|(?<=\s)[{_PUA}]+(?=\s|$)))\s*", re.MULTILINE
)
_PUA_RE = re.compile(f"[{_PUA}]+")
# Whether a page holds anything _BULLET_RE or _PUA_RE could act on (none of it is ASCII).
_GLYPH_RE = re.compile(f"[{_BULLET_GLYPHS}{_PUA}]")
# A hyphen or dash opening a line, used as a bullet.
_DASH_BULLET_RE = re.compile(r"^[-\u2013*]\s+(?=\S)")
_DASH_BULLETS = ("-", "\u2013", "*")
# "1.", "1)", "2.3", "(a)", "a)", "iv." opening a line: a numbered item.
_ITEM_RE = re.compile(
    r"^(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+|\(?[a-z][.)]|\(?[ivx]{1,5}[.)])\s+\S"
)
_ITEM_MARK = "\x01"

_DIGITS_RE = re.compile(r"\d+")
# A line ends a sentence when, past closing quotes and brackets, its last character is one of these.
_TERMINAL_CLOSERS = "\"')]"
_TERMINAL_MARKS = ".!?:"
_HYPHENATED_RE = re.compile(r"([A-Za-z0-9\u00c0-\u024f]+)-$")
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

_HEAD_LINES = 2
_MIN_PAGES_FOR_HEADERS = 3


def clean_pages(pages: list[str]) -> list[str]:
    """Clean the raw text of each page of one document; one string per page, same order."""
    split = [_lines(_normalise_chars(page)) for page in pages]
    split = _drop_running_lines(split)
    return [_join(lines) for lines in split]


def normalise_space(text: str) -> str:
    """Every run of whitespace (newlines included) as one space; no leading or trailing space."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- characters


def _normalise_chars(text: str) -> str:
    if text.isascii():
        # Most pages: of the map only the ASCII controls can apply, and "\r\n" goes before "\r" as there.
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = text.replace("\t", " ").replace("\f", "\n").replace("\v", "\n")
        # Most pages hold no other control: deleting them from the bytes, in C, says so quicker than the
        # regex can.
        data = text.encode("ascii")
        if len(data.translate(None, _ASCII_CONTROLS)) == len(data):
            return text
        return _CONTROL_RE.sub(" ", text)
    # Compatibility folding first: what it yields may still need the map below.
    text = _NON_ASCII_RE.sub(lambda match: _compat(match.group()), text)
    text = unicodedata.normalize("NFC", text)
    text = _SOFT_BREAK_RE.sub("", text)
    text = _CHAR_RE.sub(lambda match: _CHAR_MAP[match.group()], text)
    text = _DROP_RE.sub("", text)
    return _CONTROL_RE.sub(" ", text)


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


# --------------------------------------------------------------------------- lines


def _lines(text: str) -> list[str]:
    """The page as stripped lines, "" standing for a paragraph break, bullets made into item starts."""
    if not text.isascii() and _GLYPH_RE.search(text):
        text = _BULLET_RE.sub(lambda match: _item_start(text, match.start()), text)
        text = _PUA_RE.sub("", text)
    elif _tidy(text):
        return text.split("\n")  # what the loop below would give, line by line
    lines: list[str] = []
    for raw in text.split("\n"):
        # The same as collapsing whitespace with a regex and stripping (str.split and re's \s agree).
        line = " ".join(raw.split())
        if line.startswith(_ITEM_MARK):
            line = line.lstrip(_ITEM_MARK + " ")
            if not line:
                continue  # a bullet with nothing after it on its line
            line = _ITEM_MARK + line
        elif line[:1] in _DASH_BULLETS and _DASH_BULLET_RE.match(line):
            line = _ITEM_MARK + _DASH_BULLET_RE.sub("", line)
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _tidy(text: str) -> bool:
    """Whether the loop of :func:`_lines` would leave every line of this text as it is.

    So it is for ASCII text (as _normalise_chars leaves it, only spaces and line breaks are whitespace,
    and there is no _ITEM_MARK) whose lines are stripped with single spaces between words, where no
    line opens with a dash bullet, and with no blank line first, last or after another.
    """
    return (
        text.isascii()
        and "  " not in text
        and " \n" not in text
        and "\n " not in text
        and "\n\n\n" not in text
        and "\n-" not in text
        and "\n*" not in text
        and text[:1] not in ("", " ", "\n", "-", "*")
        and text[-1:] not in (" ", "\n")
    )


def _item_start(text: str, at: int) -> str:
    at_line_start = at == 0 or text[at - 1] == "\n"
    return _ITEM_MARK if at_line_start else "\n" + _ITEM_MARK


def _key(line: str) -> str:
    return normalise_space(_DIGITS_RE.sub("#", line.lstrip(_ITEM_MARK))).casefold()


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove headers and footers: the same first or last lines on at least half the pages.

    Digits are ignored when comparing, so "Page 3 of 12" matches "Page 4 of 12".
    """
    if len(pages) < _MIN_PAGES_FOR_HEADERS:
        return pages
    threshold = max(2, math.ceil(len(pages) / 2))
    heads: Counter[str] = Counter()
    tails: Counter[str] = Counter()
    # The first and last lines with text of each page, and their keys: only these can be running lines.
    edges = [_edge_lines(lines) for lines in pages]
    keys = [
        {i: _key(lines[i]) for i in head + tail} for lines, (head, tail) in zip(pages, edges, strict=True)
    ]
    for (head, tail), key in zip(edges, keys, strict=True):
        heads.update({key[i] for i in head})
        tails.update({key[i] for i in tail})
    running_heads = {key for key, count in heads.items() if count >= threshold}
    running_tails = {key for key, count in tails.items() if count >= threshold}
    if not running_heads and not running_tails:
        return pages
    cleaned = []
    for lines, (head, tail), key in zip(pages, edges, keys, strict=True):
        drop = {i for i in head if key[i] in running_heads}
        drop |= {i for i in tail if key[i] in running_tails}
        if len(drop) >= len(lines) - lines.count(""):
            drop = set()  # a page's only text is its content, however often it repeats
        kept = [line for i, line in enumerate(lines) if i not in drop] if drop else lines[:]
        while kept and not kept[0]:
            kept.pop(0)
        while kept and not kept[-1]:
            kept.pop()
        cleaned.append(kept)
    return cleaned


def _edge_lines(lines: list[str]) -> tuple[list[int], list[int]]:
    """The indices of a page's first and of its last _HEAD_LINES lines with text, each in page order."""
    head: list[int] = []
    for i, line in enumerate(lines):
        if line:
            head.append(i)
            if len(head) == _HEAD_LINES:
                break
    tail: list[int] = []
    for i in range(len(lines) - 1, -1, -1):
        if lines[i]:
            tail.append(i)
            if len(tail) == _HEAD_LINES:
                break
    tail.reverse()
    return head, tail


def _join(lines: list[str]) -> str:
    """Join a page's lines: paragraphs by a blank line, wrapped lines by a space."""
    longest = max(map(len, lines), default=0)
    # Parts are collected and joined once: a page can hold many thousands of lines.
    parts: list[str] = []
    previous = ""
    for line in lines:
        if not line:
            if parts and parts[-1] != "\n\n":
                parts.append("\n\n")
            previous = ""
            continue
        if previous and line[0].islower() and _carries_on(previous, line):
            parts.append(" ")  # the commonest case, settled here as _glue would settle it
            parts.append(line)
            previous = line
            continue
        text = line.lstrip(_ITEM_MARK)
        if previous:
            if line.startswith(_ITEM_MARK):
                parts.append("\n")
            else:
                glue = _glue(previous, text, longest)
                if glue == _DEHYPHENATE:
                    parts[-1] = parts[-1][:-1]
                else:
                    parts.append(glue)
        parts.append(text)
        previous = text
    if parts and parts[-1] == "\n\n":
        parts.pop()
    return "".join(parts)


_DEHYPHENATE = "-"


def _carries_on(previous: str, line: str) -> bool:
    """Whether _glue gives " " for a ``line`` that starts in lowercase, without going through it.

    So it does unless the line may open an item (see _glue) or the line before ends with a hyphen.
    """
    return previous[-1] != "-" and line[0] not in "ivx" and line[1:2] not in (".", ")")


def _glue(previous: str, line: str, longest: int) -> str:
    """What goes between the line ``previous`` and the next ``line``: "\n", " ", "" or _DEHYPHENATE."""
    first = line[0]
    # An item opens with "(", a digit, one of i, v and x, or a letter and "." or ")": the regex is left
    # for lines that start so.
    may_be_item = first == "(" or first.isdigit() or first in "ivx" or line[1:2] in (".", ")")
    if may_be_item and _ITEM_RE.match(line):
        return "\n"
    # Only a line ending in "-" can be hyphenated; the regex is left for those few.
    hyphenated = _HYPHENATED_RE.search(previous) if previous[-1] == "-" else None
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

_BOUNDARY_RE = re.compile(r"([.!?]+)([\"')\]]*)\s+(?=[\"'(\[]?[A-Z0-9\u00c0-\u00de])")
_LEADING_MARK_RE = re.compile(
    rf"^(?:[{_BULLET_GLYPHS}{_PUA}*\u2013-]+\s*"
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
        may_break = "." in line or "?" in line or "!" in line  # _BOUNDARY_RE needs one of them
        for piece in _split_line(line) if may_break else (line,):
            piece = piece.strip()
            # The pattern is anchored and never matches nothing, so a match and a slice do what a sub would.
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
        # Only the next word is needed: matching it in place saves copying the rest of a long line.
        after = _TOKEN_RE.match(line, resume)
        following = after.group(1).strip("\"'(").casefold() if after else ""
        return not pseudonym and following not in _SENTENCE_STARTERS
    return False
