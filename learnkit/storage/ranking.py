"""The order of a search that names a theme: what it is about, then what names it, then the words alone.

A trainer who types ``think family`` wants the records that are about think
family first: those tagged with the theme (detected or given by a person, not
rejected), the most salient first, a person's tag before detection's. Below
them come the records whose text names the theme, by its label or an alias as
a phrase. A record that merely holds "think" and "family" somewhere in a long
document is not about the theme at all: such records are left out of a query
that is only the theme's name, unless nothing is tagged with the theme or
names it; a query with other words too ("think family housing") keeps them,
last. Pure functions: the index finds the sets, this orders them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

TAGGED = "tagged"
NAMED = "named"
WORDS = "words"

# Within the tagged records salience decides; how strongly the text matches only breaks near-ties
# (detection's scores move in steps of about half a point): it adds less than this.
TEXT_SHARE = 0.1


class Tag:
    """A record's tag with one theme: whether a person gave or kept it, and detection's salience score."""

    __slots__ = ("person", "score")

    def __init__(self, person: bool, score: float) -> None:
        self.person = person
        self.score = score


def _shared(sets: Iterable[Iterable[str]]) -> set[str]:
    """The slugs in every one of ``sets`` (none when there are no sets)."""
    out: set[str] | None = None
    for slugs in sets:
        out = set(slugs) if out is None else out & set(slugs)
    return out or set()


def themed_order(
    tagged: Sequence[Mapping[str, Tag]],
    named: Sequence[Mapping[str, float]],
    words: Mapping[str, float],
    rest: set[str] | None = None,
    excluded: Iterable[str] = (),
    with_words: bool = False,
) -> list[tuple[str, str, float]]:
    """(slug, why it matched, score) of each record found, best first, for a query naming themes.

    ``tagged`` and ``named``: for each theme the query names, the records
    tagged with it and the records naming it (with how strongly their text
    does). ``words``: the records holding all the query's words, with their
    score. ``rest``: the records holding the query's other terms (None: it has
    none); ``excluded``: records holding a term the query excludes.
    ``with_words``: whether records found by the words alone count when some
    record is tagged with or names the themes (a query with other words too).
    Scores are positive and fall with the order: a tagged record scores above
    every named one, a named one above every one found by the words alone.
    """
    out = set(excluded)

    def keep(slug: str) -> bool:
        return slug not in out and (rest is None or slug in rest)

    def text(slug: str) -> float:
        return words.get(slug, 0.0) + sum(n.get(slug, 0.0) for n in named)

    first = {s for s in _shared(t.keys() for t in tagged) if keep(s)}
    second = {s for s in _shared(set(t) | set(n) for t, n in zip(tagged, named, strict=True)) if keep(s)}
    second -= first
    third: set[str] = set()
    if with_words or not (first or second):
        third = set(words) - first - second

    ranked3 = sorted(((s, words[s]) for s in third), key=lambda x: (-x[1], x[0]))
    floor = max((v for _, v in ranked3), default=0.0)
    ranked2 = sorted(((s, floor + 1.0 + text(s)) for s in second), key=lambda x: (-x[1], x[0]))
    floor = max((v for _, v in ranked2), default=floor)
    salience = {s: sum(t[s].score for t in tagged) for s in first}
    persons = {s: sum(t[s].person for t in tagged) for s in first}
    step = max(salience.values(), default=0.0) + 1.0
    values = {s: persons[s] * step + salience[s] + TEXT_SHARE * text(s) / (1.0 + text(s)) for s in first}
    ranked1 = sorted(((s, floor + 1.0 + v) for s, v in values.items()), key=lambda x: (-x[1], x[0]))
    return (
        [(s, TAGGED, v) for s, v in ranked1]
        + [(s, NAMED, v) for s, v in ranked2]
        + [(s, WORDS, v) for s, v in ranked3]
    )
