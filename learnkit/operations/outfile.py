"""The file a command writes its output to (``-o``): checked before any work, written atomically.

Refused: a symbolic link (even a dangling one, and with ``--force``: the link would
be replaced by a file, or, followed, could clobber ``/dev/stdout`` or another
user's file), anything that is not a plain file (a folder, a FIFO, a device), and
any path inside the library folder (``-o learnkit.json --force`` would overwrite
the store itself).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from learnkit.errors import ExistsError, InvalidError


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def check_output(output: Path | None, force: bool, library: Path | None = None) -> None:
    """Refuse, before any work, an output file that cannot or must not be written."""
    if output is None:
        return
    if output.is_symlink():
        raise InvalidError(f"{output} is a symbolic link; give -o the path of a plain file")
    if library is not None and _inside(output, library):
        raise InvalidError(f"{output} is inside the library folder {library}; write the output outside it")
    try:
        mode = os.stat(output).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InvalidError(f"cannot write {output}: {exc.strerror}") from None
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise InvalidError(f"{output} is a folder; give a file name with -o")
        if not stat.S_ISREG(mode):
            raise InvalidError(f"{output} is not a plain file (a device or a pipe); give -o a file name")
        if not force:
            raise ExistsError(f"{output} already exists; add --force to overwrite it")
    if not output.parent.is_dir():
        raise InvalidError(f"folder {output.parent} does not exist; create it first")


def write_file(output: Path, payload: str | bytes) -> None:
    """Text (or bytes) to the file atomically (a reader never sees half of it)."""
    from learnkit.storage.fs import atomic_write

    if output.is_symlink():  # made since the check: still never replaced
        raise InvalidError(f"{output} is a symbolic link; give -o the path of a plain file")
    atomic_write(output, payload.encode("utf-8") if isinstance(payload, str) else payload)
