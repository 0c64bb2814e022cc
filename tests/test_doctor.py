"""``learnkit doctor``, and what a full disk, a kill or a hand-edited folder leaves for it to find.

Fault injection: every write point of the writing commands (file writes and renames, fsync,
the PDF copy, SQLite's writes) is made to fail with ENOSPC or EIO in turn, by a wrapper around
the file operations; each run is followed by ``doctor``: no traceback, no half record (a
record naming a file that is not there), and whatever is left ``doctor --repair`` mends.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from learnkit.commands.main import app
from learnkit.operations.doctor import diagnose
from learnkit.operations.library import Library
from tests.pdfmaker import make_pdf

# Problems that mean a record lost something it names: a fault must never leave one.
HALF_RECORD = {"files", "text", "details", "record", "store"}


class Faults:
    """Counts the write points a command passes and makes the n-th fail (with ``errno``)."""

    def __init__(self, fail_at: int | None, code: int) -> None:
        self.fail_at = fail_at
        self.code = code
        self.count = 0

    def hit(self) -> None:
        self.count += 1
        if self.fail_at is not None and self.count == self.fail_at:
            raise OSError(self.code, os.strerror(self.code))

    def wrap(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.hit()
            return real(*args, **kwargs)

        return wrapper


class FaultyConnection:
    """A SQLite connection whose writing statements are write points."""

    WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "REPLACE", "PRAGMA JOURNAL")

    def __init__(self, conn: sqlite3.Connection, faults: Faults) -> None:
        self._conn = conn
        self._faults = faults

    def _check(self, sql: str) -> None:
        if sql.lstrip().upper().startswith(self.WRITES):
            try:
                self._faults.hit()
            except OSError:
                raise sqlite3.OperationalError("database or disk is full") from None

    def execute(self, sql: str, *args: Any) -> Any:
        self._check(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> Any:
        self._check(sql)
        return self._conn.executemany(sql, *args)

    def executescript(self, sql: str) -> Any:
        self._check(sql)
        return self._conn.executescript(sql)

    def commit(self) -> None:
        self._check("UPDATE (commit)")
        self._conn.commit()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@contextmanager
def injected(monkeypatch: pytest.MonkeyPatch, faults: Faults) -> Iterator[None]:
    import learnkit.storage.index as index_module

    real_connect = sqlite3.connect
    with monkeypatch.context() as m:
        m.setattr(os, "fsync", faults.wrap(os.fsync))
        m.setattr(os, "replace", faults.wrap(os.replace))
        m.setattr(shutil, "copyfile", faults.wrap(shutil.copyfile))
        m.setattr(
            index_module.sqlite3,
            "connect",
            lambda *a, **k: FaultyConnection(real_connect(*a, **k), faults),
        )
        yield


def run(runner: Any, args: list[str]) -> Any:
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.output,
        result.exception,
    )
    return result


def check_after(runner: Any, folder: Path, what: str) -> None:
    """doctor after a failed write: one line of error, no half record, and --repair mends the rest."""
    found = diagnose(Library(folder))
    half = [p for p in found.problems if p.check in HALF_RECORD]
    assert not half, (what, [p.to_dict() for p in half])
    run(runner, ["doctor", "--repair"])
    after = diagnose(Library(folder))
    assert after.healthy, (what, [p.to_dict() for p in after.problems])


def commands(tmp_path: Path) -> dict[str, list[str]]:
    pdf = make_pdf(tmp_path / "new-review.pdf", ["Neglect of the child was missed by every agency."] * 2)
    extra = make_pdf(tmp_path / "more.pdf", ["Domestic abuse in the household was not asked about."])
    record = tmp_path / "imported-one.json"
    record.write_text(json.dumps({"slug": "imported-one", "title": "Imported", "kind": "learning-review"}))
    return {
        "add": ["add", str(pdf), "--title", "A new review", "--kind", "learning-review"],
        "attach": ["attach", "SLUG", str(extra)],
        "import": ["import", str(record)],
        "reindex": ["reindex", "--redetect"],
        "tag": ["tag", "SLUG", "THEME"],
        "edit": ["edit", "SLUG", "--set", "title=A title put right"],
        "remove": ["remove", "SLUG", "--yes"],
    }


@pytest.mark.parametrize(
    ("name", "code"),
    [(name, errno.ENOSPC) for name in ("add", "attach", "import", "reindex", "edit", "tag", "remove")]
    + [(name, errno.EIO) for name in ("add", "reindex")],
)
def test_a_failed_write_at_any_point_is_one_line_and_leaves_no_half_record(
    name: str,
    code: int,
    seeded: Path,
    runner: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = commands(tmp_path)[name]
    template = tmp_path / "template"
    shutil.copytree(seeded, template)
    lib = Library(template)
    first = lib.store.records()[0]
    theme = next(t.id for t in lib.taxonomy.themes if t.id not in {x["id"] for x in first["themes"]})
    lib.close()
    args = [first["slug"] if a == "SLUG" else theme if a == "THEME" else a for a in args]
    if name == "remove":  # remove a record with a document: its files go too
        monkeypatch.setenv("LEARNKIT_HOME", str(template))
        before = Library(template).store.slugs()
        assert run(runner, commands(tmp_path)["add"]).exit_code == 0
        [added] = Library(template).store.slugs() - before
        args = ["remove", added, "--yes"]
    counting = Faults(None, code)
    trial = tmp_path / "trial"
    shutil.copytree(template, trial)
    monkeypatch.setenv("LEARNKIT_HOME", str(trial))
    with injected(monkeypatch, counting):
        assert run(runner, args).exit_code == 0
    assert counting.count > 0
    # The first ten write points (the files and the store), then an even spread of the rest where
    # there are many (an index rebuild writes each page).
    spread = {1 + i * (counting.count - 1) // 11 for i in range(12)}
    points = sorted(set(range(1, min(counting.count, 10) + 1)) | spread | {counting.count})
    refused = 0
    for point in points:
        folder = tmp_path / f"at-{point}"
        shutil.copytree(template, folder)
        monkeypatch.setenv("LEARNKIT_HOME", str(folder))
        faults = Faults(point, code)
        with injected(monkeypatch, faults):
            result = run(runner, args)
        if result.exit_code != 0:
            refused += 1
            # 5: a store error; 1: a batch's account with the file failed for the store's reason.
            assert result.exit_code == 5 or (result.exit_code == 1 and "store" in result.output), (
                point,
                result.output,
            )
            assert "Traceback" not in result.output, (point, result.output)
            assert all(len(line) < 400 for line in result.output.splitlines()), (point, result.output)
        check_after(runner, folder, f"{name} failing at write {point} of {counting.count}")
    assert refused > 0  # the faults reached the command (a write after the store's may fail unseen)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_really_full_disk_leaves_no_half_record(
    seeded: Path, runner: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        folder = disk / "library"
        monkeypatch.setenv("LEARNKIT_HOME", str(folder))
        run(runner, ["list"])
        # Fill the disk nearly full, then add PDFs until a write fails.
        filler = disk / "filler"
        free = shutil.disk_usage(disk).free
        filler.write_bytes(b"\0" * max(free - 60_000, 0))
        failed = None
        for n in range(8):
            pdf = make_pdf(
                tmp_path / f"big-{n}.pdf",
                [f"Neglect and domestic abuse, page {p} of review {n}." * 40 for p in range(6)],
            )
            result = run(runner, ["add", str(pdf), "--title", f"Review {n}", "--kind", "learning-review"])
            if result.exit_code != 0:
                failed = result
                break
        assert failed is not None, "the disk never filled"
        # A batch (add, attach, ingest) accounts for each file: a file refused by a store error is exit 1.
        assert failed.exit_code in (1, 5) and "No space left" in failed.output
        assert "Traceback" not in failed.output
        found = diagnose(Library(folder))
        assert not [p for p in found.problems if p.check in HALF_RECORD], [
            p.to_dict() for p in found.problems
        ]
        filler.unlink()
        repaired = run(runner, ["doctor", "--repair"])
        assert diagnose(Library(folder)).healthy, repaired.output
    finally:
        subprocess.run(
            ["umount", "-l", str(disk)], capture_output=True
        )  # -l: an open handle must not keep it


# -- what doctor finds, and repairs -------------------------------------------------------------


def test_a_healthy_library_is_healthy(seeded: Path, runner: Any) -> None:
    result = run(runner, ["doctor"])
    assert result.exit_code == 0 and "healthy" in result.output
    data = json.loads(run(runner, ["doctor", "--json"]).stdout)
    assert data["healthy"] is True and data["problems"] == [] and data["checked"]["records"] > 0


def test_doctor_finds_leftovers_and_moves_them_to_lost_and_found(seeded: Path, runner: Any) -> None:
    (seeded / "files").mkdir(exist_ok=True)
    leftover = seeded / "files" / ("b" * 64 + ".pdf")
    leftover.write_bytes(b"%PDF-1.4 a restricted review a killed add left")
    tmp = seeded / ".learnkit.json.1234.tmp"
    tmp.write_bytes(b"{}")
    result = run(runner, ["doctor", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {p["path"] for p in data["problems"] if p["check"] == "leftovers"} == {str(leftover), str(tmp)}
    assert all(p["action"] for p in data["problems"])
    assert run(runner, ["doctor", "--repair"]).exit_code == 1  # it found problems (and repaired them)
    assert not leftover.exists() and not tmp.exists()
    kept = sorted(p.name for p in (seeded / "lost+found").iterdir())
    assert kept == sorted([leftover.name, tmp.name.lstrip(".")])  # moved, never deleted
    assert run(runner, ["doctor"]).exit_code == 0


def test_doctor_rebuilds_an_index_that_disagrees_or_is_damaged(seeded: Path, runner: Any) -> None:
    conn = sqlite3.connect(seeded / "index.sqlite")
    conn.execute("DROP TABLE page_fts")  # marked fresh, missing its table
    conn.commit()
    conn.close()
    assert run(runner, ["list"]).exit_code == 0  # reading commands rebuild it
    conn = sqlite3.connect(seeded / "index.sqlite")
    conn.execute("DELETE FROM records WHERE id = (SELECT min(id) FROM records)")
    conn.commit()
    conn.close()
    found = diagnose(Library(seeded))
    assert [p.check for p in found.problems] == ["index"]
    assert run(runner, ["doctor", "--repair"]).exit_code == 1
    assert diagnose(Library(seeded)).healthy


def test_an_index_or_lock_that_is_a_folder_is_a_clear_error_and_repaired(seeded: Path, runner: Any) -> None:
    for name in ("index.sqlite", ".lock"):
        path = seeded / name
        if path.exists():
            path.unlink()
        path.mkdir()
        result = run(runner, ["tag", Library(seeded).store.records()[0]["slug"], "neglect"])
        # The lock must be a file: a clear error. The index is derived: the write goes on without it.
        assert (
            result.exit_code == 0
            if name == "index.sqlite"
            else result.exit_code == 5 and "folder" in result.output
        )
        run(runner, ["doctor", "--repair"])
        assert path.is_file() or not path.exists()
        assert diagnose(Library(seeded)).healthy


def test_doctor_restores_lost_details_from_the_text(seeded: Path, runner: Any, inbox: Path) -> None:
    pdf = make_pdf(inbox / "review.pdf", ["Neglect: the child was hungry and the home was cold."] * 3)
    assert run(runner, ["add", str(pdf), "--title", "A review", "--kind", "learning-review"]).exit_code == 0
    details = list((seeded / "details").glob("*.json"))
    assert details
    for path in details:
        path.unlink()
    found = diagnose(Library(seeded))
    assert "details" in {p.check for p in found.problems}
    run(runner, ["doctor", "--repair"])
    assert diagnose(Library(seeded)).healthy


def test_a_damaged_store_record_and_hash_cache_are_reported(seeded: Path, runner: Any) -> None:
    store = json.loads((seeded / "learnkit.json").read_text())
    first = next(iter(store["records"]))
    del store["records"][first]["slug"]
    store["records"][first]["documents"] = [{"name": "no hash"}]
    (seeded / "learnkit.json").write_text(json.dumps(store))
    (seeded / "hashes.json").write_text(json.dumps({"/x.pdf": [1, 2, "../../outside"]}))
    result = run(runner, ["doctor", "--json"])
    assert result.exit_code == 1
    checks = {p["check"] for p in json.loads(result.stdout)["problems"]}
    assert {"record", "hash cache"} <= checks
    result = run(runner, ["list"])  # a clear error, never a traceback
    assert result.exit_code == 5 and "not valid" in result.output and "doctor" in result.output
