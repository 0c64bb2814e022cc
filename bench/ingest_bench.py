"""Benchmark ``learnkit ingest`` against plain pypdf, measured in the same run.

Over a folder of PDFs (``../shared/pdfs`` by default, or one given, or ``--make
N`` synthetic multi-page PDFs made with fpdf2) it measures, as whole processes:

1. the baseline: plain pypdf extracting every page of the files, one after
   the other in one process (only files pypdf can open and read within a
   time limit, found by a probe first; the same files for every run);
2. ``learnkit ingest FOLDER --jobs 2`` into a fresh library (``LEARNKIT_HOME``
   a new folder each run, the bundled records already loaded): pages a second,
   counting only the pages of files that succeeded in both;
3. the same folder ingested a second time, unchanged: every file a duplicate;
4. the machine's ceiling in this run: ``--jobs`` copies of the baseline at
   once. Their pages a second over the baseline's is the most any ingest with
   that many workers could reach here; on a shared machine it moves from run
   to run, and a ratio is read against it.

Targets: the ingest rate at least 1.6 times the single-process pypdf rate; the
second ingest at least 50 times faster than the first. Each figure is the
median of ``--runs`` runs, interleaved. One more ingest runs in this process
with the parent's steps timed, to show where its time goes. A dated section goes into
``bench/RESULTS.md``.

    .venv/bin/python bench/ingest_bench.py                 # the shared corpus
    .venv/bin/python bench/ingest_bench.py --make 60       # 60 PDFs of 20-40 pages
    .venv/bin/python bench/ingest_bench.py ~/reviews       # any folder
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_bench import (  # noqa: E402 - the bench folder is put on the path just above
    REPO,
    RESULTS,
    WORK,
    Plan,
    TextGenerator,
    Vocabulary,
    _phrases,
    compile_learnkit,
    machine_info,
    machine_lines,
    ms,
    plan_records,
    run_process,
    table,
    verdict,
    write_pdf,
    write_section,
)

SHARED_PDFS = REPO.parent / "shared" / "pdfs"
PROBE_TIMEOUT = 60.0

# Reads every page of the PDFs named in a JSON list, as learnkit's worker does
# (strict=False, the empty password for encrypted files), and prints the page
# count of each, or an error line. pypdf's warnings go to stderr.
BASELINE = """\
import json, sys
from pypdf import PdfReader

for path in json.load(open(sys.argv[1])):
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        pages = 0
        for page in reader.pages:
            page.extract_text()
            pages += 1
        print(json.dumps({"file": path, "pages": pages}))
    except Exception as exc:
        print(json.dumps({"file": path, "error": type(exc).__name__}))
"""


def make_pdfs(count: int, low: int, high: int, seed: int, say: Any) -> Path:
    """``count`` PDFs of ``low``-``high`` pages of English-like text, cached under bench/_work/."""
    from learnkit.knowledge.themes import load_taxonomy
    from learnkit.paths import taxonomy_file

    folder = WORK / f"pdfs-n{count}-p{low}-{high}-s{seed}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    say(f"making {count} PDFs of {low}-{high} pages in {folder.relative_to(REPO)}")
    taxonomy = load_taxonomy(taxonomy_file())
    generator = TextGenerator(Vocabulary(seed), _phrases(taxonomy), seed)
    rng = random.Random(f"ingest-{seed}")
    pages = [rng.randint(low, high) for _ in range(count)]
    # plan_records wants page counts between 20 and 150 a record: plan with those, then resize.
    plans = plan_records(seed, count, max(20 * count, min(sum(pages), 150 * count)), taxonomy)
    for plan, n in zip(plans, pages, strict=True):
        sized = Plan(plan.record, n, plan.topics)
        write_pdf(folder / f"{plan.record['slug']}.pdf", generator.document(sized), plan.record["title"])
    marker.write_text("")
    return folder


def probe(files: list[Path], python: str, tmp: Path) -> dict[Path, int | str]:
    """Which files pypdf reads (page count) and which it cannot (error name), each alone with a time limit."""
    script = tmp / "baseline.py"
    script.write_text(BASELINE)

    def one(path: Path) -> tuple[Path, int | str]:
        listing = tmp / f"probe-{os.getpid()}-{abs(hash(path))}.json"
        listing.write_text(json.dumps([str(path)]))
        try:
            proc = subprocess.run(
                [python, str(script), str(listing)], capture_output=True, text=True, timeout=PROBE_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            return path, "timeout"
        finally:
            listing.unlink(missing_ok=True)
        lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode != 0 or not lines:
            return path, f"exit {proc.returncode}"
        return path, lines[0].get("pages", lines[0].get("error", "?"))

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return dict(pool.map(one, files))


# The parent's steps of an ingest, timed by wrapping them where they are looked up at call time.
TIMED = (
    ("learnkit.operations.ingest", "Pipeline.commit_group"),
    ("learnkit.reading.pages", "clean_pages"),
    ("learnkit.operations.ingest", "enrich"),
    ("learnkit.knowledge.themes", "detect"),
    ("learnkit.knowledge.summary", "summarize"),
    ("learnkit.reading.findings", "extract_findings"),
    ("learnkit.operations.library", "Library.commit_records"),
)


def timed_ingest(tmp: Path, template: Path, corpus: Path, jobs: int) -> dict[str, float]:
    """Ingest once in this process with the parent's steps timed; seconds by step, and "ingest" in all."""
    import importlib

    from learnkit.operations.ingest import Pipeline, ingest
    from learnkit.operations.library import Library

    spent: dict[str, float] = {name: 0.0 for _, name in TIMED}
    restore: list[tuple[Any, str, Any]] = []

    def wrap(name: str, func: Any) -> Any:
        def timed(*a: Any, **k: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return func(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t0

        return timed

    for module_name, name in TIMED:
        owner: Any = importlib.import_module(module_name)
        attr = name
        if "." in name:
            cls, attr = name.split(".")
            owner = getattr(owner, cls)
        restore.append((owner, attr, getattr(owner, attr)))
        setattr(owner, attr, wrap(name, getattr(owner, attr)))
    home = tmp / "library-timed"
    shutil.copytree(template, home)
    lib = Library(home)
    try:
        t0 = time.perf_counter()
        ingest(lib, corpus, pipeline=Pipeline(lib, jobs=jobs))
        spent["ingest"] = time.perf_counter() - t0
    finally:
        for owner, attr, func in restore:
            setattr(owner, attr, func)
        lib.close()
    return spent


def pair_seconds(argv: list[str], env: dict[str, str], copies: int) -> float:
    """Wall seconds for ``copies`` copies of a command started together, until the last ends."""
    start = time.perf_counter()
    procs = [
        subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(copies)
    ]
    for proc in procs:
        proc.wait()
    return time.perf_counter() - start


def flat_name(path: Path, root: Path) -> str:
    return "__".join(path.relative_to(root).parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path, help=f"folder of PDFs (default {SHARED_PDFS})")
    parser.add_argument("--make", type=int, metavar="N", help="make N synthetic PDFs (cached) and use them")
    parser.add_argument("--min-pages", type=int, default=20, help="pages of the smallest made PDF")
    parser.add_argument("--max-pages", type=int, default=40, help="pages of the largest made PDF")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="learnkit ingest --jobs")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each measure (median reported)")
    parser.add_argument("--no-profile", action="store_true", help="skip the in-process profiled ingest")
    parser.add_argument("--no-results", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {message}", flush=True)

    from learnkit.operations.ingest import pdf_files
    from learnkit.operations.library import Library

    compile_learnkit()
    info = machine_info()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.make:
        source = make_pdfs(args.make, args.min_pages, args.max_pages, args.seed, say)
        label = f"{args.make} made PDFs of {args.min_pages}-{args.max_pages} pages"
    else:
        source = (args.folder or SHARED_PDFS).resolve()
        if not source.is_dir():
            print(f"no folder {source}; give one, or use --make N", file=sys.stderr)
            return 2
        label = str(args.folder) if args.folder else "../shared/pdfs"
    files = pdf_files(source)
    python = sys.executable
    venv_bin = Path(python).parent
    learnkit = (
        [str(venv_bin / "learnkit")] if (venv_bin / "learnkit").exists() else [python, "-m", "learnkit"]
    )
    env = {k: v for k, v in os.environ.items() if k not in ("LEARNKIT_HOME", "FORCE_COLOR")}
    env.update(NO_COLOR="1", LEARNKIT_NO_PAGER="1")

    with tempfile.TemporaryDirectory(prefix="learnkit-ingest-bench-") as tmp_name:
        tmp = Path(tmp_name)
        say(f"probing {len(files)} PDFs with pypdf, each alone ({PROBE_TIMEOUT:g} s limit)")
        probed = probe(files, python, tmp)
        page_counts = {f: n for f, n in probed.items() if isinstance(n, int)}
        readable = [f for f in files if f in page_counts]
        unreadable = {f: probed[f] for f in files if f not in page_counts}
        say(f"  pypdf reads {len(readable)} of {len(files)} files, {sum(page_counts.values())} pages")
        # The same files for every run: links to the readable ones in one flat folder.
        corpus = tmp / "corpus"
        corpus.mkdir()
        names: dict[str, Path] = {}
        for f in readable:
            target = corpus / flat_name(f, source)
            try:
                os.link(f, target)
            except OSError:
                shutil.copyfile(f, target)
            names[str(target)] = f
        listing = tmp / "files.json"
        listing.write_text(json.dumps(sorted(names)))
        template = tmp / "template"
        Library(template).index()  # the bundled records loaded once, outside the timings

        baseline_runs: list[float] = []
        ceiling_runs: list[float] = []  # args.jobs copies of the baseline at once
        first_runs: list[float] = []
        second_runs: list[float] = []
        baseline_pages: dict[str, int] = {}
        ingest_account: dict[str, Any] = {}
        second_account: dict[str, Any] = {}
        failures: list[str] = []
        for run in range(1, args.runs + 1):
            out = tmp / "baseline.out"
            result = run_process([python, str(tmp / "baseline.py"), str(listing)], env, stdout=out)
            baseline_runs.append(result.seconds)
            ceiling_runs.append(
                pair_seconds([python, str(tmp / "baseline.py"), str(listing)], env, args.jobs)
            )
            for line in out.read_text().splitlines():
                entry = json.loads(line)
                if "pages" in entry:
                    baseline_pages[entry["file"]] = entry["pages"]
            home = tmp / f"library-{run}"
            shutil.copytree(template, home)
            run_env = dict(env, LEARNKIT_HOME=str(home))
            argv_ingest = [*learnkit, "ingest", str(corpus), "--jobs", str(args.jobs), "--json"]
            first = run_process(argv_ingest, run_env, stdout=tmp / "first.json")
            first_runs.append(first.seconds)
            if first.code not in (0, 1):  # 1: some files failed, which the account reports
                failures.append(f"ingest exit {first.code}: {first.error}")
            ingest_account = json.loads((tmp / "first.json").read_text() or "{}")
            second = run_process(argv_ingest, run_env, stdout=tmp / "second.json")
            second_runs.append(second.seconds)
            second_account = json.loads((tmp / "second.json").read_text() or "{}")
            shutil.rmtree(home, ignore_errors=True)
            say(
                f"  run {run}: pypdf {baseline_runs[-1]:.2f} s, {args.jobs} at once {ceiling_runs[-1]:.2f} s,"
                f" ingest {first_runs[-1]:.2f} s, again {second_runs[-1]:.3f} s"
            )

        phases: dict[str, float] = {}
        if not args.no_profile:
            say("one more ingest in process, with the parent's steps timed")
            phases = timed_ingest(tmp, template, corpus, args.jobs)

    added = {entry["file"]: entry["pages"] for entry in ingest_account.get("added", [])}
    both = [f for f in added if f in baseline_pages]
    pages = sum(baseline_pages[f] for f in both)
    all_baseline_pages = sum(baseline_pages.values())
    t_base = statistics.median(baseline_runs)
    t_first = statistics.median(first_runs)
    t_second = statistics.median(second_runs)
    rate_base = all_baseline_pages / t_base
    rate_ingest = pages / t_first
    speed_ratio = rate_ingest / rate_base
    again_ratio = t_first / t_second
    # What this machine gave, in this run, to jobs copies of plain pypdf at once: the most any
    # design with that many workers could reach (1 per copy with every core its own).
    t_ceiling = statistics.median(ceiling_runs)
    ceiling = args.jobs * t_base / t_ceiling
    failed_reasons: dict[str, int] = {}
    for entry in ingest_account.get("failed", []):
        failed_reasons[entry["reason"]] = failed_reasons.get(entry["reason"], 0) + 1

    lines = machine_lines(info)
    lines += [
        f"- folder: {label}: {len(files)} PDFs; pypdf reads {len(readable)} of them"
        f" ({all_baseline_pages} pages); the others: "
        + (", ".join(f"{n} {r}" for r, n in _count(unreadable.values()).items()) or "none"),
        f"- learnkit ingest --jobs {args.jobs} of those {len(readable)}: {len(added)} added,"
        f" {len(ingest_account.get('duplicates', []))} duplicates, {len(ingest_account.get('failed', []))}"
        f" failed ({', '.join(f'{n} {r}' for r, n in failed_reasons.items()) or 'none'});"
        f" pages counted (succeeded in both): {pages} of {len(both)} files",
        f"- median of {args.runs} runs each, interleaved; each ingest into a fresh copy of a library that"
        " already holds the bundled records",
        "",
    ]
    rows = [
        [
            "pypdf, one process (baseline)",
            str(len(baseline_pages)),
            str(all_baseline_pages),
            f"{t_base:.2f} s",
            f"{rate_base:.0f}",
            "1.00x",
            "",
            "",
        ],
        [
            f"pypdf, {args.jobs} processes at once (this run's ceiling)",
            str(len(baseline_pages) * args.jobs),
            str(all_baseline_pages * args.jobs),
            f"{t_ceiling:.2f} s",
            f"{all_baseline_pages * args.jobs / t_ceiling:.0f}",
            f"{ceiling:.2f}x",
            "",
            "",
        ],
        [
            f"learnkit ingest --jobs {args.jobs}",
            str(len(both)),
            str(pages),
            f"{t_first:.2f} s",
            f"{rate_ingest:.0f}",
            f"{speed_ratio:.2f}x",
            ">= 1.6x",
            verdict(speed_ratio >= 1.6),
        ],
        [
            "learnkit ingest again (unchanged)",
            str(len(second_account.get("duplicates", []))),
            "-",
            ms(t_second),
            "-",
            f"{again_ratio:.0f}x faster",
            ">= 50x",
            verdict(again_ratio >= 50),
        ],
    ]
    lines += table(["measure", "files", "pages", "median", "pages/s", "ratio", "target", ""], rows)
    lines += [
        "",
        f"The ceiling row runs {args.jobs} copies of the baseline at once, each reading every file: pages a"
        " second the machine gave to that many plain pypdf processes in this run, the most an ingest with"
        f" {args.jobs} workers could reach. Ingest reached {speed_ratio / ceiling:.0%} of it."
        " On a quiet machine it is near the number of cores; on a shared one it drops when neighbours"
        " are busy.",
        "",
        "Runs (s): pypdf "
        + ", ".join(f"{t:.2f}" for t in baseline_runs)
        + f"; {args.jobs} at once "
        + ", ".join(f"{t:.2f}" for t in ceiling_runs)
        + "; ingest "
        + ", ".join(f"{t:.2f}" for t in first_runs)
        + "; again "
        + ", ".join(f"{t:.3f}" for t in second_runs),
    ]
    if failures:
        lines.append("Errors: " + "; ".join(failures))
    if phases:
        total = phases.pop("ingest")
        parts = ", ".join(f"{k} {v:.2f} s" for k, v in phases.items())
        waiting = total - phases["Pipeline.commit_group"]
        lines += [
            "",
            f"One more ingest in process, the parent's steps timed: {total:.2f} s in all, of which"
            f" {waiting:.2f} s reading PDFs in the workers and hashing, not overlapped with commits; {parts}"
            " (Pipeline.commit_group stores a group of read files in the parent, under the lock; cleaning,"
            " summaries, findings and themes are made in the workers)",
        ]
    print("\n".join(lines))
    if not args.no_results:
        write_section(f"ingest_bench: {info['date'][:10]}, {label}", lines)
        say(f"wrote {RESULTS.relative_to(REPO)}")
    return 0


def _count(values: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[str(v)] = out.get(str(v), 0) + 1
    return out


if __name__ == "__main__":
    sys.exit(main())
