"""The store of record: TinyDB on a crash-safe JSON storage.

TinyDB rewrites its whole file on every write and has no locking. So:

* :class:`SafeJSONStorage` writes a temporary file, fsyncs it, keeps the
  current file as ``learnkit.json.bak`` (by a hard link, so the store is never
  absent) and renames the new file over the old one. A crash or a kill at any
  moment leaves the previous store or the new one, never half of one (see
  :func:`learnkit.storage.fs.atomic_write`).
* Every command that writes holds the library lock
  (:func:`learnkit.storage.fs.library_lock`) for its whole read-modify-write,
  so two processes never lose each other's changes.
* A store that cannot be read (not JSON, the wrong shape, a newer schema) is
  never overwritten: the error names the file, what is wrong and how to
  restore the backup.

This is the only module that imports tinydb. It holds metadata only, never
page text: a record's details (theme evidence, extracted points) live in
``details/`` and the store names them by key (see learnkit.storage.details).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from learnkit.errors import StoreError
from learnkit.paths import BACKUP_NAME, STORE_NAME, file_signature
from learnkit.storage.fs import atomic_write

# 2: records may name their details (``details/<key>.json``) instead of holding them
# inline. learnkit 0.1.0 (schema 1) would read such a record without its evidence and
# points, and refuse it as having an unknown field, so it is told to upgrade instead.
SCHEMA_VERSION = 2
RECORDS = "records"
META = "meta"


def _restore_hint(path: Path) -> str:
    backup = path.with_name(BACKUP_NAME)
    if backup.exists():
        return f"restore the backup with: cp '{backup}' '{path}'"
    return (
        f"no backup exists: move '{path}' aside and learnkit will make a new library with the bundled records"
    )


def check_shape(data: Any, path: Path) -> dict[str, dict[str, Any]]:
    """Raise StoreError unless ``data`` looks like a learnkit TinyDB file."""
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise StoreError(f"store {path} is not a learnkit library (wrong shape); {_restore_hint(path)}")
    for table in data.values():
        if not all(isinstance(doc, dict) for doc in table.values()):
            raise StoreError(f"store {path} holds a malformed entry; {_restore_hint(path)}")
    for meta in data.get(META, {}).values():
        schema = meta.get("schema")
        if isinstance(schema, int) and schema > SCHEMA_VERSION:
            raise StoreError(
                f"store {path} was written by a newer learnkit (schema {schema}, this one reads "
                f"{SCHEMA_VERSION}); upgrade learnkit, or {_restore_hint(path)}"
            )
    return data


class SafeJSONStorage(Storage):
    """TinyDB storage that writes atomically and keeps one backup.

    It caches what it read, keyed by the file's size and modification time:
    TinyDB would otherwise re-read and re-parse the whole file for every
    operation, and a stat is enough to see that another process wrote it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: dict[str, dict[str, Any]] | None = None
        self._cached_stat: tuple[int, int] | None = None

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def read(self) -> dict[str, dict[str, Any]] | None:
        stat = self._stat()
        if self._cache is not None and stat == self._cached_stat:
            return self._cache
        self._cache = None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(
                f"cannot read store {self.path}: {exc.strerror}; check its permissions"
            ) from None
        if not raw.strip():
            raise StoreError(f"store {self.path} is empty; {_restore_hint(self.path)}")
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            reason = (
                f"{exc.msg} at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
            )
            raise StoreError(
                f"store {self.path} is not valid JSON ({reason}); {_restore_hint(self.path)}"
            ) from None
        self._cache = check_shape(data, self.path)
        self._cached_stat = stat
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write(self.path, payload, backup=self.path.with_name(BACKUP_NAME))
        except BaseException:
            # TinyDB changes what read() returned in place before it writes: after a
            # failed write the cache holds what is not on disk, so read the file again.
            self._cache = None
            raise
        self._cache = data
        self._cached_stat = self._stat()

    def close(self) -> None:
        self._cache = None


class Store:
    """The records of one library, kept in TinyDB."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / STORE_NAME
        self._storage = SafeJSONStorage(self.path)

    @property
    def db(self) -> TinyDB:
        # A new TinyDB for each operation, over one storage (whose cache checks
        # the file's stat). TinyDB's tables remember the next document id;
        # kept across operations, that memory goes stale when another process
        # inserts, and the next insert would overwrite its record.
        return TinyDB(storage=lambda: self._storage)

    def exists(self) -> bool:
        return self.path.exists()

    def signature(self) -> str:
        """What changes whenever the store file changes: size and modification time."""
        return file_signature(self.path)

    def close(self) -> None:
        self._storage.close()

    # -- schema -----------------------------------------------------------

    def initialise(self, records: list[dict[str, Any]] | None = None) -> None:
        """Write a new store holding ``records``, with the current schema version.

        One write: a kill part-way leaves no store at all, never one that
        exists but lacks what it was created with.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = {"schema": SCHEMA_VERSION, "created": time.strftime("%Y-%m-%dT%H:%M:%S")}
        table = {str(n): record for n, record in enumerate(records or [], start=1)}
        self._storage.write({META: {"1": meta}, RECORDS: table})

    def schema(self) -> int | None:
        rows = self.db.table(META).all()
        return int(rows[0]["schema"]) if rows else None

    def meta(self, key: str) -> Any:
        rows = self.db.table(META).all()
        return rows[0].get(key) if rows else None

    def set_meta(self, key: str, value: Any) -> None:
        """Set one key of the store's metadata (one write)."""
        table = self.db.table(META)
        if table.all():
            table.update({key: value})
        else:
            table.insert({"schema": SCHEMA_VERSION, key: value})

    # -- records ----------------------------------------------------------

    def records(self) -> list[dict[str, Any]]:
        return [dict(doc) for doc in self.db.table(RECORDS).all()]

    def get(self, slug: str) -> dict[str, Any] | None:
        doc = self.db.table(RECORDS).get(Query().slug == slug)
        return dict(doc) if isinstance(doc, dict) else None

    def slugs(self) -> set[str]:
        return {str(doc.get("slug")) for doc in self.db.table(RECORDS).all()}

    def put(self, record: dict[str, Any]) -> None:
        """Insert or replace the record with this slug."""
        self.db.table(RECORDS).upsert(record, Query().slug == record["slug"])

    def put_many(
        self, records: list[dict[str, Any]], meta: dict[str, Any] | None = None, remove: Iterable[str] = ()
    ) -> None:
        """Insert or replace several records (by slug), delete those in ``remove``, and set keys of
        the metadata, in one write.

        Works on TinyDB's own layout ({table: {doc_id: document}}) rather than
        through two table operations, each of which would rewrite the file:
        a replaced record keeps its document id, new ones get the next ids as
        TinyDB gives them (one more than the largest).
        """
        current = self._storage.read() or {}
        # New dicts for what changes: if the write fails, what read() cached is still the file.
        data = dict(current)
        gone = set(remove)
        table = {k: v for k, v in current.get(RECORDS, {}).items() if str(v.get("slug")) not in gone}
        ids = {str(doc.get("slug")): doc_id for doc_id, doc in table.items()}
        next_id = max((int(doc_id) for doc_id in table), default=0) + 1
        for record in records:
            doc_id = ids.get(record["slug"])
            if doc_id is None:
                doc_id = ids[record["slug"]] = str(next_id)
                next_id += 1
            table[doc_id] = dict(record)
        data[RECORDS] = table
        if meta:
            rows = dict(current.get(META, {}))
            first = next(iter(rows), "1")
            rows[first] = {**rows.get(first, {"schema": SCHEMA_VERSION}), **meta}
            data[META] = rows
        self._storage.write(data)

    def field(self, name: str) -> dict[str, Any]:
        """One field of every record, by slug (absent: None), without copying the records."""
        table = (self._storage.read() or {}).get(RECORDS, {})
        return {str(doc.get("slug")): doc.get(name) for doc in table.values()}

    def backup_field(self, name: str) -> dict[str, Any] | None:
        """One field of every record in the backup (``learnkit.json.bak``), by slug.

        ``{}`` when there is no backup; None when it cannot be read, so that a
        caller deciding what the backup still needs keeps everything.
        """
        backup = self.path.with_name(BACKUP_NAME)
        try:
            data = check_shape(json.loads(backup.read_bytes()), backup)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, UnicodeDecodeError, StoreError):
            return None
        return {str(doc.get("slug")): doc.get(name) for doc in data.get(RECORDS, {}).values()}

    def delete(self, slug: str) -> bool:
        return bool(self.db.table(RECORDS).remove(Query().slug == slug))
