"""What a line or page of text names: the themes of the taxonomy its phrases and ages name, and where.

:func:`mentions` reads a unit of text for :mod:`learnkit.knowledge.detect`:
a theme's label and aliases match as whole phrases of word stems (as
:func:`learnkit.knowledge.themes.scan` reads them): the longest phrase wins, and
an excluded phrase (the taxonomy's ``exclude``) swallows the alias inside it.
Joined phrases count for each part: "physical, sexual and emotional abuse" is
physical, sexual and emotional abuse. An age names its theme: "a 10 day old
baby" is a baby, "a 15-year-old" an adolescent. A phrase does not run over a
colon, semicolon or bracket.

:class:`PageText` searches a whole page once with the taxonomy's phrase
pattern (one regex of every phrase as words of text,
:attr:`learnkit.knowledge.themes.Taxonomy.text_pattern`) and stems only the
words where it may start a phrase; each line then takes its own. Text the
pattern cannot read (letters outside ASCII, an apostrophe inside a word) is
read word by word. The two readings find the same phrases.

Nothing here reads files or logs document text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from learnkit.knowledge.themes import WORD_RE, PhraseIndex, Taxonomy
from learnkit.reading.stem import stem_lookup, stems

_WORD_RE = WORD_RE
# Where a phrase may not go on: a colon, semicolon or bracket.
_SEGMENT_RE = re.compile(r"[;:()\[\]]")

_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_AGE_RE = re.compile(
    r"\b(\d{1,2}|[a-z]+)[\s-](day|week|month|year)s?[\s-]old\b"
    r"|\baged (\d{1,2}|[a-z]+) (day|week|month|year)s?\b",
    re.IGNORECASE,
)
# Which theme an age names: (theme id, unit, youngest, oldest).
_AGE_THEMES = (
    ("babies-pre-birth", "day", 0, 99),
    ("babies-pre-birth", "week", 0, 60),
    ("babies-pre-birth", "month", 0, 12),
    ("adolescents", "year", 13, 17),
)
_CONJUNCTIONS = ("and", "or")


def _follow(index: PhraseIndex, phrase: Sequence[str]) -> int:
    """The theme a whole phrase of stems names in the trie, or -1."""
    node = index.get(phrase[0])
    for word in phrase[1:]:
        if node is None:
            return -1
        node = node.next.get(word)
    return node.theme if node is not None and node.theme >= 0 else -1


# A letter or digit outside ASCII, and an apostrophe inside a word other than a final possessive "'s":
# text holding either is read word by word, since the taxonomy's phrase pattern may miss a phrase there.
_NON_ASCII_WORD_RE = re.compile(r"[^\W\x00-\x7f]")
_INNER_APOSTROPHE_RE = re.compile(r"[^\W_]'(?!s(?![\w']))[^\W_]")


def mentions(taxonomy: Taxonomy, text: str) -> list[tuple[int, int]]:
    """The themes a unit's text names, as (theme index, where in the text), in order.

    Where a phrase may start is found by the taxonomy's phrase pattern
    (:attr:`learnkit.knowledge.themes.Taxonomy.text_pattern`), one search of the whole text, and only
    there are words stemmed; in text the pattern cannot read (letters outside ASCII, inner apostrophes)
    every word is stemmed and looked up instead. Either way the same phrases are found.
    """
    return PageText(taxonomy, text).mentions(0, len(text))


class PageText:
    """A text (a line, or a page of lines) as :func:`mentions` reads it: where its phrases may start.

    :meth:`mentions` gives what a line of it names, so that a page is searched once for all its lines.
    """

    def __init__(self, taxonomy: Taxonomy, text: str) -> None:
        self.taxonomy = taxonomy
        self.text = text
        # Lower-cased, with curly apostrophes straight (both join a word; neither changes its stem).
        low = text.lower().replace("\u2019", "'")
        self.by_pattern = (
            len(low) == len(text)
            and (low.isascii() or _NON_ASCII_WORD_RE.search(low) is None)
            and not ("'" in low and _INNER_APOSTROPHE_RE.search(low))
        )
        self.low = low
        self.ages = "old" in low or "aged" in low  # every age _AGE_RE reads says one or the other
        index = taxonomy.text_index
        if self.by_pattern:
            self.starts = [match.start() for match in taxonomy.text_pattern.finditer(low)]
        else:
            known = map(index.__contains__, stems(_WORD_RE.findall(text)))
            self.starts = [
                word.start() for word, start in zip(_WORD_RE.finditer(text), known, strict=True) if start
            ]
        self.phrases = _Phrases(index, low if self.by_pattern else text)

    def mentions(self, first: int, last: int) -> list[tuple[int, int]]:
        """What ``text[first:last]`` names (a whole line of the text), as :func:`mentions` gives it."""
        ages = self.ages and (
            self.low.find("old", first, last) >= 0 or self.low.find("aged", first, last) >= 0
        )
        starts = self.starts[bisect_left(self.starts, first) : bisect_left(self.starts, last)]
        if not starts and not ages:
            return []
        found: list[tuple[int, int]] = []
        line = first
        # A phrase goes on within a segment: up to a colon, semicolon or bracket.
        bounds = [match.start() for match in _SEGMENT_RE.finditer(self.phrases.text, first, last)]
        for bound in [*bounds, last]:
            mine = [at for at in starts if first <= at < bound] if starts else []
            if mine:
                self.phrases.read(mine, first, bound, found)
            if ages:
                segment = self.text[first:bound]
                if "old" in segment.casefold() or "aged" in segment.casefold():
                    for match in _AGE_RE.finditer(segment):
                        theme = _age_theme(self.taxonomy, match)
                        if theme >= 0:
                            found.append((theme, first + match.start()))
            first = bound + 1
        return [(theme, at - line) for theme, at in found] if line else found


class _Phrases:
    """The phrases of the trie in one text, read a segment at a time."""

    def __init__(self, index: PhraseIndex, text: str) -> None:
        self.index = index
        self.text = text
        self.backwards = ""  # the text reversed, made when a joined phrase is looked for

    def read(self, starts: list[int], first: int, bound: int, found: list[tuple[int, int]]) -> None:
        """Add the themes of phrases starting at ``starts`` (where words may start) in a segment to ``found``.

        As :func:`learnkit.knowledge.themes.scan` reads a sequence of stems: at each word the longest
        phrase wins, a phrase inside a longer one is dropped, and an excluded phrase covers what is in it.
        """
        text, index = self.text, self.index
        covered = 0
        for start in starts:
            if start > first + 1 and text[start - 1] == "'" and text[start - 2].isalnum():
                continue  # the "s" of a possessive, inside a word
            token = _WORD_RE.match(text, start, bound)
            node = index.get(stem_lookup(token.group())) if token is not None else None
            if token is None or node is None:
                continue
            end, theme, words = (token.end(), node.theme, 1) if node.theme != -1 else (0, -1, 0)
            phrase = [token]
            while node.next:
                following = _WORD_RE.search(text, phrase[-1].end(), bound)
                node = node.next.get(stem_lookup(following.group())) if following is not None else None
                if following is None or node is None:
                    break
                phrase.append(following)
                if node.theme != -1:
                    end, theme, words = following.end(), node.theme, len(phrase)
            if theme == -1 or end <= covered:
                continue
            covered = end
            if theme < 0:
                continue  # an excluded phrase: it names nothing, and covers the alias inside it
            found.append((theme, start))
            if words > 1:
                head = [stem_lookup(word.group()) for word in phrase[1:words]]
                self._joined(start, first, head, found)

    def _joined(self, start: int, first: int, head: list[str], found: list[tuple[int, int]]) -> None:
        """Joined phrases: "physical, sexual and emotional abuse" names each kind of abuse.

        The words before a phrase are read in the reversed text (a word reads the same either way round
        to _WORD_RE), back to the start of the segment at ``first``.
        """
        text = self.text
        size = len(text)
        self.backwards = self.backwards or text[::-1]

        def word_before(at: int) -> tuple[int, int] | None:
            match = _WORD_RE.search(self.backwards, size - at, size - first)
            return (size - match.end(), size - match.start()) if match is not None else None

        def stem_of(word: tuple[int, int]) -> str:
            return stem_lookup(text[word[0] : word[1]])

        while (previous := word_before(start)) is not None:
            before: tuple[int, int] | None = previous
            if stem_of(previous) in _CONJUNCTIONS:
                before = word_before(previous[0])
                if before is not None and stem_of(before) in _CONJUNCTIONS:  # "and/or"
                    before = word_before(before[0])
            elif "," not in text[previous[1] : start]:  # "a, b abuse"
                break
            if before is None:
                break
            other = _follow(self.index, [stem_of(before), *head])
            if other < 0:
                break
            found.append((other, before[0]))
            start = before[0]


def _age_theme(taxonomy: Taxonomy, match: re.Match[str]) -> int:
    amount = (match.group(1) or match.group(3)).casefold()
    unit = (match.group(2) or match.group(4)).casefold()
    value = int(amount) if amount.isdigit() else _NUMBER_WORDS.get(amount, -1)
    for theme_id, age_unit, youngest, oldest in _AGE_THEMES:
        if unit == age_unit and youngest <= value <= oldest and theme_id in taxonomy:
            return taxonomy.number(theme_id)
    return -1
