"""add, attach and ingest as the command line runs them: how many workers, the pipeline, the account.

The reading itself is :mod:`learnkit.operations.ingest`'s. Here: how many
worker processes a command uses, and the result it hands back (every file with
what happened to it), which ends the command with exit 1 when a file failed.

Results are dataclasses without ``__eq__`` and ``__repr__`` (never compared or printed):
generating those is most of a dataclass's cost, paid at every start of a command.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.errors import ExitCode, InvalidError, NotFoundError

if TYPE_CHECKING:
    from learnkit.operations.ingest import BatchResult, NewRecordOptions, Progress
    from learnkit.operations.library import Library


@dataclass(repr=False, eq=False)
class Batched:
    """The account of an add, attach or ingest."""

    result: BatchResult

    @property
    def exit_code(self) -> int:
        return int(ExitCode.FAILED) if self.result.failed else 0

    def to_json(self) -> Any:
        return self.result.to_dict()


# A PDF has "%PDF-" in its first kilobyte (as the reader checks); looked for before the file is hashed
# or its size weighed, so a 2 GB file of something else is "not a PDF", at once.
HEADER_WINDOW = 1024


def check_file(file: Path) -> tuple[str, str] | None:
    """Why a file given to add or attach cannot be read as a PDF: (reason, message); None when it can.

    Said of each odd file as it is: a FIFO or a device (never opened: reading one
    would wait for ever), a symbolic link loop or one to nothing, a folder, a
    file that cannot be read, a file with no PDF header.
    """
    try:
        mode = os.stat(file).st_mode
    except FileNotFoundError:
        what = "a symbolic link to a file that does not exist" if os.path.islink(file) else "no such file"
        return "unreadable", f"{file}: {what}"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "unreadable", f"{file}: a symbolic link loop"
        return "unreadable", f"{file}: cannot read it: {exc.strerror or type(exc).__name__}"
    if stat.S_ISDIR(mode):
        return "unreadable", f"{file}: a folder, not a PDF; for every PDF in it use: learnkit ingest {file}"
    if not stat.S_ISREG(mode):
        return "unreadable", f"{file}: not a plain file (a pipe, a device or a socket)"
    try:
        with open(file, "rb") as handle:
            head = handle.read(HEADER_WINDOW)
    except OSError as exc:
        return "unreadable", f"{file}: cannot read it: {exc.strerror or type(exc).__name__}"
    if b"%PDF-" not in head:
        return "not-a-pdf", f"{file}: not a PDF: the file has no %PDF- header"
    return None


def _screened(files: list[Path]) -> tuple[list[Path], list[dict[str, Any]]]:
    """The files worth reading, and the account of those that are not."""
    kept: list[Path] = []
    failed: list[dict[str, Any]] = []
    for file in files:
        why = check_file(file)
        if why is None:
            kept.append(file)
        else:
            failed.append({"file": str(file), "reason": why[0], "message": why[1]})
    return kept, failed


def survey(folder: Path) -> tuple[list[Path], list[dict[str, Any]]]:
    """Every PDF under a folder, recursively, in a stable order, and what was skipped and why.

    Skipped, each in the account: hidden folders and hidden ``.pdf`` files (a
    name starting with "."), folders that cannot be read, links to folders (not
    followed: a link can loop or lead out of the folder). Files whose names do
    not end in ``.pdf`` are not PDFs to ingest.
    """
    if not folder.exists():
        raise NotFoundError(f"no such folder: {folder}")
    if not folder.is_dir():
        raise InvalidError(f"{folder} is not a folder; to add one file use: learnkit add FILE.pdf")
    found: list[Path] = []
    skipped: list[dict[str, Any]] = []

    def unreadable(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else folder
        skipped.append({"path": str(where), "why": f"folder cannot be read: {exc.strerror or exc}"})

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        here = Path(root)
        kept_dirs = []
        for name in sorted(dirs):
            path = here / name
            if name.startswith("."):
                skipped.append({"path": str(path), "why": "hidden folder"})
            elif path.is_symlink():
                skipped.append({"path": str(path), "why": "link to a folder, not followed"})
            else:
                kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(names):
            if not name.lower().endswith(".pdf"):
                continue  # not a PDF by name: ingest is of PDFs
            if name.startswith("."):
                skipped.append({"path": str(here / name), "why": "hidden file"})
            else:
                found.append(here / name)
    return found, skipped


def one_file_jobs(files: list[Path]) -> int:
    """Workers for add and attach: files are read one by one, in the order given (so the slugs of
    same-titled files come out the same every time), but a single large PDF is read by every core,
    a share of its pages each."""
    return (os.cpu_count() or 1) if len(files) == 1 else 1


def add(
    lib: Library,
    files: list[Path],
    options: NewRecordOptions,
    password: str | None,
    timeout: float,
    progress: Progress,
) -> Batched:
    from learnkit.operations.ingest import Pipeline
    from learnkit.operations.ingest import add as add_files

    options.check(lib, len(files))  # on every file given, before any is screened out
    kept, failed = _screened(files)
    pipeline = Pipeline(lib, jobs=one_file_jobs(kept), timeout=timeout)
    result = add_files(lib, kept, options, password, pipeline, progress)
    result.failed[:0] = failed
    return Batched(result)


def attach(
    lib: Library, slug: str, files: list[Path], password: str | None, timeout: float, progress: Progress
) -> Batched:
    from learnkit.operations.ingest import Pipeline
    from learnkit.operations.ingest import attach as attach_files

    lib.get(slug, close=False)  # an unknown record is the error, whatever the files
    kept, failed = _screened(files)
    pipeline = Pipeline(lib, jobs=one_file_jobs(kept), timeout=timeout)
    result = attach_files(lib, slug, kept, password, pipeline, progress)
    result.failed[:0] = failed
    return Batched(result)


def ingest(
    lib: Library,
    folder: Path,
    options: NewRecordOptions,
    jobs: int | None,
    password: str | None,
    timeout: float,
    progress: Progress,
) -> Batched:
    from learnkit.operations.ingest import Pipeline
    from learnkit.operations.ingest import add as add_files

    files, skipped = survey(folder)
    pipeline = Pipeline(lib, jobs=jobs if jobs is not None else os.cpu_count() or 1, timeout=timeout)
    options.check(lib, len(files))  # given values win over what is read from each document
    kept, failed = _screened(files)
    result = add_files(lib, kept, options, password, pipeline, progress)
    result.failed[:0] = failed
    result.skipped.extend(skipped)
    return Batched(result)
