"""The action tracker's files: one per record, ``tracker/<slug>.json``, with its responses and actions.

Layout. A record's plan (the responses to its recommendations and the actions
under them) is one small JSON file, ``{schema, record, responses, actions}``,
in the ``tracker/`` folder of the library. A command reads and writes only
what it needs: an update, an added action or a response reads and rewrites
one record's file (a kilobyte or two, not the whole tracker); ``show`` and
``actions --record`` read one; the listing, the report and the exports read
the folder. Records are listed in the order of their slugs. The changes
themselves are in the library's history (``history.jsonl``, see
learnkit.storage.history), written by the operations around each write.

Each file is written the crash-safe way the store is
(:func:`learnkit.storage.fs.atomic_write`: a temporary file, fsync, the
previous version kept as ``<slug>.json.bak``, a rename), by callers that hold
the library lock for their whole read-modify-write. A record's file names its
record inside too, so a file is never taken for another record's. A file that
cannot be read is never overwritten: the error names it and how to restore
its backup.

Migration. Before this layout the tracker was one file, ``actions.json``,
holding every record's entries and the tracker's own history. The first
command that touches the tracker of such a library converts it, under the
lock: it writes every record's file into ``.tracker.new/``, appends the old
history to the library's history (one batch, marked so that it is appended
once), renames the folder to ``tracker/`` and renames the old file to
``actions.json.migrated`` (kept, never read again). A crash at any step
leaves a state the next command finishes from; nothing is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from learnkit.errors import ReadOnlyError, StoreError
from learnkit.storage.fs import atomic_write, fsync_dir, library_lock, replace

TRACKER_DIR = "tracker"
SCHEMA = 2
LISTS = ("responses", "actions")
SUFFIX = ".json"
BACKUP_SUFFIX = ".json.bak"
# The single file of the earlier layout, and the name it is kept under once converted.
LEGACY_NAME = "actions.json"
MIGRATED_NAME = "actions.json.migrated"
NEW_DIR = ".tracker.new"
MIGRATION_COMMAND = "actions (tracker converted)"
# Names Windows keeps for devices, whatever follows them: a record's file must not be one.
_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
)


def file_name(slug: str) -> str:
    """The file of a record's plan. A slug that is a Windows device name gets a trailing hyphen,
    which no slug has, so names stay one to one."""
    return f"{slug}-{SUFFIX}" if slug in _DEVICES else f"{slug}{SUFFIX}"


def _hint(path: Path) -> str:
    backup = path.with_name(path.name[: -len(SUFFIX)] + BACKUP_SUFFIX)
    if backup.exists():
        return f"restore the backup with: cp '{backup}' '{path}'"
    return f"no backup exists: move '{path}' aside to start that record's tracker afresh"


def empty() -> dict[str, Any]:
    return {"responses": [], "actions": []}


def check(data: Any, path: Path, slug: str | None = None) -> dict[str, Any]:
    """A record plan's data as read from ``path``, checked; StoreError (naming the file) if malformed."""
    if not isinstance(data, dict) or not all(isinstance(data.get(k, []), list) for k in LISTS):
        raise StoreError(f"{path} is not a learnkit action tracker file; {_hint(path)}")
    schema = data.get("schema")
    if isinstance(schema, int) and schema > SCHEMA:
        raise StoreError(
            f"{path} was written by a newer learnkit (tracker schema {schema}); upgrade learnkit"
        )
    if slug is not None and data.get("record") != slug:
        raise StoreError(f"{path} holds the tracker of another record; {_hint(path)}")
    for key in LISTS:
        if not all(isinstance(item, dict) for item in data.get(key, [])):
            raise StoreError(f"{path} holds a malformed entry in '{key}'; {_hint(path)}")
    actions = data.get("actions", [])
    for n, action in enumerate(actions, start=1):
        if not (
            isinstance(action.get("record"), str)
            and isinstance(action.get("recommendation"), int)
            and isinstance(action.get("number"), int)
            and isinstance(action.get("text"), str)
        ):
            raise StoreError(
                f"{path}: action {n} lacks its record, recommendation, number or text; {_hint(path)}"
            )
    responses = data.get("responses", [])
    for n, response in enumerate(responses, start=1):
        if not (isinstance(response.get("record"), str) and isinstance(response.get("recommendation"), int)):
            raise StoreError(f"{path}: response {n} lacks its record or recommendation; {_hint(path)}")
    return {"responses": responses, "actions": actions}


def _parse(raw: bytes, path: Path) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise StoreError(f"{path} is not valid JSON; {_hint(path)}") from None


def read_file(path: Path) -> tuple[str, dict[str, Any]]:
    """The record a tracker file belongs to and its ``{responses, actions}``; StoreError if it cannot
    be read or is not one (FileNotFoundError passes)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}; check its permissions") from None
    data = _parse(raw, path)
    slug = data.get("record") if isinstance(data, dict) else None
    if not isinstance(slug, str) or file_name(slug) != path.name:
        raise StoreError(f"{path} does not name the record it belongs to; {_hint(path)}")
    return slug, check(data, path)


def _payload(slug: str, data: dict[str, Any]) -> bytes:
    whole = {"schema": SCHEMA, "record": slug, "responses": data["responses"], "actions": data["actions"]}
    return json.dumps(whole, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class ActionStore:
    """The tracker of one library folder: a file per record that has responses or actions."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.dir = folder / TRACKER_DIR
        self.legacy = folder / LEGACY_NAME
        # The old single file read in memory, when the library cannot be written to convert it.
        self._unconverted: dict[str, dict[str, Any]] | None = None

    def path(self, slug: str) -> Path:
        return self.dir / file_name(slug)

    def relative(self, slug: str) -> str:
        """The record's file as the history names it, relative to the library folder."""
        return f"{TRACKER_DIR}/{file_name(slug)}"

    # -- reading ------------------------------------------------------------

    def read(self, slug: str) -> dict[str, Any]:
        """One record's ``{responses, actions}``; empty lists when it has none."""
        if self._readable_only():
            return (self._unconverted or {}).get(slug, empty())
        path = self.path(slug)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return empty()
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror}; check its permissions") from None
        return check(_parse(raw, path), path, slug)

    def files(self) -> list[Path]:
        """Every record's file, in the order of their names (the slugs)."""
        if self._readable_only():
            return []
        try:
            with os.scandir(self.dir) as found:
                names = sorted(
                    e.name for e in found if e.name.endswith(SUFFIX) and not e.name.startswith(".")
                )
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"cannot read the tracker folder {self.dir}: {exc.strerror}") from None
        return [self.dir / name for name in names]

    def read_all(self) -> dict[str, dict[str, Any]]:
        """Every record's ``{responses, actions}`` by slug, in the order of the slugs."""
        if self._readable_only():
            return dict(sorted((self._unconverted or {}).items()))
        out: dict[str, dict[str, Any]] = {}
        for path in self.files():
            try:
                slug, data = read_file(path)
            except FileNotFoundError:
                continue  # removed since the folder was listed
            out[slug] = data
        return out

    # -- writing (the caller holds the library lock) -----------------------------

    def write(self, slug: str, data: dict[str, Any]) -> None:
        """Replace a record's file atomically (its previous version kept as the backup).

        A record left with no responses and no actions loses its file (and backup).
        """
        self.migrate()
        path = self.path(slug)
        if not data["responses"] and not data["actions"]:
            self.delete(slug)
            return
        try:
            self.dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {self.dir}: {exc.strerror}") from None
        atomic_write(
            path, _payload(slug, data), backup=path.with_name(path.name[: -len(SUFFIX)] + BACKUP_SUFFIX)
        )

    def copy_to(self, old: str, new: str) -> int:
        """Write ``old``'s plan as ``new``'s, every entry naming ``new`` (a record renamed); how many
        entries. ``old``'s file stays until :meth:`delete`: the caller deletes it once the rename is
        stored."""
        data = self.read(old)
        moved = {key: [{**item, "record": new} for item in data[key]] for key in LISTS}
        if moved["responses"] or moved["actions"]:
            self.write(new, moved)
        return len(moved["responses"]) + len(moved["actions"])

    def delete(self, slug: str) -> None:
        """Delete a record's file and its backup (a removed record's plan)."""
        path = self.path(slug)
        for target in (path, path.with_name(path.name[: -len(SUFFIX)] + BACKUP_SUFFIX)):
            try:
                target.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise StoreError(f"cannot delete {target}: {exc.strerror}") from None
        fsync_dir(self.dir)

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
                for slug, data in _by_record(old).items():
                    atomic_write(staging / file_name(slug), _payload(slug, data), sync_folder=False)
                fsync_dir(staging)
                _move_history(
                    self.folder, old["history"], "migration-" + hashlib.sha256(raw).hexdigest()[:16]
                )
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
