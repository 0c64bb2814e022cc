"""The action tracker's nouns and rules: responses to recommendations, actions, RAG and dates.

A partnership responds to each recommendation of a record (accepted, accepted
in part, not accepted) and owns actions under it, each with an agency, dates,
a status, dated notes and evidence. Everything here is pure: "today" is handed
in (see :func:`today`, read once per command), so a report is consistent and,
with ``LEARNKIT_TODAY``, reproducible.

RAG is derived from status and dates (:func:`derive_rag`):

* red: not achieved, or past its due date and not complete;
* amber: not complete and due within four weeks, or behind (its review date
  has passed and it is not complete);
* green: complete, or on track.

A person may override it with a reason; the override stands until cleared.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import os
import re
from typing import Any

from learnkit.errors import InvalidError, NotFoundError

RESPONSES = ("accepted", "partly", "not-accepted")
RESPONSE_LABELS = {"accepted": "accepted", "partly": "accepted in part", "not-accepted": "not accepted"}
STATUSES = ("not-started", "in-progress", "complete", "not-achieved")
RAGS = ("red", "amber", "green")
# "Due within four weeks" is amber.
AMBER_DAYS = 28
TODAY_ENV = "LEARNKIT_TODAY"

ACTION_ID_RE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)/([1-9]\d*)\.([1-9]\d*)$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _shown(value: str) -> str:
    """A user's value as it may appear in an error: short, one line."""
    one_line = " ".join(str(value).split())
    return one_line if len(one_line) <= 40 else one_line[:37] + "..."


def parse_date(text: str, what: str = "date") -> dt.date:
    """A date written YYYY-MM-DD or, as in the UK, DD/MM/YYYY; InvalidError otherwise."""
    value = text.strip()
    iso = _ISO_RE.match(value)
    uk = _UK_RE.match(value)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if uk:
            return dt.date(int(uk[3]), int(uk[2]), int(uk[1]))
    except ValueError:
        raise InvalidError(f"{what}: '{_shown(value)}' is not a day of the calendar") from None
    raise InvalidError(f"{what} must be a date as YYYY-MM-DD (or DD/MM/YYYY); got '{_shown(value)}'")


def optional_date(text: str | None, what: str) -> str:
    """An ISO date string from a user's value, or "" when none was given."""
    if text is None or not text.strip():
        return ""
    return parse_date(text, what).isoformat()


def today(environ: dict[str, str] | None = None) -> dt.date:
    """Today's date, or ``LEARNKIT_TODAY`` (YYYY-MM-DD) when it is set. Call once per command."""
    env = os.environ if environ is None else environ
    fixed = env.get(TODAY_ENV, "").strip()
    if fixed:
        return parse_date(fixed, TODAY_ENV)
    return dt.date.today()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has fewer (29 Feb -> 28 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def record_end(date: str) -> dt.date | None:
    """The last day a record's date covers ("2015-01" -> 31 Jan 2015, "2018/2019" -> 31 Dec 2019)."""
    if not date:
        return None
    end = date.split("/")[-1]
    parts = [int(p) for p in end.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def impact_review_date(record_date: str, set_date: str = "") -> str:
    """The 12-month impact review date: as set, else the record's date plus twelve months ("" if undated)."""
    return set_date or _year_after(record_date)


@functools.lru_cache(maxsize=4096)  # asked once per action: records have many
def _year_after(record_date: str) -> str:
    end = record_end(record_date)
    return add_months(end, 12).isoformat() if end else ""


@functools.lru_cache(maxsize=8)  # one "today" per command
def _bounds(on: dt.date) -> tuple[str, str]:
    """Today and the last day of the amber window, as ISO strings: stored dates are ISO, which
    compare as strings in date order, so no date is parsed per action."""
    return on.isoformat(), (on + dt.timedelta(days=AMBER_DAYS)).isoformat()


def derive_rag(status: str, due: str, review: str, on: dt.date) -> str:
    """The RAG rating of an action from its status and dates, on the day ``on``."""
    if status == "complete":
        return "green"
    if status == "not-achieved":
        return "red"
    today, soon = _bounds(on)
    if due:
        if due < today:
            return "red"
        if due <= soon:
            return "amber"
    if review and review < today:
        return "amber"  # behind: its progress review is past and it is not done
    return "green"


def is_overdue(status: str, due: str, on: dt.date) -> bool:
    return bool(due) and status not in ("complete", "not-achieved") and due < _bounds(on)[0]


def due_soon(status: str, due: str, on: dt.date) -> bool:
    """Not complete and due in the next four weeks (today included)."""
    if not due or status in ("complete", "not-achieved"):
        return False
    today, soon = _bounds(on)
    return today <= due <= soon


def check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    """``value`` if it is one of ``choices`` (case and spaces forgiven), else InvalidError."""
    wanted = value.strip().lower().replace(" ", "-").replace("_", "-")
    if wanted in choices:
        return wanted
    raise InvalidError(f"{what} must be one of {', '.join(choices)}; got '{_shown(value)}'")


def action_id(record: str, recommendation: int, number: int) -> str:
    return f"{record}/{recommendation}.{number}"


def split_action_id(text: str) -> tuple[str, int, int]:
    """(record slug, recommendation number, action number) of an id like ``rosza-malika/2.1``."""
    found = ACTION_ID_RE.match(text.strip())
    if not found:
        raise NotFoundError(
            f"'{_shown(text)}' is not an action id; ids look like rosza-malika/2.1 (see: learnkit actions)"
        )
    return found[1], int(found[2]), int(found[3])


class Entry:
    """A dated note or piece of evidence: text, and optionally a file kept in the library."""

    def __init__(self, date: str, text: str, author: str = "", file: str = "", hash: str = "") -> None:  # noqa: A002
        self.date = date
        self.text = text
        self.author = author
        self.file = file
        self.hash = hash

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"date": self.date, "text": self.text, "author": self.author}
        if self.file:
            data["file"] = self.file
            data["hash"] = self.hash
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(
            str(data.get("date", "")),
            str(data.get("text", "")),
            str(data.get("author", "")),
            str(data.get("file", "")),
            str(data.get("hash", "")),
        )


class Response:
    """The partnership's response to one recommendation of a record."""

    def __init__(
        self,
        record: str,
        recommendation: int,
        response: str,
        reason: str = "",
        outcome: str = "",
        measure: str = "",
        date: str = "",
        author: str = "",
    ) -> None:
        self.record = record
        self.recommendation = recommendation
        self.response = response
        self.reason = reason
        self.outcome = outcome
        self.measure = measure
        self.date = date
        self.author = author

    @property
    def label(self) -> str:
        return RESPONSE_LABELS.get(self.response, self.response)

    def to_dict(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "recommendation": self.recommendation,
            "response": self.response,
            "reason": self.reason,
            "outcome": self.outcome,
            "measure": self.measure,
            "date": self.date,
            "author": self.author,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Response:
        return cls(
            str(data["record"]),
            int(data["recommendation"]),
            str(data["response"]),
            str(data.get("reason", "")),
            str(data.get("outcome", "")),
            str(data.get("measure", "")),
            str(data.get("date", "")),
            str(data.get("author", "")),
        )


# Fields an action's stored form keeps even when empty.
_ALWAYS = frozenset({"record", "recommendation", "number", "text", "owner", "due", "status"})


class Action:
    """One action under a recommendation, owned by an agency, with its dates, status and evidence."""

    def __init__(
        self,
        record: str,
        recommendation: int,
        number: int,
        text: str,
        owner: str,
        due: str,
        review: str = "",
        lead: str = "",
        status: str = "not-started",
        rag_override: str = "",
        rag_reason: str = "",
        notes: list[Entry] | None = None,
        evidence: list[Entry] | None = None,
        impact: list[Entry] | None = None,
        impact_review: str = "",
        created: str = "",
    ) -> None:
        self.record = record
        self.recommendation = recommendation
        self.number = number
        self.text = text
        self.owner = owner
        self.due = due
        self.review = review
        self.lead = lead
        self.status = status
        self.rag_override = rag_override
        self.rag_reason = rag_reason
        self.notes: list[Entry] = notes if notes is not None else []
        self.evidence: list[Entry] = evidence if evidence is not None else []
        self.impact: list[Entry] = impact if impact is not None else []
        self.impact_review = impact_review
        self.created = created

    @property
    def id(self) -> str:
        return action_id(self.record, self.recommendation, self.number)

    def rag(self, on: dt.date) -> str:
        """The rating shown: a person's override, else the derived one."""
        return self.rag_override or derive_rag(self.status, self.due, self.review, on)

    def to_dict(self) -> dict[str, Any]:
        """What the store keeps (no derived values)."""
        return {
            "record": self.record,
            "recommendation": self.recommendation,
            "number": self.number,
            "text": self.text,
            "owner": self.owner,
            "lead": self.lead,
            "due": self.due,
            "review": self.review,
            "status": self.status,
            "rag_override": self.rag_override,
            "rag_reason": self.rag_reason,
            "notes": [e.to_dict() for e in self.notes],
            "evidence": [e.to_dict() for e in self.evidence],
            "impact": [e.to_dict() for e in self.impact],
            "impact_review": self.impact_review,
            "created": self.created,
        }

    def to_store(self) -> dict[str, Any]:
        """What the tracker file keeps: the fields that are set (a large tracker reads and writes faster)."""
        return {k: v for k, v in self.to_dict().items() if v or k in _ALWAYS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Action:
        return cls(
            record=str(data["record"]),
            recommendation=int(data["recommendation"]),
            number=int(data["number"]),
            text=str(data["text"]),
            owner=str(data.get("owner", "")),
            due=str(data.get("due", "")),
            review=str(data.get("review", "")),
            lead=str(data.get("lead", "")),
            status=str(data.get("status", "not-started")),
            rag_override=str(data.get("rag_override", "")),
            rag_reason=str(data.get("rag_reason", "")),
            notes=[Entry.from_dict(e) for e in data.get("notes", [])],
            evidence=[Entry.from_dict(e) for e in data.get("evidence", [])],
            impact=[Entry.from_dict(e) for e in data.get("impact", [])],
            impact_review=str(data.get("impact_review", "")),
            created=str(data.get("created", "")),
        )

    def view(self, on: dt.date, record_date: str = "") -> dict[str, Any]:
        """The ``--json`` shape: the stored fields with the id and the derived ones."""
        return view_of(self.to_dict(), on, record_date)


def _entries(items: Any) -> list[dict[str, Any]]:
    return [Entry.from_dict(e).to_dict() for e in items] if items else []


def view_of(stored: dict[str, Any], on: dt.date, record_date: str = "") -> dict[str, Any]:
    """An action's ``--json`` shape straight from its stored dict (see Action.to_store).

    Made without an Action in between: a report of a large tracker makes tens
    of thousands. The record, recommendation, number and text are the types
    the tracker's reader checked; the rest are made strings here, whatever a
    hand-edited file holds.
    """
    get = stored.get
    status = str(get("status") or "not-started")
    due, review = str(get("due") or ""), str(get("review") or "")
    override = str(get("rag_override") or "")
    derived = derive_rag(status, due, review, on)
    record = stored["record"]
    recommendation = stored["recommendation"]
    notes, evidence, impact = get("notes"), get("evidence"), get("impact")
    return {
        "id": f"{record}/{recommendation}.{stored['number']}",
        "record": record,
        "recommendation": recommendation,
        "text": stored["text"],
        "owner": str(get("owner") or ""),
        "lead": str(get("lead") or ""),
        "due": due,
        "review": review,
        "status": status,
        "rag_reason": str(get("rag_reason") or ""),
        "notes": _entries(notes) if notes else [],
        "evidence": _entries(evidence) if evidence else [],
        "impact": _entries(impact) if impact else [],
        "impact_review": str(get("impact_review") or "") or _year_after(record_date),
        "created": str(get("created") or ""),
        "rag": override or derived,
        "rag_derived": derived,
        "rag_overridden": bool(override),
        # Red by its dates, not by a status of not achieved: past its due date and not done.
        "overdue": derived == "red" and status != "not-achieved",
    }


# The text fields an action may hold beyond those every stored action has, made strings by line_entry.
_OPTIONAL_TEXT = ("lead", "review", "rag_reason", "impact_review", "created")
_ENTRY_LISTS = ("notes", "evidence", "impact")
# The keys of most stored actions: those with no other key need no optional field looked at.
_PLAIN = _ALWAYS | {"created"}


def line_entry(stored: dict[str, Any], on: dt.date, record_date: str = "") -> dict[str, Any]:
    """An action's stored dict made, in place, into what the listing and the board report show.

    The human listing and report of a large tracker show tens of thousands of
    actions: a view (:func:`view_of`, twenty keys) made for each costs more
    than reading the tracker. So they read the stored dict itself, given here
    the keys a view derives (``id``, ``rag``, ``overdue``, ``rag_overridden``)
    and its values made what a view holds (text where a hand-edited file has
    a number or null, "not-started" for no status, each note and evidence
    entry a ``{date, text}``); optional fields that are not set stay absent,
    so a reader asks with ``get``. ``impact_review`` is worked out for an
    action with impact evidence (what the report lists it with). The values
    equal the view's (tests/test_tracker_lines.py pins it).
    """
    get = stored.get
    status = stored["status"] = str(get("status") or "not-started")
    due = stored["due"] = str(get("due") or "")
    stored["owner"] = str(get("owner") or "")
    if not stored.keys() <= _PLAIN:
        for key in _OPTIONAL_TEXT:
            value = get(key)
            if value is not None and type(value) is not str:
                stored[key] = str(value or "")
        for key in _ENTRY_LISTS:
            value = get(key)
            if value is not None:
                stored[key] = _entries(value) if value else []
    elif type(get("created", "")) is not str:
        stored["created"] = str(stored["created"] or "")
    override = get("rag_override")
    derived = derive_rag(status, due, get("review") or "", on)
    stored["id"] = f"{stored['record']}/{stored['recommendation']}.{stored['number']}"
    if override:
        stored["rag"] = str(override)
        stored["rag_overridden"] = True
        stored["rag_reason"] = get("rag_reason") or ""
    else:
        stored["rag"] = derived
    stored["overdue"] = derived == "red" and status != "not-achieved"
    if get("impact"):
        stored["impact_review"] = get("impact_review") or _year_after(record_date)
    return stored
