"""What the worker tests look at: this process's children, from /proc."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def child_pids() -> set[int]:
    """Processes (zombies included) whose parent is this process.

    multiprocessing's own helpers (the resource tracker a spawning parent starts once, a forkserver)
    live as long as this process and are not workers.
    """
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        helper = b"resource_tracker" in command or b"forkserver" in command
        if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and not helper:
            pids.add(int(entry.name))
    return pids
