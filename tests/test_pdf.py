"""Tests for learnkit.reading.extract: made PDFs, every failure as a PdfError, worker isolation."""

from __future__ import annotations

import csv
import hashlib
import logging
import multiprocessing
import os
import signal
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pdfmaker import make_image_only_pdf, make_pdf
from pypdf.errors import LimitReachedError, PdfReadError

import learnkit.reading.extract as pdf
from learnkit.errors import ExitCode, PdfError
from learnkit.reading.extract import Extraction, extract, extract_isolated, extract_many
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


def child_pids() -> set[int]:
    """Processes (zombies included) whose parent is this process, read from /proc."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == os.getpid():
            pids.add(int(entry.name))
    return pids


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="tests patch the worker through fork"
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


def test_isolated_gives_the_same_result(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "r.pdf", PAGES, title="Review")
    assert extract_isolated(path) == extract(path)


def test_isolated_keeps_the_reason(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "e.pdf", ["Secret"], password="pw")
    with pytest.raises(PdfError) as caught:
        extract_isolated(path, "nope")
    assert caught.value.reason == "wrong-password"
    assert extract_isolated(path, "pw").pages == extract(path, "pw").pages


def _sleep_forever(path: Path, password: str | None = None) -> Extraction:
    time.sleep(120)
    raise AssertionError("not reached")


@needs_fork
def test_isolated_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf(tmp_path / "r.pdf", ["x"])
    monkeypatch.setattr(pdf, "extract", _sleep_forever)
    started = time.monotonic()
    with pytest.raises(PdfError) as caught:
        extract_isolated(path, timeout=0.5)
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < 10


def _allocate_too_much(path: Path, password: str | None = None) -> Extraction:
    hoard = bytearray(4 * 1024**3)
    return Extraction(pages=[str(len(hoard))])


@needs_fork
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_isolated_memory_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf(tmp_path / "r.pdf", ["x"])
    monkeypatch.setattr(pdf, "extract", _allocate_too_much)
    with pytest.raises(PdfError) as caught:
        extract_isolated(path, memory_mb=64)
    assert caught.value.reason == "limit"


def _crash(path: Path, password: str | None = None) -> Extraction:
    os.write(2, b"Fatal crash report that must not reach the terminal\n")
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("not reached")


def _vanish(path: Path, password: str | None = None) -> Extraction:
    print("stray output", file=sys.stderr)
    os._exit(3)


@needs_fork
@pytest.mark.parametrize(("body", "words"), [(_crash, "SIGSEGV"), (_vanish, "exit code 3")])
def test_a_worker_that_dies_is_damaged(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    body: object,
    words: str,
) -> None:
    path = make_pdf(tmp_path / "r.pdf", ["x"])
    monkeypatch.setattr(pdf, "extract", body)
    with pytest.raises(PdfError) as caught:
        extract_isolated(path)
    assert caught.value.reason == "damaged"
    assert words in caught.value.message
    assert capfd.readouterr().err == ""


def _raise_odd(path: Path, password: str | None = None) -> Extraction:
    raise SystemExit(5)


@needs_fork
def test_anything_a_worker_raises_is_a_pdf_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf(tmp_path / "r.pdf", ["x"])
    monkeypatch.setattr(pdf, "extract", _raise_odd)
    with pytest.raises(PdfError) as caught:
        extract_isolated(path)
    assert caught.value.reason == "damaged"


_BIG_PAGE = "neglect " * 1_000_000  # 8 MB a page


def _huge_result(path: Path, password: str | None = None) -> Extraction:
    return Extraction(pages=[_BIG_PAGE] * 6, title="big")


@needs_fork
def test_a_large_result_is_drained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf(tmp_path / "r.pdf", ["x"])
    monkeypatch.setattr(pdf, "extract", _huge_result)
    result = extract_isolated(path, timeout=30)
    assert result.chars == 6 * len(_BIG_PAGE)
    assert result.title == "big"


# --------------------------------------------------------------------------- many at once


def _slow_for_marked(path: Path, password: str | None = None) -> Extraction:
    if "slow" in path.name:
        time.sleep(120)
    return Extraction(pages=[path.name])


@needs_fork
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


@needs_fork
@needs_proc
def test_a_slow_job_times_out_and_the_rest_finish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "extract", _slow_for_marked)
    paths = [
        tmp_path / "a-slow.pdf",
        tmp_path / "b.pdf",
        tmp_path / "c.pdf",
        tmp_path / "d-slow.pdf",
        tmp_path / "e.pdf",
    ]
    before = child_pids()
    started = time.monotonic()
    results = dict(extract_many([(p, None) for p in paths], workers=1, timeout=0.5))
    assert time.monotonic() - started < 15
    for path in paths:
        result = results[path]
        if "slow" in path.name:
            assert isinstance(result, PdfError)
            assert result.reason == "timeout"
        else:
            assert result == Extraction(pages=[path.name])
    assert child_pids() - before == set()


@needs_fork
@needs_proc
def test_closing_early_kills_and_reaps_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "extract", _slow_for_marked)
    names = ["fast.pdf"] + [f"slow{n}.pdf" for n in range(4)]
    jobs: list[tuple[Path, str | None]] = [(tmp_path / name, None) for name in names]
    before = child_pids()
    results = extract_many(jobs, workers=3, timeout=60)
    path, result = next(results)
    assert path.name == "fast.pdf"
    assert child_pids() - before  # the slow ones are running
    started = time.monotonic()
    results.close()
    assert time.monotonic() - started < 5
    assert child_pids() - before == set()
    assert multiprocessing.active_children() == []


@needs_fork
@needs_proc
def test_keyboard_interrupt_kills_and_reaps_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "extract", _slow_for_marked)
    jobs: list[tuple[Path, str | None]] = [(tmp_path / "fast.pdf", None), (tmp_path / "slow.pdf", None)]
    before = child_pids()
    results = extract_many(jobs, workers=2, timeout=60)
    next(results)
    with pytest.raises(KeyboardInterrupt):
        results.throw(KeyboardInterrupt())
    assert child_pids() - before == set()


@needs_fork
def test_workers_are_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def which_process(path: Path, password: str | None = None) -> Extraction:
        return Extraction(pages=[str(os.getpid())])

    monkeypatch.setattr(pdf, "extract", which_process)
    jobs: list[tuple[Path, str | None]] = [(tmp_path / f"{n}.pdf", None) for n in range(12)]
    pids = {r.pages[0] for _, r in extract_many(jobs, workers=2) if isinstance(r, Extraction)}
    assert 1 <= len(pids) <= 2
    assert str(os.getpid()) not in pids


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


@needs_fork
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
    broken = pdf._Part(["", None], "T", ["pypdf said x", "page 1: failed"], [(1, False, "TypeError: y")])
    ok = pdf._Part([None, "text"], "T", ["pypdf said x"], [])
    merged = pdf._finish([broken, ok])
    assert merged.pages == ["", "text"] and merged.status == "ok"
    assert merged.warnings == ["pypdf said x", "page 1: failed"]  # each once
    none = pdf._Part([None, ""], "T", [], [(2, True, "LimitReachedError: z")])
    with pytest.raises(PdfError) as err:
        pdf._finish([pdf._Part(["", None], "T", [], [(1, False, "KeyError: a")]), none])
    assert err.value.reason == "limit" and "KeyError: a" in err.value.message
    with pytest.raises(PdfError) as err:
        pdf._finish([ok, pdf._Part([None, None, "x"], "T", [], [])])
    assert err.value.reason == "damaged" and "page count" in err.value.message
    with pytest.raises(PdfError) as err:  # a page no part read
        pdf._finish([ok, pdf._Part([None, None], "T", [], [])])
    assert err.value.reason == "damaged" and "page 1" in err.value.message


def test_parts_put_together_whichever_pages_each_read(tmp_path: Path) -> None:
    pages = [f"Page {n}: the child was not seen at home by any agency. " * 6 for n in range(1, 8)]
    path = make_pdf(tmp_path / "long.pdf", pages, title="A long review")
    whole = extract(path)
    # Parts take pages as they go: any split of the pages between them, unevenly, in any order.
    first = pdf.extract_part(path, None, (0, 2), iter([0, 2, 3, 6, 7]).__next__)
    second = pdf.extract_part(path, None, (1, 2), iter([1, 4, 5, 9]).__next__)
    assert [n for n, text in enumerate(first.pages) if text is not None] == [0, 2, 3, 6]
    assert [n for n, text in enumerate(second.pages) if text is not None] == [1, 4, 5]
    merged = pdf._finish([first, second])
    assert (merged.pages, merged.title, merged.status) == (whole.pages, whole.title, whole.status)
    # A part that comes when every page is taken reads none, and the whole is the first part's.
    late = pdf.extract_part(path, None, (1, 2), iter([7]).__next__)
    everything = pdf.extract_part(path, None, (0, 2), iter(range(8)).__next__)
    assert late.pages == [None] * 7
    assert pdf._finish([everything, late]).pages == whole.pages


def test_a_part_whose_counter_fails_reads_every_page_it_has_not(tmp_path: Path) -> None:
    pages = [f"Page {n}: the child was not seen at home by any agency. " * 6 for n in range(1, 6)]
    path = make_pdf(tmp_path / "long.pdf", pages)
    handed = iter([0, 3])

    def failing() -> int:
        try:
            return next(handed)
        except StopIteration:
            raise OSError("no locks available") from None

    first = pdf.extract_part(path, None, (0, 2), failing)
    assert all(text is not None for text in first.pages)  # pages 1 and 4, then every other one
    second = pdf.extract_part(path, None, (1, 2), iter([1, 2, 5]).__next__)
    assert pdf._finish([first, second]).pages == extract(path).pages


needs_claims = pytest.mark.skipif(
    pdf._Claims.open(multiprocessing.get_context()) is None, reason="needs fork and POSIX record locks"
)


def _take_many(claims: pdf._Claims, document: int, times: int, conn: Any) -> None:
    conn.send([claims.take(document) for _ in range(times)])


@needs_claims
def test_claims_hand_each_page_to_one_process_only() -> None:
    claims = pdf._Claims.open(multiprocessing.get_context("fork"))
    assert claims is not None
    try:
        assert [claims.take(3) for _ in range(3)] == [0, 1, 2]
        assert claims.take(0) == 0 and claims.take(3) == 3  # one counter per document
        context = multiprocessing.get_context("fork")
        pipes = [context.Pipe(duplex=False) for _ in range(3)]
        workers = [context.Process(target=_take_many, args=(claims, 7, 400, send)) for _, send in pipes]
        for worker in workers:
            worker.start()
        taken = [n for receive, _ in pipes for n in receive.recv()]
        for worker in workers:
            worker.join()
        assert sorted(taken) == list(range(1200))  # none twice, none skipped
    finally:
        claims.close()


def _take_lock_and_die(claims: pdf._Claims) -> None:
    import fcntl

    fcntl.lockf(claims.fd, fcntl.LOCK_EX, 8, 8, os.SEEK_SET)  # document 1's counter
    os.kill(os.getpid(), signal.SIGKILL)


@needs_claims
def test_a_worker_killed_while_taking_a_page_does_not_block_the_others() -> None:
    import fcntl

    claims = pdf._Claims.open(multiprocessing.get_context("fork"))
    assert claims is not None
    try:
        dying = multiprocessing.get_context("fork").Process(target=_take_lock_and_die, args=(claims,))
        dying.start()
        dying.join()
        assert dying.exitcode == -signal.SIGKILL
        # The lock went with the process: taking it without waiting succeeds.
        fcntl.lockf(claims.fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 8, 8, os.SEEK_SET)
        fcntl.lockf(claims.fd, fcntl.LOCK_UN, 8, 8, os.SEEK_SET)
        assert claims.take(1) == 0
    finally:
        claims.close()


@needs_fork
@needs_proc
def test_a_slow_part_leaves_its_pages_to_the_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pdf.extract_part

    def late_second_part(
        path: Path, password: str | None, part: tuple[int, int], claim: Callable[[], int] | None = None
    ) -> pdf._Part:
        assert claim is not None  # forked workers share the pages out
        if part[0] == 1:
            time.sleep(1.5)  # the first part has taken every page by now
        piece = real(path, password, part, claim)
        return pdf._Part(
            piece.pages, piece.title, [f"part {part[0]} read {sum(p is not None for p in piece.pages)}"], []
        )

    pages = [f"Page {n}: the review found that the child was not seen. " * 8 for n in range(1, 6)]
    long = make_pdf(tmp_path / "long.pdf", pages, title="A long review")
    whole = extract(long)
    monkeypatch.setattr(pdf, "extract_part", late_second_part)
    [(_, result)] = list(extract_many([(long, None)], workers=2, timeout=30, parts=lambda p: 2))
    assert isinstance(result, Extraction)
    assert result.pages == whole.pages
    assert result.warnings == ["part 0 read 5", "part 1 read 0"]


@needs_fork
@needs_proc
def test_a_part_that_times_out_fails_its_pdf_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pdf.extract_part

    def slow_second_part(
        path: Path, password: str | None, part: tuple[int, int], claim: Callable[[], int] | None = None
    ) -> pdf._Part:
        if part[0] == 1:
            time.sleep(120)
        return real(path, password, part, claim)

    monkeypatch.setattr(pdf, "extract_part", slow_second_part)
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
