"""Reading PDFs in worker processes: one in isolation, or a batch at once, long ones split in parts.

:func:`extract_isolated` reads one PDF in a worker with a time and a memory
limit, so a PDF that loops or balloons costs a worker, not the command;
:func:`extract_many` reads a batch in up to ``workers`` such workers at once,
optionally running the caller's function on each PDF's text in the worker
too, and can split a long PDF's pages across the workers and put them back
together. The workers are :mod:`learnkit.reading.pool`'s; the reading is
:mod:`learnkit.reading.extract`'s.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from learnkit.errors import PdfError
from learnkit.reading.extract import Extraction, Part, describe, extract, extract_part, join_parts
from learnkit.reading.pool import Limits, run_all

D = TypeVar("D")  # what the caller's function makes of a PDF's text

# The caller's function, run on each PDF read whole in a worker: a module-level function (or a
# partial of one) of the file and its text, whose result is picklable.
Then = Callable[[Path, Extraction[None]], D]


@dataclass(frozen=True)
class _Read:
    """One job for a worker: a PDF, or the k-th of n parts of it (``part``, with the batch's ``number``)."""

    path: Path
    password: str | None
    number: int
    part: tuple[int, int] | None = None


def _read(then: Then[D] | None, job: _Read) -> Extraction[D] | Part:
    """The body of every job, in the worker: a part of a PDF, or all of it with ``then`` run on it."""
    if job.part is not None:
        return extract_part(job.path, job.password, job.part)
    extraction = extract(job.path, job.password)
    return _with(extraction, then(job.path, extraction) if then is not None else None)


def _with(extraction: Extraction[None], derived: D | None) -> Extraction[D]:
    return Extraction(extraction.pages, extraction.title, extraction.status, extraction.warnings, derived)


def extract_isolated(
    path: Path, password: str | None = None, timeout: float = 60.0, memory_mb: int = 1024
) -> Extraction[None]:
    """:func:`~learnkit.reading.extract.extract` in a worker process, stopped after ``timeout`` s.

    ``memory_mb`` is how much address space the worker may add to what it
    starts with, where the platform can limit it; past it, allocation fails
    and the PDF is reported with reason "limit".
    """
    reads: Generator[tuple[Path, Extraction[None] | PdfError], None, None]
    reads = extract_many([(path, password)], 1, timeout, memory_mb)
    with contextlib.closing(reads):
        _, result = next(reads)
    if isinstance(result, PdfError):
        raise result
    return _with(result, None)


def extract_many(
    jobs: Iterable[tuple[Path, str | None]],
    workers: int,
    timeout: float = 60.0,
    memory_mb: int = 1024,
    then: Then[D] | None = None,
    parts: Callable[[Path], int] | None = None,
) -> Generator[tuple[Path, Extraction[D] | PdfError], None, None]:
    """Read many PDFs in up to ``workers`` worker processes at once.

    Yields ``(path, Extraction or PdfError)`` as each finishes, in any order;
    every job yields exactly once. Each PDF has its own ``timeout``, counted
    from when a worker takes it; a worker that overruns it is killed and
    replaced. ``memory_mb`` caps each worker's address space above what it
    starts with (see :func:`extract_isolated`). Workers read many PDFs each.
    Closing the generator early, or an exception such as KeyboardInterrupt
    while it runs, kills and reaps every worker it started.

    ``then``, when given, runs in the worker on each successful extraction,
    under the same time and memory limits, and its (picklable) result comes
    back as ``Extraction.derived``: work on the text is spread over the
    workers too, instead of waiting its turn in this process.

    ``parts``, when given, says into how many parts to split a PDF's pages
    (1: read it whole). Each part is a job of its own, with its own time limit,
    so one long report need not keep one worker busy while the others stand
    idle. The parts are put together when the last is in, and ``then`` runs
    on the whole document here, in this process. A part that fails fails the
    PDF.
    """
    reads: list[_Read] = []
    for number, (path, password) in enumerate(jobs):  # numbered: the same file may come twice
        count = max(1, parts(path)) if parts is not None and workers > 1 else 1
        if count == 1:
            reads.append(_Read(path, password, number))
        else:
            reads.extend(_Read(path, password, number, (k, count)) for k in range(count))
    assembling: dict[int, list[Part | PdfError | None]] = {}
    limits = Limits(timeout, memory_mb)
    with contextlib.closing(run_all(_read, then, reads, workers, limits)) as results:
        for job, result in results:
            if job.part is None:
                assert not isinstance(result, Part)
                yield job.path, result
                continue
            assert not isinstance(result, Extraction)
            k, count = job.part
            slots = assembling.setdefault(job.number, [None] * count)
            slots[k] = result
            if all(slot is not None for slot in slots):
                del assembling[job.number]
                yield job.path, _assemble(job.path, slots, then)


def _assemble(
    path: Path, slots: list[Part | PdfError | None], then: Then[D] | None
) -> Extraction[D] | PdfError:
    """A PDF read in parts, put back together: its first error, or the whole document."""
    for slot in slots:
        if isinstance(slot, PdfError):
            return slot
    try:
        extraction = join_parts([slot for slot in slots if isinstance(slot, Part)])
        return _with(extraction, then(path, extraction) if then is not None else None)
    except PdfError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - as in a worker: a failure here is the file's, told in one line
        return PdfError(f"damaged PDF: {describe(exc)}", "damaged")
