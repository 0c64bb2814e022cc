"""Extractive summaries: the three to five sentences that best stand for a document.

No model and no network: the summary is made of the document's own sentences,
chosen by a deterministic score, so the same pages always give the same summary
and every word in it can be found in the report.

How sentences are chosen:

* Only the opening of a document is read: its pages with text up to the one
  that brings the total to ``SCAN_CHARS`` (25,000) characters, and at most
  ``SCAN_PAGES`` (15) of them; about ten pages of a dense report. A summary of
  a long report comes from where it says what it is and what it found (the
  title, the introduction, an executive summary), and scoring every sentence of
  a 200-page report would cost more than pypdf's extraction of it. Everything
  below (furniture, word frequencies) is worked out on that opening, so a
  document shorter than that is summarised exactly as if it were all read.
* The pages are read by the page reader and cleaned
  (:func:`learnkit.reading.pages.clean_pages`: page numbers, running headers and
  footers gone), then cut into sentences (by the ``splitter`` given, else
  :func:`learnkit.reading.pages.split_sentences`).
* Sentences that are not prose are dropped: headings, contents lines, site
  chrome ("Skip to main content", copyright, cookies, "Upload", "Posted on"),
  HTML remnants (``<br />``), URLs and e-mail addresses, cover-sheet lines
  (publication dates, "Author:", "Status:"), lists of numbers and dates, and
  fragments too short or too long to read alone; a sentence repeated on two
  pages is kept once.
* An index page (mostly a list of other documents' titles: at least eight short
  title lines, and half the lines or more) is summarised by its first entries.
* Each remaining sentence scores by how frequent its content words are in the
  whole document (stopwords removed, words stemmed, divided by the square root
  of their number so long sentences do not win by length), plus bonuses for
  words of the title region (the start of the first page), for an early
  position, and for the words reviews use to state their purpose and findings
  ("the review found", "learning", "recommendation"). Sentences lacking a full
  stop or starting in lower case (likely broken off by the PDF) score less.
* The best are taken in score order, skipping near-duplicates, while they fit
  ``max_chars``; after ``min_sentences`` only sentences scoring at least 60% of
  the best are added, up to ``max_sentences``. They are returned in document
  order, joined by spaces.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

from learnkit.reading.pagereader import LEADER_RE, Reading, is_contents_entry, read_pages
from learnkit.reading.pages import cleaned_page, split_sentences
from learnkit.reading.stem import stem

Splitter = Callable[[str], list[str]]

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
# The same words in ASCII text, where the letters and digits are these: quicker to look for than "[^\W_]".
_ASCII_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
_DIGITS_RE = re.compile(r"\d\d*")  # (as "\d+", written so the regex engine skips to a digit)
_TERMINAL = (".", "!", "?", '."', ".\u201d", ".)", "?\u201d", "!\u201d", ".'", ".\u2019")

# Addresses: a scheme, "www.", an e-mail's "@", or a name ending in a common domain.
_URL_MARKS = ("://", "www.", "@")
_DOMAIN_RE = re.compile(r"\.(?:com|org|gov|uk|net)\b")
# Site chrome: navigation, copyright and cookie lines, document-site furniture. Words and phrases are
# looked for in the sentence in lower case.
_CHROME_WORDS = ("copyright", "download", "cookie", "subscribe")
_CHROME_PHRASES = (
    "skip to content",
    "skip to main content",
    "all rights reserved",
    "\u00a9",
    "click here",
    "click on this link",
    "share this",
    "follow us",
    "sign in",
    "log in",
    "back to top",
    "related pages",
    "related links",
    "related content",
)
# Every plain mark, word and phrase above, looked for in one pass.
_CHROME_TEXT = _URL_MARKS + _CHROME_WORDS + _CHROME_PHRASES
# "Posted on", "Uploaded by", "Date of publication:"; page references ("page 4", "p. 12").
_CHROME_RE = re.compile(
    r"(?:upload(?:ed)?|posted|post|published|last updated|date of (?:publication|report))\s*(?:on|by|:)"
    r"|(?:page|p\.) ?\d"
)
# Every match of _CHROME_RE holds one of these: plain substring tests that turn most sentences down
# before the pattern, which tries its branches at every "p", "u", "l" and "d", is run.
_CHROME_HINTS = ("upload", "post", "published", "last updated", "date of ", "page", "p.")
# Lines that open as a contents list, a caption or a cover sheet's labelled field ("Author:").
_FIELD_RE = re.compile(
    r"^(?:(?:table of )?contents\b|(?:appendix|annex|figure|table)\s+\w+\s*[:.]?\s*$"
    r"|(?:author|authors|status|version|date|classification|review(?:er)?|chair)\s*:)"
)
# HTML left in text copied from web pages: a tag ends a unit of text, an entity is a space.
_HTML_RE = re.compile(
    r"<\s*/?\s*(?:br|p|div|li|ul|ol|span|strong|em|b|i|h[1-6]|a)\b[^>]*>|&(?:nbsp|amp|lt|gt|quot);",
    re.IGNORECASE,
)
# A paragraph number or list marker left at a sentence's start ("4.2", "(iii)").
# (A dotted number may be glued to its paragraph's first word: "1.1This report".)
_PARAGRAPH_NUMBER_RE = re.compile(
    r"^(?:(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]?|\(?[ivx]{1,5}\))\s+(?=\S)|\d{1,2}(?:\.\d{1,2}){1,3}(?=[A-Z][a-z]))"
)

# Words with which reports state what they are and what they found.
_CUE_WORDS = (
    "review audit found finding findings learning lesson lessons purpose aim concluded conclusion "
    "recommendation recommendations key identified highlighted themes practice"
)
_CUE_STEMS = frozenset(stem(w) for w in _CUE_WORDS.split())

# Word lists, one string each so they stay compact.
_MONTH_TEXT = (
    "january february march april may june july august september october november december jan feb mar "
    "apr jun jul aug sep sept oct nov dec"
)
_STOPWORD_TEXT = (
    "a about above after again against all also although am an and any are as at be because been before "
    "being below between both but by can could did do does doing down during each either etc few for from "
    "further had has have having he her here hers herself him himself his how however i if in into is it "
    "its itself just may me might more most must my myself neither nor not now of off on once only or "
    "other our ours ourselves out over own per same shall she should so some such than that the their "
    "theirs them themselves then there these they this those through thus to too under until up upon us "
    "very was we were what when where whether which while who whom whose why will with within without "
    "would yet you your yours yourself well one two three four five six seven eight nine ten many much "
    "make made"
)
_MONTHS = frozenset(_MONTH_TEXT.split())
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

SCAN_PAGES = 15
SCAN_CHARS = 25_000
TITLE_CHARS = 300
MIN_WORDS = 6
MAX_WORDS = 80
MAX_SENTENCE_CHARS = 500
DUPLICATE_OVERLAP = 0.7
TAIL_RATIO = 0.6
INDEX_ENTRIES = 8
INDEX_SUMMARY_ENTRIES = 6


# The ASCII characters that are not letters, and not capitals, by str.isalpha and str.isupper themselves.
_ASCII_NOT_ALPHA = bytes(c for c in range(128) if not chr(c).isalpha())
_ASCII_NOT_UPPER = bytes(c for c in range(128) if not chr(c).isupper())


@dataclass(slots=True)
class _Candidate:
    order: int
    page: int
    text: str
    content: list[str]  # content-word stems, in sentence order
    penalty: float
    score: float = 0.0


def _is_furniture(sentence: str) -> bool:
    """An address, site chrome, a cover-sheet field or caption, or a contents line.

    ``sentence`` is stripped and single-spaced (as cleaned lines and sentences are).
    """
    lower = sentence.lower()
    return bool(
        any(mark in lower for mark in _CHROME_TEXT)
        or _DOMAIN_RE.search(lower)
        or (any(hint in lower for hint in _CHROME_HINTS) and _CHROME_RE.search(lower))
        or _FIELD_RE.match(lower)
        or LEADER_RE.search(sentence)
        # Without a leader (just looked for), only a line ending in a page number is a contents entry.
        or (sentence[-1:].isdigit() and is_contents_entry(sentence))
    )


def _penalty(sentence: str, words: list[str]) -> float | None:
    """How much a sentence is worth as summary prose (1.0 full), or None when it is not prose.

    ``sentence`` has its whitespace collapsed to single spaces and no space at either end.
    """
    n = len(words)
    if n < MIN_WORDS or n > MAX_WORDS or len(sentence) > MAX_SENTENCE_CHARS:
        return None
    finished = sentence.endswith(_TERMINAL)
    if not finished and (n < 10 or len([w for w in words if w[:1].isupper()]) > 0.5 * n):
        return None  # headings, titles, table captions
    plain = 0
    for w in words:
        if not w.isdigit() and w.lower() not in _MONTHS:
            plain += 1
            if plain == 4:
                break
    else:
        return None  # dates and numbers
    if sentence.isascii():  # (most sentences: the bytes' C loop counts without a call per character)
        raw = sentence.encode("ascii")
        letters = len(raw.translate(None, _ASCII_NOT_ALPHA))
        uppers = len(raw.translate(None, _ASCII_NOT_UPPER))
    else:
        letters = sum(map(str.isalpha, sentence))
        uppers = sum(map(str.isupper, sentence))
    visible = len(sentence) - sentence.count(" ")
    if letters < 0.65 * visible:
        return None  # tables, lists of numbers, references
    if uppers > 0.5 * letters:
        return None  # SHOUTED headings and banners
    if _is_furniture(sentence):
        return None
    penalty = 1.0
    if not finished:
        penalty *= 0.5
    if not sentence[:1].isupper() and not sentence[:1].isdigit() and sentence[:1] not in "\"'\u201c\u2018(":
        penalty *= 0.7  # a fragment left by a bad break
    if n < 10 or n > 45:
        penalty *= 0.75
    return penalty


@functools.lru_cache(maxsize=65536)  # a document repeats its words many times
def _content_stem(word: str) -> str | None:
    """The stem of a content word; None for words that carry no content."""
    return stem(word) if len(word) > 2 and word.isalpha() and word.lower() not in _STOPWORDS else None


def _content(words: list[str]) -> list[str]:
    return [s for s in map(_content_stem, words) if s is not None]


def _opening(reading: Reading) -> list[tuple[int, str]]:
    """(page index, cleaned text) of the pages a summary is made from: see SCAN_PAGES and SCAN_CHARS."""
    opening: list[tuple[int, str]] = []
    chars = 0
    for page in range(len(reading.pages)):
        if len(opening) >= SCAN_PAGES or chars >= SCAN_CHARS:
            break
        text = cleaned_page(reading, page)
        if text:
            opening.append((page, text))
            chars += len(text)
    return opening


def _candidates(opening: list[tuple[int, str]], split: Splitter, spaced: bool) -> list[_Candidate]:
    """The sentences worth scoring; ``spaced``: ``split`` gives them stripped and single-spaced already."""
    candidates: list[_Candidate] = []
    seen: set[str] = set()
    for page, text in opening:
        for sentence in split(_HTML_RE.sub("\n", text)):
            if not spaced:
                sentence = " ".join(sentence.split())
            number = _PARAGRAPH_NUMBER_RE.match(sentence)  # (anchored: what sub(count=1) would cut)
            if number:
                sentence = " ".join(sentence[number.end() :].split())
            key = _DIGITS_RE.sub("#", sentence.casefold())
            if not sentence or key in seen:
                continue
            seen.add(key)
            words = (_ASCII_WORD_RE if sentence.isascii() else _WORD_RE).findall(sentence)
            penalty = _penalty(sentence, words)
            if penalty is None:
                continue
            content = _content(words)
            if content:
                candidates.append(_Candidate(len(candidates), page, sentence, content, penalty))
    return candidates


def _title_stems(opening: list[tuple[int, str]]) -> set[str]:
    first = opening[0][1] if opening else ""
    return set(_content(_WORD_RE.findall(first.strip()[:TITLE_CHARS])))


def _score(candidates: list[_Candidate], title: set[str]) -> None:
    frequency = Counter(chain.from_iterable(c.content for c in candidates))
    top = max(frequency.values(), default=1)
    sets = [set(c.content) for c in candidates]
    bases = []
    for distinct_set in sets:
        distinct = sorted(distinct_set)  # sorted so float sums do not depend on hash order
        bases.append(sum([frequency[word] / top for word in distinct]) / len(distinct) ** 0.5)
    best_base = max(bases, default=1.0) or 1.0
    for c, base, distinct_set in zip(candidates, bases, sets, strict=True):
        title_bonus = 0.3 * min(1.0, len(distinct_set & title) / 3)
        position_bonus = 0.3 / (1 + c.order / 5)
        cue_bonus = 0.15 * min(2, len(distinct_set & _CUE_STEMS)) / 2
        c.score = (base / best_base + title_bonus + position_bonus + cue_bonus) * c.penalty


def _near_duplicate(a: _Candidate, b: _Candidate) -> bool:
    sa, sb = set(a.content), set(b.content)
    return len(sa & sb) >= DUPLICATE_OVERLAP * min(len(sa), len(sb))


def _index_entries(opening: list[tuple[int, str]]) -> list[str]:
    """The entries of an index page (a list of other documents' titles), or [] when it is not one.

    An index page is mostly short title lines: at least INDEX_ENTRIES of them, and at least
    half the lines of its opening pages. Its first line, the page's own title, is not an entry.
    """
    lines = [line.strip() for _, text in opening for line in text.split("\n") if line.strip()]
    entries = [
        line
        for line in lines[1:]
        if 2 <= len(line.split(maxsplit=14)) <= 14  # (a long line is not split into all of its words)
        and not line.endswith((".", ":", ";", ",", "?", "!"))
        and line[:1].isupper()
        and not _is_furniture(line)
    ]
    if len(entries) < INDEX_ENTRIES or 2 * len(entries) < len(lines):
        return []
    return list(dict.fromkeys(entries))


def _summarise_index(entries: list[str], max_chars: int) -> str:
    """An index page summarised by its first entries, as many as fit in ``max_chars``."""
    text = ""
    for entry in entries[:INDEX_SUMMARY_ENTRIES]:
        longer = f"{text}; {entry}" if text else f"Entries include: {entry}"
        if len(longer) + 1 > max_chars:
            break
        text = longer
    return text + "." if text else ""


def summarize(
    pages: Sequence[str] | Reading,
    min_sentences: int = 3,
    max_sentences: int = 5,
    max_chars: int = 900,
    splitter: Splitter | None = None,
) -> str:
    """A summary of the pages: 3 to 5 of their sentences, in document order, at most ``max_chars`` long.

    ``pages`` holds one raw or cleaned text per page, or the page reader's reading of them.
    Returns fewer sentences (or "") when the text has fewer usable ones.
    ``splitter`` cuts a cleaned page's text into sentences; the default is
    :func:`learnkit.reading.pages.split_sentences`.
    """
    opening = _opening(read_pages(pages))
    entries = _index_entries(opening)
    if entries:
        return _summarise_index(entries, max_chars)
    # (split_sentences gives its sentences single-spaced: they are not spaced again)
    candidates = _candidates(opening, splitter or split_sentences, splitter in (None, split_sentences))
    if not candidates:
        return ""
    _score(candidates, _title_stems(opening))
    ranked = sorted(candidates, key=lambda c: (-c.score, c.order))
    best = ranked[0].score
    chosen: list[_Candidate] = []
    length = -1  # the first sentence needs no joining space
    for c in ranked:
        if len(chosen) >= max_sentences:
            break
        if len(chosen) >= min_sentences and c.score < TAIL_RATIO * best:
            break
        if length + 1 + len(c.text) > max_chars:
            continue
        if any(_near_duplicate(c, other) for other in chosen):
            continue
        chosen.append(c)
        length += 1 + len(c.text)
    chosen.sort(key=lambda c: c.order)
    return " ".join(c.text for c in chosen)
