"""Saved searches: `search --save NAME`, `search --saved NAME`, `search --saved` alone, through CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import ok, run
from typer.testing import CliRunner, Result

from learnkit.errors import ExitCode


@pytest.fixture
def cli(seeded: Path) -> CliRunner:
    return CliRunner()


def slugs(result: Result) -> list[str]:
    return [hit["slug"] for hit in json.loads(result.stdout)["results"]]


def test_a_saved_search_runs_again_with_its_words_and_filters(cli: CliRunner, seeded: Path) -> None:
    first = ok(cli, "search", "neglect", "--since", "2015", "--save", "recent-neglect", "--json")
    assert "saved this search as 'recent-neglect'" in first.stderr
    again = ok(cli, "search", "--saved", "recent-neglect", "--json")
    assert slugs(again) == slugs(first) and slugs(first)
    everything = slugs(ok(cli, "search", "neglect", "--json"))
    assert set(slugs(first)) < set(everything)  # the --since filter was kept with the words
    # A filter given with --saved narrows it further for this run only.
    narrower = slugs(ok(cli, "search", "--saved", "recent-neglect", "--since", "2019", "--json"))
    assert set(narrower) <= set(slugs(first))
    kept = json.loads((seeded / "searches.json").read_text(encoding="utf-8"))
    assert kept["searches"]["recent-neglect"]["query"] == "neglect"
    assert kept["searches"]["recent-neglect"]["filters"] == {"since": 2015}


def test_saved_alone_lists_the_saved_searches(cli: CliRunner) -> None:
    assert "No saved searches yet" in ok(cli, "search", "--saved").stdout
    ok(cli, "search", '"voice of the child"', "--save", "voice")
    ok(cli, "search", "neglect", "--kind", "multi-agency-audit", "--save", "neglect-audits")
    listed = ok(cli, "search", "--saved").stdout.splitlines()
    assert listed[0].split() == ["neglect-audits", "neglect", "--kind", "multi-agency-audit"]
    assert listed[1].split()[:2] == ["voice", '"voice']
    data = json.loads(ok(cli, "search", "--saved", "--json").stdout)
    assert data["count"] == 2 and [s["name"] for s in data["searches"]] == ["neglect-audits", "voice"]
    # Saving under a name again replaces it.
    ok(cli, "search", "hidden", "men", "--save", "voice")
    assert json.loads(ok(cli, "search", "--saved", "--json").stdout)["searches"][1]["query"] == "hidden men"


def test_saved_search_errors_are_one_line(cli: CliRunner) -> None:
    ok(cli, "search", "neglect", "--save", "neglect")
    unknown = run(cli, "search", "--saved", "neglekt")
    assert unknown.exit_code == ExitCode.NOT_FOUND
    assert unknown.stderr.strip().splitlines() == [
        "error: no saved search 'neglekt'; saved searches: neglect"
    ]
    bad = run(cli, "search", "neglect", "--save", "Bad Name!")
    assert bad.exit_code == ExitCode.INVALID and "not a name for a saved search" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    both = run(cli, "search", "abuse", "--saved", "neglect")
    assert both.exit_code == ExitCode.INVALID and "not both" in both.stderr
    assert "Bad Name" not in ok(cli, "search", "--saved").stdout


def test_excluded_words_still_work_beside_the_new_options(cli: CliRunner) -> None:
    plain = slugs(ok(cli, "search", "neglect", "--json"))
    without = slugs(ok(cli, "search", "neglect", "-audit", "--save", "no-audits", "--json"))
    assert set(without) < set(plain)
    assert slugs(ok(cli, "search", "--saved", "no-audits", "--json")) == without
