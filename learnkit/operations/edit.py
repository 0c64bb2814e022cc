"""Editing a record: in the person's editor as TOML, or field by field with ``--set``.

The editor works on a draft, ``drafts/SLUG.toml`` in the library, made from
the stored record (see learnkit.operations.recordtoml). When the editor
closes, the draft is read and validated as ``import`` validates a record
file; if it is valid it is stored and the draft deleted, else the draft
stays, so an edit is never lost, until it is stored or discarded.

The editor is ``$VISUAL``, else ``$EDITOR`` (as git chooses it), split like
a shell command line, so that it may carry options and, on Windows, a quoted
path with spaces; Notepad when neither is set on Windows.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from learnkit.errors import InvalidError, NotFoundError, StoreError
from learnkit.models import Record
from learnkit.operations import recordtoml
from learnkit.operations.journal import recording
from learnkit.operations.library import Library

DRAFTS_DIR = "drafts"
# What ``--set`` may change: the record's short fields.
SETTABLE = ("title", "kind", "date", "area", "publisher", "status", "summary", "source")


@dataclass
class EditResult:
    """What an edit stored: the record's slug and the fields that changed (none: nothing stored)."""

    slug: str
    changed: list[str] = field(default_factory=list)
    draft: str = ""  # the draft that was stored, if any (it is gone now)

    def to_dict(self) -> dict[str, Any]:
        return {"slug": self.slug, "changed": self.changed, "stored": bool(self.changed)}


def writable(lib: Library, name: str) -> Record:
    """The stored record a write goes to: its exact slug or a unique start of it, never a close spelling.

    A slug that was renamed is named with its new slug in the error.
    """
    try:
        slug = lib.get(name, close=False).slug
    except NotFoundError as exc:
        new = renamed_to(lib, name)
        if new is not None:
            raise NotFoundError(f"record '{name}' was renamed to '{new}'; use: {new}", [new]) from None
        raise exc from None
    record = lib.stored(slug)
    if record is None:
        raise NotFoundError(f"no record '{name}'; see: learnkit list")
    return record


def renamed_to(lib: Library, name: str) -> str | None:
    """The slug a record once called ``name`` has now, or None."""
    lib.ensure()
    found = lib.store.meta("renamed")
    if not isinstance(found, dict):
        return None
    new = found.get(name.strip().lower())
    return new if isinstance(new, str) else None


def changed_fields(old: Record, new: Record) -> list[str]:
    """The names of the fields that differ between two versions of a record."""
    before, after = old.to_dict(), new.to_dict()
    # "detected" marks follow the fields a person changed; they are not a change of their own.
    return [name for name in after if name != "detected" and before.get(name) != after.get(name)]


def store_edit(lib: Library, old: Record, new: Record, command: str) -> list[str]:
    """Store a changed record under the lock, logged; the fields changed. Caller holds the lock.

    A field that was read from the document stays marked detected while the person leaves it as it was;
    one they changed is theirs now (a draft holds no marks: they come from the stored record).
    """
    new.detected = {
        name: said
        for name, said in old.detected.items()
        if getattr(new, name, None) == getattr(old, name, None)
    }
    changed = changed_fields(old, new)
    if changed:
        with recording(lib, command, [new]):
            lib.commit_records([new])
    return changed


# -- --set ---------------------------------------------------------------------


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """``FIELD=VALUE`` pairs as a dict; an unknown field or a missing ``=`` is an InvalidError."""
    values: dict[str, str] = {}
    for item in assignments:
        name, sep, text = item.partition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep:
            raise InvalidError(f"--set takes FIELD=VALUE, e.g. --set date=2019-05; got '{item}'")
        if name not in SETTABLE:
            raise InvalidError(f"--set cannot change '{name}'; it changes: {', '.join(SETTABLE)}")
        values[name] = text
    return values


def set_fields(lib: Library, name: str, assignments: list[str]) -> EditResult:
    """Change fields of a record without an editor, validated as ``import`` validates."""
    values = parse_assignments(assignments)
    if not values:
        raise InvalidError("give at least one --set FIELD=VALUE")
    with lib.lock():
        old = writable(lib, name)
        data = old.to_dict()
        data.update(values)
        if "summary" in values and values["summary"].strip() != old.summary:
            data["summary_extracted"] = False  # a person wrote it
        new = lib.validate(data)
        return EditResult(old.slug, store_edit(lib, old, new, "edit"))


# -- drafts and the editor ------------------------------------------------------


def draft_path(lib: Library, slug: str) -> Path:
    return lib.folder / DRAFTS_DIR / f"{slug}.toml"


def has_draft(lib: Library, slug: str) -> bool:
    return draft_path(lib, slug).is_file()


def make_draft(lib: Library, record: Record) -> Path:
    """Write the record's draft (replacing any): TOML for a person to edit, private to the user."""
    from learnkit.storage.fs import atomic_write

    path = draft_path(lib, record.slug)
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {path.parent}: {exc.strerror}") from None
    data = record.to_dict()
    # The record as the draft began, to tell what the person changed from what changed meanwhile.
    atomic_write(_base_path(path), json.dumps(data, ensure_ascii=False).encode("utf-8"), sync_folder=False)
    atomic_write(path, recordtoml.draft(data).encode("utf-8"))  # mkstemp: mode 0600
    return path


def _base_path(draft: Path) -> Path:
    return draft.with_suffix(".base.json")


def _base(draft: Path) -> Record | None:
    try:
        return Record.from_dict(json.loads(_base_path(draft).read_bytes()))
    except (OSError, ValueError, InvalidError):
        return None  # no base (or a damaged one): the draft is taken as made from the stored record


def discard_draft(lib: Library, slug: str) -> bool:
    """Delete a record's draft; whether there was one."""
    path = draft_path(lib, slug)
    _base_path(path).unlink(missing_ok=True)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"cannot delete the draft {path}: {exc.strerror}") from None
    return True


def _where(text: str, message: str) -> str:
    """ ", line N" for the line of the draft that an error message's field or theme is on."""
    line = None
    found = re.search(r"field '(\w+)'", message)
    if found:
        line = recordtoml.field_line(text, found.group(1))
    theme = re.search(r"theme '([^']+)'", message)
    if line is None and theme:
        needle = f'"{theme.group(1)}"'
        line = next((n for n, row in enumerate(text.splitlines(), 1) if needle in row), None)
    return f", line {line}" if line else ""


def read_draft(lib: Library, old: Record) -> Record:
    """The record a draft holds, validated, with what the draft leaves out taken from ``old``.

    Raises InvalidError naming the draft, the line and the field at fault.
    """
    import tomllib

    path = draft_path(lib, old.slug)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise NotFoundError(f"no draft of '{old.slug}' at {path}") from None
    except UnicodeDecodeError:
        raise InvalidError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise StoreError(f"cannot read the draft {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidError(f"{path}: not valid TOML ({exc})") from None
    slug = data.get("slug")
    if isinstance(slug, str) and slug.strip() != old.slug:
        where = _where(text, "field 'slug'")
        raise InvalidError(
            f"{path}{where}: the slug cannot change in an edit; put back "
            f"'{old.slug}', and use: learnkit rename {old.slug} {slug.strip() or 'NEW-SLUG'}"
        )
    if "documents" in data:
        where = _where(text, "field 'documents'")
        raise InvalidError(f"{path}{where}: documents cannot be edited here")
    data["documents"] = [d.to_dict() for d in old.documents]
    try:
        new = lib.validate(data)
        _check_links(lib, new)
    except InvalidError as exc:
        raise InvalidError(f"{path}{_where(text, exc.message)}: {exc.message}") from None
    new = _keep_unedited(old, new, "summary_extracted" in data)
    base = _base(path)
    if base is None or base == old:
        return new
    return _merged(lib, path, base, old, new)


def _comparable(record: Record, name: str) -> Any:
    value = record.to_dict()[name]
    return [(t["id"], t["origin"]) for t in value] if name == "themes" else value


def _merged(lib: Library, path: Path, base: Record, old: Record, new: Record) -> Record:
    """The person's changes (draft against its base) made to the record as it is now, which changed
    meanwhile (a tag, an attach...). A field both changed differently is refused, the draft kept."""
    data = old.to_dict()
    for name in data:
        if name in ("slug", "documents"):
            continue
        mine, theirs, was = _comparable(new, name), _comparable(old, name), _comparable(base, name)
        if mine == was:
            continue  # the person left it: it stays as it is now
        if theirs != was and theirs != mine:
            raise InvalidError(
                f"{path}: field '{name}' was changed by another command since this edit began; "
                f"see: learnkit history {old.slug}; edit again (--discard starts from the record as it is)"
            )
        data[name] = new.to_dict()[name]
    return lib.validate(data)


def _check_links(lib: Library, record: Record) -> None:
    both = sorted(set(record.theme_ids) & set(record.rejected_themes))
    if both:
        raise InvalidError(
            f"field 'rejected_themes': theme '{both[0]}' is also in themes; keep it in one of them"
        )
    if record.related:
        known = set(lib.index().slugs())
        missing = next((s for s in record.related if s not in known), None)
        if missing is not None:
            raise InvalidError(f"field 'related' names unknown record '{missing}'")


def _keep_unedited(old: Record, new: Record, says_extracted: bool) -> Record:
    """Theme evidence and scores and the summary's mark come from the stored record (the draft has none)."""
    for tag in new.themes:
        before = old.theme(tag.id)
        if before is not None and not tag.evidence:
            tag.evidence = before.evidence
        if before is not None and not tag.score:
            tag.score = before.score
    if not says_extracted:
        new.summary_extracted = old.summary_extracted and new.summary == old.summary
    return new


def store_draft(lib: Library, name: str) -> EditResult:
    """Validate the record's draft and store it; the draft is deleted once stored (or unchanged)."""
    with lib.lock():
        old = writable(lib, name)
        new = read_draft(lib, old)
        changed = store_edit(lib, old, new, "edit")
        discard_draft(lib, old.slug)
        return EditResult(old.slug, changed, str(draft_path(lib, old.slug)))


def editor_command(environ: dict[str, str] | None = None, windows: bool | None = None) -> list[str]:
    """The editor to run, as git finds it: $VISUAL, else $EDITOR, split like a command line.

    On Windows a value may be a path with spaces, quoted or not
    (``"C:\\Program Files\\Notepad++\\notepad++.exe" -multiInst``); backslashes
    are kept. Neither set: Notepad on Windows, else an InvalidError.
    """
    env = os.environ if environ is None else environ
    windows = os.name == "nt" if windows is None else windows
    value = (env.get("VISUAL") or env.get("EDITOR") or "").strip()
    if not value:
        if windows:
            return ["notepad.exe"]
        raise InvalidError(
            "no editor: set $VISUAL or $EDITOR (e.g. export EDITOR=nano), or change fields with --set"
        )
    if Path(value).is_file():
        return [value]  # a bare path, spaces and all
    if not windows:
        try:
            return shlex.split(value)
        except ValueError as exc:
            raise InvalidError(f"cannot read the editor command '{value}': {exc}") from None
    parts = shlex.split(value, posix=False)  # keeps backslashes; quotes stay on the words
    return [p[1:-1] if len(p) >= 2 and p[0] == p[-1] and p[0] in "\"'" else p for p in parts]


def run_editor(command: list[str], path: Path) -> None:
    """Open ``path`` in the editor and wait for it to close; an editor that fails is an InvalidError."""
    try:
        done = subprocess.run([*command, str(path)], check=False)
    except OSError as exc:
        raise InvalidError(
            f"cannot start the editor '{command[0]}': {exc.strerror}; check $VISUAL or $EDITOR"
        ) from None
    if done.returncode != 0:
        raise InvalidError(
            f"the editor '{command[0]}' failed (exit {done.returncode}); your draft is kept in {path}"
        )
