"""Reindex: detect themes again when the taxonomy or the rules changed, tidy the details, rebuild the index.

Detected themes depend only on the documents' text and the taxonomy, so
detection runs again only when either changed since the last one (or when
asked). Detection of many records runs in worker processes; each worker is
handed what it needs as arguments (the taxonomy and the library folder's
places, both picklable), so it works whether the workers are forked or
spawned.
"""

from __future__ import annotations

import os
from functools import partial
from typing import TYPE_CHECKING, Any

from learnkit.models import Record, Theme
from learnkit.operations.core import LibraryCore, Progress
from learnkit.operations.journal import recording
from learnkit.storage.details import DETAILS_KEY, split_details
from learnkit.storage.folder import LibraryFolder

if TYPE_CHECKING:
    from learnkit.knowledge.themes import Taxonomy

# Records per worker process: below this, starting a worker costs more than it saves.
RECORDS_PER_WORKER = 20


def reindex(lib: LibraryCore, progress: Progress | None = None, redetect: bool = False) -> dict[str, int]:
    """Rebuild the index; first re-run theme detection if the taxonomy changed (or when asked).

    It also tidies the details: those a 0.1.0 store holds inline move to
    ``details/`` (with the records detected again, in one store write), and
    files no record names are deleted. ``missing_details`` counts records
    whose details file is missing or damaged: they read without evidence
    and extracted points until detection runs (``--redetect``), which
    detects their themes and evidence again from the text.
    """
    lib.ensure()
    with lib.lock():
        signature = lib.detection_signature()
        stored = lib.store.records()
        records: list[dict[str, Any]] = []
        lost: set[str] = set()
        for data in stored:
            full, missing = lib.record_store.merged(data)
            records.append(full)
            if missing:
                lost.add(full["slug"])
        changed: list[dict[str, Any]] = []
        detect = redetect or lib.store.meta("detected_with") != signature
        if detect:
            changed = detect_again(lib.taxonomy, LibraryFolder(lib.folder), records)
        writes = {data["slug"]: data for data in changed}
        for light, full in zip(stored, records, strict=True):
            if detect and full["slug"] in lost:
                writes.setdefault(full["slug"], full)  # no longer naming details that are gone
            elif DETAILS_KEY not in light and split_details(full)[1] is not None:
                writes.setdefault(full["slug"], full)  # details inline (learnkit 0.1.0): move them out
        meta = {"detected_with": signature} if detect else None
        if writes:
            with recording(lib, "reindex", writes.values(), before={d["slug"]: d for d in records}):
                lib.store_records(list(writes.values()), meta)
        elif meta:
            lib.store.set_meta("detected_with", signature)
        lib.record_store.remove_orphans()
        missing_count = len(lost)
        if writes:
            records, missing_count = lib.record_store.load()
        pages = lib.rebuild_index(progress, records)
        return {
            "records": len(records),
            "pages": pages,
            "redetected": len(changed),
            "missing_details": missing_count,
        }


def detect_again(
    taxonomy: Taxonomy, folder: LibraryFolder, records: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Detect every record's themes again, in a worker per core; the records whose themes changed."""
    with_documents = [d for d in records if d.get("documents")]
    if not with_documents:
        return []
    workers = min(os.cpu_count() or 1, len(with_documents) // RECORDS_PER_WORKER + 1)
    if workers == 1:
        results = [detect_one(taxonomy, folder, d) for d in with_documents]
    else:
        from learnkit.reading.pool import Limits, run_all

        # Each worker is started with the themes as plain data (it builds its taxonomy from them once
        # per chunk) and the folder; each job is a chunk of records: nothing comes from the parent's
        # memory, so the workers may be forked or spawned (LEARNKIT_START_METHOD, else the platform's).
        themes = [t.to_dict() for t in taxonomy.themes]
        size = max(RECORDS_PER_WORKER, len(with_documents) // (workers * 4) + 1)
        chunks = [with_documents[i : i + size] for i in range(0, len(with_documents), size)]
        task = partial(detect_numbered, themes)
        done: dict[int, list[dict[str, Any] | None]] = {}
        for (number, chunk), found in run_all(task, folder, list(enumerate(chunks)), workers, Limits(600.0)):
            # A worker that failed (killed, out of time, out of memory): its chunk is detected here.
            done[number] = found if isinstance(found, list) else detect_chunk(themes, folder, chunk)
        results = [r for number in sorted(done) for r in done[number]]
    return [r for r in results if r is not None]


def detect_numbered(
    themes: list[dict[str, Any]], folder: LibraryFolder, job: tuple[int, list[dict[str, Any]]]
) -> list[dict[str, Any] | None]:
    """:func:`detect_chunk` for a numbered chunk (a job of learnkit.reading.pool.run_all)."""
    return detect_chunk(themes, folder, job[1])


def detect_chunk(
    themes: list[dict[str, Any]], folder: LibraryFolder, records: list[dict[str, Any]]
) -> list[dict[str, Any] | None]:
    """:func:`detect_one` for each record, with a taxonomy made from ``themes`` (``Theme.to_dict`` shapes)."""
    from learnkit.knowledge.themes import Taxonomy

    taxonomy = Taxonomy([Theme.from_dict(t) for t in themes])
    return [detect_one(taxonomy, folder, data) for data in records]


def detect_one(taxonomy: Taxonomy, folder: LibraryFolder, data: dict[str, Any]) -> dict[str, Any] | None:
    """A record with its themes detected again from its documents' text, or None when they are the same."""
    from learnkit.knowledge.detect import detect
    from learnkit.operations.themetags import redetected

    record = Record.from_dict(data)
    texts = [(d.name, folder.read_text(d.hash) or []) for d in record.documents]
    themes = redetected(record, detect(taxonomy, texts))
    if themes == record.themes:
        return None
    record.themes = themes
    return record.to_dict()
