"""The library folder's files: where each part lives, documents' page text, and what the folder holds.

A library is one folder: the store (``learnkit.json`` and its backup), the
search index, the PDFs a user added (``files/``), their extracted page text
(``text/``, one JSON file per document hash), the records' details
(``details/``) and the action tracker (``tracker/``, one JSON file per record
with responses or actions, see learnkit.storage.actions). This module knows
those places; it neither parses the store nor searches.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from learnkit.models import Record, is_hash
from learnkit.paths import BACKUP_NAME, DETAILS_DIR, FILES_DIR, INDEX_NAME, STORE_NAME, TEXT_DIR


class LibraryFolder:
    """The places in one library folder, and reading its documents' page text."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.store_path = folder / STORE_NAME
        self.backup_path = folder / BACKUP_NAME
        self.index_path = folder / INDEX_NAME
        self.files_dir = folder / FILES_DIR
        self.text_dir = folder / TEXT_DIR
        self.details_dir = folder / DETAILS_DIR

    def read_text(self, doc_hash: str) -> list[str] | None:
        """A document's extracted page text, or None when it has none (or ``doc_hash`` is no hash)."""
        if not is_hash(doc_hash):
            return None  # a hash becomes a file name: never read a path one names
        path = self.text_dir / f"{doc_hash}.json"
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None  # derived data: a missing or damaged text file is treated as no text
        pages = data.get("pages") if isinstance(data, dict) else None
        return [str(p) for p in pages] if isinstance(pages, list) else None

    def record_text(self, record: Record) -> list[tuple[str, int, str]]:
        """(document name, page number, text) for every page of a record's documents that has text."""
        pages: list[tuple[str, int, str]] = []
        for doc in record.documents:
            for number, text in enumerate(self.read_text(doc.hash) or [], start=1):
                if text.strip():
                    pages.append((doc.name, number, text))
        return pages

    def info(self, sizes: bool = False) -> dict[str, Any]:
        """Where the library is and what is in it (does not create it).

        A folder's files are counted; they are added up in bytes only with
        ``sizes``, which costs a stat of every file (tens of milliseconds in a
        library of thousands of documents).
        """
        from learnkit.storage.actions import LEGACY_NAME, SUFFIX, TRACKER_DIR

        files: list[dict[str, Any]] = []
        names = [STORE_NAME, BACKUP_NAME, INDEX_NAME, FILES_DIR, TEXT_DIR, DETAILS_DIR, TRACKER_DIR]
        if (self.folder / LEGACY_NAME).exists():
            names.append(LEGACY_NAME)  # the tracker's old single file, not yet converted (read-only)
        for name in names:
            path = self.folder / name
            entry: dict[str, Any] = {"name": name, "path": str(path), "exists": path.exists()}
            if path.is_file():
                entry["bytes"] = path.stat().st_size
            elif path.is_dir():
                # scandir tells files from folders without a stat call each (thousands in a big library).
                with os.scandir(path) as found:
                    kept = [e for e in found if not e.name.startswith(".") and e.is_file()]
                if name == TRACKER_DIR:  # the records' files, not their backups
                    kept = [e for e in kept if e.name.endswith(SUFFIX)]
                entry["files"] = len(kept)
                if sizes:
                    entry["bytes"] = sum(e.stat().st_size for e in kept)
            files.append(entry)
        return {"library": str(self.folder), "exists": self.store_path.exists(), "files": files}
