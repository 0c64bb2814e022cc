"""Reading the text out of PDFs with pypdf: the only module that imports it.

:func:`extract` reads one PDF in this process. :func:`extract_part` reads a
share of its pages (every n-th page), for a long PDF read by several workers
at once, and :func:`join_parts` puts the shares back together. Reading in
worker processes, with time and memory limits, is :mod:`learnkit.reading.batch`.

Every failure of pypdf, whatever exception it raises (broken files make it
raise TypeError, AttributeError, RecursionError and more besides its own
errors), becomes one :class:`~learnkit.errors.PdfError` whose ``reason`` is
one of :data:`REASONS`. pypdf's log lines and warnings are captured into
:attr:`Extraction.warnings` instead of reaching stderr. Messages and warnings
name what went wrong, never what the document says: byte excerpts that pypdf
puts in some messages are cut out.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, Generic, Self, TypeVar

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, WrongPasswordError

from learnkit.errors import PdfError

REASONS = ("not-a-pdf", "encrypted", "wrong-password", "damaged", "limit", "unreadable", "timeout")

MAX_WARNINGS = 50
_MAX_MESSAGE = 200
_HEADER_WINDOW = 1024

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


# What a caller made of an extraction (see learnkit.reading.batch): read-only, so an
# Extraction[Analysis] is also an Extraction[object].
D = TypeVar("D", covariant=True)


@dataclass(frozen=True)
class Extraction(Generic[D]):
    """The text of one PDF, page by page, and what went wrong on the way.

    ``derived`` is what the caller's function made of it, when the PDF was read
    in a worker with one (:func:`learnkit.reading.batch.extract_many`).
    """

    pages: list[str]
    title: str = ""
    status: str = "ok"
    warnings: list[str] = field(default_factory=list)
    derived: D | None = None

    @property
    def chars(self) -> int:
        return sum(len(page) for page in self.pages)


def extract(path: Path, password: str | None = None) -> Extraction[None]:
    """Read the text of every page of the PDF at ``path`` in this process.

    An encrypted PDF is opened with ``password``, or with the empty password
    when none is given (many "protected" PDFs only restrict printing). Raises
    :class:`PdfError` for every failure; never anything else.
    """
    return join_parts([extract_part(path, password, (0, 1))])


@dataclass(frozen=True)
class Part:
    """What one reading of a PDF found: all of it, or the share of its pages one worker read.

    ``pages`` has a slot for every page of the document, None for those another part read.
    ``failures`` are (page number, a safety limit?, what went wrong) for the
    pages whose text could not be extracted: whether the whole document failed
    is decided when every part is in (:func:`join_parts`).
    """

    pages: list[str | None]
    title: str
    warnings: list[str]
    failures: list[tuple[int, bool, str]]


def extract_part(path: Path, password: str | None, part: tuple[int, int]) -> Part:
    """Read part of the PDF at ``path``: ``part`` is (k, n), the k-th of n parts.

    The k-th part is pages k + 1, k + 1 + n, k + 1 + 2n...: pages near each
    other cost about the same, so the parts take about as long.

    Raises :class:`PdfError` when the document cannot be opened; a page that
    fails is a failure in the result, not an error.
    """
    data = _read_bytes(path)
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise PdfError("not a PDF: the file has no %PDF- header", "not-a-pdf")
    notes = _Notes()
    with _captured(notes):
        try:
            return _extract_bytes(data, password, notes, part)
        except PdfError:
            raise
        except MemoryError:
            raise PdfError("PDF too large: reading it ran out of memory", "limit") from None
        except LimitReachedError as exc:
            raise PdfError(f"PDF exceeds a safety limit: {describe(exc)}", "limit") from None
        except FileNotDecryptedError:
            raise _encrypted_error() from None
        except DependencyError as exc:
            raise PdfError(f"PDF cannot be decrypted here: {describe(exc)}", "encrypted") from None
        except NotImplementedError as exc:
            if _raised_in(exc, "_encryption.py"):
                message = f"the PDF uses an encryption method that cannot be opened ({describe(exc)})"
                raise PdfError(message, "encrypted") from None
            raise PdfError(f"damaged PDF: {describe(exc)}", "damaged") from None
        except Exception as exc:  # noqa: BLE001 - broken PDFs make pypdf raise anything
            raise PdfError(f"damaged PDF: {describe(exc)}", "damaged") from None


def _read_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise PdfError(f"cannot read the file: {exc.strerror or type(exc).__name__}", "unreadable") from None


def _encrypted_error() -> PdfError:
    return PdfError("the PDF is encrypted: pass its password with --password", "encrypted")


def _extract_bytes(data: bytes, password: str | None, notes: _Notes, part: tuple[int, int]) -> Part:
    reader = PdfReader(BytesIO(data), strict=False)
    if reader.is_encrypted:
        _decrypt(reader, password)
    title = _title(reader, notes)
    try:
        count = len(reader.pages)
    except FileNotDecryptedError:
        raise _encrypted_error() from None
    mine, parts = part
    pages: list[str | None] = [None] * count  # None: another part's page
    failures: list[tuple[int, bool, str]] = []
    for number in range(mine + 1, count + 1, parts):
        try:
            text = reader.pages[number - 1].extract_text() or ""
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
            failures.append((number, isinstance(exc, LimitReachedError), describe(exc)))
            notes.add(f"page {number}: text extraction failed ({describe(exc)})")
            text = ""
        pages[number - 1] = _clean_raw(text)
    return Part(pages, title, notes.lines(), failures)


def join_parts(parts: list[Part]) -> Extraction[None]:
    """One document's extraction from its parts (one part, when it was read whole).

    Raises PdfError when no page at all could be read, or when the parts do
    not fit together (a page no part read, a page count that changed).
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
        notes.add(f"metadata could not be read ({describe(exc)})")
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


def describe(exc: BaseException) -> str:
    """One safe line about an exception: its type and its message, without file bytes or quoted text."""
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
