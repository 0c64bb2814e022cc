"""Hashing the files a user hands learnkit, with a cache that makes a second look cheap.

A PDF is known by the SHA-256 of its bytes. Hashing a large folder again on
every ingest would cost as much as reading it, so the hash of each file is
remembered with its path, size and modification time (in ``hashes.json`` in
the library: derived data like the index, so deleting it only costs a
rehash). A file whose path, size and modification time are unchanged is taken
to have the same bytes, as rsync and make assume.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from types import TracebackType
from typing import Any

from learnkit.errors import PdfError
from learnkit.models import is_hash

CACHE_NAME = "hashes.json"
_CHUNK = 1 << 20


def _unreadable(exc: OSError) -> PdfError:
    return PdfError(f"cannot read the file: {exc.strerror or type(exc).__name__}", "unreadable")


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes as hex, read in chunks."""
    import hashlib  # here: an ingest whose files are all in the hash cache never loads OpenSSL

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise _unreadable(exc) from None
    return digest.hexdigest()


class HashCache:
    """Hashes of files by path, size and modification time; saved when the with block ends."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_NAME
        self.entries: dict[str, Any] = {}
        self.changed = False

    def __enter__(self) -> HashCache:
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            data = {}  # a cache: missing or damaged means hashing again
        self.entries = data if isinstance(data, dict) else {}
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self.changed:
            return
        from learnkit.errors import StoreError
        from learnkit.storage.fs import atomic_write

        # A cache that cannot be saved only makes the next run slower.
        with contextlib.suppress(StoreError):
            atomic_write(self.path, json.dumps(self.entries, separators=(",", ":")).encode())

    def sha256(self, file: Path) -> str:
        try:
            st = file.stat()
            key = str(file.resolve())
        except OSError as exc:
            raise _unreadable(exc) from None
        entry = self.entries.get(key)
        # The hash becomes a file name in the library: a hand-edited cache cannot make it a path.
        if (
            isinstance(entry, list)
            and len(entry) == 3
            and entry[:2] == [st.st_size, st.st_mtime_ns]
            and isinstance(entry[2], str)
            and is_hash(entry[2])
        ):
            return entry[2]
        digest = sha256_file(file)
        self.entries[key] = [st.st_size, st.st_mtime_ns, digest]
        self.changed = True
        return digest
