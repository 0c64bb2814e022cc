"""The line layout of render: wrapping with a hanging indent, and the fast wrap for ASCII text."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from learnkit.output import render


def test_ascii_wrap_breaks_where_rich_does_and_keeps_styles() -> None:
    console = Console(file=io.StringIO(), width=80)
    rng = random.Random(5)
    words = ["a", "child", "the", "safeguarding", "multi-agency", "neglect,", "(p. 4)", "[sic]", "re-refer;"]
    for _ in range(500):
        text = Text(" ".join(rng.choice(words) for _ in range(rng.randint(1, 50))))
        text.stylize("bold", 0, rng.randint(0, len(text.plain)))
        width = rng.randint(13, 70)
        mine = render._wrap_ascii(text, width)
        assert [line.plain for line in mine] == [line.plain.rstrip() for line in text.wrap(console, width)]
        assert all(len(line.plain) <= width for line in mine)  # no word here is longer than a line
        # The styled characters are the same ones, line breaks aside.
        bold = "".join(line.plain[s.start : s.end] for line in mine for s in line.spans if s.style == "bold")
        wanted = "".join(text.plain[s.start : s.end] for s in text.spans)
        assert bold.replace(" ", "") == wanted.replace(" ", "")


def test_a_word_longer_than_the_line_is_kept_whole_on_its_own_line() -> None:
    path = "/reviews/2019/" + "x" * 30 + ".pdf"
    lines = render._wrap_ascii(Text(f"see {path} now, then the next one"), 12)
    assert [line.plain for line in lines] == ["see", path, "now, then", "the next one"]


def test_hang_indents_every_line_after_the_first_and_puts_a_wide_prefix_alone() -> None:
    width = render.out.width
    lines: list[Text] = []
    render._hang(lines, "1.", Text("word " * width), 4)
    assert lines[0].plain.startswith("1.  word")
    assert all(line.plain.startswith("    word") for line in lines[1:])
    assert all(len(line.plain) <= width for line in lines)
    lines = []
    render._hang(lines, Text("a-very-long-slug"), Text("[bold]not markup[/bold]"), 6)
    assert [line.plain for line in lines] == ["a-very-long-slug", "      [bold]not markup[/bold]"]


def test_the_account_of_a_batch_says_each_reason_once() -> None:
    from learnkit.operations.ingest import BatchResult

    result = BatchResult()
    result.fail(Path("in/a.pdf"), "damaged", "in/a.pdf: damaged PDF: PdfReadError: no Root object")
    result.fail(Path("in/b.pdf"), "not-a-pdf", "in/b.pdf: not a PDF: the file has no %PDF- header")
    with render.out.capture() as captured:
        render.batch(result)
    text = captured.get()
    assert "damaged    in/a.pdf: PdfReadError: no Root object" in text
    assert "not a PDF  in/b.pdf: the file has no %PDF- header" in text
    assert "0 added, 0 already present, 2 failed" in text


def test_show_counts_each_documents_mentions_once() -> None:
    """An evidence item carries its document's count: three quotes from one document are not 3x it."""
    from learnkit.models import Evidence, Record, Theme, ThemeTag

    quotes = [Evidence("a.pdf", page, f"Sentence {page} about hidden men.", 7) for page in (2, 3, 5)]
    quotes.append(Evidence("b.pdf", 1, "Hidden men again.", 2))
    record = Record("r", "A review", "learning-review", themes=[ThemeTag("hidden-men", "detected", quotes)])
    themes = {"hidden-men": Theme("hidden-men", "Hidden men", "parents and household")}
    with render.out.capture() as captured:
        render.show(record, themes, [], evidence=True)
    text = captured.get()
    assert "Hidden men  detected (9 mentions)" in text
    assert "a.pdf: 7 mentions" in text and "b.pdf: 2 mentions" in text
    assert "p. 3: “Sentence 3 about hidden men.”" in text
    assert text.index("a.pdf: 7") < text.index("p. 2:") < text.index("p. 5:") < text.index("b.pdf: 2")


def test_a_long_path_before_an_arrow_is_not_cut_at_its_hyphens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render.out, "width", 80)
    path = "/reviews/2019/aaliyah-blackpool-serious-case-review.pdf"
    lines: list[Text] = []
    render._hang(lines, "added", Text(f"{path} → aaliyah-blackpool, 55 pages, 133,559 characters"), 7)
    assert len(lines) > 1  # it had to wrap (80 columns)
    assert any(path in line.plain for line in lines)  # and the path is whole on one line


def test_plain_output_is_what_rich_writes_where_no_style_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    def console(**options: object) -> Console:
        return Console(file=io.StringIO(), highlight=False, soft_wrap=False, width=80, **options)  # type: ignore[arg-type]

    def written(con: Console) -> str:
        return con.file.getvalue()  # type: ignore[attr-defined, no-any-return]

    # Styled lines with markup-like brackets, wide characters and a control character from a PDF.
    lines = [
        Text("Heading", style="bold underline"),
        Text("[bold]not markup[/bold] • 子供 ") + Text("slug-name", style="green"),
        Text("a bell\x07 gone", style="dim"),
        Text(""),
        Text("last"),
    ]
    for case in (lines, [*lines, Text("a\ttab, which Rich expands")]):
        rich_way = console(color_system=None)
        rich_way.print(Text("\n").join([line.copy() for line in case]), soft_wrap=True)
        direct = console(color_system=None)
        monkeypatch.setattr(render, "out", direct)
        render._emit(case)
        assert written(direct) == written(rich_way)
        assert "\x07" not in written(direct) and "[bold]not markup[/bold]" in written(direct)
        # Captured by Rich (as tests do), it still goes to the capture.
        with direct.capture() as captured:
            render._emit(case)
        assert captured.get() == written(rich_way)

    # Where styles show, Rich writes them.
    styled = console(force_terminal=True, color_system="standard")
    monkeypatch.setattr(render, "out", styled)
    render._emit(lines)
    assert "\x1b[" in written(styled)
