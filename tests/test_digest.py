"""`learnkit new`: what's new since the last digest or a date, by theme, through CliRunner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from clirun import ok, run, write_toml
from typer.testing import CliRunner

from learnkit.errors import ExitCode, InvalidError
from learnkit.operations.digest import parse_since


def write_record(folder: Path, slug: str, **fields: Any) -> Path:
    return write_toml(
        folder, {"slug": slug, "title": f"Review {slug}", "kind": "learning-review", "date": "2025", **fields}
    )


@pytest.fixture
def cli(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("LEARNKIT_USER", "Business Unit")
    return CliRunner()


@pytest.fixture
def changed(cli: CliRunner, tmp_path: Path) -> CliRunner:
    """A library after its first digest, then: a new record with an action, a tag, a restricted record."""
    ok(cli, "new")
    fields = {"title": "Review <A> & co", "themes": ["neglect"], "recommendations": ["Use interpreters."]}
    ok(cli, "import", write_record(tmp_path, "review-a", **fields))
    owner = ("--owner", "Health", "--due", "2027-06-01")
    ok(cli, "actions", "add", "review-a", "1", "Interpreter training", *owner)
    ok(cli, "tag", "rosza-malika", "hidden-men")
    fields = {"title": "ZEBRA review", "status": "restricted", "themes": ["domestic-abuse"]}
    ok(cli, "import", write_record(tmp_path, "secret-b", summary="ZEBRA-MARKER", **fields))
    return cli


def test_a_first_digest_tells_everything_then_nothing_is_new(cli: CliRunner) -> None:
    first = ok(cli, "new")
    assert first.stdout.startswith("What's new: everything in the library\n")
    assert "Neglect\n-------\n" in first.stdout
    assert "[rosza-malika]" in first.stdout and "added" in first.stdout
    assert "what's new since the library began: 18 records" in first.stderr
    second = ok(cli, "new")
    assert "Nothing was added or changed." in second.stdout
    assert ": 0 records" in second.stderr


def test_what_changed_since_the_last_digest_grouped_by_theme(changed: CliRunner) -> None:
    result = ok(changed, "new")
    text = result.stdout
    assert "* Review <A> & co (learning review, 2025) [review-a]\n  added; action 1.1 added" in text
    # rosza-malika is grouped under its first theme; what changed is named, not the text.
    assert "[rosza-malika]\n  changed: themes" in text
    assert text.index("Neglect\n") < text.index("[review-a]")
    # Records not changed since the last digest are not told of.
    assert "daniel-pelka-scr" not in text
    # Restricted: left out and counted.
    assert "ZEBRA" not in result.output and "secret-b" not in result.output
    assert "1 restricted or unpublished record left out" in text
    assert "left out 1 restricted" in result.stderr
    # The digest moved "last" on: the next one has nothing.
    assert "Nothing was added or changed." in ok(changed, "new").stdout


def test_since_a_date_and_restricted_records_when_asked(changed: CliRunner) -> None:
    ok(changed, "new")  # "last" is now; a date still looks back
    text = ok(changed, "new", "--since", "2000", "--include-restricted").stdout
    assert text.startswith("What's new since 2000-01-01\n")
    assert "[review-a]" in text and "[secret-b]" in text
    assert "share it only with those entitled" in text
    assert "[review-a]" not in ok(changed, "new", "--since", "2999-01").stdout


def test_markdown_and_html_are_escaped_and_html_is_self_contained(changed: CliRunner, tmp_path: Path) -> None:
    markdown = ok(changed, "new", "--since", "2000", "--format", "markdown").stdout
    assert "## Neglect" in markdown
    assert (
        "- **Review \\<A\\> & co** (learning review, 2025, `review-a`): added; action 1.1 added" in markdown
    )
    target = tmp_path / "whats-new.html"
    result = ok(changed, "new", "--since", "2000", "-f", "html", "-o", str(target))
    assert f"to {target}" in result.stderr and result.stdout == ""
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h2>Neglect</h2>" in page
    assert "<strong>Review &lt;A&gt; &amp; co</strong>" in page
    for forbidden in ("http", "<script", "src=", "<link", "url("):
        assert forbidden not in page.lower()
    refused = run(changed, "new", "-o", str(target))
    assert refused.exit_code == ExitCode.EXISTS and "--force" in refused.stderr


def test_a_digest_limited_to_a_saved_search(changed: CliRunner) -> None:
    ok(changed, "search", "hidden", "men", "--save", "men")
    text = ok(changed, "new", "--since", "2000", "--search", "men").stdout
    assert "[rosza-malika]" in text and "[review-a]" not in text
    assert "limited to the saved search 'men'" in text
    unknown = run(changed, "new", "--search", "women")
    assert unknown.exit_code == ExitCode.NOT_FOUND
    assert unknown.stderr.strip().splitlines() == ["error: no saved search 'women'; saved searches: men"]


def test_removed_records_are_named_unless_they_were_restricted(changed: CliRunner) -> None:
    ok(changed, "new")
    ok(changed, "remove", "review-a", "secret-b", "--yes", "--force")  # with their actions
    text = ok(changed, "new").stdout
    assert "Removed\n-------\n* review-a" in text
    assert "secret-b" not in text


def test_bad_options_are_one_line_errors(cli: CliRunner) -> None:
    for args, said in (
        (["--since", "yesterday"], "is not a date"),
        (["--since", "2026-02-30"], "is not a real date"),
        (["--format", "pdf"], "use one of: text, markdown, html"),
    ):
        result = run(cli, "new", *args)
        assert result.exit_code == ExitCode.INVALID and said in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_parse_since_fills_in_the_start_of_the_period() -> None:
    assert parse_since("2026") == "2026-01-01T00:00:00"
    assert parse_since("2026-11") == "2026-11-01T00:00:00"
    assert parse_since("2026-11-05 09:30") == "2026-11-05T09:30:00"
    with pytest.raises(InvalidError):
        parse_since("11/05/2026")


def test_a_new_document_on_a_record_is_told_of(cli: CliRunner, tmp_path: Path) -> None:
    from pdfmaker import make_pdf

    ok(cli, "new")
    pdf = tmp_path / "pelka-briefing.pdf"
    make_pdf(pdf, ["A briefing about neglect. Keep the child at the centre.\n" * 3], title="Briefing")
    ok(cli, "attach", "daniel-pelka-scr", str(pdf))
    text = ok(cli, "new").stdout
    assert "[daniel-pelka-scr]" in text and "new document pelka-briefing.pdf" in text
    assert "Keep the child" not in text  # a digest never quotes a document
