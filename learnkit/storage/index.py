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
                                       that show, list and themes scan small rows; recs, its
                                       recommendations' text as a JSON list (schema 7): what the
                                       action tracker shows of each, without the record's JSON
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

The search itself, the read path Index inherits, is in learnkit.storage.searching.

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
from learnkit.storage.query import SearchQuery, doc_words
from learnkit.storage.ranking import WORDS
from learnkit.storage.searching import Filters, RawHit, Searching

__all__ = ["INDEX_SCHEMA", "TABLES", "Filters", "Index", "RawHit", "writable"]

INDEX_SCHEMA = 7
TOKENIZER = "porter unicode61 remove_diacritics 2"


def _text(point: Any) -> str:
    """A recommendation's text, as a record keeps it (``{text, page, ...}``) or as plain text."""
    return str(point.get("text", "")) if isinstance(point, dict) else str(point)


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


class Index(Searching):
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
                area TEXT, status TEXT, y0 INTEGER, y1 INTEGER, themes TEXT, recs TEXT);
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
            "INSERT INTO records(slug, title, kind, date, area, status, y0, y1, themes, recs)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                json.dumps([_text(p) for p in record.get("recommendations", [])], ensure_ascii=False),
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

    def plan_rows(self, slugs: Iterable[str]) -> dict[str, dict[str, Any]]:
        """What the action tracker shows of each record: slug, title, date, status, theme ids, and
        its recommendations' text (a list, in order).

        From the records table alone, not each record's JSON: the board report of a large tracker
        reads thousands of records, and parsing their summaries, findings and details would cost it
        a tenth of its time (bench/actions_bench.py).
        """
        slugs = list(slugs)
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(slugs), 500):
            chunk = slugs[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT slug, title, date, status, themes, recs FROM records WHERE slug IN ({marks})", chunk
            )
            for slug, title, date, status, themes, recs in rows:
                out[slug] = {
                    "slug": slug,
                    "title": title or "",
                    "date": date or "",
                    "status": status or "",
                    "themes": themes.split() if themes else [],
                    "recommendations": json.loads(recs) if recs else [],
                }
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
