"""Tests for learnkit.reading.extract and .batch: made PDFs, every failure a PdfError, reading in workers."""

from __future__ import annotations

import csv
import hashlib
import logging
import multiprocessing
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from pdfmaker import make_image_only_pdf, make_pdf
from processes import child_pids, needs_proc
from pypdf.errors import LimitReachedError, PdfReadError

import learnkit.reading.batch as batch
import learnkit.reading.extract as pdf
from learnkit.errors import ExitCode, PdfError
from learnkit.reading.batch import extract_isolated, extract_many
from learnkit.reading.extract import Extraction, Part, extract, extract_part, join_parts
from learnkit.reading.pool import START_METHOD_VARIABLE, start_method
from learnkit.storage.files import sha256_file

SHARED_PDFS = Path(__file__).resolve().parents[2] / "shared" / "pdfs"
PASSWORD_FILE = "sample-files/005-libreoffice-writer-password_libreoffice-writer-password.pdf"

PAGES = [
    "Serious case review of Child A.\nThe health visitor did not record the concerns.",
    "Second page: the school saw absences rise.",
    "Third page: hidden men in the household were not known to agencies.",
]


def reason_of(path: Path, password: str | None = None) -> str:
    with pytest.raises(PdfError) as caught:
        extract(path, password)
    return caught.value.reason


needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods() or start_method() != "fork",
    reason="the test patches what a forked worker runs",
)


# --------------------------------------------------------------------------- made PDFs, in process


def test_pages_come_back_in_order(tmp_path: Path) -> None:
    result = extract(make_pdf(tmp_path / "r.pdf", PAGES))
    assert result.status == "ok"
    assert len(result.pages) == 3
    assert "Child A" in result.pages[0]
    assert "health visitor did not record" in result.pages[0]
    assert "absences rise" in result.pages[1]
    assert "hidden men" in result.pages[2]
    assert result.chars == sum(len(page) for page in result.pages) > 100
    assert result.warnings == []


def test_metadata_title(tmp_path: Path) -> None:
    assert extract(make_pdf(tmp_path / "t.pdf", ["Text here"], title="Learning Review: Child J")).title == (
        "Learning Review: Child J"
    )
    assert extract(make_pdf(tmp_path / "n.pdf", ["Text here"])).title == ""


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Microsoft Word - SCR Child A final.docx", ""),
        ("Microsoft Word - Neglect strategy", "Neglect strategy"),
        ("Untitled", ""),
        ("about:blank", ""),
        ("C:\\Users\\jo\\Desktop\\draft", ""),
        ("report_v3.pdf", ""),
        ("  Thematic  review\x00 of neglect ", "Thematic review of neglect"),
        ("2019", ""),
        ("x" * 400, ""),
    ],
)
def test_placeholder_titles_are_dropped(raw: str, title: str) -> None:
    assert pdf.sensible_title(raw) == title


def test_running_header_and_footer_are_in_the_raw_text(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "h.pdf", ["One body", "Two body"], header="Bedford LSCB", footer="Page {page}")
    pages = extract(path).pages
    assert "Bedford LSCB" in pages[0]
    assert "Page 1" in pages[0]
    assert "Page 2" in pages[1]


def test_encrypted_needs_a_password(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "e.pdf", ["Confidential chronology"], password="s3cret")
    with pytest.raises(PdfError) as caught:
        extract(path)
    assert caught.value.reason == "encrypted"
    assert "--password" in caught.value.message
    assert caught.value.code == ExitCode.PDF


def test_encrypted_wrong_password(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "e.pdf", ["Confidential chronology"], password="s3cret")
    assert reason_of(path, "guess") == "wrong-password"


def test_encrypted_right_password(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "e.pdf", ["Confidential chronology"], password="s3cret")
    result = extract(path, "s3cret")
    assert result.status == "ok"
    assert "Confidential chronology" in result.pages[0]


def test_empty_user_password_opens_by_itself(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "e.pdf", ["Open to all"], password="")
    assert "Open to all" in extract(path).pages[0]


def test_password_for_a_plain_pdf_is_ignored(tmp_path: Path) -> None:
    assert extract(make_pdf(tmp_path / "p.pdf", ["Plain text"]), "unneeded").status == "ok"


def test_image_only_pdf_has_no_text(tmp_path: Path) -> None:
    result = extract(make_image_only_pdf(tmp_path / "scan.pdf", pages=3))
    assert result.status == "no-text"
    assert result.pages == ["", "", ""]
    assert result.chars == 0


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"Minutes of the strategy meeting\n" * 50)
    assert reason_of(path) == "not-a-pdf"
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert reason_of(empty) == "not-a-pdf"


def test_header_after_leading_junk_is_accepted(tmp_path: Path) -> None:
    made = make_pdf(tmp_path / "m.pdf", ["Text after junk"]).read_bytes()
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"\x00" * 100 + made)
    try:
        extract(path)
    except PdfError as exc:
        assert exc.reason == "damaged"  # pypdf may not find the objects; never "not-a-pdf"


@pytest.mark.parametrize("fraction", [0.9, 0.5, 0.1])
def test_truncated_pdf_is_damaged(tmp_path: Path, fraction: float) -> None:
    data = make_pdf(tmp_path / "whole.pdf", PAGES).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(PdfError) as caught:
        extract(path)
    assert caught.value.reason == "damaged"
    assert caught.value.message.startswith("damaged PDF: ")
    assert "\n" not in caught.value.message


def test_missing_file_and_directory_are_unreadable(tmp_path: Path) -> None:
    assert reason_of(tmp_path / "nowhere.pdf") == "unreadable"
    assert reason_of(tmp_path) == "unreadable"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied_is_unreadable(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", ["x"])
    path.chmod(0)
    assert reason_of(path) == "unreadable"


# --------------------------------------------------------------------------- any failure is a PdfError


class _Exploding:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def __call__(self, *args: object, **kwargs: object) -> None:
        raise self.exc


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (TypeError("unhashable type: 'ArrayObject'"), "damaged"),
        (AttributeError("'NumberObject' object has no attribute 'items'"), "damaged"),
        (RecursionError("maximum recursion depth exceeded"), "damaged"),
        (KeyError("/Root"), "damaged"),
        (ValueError("invalid literal"), "damaged"),
        (AssertionError(), "damaged"),
        (PdfReadError("startxref not found"), "damaged"),
        (LimitReachedError("Declared size exceeds allowed limit"), "limit"),
        (MemoryError(), "limit"),
    ],
)
def test_any_reader_exception_becomes_a_pdf_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException, reason: str
) -> None:
    path = make_pdf(tmp_path / "x.pdf", ["Text"])
    monkeypatch.setattr(pdf, "PdfReader", _Exploding(exc))
    with pytest.raises(PdfError) as caught:
        extract(path)
    assert caught.value.reason == reason
    assert "\n" not in caught.value.message


def test_unsupported_encryption_is_encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdf._encryption

    path = make_pdf(tmp_path / "e.pdf", ["Secret"], password="pw")

    def unsupported(*args: object, **kwargs: object) -> None:
        raise NotImplementedError("Encryption V=7 NOT supported")

    # The error must come from pypdf's encryption module, as the real one does.
    unsupported.__code__ = unsupported.__code__.replace(co_filename=pypdf._encryption.__file__)
    monkeypatch.setattr(pypdf._encryption.Encryption, "read", staticmethod(unsupported))
    with pytest.raises(PdfError) as caught:
        extract(path)
    assert caught.value.reason == "encrypted"
    assert "V=7" in caught.value.message


def test_damaged_message_says_what_pypdf_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf(tmp_path / "x.pdf", ["Text"])
    monkeypatch.setattr(pdf, "PdfReader", _Exploding(PdfReadError("startxref not found")))
    with pytest.raises(PdfError, match=r"^damaged PDF: PdfReadError: startxref not found$"):
        extract(path)


def test_file_bytes_quoted_by_pypdf_do_not_reach_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_pdf(tmp_path / "x.pdf", ["Text"])
    error = PdfReadError("Invalid Elementary Object starting with b'Mother disclosed' @547: b'abuse\\n>>'")
    monkeypatch.setattr(pdf, "PdfReader", _Exploding(error))
    with pytest.raises(PdfError) as caught:
        extract(path)
    assert "Mother" not in caught.value.message
    assert "abuse" not in caught.value.message
    assert "Invalid Elementary Object" in caught.value.message


def _break_pages(monkeypatch: pytest.MonkeyPatch, failing: set[int], exc: Exception) -> None:
    from pypdf import PdfReader as original

    class Reader(original):
        @property
        def pages(self) -> Any:
            real = super().pages

            class Pages:
                def __len__(self) -> int:
                    return len(real)

                def __getitem__(self, index: int) -> object:
                    if index + 1 in failing:
                        raise exc
                    return real[index]

            return Pages()

    monkeypatch.setattr(pdf, "PdfReader", Reader)


def test_a_page_that_fails_is_empty_and_noted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf(tmp_path / "x.pdf", PAGES)
    _break_pages(monkeypatch, {2}, TypeError("'>=' not supported"))
    result = extract(path)
    assert result.status == "ok"
    assert result.pages[1] == ""
    assert "Child A" in result.pages[0]
    assert "hidden men" in result.pages[2]
    assert any(w.startswith("page 2: text extraction failed (TypeError") for w in result.warnings)


def test_every_page_failing_is_damaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf(tmp_path / "x.pdf", PAGES)
    _break_pages(monkeypatch, {1, 2, 3}, PdfReadError("Unexpected end of stream."))
    assert reason_of(path) == "damaged"


def test_every_page_over_a_limit_is_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf(tmp_path / "x.pdf", PAGES[:1])
    _break_pages(monkeypatch, {1}, LimitReachedError("Detected loop"))
    assert reason_of(path) == "limit"


# --------------------------------------------------------------------------- pypdf's warnings


def _noisy_extract_text(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    from pypdf import PageObject

    original = PageObject.extract_text

    def noisy(self: PageObject, *args: object, **kwargs: object) -> str:
        for number in range(count):
            logging.getLogger("pypdf._page").warning("odd operator %d in b'secret words'", number)
            logging.getLogger("pypdf._page").warning("the same line every time")
        warnings.warn("a deprecated thing", DeprecationWarning, stacklevel=1)
        return original(self)

    monkeypatch.setattr(PageObject, "extract_text", noisy)


def test_warnings_are_captured_not_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    path = make_pdf(tmp_path / "x.pdf", ["Text here"])
    _noisy_extract_text(monkeypatch, 3)
    logger = logging.getLogger("pypdf")
    before = (logger.propagate, logger.level, list(logger.handlers))
    result = extract(path)
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""
    assert "odd operator 0 in b'...'" in result.warnings
    assert result.warnings.count("the same line every time") == 1
    assert "DeprecationWarning: a deprecated thing" in result.warnings
    assert not any("secret" in w for w in result.warnings)
    assert (logger.propagate, logger.level, list(logger.handlers)) == before


def test_warnings_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf(tmp_path / "x.pdf", ["Text here"])
    _noisy_extract_text(monkeypatch, 500)
    result = extract(path)
    assert len(result.warnings) == pdf.MAX_WARNINGS + 1
    assert result.warnings[-1].startswith("... and ")


# --------------------------------------------------------------------------- hashing


def test_sha256_file(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    data = os.urandom(3 * 1024 * 1024 + 17)
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()
    with pytest.raises(PdfError) as caught:
        sha256_file(tmp_path / "missing.pdf")
    assert caught.value.reason == "unreadable"


# --------------------------------------------------------------------------- isolated workers
# (The pool's limits, deaths and reaping are tests/test_pool.py's; these read real PDFs in workers.)


def test_isolated_gives_the_same_result(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "r.pdf", PAGES, title="Review")
    assert extract_isolated(path) == extract(path)


def test_a_spawned_worker_extracts_a_made_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that inherits nothing (spawned, as on Windows and macOS) reads like this process."""
    monkeypatch.setenv(START_METHOD_VARIABLE, "spawn")
    path = make_pdf(tmp_path / "r.pdf", PAGES, title="Review")
    assert extract_isolated(path) == extract(path)
    locked = make_pdf(tmp_path / "e.pdf", ["Secret"], password="pw")
    results = dict(extract_many([(path, None), (locked, None)], workers=2, then=_titled, parts=lambda p: 2))
    assert isinstance(results[locked], PdfError) and results[locked].reason == "encrypted"
    assert isinstance(results[path], Extraction) and results[path].pages == extract(path).pages
    assert results[path].derived == ("r.pdf", 3)


def test_isolated_keeps_the_reason(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "e.pdf", ["Secret"], password="pw")
    with pytest.raises(PdfError) as caught:
        extract_isolated(path, "nope")
    assert caught.value.reason == "wrong-password"
    assert extract_isolated(path, "pw").pages == extract(path, "pw").pages


def test_isolated_reports_a_file_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(PdfError) as caught:
        extract_isolated(tmp_path / "gone.pdf")
    assert caught.value.reason == "unreadable"


# --------------------------------------------------------------------------- many at once


@needs_proc
def test_extract_many_yields_each_job_once(tmp_path: Path) -> None:
    made = [make_pdf(tmp_path / f"r{n}.pdf", [f"Report number {n}"]) for n in range(5)]
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    locked = make_pdf(tmp_path / "locked.pdf", ["Hidden"], password="pw")
    jobs: list[tuple[Path, str | None]] = [(p, None) for p in made] + [
        (bad, None),
        (locked, "pw"),
        (locked, None),
    ]
    before = child_pids()
    results = list(extract_many(jobs, workers=2, timeout=30))
    assert sorted(str(p) for p, _ in results) == sorted(str(p) for p, _ in jobs)
    by_path = [(p, r) for p, r in results if p in made]
    for path, result in by_path:
        assert isinstance(result, Extraction)
        assert f"Report number {path.stem[1:]}" in result.pages[0]
    reasons = sorted(r.reason for p, r in results if isinstance(r, PdfError))
    assert reasons == ["encrypted", "not-a-pdf"]
    assert child_pids() - before == set()


def test_no_jobs_no_results() -> None:
    assert list(extract_many([], workers=2)) == []


# --------------------------------------------------------------------------- the real corpus


def _manifest() -> dict[str, dict[str, str]]:
    with open(SHARED_PDFS / "manifest.csv", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


corpus = pytest.mark.skipif(not (SHARED_PDFS / "manifest.csv").exists(), reason="../shared/pdfs is not here")


@corpus
@needs_proc
def test_every_real_pdf_gets_a_result(tmp_path: Path) -> None:
    manifest = _manifest()
    files = sorted(SHARED_PDFS.rglob("*.pdf"))
    assert len(files) >= 100
    before = child_pids()
    started = time.monotonic()
    results: dict[str, Extraction | PdfError] = {}
    for path, result in extract_many([(p, None) for p in files], workers=2, timeout=30):
        name = path.relative_to(SHARED_PDFS).as_posix()
        assert name not in results
        results[name] = result
    elapsed = time.monotonic() - started
    assert set(results) == {p.relative_to(SHARED_PDFS).as_posix() for p in files}
    assert elapsed < 60
    assert child_pids() - before == set()
    for name, result in results.items():
        row = manifest.get(name)
        if isinstance(result, PdfError):
            assert result.reason in pdf.REASONS, name
            assert result.message and "\n" not in result.message, name
            if row:  # pypdf could read it and find text, so must we
                assert not (
                    row["open_error"] == ""
                    and int(row["text_chars"] or 0) > 0
                    and "raises" not in row["special"]
                ), name
        else:
            assert result.status in ("ok", "no-text"), name
            assert len(result.warnings) <= pdf.MAX_WARNINGS + 1, name
            if row and row["open_error"]:
                raise AssertionError(f"{name}: pypdf fails to open it but we read it")
            if row and int(row["text_chars"] or 0) > 0:
                assert result.status == "ok", name
    assert results[PASSWORD_FILE].reason == "encrypted"  # type: ignore[union-attr]


@corpus
def test_password_sample_opens_with_its_password() -> None:
    path = SHARED_PDFS / PASSWORD_FILE
    result = extract_isolated(path, "openpassword")
    assert result.status == "ok"
    assert result.chars > 0
    with pytest.raises(PdfError) as caught:
        extract_isolated(path, "wrong")
    assert caught.value.reason == "wrong-password"


# --------------------------------------------------------------------------- one PDF in parts


def _whole(path: Path, password: str | None = None) -> Extraction | PdfError:
    try:
        return extract(path, password)
    except PdfError as exc:
        return exc


def _titled(path: Path, extraction: Extraction) -> tuple[str, int]:
    """A ``then`` that shows it ran on the whole document."""
    return (path.name, len(extraction.pages))


@needs_proc
@pytest.mark.parametrize("count", [2, 3])
def test_a_pdf_read_in_parts_is_the_same_as_read_whole(tmp_path: Path, count: int) -> None:
    pages = [f"Page {n}: the review found that the child was not seen. " * 8 for n in range(1, 8)]
    long = make_pdf(tmp_path / "long.pdf", pages, title="A long review")
    short = make_pdf(tmp_path / "short.pdf", ["One page only."])
    locked = make_pdf(tmp_path / "locked.pdf", pages, password="pw")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    jobs: list[tuple[Path, str | None]] = [
        (long, None),
        (short, None),
        (locked, "pw"),
        (locked, None),
        (bad, None),
    ]
    before = child_pids()
    results = list(extract_many(jobs, workers=count, timeout=30, then=_titled, parts=lambda p: count))
    assert sorted(str(p) for p, _ in results) == sorted(str(p) for p, _ in jobs)  # each job once
    for path, password in [(long, None), (short, None), (locked, "pw")]:
        whole = _whole(path, password)
        assert isinstance(whole, Extraction)
        got = [r for p, r in results if p == path and isinstance(r, Extraction)][0]
        assert (got.pages, got.title, got.status) == (whole.pages, whole.title, whole.status)
        assert got.derived == (path.name, len(whole.pages))  # then ran once, on every page
    errors = sorted(r.reason for _, r in results if isinstance(r, PdfError))
    assert errors == ["encrypted", "not-a-pdf"]  # one error per file, not one per part
    assert child_pids() - before == set()


def test_a_document_fails_only_when_every_page_of_every_part_failed() -> None:
    # Two parts of a two-page PDF: the first reads page 1 (and fails), the second page 2.
    broken = Part(["", None], "T", ["pypdf said x", "page 1: failed"], [(1, False, "TypeError: y")])
    ok = Part([None, "text"], "T", ["pypdf said x"], [])
    merged = join_parts([broken, ok])
    assert merged.pages == ["", "text"] and merged.status == "ok"
    assert merged.warnings == ["pypdf said x", "page 1: failed"]  # each once
    none = Part([None, ""], "T", [], [(2, True, "LimitReachedError: z")])
    with pytest.raises(PdfError) as err:
        join_parts([Part(["", None], "T", [], [(1, False, "KeyError: a")]), none])
    assert err.value.reason == "limit" and "KeyError: a" in err.value.message
    with pytest.raises(PdfError) as err:
        join_parts([ok, Part([None, None, "x"], "T", [], [])])
    assert err.value.reason == "damaged" and "page count" in err.value.message
    with pytest.raises(PdfError) as err:  # a page no part read
        join_parts([ok, Part([None, None], "T", [], [])])
    assert err.value.reason == "damaged" and "page 1" in err.value.message


@pytest.mark.parametrize("count", [2, 3, 9])
def test_parts_read_every_n_th_page_and_put_together_are_the_whole(tmp_path: Path, count: int) -> None:
    pages = [f"Page {n}: the child was not seen at home by any agency. " * 6 for n in range(1, 8)]
    path = make_pdf(tmp_path / "long.pdf", pages, title="A long review")
    whole = extract(path)
    parts = [extract_part(path, None, (k, count)) for k in range(count)]
    for k, part in enumerate(parts):
        assert [n for n, text in enumerate(part.pages) if text is not None] == list(range(k, 7, count))
    merged = join_parts(parts)
    assert (merged.pages, merged.title, merged.status) == (whole.pages, whole.title, whole.status)
    with pytest.raises(PdfError):  # a part missing: its pages were read by no part
        join_parts(parts[1:])


@needs_fork
@needs_proc
def test_a_part_that_times_out_fails_its_pdf_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.extract_part

    def slow_second_part(path: Path, password: str | None, part: tuple[int, int]) -> Part:
        if part[0] == 1:
            time.sleep(120)
        return real(path, password, part)

    monkeypatch.setattr(batch, "extract_part", slow_second_part)  # forked workers have it too
    long = make_pdf(tmp_path / "long.pdf", [f"Page {n}" for n in range(4)])
    other = make_pdf(tmp_path / "other.pdf", ["Other"])
    before = child_pids()
    results = list(
        extract_many(
            [(long, None), (other, None)], workers=2, timeout=0.5, parts=lambda p: 2 if p == long else 1
        )
    )
    assert len(results) == 2
    outcome = dict(results)
    assert isinstance(outcome[long], PdfError) and outcome[long].reason == "timeout"
    assert isinstance(outcome[other], Extraction)
    assert child_pids() - before == set()
