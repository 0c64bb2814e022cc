"""Reading the action tracker: records with their recommendations, responses and actions.

:func:`tracker` is the tree every view is made from: the listing
(:func:`list_actions`, with its filters), the board report's data
(:func:`report`), what ``show`` can list for a record (:func:`record_plan`)
and the open actions ``themes`` and ``trends`` can count
(:func:`open_actions_by_record`). Record titles, dates, statuses, themes and
recommendations come from the search index, for the records the tracker
names only. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from learnkit.knowledge.actions import (
    AMBER_DAYS,
    RAGS,
    STATUSES,
    Action,
    Response,
    check_choice,
    derive_rag,
    line_entry,
    optional_date,
    view_of,
)
from learnkit.models import PRIVATE_STATUSES
from learnkit.operations.actions import action_store, find_record

if TYPE_CHECKING:
    from learnkit.operations.library import Library


# Statuses an action ends in: neither is overdue nor due.
DONE = ("complete", "not-achieved")


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


@contextmanager
def bulk() -> Iterator[None]:
    """Python's cycle collector paused (for a command's listing or report), then resumed as it was.

    A large tracker's tree is hundreds of thousands of dicts and lists made at
    once (the parsed files, a view per action), none of them in a cycle: each
    allocation burst would otherwise set off full collections that walk every
    object already made (a fifth of the board report's CPU time at 20,000
    actions, bench/actions_bench.py). Memory is still freed as usual, by
    reference counting. The caller frees the tree before the block ends, or
    the collector's first pass on resuming walks it all.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def tracker(
    lib: Library,
    on: dt.date,
    include_private: bool = True,
    only: str | None = None,
    keep: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
    whole: bool = True,
    views: bool = True,
) -> dict[str, Any]:
    """Every record the tracker names, with its recommendations, responses and actions (as --json views).

    ``{"records": [...], "left_out": n}``: records in the order of their
    slugs (``only``: just that record, whose tracker file alone is read); with
    ``include_private=False`` restricted and unpublished records are left out
    and counted. With ``keep`` (given a record's stored action dicts, it
    returns those to list), only the actions it keeps, and only the records that have one, are read (so a
    narrow listing of a large tracker reads few records). With
    ``whole=False`` a record lists only the recommendations that have an
    action or a response (what a listing shows), not every one it has. With
    ``views=False`` each action is its stored dict made into what the human
    listing and report read (:func:`learnkit.knowledge.actions.line_entry`),
    not a view: what a large tracker's listing and report cost is mostly the
    views.
    """
    store = action_store(lib)
    files = [{only: store.read(only)}] if only is not None else store.read_each()
    responses: dict[str, list[dict[str, Any]]] = {}
    actions: dict[str, list[dict[str, Any]]] = {}
    for plans in files:  # a file at a time: what keep leaves out is let go before the next is read
        for slug, plan in plans.items():
            kept = plan["actions"] if keep is None else keep(plan["actions"])
            if kept or (keep is None and plan["responses"]):
                actions[slug] = kept
                responses[slug] = plan["responses"]
    order = sorted(actions)
    rows = lib.index().plan_rows(order) if order else {}
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
        entry = _record_entry(row, responses.get(slug, []), actions.get(slug, []), on, whole, views)
        records.append(entry)
    return {"records": records, "left_out": left_out}


def _record_entry(
    row: dict[str, Any],
    responses: list[dict[str, Any]],
    actions: list[dict[str, Any]],
    on: dt.date,
    whole: bool = True,
    views: bool = True,
) -> dict[str, Any]:
    """One record of the tracker: its recommendations, each with its response and actions."""
    make = view_of if views else line_entry
    date = str(row.get("date", ""))
    points = row.get("recommendations", [])
    by_number: dict[int, dict[str, Any]] = {}

    def rec(number: int) -> dict[str, Any]:
        found = by_number.get(number)
        if found is None:
            # A recommendation the record no longer has (its file was edited) keeps its entries, untitled.
            # The index's plan rows hold each recommendation's text (Index.plan_rows).
            text = str(points[number - 1]) if 0 < number <= len(points) else ""
            found = by_number[number] = {"number": number, "text": text, "response": None, "actions": []}
        return found

    if whole:
        for number in range(1, len(points) + 1):
            rec(number)

    for item in responses:
        rec(item["recommendation"])["response"] = Response.from_dict(item).to_dict()
    current, into = 0, None
    for item in actions:
        number = item["recommendation"]  # an int: the tracker's reader checked it
        if number != current or into is None:  # a record's actions mostly come by recommendation
            current, into = number, rec(number)["actions"]
        into.append(make(item, on, date))
    return {
        "slug": str(row.get("slug")),
        "title": row.get("title", ""),
        "date": date,
        "status": row.get("status", ""),
        "themes": row.get("themes", []),
        "recommendations": [by_number[n] for n in sorted(by_number)],
    }


def record_plan(lib: Library, slug: str, on: dt.date) -> list[dict[str, Any]]:
    """A record's recommendations, each ``{number, text, response, actions}``: what ``show`` can list."""
    record = find_record(lib, slug)
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
    return select(lib, filters, on)[0]


def select(
    lib: Library, filters: ActionFilters, on: dt.date, include_private: bool = True
) -> tuple[list[dict[str, Any]], int]:
    """The actions the filters select (as views, each given its record's title and its
    recommendation's text and response: see :func:`flat_actions`), and how many records were left
    out as restricted or unpublished."""
    tree = selected(lib, filters, on, include_private)
    return flat_actions(tree), int(tree["left_out"])


def selected(
    lib: Library, filters: ActionFilters, on: dt.date, include_private: bool = True, views: bool = True
) -> dict[str, Any]:
    """The :func:`tracker` tree of the actions the filters select: records with the recommendations
    that have a selected action or a response (with ``views=False``, what the human listing reads)."""
    record_slug = find_record(lib, filters.record).slug if filters.record else None
    theme_id = lib.theme_by_name(filters.theme).id if filters.theme else None
    owner = (filters.owner or "").strip().lower()

    wanted_status, due_before, wanted_rag = filters.status, filters.due_before, filters.rag
    overdue, today = filters.overdue, on.isoformat()

    def keep(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # On the stored dicts, before views are made: most of a large tracker is filtered out.
        kept = []
        for item in items:
            status, due = item.get("status") or "not-started", item.get("due") or ""
            if type(status) is not str or type(due) is not str:  # a hand-edited file's number
                status, due = str(status), str(due)
            # Overdue: not complete or not achieved, and due before today (ISO dates compare as text).
            if overdue and not (due and due < today and status not in DONE):
                continue
            if wanted_status and status != wanted_status:
                continue
            if due_before and not due < due_before:
                continue
            if (
                owner
                and owner not in str(item.get("owner", "")).lower()
                and owner not in str(item.get("lead", "")).lower()
            ):
                continue
            if wanted_rag:
                review = str(item.get("review") or "")
                if (item.get("rag_override") or derive_rag(status, due, review, on)) != wanted_rag:
                    continue
            kept.append(item)
        return kept

    tree = tracker(lib, on, include_private, only=record_slug, keep=keep, whole=False, views=views)
    if theme_id:
        tree["records"] = [r for r in tree["records"] if theme_id in r["themes"]]
    return tree


def action_view(lib: Library, action: Action, on: dt.date) -> dict[str, Any]:
    """One action as ``--json`` shows it, its impact review date worked out from its record's date."""
    row = lib.index().get(action.record) or {}
    return action.view(on, str(row.get("date", "")))


def open_actions_by_record(lib: Library) -> dict[str, int]:
    """How many actions are open (neither complete nor not achieved) per record slug: for themes, trends."""
    counts: dict[str, int] = {}
    for slug, plan in action_store(lib).read_all().items():
        count = sum(1 for a in plan["actions"] if a.get("status") not in ("complete", "not-achieved"))
        if count:
            counts[slug] = count
    return counts


def report(lib: Library, on: dt.date, include_private: bool = False, views: bool = True) -> dict[str, Any]:
    """The board report's data: the tracker tree, totals by RAG, agency and record, and the lists.

    With ``views=False`` the actions are what the human report reads (see :func:`tracker`), and are
    not given their record's title and recommendation (which ``--json`` shows on each).
    """
    tree = tracker(lib, on, include_private, views=views)
    actions = (
        flat_actions(tree)
        if views
        else [a for r in tree["records"] for rec in r["recommendations"] for a in rec["actions"]]
    )
    zero = dict.fromkeys(RAGS, 0)
    by_rag = dict(zero)
    by_agency: dict[str, dict[str, int]] = {}
    by_record: dict[str, dict[str, int]] = {}
    overdue: list[dict[str, Any]] = []
    soon: list[dict[str, Any]] = []
    impact: list[dict[str, Any]] = []
    today, last = on.isoformat(), (on + dt.timedelta(days=AMBER_DAYS)).isoformat()
    # One pass over every action: a large tracker has tens of thousands (the same rules as
    # learnkit.knowledge.actions.is_overdue and due_soon, on a view's ISO dates).
    for action in actions:
        rag = action["rag"]
        by_rag[rag] += 1
        agency = by_agency.get(action["owner"])
        if agency is None:
            agency = by_agency[action["owner"]] = dict(zero)
        agency[rag] += 1
        counts = by_record.get(action["record"])
        if counts is None:
            counts = by_record[action["record"]] = dict(zero)
        counts[rag] += 1
        if action["overdue"]:
            overdue.append(action)
        elif action["status"] not in DONE and today <= action["due"] <= last:
            soon.append(action)
        if action.get("impact"):
            impact.append(action)
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
        "overdue": overdue,
        "due_soon": soon,
        "impact": impact,
    }
