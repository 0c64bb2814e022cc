"""Worker processes that run a caller's function over many jobs, each job under a time limit.

The caller gives a module-level function ``task(context, job) -> result``
and the ``context`` every worker needs (a taxonomy, a folder...). Each worker
is started with the function and the context and then runs job after job, so
the cost per job is a message each way. Everything that crosses to a worker
(the function, the context, the jobs) and back (the results, which are
dataclasses) is pickled, and a worker relies on nothing else of this process:
it works when spawned as well as when forked. The start method is the
platform's default unless ``LEARNKIT_START_METHOD`` names another
(:func:`start_method`).

A job that fails, for any reason, comes back as a
:class:`~learnkit.errors.PdfError` value, never as a traceback: the task's own
PdfError, an exception it raised, a worker that ran past the job's
``timeout`` (this process kills it: the limit holds on every platform), ran
out of memory, crashed or vanished. Where the platform can limit a process's
address space (Linux), a worker may add at most ``memory_mb`` to what it
started with; elsewhere there is no memory limit, only the time limit.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import math
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for_ready
from typing import Any, Generic, TypeVar

from learnkit.errors import InvalidError, PdfError

START_METHOD_VARIABLE = "LEARNKIT_START_METHOD"

C = TypeVar("C")  # the context every worker is started with
J = TypeVar("J")  # a job
R = TypeVar("R")  # a job's result

# A worker that runs out of memory so badly that it cannot even send its error
# exits with this code, so the parent can still say "limit".
_EXIT_OUT_OF_MEMORY = 86
# Freed in a worker when MemoryError strikes, to leave room to report it.
_RESERVE_BYTES = 1 << 20
# A worker arms its own alarm this much after the parent's deadline, so a
# worker orphaned by a killed parent still dies on its own (where there are alarms).
_ORPHAN_GRACE = 5
# How long a worker that is done may take to exit before it is killed.
_EXIT_GRACE = 5.0
# How long a new worker may take to start (a spawned one imports its modules
# afresh) before its first job's time limit starts counting.
_START_GRACE = 60.0
# Fragmentation creeps up over many jobs; a fresh worker resets it.
_MAX_JOBS_PER_WORKER = 200
# What a worker sends once it has started, before its first result.
_READY = "ready"


def start_method() -> str:
    """How worker processes start: ``LEARNKIT_START_METHOD`` if set, else the platform's default.

    Raises InvalidError, naming the methods this platform has, for any other value.
    """
    methods = multiprocessing.get_all_start_methods()  # the platform's default first
    wanted = os.environ.get(START_METHOD_VARIABLE, "").strip()
    if not wanted:
        return methods[0]
    if wanted not in methods:
        raise InvalidError(
            f"{START_METHOD_VARIABLE} must be one of {', '.join(methods)} on this platform; got '{wanted}'"
        )
    return wanted


@dataclass(frozen=True)
class Limits:
    """What one job may cost a worker.

    ``timeout`` seconds, counted from when a started worker takes the job;
    ``memory_mb`` of address space above what the worker started with, where
    the platform can limit it.
    """

    timeout: float = 60.0
    memory_mb: int = 1024


@dataclass(frozen=True)
class _Setup(Generic[C, J, R]):
    """What a worker is started with."""

    task: Callable[[C, J], R]
    context: C
    limits: Limits


@dataclass(frozen=True)
class _Failure:
    """A job that failed in the worker, as it crosses back: PdfError's reason would not survive pickling."""

    message: str
    reason: str


@dataclass
class _Job(Generic[J]):
    job: J
    deadline: float


class _Worker(Generic[J]):
    """A worker process and this side of the pipe it talks over."""

    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.job: _Job[J] | None = None
        self.ready = False
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


class WorkerPool(Generic[C, J, R]):
    """Up to ``size`` workers running ``task(context, job)``, one job each at a time.

    A worker is started when a job needs one, replaced when it is killed or
    dies, and retired (it exits by itself) when it has grown or served many
    jobs, so its memory limit keeps meaning "this much per job". ``task`` must
    be a module-level function (or a partial of one) and ``context``, every
    job and every result picklable.
    """

    def __init__(self, task: Callable[[C, J], R], context: C, size: int, limits: Limits) -> None:
        self.method = start_method()
        self.setup = _Setup(task, context, limits)
        self.size = max(1, size)
        self.limits = limits
        # Any: typeshed's BaseContext does not say that every context has a Process.
        self.mp: Any = multiprocessing.get_context(self.method)
        self.workers: list[_Worker[J]] = []

    def busy(self) -> bool:
        return any(worker.job for worker in self.workers)

    def has_room(self) -> bool:
        return len(self.workers) < self.size or any(worker.job is None for worker in self.workers)

    def submit(self, job: J) -> None:
        """Hand ``job`` to an idle worker, or to a new one; raises PdfError if no worker will take it."""
        # An idle worker may have died since its last job (killed from outside):
        # then the send fails and a fresh worker takes the job.
        for _ in range(2):
            worker = next((w for w in self.workers if w.job is None), None) or self._start()
            try:
                worker.conn.send(job)
            except OSError:
                self._drop(worker, grace=0)
                continue
            allowed = self.limits.timeout + (0.0 if worker.ready else _START_GRACE)
            worker.job = _Job(job, time.monotonic() + allowed)
            return
        raise PdfError("cannot hand the job to a worker process", "damaged")

    def collect(self) -> list[tuple[J, R | PdfError]]:
        """Wait until at least one job finishes or runs out of time; return what finished."""
        busy = [worker for worker in self.workers if worker.job]
        soonest = min(worker.job.deadline for worker in busy if worker.job)
        ready = wait_for_ready([worker.conn for worker in busy], max(0.0, soonest - time.monotonic()))
        finished: list[tuple[J, R | PdfError]] = []
        for worker in busy:
            job = worker.job
            assert job is not None
            if worker.conn in ready or worker.conn.poll():
                result = self._receive(worker, job)
                if result is not None:
                    finished.append((job.job, result))
            elif time.monotonic() >= job.deadline:
                self._drop(worker, grace=0)
                finished.append((job.job, _timeout_error(self.limits.timeout)))
        return finished

    def _receive(self, worker: _Worker[J], job: _Job[J]) -> R | PdfError | None:
        """What the worker sent: the job's result, or None when it only said it has started."""
        # The whole message is read before the worker is joined: a worker
        # blocked writing a large result would otherwise never exit.
        try:
            message = worker.conn.recv()
            if message == _READY:
                worker.ready = True
                job.deadline = time.monotonic() + self.limits.timeout
                if not worker.conn.poll():
                    return None
                message = worker.conn.recv()
        except (EOFError, OSError):
            return _death_error(self._drop(worker, grace=_EXIT_GRACE))
        outcome, retiring = message
        worker.job = None
        if retiring:
            self._drop(worker, grace=_EXIT_GRACE)
        if isinstance(outcome, _Failure):
            return PdfError(outcome.message, outcome.reason)
        result: R = outcome
        return result

    def _start(self) -> _Worker[J]:
        mine, theirs = self.mp.Pipe(duplex=True)
        # A forked child must not keep this side's ends open, or it would never see them close;
        # a spawned one inherits nothing.
        inherited = [worker.conn for worker in self.workers] + [mine] if self.method == "fork" else []
        process = self.mp.Process(
            target=_serve, args=(theirs, inherited, self.setup), name="learnkit-worker", daemon=True
        )
        try:
            process.start()
        except OSError as exc:
            mine.close()
            raise PdfError(f"cannot start a worker process: {exc.strerror or exc}", "limit") from None
        finally:
            theirs.close()
        worker: _Worker[J] = _Worker(process, mine)
        self.workers.append(worker)
        return worker

    def _drop(self, worker: _Worker[J], grace: float) -> int | None:
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


def run_all(
    task: Callable[[C, J], R], context: C, jobs: Iterable[J], workers: int, limits: Limits
) -> Generator[tuple[J, R | PdfError], None, None]:
    """Run ``task(context, job)`` for every job in up to ``workers`` worker processes.

    Yields ``(job, result or PdfError)`` as each finishes, in any order; every
    job yields exactly once. Closing the generator early, or an exception such
    as KeyboardInterrupt while it runs, kills and reaps every worker it started.
    """
    pending = deque(jobs)
    if not pending:
        return
    pool = WorkerPool(task, context, min(workers, len(pending)), limits)

    def fill() -> list[tuple[J, R | PdfError]]:
        refused: list[tuple[J, R | PdfError]] = []
        while pending and pool.has_room():
            job = pending.popleft()
            try:
                pool.submit(job)
            except PdfError as exc:
                refused.append((job, exc))
        return refused

    try:
        while pending or pool.busy():
            yield from fill()
            if pool.busy():
                done = pool.collect()
                # Freed workers take their next job before the caller gets these
                # results, so they work while the caller stores.
                done.extend(fill())
                yield from done
    finally:
        pool.close()


def _timeout_error(timeout: float) -> PdfError:
    return PdfError(f"reading the PDF took longer than {timeout:g} s and was stopped", "timeout")


def _death_error(exitcode: int | None) -> PdfError:
    if exitcode == _EXIT_OUT_OF_MEMORY:
        return PdfError("PDF too large: reading it ran out of memory", "limit")
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        if number == getattr(signal, "SIGALRM", None):
            return PdfError("reading the PDF took too long and was stopped", "timeout")
        if number == getattr(signal, "SIGKILL", None):
            # Not sent by us (we would have reported a timeout): almost always the OOM killer.
            return PdfError("the PDF reader was killed, most likely for using too much memory", "limit")
        return PdfError(f"damaged PDF: the PDF reader crashed ({_signal_name(number)})", "damaged")
    return PdfError(f"damaged PDF: the PDF reader stopped unexpectedly (exit code {exitcode})", "damaged")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


# --------------------------------------------------------------------------- inside a worker


def _serve(conn: Connection, inherited: list[Connection], setup: _Setup[Any, Any, Any]) -> None:
    """The body of a worker process: run jobs, answer each with one message, until told to stop."""
    for other in inherited:
        other.close()
    _settle_child()
    limits = setup.limits
    base = _address_space_bytes()
    _limit_address_space(base, limits.memory_mb)
    served = 0
    try:
        conn.send(_READY)
    except OSError:
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if job is None:
            return
        _alarm(math.ceil(limits.timeout) + _ORPHAN_GRACE)
        outcome, healthy = _run_job(setup, job)
        _alarm(0)
        served += 1
        retiring = not healthy or served >= _MAX_JOBS_PER_WORKER or _has_grown(base, limits.memory_mb)
        try:
            conn.send((outcome, retiring))
        except MemoryError:
            os._exit(_EXIT_OUT_OF_MEMORY)
        except OSError:
            return
        if retiring:
            return


def _run_job(setup: _Setup[Any, Any, Any], job: Any) -> tuple[Any, bool]:
    """Run one job: what to send back, and whether this worker is still fit for another."""
    reserve: bytearray | None = bytearray(_RESERVE_BYTES)
    try:
        return setup.task(setup.context, job), True
    except PdfError as exc:
        return _Failure(exc.message, exc.reason), exc.reason != "limit"
    except MemoryError:
        reserve = None
        return _Failure("PDF too large: reading it ran out of memory", "limit"), False
    except BaseException as exc:  # noqa: BLE001 - nothing may escape a worker as a traceback
        from learnkit.reading.extract import describe

        return _Failure(f"damaged PDF: {describe(exc)}", "damaged"), False
    finally:
        del reserve


def _alarm(seconds: int) -> None:
    # Backstop for a worker orphaned mid-job: the parent normally kills it first. No alarms on Windows.
    if hasattr(signal, "alarm"):
        signal.alarm(seconds)


def _settle_child() -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and kills us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    # Objects this process started with are never garbage here; keep the collector off them.
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
    if base is None:  # no way to measure it here (no /proc): no limit either
        return
    try:
        import resource  # noqa: PLC0415 - POSIX only
    except ImportError:  # pragma: no cover - Windows
        return
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
    """This process's address space in bytes, where /proc says (Linux); else None."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None
