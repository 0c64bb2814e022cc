"""Saved searches: a search's words and filters kept under a name in the library, to run again.

``learnkit search WORDS --save NAME`` keeps one; ``learnkit search --saved NAME``
runs it; ``learnkit search --saved`` lists them; ``learnkit new --search NAME``
limits a digest to the records it finds. They live in ``searches.json`` in the
library folder (one small JSON file, written atomically under the library lock),
so they travel with the library. A saved search holds what a person typed, never
a record's text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from learnkit.errors import InvalidError, NotFoundError, StoreError

if TYPE_CHECKING:
    from learnkit.operations.library import Library
    from learnkit.storage.index import Filters

SAVED_NAME = "searches.json"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
FILTER_KEYS = ("kind", "theme", "area", "status", "since", "until")


@dataclass(repr=False, eq=False)
class SavedSearch:
    """A search kept under a name: the words as typed, and the filters given with them."""

    name: str
    query: str
    filters: dict[str, Any]
    saved: str = ""  # ISO date and time it was saved

    def to_filters(self) -> Filters:
        from learnkit.storage.index import Filters

        return Filters(**{k: self.filters.get(k) for k in FILTER_KEYS})

    def describe(self) -> str:
        """What it searches for, as a person would type it: 'neglect --theme neglect --since 2015'."""
        parts = [self.query] if self.query else []
        parts += [f"--{k} {v}" for k, v in self.filters.items() if v is not None]
        return " ".join(parts) or "(everything)"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "query": self.query, "filters": dict(self.filters), "saved": self.saved}


@dataclass(repr=False, eq=False)
class SavedList:
    """The library's saved searches, by name (what ``search --saved`` alone shows)."""

    searches: list[SavedSearch]

    def lines(self) -> list[str]:
        if not self.searches:
            return ["No saved searches yet. Keep one with: learnkit search WORDS --save NAME"]
        width = max(len(s.name) for s in self.searches)
        return [f"{s.name.ljust(width)}  {s.describe()}" for s in self.searches]

    def to_json(self) -> Any:
        return {"count": len(self.searches), "searches": [s.to_dict() for s in self.searches]}


def check_name(name: str) -> str:
    """A saved search's name, checked: lowercase letters, digits, '-' and '_', up to 40."""
    if not NAME_RE.match(name):
        raise InvalidError(
            f"'{name}' is not a name for a saved search; use lowercase letters, digits, '-' or '_' "
            "(up to 40, e.g. neglect-recent)"
        )
    return name


def _read(lib: Library) -> dict[str, SavedSearch]:
    path = lib.folder / SAVED_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"cannot read the saved searches in {path} ({exc}); fix or delete the file"
        ) from None
    searches: dict[str, SavedSearch] = {}
    for name, item in (data.get("searches", {}) if isinstance(data, dict) else {}).items():
        if isinstance(item, dict) and isinstance(name, str):
            filters = {k: item.get("filters", {}).get(k) for k in FILTER_KEYS}
            searches[name] = SavedSearch(
                name,
                str(item.get("query", "")),
                {k: v for k, v in filters.items() if v is not None},
                str(item.get("saved", "")),
            )
    return searches


def saved(lib: Library) -> SavedList:
    """Every saved search, by name."""
    return SavedList(sorted(_read(lib).values(), key=lambda s: s.name))


def get(lib: Library, name: str) -> SavedSearch:
    """The saved search of that name; NotFoundError listing the saved names if there is none."""
    searches = _read(lib)
    if name not in searches:
        names = sorted(searches)
        listed = ", ".join(names) if names else "none yet (learnkit search WORDS --save NAME)"
        raise NotFoundError(f"no saved search '{name}'; saved searches: {listed}")
    return searches[name]


def merged(search: SavedSearch, given: Filters) -> Filters:
    """The saved search's filters, with any given on the command line instead (``--since 2020``)."""
    from learnkit.storage.index import Filters

    return Filters(
        **{
            k: getattr(given, k) if getattr(given, k) is not None else search.filters.get(k)
            for k in FILTER_KEYS
        }
    )


def save(lib: Library, name: str, query: str, filters: Filters) -> SavedSearch:
    """Keep (or replace) the search under ``name``; the library lock is held for the write."""
    import time

    from learnkit.storage.fs import atomic_write

    check_name(name)
    kept = {k: getattr(filters, k) for k in FILTER_KEYS if getattr(filters, k) is not None}
    search = SavedSearch(name, " ".join(query.split()), kept, time.strftime("%Y-%m-%dT%H:%M:%S"))
    with lib.lock():
        searches = _read(lib)
        searches[name] = search
        payload = {
            "searches": {
                n: {k: v for k, v in s.to_dict().items() if k != "name"} for n, s in sorted(searches.items())
            }
        }
        atomic_write(lib.folder / SAVED_NAME, (json.dumps(payload, indent=2) + "\n").encode("utf-8"))
    return search
