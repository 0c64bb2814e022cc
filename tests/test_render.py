"""Output for people: the line layout (hanging indent, fast ASCII wrap), plain writes, the pager, views."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from learnkit.output import console, layout, records, reports


@pytest.fixture(autouse=True)
def _fresh_consoles(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Consoles made again after each test, under the environment the test found (no colour, 160 wide)."""
    yield
    monkeypatch.undo()
    console.begin()


def test_ascii_wrap_breaks_where_rich_does_and_keeps_styles() -> None:
    console = Console(file=io.StringIO(), width=80)
    rng = random.Random(5)
    words = ["a", "child", "the", "safeguarding", "multi-agency", "neglect,", "(p. 4)", "[sic]", "re-refer;"]
    for _ in range(500):
        text = Text(" ".join(rng.choice(words) for _ in range(rng.randint(1, 50))))
        text.stylize("bold", 0, rng.randint(0, len(text.plain)))
        width = rng.randint(13, 70)
        mine = layout.wrap_ascii(text, width)
        assert [line.plain for line in mine] == [line.plain.rstrip() for line in text.wrap(console, width)]
        assert all(len(line.plain) <= width for line in mine)  # no word here is longer than a line
        # The styled characters are the same ones, line breaks aside.
        bold = "".join(line.plain[s.start : s.end] for line in mine for s in line.spans if s.style == "bold")
        wanted = "".join(text.plain[s.start : s.end] for s in text.spans)
        assert bold.replace(" ", "") == wanted.replace(" ", "")


def test_a_word_longer_than_the_line_is_kept_whole_on_its_own_line() -> None:
    path = "/reviews/2019/" + "x" * 30 + ".pdf"
    lines = layout.wrap_ascii(Text(f"see {path} now, then the next one"), 12)
    assert [line.plain for line in lines] == ["see", path, "now, then", "the next one"]


def test_hang_indents_every_line_after_the_first_and_puts_a_wide_prefix_alone() -> None:
    width = console.width()
    lines: list[Text] = []
    layout.hang(lines, "1.", Text("word " * width), 4)
    assert lines[0].plain.startswith("1.  word")
    assert all(line.plain.startswith("    word") for line in lines[1:])
    assert all(len(line.plain) <= width for line in lines)
    lines = []
    layout.hang(lines, Text("a-very-long-slug"), Text("[bold]not markup[/bold]"), 6)
    assert [line.plain for line in lines] == ["a-very-long-slug", "      [bold]not markup[/bold]"]


def test_the_account_of_a_batch_says_each_reason_once(capsys: pytest.CaptureFixture[str]) -> None:
    from learnkit.operations.ingest import BatchResult

    result = BatchResult()
    result.fail(Path("in/a.pdf"), "damaged", "in/a.pdf: damaged PDF: PdfReadError: no Root object")
    result.fail(Path("in/b.pdf"), "not-a-pdf", "in/b.pdf: not a PDF: the file has no %PDF- header")
    console.begin()
    reports.batch(result)
    text = capsys.readouterr().out
    assert "damaged    in/a.pdf: PdfReadError: no Root object" in text
    assert "not a PDF  in/b.pdf: the file has no %PDF- header" in text
    assert "0 added, 0 already present, 2 failed" in text


def test_show_counts_each_documents_mentions_once(capsys: pytest.CaptureFixture[str]) -> None:
    """An evidence item carries its document's count: three quotes from one document are not 3x it."""
    from learnkit.models import Evidence, Record, Theme, ThemeTag

    quotes = [Evidence("a.pdf", page, f"Sentence {page} about hidden men.", 7) for page in (2, 3, 5)]
    quotes.append(Evidence("b.pdf", 1, "Hidden men again.", 2))
    record = Record("r", "A review", "learning-review", themes=[ThemeTag("hidden-men", "detected", quotes)])
    themes = {"hidden-men": Theme("hidden-men", "Hidden men", "parents and household")}
    console.begin()
    records.show(record, themes, [], evidence=True)
    text = capsys.readouterr().out
    assert "Hidden men  detected (9 mentions)" in text
    assert "a.pdf: 7 mentions" in text and "b.pdf: 2 mentions" in text
    assert "p. 3: “Sentence 3 about hidden men.”" in text
    assert text.index("a.pdf: 7") < text.index("p. 2:") < text.index("p. 5:") < text.index("b.pdf: 2")


def test_a_long_path_before_an_arrow_is_not_cut_at_its_hyphens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    console.begin()  # a command's console reads the width when the command starts
    path = "/reviews/2019/aaliyah-blackpool-serious-case-review.pdf"
    lines: list[Text] = []
    layout.hang(lines, "added", Text(f"{path} → aaliyah-blackpool, 55 pages, 133,559 characters"), 7)
    assert len(lines) > 1  # it had to wrap (80 columns)
    assert any(path in line.plain for line in lines)  # and the path is whole on one line


def test_plain_output_is_what_rich_writes_where_no_style_shows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Styled lines with markup-like brackets, wide characters and a control character from a PDF.
    lines = [
        Text("Heading", style="bold underline"),
        Text("[bold]not markup[/bold] • 子供 ") + Text("slug-name", style="green"),
        Text("a bell\x07 gone", style="dim"),
        Text(""),
        Text("last"),
    ]
    monkeypatch.setenv("COLUMNS", "80")
    for case in (lines, [*lines, Text("a\ttab, which Rich expands")]):
        rich_way = Console(file=io.StringIO(), highlight=False, soft_wrap=False, width=80, color_system=None)
        rich_way.print(Text("\n").join([line.copy() for line in case]), soft_wrap=True)
        console.begin()
        console.emit(case)
        written = capsys.readouterr().out
        assert written == rich_way.file.getvalue()  # type: ignore[attr-defined]
        assert "\x07" not in written and "[bold]not markup[/bold]" in written

    # Where styles show, Rich writes them.
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    console.begin()
    console.emit(lines)
    assert "\x1b[" in capsys.readouterr().out


def _terminal(monkeypatch: pytest.MonkeyPatch, screen_lines: int) -> list[str]:
    """Output as on a colour terminal of ``screen_lines`` lines, with the pager's input kept."""
    import pydoc

    paged: list[str] = []
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("LEARNKIT_NO_PAGER")
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("LINES", str(screen_lines))
    monkeypatch.setattr(pydoc, "pager", paged.append)
    return paged


def test_the_pager_takes_only_output_longer_than_the_screen_with_its_colours(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    paged = _terminal(monkeypatch, screen_lines=10)
    lines = [Text(f"line {n}", style="bold") for n in range(30)]
    console.begin()
    with console.paged():
        console.emit(lines[:5])
    assert not paged and "line 4" in capsys.readouterr().out  # fits the screen: printed as it is
    with console.paged():
        console.emit(lines)
    assert len(paged) == 1 and "line 29" in paged[0] and "\x1b[1m" in paged[0]
    assert "line 29" not in capsys.readouterr().out
    assert os.environ["LESS"] == "-FRX"  # so that less shows the colours, not ESC[1m


def test_no_pager_and_the_variable_turn_the_pager_off(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paged = _terminal(monkeypatch, screen_lines=3)
    lines = [Text(f"line {n}") for n in range(30)]
    console.begin(pager=False)
    with console.paged():
        console.emit(lines)
    monkeypatch.setenv("LEARNKIT_NO_PAGER", "1")
    console.begin()
    with console.paged():
        console.emit(lines)
    assert not paged and capsys.readouterr().out.count("line 29") == 2


def test_a_user_s_less_options_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    paged = _terminal(monkeypatch, screen_lines=3)
    monkeypatch.setenv("LESS", "-S")
    console.begin()
    with console.paged():
        console.emit([Text(f"line {n}") for n in range(30)])
    assert paged and os.environ["LESS"] == "-S"
