"""The action tracker's file: responses, actions and their change history, in ``actions.json``.

It sits beside the records' store in the library folder and is written the
same crash-safe way (:func:`learnkit.storage.store.atomic_write`: a temporary
file, fsync, the previous version kept as ``actions.json.bak``, a rename), by
callers that hold the library lock for their whole read-modify-write. A file of
its own rather than a table in ``learnkit.json``: an action's update rewrites
only the tracker, not every record, and leaves the search index (which follows
the records' store) fresh.

A file that cannot be read is never overwritten: the error names it and how
to restore the backup.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from learnkit.errors import StoreError
from learnkit.storage.fs import atomic_write

ACTIONS_NAME = "actions.json"
ACTIONS_BACKUP = "actions.json.bak"
SCHEMA = 1
LISTS = ("responses", "actions", "history")


def _hint(path: Path) -> str:
    backup = path.with_name(ACTIONS_BACKUP)
    if backup.exists():
        return f"restore the backup with: cp '{backup}' '{path}'"
    return f"no backup exists: move '{path}' aside to start the tracker afresh"


def empty() -> dict[str, Any]:
    return {"schema": SCHEMA, "responses": [], "actions": [], "history": []}


class ActionStore:
    """The tracker of one library folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ACTIONS_NAME

    def read(self) -> dict[str, Any]:
        """The tracker's data ({schema, responses, actions, history}); empty when there is none yet."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return empty()
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror}; check its permissions") from None
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise StoreError(f"{self.path} is not valid JSON; {_hint(self.path)}") from None
        if not isinstance(data, dict) or not all(isinstance(data.get(k, []), list) for k in LISTS):
            raise StoreError(f"{self.path} is not a learnkit action tracker; {_hint(self.path)}")
        schema = data.get("schema")
        if isinstance(schema, int) and schema > SCHEMA:
            raise StoreError(
                f"{self.path} was written by a newer learnkit (tracker schema {schema}); upgrade learnkit"
            )
        for key in LISTS:
            if not all(isinstance(item, dict) for item in data.get(key, [])):
                raise StoreError(f"{self.path} holds a malformed entry in '{key}'; {_hint(self.path)}")
            data.setdefault(key, [])
        for n, action in enumerate(data["actions"], start=1):
            if not (
                isinstance(action.get("record"), str)
                and isinstance(action.get("recommendation"), int)
                and isinstance(action.get("number"), int)
                and isinstance(action.get("text"), str)
            ):
                raise StoreError(
                    f"{self.path}: action {n} lacks its record, recommendation, number or text;"
                    f" {_hint(self.path)}"
                )
        for n, response in enumerate(data["responses"], start=1):
            if not (
                isinstance(response.get("record"), str) and isinstance(response.get("recommendation"), int)
            ):
                raise StoreError(
                    f"{self.path}: response {n} lacks its record or recommendation; {_hint(self.path)}"
                )
        return data

    def write(self, data: dict[str, Any]) -> None:
        """Replace the tracker atomically, the previous version kept as the backup. Caller holds the lock."""
        data = {**data, "schema": SCHEMA}
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, payload, backup=self.path.with_name(ACTIONS_BACKUP))
