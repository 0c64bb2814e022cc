"""Searching a library: what a user typed, as ranked hits with the document and page of each.

A query that names a theme (its label or an alias, found by
:meth:`learnkit.knowledge.themes.Taxonomy.match_query`) also looks for the
theme's other names in documents' text, ranked below the words as typed: a
search for "was not brought" finds a review that speaks of missed
appointments, and "county lines" one about criminal exploitation.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from learnkit.errors import InvalidError
from learnkit.models import Hit, Theme
from learnkit.operations.core import LibraryCore
from learnkit.operations.records import check_filters

if TYPE_CHECKING:
    from learnkit.knowledge.themes import Taxonomy
    from learnkit.storage.index import Filters


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


def search(lib: LibraryCore, text: str, filters: Filters | None = None, limit: int = 20) -> SearchResult:
    """The records that match what a user typed, best first, at most ``limit`` of them."""
    from learnkit.storage.index import Filters
    from learnkit.storage.query import query_words, search_query

    filters = check_filters(lib.taxonomy, filters or Filters())
    if limit < 1:
        raise InvalidError("--limit must be at least 1")
    named = lib.taxonomy.match_query(text)
    query = search_query(text, theme_names(named))
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
        )
        for h in raw
        if h.slug in rows
    ]
    result = SearchResult(text, count, hits, themes=named, documents_skipped=query.docs is None)
    if count == 0:
        result.suggestions = suggest(lib, query_words(text))
    return result


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
