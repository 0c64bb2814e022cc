"""Writing the library's history around each store write (see learnkit.storage.history).

Every operation that writes records wraps its one store write in
:func:`recording`: it compares each record with the store's version, appends
a line per changed record to the history, durably, and takes the lines back
if the write fails. The caller holds the library lock. A change to the action
tracker is logged the same way around the write of its record's tracker file
(:func:`tracking`), so ``learnkit history`` shows it with the records' changes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from learnkit.models import Record
from learnkit.storage import history


class Library(Protocol):
    """What the journal needs of a library (learnkit.operations.library imports this module)."""

    folder: Path
    store_path: Path

    @property
    def store(self) -> Any: ...

    def stored(self, slug: str) -> Record | None: ...


def _as_dict(record: Record | dict[str, Any]) -> dict[str, Any]:
    return record.to_dict() if isinstance(record, Record) else record


@contextmanager
def recording(
    lib: Library,
    command: str,
    records: Iterable[Record | dict[str, Any]],
    removed: Iterable[str] = (),
    before: Mapping[str, dict[str, Any] | None] | None = None,
    notes: Mapping[str, str] | None = None,
) -> Iterator[None]:
    """Log the change the with block stores: ``records`` written, the slugs in ``removed`` deleted.

    A record's old version is the store's (or, for a slug in ``before``, the
    version given there: a renamed record's is under its old slug).
    """
    before = before or {}
    notes = notes or {}
    lines: list[dict[str, Any]] = []

    present: set[str] | None = None

    def old_version(slug: str) -> dict[str, Any] | None:
        nonlocal present
        if slug in before:
            return before[slug]
        if present is None:
            # The store's slugs, once: new records (most of an ingest's) need no search of the store.
            present = set(lib.store.field("slug"))
        if slug not in present:
            return None
        old = lib.stored(slug)
        return old.to_dict() if old is not None else None

    batch = {"batch": os.urandom(8).hex(), "store": store_fingerprint(lib.store_path)}
    for record in records:
        new = _as_dict(record)
        old = old_version(new["slug"])
        # The pipeline of add, attach and ingest logs as "add": a record it did not make, it attached to.
        said = "attach" if command == "add" and old is not None else command
        line = history.entry(said, new["slug"], old, new, notes.get(new["slug"], ""))
        if line is not None:
            lines.append({**line, **batch})
    for slug in removed:
        line = history.entry(command, slug, old_version(slug), None, notes.get(slug, ""))
        if line is not None:
            lines.append({**line, **batch})
    if lines and last_batch_stored(lib) is False:
        lines.insert(0, history.void_line(history.last_batch(lib.folder)[0]["batch"]))
    with history.appended(lib.folder, lines):
        yield


@contextmanager
def tracking(lib: Library, lines: list[dict[str, Any]], path: Path, relative: str) -> Iterator[None]:
    """Log the tracker change the with block writes to ``path`` (a record's tracker file, named
    ``relative`` to the library): ``lines`` each give the slug, target and changes.

    As :func:`recording` does for the store: the lines are durable before the
    write, carry the file's fingerprint so that a write a kill prevented is
    told from one made, and are taken back if the block fails.
    """
    batch = {"batch": os.urandom(8).hex(), "store": store_fingerprint(path), "file": relative}
    stamped = [{**line, **batch} for line in lines]
    if stamped and last_batch_stored(lib) is False:
        stamped.insert(0, history.void_line(history.last_batch(lib.folder)[0]["batch"]))
    with history.appended(lib.folder, stamped):
        yield


def store_fingerprint(path: Path) -> str:
    """What changes whenever the store is written: every write renames a new file over it (a new
    inode: the backup still holds the old one), with its own modification time and size."""
    try:
        st = path.stat()
    except OSError:
        return ""
    return f"{st.st_ino}:{st.st_mtime_ns}:{st.st_size}"


def last_batch_stored(lib: Library) -> bool | None:
    """Whether the log's last batch was stored: True, False (its command was killed between logging
    it and writing the store, which is as it was then), or None (cannot tell).

    Each batch is logged under the lock just before its one store write, with the store's
    fingerprint then (a tracker change: its file's): a file that still has it was not written since.
    """
    lines = history.last_batch(lib.folder)
    if not lines or not isinstance(lines[0].get("store"), str):
        return None
    # A tracker change names the file it wrote (see tracking); a record change wrote the store.
    file = lines[0].get("file")
    path = lib.folder / file if isinstance(file, str) else lib.store_path
    return bool(store_fingerprint(path) != lines[0]["store"])


def entries(lib: Library, slug: str | None = None, tracker: bool = False) -> list[dict[str, Any]]:
    """The history, newest first; with ``slug``, that record's (under any name it has had).

    The action tracker's changes (lines with a ``target``) only with
    ``tracker``: readers of the records' history (the digest, the site) take
    them for what they are not. A last batch whose change was never stored
    (its command was killed before the write) is left out.
    """
    lines = history.read(lib.folder)
    if lines and lib.store_path.exists() and last_batch_stored(lib) is False:
        unstored = lines[-1].get("batch")
        lines = [line for line in lines if line.get("batch") != unstored]
    if slug is not None:
        names = {slug}
        # Follow renames backwards, newest first, so the record's earlier names count too.
        for line in reversed(lines):
            if line.get("slug") in names:
                for change in line.get("changes", []):
                    if change.get("field") == "slug" and isinstance(change.get("old"), str):
                        names.add(change["old"])
        lines = [line for line in lines if line.get("slug") in names]
    if not tracker:
        lines = [line for line in lines if "target" not in line]
    return list(reversed(lines))
