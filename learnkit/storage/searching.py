"""Searching the index: what a user typed (:class:`learnkit.storage.query.SearchQuery`) as ranked hits.

The read path of :class:`learnkit.storage.index.Index`, which holds the tables
(see its module) and whose ``search`` puts these methods together. Search
ranks documents, not pages (doc_fts): at national scale a common word is on
tens of thousands of pages but only a few thousand documents, and bm25 over
pages is the cost of a search. Only for the records it shows does it then
find the best page of the best document (page_fts, limited to that
document's rowid range) for the page number and snippet.

A query that names themes also looks for their other names in documents
(``SearchQuery.also_docs``): records found only so rank below every record
found by the words as typed. When the query gives the themes themselves
(``SearchQuery.themes``), the records tagged with them come first, then those
that name them, in the order :func:`learnkit.storage.ranking.themed_order` gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from learnkit.models import MARK_END, MARK_START
from learnkit.storage.query import SearchQuery
from learnkit.storage.ranking import WORDS, Tag, themed_order

# bm25 column weights for record_fts: title, themes, summary, body.
RECORD_WEIGHTS = (10.0, 8.0, 4.0, 2.0)
# A match in a record's own field earns this bonus on top of bm25, by field
# (title, themes, summary, body). bm25's IDF is clamped to almost nothing for
# a word found in more than half the records, which would otherwise let any
# page-text hit outrank a title or theme hit for common words like "neglect".
FIELD_BONUS = (6.0, 5.0, 3.0, 2.0)
# Page text counts for less than a record's own fields, so that a record
# about a subject ranks above one that mentions it on a page. A match in a
# document earns a bonus too (bm25's IDF collapses there as well), smaller
# than any field's.
PAGE_WEIGHT = 0.6
DOC_BONUS = 1.0
# A record found only by the other names of a theme the query names scores below the lowest
# record found by the words as typed: its bm25 (weighted) is capped at the ceiling and scaled
# into the room under that lowest score, so that the order among such records is kept.
ALSO_WEIGHT = 0.6
ALSO_CEILING = 10.0
ALSO_DOC_WEIGHT = 3.0
ALSO_BONUS = 5.0
# What naming a theme the query names adds to a record's text score, in its own fields or in a
# document (see Index._themed): a record that names it in its title or summary names it more.
NAMED_FIELD = 2.0
NAMED_DOC = 1.0


class Filters:
    """What a list, search or export is narrowed to (None: anything).

    A plain class, like the models (see learnkit.models._Value): a dataclass is
    generated afresh at every start.
    """

    def __init__(
        self,
        kind: str | None = None,
        theme: str | None = None,
        area: str | None = None,
        status: str | None = None,
        since: int | None = None,
        until: int | None = None,
    ) -> None:
        self.kind = kind
        self.theme = theme
        self.area = area
        self.status = status
        self.since = since
        self.until = until

    def __repr__(self) -> str:
        return f"Filters({', '.join(f'{k}={v!r}' for k, v in vars(self).items() if v is not None)})"

    def sql(self, alias: str = "r") -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.kind:
            clauses.append(f"{alias}.kind = ?")
            args.append(self.kind)
        if self.status:
            clauses.append(f"{alias}.status = ?")
            args.append(self.status)
        if self.area:
            clauses.append(f"{alias}.area LIKE ?")
            args.append(f"%{self.area}%")
        if self.theme:
            clauses.append(f"{alias}.themes LIKE ?")
            args.append(f"% {self.theme} %")
        if self.since is not None:
            clauses.append(f"{alias}.y1 >= ?")
            args.append(self.since)
        if self.until is not None:
            clauses.append(f"{alias}.y0 <= ?")
            args.append(self.until)
        return (" AND ".join(clauses) or "1"), args


class RawHit:
    """A record found by the index: its score, a snippet, and the document and page of the best match."""

    __slots__ = ("slug", "score", "snippet", "document", "page", "matched")

    def __init__(
        self,
        slug: str,
        score: float,
        snippet: str,
        document: str | None = None,
        page: int | None = None,
        matched: str = WORDS,
    ) -> None:
        self.slug = slug
        self.score = score
        self.snippet = snippet
        self.document = document
        self.page = page
        # Why it matched: the words (ranking.WORDS), or a named theme's tag (TAGGED) or name (NAMED).
        self.matched = matched


class Searching:
    """The search methods of :class:`learnkit.storage.index.Index`, over its connection."""

    @property
    def conn(self) -> Any:
        raise NotImplementedError  # Index's own: an sqlite3.Connection (imported by index.py alone)

    def _best_page(self, query: str, first: int, last: int) -> tuple[str, str, int] | None:
        """(snippet, document name, page number) of the page from first to last where ``query`` ranks best."""
        row = self.conn.execute(
            f"SELECT snippet(page_fts, 0, '{MARK_START}', '{MARK_END}', '…', 14), p.name, p.page"
            " FROM page_fts JOIN pages p ON p.id = page_fts.rowid"
            " WHERE page_fts MATCH ? AND page_fts.rowid BETWEEN ? AND ? ORDER BY rank LIMIT 1",
            (query, first, last),
        ).fetchone()
        return (str(row[0]), str(row[1]), int(row[2])) if row else None

    def _page_naming(self, query: str, first: int, last: int) -> tuple[str, str, int] | None:
        """(snippet, document name, page number) of the page from first to last whose snippet marks
        most of ``query``'s names (the first such page).

        Not ranked by bm25: for an OR of many names FTS5 would count every name's
        rows in the whole index for its weights, a tenth of a second a hit at
        national scale; the snippet of each matching page of one document is cheap.
        """
        best: tuple[int, int, str, str] | None = None
        for snippet, name, page in self.conn.execute(
            f"SELECT snippet(page_fts, 0, '{MARK_START}', '{MARK_END}', '…', 14), p.name, p.page"
            " FROM page_fts JOIN pages p ON p.id = page_fts.rowid"
            " WHERE page_fts MATCH ? AND page_fts.rowid BETWEEN ? AND ?",
            (query, first, last),
        ):
            key = (-str(snippet).count(MARK_START), int(page))
            if best is None or key < best[:2]:
                best = (*key, str(snippet), str(name))
        return (best[2], best[3], best[1]) if best else None

    def _record_snippet(self, queries: Iterable[str], slug: str) -> str:
        """A snippet from the summary, else the learning text, else the title, by the first of
        ``queries`` that marks a word there.

        The themes column holds alias lists, which read badly.
        """
        snippets = ", ".join(
            f"snippet(record_fts, {col}, '{MARK_START}', '{MARK_END}', '…', 14)" for col in (2, 3, 0)
        )
        first: tuple[str, str, str] | None = None
        for query in queries:
            row = self.conn.execute(
                f"SELECT {snippets} FROM record_fts JOIN records r ON r.id = record_fts.rowid"
                " WHERE record_fts MATCH ? AND r.slug = ?",
                (query, slug),
            ).fetchone()
            if row is None:
                continue
            first = first or row
            marked = next((str(s) for s in row if MARK_START in s), None)
            if marked is not None:
                return marked
        if first is None:  # found only by its documents, and no page held a word of the query
            return str(self.conn.execute("SELECT title FROM records WHERE slug = ?", (slug,)).fetchone()[0])
        summary, _, title = first
        return str(summary or title)

    def _doc_matches(
        self, query: str | None, where: str, args: list[Any]
    ) -> dict[str, tuple[float, int, int]]:
        """The best matching document of each record: (score, first page rowid, last page rowid)."""
        best: dict[str, tuple[float, int, int]] = {}
        if not query:
            return best
        for slug, score, first, last in self.conn.execute(
            "SELECT d.slug, -bm25(doc_fts), d.first, d.last FROM doc_fts"
            " JOIN docs d ON d.id = doc_fts.rowid JOIN records r ON r.slug = d.slug"
            f" WHERE doc_fts MATCH ? AND {where}",
            [query, *args],
        ):
            if slug not in best or score > best[slug][0]:
                best[slug] = (score, first, last)
        return best

    def _page_for(
        self, search: SearchQuery, docs: list[tuple[int, int]], by_words: bool
    ) -> tuple[str, str, int] | None:
        """(snippet, document name, page) of the page holding the query's words best, else its themes' names.

        ``docs``: the page rowid ranges to look in, best document first.
        Documents are matched without common words, so a page may not hold the
        words as typed: then the page with the most of them. A record found by
        the words (``by_words``) looks for a page with some of them before one
        with the themes' other names; one found otherwise, the other way round.
        """
        if search.themes:
            # The names that name the themes (not every alias: an OR of them all is slow to rank).
            names = " OR ".join(p.pages for p in search.themes if p.pages) or None
        else:
            names = search.also_pages
        order = ((search.any_word, False), (names, True))
        for query, naming in ((search.pages, False), *(order if by_words else order[::-1])):
            if not query:
                continue
            for first, last in docs:
                page = (self._page_naming if naming else self._best_page)(query, first, last)
                if page is not None:
                    return page
        return None

    def _word_scores(
        self, search: SearchQuery, where: str, args: list[Any], also: bool = True
    ) -> tuple[dict[str, float], dict[str, tuple[float, int, int]], dict[str, tuple[float, int, int]]]:
        """Records by the words as typed (their scores), and the best documents by the words and (with
        ``also``) by the other names of the themes the query names."""
        query = search.exact
        c = self.conn
        w = ", ".join(str(x) for x in RECORD_WEIGHTS)
        scores: dict[str, float] = {}
        # Records by their own fields: bm25, plus a bonus per field that
        # matched (a column filter per field; no snippets yet).
        for slug, score in c.execute(
            f"SELECT r.slug, -bm25(record_fts, {w})"
            " FROM record_fts JOIN records r ON r.id = record_fts.rowid"
            f" WHERE record_fts MATCH ? AND {where}",
            [query, *args],
        ):
            scores[slug] = score
        if scores:
            for column, bonus in zip(("title", "themes", "summary", "body"), FIELD_BONUS, strict=True):
                for (slug,) in c.execute(
                    "SELECT r.slug FROM record_fts JOIN records r ON r.id = record_fts.rowid"
                    " WHERE record_fts MATCH ?",
                    (f"{{{column}}} : ({query})",),
                ):
                    if slug in scores:
                        scores[slug] += bonus
        # Records by the text of their documents: the best document of each.
        best_doc = self._doc_matches(search.docs, where, args)
        # And by the other names of the themes the query names.
        also_doc = self._doc_matches(search.also_docs, where, args) if also else {}
        for slug, (score, _, _) in best_doc.items():
            scores[slug] = scores.get(slug, 0.0) + PAGE_WEIGHT * score + DOC_BONUS
        return scores, best_doc, also_doc

    @staticmethod
    def _by_words(
        scores: dict[str, float],
        best_doc: dict[str, tuple[float, int, int]],
        also_doc: dict[str, tuple[float, int, int]],
    ) -> list[tuple[str, str, float]]:
        """(slug, WORDS, score) best first: records found by the words, then by the themes' other names."""
        scores = dict(scores)
        # A record found by the words whose documents also name the theme (by its label as a
        # phrase, or another of its names) is more about it than one where the words only meet.
        for slug, (score, _, _) in also_doc.items():
            if slug in scores:
                scores[slug] += ALSO_DOC_WEIGHT * score + ALSO_BONUS
        # Found only by the themes' other names: below every record found by the words as typed.
        below = min(scores.values(), default=ALSO_CEILING)
        also = {
            slug: min(ALSO_WEIGHT * score, ALSO_CEILING) * below / ALSO_CEILING
            for slug, (score, _, _) in also_doc.items()
            if slug not in scores
        }
        ranked = sorted(scores, key=lambda s: (-scores[s], s))
        ranked += sorted(also, key=lambda s: (-also[s], s))
        return [(s, WORDS, scores.get(s, also.get(s, 0.0))) for s in ranked]

    def _themed(
        self, search: SearchQuery, where: str, args: list[Any], words: dict[str, float]
    ) -> tuple[list[tuple[str, str, float]], dict[str, tuple[float, int, int]]]:
        """The order of a query that names themes (see :mod:`learnkit.storage.ranking`), and the
        document of each record that names the themes best."""
        tagged: list[dict[str, Tag]] = []
        named: list[dict[str, float]] = []
        named_doc: dict[str, tuple[float, int, int]] = {}
        for part in search.themes:
            tags: dict[str, Tag] = {}
            rejected: set[str] = set()
            for slug, origin, score in self.conn.execute(
                "SELECT r.slug, t.origin, t.score FROM record_themes t JOIN records r ON r.id = t.id"
                f" WHERE t.theme = ? AND {where}",
                [part.id, *args],
            ):
                if origin == "rejected":
                    rejected.add(slug)
                else:
                    tags[slug] = Tag(origin != "detected", float(score))
            # Which records name it, not how well (bm25 over an OR of many names would weigh each
            # name over the whole index, much of a search's time): the words as typed order them.
            naming = dict.fromkeys(self._field_matches(part.exact, where, args), NAMED_FIELD)
            for slug, (first, last) in self._doc_hits(part.docs, where, args).items():
                naming[slug] = naming.get(slug, 0.0) + NAMED_DOC
                named_doc.setdefault(slug, (0.0, first, last))
            tagged.append(tags)
            # A person said the record is not about the theme: naming it does not make it so.
            named.append({s: v for s, v in naming.items() if s not in rejected})
        rest = None
        if search.rest_exact:
            rest = self._field_matches(search.rest_exact, where, args)
            rest.update(self._doc_hits(search.rest_docs, where, args))
        excluded: set[str] = set()
        if search.not_exact:
            excluded.update(self._field_matches(search.not_exact, where, args))
            excluded.update(self._doc_hits(search.not_docs, where, args))
        ranked = themed_order(tagged, named, words, rest, excluded, with_words=search.rest_exact is not None)
        return ranked, named_doc

    def _field_matches(self, query: str, where: str, args: list[Any]) -> set[str]:
        """The records whose own fields match ``query``."""
        return {
            str(slug)
            for (slug,) in self.conn.execute(
                "SELECT r.slug FROM record_fts JOIN records r ON r.id = record_fts.rowid"
                f" WHERE record_fts MATCH ? AND {where}",
                [query, *args],
            )
        }

    def _doc_hits(self, query: str | None, where: str, args: list[Any]) -> dict[str, tuple[int, int]]:
        """The records with a document matching ``query``: the page rowid range of one such document."""
        found: dict[str, tuple[int, int]] = {}
        if not query:
            return found
        for slug, first, last in self.conn.execute(
            "SELECT d.slug, d.first, d.last FROM doc_fts"
            " JOIN docs d ON d.id = doc_fts.rowid JOIN records r ON r.slug = d.slug"
            f" WHERE doc_fts MATCH ? AND {where}",
            [query, *args],
        ):
            found.setdefault(str(slug), (int(first), int(last)))
        return found

    def _doc_ranges(self, slug: str) -> list[tuple[int, int]]:
        """The page rowid ranges of a record's documents."""
        return [
            (int(a), int(b))
            for a, b in self.conn.execute("SELECT first, last FROM docs WHERE slug = ?", (slug,))
        ]
