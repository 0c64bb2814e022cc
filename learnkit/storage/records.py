"""The store's records with their details: whole records in, whole records out.

The store (learnkit.storage.store) keeps records without their details (theme
evidence and extracted points: page text), which live in ``details/`` by
content hash (learnkit.storage.details). :class:`RecordStore` joins the two:
it reads a record with its details, and writes the details files before the
store that names them, so that the store never names a file that is not
there, and deletes the files nothing names any more once the backup has
moved past them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from learnkit.errors import StoreError
from learnkit.models import Record
from learnkit.storage.details import (
    DETAILS_KEY,
    canonical,
    is_key,
    merge_details,
    parse_details,
    split_details,
)
from learnkit.storage.fs import atomic_write, fsync_dir
from learnkit.storage.store import SCHEMA_VERSION, Store

# The store's meta key listing details files the last write stopped naming (its backup still does).
DROPPED = "details_dropped"


class RecordStore:
    """Whole records (details included) over one library's store and ``details/`` folder."""

    def __init__(self, store: Store, details_dir: Path) -> None:
        self.store = store
        self.details_dir = details_dir

    # -- reading ------------------------------------------------------------

    def read_details(self, key: str) -> dict[str, Any] | None:
        """The details stored under ``key``, or None when the file is missing or damaged."""
        if not is_key(key):
            return None
        try:
            payload = (self.details_dir / f"{key}.json").read_bytes()
        except OSError:
            return None
        return parse_details(payload, key)

    def merged(self, data: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """A store dict as the whole record dict, and whether its details were missing or damaged.

        A record whose details cannot be read reads without them (no evidence,
        no extracted points) rather than stopping the command.
        """
        key = data.get(DETAILS_KEY)
        if key is None:
            return merge_details(data, None), False
        details = self.read_details(str(key))
        return merge_details(data, details), details is None

    def load(self) -> tuple[list[dict[str, Any]], int]:
        """Every record in the store, whole, and how many lack details that could not be read."""
        records: list[dict[str, Any]] = []
        missing = 0
        for data in self.store.records():
            full, lost = self.merged(data)
            records.append(full)
            missing += lost
        return records, missing

    def get(self, slug: str) -> Record | None:
        """The store's record with this slug, with its details; None if there is none."""
        data = self.store.get(slug)
        return None if data is None else Record.from_dict(self.merged(data)[0])

    # -- writing ------------------------------------------------------------

    def initialise(self, records: list[dict[str, Any]], meta: dict[str, Any]) -> None:
        """Make a new store holding whole ``records``; their details files first."""
        lights, created = self.write_details(records)
        try:
            self.store.initialise(lights)
            for key, value in meta.items():
                self.store.set_meta(key, value)
        except BaseException:
            self.drop_details(created)
            raise

    def put(
        self, records: list[dict[str, Any]], meta: dict[str, Any] | None = None, remove: Iterable[str] = ()
    ) -> None:
        """Write whole record dicts to the store (with ``meta`` keys, deleting the slugs in ``remove``)
        in one write, details apart.

        Caller holds the lock. The details files go to disk first, so the store
        never names a file that is not there; then the store. If the store
        write fails, the files this call made are deleted again.

        A file that the records' old versions named and nothing names now is
        still named by the backup (``learnkit.json.bak``, the store before this
        write), which a person may restore: it is deleted by the next write,
        once the backup has moved on (the store's meta lists it until then). A
        crash before a deletion leaves only files no version names, which
        :meth:`remove_orphans` removes.
        """
        store = self.store
        before = store.field(DETAILS_KEY)
        waiting = store.meta(DROPPED) or []
        lights, created = self.write_details(records)
        gone = set(remove)
        now = {**before, **{light["slug"]: light.get(DETAILS_KEY) for light in lights}}
        now = {slug: key for slug, key in now.items() if slug not in gone}
        named = set(now.values())
        changed = {light["slug"] for light in lights} | gone
        old_keys = {str(before[slug]) for slug in changed if before.get(slug)}
        dropped = sorted(old_keys - named)
        meta = dict(meta or {})
        if dropped or waiting:
            meta[DROPPED] = dropped
        if any(DETAILS_KEY in light for light in lights) and (store.meta("schema") or 0) < SCHEMA_VERSION:
            meta["schema"] = SCHEMA_VERSION  # a 0.1.0 library: older learnkits must not read it now
        try:
            store.put_many(lights, meta, remove=gone)
        except BaseException:
            self.drop_details(set(created) - set(before.values()))
            raise
        # The backup is now the store as it was before this write: it names what ``before`` names.
        self.drop_details(set(waiting) - named - set(before.values()))

    def write_details(self, records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
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
            self.drop_details(created)
            raise
        return lights, created

    def drop_details(self, keys: Iterable[str | None]) -> None:
        """Delete details files; one that cannot be deleted stays, an orphan for :meth:`remove_orphans`."""
        for key in keys:
            if key and is_key(key):
                with contextlib.suppress(OSError):
                    (self.details_dir / f"{key}.json").unlink(missing_ok=True)

    def remove_orphans(self) -> int:
        """Delete details files neither the store nor its backup names, and temporary files a crash left.

        Caller holds the lock.
        """
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
