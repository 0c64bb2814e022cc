"""The listing and board report read stored actions (line_entry), not views: the same text either way.

``learnkit actions`` and ``actions report`` print their text from each
action's stored dict made ready in place (learnkit.knowledge.actions.line_entry)
instead of a ``--json`` view, which a large tracker cannot afford
(bench/actions_bench.py). That is a second reading of the stored form beside
view_of, so these tests pin the two together: the values line_entry gives
equal the view's for every kind of stored entry a hand-edited file can hold,
and the listing, the Markdown and the HTML report made from the stored
actions are the same, character for character, as those made from views.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from learnkit.knowledge.actions import line_entry, view_of
from learnkit.operations.library import Library
from learnkit.operations.tracker import ActionFilters, report, selected
from learnkit.output.actions import listing
from learnkit.output.board import report_html, report_markdown
from learnkit.storage.actions import ActionStore

ON = dt.date(2026, 12, 1)

BASE = {"record": "rev-a", "recommendation": 1, "number": 1, "text": "Audit the *plans* | all"}

# Stored actions as learnkit writes them and as a hand-edited file may hold them.
ENTRIES: list[dict[str, Any]] = [
    {**BASE, "owner": "Police", "due": "2026-11-01", "status": "in-progress", "created": "2026-01-02"},
    {**BASE, "owner": "Health", "due": "2026-12-20", "status": "not-started"},
    {**BASE, "owner": "Housing", "due": "2027-06-01", "status": "complete", "review": "2026-10-01"},
    {**BASE, "owner": "Education", "due": "2026-05-01", "status": "not-achieved", "lead": "J. Smith"},
    {**BASE, "owner": 5, "due": None, "status": None, "lead": 7, "review": 20261001, "created": None},
    {**BASE, "owner": None, "due": "2026-11-30", "status": "", "rag_override": "green"},
    {
        **BASE,
        "owner": "Police",
        "due": "2026-01-01",
        "status": "in-progress",
        "rag_override": "amber",
        "rag_reason": 3,
    },
    {
        **BASE,
        "owner": "Police",
        "due": "2027-01-01",
        "status": "in-progress",
        "rag_override": "",
        "rag_reason": "cleared",
    },
    {
        **BASE,
        "owner": "Health",
        "due": "2027-02-01",
        "status": "in-progress",
        "notes": [{"date": "2026-11-01", "text": "Started\tthe [audit]\x1b[31m"}, {"text": 4}],
    },
    {
        **BASE,
        "owner": "Health",
        "due": "2027-02-01",
        "status": "complete",
        "notes": [],
        "evidence": None,
        "impact": [{"date": "2026-11-20", "text": "Fewer missed <visits>"}],
    },
    {
        **BASE,
        "owner": "Health",
        "due": "2027-02-01",
        "status": "complete",
        "impact": [{"date": "2026-11-20", "text": "Surer staff"}],
        "impact_review": 20270101,
    },
    {
        **BASE,
        "owner": "Children's services",
        "due": "2026-12-01",
        "status": "in-progress",
        "impact_review": "2027-03-01",
        "rag_reason": None,
    },
]


@pytest.mark.parametrize("stored", ENTRIES)
def test_line_entry_gives_what_the_view_gives(stored: dict[str, Any]) -> None:
    view = view_of(copy.deepcopy(stored), ON, "2025-06")
    entry = line_entry(copy.deepcopy(stored), ON, "2025-06")
    for key in ("id", "record", "recommendation", "text", "owner", "due", "status", "rag", "overdue"):
        assert entry[key] == view[key], key
    assert bool(entry.get("rag_overridden")) == view["rag_overridden"]
    if view["rag_overridden"]:
        assert entry["rag_reason"] == view["rag_reason"]
    for key in ("lead", "review", "notes", "evidence", "impact"):
        assert (entry.get(key) or type(view[key])()) == view[key], key
    if view["impact"]:
        assert entry["impact_review"] == view["impact_review"]


def _library(home: Path, tmp_path: Path) -> Library:
    folder = tmp_path / "in"
    folder.mkdir()
    records = {
        "rev-a": ("Review *A* [2025] <one>", "published", "2025-06", ["Use interpreters.", "Audit | cases."]),
        "rev-b": ("Restricted review", "restricted", "2024", ["Share information."]),
        "rev-c": ("Review C", "published", "2023-01", ["Keep records.", "Train staff."]),
    }
    for slug, (title, status, date, recs) in records.items():
        fields = {
            "slug": slug,
            "title": title,
            "kind": "learning-review",
            "date": date,
            "status": status,
            "recommendations": recs,
        }
        text = "".join(f"{k} = {json.dumps(v)}\n" for k, v in fields.items())
        (folder / f"{slug}.toml").write_text(text, encoding="utf-8")
    lib = Library(home)
    lib.import_path(folder)
    plans: dict[str, dict[str, Any]] = {}
    numbers: dict[tuple[str, int], int] = {}
    for n, stored in enumerate(ENTRIES):
        slug = ("rev-a", "rev-b", "rev-c", "rev-gone")[n % 4]
        rec = 1 + n % 2
        number = numbers[(slug, rec)] = numbers.get((slug, rec), 0) + 1
        plan = plans.setdefault(slug, {"responses": [], "actions": []})
        plan["actions"].append(
            {**copy.deepcopy(stored), "record": slug, "recommendation": rec, "number": number}
        )
    plans["rev-a"]["responses"] = [
        {
            "record": "rev-a",
            "recommendation": 1,
            "response": "partly",
            "reason": "National *part*",
            "date": "2026-02-01",
            "outcome": "Fewer <gaps>",
            "measure": "An audit",
        },
    ]
    plans["rev-c"]["responses"] = [{"record": "rev-c", "recommendation": 2, "response": "accepted"}]
    store = ActionStore(home)
    with lib.lock():
        for slug, plan in plans.items():
            store.write(slug, plan)
    return lib


@pytest.mark.parametrize("include_private", [False, True])
def test_the_report_is_the_same_from_stored_actions_as_from_views(
    home: Path, tmp_path: Path, include_private: bool
) -> None:
    lib = _library(home, tmp_path)
    from_views = report(lib, ON, include_private, views=True)
    from_stored = report(lib, ON, include_private, views=False)
    assert from_stored["totals"] == from_views["totals"]
    assert report_markdown(from_stored) == report_markdown(from_views)
    assert report_html(from_stored) == report_html(from_views)
    assert "RAG set by hand" in report_markdown(from_stored)  # the entries above reach the report
    assert ("rev-b" in report_markdown(from_stored)) == include_private


@pytest.mark.parametrize(
    "filters",
    [ActionFilters(), ActionFilters(overdue=True), ActionFilters(owner="health"), ActionFilters(rag="amber")],
)
def test_the_listing_is_the_same_from_stored_actions_as_from_views(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], filters: ActionFilters
) -> None:
    lib = _library(home, tmp_path)
    capsys.readouterr()
    listing(selected(lib, filters, ON, views=True)["records"], ON.isoformat())
    from_views = capsys.readouterr().out
    listing(selected(lib, filters, ON, views=False)["records"], ON.isoformat())
    from_stored = capsys.readouterr().out
    assert from_stored == from_views
    shown = [
        a["id"]
        for r in selected(lib, filters, ON)["records"]
        for c in r["recommendations"]
        for a in c["actions"]
    ]
    assert shown and all(action_id in from_stored for action_id in shown)


def test_the_index_gives_the_tracker_what_each_record_holds(home: Path, tmp_path: Path) -> None:
    index = _library(home, tmp_path).index()
    slugs = index.slugs()
    rows = index.plan_rows([*slugs, "no-such-record"])
    assert sorted(rows) == sorted(slugs)
    whole = index.get_many(slugs)
    assert any(whole[s]["recommendations"] for s in slugs)
    for slug in slugs:
        record = whole[slug]
        assert rows[slug] == {
            "slug": slug,
            "title": record["title"],
            "date": record.get("date", ""),
            "status": record.get("status", ""),
            "themes": list(dict.fromkeys(t["id"] for t in record.get("themes", []))),
            "recommendations": [p["text"] for p in record.get("recommendations", [])],
        }


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Audit the plans", "Audit the plans"),
        ("Zoë's café [2024] *one*", "Zoë's café [2024] *one*"),
        ("two  spaces", "two spaces"),
        (" leading and trailing ", "leading and trailing"),
        ("tab\there", "tab here"),
        ("escape\x1b[31mred", "escape [31mred"),
        ("line\nbreak\r", "line break"),
        ("no\u00a0break space", "no break space"),
        ("em\u2003space", "em space"),
        ("next\x85line", "next line"),
        ("para\u2029graph", "para graph"),
        ("", ""),
    ],
)
def test_a_line_holds_no_control_character_and_single_spaces(text: str, shown: str) -> None:
    from learnkit.output.actions import clean

    assert clean(text) == shown


class _Actions(list):  # type: ignore[type-arg]
    """A file's action list that a test can watch being freed (a list cannot be weakly referenced)."""


def test_a_narrow_listing_lets_each_file_go_before_reading_the_next(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import weakref

    import learnkit.storage.actions as stored_actions

    lib = Library(home)
    store = ActionStore(home)
    slugs = [f"review-{n:02d}" for n in range(24)]
    with lib.lock():
        for slug in slugs:
            actions = [
                {**BASE, "record": slug, "number": n, "owner": "Police", "due": due, "status": "in-progress"}
                for n, due in enumerate(["2026-01-01", "2027-01-01", "2027-02-01"], start=1)
            ]
            store.write(slug, {"responses": [], "actions": actions})
    files = {stored_actions.file_name(s) for s in slugs}
    assert len(files) >= 4  # the plans are spread over several files

    read = stored_actions.read_file
    seen: list[weakref.ref[_Actions]] = []
    alive_at_each_read: list[int] = []

    def watched(path: Path) -> dict[str, dict[str, Any]]:
        alive_at_each_read.append(sum(1 for ref in seen if ref() is not None))
        records = read(path)
        for plan in records.values():
            plan["actions"] = _Actions(plan["actions"])
            seen.append(weakref.ref(plan["actions"]))
        return records

    monkeypatch.setattr(stored_actions, "read_file", watched)
    tree = selected(lib, ActionFilters(overdue=True), ON, views=False)
    shown = [a["id"] for r in tree["records"] for c in r["recommendations"] for a in c["actions"]]
    assert shown == [f"{slug}/1.1" for slug in slugs]  # one overdue action each, in slug order
    assert len(alive_at_each_read) == len(files)
    # When a file is read, at most the file read just before is still held, never all before it.
    most = max(len(read(store.dir / name)) for name in files)
    assert max(alive_at_each_read) <= most
