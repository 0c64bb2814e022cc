"""Errors a user can cause, each with the exit code the command ends with.

Every failure that is not a bug is a :class:`LearnkitError`. The command line
catches it in one place, prints its one-line message to stderr and exits with
its code, so no user ever sees a traceback for bad input. Messages never carry
a record's text or a document's contents: only names, paths and what to do.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes, documented in the README."""

    OK = 0
    FAILED = 1  # a batch finished but one or more of its files failed
    USAGE = 2  # bad command-line usage (Typer/Click's own code)
    NOT_FOUND = 3  # unknown record, theme or file
    INVALID = 4  # invalid input: a malformed record file, a bad value
    STORE = 5  # the library's store cannot be read or written
    PDF = 6  # a PDF could not be read
    EXISTS = 7  # refusing to overwrite an existing file or record
    LOCKED = 8  # another learnkit process holds the library


class LearnkitError(Exception):
    """Base of every error a user can cause."""

    code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(LearnkitError):
    code = ExitCode.NOT_FOUND

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class InvalidError(LearnkitError):
    code = ExitCode.INVALID


class StoreError(LearnkitError):
    code = ExitCode.STORE


class ReadOnlyError(StoreError):
    """The library cannot be written (a read-only folder or mount): reading commands still work."""


class DamagedStoreError(StoreError):
    """The store holds what learnkit cannot read (a record with a field of the wrong type)."""


class PdfError(LearnkitError):
    """A PDF could not be read. ``reason`` is one of the documented reasons."""

    code = ExitCode.PDF

    def __init__(self, message: str, reason: str = "damaged") -> None:
        super().__init__(message)
        self.reason = reason


class ExistsError(LearnkitError):
    code = ExitCode.EXISTS


class LockedError(LearnkitError):
    code = ExitCode.LOCKED


class UsageError(LearnkitError):
    """A command used where it cannot work as asked, e.g. a question with no terminal to ask on."""

    code = ExitCode.USAGE
