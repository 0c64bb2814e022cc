"""The command line's edges: control characters, numbers, odd files, ``-o`` and the shape of errors.

Each test takes a class of failure, not one example: every command that prints a
record, every numeric option, every kind of file that is not a PDF, every command
that writes ``-o``, and a long list of bad invocations whose errors must each be
one line of bounded length, with no traceback.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from clirun import run, write_toml
from pdfmaker import make_pdf
from typer.testing import CliRunner, Result

from learnkit.commands.main import app
from learnkit.paths import STORE_NAME

# What a terminal obeys: C0 controls but tab and newline, DEL, C1 controls (ESC, CSI, OSC...).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MESSAGE_LIMIT = 500
POISON = "\x1b[2J\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\\x07\x9b31m"


def one_line_error(result: Result, code: int | None = None) -> str:
    """The command failed with one line of bounded length on stderr, and nothing on stdout."""
    assert result.exit_code != 0, result.output
    if code is not None:
        assert result.exit_code == code, result.stderr
    lines = result.stderr.strip("\n").split("\n")
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), result.stderr
    assert len(lines[0]) <= MESSAGE_LIMIT
    assert not CONTROL.search(lines[0])
    return lines[0]


# -- class 6: control characters, in and out -----------------------------------------------------------


@pytest.fixture
def poisoned(seeded: Path, tmp_path: Path) -> CliRunner:
    """The bundled records and one imported whose every text field holds terminal escapes."""
    runner = CliRunner()
    write_toml(
        tmp_path / "records",
        {
            "slug": "poisoned-review",
            "title": f"Poisoned{POISON} review",
            "kind": "learning-review",
            "date": "2024",
            "area": f"Bed{POISON}ford",
            "publisher": f"Pub{POISON}",
            "summary": f"A summary about neglect{POISON}.",
            "themes": ["neglect"],
            "learning": [f"Neglect was missed{POISON} by agencies."],
            "recommendations": [f"Agencies should{POISON} act on neglect."],
            "source": f"https://example.org/{POISON}",
        },
    )
    assert run(runner, "import", tmp_path / "records").exit_code == 0
    return runner


def test_control_characters_are_taken_out_of_every_field_on_the_way_in(poisoned: CliRunner) -> None:
    record = json.loads(run(poisoned, "show", "poisoned-review", "--json").stdout)
    texts = [record["title"], record["area"], record["summary"], record["publisher"], record["source"]]
    texts += [p["text"] for p in record["learning"] + record["recommendations"]]
    assert all(not CONTROL.search(t) for t in texts), texts
    assert record["title"].startswith("Poisoned") and record["title"].endswith(" review")


PRINTING = [
    ("show", "poisoned-review"),
    ("show", "poisoned-review", "--evidence"),
    ("list",),
    ("list", "--area", "bed"),
    ("search", "neglect"),
    ("search", "poisoned"),
    ("themes", "neglect"),
    ("export", "--format", "markdown"),
    ("export", "--format", "csv"),
    ("export", "--format", "jsonl"),
    ("brief", "poisoned-review"),
    ("brief", "neglect", "--format", "html"),
    ("trends", "--by", "area"),
    ("related", "poisoned-review"),
    ("repeats",),
    ("history",),
]


@pytest.mark.parametrize("args", PRINTING, ids=[" ".join(a) for a in PRINTING])
def test_no_command_prints_a_control_character(poisoned: CliRunner, args: tuple[str, ...]) -> None:
    result = run(poisoned, *args)
    assert result.exit_code == 0, result.output
    # CSV's lines end in CR LF: the only control character an export keeps, and only before LF.
    assert not CONTROL.search(result.stdout.replace("\r\n", "\n")), repr(result.stdout[:400])
    assert not CONTROL.search(result.stderr)


def test_a_store_edited_by_hand_with_escapes_prints_none(poisoned: CliRunner, seeded: Path) -> None:
    """A control character that got past the way in (an old store, a hand edit) is stopped on the way out."""
    store = seeded / STORE_NAME
    text = store.read_text(encoding="utf-8").replace("Poisoned", "Poisoned\\u001b[2J\\u001b]0;owned\\u0007")
    store.write_text(text, encoding="utf-8")
    for args in (
        ("show", "poisoned-review"),
        ("list",),
        ("search", "poisoned"),
        ("export", "-f", "markdown"),
    ):
        result = run(poisoned, *args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_escapes_in_file_names_and_arguments_never_reach_stderr(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    name = "evil\x1b[2J\x1b]0;title\x07.pdf"
    (inbox / name).write_bytes(b"not a pdf at all")
    added = run(runner, "add", name)
    assert added.exit_code == 1
    assert not CONTROL.search(added.stdout + added.stderr)
    for args in (("show", "nobody\x1b[2J"), ("brief", "\x1b]8;;x\x1b\\"), ("list", "--kind", "x\x1b[31m")):
        one_line_error(run(runner, *args))


# -- class 8: numbers and odd files ---------------------------------------------------------------------

HUGE = "99999999999999999999"
NUMBERS = [
    ("list", "--since", HUGE),
    ("list", "--until", "-" + HUGE),
    ("list", "--since", "0"),
    ("search", "neglect", "--since", HUGE),
    ("search", "neglect", "-n", HUGE),
    ("export", "--since", HUGE),
    ("related", "patrick-scr", "-n", HUGE),
    ("repeats", "--min-records", HUGE),
    ("history", "-n", HUGE),
    ("history", "-n", "-1"),
    ("ingest", ".", "--jobs", HUGE),
    *(("add", "x.pdf", "--timeout", t) for t in ("inf", "-inf", "nan", "1e308", "0", "-5", "86401")),
    *(("attach", "patrick-scr", "x.pdf", "--timeout", t) for t in ("inf", "nan")),
    *(("ingest", ".", "--timeout", t) for t in ("inf", "nan")),
]


@pytest.mark.parametrize("args", NUMBERS, ids=[" ".join(a) for a in NUMBERS])
def test_every_number_out_of_range_is_one_line_saying_the_range(
    runner: CliRunner, seeded: Path, inbox: Path, args: tuple[str, ...]
) -> None:
    before = (seeded / STORE_NAME).read_bytes()
    line = one_line_error(run(runner, *args), 4)
    assert re.search(r"from \d+ to \d+|above 0 and at most", line), line
    assert (seeded / STORE_NAME).read_bytes() == before


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _loop(path: Path) -> Path:
    path.symlink_to(path)
    return path


def _dangling(path: Path) -> Path:
    path.symlink_to(path.parent / "nowhere.pdf")
    return path


def _huge_non_pdf(path: Path) -> Path:
    with open(path, "wb") as handle:  # sparse: 2 GB that take no room and no time
        handle.write(b"PK\x03\x04 a zip file, not a PDF")
        handle.truncate(2 * 1024**3)
    return path


ODD_FILES = {
    "fifo": (_fifo, "unreadable", "not a plain file"),
    "symlink loop": (_loop, "unreadable", "symbolic link loop"),
    "dangling symlink": (_dangling, "unreadable", "does not exist"),
    "2 GB not a PDF": (_huge_non_pdf, "not-a-pdf", "no %PDF- header"),
}


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symlinks as Unix makes them")
@pytest.mark.parametrize("kind", list(ODD_FILES))
def test_every_odd_file_is_named_for_what_it_is(
    runner: CliRunner, seeded: Path, inbox: Path, kind: str
) -> None:
    make, reason, words = ODD_FILES[kind]
    odd = make(inbox / "odd.pdf")
    make_pdf(inbox / "good.pdf", ["A real page about neglect and the child."])
    data = json.loads(run(runner, "add", odd.name, "good.pdf", "--json").stdout)
    assert [f["reason"] for f in data["failed"]] == [reason]
    assert words in data["failed"][0]["message"]
    assert len(data["added"]) == 1  # the good file beside it still goes in
    human = run(runner, "attach", data["added"][0]["slug"], odd.name)
    assert human.exit_code == 1 and words in human.stdout


def test_a_device_is_not_a_pdf_file(runner: CliRunner, seeded: Path) -> None:
    if not Path(os.devnull).exists() or sys.platform == "win32":
        pytest.skip("no null device file")
    data = json.loads(run(runner, "add", os.devnull, "--json").stdout)
    assert data["failed"][0]["reason"] == "unreadable" and "not a plain file" in data["failed"][0]["message"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks as Unix makes them")
def test_ingest_accounts_for_every_file_it_skips(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    make_pdf(folder / "sub" / "one.pdf", ["A page about neglect of a child at home."])
    make_pdf(folder / ".secret.pdf", ["A hidden page."])
    make_pdf(folder / ".hidden" / "two.pdf", ["A page in a hidden folder."])
    (folder / "notes.txt").write_text("not a PDF")
    (folder / "linked").symlink_to(folder / "sub")
    _fifo(folder / "pipe.pdf")
    data = json.loads(run(runner, "ingest", folder, "--json").stdout)
    assert len(data["added"]) == 1
    skipped = {Path(s["path"]).name: s["why"] for s in data["skipped"]}
    assert skipped[".secret.pdf"] == "hidden file"
    assert skipped[".hidden"] == "hidden folder"
    assert "not followed" in skipped["linked"]
    assert "notes.txt" not in skipped
    assert [Path(f["file"]).name for f in data["failed"]] == ["pipe.pdf"]
    human = run(runner, "ingest", folder)
    assert "hidden file" in human.stdout and "skipped" in human.stdout.splitlines()[-1]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any folder")
def test_ingest_says_which_folder_it_could_not_read(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    (folder / "locked").mkdir(parents=True)
    make_pdf(folder / "locked" / "a.pdf", ["A page."])
    (folder / "locked").chmod(0)
    try:
        data = json.loads(run(runner, "ingest", folder, "--json").stdout)
    finally:
        (folder / "locked").chmod(0o700)
    assert any("cannot be read" in s["why"] for s in data["skipped"])


# -- class 10: -o and messages ----------------------------------------------------------------------------

WRITERS = [
    ("export", "--format", "json"),
    ("brief", "neglect"),
    ("actions", "report"),
    ("actions", "export", "--format", "csv"),
    ("new",),
]
# `site -o` names a folder, not a file: tests/test_site.py checks what it refuses and replaces.
FOLDER_WRITERS = {"site"}


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks as Unix makes them")
@pytest.mark.parametrize("args", WRITERS, ids=[" ".join(a) for a in WRITERS])
def test_o_never_replaces_a_symlink_nor_writes_into_the_library(
    runner: CliRunner, seeded: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "link.out"
    link.symlink_to(target)
    one_line_error(run(runner, *args, "-o", link, "--force"), 4)
    assert link.is_symlink() and target.read_text() == "keep me"
    dangling = tmp_path / "dangling.out"
    dangling.symlink_to(tmp_path / "nowhere")
    one_line_error(run(runner, *args, "-o", dangling), 4)
    assert dangling.is_symlink() and not (tmp_path / "nowhere").exists()
    store = (seeded / STORE_NAME).read_bytes()
    for inside in (seeded / STORE_NAME, seeded / "new.out"):
        assert "inside the library" in one_line_error(run(runner, *args, "-o", inside, "--force"), 4)
    assert (seeded / STORE_NAME).read_bytes() == store and not (seeded / "new.out").exists()
    if Path(os.devnull).exists():
        one_line_error(run(runner, *args, "-o", os.devnull, "--force"), 4)
    plain = tmp_path / "plain.out"
    assert run(runner, *args, "-o", plain).exit_code == 0 and plain.stat().st_size > 0


def test_a_huge_value_gives_a_short_error(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    write_toml(tmp_path / "records", {"slug": "huge-kind", "title": "Huge", "kind": "k" * 1_000_000})
    result = run(runner, "import", tmp_path / "records")
    assert result.exit_code == 4
    assert all(len(line) <= MESSAGE_LIMIT for line in result.stderr.splitlines())
    assert "k" * 100 not in result.stderr  # the value is cut or left out, never printed whole
    assert "field 'kind'" in result.stderr


def test_import_errors_are_one_line_each_however_long(
    runner: CliRunner, seeded: Path, tmp_path: Path
) -> None:
    deep = tmp_path / ("a-very-long-folder-name-for-records-" * 4) / "more"
    for n in range(3):
        write_toml(deep, {"slug": f"bad-{n}", "title": "Bad", "kind": "not-a-kind-" + "x" * 40})
    result = run(runner, "import", deep)
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed")]
    assert len(failed) == 3 and all("bad-" in line and "kind" in line for line in failed)


def test_a_stale_index_note_never_comes_before_an_error(runner: CliRunner, seeded: Path) -> None:
    assert run(runner, "search", "neglect").exit_code == 0
    (seeded / STORE_NAME).write_text("{ this is not json", encoding="utf-8")
    result = run(runner, "search", "neglect")
    assert "bringing the search index" not in result.stderr
    one_line_error(result)


BAD = [
    ("no-such-command",),
    ("list", "--no-such-option"),
    ("list", "--since", "year"),
    ("list", "--kind"),
    ("add",),
    ("search",),
    ("show",),
    ("show", "no-such-record-anywhere"),
    ("show", "x" * 100_000),
    ("list", "--kind", "k" * 100_000),
    ("list", "--status", "secret"),
    ("list", "--theme", "no-such-theme"),
    ("export", "--format", "pdf"),
    ("brief", "no-such-theme-or-record"),
    ("trends", "--by", "colour"),
    ("related", "nobody"),
    ("tag", "patrick-scr", "no-such-theme"),
    ("ingest", "/no/such/folder"),
    ("import", "/no/such/file.toml"),
    ("actions", "add", "patrick-scr", "99", "Text", "--owner", "Police", "--due", "2026-02-30"),
    ("actions", "update", "nobody/1.1", "--status", "complete"),
    ("actions", "export", "--format", "xlsx"),
    ("--library", "/no/such/parent/library", "list"),
    ("--library", "/no/such/parent/library", "actions"),
]


@pytest.mark.parametrize("args", BAD, ids=[" ".join(a)[:60] for a in BAD])
def test_every_error_is_one_line_of_bounded_length(
    runner: CliRunner, seeded: Path, args: tuple[str, ...]
) -> None:
    one_line_error(run(runner, *args))


def test_every_command_with_o_is_tried_with_a_symlink_and_the_library() -> None:
    """A new command writing -o is added to WRITERS, so that its -o is tried like the others'."""
    from typer.main import get_command

    writing: set[str] = set()

    def walk(command: Any, path: list[str]) -> None:
        subs = getattr(command, "commands", None)
        if subs:
            for name in list(subs):
                walk(subs[name], [*path, name])
        elif any(p.name == "output" for p in command.params):
            writing.add(" ".join(path))

    walk(get_command(app), [])
    assert writing - FOLDER_WRITERS == {" ".join(a[: 2 if a[0] == "actions" else 1]) for a in WRITERS}


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_in_the_account_not_a_usage_error(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    make_pdf(inbox / "locked.pdf", ["A page."])
    (inbox / "locked.pdf").chmod(0)
    data = json.loads(run(runner, "add", "locked.pdf", "--json").stdout)
    assert data["failed"][0]["reason"] == "unreadable" and "cannot read it" in data["failed"][0]["message"]
