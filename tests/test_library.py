"""Library operations: first use, finding records, import, export, and keeping the index in step."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from learnkit.errors import InvalidError, NotFoundError, StoreError
from learnkit.operations.library import Library
from learnkit.paths import BACKUP_NAME, DETAILS_DIR, INDEX_NAME, STORE_NAME
from learnkit.storage.index import Filters
from learnkit.storage.store import SCHEMA_VERSION, Store

REPO = Path(__file__).resolve().parents[1]
BUNDLED = sorted(p.stem for p in (REPO / "records").glob("*.toml") if p.name != "themes.toml")


@pytest.fixture
def lib(seeded: Path) -> Iterator[Library]:
    library = Library(seeded)
    yield library
    library.close()


def toml_value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)  # strings and numbers: JSON's form is valid TOML


def write_record(folder: Path, stem: str, text: str | None = None, **fields: Any) -> Path:
    """A record file named ``stem``.toml: ``text`` as given, else TOML made from the fields."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.toml"
    if text is None:
        data: dict[str, Any] = {"slug": stem, "title": f"Title of {stem}", "kind": "learning-review"}
        data.update(fields)
        text = "".join(f"{key} = {toml_value(value)}\n" for key, value in data.items())
    path.write_text(text, encoding="utf-8")
    return path


def store_slugs(folder: Path) -> list[str]:
    data = json.loads((folder / STORE_NAME).read_text(encoding="utf-8"))
    return sorted(r["slug"] for r in data["records"].values())


# -- first use -----------------------------------------------------------------------------------


def test_first_use_creates_the_library_with_the_bundled_records(home: Path) -> None:
    assert not home.exists()
    lib = Library(home)
    records = lib.records()
    lib.close()
    assert sorted(r.slug for r in records) == BUNDLED
    assert len(records) == 18
    assert (home / STORE_NAME).is_file()
    assert (home / INDEX_NAME).is_file()
    assert store_slugs(home) == BUNDLED
    data = json.loads((home / STORE_NAME).read_text(encoding="utf-8"))
    assert [m["schema"] for m in data["meta"].values()] == [SCHEMA_VERSION]
    assert not (home / DETAILS_DIR).exists()  # the bundled records quote no page text


def test_first_use_in_a_nested_folder(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "library"
    lib = Library(folder)
    assert lib.get("rosza-malika").status == "briefing-only"
    lib.close()


def test_info_does_not_create_the_library(home: Path) -> None:
    info = Library(home).info()
    assert info["library"] == str(home)
    assert info["exists"] is False
    assert not home.exists()
    assert [f["name"] for f in info["files"]] == [
        STORE_NAME,
        BACKUP_NAME,
        INDEX_NAME,
        "files",
        "text",
        "details",
        "tracker",
    ]


def test_library_path_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        Library(target).records()
    assert target.read_text() == "x"


def test_missing_store_with_a_backup_is_not_silently_replaced(seeded: Path) -> None:
    (seeded / STORE_NAME).rename(seeded / BACKUP_NAME)
    backup = (seeded / BACKUP_NAME).read_bytes()
    with pytest.raises(StoreError, match="cp ") as info:
        Library(seeded).records()
    assert str(seeded / STORE_NAME) in str(info.value)
    assert not (seeded / STORE_NAME).exists()
    assert (seeded / BACKUP_NAME).read_bytes() == backup


# -- finding a record ----------------------------------------------------------------------------


def test_get_by_exact_slug(lib: Library) -> None:
    record = lib.get("rosza-malika")
    assert record.slug == "rosza-malika"
    assert record.title == "Learning Review: Rosza and Malika"
    assert record.kind == "learning-review"
    assert record.status == "briefing-only"
    assert "neglect" in record.theme_ids


@pytest.mark.parametrize(
    "name, slug",
    [
        ("rosza", "rosza-malika"),
        ("ROSZA", "rosza-malika"),
        ("  rosza-malika ", "rosza-malika"),
        ("rosza-malica", "rosza-malika"),  # a typo
        ("daniel", "daniel-pelka-scr"),
        ("pan-beds-gcp", "pan-beds-gcp2-audit"),
        ("nspcc-hidden", "nspcc-hidden-men"),
    ],
)
def test_get_by_prefix_or_close_match(lib: Library, name: str, slug: str) -> None:
    assert lib.get(name).slug == slug


def test_get_ambiguous_prefix_lists_the_candidates(lib: Library) -> None:
    with pytest.raises(NotFoundError) as info:
        lib.get("pan-beds")
    assert info.value.candidates == [
        "pan-beds-csa-family-audit",
        "pan-beds-emotional-wellbeing-audit",
        "pan-beds-gcp2-audit",
        "pan-beds-missing-children-audit",
    ]
    assert "matches 4 records" in info.value.message


def test_get_ambiguous_prefix_lists_at_most_five(lib: Library) -> None:
    with pytest.raises(NotFoundError) as info:
        lib.get("n")
    assert info.value.candidates == [
        "nspcc-health-learning-2015",
        "nspcc-hidden-men",
        "nspcc-thematic-briefings",
    ]
    with pytest.raises(NotFoundError) as info:
        lib.get("p")
    assert len(info.value.candidates) == 5
    assert all(c.startswith("p") for c in info.value.candidates)


@pytest.mark.parametrize("name", ["no-such-record", "zzzz", "audit", "-", "review"])
def test_get_unknown_is_not_found_with_few_candidates(lib: Library, name: str) -> None:
    with pytest.raises(NotFoundError) as info:
        lib.get(name)
    assert len(info.value.candidates) <= 5
    assert set(info.value.candidates) <= set(BUNDLED)
    assert "learnkit list" in info.value.message


def test_unknown_close_to_a_slug_suggests_it(lib: Library) -> None:
    with pytest.raises(NotFoundError) as info:
        lib.get("keanu-wiliams")  # close, but not close enough to be taken for it
    assert "keanu-williams-scr" in info.value.candidates


def test_related_titles(lib: Library) -> None:
    assert lib.related(lib.get("transitions-audit")) == [("patrick-scr", "Patrick Serious Case Review")]
    record = lib.get("rosza-malika")
    record.related = ["patrick-scr", "not-in-library"]
    assert lib.related(record) == [("patrick-scr", "Patrick Serious Case Review"), ("not-in-library", None)]


def test_present_adds_theme_labels(lib: Library) -> None:
    data = lib.present(lib.get("nspcc-hidden-men"))
    assert data["themes"][0]["id"] == "hidden-men"
    assert data["themes"][0]["label"] == "Hidden men"
    assert data["themes"][0]["origin"] == "manual"


# -- search, themes, filters ---------------------------------------------------------------------


def test_search_finds_neglect(lib: Library) -> None:
    result = lib.search("neglect")
    slugs = [h.slug for h in result.hits]
    assert result.count == len(slugs) == 5  # not the page whose only mention is "abuse or neglect"
    assert "repeat-cp-plans-neglect-audit" in slugs
    assert "rosza-malika" in slugs
    assert [t.id for t in result.themes] == ["neglect"]
    assert result.suggestions == []


def test_search_filters_and_limit(lib: Library) -> None:
    result = lib.search("neglect", Filters(kind="serious-case-review"))
    assert sorted(h.slug for h in result.hits) == ["daniel-pelka-scr", "hamzah-khan-scr"]
    result = lib.search("neglect", limit=2)
    assert result.count == 5 and len(result.hits) == 2
    result = lib.search("neglect", Filters(theme="hidden men"))
    assert result.count == 0


def test_search_without_matches_suggests_close_words(lib: Library) -> None:
    result = lib.search("neglekt")
    assert result.count == 0 and result.hits == []
    assert "neglect" in result.suggestions


def test_search_limit_must_be_positive(lib: Library) -> None:
    with pytest.raises(InvalidError, match="--limit"):
        lib.search("neglect", limit=0)


@pytest.mark.parametrize(
    "filters, error",
    [
        (Filters(kind="serious-case-reviews"), InvalidError),
        (Filters(status="secret"), InvalidError),
        (Filters(since=2020, until=2010), InvalidError),
        (Filters(theme="no such theme"), NotFoundError),
    ],
)
def test_bad_filters(lib: Library, filters: Filters, error: type[Exception]) -> None:
    with pytest.raises(error):
        lib.records(lib.check_filters(filters))


def test_bad_kind_suggests_the_close_kind(lib: Library) -> None:
    with pytest.raises(InvalidError, match="use one of: serious-case-review"):
        lib.check_filters(Filters(kind="serious-case-reviews"))


def test_theme_filter_takes_a_label_or_alias(lib: Library) -> None:
    assert lib.check_filters(Filters(theme="unseen men")).theme == "hidden-men"
    assert [r.slug for r in lib.records(lib.check_filters(Filters(theme="Hidden men")))] == [
        "nspcc-hidden-men"
    ]


def test_records_by_kind(lib: Library) -> None:
    scrs = [r.slug for r in lib.records(Filters(kind="serious-case-review"))]
    assert sorted(scrs) == ["daniel-pelka-scr", "hamzah-khan-scr", "keanu-williams-scr", "patrick-scr"]


def test_records_by_period(lib: Library) -> None:
    assert sorted(r.slug for r in lib.records(Filters(since=2019, until=2019))) == [
        "pan-beds-csa-family-audit",
        "pan-beds-emotional-wellbeing-audit",
        "pan-beds-gcp2-audit",
        "pan-beds-missing-children-audit",
    ]
    assert sorted(r.slug for r in lib.records(Filters(until=2013))) == [
        "daniel-pelka-scr",
        "hamzah-khan-scr",
        "keanu-williams-scr",
    ]


def test_themes_with_counts(lib: Library) -> None:
    counts = {theme.id: n for theme, n in lib.themes()}
    assert len(counts) == len(lib.taxonomy.themes)
    assert counts["neglect"] == 5
    assert counts["hidden-men"] == 1
    assert counts["voice-of-the-child"] == 7
    assert counts["toxic-trio"] == 0


def test_one_theme_and_its_records(lib: Library) -> None:
    theme, records = lib.theme("invisible men")
    assert theme.id == "hidden-men"
    assert [r.slug for r in records] == ["nspcc-hidden-men"]
    with pytest.raises(NotFoundError) as info:
        lib.theme("neglekt")
    assert "neglect" in info.value.candidates


# -- import --------------------------------------------------------------------------------------


def test_import_a_valid_file_adds_it(lib: Library, tmp_path: Path) -> None:
    path = write_record(
        tmp_path / "in",
        "new-review",
        date="2020-03",
        area="Luton",
        themes=["neglect", "hidden-men"],
        related=["rosza-malika"],
        learning=["Ask who else lives in the house."],
    )
    result = lib.import_path(path)
    assert (result.added, result.updated, result.failed) == (["new-review"], [], [])
    record = lib.get("new-review")
    assert record.title == "Title of new-review"
    assert record.theme_ids == ["neglect", "hidden-men"]
    assert record.learning[0].text == "Ask who else lives in the house."
    assert "new-review" in store_slugs(lib.folder)
    assert "new-review" in [h.slug for h in lib.search("who else lives").hits]
    assert result.to_dict() == {"added": ["new-review"], "updated": [], "failed": []}


def test_import_a_json_file_with_a_list(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(
        json.dumps(
            [
                {"slug": "json-one", "title": "One", "kind": "framework"},
                {"slug": "json-two", "title": "Two", "kind": "presentation", "related": ["json-one"]},
            ]
        )
    )
    result = lib.import_path(path)
    assert result.added == ["json-one", "json-two"] and not result.failed
    assert lib.get("json-two").related == ["json-one"]


def test_reimport_updates_and_keeps_documents_and_detected_themes(lib: Library, tmp_path: Path) -> None:
    # Give the stored record a document and a detected theme, as ingesting a PDF would.
    store = Store(lib.folder)
    data = store.get("rosza-malika")
    assert data is not None
    document = {
        "hash": "ab" * 32,
        "name": "briefing.pdf",
        "pages": 2,
        "chars": 2000,
        "status": "ok",
        "error": "",
        "warnings": [],
        "size": 999,
        "added": "2024-01-01T00:00:00",
    }
    data["documents"] = [document]
    data["themes"].append(
        {
            "id": "hidden-men",
            "origin": "detected",
            "evidence": [{"document": "briefing.pdf", "page": 1, "sentence": "s", "count": 3}],
        }
    )
    store.put(data)
    store.close()
    source = (REPO / "records" / "rosza-malika.toml").read_text(encoding="utf-8")
    path = write_record(
        tmp_path / "in", "rosza-malika", source.replace("Learning Review:", "Revised review:")
    )
    result = lib.import_path(path)
    assert (result.added, result.updated, result.failed) == ([], ["rosza-malika"], [])
    record = lib.get("rosza-malika")
    assert record.title == "Revised review: Rosza and Malika"
    assert [d.to_dict() for d in record.documents] == [document]
    detected, manual = record.theme("hidden-men"), record.theme("neglect")
    assert detected is not None and detected.origin == "detected"
    assert manual is not None and manual.origin == "manual"
    assert store_slugs(lib.folder).count("rosza-malika") == 1


BAD_FILES = [
    ("bad-kind", None, {"kind": "case-review"}, "field 'kind'"),
    ("bad-theme", None, {"themes": ["neglect", "not-a-theme"]}, "theme 'not-a-theme'"),
    ("bad-date", None, {"date": "2015-13"}, "field 'date'"),
    ("bad-period", None, {"date": "2019/2018"}, "field 'date'"),
    ("bad-status", None, {"status": "secret"}, "field 'status'"),
    ("bad-unknown-field", None, {"colour": "red"}, "unknown field 'colour'"),
    ("bad-title", None, {"title": ""}, "field 'title'"),
    ("bad-related", None, {"related": ["no-such-record"]}, "field 'related'"),
    ("bad-related-slug", None, {"related": ["Not A Slug"]}, "field 'related'"),
    ("bad-slug-name", None, {"slug": "some-other-slug"}, "field 'slug'"),
    ("bad-learning", None, {"learning": [{"number": "1"}]}, "'learning[0].text' is required"),
    ("bad-toml", 'slug = "bad-toml"\ntitle = "unterminated\n', {}, "not valid TOML"),
    ("bad-encoding", None, {}, "not UTF-8"),
]


@pytest.mark.parametrize("slug, text, fields, expected", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_import_a_bad_file_fails_it_and_keeps_the_good_ones(
    lib: Library, tmp_path: Path, slug: str, text: str | None, fields: dict[str, Any], expected: str
) -> None:
    folder = tmp_path / "in"
    write_record(folder, "good-before", themes=["neglect"])
    bad = write_record(folder, slug, text, **fields)
    if slug == "bad-encoding":
        bad.write_bytes(b'slug = "bad-encoding"\ntitle = "caf\xe9"\nkind = "framework"\n')
    write_record(folder, "good-later", related=["good-before"])
    store_before = json.loads((lib.folder / STORE_NAME).read_text(encoding="utf-8"))

    result = lib.import_path(folder)

    assert result.added == ["good-before", "good-later"]
    assert result.updated == []
    [(file, message)] = result.failed
    assert file == str(bad)
    assert str(bad) in message  # the message names the file...
    assert expected in message  # ...and what is wrong in it
    # Nothing of the bad file was written; the good ones were.
    slugs = store_slugs(lib.folder)
    assert slug not in slugs and "some-other-slug" not in slugs
    assert {"good-before", "good-later"} <= set(slugs)
    assert len(slugs) == len(store_before["records"]) + 2
    for name in (slug, "some-other-slug"):
        with pytest.raises(NotFoundError):
            lib.get(name)


def test_import_only_bad_files_writes_nothing(lib: Library, tmp_path: Path) -> None:
    bad = write_record(tmp_path / "in", "only-bad", kind="nonsense")
    before = (lib.folder / STORE_NAME).read_bytes()
    result = lib.import_path(bad)
    assert result.added == [] and result.updated == []
    assert len(result.failed) == 1
    assert (lib.folder / STORE_NAME).read_bytes() == before


def test_import_a_missing_path(lib: Library, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no such file or folder"):
        lib.import_path(tmp_path / "nowhere")


def test_import_a_folder_skips_other_files_and_themes_toml(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_record(folder, "from-folder")
    (folder / "notes.txt").write_text("not a record")
    (folder / "themes.toml").write_text("[[theme]]\nid = 'x'\n")
    result = lib.import_path(folder)
    assert result.added == ["from-folder"] and not result.failed


def test_import_the_bundled_records_again_updates_them_all(lib: Library) -> None:
    result = lib.import_path(REPO / "records")
    assert result.added == [] and not result.failed
    assert sorted(result.updated) == BUNDLED
    assert store_slugs(lib.folder) == BUNDLED


def test_import_json_list_with_one_bad_record_writes_nothing_of_that_file(
    lib: Library, tmp_path: Path
) -> None:
    path = tmp_path / "batch.json"
    path.write_text(
        json.dumps(
            [
                {"slug": "batch-good", "title": "Good", "kind": "framework"},
                {"slug": "batch-bad", "title": "Bad", "kind": "nonsense"},
            ]
        )
    )
    result = lib.import_path(path)
    assert len(result.failed) == 1
    assert result.added == []
    assert "batch-good" not in store_slugs(lib.folder)


def test_import_the_same_slug_twice_in_one_batch(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_record(folder, "twice", title="From TOML")
    (folder / "twice.json").write_text(
        json.dumps({"slug": "twice", "title": "From JSON", "kind": "framework"})
    )
    result = lib.import_path(folder)
    assert store_slugs(lib.folder).count("twice") == 1
    assert len(result.failed) + len(result.added) == 2


def test_import_related_to_a_refused_record_is_refused_too(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_record(folder, "aaa-points-to-b", related=["bbb-refused"])
    write_record(folder, "bbb-refused", related=["not-anywhere"])
    result = lib.import_path(folder)
    for record in lib.records():
        assert set(record.related) <= set(store_slugs(lib.folder)), record.slug
    assert len(result.failed) == 2


# -- export --------------------------------------------------------------------------------------


def test_export_leaves_restricted_and_unpublished_out_unless_asked(lib: Library, tmp_path: Path) -> None:
    write_record(tmp_path / "in", "secret-review", status="restricted")
    write_record(tmp_path / "in", "draft-audit", status="unpublished")
    write_record(tmp_path / "in", "withdrawn-review", status="withdrawn")
    assert not lib.import_path(tmp_path / "in").failed

    records, left_out = lib.export()
    slugs = {r.slug for r in records}
    assert left_out == 2
    assert "secret-review" not in slugs and "draft-audit" not in slugs
    assert "withdrawn-review" in slugs
    assert len(records) == 18 + 1

    records, left_out = lib.export(include_restricted=True)
    assert left_out == 0
    assert {"secret-review", "draft-audit"} <= {r.slug for r in records}
    assert len(records) == 18 + 3

    records, left_out = lib.export(Filters(status="restricted"))
    assert (records, left_out) == ([], 1)


def test_export_with_filters(lib: Library) -> None:
    records, left_out = lib.export(Filters(kind="serious-case-review"))
    assert left_out == 0
    assert sorted(r.slug for r in records) == [
        "daniel-pelka-scr",
        "hamzah-khan-scr",
        "keanu-williams-scr",
        "patrick-scr",
    ]


# -- the index follows the store -----------------------------------------------------------------


def _change_title_behind_its_back(folder: Path, slug: str, title: str) -> None:
    store = Store(folder)
    data = store.get(slug)
    assert data is not None
    data["title"] = title
    store.put(data)
    store.close()


def test_a_stale_index_is_rebuilt_on_the_next_read(seeded: Path) -> None:
    lib = Library(seeded)
    assert lib.get("rosza-malika").title == "Learning Review: Rosza and Malika"
    lib.close()
    _change_title_behind_its_back(seeded, "rosza-malika", "Changed behind its back")
    lib = Library(seeded)
    assert lib.get("rosza-malika").title == "Changed behind its back"
    assert [h.slug for h in lib.search("behind").hits] == ["rosza-malika"]
    lib.close()


def test_a_touched_store_makes_the_index_stale(seeded: Path) -> None:
    lib = Library(seeded)
    assert lib.raw_index.is_fresh(lib.store.signature(), lib.taxonomy_signature)
    st = (seeded / STORE_NAME).stat()
    os.utime(seeded / STORE_NAME, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert not lib.raw_index.is_fresh(lib.store.signature(), lib.taxonomy_signature)
    assert len(lib.records()) == 18  # rebuilt
    assert lib.raw_index.is_fresh(lib.store.signature(), lib.taxonomy_signature)
    lib.close()


def test_a_library_that_has_read_the_store_still_sees_changes_behind_its_back(
    lib: Library, tmp_path: Path
) -> None:
    lib.import_path(write_record(tmp_path / "in", "something-new"))  # reads the store
    _change_title_behind_its_back(lib.folder, "rosza-malika", "Changed behind its back")
    assert lib.get("rosza-malika").title == "Changed behind its back"
    other = Library(lib.folder)
    try:
        assert other.get("rosza-malika").title == "Changed behind its back"
    finally:
        other.close()


def test_a_deleted_index_is_rebuilt(seeded: Path) -> None:
    (seeded / INDEX_NAME).unlink()
    for suffix in ("-wal", "-shm"):
        (seeded / f"{INDEX_NAME}{suffix}").unlink(missing_ok=True)
    lib = Library(seeded)
    assert lib.get("nspcc-hidden-men").kind == "thematic-briefing"
    assert (seeded / INDEX_NAME).is_file()
    assert lib.search("neglect").count == 5
    lib.close()


def test_a_damaged_index_is_rebuilt_or_says_reindex(seeded: Path) -> None:
    for suffix in ("-wal", "-shm"):
        (seeded / f"{INDEX_NAME}{suffix}").unlink(missing_ok=True)
    (seeded / INDEX_NAME).write_bytes(b"garbage" * 100)
    lib = Library(seeded)
    try:
        lib.records()
    except StoreError as exc:
        assert "learnkit reindex" in exc.message
    lib.close()
    lib = Library(seeded)
    counts = lib.reindex()
    assert (counts["records"], counts["pages"]) == (18, 0)
    assert len(lib.records()) == 18
    lib.close()


def test_reindex_counts(lib: Library) -> None:
    calls: list[tuple[int, int]] = []
    counts = lib.reindex(lambda done, total: calls.append((done, total)))
    assert (counts["records"], counts["pages"]) == (18, 0)
    assert calls[-1] == (18, 18)
    assert len(calls) == 18


@pytest.mark.parametrize("garbage", [b"{not json", b"", b"[1, 2, 3]", b"\x00\xff garbage"])
def test_a_damaged_store_is_reported_and_left_untouched(seeded: Path, tmp_path: Path, garbage: bytes) -> None:
    (seeded / STORE_NAME).write_bytes(garbage)
    operations: list[Callable[[Library], object]] = [
        lambda lib: lib.records(),
        lambda lib: lib.get("rosza-malika"),
        lambda lib: lib.search("neglect"),
        lambda lib: lib.import_path(write_record(tmp_path / "in", "while-damaged")),
        lambda lib: lib.reindex(),
    ]
    for operation in operations:
        lib = Library(seeded)
        with pytest.raises(StoreError) as info:
            operation(lib)
        lib.close()
        assert str(seeded / STORE_NAME) in info.value.message
        # How to recover: restore the backup, or (none yet in a library never written since it was made)
        # move the store aside.
        assert "cp " in info.value.message or "move '" in info.value.message
        assert (seeded / STORE_NAME).read_bytes() == garbage


def test_the_library_can_be_copied_and_used_elsewhere(seeded: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(seeded, copy)
    lib = Library(copy)
    assert lib.get("rosza").slug == "rosza-malika"
    lib.close()


def test_a_search_names_the_theme_an_alias_stands_for(seeded: Path) -> None:
    lib = Library(seeded)
    assert [t.id for t in lib.search("unseen men").themes] == ["hidden-men"]
    lib.close()


def test_detection_for_reindex_runs_in_a_spawned_worker(lib: Library, tmp_path: Path) -> None:
    """What a reindex worker needs comes with its task (no state inherited by a fork)."""
    import multiprocessing
    from functools import partial

    from pdfmaker import make_pdf

    from learnkit.operations.ingest import NewRecordOptions, add
    from learnkit.operations.reindex import detect_chunk, detect_one
    from learnkit.storage.folder import LibraryFolder

    pdf = make_pdf(
        tmp_path / "review.pdf",
        ["Learning review. Domestic abuse in the household went unseen: domestic abuse was reported twice."],
    )
    [slug] = [item["slug"] for item in add(lib, [pdf], NewRecordOptions()).added]
    data = next(d for d in lib.stored_records() if d["slug"] == slug)
    data["themes"] = []  # as if detected with an older taxonomy that found nothing
    folder = LibraryFolder(lib.folder)
    task = partial(detect_chunk, [t.to_dict() for t in lib.taxonomy.themes], folder)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        [[again]] = pool.map_async(task, [[data]]).get(timeout=120)
    assert again is not None and again == detect_one(lib.taxonomy, folder, data)
    assert "domestic-abuse" in {t["id"] for t in again["themes"]}


def test_reindex_detection_in_several_workers_returns_every_changed_record(
    lib: Library, tmp_path: Path
) -> None:
    from pdfmaker import make_pdf

    from learnkit.operations.ingest import NewRecordOptions, add
    from learnkit.operations.reindex import RECORDS_PER_WORKER, detect_again
    from learnkit.storage.folder import LibraryFolder

    pdf = make_pdf(
        tmp_path / "review.pdf", ["Learning review. Domestic abuse was reported twice: domestic abuse."]
    )
    [slug] = [item["slug"] for item in add(lib, [pdf], NewRecordOptions()).added]
    data = next(d for d in lib.stored_records() if d["slug"] == slug)
    many = [{**data, "slug": f"copy-{n}", "themes": []} for n in range(2 * RECORDS_PER_WORKER + 1)]
    unchanged = {**data, "slug": "unchanged"}
    found = detect_again(lib.taxonomy, LibraryFolder(lib.folder), [*many, unchanged])
    assert sorted(d["slug"] for d in found) == sorted(d["slug"] for d in many)
    assert all("domestic-abuse" in {t["id"] for t in d["themes"]} for d in found)
