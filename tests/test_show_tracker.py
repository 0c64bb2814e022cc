"""The action tracker seen from the records: ``show``, ``themes --actions`` and ``trends --actions``.

Each test runs in its own library (the bundled records, and reviews with recommendations imported
here), on a fixed day (``LEARNKIT_TODAY``), through the command line.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from clirun import ok, run, write_toml
from typer.testing import CliRunner

from learnkit.errors import ExitCode

TODAY = "2026-12-01"
ACTION_KEYS = {"id", "record", "recommendation", "text", "owner", "due", "review", "status", "rag"}
ACTION_KEYS |= {"notes", "evidence", "impact"}
PLAN_KEYS = {"number", "text", "page", "document", "extracted", "report_number", "response", "actions"}


REVIEWS = [
    {
        "slug": "review-a",
        "title": "Learning review of Child A",
        "kind": "learning-review",
        "date": "2025-06",
        "themes": ["neglect", "domestic-abuse"],
        "recommendations": [
            "Agencies should use interpreters at every contact with the family.",
            {
                "text": "Health visitors should audit their neglect cases.",
                "extracted": True,
                "document": "child-a.pdf",
                "page": 14,
                "number": "4",
            },
            {"text": "Schools should be invited to strategy meetings.", "page": 15},
        ],
    },
    {
        "slug": "review-b",
        "title": "Learning review of Child B",
        "kind": "learning-review",
        "date": "2024",
        "themes": ["neglect"],
        "recommendations": ["Police should share domestic abuse notifications with schools."],
    },
    {
        "slug": "secret-c",
        "title": "Restricted review of Child C",
        "kind": "learning-review",
        "date": "2024",
        "status": "restricted",
        "themes": ["neglect", "parental-mental-health"],
        "recommendations": ["Adult mental health services should ask about children."],
    },
]
ENV = {"LEARNKIT_TODAY": TODAY, "LEARNKIT_USER": "Business Unit"}
ADD = ["actions", "add"]
# review-a's plan: a partial response, three actions (one in progress, one complete); secret-c's: two.
PLANS = [
    ["actions", "respond", "review-a", "1", "partly", "--reason", "The police part is for the national panel"]
    + ["--outcome", "Interpreters used"],
    ADD + ["review-a", "1", "Audit interpreter use", "--owner", "Police", "--due", "2026-11-01"],
    ADD
    + ["review-a", "1", "Write a guide", "--owner", "Health", "--lead", "Dr Jones"]
    + ["--due", "2026-12-20"],
    ADD + ["review-a", "3", "Change the invite list", "--owner", "Education", "--due", "2027-06-01"],
    ["actions", "update", "review-a/1.2", "--status", "in-progress", "--note", "Draft circulated"],
    ["actions", "update", "review-a/3.1", "--status", "complete", "--evidence", "New list in use"],
    ["actions", "respond", "secret-c", "1", "accepted"],
    ADD + ["secret-c", "1", "Ask about children", "--owner", "Mental health", "--due", "2027-01-01"],
    ADD + ["secret-c", "1", "Train staff", "--owner", "Mental health", "--due", "2027-02-01"],
]


@pytest.fixture
def cli(library_with: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Three reviews with recommendations: one tracked, one not yet, one restricted and tracked."""
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    library_with("show-tracker", records=REVIEWS, commands=PLANS, env=ENV)
    return CliRunner()


def _section(out: str, title: str) -> str:
    """The lines of ``show``'s section ``title``, up to the next blank line."""
    start = out.index(f"\n{title}\n")
    return out[start + 1 :].split("\n\n", 1)[0]


# --------------------------------------------------------------------------- show


def test_show_lists_each_recommendation_with_its_response_and_actions(cli: CliRunner) -> None:
    out = ok(cli, "show", "review-a").stdout
    recs = _section(out, "Recommendations")
    lines = recs.splitlines()
    assert lines[0] == "Recommendations"
    # Numbered as `actions respond` takes them, each with where it is in its document.
    first = next(i for i, line in enumerate(lines) if line.startswith("1. Agencies should use interpreters"))
    second = next(i for i, line in enumerate(lines) if line.startswith("2. Health visitors"))
    third = next(i for i, line in enumerate(lines) if line.startswith("3. Schools"))
    assert first < second < third
    assert lines[second].endswith("(extracted from child-a.pdf, p. 14; check it) · 4 in the report")
    assert lines[third].endswith("(p. 15)")
    # The first: its response, then its two actions with their RAG by word, owner, due date and status.
    under_first = "\n".join(lines[first + 1 : second])
    assert "Response: accepted in part, 2026-12-01. Reason: The police part is for the national panel" in (
        under_first
    )
    assert "Outcome: Interpreters used" in under_first
    assert re.search(r"RED +review-a/1\.1  Audit interpreter use", under_first)
    assert "Police · due 2026-11-01 · not started · OVERDUE" in under_first
    assert re.search(r"AMBER +review-a/1\.2  Write a guide", under_first)
    assert "Health (Dr Jones) · due 2026-12-20 · in progress" in under_first
    assert "latest note 2026-12-01: Draft circulated" in under_first
    # The second has neither; the third no response but a complete action.
    assert "no response recorded" in "\n".join(lines[second + 1 : third])
    under_third = "\n".join(lines[third + 1 :])
    assert "no response recorded" in under_third
    assert re.search(r"GREEN +review-a/3\.1  Change the invite list", under_third)
    assert "complete · 1 piece of evidence" in under_third
    assert "learnkit actions respond" not in out  # tracked: no hint


def test_show_of_recommendations_not_yet_tracked_gives_the_command_to_respond(cli: CliRunner) -> None:
    out = ok(cli, "show", "review-b").stdout
    recs = _section(out, "Recommendations")
    assert "1. Police should share domestic abuse notifications with schools." in recs
    hint = [line for line in recs.splitlines() if "learnkit actions respond" in line]
    assert hint == [
        "No response recorded yet: learnkit actions respond review-b N accepted|partly|not-accepted"
    ]
    assert "no response recorded" not in recs  # said once, in the hint, rather than under each


def test_show_of_a_record_without_recommendations_says_nothing_of_the_tracker(cli: CliRunner) -> None:
    out = ok(cli, "show", "rosza-malika").stdout
    assert "Recommendations" not in out and "actions respond" not in out


def test_show_gives_rag_by_colour_as_well_as_by_word(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = ok(cli, "show", "review-a").stdout
    # Each word on its own background: red, yellow (amber), green.
    for word, background in (("RED", "41"), ("AMBER", "43"), ("GREEN", "42")):
        assert re.search(rf"\x1b\[[0-9;]*{background}m {word} ", out), word


def test_show_pages_a_record_card_with_its_plan_when_longer_than_the_screen(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pydoc

    paged: list[str] = []
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("LEARNKIT_NO_PAGER")
    monkeypatch.setenv("FORCE_COLOR", "1")  # as on a terminal
    monkeypatch.setenv("LINES", "12")
    monkeypatch.setattr(pydoc, "pager", paged.append)
    assert "review-a/1.1" not in ok(cli, "show", "review-a").stdout
    assert len(paged) == 1 and "review-a/1.1" in paged[0]
    assert "Learning" in ok(cli, "show", "rosza-malika").stdout  # a card alone is never paged
    assert len(paged) == 1


def test_show_json_has_the_plan(cli: CliRunner) -> None:
    data = json.loads(ok(cli, "show", "review-a", "--json").stdout)
    plan = data["plan"]
    assert [r["number"] for r in plan] == [1, 2, 3]
    assert all(set(r) == PLAN_KEYS for r in plan)
    assert plan[0]["text"] == data["recommendations"][0]["text"]
    assert (plan[1]["page"], plan[1]["document"], plan[1]["extracted"], plan[1]["report_number"]) == (
        14,
        "child-a.pdf",
        True,
        "4",
    )
    assert plan[2]["page"] == 15
    response = plan[0]["response"]
    assert response["response"] == "partly" and response["date"] == TODAY
    assert response["reason"] == "The police part is for the national panel"
    assert response["outcome"] == "Interpreters used" and response["author"] == "Business Unit"
    assert plan[1]["response"] is None and plan[1]["actions"] == []
    actions = plan[0]["actions"]
    assert [a["id"] for a in actions] == ["review-a/1.1", "review-a/1.2"]
    assert all(set(a) >= ACTION_KEYS for a in actions)
    assert [(a["rag"], a["status"], a["overdue"]) for a in actions] == [
        ("red", "not-started", True),
        ("amber", "in-progress", False),
    ]
    assert plan[2]["actions"][0]["evidence"][0]["text"] == "New list in use"
    # Every other key of the record is as it was: the plan is added, nothing taken away.
    plain = json.loads(ok(cli, "show", "review-b", "--json").stdout)
    assert plain["plan"] == [
        {
            "number": 1,
            "text": "Police should share domestic abuse notifications with schools.",
            "page": None,
            "document": "",
            "extracted": False,
            "report_number": "",
            "response": None,
            "actions": [],
        }
    ]
    assert json.loads(ok(cli, "show", "rosza-malika", "--json").stdout)["plan"] == []


def test_show_rates_actions_on_the_day_it_is_given(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNKIT_TODAY", "2026-10-01")  # before review-a/1.1 was due: not yet red
    data = json.loads(ok(cli, "show", "review-a", "--json").stdout)
    assert [a["rag"] for a in data["plan"][0]["actions"]] == ["green", "green"]
    monkeypatch.setenv("LEARNKIT_TODAY", "1 December")
    bad = run(cli, "show", "review-a")
    assert bad.exit_code == ExitCode.INVALID and "LEARNKIT_TODAY" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1 and bad.stdout == ""


def test_show_keeps_the_entries_of_a_recommendation_the_record_no_longer_has(
    cli: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "edited"
    folder.mkdir()
    kept = "Agencies should use interpreters at every contact with the family."
    fields = {"slug": "review-a", "title": "Learning review of Child A", "kind": "learning-review"}
    write_toml(folder, {**fields, "recommendations": [kept]})
    ok(cli, "import", str(folder))  # its file now has one recommendation of the three
    recs = _section(ok(cli, "show", "review-a").stdout, "Recommendations")
    assert "1. Agencies should use interpreters" in recs
    assert "3. (no longer in the record)" in recs and "review-a/3.1  Change the invite list" in recs
    assert "2. " not in recs  # nothing was tracked under the second
    plan = json.loads(ok(cli, "show", "review-a", "--json").stdout)["plan"]
    assert [(r["number"], r["text"]) for r in plan] == [(1, kept), (3, "")]
    assert plan[1]["page"] is None and plan[1]["actions"][0]["id"] == "review-a/3.1"


def test_show_of_a_record_when_the_tracker_cannot_be_read(cli: CliRunner) -> None:
    home = Path(os.environ["LEARNKIT_HOME"])
    # The tracker's files, whatever their layout: written by the actions commands, named for them.
    tracker = [
        p for p in home.rglob("*.json") if "action" in p.name or "tracker" in p.relative_to(home).parts
    ]
    assert tracker
    for path in tracker:
        path.write_bytes(b"\x00 not json")
    result = run(cli, "show", "review-a")
    assert result.exit_code == 0
    assert "Learning review of Child A" in result.stdout
    assert "1. Agencies should use interpreters" not in result.stdout  # listed, but not numbered
    assert "Agencies should use interpreters at every contact" in result.stdout
    (warning,) = result.stderr.strip().splitlines()
    assert warning.startswith("warning: responses and actions not shown:") and "backup" in warning
    failed = run(cli, "show", "review-a", "--json")
    assert failed.exit_code == ExitCode.STORE and failed.stdout == ""
    assert len(failed.stderr.strip().splitlines()) == 1


def test_show_of_a_restricted_record_shows_its_own_plan(cli: CliRunner) -> None:
    out = ok(cli, "show", "secret-c").stdout  # one's own library: shown, and marked
    assert "restricted" in out and "secret-c/1.1" in out and "Response: accepted" in out


def test_show_of_an_unknown_record_is_one_line_and_no_output(cli: CliRunner) -> None:
    result = run(cli, "show", "review-zzz")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
    assert "no record 'review-zzz'" in result.stderr
    assert run(cli, "show", "review-zzz", "--json").stdout == ""


# --------------------------------------------------------------------------- themes --actions


def _theme_row(out: str, theme_id: str) -> list[str]:
    line = next(line for line in out.splitlines() if line.endswith(f"  {theme_id}"))
    return [word for word in line.split() if not word.startswith("█")]


def test_themes_actions_counts_open_actions_of_shareable_records(cli: CliRunner) -> None:
    plain = ok(cli, "themes").stdout
    assert "Open actions" not in plain
    assert _theme_row(plain, "neglect") == ["Neglect", "8", "neglect"]  # 5 bundled, and the three here
    result = ok(cli, "themes", "--actions")
    out = result.stdout
    assert "Open actions" in out.splitlines()[0]
    # review-a has two open actions (3.1 is complete); secret-c's two are left out, and said so.
    assert _theme_row(out, "neglect") == ["Neglect", "8", "2", "neglect"]
    assert _theme_row(out, "domestic-abuse")[-2:] == ["2", "domestic-abuse"]
    assert _theme_row(out, "parental-mental-health")[-2:] == ["0", "parental-mental-health"]
    assert "2 with open actions" in out
    assert "left out the open actions of 1 restricted or unpublished record" in result.stderr
    assert "--include-restricted" in result.stderr
    asked = ok(cli, "themes", "--actions", "--include-restricted")
    assert _theme_row(asked.stdout, "neglect") == ["Neglect", "8", "4", "neglect"]
    assert _theme_row(asked.stdout, "parental-mental-health")[-2:] == ["2", "parental-mental-health"]
    assert "left out" not in asked.stderr


@pytest.mark.parametrize("columns", ["50", "80", "100"])
def test_themes_actions_never_cuts_theme_ids(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = ok(cli, "themes", "--actions").stdout
    ids = [t["id"] for t in json.loads(ok(cli, "themes", "--json").stdout)]
    assert all(any(line.endswith("  " + i) for line in out.splitlines()) for i in ids)
    assert _theme_row(out, "neglect")[-3:] == ["8", "2", "neglect"]
    if columns != "50":  # lines fit
        assert all(len(line) <= int(columns) for line in out.splitlines())
    if columns == "100":  # and there is room for the column's whole name and labels of usual length
        assert "Bruising in non-mobile babies " in out and "Open actions" in out.splitlines()[0]
    else:
        assert out.splitlines()[0].split()[:3] == ["Theme", "Records", "Open"]


def test_themes_actions_json(cli: CliRunner) -> None:
    plain = json.loads(ok(cli, "themes", "--json").stdout)
    assert all(set(t) == {"id", "label", "group", "count"} for t in plain)
    data = json.loads(ok(cli, "themes", "--actions", "--json").stdout)
    assert all(set(t) == {"id", "label", "group", "count", "open_actions"} for t in data)
    by_id = {t["id"]: t for t in data}
    assert by_id["neglect"]["open_actions"] == 2 and by_id["neglect"]["count"] == 8
    assert by_id["parental-mental-health"]["open_actions"] == 0
    asked = json.loads(ok(cli, "themes", "--actions", "--include-restricted", "--json").stdout)
    assert {t["id"]: t["open_actions"] for t in asked}["parental-mental-health"] == 2


def test_themes_actions_errors(cli: CliRunner) -> None:
    for args in (("themes", "neglect", "--actions"), ("themes", "--include-restricted")):
        result = run(cli, *args)
        assert result.exit_code == ExitCode.INVALID, args
        assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
    assert "--actions" in run(cli, "themes", "--include-restricted").stderr


def test_themes_actions_with_an_empty_tracker(seeded: Path) -> None:
    runner = CliRunner()
    out = ok(runner, "themes", "--actions").stdout
    assert _theme_row(out, "neglect") == ["Neglect", "5", "0", "neglect"]
    assert "0 with open actions" in out
    assert all(t["open_actions"] == 0 for t in json.loads(ok(runner, "themes", "--actions", "--json").stdout))


# --------------------------------------------------------------------------- trends --actions


def test_trends_actions_human(cli: CliRunner) -> None:
    assert "open action" not in ok(cli, "trends").stdout
    result = ok(cli, "trends", "--actions")
    out = result.stdout
    assert "2025  1 record, 2 open actions" in out
    assert re.search(r"  Neglect +1 █+  2 open actions", out)
    by_theme = _section(out, "Open actions by theme (2 open actions)")
    assert re.search(r"Neglect +2 █+", by_theme) and re.search(r"Domestic abuse +2 █+", by_theme)
    assert "Parental mental health" not in by_theme  # secret-c is left out, with its actions
    assert "left out 1 restricted or unpublished record" in result.stderr
    asked = ok(cli, "trends", "--actions", "--include-restricted").stdout
    assert "Open actions by theme (4 open actions)" in asked
    assert re.search(
        r"Parental mental health +2 █+", _section(asked, "Open actions by theme (4 open actions)")
    )
    one = ok(cli, "trends", "--actions", "--theme", "neglect", "--by", "kind").stdout
    header = next(line for line in one.splitlines() if line.startswith("Kind"))
    assert header.split() == ["Kind", "Records", "With", "theme", "Open", "actions"]
    row = next(line for line in one.splitlines() if line.startswith("learning-review"))
    assert row.split()[:4] == ["learning-review", "3", "3", "2"]  # secret-c is left out


def test_trends_actions_json(cli: CliRunner) -> None:
    plain = json.loads(ok(cli, "trends", "--json").stdout)
    assert "open_actions" not in plain
    data = json.loads(ok(cli, "trends", "--actions", "--json").stdout)
    assert set(data) == {"by", "theme", "records", "series", "cooccurrence", "toxic_trio", "left_out"} | {
        "open_actions"
    }
    assert data["left_out"] == 1
    assert data["open_actions"] == {
        "total": 2,
        "themes": [
            {"id": "neglect", "label": "Neglect", "count": 2},
            {"id": "domestic-abuse", "label": "Domestic abuse", "count": 2},
        ],
    }
    years = {s["key"]: s for s in data["series"]}
    assert years["2025"]["open_actions"] == 2 and years["2024"]["open_actions"] == 0
    assert all("open_actions" in t for s in data["series"] for t in s["themes"])
    asked = json.loads(ok(cli, "trends", "--actions", "--include-restricted", "--json").stdout)
    assert asked["open_actions"]["total"] == 4
    assert {s["key"]: s for s in asked["series"]}["2024"]["open_actions"] == 2
