"""How right learnkit is about real documents: the dev set's figures, dated, into bench/RESULTS.md.

    .venv/bin/python bench/quality_bench.py                    # ../shared/devset (about 30 s)
    .venv/bin/python bench/quality_bench.py --set OTHER_SET    # any set laid out the same way
    .venv/bin/python bench/quality_bench.py --no-results       # print only

It runs ``../shared/eval/quality.py`` (the project owners' evaluation: it makes a PDF of each text,
ingests them into a fresh library and reads every record back) with the learnkit of this repository's
venv, and writes its figures beside the targets of issue 12. Unlike the speed benches it has no
baseline to measure in the same run: the figures are counts against labels, the same on any machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_bench import REPO, RESULTS, machine_info, write_section  # noqa: E402 - the bench folder is on the path

SHARED = REPO.parent / "shared"
EVAL = SHARED / "eval" / "quality.py"

# (figure, how to read it from quality.py's JSON, target, whether higher is better)
TARGETS: list[tuple[str, str, float, bool]] = [
    ("themes F1", "themes.f1", 0.85, True),
    ("themes precision", "themes.precision", 0.0, True),
    ("themes recall", "themes.recall", 0.0, True),
    ("titles recognisable (share)", "titles.recognisable_share", 0.90, True),
    ("titles poor", "titles.poor", 3, False),
    ("titles shared", "titles.shared", 0, False),
    ("findings: texts with points (share)", "findings.texts_share", 0.85, True),
    ("findings: stated points matched (share)", "findings.points_share", 0.70, True),
    (
        "findings: texts without findings given points",
        "findings.texts_without_findings_given_points",
        0,
        False,
    ),
    ("search recall", "search.recall", 0.90, True),
    ("search precision@5", "search.p_at_5", 0.90, True),
    ("search hits naming a page", "search.hits_with_page", 0.95, True),
]


def derived(figures: dict[str, Any]) -> dict[str, Any]:
    """Add the shares the targets are stated in (quality.py gives counts)."""
    titles, findings = figures["titles"], figures["findings"]
    titles["recognisable_share"] = round(titles["recognisable"] / titles["n"], 3) if titles["n"] else 0.0
    texts = findings["texts"]
    findings["texts_share"] = round(findings["texts_with_points"] / texts, 3) if texts else 0.0
    stated = findings["stated"]
    findings["points_share"] = round(findings["matched"] / stated, 3) if stated else 0.0
    return figures


def lookup(figures: dict[str, Any], path: str) -> Any:
    value: Any = figures
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def evaluate(set_dir: Path, learnkit: Path) -> tuple[dict[str, Any], str]:
    """Run quality.py; return its figures and its one-line summary."""
    with tempfile.TemporaryDirectory(prefix="lk-quality-bench-") as tmp:
        out = Path(tmp) / "quality.json"
        done = subprocess.run(
            [sys.executable, str(EVAL), str(set_dir), "--learnkit", str(learnkit), "--json", str(out)],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if done.returncode != 0 or not out.exists():
            tail = "\n".join((done.stderr or done.stdout).splitlines()[-5:])
            raise SystemExit(f"quality.py failed (exit {done.returncode}):\n{tail}")
        figures = json.loads(out.read_text(encoding="utf-8"))["figures"]
    summary = next((ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("quality:")), "")
    return derived(figures), summary


def lines_for(figures: dict[str, Any], summary: str, set_dir: Path) -> list[str]:
    info = machine_info()
    lines = [
        f"- date: {info['date']}; learnkit at {info['learnkit']}",
        f"- set: {set_dir}; evaluation: ../shared/eval/quality.py",
        "",
        "| figure | value | target | |",
        "|---|---|---|---|",
    ]
    for name, path, target, higher in TARGETS:
        value = lookup(figures, path)
        if value is None:
            lines.append(f"| {name} | - | | |")
            continue
        if not target and higher:
            lines.append(f"| {name} | {value} | | |")
            continue
        ok = value >= target if higher else value <= target
        sign = ">=" if higher else "<="
        lines.append(f"| {name} | {value} | {sign} {target} | {'PASS' if ok else 'FAIL'} |")
    lines += ["", f"quality.py's summary: {summary}"]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--set", type=Path, default=SHARED / "devset", help="the labelled set (default: the dev set)"
    )
    parser.add_argument("--learnkit", type=Path, default=REPO / ".venv" / "bin" / "learnkit")
    parser.add_argument("--no-results", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args(argv)
    if not EVAL.exists():
        raise SystemExit(f"no evaluation script at {EVAL}")
    figures, summary = evaluate(args.set, args.learnkit)
    lines = lines_for(figures, summary, args.set)
    print("\n".join(lines))
    if not args.no_results:
        write_section(f"quality_bench: {machine_info()['date'][:10]}, {args.set.name}", lines)
        print(f"wrote {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
