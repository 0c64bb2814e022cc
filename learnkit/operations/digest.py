"""What's new: the records, documents, briefings and actions added or changed since a date, by theme.

:func:`digest` reads what changed when from the library's own logs: the
history of record changes (:func:`learnkit.operations.journal.entries`), each
document's ``added`` time, and the action tracker's history. ``since`` is a
date (``2026``, ``2026-11``, ``2026-11-01``, or a time) or ``last``: the time
the previous digest was made, kept in ``digest.json`` in the library folder
(a first digest covers everything). Every digest made moves that time on.

Restricted and unpublished records, their documents and their actions are
left out (and counted) unless ``include_restricted``; a removed record whose
last status was private is never named. With a saved search
(:mod:`learnkit.operations.saved`), only the records it finds are told of.
The result is laid out by :mod:`learnkit.output.digest`.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.errors import InvalidError, StoreError
from learnkit.knowledge.whatsnew import Change, Digest, Entry
from learnkit.models import PRIVATE_STATUSES, Record

if TYPE_CHECKING:
    from learnkit.operations.library import Library

DIGEST_NAME = "digest.json"
FORMATS = ("text", "markdown", "html")
# The records a saved search may find for a digest (a library's whole size, for any real one).
SEARCH_LIMIT = 100_000
_SINCE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)?)?$")
# Record fields a digest names when they change (a person's words for what changed, not the values).
FIELD_WORDS = {
    "title": "title",
    "kind": "kind",
    "date": "date",
    "area": "area",
    "publisher": "publisher",
    "status": "status",
    "themes": "themes",
    "summary": "summary",
    "learning": "learning",
    "good_practice": "good practice",
    "recommendations": "recommendations",
    "related": "related records",
    "slug": "name",
}


def parse_since(text: str) -> str:
    """A date or time given with --since as a local ISO time ("2026-11" -> "2026-11-01T00:00:00")."""
    given = text.strip()
    if not _SINCE_RE.match(given):
        raise InvalidError(
            f"--since '{text}' is not a date; give last, a year, 2026-11, 2026-11-01 or 2026-11-01T09:00"
        )
    given = given.replace(" ", "T")
    base = "0000-01-01T00:00:00"
    if len(given) == 4:
        given += "-01"
    if len(given) == 7:
        given += "-01"
    stamp = given + base[len(given) :]
    import datetime as dt

    try:
        dt.datetime.fromisoformat(stamp)
    except ValueError:
        raise InvalidError(f"--since '{text}' is not a real date") from None
    return stamp


def _state_path(lib: Library) -> Path:
    return lib.folder / DIGEST_NAME


def _key(change: Change) -> str:
    return f"{change.slug}|{change.what}|{change.when}"


def last_digest(lib: Library) -> tuple[str, set[str]]:
    """When the last digest was made (local ISO time, "" if none was), and what it told of in that
    very second (the logs keep whole seconds: a change in the same second may be before or after it)."""
    try:
        data = json.loads(_state_path(lib).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "", set()
    except (OSError, ValueError):
        raise StoreError(f"cannot read {_state_path(lib)}; delete it to start the digests afresh") from None
    if not isinstance(data, dict) or not isinstance(data.get("last"), str):
        return "", set()
    return data["last"], {str(k) for k in data.get("told", []) if isinstance(k, str)}


def _remember(lib: Library, until: str, told: list[str]) -> None:
    from learnkit.storage.fs import atomic_write

    state = {"last": until, "told": told}
    with lib.lock():
        atomic_write(_state_path(lib), (json.dumps(state) + "\n").encode("utf-8"))


def _local(stamp: Any) -> str:
    """A logged time as a local ISO time without its offset ("" when there is none)."""
    return str(stamp)[:19] if isinstance(stamp, str) and len(stamp) >= 10 else ""


def _record_changes(lib: Library, since: str) -> tuple[dict[str, list[Change]], dict[str, str]]:
    """Changes per slug from the history log, and the removed slugs with their last status."""
    from learnkit.operations.journal import entries

    found: dict[str, list[Change]] = {}
    removed: dict[str, str] = {}
    for line in reversed(entries(lib)):  # oldest first
        when = _local(line.get("when"))
        if when < since:
            continue
        slug = str(line["slug"])
        action = line.get("action")
        fields = [str(c.get("field")) for c in line.get("changes", []) if isinstance(c, dict)]
        if action == "removed":
            status = next(
                (str(c.get("old")) for c in line.get("changes", []) if c.get("field") == "status"),
                "published",
            )
            removed[slug] = status
            found.pop(slug, None)
            continue
        removed.pop(slug, None)
        if action == "added":
            what = "added"
        else:
            words = [FIELD_WORDS[f] for f in fields if f in FIELD_WORDS]
            if not words:
                continue  # only documents: told of from the documents' own dates
            what = "changed: " + ", ".join(dict.fromkeys(words))
        found.setdefault(slug, []).append(Change(slug, what, when, "records"))
    return found, removed


def _action_changes(lib: Library, since: str) -> dict[str, list[Change]]:
    from learnkit.operations.actions import history

    found: dict[str, list[Change]] = {}
    for item in history(lib):
        when = _local(item.get("time"))
        target = str(item.get("target", ""))
        if when < since or "/" not in target:
            continue
        slug, _, number = target.partition("/")
        name = "action" if "." in number else "response to recommendation"
        what_field = str(item.get("field", ""))
        if what_field == "added":
            what = f"{name} {number} added"
        elif what_field in ("status", "rag", "due", "owner"):
            what = f"{name} {number}: {what_field.replace('_', ' ')} now {item.get('new')}"
        else:
            what = f"{name} {number}: {what_field.replace('_', ' ')} updated"
        found.setdefault(slug, []).append(Change(slug, what, when, "actions"))
    return found


def _primary_theme(record: Record, labels: dict[str, str]) -> str:
    """The theme a record is grouped under: the first a person gave, else the first found."""
    manual = [t.id for t in record.themes if t.origin != "detected"]
    ids = manual or record.theme_ids
    return labels.get(ids[0], ids[0]) if ids else "Other"


def digest(
    lib: Library,
    since: str,
    fmt: str,
    output: Path | None,
    force: bool,
    search: str | None,
    include_restricted: bool,
) -> Digest:
    """What changed since ``since`` ("last" or a date), grouped by theme; remembers it was made."""
    from learnkit.operations.outfile import check_output

    if fmt not in FORMATS:
        raise InvalidError(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    check_output(output, force, lib.folder)
    start, told_then = last_digest(lib) if since.strip() == "last" else (parse_since(since), set())
    wanted: set[str] | None = None
    if search is not None:
        from learnkit.operations import saved

        kept = saved.get(lib, saved.check_name(search))
        found = lib.search(kept.query, kept.to_filters(), SEARCH_LIMIT)
        wanted = {hit.slug for hit in found.hits}
    until = time.strftime("%Y-%m-%dT%H:%M:%S")

    changes, removed = _record_changes(lib, start)
    for slug, more in _action_changes(lib, start).items():
        changes.setdefault(slug, []).extend(more)
    records = {r.slug: r for r in lib.records()}
    for record in records.values():
        for document in record.documents:
            when = _local(document.added)
            if when and when >= start and not any(c.what == "added" for c in changes.get(record.slug, [])):
                changes.setdefault(record.slug, []).append(
                    Change(record.slug, f"new document {document.name}", when, "documents")
                )
    for slug in list(changes):
        changes[slug] = [c for c in changes[slug] if c.when != start or _key(c) not in told_then]
        if not changes[slug]:
            del changes[slug]
    if not start:  # a first digest: everything in the library is new
        for slug in records:
            if not any(c.what == "added" for c in changes.get(slug, [])):
                changes.setdefault(slug, []).insert(0, Change(slug, "added", "", "records"))

    labels = {t.id: t.label for t in lib.taxonomy.themes}
    groups: dict[str, list[Entry]] = {}
    left_out = 0
    for slug, told in changes.items():
        held = records.get(slug)
        if held is None or (wanted is not None and slug not in wanted):
            continue
        record = held
        if record.private and not include_restricted:
            left_out += 1
            continue
        entry = Entry(record.slug, record.title, record.kind, record.year or "undated", record.status)
        entry.changes = sorted(told, key=lambda c: c.when)
        groups.setdefault(_primary_theme(record, labels), []).append(entry)
    for entries_ in groups.values():
        entries_.sort(key=lambda e: (max(c.when for c in e.changes), e.slug), reverse=True)
    ordered = sorted(groups.items(), key=lambda item: (item[0] == "Other", item[0].casefold()))
    gone = sorted(
        slug
        for slug, status in removed.items()
        if (include_restricted or status not in PRIVATE_STATUSES) and (wanted is None or slug in wanted)
    )
    made = Digest(start, until, ordered, gone, left_out, search, fmt, output, include_restricted)
    _remember(lib, until, sorted(_key(c) for told in changes.values() for c in told if c.when == until))
    return made
