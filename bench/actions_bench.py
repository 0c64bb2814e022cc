"""Benchmark the action tracker at scale: 2,000 records with 20,000 actions.

Targets (issue 15), each a ratio against a baseline measured in the same run:

* ``learnkit actions --overdue`` and ``learnkit actions report`` each within
  1.5x (the Typer floor + the time to read the store), where the Typer floor is
  a minimal Typer app printing one line with Rich (as in scale_bench.py) and
  "reading the store" is parsing ``learnkit.json`` and the whole tracker as one
  JSON file (the single ``actions.json`` of the earlier layout), in process: a
  baseline that does not move with the tracker's layout. Reading the tracker's
  own files (``tracker/``) is measured beside it;
* an ``actions update`` (in process, under the lock, one crash-safe write)
  within 1.3x the cost of a record write (``Library.store_records`` of one
  record under the lock).

The library is built reproducibly from ``--seed`` in a temporary folder: the
bundled records, then ``--records`` generated records with 3 to 8
recommendations each (imported as record files), then actions spread over
them with random owners, dates and statuses. Run from the repository root:

    .venv/bin/python bench/actions_bench.py            # 2,000 records, 20,000 actions
    .venv/bin/python bench/actions_bench.py --quick    # 200 records, 2,000 actions, no RESULTS.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from scale_bench import (  # noqa: E402 - the bench folder is put on the path just above
    FLOOR_APP,
    compile_learnkit,
    machine_info,
    machine_lines,
    table,
    write_section,
)

OWNERS = ["Police", "Children's services", "Health", "Education", "Probation", "Housing", "Early help"]
STATUSES = ["not-started", "in-progress", "in-progress", "complete", "not-achieved"]
TODAY = "2026-12-01"
ONE_FILE = "one-file.json"


def build(folder: Path, records: int, actions: int, seed: int) -> list[str]:
    """A library of the bundled records and ``records`` more, with ``actions`` actions; the action ids.

    The tracker is also written whole as one JSON file beside the library (``one-file.json``), for the
    baseline.
    """
    from learnkit.knowledge.actions import Action
    from learnkit.operations.library import Library
    from learnkit.storage.actions import ActionStore

    rng = random.Random(seed)
    sources = folder.parent / "records-in"
    sources.mkdir()
    recs: dict[str, int] = {}
    for n in range(records):
        slug = f"review-{n:05d}"
        count = rng.randint(3, 8)
        recs[slug] = count
        fields = {
            "slug": slug,
            "title": f"Learning review {n}",
            "kind": "learning-review",
            "date": f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}",
            "status": "restricted" if rng.random() < 0.05 else "published",
            "recommendations": [f"Recommendation {i} of review {n}." for i in range(1, count + 1)],
        }
        text = "".join(f"{k} = {json.dumps(v)}\n" for k, v in fields.items())
        (sources / f"{slug}.toml").write_text(text, encoding="utf-8")
    lib = Library(folder)
    lib.import_path(sources)
    today = dt.date.fromisoformat(TODAY)
    numbers: dict[tuple[str, int], int] = {}
    made: list[dict[str, Any]] = []
    slugs = sorted(recs)
    for _ in range(actions):
        slug = rng.choice(slugs)
        rec = rng.randint(1, recs[slug])
        number = numbers[(slug, rec)] = numbers.get((slug, rec), 0) + 1
        action = Action(
            slug,
            rec,
            number,
            f"Action {number} on recommendation {rec}",
            rng.choice(OWNERS),
            (today + dt.timedelta(days=rng.randint(-120, 400))).isoformat(),
            status=rng.choice(STATUSES),
        )
        made.append(action.to_store())
    plans: dict[str, list[dict[str, Any]]] = {}
    for item in made:
        plans.setdefault(item["record"], []).append(item)
    store = ActionStore(folder)
    with lib.lock():
        for slug, items in plans.items():
            store.write(slug, {"responses": [], "actions": items})
    flat = {"schema": 1, "responses": [], "actions": made, "history": []}
    (folder.parent / ONE_FILE).write_text(json.dumps(flat, separators=(",", ":")), encoding="utf-8")
    lib.index()
    lib.close()
    return [f"{a['record']}/{a['recommendation']}.{a['number']}" for a in made]


def learnkit_command() -> list[str]:
    """learnkit as its users run it: the command pip installed beside this Python (``learnkit``,
    ``learnkit.exe`` on Windows), as the floor is a script run by Python; ``python -m learnkit``
    (which loads runpy first, a few milliseconds) only where there is none."""
    script = Path(sys.executable).with_name("learnkit.exe" if os.name == "nt" else "learnkit")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "learnkit"]


def run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def read_store(folder: Path) -> float:
    """The baseline: parsing learnkit.json and the tracker as one file."""
    start = time.perf_counter()
    for path in (folder / "learnkit.json", folder.parent / ONE_FILE):
        json.loads(path.read_bytes())
    return time.perf_counter() - start


def read_tracker(folder: Path) -> float:
    """Parsing the tracker's own files, as this layout keeps them."""
    start = time.perf_counter()
    for path in sorted((folder / "tracker").glob("actions-*.json")):
        json.loads(path.read_bytes())
    return time.perf_counter() - start


def writes(folder: Path, ids: list[str], runs: int, seed: int) -> tuple[list[float], list[float]]:
    """In process: an action update and a record write, each under the lock, alternately."""
    from learnkit.operations.actions import update_action
    from learnkit.operations.library import Library

    rng = random.Random(seed)
    lib = Library(folder)
    lib.index()
    record = lib.stored("review-00000")
    assert record is not None
    updates: list[float] = []
    records: list[float] = []
    on = dt.date.fromisoformat(TODAY)
    for n in range(runs):
        start = time.perf_counter()
        update_action(lib, rng.choice(ids), note=f"progress note {n}", on=on)
        updates.append(time.perf_counter() - start)
        record.summary = f"summary {n}"
        start = time.perf_counter()
        with lib.lock():
            lib.store_records([record.to_dict()])
        records.append(time.perf_counter() - start)
    lib.close()
    return updates, records


def _row(name: str, seconds: float, base: float, target: float | None) -> list[str]:
    ratio = seconds / base
    verdict = "" if target is None else ("PASS" if ratio <= target else "FAIL")
    return [name, f"{seconds * 1000:.1f} ms", f"{ratio:.2f}x", f"<= {target}x" if target else "", verdict]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--actions", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--quick", action="store_true", help="200 records, 2,000 actions; RESULTS.md untouched"
    )
    args = parser.parse_args()
    if args.quick:
        args.records, args.actions, args.runs = 200, 2000, 3
    py = sys.executable
    compile_learnkit()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "library"
        started = time.perf_counter()
        ids = build(folder, args.records, args.actions, args.seed)
        print(f"built {args.records} records, {len(ids)} actions in {time.perf_counter() - started:.1f} s")
        floor = tmp / "typer_floor.py"
        floor.write_text(FLOOR_APP)
        env = {**os.environ, "LEARNKIT_HOME": str(folder), "LEARNKIT_TODAY": TODAY, "LEARNKIT_NO_PAGER": "1"}
        learnkit = learnkit_command()
        one_record = tmp / "records-in" / "review-00000.toml"
        commands = {
            "floor": [py, str(floor)],
            "overdue": [*learnkit, "actions", "--overdue"],
            "overdue json": [*learnkit, "actions", "--overdue", "--json"],
            "report": [*learnkit, "actions", "report"],
            "report html": [*learnkit, "actions", "report", "--format", "html"],
            "record write": [*learnkit, "import", str(one_record)],
            "update": [*learnkit, "actions", "update", ids[len(ids) // 2], "--note", "progress"],
        }
        for argv in commands.values():
            run(argv, env)  # warm up
        times: dict[str, list[float]] = {name: [] for name in commands}
        store: list[float] = []
        tracker: list[float] = []
        for _ in range(args.runs):
            for name, argv in commands.items():
                times[name].append(run(argv, env))
            store.append(read_store(folder))
            tracker.append(read_tracker(folder))
        updates, record_writes = writes(folder, ids, max(args.runs * 3, 9), args.seed)
    median = {name: statistics.median(values) for name, values in times.items()}
    base = median["floor"] + statistics.median(store)
    rows = [
        ["floor: Typer + Rich", f"{median['floor'] * 1000:.1f} ms", "", "", ""],
        [
            "reading learnkit.json + the tracker as one file",
            f"{statistics.median(store) * 1000:.1f} ms",
            "",
            "",
            "",
        ],
        ["(reading the tracker's 64 files)", f"{statistics.median(tracker) * 1000:.1f} ms", "", "", ""],
        _row("learnkit actions --overdue", median["overdue"], base, 1.5),
        _row("learnkit actions --overdue --json", median["overdue json"], base, None),
        _row("learnkit actions report", median["report"], base, 1.5),
        _row("learnkit actions report --format html", median["report html"], base, None),
        [
            "learnkit import (one record: a record write)",
            f"{median['record write'] * 1000:.1f} ms",
            "1.00x",
            "",
            "",
        ],
        _row("learnkit actions update ID --note", median["update"], median["record write"], 1.3),
        _row(
            "in process: store_records, one record",
            statistics.median(record_writes),
            statistics.median(record_writes),
            None,
        ),
        _row(
            "in process: update_action, a note",
            statistics.median(updates),
            statistics.median(record_writes),
            None,
        ),
    ]
    ok = all(row[-1] != "FAIL" for row in rows)
    lines = [
        f"- {args.records:,} generated records (and the bundled ones), {len(ids):,} actions;"
        f" LEARNKIT_TODAY={TODAY}",
        *machine_lines(machine_info()),
        f"- commands (`{' '.join(Path(a).name for a in learnkit_command())}`): median of {args.runs} runs"
        " each, interleaved, after a warm-up. The listing and the"
        " report are against the Typer floor plus parsing learnkit.json and the tracker as one JSON file in"
        " process (the tracker's own files, 64 of them, are timed beside it); an update against"
        " a record write (`learnkit import` of one record file), both whole processes; the in-process pair"
        f" is the median of {len(updates)} alternating runs",
        "",
        *table(["measure", "median", "x baseline", "target", ""], rows),
    ]
    print("\n".join(lines))
    if not args.quick:
        day = dt.date.today().isoformat()
        write_section(f"actions_bench: {day}, {args.records:,} records, {len(ids):,} actions", lines)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
