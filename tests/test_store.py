"""The store: crash-safe writes, the lock, damaged stores, and records round-tripping through it."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from learnkit.commands.main import app
from learnkit.errors import LockedError, StoreError
from learnkit.models import KINDS, STATUSES, Document, Evidence, Point, Record, ThemeTag
from learnkit.storage.fs import atomic_write, library_lock
from learnkit.storage.store import SCHEMA_VERSION, Store


def test_put_get_and_backup(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.initialise()
    store.put({"slug": "a", "title": "First"})
    store.put({"slug": "a", "title": "Second"})
    assert store.get("a") == {"slug": "a", "title": "Second"}
    backup = json.loads((tmp_path / "learnkit.json.bak").read_text())
    assert list(backup["records"].values()) == [{"slug": "a", "title": "First"}]
    assert store.schema() == SCHEMA_VERSION


def test_put_many_updates_and_inserts_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.initialise()
    store.put_many([{"slug": "a", "title": "1"}, {"slug": "b", "title": "2"}])
    store.put_many([{"slug": "b", "title": "3"}, {"slug": "c", "title": "4"}])
    assert [(r["slug"], r["title"]) for r in store.records()] == [("a", "1"), ("b", "3"), ("c", "4")]


def test_put_many_sets_meta_in_the_same_single_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path)
    store.initialise()
    store.put_many([{"slug": "a", "title": "1"}])
    writes: list[bytes] = []
    real = atomic_write

    def counted(path: Path, payload: bytes, **kwargs: object) -> None:
        writes.append(payload)
        real(path, payload, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("learnkit.storage.store.atomic_write", counted)
    store.put_many([{"slug": "a", "title": "2"}, {"slug": "b", "title": "3"}], meta={"detected_with": "x"})
    assert len(writes) == 1  # an update, an insert and the metadata: one rewrite of the file
    data = json.loads((tmp_path / "learnkit.json").read_bytes())
    assert data["records"] == {"1": {"slug": "a", "title": "2"}, "2": {"slug": "b", "title": "3"}}
    assert store.meta("detected_with") == "x" and store.schema() == SCHEMA_VERSION
    store.put({"slug": "c", "title": "4"})  # TinyDB carries on from the ids put_many gave
    assert sorted(json.loads((tmp_path / "learnkit.json").read_bytes())["records"]) == ["1", "2", "3"]
    assert store.field("title") == {"a": "2", "b": "3", "c": "4"}


def test_a_failed_write_leaves_what_the_store_reads_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    store.initialise()
    store.put_many([{"slug": "a", "title": "1"}])
    before = (tmp_path / "learnkit.json").read_bytes()

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", boom)
        with pytest.raises(StoreError):
            store.put_many([{"slug": "a", "title": "2"}, {"slug": "b", "title": "3"}])
        with pytest.raises(StoreError):
            store.put({"slug": "a", "title": "4"})  # TinyDB's own write path changes what it read
    assert (tmp_path / "learnkit.json").read_bytes() == before
    # The same Store object (its cache) reads what is on disk, not what failed to get there.
    assert store.records() == [{"slug": "a", "title": "1"}]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"{not json", "not valid JSON"),
        (b"", "is empty"),
        (b"[1, 2]", "wrong shape"),
        (b'{"records": {"1": 5}}', "malformed entry"),
        (json.dumps({"meta": {"1": {"schema": 99}}}).encode(), "newer learnkit"),
        (b"\xff\xfe\x00", "not valid JSON"),
    ],
)
def test_unreadable_store_is_reported_and_never_overwritten(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "learnkit.json"
    path.write_bytes(content)
    (tmp_path / "learnkit.json.bak").write_text("{}")
    store = Store(tmp_path)
    with pytest.raises(StoreError) as info:
        store.put({"slug": "a", "title": "x"})
    assert expected in str(info.value)
    assert str(path) in str(info.value)
    assert "cp " in str(info.value)  # says how to restore the backup
    assert path.read_bytes() == content


def test_atomic_write_failure_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "f.json"
    target.write_text("old")

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(StoreError, match="No space left"):
        atomic_write(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]  # no temporary file left behind


def _blocked_replace(monkeypatch: pytest.MonkeyPatch, times: int | None) -> list[str]:
    """os.replace failing as on Windows while a reader holds the target open: ``times`` times, or always."""
    real = os.replace
    calls: list[str] = []

    def replace(source: object, target: object) -> None:
        calls.append(str(target))
        if times is None or len(calls) <= times:
            raise PermissionError(13, "The process cannot access the file because it is being used")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)  # the retries' pauses, not waited here
    return calls


def test_a_rename_blocked_by_a_reader_for_a_moment_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.json"
    target.write_text("old")
    calls = _blocked_replace(monkeypatch, times=3)
    atomic_write(target, b"new")
    assert target.read_text() == "new"
    assert len(calls) == 4
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_a_rename_blocked_for_good_is_a_clear_store_error_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    store.initialise([{"slug": "kept", "title": "Kept"}])
    before = store.path.read_bytes()
    _blocked_replace(monkeypatch, times=None)
    with pytest.raises(StoreError, match="another program has it open") as info:
        store.put({"slug": "new", "title": "New"})
    assert str(store.path) in str(info.value)
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert Store(tmp_path).slugs() == {"kept"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learnkit.json"]  # no temporary file left


def test_a_blocked_store_write_is_one_line_from_the_command(
    runner: CliRunner, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "blocked.toml"
    record.write_text('slug = "blocked"\ntitle = "Blocked"\nkind = "learning-review"\n', encoding="utf-8")
    store = seeded / "learnkit.json"
    before = store.read_bytes()
    _blocked_replace(monkeypatch, times=None)
    result = runner.invoke(app, ["import", str(record)])
    assert result.exit_code == 5
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "another program has it open" in lines[0]
    monkeypatch.undo()
    assert store.read_bytes() == before


def test_the_library_is_written_where_fcntl_does_not_exist(tmp_path: Path) -> None:
    """As on Windows: no module the store, the lock or the library imports needs fcntl."""
    script = (
        "import sys, warnings\n"
        "sys.modules['fcntl'] = None\n"  # import fcntl now raises ImportError
        "warnings.simplefilter('ignore')\n"
        "from pathlib import Path\n"
        "from learnkit.operations.library import Library\n"
        "folder = Path(sys.argv[1])\n"
        '(folder / \'r.toml\').write_text(\'slug = "r"\\ntitle = "R"\\nkind = "learning-review"\\n\')\n'
        "print(Library(folder / 'lib').import_path(folder / 'r.toml').added)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['r']"


def _hold_lock(
    folder: str, ready: multiprocessing.synchronize.Event, release: multiprocessing.synchronize.Event
) -> None:
    with library_lock(Path(folder)):
        ready.set()
        release.wait(10)


def test_lock_times_out_with_a_clear_error(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path), ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(LockedError, match="busy"), library_lock(tmp_path, timeout=0.2):
            pass
    finally:
        release.set()
        holder.join(10)
    with library_lock(tmp_path, timeout=1):  # free again once the holder is gone
        pass


def test_lock_is_reentrant_within_a_process(tmp_path: Path) -> None:
    with library_lock(tmp_path, timeout=0.5), library_lock(tmp_path, timeout=0.5):
        pass


# -- a writer killed at random moments ---------------------------------------

WRITER = """
import sys
import tempfile
from pathlib import Path
from learnkit.storage.fs import library_lock
from learnkit.storage.store import Store
folder = Path(sys.argv[1])
store = Store(folder)
with library_lock(folder):
    if not store.exists():
        store.initialise()
start = len(store.records())
for i in range(start, start + 400):
    with library_lock(folder):
        # Each state holds records 0..i with a big payload, so writes take a while.
        store.put({"slug": f"r{i}", "title": "t" * 2000, "n": i})
"""


def test_killed_writer_leaves_old_or_new_state(tmp_path: Path) -> None:
    rng = random.Random(1234)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    folder = tmp_path / "lib"
    for _ in range(25):
        proc = subprocess.Popen([sys.executable, str(script), str(folder)])
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if not (folder / "learnkit.json").exists():
            continue  # killed before the first write: nothing to check yet
        records = Store(folder).records()  # must read: never a broken store
        numbers = [r["n"] for r in records]
        assert numbers == list(range(len(numbers))), "store holds a state no writer ever wrote"


# -- several processes adding at once -----------------------------------------

ADDER = """
import sys
import tempfile
from pathlib import Path
from learnkit.operations.library import Library
folder, who = Path(sys.argv[1]), sys.argv[2]
tmp = Path(sys.argv[3])
lib = Library(folder)
for i in range(6):
    f = tmp / f"{who}-{i}.toml"
    f.write_text(f'slug = "{who}-{i}"\\ntitle = "Record {who} {i}"\\nkind = "learning-review"\\n')
    result = lib.import_path(f)
    assert result.added == [f"{who}-{i}"], result
"""


def test_concurrent_adders_lose_nothing(tmp_path: Path) -> None:
    script = tmp_path / "adder.py"
    script.write_text(ADDER)
    folder = tmp_path / "lib"
    procs = [
        subprocess.Popen([sys.executable, str(script), str(folder), f"p{n}", str(tmp_path)]) for n in range(4)
    ]
    assert [p.wait(120) for p in procs] == [0, 0, 0, 0]
    slugs = Store(folder).slugs()
    assert {f"p{n}-{i}" for n in range(4) for i in range(6)} <= slugs


# -- records round-trip through the store --------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40).map(str.strip)
_slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
_point = st.builds(
    Point,
    text=_text,
    extracted=st.booleans(),
    number=st.sampled_from(["", "1", "4.2"]),
    document=_text,
    page=st.one_of(st.none(), st.integers(1, 500)),
)
_tag = st.builds(
    ThemeTag,
    id=_slug,
    origin=st.sampled_from(["manual", "detected"]),
    evidence=st.lists(
        st.builds(Evidence, document=_text, page=st.integers(1, 99), sentence=_text, count=st.integers(1, 9)),
        max_size=2,
    ),
)
_record = st.builds(
    Record,
    slug=_slug,
    title=_text.filter(bool),
    kind=st.sampled_from(KINDS),
    date=st.sampled_from(["", "2015", "2015-01", "2014-02-26", "2018/2019", "2014-09/2014-12"]),
    area=_text,
    publisher=_text,
    status=st.sampled_from(STATUSES),
    summary=_text,
    themes=st.lists(_tag, max_size=3, unique_by=lambda t: t.id),
    learning=st.lists(_point, max_size=3),
    good_practice=st.lists(_point, max_size=2),
    recommendations=st.lists(_point, max_size=2),
    related=st.just([]),
    source=_text,
    documents=st.lists(
        st.builds(
            Document,
            hash=st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
            name=_text,
            pages=st.integers(0, 900),
            chars=st.integers(0, 10**6),
            status=st.sampled_from(["ok", "no-text"]),
        ),
        max_size=2,
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(_record, max_size=4, unique_by=lambda r: r.slug))
def test_records_round_trip_through_the_store(tmp_path: Path, records: list[Record]) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    store = Store(folder)
    store.initialise()
    store.put_many([r.to_dict() for r in records])
    again = Store(folder)  # a new reader, from disk
    assert [Record.from_dict(d) for d in again.records()] == records
