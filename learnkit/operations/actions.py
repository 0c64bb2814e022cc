"""The action tracker's writing operations: respond, add, update, and import a sheet's changes.

Each takes the library and "today" (read once per command by the caller, see
:func:`learnkit.knowledge.actions.today`) and returns data; nothing prints.
Every write holds the library lock for its whole read-modify-write and
rewrites only the tracker file of the record it changes, crash-safe
(:mod:`learnkit.storage.actions`), with its changes logged to the library's
history first (:func:`commit`, through learnkit.operations.journal): each
with its author and time, shown by ``learnkit history`` and, by action or
recommendation, by ``learnkit actions history``.

Records are read through the search index (as ``show`` reads them): a
recommendation is named by its number as ``show`` lists it, 1-based. Reading
the tracker (the listing, the report) is in learnkit.operations.tracker.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.errors import InvalidError, NotFoundError, StoreError
from learnkit.knowledge.actions import (
    RAGS,
    RESPONSES,
    STATUSES,
    Action,
    Entry,
    Response,
    check_choice,
    optional_date,
    split_action_id,
)
from learnkit.models import Record

if TYPE_CHECKING:
    from learnkit.operations.library import Library
    from learnkit.storage.actions import ActionStore

USER_ENV = "LEARNKIT_USER"


def author() -> str:
    """Who is making a change: ``LEARNKIT_USER``, else the account's name."""
    name = os.environ.get(USER_ENV, "").strip()
    if name:
        return name
    import getpass  # here, not at the top: only a change asks who makes it (hashlib likewise)

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """A user's text as kept: control characters (which spreadsheets refuse) and runs of spaces made one."""
    return " ".join(_CONTROL.sub(" ", text).split())


def history_lines(command: str, slug: str, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The library history's lines for a record's tracker changes: one per action or response changed,
    each with its author and time."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    who = author()
    lines: dict[str, dict[str, Any]] = {}
    for change in changes:
        target = str(change["target"])
        line = lines.get(target)
        if line is None:
            what = f"action {target}" if "." in target else f"response to recommendation {target}"
            line = lines[target] = {
                "when": stamp,
                "user": who,
                "command": command,
                "slug": slug,
                "action": "changed",
                "target": target,
                "note": what,
                "changes": [],
            }
        line["changes"].append({k: change.get(k) for k in ("field", "old", "new")})
    return list(lines.values())


def commit(
    lib: Library, slug: str, data: dict[str, Any], command: str, changes: list[dict[str, Any]]
) -> None:
    """Write a record's tracker file, its changes logged to the library's history first.

    The caller holds the lock.
    """
    from learnkit.operations.journal import tracking

    store = action_store(lib)
    with tracking(lib, history_lines(command, slug, changes), store.path(slug), store.relative(slug)):
        store.write(slug, data)


def action_store(lib: Library) -> ActionStore:
    from learnkit.storage.actions import ActionStore

    return ActionStore(lib.folder)


def find_record(lib: Library, slug: str) -> Record:
    """The record with this slug (or a unique start of it); never a guess at a close one."""
    return lib.get(slug, close=False)


def check_recommendation(record: Record, number: int) -> str:
    """The text of the record's recommendation ``number`` (1-based, as ``show`` lists them)."""
    count = len(record.recommendations)
    if count == 0:
        raise NotFoundError(
            f"record '{record.slug}' has no recommendations; add them with: learnkit edit {record.slug}"
            " (its recommendations list)"
        )
    if not 1 <= number <= count:
        raise NotFoundError(
            f"record '{record.slug}' has no recommendation {number}; use a number from 1 to {count}"
            f" (see: learnkit show {record.slug})"
        )
    return record.recommendations[number - 1].text


def _find_action(lib: Library, data: dict[str, Any], action_id: str) -> tuple[int, Action]:
    """Where the action is in its record's tracker data, and the action."""
    slug, rec, number = split_action_id(action_id)
    at = next(
        (
            n
            for n, a in enumerate(data["actions"])
            if a.get("number") == number and a.get("recommendation") == rec
        ),
        None,
    )
    if at is None:
        from learnkit.operations.edit import renamed_to

        new = renamed_to(lib, slug)
        if new is not None:
            raise NotFoundError(
                f"record '{slug}' was renamed to '{new}', and its actions with it: use {new}/{rec}.{number}"
            )
        raise NotFoundError(f"no action '{action_id}'; see: learnkit actions --record {slug}")
    return at, Action.from_dict(data["actions"][at])


def _diff(target: str, before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields that change; a field empty before and after (not set, or "") is no change."""
    return [
        {"target": target, "field": key, "old": before.get(key), "new": value}
        for key, value in after.items()
        if before.get(key) != value and (before.get(key) or value)
    ]


# -- writing ----------------------------------------------------------------


def respond(
    lib: Library,
    slug: str,
    recommendation: int,
    response: str,
    reason: str = "",
    outcome: str = "",
    measure: str = "",
    on: dt.date | None = None,
) -> tuple[Response, list[dict[str, Any]]]:
    """Record (or change) the response to a recommendation; returns it and what changed."""
    response = check_choice(response, RESPONSES, "the response")
    if response == "not-accepted" and not reason.strip():
        raise InvalidError("a recommendation not accepted needs its reason: add --reason TEXT")
    record = find_record(lib, slug)
    check_recommendation(record, recommendation)
    day = (on or dt.date.today()).isoformat()
    made = Response(
        record.slug, recommendation, response, one_line(reason), one_line(outcome), one_line(measure), day
    )
    made.author = author()
    with lib.lock():
        data = action_store(lib).read(record.slug)
        responses = data["responses"]
        at = next(
            (
                n
                for n, r in enumerate(responses)
                if r.get("record") == record.slug and r.get("recommendation") == recommendation
            ),
            None,
        )
        before = responses[at] if at is not None else {}
        target = f"{record.slug}/{recommendation}"
        fields = ("response", "reason", "outcome", "measure")
        changes = _diff(target, before, {k: v for k, v in made.to_dict().items() if k in fields})
        if not changes:
            return Response.from_dict(before), []
        if at is None:
            responses.append(made.to_dict())
        else:
            responses[at] = made.to_dict()
        commit(lib, record.slug, data, "actions respond", changes)
    return made, changes


def add_action(
    lib: Library,
    slug: str,
    recommendation: int,
    text: str,
    owner: str,
    due: str,
    review: str = "",
    lead: str = "",
    impact_review: str = "",
    on: dt.date | None = None,
) -> Action:
    """Add an action under a recommendation; its id is the record, the recommendation and the next number."""
    if not text.strip():
        raise InvalidError("the action's text is empty; write what will be done")
    if not owner.strip():
        raise InvalidError("--owner is empty; name the agency that owns the action")
    due_iso = optional_date(due, "--due")
    if not due_iso:
        raise InvalidError("--due is required: the date the action is due, as YYYY-MM-DD")
    review_iso = optional_date(review, "--review")
    impact_iso = optional_date(impact_review, "--impact-review")
    record = find_record(lib, slug)
    check_recommendation(record, recommendation)
    with lib.lock():
        data = action_store(lib).read(record.slug)
        taken = [
            int(a.get("number", 0)) for a in data["actions"] if a.get("recommendation") == recommendation
        ]
        action = Action(
            record=record.slug,
            recommendation=recommendation,
            number=max(taken, default=0) + 1,
            text=one_line(text),
            owner=one_line(owner),
            due=due_iso,
            review=review_iso,
            lead=one_line(lead),
            impact_review=impact_iso,
            created=(on or dt.date.today()).isoformat(),
        )
        data["actions"].append(action.to_store())
        added = [{"target": action.id, "field": "added", "old": None, "new": action.text}]
        commit(lib, record.slug, data, "actions add", added)
    return action


def keep_file(lib: Library, path: Path) -> tuple[str, str]:
    """Copy a file into the library's files, by the SHA-256 of its bytes; (its name, the hash)."""
    import hashlib

    from learnkit.storage.fs import atomic_write

    try:
        payload = path.read_bytes()
    except OSError as exc:
        raise InvalidError(f"cannot read {path}: {exc.strerror}") from None
    digest = hashlib.sha256(payload).hexdigest()
    target = lib.files_dir / f"{digest}{path.suffix.lower()}"
    if not target.exists():
        try:
            lib.files_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {lib.files_dir}: {exc.strerror}") from None
        atomic_write(target, payload)
    return path.name, digest


def _entry(lib: Library, value: str, day: str) -> Entry:
    """A note or evidence from text, or from a file (kept in the library) when the text names one."""
    try:
        is_file = len(value) < 260 and Path(value).expanduser().is_file()
    except (OSError, ValueError):  # not a path this system can have: text
        is_file = False
    if is_file:
        candidate = Path(value).expanduser()
        name, digest = keep_file(lib, candidate)
        return Entry(day, name, author(), file=name, hash=digest)
    return Entry(day, one_line(value), author())


def update_action(
    lib: Library,
    action_id: str,
    status: str | None = None,
    note: str | None = None,
    evidence: str | None = None,
    impact: str | None = None,
    rag: str | None = None,
    reason: str | None = None,
    due: str | None = None,
    review: str | None = None,
    impact_review: str | None = None,
    on: dt.date | None = None,
) -> tuple[Action, list[dict[str, Any]]]:
    """Change an action; returns it and what changed (field, old, new)."""
    day = (on or dt.date.today()).isoformat()
    changes: dict[str, Any] = {}
    if status is not None:
        changes["status"] = check_choice(status, STATUSES, "--status")
    if due is not None:
        changes["due"] = optional_date(due, "--due")
        if not changes["due"]:
            raise InvalidError("--due cannot be emptied: an action has a due date")
    if review is not None:
        changes["review"] = optional_date(review, "--review")
    if impact_review is not None:
        changes["impact_review"] = optional_date(impact_review, "--impact-review")
    if rag is not None:
        wanted = rag.strip().lower()
        if wanted == "auto":
            changes["rag_override"], changes["rag_reason"] = "", ""
        else:
            changes["rag_override"] = check_choice(rag, RAGS, "--rag")
            if not (reason or "").strip():
                raise InvalidError("overriding the RAG rating needs its reason: add --reason TEXT")
            changes["rag_reason"] = one_line(reason or "")
    elif reason is not None:
        raise InvalidError("--reason goes with --rag (the reason for overriding the rating)")
    additions = {k: v for k, v in (("notes", note), ("evidence", evidence), ("impact", impact)) if v}
    if not changes and not additions:
        raise InvalidError(
            "nothing to update; give --status, --note, --evidence, --impact, --rag with --reason, or --due"
        )
    slug = split_action_id(action_id)[0]
    with lib.lock():
        data = action_store(lib).read(slug)
        at, action = _find_action(lib, data, action_id)
        before = action.to_dict()
        for key, value in changes.items():
            setattr(action, key, value)
        made: list[dict[str, Any]] = _diff(action.id, before, changes)
        for key, value in additions.items():
            # A note is text; evidence may be a file to keep.
            entry = Entry(day, one_line(value), author()) if key == "notes" else _entry(lib, value, day)
            getattr(action, key).append(entry)
            made.append({"target": action.id, "field": key, "old": None, "new": entry.text})
        if made:
            data["actions"][at] = action.to_store()
            commit(lib, slug, data, "actions update", made)
    return action, made


# -- the spreadsheet read back ----------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _cell_date(value: Any, what: str) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return optional_date(_cell_text(value), what)


def import_rows(lib: Library, rows: list[dict[str, Any]], on: dt.date) -> dict[str, Any]:
    """Apply the rows of a tracker sheet (see learnkit.output.spreadsheet): what changed, what was refused.

    A row is matched by its action id and nothing else. Its status, due and
    review dates go in when they differ; a new note, evidence or impact text
    is added. A row with an unknown id or a bad value changes nothing and is
    reported, with its row number, never guessed at. Each record's tracker
    file is read once and written once, its changes logged with it.
    """
    day = on.isoformat()
    changes: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    store = action_store(lib)
    with lib.lock():
        plans: dict[str, dict[str, Any]] = {}
        changed: dict[str, list[dict[str, Any]]] = {}
        seen: set[str] = set()
        for row in rows:
            number = row.get("row")
            action_id = _cell_text(row.get("id"))
            if not action_id:
                problems.append({"row": number, "id": "", "message": "no action id in the ID column"})
                continue
            try:
                if action_id in seen:
                    raise InvalidError(f"action '{action_id}' is on more than one row; keep one")
                seen.add(action_id)
                slug = split_action_id(action_id)[0]
                if slug not in plans:
                    plans[slug] = store.read(slug)
                at, action = _find_action(lib, plans[slug], action_id)
                wanted: dict[str, Any] = {}
                if _cell_text(row.get("status")):
                    wanted["status"] = check_choice(_cell_text(row["status"]), STATUSES, "Status")
                due = _cell_date(row.get("due"), "Due")
                if not due:
                    raise InvalidError("Due is empty; an action has a due date")
                wanted["due"] = due
                wanted["review"] = _cell_date(row.get("review"), "Review")
            except (InvalidError, NotFoundError) as exc:
                problems.append({"row": number, "id": action_id, "message": exc.message})
                continue
            before = action.to_dict()
            made = _diff(action.id, before, wanted)
            for key, value in wanted.items():
                setattr(action, key, value)
            for key in ("notes", "evidence", "impact"):
                text = _cell_text(row.get(f"new_{key}"))
                if text:
                    entry = Entry(day, one_line(text), author())
                    getattr(action, key).append(entry)
                    made.append({"target": action.id, "field": key, "old": None, "new": entry.text})
            if made:
                plans[slug]["actions"][at] = action.to_store()
                changed.setdefault(slug, []).extend(made)
                changes.extend({**c, "row": number} for c in made)
        for slug, made in changed.items():
            commit(lib, slug, plans[slug], "actions import", made)
    return {"changes": changes, "problems": problems}


def history(lib: Library, target: str | None = None) -> list[dict[str, Any]]:
    """The tracker's changes from the library's history, oldest first, each ``{time, author, target,
    field, old, new}``; with ``target``, those of one action (``slug/2.1``), one recommendation's
    response and actions (``slug/2``) or one record (``slug``), under any slug the record has had."""
    from learnkit.operations.journal import entries

    wanted = (target or "").strip().lower()
    slug, _, part = wanted.partition("/")
    out: list[dict[str, Any]] = []
    for line in reversed(entries(lib, slug or None, tracker=True)):
        name = line.get("target")
        if not isinstance(name, str):
            continue  # a change to a record, not to its tracker
        rest = name.partition("/")[2]
        if part and not (rest == part or ("." not in part and rest.startswith(part + "."))):
            continue
        for change in line.get("changes", []):
            out.append(
                {
                    "time": str(line.get("when", ""))[:19],
                    "author": line.get("user", ""),
                    "target": name,
                    "field": change.get("field"),
                    "old": change.get("old"),
                    "new": change.get("new"),
                }
            )
    return out
