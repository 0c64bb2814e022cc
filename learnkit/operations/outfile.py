"""The file a command writes its output to (``-o``): checked before any work, written atomically."""

from __future__ import annotations

from pathlib import Path

from learnkit.errors import ExistsError, InvalidError


def check_output(output: Path | None, force: bool) -> None:
    """Refuse, before any work, an output file that cannot or must not be written."""
    if output is None:
        return
    if output.is_dir():
        raise InvalidError(f"{output} is a folder; give a file name with -o")
    if output.exists() and not force:
        raise ExistsError(f"{output} already exists; add --force to overwrite it")
    if not output.parent.exists():
        raise InvalidError(f"folder {output.parent} does not exist; create it first")


def write_file(output: Path, text: str) -> None:
    """Text to the file atomically (a reader never sees half of it)."""
    from learnkit.storage.fs import atomic_write

    atomic_write(output, text.encode("utf-8"))
