"""Tests for learnkit.reading.pool: jobs in worker processes, every failure a PdfError, workers reaped.

The tasks are this module's functions: a worker imports them by name, so they run under every start
method (scripts/test runs this file under the platform's default and again with
LEARNKIT_START_METHOD=spawn).
"""

from __future__ import annotations

import ast
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from processes import child_pids, needs_proc

from learnkit.errors import InvalidError, PdfError
from learnkit.reading.pool import START_METHOD_VARIABLE, Limits, run_all, start_method

PACKAGE = Path(__file__).resolve().parents[1] / "learnkit"
UNIX_ONLY = {"fcntl", "resource", "msvcrt", "termios", "pwd", "grp"}


def run(task: object, jobs: list[str], workers: int = 1, timeout: float = 30, context: object = None) -> dict:
    return dict(run_all(task, context, jobs, workers, Limits(timeout=timeout)))


# --------------------------------------------------------------------------- tasks (run in workers)


def echo(context: str | None, job: str) -> str:
    return f"{context}:{job}"


def which_process(context: None, job: str) -> int:
    return os.getpid()


def slow_when_marked(context: None, job: str) -> str:
    if "slow" in job:
        time.sleep(120)
    return job


def refuse(context: None, job: str) -> str:
    raise PdfError(f"no good: {job}", "encrypted")


def allocate_too_much(context: None, job: str) -> int:
    hoard = bytearray(4 * 1024**3)
    return len(hoard)


def crash(context: None, job: str) -> str:
    os.write(2, b"Fatal crash report that must not reach the terminal\n")
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("not reached")


def vanish(context: None, job: str) -> str:
    print("stray output", file=sys.stderr)
    os._exit(3)


def raise_odd(context: None, job: str) -> str:
    raise SystemExit(5)


def raise_bug(context: None, job: str) -> str:
    raise KeyError("some key")


BIG_PAGE = "neglect " * 1_000_000  # 8 MB


def huge_result(context: None, job: str) -> list[str]:
    return [BIG_PAGE] * 6


# --------------------------------------------------------------------------- results


def test_each_job_comes_back_once_with_the_context() -> None:
    jobs = [f"job{n}" for n in range(7)] + ["job1"]
    results = list(run_all(echo, "taxonomy", jobs, 2, Limits()))
    assert sorted(job for job, _ in results) == sorted(jobs)
    assert all(result == f"taxonomy:{job}" for job, result in results)


def test_no_jobs_no_results() -> None:
    assert list(run_all(echo, None, [], 2, Limits())) == []


def test_workers_are_reused_and_are_not_this_process() -> None:
    pids = set(run(which_process, [str(n) for n in range(12)], workers=2).values())
    assert 1 <= len(pids) <= 2
    assert os.getpid() not in pids


def test_a_task_s_pdf_error_keeps_its_reason() -> None:
    [(job, result)] = run(refuse, ["x.pdf"]).items()
    assert isinstance(result, PdfError)
    assert (result.reason, result.message) == ("encrypted", "no good: x.pdf")


@pytest.mark.parametrize("task", [raise_odd, raise_bug])
def test_anything_a_task_raises_is_a_damaged_pdf_error(task: object) -> None:
    [result] = run(task, ["x"]).values()
    assert isinstance(result, PdfError) and result.reason == "damaged"
    assert "\n" not in result.message


def test_a_large_result_is_drained() -> None:
    [result] = run(huge_result, ["x"]).values()
    assert isinstance(result, list) and sum(map(len, result)) == 6 * len(BIG_PAGE)


# --------------------------------------------------------------------------- limits and deaths


@needs_proc
def test_a_slow_job_times_out_and_the_rest_finish() -> None:
    jobs = ["a-slow", "b", "c", "d-slow", "e"]
    before = child_pids()
    started = time.monotonic()
    results = run(slow_when_marked, jobs, workers=1, timeout=0.5)
    assert time.monotonic() - started < 30
    for job in jobs:
        if "slow" in job:
            assert isinstance(results[job], PdfError) and results[job].reason == "timeout"
            assert "0.5 s" in results[job].message
        else:
            assert results[job] == job
    assert child_pids() - before == set()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory limit is applied on Linux")
def test_the_memory_limit_is_a_limit_error() -> None:
    results = dict(run_all(allocate_too_much, None, ["x"], 1, Limits(timeout=30, memory_mb=64)))
    assert isinstance(results["x"], PdfError) and results["x"].reason == "limit"


@pytest.mark.skipif(not hasattr(signal, "SIGSEGV") or sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("task", "words"), [(crash, "SIGSEGV"), (vanish, "exit code 3")])
def test_a_worker_that_dies_is_damaged_and_says_nothing(
    capfd: pytest.CaptureFixture[str], task: object, words: str
) -> None:
    [result] = run(task, ["x"]).values()
    assert isinstance(result, PdfError) and result.reason == "damaged"
    assert words in result.message
    assert capfd.readouterr().err == ""


def test_a_worker_that_dies_is_replaced() -> None:
    results = run(slow_when_marked, ["one", "two"], workers=1) | run(vanish, ["three"])
    assert results["one"] == "one" and results["two"] == "two"
    assert isinstance(results["three"], PdfError)


@needs_proc
def test_closing_early_kills_and_reaps_workers() -> None:
    jobs = ["fast"] + [f"slow{n}" for n in range(4)]
    before = child_pids()
    results = run_all(slow_when_marked, None, jobs, 3, Limits(timeout=60))
    job, result = next(results)
    assert (job, result) == ("fast", "fast")
    assert child_pids() - before  # the slow ones are running
    started = time.monotonic()
    results.close()
    assert time.monotonic() - started < 5
    assert child_pids() - before == set()
    assert multiprocessing.active_children() == []


@needs_proc
def test_keyboard_interrupt_kills_and_reaps_workers() -> None:
    before = child_pids()
    results = run_all(slow_when_marked, None, ["fast", "slow"], 2, Limits(timeout=60))
    next(results)
    with pytest.raises(KeyboardInterrupt):
        results.throw(KeyboardInterrupt())
    assert child_pids() - before == set()


# --------------------------------------------------------------------------- start method


def test_the_start_method_is_the_platform_s_default_unless_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(START_METHOD_VARIABLE, raising=False)
    assert start_method() == multiprocessing.get_all_start_methods()[0]
    monkeypatch.setenv(START_METHOD_VARIABLE, "spawn")
    assert start_method() == "spawn"


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_each_start_method_runs_the_jobs(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not on this platform")
    monkeypatch.setenv(START_METHOD_VARIABLE, method)
    assert run(echo, ["a", "b"], workers=2, context="ctx") == {"a": "ctx:a", "b": "ctx:b"}


def test_an_unknown_start_method_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(START_METHOD_VARIABLE, "threads")
    with pytest.raises(InvalidError) as caught:
        list(run_all(echo, None, ["a"], 1, Limits()))
    message = caught.value.message
    assert START_METHOD_VARIABLE in message and "'threads'" in message and "spawn" in message
    assert "\n" not in message


# --------------------------------------------------------------------------- portable imports


def _unguarded_imports(tree: ast.Module) -> list[str]:
    """Unix- or Windows-only modules imported when the module loads, outside a platform check or try."""
    found: list[str] = []

    def guarded_by(node: ast.AST) -> bool:
        if isinstance(node, ast.Try):
            caught = " ".join(ast.unparse(h.type) for h in node.handlers if h.type is not None)
            return "ImportError" in caught or "ModuleNotFoundError" in caught
        if isinstance(node, ast.If):
            test = ast.unparse(node.test)
            return "sys.platform" in test or "os.name" in test or "TYPE_CHECKING" in test
        return False

    def visit(node: ast.AST, guarded: bool) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return  # runs when called, not when the module loads
        if isinstance(node, ast.Import | ast.ImportFrom) and not guarded:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found.extend(f"line {node.lineno}: {n}" for n in names if n.split(".")[0] in UNIX_ONLY)
        for child in ast.iter_child_nodes(node):
            visit(child, guarded or guarded_by(node))

    visit(tree, False)
    return found


def test_no_module_imports_a_platform_only_module_unguarded() -> None:
    problems = {
        str(path.relative_to(PACKAGE)): found
        for path in sorted(PACKAGE.rglob("*.py"))
        if (found := _unguarded_imports(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert problems == {}


def test_the_import_check_finds_an_unguarded_import() -> None:
    code = """
import os
import fcntl
try:
    import msvcrt
except ImportError:
    msvcrt = None
if sys.platform != "win32":
    import resource
def later():
    import termios
class Locks:
    from fcntl import flock
"""
    assert _unguarded_imports(ast.parse(code)) == ["line 3: fcntl", "line 13: fcntl"]
