"""The library's history: an append-only log of every change to its records.

One JSON object a line in ``history.jsonl`` in the library folder, oldest
first: when, who (the login name), the command, the record, and which fields
changed. Metadata fields carry their old and new values; text fields (the
summary, the points, theme evidence) only say that they changed, so the log
never holds a document's words.

The writer holds the library lock (the caller takes it), appends whole lines
with one ``write`` to a file opened for appending, and fsyncs it before the
store is written. The file is made private to the user (0600 where the
platform has such modes). A line a crash cut short is skipped on reading.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from learnkit.errors import StoreError

HISTORY_NAME = "history.jsonl"

# Fields whose old and new values the log keeps (short, a person's metadata).
VALUE_FIELDS = (
    "slug",
    "title",
    "kind",
    "date",
    "area",
    "publisher",
    "status",
    "source",
    "related",
    "rejected_themes",
    "summary_extracted",
)
# Fields whose values hold text from documents or long prose: the log only says they changed.
TEXT_FIELDS = ("summary", "learning", "good_practice", "recommendations")


def login_name() -> str:
    """Who is running learnkit, as the system knows them; never fails."""
    import getpass

    try:
        name = getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises OSError, KeyError or ImportError by platform
        name = ""
    return name or "unknown"


def _themes(data: dict[str, Any] | None) -> list[str]:
    """A record's themes as ``id (origin)``: no evidence, which quotes the text."""
    if not data:
        return []
    out = []
    for tag in data.get("themes", []):
        if isinstance(tag, dict):
            out.append(f"{tag.get('id')} ({tag.get('origin', 'manual')})")
        else:
            out.append(f"{tag} (manual)")
    return out


def _documents(data: dict[str, Any] | None) -> list[str]:
    return [str(d.get("name", "")) for d in (data or {}).get("documents", []) if isinstance(d, dict)]


def changes(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The fields that differ between two versions of a record (``None``: it did not exist)."""
    found: list[dict[str, Any]] = []
    for name in VALUE_FIELDS:
        before = (old or {}).get(name)
        after = (new or {}).get(name)
        if before in ("", [], None, False) and after in ("", [], None, False):
            continue
        if before != after:
            found.append({"field": name, "old": before, "new": after})
    for name, before_list, after_list in (
        ("themes", _themes(old), _themes(new)),
        ("documents", _documents(old), _documents(new)),
    ):
        if before_list != after_list:
            found.append({"field": name, "old": before_list, "new": after_list})
    for name in TEXT_FIELDS:
        if (old or {}).get(name) != (new or {}).get(name) and (
            (old or {}).get(name) or (new or {}).get(name)
        ):
            found.append({"field": name, "changed": True})
    return found


def entry(
    command: str, slug: str, old: dict[str, Any] | None, new: dict[str, Any] | None, note: str = ""
) -> dict[str, Any] | None:
    """One line of the log for a record's change, or None when nothing changed."""
    found = changes(old, new)
    if not found and not note:
        return None
    action = "added" if old is None else "removed" if new is None else "changed"
    line: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "user": login_name(),
        "command": command,
        "slug": slug,
        "action": action,
        "changes": found,
    }
    if note:
        line["note"] = note
    return line


def history_path(folder: Path) -> Path:
    return folder / HISTORY_NAME


@contextmanager
def appended(folder: Path, lines: Sequence[dict[str, Any]]) -> Iterator[None]:
    """Append ``lines`` to the log, durably, for the change made inside the with block.

    The caller holds the library lock. The lines are on disk before the block
    runs (so no stored change goes unlogged); if the block fails, the log is
    cut back to where it was, so it never tells of a change that was not made.
    """
    if not lines:
        yield
        return
    path = history_path(folder)
    payload = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8")
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as exc:
        raise StoreError(f"cannot write the history {path}: {exc.strerror}; check its permissions") from None
    try:
        size = os.fstat(fd).st_size
        try:
            if size and not _ends_with_newline(fd, size):
                payload = b"\n" + payload  # a line a crash cut short stays a line of its own
            left = memoryview(payload)
            while left:  # a regular file takes it all at once; a full disk may take part
                left = left[os.write(fd, left) :]
            os.fsync(fd)
            if not size:
                from learnkit.storage.fs import fsync_dir

                fsync_dir(folder)  # a new file: its name in the folder is durable too
        except OSError as exc:
            _cut(fd, size)
            raise StoreError(f"cannot write the history {path}: {exc.strerror}; check free space") from None
        try:
            yield
        except BaseException:
            _cut(fd, size)
            raise
    finally:
        os.close(fd)
    _private(path)


def _ends_with_newline(fd: int, size: int) -> bool:
    return os.pread(fd, 1, size - 1) == b"\n" if hasattr(os, "pread") else True


def _cut(fd: int, size: int) -> None:
    """Take back what was appended (best effort: the change it tells of was not made)."""
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    except OSError:
        pass


def _private(path: Path) -> None:
    if os.name == "posix":
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
        except OSError:
            pass


def _parse(raw: bytes) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for line in raw.splitlines():
        try:
            item = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            continue  # a line a crash cut short
        if isinstance(item, dict):
            items.append(item)
    return items


def void_line(batch: str) -> dict[str, Any]:
    """The line that says a batch's change was never stored (its command was killed before the write)."""
    return {"void": batch, "when": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def read(folder: Path) -> list[dict[str, Any]]:
    """Every entry of the log, oldest first, without the batches found never stored."""
    try:
        raw = history_path(folder).read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StoreError(f"cannot read the history in {folder}: {exc.strerror}") from None
    items = _parse(raw)
    voided = {item["void"] for item in items if isinstance(item.get("void"), str)}
    return [item for item in items if isinstance(item.get("slug"), str) and item.get("batch") not in voided]


# How much of the log's end is read to find its last batch (a batch longer than this is not checked).
TAIL_BYTES = 1 << 18


def last_batch(folder: Path) -> list[dict[str, Any]]:
    """The lines of the log's last batch (the last write), or [] when it cannot be told whole."""
    path = history_path(folder)
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - TAIL_BYTES))
            raw = handle.read()
    except OSError:
        return []
    items = _parse(raw)
    if not items or not isinstance(items[-1].get("batch"), str):
        return []
    batch = items[-1]["batch"]
    lines: list[dict[str, Any]] = []
    for item in reversed(items):
        if item.get("batch") != batch:
            return list(reversed(lines))
        lines.append(item)
    return list(reversed(lines)) if size <= TAIL_BYTES else []  # its start may be before the tail
