"""edit, tag, untag, review, remove, rename, init and history through the command line.

Each test works in its own library: the bundled records plus one review read from a PDF made here
(three themes detected in it: neglect, domestic abuse, hidden men). Editors are small Python scripts
given as $EDITOR, so what a person types in the editor is known.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from clirun import ok, run, run_json
from pdfmaker import make_pdf
from typer.testing import CliRunner

import learnkit.commands.curate
from learnkit.models import Record
from learnkit.operations.library import Library
from learnkit.paths import FILES_DIR, STORE_NAME, TEXT_DIR

REPO = Path(__file__).resolve().parents[1]
BUNDLED = sorted(p.stem for p in (REPO / "records").glob("*.toml") if p.name != "themes.toml")
SLUG = "learning-review-child-w"
PAGES = [
    "Learning Review: Child W\nThis review looks at the neglect of Child W and the domestic abuse in the "
    "household. Neglect was not recognised by agencies. Domestic abuse by the mother's partner was reported "
    "to police twice. The neglect of the children grew worse over the year.",
    "Professionals saw the domestic abuse incidents one at a time. The neglect was chronic. Domestic abuse "
    "was not shared with the school. Neglectful care was noted by the health visitor.",
    "The review found that neglect and domestic abuse together harmed the child. Domestic abuse and neglect "
    "must be assessed together. The voice of the child was not heard.",
]
DETECTED = [
    "neglect",
    "domestic-abuse",
    "hidden-men",
    "voice-of-the-child",
]  # "the voice of the child was not heard"


@pytest.fixture
def library(library_with: Callable[..., Path]) -> Path:
    """This test's own library: the bundled records and the review of Child W."""
    return library_with("curation-child-w", pdfs={"child-w.pdf": PAGES})


def stored(home: Path, slug: str) -> Record | None:
    lib = Library(home)
    try:
        return lib.stored(slug)
    finally:
        lib.close()


def themes_of(home: Path, slug: str) -> dict[str, str]:
    record = stored(home, slug)
    assert record is not None
    return {t.id: t.origin for t in record.themes}


def history(runner: CliRunner, *args: str) -> list[dict[str, Any]]:
    return run_json(runner, "history", *args)  # type: ignore[no-any-return]


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, name: str = "editor.py") -> Path:
    """Make $EDITOR a Python script that gets the draft's path as ``path`` and its text as ``text``."""
    script = tmp_path / name
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text(encoding='utf-8')\n"
        + body,
        encoding="utf-8",
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{script}"')
    return script


def draft(home: Path, slug: str) -> Path:
    return home / "drafts" / f"{slug}.toml"


# --------------------------------------------------------------------------- edit --set


def test_edit_set_changes_fields_and_says_which(runner: CliRunner, library: Path) -> None:
    result = ok(runner, "edit", SLUG, "--set", "date=2019-05", "--set", "status=restricted")
    assert f"stored {SLUG}: changed date, status" in result.output
    record = stored(library, SLUG)
    assert record is not None and (record.date, record.status) == ("2019-05", "restricted")
    data = run_json(runner, "edit", SLUG, "--set", "title=Child W: a learning review")
    assert data == {"slug": SLUG, "changed": ["title"], "stored": True}
    assert run_json(runner, "show", SLUG)["title"] == "Child W: a learning review"
    assert run_json(runner, "edit", SLUG, "--set", "area=")["changed"] == []  # already empty: nothing stored


def test_edit_set_summary_is_a_persons(runner: CliRunner, library: Path) -> None:
    assert run_json(runner, "show", SLUG)["summary_extracted"] is True
    ok(runner, "edit", SLUG, "--set", "summary=What a person wrote.")
    data = run_json(runner, "show", SLUG)
    assert (data["summary"], data["summary_extracted"]) == ("What a person wrote.", False)


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("kind=nonsense", "field 'kind' must be one of"),
        ("date=May 2019", "field 'date' must be YYYY"),
        ("title=", "field 'title' is required"),
        ("documents=x", "--set cannot change 'documents'"),
        ("title", "--set takes FIELD=VALUE"),
    ],
)
def test_edit_set_refuses_a_bad_value_and_stores_nothing(
    runner: CliRunner, library: Path, assignment: str, message: str
) -> None:
    before = (library / STORE_NAME).read_bytes()
    result = run(runner, "edit", SLUG, "--set", assignment)
    assert result.exit_code == 4
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert (library / STORE_NAME).read_bytes() == before


def test_edit_an_unknown_record_lists_close_ones(runner: CliRunner, library: Path) -> None:
    result = run(runner, "edit", "learning-review-child-x", "--set", "date=2019")
    assert result.exit_code == 3
    assert "no record 'learning-review-child-x'" in result.stderr and SLUG in result.stderr


# --------------------------------------------------------------------------- edit in an editor


def test_edit_in_the_editor_stores_a_valid_edit(
    runner: CliRunner, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor(
        tmp_path,
        monkeypatch,
        "text = text.replace('title = \"Learning Review: Child W\"', 'title = \"Child W\"')\n"
        "text = text.replace('date = \"\"', 'date = \"2020-02\"')\n"
        "path.write_text(text, encoding='utf-8')\n",
    )
    result = ok(runner, "edit", SLUG)
    assert f"stored {SLUG}: changed title, date" in result.output
    record = stored(library, SLUG)
    assert record is not None and (record.title, record.date) == ("Child W", "2020-02")
    # What the draft leaves out stays: the documents and the evidence of the detected themes.
    assert len(record.documents) == 1
    assert all(t.evidence for t in record.themes if t.id in DETECTED)
    assert not draft(library, SLUG).exists()
    (change,) = [c for c in history(runner, SLUG)[0]["changes"] if c["field"] == "title"]
    assert change == {"field": "title", "old": "Learning Review: Child W", "new": "Child W"}


def test_an_invalid_edit_keeps_the_draft_and_the_next_edit_goes_on_with_it(
    runner: CliRunner, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (library / STORE_NAME).read_bytes()
    editor(
        tmp_path,
        monkeypatch,
        "text = text.replace('kind = \"learning-review\"', 'kind = \"nonsense\"')\n"
        "text = text.replace('title = \"Learning Review: Child W\"', 'title = \"Child W, edited\"')\n"
        "path.write_text(text, encoding='utf-8')\n",
    )
    result = run(runner, "edit", SLUG)
    assert result.exit_code == 4
    kept = draft(library, SLUG)
    line = next(n for n, row in enumerate(kept.read_text().splitlines(), 1) if row.startswith("kind ="))
    assert f"line {line}: field 'kind' must be one of" in result.stderr
    assert "your edit is kept" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert (library / STORE_NAME).read_bytes() == before
    assert 'title = "Child W, edited"' in kept.read_text()
    # The next edit offers the draft; without a terminal it goes on with it, and the fix is stored.
    editor(
        tmp_path,
        monkeypatch,
        "path.write_text(text.replace('\"nonsense\"', '\"learning-review\"'), encoding='utf-8')\n",
        "fix.py",
    )
    result = ok(runner, "edit", SLUG)
    assert "going on with the unsaved edit" in result.stderr
    record = stored(library, SLUG)
    assert record is not None and (record.title, record.kind) == ("Child W, edited", "learning-review")
    assert not kept.exists()


def test_a_draft_keeps_what_changed_meanwhile_and_refuses_a_clash(
    runner: CliRunner, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spoil = (
        "text = text.replace('kind = \"learning-review\"', 'kind = \"nonsense\"')\n"
        "text = text.replace('title = \"Learning Review: Child W\"', 'title = \"Mine\"')\n"
        "path.write_text(text, encoding='utf-8')\n"
    )
    fix = "path.write_text(text.replace('\"nonsense\"', '\"learning-review\"'), encoding='utf-8')\n"
    editor(tmp_path, monkeypatch, spoil)
    assert run(runner, "edit", SLUG).exit_code == 4
    ok(runner, "tag", SLUG, "parental-substance-misuse")  # while the draft waits
    editor(tmp_path, monkeypatch, fix, "fix.py")
    ok(runner, "edit", SLUG)
    record = stored(library, SLUG)
    assert record is not None and record.title == "Mine"
    assert "parental-substance-misuse" in record.theme_ids  # not undone by the older draft
    # The same field changed in the draft and meanwhile: refused, and the draft kept.
    clash = (
        "text = text.replace('kind = \"learning-review\"', 'kind = \"nonsense\"')\n"
        "text = text.replace('title = \"Mine\"', 'title = \"Yours\"')\n"
        "path.write_text(text, encoding='utf-8')\n"
    )
    editor(tmp_path, monkeypatch, clash)
    assert run(runner, "edit", SLUG).exit_code == 4
    ok(runner, "edit", SLUG, "--set", "title=Theirs")
    editor(tmp_path, monkeypatch, fix, "fix.py")
    result = run(runner, "edit", SLUG)
    assert result.exit_code == 4 and "field 'title' was changed by another command" in result.stderr
    assert draft(library, SLUG).exists()
    record = stored(library, SLUG)
    assert record is not None and record.title == "Theirs"


def test_invalid_toml_names_the_line(
    runner: CliRunner, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor(tmp_path, monkeypatch, "path.write_text(text + '\\nthis is not toml\\n', encoding='utf-8')\n")
    result = run(runner, "edit", SLUG)
    assert result.exit_code == 4
    assert "not valid TOML" in result.stderr and "line" in result.stderr
    assert draft(library, SLUG).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("text.replace(f'slug = \"{SLUG}\"', 'slug = \"child-w\"')", "the slug cannot change in an edit"),
        (
            "text.replace('related = []', 'related = [\"no-such-record\"]')",
            "names unknown record 'no-such-record'",
        ),
        ("text.replace('{ id = \"neglect\"', '{ id = \"neglekt\"')", "unknown theme 'neglekt'"),
        ("text.replace('rejected_themes = []', 'rejected_themes = [\"neglect\"]')", "also in themes"),
        ("text + '\\ncolour = \"red\"\\n'", "unknown field 'colour'"),
    ],
)
def test_an_edit_is_validated_as_import_validates(
    runner: CliRunner,
    library: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
    message: str,
) -> None:
    editor(tmp_path, monkeypatch, f"SLUG = {SLUG!r}\npath.write_text({change}, encoding='utf-8')\n")
    result = run(runner, "edit", SLUG)
    assert result.exit_code == 4, result.output
    assert message in result.stderr and ", line " in result.stderr
    assert draft(library, SLUG).exists()


def test_an_unchanged_edit_stores_nothing(
    runner: CliRunner, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor(tmp_path, monkeypatch, "")
    entries = len(history(runner))
    result = ok(runner, "edit", SLUG)
    assert "no changes; nothing stored" in result.output
    assert not draft(library, SLUG).exists()
    assert len(history(runner)) == entries


def test_an_aborted_edit_keeps_the_draft_and_can_be_discarded(
    runner: CliRunner, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (library / STORE_NAME).read_bytes()
    editor(tmp_path, monkeypatch, "path.write_text(text.replace('Child W', 'Child V'))\nsys.exit(1)\n")
    result = run(runner, "edit", SLUG)
    assert result.exit_code == 4 and "failed (exit 1)" in result.stderr
    assert (library / STORE_NAME).read_bytes() == before
    assert "Child V" in draft(library, SLUG).read_text()
    assert run_json(runner, "edit", SLUG, "--discard") == {"slug": SLUG, "discarded": True}
    assert not draft(library, SLUG).exists()
    assert "has no draft" in ok(runner, "edit", SLUG, "--discard").stderr


def test_on_a_terminal_an_invalid_edit_is_offered_again(
    runner: CliRunner, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first time the editor makes the kind invalid; the second time it puts it right.
    counter = tmp_path / "count"
    editor(
        tmp_path,
        monkeypatch,
        f"count = pathlib.Path({str(counter)!r})\n"
        "first = not count.exists()\ncount.write_text('1')\n"
        "kind = 'nonsense' if first else 'multi-agency-audit'\n"
        "text = text.replace('kind = \"learning-review\"', f'kind = \"{kind}\"')\n"
        "text = text.replace('kind = \"nonsense\"', f'kind = \"{kind}\"')\n"
        "path.write_text(text, encoding='utf-8')\n",
    )
    monkeypatch.setattr(learnkit.commands.curate, "interactive", lambda: True)
    result = ok(runner, "edit", SLUG, input="y\n")
    assert "field 'kind' must be one of" in result.stderr
    assert "Open it again in the editor?" in result.output
    record = stored(library, SLUG)
    assert record is not None and record.kind == "multi-agency-audit"


def test_edit_without_an_editor_says_how(
    runner: CliRunner, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.name == "nt":
        pytest.skip("Windows falls back on Notepad")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    result = run(runner, "edit", SLUG)
    assert result.exit_code == 4 and "set $VISUAL or $EDITOR" in result.stderr
    assert not draft(library, SLUG).exists()


# --------------------------------------------------------------------------- tag, untag


def test_tag_adds_a_persons_themes(runner: CliRunner, library: Path) -> None:
    data = run_json(runner, "tag", SLUG, "substance misuse", "neglect")
    assert data == {
        "slug": SLUG,
        "added": ["parental-substance-misuse", "neglect"],
        "removed": [],
        "rejected": [],
        "unchanged": [],
    }
    assert themes_of(library, SLUG)["parental-substance-misuse"] == "manual"
    assert themes_of(library, SLUG)["neglect"] == "manual"  # a person says so now
    words = ["voice", "of", "the", "child", "hidden", "men"]  # unquoted: each theme the longest run
    assert run_json(runner, "tag", SLUG, *words)["added"] == ["voice-of-the-child", "hidden-men"]
    assert (
        "already had parental-substance-misuse" in ok(runner, "tag", SLUG, "parental-substance-misuse").stderr
    )


def test_untag_rejects_a_detected_theme_and_removes_a_persons(runner: CliRunner, library: Path) -> None:
    ok(runner, "tag", SLUG, "parental-substance-misuse")
    data = run_json(runner, "untag", SLUG, "domestic-abuse", "parental-substance-misuse")
    assert (data["rejected"], data["removed"]) == (["domestic-abuse"], ["parental-substance-misuse"])
    shown = run_json(runner, "show", SLUG)
    assert shown["rejected_themes"] == ["domestic-abuse"]
    assert {t["id"] for t in shown["themes"]} == {"neglect", "hidden-men", "voice-of-the-child"}
    assert "Rejected themes: Domestic abuse" in ok(runner, "show", SLUG).output
    # tag undoes a rejection.
    ok(runner, "tag", SLUG, "domestic-abuse")
    assert run_json(runner, "show", SLUG)["rejected_themes"] == []


def test_untag_errors(runner: CliRunner, library: Path) -> None:
    result = run(runner, "untag", SLUG, "physical-abuse")
    assert result.exit_code == 3 and f"record '{SLUG}' has no theme 'physical-abuse'" in result.stderr
    result = run(runner, "tag", SLUG, "no such theme at all")
    assert result.exit_code == 3 and "no theme" in result.stderr
    assert run(runner, "tag", "no-such-record", "neglect").exit_code == 3


def test_a_rejected_theme_stays_rejected_through_redetect_and_attach(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    ok(runner, "untag", SLUG, "domestic-abuse")
    assert run_json(runner, "reindex", "--redetect")["records"] > 0
    assert "domestic-abuse" not in themes_of(library, SLUG)
    assert set(themes_of(library, SLUG)) == {"neglect", "hidden-men", "voice-of-the-child"}
    more = make_pdf(
        tmp_path / "more.pdf", [p.replace("Child W", "Child W again") + " Domestic abuse." for p in PAGES]
    )
    ok(runner, "attach", SLUG, more)
    assert "domestic-abuse" not in themes_of(library, SLUG)
    assert run_json(runner, "show", SLUG)["rejected_themes"] == ["domestic-abuse"]


# --------------------------------------------------------------------------- review


def test_review_accept_all_confirms_and_survives_redetect(runner: CliRunner, library: Path) -> None:
    data = run_json(runner, "review", SLUG, "--accept-all")
    assert sorted(data["confirmed"]) == sorted(DETECTED) and data["rejected"] == []
    assert set(themes_of(library, SLUG).values()) == {"confirmed"}
    ok(runner, "reindex", "--redetect")
    assert themes_of(library, SLUG) == dict.fromkeys(DETECTED, "confirmed")
    shown = run_json(runner, "show", SLUG)
    assert all(t["origin"] == "confirmed" and t["evidence"] for t in shown["themes"])
    assert all(
        not p["extracted"] for name in ("learning", "good_practice", "recommendations") for p in shown[name]
    )
    assert (
        "no detected themes or extracted points to review"
        in ok(runner, "review", SLUG, "--accept-all").stderr
    )


def test_review_reject_all_rejects_every_detected_theme(runner: CliRunner, library: Path) -> None:
    data = run_json(runner, "review", SLUG, "--reject-all")
    assert sorted(data["rejected"]) == sorted(DETECTED)
    shown = run_json(runner, "show", SLUG)
    assert shown["themes"] == [] and sorted(shown["rejected_themes"]) == sorted(DETECTED)
    ok(runner, "reindex", "--redetect")
    assert themes_of(library, SLUG) == {}


def test_review_needs_a_terminal_or_a_flag(runner: CliRunner, library: Path) -> None:
    before = (library / STORE_NAME).read_bytes()
    result = run(runner, "review", SLUG)
    assert result.exit_code == 2 and "--accept-all or --reject-all" in result.stderr
    result = run(runner, "review", SLUG, "--accept-all", "--reject-all")
    assert result.exit_code == 2
    assert (library / STORE_NAME).read_bytes() == before


def test_review_on_a_terminal_asks_about_each_item(
    runner: CliRunner, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(learnkit.commands.curate, "interactive", lambda: True)
    order = [t for t, origin in themes_of(library, SLUG).items() if origin == "detected"]
    result = ok(runner, "review", SLUG, input="k\nr\nq\n")
    assert "Theme: " in result.output and "p. " in result.output  # the evidence is shown
    assert "[1/" in result.output
    themes = themes_of(library, SLUG)
    assert themes[order[0]] == "confirmed"
    assert order[1] not in themes
    assert themes[order[2]] == "detected"  # quit before it: left as it was
    assert run_json(runner, "show", SLUG)["rejected_themes"] == [order[1]]


# --------------------------------------------------------------------------- remove


def test_remove_asks_on_a_terminal_and_refuses_without_one(
    runner: CliRunner, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(runner, "remove", SLUG)
    assert result.exit_code == 2 and "add --yes" in result.stderr
    monkeypatch.setattr(learnkit.commands.curate, "interactive", lambda: True)
    result = ok(runner, "remove", SLUG, input="n\n")
    assert "nothing removed" in result.stderr and "Learning Review: Child W" in result.output
    assert stored(library, SLUG) is not None
    ok(runner, "remove", SLUG, input="y\n")
    assert stored(library, SLUG) is None


def test_remove_deletes_the_record_its_files_and_links_to_it(runner: CliRunner, library: Path) -> None:
    record = stored(library, SLUG)
    assert record is not None
    digest = record.documents[0].hash
    ok(runner, "edit", "rosza-malika", "--set", "title=Rosza and Malika")  # a record that links to nothing
    lib = Library(library)
    try:
        with lib.lock():
            other = lib.stored("patrick-scr")
            assert other is not None
            other.related.append(SLUG)
            lib.commit_records([other])
    finally:
        lib.close()
    data = run_json(runner, "remove", SLUG, "--yes")
    assert data == {
        "removed": [SLUG],
        "unlinked": {"patrick-scr": [SLUG]},
        "files_deleted": 1,
        "documents_kept": 0,
        "actions_removed": 0,
        "responses_removed": 0,
    }
    assert not (library / FILES_DIR / f"{digest}.pdf").exists()
    assert not (library / TEXT_DIR / f"{digest}.json").exists()
    assert SLUG not in run_json(runner, "show", "patrick-scr")["related"]
    assert all(h["slug"] != SLUG for h in run_json(runner, "search", "neglectful")["results"])
    assert SLUG not in [r["slug"] for r in run_json(runner, "list")]


def test_remove_keeps_a_pdf_another_record_holds(runner: CliRunner, library: Path, tmp_path: Path) -> None:
    # A copy of the record under another slug (as show --json, edited, and imported) holds the same PDF.
    data = run_json(runner, "show", SLUG)
    data["slug"] = "child-w-copy"
    del data["plan"]  # the action tracker's view of its recommendations: not a field of the record
    for name in ("themes",):
        data[name] = [{"id": t["id"], "origin": t["origin"]} for t in data[name]]
    copy = tmp_path / "child-w-copy.json"
    copy.write_text(json.dumps(data))
    ok(runner, "import", copy)
    digest = data["documents"][0]["hash"]
    result = ok(runner, "remove", SLUG, "--yes")
    assert "kept 1 document another record holds" in result.stderr
    assert (library / FILES_DIR / f"{digest}.pdf").exists()
    assert any(h["slug"] == "child-w-copy" for h in run_json(runner, "search", "neglectful")["results"])
    assert run_json(runner, "remove", "child-w-copy", "--yes")["files_deleted"] == 1
    assert not (library / FILES_DIR / f"{digest}.pdf").exists()


def test_remove_takes_whole_slugs(runner: CliRunner, library: Path) -> None:
    result = run(runner, "remove", "learning-review-child", "--yes")
    assert result.exit_code == 3 and "whole slugs" in result.stderr and SLUG in result.stderr
    assert stored(library, SLUG) is not None
    assert run(runner, "remove", "--yes").exit_code == 4


def test_remove_bundled_leaves_the_persons_records(runner: CliRunner, library: Path) -> None:
    data = run_json(runner, "remove", "--bundled", "--yes")
    assert sorted(data["removed"]) == BUNDLED
    assert [r["slug"] for r in run_json(runner, "list")] == [SLUG]


# --------------------------------------------------------------------------- rename


def test_rename_changes_the_slug_and_links_follow(runner: CliRunner, library: Path) -> None:
    data = run_json(runner, "rename", "keanu-williams-scr", "keanu-williams")
    assert data["old"] == "keanu-williams-scr" and data["new"] == "keanu-williams"
    assert sorted(data["related_updated"]) == [
        "daniel-pelka-scr",
        "hamzah-khan-scr",
        "scr-learning-presentation-2014",
    ]
    assert "keanu-williams" in run_json(runner, "show", "hamzah-khan-scr")["related"]
    result = ok(runner, "show", "keanu-williams-scr")
    assert "'keanu-williams-scr' was renamed to keanu-williams" in result.stderr
    assert "Record     keanu-williams" in result.output
    result = run(runner, "edit", "keanu-williams-scr", "--set", "date=2015")
    assert result.exit_code == 3 and "renamed to 'keanu-williams'" in result.stderr
    assert "keanu-williams-scr" not in [r["slug"] for r in run_json(runner, "list")]


def test_rename_keeps_documents_and_detected_themes(runner: CliRunner, library: Path) -> None:
    before = stored(library, SLUG)
    ok(runner, "rename", SLUG, "child-w")
    after = stored(library, "child-w")
    assert before is not None and after is not None
    assert after.documents == before.documents and after.themes == before.themes
    assert any(h["slug"] == "child-w" for h in run_json(runner, "search", "neglectful")["results"])


def test_rename_errors(runner: CliRunner, library: Path) -> None:
    assert run(runner, "rename", SLUG, "patrick-scr").exit_code == 7
    result = run(runner, "rename", SLUG, "Child W")
    assert result.exit_code == 4 and "'child-w'" in result.stderr
    assert run(runner, "rename", "no-such-record", "other").exit_code == 3


# --------------------------------------------------------------------------- init, --library


def test_init_makes_a_library_with_or_without_the_bundled_records(runner: CliRunner, tmp_path: Path) -> None:
    full = tmp_path / "a" / "b" / "full"
    assert run_json(runner, "init", full) == {"library": str(full), "records": len(BUNDLED), "empty": False}
    assert "made an empty library" in ok(runner, "init", tmp_path / "empty", "--empty").stderr
    assert run_json(runner, "--library", tmp_path / "empty", "list") == []
    assert sorted(r["slug"] for r in run_json(runner, "--library", full, "list")) == BUNDLED
    lines = run_json(runner, "--library", full, "history")
    assert sorted(e["slug"] for e in lines) == BUNDLED
    assert {(e["command"], e["action"]) for e in lines} == {("init", "added")}


def test_init_refuses_a_library_or_a_folder_in_use(runner: CliRunner, tmp_path: Path) -> None:
    ok(runner, "init", tmp_path / "lib")
    assert run(runner, "init", tmp_path / "lib").exit_code == 7
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = run(runner, "init", tmp_path / "busy")
    assert result.exit_code == 4 and "not empty" in result.stderr


def test_init_uses_the_library_option(runner: CliRunner, tmp_path: Path) -> None:
    assert run_json(runner, "--library", tmp_path / "given", "init", "--empty")["library"] == str(
        tmp_path / "given"
    )


def test_a_library_path_whose_parent_is_missing_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "--library", tmp_path / "typo" / "library", "list")
    assert result.exit_code == 3 and "does not exist" in result.stderr
    assert not (tmp_path / "typo").exists()
    assert run_json(runner, "--library", tmp_path / "new", "list") != []  # a new folder: made on first use


# --------------------------------------------------------------------------- history


def test_history_records_every_writing_command(
    runner: CliRunner, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_file = tmp_path / "imported-one.toml"
    record_file.write_text('slug = "imported-one"\ntitle = "Imported"\nkind = "learning-review"\n')
    ok(runner, "import", record_file)
    pdf = make_pdf(tmp_path / "second.pdf", [p.replace("Child W", "Child Z") for p in PAGES])
    ok(runner, "add", pdf)
    ok(
        runner,
        "attach",
        "imported-one",
        make_pdf(tmp_path / "third.pdf", [p.replace("Child W", "Child Y") for p in PAGES]),
    )
    ok(runner, "tag", SLUG, "parental-substance-misuse")
    ok(runner, "untag", SLUG, "hidden-men")
    ok(runner, "edit", SLUG, "--set", "area=Northshire")
    editor(
        tmp_path,
        monkeypatch,
        "path.write_text(text.replace('area = \"Northshire\"', 'area = \"Southshire\"'))\n",
    )
    ok(runner, "edit", SLUG)
    ok(runner, "review", SLUG, "--accept-all")
    ok(runner, "rename", SLUG, "child-w")
    ok(runner, "remove", "imported-one", "--yes")
    lib = Library(library)
    try:
        with lib.lock():
            lib.store_records([], {"detected_with": "an older taxonomy"})
    finally:
        lib.close()
    ok(runner, "untag", "learning-review-child-z", "neglect")
    ok(runner, "tag", "learning-review-child-z", "neglect")
    ok(runner, "reindex")  # detection runs again: the manual neglect stays, nothing else changed
    # A change from outside learnkit that detection puts right is logged by reindex.
    from learnkit.storage.store import Store

    outside = Store(library)
    data = outside.get("learning-review-child-z")
    assert data is not None
    data["themes"] = [t for t in data["themes"] if t["origin"] == "manual"]
    outside.put(data)
    outside.close()
    ok(runner, "reindex", "--redetect")
    lines = history(runner)
    commands = [line["command"] for line in lines]
    for command in (
        "import",
        "add",
        "attach",
        "tag",
        "untag",
        "edit",
        "review",
        "rename",
        "remove",
        "reindex",
    ):
        assert command in commands, command
    assert lines == sorted(lines, key=lambda e: e["when"], reverse=True)
    newest = lines[0]
    assert set(newest) >= {"when", "user", "command", "slug", "action", "changes"}
    assert newest["user"]
    edits = [e for e in history(runner, "child-w") if e["command"] == "edit"]
    assert [c for e in edits for c in e["changes"]] == [
        {"field": "area", "old": "Northshire", "new": "Southshire"},
        {"field": "area", "old": "", "new": "Northshire"},
    ]
    # History follows the record through its rename, and tells of the removed one.
    assert {e["command"] for e in history(runner, "child-w")} >= {"add", "tag", "rename", "review"}
    assert [e["action"] for e in history(runner, "imported-one")][0] == "removed"


def test_history_never_holds_page_text_and_is_private(runner: CliRunner, library: Path) -> None:
    ok(runner, "review", SLUG, "--reject-all")
    ok(runner, "edit", SLUG, "--set", "summary=Mine.")
    raw = (library / "history.jsonl").read_text()
    for words in ("reported to police twice", "Neglectful care was noted", "health visitor"):
        assert words not in raw
    edits = [e for e in history(runner, SLUG) if e["command"] == "edit"]
    summaries = [c for e in edits for c in e["changes"] if c["field"] == "summary"]
    assert summaries == [{"field": "summary", "changed": True}]
    if os.name == "posix":
        assert stat.S_IMODE((library / "history.jsonl").stat().st_mode) == 0o600


def test_history_human_output_and_errors(runner: CliRunner, library: Path) -> None:
    ok(runner, "edit", SLUG, "--set", "date=2019")
    result = ok(runner, "history", SLUG)
    assert f"edit  {SLUG}  changed" in result.output and "date: (empty) → '2019'" in result.output
    assert len(history(runner, "-n", "1")) == 1
    assert run(runner, "history", "no-such-record").exit_code == 3
    assert run(runner, "history", "-n", "0").exit_code == 4


def test_a_new_library_has_no_history(runner: CliRunner, home: Path) -> None:
    assert "No changes recorded yet." in ok(runner, "history").output


def test_an_import_over_a_record_keeps_its_rejections_and_confirmations(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    ok(runner, "untag", SLUG, "domestic-abuse")
    ok(runner, "review", SLUG, "--accept-all")
    file = tmp_path / f"{SLUG}.toml"
    file.write_text(f'slug = "{SLUG}"\ntitle = "Child W, imported"\nkind = "learning-review"\n')
    ok(runner, "import", file)
    assert themes_of(library, SLUG) == {
        "neglect": "confirmed",
        "hidden-men": "confirmed",
        "voice-of-the-child": "confirmed",
    }
    assert run_json(runner, "show", SLUG)["rejected_themes"] == ["domestic-abuse"]
