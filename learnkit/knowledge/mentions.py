"""What a line or page of text names: the themes of the taxonomy its phrases and ages name, and where.

:func:`mentions` reads a unit of text for :mod:`learnkit.knowledge.detect`:
a theme's label and aliases match as whole phrases of word stems (as
:func:`learnkit.knowledge.themes.scan` reads them): the longest phrase wins, and
an excluded phrase (the taxonomy's ``exclude``) swallows the alias inside it.
Joined phrases count for each part: "physical, sexual and emotional abuse" is
physical, sexual and emotional abuse. So does coordinated phrasing, as reviews
write it: the parts may share a phrase's end ("poor physical and mental health"
is poor physical health; "engage with and support young people"), or, after a
linking word, its beginning ("assessment of mothers and fathers"), with at most
three other words between, within a sentence, none of them making a clause of
its own. What is read so adds a theme and hides none; an excluded phrase read
so still names nothing. An age names its theme: "a 10 day old baby" is a baby,
"a 15-year-old" an adolescent. A phrase does not run over a colon, semicolon or
bracket.

:class:`PageText` searches a whole page once with the taxonomy's phrase
pattern (one regex of the first words of every phrase as words of text,
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

from learnkit.knowledge.themes import (
    CONJUNCTIONS,
    COORDINATED_WORDS,
    FUNCTION_WORDS,
    LINKING_WORDS,
    NO_THEME,
    WORD_RE,
    Node,
    PhraseIndex,
    Taxonomy,
    phrase_starts,
    shares_end,
)
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
# What may stand between the words of coordinated phrasing: spaces, hyphens, a slash ("and/or"), a
# closing apostrophe ("parents' views"); and, in a list, a comma. Not the end of a sentence or a quote.
_JOIN_RE = re.compile(r"[\s'\u2019\u2010-\u2015/-]*")
# Words that make the other part of coordinated phrasing a clause of its own rather than a part of the
# phrase's place: "a parent and had mental illness" is not a parent's illness.
_CLAUSE = (
    "was were is are be been being had has have did do does should must will would can could may might not no"
)
_CLAUSE_WORDS = frozenset(stems(_CLAUSE.split(" ")))
# How far on a quick look for the end of a coordinated phrase goes, in characters.
_LOOK_AHEAD = 80
_STOPS = _CLAUSE_WORDS | CONJUNCTIONS
_LIST_JOIN_RE = re.compile(r"[\s'\u2019\u2010-\u2015/-]*(?:,[\s'\u2019\u2010-\u2015/-]*)?")


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
            self.starts = phrase_starts(taxonomy.text_pattern, low)
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
        Then a beginning of a phrase that a conjunction interrupts is read as coordinated (see
        :meth:`_coordinated`); that adds a theme, and hides none.
        """
        text, index = self.text, self.index
        covered = 0
        excluded: set[int] = set()  # conjunctions an excluded phrase read coordinated holds
        for start in starts:
            if start > first + 1 and text[start - 1] == "'" and text[start - 2].isalnum():
                continue  # the "s" of a possessive, inside a word
            token = _WORD_RE.match(text, start, bound)
            node = index.get(stem_lookup(token.group())) if token is not None else None
            if token is None or node is None:
                continue
            stem = stem_lookup(token.group())
            end, theme, words = (token.end(), node.theme, 1) if node.theme != -1 else (0, -1, 0)
            path = [(token, node)]  # the words read so far, each with the trie node it leads to
            stems_read = [stem]
            following = None  # the first word after them that goes on no phrase
            while node.next:
                following = _WORD_RE.search(text, path[-1][0].end(), bound)
                if following is None:
                    break
                stem = stem_lookup(following.group())
                child = node.next.get(stem)
                if child is None:
                    break
                node = child
                path.append((following, node))
                stems_read.append(stem)
                following = None
                if node.theme != -1:
                    end, theme, words = path[-1][0].end(), node.theme, len(path)
            before = covered
            if theme != -1 and end > covered:
                covered = end
                if theme >= 0:
                    found.append((theme, start))
                    if words > 1:
                        self._joined(start, first, stems_read[1:words], found)
            # Coordinated phrasing, only where it may be: a conjunction next, or a linking word read.
            if (
                following is not None
                and node.next
                and (stem in CONJUNCTIONS or not LINKING_WORDS.isdisjoint(stems_read))
            ):
                joined = self._coordinated(path, stems_read, following, stem in CONJUNCTIONS, bound)
                if joined is None:
                    pass
                elif joined[1] == NO_THEME:
                    excluded.add(joined[0])  # "no family or social support": no phrase coordinated there
                # Nor where the conjunction is inside a phrase already read ("abuse and neglect").
                elif joined[0] >= before and joined[0] not in excluded and (joined[1], start) not in found:
                    found.append((joined[1], start))

    def _coordinated(
        self,
        path: list[tuple[re.Match[str], Node]],
        words: list[str],
        after: re.Match[str],
        conjunction_next: bool,
        bound: int,
    ) -> tuple[int, int] | None:
        """A phrase whose beginning ``path`` a conjunction interrupts, as (where the conjunction is, theme).

        Two ways, as reviews write them: the parts share the phrase's end ("poor physical and mental
        health" is poor physical health; "engage with and support young people"), or, after a linking
        word, its beginning ("assessment of mothers and fathers"; "views of parents, carers and
        children"). At most ``COORDINATED_WORDS`` words stand between beginning and end, within a
        sentence, and none of them makes a clause of its own ("a parent and had mental illness"). A
        beginning made only of function words ("should be") is not read so. ``words`` are the stems of
        ``path``; ``after`` is the first word after it that goes on no phrase (``conjunction_next``: a
        conjunction). The theme is NO_THEME where the phrase is excluded; None when there is no phrase.
        """
        if all(word in FUNCTION_WORDS for word in words):
            return None
        # The shared end: the conjunction straight after the beginning, a few words, then the end.
        if (
            conjunction_next
            and shares_end(words[-1], len(path), True)
            and self._may_end(path[-1][1], after.end())
            and _JOIN_RE.fullmatch(self.text, path[-1][0].end(), after.start())
        ):
            others = _past_and_or(self._words_after(after, bound))
            for count in range(1, min(COORDINATED_WORDS, len(others) - 1) + 1):
                if stem_lookup(others[count - 1].group()) in _STOPS:
                    break  # another conjunction, or a clause of its own
                theme = self._ending(path[-1][1], others[count])
                if theme != -1:
                    return after.start(), theme
        # The shared beginning: from the deepest linking word back, the other parts, then the conjunction.
        for depth in range(len(path), 0, -1):
            if words[depth - 1] not in LINKING_WORDS or all(w in FUNCTION_WORDS for w in words[:depth]):
                continue
            node = path[depth - 1][1]
            others = self._words_after(path[depth - 1][0], bound, commas=True)
            conjunction = next(
                (k for k, word in enumerate(others) if stem_lookup(word.group()) in CONJUNCTIONS), -1
            )
            if not 0 < conjunction <= COORDINATED_WORDS or any(
                stem_lookup(word.group()) in _CLAUSE_WORDS for word in others[:conjunction]
            ):
                continue
            # Each part of a list ("parents, carers and children"), then the last, after the conjunction.
            parts = [
                k for k in range(1, conjunction) if "," in self.text[others[k - 1].end() : others[k].start()]
            ]
            ending = _past_and_or(others[conjunction + 1 :])
            for k in [*parts, conjunction + 1]:
                word = others[k] if k <= conjunction else (ending[0] if ending else None)
                theme = self._ending(node, word) if word is not None else -1
                if theme != -1:
                    return others[conjunction].start(), theme
        return None

    def _may_end(self, node: Node, at: int) -> bool:
        """Whether one of the few words after ``at`` goes on from ``node`` (a quick look, before reading)."""
        following = _WORD_RE.findall(self.text, at, at + _LOOK_AHEAD)[: COORDINATED_WORDS + 2]
        return any(stem_lookup(word) in node.next for word in following)

    def _words_after(self, word: re.Match[str], bound: int, commas: bool = False) -> list[re.Match[str]]:
        """The words after ``word`` in coordinated phrasing: enough for its parts, joined as _JOIN_RE says."""
        text, joins = self.text, (_LIST_JOIN_RE if commas else _JOIN_RE)
        found: list[re.Match[str]] = []
        at = word.end()
        while len(found) < COORDINATED_WORDS + 3:
            following = _WORD_RE.search(text, at, bound)
            if following is None or joins.fullmatch(text, at, following.start()) is None:
                break
            found.append(following)
            at = following.end()
        return found

    def _ending(self, node: Node, word: re.Match[str] | None) -> int:
        """The theme of the longest phrase the trie reads from ``node`` on, from ``word``, or -1.

        An excluded phrase gives NO_THEME. A phrase ending in a possessive gives -1: "the
        children's" belongs to what follows it ("children's experience of abuse and children's
        offending").
        """
        text = self.text
        theme, last = -1, word
        following = word
        while following is not None:
            child = node.next.get(stem_lookup(following.group()))
            if child is None:
                break
            node = child
            if node.theme != -1:
                theme, last = node.theme, following
            if not node.next:
                break
            following = _WORD_RE.search(text, following.end(), following.endpos)
        if theme == -1 or last is None or _is_possessive(text, last):
            return -1
        return theme

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


def _is_possessive(text: str, word: re.Match[str]) -> bool:
    """Whether a word of ``text`` is a possessive: "child's", "parents'"."""
    return word.group()[-2:-1] in ("'", "\u2019") or text[word.end() : word.end() + 1] in ("'", "\u2019")


def _past_and_or(words: list[re.Match[str]]) -> list[re.Match[str]]:
    """The words after a conjunction, past the "or" of an "and/or"."""
    return words[1:] if words and stem_lookup(words[0].group()) in CONJUNCTIONS else words


def _age_theme(taxonomy: Taxonomy, match: re.Match[str]) -> int:
    amount = (match.group(1) or match.group(3)).casefold()
    unit = (match.group(2) or match.group(4)).casefold()
    value = int(amount) if amount.isdigit() else _NUMBER_WORDS.get(amount, -1)
    for theme_id, age_unit, youngest, oldest in _AGE_THEMES:
        if unit == age_unit and youngest <= value <= oldest and theme_id in taxonomy:
            return taxonomy.number(theme_id)
    return -1
