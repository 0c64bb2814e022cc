"""Hardening of the library's storage (issue 14): hostile record files, a read-only library,
private permissions, hashes that would be paths, and loose validation.

The record-file test is generative (Hypothesis): thousands of files of wrong types, huge
numbers, deep nesting, control characters and long strings go through ``import``, which must
refuse each bad one with one line naming the file and leave the store as it was.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnkit.errors import InvalidError, ReadOnlyError, StoreError
from learnkit.models import Record, validate
from learnkit.operations.importing import import_path
from learnkit.operations.library import Library
from learnkit.paths import STORE_NAME

THEME = "neglect"


def good(slug: str = "a-good-record", **fields: Any) -> dict[str, Any]:
    return {"slug": slug, "title": "A good record", "kind": "learning-review", **fields}


# -- record files as text --------------------------------------------------------------------


def toml_value(value: Any) -> str:
    """A value as TOML text (the test writes TOML files; the standard library only reads them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    assert value is None
    return "1979-05-27T07:32:00Z"  # TOML has no null; a date-time is another type JSON lacks


def toml_text(record: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(str(k))} = {toml_value(v)}\n" for k, v in record.items())


# -- what a hostile record file holds ----------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 1, 2**63, -(2**63), 10**400]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=20),  # control characters
    st.sampled_from(["", " ", "no", "yes", "2019-02-30", "../../../outside", "a" * 400, "x" * 25_000]),
)
# Flat containers of hostile scalars (deeper nesting comes as raw text below): cheap to draw.
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.sampled_from(["id", "text", "page", "hash", "x"]), scalars, max_size=3),
)
FIELDS = [
    "slug", "title", "kind", "date", "area", "publisher", "status", "summary", "summary_extracted",
    "themes", "learning", "good_practice", "recommendations", "related", "source", "documents",
    "rejected_themes", "detected",
]  # fmt: skip
ENTRY_FIELDS = {
    "learning": ["text", "extracted", "number", "document", "page"],
    "documents": ["hash", "name", "pages", "chars", "status", "error", "warnings", "size", "added"],
    "themes": ["id", "origin", "evidence"],
}


@st.composite
def hostile_records(draw: st.DrawFn) -> dict[str, Any]:
    """A record that is nearly good: a few of its fields, or an entry's, given a hostile value."""
    record = good(draw(st.sampled_from(["a-good-record", "b-good-record", "c-good-record"])))
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        record[name] = draw(values)
    if draw(st.booleans()):
        name = draw(st.sampled_from(sorted(ENTRY_FIELDS)))
        entry = {"text": "A point.", "hash": "a" * 64, "id": THEME}
        entry[draw(st.sampled_from(ENTRY_FIELDS[name]))] = draw(values)
        record[name] = [entry]
    return record


@st.composite
def record_files(draw: st.DrawFn) -> tuple[str, str]:
    """(suffix, text) of one record file."""
    suffix = draw(st.sampled_from([".json", ".toml"]))
    choice = draw(st.integers(0, 9))
    if choice == 0:  # nested far beyond any record
        depth = draw(st.sampled_from([1_000, 100_000]))
        inner = "[" * depth + "]" * depth
        return suffix, (inner if suffix == ".json" else f"learning = {inner}\n")
    if choice == 1 and suffix == ".json":  # numbers JSON has and Python's int() does not
        return suffix, json.dumps(good(learning=[{"text": "x", "page": 1}])).replace(
            '"page": 1', '"page": 1e400'
        )
    record = draw(hostile_records())
    if suffix == ".json":
        records: Any = [record, draw(hostile_records())] if draw(st.booleans()) else record
        return suffix, json.dumps(records, default=str)
    return suffix, toml_text(record)


@pytest.fixture
def lib(seeded: Path) -> Library:
    return Library(seeded)


@settings(
    max_examples=125,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(st.lists(record_files(), min_size=80, max_size=80))
def test_hostile_record_files_are_refused_one_line_each_and_leave_the_store(
    lib: Library, tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, str]]
) -> None:
    # 125 examples of 80 files: 10,000 record files through import.
    folder = tmp_path_factory.mktemp("files")
    names = []
    for n, (suffix, text) in enumerate(files):
        path = folder / f"file-{n}{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        names.append(str(path))
    before = (lib.folder / STORE_NAME).read_bytes()
    slugs_before = lib.store.slugs()
    result = import_path(lib, folder)  # no exception: every file is an outcome
    for file, message in result.failed:
        assert file in names
        assert "\n" not in message and message.startswith(file)
        assert len(message) < 600
    if not result.added and not result.updated:
        assert (lib.folder / STORE_NAME).read_bytes() == before
    assert lib.store.slugs() == slugs_before | set(result.added)
    for data in lib.stored_records():
        validate(data)  # what went in is a valid record


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "field"),
    [
        (
            "one-record.toml",
            'slug = "one-record"\ntitle = "T"\nkind = "learning-review"\nlearning = [1, 2]\n',
            "learning[0]",
        ),
        (
            "one-record.toml",
            'slug = "one-record"\ntitle = "T"\nkind = "learning-review"\nlearning = [true]\n',
            "learning[0]",
        ),
        (
            "one-record.toml",
            'slug = "one-record"\ntitle = "T"\nkind = "learning-review"\nlearning = [[1]]\n',
            "learning[0]",
        ),
        (
            "page.json",
            json.dumps(good("p", learning=[{"text": "x", "page": 1}])).replace('"page": 1', '"page": 1e400'),
            "learning[0].page",
        ),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("deep.toml", "learning = " + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("date.json", json.dumps(good(date="2019-02-30")), "'date'"),
        ("bool.json", json.dumps(good(summary_extracted="no")), "'summary_extracted'"),
        ("twice.json", json.dumps([good("twice"), good("twice")]), "two records are both 'twice'"),
        ("long.json", json.dumps(good("a" * 81)), "'slug'"),
        ("title.json", json.dumps(good(title="T" * 301)), "'title'"),
        ("hash.json", json.dumps(good(documents=[{"hash": "../../../outside"}])), "'documents[0].hash'"),
        ("upper.json", json.dumps(good(documents=[{"hash": "A" * 64}])), "'documents[0].hash'"),
        (
            "count.json",
            json.dumps(good(documents=[{"hash": "a" * 64, "pages": True}])),
            "'documents[0].pages'",
        ),
    ],
)
def test_each_known_bad_file_is_one_line_naming_its_field_and_the_good_file_goes_in(
    lib: Library, tmp_path: Path, name: str, text: str, field: str
) -> None:
    folder = tmp_path / "in"
    bad = write(folder, name, text)
    write(folder, "zz-fine.json", json.dumps(good("zz-fine")))
    result = import_path(lib, folder)
    assert result.added == ["zz-fine"]
    [(file, message)] = result.failed
    assert file == str(bad) and field in message and "\n" not in message


def test_real_calendar_dates_only() -> None:
    for date in ("2019-02-30", "2021-04-31", "2019-02-29/2020", "2023-02-29"):
        with pytest.raises(InvalidError, match="date"):
            validate(good(date=date))
    for date in ("2020-02-29", "2019", "2019-02", "2019-01-31/2019-02-28"):
        assert validate(good(date=date)).date == date


def test_booleans_must_be_booleans() -> None:
    for value in ("no", "false", 0, 1, None):
        with pytest.raises(InvalidError, match="summary_extracted"):
            validate(good(summary="S", summary_extracted=value))
        with pytest.raises(InvalidError, match=r"learning\[0\]\.extracted"):
            validate(good(learning=[{"text": "x", "extracted": value}]))
    assert validate(good(summary_extracted=True)).summary_extracted is True


def test_a_record_round_trips_through_validation() -> None:
    record = validate(
        good(
            learning=[{"text": "x", "extracted": True, "page": 3, "document": "a.pdf", "number": "1"}],
            documents=[{"hash": "0" * 64, "name": "a.pdf", "pages": 3, "size": 10}],
            themes=[
                {
                    "id": THEME,
                    "origin": "detected",
                    "evidence": [{"document": "a.pdf", "page": 3, "sentence": "s"}],
                }
            ],
        )
    )
    assert validate(record.to_dict()) == record
    assert Record.from_dict(record.to_dict()) == record


# -- permissions --------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_every_file_and_folder_the_library_makes_is_private(
    home: Path, runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from learnkit.commands.main import app
    from tests.pdfmaker import make_pdf

    old = os.umask(0o022)  # a usual umask: what learnkit makes must not follow it
    pdf = make_pdf(tmp_path / "review.pdf", ["Neglect of the child was not seen by the agencies."])
    records = write(tmp_path / "in", "imported.json", json.dumps(good("imported", related=[])))
    for args in (
        ["list"],
        ["add", str(pdf), "--title", "A review", "--kind", "learning-review"],
        ["import", str(records)],
        ["reindex"],
        ["history"],
        ["actions"],
    ):
        result = runner.invoke(app, args)  # type: ignore[attr-defined]
        assert result.exit_code == 0, (args, result.output)
    (home / "index.sqlite").chmod(0o644)  # an index an older learnkit made...
    assert runner.invoke(app, ["reindex"]).exit_code == 0  # type: ignore[attr-defined]
    paths = [home, *home.rglob("*")]
    assert any(p.name == "index.sqlite" for p in paths)
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.relative_to(home.parent)} is {oct(mode)}"
    os.umask(old)


# -- a read-only library ------------------------------------------------------------------------


def _bind_read_only(source: Path, target: Path) -> bool:
    """Mount ``source`` read-only at ``target`` (as root); False where that cannot be done."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    target.mkdir()
    done = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True)
    if done.returncode != 0:
        return False
    ro = subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], capture_output=True)
    if ro.returncode != 0:
        subprocess.run(["umount", str(target)], capture_output=True)
        return False
    return True


@pytest.fixture
def read_only_library(seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The seeded library made read-only: a read-only bind mount as root, else a chmod'd copy.

    Its index is made stale first (the store touched), so that reading commands must cope with an
    index they cannot bring up to date.
    """
    store = seeded / STORE_NAME
    os.utime(store, ns=(store.stat().st_atime_ns, store.stat().st_mtime_ns + 10**9))
    target = tmp_path / "mounted"
    if _bind_read_only(seeded, target):
        monkeypatch.setenv("LEARNKIT_HOME", str(target))
        yield target, "read-only bind mount"
        subprocess.run(["umount", str(target)], capture_output=True)
        return
    if os.geteuid() == 0 if os.name == "posix" else False:
        pytest.skip(
            "running as root where mount cannot make a read-only bind mount: chmod would not stop root"
        )
    for path in [seeded, *seeded.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    yield seeded, "chmod'd copy"
    for path in [seeded, *seeded.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)


READING = [
    ["list"],
    ["list", "--json"],
    ["show", "rosza-malika"],
    ["search", "neglect"],
    ["themes"],
    ["brief", "neglect"],
    ["trends"],
    ["export", "--format", "json"],
    ["history"],
    ["actions"],
    ["path"],
    ["info"],
]


def test_reading_commands_work_on_a_read_only_library_and_writing_ones_say_so(
    read_only_library: tuple[Path, str], runner: Any, tmp_path: Path
) -> None:
    from learnkit.commands.main import app

    folder, how = read_only_library
    before = sorted(p.name for p in folder.rglob("*"))
    slug = Library(folder).store.records()[0]["slug"]
    for args in READING:
        args = [slug if a == "rosza-malika" else a for a in args]
        result = runner.invoke(app, args)  # type: ignore[attr-defined]
        if result.exit_code == 2 and "No such command" in result.output:
            continue  # a command this version does not have
        assert result.exit_code == 0, (how, args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (how, args)
    result = runner.invoke(app, ["search", "neglect"])  # type: ignore[attr-defined]
    assert "in memory" in result.stderr, how  # it says it could not bring the index up to date
    record = write(tmp_path / "in", "new-one.json", json.dumps(good("new-one")))
    for args in (["import", str(record)], ["tag", slug, THEME], ["reindex"]):
        result = runner.invoke(app, args)  # type: ignore[attr-defined]
        assert result.exit_code == 5, (how, args, result.output)
        assert "read-only" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_a_library_that_cannot_be_written_is_a_read_only_error(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated (os.access says no, as on a read-only mount): the lock is never taken.
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **k: False if mode == os.W_OK else real(p, mode, **k))
    lib = Library(seeded)
    with pytest.raises(ReadOnlyError, match="read-only"), lib.lock():
        pass
    assert isinstance(ReadOnlyError("x"), StoreError)
