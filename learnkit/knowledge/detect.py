"""Theme detection: which themes of the taxonomy a record's documents are about, by salience.

:func:`detect` reads the cleaned page text of each document (as
:func:`learnkit.reading.pages.clean_pages` leaves it: a line break only where a
heading, list item or paragraph starts) and gives the themes a practitioner
would file it under, each with a score and its evidence.

How a document is read
----------------------
Each line of a page is a unit: a short line (a heading, a list item, a contents
entry) whole, a longer one cut into sentences by
:func:`learnkit.reading.pages.split_sentences`. Each unit has a weight, for
what a mention there says about the document:

* the title (the short lines in the first 200 characters of the first page
  with text): 3;
* a heading or a contents entry of the document's own: 2;
* a sentence under a summary, findings, learning, recommendations or
  conclusions heading: 1.5; any other sentence: 1;
* boilerplate (the statutory criteria for a review: "where abuse or neglect is
  known or suspected"; the definition of safeguarding: "preventing impairment of
  children's mental and physical health"; the standard template heading "Race,
  Language, Culture, Religion and Disability"), page furniture and navigation ("Skip to content",
  "Download the briefing"), a bare list of other documents' titles (five
  or more short lines in a row without page numbers), and what follows a
  "References", "Resources" or "Further reading" heading on its page: 0.

In a unit, a theme's label and aliases match as whole phrases of word stems
(as :func:`learnkit.knowledge.themes.scan` reads them): the longest phrase wins,
and an excluded phrase (the taxonomy's ``exclude``) swallows the alias inside it.
:mod:`learnkit.knowledge.mentions` reads them, a page at a time: one search of
the page with the taxonomy's phrase pattern, and only the words where a phrase
may start are stemmed.
Joined phrases count for each part: "physical, sexual and emotional abuse" is
physical, sexual and emotional abuse, and coordinated phrasing counts ("poor
physical and mental health" is poor physical health; "assessment of mothers and
fathers" the assessment of fathers). An age names its theme: "a 10 day old
baby" is a baby, "a 15-year-old" an adolescent.

When a theme is given
---------------------
A theme's score in a document is the sum of the weights of the title, heading,
contents and findings units that name it, plus the pages whose other sentences
name it (a page counts once, however often it repeats a phrase) beyond what
passing mentions explain: ``prior * PASSING_SHARE`` of the pages after the
first two, ``prior`` from the taxonomy (1 for most themes, more for those every
review names in passing, such as health practitioners). Those pages count with
diminishing returns as the document grows (their square root from about 20
pages): in a long review, repetition in the body says less than the structure.

A theme is given when it is named at least once outside boilerplate
(``min_score``), and, as the document grows beyond two pages, when its score
reaches a growing share of the best theme's score: up to a fifth from about 20
pages, or a half for a theme that no title, heading or findings sentence names.
A theme named in the title or a heading is given whatever its share, unless its
prior says every review names it (then it needs more headings). A document gives
at most ``MAX_THEMES`` (8) themes, highest scores first (12 for a document of
one or two pages, or no more text than two full pages hold, which can name more
risk factors than a long review has central themes). So a one-page briefing is
given every theme it names outside boilerplate, and a long review its central
themes, not everything it mentions.

A given theme gives the themes it ``implies`` (bruising in non-mobile babies:
non-accidental injury and babies), within the same limit of themes: a theme
that would bring more than there is room for is left out with them. A theme
that implies three or more others is their combination (the toxic trio), and
is given when they are named together
in a title, heading or contents entry, or, in a document of more than two
pages, are all central to it (each scoring at least half the best theme's score).

A record's themes are those any of its documents gives, ordered by score (the
best over its documents). Each keeps at most three quotes, one per page, from
the highest-weighted units first: the document name, the 1-based page, the
sentence (cut to 300 characters around the match) and how many times that
document mentions the theme. Sentences come first (those under a findings
heading before others), then headings and the title: a sentence that says
something about the theme explains more than a heading that names it.

Nothing here reads files or logs document text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from learnkit.knowledge.mentions import PageText, mentions
from learnkit.knowledge.themes import WORD_RE, Taxonomy
from learnkit.models import Evidence, ThemeTag
from learnkit.reading.pages import split_sentences

# Bump when the detection rules change, so that `learnkit reindex` detects again.
DETECTION_VERSION = 4
TITLE_CHARS = 200
EVIDENCE_CHARS = 300
MAX_EVIDENCE = 3
MAX_THEMES = 8
MAX_THEMES_SHORT = 12  # a page or two can name more risk factors than a long review has central themes
# The share of a long review's pages that name an ordinary theme in passing (a theme's prior multiplies it).
PASSING_SHARE = 0.1
# Passing mentions are counted beyond the first SHORT_PAGES pages; the share of the best theme's score a
# theme needs grows with the pages beyond them, to MAX_SHARE at LONG_PAGES.
SHORT_PAGES = 2
# About what a full page of a review holds, in characters: a document with no more text than SHORT_PAGES
# full pages is short whatever its number of pages.
PAGE_CHARS = 3000
LONG_PAGES = 20
MAX_SHARE = 0.2
# The share of the best theme's score a long document's theme needs when no title, heading or findings
# sentence names it.
UNNAMED_SHARE = 0.5

TITLE, HEADING, KEY, BODY, NOTHING = 3.0, 2.0, 1.5, 1.0, 0.0

_WORD_RE = WORD_RE
_HEADING_MAX_WORDS = 12
_END_PUNCTUATION = (".", "!", "?", ";", ",")
# A contents entry: a short line ending in a page number (after dot leaders or a space).
_CONTENTS_RE = re.compile(r"(?:\.{2,}|\u2026|\s)\s*\d{1,3}$")


def _is_contents(line: str) -> bool:
    return _CONTENTS_RE.search(line[-16:]) is not None  # the pattern reads only the end of the line


_LIST_RUN = 5
# A run of short lines is a list of titles when this share of them reads as titles (see _title_like).
_TITLE_SHARE = 0.6
_LIST_MARK_RE = re.compile(r"^(?:\(?[a-z0-9]{1,3}[.)]\s|[-\u2013\u2022*]\s)", re.IGNORECASE)
# Headings that open the parts of a document that say what it found.
_KEY_HEADING_RE = re.compile(
    r"\b(summary|findings?|learning|lessons?|recommendations?|conclusions?|key (messages?|issues|points)|"
    r"themes|what (we|the review) found|practice points|messages for)\b",
)
# The heading of a list of other works (references, resources, further reading): what follows it on the
# page names other documents' subjects, not this one's.
_REFERENCES_RE = re.compile(
    r"(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:references?|bibliography|further reading|reading list|sources"
    r"|(?:useful |other |further |additional )?(?:resources|links|websites)"
    r"|related (?:documents|guidance|resources))\s*:?"
)
# Statutory criteria, standard template text: what every review says whatever it is about. Plain phrases,
# looked for in lower-cased text after a space (so "read more" is not found in "spread more").
_BOILERPLATE = (
    "abuse is known or suspected",
    "abuse was known or suspected",
    "neglect is known or suspected",
    "neglect was known or suspected",
    "neglect are known or suspected",
    "neglect of a child is known or suspected",
    "known or suspected to be a factor",
    "known or suspected to have been a factor",
    "seriously harmed and there is cause for concern",
    "criteria for a serious case review",
    "criteria for serious case reviews",
    "criteria for an scr",
    "criteria for a review",
    "criteria for a rapid review",
    "criteria for a local child safeguarding",
    "regulation 5 ",
    "safeguarding children boards regulations",
    "safeguarding children board regulations",
    "dies in custody",
    "inspects services for",
    "race, language",
    "race, religion",
    "race, culture",
    "race language",
    "equality and diversity",
    "protected characteristics",
    # The statutory purpose of a review (Working Together's words): every review says it.
    "lessons to be learned from the case",
    "lessons to be learnt from the case",
    "learn lessons about how",
    "work individually and together",
    "worked individually and together",
    "working individually and together",
    "identify improvements which are needed",
    "consolidate good practice",
    # Working Together's definition of safeguarding: "preventing impairment of children's mental and
    # physical health or development".
    "preventing impairment of",
    "prevent impairment of",
)
# What statutory guidance "says" is quoted, not found: "Working Together (2018) explains that ...".
_WORKING_TOGETHER_RE = re.compile(
    r"working together(?: to safeguard children)?(?: \(?\d{4}\)?)? "
    r"(?:says|states|sets out|requires|explains|defines)"
)
# Page furniture and navigation: lines that point elsewhere rather than say anything.
_NAVIGATION = (
    "download the briefing",
    "download this briefing",
    "download our briefing",
    "download the report",
    "download this report",
    "download the pdf",
    "download the document",
    "browse our",
    "see the full series",
    "find out more",
    "read more",
    "related links",
    "related pages",
    "related resources",
    "share this page",
    "sign up to",
    "subscribe to our",
    "we use cookies",
    "accept cookies",
    "accept all cookies",
)
_NAVIGATION_LINES = frozenset({"skip to content", "skip to main content", "back to top"})
_PAGE_NUMBER_RE = re.compile(r"page \d+(?: of \d+)?")


def _grouped(phrases: Sequence[str], keys: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The phrases, each after a space, behind the first key word it holds (a phrase with none, itself).

    A text holds a phrase only if it holds its key: a page is searched once for each key rather than
    for each phrase, and for a group's phrases only when it holds the key.
    """
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        key = next((key for key in keys if key in phrase), phrase)
        groups.setdefault(key, []).append(" " + phrase)
    return tuple((key, tuple(group)) for key, group in groups.items())


_BOILERPLATE_GROUPS = _grouped(
    _BOILERPLATE,
    ("suspected", "criteria", "regulation", "race", "custody", "lessons", "individually", "impairment"),
)
_NAVIGATION_GROUPS = _grouped(_NAVIGATION, ("download", "related", "cookies"))


def _holds(low: str, groups: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
    """Whether lower-cased text holds one of the phrases of ``groups`` after a space (or at its start)."""
    padded = " " + low
    return any(key in low and any(phrase in padded for phrase in group) for key, group in groups)


def _is_boilerplate(low: str) -> bool:
    """Whether lower-cased text holds statutory or template boilerplate."""
    if _holds(low, _BOILERPLATE_GROUPS):
        return True
    return "working together" in low and _WORKING_TOGETHER_RE.search(low) is not None


def _is_navigation(low: str) -> bool:
    """Whether lower-cased text is, or holds, page furniture or navigation."""
    bare = low.strip().rstrip(".")
    if bare in _NAVIGATION_LINES or _PAGE_NUMBER_RE.fullmatch(bare):
        return True
    return _holds(low, _NAVIGATION_GROUPS)


class _Unit:
    """A line or sentence of a document: where it is, what a mention in it weighs, the themes it names."""

    __slots__ = ("page", "text", "weight", "names")

    def __init__(self, page: int, text: str, weight: float, names: list[tuple[int, int]]) -> None:
        self.page = page
        self.text = text
        self.weight = weight
        self.names = names  # (theme index, where in the text), as mentions() gives them


def _words_at_most(line: str, most: int) -> bool:
    """Whether a line has at most ``most`` words (a long paragraph is not split into all of its words)."""
    return len(line.split(maxsplit=most)) <= most


def _is_short_line(line: str) -> bool:
    return not line.endswith(_END_PUNCTUATION) and _words_at_most(line, _HEADING_MAX_WORDS)


def _units(taxonomy: Taxonomy, pages: Sequence[str]) -> list[_Unit]:
    """The units of a document's pages, in order, each with its weight (see the module docstring).

    A long line that names no theme is left out rather than cut into sentences: none of them would count.
    """
    found: list[_Unit] = []
    title_page = next((p for p, text in enumerate(pages) if text and text.strip()), -1)
    for page, text in enumerate(pages):
        if not text or not text.strip():
            continue
        lines: list[str] = []
        where: list[int] = []  # where each line starts in the page
        at = 0
        for raw in text.split("\n"):
            line = raw.strip()
            if line:
                lines.append(line)
                where.append(at + len(raw) - len(raw.lstrip()))
            at += len(raw) + 1
        listed = _listed_lines(lines)
        # One search of the page finds where its phrases may start, unless a line of it needs reading
        # word by word; then each line is read as it needs.
        reading = PageText(taxonomy, text)
        # One look at the page says whether any of its lines needs looking at for boilerplate.
        low = reading.low
        boilerplate = _is_boilerplate(low)
        navigation = _is_navigation(low) or "page " in low
        title_left = TITLE_CHARS if page == title_page else 0
        key_section = False
        for number, line in enumerate(lines):
            short = _is_short_line(line)
            in_title = title_left > 0 and short  # the title: its first short lines
            title_left -= len(line) + 1
            line_low = line.lower()
            if number in listed or (navigation and _words_at_most(line, 40) and _is_navigation(line_low)):
                continue  # a list of other titles, or a navigation line: nothing in it counts
            if short and _REFERENCES_RE.fullmatch(line_low):
                break  # the rest of the page lists other works
            if reading.by_pattern:
                names = reading.mentions(where[number], where[number] + len(line))
            else:
                names = mentions(taxonomy, line)
            if short or _is_contents(line) and _words_at_most(line, 20):
                weight = TITLE if in_title else HEADING
                if names and not (boilerplate and _is_boilerplate(line_low)):
                    found.append(_Unit(page, line, weight, names))
                if not _is_contents(line):
                    key_section = bool(_KEY_HEADING_RE.search(line_low))
                continue
            if not names:
                continue
            weight = KEY if key_section else BODY
            # Boilerplate and navigation are looked for sentence by sentence only in a line that has some.
            suspect = (boilerplate and _is_boilerplate(line_low)) or (navigation and _is_navigation(line_low))
            for sentence, first, names_in in _sentences(taxonomy, line, names):
                low_sentence = sentence.lower()
                if suspect and (_is_boilerplate(low_sentence) or _is_navigation(low_sentence)):
                    continue
                found.append(_Unit(page, sentence, weight, [(t, at - first) for t, at in names_in]))
    return found


def _sentences(
    taxonomy: Taxonomy, line: str, names: list[tuple[int, int]]
) -> list[tuple[str, int, list[tuple[int, int]]]]:
    """The sentences of a line that name a theme: (sentence, where it starts in the line, its names).

    Each sentence :func:`split_sentences` gives is found again in the line (it may have lost a list marker
    or a run of spaces), so the names found in the whole line go to the sentence they are in; a sentence
    that cannot be found is read again.
    """
    pieces = split_sentences(line) or [line]
    if len(pieces) == 1:
        return [(pieces[0], 0, names)]
    starts: list[int] = []
    cursor = 0
    for piece in pieces:
        at = line.find(piece[:24], cursor)
        starts.append(at)
        if at >= 0:
            cursor = at + 1
    if any(at < 0 for at in starts):
        return [(piece, 0, found) for piece in pieces if (found := mentions(taxonomy, piece))]
    out = []
    for k, piece in enumerate(pieces):
        end = starts[k + 1] if k + 1 < len(pieces) else len(line) + 1
        mine = [(t, at) for t, at in names if starts[k] <= at < end]
        if mine:
            out.append((piece, starts[k], mine))
    return out


def _listed_lines(lines: list[str]) -> set[int]:
    """Lines in a run of five or more short lines without page numbers that read as titles.

    Such a run is a list of other documents' titles (an index page, a "see also" panel). A document's own
    contents carry page numbers, and its own lists follow a line that introduces them (ending in a
    colon) or carry list markers ("a)", "1.", a bullet), so neither is taken for such a list.
    """
    listed: set[int] = set()
    run: list[int] = []
    introduced = False
    for number, line in enumerate([*lines, "."]):
        if line.endswith(":"):
            introduced = True
        elif _is_short_line(line) and not _is_contents(line) and number < len(lines):
            if not introduced:
                run.append(number)
            continue
        else:
            introduced = False
        if len(run) >= _LIST_RUN and sum(map(_title_like, (lines[i] for i in run))) >= _TITLE_SHARE * len(
            run
        ):
            listed.update(run)
        run = []
    return listed


def _title_like(line: str) -> bool:
    """Whether a line reads as a document's title: no list marker, most of its longer words capitalised."""
    if _LIST_MARK_RE.match(line):
        return False
    long_words = [w for w in _WORD_RE.findall(line) if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= _TITLE_SHARE * len(long_words)


class _Theme:
    """What one document says about one theme: where it names it, how often, and its best units."""

    __slots__ = ("structure", "body", "count", "units")

    def __init__(self) -> None:
        self.structure = 0.0  # the weights of the title, heading and findings units that name it
        self.body: dict[int, int] = {}  # page -> how many other sentences on it name it
        self.count = 0
        self.units: list[tuple[_Unit, int]] = []  # (unit, where the first mention starts in it)

    def raw(self) -> float:
        return self.structure + sum(self.body.values())

    def body_pages(self) -> int:
        """The pages whose sentences name the theme (a page repeating it says no more than one naming it)."""
        return len(self.body)


def _read(taxonomy: Taxonomy, pages: Sequence[str]) -> tuple[dict[int, _Theme], list[set[int]]]:
    """Per theme, what the document says about it; the themes each title, heading or contents unit names."""
    themes: dict[int, _Theme] = {}
    headed: list[set[int]] = []
    for unit in _units(taxonomy, pages):
        seen: set[int] = set()
        for theme, at in unit.names:
            entry = themes.setdefault(theme, _Theme())
            entry.count += 1
            if theme not in seen:
                seen.add(theme)
                if unit.weight == BODY:
                    entry.body[unit.page] = entry.body.get(unit.page, 0) + 1
                else:
                    entry.structure += unit.weight
                entry.units.append((unit, at))
        if unit.weight >= HEADING and len(seen) > 1:
            headed.append(seen)
    return themes, headed


def _given(taxonomy: Taxonomy, pages: Sequence[str], min_score: float) -> dict[int, tuple[float, _Theme]]:
    """The themes one document gives, with their scores (see the module docstring)."""
    found, headed = _read(taxonomy, pages)
    extra_pages = max(0, sum(1 for text in pages if text and text.strip()) - SHORT_PAGES)
    # How long the document is, from 0 (a page or two) to 1 (LONG_PAGES and more).
    length = min(1.0, extra_pages / (LONG_PAGES - SHORT_PAGES))
    # The pages beyond those passing mentions explain count with diminishing returns in a long document
    # (the square root of them at LONG_PAGES): repetition in the body says less than the structure does.
    power = 1.0 - 0.5 * length
    scores = {
        t: entry.structure
        + float(
            max(0.0, entry.body_pages() - taxonomy.themes[t].prior * PASSING_SHARE * extra_pages) ** power
        )
        for t, entry in found.items()
    }
    best = max(scores.values(), default=0.0)
    needed = max(min_score / 2, MAX_SHARE * length * best)
    unnamed_needed = max(needed, UNNAMED_SHARE * length * best)

    def central(t: int) -> bool:
        # Named in the title or a heading: central, if the theme is not one every review names everywhere.
        # Named in no title, heading or findings of a long document: it must come near the best theme.
        entry, prior = found[t], taxonomy.themes[t].prior
        if entry.structure >= HEADING * max(1.0, prior / 2):
            return scores[t] >= min_score / 2
        return scores[t] >= (needed if entry.structure else unnamed_needed)

    ranked = sorted(
        (t for t in scores if found[t].raw() >= min_score and central(t)), key=lambda t: (-scores[t], t)
    )
    # A short text may fill several pages (slides, a briefing of short lines): its length is its text.
    short = not extra_pages or sum(len(text) for text in pages) <= SHORT_PAGES * PAGE_CHARS
    most = MAX_THEMES_SHORT if short else MAX_THEMES
    given = {t: (scores[t], found[t]) for t in ranked[:most]}
    # A theme made of others (the toxic trio): given when they are named together in a heading, or are
    # all central to the document.
    for number, theme in enumerate(taxonomy.themes):
        parts = [taxonomy.number(i) for i in theme.implies]
        if len(parts) < 3 or number in given:
            continue
        together = any(set(parts) <= names for names in headed)
        # (A page or two that names each once has no centre to speak of: there only a heading counts.)
        all_central = extra_pages > 0 and all(scores.get(p, 0.0) >= max(min_score, best / 2) for p in parts)
        if together or all_central:
            score = min(scores.get(p, 0.0) for p in parts)
            units_of = [u for p in parts if p in found for u in found[p].units]
            entry = _Theme()
            entry.units, entry.count = units_of, sum(found[p].count for p in parts if p in found)
            given[number] = (max(score, min_score), entry)
    # A given theme gives what it implies, at its own score.
    for number in list(given):
        for other_id in taxonomy.themes[number].implies:
            other = taxonomy.number(other_id)
            if other not in given:
                given[other] = given[number]
    if len(given) <= most:
        return given
    # Still at most `most` themes: the best first, each with what it implies or none of them.
    kept: dict[int, tuple[float, _Theme]] = {}
    for number in sorted(given, key=lambda t: (-given[t][0], t)):
        implied = (taxonomy.number(i) for i in taxonomy.themes[number].implies)
        group = {number, *(other for other in implied if other in given)} - set(kept)
        if len(kept) + len(group) <= most:
            kept.update((t, given[t]) for t in sorted(group))
    return kept


def detect(
    taxonomy: Taxonomy, documents: Sequence[tuple[str, Sequence[str]]], min_score: float = 1.0
) -> list[ThemeTag]:
    """The themes a record's documents are about, each with its score and evidence (see the module docstring).

    ``documents`` holds (document name, cleaned page texts) pairs; pages are
    numbered from 1 in the evidence. Returns detected ThemeTags, highest score first.
    """
    best: dict[int, float] = {}
    quotes: dict[int, list[tuple[float, int, int, _Unit, int, str, int]]] = {}
    for number, (name, pages) in enumerate(documents):
        for theme, (score, entry) in _given(taxonomy, pages, min_score).items():
            best[theme] = max(best.get(theme, score), score)
            quotes.setdefault(theme, []).extend(
                (unit.weight, number, order, unit, at, name, entry.count)
                for order, (unit, at) in enumerate(entry.units)
            )
    tags = []
    for theme in sorted(best, key=lambda t: (-best[t], t)):
        # A sentence that says something about the theme explains more than a heading or the title
        # that names it: sentences first (those under a findings heading before others), then headings.
        ranked = sorted(quotes[theme], key=lambda q: (q[0] >= HEADING, -q[0], q[1], q[2]))
        evidence: list[Evidence] = []
        pages_quoted: set[tuple[int, int]] = set()
        quoted: set[str] = set()
        for _, number, _, unit, at, name, count in ranked:
            quote = trim(unit.text, at)
            if (number, unit.page) in pages_quoted or quote in quoted:
                continue
            pages_quoted.add((number, unit.page))
            quoted.add(quote)
            evidence.append(Evidence(name, unit.page + 1, quote, count))
            if len(evidence) == MAX_EVIDENCE:
                break
        tags.append(ThemeTag(taxonomy.themes[theme].id, "detected", evidence, round(best[theme], 2)))
    return tags


def trim(sentence: str, at: int, limit: int = EVIDENCE_CHARS) -> str:
    """The sentence with spaces collapsed, cut to about ``limit`` characters around position ``at``."""
    whole = " ".join(sentence.split())
    if len(whole) <= limit:
        return whole
    budget = limit - 2  # room for an ellipsis at each end
    low = max(0, min(at - budget // 3, len(sentence) - budget))
    high = min(len(sentence), low + budget)
    piece = sentence[low:high]
    # Drop the words cut in half at either edge, when there is something else left.
    if low > 0 and " " in piece.strip():
        piece = piece.split(" ", 1)[1]
    if high < len(sentence) and " " in piece.strip():
        piece = piece.rsplit(" ", 1)[0]
    piece = " ".join(piece.split())[:budget]
    return ("\u2026" if low > 0 else "") + piece + ("\u2026" if high < len(sentence) else "")


def merge_themes(manual_and_existing: Iterable[ThemeTag], detected: Iterable[ThemeTag]) -> list[ThemeTag]:
    """A record's themes after a new detection.

    Manual tags are kept as they are, first and in their order (a detection never
    removes or downgrades what a person said); earlier detected tags are dropped and
    the new detection's tags follow, except those a manual tag already gives.
    """
    merged: list[ThemeTag] = []
    seen: set[str] = set()
    for tag in manual_and_existing:
        if tag.origin == "manual" and tag.id not in seen:
            merged.append(tag)
            seen.add(tag.id)
    for tag in detected:
        if tag.id not in seen:
            merged.append(tag)
            seen.add(tag.id)
    return merged
