"""Searching a library: what a user typed, as ranked hits with the document and page of each.

A query that names a theme (its label or an alias, found by
:meth:`learnkit.knowledge.themes.Taxonomy.match_query`) finds first the
records tagged with the theme, the most salient first, then the records whose
text names it by its label or another of its names as a phrase: a search for
"was not brought" finds a review that speaks of missed appointments, and
"county lines" one about criminal exploitation. A phrase that only holds a
name ("abuse or neglect", or another theme's longer name, "learning culture"
for culture) does not name the theme. Records that merely hold the words apart
are not hits for a query that is only a theme's name (unless nothing else is
found); see :mod:`learnkit.storage.ranking`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from learnkit.errors import InvalidError
from learnkit.models import Hit, Theme
from learnkit.operations.core import LibraryCore
from learnkit.operations.records import check_filters
from learnkit.storage.ranking import TAGGED

if TYPE_CHECKING:
    from learnkit.knowledge.themes import Taxonomy
    from learnkit.storage.index import Filters
    from learnkit.storage.query import NamedTheme

# A word as the index reads it: letters and digits (hyphens, apostrophes and underscores part words).
_WORD = re.compile(r"[^\W_]+")


@dataclass
class SearchResult:
    """What a search found: how many records, the best of them, and the themes the query names."""

    query: str
    count: int
    hits: list[Hit]
    themes: list[Theme] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    # True when every word looked for is one that documents' text is indexed without (index.STOP_WORDS).
    documents_skipped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "count": self.count, "results": [h.to_dict() for h in self.hits]}


def theme_names(themes: list[Theme]) -> list[list[str]]:
    """The names of each theme a query names (label, then aliases): what documents are also searched for."""
    return [[theme.label, *theme.aliases] for theme in themes]


def named_themes(taxonomy: Taxonomy, themes: list[Theme], typed: str = "") -> list[NamedTheme]:
    """Each theme a query names, by the names that name it in a record's text, with the phrases that
    hold one of them without naming it.

    Its names: its label, its aliases of two words or more, and, when the query
    (``typed``) names it by a one-word alias, that alias. Another one-word alias
    is too loose a sign that a text is about the theme: "missing" is in
    "missing opportunities", "cultural" (as the index stems it) in "learning
    culture", "baby" in nearly every review. The phrases that do not name it: its own
    excluded phrases, and the longer names of other themes that hold one of its
    names, as detection reads them (the longest name wins).
    """
    from learnkit.storage.query import NamedTheme

    def words(name: str) -> list[str]:
        return _WORD.findall(name.lower())

    asked = words(typed)
    others = [(t.id, words(n)) for t in taxonomy.themes for n in (t.label, *t.aliases)]
    out: list[NamedTheme] = []
    for theme in themes:
        aliases = [(a, words(a)) for a in theme.aliases]
        by_one_word = not any(
            _within(w, asked) for w in (words(theme.label), *(w for _, w in aliases)) if len(w) > 1
        )
        names = [theme.label, *(a for a, w in aliases if len(w) > 1 or (by_one_word and _within(w, asked)))]
        mine = [words(n) for n in names]
        covering = [
            " ".join(w)
            for other, w in others
            if other != theme.id and any(_within(m, w) for m in mine if len(m) < len(w))
        ]
        out.append(NamedTheme(theme.id, names, [*theme.exclude, *dict.fromkeys(covering)]))
    return out


def _within(part: list[str], whole: list[str]) -> bool:
    """Whether the words ``part`` run, in order, somewhere in ``whole``."""
    n = len(part)
    return any(whole[i : i + n] == part for i in range(len(whole) - n + 1))


def search(lib: LibraryCore, text: str, filters: Filters | None = None, limit: int = 20) -> SearchResult:
    """The records that match what a user typed, best first, at most ``limit`` of them."""
    from learnkit.storage.index import Filters
    from learnkit.storage.query import query_words, search_query

    filters = check_filters(lib.taxonomy, filters or Filters())
    if limit < 1:
        raise InvalidError("--limit must be at least 1")
    named = lib.taxonomy.match_query(text)
    query = search_query(text, theme_names(named), named_themes(lib.taxonomy, named, text))
    index = lib.index()
    count, raw = index.search(query, filters, limit)
    rows = index.get_many(h.slug for h in raw)
    hits = [
        Hit(
            slug=h.slug,
            title=rows[h.slug]["title"],
            kind=rows[h.slug]["kind"],
            date=rows[h.slug].get("date", ""),
            themes=[t["id"] for t in rows[h.slug].get("themes", [])],
            score=h.score,
            snippet=" ".join(h.snippet.split()),
            page=h.page,
            document=h.document,
            matched=h.matched,
        )
        for h in raw
        if h.slug in rows
    ]
    for hit in hits:
        if hit.page is None and hit.matched == TAGGED:
            _from_evidence(hit, rows[hit.slug], {t.id for t in named})
    result = SearchResult(text, count, hits, themes=named, documents_skipped=query.docs is None)
    if count == 0:
        result.suggestions = suggest(lib, query_words(text))
    return result


def _from_evidence(hit: Hit, record: dict[str, Any], themes: set[str]) -> None:
    """A tagged record whose pages hold no name of the theme: the page and sentence detection found."""
    for tag in record.get("themes", []):
        if tag["id"] in themes and tag.get("evidence"):
            evidence = tag["evidence"][0]
            hit.document, hit.page, hit.snippet = evidence["document"], evidence["page"], evidence["sentence"]
            return


def suggest(lib: LibraryCore, words: list[str]) -> list[str]:
    """Close words from the index and the taxonomy for a search that found nothing."""
    vocab = set(lib.raw_index.vocabulary(w[0] for w in words if w))
    vocab.update(_taxonomy_words(lib.taxonomy))
    out: list[str] = []
    for word in words:
        for candidate in difflib.get_close_matches(word, sorted(vocab), n=3, cutoff=0.75):
            if candidate != word and candidate not in out:
                out.append(candidate)
    return out[:5]


def _taxonomy_words(taxonomy: Taxonomy) -> set[str]:
    words: set[str] = set()
    for theme in taxonomy.themes:
        words.update(theme.label.lower().split())
        for alias in theme.aliases:
            words.update(alias.split())
    return words
