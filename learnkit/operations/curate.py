"""A person's authority over the library: tag, untag, review, remove, rename, init, history.

Each operation takes the library lock, reads the stored records it changes
(with their details), makes the change in memory, and stores it with one
store write (:meth:`Library.store_records` / :meth:`Library.commit_records`),
logged to the history (learnkit.operations.journal). A failed write leaves
the library as it was. Nothing here prints; each returns what it did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from learnkit.errors import ExistsError, InvalidError, NotFoundError, StoreError
from learnkit.models import SLUG_RE, Record
from learnkit.operations import themetags
from learnkit.operations.edit import has_draft, renamed_to, store_edit, writable
from learnkit.operations.journal import entries, recording
from learnkit.operations.library import Library
from learnkit.operations.recordfiles import read_record_file, record_files
from learnkit.paths import records_dir

# The store's meta key mapping a renamed record's old slugs to its new one.
RENAMED = "renamed"


@dataclass
class TagResult:
    """What tag or untag did to one record."""

    slug: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "added": self.added,
            "removed": self.removed,
            "rejected": self.rejected,
            "unchanged": self.unchanged,
        }


def _theme_ids(lib: Library, names: list[str]) -> list[str]:
    """Theme ids for the words given: each theme an id, a label or an alias, quoted or not
    (``hidden men`` is one theme, taken as the longest run of words that names one)."""
    if not names:
        raise InvalidError("give at least one theme (an id, label or alias; see: learnkit themes)")
    ids: list[str] = []
    start = 0
    while start < len(names):
        for end in range(len(names), start, -1):
            theme = lib.taxonomy.resolve(" ".join(names[start:end]))
            if theme is not None:
                ids.append(theme.id)
                start = end
                break
        else:
            lib.theme_by_name(names[start])  # no theme starts here: the error, with close names
    return list(dict.fromkeys(ids))


def tag(lib: Library, name: str, themes: list[str]) -> TagResult:
    """Give a record themes as a person's (``manual``)."""
    ids = _theme_ids(lib, themes)
    with lib.lock():
        old = writable(lib, name)
        new = Record.from_dict(old.to_dict())
        added = themetags.add_manual(new, ids)
        store_edit(lib, old, new, "tag")
        return TagResult(old.slug, added=added, unchanged=[t for t in ids if t not in added])


def untag(lib: Library, name: str, themes: list[str]) -> TagResult:
    """Take themes off a record: a person's are removed, detected ones rejected (never detected again)."""
    ids = _theme_ids(lib, themes)
    with lib.lock():
        old = writable(lib, name)
        missing = [t for t in ids if old.theme(t) is None]
        if missing:
            raise NotFoundError(
                f"record '{old.slug}' has no theme '{missing[0]}'; "
                f"its themes: {', '.join(old.theme_ids) or 'none'}",
                old.theme_ids[:5],
            )
        new = Record.from_dict(old.to_dict())
        result = TagResult(old.slug)
        for theme_id in ids:
            what = themetags.take_off(new, theme_id)
            (result.removed if what == "removed" else result.rejected).append(theme_id)
        store_edit(lib, old, new, "untag")
        return result


# -- review ---------------------------------------------------------------------


def review_items(lib: Library, name: str) -> tuple[Record, list[tuple[str, str, int]]]:
    """A record (with its evidence and points) and what ``review`` walks through."""
    record = writable(lib, name)
    return record, themetags.to_review(record)


def apply_review(
    lib: Library, slug: str, decisions: list[tuple[tuple[str, str, int], bool]]
) -> dict[str, Any]:
    """Store a review's decisions, made on the record as :func:`review_items` gave it.

    Refused if the record changed meanwhile (its items would not line up).
    """
    with lib.lock():
        old = writable(lib, slug)
        if [item for item, _ in decisions if item not in themetags.to_review(old)]:
            raise InvalidError(f"record '{slug}' changed while it was reviewed; run: learnkit review {slug}")
        new = Record.from_dict(old.to_dict())
        themetags.apply(new, decisions)
        changed = store_edit(lib, old, new, "review")
    themes = [(item[1], keep) for item, keep in decisions if item[0] == "theme"]
    points = [keep for item, keep in decisions if item[0] != "theme"]
    return {
        "slug": old.slug,
        "confirmed": [t for t, keep in themes if keep],
        "rejected": [t for t, keep in themes if not keep],
        "points_kept": sum(points),
        "points_rejected": len(points) - sum(points),
        "changed": changed,
    }


# -- remove -------------------------------------------------------------------


@dataclass
class RemovePlan:
    """What a removal would do: the records, and the other records whose ``related`` lose them."""

    records: list[Record]
    unlinked: dict[str, list[str]] = field(default_factory=dict)
    # The records' action plans: slug -> (actions, responses), for those that have one.
    tracked: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def slugs(self) -> list[str]:
        return [r.slug for r in self.records]


def bundled_slugs() -> list[str]:
    """The slugs of the records that come with learnkit."""
    slugs: list[str] = []
    for path in record_files(records_dir()):
        for data in read_record_file(path):
            if isinstance(data.get("slug"), str):
                slugs.append(data["slug"])
    return slugs


def exact_slug(lib: Library, name: str, command: str) -> str:
    """The slug ``name`` is, written out whole: removing and renaming never go by a start or a
    close spelling of it."""
    import difflib

    known = lib.index().slugs()
    slug = name.strip().lower()
    if slug in known:
        return slug
    new = renamed_to(lib, slug)
    if new is not None:
        raise NotFoundError(f"record '{name}' was renamed to '{new}'; use: learnkit {command} {new}", [new])
    close = [s for s in known if s.startswith(slug)] if slug else []
    close = close or difflib.get_close_matches(slug, known, n=5)
    raise NotFoundError(f"no record '{name}' ({command} takes whole slugs); see: learnkit list", close[:5])


def plan_removal(lib: Library, names: list[str], bundled: bool = False, force: bool = False) -> RemovePlan:
    """The records named (whole slugs) or, with ``bundled``, those that came with learnkit.

    A record with responses or actions in the tracker is refused unless
    ``force``: an action plan is a partnership's evidence, not to be lost by a
    slip; with ``force`` it is removed with the record (its history stays).
    """
    lib.ensure()
    wanted = [exact_slug(lib, name, "remove") for name in names]
    if bundled:
        known = set(lib.index().slugs())
        wanted.extend(s for s in bundled_slugs() if s in known)
    if not wanted:
        raise InvalidError("give the slugs of the records to remove, or --bundled")
    wanted = list(dict.fromkeys(wanted))
    records = [r for r in (lib.stored(s) for s in wanted) if r is not None]
    gone = set(wanted)
    unlinked: dict[str, list[str]] = {}
    for data in lib.stored_records():
        if data["slug"] not in gone:
            lost = [s for s in data.get("related", []) if s in gone]
            if lost:
                unlinked[data["slug"]] = lost
    from learnkit.storage.actions import ActionStore

    tracker = ActionStore(lib.folder)
    tracked: dict[str, tuple[int, int]] = {}
    for slug in wanted:
        plan = tracker.read(slug)
        if plan["actions"] or plan["responses"]:
            tracked[slug] = (len(plan["actions"]), len(plan["responses"]))
    if tracked and not force:
        slug, (actions, responses) = next(iter(tracked.items()))
        from learnkit.models import counted

        raise InvalidError(
            f"record '{slug}' has {counted(actions, 'action')} and {counted(responses, 'response')} in the"
            f" tracker; export them first (learnkit actions export --record {slug} -o {slug}.xlsx), then"
            " add --force to remove them with it"
        )
    return RemovePlan(records, unlinked, tracked)


def remove(lib: Library, names: list[str], bundled: bool = False, force: bool = False) -> dict[str, Any]:
    """Delete records; their files go when no other record holds them; links to them are dropped;
    their action plans go with them only with ``force`` (see :func:`plan_removal`)."""
    from learnkit.storage.actions import ActionStore

    with lib.lock():
        plan = plan_removal(lib, names, bundled, force)
        gone = set(plan.slugs)
        for slug in plan.slugs:
            if has_draft(lib, slug):
                raise InvalidError(
                    f"record '{slug}' has an unsaved edit; store or discard it first: learnkit edit {slug}"
                )
        remaining = [Record.from_dict(d) for d in lib.stored_records() if d["slug"] not in gone]
        changed = [r for r in remaining if r.slug in plan.unlinked]
        for record in changed:
            record.related = [s for s in record.related if s not in gone]
        held = {d.hash for r in remaining for d in r.documents}
        orphaned = sorted({d.hash for r in plan.records for d in r.documents} - held)
        shared = sorted({d.hash for r in plan.records for d in r.documents} & held)
        from learnkit.models import counted

        notes = {
            s: f"with its {counted(a, 'action')} and {counted(r, 'response')}"
            for s, (a, r) in plan.tracked.items()
        }
        with recording(lib, "remove", changed, removed=plan.slugs, notes=notes):
            lib.store_records([r.to_dict() for r in changed], remove=plan.slugs)
        for slug in plan.tracked:
            ActionStore(lib.folder).delete(slug)
        deleted = _delete_files(lib, orphaned)
        _refresh_index(lib)
    return {
        "removed": plan.slugs,
        "unlinked": plan.unlinked,
        "files_deleted": deleted,
        "documents_kept": len(shared),
        "actions_removed": sum(a for a, _ in plan.tracked.values()),
        "responses_removed": sum(r for _, r in plan.tracked.values()),
    }


def _delete_files(lib: Library, hashes: list[str]) -> int:
    """Delete stored PDFs and their page text; the store no longer names them."""
    deleted = 0
    for digest in hashes:
        for path in (lib.files_dir / f"{digest}.pdf", lib.text_dir / f"{digest}.json"):
            try:
                path.unlink()
                deleted += path.suffix == ".pdf"
            except FileNotFoundError:
                pass
            except OSError:
                pass  # left behind: it costs disk space, and no record names it
    return deleted


def _refresh_index(lib: Library) -> None:
    """Bring the index up to date after records were deleted or renamed (without the note that
    says the library changed from outside learnkit: it did not)."""
    told, lib.on_rebuild = lib.on_rebuild, None
    try:
        lib.index()
    finally:
        lib.on_rebuild = told


# -- rename -------------------------------------------------------------------


def rename(lib: Library, old_name: str, new_slug: str) -> dict[str, Any]:
    """Change a record's slug; ``related`` lists follow; its responses and actions move with it (an
    action's id becomes NEW/2.1); the old slug is remembered."""
    from learnkit.storage.actions import ActionStore

    new_slug = new_slug.strip()
    if not SLUG_RE.match(new_slug):
        from learnkit.models import slugify

        raise InvalidError(f"a slug is lowercase words joined by hyphens, e.g. '{slugify(new_slug)}'")
    with lib.lock():
        lib.ensure()
        old = writable(lib, exact_slug(lib, old_name, "rename"))
        if lib.stored(new_slug) is not None:
            raise ExistsError(f"a record '{new_slug}' already exists; choose another slug")
        if has_draft(lib, old.slug):
            raise InvalidError(
                f"record '{old.slug}' has an unsaved edit; "
                f"store or discard it first: learnkit edit {old.slug}"
            )
        record = Record.from_dict({**old.to_dict(), "slug": new_slug})
        others = []
        for data in lib.stored_records():
            if data["slug"] != old.slug and old.slug in data.get("related", []):
                other = Record.from_dict(data)
                other.related = [new_slug if s == old.slug else s for s in other.related]
                others.append(other)
        renamed = lib.store.meta(RENAMED)
        renamed = {k: v for k, v in (renamed if isinstance(renamed, dict) else {}).items() if k != new_slug}
        renamed = {k: (new_slug if v == old.slug else v) for k, v in renamed.items()}
        renamed[old.slug] = new_slug
        tracker = ActionStore(lib.folder)
        with recording(
            lib,
            "rename",
            [record, *others],
            before={new_slug: old.to_dict()},
            notes={new_slug: f"renamed from {old.slug}"},
        ):
            # The plan is copied first and the old file deleted once the rename is stored: a crash
            # between leaves a copy (doctor finds it), never a record without its actions.
            moved = tracker.copy_to(old.slug, new_slug)
            try:
                lib.store_records(
                    [record.to_dict(), *(o.to_dict() for o in others)], {RENAMED: renamed}, [old.slug]
                )
            except BaseException:
                if moved:
                    tracker.delete(new_slug)
                raise
        if moved:
            tracker.delete(old.slug)
        _refresh_index(lib)
    return {
        "old": old.slug,
        "new": new_slug,
        "related_updated": [o.slug for o in others],
        "tracker_entries_moved": moved,
    }


# -- init -------------------------------------------------------------------


def init(folder: Path, empty: bool = False) -> dict[str, Any]:
    """Make a library in ``folder`` (made with its parents), with the bundled records or none."""
    from learnkit.paths import STORE_NAME

    if (folder / STORE_NAME).exists():
        raise ExistsError(f"{folder} is already a learnkit library; see: learnkit --library '{folder}' path")
    if folder.exists() and not folder.is_dir():
        raise InvalidError(f"{folder} is a file; give a folder for the library")
    if folder.is_dir() and any(p for p in folder.iterdir() if p.name != ".lock"):
        raise InvalidError(f"folder {folder} is not empty; give a new or empty folder for the library")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create library folder {folder}: {exc.strerror}") from None
    lib = Library(folder)
    try:
        with lib.lock():
            if empty:
                lib.store.initialise([])
                lib.store_records([], {"detected_with": lib.detection_signature()})
            else:
                bundled = [
                    lib.validate(d, p) for p in record_files(records_dir()) for d in read_record_file(p)
                ]
                with recording(lib, "init", bundled, before={r.slug: None for r in bundled}):
                    lib.ensure()
            count = len(lib.index().slugs())
    finally:
        lib.close()
    return {"library": str(folder), "records": count, "empty": empty}


# -- history -------------------------------------------------------------------


def history(lib: Library, slug: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Every change to the library, its action tracker's included, newest first (with ``slug``, that
    record's; ``limit``: the newest)."""
    if limit is not None and limit < 1:
        raise InvalidError("--limit must be at least 1")
    found = entries(lib, slug.strip().lower() if slug else None, tracker=True)
    if slug and not found and lib.store_path.exists():
        new = lib.store.meta(RENAMED)
        if not (isinstance(new, dict) and slug in new) and slug not in set(lib.index().slugs()):
            raise NotFoundError(f"no history of a record '{slug}'; see: learnkit history")
    return found[:limit] if limit else found
