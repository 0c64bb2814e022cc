"""The search index: SQLite FTS5 over records and page text.

The index is derived. It can be deleted at any time and is rebuilt from the
store (``learnkit.json``) and the extracted text (``text/``). It also serves
as the fast read path: each record's JSON is kept here, so reading commands
need not parse the whole TinyDB file. It remembers the store's signature
(size and modification time) from when it was last brought up to date; when
the store changes behind its back it is stale and gets rebuilt.

Tables:
  meta(key, value)                     schema version, store signature, the checked taxonomy and
                                       the stems of its names (schema 4)
  records(id, slug, title, ...)        one row per record: filter columns and theme ids, no JSON, so
                                       that show, list and themes scan small rows
  record_data(id, data)                the record's JSON; id = records.id
  theme_counts(theme, n)               how many records carry each theme id, kept current by
                                       put_record (schema 5): the weights of `show`'s similar records
  record_themes(theme, id, origin, score)   each record's tags, and the themes a person rejected for
                                       it (origin "rejected"), with detection's salience (schema 6):
                                       what a search that names a theme ranks first
  record_fts(title, themes, summary, body)   rowid = records.id
  pages(id, doc, slug, page)           one row per page of extracted text
  page_fts(text)                       rowid = pages.id
  docs(id, doc, slug, first, last)     one row per document: its pages are rowids first..last
  doc_fts(text)                        a document's whole text, contentless; rowid = docs.id

Search ranks documents, not pages (doc_fts): at national scale a common word
is on tens of thousands of pages but only a few thousand documents, and bm25
over pages is the cost of a search. Only for the records it shows does it
then find the best page of the best document (page_fts, limited to that
document's rowid range) for the page number and snippet.

A query that names themes also looks for their other names in documents
(``SearchQuery.also_docs``): records found only so rank below every record
found by the words as typed. When the query gives the themes themselves
(``SearchQuery.themes``), the records tagged with them come first, then those
that name them, in the order :func:`learnkit.storage.ranking.themed_order` gives.

What a user typed becomes these tables' queries in learnkit.storage.query.
This is the only module that imports sqlite3.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

from learnkit.errors import InvalidError, StoreError
from learnkit.models import MARK_END, MARK_START
from learnkit.storage.query import SearchQuery, doc_words
from learnkit.storage.ranking import WORDS, Tag, themed_order

INDEX_SCHEMA = 6
TOKENIZER = "porter unicode61 remove_diacritics 2"
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


def _years(date: str) -> tuple[int | None, int | None]:
    if not date:
        return None, None
    start, _, end = date.partition("/")
    return int(start[:4]), int((end or start)[:4])


# The tables a fresh index has: one marked fresh without them is damaged, not fresh.
TABLES = (
    "meta",
    "records",
    "record_data",
    "theme_counts",
    "record_themes",
    "record_fts",
    "pages",
    "page_fts",
    "docs",
    "doc_fts",
)


def writable(path: Path) -> bool:
    """Whether learnkit may write ``path`` (a file or folder; for one that does not exist, its folder)."""
    import os

    target = path if path.exists() else path.parent
    return os.access(target, os.W_OK)


_F = TypeVar("_F", bound=Callable[..., Any])


def _writes(method: _F) -> _F:
    """A method of Index that writes: its SQLite errors are StoreErrors (see :meth:`Index.writing`)."""

    @wraps(method)
    def wrapper(self: Index, *args: Any, **kwargs: Any) -> Any:
        with self.writing():
            return method(self, *args, **kwargs)

    return cast(_F, wrapper)


class Index:
    """One library's index.sqlite (or, with ``memory``, a copy in memory for a library it cannot write).

    Every SQLite error while writing is a StoreError (a full disk, an I/O
    error, a read-only file): the caller decides whether the write mattered.
    """

    def __init__(self, path: Path, memory: bool = False) -> None:
        self.path = path
        self.memory = memory
        self._conn: sqlite3.Connection | None = None

    @property
    def read_only(self) -> bool:
        return not self.memory and not (writable(self.path) and writable(self.path.parent))

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            if self.path.is_dir() and not self.memory:
                raise StoreError(
                    f"search index {self.path} is a folder, not a file; move it aside"
                    " (learnkit doctor --repair does) and run: learnkit reindex"
                )
            try:
                if self.memory:
                    self._conn = sqlite3.connect(":memory:")
                elif self.read_only:
                    # Nothing may be written, not even WAL's shared-memory file: opened as immutable.
                    self._conn = sqlite3.connect(
                        f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True
                    )
                else:
                    self._private()
                    self._conn = sqlite3.connect(self.path)
                    self._conn.execute("PRAGMA journal_mode=WAL")
                    self._conn.execute("PRAGMA synchronous=NORMAL")
            except (sqlite3.Error, OSError) as exc:
                self._conn = None
                raise StoreError(
                    f"cannot open search index {self.path} ({exc}); run: learnkit reindex"
                ) from None
        return self._conn

    def _private(self) -> None:
        """Create the index file readable by its owner only: SQLite would follow the umask (0644).

        SQLite gives its -wal and -shm files the database file's permissions.
        """
        import os

        if not self.path.exists():
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        if os.name == "posix":
            for suffix in ("", "-wal", "-shm"):
                part = Path(f"{self.path}{suffix}")
                try:
                    if part.exists() and part.stat().st_mode & 0o077:
                        part.chmod(0o600)
                except OSError:
                    pass  # not the owner: learnkit doctor says so

    def has_tables(self) -> bool:
        """Whether every table of the schema is there (an index can be marked fresh and lack one)."""
        marks = ",".join("?" * len(TABLES))
        try:
            row = self.conn.execute(
                f"SELECT count(*) FROM sqlite_master WHERE name IN ({marks})", TABLES
            ).fetchone()
        except sqlite3.Error:
            return False
        return int(row[0]) == len(TABLES)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- freshness --------------------------------------------------------

    def meta(self, key: str) -> str | None:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return str(row[0]) if row else None

    @_writes
    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def is_fresh(self, signature: str, taxonomy_signature: str) -> bool:
        """Whether the index matches this store and taxonomy; a damaged index is never fresh."""
        if not self.memory and not self.path.is_file():
            return False
        try:
            return (
                self.meta("schema") == str(INDEX_SCHEMA)
                and self.meta("store") == signature
                and self.meta("taxonomy") == taxonomy_signature
                and self.has_tables()
            )
        except StoreError:
            self.close()
            return False

    @_writes
    def mark(self, signature: str, taxonomy_signature: str) -> None:
        """Record that the index now matches this store and taxonomy, and commit."""
        self.set_meta("store", signature)
        self.set_meta("taxonomy", taxonomy_signature)
        self.conn.commit()

    # -- building ---------------------------------------------------------

    def reset(self) -> None:
        """Drop everything and create empty tables."""
        self.close()
        if not self.memory:
            for suffix in ("", "-wal", "-shm"):
                part = Path(f"{self.path}{suffix}")
                if part.is_dir():
                    raise StoreError(
                        f"search index {part} is a folder, not a file; move it aside"
                        " (learnkit doctor --repair does) and run: learnkit reindex"
                    )
                try:
                    part.unlink(missing_ok=True)
                except OSError as exc:
                    raise StoreError(f"cannot replace search index {part}: {exc.strerror}") from None
        with self.writing():
            self._create()

    def _create(self) -> None:
        c = self.conn
        c.executescript(
            f"""
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE records(
                id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL, title TEXT, kind TEXT, date TEXT,
                area TEXT, status TEXT, y0 INTEGER, y1 INTEGER, themes TEXT);
            CREATE TABLE record_data(id INTEGER PRIMARY KEY, data TEXT NOT NULL);
            CREATE TABLE theme_counts(theme TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE record_themes(theme TEXT NOT NULL, id INTEGER NOT NULL, origin TEXT NOT NULL,
                score REAL NOT NULL, PRIMARY KEY(theme, id)) WITHOUT ROWID;
            CREATE INDEX record_themes_id ON record_themes(id);
            CREATE VIRTUAL TABLE record_fts USING fts5(title, themes, summary, body, tokenize='{TOKENIZER}');
            CREATE TABLE pages(id INTEGER PRIMARY KEY, doc TEXT NOT NULL, slug TEXT NOT NULL, name TEXT,
                page INTEGER NOT NULL);
            CREATE INDEX pages_doc ON pages(doc);
            CREATE VIRTUAL TABLE page_fts USING fts5(text, tokenize='{TOKENIZER}');
            CREATE TABLE docs(id INTEGER PRIMARY KEY, doc TEXT UNIQUE NOT NULL, slug TEXT NOT NULL,
                first INTEGER NOT NULL, last INTEGER NOT NULL);
            CREATE VIRTUAL TABLE doc_fts USING fts5(text, content='', tokenize='{TOKENIZER}');
            CREATE VIRTUAL TABLE record_vocab USING fts5vocab(record_fts, 'row');
            """
        )
        self.set_meta("schema", str(INDEX_SCHEMA))

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Turn SQLite's errors while writing (a full disk, an I/O error) into a StoreError, rolled back."""
        try:
            yield
        except sqlite3.Error as exc:
            with suppress(sqlite3.Error):
                self.rollback()
            raise StoreError(
                f"cannot write search index {self.path} ({exc});"
                " free some disk space and run: learnkit reindex"
            ) from None

    @_writes
    def put_record(self, record: dict[str, Any], theme_text: str) -> None:
        """Insert or replace one record's row and its searchable fields."""
        c = self.conn
        row = c.execute("SELECT id, themes FROM records WHERE slug = ?", (record["slug"],)).fetchone()
        if row:
            c.execute("DELETE FROM record_fts WHERE rowid = ?", (row[0],))
            c.execute("DELETE FROM record_data WHERE id = ?", (row[0],))
            c.execute("DELETE FROM records WHERE id = ?", (row[0],))
            c.execute("DELETE FROM record_themes WHERE id = ?", (row[0],))
            c.executemany("UPDATE theme_counts SET n = n - 1 WHERE theme = ?", [(t,) for t in row[1].split()])
            c.execute("DELETE FROM theme_counts WHERE n <= 0")
        y0, y1 = _years(record.get("date", ""))
        ids = list(dict.fromkeys(t["id"] for t in record.get("themes", [])))  # each once
        c.executemany(
            "INSERT INTO theme_counts(theme, n) VALUES (?, 1) ON CONFLICT(theme) DO UPDATE SET n = n + 1",
            [(t,) for t in ids],
        )
        cur = c.execute(
            "INSERT INTO records(slug, title, kind, date, area, status, y0, y1, themes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record["slug"],
                record["title"],
                record["kind"],
                record.get("date", ""),
                record.get("area", ""),
                record.get("status", ""),
                y0,
                y1,
                " " + " ".join(ids) + " ",
            ),
        )
        tags = {t["id"]: t for t in reversed(record.get("themes", []))}  # the first tag of an id counts
        rows = [
            (t, cur.lastrowid, "rejected", 0.0) for t in record.get("rejected_themes", []) if t not in tags
        ]
        rows += [
            (t, cur.lastrowid, tag.get("origin", "manual"), float(tag.get("score") or 0))
            for t, tag in tags.items()
        ]
        c.executemany("INSERT OR REPLACE INTO record_themes VALUES (?, ?, ?, ?)", rows)
        c.execute(
            "INSERT INTO record_data(id, data) VALUES (?, ?)",
            (cur.lastrowid, json.dumps(record, ensure_ascii=False, separators=(",", ":"))),
        )
        body = " ".join(
            p["text"]
            for name in ("learning", "good_practice", "recommendations")
            for p in record.get(name, [])
        )
        c.execute(
            "INSERT INTO record_fts(rowid, title, themes, summary, body) VALUES (?, ?, ?, ?, ?)",
            (cur.lastrowid, record["title"], theme_text, record.get("summary", ""), body),
        )

    @_writes
    def put_pages(
        self, slug: str, doc: str, name: str, pages: Iterable[str], doc_text: str | None = None
    ) -> None:
        """Index a document's pages (replacing any earlier copy of them).

        ``doc_text``, when given, is ``doc_words`` of the pages joined by spaces,
        made already (by an ingest worker).
        """
        self.drop_pages(doc)
        c = self.conn
        rowids: list[int] = []
        texts: list[str] = []
        for number, text in enumerate(pages, start=1):
            if not text.strip():
                continue
            cur = c.execute(
                "INSERT INTO pages(doc, slug, name, page) VALUES (?, ?, ?, ?)", (doc, slug, name, number)
            )
            assert cur.lastrowid is not None
            rowids.append(cur.lastrowid)
            texts.append(text)
            c.execute("INSERT INTO page_fts(rowid, text) VALUES (?, ?)", (cur.lastrowid, text))
        if rowids:
            cur = c.execute(
                "INSERT INTO docs(doc, slug, first, last) VALUES (?, ?, ?, ?)",
                (doc, slug, rowids[0], rowids[-1]),
            )
            if doc_text is None:
                doc_text = doc_words(" ".join(texts))
            c.execute("INSERT INTO doc_fts(rowid, text) VALUES (?, ?)", (cur.lastrowid, doc_text))

    def drop_pages(self, doc: str) -> None:
        c = self.conn
        row = c.execute("SELECT id FROM docs WHERE doc = ?", (doc,)).fetchone()
        if row:
            # doc_fts keeps no text: deleting a row means handing it back the text it indexed.
            text = doc_words(" ".join(t for _, t in self.page_text(doc)))
            c.execute("INSERT INTO doc_fts(doc_fts, rowid, text) VALUES ('delete', ?, ?)", (row[0], text))
            c.execute("DELETE FROM docs WHERE id = ?", (row[0],))
        ids = [r[0] for r in c.execute("SELECT id FROM pages WHERE doc = ?", (doc,))]
        if ids:
            c.executemany("DELETE FROM page_fts WHERE rowid = ?", [(i,) for i in ids])
            c.execute("DELETE FROM pages WHERE doc = ?", (doc,))

    @_writes
    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        if self._conn is not None:
            self._conn.rollback()

    @_writes
    def optimize(self) -> None:
        self.conn.execute("INSERT INTO record_fts(record_fts) VALUES ('optimize')")
        self.conn.execute("INSERT INTO page_fts(page_fts) VALUES ('optimize')")
        self.conn.execute("INSERT INTO doc_fts(doc_fts) VALUES ('optimize')")
        self.conn.commit()

    # -- reading ----------------------------------------------------------

    def get(self, slug: str) -> dict[str, Any] | None:
        sql = "SELECT d.data FROM records r JOIN record_data d ON d.id = r.id WHERE r.slug = ?"
        row = self.conn.execute(sql, (slug,)).fetchone()
        return json.loads(row[0]) if row else None

    def get_many(self, slugs: Iterable[str]) -> dict[str, dict[str, Any]]:
        slugs = list(slugs)
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(slugs), 500):
            chunk = slugs[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for slug, data in self.conn.execute(
                f"SELECT r.slug, d.data FROM records r JOIN record_data d ON d.id = r.id"
                f" WHERE r.slug IN ({marks})",
                chunk,
            ):
                out[slug] = json.loads(data)
        return out

    def slugs(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT slug FROM records ORDER BY slug")]

    def titles(self, slugs: Iterable[str]) -> dict[str, str]:
        slugs = list(slugs)
        marks = ",".join("?" * len(slugs))
        return dict(self.conn.execute(f"SELECT slug, title FROM records WHERE slug IN ({marks})", slugs))

    def records(self, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        """Every record matching the filters, newest first, then by title."""
        where, args = (filters or Filters()).sql()
        sql = (
            f"SELECT d.data FROM records r JOIN record_data d ON d.id = r.id"
            f" WHERE {where} ORDER BY r.date DESC, r.title"
        )
        for (data,) in self.conn.execute(sql, args):
            yield json.loads(data)

    def rows(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Light rows (no JSON to parse) for tables: slug, title, kind, date, area, status, themes."""
        where, args = (filters or Filters()).sql()
        sql = (
            "SELECT slug, title, kind, date, area, status, themes FROM records r"
            f" WHERE {where} ORDER BY r.date DESC, r.title"
        )
        return [
            {"slug": s, "title": t, "kind": k, "date": d, "area": a, "status": st, "themes": th.split()}
            for s, t, k, d, a, st, th in self.conn.execute(sql, args)
        ]

    def theme_rows(
        self, having: str | None = None, without: Iterable[str] = ()
    ) -> list[tuple[str, str, list[str]]]:
        """(slug, title, theme ids) of every record, in no order: what ``show`` compares themes on.

        With ``having``, only the records that carry that theme id and none of
        ``without``: ``show`` reads the records that share its rarer themes first.
        """
        sql, args = "SELECT slug, title, themes FROM records", []
        if having is not None:
            without = list(without)
            # The themes column is " id id ... " and ids are [a-z0-9-]: " id " is a whole id.
            sql += " WHERE instr(themes, ?) > 0" + " AND instr(themes, ?) = 0" * len(without)
            args = [f" {t} " for t in (having, *without)]
        return [(slug, title, themes.split()) for slug, title, themes in self.conn.execute(sql, args)]

    def theme_counts(self) -> dict[str, int]:
        """How many records carry each theme id (ids no record carries are left out)."""
        return dict(self.conn.execute("SELECT theme, n FROM theme_counts"))

    def record_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM records").fetchone()[0])

    def page_text(self, doc: str) -> list[tuple[int, str]]:
        sql = (
            "SELECT p.page, f.text FROM pages p JOIN page_fts f ON f.rowid = p.id"
            " WHERE p.doc = ? ORDER BY p.page"
        )
        return [(int(n), str(t)) for n, t in self.conn.execute(sql, (doc,))]

    def vocabulary(self, prefix_letters: Iterable[str]) -> list[str]:
        """Indexed terms of the records' own fields starting with the given letters."""
        out: list[str] = []
        for letter in set(prefix_letters):
            rows = self.conn.execute(
                "SELECT term FROM record_vocab WHERE term >= ? AND term < ?", (letter, letter + "\uffff")
            )
            out.extend(r[0] for r in rows)
        return out

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

    def search(
        self, search: SearchQuery, filters: Filters | None = None, limit: int = 20
    ) -> tuple[int, list[RawHit]]:
        """Ranked hits for what a user typed, made safe by :func:`learnkit.storage.query.search_query`.

        Returns the number of matching records and the best ``limit`` hits,
        one per record, best first. Scores are positive; higher is better. A
        record whose documents hold the words names the document and page, with
        the snippet from that page; else the snippet comes from its own fields.
        """
        where, args = (filters or Filters()).sql()
        try:
            # A query that names themes finds the records naming them by their ThemeParts instead.
            scores, best_doc, also_doc = self._word_scores(search, where, args, not search.themes)
            themed = self._themed(search, where, args, scores) if search.themes else None
        except sqlite3.OperationalError as exc:
            raise InvalidError(
                f"cannot search for that ({exc}); put unusual words in double quotes"
            ) from None
        if themed is not None:
            ranked, named_doc = themed
        else:
            ranked, named_doc = self._by_words(scores, best_doc, also_doc), {}
        hits: list[RawHit] = []
        for slug, matched, score in ranked[:limit]:
            found = (named_doc.get(slug), best_doc.get(slug), also_doc.get(slug))
            docs = list(dict.fromkeys((d[1], d[2]) for d in found if d is not None))
            by_words = matched == WORDS and slug in best_doc
            page = self._page_for(search, docs or self._doc_ranges(slug), by_words)
            queries = (
                [search.exact] if matched == WORDS else [*(p.exact for p in search.themes), search.exact]
            )
            if page is not None:
                hits.append(RawHit(slug, round(score, 3), *page, matched=matched))
            else:
                hits.append(
                    RawHit(slug, round(score, 3), self._record_snippet(queries, slug), matched=matched)
                )
        return len(ranked), hits

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
