"""Record files: the TOML and JSON files a person writes records in, read as record dicts.

A TOML file holds one record and is named after its slug; a JSON file holds
one record or a list of them. The bundled records and ``learnkit import``
read them the same way; validation against the models and the taxonomy is
the library's (learnkit.operations.core.LibraryCore.validate).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from learnkit.errors import InvalidError, NotFoundError


def read_record_file(path: Path) -> list[dict[str, Any]]:
    """The record dicts in one record file (TOML: one record; JSON: one or a list)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        # Imported here: most commands read no record file and should not pay for the parsers.
        if path.suffix.lower() == ".json":
            import json

            data = json.loads(raw)
        else:
            import tomllib

            data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except RecursionError:
        # json and tomllib parse nested lists by recursion: a file nested thousands deep is no record.
        raise InvalidError(f"{path}: nested too deeply to be a record file") from None
    except ValueError as exc:
        # Both tomllib and json errors are ValueErrors; their messages name a position, not content.
        raise InvalidError(f"{path}: not valid {path.suffix.lstrip('.').upper() or 'TOML'} ({exc})") from None
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(item, dict) for item in items):
        raise InvalidError(f"{path}: expected a record (a table of fields) or a list of records")
    return items


def record_files(path: Path) -> list[Path]:
    """The record files at a path: the file itself, or the .toml/.json files in a folder."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".toml", ".json") and p.is_file())
        return [p for p in files if p.name != "themes.toml"]
    if path.is_file():
        return [path]
    raise NotFoundError(f"no such file or folder: {path}")
