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
* Pages are cut into sentences (by the ``splitter`` given, else a small one here
  that knows headings, bullets and abbreviations).
* Sentences that are not prose are dropped: headings, contents lines, page
  furniture (page numbers, "Skip to main content", copyright lines, anything
  repeated on three or more pages as a header or footer; a sentence repeated on
  two pages is kept once), URLs and e-mail addresses,
  lists of numbers and dates, and fragments too short or too long to read alone.
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

import re
import string
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import truediv

from learnkit.reading.pages import split_sentences
from learnkit.reading.stem import stem

Splitter = Callable[[str], list[str]]

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
# The same words in ASCII text, where a plain character range is quicker to test than a Unicode class.
_ASCII_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
# ASCII letters and digits kept, every other byte a space: without apostrophes, the words are what
# splitting that on spaces gives, found in C without a regex.
_NOT_ALNUM_TO_SPACE = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))
_DIGITS_RE = re.compile(r"\d+")

# Sentence ends: terminal punctuation (maybe closed by a quote or bracket), then space and a capital or digit.
_SENTENCE_END_RE = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)\]]))\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
)
_BULLET_RE = re.compile(
    r"^\s*(?:[\u2022\u25aa\u25cf\u25e6\u25a0\uf0b7*\-\u2013]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)])\s+"
)
_TERMINAL = (".", "!", "?", '."', ".\u201d", ".)", "?\u201d", "!\u201d", ".'", ".\u2019")

_URL_RE = re.compile(r"https?://|www\.|\b[\w.+-]+@[\w-]+\.\w|\b\w+\.(?:com|org|gov|uk|net)\b", re.IGNORECASE)
_FURNITURE_RE = re.compile(
    r"\bpage \d+\b|\bp\. ?\d+\b|skip to (?:main )?content|all rights reserved|\u00a9|\bcopyright\b"
    r"|^\s*(?:table of )?contents\b|\bclick (?:here|on this link)\b|\bdownload\b|\bcookies?\b"
    r"|^\s*(?:appendix|annex|figure|table)\s+\w+\s*[:.]?\s*$",
    re.IGNORECASE,
)
_DOT_LEADER_RE = re.compile(r"(?:\.\s?){4,}|\u2026{2,}|_{4,}")
_FURNITURE_HINTS = (
    "page ",
    "://",
    "www.",
    "@",
    ".com",
    ".org",
    ".gov",
    ".uk",
    ".net",
    "skip to ",
    "all rights reserved",
    "copyright",
    "contents",
    "click ",
    "download",
    "cookie",
    "appendix",
    "annex",
    "figure",
    "table",
    "____",
    "..",
    ". .",
)
# "p." alone is too common a hint ("help."): the page reference branch needs a number after it.
_PAGE_REFERENCE_HINT_RE = re.compile(r"p\. ?\d")
_ASCII_LETTERS = string.ascii_letters.encode("ascii")
_ASCII_UPPERS = string.ascii_uppercase.encode("ascii")

# Words with which reports state what they are and what they found.
_CUE_WORDS = (
    "review audit found finding findings learning lesson lessons purpose aim concluded conclusion "
    "recommendation recommendations key identified highlighted themes practice"
)
_CUE_STEMS = frozenset(stem(w) for w in _CUE_WORDS.split())

# Word lists, one string each so they stay compact.
_ABBREVIATION_TEXT = "e.g i.e etc dr mr mrs ms no nos st vs cf para paras approx fig ref dept govt prof rev"
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
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
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
FURNITURE_PAGES = 3


@dataclass(slots=True)
class _Candidate:
    order: int
    page: int
    text: str
    content: list[str]  # content-word stems, in sentence order
    penalty: float
    score: float = 0.0


def _split_sentences(text: str) -> list[str]:
    """Sentences of one page: paragraphs, then heading and bullet lines, then sentence ends."""
    sentences: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text):
        for segment in _segments(block):
            sentences.extend(_split_segment(segment))
    return sentences


def _segments(block: str) -> list[str]:
    """A paragraph's lines joined into segments; a bullet starts a segment, a heading line is one."""
    lines = [line.strip() for line in block.splitlines()]
    lines = [line for line in lines if line]
    segments: list[str] = []
    buffer: list[str] = []
    for i, line in enumerate(lines):
        bullet = _BULLET_RE.match(line)
        if bullet:
            if buffer:
                segments.append(_join_lines(buffer))
                buffer = []
            line = line[bullet.end() :]
        buffer.append(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        # A short line with no closing punctuation, followed by one that starts a sentence, is a heading.
        if len(line) < 70 and not line.endswith(_TERMINAL + (",", ";", ":")) and following[:1].isupper():
            segments.append(_join_lines(buffer))
            buffer = []
    if buffer:
        segments.append(_join_lines(buffer))
    return segments


def _join_lines(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        # A word broken over two lines ("neglect-" / "ful") is joined without the hyphen.
        if text.endswith("-") and line[:1].islower() and len(text) > 1 and text[-2].isalpha():
            text = text[:-1] + line
        else:
            text = text + " " + line
    return text


def _split_segment(segment: str) -> list[str]:
    pieces = _SENTENCE_END_RE.split(segment)
    merged: list[str] = []
    for piece in pieces:
        if merged and _ends_with_abbreviation(merged[-1]):
            merged[-1] = merged[-1] + " " + piece
        else:
            merged.append(piece)
    return [p.strip() for p in merged if p.strip()]


def _ends_with_abbreviation(text: str) -> bool:
    # Single letters are not treated as initials: reviews name people "Child A." far more than "J. Smith".
    return text.rsplit(None, 1)[-1].lower().rstrip(".") in _ABBREVIATIONS


def _letters_and_uppers(sentence: str) -> tuple[int, int]:
    """How many letters a sentence holds, and how many of them are capitals."""
    if sentence.isascii():
        # Deleting bytes is done in C in one pass; for ASCII, isalpha and isupper mean exactly these bytes.
        data = sentence.encode("ascii")
        letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
        return letters, len(data) - len(data.translate(None, _ASCII_UPPERS))
    return sum(map(str.isalpha, sentence)), sum(map(str.isupper, sentence))


def _furniture_hint(lower: str) -> bool:
    """Whether lowercased ASCII text holds anything the URL, furniture and dot leader patterns could match.

    In ASCII text each of their branches needs one of _FURNITURE_HINTS (two dots with at most a
    space between them for a dot leader: text here has its whitespace collapsed) or "p." before a
    number. Outside ASCII, matching without case has more ways to meet ("\u017f" is "s"), so this
    says nothing there.
    """
    if any(hint in lower for hint in _FURNITURE_HINTS):
        return True
    return _PAGE_REFERENCE_HINT_RE.search(lower) is not None


def _hinted(lower: str, starts: list[int]) -> list[bool]:
    """_furniture_hint of each of the sentences that, joined by "\\n", make up ``lower``.

    ``starts`` holds where each sentence starts, and one more start past the end. Each hint is
    looked for through the whole page at once (a hint holds no "\\n", so where it is found says
    which sentence holds it), not sentence by sentence.
    """
    hinted = [False] * (len(starts) - 1)
    for hint in _FURNITURE_HINTS:
        at = lower.find(hint)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            hinted[i] = True
            at = lower.find(hint, starts[i + 1])
    match = _PAGE_REFERENCE_HINT_RE.search(lower)
    while match:
        i = bisect_right(starts, match.start()) - 1
        hinted[i] = True
        match = _PAGE_REFERENCE_HINT_RE.search(lower, starts[i + 1])
    return hinted


def _is_furniture(sentence: str) -> bool:
    """A URL or e-mail address, page furniture or a dot leader (see the patterns above)."""
    if sentence.isascii() and not _furniture_hint(sentence.lower()):
        return False
    return bool(_URL_RE.search(sentence) or _FURNITURE_RE.search(sentence) or _DOT_LEADER_RE.search(sentence))


def _penalty(sentence: str, words: list[str], suspect: bool = True) -> float | None:
    """How much a sentence is worth as summary prose (1.0 full), or None when it is not prose.

    ``sentence`` has its whitespace collapsed to single spaces and no space at either end.
    ``suspect`` False says it is known not to be furniture. The tests that reject are
    independent, so the cheap ones go first.
    """
    n = len(words)
    if n < MIN_WORDS or n > MAX_WORDS or len(sentence) > MAX_SENTENCE_CHARS:
        return None
    finished = sentence.endswith(_TERMINAL)
    if not finished and (n < 10 or sum(1 for w in words if w[:1].isupper()) > 0.5 * n):
        return None  # headings, titles, table captions
    plain = 0
    for w in words:
        if not w.isdigit() and w.lower() not in _MONTHS:
            plain += 1
            if plain == 4:
                break
    else:
        return None  # dates and numbers
    letters, uppers = _letters_and_uppers(sentence)
    visible = len(sentence) - sentence.count(" ")
    if letters < 0.65 * visible:
        return None  # tables, lists of numbers, references
    if uppers > 0.5 * letters:
        return None  # SHOUTED headings and banners
    if suspect and _is_furniture(sentence):
        return None
    penalty = 1.0
    if not finished:
        penalty *= 0.5
    if not sentence[:1].isupper() and not sentence[:1].isdigit() and sentence[:1] not in "\"'\u201c\u2018(":
        penalty *= 0.7  # a fragment left by a bad break
    if n < 10 or n > 45:
        penalty *= 0.75
    return penalty


class _ContentStems(dict[str, str | None]):
    """The stem of each content word, None for words that carry no content; filled on first use.

    A document repeats its words many times, and so do the documents of one worker.
    """

    def __missing__(self, word: str) -> str | None:
        if len(self) >= _CONTENT_CACHE_SIZE:
            self.clear()
        value = self[word] = (
            stem(word) if len(word) > 2 and word.isalpha() and word.lower() not in _STOPWORDS else None
        )
        return value


_CONTENT_CACHE_SIZE = 200_000
_content_stem = _ContentStems().__getitem__


def _content(words: list[str]) -> list[str]:
    return [s for s in map(_content_stem, words) if s is not None]


def _words(sentence: str) -> list[str]:
    """_WORD_RE.findall(sentence), quicker."""
    if not sentence.isascii():
        return _WORD_RE.findall(sentence)
    if "'" in sentence:
        return _ASCII_WORD_RE.findall(sentence)
    return sentence.encode("ascii").translate(_NOT_ALNUM_TO_SPACE).decode("ascii").split()


def _opening(pages: Sequence[str]) -> list[tuple[int, str]]:
    """(page number, text) of the pages a summary is made from: see SCAN_PAGES and SCAN_CHARS."""
    opening: list[tuple[int, str]] = []
    chars = 0
    for page, text in enumerate(pages):
        if len(opening) >= SCAN_PAGES or chars >= SCAN_CHARS:
            break
        if text:
            opening.append((page, text))
            chars += len(text)
    return opening


def _candidates(pages: Sequence[str], split: Splitter) -> list[_Candidate]:
    raw: list[tuple[int, list[str], list[str], list[bool]]] = []
    # Headers and footers repeat on page after page; a sentence seen on three or more pages is furniture.
    pages_with: Counter[str] = Counter()
    for page, text in _opening(pages):
        sentences = split(text)
        if split is not split_sentences:  # whose sentences come with their whitespace collapsed
            # The same as collapsing whitespace with a regex and stripping (str.split and re's \s agree).
            sentences = [" ".join(sentence.split()) for sentence in sentences]
            sentences = [sentence for sentence in sentences if sentence]
        if not sentences:
            continue
        # The page's sentences are looked at together, joined by "\n" (which none of them holds): their
        # furniture keys (the sentence in lower case, digits as "#") and, in ASCII text, which of them
        # could be furniture at all (see _hinted).
        joined = "\n".join(sentences)
        lower = joined.lower()
        keys = _DIGITS_RE.sub("#", lower).split("\n")
        pages_with.update(set(keys))
        if joined.isascii():
            suspects = _hinted(lower, list(accumulate((len(s) + 1 for s in sentences), initial=0)))
        else:
            suspects = [True] * len(sentences)
        raw.append((page, sentences, keys, suspects))
    candidates: list[_Candidate] = []
    seen: set[str] = set()
    for page, sentences, keys, suspects in raw:
        for sentence, key, suspect in zip(sentences, keys, suspects, strict=True):
            if pages_with[key] >= FURNITURE_PAGES or key in seen:
                continue
            seen.add(key)
            words = _words(sentence)
            penalty = _penalty(sentence, words, suspect)
            if penalty is None:
                continue
            content = _content(words)
            if content:
                candidates.append(_Candidate(len(candidates), page, sentence, content, penalty))
    return candidates


def _title_stems(pages: Sequence[str]) -> set[str]:
    first = next((text for text in pages if text and text.strip()), "")
    return set(_content(_WORD_RE.findall(first.strip()[:TITLE_CHARS])))


def _score(candidates: list[_Candidate], title: set[str]) -> None:
    frequency = Counter(chain.from_iterable(c.content for c in candidates))
    top = max(frequency.values(), default=1)
    sets = [set(c.content) for c in candidates]
    bases = []
    for distinct_set in sets:
        distinct = sorted(distinct_set)  # sorted so float sums do not depend on hash order
        # Each term is frequency / top, added in this order: the same floats as a loop would give.
        terms = map(truediv, map(frequency.__getitem__, distinct), repeat(top))
        bases.append(sum(terms) / len(distinct) ** 0.5)
    best_base = max(bases, default=1.0) or 1.0
    for c, base, distinct_set in zip(candidates, bases, sets, strict=True):
        title_bonus = 0.3 * min(1.0, len(distinct_set & title) / 3)
        position_bonus = 0.3 / (1 + c.order / 5)
        cue_bonus = 0.15 * min(2, len(distinct_set & _CUE_STEMS)) / 2
        c.score = (base / best_base + title_bonus + position_bonus + cue_bonus) * c.penalty


def _near_duplicate(a: _Candidate, b: _Candidate) -> bool:
    sa, sb = set(a.content), set(b.content)
    return len(sa & sb) >= DUPLICATE_OVERLAP * min(len(sa), len(sb))


def summarize(
    pages: Sequence[str],
    min_sentences: int = 3,
    max_sentences: int = 5,
    max_chars: int = 900,
    splitter: Splitter | None = None,
) -> str:
    """A summary of the pages: 3 to 5 of their sentences, in document order, at most ``max_chars`` long.

    Returns fewer sentences (or "") when the text has fewer usable ones.
    ``splitter`` cuts a page's text into sentences; the default is this module's own.
    """
    candidates = _candidates(pages, splitter or _split_sentences)
    if not candidates:
        return ""
    _score(candidates, _title_stems(pages))
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
