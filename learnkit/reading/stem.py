"""A compact English stemmer for theme detection and summaries.

It follows the first steps of Porter's algorithm (plurals, ``-ed``/``-ing``,
``y``/``i``, a final ``e``) and adds the few derivational endings that matter for
the words practitioners use: ``-ful``, ``-fully``, ``-ness``, ``-fulness``. So
neglect, neglects, neglected, neglecting, neglectful, neglectfully and
neglectfulness share one stem, as do abuse/abused/abusing and
appointment/appointments. The later Porter steps (``-ation``, ``-ive``,
``-ment``...) are left out on purpose: they conflate words a theme must keep apart
(appointment and appointed), and aliases list such forms explicitly instead.

A stem is a matching key, not a word: "family" and "families" both become
"famili". The function is pure and deterministic. Stems are cached because a
large corpus repeats the same few tens of thousands of words millions of times;
the cache is a plain dict (cleared when it grows past ``CACHE_SIZE`` words)
because a hit in a dict costs half what it does in ``functools.lru_cache``, and
:func:`stems` looks up a whole page's words in one call.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Plurals English does not form with -s, and spellings that should meet their
# British form (the reports are British; some sources are not).
_IRREGULAR = {
    "children": "child",
    "childrens": "child",
    "men": "man",
    "women": "woman",
    "people": "person",
    "peoples": "person",
    "wives": "wife",
    "lives": "life",
    "feet": "foot",
    "teeth": "tooth",
}

# Words whose usual stem would merge two ideas a theme must keep apart:
# "missing" (a child who is missing) is not "missed" (a missed appointment).
_PROTECTED = frozenset({"missing", "news", "during", "nothing", "something", "anything", "everything"})

_VOWELS = frozenset("aeiou")
_SMALL = frozenset("wxy")


def _is_consonant(word: str, i: int) -> bool:
    char = word[i]
    if char in _VOWELS:
        return False
    if char == "y":
        return i == 0 or not _is_consonant(word, i - 1)
    return True


def _measure(word: str) -> int:
    """Porter's m: how many vowel-consonant sequences the word holds."""
    m = 0
    previous_vowel = False
    for i in range(len(word)):
        consonant = _is_consonant(word, i)
        if consonant and previous_vowel:
            m += 1
        previous_vowel = not consonant
    return m


def _has_vowel(word: str) -> bool:
    return any(not _is_consonant(word, i) for i in range(len(word)))


def _ends_double_consonant(word: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and _is_consonant(word, len(word) - 1)


def _ends_cvc(word: str) -> bool:
    """Consonant-vowel-consonant ending, the last not w, x or y (hop, care)."""
    return (
        len(word) >= 3
        and _is_consonant(word, len(word) - 3)
        and not _is_consonant(word, len(word) - 2)
        and _is_consonant(word, len(word) - 1)
        and word[-1] not in _SMALL
    )


def _fold(word: str) -> str:
    word = word.lower()
    if word.isascii():
        return word
    # Accented letters fold to their base letter; curly apostrophes to straight ones.
    word = word.replace("\u2019", "'").replace("\u2018", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


CACHE_SIZE = 500_000


def _stem(word: str) -> str:
    w = _fold(word)
    if w.endswith("'s"):
        w = w[:-2]
    if "'" in w:
        w = w.replace("'", "")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 2 or w in _PROTECTED or not w.isalpha() or not w.isascii():
        return w
    if "behavior" in w:
        w = w.replace("behavior", "behaviour")

    # Each step looks at the last letter first: most words end in none of its endings, and one
    # comparison settles that where several endswith calls would. No step empties the word.

    # Step 1a: plurals. A final s after s, u or i is part of the word (class, status, analysis).
    if w[-1] == "s":
        if w.endswith("sses") or w.endswith("ies"):
            w = w[:-2]
        elif len(w) > 3 and not w.endswith(("ss", "us", "is")):
            w = w[:-1]

    # Step 1b: -eed, -ed, -ing, then repair the stem so that hoped/hoping meet hope.
    removed = False
    if w[-1] == "d":
        if w.endswith("eed"):
            if _measure(w[:-3]) > 0:
                w = w[:-1]
        elif w.endswith("ed") and _has_vowel(w[:-2]):
            w, removed = w[:-2], True
    elif w.endswith("ing") and _has_vowel(w[:-3]):
        w, removed = w[:-3], True
    if removed:
        if w.endswith(("at", "bl", "iz")):
            w += "e"
        elif _ends_double_consonant(w) and w[-1] not in "lsz":
            w = w[:-1]
        elif _measure(w) == 1 and _ends_cvc(w):
            w += "e"

    # Step 1c: a final y after a vowel-bearing stem is spelled i (family, families).
    if w[-1] == "y" and _has_vowel(w[:-1]):
        w = w[:-1] + "i"

    # The derivational endings practitioners' language turns on (neglectful, carefulness).
    if w[-1] in "sil":
        for suffix in ("fulness", "fulli", "ness", "ful"):
            if w.endswith(suffix):
                if _measure(w[: -len(suffix)]) > 0:
                    w = w[: -len(suffix)]
                break

    # Step 5: a final e, and ll, as Porter does (abuse meets abused; care stays care).
    if w[-1] == "e":
        m = _measure(w[:-1])
        if m > 1 or (m == 1 and not _ends_cvc(w[:-1])):
            w = w[:-1]
    if w[-1] == "l" and w.endswith("ll") and _measure(w) > 1:
        w = w[:-1]

    # British and American spellings meet: organised/organized, analyse/analyze.
    if w[-1] == "z" and w.endswith(("iz", "yz")):
        w = w[:-1] + "s"
    return w


class _Cache(dict[str, str]):
    """Stems by word, filled on first use."""

    def __missing__(self, word: str) -> str:
        if len(self) >= CACHE_SIZE:
            self.clear()
        result = self[word] = _stem(word)
        return result


_CACHE = _Cache()
_lookup = _CACHE.__getitem__
# The stem of one word as the cache's own lookup: what a loop over many words calls, without the
# cost of a Python function call that :func:`stem` adds.
stem_lookup = _lookup


def beginnings(stem_: str) -> tuple[str, ...]:
    """What a word with this stem begins with, lower-cased: one of these strings (for a fast search of text).

    It holds for a word of ASCII letters and digits, possibly with a final possessive ``'s``: each step
    of :func:`stem` cuts letters off the end of the word, and then may add an "e" (hoping: hope), spell
    a final "y" as "i" (baby: babi) or a final "z" as "s" (organiz: organis). So the stem begins the
    word, except that its last letter may be one of those; the irregular plurals ("men": man) and the
    American "behavior" are the other exceptions, and are given too.
    """
    found = [stem_]
    last, rest = stem_[-1:], stem_[:-1]
    if last == "e" and (rest.endswith(("at", "bl", "iz")) or _ends_cvc(rest)):
        found.append(rest)  # an "e" the stemmer may have added
    elif last == "i":
        found.append(rest + "y")
    elif last == "s" and rest.endswith(("i", "y")):
        found.append(rest + "z")
    if "behaviour" in stem_:
        found.extend([b.replace("behaviour", "behavior") for b in found])
    found.extend(word for word, irregular in _IRREGULAR.items() if irregular == stem_)
    return tuple(dict.fromkeys(found))


def stem(word: str) -> str:
    """The stem of one word (any case; a possessive ``'s`` is dropped)."""
    return _lookup(word)


def stems(words: Iterable[str]) -> list[str]:
    """The stems of many words, in order (the fast path for whole pages)."""
    return list(map(_lookup, words))
