"""A record's details (theme evidence, extracted points) kept in details/, apart from the store.

The pure functions first (split and merge give back what they were given), then the library: after an
add the store holds no page text and every reading command shows the same as when the store held it all;
attach, import and reindex keep, rewrite and tidy the details files; a missing or damaged file, a failed
store write and a store written by learnkit 0.1.0 are all handled without a traceback.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from clirun import ok, run, run_json
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfmaker import make_pdf
from test_store import _record
from typer.testing import CliRunner

import learnkit.storage.records
from learnkit.errors import StoreError
from learnkit.models import Evidence, Point, Record, ThemeTag
from learnkit.operations.library import Library
from learnkit.paths import DETAILS_DIR, FILES_DIR, STORE_NAME, TEXT_DIR
from learnkit.storage.details import (
    DETAILS_KEY,
    canonical,
    details_key,
    merge_details,
    parse_details,
    split_details,
)
from learnkit.storage.store import SCHEMA_VERSION, Store

# A report whose text finds themes (neglect, the voice of the child...) and whose numbered sections give
# extracted learning points and recommendations. The marked words are what the store must not hold.
PAGES = [
    "Learning Review: Child T\n"
    "Published by the Westshire Safeguarding Children Partnership.\n"
    "1. Introduction\n"
    "1.1 This review looks at the neglect of Child T, who was four years old, over three years. "
    "Neglected children are often not seen by the agencies that work with their parents.",
    "4. Findings\n"
    "4.1 Professionals did not recognise the neglect because each saw only one part of the "
    "family's life, and the zanderfish reports were never shared.\n"
    "4.2 Child T was rarely seen alone, and her wishes and feelings were not recorded in any "
    "assessment of the quokkabell household.",
    "5. Recommendations\n"
    "5.1 The partnership should seek assurance that agencies share what they know about "
    "neglectful care with the snorkelvane panel.\n"
    "5.2 Agencies should make sure that children are seen alone and their words are recorded.\n"
    "6. Conclusion\n"
    "6.1 The review found the circumstances complex.",
]
SLUG = "westshire-learning-review-child-t"
# A page that finds a theme Child T's report does not (domestic abuse).
ADDENDUM = (
    "An addendum: the mother said her partner hit her, and domestic abuse was reported to the police twice."
)


# --------------------------------------------------------------------------- helpers


def shown_record(runner: CliRunner, slug: str) -> Any:
    """What show --json prints of the record itself (it adds the action tracker's ``plan``)."""
    data = run_json(runner, "show", slug)
    del data["plan"]
    return data


def exported(runner: CliRunner, *args: object) -> Any:
    return json.loads(ok(runner, *args, "export", "--format", "json").stdout)


def presented(home: Path, data: dict[str, Any]) -> dict[str, Any]:
    """What show --json prints for a record dict."""
    lib = Library(home)
    try:
        return lib.present(Record.from_dict(data))
    finally:
        lib.close()


def squash(text: str) -> str:
    return " ".join(text.split())


def details_files(home: Path) -> list[str]:
    folder = home / DETAILS_DIR
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def store_dict(home: Path, slug: str) -> dict[str, Any]:
    data = Store(home).get(slug)
    assert data is not None
    return data


def full(home: Path, slug: str) -> dict[str, Any]:
    lib = Library(home)
    try:
        record = lib.stored(slug)
    finally:
        lib.close()
    assert record is not None
    return record.to_dict()


def evidence_sentences(data: dict[str, Any]) -> list[str]:
    return [e["sentence"] for t in data["themes"] for e in t["evidence"]]


def point_texts(data: dict[str, Any]) -> list[str]:
    return [p["text"] for name in ("learning", "good_practice", "recommendations") for p in data[name]]


def without_timestamps(data: Any) -> Any:
    """A show/export JSON with the documents' ``added`` times blanked (two libraries add at other times)."""
    items = data if isinstance(data, list) else [data]
    for item in items:
        for doc in item.get("documents", []):
            doc["added"] = ""
    return data


_writes = iter(range(10**6))


def write_again(runner: CliRunner, home: Path) -> None:
    """One more store write (an import of a new record): the backup moves on to the store as it is now."""
    n = next(_writes)
    path = home.parent / f"again-{n}.toml"
    path.write_text(f'slug = "again-{n}"\ntitle = "Again {n}"\nkind = "framework"\n', encoding="utf-8")
    assert run_json(runner, "import", path)["added"] == [f"again-{n}"]


def make_0_1_0(home: Path) -> None:
    """Turn a library into one as learnkit 0.1.0 wrote it: details inline in a schema 1 store, no details/."""
    lib = Library(home)
    try:
        records = lib.stored_records()
    finally:
        lib.close()
    raw = json.loads((home / STORE_NAME).read_bytes())
    by_slug = {r["slug"]: r for r in records}
    raw["records"] = {doc_id: by_slug[doc["slug"]] for doc_id, doc in raw["records"].items()}
    for meta in raw["meta"].values():
        meta["schema"] = 1
    (home / STORE_NAME).write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(home / DETAILS_DIR)


@pytest.fixture
def made(library_with: Callable[..., Path]) -> Path:
    """This test's own copy of a library holding the bundled records and Child T's record, with details."""
    return library_with("details-child-t", pdfs={"child-t.pdf": PAGES})


# --------------------------------------------------------------------------- split and merge


def _sample() -> Record:
    ev = [Evidence("r.pdf", 2, "Neglect was not seen.", 3), Evidence("r.pdf", 5, "Nobody asked.", 1)]
    return Record(
        slug="sample",
        title="Sample",
        kind="learning-review",
        themes=[
            ThemeTag("hidden-men"),
            ThemeTag("neglect", "detected", ev),
            ThemeTag("voice-of-the-child", "detected", ev[1:]),
            ThemeTag("domestic-abuse", "detected"),
        ],
        learning=[
            Point("First found.", True, "4.1", "r.pdf", 2),
            Point("Second found.", True, "4.2", "r.pdf", 3),
        ],
        good_practice=[Point("A person wrote this.")],
        recommendations=[Point("Written.", False), Point("Found.", True, "5.1", "r.pdf", 4)],
    )


def test_split_moves_evidence_and_extracted_lists_out_and_merge_gives_them_back() -> None:
    data = _sample().to_dict()
    light, details = split_details(data)
    assert details is not None
    assert light[DETAILS_KEY] == details_key(canonical(details))
    assert light["themes"] == [
        {"id": "hidden-men", "origin": "manual"},
        {"id": "neglect", "origin": "detected"},
        {"id": "voice-of-the-child", "origin": "detected"},
        {"id": "domestic-abuse", "origin": "detected"},
    ]
    assert set(details["themes"]) == {"neglect", "voice-of-the-child"}
    assert light["learning"] == [] and details["learning"] == data["learning"]
    # A list holding any point a person wrote stays in the store, whole.
    assert light["good_practice"] == data["good_practice"] and "good_practice" not in details
    assert light["recommendations"] == data["recommendations"] and "recommendations" not in details
    merged = merge_details(light, details)
    assert merged == data
    assert list(merged) == list(data)  # the fields in their order
    assert [t["id"] for t in merged["themes"]] == [t["id"] for t in data["themes"]]
    assert json.dumps(merged) == json.dumps(data)  # order of themes, points and keys, exactly
    assert data == _sample().to_dict()  # split and merge change nothing they are given


def test_a_record_without_details_has_no_key() -> None:
    record = Record(slug="plain", title="Plain", kind="framework", themes=[ThemeTag("neglect")])
    record.learning = [Point("Curated.")]
    light, details = split_details(record.to_dict())
    assert details is None and DETAILS_KEY not in light
    assert merge_details(light, None) == record.to_dict()


def test_a_store_dict_from_0_1_0_with_details_inline_merges_unchanged() -> None:
    data = _sample().to_dict()
    assert merge_details(data, None) == data
    assert Record.from_dict(merge_details(data, None)) == _sample()


def test_equal_details_share_a_key_and_a_split_record_is_not_split_again() -> None:
    one, two = _sample(), _sample()
    two.slug, two.title = "other", "Other"
    assert split_details(one.to_dict())[0][DETAILS_KEY] == split_details(two.to_dict())[0][DETAILS_KEY]
    with pytest.raises(ValueError):
        split_details(split_details(one.to_dict())[0])


def test_parse_details_refuses_what_its_key_does_not_name() -> None:
    _, details = split_details(_sample().to_dict())
    assert details is not None
    payload = canonical(details)
    key = details_key(payload)
    assert parse_details(payload, key) == details
    assert parse_details(payload[:-5], key) is None  # cut short
    assert parse_details(b"not json", details_key(b"not json")) is None
    bad = canonical({"themes": {"neglect": [{"page": 1}]}})
    assert parse_details(bad, details_key(bad)) is None  # evidence without its fields
    odd = canonical({"summary": "x"})
    assert parse_details(odd, details_key(odd)) is None


@settings(max_examples=80, deadline=None)
@given(record=_record)
def test_merge_of_split_is_to_dict(record: Record) -> None:
    data = record.to_dict()
    light, details = split_details(data)
    assert json.dumps(merge_details(light, details)) == json.dumps(data)
    assert Record.from_dict(merge_details(light, details)) == record


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(_record, max_size=4, unique_by=lambda r: r.slug))
def test_records_round_trip_through_store_and_details(tmp_path: Path, records: list[Record]) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    Store(folder).initialise()
    lib = Library(folder)
    lib.store_records([r.to_dict() for r in records])
    lib.close()
    again = Library(folder)  # a new reader, from disk
    assert [Record.from_dict(d) for d in again.stored_records()] == records
    keys = {d[DETAILS_KEY] for d in again.store.records() if DETAILS_KEY in d}
    assert details_files(folder) == sorted(f"{k}.json" for k in keys)
    again.close()


# --------------------------------------------------------------------------- after add


def test_the_store_holds_no_page_text_and_reading_shows_it_all(runner: CliRunner, made: Path) -> None:
    data = full(made, SLUG)
    sentences, points = evidence_sentences(data), point_texts(data)
    assert sentences and points and data["learning"] and data["recommendations"]
    assert all(p["extracted"] for p in data["learning"] + data["recommendations"])
    # The summary (a few sentences, shown in lists) stays in the store; nothing else quotes the text.
    raw = json.loads((made / STORE_NAME).read_bytes())
    for doc in raw["records"].values():
        doc["summary"] = ""
    store = json.dumps(raw, ensure_ascii=False)
    for text in sentences + points:
        assert text not in store
    for word in ("zanderfish", "quokkabell", "snorkelvane"):
        assert word not in store
    light = store_dict(made, SLUG)
    assert light["learning"] == [] and light["recommendations"] == []
    assert all("evidence" not in t for t in light["themes"])
    assert details_files(made) == [f"{light[DETAILS_KEY]}.json"]
    assert json.loads(Path(made / STORE_NAME).read_bytes())["meta"]["1"]["schema"] == SCHEMA_VERSION

    shown = shown_record(runner, SLUG)
    assert shown == presented(made, data)
    assert next(r for r in exported(runner) if r["slug"] == SLUG) == shown
    text = squash(ok(runner, "show", SLUG, "--evidence").stdout)
    for sentence in sentences:
        assert squash(sentence)[:40] in text
    plain = squash(ok(runner, "show", SLUG).stdout.replace("\u2502", " "))  # no panel borders
    assert "(extracted from child-t.pdf, p. 2; check it)" in plain
    assert [h["slug"] for h in run_json(runner, "search", "snorkelvane")["results"]] == [SLUG]


def test_reading_is_the_same_as_when_the_store_held_everything(
    runner: CliRunner, seeded: Path, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_pdf(inbox / "child-t.pdf", PAGES)
    ok(runner, "add", "child-t.pdf")
    after = {
        "show": run_json(runner, "show", SLUG),
        "export": exported(runner),
        "evidence": ok(runner, "show", SLUG, "--evidence").stdout,
    }
    assert "zanderfish" not in (seeded / STORE_NAME).read_text(encoding="utf-8")
    # The same add into a new library that keeps details inline, as learnkit 0.1.0 did.
    monkeypatch.setattr(learnkit.storage.records, "split_details", lambda data: (dict(data), None))
    other = tmp_path / "other"
    ok(runner, "-L", other, "list")
    ok(runner, "-L", other, "add", "child-t.pdf")
    assert not (other / DETAILS_DIR).exists()
    assert "zanderfish" in (other / STORE_NAME).read_text(encoding="utf-8")
    before = {
        "show": json.loads(ok(runner, "-L", other, "show", SLUG, "--json").stdout),
        "export": exported(runner, "-L", other),
        "evidence": ok(runner, "-L", other, "show", SLUG, "--evidence").stdout,
    }
    assert without_timestamps(after["show"]) == without_timestamps(before["show"])
    assert without_timestamps(after["export"]) == without_timestamps(before["export"])
    added = [line for line in after["evidence"].splitlines() if "added" not in line.lower()]
    assert added == [line for line in before["evidence"].splitlines() if "added" not in line.lower()]


# --------------------------------------------------------------------------- attach, import, reindex


def test_attach_keeps_the_records_extracted_points_and_detects_over_both(
    runner: CliRunner, made: Path, inbox: Path
) -> None:
    before = full(made, SLUG)
    old_key = store_dict(made, SLUG)[DETAILS_KEY]
    make_pdf(inbox / "addendum.pdf", [ADDENDUM])
    ok(runner, "attach", SLUG, "addendum.pdf")
    after = full(made, SLUG)
    assert after["learning"] == before["learning"]  # read back from details/, so fill_record left it
    assert after["recommendations"] == before["recommendations"]
    assert [d["name"] for d in after["documents"]] == ["child-t.pdf", "addendum.pdf"]
    themes = {t["id"]: {e["document"] for e in t["evidence"]} for t in after["themes"]}
    assert themes["neglect"] == {"child-t.pdf"} and themes["domestic-abuse"] == {"addendum.pdf"}
    new_key = store_dict(made, SLUG)[DETAILS_KEY]
    assert new_key != old_key
    assert run_json(runner, "show", SLUG)["learning"] == after["learning"]
    # The old version's file stays while the backup names it, and goes with the next write.
    assert details_files(made) == sorted([f"{old_key}.json", f"{new_key}.json"])
    write_again(runner, made)
    assert details_files(made) == [f"{new_key}.json"]


def test_restoring_the_backup_after_a_write_keeps_the_details(
    runner: CliRunner, made: Path, inbox: Path
) -> None:
    before = full(made, SLUG)
    make_pdf(inbox / "addendum.pdf", [ADDENDUM])
    ok(runner, "attach", SLUG, "addendum.pdf")
    assert full(made, SLUG) != before
    # What the error for a damaged store tells a person to do.
    shutil.copy(made / "learnkit.json.bak", made / STORE_NAME)
    assert full(made, SLUG) == before
    assert run_json(runner, "reindex")["missing_details"] == 0
    assert shown_record(runner, SLUG) == presented(made, before)


def test_import_over_a_record_keeps_its_detected_themes_with_their_evidence(
    runner: CliRunner, made: Path, tmp_path: Path
) -> None:
    before = full(made, SLUG)
    detected = [t for t in before["themes"] if t["origin"] == "detected"]
    assert detected and all(t["evidence"] for t in detected)
    source = tmp_path / f"{SLUG}.toml"
    source.write_text(
        f'slug = "{SLUG}"\ntitle = "Child T, as a person wrote it"\nkind = "learning-review"\n'
        'themes = ["hidden-men"]\nlearning = ["A point a person wrote."]\n',
        encoding="utf-8",
    )
    assert run_json(runner, "import", source)["updated"] == [SLUG]
    after = full(made, SLUG)
    assert after["title"] == "Child T, as a person wrote it"
    assert after["themes"] == [{"id": "hidden-men", "origin": "manual", "evidence": []}, *detected]
    assert [p["text"] for p in after["learning"]] == ["A point a person wrote."]
    assert store_dict(made, SLUG)["learning"] == after["learning"]  # curated: in the store
    shown = run_json(runner, "show", SLUG)
    assert [t["evidence"] for t in shown["themes"]] == [t["evidence"] for t in after["themes"]]
    write_again(runner, made)
    assert details_files(made) == [f"{store_dict(made, SLUG)[DETAILS_KEY]}.json"]


def test_reindex_redetect_rewrites_details_and_removes_the_old_file(runner: CliRunner, made: Path) -> None:
    right = full(made, SLUG)
    right_key = store_dict(made, SLUG)[DETAILS_KEY]
    # Someone's tool changed the evidence: a valid details file under its own key, named by the record.
    lib = Library(made)
    wrong = json.loads(json.dumps(right))
    for tag in wrong["themes"]:
        for ev in tag["evidence"]:
            ev["count"] = 99
    with lib.lock():
        lib.store_records([wrong])
    lib.close()
    wrong_key = store_dict(made, SLUG)[DETAILS_KEY]
    assert wrong_key != right_key
    counts = run_json(runner, "reindex", "--redetect")
    assert counts == {"records": 19, "pages": 3, "redetected": 1, "missing_details": 0}
    assert store_dict(made, SLUG)[DETAILS_KEY] == right_key
    assert full(made, SLUG) == right
    assert details_files(made) == sorted([f"{right_key}.json", f"{wrong_key}.json"])  # the backup's
    write_again(runner, made)
    assert details_files(made) == [f"{right_key}.json"]
    assert run_json(runner, "show", SLUG)["themes"][0]["evidence"] == right["themes"][0]["evidence"]


def test_reindex_removes_orphans_and_left_over_temporary_files(runner: CliRunner, made: Path) -> None:
    key = store_dict(made, SLUG)[DETAILS_KEY]
    orphan = canonical({"learning": [Point("Left by a crash.", True).to_dict()]})
    (made / DETAILS_DIR / f"{details_key(orphan)}.json").write_bytes(orphan)
    (made / DETAILS_DIR / f".{key}.json.abc123.tmp").write_bytes(b"{")
    (made / DETAILS_DIR / "notes.txt").write_text("a file someone keeps here")
    counts = run_json(runner, "reindex")
    assert counts["missing_details"] == 0
    assert details_files(made) == sorted([f"{key}.json", "notes.txt"])
    assert full(made, SLUG)["learning"]


def test_reindex_keeps_what_the_backup_names_and_everything_if_it_cannot_read_it(
    runner: CliRunner, made: Path, inbox: Path
) -> None:
    old_key = store_dict(made, SLUG)[DETAILS_KEY]
    make_pdf(inbox / "addendum.pdf", [ADDENDUM])
    ok(runner, "attach", SLUG, "addendum.pdf")
    new_key = store_dict(made, SLUG)[DETAILS_KEY]
    run_json(runner, "reindex")
    assert details_files(made) == sorted([f"{old_key}.json", f"{new_key}.json"])  # the backup names old
    backup = made / "learnkit.json.bak"
    backup.write_bytes(b"{damaged")
    run_json(runner, "reindex")
    assert details_files(made) == sorted([f"{old_key}.json", f"{new_key}.json"])  # unreadable: keep all
    backup.unlink()
    run_json(runner, "reindex")
    assert details_files(made) == [f"{new_key}.json"]


@pytest.mark.parametrize("damage", ["missing", "garbage", "cut short"])
def test_a_missing_or_damaged_details_file_is_counted_not_fatal(
    runner: CliRunner, made: Path, damage: str
) -> None:
    right = full(made, SLUG)
    key = store_dict(made, SLUG)[DETAILS_KEY]
    path = made / DETAILS_DIR / f"{key}.json"
    if damage == "missing":
        path.unlink()
    elif damage == "garbage":
        path.write_bytes(b"\x00\xff not json")
    else:
        path.write_bytes(path.read_bytes()[:-20])
    # Reading commands read the index, which holds whole records: nothing changes for them.
    assert shown_record(runner, SLUG) == presented(made, right)
    # The record reads from the store without what was lost.
    lost = full(made, SLUG)
    assert evidence_sentences(lost) == [] and point_texts(lost) == []
    # A rebuilt index goes on past it, and reindex says how many records lost their details.
    (made / "index.sqlite").unlink()
    assert run_json(runner, "show", SLUG)["learning"] == []
    result = ok(runner, "reindex", "--json")
    counts = json.loads(result.stdout)
    assert counts == {"records": 19, "pages": 3, "redetected": 0, "missing_details": 1}
    assert "warning: 1 record lost theme evidence or extracted points" in result.stderr
    assert "run: learnkit reindex --redetect" in result.stderr
    assert "zanderfish" not in result.output  # no record text in what it says
    ok(runner, "reindex")
    # --redetect finds the themes and their evidence again in text/ (extracted points need the PDF).
    counts = run_json(runner, "reindex", "--redetect")
    assert counts["missing_details"] == 0 and counts["redetected"] == 1
    again = full(made, SLUG)
    assert again["themes"] == right["themes"]
    assert run_json(runner, "show", SLUG)["themes"] == presented(made, right)["themes"]
    assert run_json(runner, "reindex")["missing_details"] == 0
    write_again(runner, made)
    assert run_json(runner, "reindex")["missing_details"] == 0
    assert details_files(made) == [f"{store_dict(made, SLUG)[DETAILS_KEY]}.json"]


def test_attach_to_a_record_whose_details_are_missing_works(
    runner: CliRunner, made: Path, inbox: Path
) -> None:
    key = store_dict(made, SLUG)[DETAILS_KEY]
    (made / DETAILS_DIR / f"{key}.json").unlink()
    make_pdf(inbox / "addendum.pdf", [ADDENDUM])
    ok(runner, "attach", SLUG, "addendum.pdf")
    after = full(made, SLUG)
    themes = {t["id"]: {e["document"] for e in t["evidence"]} for t in after["themes"]}
    assert themes["neglect"] == {"child-t.pdf"} and themes["domestic-abuse"] == {"addendum.pdf"}
    assert details_files(made) == [f"{store_dict(made, SLUG)[DETAILS_KEY]}.json"]
    assert run_json(runner, "reindex")["missing_details"] == 0


def test_a_failed_store_write_leaves_no_new_details_file(
    runner: CliRunner, made: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(self: Store, records: list[dict[str, Any]], meta: Any = None, remove: Any = ()) -> None:
        raise StoreError(f"cannot write {self.path}: No space left on device")

    before = {
        "store": (made / STORE_NAME).read_bytes(),
        "details": details_files(made),
        "files": sorted(p.name for p in (made / FILES_DIR).iterdir()),
        "text": sorted(p.name for p in (made / TEXT_DIR).iterdir()),
    }
    monkeypatch.setattr(Store, "put_many", disk_full)
    make_pdf(inbox / "other.pdf", [p.replace("Child T", "Child U") for p in PAGES])
    result = run(runner, "add", "other.pdf", "--json")
    assert result.exit_code == 1
    (failed,) = json.loads(result.stdout)["failed"]
    assert failed["reason"] == "store" and "No space left on device" in failed["message"]
    # attach rewrites an existing record's details: they stay as they were too.
    result = run(runner, "attach", SLUG, "other.pdf", "--json")
    assert result.exit_code == 1
    after = {
        "store": (made / STORE_NAME).read_bytes(),
        "details": details_files(made),
        "files": sorted(p.name for p in (made / FILES_DIR).iterdir()),
        "text": sorted(p.name for p in (made / TEXT_DIR).iterdir()),
    }
    assert after == before
    assert not list((made / DETAILS_DIR).glob(".*"))  # no temporary file either


def test_a_0_1_0_store_with_details_inline_reads_and_reindex_moves_them_out(
    runner: CliRunner, made: Path
) -> None:
    right = full(made, SLUG)
    shown = run_json(runner, "show", SLUG)
    make_0_1_0(made)
    assert "zanderfish" in (made / STORE_NAME).read_text(encoding="utf-8")
    assert full(made, SLUG) == right
    (made / "index.sqlite").unlink()  # rebuilt from the inline store
    assert run_json(runner, "show", SLUG) == shown
    assert squash(evidence_sentences(right)[0])[:40] in squash(ok(runner, "show", SLUG, "--evidence").stdout)
    counts = run_json(runner, "reindex")
    assert counts == {"records": 19, "pages": 3, "redetected": 0, "missing_details": 0}
    store = (made / STORE_NAME).read_text(encoding="utf-8")
    assert "zanderfish" not in store
    assert json.loads(store)["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert details_files(made) == [f"{store_dict(made, SLUG)[DETAILS_KEY]}.json"]
    assert full(made, SLUG) == right
    assert run_json(runner, "show", SLUG) == shown
    # Other records had nothing to move: they are left as 0.1.0 wrote them.
    assert store_dict(made, "rosza-malika") == full(made, "rosza-malika")


def test_path_lists_the_details_folder(runner: CliRunner, made: Path) -> None:
    entry = next(f for f in run_json(runner, "path")["files"] if f["name"] == DETAILS_DIR)
    assert entry["exists"] is True and entry["files"] == 1 and "bytes" not in entry
    entry = next(f for f in run_json(runner, "path", "--sizes")["files"] if f["name"] == DETAILS_DIR)
    assert entry["exists"] is True and entry["files"] == 1
    assert entry["bytes"] == (made / DETAILS_DIR / details_files(made)[0]).stat().st_size
    assert DETAILS_DIR in ok(runner, "path").stdout
