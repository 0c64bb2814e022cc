"""Importing record files: validate each file, then upsert its records by slug under the lock.

A file's records go in together or not at all; a bad file is reported with
why and skipped, never a reason to stop the others. A record that names a
related record which is neither in the library nor being imported is refused.
An imported record keeps the documents and detected themes its old version had.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from learnkit.errors import LearnkitError
from learnkit.models import Record, without_controls
from learnkit.operations.core import LibraryCore
from learnkit.operations.journal import recording
from learnkit.operations.recordfiles import read_record_file, record_files


@dataclass
class ImportResult:
    """Slugs added and updated by an import, and the files refused with why."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "failed": [{"file": f, "message": m} for f, m in self.failed],
        }


def import_path(lib: LibraryCore, path: Path) -> ImportResult:
    """Validate record files and upsert them by slug; a bad file is reported and skipped."""
    lib.ensure()
    result = ImportResult()
    candidates: dict[str, tuple[Path, Record]] = {}
    for file in record_files(path):
        try:
            # All of a file's records validate, or none of them goes in.
            records = [lib.validate(without_controls(data), file) for data in read_record_file(file)]
        except LearnkitError as exc:
            result.failed.append((str(file), exc.message))
            continue
        except (RecursionError, MemoryError):
            result.failed.append((str(file), f"{file}: nested too deeply or too large to be a record file"))
            continue
        twice = _repeated(r.slug for r in records)
        if twice is not None:
            result.failed.append(
                (str(file), f"{file}: field 'slug': two records are both '{twice}'; keep one of them")
            )
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
    with lib.lock():
        lib.index()  # bring the index up to date before changing the store
        _drop_unresolved(candidates, lib.store.slugs(), result)
        merged: list[Record] = []
        for _, record in candidates.values():
            old = lib.stored(record.slug)
            if old is not None:
                keep_attached(record, old)
                result.updated.append(record.slug)
            else:
                result.added.append(record.slug)
            merged.append(record)
        if merged:
            with recording(lib, "import", merged):
                lib.commit_records(merged)
    return result


def _repeated(slugs: Iterable[str]) -> str | None:
    """The first slug given twice, or None."""
    seen: set[str] = set()
    for slug in slugs:
        if slug in seen:
            return slug
        seen.add(slug)
    return None


def _drop_unresolved(
    candidates: dict[str, tuple[Path, Record]], existing: set[str], result: ImportResult
) -> None:
    """Refuse records whose related links name neither a stored record nor one being imported.

    A record may name another being imported, but not one refused: records are
    dropped until every remaining link resolves.
    """
    while True:
        known = existing | set(candidates)
        refused = {
            slug: next(s for s in record.related if s not in known)
            for slug, (_, record) in candidates.items()
            if any(s not in known for s in record.related)
        }
        if not refused:
            return
        for slug, missing in refused.items():
            file = candidates.pop(slug)[0]
            result.failed.append((str(file), f"{file}: field 'related' names unknown record '{missing}'"))


def keep_attached(new: Record, old: Record) -> None:
    """An imported record keeps the documents, detected (and confirmed) themes and rejections its old
    version had."""
    new.documents = old.documents
    new.rejected_themes = new.rejected_themes or old.rejected_themes
    have = set(new.theme_ids) | set(new.rejected_themes)
    new.themes.extend(t for t in old.themes if t.origin in ("detected", "confirmed") and t.id not in have)
