"""The search index: SQLite FTS5 over records and page text.

The index is derived. It can be deleted at any time and is rebuilt from the
store (``learnkit.json``) and the extracted text (``text/``). It also serves
as the fast read path: each record's JSON is kept here, so reading commands
need not parse the whole TinyDB file. It remembers the store's signature
(size and modification time) from when it was last brought up to date; when
the store changes behind its back it is stale and gets rebuilt.

Tables:
  meta(key, value)                     schema version, store signature
  records(id, slug, data, ...)         one row per record, with filter columns
  record_fts(title, themes, summary, body)   rowid = records.id
  pages(id, doc, slug, page)           one row per page of extracted text
  page_fts(text)                       rowid = pages.id

This is the only module that imports sqlite3.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from learnkit.errors import InvalidError, StoreError
from learnkit.models import MARK_END, MARK_START

INDEX_SCHEMA = 1
TOKENIZER = "porter unicode61 remove_diacritics 2"
# bm25 column weights for record_fts: title, themes, summary, body.
RECORD_WEIGHTS = (10.0, 8.0, 4.0, 2.0)
# A match in a record's own field earns this bonus on top of bm25, by field
# (title, themes, summary, body). bm25's IDF is clamped to almost nothing for
# a word found in more than half the records, which would otherwise let any
# page-text hit outrank a title or theme hit for common words like "neglect".
FIELD_BONUS = (6.0, 5.0, 3.0, 2.0)
# Page text counts for less than a record's own fields, so that a record
# about a subject ranks above one that mentions it on a page.
PAGE_WEIGHT = 0.6

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query.

    Words are ANDed; "quoted phrases" stay phrases; a trailing * makes a
    prefix; OR between two terms is kept; a leading - excludes a term.
    Everything else (brackets, colons, quotes left open) is treated as text,
    never as FTS5 syntax, so no query can raise a syntax error.
    """
    positives: list[str] = []
    negatives: list[str] = []
    pending_or = False
    for match in _TOKEN_RE.finditer(text):
        negate, phrase, word = match.group(1), match.group(2), match.group(3)
        if phrase is None and word == "OR":
            pending_or = bool(positives)
            continue
        prefix = False
        if phrase is None:
            negate = "-" if word.startswith("-") and len(word) > 1 else ""
            word = word.lstrip("-") if negate else word
            prefix = word.endswith("*")
            body = word
        else:
            body = phrase
        parts = _WORD_RE.findall(body)
        if not parts:
            continue
        term = '"' + " ".join(p.replace('"', "") for p in parts) + '"' + ("*" if prefix else "")
        if negate:
            negatives.append(term)
        elif pending_or and positives:
            positives[-1] = f"({positives[-1]} OR {term})"
        else:
            positives.append(term)
        pending_or = False
    if not positives:
        if negatives:
            raise InvalidError("a search needs at least one word to look for, not only excluded ones")
        raise InvalidError("the search has no words in it; try e.g. learnkit search neglect")
    query = " AND ".join(positives)
    for term in negatives:
        query = f"({query}) NOT {term}"
    return query


def query_words(text: str) -> list[str]:
    """The plain words of a query, lowercased (for suggestions)."""
    return [w.lower() for w in _WORD_RE.findall(text) if w != "OR"]


@dataclass
class Filters:
    kind: str | None = None
    theme: str | None = None
    area: str | None = None
    status: str | None = None
    since: int | None = None
    until: int | None = None

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


@dataclass
class RawHit:
    slug: str
    score: float
    snippet: str
    document: str | None = None
    page: int | None = None


def _years(date: str) -> tuple[int | None, int | None]:
    if not date:
        return None, None
    start, _, end = date.partition("/")
    return int(start[:4]), int((end or start)[:4])


class Index:
    """One library's index.sqlite."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self._conn = sqlite3.connect(self.path)
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
            except sqlite3.Error as exc:
                raise StoreError(
                    f"cannot open search index {self.path} ({exc}); run: learnkit reindex"
                ) from None
        return self._conn

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

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def is_fresh(self, signature: str, taxonomy_signature: str) -> bool:
        """Whether the index matches this store and taxonomy; a damaged index is never fresh."""
        if not self.path.exists():
            return False
        try:
            return (
                self.meta("schema") == str(INDEX_SCHEMA)
                and self.meta("store") == signature
                and self.meta("taxonomy") == taxonomy_signature
            )
        except StoreError:
            self.close()
            return False

    def mark(self, signature: str, taxonomy_signature: str) -> None:
        """Record that the index now matches this store and taxonomy, and commit."""
        self.set_meta("store", signature)
        self.set_meta("taxonomy", taxonomy_signature)
        self.conn.commit()

    # -- building ---------------------------------------------------------

    def reset(self) -> None:
        """Drop everything and create empty tables."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        c = self.conn
        c.executescript(
            f"""
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE records(
                id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL, title TEXT, kind TEXT, date TEXT,
                area TEXT, status TEXT, y0 INTEGER, y1 INTEGER, themes TEXT, data TEXT NOT NULL);
            CREATE VIRTUAL TABLE record_fts USING fts5(title, themes, summary, body, tokenize='{TOKENIZER}');
            CREATE TABLE pages(id INTEGER PRIMARY KEY, doc TEXT NOT NULL, slug TEXT NOT NULL, name TEXT,
                page INTEGER NOT NULL);
            CREATE INDEX pages_doc ON pages(doc);
            CREATE VIRTUAL TABLE page_fts USING fts5(text, tokenize='{TOKENIZER}');
            CREATE VIRTUAL TABLE record_vocab USING fts5vocab(record_fts, 'row');
            """
        )
        self.set_meta("schema", str(INDEX_SCHEMA))

    def put_record(self, record: dict[str, Any], theme_text: str) -> None:
        """Insert or replace one record's row and its searchable fields."""
        c = self.conn
        row = c.execute("SELECT id FROM records WHERE slug = ?", (record["slug"],)).fetchone()
        if row:
            c.execute("DELETE FROM record_fts WHERE rowid = ?", (row[0],))
            c.execute("DELETE FROM records WHERE id = ?", (row[0],))
        y0, y1 = _years(record.get("date", ""))
        ids = [t["id"] for t in record.get("themes", [])]
        cur = c.execute(
            "INSERT INTO records(slug, title, kind, date, area, status, y0, y1, themes, data)"
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
                json.dumps(record, ensure_ascii=False, separators=(",", ":")),
            ),
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

    def put_pages(self, slug: str, doc: str, name: str, pages: Iterable[str]) -> None:
        """Index a document's pages (replacing any earlier copy of them)."""
        self.drop_pages(doc)
        c = self.conn
        for number, text in enumerate(pages, start=1):
            if not text.strip():
                continue
            cur = c.execute(
                "INSERT INTO pages(doc, slug, name, page) VALUES (?, ?, ?, ?)", (doc, slug, name, number)
            )
            c.execute("INSERT INTO page_fts(rowid, text) VALUES (?, ?)", (cur.lastrowid, text))

    def drop_pages(self, doc: str) -> None:
        c = self.conn
        ids = [r[0] for r in c.execute("SELECT id FROM pages WHERE doc = ?", (doc,))]
        if ids:
            c.executemany("DELETE FROM page_fts WHERE rowid = ?", [(i,) for i in ids])
            c.execute("DELETE FROM pages WHERE doc = ?", (doc,))

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        if self._conn is not None:
            self._conn.rollback()

    def optimize(self) -> None:
        self.conn.execute("INSERT INTO record_fts(record_fts) VALUES ('optimize')")
        self.conn.execute("INSERT INTO page_fts(page_fts) VALUES ('optimize')")
        self.conn.commit()

    # -- reading ----------------------------------------------------------

    def get(self, slug: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT data FROM records WHERE slug = ?", (slug,)).fetchone()
        return json.loads(row[0]) if row else None

    def get_many(self, slugs: Iterable[str]) -> dict[str, dict[str, Any]]:
        slugs = list(slugs)
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(slugs), 500):
            chunk = slugs[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for slug, data in self.conn.execute(
                f"SELECT slug, data FROM records WHERE slug IN ({marks})", chunk
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
        sql = f"SELECT data FROM records r WHERE {where} ORDER BY r.date DESC, r.title"
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

    def theme_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for (themes,) in self.conn.execute("SELECT themes FROM records"):
            for tid in themes.split():
                counts[tid] = counts.get(tid, 0) + 1
        return counts

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

    def search(self, query: str, filters: Filters | None = None, limit: int = 20) -> tuple[int, list[RawHit]]:
        """Ranked hits for an FTS5 query (already made safe by fts_query).

        Returns the number of matching records and the best ``limit`` hits,
        one per record, best first. Scores are positive; higher is better.
        """
        where, args = (filters or Filters()).sql()
        c = self.conn
        w = ", ".join(str(x) for x in RECORD_WEIGHTS)
        scores: dict[str, float] = {}
        record_hits: dict[str, tuple[float, str]] = {}
        # Snippets come from the summary, else the learning text, else the
        # title: the themes column holds alias lists, which read badly. The
        # themes column's highlight only tells whether it matched.
        snippets = ", ".join(
            f"snippet(record_fts, {col}, '{MARK_START}', '{MARK_END}', '…', 14)" for col in (2, 3, 0)
        )
        sql = (
            f"SELECT r.slug, -bm25(record_fts, {w}), {snippets},"
            f" instr(highlight(record_fts, 1, '{MARK_START}', ''), '{MARK_START}') > 0"
            f" FROM record_fts JOIN records r ON r.id = record_fts.rowid"
            f" WHERE record_fts MATCH ? AND {where}"
        )
        try:
            for slug, score, summary, body, title, in_themes in c.execute(sql, [query, *args]):
                matched = (MARK_START in title, bool(in_themes), MARK_START in summary, MARK_START in body)
                score += sum(bonus for bonus, hit in zip(FIELD_BONUS, matched, strict=True) if hit)
                marked = next((s for s in (summary, body, title) if MARK_START in s), None)
                record_hits[slug] = (score, marked if marked is not None else summary or title)
                scores[slug] = score
            page_best: dict[str, tuple[float, int]] = {}
            sql = (
                "SELECT p.slug, p.id, -bm25(page_fts) AS s FROM page_fts"
                " JOIN pages p ON p.id = page_fts.rowid JOIN records r ON r.slug = p.slug"
                f" WHERE page_fts MATCH ? AND {where}"
            )
            for slug, page_id, score in c.execute(sql, [query, *args]):
                best = page_best.get(slug)
                if best is None or score > best[0]:
                    page_best[slug] = (score, page_id)
        except sqlite3.OperationalError as exc:
            raise InvalidError(
                f"cannot search for that ({exc}); put unusual words in double quotes"
            ) from None
        for slug, (score, _) in page_best.items():
            scores[slug] = scores.get(slug, 0.0) + PAGE_WEIGHT * score
        ranked = sorted(scores, key=lambda s: (-scores[s], s))[:limit]
        hits: list[RawHit] = []
        for slug in ranked:
            page = page_best.get(slug)
            rec = record_hits.get(slug)
            if page and (rec is None or PAGE_WEIGHT * page[0] > rec[0]):
                snip, doc_name, number = c.execute(
                    f"SELECT snippet(page_fts, 0, '{MARK_START}', '{MARK_END}', '…', 14), p.name, p.page"
                    " FROM page_fts JOIN pages p ON p.id = page_fts.rowid"
                    " WHERE page_fts MATCH ? AND page_fts.rowid = ?",
                    (query, page[1]),
                ).fetchone()
                hits.append(RawHit(slug, round(scores[slug], 3), snip, doc_name, int(number)))
            else:
                assert rec is not None
                hits.append(RawHit(slug, round(scores[slug], 3), rec[1]))
        return len(scores), hits
