"""Long documents (made by tests/longdocs.py: reviews of 30-150 pages, a learning review, an audit, a
briefing) ingested through the command line.

What a practitioner would write down about each is known (longdocs returns it): the title holds the
subject, place and year; the date, kind and area are read from the cover, with the evidence kept and
shown; a protective marking makes the record restricted (a draft, unpublished) unless --status says
otherwise, and the account of the ingest says so; the central themes are found among few. Their
findings and recommendations are checked in test_long_review_findings.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from clirun import ok, run_json
from longdocs import LAYOUTS, Answers, make_document
from typer.testing import CliRunner


@pytest.fixture(scope="module")
def reviews(long_documents: tuple[Path, dict[str, Answers]]) -> tuple[Path, dict[str, Answers]]:
    """A folder holding every long document, and the answers for each file name."""
    folder, answers = long_documents
    return folder, {f"{name}.pdf": answer for name, answer in answers.items()}


@pytest.fixture(scope="module")
def shelf(
    tmp_path_factory: pytest.TempPathFactory, reviews: tuple[Path, dict[str, Answers]]
) -> tuple[Path, dict[str, tuple[dict[str, Any], Answers]]]:
    """A library made once, by one ingest of every review, and, per file name, (its entry, its answers).

    The tests that use it only read it.
    """
    folder, answers = reviews
    home = tmp_path_factory.mktemp("long-library") / "library"
    account = run_json(CliRunner(), "ingest", folder, env={"LEARNKIT_HOME": str(home)})
    assert account["failed"] == [] and account["duplicates"] == []
    entries = {Path(item["file"]).name: (item, answers[Path(item["file"]).name]) for item in account["added"]}
    return home, entries


@pytest.fixture
def ingested(
    shelf: tuple[Path, dict[str, tuple[dict[str, Any], Answers]]], monkeypatch: pytest.MonkeyPatch
) -> dict[str, tuple[dict[str, Any], Answers]]:
    """file name -> (the ingest's entry for it, the answers), with the shared library as LEARNKIT_HOME."""
    home, entries = shelf
    monkeypatch.setenv("LEARNKIT_HOME", str(home))
    return entries


def test_every_long_review_is_added(ingested: dict[str, tuple[dict[str, Any], Answers]]) -> None:
    assert sorted(ingested) == sorted(f"{name}.pdf" for name in LAYOUTS)
    for item, answer in ingested.values():
        assert item["pages"] == answer.pages


def test_titles_hold_the_subject_place_and_year_and_differ(
    runner: CliRunner, ingested: dict[str, tuple[dict[str, Any], Answers]]
) -> None:
    titles = []
    for item, answer in ingested.values():
        record = run_json(runner, "show", item["slug"])
        for word in answer.title_words:
            assert word in record["title"], (record["title"], word)
        assert "Page" not in record["title"] and "Contents" not in record["title"]
        assert len(record["title"]) <= 160
        titles.append(record["title"])
    assert len(set(titles)) == len(titles)


def test_an_audit_is_titled_by_what_it_audited(
    runner: CliRunner, ingested: dict[str, tuple[dict[str, Any], Answers]]
) -> None:
    item, answer = ingested["audit.pdf"]
    record = run_json(runner, "show", item["slug"])
    assert all(word in record["title"] for word in answer.title_words), record["title"]
    assert "title" in record["detected"]


def test_the_central_themes_are_found_among_few(
    runner: CliRunner, ingested: dict[str, tuple[dict[str, Any], Answers]]
) -> None:
    # A practitioner names four (a briefing or an audit two) central themes; learnkit finds all or all
    # but one of them, among at most eight.
    for item, answer in ingested.values():
        record = run_json(runner, "show", item["slug"])
        found = [tag["id"] if isinstance(tag, dict) else tag for tag in record["themes"]]
        assert len(found) <= 8, item["file"]
        assert len(set(answer.themes) - set(found)) <= 1, (item["file"], found)


def test_slugs_are_short_and_name_the_place_and_subject(
    ingested: dict[str, tuple[dict[str, Any], Answers]],
) -> None:
    for item, answer in ingested.values():
        slug = item["slug"]
        assert len(slug.split("-")) <= 7, slug
        assert slug.startswith(answer.area.lower().replace(" ", "-") + "-")
        if answer.subject:
            assert answer.subject.lower().replace(" ", "-") in slug
        if answer.date:
            assert slug.endswith(answer.date[:4])


def test_date_kind_and_area_are_read_from_the_cover_with_their_evidence(
    runner: CliRunner, ingested: dict[str, tuple[dict[str, Any], Answers]]
) -> None:
    for item, answer in ingested.values():
        record = run_json(runner, "show", item["slug"])
        assert record["date"] == answer.date, item["file"]
        assert record["kind"] == answer.kind, item["file"]
        assert record["area"] == answer.area, item["file"]
        assert record["publisher"] == answer.partnership
        detected = record["detected"]
        assert {"kind", "area"} <= set(detected)
        if not item["file"].endswith("audit.pdf"):
            assert "title" in detected
        if answer.date:
            assert detected["date"].startswith("p. 1: ")  # the cover, not the chronology
        else:
            assert "date" not in detected


def test_a_marking_sets_the_status_and_the_account_says_so(
    runner: CliRunner, ingested: dict[str, tuple[dict[str, Any], Answers]]
) -> None:
    for item, answer in ingested.values():
        record = run_json(runner, "show", item["slug"])
        assert record["status"] == answer.status, item["file"]
        assert item["record_status"] == answer.status
        if answer.marking:
            assert answer.marking in item["marking"]
            assert answer.marking in record["detected"]["status"]
        else:
            assert item["marking"] == "" and "status" not in record["detected"]


def test_the_human_account_and_show_say_what_was_detected(
    runner: CliRunner, home: Path, reviews: tuple[Path, dict[str, Answers]]
) -> None:
    folder, _ = reviews
    account = ok(runner, "add", str(folder / "scr.pdf")).stdout
    assert "OFFICIAL-SENSITIVE" in account and "restricted" in account
    slug = "ashworth-scr-baby-l-2017"
    shown = ok(runner, "show", slug).stdout
    assert "2017-11  detected" in shown and "restricted  detected" in shown
    evidence = ok(runner, "show", slug, "--evidence").stdout
    assert "Published: November 2017" in evidence


def test_status_given_by_the_user_wins_over_the_marking(
    runner: CliRunner, home: Path, reviews: tuple[Path, dict[str, Answers]]
) -> None:
    folder, _ = reviews
    (item,) = run_json(runner, "add", str(folder / "rapid.pdf"), "--status", "published")["added"]
    record = run_json(runner, "show", item["slug"])
    assert record["status"] == "published" and "status" not in record["detected"]
    assert item["marking"] == ""


def test_the_same_review_added_twice_under_another_name_gets_another_title(
    runner: CliRunner, home: Path, reviews: tuple[Path, dict[str, Answers]], tmp_path: Path
) -> None:
    folder, _ = reviews
    make_document(tmp_path / "cspr-again.pdf", "cspr", seed=99)  # other bytes, the same cover
    first = run_json(runner, "add", str(folder / "cspr.pdf"))["added"][0]
    second = run_json(runner, "add", str(tmp_path / "cspr-again.pdf"))["added"][0]
    titles = [run_json(runner, "show", item["slug"])["title"] for item in (first, second)]
    assert titles[0] != titles[1] and first["slug"] != second["slug"]
    assert all("Child M" in title for title in titles)
