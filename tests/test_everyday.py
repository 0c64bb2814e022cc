"""Everyday use of the command line (issue 13): records by words of their title, several words for a
theme, help as wide as the terminal, the pager switch, shell completion, and every README example."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import ok, run
from typer.testing import CliRunner

from learnkit.commands.main import app
from learnkit.errors import ExitCode
from tests.pdfmaker import make_pdf

REPO = Path(__file__).resolve().parents[1]


# -- a record by words of its title --------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "slug"),
    [
        (["pelka"], "daniel-pelka-scr"),  # a word of one slug (the presentation's title names him too)
        (["rosa"], "rosza-malika"),  # spelt closely: "Learning Review: Rosza and Malika"
        (["keanu", "williams"], "keanu-williams-scr"),
        (["hidden", "men"], "nspcc-hidden-men"),
        (["JS", "case"], "js-case-file-audit"),
    ],
)
def test_show_finds_a_record_by_words_of_its_title(
    runner: CliRunner, seeded: Path, words: list[str], slug: str
) -> None:
    data = json.loads(ok(runner, "show", *words, "--json").stdout)
    assert data["slug"] == slug
    assert f"Record     {slug}" in ok(runner, "show", *words).stdout


def test_words_that_fit_several_records_list_them(runner: CliRunner, seeded: Path) -> None:
    result = run(runner, "show", "serious", "case", "review")
    assert result.exit_code == ExitCode.NOT_FOUND and result.stdout == ""
    assert "'serious case review' fits" in result.stderr and "give their slug" in result.stderr
    assert "daniel-pelka-scr" in result.stderr  # among the candidates
    assert len(result.stderr.strip().splitlines()) == 1  # the error with its candidates: one line


def test_words_that_fit_nothing_are_not_found(runner: CliRunner, seeded: Path) -> None:
    result = run(runner, "show", "child-d")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "error: no record 'child-d'; see: learnkit list" in result.stderr


def test_related_takes_words_too(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "related", "pelka", "--json").stdout)
    assert data["slug"] == "daniel-pelka-scr"
    assert set(data) == {"slug", "title", "count", "results", "left_out"}


# -- several words are one theme -----------------------------------------------------------------


def test_themes_and_brief_take_a_theme_in_several_words(runner: CliRunner, seeded: Path) -> None:
    data = json.loads(ok(runner, "themes", "toxic", "trio", "--json").stdout)
    assert data["theme"]["id"] == "toxic-trio" and set(data) == {"theme", "records"}
    assert ok(runner, "themes", "hidden", "men").stdout.startswith("Hidden men\n")
    text = ok(runner, "brief", "disguised", "compliance").stdout
    assert text.startswith("# 7-minute briefing: Disguised compliance")
    assert ok(runner, "brief", "unseen", "men").stdout.startswith("# 7-minute briefing: Hidden men")


def test_a_theme_in_words_that_name_nothing_is_not_found(runner: CliRunner, seeded: Path) -> None:
    result = run(runner, "themes", "toxic", "trip")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "no theme 'toxic trip'" in result.stderr and "toxic-trio" in result.stderr


# -- help, pager, completion ---------------------------------------------------------------------


def _help(home: Path, columns: str | None, *args: str) -> str:
    """--help as a user's terminal shows it (CliRunner pins help to 80 columns, so a real process)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["LEARNKIT_HOME"] = str(home)
    if columns is not None:
        env["COLUMNS"] = columns  # what the terminal says its width is
    done = subprocess.run(
        [sys.executable, "-m", "learnkit", *args, "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_help_uses_the_terminal_width(home: Path) -> None:
    wide = _help(home, "120")
    assert "..." not in wide[wide.index("Commands:") :]  # nothing cut on a 120-column terminal
    assert max(len(line) for line in wide.splitlines()) > 80
    assert all(len(line) <= 120 for line in wide.splitlines())
    assert all(len(line) <= 80 for line in _help(home, "80").splitlines())


def test_help_in_a_pipe_is_80_columns(home: Path) -> None:
    for args in ((), ("search",)):
        lines = _help(home, None, *args).splitlines()
        assert all(len(line) <= 80 for line in lines) and max(len(line) for line in lines) > 60


def test_no_pager_is_a_global_option(runner: CliRunner, seeded: Path) -> None:
    assert ok(runner, "--no-pager", "list").stdout.endswith("18 records\n")
    assert "--no-pager" in ok(runner, "--help").stdout
    assert "LEARNKIT_NO_PAGER" in ok(runner, "--help").stdout


def _complete(words: str, home: Path) -> list[str]:
    """What the shell would be offered for the last of ``words`` (bash, as --install-completion sets up)."""
    script = Path(sys.executable).with_name("learnkit")
    env = {
        **os.environ,
        "LEARNKIT_HOME": str(home),
        "_LEARNKIT_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    done = subprocess.run([str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(not Path(sys.executable).with_name("learnkit").exists(), reason="no console script")
def test_completion_offers_commands_options_slugs_and_theme_ids(seeded: Path) -> None:
    assert _complete("learnkit sea", seeded) == ["search"]
    assert "--kind" in _complete("learnkit search --ki", seeded)
    assert _complete("learnkit show rosz", seeded) == ["rosza-malika"]
    assert _complete("learnkit themes toxic", seeded) == ["toxic-trio"]
    assert "neglect" in _complete("learnkit brief negl", seeded)
    assert "--install-completion" in CliRunner().invoke(app, ["--help"]).stdout


@pytest.mark.skipif(not Path(sys.executable).with_name("learnkit").exists(), reason="no console script")
def test_completion_without_a_library_offers_no_slugs_and_makes_none(tmp_path: Path) -> None:
    assert _complete("learnkit show ro", tmp_path / "none") == []
    assert not (tmp_path / "none").exists()


# -- every example in the README answers something on the bundled library --------------------------


def readme_examples() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    lines: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        lines.extend(line.strip() for line in block.splitlines() if line.strip().startswith("learnkit "))
    return lines


def _files_for(args: list[str], folder: Path) -> None:
    """The files an example reads, made as a user would have them: PDFs, record files, a folder."""
    for n, arg in enumerate(args):
        before = args[n - 1] if n else ""
        if arg.endswith(".pdf"):
            password = args[args.index("--password") + 1] if "--password" in args else None
            pages = [f"Learning review {arg}. Practitioners should keep the child at the centre.\n" * 3]
            make_pdf(folder / arg, pages, title=f"A review in {arg}", password=password)
        elif arg.endswith(".toml") and before == "import":
            (folder / arg).write_text(
                f'slug = "{Path(arg).stem}"\ntitle = "A new review"\nkind = "learning-review"\n',
                encoding="utf-8",
            )
        elif arg.endswith("/") and before == "import":
            (folder / arg).mkdir()
            (folder / arg / "one.toml").write_text(
                'slug = "one"\ntitle = "One review"\nkind = "learning-review"\n', encoding="utf-8"
            )
        elif before == "ingest":
            target = Path(arg)
            target.mkdir(parents=True)
            make_pdf(target / "a.pdf", ["A serious case review about neglect.\n" * 3], title="Review A")


EXAMPLES = readme_examples()

# Examples that ask a person at a terminal: under the test (no terminal) they must say so and exit 2.
NEEDS_A_TERMINAL = {"learnkit review patrick-scr", "learnkit remove js-case-file-audit"}


def _tracker_for(args: list[str], runner: CliRunner, folder: Path) -> None:
    """What the action tracker's examples stand on: a record with recommendations, and for the examples
    that update, report or read back an action, that action (the bundled records hold no recommendations,
    so the README says the examples' record stands for one that has them)."""
    if args[0] != "actions":
        return
    record = folder / "rosza-malika.toml"
    record.write_text(
        'slug = "rosza-malika"\ntitle = "Learning Review: Rosza and Malika"\nkind = "learning-review"\n'
        'recommendations = ["Agencies should record the language a family speaks.",'
        ' "Interpreters should be used for every assessment."]\n',
        encoding="utf-8",
    )
    ok(runner, "import", str(record))
    if len(args) > 1 and args[1] in ("respond", "add"):
        return
    ok(
        runner,
        "actions",
        "add",
        "rosza-malika",
        "2",
        "Audit interpreter use",
        "--owner",
        "Police",
        "--due",
        "2027-03-31",
    )
    if "tracker-returned.xlsx" in args:
        ok(runner, "actions", "export", "--format", "xlsx", "-o", str(folder / "tracker-returned.xlsx"))


def test_the_readme_has_examples_for_every_command() -> None:
    from typer.main import get_command

    from learnkit.commands.main import app as the_app

    names = set(get_command(the_app).commands)  # type: ignore[attr-defined]
    assert {line.split()[1] for line in EXAMPLES} == names


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_readme_example_answers_something(
    runner: CliRunner, seeded: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch, example: str
) -> None:
    monkeypatch.setenv("HOME", str(inbox / "home"))
    # `learnkit edit SLUG` opens an editor: one that closes at once, leaving the record as it was.
    monkeypatch.setenv("VISUAL", shlex.join([sys.executable, "-c", "pass"]))
    args = [os.path.expanduser(arg) for arg in shlex.split(example, comments=True)[1:]]  # as a shell does
    _files_for(args, inbox)
    _tracker_for(args, runner, inbox)
    before = set(inbox.iterdir())
    if example.split("#")[0].strip() in NEEDS_A_TERMINAL:
        result = run(runner, *args)
        assert result.exit_code == ExitCode.USAGE and "terminal" in result.stderr, result.output
        return
    result = ok(runner, *args)
    answered = result.stdout.strip() or result.stderr.strip() or set(inbox.iterdir()) - before
    assert answered, example
    assert "No records match" not in result.stdout, example
    if args[0] in ("add", "attach", "ingest"):
        assert "0 failed" in result.stdout, result.stdout
