"""The tracker's outputs pinned byte for byte on a small library holding every kind of entry.

The listing, its ``--json``, the board report in Markdown, HTML and JSON and
the exports are compared with files kept in ``tests/data/tracker-golden/``:
the speed work on these commands must not change a byte of what they print.
The library has responses of each kind, actions in every status and RAG,
an override with its reason, a lead, review dates, notes, evidence and
impact, Markdown and HTML special characters, non-ASCII text, a restricted
record and a record removed after its actions were made.

When an output is changed on purpose, write the files afresh with
``LEARNKIT_WRITE_GOLDEN=1 .venv/bin/python -m pytest tests/test_actions_golden.py``
and read the difference before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from learnkit.commands.main import app

GOLDEN = Path(__file__).parent / "data" / "tracker-golden"
TODAY = "2026-12-01"

OUTPUTS = {
    "listing.txt": ["actions"],
    "listing.json": ["actions", "--json"],
    "overdue.txt": ["actions", "--overdue"],
    "amber-health.txt": ["actions", "--rag", "amber", "--owner", "health"],
    "record.json": ["actions", "--record", "golden-a", "--json"],
    "report.md": ["actions", "report"],
    "report-all.md": ["actions", "report", "--include-restricted"],
    "report.html": ["actions", "report", "--format", "html"],
    "report.json": ["actions", "report", "--json"],
    "export.csv": ["actions", "export", "--format", "csv", "--include-restricted"],
}


def _record(folder: Path, slug: str, title: str, status: str, date: str, recs: list[str]) -> None:
    fields: dict[str, Any] = {
        "slug": slug,
        "title": title,
        "kind": "learning-review",
        "date": date,
        "status": status,
        "themes": ["neglect"],
        "recommendations": recs,
    }
    text = "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items())
    (folder / f"{slug}.toml").write_text(text, encoding="utf-8")


def _ok(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def golden_cli(seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("LEARNKIT_TODAY", TODAY)
    monkeypatch.setenv("LEARNKIT_USER", "Business Unit")
    folder = tmp_path / "in"
    folder.mkdir()
    _record(
        folder,
        "golden-a",
        "Child *A* [2024] <review> & #1",
        "published",
        "2025-06",
        ["Use interpreters_always.", "Audit neglect | cases.", "Train  staff\tin Zoë's case."],
    )
    _record(folder, "golden-b", "Restricted review", "restricted", "2024", ["Share information."])
    _record(folder, "golden-c", "Third review", "published", "2023-01", ["Keep records."])
    runner = CliRunner()
    _ok(runner, "import", str(folder))
    steps = [
        ["respond", "golden-a", "1", "accepted", "--outcome", "Parents <understood>", "--measure", "Audit"],
        ["respond", "golden-a", "2", "not-accepted", "--reason", "Covered by *national* work"],
        ["respond", "golden-a", "3", "partly", "--reason", "Part is national"],
        ["add", "golden-a", "1", "Audit interpreter use", "--owner", "Police", "--due", "2026-11-01"],
        ["add", "golden-a", "1", "Train on `interpreters`", "--owner", "Health", "--due", "2026-12-20"],
        [
            "add",
            "golden-a",
            "2",
            "Réview the café's policy",
            "--owner",
            "Children's services",
            "--due",
            "2027-06-01",
            "--review",
            "2026-10-01",
            "--lead",
            "J. Smith",
        ],
        ["add", "golden-a", "3", "Neglect training", "--owner", "Health", "--due", "2027-06-01"],
        ["add", "golden-a", "3", "Fail case", "--owner", "Education", "--due", "2026-05-01"],
        ["add", "golden-b", "1", "Hidden action", "--owner", "Police", "--due", "2026-01-01"],
        ["add", "golden-c", "1", "Records audit", "--owner", "Housing", "--due", "2026-11-30"],
        ["update", "golden-a/1.1", "--status", "in-progress", "--note", "Started | the *audit*"],
        ["update", "golden-a/1.2", "--rag", "red", "--reason", "No <staff> free"],
        ["update", "golden-a/2.1", "--status", "complete", "--evidence", "Policy signed"],
        ["update", "golden-a/2.1", "--impact", "Fewer missed visits", "--impact-review", "2027-01-01"],
        ["update", "golden-a/3.1", "--impact", "Staff feel surer"],
        ["update", "golden-a/3.2", "--status", "not-achieved", "--note", "Funding ended"],
    ]
    for step in steps:
        _ok(runner, "actions", *step)
    return runner


def test_outputs_are_as_pinned(golden_cli: CliRunner) -> None:
    import gc

    write = bool(os.environ.get("LEARNKIT_WRITE_GOLDEN"))
    for name, args in OUTPUTS.items():
        got = _ok(golden_cli, *args)
        path = GOLDEN / name
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(got.encode("utf-8"))
            continue
        assert got == path.read_bytes().decode("utf-8"), f"{name} differs from {path}"
        assert gc.isenabled(), name  # the commands pause the cycle collector, and resume it
