"""Writing the library's history around each store write (see learnkit.storage.history).

Every operation that writes records wraps its one store write in
:func:`recording`: it compares each record with the store's version, appends
a line per changed record to the history, durably, and takes the lines back
if the write fails. The caller holds the library lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from learnkit.models import Record
from learnkit.storage import history


class Library(Protocol):
    """What the journal needs of a library (learnkit.operations.library imports this module)."""

    folder: Path

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

    for record in records:
        new = _as_dict(record)
        old = old_version(new["slug"])
        # The pipeline of add, attach and ingest logs as "add": a record it did not make, it attached to.
        said = "attach" if command == "add" and old is not None else command
        line = history.entry(said, new["slug"], old, new, notes.get(new["slug"], ""))
        if line is not None:
            lines.append(line)
    for slug in removed:
        line = history.entry(command, slug, old_version(slug), None, notes.get(slug, ""))
        if line is not None:
            lines.append(line)
    with history.appended(lib.folder, lines):
        yield


def entries(lib: Library, slug: str | None = None) -> list[dict[str, Any]]:
    """The history, newest first; with ``slug``, that record's (under any name it has had)."""
    lines = history.read(lib.folder)
    if slug is not None:
        names = {slug}
        # Follow renames backwards, newest first, so the record's earlier names count too.
        for line in reversed(lines):
            if line.get("slug") in names:
                for change in line.get("changes", []):
                    if change.get("field") == "slug" and isinstance(change.get("old"), str):
                        names.add(change["old"])
        lines = [line for line in lines if line.get("slug") in names]
    return list(reversed(lines))
