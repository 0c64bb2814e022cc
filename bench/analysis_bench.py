"""Benchmark the per-PDF text analysis, before and after, on the same pages.

An ingest worker reads a PDF and then analyses its text (``learnkit.operations.ingest.analyse``):
``pages.clean_pages``, ``summary.summarize``, ``findings.extract_findings`` and
``detect.detect``. Where the page reader exists, its one reading of the pages is
timed with ``clean_pages`` and handed to the other two, as ``analyse`` does. This
script times each of the four over a folder of PDFs and prints seconds and pages
a second per function, for the working tree ("after") and for a git revision
("before", ``--baseline``, HEAD by default), and says on how many documents each
function's result differs between the two.

The PDFs are extracted with pypdf in this process, once a round: that time is
the budget analysis is measured against (issue 12: the four together at most
``TARGET_SHARE``, 40%, of it; the last line says PASS or FAIL). A worker does both for its files, so
with two workers the ingest rate can be at most 2 * P / (P + A) times plain
pypdf's (P the extraction seconds, A the analysis seconds); the target of 1.6
needs A <= P / 4, less the parent's own work. That ceiling is printed too. The
pages are extracted once and cached in memory (and in a temporary file for the
measuring processes). Each measurement is a fresh process that loads the cached
pages and analyses every document once, as a worker does (cold caches
included); pypdf, before and after alternate round by round and the median of
``--runs`` rounds is reported. The machine may be shared and noisy: compare
figures from the same run (a quiet moment can be a third faster than a busy
one). Seconds are CPU seconds of the measuring process by default
(``time.process_time``: what a worker with a core of its own would spend, and
far steadier on a shared machine than the wall clock, which neighbours' work
stretches); ``--wall`` times by the wall clock instead. The "before" code is
``git archive REV learnkit records`` unpacked into a temporary folder and put
first on ``PYTHONPATH``; each side uses its own theme
taxonomy (``records/themes.toml`` of that revision: a newer taxonomy may hold
fields an older reader does not know).

    .venv/bin/python bench/analysis_bench.py                      # bench/_work/pdfs-n60-*, else make them
    .venv/bin/python bench/analysis_bench.py ../shared/pdfs       # any folder of PDFs
    .venv/bin/python bench/analysis_bench.py --baseline b354313   # before = the analysis before the speed-up
    .venv/bin/python bench/analysis_bench.py --baseline none      # after only
    .venv/bin/python bench/analysis_bench.py --diff               # name the documents whose results differ
    .venv/bin/python bench/analysis_bench.py --write              # also a dated section in bench/RESULTS.md

Only ``--write`` writes to ``bench/RESULTS.md`` (a section with the same title is replaced); the page
cache is a temporary file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "_work"
STEPS = ("clean_pages", "summarize", "extract_findings", "detect")
# Issue 12: the analysis in the workers costs at most this share of pypdf's time.
TARGET_SHARE = 0.40
# The per-function aim: the four together well under the ~1.2 s the ingest target leaves on the 60 made PDFs.
AIM_SECONDS = 0.4


# --------------------------------------------------------------------------- the measuring child


def clock_for(wall: bool) -> Callable[[], float]:
    """The clock both pypdf and the analysis are timed by: CPU seconds of this process, or the wall clock."""
    return time.perf_counter if wall else time.process_time


def measure(cache: Path, taxonomy_path: Path, wall: bool) -> dict[str, Any]:
    """Analyse every cached document once with whichever learnkit is importable; times and result digests."""
    import learnkit
    from learnkit.knowledge.summary import summarize
    from learnkit.knowledge.themes import load_taxonomy

    try:
        from learnkit.knowledge.detect import detect
    except ImportError:  # a baseline from before detection had its own module
        from learnkit.knowledge.themes import detect  # type: ignore[attr-defined,no-redef]
    from learnkit.reading.findings import extract_findings
    from learnkit.reading.pages import clean_pages, split_sentences

    with cache.open("rb") as handle:
        documents: list[tuple[str, list[str]]] = pickle.load(handle)
    taxonomy = load_taxonomy(taxonomy_path)
    seconds = dict.fromkeys(STEPS, 0.0)
    digests: dict[str, list[str]] = {step: [] for step in STEPS}
    clock = clock_for(wall)
    try:  # one reading of the pages, shared as ingest.analyse shares it (timed with clean_pages)
        from learnkit.reading.pagereader import read_pages
    except ImportError:  # the code before the page reader: each function reads the pages itself
        read_pages = None
    for name, raw in documents:
        t0 = clock()
        reading: Any = read_pages(raw) if read_pages else raw
        pages = clean_pages(reading)
        t1 = clock()
        summary = summarize(reading) if read_pages else summarize(pages, splitter=split_sentences)
        t2 = clock()
        found = extract_findings(reading, name)
        t3 = clock()
        tags = detect(taxonomy, [(name, pages)])
        t4 = clock()
        for step, spent in zip(STEPS, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            seconds[step] += spent
        for step, result in zip(STEPS, (pages, summary, found, tags), strict=True):
            digests[step].append(hashlib.sha256(repr(result).encode()).hexdigest())
    return {"module": learnkit.__file__, "seconds": seconds, "digests": digests}


# --------------------------------------------------------------------------- the parent


def pdf_folder(given: str | None) -> Path:
    if given:
        return Path(given).expanduser()
    made = sorted(WORK.glob("pdfs-n60-*"))
    if made:
        return made[0]
    sys.path.insert(0, str(REPO / "bench"))
    from ingest_bench import make_pdfs  # the same 60 PDFs ingest_bench.py --make 60 uses

    return Path(make_pdfs(60, 20, 40, 1, print))


def extract_all(paths: list[Path], wall: bool) -> tuple[list[tuple[str, list[str]]], float, int]:
    """(name, raw pages) of every PDF pypdf reads, the seconds that took, and how many failed."""
    from learnkit.errors import PdfError
    from learnkit.reading.extract import extract

    documents = []
    failed = 0
    clock = clock_for(wall)
    start = clock()
    for path in paths:
        try:
            extraction = extract(path)
        except PdfError:
            failed += 1
            continue
        if any(page.strip() for page in extraction.pages):
            documents.append((path.name, extraction.pages))
    return documents, clock() - start, failed


def unpack(revision: str, into: Path) -> Path:
    """The learnkit package and records of ``revision``, unpacked under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "learnkit", "records"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run_child(root: Path, cache: Path, taxonomy: Path, wall: bool) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(root))
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--measure",
        str(cache),
        "--taxonomy",
        str(taxonomy),
        *(["--wall"] if wall else []),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"measuring with {root} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    if not Path(result["module"]).resolve().is_relative_to(root.resolve()):
        sys.exit(f"the child imported learnkit from {result['module']}, not from {root}")
    return result


def median_seconds(runs: list[dict[str, Any]]) -> dict[str, float]:
    return {step: statistics.median(run["seconds"][step] for run in runs) for step in STEPS}


def report(
    pages: int,
    pypdf_seconds: float,
    after: dict[str, float],
    before: dict[str, float] | None,
    differing: dict[str, list[str]] | None,
) -> list[str]:
    """The table of seconds per step, before and after, and the verdict on the share of pypdf's time."""
    from scale_bench import table  # (main put the bench folder on the path)

    def rate(seconds: float) -> str:
        return f"{pages / seconds:,.0f}" if seconds > 0 else "-"

    headers = ["function"]
    if before is not None:
        headers += ["before s", "pages/s"]
    headers += ["after s", "pages/s"]
    if before is not None:
        headers += ["speed-up", "differ"]
    headers.append("aim")
    after_total = sum(after.values())
    before_total = sum(before.values()) if before is not None else 0.0
    rows = []
    for step in [*STEPS, "total"]:
        now = after_total if step == "total" else after[step]
        row = [step]
        if before is not None:
            then = before_total if step == "total" else before[step]
            row += [f"{then:.3f}", rate(then)]
        row += [f"{now:.3f}", rate(now)]
        if before is not None:
            then = before_total if step == "total" else before[step]
            changed = "" if step == "total" or differing is None else str(len(differing[step]))
            row += [f"{then / now if now else 0:.2f}x", changed]
        aim = AIM_SECONDS * (len(STEPS) if step == "total" else 1)
        row.append(f"{'ok' if now <= aim else 'over'} (<= {aim:.1f} s)")
        rows.append(row)
    lines = [f"pypdf extraction (in this process): {pypdf_seconds:.2f} s, {rate(pypdf_seconds)} pages/s", ""]
    lines += table(headers, rows)

    def ceiling(analysis: float) -> str:
        return f"{2 * pypdf_seconds / (pypdf_seconds + analysis):.2f}x"

    share = after_total / pypdf_seconds
    verdict = "PASS" if share <= TARGET_SHARE else "FAIL"
    if before is not None:
        lines += [
            "",
            f"analysis {before_total / pypdf_seconds:.0%} -> {share:.0%} of pypdf's time (target <="
            f" {TARGET_SHARE:.0%}): {verdict}; 2-worker ceiling {ceiling(before_total)} ->"
            f" {ceiling(after_total)} (target 1.6x)",
        ]
    else:
        lines += [
            "",
            f"analysis {share:.0%} of pypdf's time (target <= {TARGET_SHARE:.0%}): {verdict};"
            f" 2-worker ceiling {ceiling(after_total)} (target 1.6x)",
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", help="a folder of PDFs (default: bench/_work/pdfs-n60-*)")
    parser.add_argument("--runs", type=int, default=5, help="rounds of before and after (median reported)")
    parser.add_argument("--baseline", default="HEAD", help="git revision for 'before', or 'none'")
    parser.add_argument("--diff", action="store_true", help="name the documents whose results differ")
    parser.add_argument("--wall", action="store_true", help="time by the wall clock, not CPU seconds")
    parser.add_argument("--write", action="store_true", help="write a dated section into bench/RESULTS.md")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--taxonomy", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        print(json.dumps(measure(args.measure, args.taxonomy, args.wall)))
        return

    sys.path.insert(0, str(REPO))
    # (Only here, in the parent: scale_bench puts the working tree first on the path, which a measuring
    # child of the "before" code must not import.)
    sys.path.insert(0, str(REPO / "bench"))
    from scale_bench import RESULTS, compile_learnkit, machine_info, machine_lines, write_section

    info = machine_info()  # (before any timing: the load average at the start)
    compile_learnkit()
    folder = pdf_folder(args.folder)
    paths = sorted(folder.rglob("*.pdf"))
    documents, first_seconds, failed = extract_all(paths, args.wall)
    readable = [path for path in paths if path.name in {name for name, _ in documents}]
    pages = sum(len(raw) for _, raw in documents)
    chars = sum(len(page) for _, raw in documents for page in raw)
    described = f"{len(documents)} PDFs read ({failed} failed), {pages:,} pages, {chars:,} characters"
    print(f"{folder}: {described}")
    if not documents:
        sys.exit("no PDF with text to analyse")
    with tempfile.TemporaryDirectory(prefix="learnkit-analysis-") as scratch:
        cache = Path(scratch) / "pages.pickle"
        with cache.open("wb") as handle:
            pickle.dump(documents, handle)
        sides: dict[str, Path] = {"after": REPO}
        if args.baseline.lower() != "none":
            base = Path(scratch) / "before"
            base.mkdir()
            sides["before"] = unpack(args.baseline, base)
            # (compiled once here, as pip would: an uncompiled tree is compiled again in every child)
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(base / "learnkit")], check=True)
        runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
        extraction_seconds = [first_seconds]
        for round_number in range(args.runs):
            if round_number:
                extraction_seconds.append(extract_all(readable, args.wall)[1])
            # Which side goes first alternates, so neither always runs on a machine the other warmed.
            order = list(sides.items())
            for side, root in order if round_number % 2 == 0 else reversed(order):
                runs[side].append(run_child(root, cache, root / "records" / "themes.toml", args.wall))
            print(f"  round {round_number + 1}/{args.runs} done", file=sys.stderr, flush=True)
    pypdf_seconds = statistics.median(extraction_seconds)

    after = median_seconds(runs["after"])
    before = median_seconds(runs["before"]) if "before" in runs else None
    differing = None
    if before is not None:
        differing = {
            step: [
                name
                for (name, _), old, new in zip(
                    documents,
                    runs["before"][0]["digests"][step],
                    runs["after"][0]["digests"][step],
                    strict=True,
                )
                if old != new
            ]
            for step in STEPS
        }
    clock = "wall-clock seconds" if args.wall else "CPU seconds"
    sides_text = f"before = {args.baseline}, after = the working tree" if before is not None else "after only"
    lines = [
        *machine_lines(info),
        f"- folder: {folder.name}: {described}",
        f"- {sides_text}; median of {args.runs} rounds, {clock}",
        "",
    ]
    lines += report(pages, pypdf_seconds, after, before, differing)
    print("\n".join(lines))
    if args.diff and differing:
        for step in STEPS:
            for name in differing[step]:
                print(f"  {step} differs: {name}")
    if args.write:
        write_section(f"analysis_bench: {info['date'][:10]}, {folder.name}", lines)
        print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
