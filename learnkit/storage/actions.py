"""The action tracker's files: ``tracker/actions-NN.json``, each holding the plans of some records.

Layout. A record's plan (the responses to its recommendations and the actions
under them) lives in one of 64 files in the ``tracker/`` folder of the
library, chosen by a CRC-32 of its slug (stable on every platform and Python):
``{schema, records: {slug: {responses, actions}}}``. A command reads and
writes only what it needs: an update, an added action or a response reads
and rewrites the one file that holds its record (a sixty-fourth of a large
tracker: tens of kilobytes at 20,000 actions, not megabytes); ``show`` and
``actions --record`` read one file; the listing, the report and the exports
read the folder, which costs no more than one file of the whole tracker
would, where a file per record would cost a file opened per record (slow on
Windows, whose users this is mostly for). Records are listed in the order of
their slugs. The changes themselves are in the library's history
(``history.jsonl``, see learnkit.storage.history), written by the operations
around each write.

Each file is written the crash-safe way the store is
(:func:`learnkit.storage.fs.atomic_write`: a temporary file, fsync, the
previous version kept as ``actions-NN.json.bak``, a rename), by callers that
hold the library lock for their whole read-modify-write. Every entry names
its record, and the reader checks that it is in the file its slug leads to. A
file that cannot be read is never overwritten: the error names it and how to
restore its backup.

Migration. Before this layout the tracker was one file, ``actions.json``,
holding every record's entries and the tracker's own history. The first
command that touches the tracker of such a library converts it, under the
lock: it writes the new files into ``.tracker.new/``, appends the old history
to the library's history (one batch, marked so that it is appended once),
renames the folder to ``tracker/`` and renames the old file to
``actions.json.migrated`` (kept, never read again). A crash at any step
leaves a state the next command finishes from; nothing is lost. A library
that cannot be written reads its old file as it is.
"""

from __future__ import annotations

import json
import os
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from learnkit.errors import ReadOnlyError, StoreError
from learnkit.storage.fs import atomic_write, fsync_dir, library_lock, replace

TRACKER_DIR = "tracker"
SCHEMA = 2
LISTS = ("responses", "actions")
SHARDS = 64
PREFIX = "actions-"
SUFFIX = ".json"
BACKUP_SUFFIX = ".json.bak"
# The single file of the earlier layout, and the name it is kept under once converted.
LEGACY_NAME = "actions.json"
MIGRATED_NAME = "actions.json.migrated"
NEW_DIR = ".tracker.new"
MIGRATION_COMMAND = "actions (tracker converted)"


def _digest(raw: bytes) -> str:
    """A short SHA-256 of the old file's bytes: what marks its history as appended once."""
    import hashlib  # here: loading OpenSSL costs a small tracker command a tenth; only a migration needs it

    return hashlib.sha256(raw).hexdigest()[:16]


def file_name(slug: str) -> str:
    """The name of the file that holds a record's plan."""
    return f"{PREFIX}{zlib.crc32(slug.encode('utf-8')) % SHARDS:02d}{SUFFIX}"


def is_tracker_file(name: str) -> bool:
    middle = name[len(PREFIX) : -len(SUFFIX)]
    return name.startswith(PREFIX) and name.endswith(SUFFIX) and middle.isdigit() and len(middle) == 2


def _backup(path: Path) -> Path:
    return path.with_name(path.name[: -len(SUFFIX)] + BACKUP_SUFFIX)


def _hint(path: Path) -> str:
    backup = _backup(path)
    if backup.exists():
        return f"restore the backup with: cp '{backup}' '{path}'"
    return f"no backup exists: move '{path}' aside to start its records' tracker afresh"


def empty() -> dict[str, Any]:
    return {"responses": [], "actions": []}


def check_file(data: Any, path: Path) -> dict[str, dict[str, Any]]:
    """A tracker file's records (``{slug: {responses, actions}}``) as read from ``path``, checked;
    StoreError naming the file if it is malformed or holds a record that belongs in another file."""
    if type(data) is not dict or type(data.get("records")) is not dict:
        raise StoreError(f"{path} is not a learnkit action tracker file; {_hint(path)}")
    schema = data.get("schema")
    if type(schema) is int and schema > SCHEMA:
        raise StoreError(
            f"{path} was written by a newer learnkit (tracker schema {schema}); upgrade learnkit"
        )
    records: dict[str, dict[str, Any]] = {}
    for slug, plan in data["records"].items():
        if file_name(slug) != path.name:
            raise StoreError(f"{path} holds record '{slug}', whose entries belong in {file_name(slug)}")
        records[slug] = check(plan, path, slug)
    return records


def check(data: Any, path: Path, slug: str | None = None) -> dict[str, Any]:
    """A record plan's data (``{responses, actions}``) as read from ``path``, checked; StoreError
    (naming the file) if malformed.

    Each entry is checked for the fields every reader relies on, with plain
    type tests: the listing of a large tracker checks tens of thousands.
    """
    if type(data) is not dict:
        raise StoreError(f"{path} is not a learnkit action tracker file; {_hint(path)}")
    responses, actions = data.get("responses", []), data.get("actions", [])
    if type(responses) is not list or type(actions) is not list:
        raise StoreError(f"{path} is not a learnkit action tracker file; {_hint(path)}")
    for n, action in enumerate(actions, start=1):
        if not (
            type(action) is dict
            and type(action.get("record")) is str
            and (slug is None or action["record"] == slug)
            and type(action.get("recommendation")) is int
            and type(action.get("number")) is int
            and type(action.get("text")) is str
        ):
            raise StoreError(
                f"{path}: action {n} lacks its record, recommendation, number or text; {_hint(path)}"
            )
    for n, response in enumerate(responses, start=1):
        if not (
            type(response) is dict
            and type(response.get("record")) is str
            and (slug is None or response["record"] == slug)
            and type(response.get("recommendation")) is int
        ):
            raise StoreError(f"{path}: response {n} lacks its record or recommendation; {_hint(path)}")
    return {"responses": responses, "actions": actions}


def _parse(raw: bytes, path: Path) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise StoreError(f"{path} is not valid JSON; {_hint(path)}") from None


def read_file(path: Path) -> dict[str, dict[str, Any]]:
    """A tracker file's records, ``{slug: {responses, actions}}``; StoreError if it cannot be read or
    is not one (FileNotFoundError passes: a file not yet written holds no record)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}; check its permissions") from None
    return check_file(_parse(raw, path), path)


def _payload(records: dict[str, dict[str, Any]]) -> bytes:
    whole = {"schema": SCHEMA, "records": records}
    return json.dumps(whole, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class ActionStore:
    """The tracker of one library folder (see the module's docstring for its files)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.dir = folder / TRACKER_DIR
        self.legacy = folder / LEGACY_NAME
        # The old single file read in memory, when the library cannot be written to convert it.
        self._unconverted: dict[str, dict[str, Any]] | None = None

    def path(self, slug: str) -> Path:
        """The file that holds the record's plan."""
        return self.dir / file_name(slug)

    def relative(self, slug: str) -> str:
        """The record's file as the history names it, relative to the library folder."""
        return f"{TRACKER_DIR}/{file_name(slug)}"

    # -- reading ------------------------------------------------------------

    def _records_in(self, path: Path) -> dict[str, dict[str, Any]]:
        try:
            return read_file(path)
        except FileNotFoundError:
            return {}

    def read(self, slug: str) -> dict[str, Any]:
        """One record's ``{responses, actions}``; empty lists when it has none."""
        if self._readable_only():
            return (self._unconverted or {}).get(slug, empty())
        return self._records_in(self.path(slug)).get(slug) or empty()

    def files(self) -> list[Path]:
        """The tracker's files, in the order of their names."""
        if self._readable_only():
            return []
        try:
            with os.scandir(self.dir) as found:
                names = sorted(e.name for e in found if is_tracker_file(e.name))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"cannot read the tracker folder {self.dir}: {exc.strerror}") from None
        return [self.dir / name for name in names]

    def read_each(self) -> Iterator[dict[str, dict[str, Any]]]:
        """Each file's records (``{slug: {responses, actions}}``), a file at a time in the order of
        their names: a reader that keeps a few actions of each lets the rest go before the next file
        is parsed (so a narrow listing of a large tracker never holds all of it at once)."""
        if self._readable_only():
            yield dict(self._unconverted or {})
            return
        for path in self.files():
            yield self._records_in(path)

    def read_all(self) -> dict[str, dict[str, Any]]:
        """Every record's ``{responses, actions}`` by slug, in the order of the slugs."""
        out: dict[str, dict[str, Any]] = {}
        for records in self.read_each():
            out.update(records)
        return dict(sorted(out.items()))

    # -- writing (the caller holds the library lock) -----------------------------

    def write(self, slug: str, data: dict[str, Any]) -> None:
        """Replace a record's plan: its file rewritten atomically, the previous version kept as the
        backup. A record left with no responses and no actions is dropped from it."""
        self.migrate()
        path = self.path(slug)
        records = self._records_in(path)
        if data["responses"] or data["actions"]:
            records[slug] = {"responses": data["responses"], "actions": data["actions"]}
        elif records.pop(slug, None) is None:
            return  # nothing held, nothing to hold
        try:
            self.dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {self.dir}: {exc.strerror}") from None
        atomic_write(path, _payload(records), backup=_backup(path))

    def copy_to(self, old: str, new: str) -> int:
        """Write ``old``'s plan as ``new``'s, every entry naming ``new`` (a record renamed); how many
        entries. ``old``'s entries stay until :meth:`delete`: the caller deletes them once the rename
        is stored."""
        data = self.read(old)
        moved = {key: [{**item, "record": new} for item in data[key]] for key in LISTS}
        if moved["responses"] or moved["actions"]:
            self.write(new, moved)
        return len(moved["responses"]) + len(moved["actions"])

    def delete(self, slug: str) -> None:
        """Drop a record's plan (a record removed, or renamed once its copy is made)."""
        self.write(slug, empty())

    # -- the earlier layout -------------------------------------------------------

    def _readable_only(self) -> bool:
        """Convert the old file if there is one; True when it must be read as it is (a read-only library)."""
        if self._unconverted is not None:
            return True
        try:
            self.migrate()
        except ReadOnlyError:
            self._unconverted = _by_record(self._legacy_data(self._legacy_bytes()))
            return True
        return False

    def migrate(self) -> bool:
        """Convert a library's single ``actions.json`` to this layout (see the module's docstring).

        Whether it did. Cheap when there is nothing to convert: one ``stat``.
        """
        if not self.legacy.exists():
            return False
        with library_lock(self.folder):
            if not self.legacy.exists():
                return False  # another process converted it while this one waited
            raw = self._legacy_bytes()
            if not self.dir.exists():
                old = self._legacy_data(raw)
                staging = self.folder / NEW_DIR
                if staging.exists():
                    shutil.rmtree(staging)  # a conversion a crash cut short: made again whole
                staging.mkdir(mode=0o700)
                shards: dict[str, dict[str, dict[str, Any]]] = {}
                for slug, data in _by_record(old).items():
                    shards.setdefault(file_name(slug), {})[slug] = data
                for name, records in shards.items():
                    atomic_write(staging / name, _payload(records), sync_folder=False)
                fsync_dir(staging)
                _move_history(self.folder, old["history"], "migration-" + _digest(raw))
                replace(staging, self.dir)
                fsync_dir(self.folder)
            replace(self.legacy, self.folder / MIGRATED_NAME)
            fsync_dir(self.folder)
        return True

    def _legacy_bytes(self) -> bytes:
        try:
            return self.legacy.read_bytes()
        except OSError as exc:
            raise StoreError(f"cannot read {self.legacy}: {exc.strerror}; check its permissions") from None

    def _legacy_data(self, raw: bytes) -> dict[str, Any]:
        path = self.legacy
        hint = (
            f"restore the backup with: cp '{path}.bak' '{path}'"
            if path.with_name(path.name + ".bak").exists()
            else (f"no backup exists: move '{path}' aside to start the tracker afresh")
        )
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise StoreError(f"{path} is not valid JSON; {hint}") from None
        if not isinstance(data, dict) or not isinstance(data.get("history", []), list):
            raise StoreError(f"{path} is not a learnkit action tracker; {hint}")
        try:
            checked = check(data, path)
        except StoreError as exc:
            raise StoreError(exc.message.split("; ")[0] + f"; {hint}") from None
        history = [h for h in data.get("history", []) if isinstance(h, dict)]
        return {**checked, "history": history}


def _by_record(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key in LISTS:
        for item in data[key]:
            out.setdefault(str(item["record"]), empty())[key].append(item)
    return out


def _move_history(folder: Path, entries: list[dict[str, Any]], batch: str) -> None:
    """The old tracker's own history, appended to the library's once (one batch: a rerun finds it)."""
    from learnkit.storage import history

    if not entries or any(line.get("batch") == batch for line in history.read(folder)):
        return  # appended before a crash cut the conversion short
    lines: list[dict[str, Any]] = []
    for item in entries:
        target = str(item.get("target", ""))
        change = {"field": item.get("field"), "old": item.get("old"), "new": item.get("new")}
        line = lines[-1] if lines else None
        if (
            line
            and line["target"] == target
            and line["when"] == item.get("time")
            and line["user"] == item.get("author")
        ):
            line["changes"].append(change)
            continue
        lines.append(
            {
                "when": str(item.get("time", "")),
                "user": str(item.get("author", "")),
                "command": MIGRATION_COMMAND,
                "slug": target.split("/")[0],
                "action": "changed",
                "target": target,
                "changes": [change],
                "batch": batch,
            }
        )
    with history.appended(folder, lines):
        pass
