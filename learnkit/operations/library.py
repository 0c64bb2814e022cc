"""The operations of learnkit: what each command does, as functions returning data.

Nothing here prints. Each operation opens the library (creating it and loading
the bundled records the first time), reads through the search index (rebuilt
when it is stale) or writes through the store under the library lock, and
returns records, hits or counts for the command line to render.

The store keeps records without their details (theme evidence and extracted
points: page text), which live in ``details/`` (see learnkit.storage.details). The
index keeps whole records, so reading commands never open a details file;
writing and rebuilding the index do, through :meth:`Library.stored`,
:meth:`Library.stored_records` and :meth:`Library.store_records`.

Imports run one way: cli -> render -> library -> (store, index, pdf, themes,
summary, export) -> models, errors, paths.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.errors import InvalidError, LearnkitError, NotFoundError, StoreError
from learnkit.models import Hit, Record, Theme
from learnkit.paths import (
    BACKUP_NAME,
    DETAILS_DIR,
    FILES_DIR,
    INDEX_NAME,
    STORE_NAME,
    TEXT_DIR,
    file_signature,
    records_dir,
    taxonomy_file,
)
from learnkit.storage.details import (
    DETAILS_KEY,
    canonical,
    is_key,
    merge_details,
    parse_details,
    split_details,
)

if TYPE_CHECKING:
    from learnkit.knowledge.themes import Taxonomy
    from learnkit.storage.index import Filters, Index
    from learnkit.storage.store import Store

Progress = Callable[[int, int], None]

# The store's meta key listing details files the last write stopped naming (its backup still does).
DROPPED = "details_dropped"


class SearchResult:
    """What a search found: how many records, the best of them, and the themes the query names."""

    def __init__(
        self,
        query: str,
        count: int,
        hits: list[Hit],
        themes: list[Theme] | None = None,
        suggestions: list[str] | None = None,
    ) -> None:
        self.query = query
        self.count = count
        self.hits = hits
        self.themes: list[Theme] = themes if themes is not None else []
        self.suggestions: list[str] = suggestions if suggestions is not None else []
        # True when every word looked for is one that documents' text is indexed without (index.STOP_WORDS).
        self.documents_skipped = False

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "count": self.count, "results": [h.to_dict() for h in self.hits]}


class ImportResult:
    """Slugs added and updated by an import, and the files refused with why."""

    def __init__(self) -> None:
        self.added: list[str] = []
        self.updated: list[str] = []
        self.failed: list[tuple[str, str]] = []

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "failed": [{"file": f, "message": m} for f, m in self.failed],
        }


def read_record_file(path: Path) -> list[dict[str, Any]]:
    """The record dicts in one record file (TOML: one record; JSON: one or a list)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        if path.suffix.lower() == ".json":
            import json

            data = json.loads(raw)
        else:
            import tomllib

            data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except ValueError as exc:
        # Both tomllib and json errors are ValueErrors; their messages name a position, not content.
        raise InvalidError(f"{path}: not valid {path.suffix.lstrip('.').upper() or 'TOML'} ({exc})") from None
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(item, dict) for item in items):
        raise InvalidError(f"{path}: expected a record (a table of fields) or a list of records")
    return items


def record_files(path: Path) -> list[Path]:
    """The record files at a path: the file itself, or the .toml/.json files in a folder."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".toml", ".json") and p.is_file())
        return [p for p in files if p.name != "themes.toml"]
    if path.is_file():
        return [path]
    raise NotFoundError(f"no such file or folder: {path}")


class Library:
    """One library folder: store, files, extracted text and index."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.store_path = folder / STORE_NAME
        self.index_path = folder / INDEX_NAME
        self.files_dir = folder / FILES_DIR
        self.text_dir = folder / TEXT_DIR
        self.details_dir = folder / DETAILS_DIR
        self._store: Store | None = None
        self._index: Index | None = None
        # Told (one line, no record text) when an existing index must be rebuilt before a command can
        # go on: in a library of thousands of reviews that takes half a minute. The CLI prints it.
        self.on_rebuild: Callable[[str], None] | None = None

    # -- plumbing ---------------------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            from learnkit.storage.store import Store

            self._store = Store(self.folder)
        return self._store

    @property
    def raw_index(self) -> Index:
        if self._index is None:
            from learnkit.storage.index import Index

            self._index = Index(self.index_path)
        return self._index

    @cached_property
    def taxonomy(self) -> Taxonomy:
        """The theme taxonomy: the checked copy kept in the index, else parsed from themes.toml."""
        from learnkit.knowledge.themes import DETECTION_VERSION, Taxonomy, load_taxonomy

        try:
            if self.index_path.exists() and self.raw_index.meta("taxonomy") == self.taxonomy_signature:
                cached = self.raw_index.meta("themes")
                if cached:
                    phrases = json.loads(self.raw_index.meta("theme_phrases") or "{}")
                    return Taxonomy(
                        [Theme.from_dict(t) for t in json.loads(cached)],
                        checked=True,
                        phrases=phrases.get(str(DETECTION_VERSION)) if isinstance(phrases, dict) else None,
                    )
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

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        if self._store is not None:
            self._store.close()

    def lock(self) -> Any:
        from learnkit.storage.store import library_lock

        return library_lock(self.folder)

    def ensure(self) -> None:
        """Create the library and load the bundled records if it does not exist yet."""
        if self.store_path.exists():
            return
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(
                f"library path {self.folder} is a file, not a folder; pass --library with a folder"
            )
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create library folder {self.folder}: {exc.strerror}") from None
        with self.lock():
            if self.store_path.exists():  # another process made it while we waited
                return
            if (self.folder / BACKUP_NAME).exists():
                raise StoreError(
                    f"store {self.store_path} is missing but its backup exists; restore it with: "
                    f"cp '{self.folder / BACKUP_NAME}' '{self.store_path}'"
                )
            records = self._bundled_records()
            lights, created = self._write_details([r.to_dict() for r in records])
            try:
                self.store.initialise(lights)
            except BaseException:
                self._drop_details(created)
                raise
            self.store.set_meta("detected_with", self.detection_signature())
            self._rebuild_index()

    def _bundled_records(self) -> list[Record]:
        records: list[Record] = []
        for path in record_files(records_dir()):
            for data in read_record_file(path):
                records.append(self.validate(data, path))
        return records

    def validate(self, data: dict[str, Any], path: Path | None = None) -> Record:
        """Validate a record dict against the models and the taxonomy."""
        where = f"{path}: " if path else ""
        try:
            record = Record.from_dict(data)
            self.taxonomy.validate_ids(record.theme_ids)
        except InvalidError as exc:
            raise InvalidError(f"{where}{exc.message}") from None
        if path is not None and path.suffix.lower() == ".toml" and path.stem != record.slug:
            raise InvalidError(f"{where}field 'slug' is '{record.slug}' but the file is named '{path.name}'")
        return record

    def index(self) -> Index:
        """The index, brought up to date with the store first."""
        self.ensure()
        index = self.raw_index
        if not index.is_fresh(file_signature(self.store_path), self.taxonomy_signature):
            with self.lock():
                if not index.is_fresh(file_signature(self.store_path), self.taxonomy_signature):
                    if self.on_rebuild is not None and self.index_path.exists():
                        self.on_rebuild(
                            "bringing the search index up to date (the library was changed from outside"
                            " learnkit, or learnkit was updated); in a large library this takes a while"
                        )
                    self._rebuild_index()
        return index

    def _theme_text(self, record: dict[str, Any]) -> str:
        """Labels and aliases of a record's themes, so that a search for a theme's words finds it."""
        words: list[str] = []
        for tag in record.get("themes", []):
            theme = self.taxonomy.get(tag["id"])
            if theme is not None:
                words.append(theme.label)
                words.extend(theme.aliases)
        return " ; ".join(words)

    def _rebuild_index(
        self, progress: Progress | None = None, records: list[dict[str, Any]] | None = None
    ) -> int:
        """Rebuild the index from the store (with ``records``, the store's whole records just read),
        the details and the extracted text. Caller holds the lock."""
        signature = self.store.signature()  # before reading: a later write makes the index stale
        if records is None:
            records, _ = self._load_stored()
        index = self.raw_index
        # The taxonomy before the index is emptied: the checked copy it keeps serves while it is current.
        taxonomy = self.taxonomy
        index.reset()
        # A checked copy of the taxonomy, so that reading commands need not parse themes.toml.
        index.set_meta("themes", json.dumps([t.to_dict() for t in taxonomy.themes], ensure_ascii=False))
        # And the stems of every theme name, so that a search need not stem them again. Stems follow
        # the detection rules' version (learnkit.reading.stem is part of them), so they are kept under it.
        from learnkit.knowledge.themes import DETECTION_VERSION

        phrases = {str(DETECTION_VERSION): taxonomy.phrase_rows()}
        index.set_meta("theme_phrases", json.dumps(phrases, ensure_ascii=False, separators=(",", ":")))
        total = len(records)
        pages = 0
        for done, record in enumerate(records, start=1):
            index.put_record(record, self._theme_text(record))
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

    def read_text(self, doc_hash: str) -> list[str] | None:
        """A document's extracted page text, or None when it has none."""
        import json

        path = self.text_dir / f"{doc_hash}.json"
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None  # derived data: a damaged text file is treated as missing
        pages = data.get("pages") if isinstance(data, dict) else None
        return [str(p) for p in pages] if isinstance(pages, list) else None

    def _commit_records(
        self, records: list[Record], pages_for: dict[str, tuple[str, list[str], str | None]] | None = None
    ) -> None:
        """Write records to the store, then the index. Caller holds the lock.

        ``pages_for`` maps a document hash to (name, page texts, its text as
        :func:`learnkit.storage.index.doc_words` gives it, or None to make it here) for
        documents whose pages are new to the index.
        """
        index = self.raw_index
        fresh = index.is_fresh(self.store.signature(), self.taxonomy_signature)
        dicts = [r.to_dict() for r in records]
        self.store_records(dicts)
        if not fresh:
            self._rebuild_index()
            return
        by_slug = {r.slug: r for r in records}
        for data in dicts:
            index.put_record(data, self._theme_text(data))
        for digest, (name, pages, doc_text) in (pages_for or {}).items():
            owner = next(r.slug for r in by_slug.values() if any(d.hash == digest for d in r.documents))
            index.put_pages(owner, digest, name, pages, doc_text)
        index.mark(self.store.signature(), self.taxonomy_signature)

    def commit_records(
        self, records: list[Record], pages_for: dict[str, tuple[str, list[str], str | None]] | None = None
    ) -> None:
        """Write records (and their new documents' pages) to the store and index in one store write.

        Caller holds the lock.
        """
        self._commit_records(records, pages_for)

    # -- the store's records with their details -----------------------------

    def read_details(self, key: str) -> dict[str, Any] | None:
        """The details stored under ``key``, or None when the file is missing or damaged."""
        if not is_key(key):
            return None
        try:
            payload = (self.details_dir / f"{key}.json").read_bytes()
        except OSError:
            return None
        return parse_details(payload, key)

    def _merged(self, data: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """A store dict as the whole record dict, and whether its details were missing or damaged.

        A record whose details cannot be read reads without them (no evidence,
        no extracted points) rather than stopping the command.
        """
        key = data.get(DETAILS_KEY)
        if key is None:
            return merge_details(data, None), False
        details = self.read_details(str(key))
        return merge_details(data, details), details is None

    def _load_stored(self) -> tuple[list[dict[str, Any]], int]:
        """Every record in the store, whole, and how many lack details that could not be read."""
        records: list[dict[str, Any]] = []
        missing = 0
        for data in self.store.records():
            full, lost = self._merged(data)
            records.append(full)
            missing += lost
        return records, missing

    def stored(self, slug: str) -> Record | None:
        """The store's record with this slug, with its details; None if there is none."""
        data = self.store.get(slug)
        return None if data is None else Record.from_dict(self._merged(data)[0])

    def stored_records(self) -> list[dict[str, Any]]:
        """Every record in the store, with its details, as dicts (``Record.to_dict`` shape)."""
        return self._load_stored()[0]

    def store_records(self, records: list[dict[str, Any]], meta: dict[str, Any] | None = None) -> None:
        """Write whole record dicts to the store (with ``meta`` keys) in one write, details apart.

        Caller holds the lock. The details files go to disk first, so the store
        never names a file that is not there; then the store. If the store
        write fails, the files this call made are deleted again.

        A file that the records' old versions named and nothing names now is
        still named by the backup (``learnkit.json.bak``, the store before this
        write), which a person may restore: it is deleted by the next write,
        once the backup has moved on (the store's meta lists it until then). A
        crash before a deletion leaves only files no version names, which
        ``reindex`` removes.
        """
        from learnkit.storage.store import SCHEMA_VERSION

        store = self.store
        before = store.field(DETAILS_KEY)
        waiting = store.meta(DROPPED) or []
        lights, created = self._write_details(records)
        now = {**before, **{light["slug"]: light.get(DETAILS_KEY) for light in lights}}
        named = set(now.values())
        old_keys = {str(before[light["slug"]]) for light in lights if before.get(light["slug"])}
        dropped = sorted(old_keys - named)
        meta = dict(meta or {})
        if dropped or waiting:
            meta[DROPPED] = dropped
        if any(DETAILS_KEY in light for light in lights) and (store.meta("schema") or 0) < SCHEMA_VERSION:
            meta["schema"] = SCHEMA_VERSION  # a 0.1.0 library: older learnkits must not read it now
        try:
            store.put_many(lights, meta)
        except BaseException:
            self._drop_details(set(created) - set(before.values()))
            raise
        # The backup is now the store as it was before this write: it names what ``before`` names.
        self._drop_details(set(waiting) - named - set(before.values()))

    def _write_details(self, records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
        """Split records; write the details files that are not there yet (or are damaged).

        Returns the store's dicts and the keys of the files this call created.
        """
        lights: list[dict[str, Any]] = []
        pending: dict[str, bytes] = {}
        for data in records:
            light, details = split_details(data)
            lights.append(light)
            if details is not None:
                pending[light[DETAILS_KEY]] = canonical(details)
        created: list[str] = []
        if not pending:
            return lights, created
        from learnkit.storage.store import atomic_write, fsync_dir

        try:
            try:
                self.details_dir.mkdir(exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create {self.details_dir}: {exc.strerror}") from None
            for key, payload in pending.items():
                path = self.details_dir / f"{key}.json"
                try:
                    if path.read_bytes() == payload:
                        continue  # content-addressed: the same key, the same bytes
                    existed = True  # damaged: written again
                except OSError:
                    existed = False
                atomic_write(path, payload, sync_folder=False)
                if not existed:
                    created.append(key)
            fsync_dir(self.details_dir)  # the files are on disk before the store names them
        except BaseException:
            self._drop_details(created)
            raise
        return lights, created

    def _drop_details(self, keys: Iterable[str | None]) -> None:
        """Delete details files; one that cannot be deleted stays, an orphan for ``reindex``."""
        import contextlib

        for key in keys:
            if key and is_key(key):
                with contextlib.suppress(OSError):
                    (self.details_dir / f"{key}.json").unlink(missing_ok=True)

    def _remove_orphans(self) -> int:
        """Delete details files neither the store nor its backup names, and temporary files a crash left.

        Caller holds the lock.
        """
        import os

        if not self.details_dir.is_dir():
            return 0
        kept = self.store.backup_field(DETAILS_KEY)
        if kept is None:
            return 0  # a backup that cannot be read: it may name any of them
        named = {str(key) for key in [*self.store.field(DETAILS_KEY).values(), *kept.values()] if key}
        removed = 0
        with os.scandir(self.details_dir) as entries:
            for entry in entries:
                name = entry.name
                stem = name[: -len(".json")] if name.endswith(".json") else ""
                left_over = name.startswith(".") and name.endswith(".tmp")
                if (left_over or (is_key(stem) and stem not in named)) and entry.is_file():
                    try:
                        os.unlink(entry.path)
                        removed += 1
                    except OSError:
                        pass
        return removed

    # -- reading ----------------------------------------------------------

    def get(self, name: str, close: bool = True) -> Record:
        """A record by exact slug, else unique prefix, else (with ``close``) a close match."""
        index = self.index()
        data = index.get(name)
        if data is None:
            slug = self.resolve_slug(name, index.slugs(), close)
            data = index.get(slug)
        assert data is not None
        return Record.from_dict(data)

    @staticmethod
    def resolve_slug(name: str, slugs: list[str], close_match: bool = True) -> str:
        import difflib

        wanted = name.strip().lower()
        if wanted in slugs:
            return wanted
        prefixed = [s for s in slugs if s.startswith(wanted)] if wanted else []
        if len(prefixed) == 1:
            return prefixed[0]
        if len(prefixed) > 1:
            raise NotFoundError(
                f"'{name}' matches {len(prefixed)} records; give more of the slug", prefixed[:5]
            )
        close = difflib.get_close_matches(wanted, slugs, n=5, cutoff=0.6)
        if close_match and close and difflib.SequenceMatcher(None, wanted, close[0]).ratio() >= 0.85:
            return close[0]
        raise NotFoundError(f"no record '{name}'; see: learnkit list", close)

    def records(self, filters: Filters | None = None) -> list[Record]:
        return [Record.from_dict(d) for d in self.index().records(filters)]

    def related(self, record: Record) -> list[tuple[str, str | None]]:
        """Related slugs with their titles (None for a slug not in the library)."""
        titles = self.index().titles(record.related)
        return [(slug, titles.get(slug)) for slug in record.related]

    def record_text(self, record: Record) -> list[tuple[str, int, str]]:
        """(document name, page number, text) for every page of a record's documents."""
        pages: list[tuple[str, int, str]] = []
        for doc in record.documents:
            for number, text in enumerate(self.read_text(doc.hash) or [], start=1):
                if text.strip():
                    pages.append((doc.name, number, text))
        return pages

    def similar_for_show(self, record: Record, n: int = 3) -> list[tuple[str, str, str]]:
        """The ``n`` records most like this one by shared themes, with why; for ``show``.

        ``show`` must stay instant in a large library, so this compares themes
        only, weighted by the index's theme counts, and reads only the records
        that share the record's rarer themes (see
        :func:`learnkit.knowledge.learning.similar_by_theme_counts`); ``learnkit related``
        also compares wording. Records the record links to are left out:
        ``show`` lists them under Related already.
        """
        from learnkit.knowledge.learning import similar_by_theme_counts

        if not record.themes:
            return []
        index = self.index()
        found = similar_by_theme_counts(
            record,
            index.theme_counts(),
            index.record_count(),
            lambda theme_id, without: index.theme_rows(theme_id, without),
            self.taxonomy,
            n=n,
            exclude=record.related,
        )
        return [(r["slug"], r["title"], r["reason"]) for r in found]

    def present(self, record: Record) -> dict[str, Any]:
        """A record as the --json shape: theme tags carry their labels."""
        data = record.to_dict()
        for tag in data["themes"]:
            theme = self.taxonomy.get(tag["id"])
            tag["label"] = theme.label if theme else tag["id"]
        return data

    def check_filters(self, filters: Filters) -> Filters:
        """Validate filter values, turning a theme name or alias into its id."""
        from learnkit.models import KINDS, STATUSES

        if filters.kind and filters.kind not in KINDS:
            import difflib

            close = difflib.get_close_matches(filters.kind, KINDS, n=3)
            raise InvalidError(f"unknown kind '{filters.kind}'; use one of: {', '.join(close or KINDS)}")
        if filters.status and filters.status not in STATUSES:
            raise InvalidError(f"unknown status '{filters.status}'; use one of: {', '.join(STATUSES)}")
        if filters.theme:
            filters.theme = self.theme_by_name(filters.theme).id
        if filters.since is not None and filters.until is not None and filters.since > filters.until:
            raise InvalidError(f"--since {filters.since} is after --until {filters.until}")
        return filters

    def theme_by_name(self, name: str) -> Theme:
        theme = self.taxonomy.resolve(name)
        if theme is None:
            raise NotFoundError(f"no theme '{name}'; see: learnkit themes", self.taxonomy.suggest(name))
        return theme

    def search(self, text: str, filters: Filters | None = None, limit: int = 20) -> SearchResult:
        from learnkit.storage.index import Filters, query_words, search_query

        filters = self.check_filters(filters or Filters())
        if limit < 1:
            raise InvalidError("--limit must be at least 1")
        query = search_query(text)
        index = self.index()
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
        ]
        result = SearchResult(text, count, hits, themes=self.taxonomy.match_query(text))
        result.documents_skipped = query.docs is None
        if count == 0:
            result.suggestions = self._suggest(query_words(text))
        return result

    def _suggest(self, words: list[str]) -> list[str]:
        """Close words from the index and the taxonomy for a search that found nothing."""
        import difflib

        vocab = set(self.raw_index.vocabulary(w[0] for w in words if w))
        for theme in self.taxonomy.themes:
            vocab.update(theme.label.lower().split())
            for alias in theme.aliases:
                vocab.update(alias.split())
        out: list[str] = []
        for word in words:
            for candidate in difflib.get_close_matches(word, sorted(vocab), n=3, cutoff=0.75):
                if candidate != word and candidate not in out:
                    out.append(candidate)
        return out[:5]

    def themes(self) -> list[tuple[Theme, int]]:
        counts = self.index().theme_counts()
        return [(theme, counts.get(theme.id, 0)) for theme in self.taxonomy.themes]

    def theme(self, name: str) -> tuple[Theme, list[Record]]:
        from learnkit.storage.index import Filters

        theme = self.theme_by_name(name)
        return theme, self.records(Filters(theme=theme.id))

    def export(
        self, filters: Filters | None = None, include_restricted: bool = False
    ) -> tuple[list[Record], int]:
        """Records to export and how many were left out as restricted or unpublished."""
        from learnkit.storage.index import Filters

        records = self.records(self.check_filters(filters or Filters()))
        if include_restricted:
            return records, 0
        kept = [r for r in records if not r.private]
        return kept, len(records) - len(kept)

    def info(self, sizes: bool = False) -> dict[str, Any]:
        """Where the library is and what is in it (does not create it).

        A folder's files are counted; they are added up in bytes only with
        ``sizes``, which costs a stat of every file (tens of milliseconds in a
        library of thousands of documents).
        """
        files: list[dict[str, Any]] = []
        for name in (STORE_NAME, BACKUP_NAME, INDEX_NAME, FILES_DIR, TEXT_DIR, DETAILS_DIR):
            path = self.folder / name
            entry: dict[str, Any] = {"name": name, "path": str(path), "exists": path.exists()}
            if path.is_file():
                entry["bytes"] = path.stat().st_size
            elif path.is_dir():
                import os

                # scandir tells files from folders without a stat call each (thousands in a big library).
                with os.scandir(path) as found:
                    kept = [e for e in found if not e.name.startswith(".") and e.is_file()]
                entry["files"] = len(kept)
                if sizes:
                    entry["bytes"] = sum(e.stat().st_size for e in kept)
            files.append(entry)
        return {"library": str(self.folder), "exists": self.store_path.exists(), "files": files}

    # -- writing ----------------------------------------------------------

    def import_path(self, path: Path) -> ImportResult:
        """Validate record files and upsert them by slug; a bad file is reported and skipped."""
        self.ensure()
        result = ImportResult()
        candidates: dict[str, tuple[Path, Record]] = {}
        for file in record_files(path):
            try:
                # All of a file's records validate, or none of them goes in.
                records = [self.validate(data, file) for data in read_record_file(file)]
            except LearnkitError as exc:
                result.failed.append((str(file), exc.message))
                continue
            clash = next((r.slug for r in records if r.slug in candidates), None)
            if clash is not None:
                other = candidates[clash][0]
                result.failed.append(
                    (str(file), f"{file}: record '{clash}' is also in {other}; keep one of them")
                )
                continue
            candidates.update((r.slug, (file, r)) for r in records)
        if not candidates:
            return result
        with self.lock():
            self.index()  # bring the index up to date before changing the store
            existing = self.store.slugs()
            # A record may name another being imported, but not one refused:
            # drop refused records until every remaining link resolves.
            while True:
                known = existing | set(candidates)
                refused = {
                    slug: next(s for s in record.related if s not in known)
                    for slug, (_, record) in candidates.items()
                    if any(s not in known for s in record.related)
                }
                if not refused:
                    break
                for slug, missing in refused.items():
                    file = candidates.pop(slug)[0]
                    result.failed.append(
                        (str(file), f"{file}: field 'related' names unknown record '{missing}'")
                    )
            merged: list[Record] = []
            for _, record in candidates.values():
                old = self.stored(record.slug)
                if old is not None:
                    _keep_attached(record, old)
                    result.updated.append(record.slug)
                else:
                    result.added.append(record.slug)
                merged.append(record)
            if merged:
                self._commit_records(merged)
        return result

    def detection_signature(self) -> str:
        """What detected themes depend on: the taxonomy and the detection rules' version."""
        from learnkit.knowledge.themes import DETECTION_VERSION

        return f"{self.taxonomy_signature}:{DETECTION_VERSION}"

    def reindex(self, progress: Progress | None = None, redetect: bool = False) -> dict[str, int]:
        """Rebuild the index; first re-run theme detection if the taxonomy changed (or when asked).

        Detected themes depend only on the documents' text and the taxonomy,
        so when neither changed since the last detection it is not run again.
        It also tidies the details: those a 0.1.0 store holds inline move to
        ``details/`` (with the records detected again, in one store write), and
        files no record names are deleted. ``missing_details`` counts records
        whose details file is missing or damaged: they read without evidence
        and extracted points until detection runs (``--redetect``), which
        detects their themes and evidence again from the text.
        """
        self.ensure()
        with self.lock():
            signature = self.detection_signature()
            stored = self.store.records()
            records: list[dict[str, Any]] = []
            lost: set[str] = set()
            for data in stored:
                full, missing = self._merged(data)
                records.append(full)
                if missing:
                    lost.add(full["slug"])
            changed: list[dict[str, Any]] = []
            detect = redetect or self.store.meta("detected_with") != signature
            if detect:
                changed = self._redetect(records)
            writes = {data["slug"]: data for data in changed}
            for light, full in zip(stored, records, strict=True):
                if detect and full["slug"] in lost:
                    writes.setdefault(full["slug"], full)  # no longer naming details that are gone
                elif DETAILS_KEY not in light and split_details(full)[1] is not None:
                    writes.setdefault(full["slug"], full)  # details inline (learnkit 0.1.0): move them out
            meta = {"detected_with": signature} if detect else None
            if writes:
                self.store_records(list(writes.values()), meta)
            elif meta:
                self.store.set_meta("detected_with", signature)
            self._remove_orphans()
            missing_count = len(lost)
            if writes:
                records, missing_count = self._load_stored()
            pages = self._rebuild_index(progress, records)
            return {
                "records": len(records),
                "pages": pages,
                "redetected": len(changed),
                "missing_details": missing_count,
            }

    def _redetect(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Detect every record's themes again, in a worker per core; the records whose themes changed."""
        import os

        with_documents = [d for d in records if d.get("documents")]
        if not with_documents:
            return []
        global _REDETECT
        _REDETECT = (self.taxonomy, self)
        try:
            workers = min(os.cpu_count() or 1, len(with_documents) // 20 + 1)
            if workers > 1:
                import multiprocessing

                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    results = pool.map(_redetect_one, with_documents, chunksize=8)
            else:
                results = [_redetect_one(d) for d in with_documents]
        finally:
            _REDETECT = None
        return [r for r in results if r is not None]


# What _redetect_one works with, set in the parent before the workers fork.
_REDETECT: tuple[Taxonomy, Library] | None = None


def _redetect_one(data: dict[str, Any]) -> dict[str, Any] | None:
    """A record with its themes detected again, or None when they are the same."""
    from learnkit.knowledge.themes import detect, merge_themes

    assert _REDETECT is not None
    taxonomy, lib = _REDETECT
    record = Record.from_dict(data)
    texts = [(d.name, lib.read_text(d.hash) or []) for d in record.documents]
    themes = merge_themes(record.themes, detect(taxonomy, texts))
    if themes == record.themes:
        return None
    record.themes = themes
    return record.to_dict()


def _keep_attached(new: Record, old: Record) -> None:
    """An imported record keeps the documents and detected themes its old version had."""
    new.documents = old.documents
    have = set(new.theme_ids)
    new.themes.extend(t for t in old.themes if t.origin == "detected" and t.id not in have)


def unique_slug(base: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
