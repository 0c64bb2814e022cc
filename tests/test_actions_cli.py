"""``learnkit actions``: every sub-command through the command line, in its own library, on a fixed day."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from learnkit.commands.main import app
from learnkit.errors import ExitCode

ACTION_KEYS = {
    "id",
    "record",
    "recommendation",
    "text",
    "owner",
    "due",
    "review",
    "status",
    "rag",
    "notes",
    "evidence",
    "impact",
}
RESPONSE_KEYS = {"record", "recommendation", "response", "reason", "outcome", "measure", "date", "author"}
TODAY = "2026-12-01"


def run(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


def ok(runner: CliRunner, *args: str) -> Result:
    result = run(runner, *args)
    assert result.exit_code == 0, result.output
    return result


def fails(runner: CliRunner, code: ExitCode, *args: str) -> Result:
    result = run(runner, *args)
    assert result.exit_code == int(code), result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # one line
    return result


def _record(folder: Path, slug: str, status: str, recommendations: list[str], date: str = "2025-06") -> None:
    fields: dict[str, Any] = {
        "slug": slug,
        "title": f"Review {slug}",
        "kind": "learning-review",
        "date": date,
        "status": status,
        "themes": ["neglect"] if status == "published" else ["domestic-abuse"],
        "recommendations": recommendations,
    }
    text = "".join(f"{k} = {json.dumps(v)}\n" for k, v in fields.items())
    (folder / f"{slug}.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def cli(seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A library with two reviews that have recommendations: one published, one restricted."""
    monkeypatch.setenv("LEARNKIT_TODAY", TODAY)
    monkeypatch.setenv("LEARNKIT_USER", "Business Unit")
    folder = tmp_path / "new-records"
    folder.mkdir()
    _record(folder, "review-a", "published", ["Use interpreters.", "Audit neglect cases.", "Train staff."])
    _record(folder, "secret-b", "restricted", ["Share information."])
    runner = CliRunner()
    ok(runner, "import", str(folder))
    return runner


def plan(cli: CliRunner) -> None:
    """Responses and four actions: overdue, due soon, on track, and one on the restricted record."""
    ok(cli, "actions", "respond", "review-a", "1", "accepted", "--outcome", "Parents understood")
    ok(cli, "actions", "respond", "review-a", "2", "not-accepted", "--reason", "Covered by national work")
    ok(
        cli,
        "actions",
        "add",
        "review-a",
        "1",
        "Audit interpreter use",
        "--owner",
        "Police",
        "--due",
        "2026-11-01",
    )
    ok(
        cli,
        "actions",
        "add",
        "review-a",
        "1",
        "Train on interpreters",
        "--owner",
        "Health",
        "--due",
        "2026-12-20",
    )
    ok(cli, "actions", "add", "review-a", "3", "Neglect training", "--owner", "Health", "--due", "2027-06-01")
    ok(cli, "actions", "add", "secret-b", "1", "Hidden action", "--owner", "Police", "--due", "2027-06-01")


def listed(cli: CliRunner, *args: str) -> list[dict[str, Any]]:
    data = json.loads(ok(cli, "actions", *args, "--json").stdout)
    assert isinstance(data, list)
    return data


def test_help_has_an_example(cli: CliRunner) -> None:
    for command in ("", "respond", "add", "update", "report", "export", "import", "history"):
        result = ok(cli, *["actions", command, "--help"] if command else ["actions", "--help"])
        assert "Example: learnkit actions" in result.stdout


def test_respond_human_json_and_errors(cli: CliRunner) -> None:
    result = ok(cli, "actions", "respond", "review-a", "1", "partly", "--reason", "Police part is national")
    assert "review-a recommendation 1: accepted in part" in result.stderr
    again = json.loads(ok(cli, "actions", "respond", "review-a", "1", "accepted", "--json").stdout)
    assert set(again) >= RESPONSE_KEYS and again["response"] == "accepted" and again["date"] == TODAY
    assert again["changed"] == ["response", "reason"] and again["author"] == "Business Unit"
    same = ok(cli, "actions", "respond", "review-a", "1", "accepted")
    assert "nothing changed" in same.stderr
    assert (
        "needs its reason"
        in fails(cli, ExitCode.INVALID, "actions", "respond", "review-a", "2", "not-accepted").stderr
    )
    assert (
        "must be one of"
        in fails(cli, ExitCode.INVALID, "actions", "respond", "review-a", "2", "maybe").stderr
    )
    assert (
        "no recommendation 4"
        in fails(cli, ExitCode.NOT_FOUND, "actions", "respond", "review-a", "4", "accepted").stderr
    )
    fails(cli, ExitCode.NOT_FOUND, "actions", "respond", "review-a", "0", "accepted")
    fails(cli, ExitCode.NOT_FOUND, "actions", "respond", "no-such-review", "1", "accepted")
    said = fails(cli, ExitCode.NOT_FOUND, "actions", "respond", "patrick-scr", "1", "accepted").stderr
    assert "no recommendations" in said and "learnkit edit patrick-scr" in said  # and how to add them


def test_add_gives_stable_ids(cli: CliRunner) -> None:
    first = ok(cli, "actions", "add", "review-a", "2", "First", "--owner", "Police", "--due", "2027-01-31")
    assert first.stdout.strip() == "review-a/2.1"
    data = json.loads(
        ok(
            cli,
            "actions",
            "add",
            "review-a",
            "2",
            "Second",
            "--owner",
            "Health",
            "--due",
            "31/01/2027",
            "--review",
            "2026-12-15",
            "--lead",
            "Dr Lee",
            "--json",
        ).stdout
    )
    assert set(data) >= ACTION_KEYS
    assert data["id"] == "review-a/2.2" and data["due"] == "2027-01-31" and data["lead"] == "Dr Lee"
    assert data["status"] == "not-started" and data["notes"] == [] and data["rag"] == "green"
    assert data["impact_review"] == "2026-06-30"  # the record's date (2025-06) plus twelve months
    assert [a["id"] for a in listed(cli)] == ["review-a/2.1", "review-a/2.2"]
    assert (
        "YYYY-MM-DD"
        in fails(
            cli, ExitCode.INVALID, "actions", "add", "review-a", "2", "x", "--owner", "P", "--due", "soon"
        ).stderr
    )
    fails(
        cli, ExitCode.INVALID, "actions", "add", "review-a", "2", " ", "--owner", "P", "--due", "2027-01-01"
    )
    fails(
        cli, ExitCode.NOT_FOUND, "actions", "add", "review-a", "9", "x", "--owner", "P", "--due", "2027-01-01"
    )
    assert run(cli, "actions", "add", "review-a", "2", "x", "--owner", "P").exit_code == int(ExitCode.USAGE)


def test_update_status_notes_evidence_and_rag_override(cli: CliRunner, home: Path, tmp_path: Path) -> None:
    plan(cli)
    result = ok(
        cli, "actions", "update", "review-a/1.2", "--status", "in progress", "--note", "Sessions booked"
    )
    assert "review-a/1.2 status: not-started -> in-progress" in result.stdout
    evidence = tmp_path / "attendance.pdf"
    evidence.write_bytes(b"%PDF-1.4 attendance list")
    data = json.loads(
        ok(cli, "actions", "update", "review-a/1.2", "--evidence", str(evidence), "--json").stdout
    )
    assert data["evidence"][0]["file"] == "attendance.pdf"
    assert (home / "files" / f"{data['evidence'][0]['hash']}.pdf").read_bytes() == evidence.read_bytes()
    assert data["notes"][0] == {"date": TODAY, "text": "Sessions booked", "author": "Business Unit"}
    assert (
        "needs its reason"
        in fails(cli, ExitCode.INVALID, "actions", "update", "review-a/1.2", "--rag", "red").stderr
    )
    data = json.loads(
        ok(
            cli, "actions", "update", "review-a/1.2", "--rag", "red", "--reason", "Trainer left", "--json"
        ).stdout
    )
    assert data["rag"] == "red" and data["rag_derived"] == "amber" and data["rag_reason"] == "Trainer left"
    data = json.loads(ok(cli, "actions", "update", "review-a/1.2", "--rag", "auto", "--json").stdout)
    assert data["rag"] == "amber" and not data["rag_overridden"]
    data = json.loads(ok(cli, "actions", "update", "review-a/1.1", "--due", "2027-03-01", "--json").stdout)
    assert data["due"] == "2027-03-01" and data["rag"] == "green" and data["changed"] == ["due"]
    fails(cli, ExitCode.NOT_FOUND, "actions", "update", "review-a/7.1", "--status", "complete")
    fails(cli, ExitCode.NOT_FOUND, "actions", "update", "review-a", "--status", "complete")
    fails(cli, ExitCode.INVALID, "actions", "update", "review-a/1.1", "--status", "done")
    fails(cli, ExitCode.INVALID, "actions", "update", "review-a/1.1", "--due", "2027-02-30")
    assert "nothing to update" in fails(cli, ExitCode.INVALID, "actions", "update", "review-a/1.1").stderr


def test_every_change_is_in_the_history_with_its_author(cli: CliRunner) -> None:
    from learnkit.operations.actions import history
    from learnkit.operations.library import Library

    plan(cli)
    ok(cli, "actions", "update", "review-a/1.1", "--status", "complete")
    lib = Library(Path(os.environ["LEARNKIT_HOME"]))
    entries = history(lib)
    assert {e["author"] for e in entries} == {"Business Unit"}
    assert {
        "target": "review-a/1.1",
        "field": "status",
        "old": "not-started",
        "new": "complete",
    }.items() <= entries[-1].items()
    assert [e["field"] for e in entries].count("added") == 4
    lib.close()


def test_history_command(cli: CliRunner) -> None:
    plan(cli)
    ok(cli, "actions", "update", "review-a/1.1", "--status", "in-progress")
    out = ok(cli, "actions", "history", "review-a/1.1").stdout
    assert "Business Unit  review-a/1.1 added: Audit interpreter use" in out
    assert "review-a/1.1 status: not-started -> in-progress" in out and "review-a/1.2" not in out
    entries = json.loads(ok(cli, "actions", "history", "review-a", "--json").stdout)
    assert {e["target"] for e in entries} == {
        "review-a/1",
        "review-a/2",
        "review-a/1.1",
        "review-a/1.2",
        "review-a/3.1",
    }
    assert all({"time", "author", "target", "field", "old", "new"} <= set(e) for e in entries)
    recommendation = json.loads(ok(cli, "actions", "history", "review-a/1", "--json").stdout)
    assert {e["target"] for e in recommendation} == {"review-a/1", "review-a/1.1", "review-a/1.2"}
    assert "No changes recorded" in ok(cli, "actions", "history", "patrick-scr").stdout


def test_what_show_and_themes_can_call(cli: CliRunner) -> None:
    from learnkit.knowledge.actions import today
    from learnkit.operations.library import Library
    from learnkit.operations.tracker import open_actions_by_record, record_plan

    plan(cli)
    ok(cli, "actions", "update", "review-a/3.1", "--status", "complete")
    lib = Library(Path(os.environ["LEARNKIT_HOME"]))
    recs = record_plan(lib, "review-a", today())
    assert [r["number"] for r in recs] == [1, 2, 3]
    assert recs[0]["response"]["response"] == "accepted" and len(recs[0]["actions"]) == 2
    assert recs[1]["actions"] == [] and recs[2]["actions"][0]["status"] == "complete"
    assert [r["response"] for r in record_plan(lib, "secret-b", today())] == [None]
    assert open_actions_by_record(lib) == {"review-a": 2, "secret-b": 1}
    lib.close()


def test_listing_groups_by_record_with_rag_words_and_filters(cli: CliRunner) -> None:
    plan(cli)
    result = ok(cli, "actions")
    out = result.stdout
    assert out.index("Review review-a") < out.index("1. Use interpreters.") < out.index("review-a/1.1")
    assert "RED" in out and "AMBER" in out and "GREEN" in out and "OVERDUE" in out
    assert "[accepted]" in out and "[no response yet]" in out
    assert "4 actions (1 red, 1 amber, 2 green) on 2026-12-01" in out
    everything = listed(cli)
    assert all(set(a) >= ACTION_KEYS for a in everything)
    assert [a["id"] for a in listed(cli, "--overdue")] == ["review-a/1.1"]
    assert [a["id"] for a in listed(cli, "--rag", "amber")] == ["review-a/1.2"]
    assert [a["id"] for a in listed(cli, "--owner", "health")] == ["review-a/1.2", "review-a/3.1"]
    assert [a["id"] for a in listed(cli, "--due-before", "2026-12-31")] == ["review-a/1.1", "review-a/1.2"]
    assert [a["id"] for a in listed(cli, "--record", "secret-b")] == ["secret-b/1.1"]
    assert [a["id"] for a in listed(cli, "--theme", "domestic abuse")] == ["secret-b/1.1"]
    assert listed(cli, "--status", "complete") == []
    fails(cli, ExitCode.INVALID, "actions", "--rag", "purple")
    fails(cli, ExitCode.INVALID, "actions", "--due-before", "tomorrow")
    fails(cli, ExitCode.NOT_FOUND, "actions", "--theme", "no-such-theme")
    assert "No actions match" in ok(cli, "actions", "--status", "complete").stdout


def test_text_is_shown_as_written_never_as_markup_or_escapes(cli: CliRunner, tmp_path: Path) -> None:
    ok(
        cli,
        "actions",
        "add",
        "review-a",
        "1",
        "[red]Audit[/red] \x1b[2J now",
        "--owner",
        "Police",
        "--due",
        "2027-01-01",
    )
    out = ok(cli, "actions").stdout
    assert "[red]Audit[/red]" in out and "\x1b" not in out
    ok(cli, "actions", "export", "-f", "xlsx", "-o", str(tmp_path / "t.xlsx"))  # a workbook takes it


def test_impact_review_can_be_set(cli: CliRunner) -> None:
    ok(
        cli,
        "actions",
        "add",
        "review-a",
        "1",
        "A",
        "--owner",
        "P",
        "--due",
        "2027-01-01",
        "--impact-review",
        "2027-06-30",
    )
    data = json.loads(
        ok(cli, "actions", "update", "review-a/1.1", "--impact-review", "2027-09-30", "--json").stdout
    )
    assert data["impact_review"] == "2027-09-30" and data["changed"] == ["impact_review"]


def test_a_bad_fixed_today_is_refused(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNKIT_TODAY", "2026-13-01")
    assert "LEARNKIT_TODAY" in fails(cli, ExitCode.INVALID, "actions").stderr


def test_the_day_moves_the_ratings(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    plan(cli)
    monkeypatch.setenv("LEARNKIT_TODAY", "2027-07-01")
    assert {a["rag"] for a in listed(cli, "--record", "review-a")} == {"red"}


def test_an_empty_tracker_says_how_to_start(cli: CliRunner) -> None:
    assert "learnkit actions respond SLUG REC accepted" in ok(cli, "actions", "report").stdout
    assert "learnkit actions respond SLUG REC accepted" in ok(cli, "actions", "report", "-f", "html").stdout
    assert "No actions match" in ok(cli, "actions").stdout


def test_report_markdown(cli: CliRunner) -> None:
    plan(cli)
    ok(cli, "actions", "update", "review-a/1.1", "--impact", "Parents say they understood the plan")
    result = ok(cli, "actions", "report")
    text = result.stdout
    for heading in (
        "# Action plans",
        "### By agency",
        "### By record",
        "## Overdue",
        "## Due in the next four weeks",
        "## Records",
        "## Impact evidence",
    ):
        assert heading in text
    assert "| Police | 1 | 0 | 0 | 1 |" in text and "| Health | 0 | 1 | 1 | 2 |" in text
    assert "Response: not accepted on 2026-12-01. Covered by national work" in text
    assert "Parents say they understood the plan" in text and "impact review 2026-06-30" in text
    assert "Hidden action" not in text and "secret-b" not in text
    assert "left out the actions of 1 restricted or unpublished record" in result.stderr
    data = json.loads(ok(cli, "actions", "report", "--json").stdout)
    assert data["totals"]["rag"] == {"red": 1, "amber": 1, "green": 1}
    assert [a["id"] for a in data["overdue"]] == ["review-a/1.1"]
    assert [a["id"] for a in data["due_soon"]] == ["review-a/1.2"]
    fails(cli, ExitCode.INVALID, "actions", "report", "--format", "pdf")


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [v or "" for k, v in attrs if k in ("src", "href")]


def test_report_html_is_self_contained_with_an_svg_chart(cli: CliRunner, tmp_path: Path) -> None:
    plan(cli)
    target = tmp_path / "board.html"
    ok(cli, "actions", "report", "--format", "html", "-o", str(target))
    html = target.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    assert "svg" in page.tags and page.tags.count("rect") >= 3 + 3
    assert page.links == [] and "@import" not in html and "url(" not in html
    assert "size: A4" in html and "Audit interpreter use" in html and "Hidden action" not in html
    assert (
        "already exists"
        in fails(cli, ExitCode.EXISTS, "actions", "report", "-f", "html", "-o", str(target)).stderr
    )
    ok(cli, "actions", "report", "-f", "html", "-o", str(target), "--force", "--include-restricted")
    assert "Hidden action" in target.read_text(encoding="utf-8")


def test_restricted_actions_stay_out_of_exports_unless_asked(cli: CliRunner, tmp_path: Path) -> None:
    plan(cli)
    for fmt in ("csv", "ics"):
        result = ok(cli, "actions", "export", "-f", fmt)
        assert "Hidden action" not in result.stdout and "secret-b" not in result.stdout
        assert "left out the actions of 1 restricted or unpublished record" in result.stderr
        assert "Hidden action" in ok(cli, "actions", "export", "-f", fmt, "--include-restricted").stdout
    from openpyxl import load_workbook

    target = tmp_path / "t.xlsx"
    ok(cli, "actions", "export", "-o", str(target))
    ids = [row[0] for row in load_workbook(target)["Actions"].iter_rows(min_row=2, values_only=True)]
    assert ids == ["review-a/1.1", "review-a/1.2", "review-a/3.1"]
    police = tmp_path / "police.xlsx"
    ok(cli, "actions", "export", "-o", str(police), "--owner", "police", "--include-restricted")
    ids = [row[0] for row in load_workbook(police)["Actions"].iter_rows(min_row=2, values_only=True)]
    assert ids == ["review-a/1.1", "secret-b/1.1"]
    assert "-o FILE.xlsx" in fails(cli, ExitCode.INVALID, "actions", "export", "-f", "xlsx").stderr
    fails(cli, ExitCode.INVALID, "actions", "export", "-f", "pdf", "-o", str(tmp_path / "x.pdf"))


def test_csv_export_opens_in_excel(cli: CliRunner) -> None:
    plan(cli)
    ok(
        cli,
        "actions",
        "add",
        "review-a",
        "2",
        "=cmd|' /C calc'!A0",
        "--owner",
        "Police",
        "--due",
        "2027-01-01",
    )
    text = ok(cli, "actions", "export", "-f", "csv").stdout
    assert text.startswith("\ufeffID,Record,Record title,Rec,Recommendation,Response")
    assert "'=cmd" in text and ",=cmd" not in text


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_has_one_event_per_action_on_its_due_date(cli: CliRunner) -> None:
    plan(cli)
    text = ok(cli, "actions", "export", "-f", "ics", "--include-restricted").stdout_bytes.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = _unfold(text)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 4
    assert "UID:review-a-1.1@learnkit" in lines
    assert "DTSTART;VALUE=DATE:20261101" in lines and "DTEND;VALUE=DATE:20261102" in lines
    assert "SUMMARY:Due: Audit interpreter use - Police" in lines


def test_xlsx_round_trip(cli: CliRunner, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan(cli)
    sheet_file = tmp_path / "tracker.xlsx"
    ok(cli, "actions", "export", "-f", "xlsx", "-o", str(sheet_file))
    book = load_workbook(sheet_file)
    sheet = book["Actions"]
    headers = [c.value for c in sheet[1]]
    col = {h: n + 1 for n, h in enumerate(headers)}
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref
    validation = sheet.data_validations.dataValidation[0]
    assert validation.type == "list" and "in-progress" in validation.formula1
    status_letter = sheet.cell(row=1, column=col["Status"]).column_letter
    assert str(validation.sqref).startswith(f"{status_letter}2:")
    rags = {
        sheet.cell(row=r, column=col["RAG"]).value: sheet.cell(row=r, column=col["RAG"]).fill.fgColor.rgb
        for r in (2, 3, 4)
    }
    assert set(rags) == {"red", "amber", "green"} and len(set(rags.values())) == 3
    row = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    assert sheet.cell(row=row["review-a/1.1"], column=col["Response"]).value == "accepted"
    assert sheet.cell(row=row["review-a/1.1"], column=col["Recommendation"]).value == "Use interpreters."
    # An agency updates the sheet.
    sheet.cell(row=row["review-a/1.1"], column=col["Status"]).value = "complete"
    sheet.cell(row=row["review-a/1.1"], column=col["Add a progress note"]).value = "Audit done: 40 files"
    sheet.cell(row=row["review-a/1.2"], column=col["Due"]).value = dt.datetime(2027, 2, 1)
    sheet.cell(row=row["review-a/1.2"], column=col["Add impact evidence"]).value = "Fewer complaints"
    sheet.cell(row=row["review-a/3.1"], column=col["Status"]).value = "finished"  # a bad value
    sheet.append(["review-a/9.1"])  # a row that matches nothing
    book.save(sheet_file)
    result = run(cli, "actions", "import", str(sheet_file))
    assert result.exit_code == int(ExitCode.INVALID)
    assert "row 2: review-a/1.1 status: not-started -> complete" in result.stdout
    assert "review-a/1.2 due: 2026-12-20 -> 2027-02-01" in result.stdout
    assert (
        "row 4: Status must be one of" in result.stderr and "row 5: no action 'review-a/9.1'" in result.stderr
    )
    by_id = {a["id"]: a for a in listed(cli)}
    assert by_id["review-a/1.1"]["status"] == "complete" and by_id["review-a/1.1"]["rag"] == "green"
    assert by_id["review-a/1.1"]["notes"][-1]["text"] == "Audit done: 40 files"
    assert (
        by_id["review-a/1.2"]["due"] == "2027-02-01"
        and by_id["review-a/1.2"]["impact"][0]["text"] == "Fewer complaints"
    )
    assert by_id["review-a/3.1"]["status"] == "not-started"  # refused, not guessed
    again = json.loads(run(cli, "actions", "import", str(sheet_file), "--json").stdout)
    assert [c["field"] for c in again["changes"]] == [
        "notes",
        "impact",
    ]  # only the new-text columns add again
    assert {p["row"] for p in again["problems"]} == {4, 5}


def test_import_errors(cli: CliRunner, tmp_path: Path) -> None:
    from openpyxl import Workbook

    text = tmp_path / "plan.xlsx"
    text.write_text("ID,Status\n", encoding="utf-8")
    assert "not an XLSX workbook" in fails(cli, ExitCode.INVALID, "actions", "import", str(text)).stderr
    book = Workbook()
    book.active.append(["ID", "Status"])
    partial = tmp_path / "partial.xlsx"
    book.save(partial)
    assert (
        "lacks the columns Due, Review"
        in fails(cli, ExitCode.INVALID, "actions", "import", str(partial)).stderr
    )
    fails(cli, ExitCode.INVALID, "actions", "import", str(tmp_path / "missing.xlsx"))


def test_the_tracker_file_is_kept_safe(cli: CliRunner, home: Path) -> None:
    from learnkit.storage.actions import file_name

    plan(cli)
    mine = home / "tracker" / file_name("review-a")
    assert file_name("review-a") != file_name("secret-b")  # (else the test below proves less)
    assert sorted(p.name for p in (home / "tracker").glob("*.json")) == sorted(
        [file_name("review-a"), file_name("secret-b")]
    )
    backup = mine.with_name(mine.name + ".bak")
    before = json.loads(backup.read_text(encoding="utf-8"))
    assert len(before["records"]["review-a"]["actions"]) == 2  # the version before the last write
    mine.write_text("{not json", encoding="utf-8")
    result = fails(cli, ExitCode.STORE, "actions", "update", "review-a/1.1", "--status", "complete")
    assert "restore the backup" in result.stderr and mine.name in result.stderr
    assert mine.read_text(encoding="utf-8") == "{not json"  # never overwritten
    # Another record's file is not read by an update of this one.
    ok(cli, "actions", "update", "secret-b/1.1", "--status", "in-progress")
    broken = {"records": {"review-a": {"actions": [{"record": "review-a"}]}}}
    mine.write_text(json.dumps(broken), encoding="utf-8")
    assert "action 1 lacks its record" in fails(cli, ExitCode.STORE, "actions").stderr
    mine.write_text(json.dumps({"records": {"secret-b": {"actions": []}}}), encoding="utf-8")
    assert "belong in" in fails(cli, ExitCode.STORE, "actions", "--record", "review-a").stderr


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_report_prints_to_a4_in_headless_chromium(cli: CliRunner, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("no chromium, chromium-browser or google-chrome on PATH to print the HTML with")
    from pypdf import PdfReader

    plan(cli)
    page = tmp_path / "board.html"
    ok(cli, "actions", "report", "-f", "html", "-o", str(page))
    pdf = tmp_path / "board.pdf"
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--no-pdf-header-footer",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)}
    )
    assert pdf.exists(), done.stderr[-2000:]
    box = PdfReader(str(pdf)).pages[0].mediabox
    assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3
