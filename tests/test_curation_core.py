"""The pure parts of curation: the record's TOML, the editor's command line, a person's word on themes,
the history's lines; and that a write killed part-way leaves the library (and its history) as it was."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnkit.errors import InvalidError
from learnkit.models import Evidence, Point, Record, ThemeTag
from learnkit.operations import curate, recordtoml, themetags
from learnkit.operations.edit import editor_command, set_fields
from learnkit.operations.journal import entries
from learnkit.operations.library import Library
from learnkit.operations.recordfiles import read_record_file, record_files
from learnkit.paths import STORE_NAME, records_dir
from learnkit.storage import history

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- the draft's TOML


def _round_trip(record: Record) -> Record:
    data = tomllib.loads(recordtoml.draft(record.to_dict()))
    data["documents"] = [d.to_dict() for d in record.documents]
    return Record.from_dict(data)


@pytest.mark.parametrize("path", [p for p in record_files(records_dir())], ids=lambda p: p.stem)
def test_every_bundled_record_reads_back_from_its_draft(path: Path) -> None:
    record = Record.from_dict(read_record_file(path)[0])
    assert _round_trip(record) == record


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120).map(str.strip)


@settings(max_examples=150, deadline=None)
@given(
    title=_text.filter(bool),
    summary=_text,
    point=_text.filter(bool),
    page=st.one_of(st.none(), st.integers(min_value=1, max_value=999)),
)
def test_any_text_reads_back_from_a_draft(title: str, summary: str, point: str, page: int | None) -> None:
    record = Record(
        slug="a-record",
        title=title,
        kind="learning-review",
        summary=summary,
        themes=[ThemeTag("neglect", "confirmed", [Evidence("a.pdf", 2, "x")])],
        learning=[Point(point, extracted=True, number="3", document="a b.pdf", page=page)],
        rejected_themes=["hidden-men"],
    )
    back = _round_trip(record)
    assert back.title == record.title and back.summary == record.summary
    assert back.learning == record.learning and back.rejected_themes == ["hidden-men"]
    assert [(t.id, t.origin, t.evidence) for t in back.themes] == [("neglect", "confirmed", [])]


def test_field_line_points_at_the_field() -> None:
    text = recordtoml.draft(Record("a", "A", "learning-review", learning=[Point("p")]).to_dict())
    rows = text.splitlines()
    assert rows[recordtoml.field_line(text, "kind") - 1].startswith("kind = ")  # type: ignore[operator]
    assert rows[recordtoml.field_line(text, "learning") - 1] == "[[learning]]"  # type: ignore[operator]
    assert recordtoml.field_line(text, "nothing") is None


# --------------------------------------------------------------------------- the editor


@pytest.mark.parametrize(
    ("env", "windows", "command"),
    [
        ({"EDITOR": "nano"}, False, ["nano"]),
        ({"VISUAL": "code --wait", "EDITOR": "nano"}, False, ["code", "--wait"]),
        ({"EDITOR": "'/opt/my editor/ed' -n"}, False, ["/opt/my editor/ed", "-n"]),
        (
            {"EDITOR": '"C:\\Program Files\\Notepad++\\notepad++.exe" -multiInst -nosession'},
            True,
            ["C:\\Program Files\\Notepad++\\notepad++.exe", "-multiInst", "-nosession"],
        ),
        ({"EDITOR": "C:\\tools\\vim.exe"}, True, ["C:\\tools\\vim.exe"]),
        ({}, True, ["notepad.exe"]),
    ],
)
def test_the_editor_is_split_like_a_command_line(
    env: dict[str, str], windows: bool, command: list[str]
) -> None:
    assert editor_command(env, windows=windows) == command


def test_an_editor_path_with_spaces_that_exists_is_one_word(tmp_path: Path) -> None:
    script = tmp_path / "my editor.sh"
    script.write_text("")
    assert editor_command({"EDITOR": str(script)}, windows=False) == [str(script)]


def test_no_editor_on_posix_says_what_to_set() -> None:
    with pytest.raises(InvalidError, match=r"\$VISUAL or \$EDITOR"):
        editor_command({}, windows=False)


# --------------------------------------------------------------------------- themes


def _record() -> Record:
    return Record(
        "r",
        "R",
        "learning-review",
        themes=[
            ThemeTag("neglect", "manual"),
            ThemeTag("hidden-men", "confirmed", [Evidence("a.pdf", 1, "old")]),
            ThemeTag("domestic-abuse", "detected", [Evidence("a.pdf", 2, "x")]),
        ],
        rejected_themes=["physical-abuse"],
    )


def test_a_new_detection_keeps_what_a_person_said() -> None:
    record = _record()
    detected = [
        ThemeTag("physical-abuse", "detected", [Evidence("a.pdf", 3, "y")]),
        ThemeTag("hidden-men", "detected", [Evidence("a.pdf", 4, "new")]),
        ThemeTag("neglect", "detected", [Evidence("a.pdf", 5, "z")]),
    ]
    themes = themetags.redetected(record, detected)
    assert [(t.id, t.origin) for t in themes] == [("neglect", "manual"), ("hidden-men", "confirmed")]
    assert themes[1].evidence == [Evidence("a.pdf", 4, "new")]
    # A confirmed theme no longer detected stays, with the evidence it had.
    assert [(t.id, t.origin, t.evidence) for t in themetags.redetected(record, [])][1] == (
        "hidden-men",
        "confirmed",
        [Evidence("a.pdf", 1, "old")],
    )


def test_untag_and_tag() -> None:
    record = _record()
    assert themetags.take_off(record, "neglect") == "removed"
    assert themetags.take_off(record, "domestic-abuse") == "rejected"
    assert record.rejected_themes == ["physical-abuse", "domestic-abuse"]
    assert themetags.add_manual(record, ["physical-abuse", "hidden-men"]) == ["physical-abuse", "hidden-men"]
    assert record.rejected_themes == ["domestic-abuse"]
    assert {t.id: t.origin for t in record.themes} == {"hidden-men": "manual", "physical-abuse": "manual"}


def test_review_decisions_on_points_hold_their_positions() -> None:
    record = Record(
        "r",
        "R",
        "learning-review",
        learning=[Point("a", extracted=True), Point("b", extracted=True), Point("c", extracted=True)],
        themes=[ThemeTag("neglect", "detected")],
    )
    items = themetags.to_review(record)
    assert items[0] == ("theme", "neglect", 0) and len(items) == 4
    themetags.apply(record, [(items[1], False), (items[2], True), (items[3], False), (items[0], True)])
    assert record.learning == [Point("b", extracted=False)]
    assert record.themes[0].origin == "confirmed"


# --------------------------------------------------------------------------- history lines


def test_changes_keep_values_of_metadata_and_only_say_text_changed() -> None:
    old = Record(
        "r", "Old", "learning-review", summary="Words of a document.", learning=[Point("p")]
    ).to_dict()
    new = Record("r", "New", "learning-review", summary="Other words.", learning=[]).to_dict()
    found = history.changes(old, new)
    assert {"field": "title", "old": "Old", "new": "New"} in found
    assert {"field": "summary", "changed": True} in found
    assert {"field": "learning", "changed": True} in found
    assert "Words of a document." not in json.dumps(found)
    assert history.changes(old, old) == []


def test_the_history_skips_a_line_a_crash_cut_short(tmp_path: Path) -> None:
    line = history.entry("tag", "r", None, Record("r", "R", "learning-review").to_dict())
    assert line is not None
    with history.appended(tmp_path, [line]):
        pass
    with open(tmp_path / history.HISTORY_NAME, "ab") as handle:
        handle.write(b'{"when": "2026-01-01", "slug": "cut')  # a kill mid-line
    with history.appended(tmp_path, [line]):
        pass
    assert [e["slug"] for e in history.read(tmp_path)] == ["r", "r"]


def test_a_failed_write_takes_its_history_lines_back(tmp_path: Path) -> None:
    line = history.entry("tag", "r", None, Record("r", "R", "learning-review").to_dict())
    assert line is not None
    with history.appended(tmp_path, [line]):
        pass
    before = (tmp_path / history.HISTORY_NAME).read_bytes()
    with pytest.raises(RuntimeError), history.appended(tmp_path, [line, line]):
        raise RuntimeError("the store write failed")
    assert (tmp_path / history.HISTORY_NAME).read_bytes() == before


# --------------------------------------------------------------------------- writes that fail


@pytest.mark.parametrize(
    "change",
    [
        lambda lib: set_fields(lib, "rosza-malika", ["title=Changed"]),
        lambda lib: curate.tag(lib, "rosza-malika", ["domestic-abuse"]),
        lambda lib: curate.untag(lib, "rosza-malika", ["voice-of-the-child"]),
        lambda lib: curate.remove(lib, ["keanu-williams-scr"]),
        lambda lib: curate.rename(lib, "keanu-williams-scr", "keanu-williams"),
    ],
    ids=["edit", "tag", "untag", "remove", "rename"],
)
def test_a_write_that_fails_part_way_leaves_the_library_and_its_history_as_they_were(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, change: Any
) -> None:
    from learnkit.storage.store import SafeJSONStorage

    lib = Library(seeded)
    try:
        curate.tag(lib, "rosza-malika", ["hidden-men"])  # a history to keep
        store = (seeded / STORE_NAME).read_bytes()
        log = (seeded / history.HISTORY_NAME).read_bytes()

        def killed(self: SafeJSONStorage, data: dict[str, Any]) -> None:
            raise KeyboardInterrupt  # stands for a kill: nothing after this point runs

        with monkeypatch.context() as patch:
            patch.setattr(SafeJSONStorage, "write", killed)
            with pytest.raises(KeyboardInterrupt):
                change(lib)
    finally:
        lib.close()
    assert (seeded / STORE_NAME).read_bytes() == store
    assert (seeded / history.HISTORY_NAME).read_bytes() == log
    lib = Library(seeded)
    try:
        assert {"rosza-malika", "keanu-williams-scr"} <= {r["slug"] for r in lib.stored_records()}
    finally:
        lib.close()


def test_a_change_logged_but_never_stored_is_left_out_of_the_history(seeded: Path) -> None:
    from learnkit.operations.journal import recording

    lib = Library(seeded)
    try:
        curate.tag(lib, "rosza-malika", ["hidden-men"])
        record = lib.stored("rosza-malika")
        assert record is not None
        record.title = "Never stored"
        with lib.lock():
            logged = recording(lib, "edit", [record])
            logged.__enter__()  # the lines are on disk; then the command is killed before its store write
        raw = (seeded / history.HISTORY_NAME).read_text()
        assert "Never stored" in raw
        assert [e["command"] for e in entries(lib, "rosza-malika")] == ["tag"]
        curate.tag(lib, "rosza-malika", ["domestic-abuse"])  # the next write marks the batch as not stored
        assert "Never stored" not in json.dumps(history.read(seeded))
        assert [e["command"] for e in entries(lib, "rosza-malika")] == ["tag", "tag"]
    finally:
        lib.close()


CURATOR = """
import sys
from pathlib import Path
from learnkit.operations import curate
from learnkit.operations.edit import set_fields
from learnkit.operations.library import Library
from learnkit.paths import records_dir
lib = Library(Path(sys.argv[1]))
names = ["keanu-williams-scr", "keanu-williams"]
n = 0 if lib.stored(names[0]) is not None else 1  # where the last, killed, run left it
while True:
    old, new = names[n % 2], names[(n + 1) % 2]
    curate.rename(lib, old, new)
    curate.tag(lib, new, ["hidden-men"])
    curate.untag(lib, new, ["hidden-men"])
    set_fields(lib, new, [f"title=Keanu Williams {n}"])
    if lib.stored("js-case-file-audit") is not None:
        curate.remove(lib, ["js-case-file-audit"])
    lib.import_path(records_dir() / "js-case-file-audit.toml")
    n += 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_curator_killed_at_random_moments_leaves_a_valid_library(seeded: Path, tmp_path: Path) -> None:
    script = tmp_path / "curator.py"
    script.write_text(CURATOR)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    rng = random.Random(20261201)
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, str(script), str(seeded)], env=env, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.4, 1.5))
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate()
        assert b"Traceback" not in err
        lib = Library(seeded)
        try:
            records = [Record.from_dict(d) for d in lib.stored_records()]
            slugs = {r.slug for r in records}
            # Exactly one of the names, and every related list names records that are there.
            assert len(slugs & {"keanu-williams-scr", "keanu-williams"}) == 1
            assert all(s in slugs for r in records for s in r.related)
            assert sorted(r.slug for r in lib.records()) == sorted(slugs)  # the index agrees
        finally:
            lib.close()
        # The history tells of the changes the store holds: its newest title is the record's title.
        names = {"keanu-williams-scr", "keanu-williams"}
        lib = Library(seeded)
        try:
            told = [
                c["new"]
                for e in entries(lib)
                if e["slug"] in names
                for c in e["changes"]
                if c["field"] == "title"
            ]
        finally:
            lib.close()
        current = next(r.title for r in records if r.slug in names)
        assert told[:1] in ([], [current]), (told[:3], current)
