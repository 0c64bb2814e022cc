"""Reading the text out of PDFs: the only module that imports pypdf.

Three ways in, from the cheapest to the safest:

- :func:`extract` reads one PDF in this process;
- :func:`extract_isolated` reads one PDF in a forked worker process with a
  wall-clock time limit and an address-space limit, so a PDF that loops or
  balloons costs a worker, not the command;
- :func:`extract_many` reads a batch in up to ``workers`` such workers at once
  and yields each result as it finishes; it can split a long PDF's pages
  across the workers (:func:`extract_part`), each taking the next page not yet
  taken (:class:`_Claims`), and put them back together.

Every failure of pypdf, whatever exception it raises (broken files make it
raise TypeError, AttributeError, RecursionError and more besides its own
errors), becomes one :class:`~learnkit.errors.PdfError` whose ``reason`` is
one of :data:`REASONS`. pypdf's log lines and warnings are captured into
:attr:`Extraction.warnings` instead of reaching stderr. Messages and warnings
name what went wrong, never what the document says: byte excerpts that pypdf
puts in some messages are cut out.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import logging
import math
import multiprocessing
import os
import re
import signal
import sys
import time
import warnings
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from io import BytesIO
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for_ready
from pathlib import Path
from typing import Any, Self

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, WrongPasswordError

from learnkit.errors import PdfError

REASONS = ("not-a-pdf", "encrypted", "wrong-password", "damaged", "limit", "unreadable", "timeout")

MAX_WARNINGS = 50
_MAX_MESSAGE = 200
_HEADER_WINDOW = 1024
_HASH_CHUNK = 1 << 20

# A worker that runs out of memory so badly that it cannot even send its error
# exits with this code, so the parent can still say "limit".
_EXIT_OUT_OF_MEMORY = 86
# Freed in a worker when MemoryError strikes, to leave room to report it.
_RESERVE_BYTES = 1 << 20
# A worker arms its own alarm this much after the parent's deadline, so a
# worker orphaned by a killed parent still dies on its own.
_ORPHAN_GRACE = 5
# How long a worker that is done may take to exit before it is killed.
_EXIT_GRACE = 5.0
# Fragmentation creeps up over many PDFs; a fresh fork resets it.
_MAX_JOBS_PER_WORKER = 200

_TITLE_PLACEHOLDERS = frozenset(
    {
        "untitled",
        "untitled document",
        "title",
        "document",
        "document1",
        "no title",
        "anonymous",
        "(anonymous)",
        "presentation",
        "powerpoint presentation",
        "slide 1",
        "microsoft word",
        "word document",
        "pdf",
    }
)
_TITLE_PREFIX_RE = re.compile(r"^microsoft (?:word|powerpoint|excel) - ", re.IGNORECASE)
_FILE_NAME_RE = re.compile(
    r"\.(?:docx?|dotx?|odt|rtf|pdf|pptx?|odp|xlsx?|ods|indd|qxd|pub|tmp|txt|html?)$", re.IGNORECASE
)
_ADDRESS_RE = re.compile(r"^(?:about:|https?://|file:|www\.|[A-Za-z]:\\|/)", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# pypdf quotes raw file bytes in some messages (b'...'): they may hold document text.
_BYTES_REPR_RE = re.compile(r"""b'(?:[^'\\]|\\.)*'?|b"(?:[^"\\]|\\.)*"?""")
# pypdf also quotes what it found in the file as a plain string ("... but found
# 'xyz'"): that may be page text too, so every quoted run is cut out.
_QUOTED_RE = re.compile(
    r"""'[^'\n]{1,400}'|"[^"\n]{1,400}"|\u2018[^\u2019]{1,400}\u2019|\u201c[^\u201d]{1,400}\u201d"""
)


def _scrub(text: str) -> str:
    """A pypdf message without any excerpt of the file it came from."""
    return _QUOTED_RE.sub("'...'", _BYTES_REPR_RE.sub("b'...'", text))


@dataclass
class Extraction:
    """The text of one PDF, page by page, and what went wrong on the way."""

    pages: list[str]
    title: str = ""
    status: str = "ok"
    warnings: list[str] = field(default_factory=list)
    # What the ``then`` function of extract_many made of it, in the worker.
    derived: Any = None

    @property
    def chars(self) -> int:
        return sum(len(page) for page in self.pages)


# --------------------------------------------------------------------------- in-process


def extract(path: Path, password: str | None = None) -> Extraction:
    """Read the text of every page of the PDF at ``path`` in this process.

    An encrypted PDF is opened with ``password``, or with the empty password
    when none is given (many "protected" PDFs only restrict printing). Raises
    :class:`PdfError` for every failure; never anything else.
    """
    part = extract_part(path, password, (0, 1))
    return _finish([part])


@dataclass
class _Part:
    """What one reading of a PDF found: all of it, or one part of a PDF split across workers.

    ``pages`` has a slot for every page of the document, None for those another part read.
    ``failures`` are (page number, a safety limit?, what went wrong) for the
    pages whose text could not be extracted: whether the whole document failed
    is decided when every part is in (:func:`_finish`).
    """

    pages: list[str | None]
    title: str
    warnings: list[str]
    failures: list[tuple[int, bool, str]]


def extract_part(
    path: Path, password: str | None, part: tuple[int, int], claim: Callable[[], int] | None = None
) -> _Part:
    """Read part of the PDF at ``path``: ``part`` is (k, n), the k-th of n parts.

    Without ``claim`` the part is pages k + 1, k + 1 + n, k + 1 + 2n... With it,
    the part reads whichever page ``claim`` hands out next (it returns 0, 1,
    2... across all the parts of the document) until the pages run out, so a
    part whose worker is quicker, or free sooner, reads more of them.

    Raises :class:`PdfError` when the document cannot be opened; a page that
    fails is a failure in the result, not an error.
    """
    data = _read_bytes(path)
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise PdfError("not a PDF: the file has no %PDF- header", "not-a-pdf")
    notes = _Notes()
    with _captured(notes):
        try:
            return _extract_bytes(data, password, notes, part, claim)
        except PdfError:
            raise
        except MemoryError:
            raise PdfError("PDF too large: reading it ran out of memory", "limit") from None
        except LimitReachedError as exc:
            raise PdfError(f"PDF exceeds a safety limit: {_describe(exc)}", "limit") from None
        except FileNotDecryptedError:
            raise _encrypted_error() from None
        except DependencyError as exc:
            raise PdfError(f"PDF cannot be decrypted here: {_describe(exc)}", "encrypted") from None
        except NotImplementedError as exc:
            if _raised_in(exc, "_encryption.py"):
                message = f"the PDF uses an encryption method that cannot be opened ({_describe(exc)})"
                raise PdfError(message, "encrypted") from None
            raise PdfError(f"damaged PDF: {_describe(exc)}", "damaged") from None
        except Exception as exc:  # noqa: BLE001 - broken PDFs make pypdf raise anything
            raise PdfError(f"damaged PDF: {_describe(exc)}", "damaged") from None


def _read_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise PdfError(f"cannot read the file: {exc.strerror or type(exc).__name__}", "unreadable") from None


def _encrypted_error() -> PdfError:
    return PdfError("the PDF is encrypted: pass its password with --password", "encrypted")


def _extract_bytes(
    data: bytes, password: str | None, notes: _Notes, part: tuple[int, int], claim: Callable[[], int] | None
) -> _Part:
    reader = PdfReader(BytesIO(data), strict=False)
    if reader.is_encrypted:
        _decrypt(reader, password)
    title = _title(reader, notes)
    try:
        count = len(reader.pages)
    except FileNotDecryptedError:
        raise _encrypted_error() from None
    mine, parts = part
    numbers = range(mine + 1, count + 1, parts) if claim is None else _claimed(claim, count)
    pages: list[str | None] = [None] * count  # None: another part's page
    failures: list[tuple[int, bool, str]] = []
    for number in numbers:
        try:
            text = reader.pages[number - 1].extract_text() or ""
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
            failures.append((number, isinstance(exc, LimitReachedError), _describe(exc)))
            notes.add(f"page {number}: text extraction failed ({_describe(exc)})")
            text = ""
        pages[number - 1] = _clean_raw(text)
    return _Part(pages, title, notes.lines(), failures)


def _claimed(claim: Callable[[], int], count: int) -> Iterator[int]:
    """Page numbers (from 1) taken with ``claim`` until they pass ``count``.

    Should the shared counter fail (OSError), this part reads every page it has not read yet: the
    pages another part took are read twice, and none is lost.
    """
    read: set[int] = set()
    while True:
        try:
            number = claim() + 1
        except OSError:
            yield from (n for n in range(1, count + 1) if n not in read)
            return
        if number > count:
            return
        read.add(number)
        yield number


def _finish(parts: list[_Part]) -> Extraction:
    """One document's extraction from its parts (one part, when it was read whole).

    Raises PdfError when no page at all could be read.
    """
    count = len(parts[0].pages)
    if any(len(part.pages) != count for part in parts):
        raise PdfError("damaged PDF: its page count changed between two readings", "damaged")
    pages: list[str] = []
    for i in range(count):
        text = next((part.pages[i] for part in parts if part.pages[i] is not None), None)
        if text is None:  # no part read it: the parts disagree about the document
            raise PdfError(f"damaged PDF: page {i + 1} was read by no part of the reading", "damaged")
        pages.append(text)
    failures = sorted(f for part in parts for f in part.failures)
    if count and len(failures) == count:
        if any(limit for _, limit, _ in failures):
            raise PdfError(f"PDF exceeds a safety limit on every page: {failures[0][2]}", "limit")
        raise PdfError(f"damaged PDF: no page could be read ({failures[0][2]})", "damaged")
    warnings = list(dict.fromkeys(w for part in parts for w in part.warnings))  # each once, in order
    status = "ok" if any(page.strip() for page in pages) else "no-text"
    return Extraction(pages=pages, title=parts[0].title, status=status, warnings=warnings)


def _decrypt(reader: PdfReader, password: str | None) -> None:
    try:
        result = reader.decrypt(password if password is not None else "")
    except WrongPasswordError:
        result = PasswordType.NOT_DECRYPTED
    if result == PasswordType.NOT_DECRYPTED:
        if password is None:
            raise _encrypted_error()
        raise PdfError(
            "wrong password for this PDF: check it and pass it again with --password", "wrong-password"
        )


def _title(reader: PdfReader, notes: _Notes) -> str:
    try:
        metadata = reader.metadata
        raw: Any = metadata.title if metadata is not None else None
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken Info dictionary only costs the title
        notes.add(f"metadata could not be read ({_describe(exc)})")
        return ""
    return sensible_title(raw if isinstance(raw, str) else "")


def sensible_title(raw: str) -> str:
    """The metadata title if it names the document, else "".

    Producers often leave a placeholder ("Untitled", "Microsoft Word -
    report.docx") or a file name; those are not titles.
    """
    title = " ".join(_CONTROL_RE.sub(" ", raw).split())
    title = _TITLE_PREFIX_RE.sub("", title).strip()
    if not 2 <= len(title) <= 300 or not any(ch.isalpha() for ch in title):
        return ""
    if title.casefold() in _TITLE_PLACEHOLDERS or _FILE_NAME_RE.search(title) or _ADDRESS_RE.match(title):
        return ""
    return title


def _clean_raw(text: str) -> str:
    # NULs and lone surrogates mean nothing in text and break JSON and SQLite downstream.
    text = text.replace("\x00", "")
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _raised_in(exc: BaseException, filename: str) -> bool:
    """Whether the innermost frame of the exception's traceback is in a file of that name."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and Path(tb.tb_frame.f_code.co_filename).name == filename


def _describe(exc: BaseException) -> str:
    """One safe line about an exception: its type and pypdf's message, without file bytes."""
    message = str(exc).strip()
    if isinstance(exc, RecursionError):
        message = "nesting too deep"
    message = _scrub(message)
    message = " ".join(_CONTROL_RE.sub(" ", message).split())
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 3].rstrip() + "..."
    name = type(exc).__name__
    return f"{name}: {message}" if message else name


class _Notes:
    """Warnings collected while reading one PDF: one line each, deduplicated, capped."""

    def __init__(self) -> None:
        self._lines: dict[str, None] = {}
        self._dropped = 0

    def add(self, line: str) -> None:
        line = _scrub(line)
        line = " ".join(_CONTROL_RE.sub(" ", line).split())
        if len(line) > _MAX_MESSAGE:
            line = line[: _MAX_MESSAGE - 3].rstrip() + "..."
        if not line or line in self._lines:
            return
        if len(self._lines) < MAX_WARNINGS:
            self._lines[line] = None
        else:
            self._dropped += 1

    def lines(self) -> list[str]:
        lines = list(self._lines)
        if self._dropped:
            lines.append(f"... and {self._dropped} more warnings")
        return lines


class _NotesHandler(logging.Handler):
    def __init__(self, notes: _Notes) -> None:
        super().__init__(logging.WARNING)
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.notes.add(record.getMessage())
        except Exception:  # noqa: BLE001 - a malformed log call must not break extraction
            self.notes.add(str(record.msg))


class _captured:
    """Route pypdf's logger and the warnings module into ``notes`` for the duration.

    Not thread-safe: the warnings filters and the pypdf logger are global.
    """

    def __init__(self, notes: _Notes) -> None:
        self.notes = notes
        self.logger = logging.getLogger("pypdf")
        self.handler = _NotesHandler(notes)
        self.catcher = warnings.catch_warnings()
        self.saved: tuple[bool, int] = (True, logging.NOTSET)

    def __enter__(self) -> Self:
        self.saved = (self.logger.propagate, self.logger.level)
        self.logger.addHandler(self.handler)
        self.logger.propagate = False
        self.logger.setLevel(logging.WARNING)
        self.catcher.__enter__()
        warnings.simplefilter("always")
        # catch_warnings restores showwarning on exit.
        warnings.showwarning = self._show_warning
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.catcher.__exit__(None, None, None)
        self.logger.removeHandler(self.handler)
        self.logger.propagate, level = self.saved
        self.logger.setLevel(level)

    def _show_warning(
        self, message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any
    ) -> None:
        self.notes.add(f"{category.__name__}: {message}")


# --------------------------------------------------------------------------- hashing


# --------------------------------------------------------------------------- isolated workers


def extract_isolated(
    path: Path, password: str | None = None, timeout: float = 60.0, memory_mb: int = 1024
) -> Extraction:
    """:func:`extract` in a worker process that is killed after ``timeout`` seconds.

    ``memory_mb`` is how much address space the worker may add to what it
    inherits from this process; past it, allocation fails and the PDF is
    reported with reason "limit".
    """
    with contextlib.closing(extract_many([(path, password)], 1, timeout, memory_mb)) as results:
        _, result = next(results)
    if isinstance(result, PdfError):
        raise result
    return result


def extract_many(
    jobs: Iterable[tuple[Path, str | None]],
    workers: int,
    timeout: float = 60.0,
    memory_mb: int = 1024,
    then: Callable[[Path, Extraction], Any] | None = None,
    parts: Callable[[Path], int] | None = None,
) -> Generator[tuple[Path, Extraction | PdfError], None, None]:
    """Read many PDFs in up to ``workers`` worker processes at once.

    Yields ``(path, Extraction or PdfError)`` as each finishes, in any order;
    every job yields exactly once. Each PDF has its own ``timeout``, counted
    from when a worker takes it; a worker that overruns it is killed and
    replaced. ``memory_mb`` caps each worker's address space above what it
    inherits (see :func:`extract_isolated`). Workers are forked once and read
    many PDFs each, so the cost per file is a message each way. Closing the
    generator early, or an exception such as KeyboardInterrupt while it runs,
    kills and reaps every worker it started.

    ``then``, when given, runs in the worker on each successful extraction,
    under the same time and memory limits, and its (picklable) result comes
    back as ``Extraction.derived``: work on the text is spread over the
    workers too, instead of waiting its turn in this process.

    ``parts``, when given, says into how many parts to split a PDF's pages
    (1: read it whole). Each part is a job of its own, with its own time limit,
    so one long report need not keep one worker busy while the others stand
    idle. Where workers are forked, the parts take the document's pages one at
    a time as they go (:class:`_Claims`): pages cost unevenly, and a worker
    that comes late, or is quicker, reads more of them, so the parts end
    together. The parts are put together when the last is in, and ``then``
    runs on the whole document here, in this process. A part that fails fails
    the PDF.
    """
    # A part is (k, n, job): the k-th of n parts of the job-th job (the same file may come twice).
    pending: deque[tuple[Path, str | None, tuple[int, int, int] | None]] = deque()
    for number, (path, password) in enumerate(jobs):
        count = max(1, parts(path)) if parts is not None and workers > 1 else 1
        if count == 1:
            pending.append((path, password, None))
        else:
            pending.extend((path, password, (k, count, number)) for k in range(count))
    split = any(part is not None for _, _, part in pending)
    pool = _Pool(max(1, min(workers, len(pending))), timeout, memory_mb, then, split)
    assembling: dict[int, list[_Part | PdfError | None]] = {}

    def settle(
        path: Path, part: tuple[int, int, int] | None, result: Extraction | _Part | PdfError
    ) -> list[tuple[Path, Extraction | PdfError]]:
        if part is None:
            assert not isinstance(result, _Part)
            return [(path, result)]
        assert not isinstance(result, Extraction)
        k, count, number = part
        slots = assembling.setdefault(number, [None] * count)
        slots[k] = result
        if any(slot is None for slot in slots):
            return []
        del assembling[number]
        return [(path, _assemble(path, slots, then))]

    def fill() -> list[tuple[Path, Extraction | PdfError]]:
        refused: list[tuple[Path, Extraction | PdfError]] = []
        while pending and pool.has_room():
            path, password, part = pending.popleft()
            try:
                pool.submit(path, password, part)
            except PdfError as exc:
                refused.extend(settle(path, part, exc))
        return refused

    try:
        while pending or pool.busy():
            yield from fill()
            if pool.busy():
                done = [item for path, part, result in pool.collect() for item in settle(path, part, result)]
                # Freed workers take their next PDF before the caller gets these
                # results, so they read while the caller stores.
                done.extend(fill())
                yield from done
    finally:
        pool.close()


def _assemble(
    path: Path, slots: list[_Part | PdfError | None], then: Callable[[Path, Extraction], Any] | None
) -> Extraction | PdfError:
    """A PDF read in parts, put back together: its first error, or the whole document."""
    for slot in slots:
        if isinstance(slot, PdfError):
            return slot
    try:
        extraction = _finish([slot for slot in slots if isinstance(slot, _Part)])
        if then is not None:
            extraction.derived = then(path, extraction)
    except PdfError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - as in a worker: a failure here is the file's, told in one line
        return PdfError(f"damaged PDF: {_describe(exc)}", "damaged")
    return extraction


def _timeout_error(timeout: float) -> PdfError:
    return PdfError(f"reading the PDF took longer than {timeout:g} s and was stopped", "timeout")


@dataclass
class _Job:
    path: Path
    deadline: float
    part: tuple[int, int, int] | None = None


class _Worker:
    """A forked worker process and this side of the socket pair it talks over."""

    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.job: _Job | None = None
        self.gone = False

    def retire(self, grace: float) -> int | None:
        """Wait up to ``grace`` seconds for the worker to exit, kill it if it has not, reap it.

        Returns its exit code. Safe to call twice.
        """
        if self.gone:
            return None
        self.gone = True
        exitcode: int | None = None
        try:
            if grace > 0:
                self.process.join(grace)
            if self.process.exitcode is None:
                self.process.kill()
            self.process.join()
            exitcode = self.process.exitcode
            self.process.close()
        except (ValueError, OSError):  # pragma: no cover - already reaped
            pass
        self.conn.close()
        return exitcode


class _Pool:
    """Up to ``size`` forked workers, each reading one PDF at a time.

    A worker is started when a job needs one, replaced when it is killed or
    dies, and retired (it exits by itself) when it has grown or served many
    jobs, so its address-space limit keeps meaning "this much per PDF".
    """

    def __init__(
        self,
        size: int,
        timeout: float,
        memory_mb: int,
        then: Callable[[Path, Extraction], Any] | None = None,
        split: bool = False,
    ) -> None:
        self.size = size
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.then = then
        self.context = _context()
        self.workers: list[_Worker] = []
        # Parts of a split PDF share out its pages through counters the workers inherit.
        self.claims = _Claims.open(self.context) if split else None

    def busy(self) -> bool:
        return any(worker.job for worker in self.workers)

    def has_room(self) -> bool:
        return len(self.workers) < self.size or any(worker.job is None for worker in self.workers)

    def submit(self, path: Path, password: str | None, part: tuple[int, int, int] | None = None) -> None:
        # An idle worker may have died since its last job (killed from outside):
        # then the send fails and a fresh worker takes the job.
        for _ in range(2):
            worker = next((w for w in self.workers if w.job is None), None) or self._start()
            try:
                worker.conn.send((path, password, part))
            except OSError:
                self._drop(worker, grace=0)
                continue
            worker.job = _Job(path, time.monotonic() + self.timeout, part)
            return
        raise PdfError("cannot hand the PDF to a worker process", "damaged")

    def collect(self) -> list[tuple[Path, tuple[int, int, int] | None, Extraction | _Part | PdfError]]:
        """Wait until at least one job finishes or runs out of time; return what finished."""
        busy = [worker for worker in self.workers if worker.job]
        soonest = min(worker.job.deadline for worker in busy if worker.job)
        ready = wait_for_ready([worker.conn for worker in busy], max(0.0, soonest - time.monotonic()))
        now = time.monotonic()
        finished: list[tuple[Path, tuple[int, int, int] | None, Extraction | _Part | PdfError]] = []
        for worker in busy:
            job = worker.job
            assert job is not None
            if worker.conn in ready or worker.conn.poll():
                finished.append((job.path, job.part, self._receive(worker)))
            elif now >= job.deadline:
                self._drop(worker, grace=0)
                finished.append((job.path, job.part, _timeout_error(self.timeout)))
        return finished

    def _receive(self, worker: _Worker) -> Extraction | _Part | PdfError:
        # The whole message is read before the worker is joined: a worker
        # blocked writing a large result would otherwise never exit.
        try:
            payload, retiring = worker.conn.recv()
        except (EOFError, OSError):
            return _death_error(self._drop(worker, grace=_EXIT_GRACE))
        worker.job = None
        if retiring:
            self._drop(worker, grace=_EXIT_GRACE)
        return _from_payload(payload)

    def _start(self) -> _Worker:
        mine, theirs = self.context.Pipe(duplex=True)
        # The child must not keep this side's ends open, or it would never see them close.
        inherited = [worker.conn for worker in self.workers] + [mine]
        process = self.context.Process(
            target=_serve,
            args=(theirs, inherited, self.timeout, self.memory_mb, self.then, self.claims),
            name="learnkit-pdf",
            daemon=True,
        )
        try:
            process.start()
        except OSError as exc:
            mine.close()
            raise PdfError(f"cannot start a worker process: {exc.strerror or exc}", "limit") from None
        finally:
            theirs.close()
        worker = _Worker(process, mine)
        self.workers.append(worker)
        return worker

    def _drop(self, worker: _Worker, grace: float) -> int | None:
        if worker in self.workers:
            self.workers.remove(worker)
        worker.job = None
        return worker.retire(grace)

    def close(self) -> None:
        """Stop every worker: idle ones are asked to exit, busy ones are killed."""
        for worker in self.workers:
            if worker.job is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        for worker in list(self.workers):
            self._drop(worker, grace=0 if worker.job else _EXIT_GRACE)
        if self.claims is not None:
            self.claims.close()


class _Claims:
    """Counters from which the parts of split PDFs take their pages, shared with forked workers.

    A part takes the next page of its document, the one after the last any
    part took, so pages go to whichever worker is free: split by a fixed rule
    (every other page), one half could cost far more than the other, or start
    later, and leave a worker idle at the end. Each document in a batch has an
    8-byte counter at its own place in an unlinked temporary file, which the
    forked workers inherit. Taking a page reads and bumps the counter under a
    POSIX record lock on those bytes; the kernel drops such a lock when the
    process holding it dies, so a worker killed mid-take cannot leave the
    others waiting.
    """

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.fd: int = handle.fileno()

    @classmethod
    def open(cls, context: Any) -> _Claims | None:
        """Counters for workers started by ``context``, or None where they cannot share them."""
        if context.get_start_method() != "fork":
            return None  # a spawned worker does not inherit the file
        try:
            import fcntl  # noqa: F401, PLC0415 - POSIX only
            import tempfile  # noqa: PLC0415 - only batches with a split PDF need it

            return cls(tempfile.TemporaryFile())
        except (ImportError, OSError):
            return None

    def take(self, document: int) -> int:
        """The next page (0, 1, 2...) of ``document`` for whichever part asks."""
        import fcntl  # noqa: PLC0415 - POSIX only; loaded by open() already

        offset = document * 8
        fcntl.lockf(self.fd, fcntl.LOCK_EX, 8, offset, os.SEEK_SET)
        try:
            value = int.from_bytes(os.pread(self.fd, 8, offset).ljust(8, b"\0"), "little")
            os.pwrite(self.fd, (value + 1).to_bytes(8, "little"), offset)
        finally:
            fcntl.lockf(self.fd, fcntl.LOCK_UN, 8, offset, os.SEEK_SET)
        return value

    def close(self) -> None:
        self.handle.close()


def _context() -> Any:
    # fork: workers start in milliseconds with pypdf already imported.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _death_error(exitcode: int | None) -> PdfError:
    if exitcode == _EXIT_OUT_OF_MEMORY:
        return PdfError("PDF too large: reading it ran out of memory", "limit")
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        if number == signal.SIGALRM:
            return PdfError("reading the PDF took too long and was stopped", "timeout")
        if number == signal.SIGKILL:
            # Not sent by us (we would have reported a timeout): almost always the OOM killer.
            return PdfError("the PDF reader was killed, most likely for using too much memory", "limit")
        return PdfError(f"damaged PDF: the PDF reader crashed ({_signal_name(number)})", "damaged")
    return PdfError(f"damaged PDF: the PDF reader stopped unexpectedly (exit code {exitcode})", "damaged")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _from_payload(payload: tuple[Any, ...]) -> Extraction | _Part | PdfError:
    # Plain tuples cross the pipe: PdfError's reason would not survive pickling.
    if payload[0] == "ok":
        _, pages, title, status, notes, derived = payload
        return Extraction(pages=pages, title=title, status=status, warnings=notes, derived=derived)
    if payload[0] == "part":
        _, pages, title, notes, failures = payload
        return _Part(pages, title, notes, failures)
    _, message, reason = payload
    return PdfError(message, reason)


# --------------------------------------------------------------------------- inside a worker


def _serve(
    conn: Connection,
    inherited: list[Connection],
    timeout: float,
    memory_mb: int,
    then: Callable[[Path, Extraction], Any] | None = None,
    claims: _Claims | None = None,
) -> None:
    """The body of a worker process: read jobs, answer each with one message, until told to stop."""
    for other in inherited:
        other.close()
    _settle_child()
    base = _address_space_bytes()
    _limit_address_space(base, memory_mb)
    served = 0
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if job is None:
            return
        path, password, part = job
        if hasattr(signal, "alarm"):
            # Backstop for a worker orphaned mid-job: the parent normally kills it first.
            signal.alarm(math.ceil(timeout) + _ORPHAN_GRACE)
        payload, healthy = _run_job(path, password, then, part, claims)
        if hasattr(signal, "alarm"):
            signal.alarm(0)
        served += 1
        retiring = not healthy or served >= _MAX_JOBS_PER_WORKER or _has_grown(base, memory_mb)
        try:
            conn.send((payload, retiring))
        except MemoryError:
            os._exit(_EXIT_OUT_OF_MEMORY)
        except OSError:
            return
        if retiring:
            return


def _run_job(
    path: Path,
    password: str | None,
    then: Callable[[Path, Extraction], Any] | None = None,
    part: tuple[int, int, int] | None = None,
    claims: _Claims | None = None,
) -> tuple[tuple[Any, ...], bool]:
    """Extract one PDF (or one part of it); the payload to send and whether this worker is still fit.

    ``part`` is (k, n, document): the k-th of n parts of the batch's document-th PDF.
    """
    reserve: bytearray | None = bytearray(_RESERVE_BYTES)
    try:
        if part is not None:
            k, n, document = part
            claim = partial(claims.take, document) if claims is not None else None
            piece = extract_part(path, password, (k, n), claim)
            return ("part", piece.pages, piece.title, piece.warnings, piece.failures), True
        result = extract(path, password)
        derived = then(path, result) if then is not None else None
        return ("ok", result.pages, result.title, result.status, result.warnings, derived), True
    except PdfError as exc:
        return ("error", exc.message, exc.reason), exc.reason != "limit"
    except MemoryError:
        reserve = None
        return ("error", "PDF too large: reading it ran out of memory", "limit"), False
    except BaseException as exc:  # noqa: BLE001 - nothing may escape a worker as a traceback
        return ("error", f"damaged PDF: {_describe(exc)}", "damaged"), False
    finally:
        del reserve


def _settle_child() -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and kills us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    # Objects inherited from the parent are never garbage here; keep the collector off them.
    gc.freeze()
    # A crash report or stray print from a worker must not reach the user's terminal
    # (faulthandler, when on, writes to its own copy of stderr).
    faulthandler.disable()
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the worker


def _limit_address_space(base: int | None, memory_mb: int) -> None:
    if base is None or sys.platform == "win32":  # pragma: no cover - no rlimits there
        return
    import resource  # noqa: PLC0415 - POSIX only

    limit = base + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _has_grown(base: int | None, memory_mb: int) -> bool:
    now = _address_space_bytes()
    return base is not None and now is not None and now - base > memory_mb * 1024 * 1024 // 4


def _address_space_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
