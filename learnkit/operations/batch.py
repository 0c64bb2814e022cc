"""add, attach and ingest as the command line runs them: how many workers, the pipeline, the account.

The reading itself is :mod:`learnkit.operations.ingest`'s. Here: how many
worker processes a command uses, and the result it hands back (every file with
what happened to it), which ends the command with exit 1 when a file failed.

Results are dataclasses without ``__eq__`` and ``__repr__`` (never compared or printed):
generating those is most of a dataclass's cost, paid at every start of a command.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.errors import ExitCode

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

    pipeline = Pipeline(lib, jobs=one_file_jobs(files), timeout=timeout)
    return Batched(add_files(lib, files, options, password, pipeline, progress))


def attach(
    lib: Library, slug: str, files: list[Path], password: str | None, timeout: float, progress: Progress
) -> Batched:
    from learnkit.operations.ingest import Pipeline
    from learnkit.operations.ingest import attach as attach_files

    pipeline = Pipeline(lib, jobs=one_file_jobs(files), timeout=timeout)
    return Batched(attach_files(lib, slug, files, password, pipeline, progress))


def ingest(
    lib: Library,
    folder: Path,
    kind: str | None,
    jobs: int | None,
    password: str | None,
    timeout: float,
    progress: Progress,
) -> Batched:
    from learnkit.operations.ingest import Pipeline
    from learnkit.operations.ingest import ingest as ingest_folder

    pipeline = Pipeline(lib, jobs=jobs if jobs is not None else os.cpu_count() or 1, timeout=timeout)
    return Batched(ingest_folder(lib, folder, kind, password, pipeline, progress))
