"""Layout: lines of Rich Text wrapped to the width with a hanging indent, cells, bars and snippets.

Output is built from lines of Text, wrapped here to the console's width with a
hanging indent, and printed in one call (:func:`learnkit.output.console.emit`):
no Rich tables or panels. They cost a command a fifth of its start-up to import
and lay out, and at 80 columns (any pipe) they squeezed titles into slivers and
cut the slugs and theme ids that people copy into the next command. Every piece
of record or document text goes into a ``Text`` object, never into a markup
string, so "[brackets]" in a report are shown as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from learnkit.models import MARK_END, MARK_START
from learnkit.output import console
from learnkit.output.console import Text


def snippet(text: str) -> Text:
    """A snippet with the matched words marked (markers from the index)."""
    result = Text()
    marked = False
    for part in text.replace(MARK_END, MARK_START).split(MARK_START):
        if part:
            result.append(part, style="bold yellow" if marked else "")
        marked = not marked
    return result


def themes_text(ids: Sequence[str], labels: dict[str, str], limit: int = 4) -> Text:
    shown = [labels.get(i, i) for i in ids[:limit]]
    more = f" +{len(ids) - limit}" if len(ids) > limit else ""
    return Text(", ".join(shown) + more, style="cyan")


def hang(lines: list[Text], prefix: Text | str, body: Text | str, indent: int) -> None:
    """``prefix`` then ``body`` wrapped to the width, every line after the first indented.

    A prefix wider than the indent goes on a line of its own, so nothing is cut.
    """
    head = prefix if isinstance(prefix, Text) else Text(prefix)
    text = body if isinstance(body, Text) else Text(body)
    width = max(console.width() - indent, 20)
    plain = text.plain
    if "\n" not in plain and text.cell_len <= width:
        wrapped = [text]  # fits: most lines do, and wrapping is the costly part of printing
    elif "\n" not in plain and "\t" not in plain and (plain.isascii() or text.cell_len == len(plain)):
        wrapped = wrap_ascii(text, width)  # every character one column wide: breaks only at spaces
    else:
        wrapped = [line.copy() for line in text.wrap(console.out(), width)] if plain else [Text("")]
        for line in wrapped:
            line.rstrip()
    pad = Text(" " * indent)
    if head.cell_len > indent:
        lines.append(head)
        lines.extend(pad + line for line in wrapped)
        return
    head = head + " " * (indent - head.cell_len)
    lines.append(head + wrapped[0])
    lines.extend(pad + line for line in wrapped[1:])


WORD = re.compile(r"\S+")


def wrap_ascii(text: Text, width: int) -> list[Text]:
    """Text of one-column characters (ASCII, and most others) cut between words into lines of ``width``.

    What Rich's Text.wrap does for such text, in a third of the time (it measures
    every character's cells; here a character is one cell). A word longer than a
    line (a file's path, a web address) is not cut, as Rich would fold it: it goes
    whole on a line of its own, so that it can still be copied.
    """
    plain = text.plain
    breaks: list[int] = []
    start = 0
    for match in WORD.finditer(plain):
        begin, end = match.span()
        if end - start > width and begin > start:
            breaks.append(begin)
            start = begin
    lines = list(text.divide(breaks))
    for line in lines:
        line.rstrip()
    return lines


def cell(value: Text | str, width: int, pad: bool = True) -> Text:
    """A value cut to a column's width (with an ellipsis), and padded to it unless ``pad`` is false."""
    text = value.copy() if isinstance(value, Text) else Text(value)
    if text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    if pad:
        text.align("left", width)
    return text


def bar(count: int, top: int, width: int = 24) -> Text:
    return Text("█" * max(1 if count else 0, round(width * count / (top or 1))), style="cyan")


def bar_width(used: int) -> int:
    """How wide a bar may be after ``used`` columns: up to 24, and at least 4."""
    return max(4, min(24, console.width() - used - 1))


def heading(lines: list[Text], title: str) -> None:
    lines.append(Text(title, style="bold underline"))


def fields(lines: list[Text], rows: Sequence[tuple[str, Text | str]]) -> None:
    """Label and value pairs, the values lined up."""
    indent = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        hang(lines, Text(label, style="dim"), value, indent)
