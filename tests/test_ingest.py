"""Putting PDFs into a library (add, attach, ingest), through the command line and the functions.

Every test makes its own PDFs with tests/pdfmaker.py, so it knows what is in them, and works in its own
library folder. What is checked is what a user sees: the record made, the text found by search and shown
by show, the account of each file (added, already present, failed and why), the exit code, and that a
file that fails leaves the library exactly as it was. Tests marked xfail(strict=True) pin bugs: each
reason says what is wrong.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from clirun import ok, run, run_json
from fpdf import FPDF
from pdfmaker import make_image_only_pdf, make_pdf
from typer.testing import CliRunner

import learnkit.reading.batch
from learnkit.errors import InvalidError, NotFoundError, StoreError
from learnkit.models import Record
from learnkit.operations.ingest import (
    BatchResult,
    NewRecordOptions,
    Pipeline,
    add,
    attach,
    guess_kind,
    heading_title,
    ingest,
    pdf_files,
)
from learnkit.operations.library import Library
from learnkit.paths import DETAILS_DIR, FILES_DIR, STORE_NAME, TEXT_DIR
from learnkit.reading.extract import REASONS
from learnkit.reading.pool import start_method
from learnkit.storage.store import Store

REPO = Path(__file__).resolve().parents[1]
BUNDLED = sorted(p.stem for p in (REPO / "records").glob("*.toml") if p.name != "themes.toml")

BATCH_KEYS = {"added", "duplicates", "failed"}
ADDED_KEYS = {"file", "slug", "document", "pages", "chars", "status", "marking", "record_status"}
FAILED_KEYS = {"file", "reason", "message"}
# The reasons a file can fail with: pypdf's (learnkit.reading.extract.REASONS) and the library's own.
ALL_REASONS = set(REASONS) | {"store", "invalid"}

# A three-page review whose words are known: "quillwort" only on page 3, "quarrelling" only on page 2.
REVIEW_TITLE = "Learning Review: Child Q (Northshire Safeguarding Children Partnership)"
REVIEW_SLUG = "northshire-learning-review-child-q"
REVIEW_PAGES = [
    "Learning Review: Child Q\n"
    "Published by the Northshire Safeguarding Children Partnership.\n"
    "This review looks at the neglect of Child Q, who was three years old, over two years. "
    "Child Q lived with her mother and two older brothers in a rented flat. "
    "Many agencies knew the family, but no single agency saw the whole picture of her life.",
    "The family moved house four times in two years, and each move closed a case. "
    "Professionals did not recognise the neglect, because each of them saw only one part of it. "
    "The mother was isolated and kept quarrelling with her neighbours about the shared garden. "
    "Health visitors recorded missed appointments without asking why they had been missed.",
    "On the last home visit the health visitor noticed quillwort growing in pots on the windowsill. "
    "Neglected children are often not seen by the agencies that work with their parents. "
    "The school raised concerns about neglectful care, but the concerns were never escalated. "
    "The review thanks the practitioners and the family who took part in it.",
]
# Queries whose results must not change when a file fails.
PROBES = ("neglect", "quillwort", "hidden men")


# --------------------------------------------------------------------------- helpers


def review_pdf(folder: Path, name: str = "review.pdf", **kwargs: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return make_pdf(folder / name, REVIEW_PAGES, **kwargs)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def snapshot(home: Path) -> dict[str, Any]:
    """What a failed add must leave as it was: the store's bytes, files/, text/, details/ and search."""
    lib = Library(home)
    try:
        found = {query: lib.search(query).to_dict() for query in PROBES}
    finally:
        lib.close()
    return {
        "store": (home / STORE_NAME).read_bytes(),
        "files": listing(home / FILES_DIR),
        "text": listing(home / TEXT_DIR),
        "details": listing(home / DETAILS_DIR),
        "search": found,
    }


def record(home: Path, slug: str) -> dict[str, Any]:
    """A record as the store holds it, with its details (theme evidence, extracted points) read back in."""
    lib = Library(home)
    try:
        found = lib.stored(slug)
    finally:
        lib.close()
    assert found is not None, f"no record {slug}"
    return found.to_dict()


def lines_naming(output: str, name: str) -> list[str]:
    return [line for line in output.splitlines() if name in line]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def squash(text: str) -> str:
    return " ".join(text.split())


def check_library(home: Path) -> list[dict[str, Any]]:
    """The library reads, every record's details are there, and every document in its store has its PDF
    (with those bytes) and its text."""
    lib = Library(home)
    try:
        records = lib.stored_records()
    finally:
        lib.close()
    for data in records:
        Record.from_dict(data)
    named = {d["details"] for d in Store(home).records() if "details" in d}
    assert {p.stem for p in (home / DETAILS_DIR).glob("*.json")} >= named, "a details file is missing"
    hashes = [doc["hash"] for data in records for doc in data.get("documents", [])]
    assert len(hashes) == len(set(hashes)), "a document is held by two records"
    for digest in hashes:
        stored = home / FILES_DIR / f"{digest}.pdf"
        assert stored.is_file(), f"files/{digest}.pdf missing"
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
        text = json.loads((home / TEXT_DIR / f"{digest}.json").read_bytes())
        assert isinstance(text["pages"], list)
    return records


@pytest.fixture
def stocked(library_with: Callable[..., Path]) -> Path:
    """A library (this test's own copy) with the bundled records and one record with a 3-page PDF."""
    return library_with("ingest-review", pdfs={"review.pdf": REVIEW_PAGES})


# --------------------------------------------------------------------------- add: the record made


def test_add_makes_a_record_from_the_pdf_and_its_metadata_title(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    source = review_pdf(inbox, title="Northshire learning review of Child Q")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    data = run_json(runner, "add", "review.pdf")
    assert set(data) == BATCH_KEYS
    assert data["duplicates"] == [] and data["failed"] == []
    (item,) = data["added"]
    assert set(item) == ADDED_KEYS
    assert item["file"] == "review.pdf"
    assert item["slug"] == "northshire-learning-review-child-q"
    assert item["document"] == digest
    assert item["pages"] == 3
    assert item["status"] == "ok"
    assert item["chars"] > 600
    shown = run_json(runner, "show", item["slug"])
    assert shown["title"] == "Northshire learning review of Child Q"
    assert shown["kind"] == "learning-review"
    (doc,) = shown["documents"]
    assert (doc["hash"], doc["name"], doc["pages"], doc["status"]) == (digest, "review.pdf", 3, "ok")
    assert doc["chars"] == item["chars"] and doc["size"] == source.stat().st_size
    # The PDF is kept once under its hash, and its text page by page.
    assert (seeded / FILES_DIR / f"{digest}.pdf").read_bytes() == source.read_bytes()
    pages = json.loads((seeded / TEXT_DIR / f"{digest}.json").read_bytes())["pages"]
    assert len(pages) == 3 and "quillwort" in pages[2] and "quillwort" not in pages[0] + pages[1]
    assert set(Store(seeded).slugs()) == set(BUNDLED) | {item["slug"]}


def test_without_a_metadata_title_the_first_heading_line_is_the_title(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    review_pdf(inbox)
    (item,) = run_json(runner, "add", "review.pdf")["added"]
    assert item["slug"] == REVIEW_SLUG
    assert record(seeded, REVIEW_SLUG)["title"] == REVIEW_TITLE


def test_the_options_of_add_are_honoured(runner: CliRunner, seeded: Path, inbox: Path) -> None:
    review_pdf(inbox, title="A title the options override")
    args = ["--title", "Child Q: what we learned", "--slug", "child-q", "--kind", "serious-case-review"]
    args += ["--date", "2019-05", "--area", "Bedford Borough", "--status", "restricted"]
    args += ["--theme", "hidden men", "--theme", "was-not-brought"]
    (item,) = run_json(runner, "add", "review.pdf", *args)["added"]
    assert item["slug"] == "child-q"
    shown = run_json(runner, "show", "child-q")
    assert shown["title"] == "Child Q: what we learned"
    assert (shown["kind"], shown["date"], shown["area"], shown["status"]) == (
        "serious-case-review",
        "2019-05",
        "Bedford Borough",
        "restricted",
    )
    manual = [(t["id"], t["origin"], t["evidence"]) for t in shown["themes"] if t["origin"] == "manual"]
    assert manual == [("hidden-men", "manual", []), ("was-not-brought", "manual", [])]
    assert shown["themes"][:2] == [t for t in shown["themes"] if t["origin"] == "manual"]
    assert "neglect" in [t["id"] for t in shown["themes"] if t["origin"] == "detected"]


def test_a_repeated_title_gets_a_unique_slug(runner: CliRunner, seeded: Path, inbox: Path) -> None:
    make_pdf(inbox / "one.pdf", ["First report about the same case."], title="Same Title Review")
    make_pdf(inbox / "two.pdf", ["Second, different report."], title="Same Title Review")
    make_pdf(inbox / "three.pdf", ["Third, different again."], title="Same Title Review")
    assert [a["slug"] for a in run_json(runner, "add", "one.pdf")["added"]] == ["same-title-review"]
    added = run_json(runner, "add", "two.pdf", "three.pdf")["added"]
    assert sorted(a["slug"] for a in added) == ["same-title-review-2", "same-title-review-3"]
    # Different documents never share a title: the second gets a distinguishing detail.
    titles = [record(seeded, s)["title"] for s in ("same-title-review", "same-title-review-2")]
    assert titles[0] == "Same Title Review" and titles[1].startswith("Same Title Review ")


def test_a_title_given_to_several_files_gives_each_its_own_slug(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    make_pdf(inbox / "a.pdf", ["One briefing."])
    make_pdf(inbox / "b.pdf", ["Another briefing."])
    added = run_json(runner, "add", "a.pdf", "b.pdf", "--title", "Seven minute briefing")["added"]
    assert sorted(a["slug"] for a in added) == ["seven-minute-briefing", "seven-minute-briefing-2"]
    assert record(seeded, "seven-minute-briefing-2")["kind"] == "learning-briefing"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["a.pdf", "b.pdf", "--slug", "two-files"], "--slug"),
        (["a.pdf", "--kind", "nonsense"], "unknown kind 'nonsense'"),
        (["a.pdf", "--status", "secret"], "unknown status 'secret'"),
        (["a.pdf", "--date", "2019-13"], "--date"),
        (["a.pdf", "--slug", "Not A Slug"], "--slug"),
        (["a.pdf", "--slug", "rosza-malika"], "learnkit attach rosza-malika"),
        (["a.pdf", "--timeout", "0"], "--timeout"),
    ],
)
def test_bad_options_are_invalid_and_change_nothing(
    runner: CliRunner, stocked: Path, inbox: Path, args: list[str], words: str
) -> None:
    make_pdf(inbox / "a.pdf", ["One page."])
    make_pdf(inbox / "b.pdf", ["Another page."])
    before = snapshot(stocked)
    result = run(runner, "add", *args)
    assert result.exit_code == 4, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and words in squash(result.stderr)
    assert snapshot(stocked) == before


def test_an_unknown_theme_is_not_found(runner: CliRunner, stocked: Path, inbox: Path) -> None:
    make_pdf(inbox / "a.pdf", ["One page."])
    before = snapshot(stocked)
    result = run(runner, "add", "a.pdf", "--theme", "no-such-theme")
    assert result.exit_code == 3
    assert "no theme 'no-such-theme'" in result.stderr
    assert snapshot(stocked) == before


def test_the_batch_json_shape_is_exact(runner: CliRunner, stocked: Path, inbox: Path) -> None:
    make_pdf(inbox / "new.pdf", ["A new report."], title="New Report")
    shutil.copy(inbox / "new.pdf", inbox / "new-copy.pdf")
    shutil.copy(next((stocked / FILES_DIR).glob("*.pdf")), inbox / "old.pdf")
    (inbox / "junk.pdf").write_bytes(b"not a pdf at all")
    data = run_json(runner, "add", "new.pdf", "old.pdf", "new-copy.pdf", "junk.pdf", code=1)
    assert set(data) == BATCH_KEYS
    assert [set(a) for a in data["added"]] == [ADDED_KEYS]
    assert data["added"][0]["slug"] == "new-report"
    # A file already in the library names its record; a second copy within the batch names the first
    # copy and the record that copy went into.
    assert data["duplicates"] == [
        {"file": "old.pdf", "slug": REVIEW_SLUG},
        {"file": "new-copy.pdf", "slug": "new-report", "same_as": "new.pdf"},
    ]
    assert [set(f) for f in data["failed"]] == [FAILED_KEYS]
    assert data["failed"][0]["file"] == "junk.pdf" and data["failed"][0]["reason"] == "not-a-pdf"
    assert {f["reason"] for f in data["failed"]} <= ALL_REASONS


# --------------------------------------------------------------------------- every outcome


def _encrypted(folder: Path) -> list[str]:
    make_pdf(folder / "locked.pdf", REVIEW_PAGES, password="open-sesame")
    return ["locked.pdf"]


def _wrong_password(folder: Path) -> list[str]:
    make_pdf(folder / "locked.pdf", REVIEW_PAGES, password="open-sesame")
    return ["locked.pdf", "--password", "not-the-password"]


def _not_a_pdf(folder: Path) -> list[str]:
    (folder / "random.pdf").write_bytes(random.Random(5).randbytes(4096))
    return ["random.pdf"]


def _damaged(folder: Path) -> list[str]:
    whole = review_pdf(folder, "whole.pdf").read_bytes()
    (folder / "cut.pdf").write_bytes(whole[: len(whole) // 2])
    return ["cut.pdf"]


def _missing(folder: Path) -> list[str]:
    return ["missing.pdf"]


def _a_folder(folder: Path) -> list[str]:
    (folder / "folder.pdf").mkdir()
    return ["folder.pdf"]


FAILURES: dict[str, tuple[Callable[[Path], list[str]], str, str, str]] = {
    # case: (make the input, reason, words in the message, the outcome shown in the table)
    "encrypted": (_encrypted, "encrypted", "--password", "encrypted"),
    "wrong-password": (_wrong_password, "wrong-password", "--password", "wrong password"),
    "not-a-pdf": (_not_a_pdf, "not-a-pdf", "not a PDF", "not a PDF"),
    "damaged": (_damaged, "damaged", "damaged PDF", "damaged"),
    "missing": (_missing, "unreadable", "no such file", "unreadable"),
    "folder": (_a_folder, "unreadable", "folder", "unreadable"),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_a_failed_file_is_reported_and_leaves_the_library_as_it_was(
    runner: CliRunner, stocked: Path, inbox: Path, case: str
) -> None:
    make_input, reason, words, outcome = FAILURES[case]
    args = make_input(inbox)
    name = args[0]
    before = snapshot(stocked)

    data = run_json(runner, "add", *args, code=1)
    assert data["added"] == [] and data["duplicates"] == []
    (failed,) = data["failed"]
    assert set(failed) == FAILED_KEYS
    assert failed["file"] == name and failed["reason"] == reason
    assert failed["message"].startswith(f"{name}: ") and words in failed["message"]
    assert snapshot(stocked) == before

    result = run(runner, "add", *args)
    assert result.exit_code == 1
    (line,) = lines_naming(result.output, name)  # one line for the file, on stdout or stderr
    assert outcome in line
    assert "0 added, 0 already present, 1 failed" in result.stdout
    assert snapshot(stocked) == before


def _slow_extract(path: Path, password: str | None = None) -> Any:
    time.sleep(30)
    raise AssertionError("the worker should have been stopped")


@pytest.mark.skipif(start_method() != "fork", reason="the test patches what a forked worker runs")
def test_a_pdf_that_takes_too_long_times_out(
    runner: CliRunner, stocked: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Forked workers read with the patched function. (tests/test_pool.py times out jobs under every
    # start method.)
    monkeypatch.setattr(learnkit.reading.batch, "extract", _slow_extract)
    # Its own title: made in the same second as the stocked review, the same bytes would be a duplicate.
    review_pdf(inbox, "slow.pdf", title="A slow review")
    before = snapshot(stocked)
    started = time.monotonic()
    data = run_json(runner, "add", "slow.pdf", "--timeout", "0.5", code=1)
    assert time.monotonic() - started < 15
    assert data["added"] == [] and data["duplicates"] == []
    assert [(f["file"], f["reason"]) for f in data["failed"]] == [("slow.pdf", "timeout")]
    assert "0.5 s" in data["failed"][0]["message"]
    assert snapshot(stocked) == before
    result = run(runner, "add", "slow.pdf", "--timeout", "0.5")
    assert result.exit_code == 1
    (line,) = lines_naming(result.output, "slow.pdf")
    assert "timed out" in line
    assert snapshot(stocked) == before


def test_an_image_only_pdf_is_added_with_no_text_and_a_warning_about_ocr(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    make_image_only_pdf(inbox / "scanned_report.pdf", pages=2)
    (item,) = run_json(runner, "add", "scanned_report.pdf")["added"]
    assert (item["slug"], item["pages"], item["chars"], item["status"]) == ("scanned-report", 2, 0, "no-text")
    make_image_only_pdf(inbox / "second_scan.pdf", pages=1)
    result = ok(runner, "add", "second_scan.pdf")
    (line,) = lines_naming(result.stdout, "second_scan.pdf")
    assert "no text" in line and "OCR" in squash(result.stdout)
    assert "1 page, 0 characters" in squash(result.stdout)  # one page, not "1 pages"
    shown = run_json(runner, "show", "scanned-report")
    assert shown["title"] == "scanned report"
    assert shown["summary"] == "" and shown["summary_extracted"] is False
    (doc,) = shown["documents"]
    assert doc["status"] == "no-text" and "OCR" in doc["error"]
    text = squash(ok(runner, "show", "scanned-report").stdout)
    assert "2 pages, 0 characters, no-text" in text and "OCR is not supported" in text


def test_an_encrypted_pdf_with_its_password_is_added_and_searchable(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    _encrypted(inbox)
    (item,) = run_json(runner, "add", "locked.pdf", "--password", "open-sesame")["added"]
    assert item["slug"] == REVIEW_SLUG and item["status"] == "ok" and item["pages"] == 3
    hits = run_json(runner, "search", "quillwort")["results"]
    assert [(h["slug"], h["page"], h["document"]) for h in hits] == [(REVIEW_SLUG, 3, "locked.pdf")]


def test_a_batch_goes_on_past_bad_files(runner: CliRunner, seeded: Path, inbox: Path) -> None:
    _not_a_pdf(inbox)
    review_pdf(inbox)
    data = run_json(runner, "add", "random.pdf", "review.pdf", "missing.pdf", code=1)
    assert [a["file"] for a in data["added"]] == ["review.pdf"]
    assert sorted((f["file"], f["reason"]) for f in data["failed"]) == [
        ("missing.pdf", "unreadable"),
        ("random.pdf", "not-a-pdf"),
    ]
    check_library(seeded)
    assert listing(seeded / FILES_DIR) == [f"{data['added'][0]['document']}.pdf"]


def test_a_pdf_whose_pages_each_hold_one_line_keeps_its_text(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    make_pdf(inbox / "report.pdf", [f"Potato {n}" for n in range(6)])
    (item,) = run_json(runner, "add", "report.pdf")["added"]
    assert (item["status"] == "no-text") == (item["chars"] == 0)
    assert item["chars"] > 0
    hits = run_json(runner, "search", "potato")["results"]
    assert [(h["slug"], h["page"]) for h in hits] == [(item["slug"], 1)]


def test_a_file_the_library_cannot_take_fails_and_leaves_nothing_behind(
    runner: CliRunner, stocked: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(self: Library, records: list[Record], pages_for: Any = None) -> None:
        raise StoreError(f"cannot write the store in {self.folder}: No space left on device")

    monkeypatch.setattr(Library, "commit_records", disk_full)
    make_pdf(inbox / "new.pdf", ["A new report about neglect.", "Its second page."])
    before = snapshot(stocked)
    data = run_json(runner, "add", "new.pdf", code=1)
    assert data["added"] == [] and data["duplicates"] == []
    assert [(f["file"], f["reason"]) for f in data["failed"]] == [("new.pdf", "store")]
    assert "No space left on device" in data["failed"][0]["message"]
    assert snapshot(stocked) == before  # the PDF and text copied in before the failure are gone again


# --------------------------------------------------------------------------- duplicates


def test_the_same_bytes_again_under_another_name_are_already_present(
    runner: CliRunner, stocked: Path, inbox: Path
) -> None:
    source = next((stocked / FILES_DIR).glob("*.pdf"))
    shutil.copy(source, inbox / "Child Q final version.pdf")
    before = snapshot(stocked)
    data = run_json(runner, "add", "Child Q final version.pdf", "--title", "Another title")
    assert data == {
        "added": [],
        "duplicates": [{"file": "Child Q final version.pdf", "slug": REVIEW_SLUG}],
        "failed": [],
    }
    assert snapshot(stocked) == before
    result = ok(runner, "add", "Child Q final version.pdf")
    (line,) = lines_naming(result.stdout, "Child Q final version.pdf")
    assert "already present" in line and REVIEW_SLUG in line
    assert "0 added, 1 already present, 0 failed" in result.stdout
    assert snapshot(stocked) == before


def test_the_same_file_twice_in_one_batch_is_stored_once(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    review_pdf(inbox)
    shutil.copy(inbox / "review.pdf", inbox / "copy.pdf")
    data = run_json(runner, "add", "review.pdf", "copy.pdf", "review.pdf")
    assert [a["file"] for a in data["added"]] == ["review.pdf"]
    slug = data["added"][0]["slug"]
    assert data["duplicates"] == [
        {"file": "copy.pdf", "slug": slug, "same_as": "review.pdf"},
        {"file": "review.pdf", "slug": slug, "same_as": "review.pdf"},
    ]
    records = check_library(seeded)
    assert len(records) == len(BUNDLED) + 1
    assert len(listing(seeded / FILES_DIR)) == 1


def test_a_second_copy_of_a_failed_file_is_not_reported_as_already_present(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    _encrypted(inbox)
    shutil.copy(inbox / "locked.pdf", inbox / "locked-copy.pdf")
    data = run_json(runner, "add", "locked.pdf", "locked-copy.pdf", code=1)
    assert data["duplicates"] == []
    assert sorted((f["file"], f["reason"]) for f in data["failed"]) == [
        ("locked-copy.pdf", "encrypted"),
        ("locked.pdf", "encrypted"),
    ]


# --------------------------------------------------------------------------- attach


def test_attach_adds_a_document_whose_text_is_searchable_by_page(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    before = record(seeded, "rosza-malika")
    make_pdf(
        inbox / "briefing.pdf",
        [
            "Seven minute briefing\nWhat happened and why it matters.",
            "The marmalade cupboard was always empty when the visitors came.",
            "What to do next: ask the children.",
        ],
    )
    data = run_json(runner, "attach", "rosza-malika", "briefing.pdf")
    assert [(a["slug"], a["pages"], a["status"]) for a in data["added"]] == [("rosza-malika", 3, "ok")]
    hits = run_json(runner, "search", "marmalade")["results"]
    assert [(h["slug"], h["page"], h["document"]) for h in hits] == [("rosza-malika", 2, "briefing.pdf")]
    shown = run_json(runner, "show", "rosza-malika")
    assert [d["name"] for d in shown["documents"]] == [d["name"] for d in before["documents"]] + [
        "briefing.pdf"
    ]
    # What a person wrote is kept: the curated summary, title and learning.
    for key in ("title", "summary", "summary_extracted", "learning", "recommendations", "kind"):
        assert shown[key] == before[key], key
    table = ok(runner, "search", "marmalade").stdout
    assert "briefing.pdf, p. 2" in table


def test_attach_two_documents_lists_both(runner: CliRunner, stocked: Path, inbox: Path) -> None:
    make_pdf(inbox / "addendum.pdf", ["An addendum.", "Its second page."])
    make_image_only_pdf(inbox / "chart.pdf")
    data = run_json(runner, "attach", REVIEW_SLUG, "addendum.pdf", "chart.pdf")
    assert sorted(a["file"] for a in data["added"]) == ["addendum.pdf", "chart.pdf"]
    docs = run_json(runner, "show", REVIEW_SLUG)["documents"]
    assert [(d["name"], d["pages"], d["status"]) for d in docs] == [
        ("review.pdf", 3, "ok"),
        ("addendum.pdf", 2, "ok"),
        ("chart.pdf", 1, "no-text"),
    ]
    text = squash(ok(runner, "show", REVIEW_SLUG).stdout)
    assert "chart.pdf 1 page, 0 characters, no-text" in text
    for doc in docs[:2]:
        assert f"{doc['name']} {doc['pages']} pages, {doc['chars']:,} characters, {doc['status']}" in text
    check_library(stocked)


def test_attach_text_to_a_record_without_any_fills_what_it_lacks(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    make_image_only_pdf(inbox / "scan.pdf")
    (item,) = run_json(runner, "add", "scan.pdf")["added"]
    assert record(seeded, item["slug"])["summary"] == ""
    make_pdf(inbox / "child-r.pdf", FINDINGS_PAGES)
    review_pdf(inbox)
    ok(runner, "attach", item["slug"], "child-r.pdf", "review.pdf")
    data = record(seeded, item["slug"])
    assert data["title"] == "scan"  # what the record was given stays
    assert data["summary_extracted"] is True and 3 <= len(sentences(data["summary"])) <= 5
    assert [p["number"] for p in data["learning"]] == ["4.1", "4.2"]
    neglect = next(t for t in data["themes"] if t["id"] == "neglect")
    assert {e["document"] for e in neglect["evidence"]} <= {"child-r.pdf", "review.pdf"}
    assert [d["name"] for d in data["documents"]] == ["scan.pdf", "child-r.pdf", "review.pdf"]


def test_attach_to_an_unknown_record_is_not_found(runner: CliRunner, stocked: Path, inbox: Path) -> None:
    make_pdf(inbox / "a.pdf", ["One page."])
    before = snapshot(stocked)
    result = run(runner, "attach", "no-such-record-at-all", "a.pdf")
    assert result.exit_code == 3
    assert result.stderr.startswith("error: no record 'no-such-record-at-all'")
    assert snapshot(stocked) == before


def test_attach_to_a_misspelt_record_does_not_pick_another_one(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    make_pdf(inbox / "a.pdf", ["One page."])
    before = snapshot(seeded)
    result = run(runner, "attach", "rosza-malka", "a.pdf")
    assert result.exit_code == 3
    assert snapshot(seeded) == before


def test_attach_a_file_another_record_holds_names_that_record(
    runner: CliRunner, stocked: Path, inbox: Path
) -> None:
    shutil.copy(next((stocked / FILES_DIR).glob("*.pdf")), inbox / "same.pdf")
    before = snapshot(stocked)
    data = run_json(runner, "attach", "rosza-malika", "same.pdf")
    assert data["duplicates"] == [{"file": "same.pdf", "slug": REVIEW_SLUG}]
    assert data["added"] == [] and data["failed"] == []
    assert snapshot(stocked) == before


# --------------------------------------------------------------------------- search and show


def test_search_finds_text_on_page_3_and_says_so(runner: CliRunner, stocked: Path) -> None:
    result = run_json(runner, "search", "quillwort")
    assert result["count"] == 1
    (hit,) = result["results"]
    assert (hit["slug"], hit["page"], hit["document"]) == (REVIEW_SLUG, 3, "review.pdf")
    assert "**quillwort**" in hit["snippet"]
    assert "review.pdf, p. 3" in ok(runner, "search", "quillwort").stdout


def test_search_stems_words_in_page_text(runner: CliRunner, stocked: Path) -> None:
    # The PDF says "quarrelling" on page 2; "quarrelled" and "quarrels" are other forms of it.
    for query in ("quarrelled", "quarrel", "quarrelling"):
        hits = run_json(runner, "search", query)["results"]
        assert [(h["slug"], h["page"]) for h in hits] == [(REVIEW_SLUG, 2)], query


def test_show_text_prints_the_pages_in_order_with_a_rule_for_each(runner: CliRunner, stocked: Path) -> None:
    out = ok(runner, "show", REVIEW_SLUG, "--text").stdout
    lines = out.splitlines()
    rules = [n for n, line in enumerate(lines) if re.search(r"review\.pdf, page \d", line)]
    assert [re.findall(r"page (\d+)", lines[n]) for n in rules] == [["1"], ["2"], ["3"]]
    assert all("─" in lines[n] for n in rules)
    body = squash(out)
    assert body.index("Learning Review: Child Q") < body.index("quarrelling") < body.index("quillwort")
    between = squash("\n".join(lines[rules[2] :]))
    assert "quillwort" in between and "quarrelling" not in between


def test_show_text_json_has_every_page(runner: CliRunner, stocked: Path) -> None:
    data = run_json(runner, "show", REVIEW_SLUG, "--text")
    assert data["slug"] == REVIEW_SLUG
    text = data["text"]
    assert [(t["document"], t["page"]) for t in text] == [
        ("review.pdf", 1),
        ("review.pdf", 2),
        ("review.pdf", 3),
    ]
    assert set(text[0]) == {"document", "page", "text"}
    assert "quillwort" in text[2]["text"] and "Child Q lived with her mother" in squash(text[0]["text"])


def test_show_evidence_gives_the_sentence_that_found_a_theme(runner: CliRunner, stocked: Path) -> None:
    themes = run_json(runner, "show", REVIEW_SLUG)["themes"]
    neglect = next(t for t in themes if t["id"] == "neglect")
    assert neglect["origin"] == "detected" and neglect["evidence"]
    for ev in neglect["evidence"]:
        assert ev["document"] == "review.pdf" and 1 <= ev["page"] <= 3
        assert squash(ev["sentence"].strip("…")) in squash(" ".join(REVIEW_PAGES))
    plain = squash(ok(runner, "show", REVIEW_SLUG).stdout)
    shown = squash(ok(runner, "show", REVIEW_SLUG, "--evidence").stdout)
    count = neglect["evidence"][0]["count"]
    said = f"review.pdf: {count} mention{'s' if count != 1 else ''}"
    assert said in shown and said not in plain
    assert f"Neglect detected ({count} mention" in plain  # the document's count, once
    for ev in neglect["evidence"]:
        where = f"p. {ev['page']}: “{squash(ev['sentence'])[:30]}"
        assert where in shown and where not in plain


def test_a_summary_of_three_to_five_of_its_sentences_is_made(runner: CliRunner, stocked: Path) -> None:
    data = record(stocked, REVIEW_SLUG)
    assert data["summary_extracted"] is True
    found = sentences(data["summary"])
    assert 3 <= len(found) <= 5
    text = squash(" ".join(REVIEW_PAGES))
    for sentence in found:
        assert sentence in text
    assert "(extracted from its text; check it)" in squash(ok(runner, "show", REVIEW_SLUG).stdout)


def test_manual_themes_are_kept_after_reindex(runner: CliRunner, seeded: Path, inbox: Path) -> None:
    review_pdf(inbox)
    ok(runner, "add", "review.pdf", "--theme", "hidden men")
    before = run_json(runner, "show", REVIEW_SLUG)["themes"]
    assert before[0] == {"id": "hidden-men", "label": "Hidden men", "origin": "manual", "evidence": []}
    assert "neglect" in [t["id"] for t in before]
    counts = run_json(runner, "reindex")
    assert counts == {"records": len(BUNDLED) + 1, "pages": 3, "redetected": 0, "missing_details": 0}
    assert run_json(runner, "show", REVIEW_SLUG)["themes"] == before


def test_reindex_runs_detection_again(runner: CliRunner, stocked: Path) -> None:
    themes = record(stocked, REVIEW_SLUG)["themes"]
    assert any(t["origin"] == "detected" for t in themes)
    # Someone's tool dropped the detected themes from the store: reindex finds them again.
    store = Store(stocked)
    data = record(stocked, REVIEW_SLUG)
    data["themes"] = []
    store.put(data)
    # The taxonomy has not changed since the last detection: a plain reindex leaves themes alone ...
    assert run_json(runner, "reindex") == {
        "records": len(BUNDLED) + 1,
        "pages": 3,
        "redetected": 0,
        "missing_details": 0,
    }
    assert record(stocked, REVIEW_SLUG)["themes"] == []
    # ... and --redetect detects them again.
    assert run_json(runner, "reindex", "--redetect") == {
        "records": len(BUNDLED) + 1,
        "pages": 3,
        "redetected": 1,
        "missing_details": 0,
    }
    assert record(stocked, REVIEW_SLUG)["themes"] == themes
    assert [h["slug"] for h in run_json(runner, "search", "quillwort")["results"]] == [REVIEW_SLUG]
    assert run_json(runner, "reindex") == {
        "records": len(BUNDLED) + 1,
        "pages": 3,
        "redetected": 0,
        "missing_details": 0,
    }
    assert "reindexed" in ok(runner, "reindex").stderr


FINDINGS_PAGES = [
    "Learning Review: Child R\n"
    "Published by the Bedford Borough Safeguarding Children Partnership.\n"
    "1. Introduction\n"
    "1.1 This review considers the care of Child R between 2016 and 2018.",
    "4. Findings\n"
    "4.1 Professionals did not consider the risk posed by the mother's partner, whose history of "
    "violence was never shared.\n"
    "4.2 Child R was rarely seen alone, and her wishes and feelings were not recorded in any assessment.",
    "5. Recommendations\n"
    "5.1 The partnership should seek assurance that agencies ask about the men in a child's household.\n"
    "5.2 Agencies should make sure that children are seen alone and their words are recorded.\n"
    "6. Conclusion\n"
    "6.1 The review found the circumstances complex.",
]


def test_findings_and_recommendations_are_extracted_with_their_pages(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    make_pdf(inbox / "child-r.pdf", FINDINGS_PAGES)
    (item,) = run_json(runner, "add", "child-r.pdf")["added"]
    data = record(seeded, item["slug"])

    def points(name: str) -> list[tuple[str, str, int, bool, str]]:
        return [(p["number"], p["document"], p["page"], p["extracted"], p["text"]) for p in data[name]]

    assert points("learning") == [
        (
            "4.1",
            "child-r.pdf",
            2,
            True,
            "Professionals did not consider the risk posed by the mother's partner, whose history of "
            "violence was never shared.",
        ),
        (
            "4.2",
            "child-r.pdf",
            2,
            True,
            "Child R was rarely seen alone, and her wishes and feelings were not recorded in any assessment.",
        ),
    ]
    assert [(n, d, p, e) for n, d, p, e, _ in points("recommendations")] == [
        ("5.1", "child-r.pdf", 3, True),
        ("5.2", "child-r.pdf", 3, True),
    ]
    assert data["good_practice"] == []
    shown = squash(ok(runner, "show", item["slug"]).stdout)
    assert "(extracted from child-r.pdf, p. 2; check it)" in shown
    assert "(extracted from child-r.pdf, p. 3; check it)" in shown


def test_text_that_looks_like_markup_is_printed_as_it_is(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    title = "[bold]Bracketed[/] review of [red]markup[/red]"
    make_pdf(
        inbox / "[draft] markup.pdf",
        [
            "The agency wrote [brackets] around words, and [bold]shouted[/] in its notes.",
            "A stray closing tag [/] and an [italic]unclosed one sat in the zanzibar minutes.",
        ],
        title=title,
    )
    (item,) = run_json(runner, "add", "[draft] markup.pdf")["added"]
    slug = item["slug"]
    assert slug == "bold-bracketed-review-of-red-markup"
    again = ok(runner, "add", "[draft] markup.pdf").stdout
    (line,) = lines_naming(again, "[draft] markup.pdf")
    assert "already present" in line
    assert record(seeded, slug)["title"] == title
    shown = ok(runner, "show", slug).stdout
    assert title in shown
    text = squash(ok(runner, "show", slug, "--text").stdout)
    for piece in ("[brackets]", "[bold]shouted[/]", "tag [/] and an [italic]unclosed"):
        assert piece in text
    found = squash(ok(runner, "search", "zanzibar").stdout)
    assert "[/]" in found and "[italic]unclosed" in found
    assert "[bold]Bracketed[/]" in found and "[red]markup[/red]" in found
    found = squash(ok(runner, "search", "shouted").stdout)
    assert "[bold]shouted[/]" in found


# --------------------------------------------------------------------------- ingest


def make_folder(folder: Path) -> dict[str, str]:
    """A folder tree of PDFs, good and bad, and other files; returns each PDF's expected outcome."""
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "locked").mkdir()
    make_pdf(folder / "a-review.pdf", ["Review A: a learning review about neglect in the family."])
    make_pdf(folder / "sub" / "B-BRIEFING.PDF", ["Seven minute briefing B about hidden men."])
    make_pdf(folder / "sub" / "deeper" / "audit.Pdf", ["Multi-agency audit C of missing children."])
    (folder / "sub" / "deeper" / "broken.pdf").write_text("this is not a PDF\n")
    make_pdf(folder / "locked" / "locked.pdf", ["Secret review D."], password="pw")
    # Not PDFs by name: ignored, whatever they hold.
    (folder / "notes.txt").write_text("some notes\n")
    make_pdf(folder / "sub" / "real-pdf.pdf.bak", ["A PDF under another extension."])
    (folder / "sub" / "picture.png").write_bytes(b"\x89PNG\r\n")
    return {
        "a-review.pdf": "added",
        "B-BRIEFING.PDF": "added",
        "audit.Pdf": "added",
        "broken.pdf": "not-a-pdf",
        "locked.pdf": "encrypted",
    }


def test_ingest_a_folder_tree(
    runner: CliRunner, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = make_folder(tmp_path / "reviews")
    monkeypatch.chdir(tmp_path)  # short paths: one table line per file
    result = run(runner, "ingest", "reviews", "--jobs", "2")
    assert result.exit_code == 1
    for name, outcome in expected.items():
        (line,) = lines_naming(result.stdout, name)
        label = {"added": "added", "not-a-pdf": "not a PDF", "encrypted": "encrypted"}[outcome]
        assert label in line, line
    for ignored in ("notes.txt", "real-pdf", "picture.png"):
        assert ignored not in result.output
    assert "3 added, 0 already present, 2 failed" in result.stdout
    records = check_library(seeded)
    names = sorted(d["name"] for r in records for d in r["documents"])
    assert names == ["B-BRIEFING.PDF", "a-review.pdf", "audit.Pdf"]
    assert len(records) == len(BUNDLED) + 3
    kinds = {r["title"]: r["kind"] for r in records if r["documents"]}
    assert kinds["Seven minute briefing B about hidden men."] == "learning-briefing"
    assert kinds["Multi-agency audit C of missing children."] == "multi-agency-audit"


def test_ingest_again_adds_nothing_and_reports_the_bad_files_again(
    runner: CliRunner, seeded: Path, tmp_path: Path
) -> None:
    expected = make_folder(tmp_path / "reviews")
    first = run_json(runner, "ingest", tmp_path / "reviews", "--jobs", "2", code=1)
    slugs = {Path(a["file"]).name: a["slug"] for a in first["added"]}
    assert len(first["added"]) + len(first["duplicates"]) + len(first["failed"]) == len(expected)
    store_before = (seeded / STORE_NAME).read_bytes()
    files_before = listing(seeded / FILES_DIR)

    again = run_json(runner, "ingest", tmp_path / "reviews", "--jobs", "2", code=1)
    assert again["added"] == []
    assert {Path(d["file"]).name: d["slug"] for d in again["duplicates"]} == slugs
    # Files that failed are still not in the library: they are tried and reported again.
    assert sorted((Path(f["file"]).name, f["reason"]) for f in again["failed"]) == [
        ("broken.pdf", "not-a-pdf"),
        ("locked.pdf", "encrypted"),
    ]
    assert (seeded / STORE_NAME).read_bytes() == store_before
    assert listing(seeded / FILES_DIR) == files_before
    human = run(runner, "ingest", tmp_path / "reviews")
    assert human.exit_code == 1
    assert "0 added, 3 already present, 2 failed" in human.stdout


def test_ingest_again_of_a_clean_folder_exits_0(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "good"
    folder.mkdir()
    for n in range(3):
        make_pdf(folder / f"r{n}.pdf", [f"Review number {n} of three."])
    first = run_json(runner, "ingest", folder, "--jobs", "2", "--kind", "serious-case-review")
    assert len(first["added"]) == 3
    assert {record(seeded, a["slug"])["kind"] for a in first["added"]} == {"serious-case-review"}
    again = run(runner, "ingest", folder, "--jobs", "2")
    assert again.exit_code == 0
    assert "0 added, 3 already present, 0 failed" in again.stdout
    assert len(check_library(seeded)) == len(BUNDLED) + 3


def test_ingest_an_empty_folder(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert run_json(runner, "ingest", tmp_path / "empty") == {"added": [], "duplicates": [], "failed": []}


def test_ingest_a_missing_folder_is_not_found(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    result = run(runner, "ingest", tmp_path / "nowhere")
    assert result.exit_code == 3


def test_ingest_a_file_is_invalid(runner: CliRunner, seeded: Path, inbox: Path) -> None:
    review_pdf(inbox)
    result = run(runner, "ingest", "review.pdf")
    assert result.exit_code == 4
    assert "learnkit add" in result.stderr


def test_ingest_with_no_workers_is_invalid(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    make_folder(tmp_path / "reviews")
    result = run(runner, "ingest", tmp_path / "reviews", "--jobs", "0")
    assert result.exit_code == 4
    assert "--jobs" in result.stderr


def test_ingest_with_negative_workers_is_invalid(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    make_folder(tmp_path / "reviews")
    before = (seeded / STORE_NAME).read_bytes()
    result = run(runner, "ingest", tmp_path / "reviews", "--jobs", "-1")
    assert result.exit_code == 4 and "--jobs" in result.stderr
    assert (seeded / STORE_NAME).read_bytes() == before


# --------------------------------------------------------------------------- the functions


def test_pdf_files_finds_every_pdf_by_name_case_insensitively(tmp_path: Path) -> None:
    make_folder(tmp_path / "reviews")
    found = [p.relative_to(tmp_path / "reviews").as_posix() for p in pdf_files(tmp_path / "reviews")]
    assert sorted(found) == [
        "a-review.pdf",
        "locked/locked.pdf",
        "sub/B-BRIEFING.PDF",
        "sub/deeper/audit.Pdf",
        "sub/deeper/broken.pdf",
    ]
    assert found == [p.relative_to(tmp_path / "reviews").as_posix() for p in pdf_files(tmp_path / "reviews")]
    with pytest.raises(InvalidError):
        pdf_files(tmp_path / "reviews" / "a-review.pdf")


def test_ingest_function_returns_the_account(seeded: Path, tmp_path: Path) -> None:
    make_folder(tmp_path / "reviews")
    lib = Library(seeded)
    try:
        steps: list[tuple[str, int, int]] = []
        result = ingest(
            lib, tmp_path / "reviews", pipeline=Pipeline(lib, jobs=2), progress=lambda *a: steps.append(a)
        )
    finally:
        lib.close()
    assert isinstance(result, BatchResult)
    assert len(result.added) == 3 and result.duplicates == []
    assert {f["reason"] for f in result.failed} == {"not-a-pdf", "encrypted"}
    assert result.to_dict() == {"added": result.added, "duplicates": [], "failed": result.failed}
    assert steps[0] == ("", 0, 5) and steps[-1][1:] == (5, 5)
    check_library(seeded)


def test_add_function_checks_options_before_reading_any_file(seeded: Path, tmp_path: Path) -> None:
    one = review_pdf(tmp_path)
    two = make_pdf(tmp_path / "two.pdf", ["Two."])
    before = (seeded / STORE_NAME).read_bytes()
    lib = Library(seeded)
    try:
        with pytest.raises(InvalidError):
            add(lib, [one, two], NewRecordOptions(slug="both"))
        with pytest.raises(NotFoundError):
            add(lib, [one], NewRecordOptions(themes=["no-such-theme"]))
        with pytest.raises(InvalidError):
            Pipeline(lib, jobs=0)
        with pytest.raises(InvalidError):
            Pipeline(lib, timeout=0)
        with pytest.raises(NotFoundError):
            attach(lib, "no-such-record-at-all", [one])
    finally:
        lib.close()
    assert (seeded / STORE_NAME).read_bytes() == before
    assert listing(seeded / FILES_DIR) == []


def test_attach_function(stocked: Path, tmp_path: Path) -> None:
    extra = make_pdf(tmp_path / "extra.pdf", ["An extra page about quillwort again."])
    lib = Library(stocked)
    try:
        result = attach(lib, REVIEW_SLUG, [extra])
    finally:
        lib.close()
    assert [(a["slug"], a["file"]) for a in result.added] == [(REVIEW_SLUG, str(extra))]
    docs = record(stocked, REVIEW_SLUG)["documents"]
    assert [d["name"] for d in docs] == ["review.pdf", "extra.pdf"]


@pytest.mark.parametrize(
    ("title", "first_page", "kind"),
    [
        ("Serious Case Review: Child A", "", "serious-case-review"),
        ("Local Child Safeguarding Practice Review", "", "safeguarding-practice-review"),
        ("7 minute briefing: neglect", "", "learning-briefing"),
        ("Multi-agency audit of neglect", "", "multi-agency-audit"),
        ("Child B", "This serious case review was commissioned by the board.", "serious-case-review"),
        ("Child C", "Nothing here says what it is.", "learning-review"),
    ],
)
def test_guess_kind(title: str, first_page: str, kind: str) -> None:
    assert guess_kind(title, first_page) == kind


def test_heading_title_skips_what_is_not_a_heading() -> None:
    assert heading_title(["", "Page 1\nContents of the report\nChild D: a learning review\nText."]) == (
        "Child D: a learning review"
    )
    assert heading_title(["x\n12 3\n", ""]) == ""


# --------------------------------------------------------------------------- privacy

SECRET = "Zygomorphic"


def _uncompressed_pdf(pages: list[str]) -> bytes:
    """A PDF whose page text is in its bytes as written (no compression)."""
    pdf = FPDF()
    pdf.set_compression(False)
    for text in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def test_no_output_quotes_the_text_of_a_pdf_that_failed(runner: CliRunner, seeded: Path, inbox: Path) -> None:
    pages = [f"The {SECRET} plan was agreed at the meeting. " * 3, f"Nobody checked the {SECRET} plan."]
    make_pdf(inbox / "locked.pdf", pages, title=f"{SECRET} review", password="pw")
    data = _uncompressed_pdf(pages)
    assert SECRET.encode() in data
    (inbox / "cut.pdf").write_bytes(data[: data.find(SECRET.encode()) + 40])
    (inbox / "unended.pdf").write_bytes(data.replace(b"endstream", b"xndstream"))
    files = ["locked.pdf", "cut.pdf", "unended.pdf"]
    outputs = []
    for args in (files, [*files, "--password", "wrong"], [*files, "--json"]):
        result = run(runner, "add", *args)
        assert result.exit_code == 1
        outputs.append(result.output)
    result = run(runner, "ingest", inbox, "--json")
    assert result.exit_code == 1
    outputs.append(result.output)
    reasons = {f["reason"] for f in json.loads(result.stdout)["failed"]}
    assert reasons == {"encrypted", "damaged"}
    for output in outputs:
        assert SECRET.lower() not in output.lower()
    for path in seeded.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes().replace(b"\x00", b""), path


def test_warnings_kept_on_a_document_do_not_quote_its_text(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    data = _uncompressed_pdf([f"The {SECRET} plan was agreed.", "An ordinary second page of the report."])
    assert data.count(b" Td (") >= 2
    # "<<" in page 1's content stream makes pypdf read the next string as a dictionary key and quote it.
    (inbox / "odd.pdf").write_bytes(data.replace(b" Td (", b" << (", 1))
    (item,) = run_json(runner, "add", "odd.pdf")["added"]
    shown = ok(runner, "show", item["slug"], "--json").stdout
    assert json.loads(shown)["documents"][0]["warnings"]  # pypdf did complain
    assert SECRET not in shown
    assert SECRET.encode() not in (seeded / STORE_NAME).read_bytes()


def test_an_error_message_is_one_line(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    result = run(runner, "ingest", tmp_path / "nowhere")
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_error_naming_a_long_path_is_one_line(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    long = tmp_path / ("reviews-" * 12) / ("from-the-partnership-" * 6)
    result = run(runner, "ingest", long)
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1


# --------------------------------------------------------------------------- killed mid-ingest


def _group_alive(pgid: int) -> bool:
    """Whether any process of the group is still running (zombies waiting to be reaped do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():  # pragma: no cover - not Linux
        return False
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _stored(library: Path) -> int:
    folder = library / FILES_DIR
    return len(list(folder.glob("[0-9a-f]*.pdf"))) if folder.is_dir() else 0


@pytest.fixture
def killed_groups() -> Iterator[list[int]]:
    """Process groups started by a test, killed at its end whatever happened."""
    groups: list[int] = []
    yield groups
    for pgid in groups:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups")
def test_a_killed_ingest_leaves_a_library_that_reads_and_can_finish(
    runner: CliRunner, tmp_path: Path, killed_groups: list[int]
) -> None:
    source = tmp_path / "reviews"
    source.mkdir()
    count = 20
    for n in range(count):
        body = f"Review {n} of the killed ingest, about neglect and the voice of the child. " * 12
        make_pdf(source / f"r{n:02d}.pdf", [body, body + f"Marker word kw{n}x.", body], title=f"Killed {n}")
    library = tmp_path / "library"
    command = [sys.executable, "-m", "learnkit", "--library", str(library), "ingest", str(source)]
    command += ["--jobs", "2", "--json"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    rng = random.Random(20240611)
    # First while it starts and makes the library, then when some random number of PDFs are stored.
    moments: list[int | None] = [None, *sorted(rng.sample(range(2, count - 1), 3))]
    interrupted = 0
    for stored in moments:
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        killed_groups.append(proc.pid)
        try:
            if stored is None:
                time.sleep(rng.uniform(0.05, 0.4))
            else:
                deadline = time.monotonic() + 60
                while _stored(library) < stored and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.003)
                time.sleep(rng.uniform(0, 0.03))
            interrupted += proc.poll() is None
        finally:
            proc.kill()  # SIGKILL to the ingest only: its workers are orphaned, as after a real crash
            _, err = proc.communicate()
        assert b"Traceback" not in err
        # Orphaned workers notice their parent is gone and exit by themselves.
        deadline = time.monotonic() + 20
        while _group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _group_alive(proc.pid), "worker processes outlived the killed ingest"
        if not (library / STORE_NAME).exists():
            continue
        records = check_library(library)
        listed = run_json(runner, "--library", library, "list")
        assert sorted(r["slug"] for r in listed) == sorted(r["slug"] for r in records)

    assert interrupted >= 3, "the kills came too late to interrupt an ingest"
    started = time.monotonic()
    final = subprocess.run(command, capture_output=True, env=env, timeout=120)
    assert time.monotonic() - started < 25  # no lock left behind by the killed process or its workers
    assert final.returncode == 0, final.stderr
    account = json.loads(final.stdout)
    assert account["failed"] == []
    assert len(account["added"]) + len(account["duplicates"]) == count
    records = check_library(library)
    names = sorted(d["name"] for r in records for d in r["documents"])
    assert names == [f"r{n:02d}.pdf" for n in range(count)]
    ingested = sorted(r["slug"] for r in records if r["documents"])
    assert ingested == sorted(f"killed-{n}" for n in range(count))
    for n in (0, 7, count - 1):
        hits = run_json(runner, "--library", library, "search", f"kw{n}x")["results"]
        assert [h["slug"] for h in hits] == [f"killed-{n}"]


def test_a_kill_while_the_library_is_made_does_not_lose_the_bundled_records(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from learnkit.storage.store import SafeJSONStorage

    def killed(self: SafeJSONStorage, data: dict[str, Any]) -> None:
        raise KeyboardInterrupt  # stands for SIGKILL: nothing after this point runs

    with monkeypatch.context() as patch:
        patch.setattr(SafeJSONStorage, "write", killed)
        with pytest.raises(KeyboardInterrupt):
            Library(home).ensure()
    lib = Library(home)
    try:
        assert sorted(r.slug for r in lib.records()) == BUNDLED
    finally:
        lib.close()


def test_reindex_detects_again_when_the_taxonomy_changed(runner: CliRunner, stocked: Path) -> None:
    themes = record(stocked, REVIEW_SLUG)["themes"]
    store = Store(stocked)
    data = record(stocked, REVIEW_SLUG)
    data["themes"] = []
    store.put(data)
    store.set_meta("detected_with", "an older taxonomy")
    assert run_json(runner, "reindex")["redetected"] == 1
    assert record(stocked, REVIEW_SLUG)["themes"] == themes
    assert run_json(runner, "reindex")["redetected"] == 0


def test_with_several_workers_the_largest_files_are_read_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Longest first, so that no long report is left to run alone at the end; one worker keeps the order."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, pages in (("a-short.pdf", 1), ("b-long.pdf", 12), ("c-middle.pdf", 5)):
        make_pdf(folder / name, [f"Page {i} of {name}, a review about neglect. " * 20 for i in range(pages)])
    seen: list[list[str]] = []
    original = learnkit.reading.batch.extract_many

    def spy(jobs: Any, *args: Any, **kwargs: Any) -> Any:
        jobs = list(jobs)
        seen.append([path.name for path, _ in jobs])
        return original(jobs, *args, **kwargs)

    monkeypatch.setattr(learnkit.reading.batch, "extract_many", spy)
    for jobs in (2, 1):
        lib = Library(tmp_path / f"library-{jobs}")
        result = ingest(lib, folder, None, None, Pipeline(lib, jobs=jobs))
        assert len(result.added) == 3
        lib.close()
    assert seen == [
        ["b-long.pdf", "c-middle.pdf", "a-short.pdf"],
        ["a-short.pdf", "b-long.pdf", "c-middle.pdf"],
    ]


def test_a_large_pdf_read_in_parts_makes_the_same_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With several workers a large PDF is read a share of its pages each: the record must not show it."""
    import learnkit.operations.ingest as ingest_module

    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "review.pdf", REVIEW_PAGES * 3, title="Learning Review: Child Q")
    make_pdf(folder / "short.pdf", ["A short note about neglect."])
    monkeypatch.setattr(ingest_module, "SPLIT_BYTES", 0)  # every file is "large"
    split: list[int] = []
    original = learnkit.reading.batch.extract_many

    def spy(jobs: Any, workers: int, *args: Any) -> Any:
        jobs = list(jobs)
        parts = args[-1]
        split.extend(parts(path) for path, _ in jobs)
        return original(jobs, workers, *args)

    monkeypatch.setattr(learnkit.reading.batch, "extract_many", spy)
    made = {}
    for jobs in (1, 2):
        lib = Library(tmp_path / f"library-{jobs}")
        result = ingest(lib, folder, None, None, Pipeline(lib, jobs=jobs))
        assert len(result.added) == 2 and not result.failed
        made[jobs] = {a["slug"]: lib.get(a["slug"]).to_dict() for a in result.added}
        lib.close()
    for records in made.values():
        for data in records.values():
            for doc in data["documents"]:
                doc.pop("added")
    assert made[1] == made[2]
    assert split == [1, 1, 2, 2]  # one worker: read whole; two: each file in two parts


def test_add_and_attach_share_one_file_across_the_cores_and_keep_several_in_order(
    runner: CliRunner, seeded: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import learnkit.operations.ingest as ingest_module

    seen: list[int] = []
    original = ingest_module.Pipeline.__init__

    def spy(self: Any, lib: Any, jobs: int = 1, *args: Any, **kwargs: Any) -> None:
        seen.append(jobs)
        original(self, lib, jobs, *args, **kwargs)

    monkeypatch.setattr(ingest_module.Pipeline, "__init__", spy)
    one = make_pdf(inbox / "one.pdf", ["A review about neglect."], title="One")
    two = make_pdf(inbox / "two.pdf", ["Another review."], title="Two")
    three = make_pdf(inbox / "three.pdf", ["A third review."], title="Three")
    ok(runner, "add", str(one))
    ok(runner, "add", str(two), str(three))
    ok(runner, "attach", "one", str(make_pdf(inbox / "more.pdf", ["More about it."])))
    assert seen == [os.cpu_count() or 1, 1, os.cpu_count() or 1]


def test_documents_the_workers_index_read_as_a_rebuilt_index_reads_them(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    # Workers make each document's text for the index's document table (without the common words);
    # a rebuilt index makes it here. Both must index the same words.
    review_pdf(inbox)
    make_pdf(
        inbox / "voice.pdf", ["Contents", "Staff heard the voice of a child in every visit to the home."]
    )
    run_json(runner, "ingest", str(inbox), "--jobs", "2")

    def vocabulary() -> list[tuple[str, int]]:
        lib = Library(seeded)
        try:
            conn = lib.index().conn
            conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, doc_fts, row)")
            return conn.execute("SELECT term, cnt FROM temp.v ORDER BY term").fetchall()
        finally:
            lib.close()

    by_workers = vocabulary()
    assert by_workers and not {"the", "of"} & {term for term, _ in by_workers}
    ok(runner, "reindex")
    assert vocabulary() == by_workers
    # The phrase skips the common words in documents: "of the" where the text says "of a".
    [hit] = [h for h in run_json(runner, "search", '"voice of the child"')["results"] if h["document"]]
    assert (hit["document"], hit["page"]) == ("voice.pdf", 2)


def test_reindex_of_many_records_detects_their_themes_again_in_workers(tmp_path: Path) -> None:
    """Enough records that reindex shares them out over a worker per core (fork or spawn)."""
    from learnkit.reading.extract import Extraction

    lib = Library(tmp_path / "library")
    pipeline = Pipeline(lib)
    for n in range(45):
        file = tmp_path / "in" / f"review-{n}.pdf"
        file.parent.mkdir(exist_ok=True)
        file.write_bytes(f"%PDF-1.4 review {n}".encode())
        pages = [page.replace("Child Q", f"Child {n}") for page in REVIEW_PAGES[: 1 + n % 3]]
        made = Record(slug=f"review-{n}", title=f"Review {n}", kind="learning-review")
        pipeline.commit(file, f"{n:064x}", Extraction(pages=pages), lambda *_, made=made: made)
    slugs = [f"review-{n}" for n in range(45)]
    detected = {slug: record(lib.folder, slug)["themes"] for slug in slugs}
    assert all(detected.values())
    store = Store(lib.folder)
    for slug in slugs:
        data = record(lib.folder, slug)
        data["themes"] = []
        store.put(data)
    store.set_meta("detected_with", "an older taxonomy")
    assert lib.reindex()["redetected"] == 45
    assert {slug: record(lib.folder, slug)["themes"] for slug in slugs} == detected
    lib.close()


def test_an_unknown_start_method_is_a_one_line_error_and_changes_nothing(
    runner: CliRunner, stocked: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    review_pdf(inbox, "other.pdf", title="Another review")
    before = snapshot(stocked)
    monkeypatch.setenv("LEARNKIT_START_METHOD", "threads")
    result = run(runner, "add", "other.pdf")
    assert result.exit_code == 4
    assert result.stderr.startswith("error: LEARNKIT_START_METHOD must be one of ")
    assert "'threads'" in result.stderr and "spawn" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(stocked) == before
