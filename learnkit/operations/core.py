"""An open library: its store, its index kept up to date, its taxonomy, and writing records to both.

Every operation starts here. :class:`LibraryCore` creates the library the
first time (with the bundled records), brings the search index up to date
with the store when it is stale (the store changed behind its back, or
learnkit was updated), and writes records to the store and the index under
the library lock. The read operations (learnkit.operations.records, .search),
import and reindex work through it; learnkit.operations.library puts them
together as the ``Library`` the commands use.

The store keeps records without their details (theme evidence and extracted
points: page text), which live in ``details/`` (learnkit.storage.records).
The index keeps whole records, so reading commands never open a details file;
writing and rebuilding the index do.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.errors import DamagedStoreError, InvalidError, StoreError
from learnkit.models import Record, Theme
from learnkit.operations.recordfiles import read_record_file, record_files
from learnkit.paths import file_signature, records_dir, taxonomy_file
from learnkit.storage.folder import LibraryFolder

if TYPE_CHECKING:
    from learnkit.knowledge.themes import Taxonomy
    from learnkit.storage.index import Index
    from learnkit.storage.records import RecordStore
    from learnkit.storage.store import Store

Progress = Callable[[int, int], None]
# A new document's pages for the index: (name, page texts, its text as
# learnkit.storage.query.doc_words gives it, or None to make it from the pages).
NewPages = dict[str, tuple[str, list[str], str | None]]


class LibraryCore(LibraryFolder):
    """One library folder opened: store, records with details, index and taxonomy."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self._store: Store | None = None
        self._records: RecordStore | None = None
        self._index: Index | None = None
        # Told (one line, no record text) when an existing index must be rebuilt before a command can
        # go on: in a library of thousands of reviews that takes half a minute. The CLI prints it.
        self.on_rebuild: Callable[[str], None] | None = None

    # -- the parts ----------------------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            from learnkit.storage.store import Store

            self._store = Store(self.folder)
        return self._store

    @property
    def record_store(self) -> RecordStore:
        """The store's records with their details."""
        if self._records is None:
            from learnkit.storage.records import RecordStore

            self._records = RecordStore(self.store, self.details_dir)
        return self._records

    @property
    def raw_index(self) -> Index:
        """The index as it is (see :meth:`index` for one brought up to date)."""
        if self._index is None:
            from learnkit.storage.index import Index

            self._index = Index(self.index_path)
        return self._index

    @cached_property
    def taxonomy(self) -> Taxonomy:
        """The theme taxonomy: the checked copy kept in the index, else parsed from themes.toml."""
        from learnkit.knowledge.themes import Taxonomy, load_taxonomy

        try:
            if self.index_path.exists() and self.raw_index.meta("taxonomy") == self.taxonomy_signature:
                cached = self.raw_index.meta("themes")
                if cached:
                    return Taxonomy([Theme.from_dict(t) for t in json.loads(cached)])
        except (StoreError, ValueError, KeyError, TypeError):
            pass  # a damaged index: the taxonomy file is the truth
        return load_taxonomy(taxonomy_file())

    @cached_property
    def taxonomy_signature(self) -> str:
        """A fingerprint of themes.toml's bytes, to tell when the index's copy is out of date.

        CRC-32 and Adler-32 (64 bits between them) with the length: enough to
        notice an edit, and zlib loads in a fraction of what hashlib's OpenSSL
        costs every command at start-up.
        """
        import zlib

        try:
            raw = taxonomy_file().read_bytes()
            return f"{len(raw):x}-{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"
        except OSError as exc:
            raise StoreError(
                f"cannot read the theme taxonomy {taxonomy_file()}: {exc.strerror}; reinstall learnkit"
            ) from None

    def detection_signature(self) -> str:
        """What detected themes depend on: the taxonomy and the detection rules' version."""
        from learnkit.knowledge.detect import DETECTION_VERSION

        return f"{self.taxonomy_signature}:{DETECTION_VERSION}"

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        if self._store is not None:
            self._store.close()

    def lock(self) -> AbstractContextManager[None]:
        """The library lock (re-entrant within a process); writes hold it."""
        from learnkit.storage.fs import library_lock

        return library_lock(self.folder)

    # -- opening ------------------------------------------------------------

    def ensure(self) -> None:
        """Create the library and load the bundled records if it does not exist yet."""
        if self.store_path.exists():
            return
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(
                f"library path {self.folder} is a file, not a folder; pass --library with a folder"
            )
        try:
            new = not self.folder.exists()
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if new and os.name == "posix":
                self.folder.chmod(0o700)  # private whatever the umask: it will hold restricted reviews
        except OSError as exc:
            raise StoreError(f"cannot create library folder {self.folder}: {exc.strerror}") from None
        with self.lock():
            if self.store_path.exists():  # another process made it while we waited
                return
            if self.backup_path.exists():
                raise StoreError(
                    f"store {self.store_path} is missing but its backup exists; restore it with: "
                    f"cp '{self.backup_path}' '{self.store_path}'"
                )
            records = [r.to_dict() for r in self._bundled_records()]
            self.record_store.initialise(records, {"detected_with": self.detection_signature()})
            self.rebuild_index()

    def _bundled_records(self) -> list[Record]:
        return [
            self.validate(data, path)
            for path in record_files(records_dir())
            for data in read_record_file(path)
        ]

    def validate(self, data: dict[str, Any], path: Path | None = None) -> Record:
        """Validate a record dict against the models and the taxonomy."""
        where = f"{path}: " if path else ""
        try:
            record = Record.from_dict(data)
            self.taxonomy.validate_ids(record.theme_ids)
            self.taxonomy.validate_ids(record.rejected_themes)
        except InvalidError as exc:
            raise InvalidError(f"{where}{exc.message}") from None
        if path is not None and path.suffix.lower() == ".toml" and path.stem != record.slug:
            raise InvalidError(f"{where}field 'slug' is '{record.slug}' but the file is named '{path.name}'")
        return record

    # -- the index ------------------------------------------------------------

    def index(self) -> Index:
        """The index, brought up to date with the store first.

        When it cannot be (a library on a read-only mount or folder, a full
        disk), a copy is built in memory for this command, and ``on_rebuild``
        is told so.
        """
        self.ensure()
        index = self.raw_index
        if index.memory or index.is_fresh(file_signature(self.store_path), self.taxonomy_signature):
            return index
        try:
            with self.lock():
                if not index.is_fresh(file_signature(self.store_path), self.taxonomy_signature):
                    if self.on_rebuild is not None and self.index_path.exists():
                        self.on_rebuild(
                            "bringing the search index up to date (the library was changed from outside"
                            " learnkit, or learnkit was updated); in a large library this takes a while"
                        )
                    self.rebuild_index()
        except DamagedStoreError:
            raise
        except StoreError as exc:
            return self._index_in_memory(exc)
        return index

    def _index_in_memory(self, why: StoreError) -> Index:
        """A search index built in memory from the store, for a library whose own cannot be written."""
        from learnkit.errors import ReadOnlyError
        from learnkit.storage.index import Index

        if self._index is not None:
            self._index.close()
        self._index = Index(self.index_path, memory=True)
        if self.on_rebuild is not None:
            reason = "the library is read-only" if isinstance(why, ReadOnlyError) else why.message
            self.on_rebuild(
                f"the search index is out of date and cannot be written ({reason}); using a copy built"
                " in memory for this command"
            )
        self.rebuild_index()
        return self._index

    def theme_text(self, record: dict[str, Any]) -> str:
        """Labels and aliases of a record's themes, so that a search for a theme's words finds it."""
        words: list[str] = []
        for tag in record.get("themes", []):
            theme = self.taxonomy.get(tag["id"])
            if theme is not None:
                words.append(theme.label)
                words.extend(theme.aliases)
        return " ; ".join(words)

    def rebuild_index(
        self, progress: Progress | None = None, records: list[dict[str, Any]] | None = None
    ) -> int:
        """Rebuild the index from the store, the details and the extracted text; the pages indexed.

        With ``records``, the store's whole records just read. Caller holds the lock.
        """
        signature = self.store.signature()  # before reading: a later write makes the index stale
        if records is None:
            records = self.record_store.load()[0]
        for number, record in enumerate(records, start=1):
            try:
                Record.from_dict(record)
            except InvalidError as exc:
                name = record.get("slug") if isinstance(record.get("slug"), str) else f"number {number}"
                raise DamagedStoreError(
                    f"store {self.store_path}: record {name} is not valid ({exc.message}); restore the"
                    f" backup ({self.backup_path}) or correct the file, and see: learnkit doctor"
                ) from None
        index = self.raw_index
        # The taxonomy before the index is emptied: the checked copy it keeps serves while it is current.
        taxonomy = self.taxonomy
        index.reset()
        # A checked copy of the taxonomy, so that reading commands need not parse themes.toml.
        index.set_meta("themes", json.dumps([t.to_dict() for t in taxonomy.themes], ensure_ascii=False))
        total = len(records)
        pages = 0
        for done, record in enumerate(records, start=1):
            index.put_record(record, self.theme_text(record))
            for doc in record.get("documents", []):
                text = self.read_text(doc["hash"])
                if text is not None:
                    index.put_pages(record["slug"], doc["hash"], doc.get("name", ""), text)
                    pages += len(text)
            if progress:
                progress(done, total)
        index.optimize()
        index.mark(signature, self.taxonomy_signature)
        return pages

    # -- writing --------------------------------------------------------------

    def commit_records(self, records: list[Record], pages_for: NewPages | None = None) -> None:
        """Write records (and their new documents' pages) to the store and index in one store write.

        Caller holds the lock. ``pages_for`` maps a document hash to its pages
        (see :data:`NewPages`) for documents whose pages are new to the index.
        """
        index = self.raw_index
        fresh = index.is_fresh(self.store.signature(), self.taxonomy_signature)
        dicts = [r.to_dict() for r in records]
        self.record_store.put(dicts)
        # The store is written: the records are kept. An index that cannot follow (a full disk)
        # stays stale, and the next command brings it up to date (or reads a copy in memory).
        try:
            if not fresh:
                self.rebuild_index()
                return
            for data in dicts:
                index.put_record(data, self.theme_text(data))
            for digest, (name, pages, doc_text) in (pages_for or {}).items():
                owner = next(r.slug for r in records if any(d.hash == digest for d in r.documents))
                index.put_pages(owner, digest, name, pages, doc_text)
            index.mark(self.store.signature(), self.taxonomy_signature)
        except StoreError:
            index.close()

    def stored(self, slug: str) -> Record | None:
        """The store's record with this slug, with its details; None if there is none."""
        return self.record_store.get(slug)

    def stored_records(self) -> list[dict[str, Any]]:
        """Every record in the store, with its details, as dicts (``Record.to_dict`` shape)."""
        return self.record_store.load()[0]

    def store_records(
        self, records: list[dict[str, Any]], meta: dict[str, Any] | None = None, remove: Iterable[str] = ()
    ) -> None:
        """Write whole record dicts to the store (with ``meta`` keys, deleting the slugs in ``remove``)
        in one write, details apart.

        Caller holds the lock (see :meth:`learnkit.storage.records.RecordStore.put`).
        """
        self.record_store.put(records, meta, remove)
