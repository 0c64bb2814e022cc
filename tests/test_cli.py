"""The command line, through Typer's CliRunner: human output, --json shapes, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from clirun import ok, run, write_toml
from typer.main import get_command
from typer.testing import CliRunner

from learnkit.commands.main import app
from learnkit.errors import ExitCode
from learnkit.output.export import CSV_COLUMNS
from learnkit.paths import STORE_NAME

REPO = Path(__file__).resolve().parents[1]
BUNDLED = sorted(p.stem for p in (REPO / "records").glob("*.toml") if p.name != "themes.toml")
SCRS = ["daniel-pelka-scr", "hamzah-khan-scr", "keanu-williams-scr", "patrick-scr"]
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]

RECORD_KEYS = {
    "slug",
    "title",
    "kind",
    "date",
    "area",
    "publisher",
    "status",
    "summary",
    "summary_extracted",
    "detected",
    "themes",
    "learning",
    "good_practice",
    "recommendations",
    "related",
    "source",
    "documents",
    "rejected_themes",
}
HIT_KEYS = {"slug", "title", "kind", "date", "themes", "score", "snippet", "page", "document", "matched"}


def write_record(folder: Path, slug: str, **fields: Any) -> Path:
    fields = {"slug": slug, "title": f"Title of {slug}", "kind": "learning-review", **fields}
    return write_toml(folder, fields)


# -- every command: help, docs, entry point ------------------------------------------------------


def test_the_foundation_commands_are_registered() -> None:
    assert {"export", "import", "list", "path", "reindex", "search", "show", "themes"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = ok(runner, command, "--help")
    assert "Example" in result.stdout
    assert f"learnkit {command}" in result.stdout


def test_top_level_help_lists_every_command(runner: CliRunner) -> None:
    result = ok(runner, "--help")
    assert "Example" in result.stdout
    for command in COMMANDS:
        assert command in result.stdout
    assert "--library" in result.stdout


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [c for c in COMMANDS if f"learnkit {c}" not in readme]
    assert missing == []


def test_python_dash_m_learnkit(tmp_path: Path) -> None:
    env = {**os.environ, "LEARNKIT_HOME": str(tmp_path / "library")}
    done = subprocess.run(
        [sys.executable, "-m", "learnkit", "--help"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "search" in done.stdout and "Example" in done.stdout
    assert not (tmp_path / "library").exists()  # --help does not create a library
    done = subprocess.run(
        [sys.executable, "-m", "learnkit", "--version"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.startswith("learnkit ")


# -- search --------------------------------------------------------------------------------------


def test_search_human(runner: CliRunner, seeded: Path) -> None:
    out = ok(runner, "search", "neglect").stdout
    assert "5 records match 'neglect'" in out
    assert "repeat-cp-plans-neglect-audit" in out
    assert "rosza-malika" in out
    assert "Theme named: Neglect" in out
    assert "(tagged with the theme)" in out
    assert "transitions-audit" not in out
    # Its only mention is the statutory "abuse or neglect": it does not name the theme.
    assert "nspcc-thematic-briefings" not in out


def test_search_json_shape(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "search", "neglect", "--json").stdout)
    assert set(data) == {"query", "count", "results"}
    assert data["query"] == "neglect"
    assert data["count"] == 5 == len(data["results"])
    for hit in data["results"]:
        assert set(hit) == HIT_KEYS
        assert isinstance(hit["score"], float)
        assert hit["page"] is None and hit["document"] is None
        assert "\x02" not in hit["snippet"] and "\x03" not in hit["snippet"]
    slugs = [h["slug"] for h in data["results"]]
    assert "repeat-cp-plans-neglect-audit" in slugs
    audit = next(h for h in data["results"] if h["slug"] == "repeat-cp-plans-neglect-audit")
    assert audit["kind"] == "multi-agency-audit"
    assert audit["date"] == "2015-01/2015-02"
    assert "neglect" in audit["themes"]
    assert "**" in audit["snippet"] and "neglect" in audit["snippet"].lower()
    scores = [h["score"] for h in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_search_joins_words_and_keeps_phrases(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "search", '"voice of the child"', "neglect", "--json").stdout)
    assert data["query"] == '"voice of the child" neglect'
    assert {"rosza-malika", "daniel-pelka-scr", "pan-beds-gcp2-audit"} <= {h["slug"] for h in data["results"]}


def test_search_with_filters_and_limit(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "search", "neglect", "--kind", "serious-case-review", "--json").stdout)
    assert sorted(h["slug"] for h in data["results"]) == ["daniel-pelka-scr", "hamzah-khan-scr"]
    data = json.loads(ok(runner, "search", "neglect", "--since", "2018", "--json").stdout)
    assert [h["slug"] for h in data["results"]] == ["pan-beds-gcp2-audit"]
    data = json.loads(ok(runner, "search", "neglect", "-n", "2", "--json").stdout)
    assert data["count"] == 5 and len(data["results"]) == 2
    out = ok(runner, "search", "neglect", "-n", "2").stdout
    assert "best 2 shown" in out


def test_search_minus_word_leaves_it_out_wherever_it_stands(runner: CliRunner, seeded: Path) -> None:
    def slugs(*args: str) -> list[str]:
        return sorted(h["slug"] for h in json.loads(ok(runner, "search", *args, "--json").stdout)["results"])

    everything = slugs("neglect")
    without = slugs("neglect", '"voice of the child"')
    assert without and set(without) < set(everything)
    left = sorted(set(everything) - set(without))
    # -word and -"phrase" are the query's, even where they look like an option (-a is --area,
    # -n is --limit) and whether they come before, among or after the options.
    assert slugs("neglect", '-"voice of the child"') == left
    assert slugs('-"voice of the child"', "--since", "2000", "neglect") == slugs(
        "neglect", '-"voice of the child"', "--since", "2000"
    )
    assert slugs("neglect", "-audit") == sorted(s for s in everything if s not in slugs("neglect", "audit"))
    assert slugs("neglect", "-neglect") == []
    assert slugs("neglect", "-n", "2") != [] and len(slugs("neglect", "-n", "2")) == 2  # -n is still --limit
    data = json.loads(ok(runner, "search", "neglect", "-alcohol", "--json").stdout)
    assert data["query"] == "neglect -alcohol"  # not --area lcohol
    assert data["count"] == len(everything) - len(slugs("neglect", "alcohol"))
    # After --, everything is the query; a mistyped --option is an error, not a word.
    data = json.loads(ok(runner, "search", "--json", "--", "neglect", "--kind").stdout)
    assert data["query"] == "neglect --kind"
    result = run(runner, "search", "neglect", "--limt", "3")
    assert result.exit_code == ExitCode.USAGE and "--limt" in result.output


def test_a_search_for_common_words_alone_says_documents_were_not_searched(
    runner: CliRunner, seeded: Path
) -> None:
    out = ok(runner, "search", '"of the"').stdout
    assert out.startswith("Only records' own fields were searched")
    assert "records match '\"of the\"'" in out
    assert "Only records' own fields" not in ok(runner, "search", '"voice of the child"').stdout
    data = json.loads(ok(runner, "search", '"of the"', "--json").stdout)
    assert set(data) == {"query", "count", "results"}  # --json keeps its shape


def test_query_last_puts_options_first_and_the_query_after_a_separator() -> None:
    from learnkit.commands.records import commands, query_last

    command = commands.build("search")
    ctx = command.make_context("search", ["x"])
    params = command.get_params(ctx)
    assert query_last(params, ["neglect", "-alcohol", "-k", "framework", "--json"]) == [
        "-k",
        "framework",
        "--json",
        "--",
        "neglect",
        "-alcohol",
    ]
    assert query_last(params, ["--limit=3", "-n", "-5", "a"]) == ["--limit=3", "-n", "-5", "--", "a"]
    assert query_last(params, ["a", "--", "--json", "-k"]) == ["--", "a", "--json", "-k"]
    assert query_last(params, ["--nope", "a"]) == ["--nope", "--", "a"]
    assert query_last(params, ["--json"]) == ["--json"]


def test_search_no_match(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "search", "neglekt", "--json").stdout)
    assert data == {"query": "neglekt", "count": 0, "results": []}
    out = ok(runner, "search", "neglekt").stdout
    assert "No records match 'neglekt'." in out
    assert "Close words in the library:" in out and "neglect" in out


@pytest.mark.parametrize("args", [["--", "-neglect"], ["[]"], ["OR"], ['""']])
def test_search_without_words_is_invalid(runner: CliRunner, seeded: Path, args: list[str]) -> None:
    result = run(runner, "search", *args)
    assert result.exit_code == ExitCode.INVALID
    assert result.stdout == ""
    assert "error:" in result.stderr


def test_search_bad_limit(runner: CliRunner, seeded: Path) -> None:
    assert run(runner, "search", "neglect", "--limit", "0").exit_code == ExitCode.INVALID


# -- show ----------------------------------------------------------------------------------------


def test_show_human(runner: CliRunner, seeded: Path) -> None:
    out = ok(runner, "show", "rosza-malika").stdout
    for expected in (
        "Learning Review: Rosza and Malika",
        "Summary",
        "Themes",
        "Learning",
        "briefing-only",
        "Bedford Borough",
        "Parental physical illness",
        "Neglect",
        "manual",
        "Keep the child at the centre",
    ):
        assert expected in out, expected


def test_show_by_prefix_and_related(runner: CliRunner, seeded: Path) -> None:
    out = ok(runner, "show", "transitions").stdout
    assert "Multi-agency Audit of Transitions to Adults' Services" in out
    assert "Related" in out
    assert "patrick-scr" in out and "Patrick Serious Case Review" in out


def test_show_json_shape(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "show", "rosza-malika", "--json").stdout)
    assert set(data) == RECORD_KEYS | {"plan"}  # a record, and its recommendations in the tracker
    assert data["plan"] == []  # it has none
    assert data["slug"] == "rosza-malika"
    assert data["status"] == "briefing-only"
    assert data["summary_extracted"] is False
    assert data["documents"] == []
    assert [t["id"] for t in data["themes"]][:3] == [
        "parental-physical-illness",
        "parental-mental-health",
        "neglect",
    ]
    for tag in data["themes"]:
        assert {"id", "label", "origin"} <= set(tag)
        assert tag["origin"] == "manual"
    assert data["themes"][2]["label"] == "Neglect"
    assert set(data["learning"][0]) == {"text", "extracted", "number", "document", "page"}


def test_show_json_with_text(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "show", "rosza-malika", "--json", "--text").stdout)
    assert set(data) == RECORD_KEYS | {"text", "plan"}
    assert data["text"] == []


def test_show_text_of_a_record_without_documents(runner: CliRunner, seeded: Path) -> None:
    out = ok(runner, "show", "rosza-malika", "--text").stdout
    assert "rosza-malika has no extracted text" in out


def test_show_unknown(runner: CliRunner, seeded: Path) -> None:
    result = run(runner, "show", "keanu-wiliams")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stdout == ""
    assert "no record 'keanu-wiliams'" in result.stderr
    assert "did you mean" in result.stderr and "keanu-williams-scr" in result.stderr


def test_show_ambiguous_prefix(runner: CliRunner, seeded: Path) -> None:
    result = run(runner, "show", "pan-beds")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "matches 4 records" in result.stderr
    assert "pan-beds-gcp2-audit" in result.stderr


# -- list ----------------------------------------------------------------------------------------


def test_list_human(runner: CliRunner, seeded: Path) -> None:
    out = ok(runner, "list").stdout
    for slug in ("rosza-malika", "patrick-scr", "pan-beds-gcp2-audit", "js-case-file-audit"):
        assert slug in out
    assert "Learning Review: Rosza and Malika" in out
    assert "18 records" in out
    # newest first
    assert out.index("pan-beds-gcp2-audit") < out.index("js-case-file-audit") < out.index("patrick-scr")


def test_list_shows_every_slug_and_status_in_full(runner: CliRunner, seeded: Path) -> None:
    out = ok(runner, "list").stdout
    assert [slug for slug in BUNDLED if slug not in out] == []
    assert "briefing-only" in out


def test_list_by_kind(runner: CliRunner, seeded: Path) -> None:
    out = ok(runner, "list", "--kind", "serious-case-review").stdout
    for slug in SCRS:
        assert slug in out
    assert "audit" not in out
    assert "4 records" in out


def test_list_json(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "list", "--json").stdout)
    assert isinstance(data, list)
    assert sorted(r["slug"] for r in data) == BUNDLED
    for record in data:
        assert set(record) == RECORD_KEYS
    data = json.loads(ok(runner, "list", "--kind", "serious-case-review", "--json").stdout)
    assert sorted(r["slug"] for r in data) == SCRS


def test_list_filters(runner: CliRunner, seeded: Path) -> None:
    def slugs(*args: str) -> list[str]:
        return sorted(r["slug"] for r in json.loads(ok(runner, "list", "--json", *args).stdout))

    assert slugs("--theme", "hidden men") == ["nspcc-hidden-men"]
    assert slugs("-t", "unseen-men") == ["nspcc-hidden-men"]
    assert slugs("--area", "coventry") == ["daniel-pelka-scr"]
    assert slugs("--status", "briefing-only") == ["rosza-malika"]
    assert slugs("--status", "referenced") == SCRS
    assert slugs("--since", "2015", "--until", "2015") == [
        "js-case-file-audit",
        "nspcc-health-learning-2015",
        "repeat-cp-plans-neglect-audit",
    ]
    assert slugs("--kind", "framework", "--theme", "neglect") == []


def test_list_nothing_matches(runner: CliRunner, seeded: Path) -> None:
    assert json.loads(ok(runner, "list", "--kind", "framework", "--theme", "neglect", "--json").stdout) == []
    assert "No records match." in ok(runner, "list", "--kind", "framework", "--theme", "neglect").stdout


@pytest.mark.parametrize("command", ["list", "search", "export"])
def test_filter_errors(runner: CliRunner, seeded: Path, command: str) -> None:
    words = ["neglect"] if command == "search" else []
    result = run(runner, command, *words, "--theme", "no-such-theme")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "no theme 'no-such-theme'" in result.stderr
    result = run(runner, command, *words, "--kind", "serious-case-reviews")
    assert result.exit_code == ExitCode.INVALID
    assert "unknown kind 'serious-case-reviews'" in result.stderr
    assert "serious-case-review" in result.stderr
    result = run(runner, command, *words, "--since", "2020", "--until", "2010")
    assert result.exit_code == ExitCode.INVALID
    assert "--since 2020 is after --until 2010" in result.stderr
    result = run(runner, command, *words, "--status", "secret")
    assert result.exit_code == ExitCode.INVALID
    result = run(runner, command, *words, "--since", "last-year")
    assert result.exit_code == ExitCode.USAGE


# -- themes --------------------------------------------------------------------------------------


def test_themes_human(runner: CliRunner, seeded: Path) -> None:
    out = ok(runner, "themes").stdout
    for heading in ("Harm", "Parents and household", "The child", "Practice"):
        assert heading in out
    assert (
        out.index("Harm")
        < out.index("Parents and household")
        < out.index("The child")
        < out.index("Practice")
    )
    lines = out.splitlines()

    def row(theme_id: str) -> list[str]:
        # Label, count, bar, then the id, whole, at the end of the line.
        line = next(line for line in lines if line.endswith(f"  {theme_id}"))
        return [word for word in line.split() if not word.startswith("█")]

    assert row("neglect") == ["Neglect", "5", "neglect"]
    assert row("hidden-men") == ["Hidden", "men", "1", "hidden-men"]
    assert row("toxic-trio") == ["Toxic", "trio", "0", "toxic-trio"]
    # The longest ids are never cut (at 50 and 80 columns too: test_narrow_output_never_cuts...).
    assert any(line.endswith("  intrafamilial-sexual-abuse") for line in lines)
    assert "used by at least one record" in out


def test_themes_json(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "themes", "--json").stdout)
    assert isinstance(data, list) and len(data) >= 40
    for item in data:
        assert set(item) == {"id", "label", "group", "count"}
    by_id = {t["id"]: t for t in data}
    assert by_id["neglect"] == {"id": "neglect", "label": "Neglect", "group": "harm", "count": 5}
    assert by_id["hidden-men"]["count"] == 1
    assert by_id["hidden-men"]["group"] == "parents and household"


def test_one_theme_human(runner: CliRunner, seeded: Path) -> None:
    out = ok(runner, "themes", "hidden men").stdout
    assert "Hidden men" in out
    assert "hidden-men" in out
    assert "unseen men" in out  # its aliases
    assert "nspcc-hidden-men" in out
    assert "1 record" in out


def test_one_theme_json(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "themes", "invisible men", "--json").stdout)
    assert set(data) == {"theme", "records"}
    assert set(data["theme"]) == {
        "id",
        "label",
        "group",
        "description",
        "aliases",
        "prior",
        "exclude",
        "implies",
    }
    assert data["theme"]["id"] == "hidden-men"
    assert [r["slug"] for r in data["records"]] == ["nspcc-hidden-men"]
    assert set(data["records"][0]) == RECORD_KEYS
    data = json.loads(ok(runner, "themes", "toxic-trio", "--json").stdout)
    assert data["records"] == []


def test_unknown_theme(runner: CliRunner, seeded: Path) -> None:
    result = run(runner, "themes", "neglekt")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "no theme 'neglekt'" in result.stderr
    assert "neglect" in result.stderr.split("did you mean:")[1]


# -- export --------------------------------------------------------------------------------------


def test_export_json_to_stdout(runner: CliRunner, seeded: Path) -> None:
    result = ok(runner, "export")
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert sorted(r["slug"] for r in data) == BUNDLED
    assert all(set(r) == RECORD_KEYS for r in data)
    assert result.stderr == "exported 18 records\n"


def test_export_jsonl_and_markdown(runner: CliRunner, seeded: Path) -> None:
    lines = ok(runner, "export", "-f", "jsonl", "--kind", "serious-case-review").stdout.splitlines()
    assert sorted(json.loads(line)["slug"] for line in lines) == SCRS
    text = ok(runner, "export", "--format", "markdown").stdout
    assert text.startswith("# Learning from case reviews and audits")
    assert text.count("\n## ") == 18


def test_export_csv_has_bom_and_crlf(runner: CliRunner, seeded: Path) -> None:
    result = ok(runner, "export", "--format", "csv")
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") >= 19
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert sorted(r[0] for r in rows[1:]) == BUNDLED


def test_export_to_a_file(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "learning.csv"
    target.parent.mkdir()
    result = ok(runner, "export", "--format", "csv", "-o", str(target))
    assert result.stdout == ""
    assert result.stderr == f"exported 18 records to {target}\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == ",".join(CSV_COLUMNS)
    assert sorted(p.name for p in target.parent.iterdir()) == ["learning.csv"]  # no temporary left


def test_export_refuses_to_overwrite_without_force(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "learning.json"
    target.write_text("precious")
    result = run(runner, "export", "-o", str(target))
    assert result.exit_code == ExitCode.EXISTS
    assert "--force" in result.stderr
    assert target.read_text() == "precious"
    ok(runner, "export", "-o", str(target), "--force")
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 18


def test_export_to_a_file_is_atomic(
    runner: CliRunner, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "learning.json"
    target.write_text("previous export")

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = run(runner, "export", "-o", str(target), "--force")
    assert result.exit_code == ExitCode.STORE
    assert "No space left" in result.stderr
    assert target.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    "args, code",
    [
        (["--format", "xlsx"], ExitCode.INVALID),
        (["-o", "{tmp}/no-such-folder/out.json"], ExitCode.INVALID),
        (["-o", "{tmp}"], ExitCode.INVALID),
    ],
)
def test_export_bad_arguments(
    runner: CliRunner, seeded: Path, tmp_path: Path, args: list[str], code: int
) -> None:
    (tmp_path / "t").mkdir()
    result = run(runner, "export", *[a.format(tmp=tmp_path / "t") for a in args], "--force")
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")


def test_export_leaves_restricted_out_and_says_so(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    write_record(tmp_path / "in", "secret-review", status="restricted")
    write_record(tmp_path / "in", "draft-audit", status="unpublished")
    ok(runner, "import", str(tmp_path / "in"))
    result = ok(runner, "export")
    slugs = {r["slug"] for r in json.loads(result.stdout)}
    assert "secret-review" not in slugs and "draft-audit" not in slugs
    assert len(slugs) == 18
    assert "left out 2 restricted or unpublished" in result.stderr
    assert "--include-restricted" in result.stderr
    result = ok(runner, "export", "--include-restricted")
    assert {"secret-review", "draft-audit"} <= {r["slug"] for r in json.loads(result.stdout)}
    assert "left out" not in result.stderr
    # list and show are inside the library: they do show them.
    assert "secret-review" in ok(runner, "list").stdout


# -- import --------------------------------------------------------------------------------------


def test_import_adds_and_updates(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    path = write_record(tmp_path / "in", "new-review", themes=["neglect"])
    result = ok(runner, "import", str(path))
    assert "added    new-review" in result.stdout
    assert "1 added, 0 updated, 0 failed" in result.stdout
    assert ok(runner, "show", "new-review", "--json").stdout.count('"neglect"') == 1
    data = json.loads(ok(runner, "import", str(path), "--json").stdout)
    assert data == {"added": [], "updated": ["new-review"], "failed": []}


def test_import_bad_file_exits_invalid(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_record(folder, "good-one")
    bad = write_record(folder, "bad-one", kind="nonsense")
    result = run(runner, "import", str(folder))
    assert result.exit_code == ExitCode.INVALID
    assert "added    good-one" in result.stdout
    assert "1 added, 0 updated, 1 failed" in result.stdout
    assert str(bad) in result.stderr and "field 'kind'" in result.stderr
    ok(runner, "show", "good-one")
    assert run(runner, "show", "bad-one").exit_code == ExitCode.NOT_FOUND
    result = run(runner, "import", str(bad), "--json")
    assert result.exit_code == ExitCode.INVALID
    data = json.loads(result.stdout)
    assert data["added"] == [] and data["updated"] == []
    assert [f["file"] for f in data["failed"]] == [str(bad)]
    assert "field 'kind'" in data["failed"][0]["message"]


def test_import_missing_path(runner: CliRunner, seeded: Path, tmp_path: Path) -> None:
    result = run(runner, "import", str(tmp_path / "nowhere"))
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "no such file or folder" in result.stderr


# -- text that looks like markup is printed as it is -------------------------------------------

ODD_TITLE = "[bold]Odd[/] review [1] of [red]things[/red]"
ODD_SUMMARY = "A summary with [brackets], [bold]markup[/] and a zebracorn [/] [link=x]y[/link]."


@pytest.fixture
def odd(runner: CliRunner, seeded: Path, tmp_path: Path) -> Path:
    write_record(
        tmp_path / "in",
        "odd-review",
        title=ODD_TITLE,
        summary=ODD_SUMMARY,
        learning=["Point with [italic]markup[/italic] and [ ]"],
        themes=["neglect"],
    )
    ok(runner, "import", str(tmp_path / "in"))
    return seeded


def test_markup_in_records_prints_literally_in_show(runner: CliRunner, odd: Path) -> None:
    out = ok(runner, "show", "odd-review").stdout
    assert ODD_TITLE in out
    assert "[bold]markup[/]" in out and "[brackets]" in out and "[link=x]y[/link]" in out
    assert "Point with [italic]markup[/italic] and [ ]" in out


def test_markup_in_records_prints_literally_in_search_and_list(runner: CliRunner, odd: Path) -> None:
    out = ok(runner, "search", "zebracorn").stdout
    assert ODD_TITLE in out
    assert "[bold]markup[/]" in out
    out = ok(runner, "list", "--theme", "neglect").stdout
    assert ODD_TITLE in out
    out = ok(runner, "themes", "neglect").stdout
    assert ODD_TITLE in out


def test_markup_in_an_unknown_name_prints_literally(runner: CliRunner, seeded: Path) -> None:
    result = run(runner, "show", "[bold]x[/]")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "no record '[bold]x[/]'" in result.stderr


def test_markup_in_a_search_query_prints_literally(runner: CliRunner, seeded: Path) -> None:
    result = runner.invoke(app, ["search", "neglect", "[/]"])
    assert result.exit_code == 0
    assert "5 records match 'neglect [/]'" in result.stdout
    result = runner.invoke(app, ["search", "neglect", "[bold]"])  # "bold" is a word: no record has it
    assert result.exit_code == 0
    assert "No records match 'neglect [bold]'" in result.stdout


# -- path, reindex, the library option -----------------------------------------------------------


def test_path_human(runner: CliRunner, home: Path) -> None:
    out = ok(runner, "path").stdout
    assert out.splitlines()[0] == str(home)
    assert "learnkit.json" in out and "not yet created" in out
    assert not home.exists()  # path does not create the library


def test_path_json(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "path", "--json").stdout)
    assert set(data) == {"library", "exists", "files"}
    assert data["library"] == str(seeded)
    assert data["exists"] is True
    store = next(f for f in data["files"] if f["name"] == STORE_NAME)
    assert store["exists"] is True and store["bytes"] == (seeded / STORE_NAME).stat().st_size


def test_library_option_and_environment(runner: CliRunner, home: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert ok(runner, "--library", str(other), "path").stdout.splitlines()[0] == str(other)
    assert ok(runner, "-L", str(other), "path").stdout.splitlines()[0] == str(other)
    env_home = tmp_path / "from-env"
    assert ok(runner, "path", env={"LEARNKIT_HOME": str(env_home)}).stdout.splitlines()[0] == str(env_home)
    # First use of a library creates it with the bundled records.
    assert len(json.loads(ok(runner, "-L", str(other), "list", "--json").stdout)) == 18
    assert (other / STORE_NAME).is_file()
    assert not home.exists()


def test_reindex(runner: CliRunner, seeded: Path) -> None:
    result = ok(runner, "reindex")
    assert result.stdout == ""
    assert "reindexed 18 records, 0 pages" in result.stderr
    data = json.loads(ok(runner, "reindex", "--json").stdout)
    assert (data["records"], data["pages"]) == (18, 0)


def test_version(runner: CliRunner) -> None:
    from learnkit import __version__

    assert ok(runner, "--version").stdout == f"learnkit {__version__}\n"


# -- a damaged store -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["search", "neglect"],
        ["show", "rosza-malika"],
        ["list"],
        ["themes"],
        ["export"],
        ["reindex"],
        ["import", "{tmp}"],
        ["show", "rosza-malika", "--json"],
    ],
)
def test_damaged_store(runner: CliRunner, seeded: Path, tmp_path: Path, args: list[str]) -> None:
    write_record(tmp_path / "in", "new-one")
    store = seeded / STORE_NAME
    store.write_bytes(b'{"records": {"1": {"slug": "rosza')
    result = run(runner, *[a.format(tmp=tmp_path / "in") for a in args])
    assert result.exit_code == ExitCode.STORE
    assert result.stdout == ""
    assert str(store) in result.stderr
    # How to recover: restore the backup, or (a library never written since made has none) move it aside.
    assert "cp " in result.stderr or "move '" in result.stderr
    assert store.read_bytes() == b'{"records": {"1": {"slug": "rosza'


# -- start-up ------------------------------------------------------------------------------------


def test_only_the_command_that_runs_is_built(seeded: Path) -> None:
    from learnkit.commands.main import app
    from learnkit.commands.registry import LazyCommands

    group = get_command(app)
    assert isinstance(group.commands, LazyCommands)  # type: ignore[attr-defined]
    assert group.commands.built() == []  # type: ignore[attr-defined]
    assert list(group.commands)[:3] == ["search", "show", "list"]  # type: ignore[attr-defined]
    with pytest.raises(SystemExit) as exit_info:
        group(["path", "--json"], prog_name="learnkit")
    assert exit_info.value.code == 0
    assert group.commands.built() == ["path"]  # type: ignore[attr-defined]


def test_help_lists_every_command_and_a_typo_gets_a_suggestion(runner: CliRunner, home: Path) -> None:
    from learnkit.commands.main import app

    out = ok(runner, "--help").stdout
    for name in ("search", "show", "list", "themes", "export", "import", "add", "attach", "ingest"):
        assert f"\n  {name} " in out
    for name in ("path", "reindex", "brief", "trends", "related", "repeats"):
        assert f"\n  {name} " in out
    result = runner.invoke(app, ["sho", "x"])
    assert result.exit_code == 2
    assert "No such command 'sho'. Did you mean 'show'?" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("columns", ["50", "80"])
def test_narrow_output_never_cuts_slugs_or_theme_ids(
    runner: CliRunner, seeded: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)  # read when each command starts
    slugs = [r["slug"] for r in json.loads(ok(runner, "list", "--json").stdout)]
    listed = ok(runner, "list").stdout
    words = set(listed.split())
    assert all(slug in words for slug in slugs)
    assert all(len(line) <= int(columns) or line.split()[0] in slugs for line in listed.splitlines())
    themes_out = ok(runner, "themes").stdout
    ids = [t["id"] for t in json.loads(ok(runner, "themes", "--json").stdout)]
    assert all(any(line.endswith("  " + i) for line in themes_out.splitlines()) for i in ids)
    if columns == "80":  # lines fit, and the bars shrink before a label of usual length is cut
        assert all(len(line) <= 80 for line in themes_out.splitlines())
        assert "Bruising in non-mobile babies " in themes_out
        assert "Fabricated or induced illness " in themes_out
    found = ok(runner, "search", "neglect").stdout
    assert "repeat-cp-plans-neglect-audit" in found.split()


def test_path_adds_up_folder_sizes_only_when_asked(runner: CliRunner, seeded: Path) -> None:
    (seeded / "files").mkdir(exist_ok=True)
    (seeded / "files" / "a.pdf").write_bytes(b"%PDF-" + b"x" * 995)
    plain = json.loads(ok(runner, "path", "--json").stdout)
    files = next(f for f in plain["files"] if f["name"] == "files")
    assert files["files"] == 1 and "bytes" not in files
    sized = json.loads(ok(runner, "path", "--sizes", "--json").stdout)
    files = next(f for f in sized["files"] if f["name"] == "files")
    assert files == {**files, "files": 1, "bytes": 1000}
    assert "1 file\n" in ok(runner, "path").stdout
    assert "1 file, 1,000 bytes" in ok(runner, "path", "--sizes").stdout


def test_a_stale_index_is_rebuilt_with_a_one_line_note(runner: CliRunner, seeded: Path) -> None:
    ok(runner, "search", "neglect")  # the index is up to date
    store = seeded / STORE_NAME
    os.utime(
        store, ns=(store.stat().st_atime_ns, store.stat().st_mtime_ns + 10_000_000)
    )  # changed from outside
    result = ok(runner, "search", "neglect")
    assert "5 records match 'neglect'" in result.stdout
    assert result.stderr.count("\n") == 1 and "bringing the search index up to date" in result.stderr
    assert ok(runner, "search", "neglect").stderr == ""  # once


# -- results and their views ---------------------------------------------------------------------


def test_every_result_of_the_operations_has_a_view_and_a_json_shape() -> None:
    import dataclasses
    import importlib

    from learnkit.commands.common import TABLE

    results = []
    for name in ("analysis", "batch", "briefing", "browse", "exporting"):
        module = importlib.import_module(f"learnkit.operations.{name}")
        results += [
            obj
            for obj in vars(module).values()
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__
        ]
    assert len(results) >= 14
    assert {cls.__name__ for cls in results} <= set(TABLE)
    # Exports and briefings are text (no --json); every other result has its --json shape.
    assert all(hasattr(cls, "to_json") for cls in results if cls.__name__ not in ("Exported", "Briefed"))


def test_an_interrupted_command_says_so_and_exits_130(
    runner: CliRunner, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from learnkit.operations.library import Library

    def interrupted(self: Library, *args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Library, "info", interrupted)
    result = runner.invoke(app, ["path"])
    assert result.exit_code == 130 and result.stderr == "interrupted\n" and result.stdout == ""


def test_the_command_table_names_every_declared_command_once() -> None:
    from learnkit.commands.main import COMMANDS
    from learnkit.commands.registry import command_set

    modules = sorted(set(COMMANDS.values()))
    declared = {name: module for module in modules for name in command_set(module).names()}
    assert declared == COMMANDS  # nothing declared that the table misses, nothing listed that is not declared


def test_a_command_registered_on_the_app_the_usual_way_also_runs(runner: CliRunner, home: Path) -> None:
    import typer

    from learnkit.commands.main import LearnkitGroup, main

    extra = typer.Typer(cls=LearnkitGroup, add_completion=False)
    extra.callback()(main)

    @extra.command()
    def hello() -> None:
        """Say hello.

        Example: learnkit hello
        """
        typer.echo("hello")

    assert runner.invoke(extra, ["hello"]).stdout == "hello\n"
    listed = runner.invoke(extra, ["--help"]).stdout
    assert "hello" in listed and "search" in listed  # the table's commands and the eager one
