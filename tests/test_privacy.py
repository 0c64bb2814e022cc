"""Restricted and unpublished records never reach a report or an export unless asked for.

A restricted and an unpublished record are planted with words found nowhere
else, with actions under their recommendations, and a published record names
them in ``related`` and shares their learning word for word. Every report and
export, in every format, is run without ``--include-restricted`` and its output
(stdout, stderr and the file written) searched for those words and slugs.
The same runs with ``--include-restricted`` find them, so the search can fail.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from clirun import run
from typer.testing import CliRunner

from learnkit.commands.main import app

SECRET = "secret-review-alpha"
UNPUBLISHED = "hidden-audit-beta"
OPEN = "open-review-gamma"
# Every word here is in the private records only (title, area, summary, learning, actions).
PRIVATE_WORDS = (SECRET, UNPUBLISHED, "zanzibarquux", "xylophonequork", "quuxshire", "Alpha Secret")
SHARED_POINT = "Practitioners did not share concerns about the child's weight with the school nurse promptly."


TRIO = ["domestic-abuse", "parental-mental-health", "parental-substance-misuse", "neglect"]
RECORDS = [
    {
        "slug": SECRET,
        "title": "Alpha Secret review of zanzibarquux",
        "kind": "learning-review",
        "date": "2024",
        "area": "Quuxshire",
        "status": "restricted",
        "summary": "The zanzibarquux family were known to every agency.",
        "themes": TRIO,
        "learning": [SHARED_POINT, "Zanzibarquux agencies did not meet."],
        "recommendations": ["Agencies should audit zanzibarquux referrals."],
    },
    {
        "slug": UNPUBLISHED,
        "title": "Audit of xylophonequork cases",
        "kind": "multi-agency-audit",
        "date": "2023",
        "area": "Quuxshire",
        "status": "unpublished",
        "summary": "Xylophonequork cases were audited.",
        "themes": TRIO,
        "learning": [SHARED_POINT],
        "recommendations": ["Xylophonequork plans should be reviewed."],
    },
    {
        "slug": OPEN,
        "title": "Open review of a neglected child",
        "kind": "learning-review",
        "date": "2025",
        "area": "Bedford Borough",
        "themes": TRIO,
        "learning": [SHARED_POINT],
        "recommendations": ["Schools should be invited to every strategy meeting."],
        "related": [SECRET, UNPUBLISHED],
    },
]
# Actions under the first recommendation of each: a response and an action for the private two.
ACTIONS = [
    *(
        command
        for slug, owner in ((SECRET, "Zanzibarquux Police"), (UNPUBLISHED, "Xylophonequork Health"))
        for command in (
            ["actions", "respond", slug, "1", "accepted", "--reason", f"{owner} agreed"],
            ["actions", "add", slug, "1", f"{owner} audit", "--owner", owner, "--due", "2026-06-01"],
        )
    ),
    ["actions", "add", OPEN, "1", "Invite schools", "--owner", "Education", "--due", "2026-06-01"],
]


@pytest.fixture
def cli(library_with: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("LEARNKIT_TODAY", "2026-12-01")
    library_with("privacy", records=RECORDS, commands=ACTIONS, env={"LEARNKIT_TODAY": "2026-12-01"})
    return CliRunner()


def _file_text(path: Path) -> str:
    if path.is_dir():  # a website: every file in it
        return "\n".join(_file_text(p) for p in sorted(path.rglob("*")) if p.is_file() and p.suffix != ".pdf")
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return "\n".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    return path.read_text(encoding="utf-8-sig")


# Every report and export, in every format: (arguments, the file's suffix when it writes one with -o).
REPORTS: list[tuple[tuple[str, ...], str]] = [
    *((("export", "--format", fmt), "") for fmt in ("json", "jsonl", "csv", "markdown")),
    (("export", "--format", "json", "-o", "{out}"), ".json"),
    (("brief", "neglect"), ""),
    (("brief", "domestic", "abuse", "--format", "html"), ""),
    (("brief", "toxic-trio", "--format", "html", "-o", "{out}"), ".html"),
    (("brief", OPEN), ""),
    (("trends",), ""),
    (("trends", "--json"), ""),
    (("trends", "--by", "area"), ""),
    (("trends", "--by", "kind", "--json"), ""),
    (("trends", "--theme", "toxic-trio"), ""),
    (("trends", "--actions"), ""),
    (("trends", "--actions", "--by", "area", "--json"), ""),
    (("related", OPEN), ""),
    (("related", OPEN, "--json"), ""),
    (("repeats",), ""),
    (("repeats", "--json"), ""),
    (("actions", "report"), ""),
    (("actions", "report", "--format", "html", "-o", "{out}"), ".html"),
    (("actions", "report", "--json"), ""),
    (("actions", "export", "--format", "xlsx", "-o", "{out}"), ".xlsx"),
    (("actions", "export", "--format", "csv"), ""),
    (("actions", "export", "--format", "ics", "-o", "{out}"), ".ics"),
    (("new", "--since", "2000-01-01"), ""),
    (("new", "--since", "2000-01-01", "--format", "html", "-o", "{out}"), ".html"),
    (("site", "-o", "{out}"), "-site"),
]


def _report(cli: CliRunner, tmp_path: Path, args: tuple[str, ...], suffix: str, *extra: str) -> str:
    out = tmp_path / f"report{suffix}"
    result = run(cli, *(a.replace("{out}", str(out)) for a in args), *extra)
    assert result.exit_code == 0, result.output
    said = result.stdout + result.stderr
    return said + (_file_text(out) if suffix else "")


@pytest.mark.parametrize(("args", "suffix"), REPORTS, ids=[" ".join(a) for a, _ in REPORTS])
def test_no_report_or_export_names_a_private_record(
    cli: CliRunner, tmp_path: Path, args: tuple[str, ...], suffix: str
) -> None:
    text = _report(cli, tmp_path, args, suffix).lower()
    leaked = [w for w in PRIVATE_WORDS if w.lower() in text]
    assert not leaked, f"{' '.join(args)} shows {leaked}"


# The same runs with --include-restricted do show them: the planted words are there to be found.
ASKED = [r for r in REPORTS if r[0][0] in ("export", "trends", "related", "repeats") or r[0][1] == "report"]


@pytest.mark.parametrize(("args", "suffix"), ASKED, ids=[" ".join(a) for a, _ in ASKED])
def test_with_include_restricted_they_are_there(
    cli: CliRunner, tmp_path: Path, args: tuple[str, ...], suffix: str
) -> None:
    text = _report(cli, tmp_path, args, suffix, "--include-restricted").lower()
    assert any(w.lower() in text for w in PRIVATE_WORDS)


@pytest.mark.parametrize("command", [("trends",), ("related", OPEN), ("repeats",), ("export",)])
def test_a_report_says_on_stderr_how_many_it_left_out(cli: CliRunner, command: tuple[str, ...]) -> None:
    result = run(cli, *command)
    assert result.exit_code == 0
    assert "left out 2 restricted or unpublished" in result.stderr
    assert "--include-restricted" in result.stderr
    assert run(cli, *command, "--include-restricted").stderr.count("left out") == 0


def test_the_left_out_count_is_in_the_reports_json(cli: CliRunner) -> None:
    assert json.loads(run(cli, "trends", "--json").stdout)["left_out"] == 2
    assert json.loads(run(cli, "repeats", "--json").stdout)["left_out"] == 2
    assert json.loads(run(cli, "related", OPEN, "--json").stdout)["left_out"] == 2


def test_related_of_a_private_record_is_refused_unless_asked(cli: CliRunner) -> None:
    result = run(cli, "related", SECRET)
    assert result.exit_code == 4 and "--include-restricted" in result.stderr
    assert run(cli, "related", SECRET, "--include-restricted").exit_code == 0


def test_ones_own_search_show_and_list_show_them_marked_with_their_status(cli: CliRunner) -> None:
    listed = run(cli, "list").stdout
    assert SECRET in listed and "restricted" in listed and "unpublished" in listed
    found = run(cli, "search", "zanzibarquux").stdout
    assert SECRET in found and "restricted" in found
    shown = run(cli, "show", SECRET).stdout
    assert "restricted" in shown
    related = run(cli, "show", OPEN).stdout
    assert f"{SECRET} (restricted)" in related and f"{UNPUBLISHED} (unpublished)" in related


def test_open_actions_by_theme_count_private_records_only_when_asked(cli: CliRunner) -> None:
    """``themes`` shows one's own library, but its open actions by theme count as a report's do."""
    for args in (("themes", "--actions", "--json"), ("trends", "--actions", "--json")):
        said = run(cli, *args)
        asked = run(cli, *args, "--include-restricted")
        if args[0] == "themes":
            counts = {t["id"]: t["open_actions"] for t in json.loads(said.stdout)}
            all_counts = {t["id"]: t["open_actions"] for t in json.loads(asked.stdout)}
        else:
            counts = {t["id"]: t["count"] for t in json.loads(said.stdout)["open_actions"]["themes"]}
            all_counts = {t["id"]: t["count"] for t in json.loads(asked.stdout)["open_actions"]["themes"]}
        assert counts["neglect"] == 1 and all_counts["neglect"] == 3, args  # one open action a record
        assert "left out" in said.stderr and "left out" not in asked.stderr


def _commands() -> dict[str, Any]:
    """Every command and sub-command by its path ("actions report"), built as the command line builds it."""
    from typer.main import get_command

    found: dict[str, Any] = {}

    def walk(command: Any, path: list[str]) -> None:
        subs = getattr(command, "commands", None)
        if subs:
            for name in list(subs):
                walk(subs[name], [*path, name])
        elif path:
            found[" ".join(path)] = command

    walk(get_command(app), [])
    return found


# Commands that show one's own library to its owner (marked, not filtered) or change it: not reports.
OWN_LIBRARY = {"search", "show", "list", "themes", "path", "history", "actions", "actions history", "doctor"}
CHANGES = {"import", "reindex", "add", "attach", "ingest", "edit", "tag", "untag", "review", "remove"}
CHANGES |= {"rename", "init", "actions respond", "actions add", "actions update", "actions import"}


def test_every_report_is_searched_for_private_words() -> None:
    """A new command is a report (and so in REPORTS, with --include-restricted) or says why it is not."""
    commands = _commands()
    reports = {path for path, command in commands.items() if path not in OWN_LIBRARY | CHANGES}
    tested = {" ".join(a[: 2 if a[0] == "actions" else 1]) for a, _ in REPORTS}
    assert reports == tested, "classify the new command here, and search its output in REPORTS"
    for path in reports:
        names = {p.name for p in commands[path].params}
        assert "include_restricted" in names, f"{path} is a report: it needs --include-restricted"
