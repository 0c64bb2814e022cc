"""The owners' evaluation (../shared/eval/quality.py) runs end to end on a few of the dev set's texts.

This checks that the evaluation completes against this learnkit and reads every record it ingested
(the figures themselves are bench/quality_bench.py's business, not a test's). The texts are read in
place: the small set made here points at them by a labels file of its own, and its texts folder holds
links (copies where links cannot be made), in a temporary folder, never in the repository.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO.parent / "shared" / "devset"
EVAL = REPO.parent / "shared" / "eval" / "quality.py"
LEARNKIT = Path(sys.executable).parent / ("learnkit.exe" if os.name == "nt" else "learnkit")

pytestmark = pytest.mark.skipif(
    not (DEVSET / "labels.tsv").exists() or not EVAL.exists() or not LEARNKIT.exists(),
    reason="needs ../shared/devset, ../shared/eval/quality.py and the installed learnkit command",
)


def small_set(folder: Path, n: int = 4) -> list[dict[str, str]]:
    """A set of the dev set's first n texts that state findings, laid out as quality.py expects."""
    with open(DEVSET / "labels.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    chosen = [r for r in rows if r["findings"].split(":")[0] not in ("", "0")][:n]
    (folder / "texts").mkdir(parents=True)
    for row in chosen:
        name = Path(row["file"]).name
        try:
            (folder / "texts" / name).symlink_to(DEVSET / "texts" / name)
        except OSError:
            shutil.copyfile(DEVSET / "texts" / name, folder / "texts" / name)
    with open(folder / "labels.tsv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(chosen)
    return chosen


def test_quality_evaluation_completes_on_a_few_texts(tmp_path: Path) -> None:
    pytest.importorskip("fpdf")
    chosen = small_set(tmp_path / "set")
    out = tmp_path / "quality.json"
    done = subprocess.run(
        [sys.executable, str(EVAL), str(tmp_path / "set"), "--learnkit", str(LEARNKIT), "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        env={k: v for k, v in os.environ.items() if k != "LEARNKIT_HOME"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1].startswith("quality: themes F1")
    report = json.loads(out.read_text(encoding="utf-8"))
    # every text became a record and was read back
    assert len(report["texts"]) == len(chosen)
    assert report["figures"]["titles"]["n"] == len(chosen)
    assert report["figures"]["findings"]["texts"] == len(chosen)
