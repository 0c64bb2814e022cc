"""The action tracker's operations: respond, add, update, list, report, export rows and import changes.

Each takes the library and "today" (read once per command by the caller, see
:func:`learnkit.knowledge.actions.today`) and returns data; nothing prints.
Every write holds the library lock for its whole read-modify-write and goes to
the tracker file in one crash-safe write (:mod:`learnkit.storage.actions`),
with its changes in the history (:func:`record_changes`).

Records are read through the search index (as ``show`` reads them): a
recommendation is named by its number as ``show`` lists it, 1-based.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
import re
import time
from collections.abc import Callable
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
    derive_rag,
    due_soon,
    is_overdue,
    optional_date,
    split_action_id,
    view_of,
)
from learnkit.models import PRIVATE_STATUSES, Record

if TYPE_CHECKING:
    from learnkit.operations.library import Library

USER_ENV = "LEARNKIT_USER"


def author() -> str:
    """Who is making a change: ``LEARNKIT_USER``, else the account's name."""
    name = os.environ.get(USER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """A user's text as kept: control characters (which spreadsheets refuse) and runs of spaces made one."""
    return " ".join(_CONTROL.sub(" ", text).split())


def record_changes(data: dict[str, Any], changes: list[dict[str, Any]]) -> None:
    """Put changes in the history, each with its author and time.

    The history is kept in the tracker's own file, written in the same write as
    the change. This is the one place a change is recorded, so that the
    library's history (learnkit.storage.history, when it lands) can be called
    from here instead.
    """
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    who = author()
    for change in changes:
        data.setdefault("history", []).append({"time": stamp, "author": who, **change})


def _store(lib: Library) -> Any:
    from learnkit.storage.actions import ActionStore

    return ActionStore(lib.folder)


def _record(lib: Library, slug: str) -> Record:
    """The record with this slug (or a unique start of it); never a guess at a close one."""
    return lib.get(slug, close=False)


def check_recommendation(record: Record, number: int) -> str:
    """The text of the record's recommendation ``number`` (1-based, as ``show`` lists them)."""
    count = len(record.recommendations)
    if count == 0:
        raise NotFoundError(
            f"record '{record.slug}' has no recommendations; add them to its record file and import it"
        )
    if not 1 <= number <= count:
        raise NotFoundError(
            f"record '{record.slug}' has no recommendation {number}; use a number from 1 to {count}"
            f" (see: learnkit show {record.slug})"
        )
    return record.recommendations[number - 1].text


def _positions(data: dict[str, Any]) -> dict[tuple[str, int, int], int]:
    """Where each action is in the tracker's list, by (record, recommendation, number)."""
    return {
        (str(a.get("record")), int(a.get("recommendation", 0)), int(a.get("number", 0))): n
        for n, a in enumerate(data["actions"])
    }


def _find_action(
    data: dict[str, Any], action_id: str, positions: dict[tuple[str, int, int], int] | None = None
) -> tuple[int, Action]:
    key = split_action_id(action_id)
    if positions is not None:
        at = positions.get(key)
    else:  # one action: a scan costs less than an index of them all
        slug, rec, number = key
        at = next(
            (
                n
                for n, a in enumerate(data["actions"])
                if a.get("number") == number and a.get("recommendation") == rec and a.get("record") == slug
            ),
            None,
        )
    if at is None:
        raise NotFoundError(f"no action '{action_id}'; see: learnkit actions --record {key[0]}")
    return at, Action.from_dict(data["actions"][at])


def _diff(target: str, before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"target": target, "field": key, "old": before.get(key), "new": value}
        for key, value in after.items()
        if before.get(key) != value
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
    record = _record(lib, slug)
    check_recommendation(record, recommendation)
    day = (on or dt.date.today()).isoformat()
    made = Response(
        record.slug, recommendation, response, one_line(reason), one_line(outcome), one_line(measure), day
    )
    made.author = author()
    store = _store(lib)
    with lib.lock():
        data = store.read()
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
        record_changes(data, changes)
        store.write(data)
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
    record = _record(lib, slug)
    check_recommendation(record, recommendation)
    store = _store(lib)
    with lib.lock():
        data = store.read()
        taken = [
            int(a.get("number", 0))
            for a in data["actions"]
            if a.get("record") == record.slug and a.get("recommendation") == recommendation
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
        record_changes(data, [{"target": action.id, "field": "added", "old": None, "new": action.text}])
        store.write(data)
    return action


def keep_file(lib: Library, path: Path) -> tuple[str, str]:
    """Copy a file into the library's files, by the SHA-256 of its bytes; (its name, the hash)."""
    from learnkit.storage.store import atomic_write

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
    store = _store(lib)
    with lib.lock():
        data = store.read()
        at, action = _find_action(data, action_id)
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
            record_changes(data, made)
            store.write(data)
    return action, made


# -- reading ----------------------------------------------------------------


class ActionFilters:
    """What ``learnkit actions`` is narrowed to (None: anything)."""

    def __init__(
        self,
        record: str | None = None,
        owner: str | None = None,
        status: str | None = None,
        rag: str | None = None,
        overdue: bool = False,
        due_before: str | None = None,
        theme: str | None = None,
    ) -> None:
        self.record = record
        self.owner = owner
        self.status = check_choice(status, STATUSES, "--status") if status else None
        self.rag = check_choice(rag, RAGS, "--rag") if rag else None
        self.overdue = overdue
        self.due_before = optional_date(due_before, "--due-before") or None
        self.theme = theme


def tracker(
    lib: Library,
    on: dt.date,
    include_private: bool = True,
    only: str | None = None,
    keep: Callable[[dict[str, Any]], bool] | None = None,
) -> dict[str, Any]:
    """Every record the tracker names, with its recommendations, responses and actions (as --json views).

    ``{"records": [...], "left_out": n}``: records in the order of their
    first entry in the tracker (``only``: just that record); with
    ``include_private=False`` restricted and unpublished records are left out
    and counted. With ``keep`` (given an action's stored dict), only the
    actions it keeps, and only the records that have one, are read (so a
    narrow listing of a large tracker reads few records).
    """
    data = _store(lib).read()
    # Grouped by record first: one pass over the tracker, however many records it names.
    responses: dict[str, list[dict[str, Any]]] = {}
    actions: dict[str, list[dict[str, Any]]] = {}
    order: dict[str, None] = {}
    for item in data["actions"]:
        slug = str(item.get("record"))
        if (only is None or slug == only) and (keep is None or keep(item)):
            actions.setdefault(slug, []).append(item)
            order.setdefault(slug)
    for item in data["responses"]:
        slug = str(item.get("record"))
        if (only is None or slug == only) and (keep is None or slug in order):
            responses.setdefault(slug, []).append(item)
            order.setdefault(slug)
    rows = lib.index().get_many(order) if order else {}
    records: list[dict[str, Any]] = []
    left_out = 0
    for slug in order:
        row = rows.get(slug)
        if row is None:
            # A record removed or renamed after its actions were made: keep them visible.
            row = {"slug": slug, "title": f"(record '{slug}' is no longer in the library)", "status": ""}
        if not include_private and row.get("status") in PRIVATE_STATUSES:
            left_out += 1
            continue
        records.append(_record_entry(row, responses.get(slug, []), actions.get(slug, []), on))
    return {"records": records, "left_out": left_out}


def _record_entry(
    row: dict[str, Any], responses: list[dict[str, Any]], actions: list[dict[str, Any]], on: dt.date
) -> dict[str, Any]:
    """One record of the tracker: its recommendations, each with its response and actions."""
    date = str(row.get("date", ""))
    by_number: dict[int, dict[str, Any]] = {}
    for n, point in enumerate(row.get("recommendations", []), start=1):
        text = point.get("text", "") if isinstance(point, dict) else str(point)
        by_number[n] = {"number": n, "text": text, "response": None, "actions": []}

    def rec(number: int) -> dict[str, Any]:
        # A recommendation the record no longer has (its file was edited) keeps its entries, untitled.
        found = by_number.get(number)
        if found is None:
            found = by_number[number] = {"number": number, "text": "", "response": None, "actions": []}
        return found

    for item in responses:
        rec(int(item["recommendation"]))["response"] = Response.from_dict(item).to_dict()
    for item in actions:
        rec(int(item["recommendation"]))["actions"].append(view_of(item, on, date))
    return {
        "slug": str(row.get("slug")),
        "title": row.get("title", ""),
        "date": date,
        "status": row.get("status", ""),
        "themes": [t["id"] if isinstance(t, dict) else str(t) for t in row.get("themes", [])],
        "recommendations": [by_number[n] for n in sorted(by_number)],
    }


def record_plan(lib: Library, slug: str, on: dt.date) -> list[dict[str, Any]]:
    """A record's recommendations, each ``{number, text, response, actions}``: what ``show`` can list."""
    record = _record(lib, slug)
    tree = tracker(lib, on, only=record.slug)
    if tree["records"]:
        return list(tree["records"][0]["recommendations"])
    return [
        {"number": n, "text": p.text, "response": None, "actions": []}
        for n, p in enumerate(record.recommendations, start=1)
    ]


def flat_actions(tree: dict[str, Any]) -> list[dict[str, Any]]:
    """Every action of a :func:`tracker` tree, each given its record's title and its recommendation.

    The tree's own action dicts are given the keys (not copies: a large tracker has thousands).
    """
    out: list[dict[str, Any]] = []
    for record in tree["records"]:
        for rec in record["recommendations"]:
            response = rec["response"] or {}
            shared = {
                "record_title": record["title"],
                "record_status": record["status"],
                "recommendation_text": rec["text"],
                "response": response.get("response", ""),
                "response_reason": response.get("reason", ""),
            }
            for action in rec["actions"]:
                action.update(shared)
                out.append(action)
    return out


def list_actions(lib: Library, filters: ActionFilters, on: dt.date) -> list[dict[str, Any]]:
    """The actions the filters select, grouped by record and recommendation (tracker order)."""
    record_slug = _record(lib, filters.record).slug if filters.record else None
    theme_id = lib.theme_by_name(filters.theme).id if filters.theme else None
    owner = (filters.owner or "").strip().lower()

    def keep(item: dict[str, Any]) -> bool:
        # On the stored dict, before an Action is made of it: most of a large tracker is filtered out.
        status, due = item.get("status", "not-started"), item.get("due", "")
        if owner and owner not in item.get("owner", "").lower() and owner not in item.get("lead", "").lower():
            return False
        if filters.status and status != filters.status:
            return False
        if filters.overdue and not is_overdue(status, due, on):
            return False
        if filters.due_before and not due < filters.due_before:
            return False
        if filters.rag:
            rag = item.get("rag_override") or derive_rag(status, due, item.get("review", ""), on)
            return bool(rag == filters.rag)
        return True

    tree = tracker(lib, on, only=record_slug, keep=keep)
    if theme_id:
        tree["records"] = [r for r in tree["records"] if theme_id in r["themes"]]
    return flat_actions(tree)


def action_view(lib: Library, action: Action, on: dt.date) -> dict[str, Any]:
    """One action as ``--json`` shows it, its impact review date worked out from its record's date."""
    row = lib.index().get(action.record) or {}
    return action.view(on, str(row.get("date", "")))


def open_actions_by_record(lib: Library) -> dict[str, int]:
    """How many actions are open (neither complete nor not achieved) per record slug: for themes, trends."""
    counts: dict[str, int] = {}
    for item in _store(lib).read()["actions"]:
        if item.get("status") not in ("complete", "not-achieved"):
            slug = str(item.get("record"))
            counts[slug] = counts.get(slug, 0) + 1
    return counts


def report(lib: Library, on: dt.date, include_private: bool = False) -> dict[str, Any]:
    """The board report's data: the tracker tree, totals by RAG, agency and record, and the lists."""
    tree = tracker(lib, on, include_private)
    actions = flat_actions(tree)
    zero = dict.fromkeys(RAGS, 0)
    by_rag = dict(zero)
    by_agency: dict[str, dict[str, int]] = {}
    by_record: dict[str, dict[str, int]] = {}
    for action in actions:
        by_rag[action["rag"]] += 1
        by_agency.setdefault(action["owner"], dict(zero))[action["rag"]] += 1
        by_record.setdefault(action["record"], dict(zero))[action["rag"]] += 1
    return {
        "today": on.isoformat(),
        "records": tree["records"],
        "left_out": tree["left_out"],
        "totals": {
            "actions": len(actions),
            "rag": by_rag,
            "by_agency": dict(sorted(by_agency.items(), key=lambda kv: kv[0].lower())),
            "by_record": by_record,
        },
        "overdue": [a for a in actions if is_overdue(a["status"], a["due"], on)],
        "due_soon": [a for a in actions if due_soon(a["status"], a["due"], on)],
        "impact": [a for a in actions if a["impact"]],
    }


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
    reported, with its row number, never guessed at.
    """
    day = on.isoformat()
    changes: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    store = _store(lib)
    with lib.lock():
        data = store.read()
        positions = _positions(data)
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
                at, action = _find_action(data, action_id, positions)
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
                data["actions"][at] = action.to_store()
                changes.extend({**c, "row": number} for c in made)
        if changes:
            record_changes(data, [{k: v for k, v in c.items() if k != "row"} for c in changes])
            store.write(data)
    return {"changes": changes, "problems": problems}


def history(lib: Library) -> list[dict[str, Any]]:
    """The tracker's changes, oldest first."""
    return list(_store(lib).read()["history"])
