"""General file tools: crash-safe writes and the library lock.

* :func:`atomic_write` writes a temporary file, fsyncs it, optionally keeps the
  file it replaces as a backup (by a hard link, so the file is never absent),
  and renames the new file over the old one. A crash or a kill at any moment
  leaves the old file or the new one, never half of one.
* On Windows a rename over a file that another program (a reader, a virus
  scanner, a backup tool) holds open fails with PermissionError for as long as
  it holds it: the rename is retried for a moment, then the write is a clear
  StoreError and the old file is untouched.
* :func:`library_lock` is an exclusive lock on ``.lock`` in the library (the
  ``filelock`` library: ``flock`` on Unix, ``msvcrt.locking`` on Windows);
  every command that writes holds it for its whole read-modify-write, so two
  processes never lose each other's changes. While it is held, files and
  folders are created private to the user (umask 077: the library holds
  restricted reviews whole); a library that cannot be written is a
  ReadOnlyError, which reading commands step round.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from learnkit.errors import LockedError, ReadOnlyError, StoreError
from learnkit.paths import LOCK_NAME

# How long a rename blocked by another program's open handle is retried: long enough for a
# reader to finish reading a store, short enough that a command that cannot write says so.
REPLACE_TRIES = 10
REPLACE_PAUSE = 0.05  # seconds before the first retry; doubled each time, capped at REPLACE_PAUSE_MAX
REPLACE_PAUSE_MAX = 0.4


def replace(source: Path, target: Path, sleep: Callable[[float], None] = time.sleep) -> None:
    """``os.replace(source, target)``, retried while the target is held open elsewhere (Windows).

    Raises StoreError once the retries are spent, leaving ``source`` and
    ``target`` as they were. Any other OSError goes to the caller.
    """
    pause = REPLACE_PAUSE
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == REPLACE_TRIES - 1:
                break
            sleep(pause)
            pause = min(pause * 2, REPLACE_PAUSE_MAX)
    raise StoreError(
        f"cannot replace {target}: another program has it open (a viewer, a virus scanner or a backup"
        " tool); close it and run the command again"
    )


def atomic_write(path: Path, payload: bytes, backup: Path | None = None, sync_folder: bool = True) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves the old or the new file.

    With ``backup``, the file being replaced is kept under that name. The
    backup is made by a hard link and a rename, so ``path`` itself exists at
    every instant. With ``sync_folder=False`` the rename is not yet durable:
    the caller writing many files into one folder calls :func:`fsync_dir` once
    after the last.
    """
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror}; check the folder and its rights") from None
    tmp = Path(tmp_name)
    link: Path | None = None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if backup is not None and path.exists():
            link = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
            link.unlink(missing_ok=True)
            try:
                os.link(path, link)
            except OSError:
                # A file system without hard links: copy instead. Slower, same guarantee.
                link.write_bytes(path.read_bytes())
            replace(link, backup)
            link = None
        replace(tmp, path)
    except OSError as exc:
        _discard(tmp, link)
        raise StoreError(f"cannot write {path}: {exc.strerror}; check free space and permissions") from None
    except BaseException:
        _discard(tmp, link)
        raise
    if sync_folder:
        fsync_dir(folder)


def _discard(*paths: Path | None) -> None:
    for path in paths:
        if path is not None:
            # A temporary file that stays is tidied by reindex; the real file is untouched.
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def fsync_dir(folder: Path) -> None:
    """Make the renames into ``folder`` durable (where the platform allows: not on Windows)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


# Locks this process holds, by folder, with their depth: the lock is re-entrant within a
# process (an operation that holds it may call one that takes it), whichever lock object
# the inner call makes.
_held: dict[Path, int] = {}


@contextmanager
def library_lock(folder: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on the library folder.

    Waits up to ``timeout`` seconds for another learnkit process to finish,
    then gives up with a LockedError rather than hanging.
    """
    from filelock import FileLock, Timeout

    key = folder.resolve()
    if _held.get(key):
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        if exc.errno in _READ_ONLY:
            raise read_only(folder, exc) from None
        raise StoreError(f"cannot create library folder {folder}: {exc.strerror}") from None
    path = folder / LOCK_NAME
    if path.is_dir():
        raise StoreError(f"the library's lock file {path} is a folder; remove it (it holds nothing)")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise read_only(folder, None)
    lock = FileLock(path, timeout=max(timeout, 0.0), mode=0o600)
    try:
        lock.acquire(poll_interval=0.05)
    except Timeout:
        raise LockedError(
            f"library {folder} is busy: another learnkit command is writing to it; "
            "try again when it has finished"
        ) from None
    except OSError as exc:
        if exc.errno in _READ_ONLY:
            raise read_only(folder, exc) from None
        raise StoreError(f"cannot lock library {folder}: {exc.strerror or exc}") from None
    _held[key] = 1
    mask = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(mask)
        del _held[key]
        lock.release()


# What an OSError says when a folder cannot be written at all (rather than it being full or busy).
_READ_ONLY = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def read_only(folder: Path, exc: OSError | None) -> ReadOnlyError:
    """The error a writing command gives on a library it cannot write."""
    why = f" ({exc.strerror})" if exc is not None and exc.strerror else ""
    return ReadOnlyError(
        f"library {folder} is read-only{why}: reading commands work, but this one writes; "
        "use a copy you can write, or ask for write access"
    )
