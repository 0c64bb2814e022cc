"""The tracker's store (issue 15): a file per record, converted once from the single actions.json,
every change in the library's history, records renamed and removed with their actions, path, doctor."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from learnkit.commands.main import app
from learnkit.errors import ExitCode, ReadOnlyError, StoreError
from learnkit.storage.actions import file_name
from tests import test_actions_cli as base
from tests.test_actions_cli import fails, listed, ok, plan

cli = base.cli  # the fixture: a library with a published and a restricted review

LEGACY = {
    "schema": 1,
    "responses": [
        {"record": "review-a", "recommendation": 1, "response": "accepted", "date": "2026-10-01"},
        {"record": "secret-b", "recommendation": 1, "response": "partly", "reason": "Part national"},
    ],
    "actions": [
        {
            "record": "review-a",
            "recommendation": 1,
            "number": 1,
            "text": "Audit interpreter use",
            "owner": "Police",
            "due": "2026-11-01",
            "status": "in-progress",
            "notes": [{"date": "2026-10-02", "text": "Tool agreed", "author": "Ann"}],
        },
        {
            "record": "secret-b",
            "recommendation": 1,
            "number": 1,
            "text": "Hidden action",
            "owner": "Health",
            "due": "2027-06-01",
            "status": "not-started",
        },
        {
            "record": "review-a",
            "recommendation": 3,
            "number": 1,
            "text": "Neglect training",
            "owner": "Health",
            "due": "2027-06-01",
            "status": "complete",
        },
    ],
    "history": [
        {"time": "2026-10-01T09:00:00", "author": "Ann", "target": "review-a/1", "field": "response"}
        | {"old": None, "new": "accepted"},
        {"time": "2026-10-01T09:05:00", "author": "Ann", "target": "review-a/1.1", "field": "added"}
        | {"old": None, "new": "Audit interpreter use"},
        {"time": "2026-10-02T10:00:00", "author": "Ann", "target": "review-a/1.1", "field": "status"}
        | {"old": "not-started", "new": "in-progress"},
        {"time": "2026-10-02T10:00:00", "author": "Ann", "target": "review-a/1.1", "field": "notes"}
        | {"old": None, "new": "Tool agreed"},
    ],
}


def _legacy(home: Path) -> None:
    (home / "actions.json").write_text(json.dumps(LEGACY), encoding="utf-8")


def _history(cli: CliRunner, *args: str) -> list[dict[str, Any]]:
    data = json.loads(ok(cli, "history", *args, "--json").stdout)
    assert isinstance(data, list)
    return data


def _ids(cli: CliRunner) -> list[str]:
    return [a["id"] for a in listed(cli)]


# -- the conversion from actions.json ------------------------------------------------------------


def test_the_single_file_is_converted_once_and_nothing_is_lost(cli: CliRunner, home: Path) -> None:
    _legacy(home)
    actions = listed(cli)
    assert [a["id"] for a in actions] == ["review-a/1.1", "review-a/3.1", "secret-b/1.1"]
    assert actions[0]["notes"] == LEGACY["actions"][0]["notes"] and actions[0]["status"] == "in-progress"
    assert actions[0]["response"] == "accepted"
    assert not (home / "actions.json").exists()
    assert json.loads((home / "actions.json.migrated").read_text(encoding="utf-8")) == LEGACY
    assert sorted(p.name for p in (home / "tracker").iterdir()) == sorted(
        map(file_name, ["review-a", "secret-b"])
    )
    mine = json.loads((home / "tracker" / file_name("review-a")).read_text(encoding="utf-8"))["records"]
    assert len(mine["review-a"]["actions"]) == 2 and len(mine["review-a"]["responses"]) == 1
    # The tracker's own history is now the library's: same times, authors and changes.
    moved = [e for e in json.loads(ok(cli, "actions", "history", "--json").stdout)]
    assert moved == [
        {k: e.get(k) for k in ("time", "author", "target", "field", "old", "new")} for e in LEGACY["history"]
    ]
    lines = [line for line in _history(cli, "review-a") if line.get("target")]
    assert [len(line["changes"]) for line in lines] == [2, 1, 1]  # one line per target and moment
    # Converted once: a second command neither converts again nor copies the history again.
    ok(cli, "actions", "update", "review-a/3.1", "--note", "Impact checked")
    assert len(json.loads(ok(cli, "actions", "history", "--json").stdout)) == len(LEGACY["history"]) + 1


def test_a_conversion_a_crash_cut_short_is_finished_without_doubling(cli: CliRunner, home: Path) -> None:
    _legacy(home)
    listed(cli)
    before = len(_history(cli))
    # Killed after the history was appended, before the new folder was put in place.
    (home / "tracker").rename(home / ".tracker.new")
    (home / "actions.json.migrated").rename(home / "actions.json")
    (home / ".tracker.new" / file_name("review-a")).write_text("half", encoding="utf-8")
    assert _ids(cli) == ["review-a/1.1", "review-a/3.1", "secret-b/1.1"]
    assert len(_history(cli)) == before and not (home / ".tracker.new").exists()
    # Killed after the folder was put in place, before the old file was renamed: the folder stands.
    ok(cli, "actions", "update", "review-a/3.1", "--status", "not-achieved")
    (home / "actions.json.migrated").rename(home / "actions.json")
    assert [a["status"] for a in listed(cli, "--record", "review-a")] == ["in-progress", "not-achieved"]
    assert not (home / "actions.json").exists()


def test_a_damaged_single_file_is_not_converted(cli: CliRunner, home: Path) -> None:
    (home / "actions.json").write_text("{not json", encoding="utf-8")
    result = fails(cli, ExitCode.STORE, "actions")
    assert "actions.json is not valid JSON" in result.stderr
    assert (home / "actions.json").read_text(encoding="utf-8") == "{not json"
    assert not (home / "tracker").exists()


def test_a_library_that_cannot_be_written_reads_its_unconverted_tracker(
    cli: CliRunner, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import learnkit.storage.actions as storage

    def read_only(folder: Path) -> Any:
        raise ReadOnlyError(f"library {folder} is read-only")

    _legacy(home)
    monkeypatch.setattr(storage, "library_lock", read_only)
    assert _ids(cli) == ["review-a/1.1", "review-a/3.1", "secret-b/1.1"]
    assert (home / "actions.json").exists() and not (home / "tracker").exists()
    assert any(f["name"] == "actions.json" for f in json.loads(ok(cli, "path", "--json").stdout)["files"])


# -- the library's history -----------------------------------------------------------------------


def test_every_tracker_change_is_in_the_librarys_history(cli: CliRunner) -> None:
    plan(cli)
    ok(cli, "actions", "update", "review-a/1.1", "--status", "complete", "--note", "Audit done")
    lines = _history(cli, "review-a")
    newest = lines[0]
    assert newest["command"] == "actions update" and newest["user"] == "Business Unit"
    assert newest["target"] == "review-a/1.1" and newest["when"][:2] == "20"
    assert newest["changes"] == [
        {"field": "status", "old": "not-started", "new": "complete"},
        {"field": "notes", "old": None, "new": "Audit done"},
    ]
    commands = [line["command"] for line in lines]
    assert commands.count("actions add") == 3 and commands.count("actions respond") == 2
    responded = [c for line in lines if line["command"] == "actions respond" for c in line["changes"]]
    assert all(c["old"] or c["new"] for c in responded)  # no "(empty) -> (empty)"
    assert {c["field"] for c in responded} == {"response", "reason", "outcome"}
    assert {line["slug"] for line in _history(cli) if line.get("target")} == {"review-a", "secret-b"}
    out = ok(cli, "history", "review-a").stdout
    assert "Business Unit  actions update  review-a  changed (action review-a/1.1)" in out
    assert "status: 'not-started' → 'complete'" in out


def test_a_write_that_fails_leaves_no_history(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import learnkit.storage.actions as storage

    plan(cli)
    before = _history(cli)

    def full_disk(*args: Any, **kwargs: Any) -> None:
        raise StoreError("cannot write the tracker file: no space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(storage, "atomic_write", full_disk)
        fails(cli, ExitCode.STORE, "actions", "update", "review-a/1.1", "--status", "complete")
    assert _history(cli) == before
    assert listed(cli, "--record", "review-a")[0]["status"] == "not-started"


# -- rename and remove ---------------------------------------------------------------------------


def test_rename_moves_the_records_actions(cli: CliRunner, home: Path) -> None:
    plan(cli)
    result = ok(cli, "rename", "review-a", "review-z")
    assert "moved its 5 tracker entries with it" in result.stderr + result.stdout
    assert _ids(cli) == ["review-z/1.1", "review-z/1.2", "review-z/3.1", "secret-b/1.1"]
    assert listed(cli, "--record", "review-z")[0]["response"] == "accepted"
    held = [json.loads(p.read_text(encoding="utf-8"))["records"] for p in (home / "tracker").glob("*.json")]
    assert sorted(slug for records in held for slug in records) == ["review-z", "secret-b"]
    said = fails(cli, ExitCode.NOT_FOUND, "actions", "update", "review-a/1.1", "--status", "complete").stderr
    assert "renamed to 'review-z'" in said and "review-z/1.1" in said
    ok(cli, "actions", "update", "review-z/1.1", "--status", "complete")
    # Its history follows it: what was done under the old slug is still the action's.
    fields = [e["field"] for e in json.loads(ok(cli, "actions", "history", "review-z/1.1", "--json").stdout)]
    assert fields == ["added", "status"]
    assert json.loads(ok(cli, "doctor", "--json").stdout)["healthy"] is True


def test_remove_refuses_a_record_with_actions_unless_forced(cli: CliRunner, home: Path) -> None:
    plan(cli)
    said = fails(cli, ExitCode.INVALID, "remove", "review-a", "--yes").stderr
    assert "record 'review-a' has 3 actions and 2 responses in the tracker" in said and "--force" in said
    assert len(_ids(cli)) == 4
    result = json.loads(ok(cli, "remove", "review-a", "--yes", "--force", "--json").stdout)
    assert result["removed"] == ["review-a"]
    assert result["actions_removed"] == 3 and result["responses_removed"] == 2
    assert "review-a" not in (home / "tracker" / file_name("review-a")).read_text(encoding="utf-8")
    assert _ids(cli) == ["secret-b/1.1"]  # no orphaned actions
    assert _history(cli, "review-a")[0]["note"] == "with its 3 actions and 2 responses"
    # A record without actions is removed as before.
    ok(cli, "remove", "patrick-scr", "--yes")


# -- path and doctor -----------------------------------------------------------------------------


def test_path_lists_the_tracker(cli: CliRunner, home: Path) -> None:
    tracker = next(f for f in json.loads(ok(cli, "path", "--json").stdout)["files"] if f["name"] == "tracker")
    assert tracker == {"name": "tracker", "path": str(home / "tracker"), "exists": False}
    plan(cli)
    ok(cli, "actions", "update", "review-a/1.1", "--status", "complete")  # a backup beside the file
    tracker = next(f for f in json.loads(ok(cli, "path", "--json").stdout)["files"] if f["name"] == "tracker")
    assert tracker["exists"] is True and tracker["files"] == 2  # the files, not their backups
    assert "tracker            2 files" in ok(cli, "path").stdout


def test_doctor_checks_the_tracker_files(cli: CliRunner, home: Path) -> None:
    plan(cli)
    assert json.loads(ok(cli, "doctor", "--json").stdout)["checked"]["tracker records"] == 2
    gone = home / "tracker" / file_name("gone-review")
    held = json.loads(gone.read_text(encoding="utf-8")) if gone.exists() else {"records": {}}
    held["records"]["gone-review"] = {"responses": [], "actions": []}
    gone.write_text(json.dumps(held), encoding="utf-8")
    mine = home / "tracker" / file_name("review-a")
    if mine != gone:
        mine.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["doctor", "--json"])
    assert result.exit_code == 1, result.output
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "tracker"]
    assert any("'gone-review', a record no longer in the library" in p["problem"] for p in problems)
    if mine != gone:
        damaged = next(p for p in problems if Path(p["path"]) == mine)
        assert damaged["problem"] == "a tracker file that cannot be read: it is not valid JSON"
        assert damaged["action"].startswith("restore the backup with: cp ")


def test_doctor_sets_aside_the_copy_a_stopped_rename_left(cli: CliRunner, home: Path) -> None:
    plan(cli)
    ok(cli, "actions", "update", "review-a/1.1", "--status", "complete")
    mine = home / "tracker" / file_name("review-a")
    kept = json.loads(mine.read_text(encoding="utf-8"))["records"]["review-a"]
    ok(cli, "rename", "review-a", "review-z")
    held = json.loads(mine.read_text(encoding="utf-8"))
    held["records"]["review-a"] = kept  # as if killed before the old entries went
    mine.write_text(json.dumps(held), encoding="utf-8")
    mine.chmod(0o600)
    found = json.loads(CliRunner().invoke(app, ["doctor", "--json"]).stdout)
    assert [p["check"] for p in found["problems"]] == ["tracker"]
    assert "left by renaming it to 'review-z'" in found["problems"][0]["problem"]
    assert found["problems"][0]["repairable"] is True
    assert "1 repaired" in CliRunner().invoke(app, ["doctor", "--repair"]).output
    assert "review-a" not in json.loads(mine.read_text(encoding="utf-8"))["records"]
    aside = json.loads((home / "lost+found" / "tracker-review-a.json").read_text(encoding="utf-8"))
    assert aside["record"] == "review-a" and len(aside["actions"]) == 3
    assert _ids(cli) == ["review-z/1.1", "review-z/1.2", "review-z/3.1", "secret-b/1.1"]
    assert json.loads(ok(cli, "doctor", "--json").stdout)["healthy"] is True
    assert os.environ["LEARNKIT_HOME"] == str(home)


def test_a_records_file_is_the_same_on_every_platform_and_version() -> None:
    # Existing libraries hold their records' plans where these names put them: changing how a file is
    # chosen (the hash, the number of files) would need a conversion of its own.
    assert [file_name(s) for s in ("review-a", "secret-b", "a")] == [
        "actions-35.json",
        "actions-37.json",
        "actions-03.json",
    ]


def test_bulk_pauses_the_collector_and_always_resumes_it() -> None:
    """The tracker's listing and report pause Python's cycle collector while they make their views
    (operations.tracker.bulk): it must be running again afterwards, after an error too, and stay off
    where a caller had turned it off."""
    import gc

    from learnkit.operations.tracker import bulk

    assert gc.isenabled()
    with bulk():
        assert not gc.isenabled()
        with bulk():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause holds
    assert gc.isenabled()
    with pytest.raises(ValueError), bulk():
        raise ValueError("a failure inside")
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
