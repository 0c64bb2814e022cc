"""The consoles a command prints through, the pager, and plain writes to stdout.

A command's consoles are made for that command (a command starts with
:func:`learnkit.output.start`; they are made when it first prints), not
when this module is imported, so the width is the terminal's (or ``COLUMNS``)
then. It is then read once and kept for the command: Rich asks the terminal
(three system calls) every time the width is read, and the layout reads it for
every line (0.15 s of ``list`` at 2,000 records). A command is over before
anyone resizes their terminal. Code that prints outside a command (a test, a
script) gets consoles made on first use.

Everything learnkit prints goes through here or through the consoles given here:
human output on stdout, one-line messages (errors, warnings, notes) and progress
bars on stderr, ``--json`` on stdout. It is the one
module that imports Rich: the others take ``Text`` (and the progress bar) from here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text

import learnkit.output as session

__all__ = [
    "Console",
    "Text",
    "begin",
    "clean",
    "clean_text",
    "emit",
    "err",
    "error",
    "message_line",
    "note",
    "one_line",
    "out",
    "paged",
    "progress",
    "progress_counts",
    "progress_steps",
    "warn",
    "write_json",
    "write_text",
]

NO_PAGER_VARIABLE = "LEARNKIT_NO_PAGER"
# less: -F quits at once when the text fits on the screen, -R shows colours (not "ESC[1m"), -X leaves
# the text on the screen after quitting. Used only when the user has not set LESS themselves.
LESS_OPTIONS = "-FRX"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Control characters (C0 but tab and newline, DEL, C1): an imported title or a PDF's file name holding
# ESC could clear the screen, retitle the terminal or hide a link (OSC 8). Taken out of every line
# written, whatever it came from.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# An export to stdout keeps its line ends (CSV's are CR LF), and loses the rest.
_EXPORT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
# A message is one line of at most this many characters; a value longer than this is cut.
MESSAGE_MAX = 480
VALUE_MAX = 160
_LONG_VALUE = re.compile(rf"\S{{{VALUE_MAX + 1},}}")


@dataclass(repr=False, eq=False)
class _State:
    out: Console | None = None
    err: Console | None = None
    command: int = -1  # the session's number of the command they were made for
    paging: bool = False  # inside paged(): output is collected for the pager


_state = _State()


def clean(text: str) -> str:
    """Text with its control characters taken out (tab and newline kept)."""
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


def clean_text(text: Text) -> Text:
    """A Text with its control characters taken out, keeping its styles."""
    plain = text.plain
    if not _CONTROLS.search(plain):
        return text
    cuts = sorted({i for m in _CONTROLS.finditer(plain) for i in (m.start(), m.end())})
    pieces = text.divide(cuts)
    return Text("").join(p for p in pieces if not _CONTROLS.fullmatch(p.plain))


def one_line(message: str) -> str:
    """A message as one line of bounded length: controls and line breaks out, long values cut with "…"."""
    message = " ".join(clean(message).split())
    half = VALUE_MAX // 2  # a long path keeps its start and its file name
    message = _LONG_VALUE.sub(lambda m: m.group(0)[:half] + "…" + m.group(0)[-half:], message)
    if len(message) > MESSAGE_MAX:  # its end says what to do: kept, the middle cut
        tail = MESSAGE_MAX // 2
        message = message[: MESSAGE_MAX - tail - 1] + "…" + message[-tail:]
    return message


class _CleanConsole(Console):
    """A console that takes control characters out of every text it prints (the styles are Rich's)."""

    def print(self, *objects: Any, **settings: Any) -> None:
        cleaned = [
            clean_text(o) if isinstance(o, Text) else clean(o) if isinstance(o, str) else o for o in objects
        ]
        super().print(*cleaned, **settings)


def _console(stderr: bool) -> Console:
    console = _CleanConsole(stderr=stderr, highlight=False, soft_wrap=False)
    console.width = console.width  # read now, kept for the command (see the module's docstring)
    return console


def begin(pager: bool = True) -> None:
    """A command starts now (see :func:`learnkit.output.start`); its consoles are made now."""
    session.start(pager)
    _current()


def _current() -> _State:
    if _state.command != session.command_number() or _state.out is None or _state.err is None:
        _state.out = _console(stderr=False)
        _state.err = _console(stderr=True)
        _state.command = session.command_number()
        _state.paging = False
    return _state


def out() -> Console:
    """The console for the command's output (stdout)."""
    console = _current().out
    assert console is not None
    return console


def err() -> Console:
    """The console for messages (stderr)."""
    console = _current().err
    assert console is not None
    return console


def width() -> int:
    """The output's width in columns."""
    return out().width


def emit(lines: list[Text]) -> None:
    """Print lines already fitted to the width, in one call.

    Where no style can show (a pipe, a file, a dumb terminal: Rich has no colour
    system) the lines' plain text is what Rich would write, so it is written
    directly: Rich's rendering is a tenth of ``show``'s time. Text objects have
    already had control characters taken out. Rich's own path is kept while
    output is collected for the pager or recorded, and for a tab.
    """
    if not lines:
        return
    lines = [clean_text(line) for line in lines]
    console = out()
    if console.color_system is None and not console.record and not _state.paging:
        plain = "\n".join([line.plain for line in lines])
        if "\t" not in plain:  # Rich expands tabs to its tab stops
            file = console.file
            file.write(plain + "\n")
            file.flush()
            return
    console.print(Text("\n").join(lines), soft_wrap=True)


def print_line(text: Text) -> None:
    """One line (or a few) of output, wrapped by Rich."""
    out().print(clean_text(text))


def write_text(text: str) -> None:
    """Text as it is (an export, a briefing) to stdout, but for control characters."""
    sys.stdout.write(_EXPORT_CONTROLS.sub("", text))
    sys.stdout.flush()


def write_json(data: Any) -> None:
    """``--json`` output: indented, UTF-8 as it is (no \\u escapes)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def _screen_lines() -> int:
    return shutil.get_terminal_size().lines


@contextmanager
def paged(enabled: bool = True) -> Iterator[None]:
    """Send what is printed inside through a pager: on a terminal, when it is longer than the screen.

    Not with ``--no-pager`` or ``LEARNKIT_NO_PAGER`` set. The pager is ``$PAGER``,
    else ``less`` (``more`` on Windows); for less, ``LESS`` is set to -FRX when
    unset, so colours show as colours.
    """
    console = out()
    use = enabled and session.may_page() and console.is_terminal and not os.environ.get(NO_PAGER_VARIABLE)
    if not use or _state.paging:
        yield
        return
    _state.paging = True
    try:
        with console.capture() as captured:
            yield
    finally:
        _state.paging = False
    text = captured.get()
    if text.count("\n") < _screen_lines():
        console.file.write(text)
        console.file.flush()
        return
    _page(text)


def _page(text: str) -> None:
    import pydoc

    if sys.platform == "win32" and not os.environ.get("PAGER"):
        text = _ANSI.sub("", text)  # Windows' more shows escape codes as they are
    os.environ.setdefault("LESS", LESS_OPTIONS)
    pydoc.pager(text)


class _NoProgress:
    """What ``progress`` gives when stderr is not a terminal: takes the updates, shows nothing."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, description: str, total: float | None = None) -> int:
        return 0

    def update(self, task: int, **fields: Any) -> None:
        return None


def progress(description: str) -> Any:
    """A progress bar on stderr; nothing (and no Rich progress machinery loaded) when it is not a terminal."""
    if not sys.stderr.isatty():
        return _NoProgress()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err(),
        transient=True,
    )


@contextmanager
def progress_steps(label: str) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar (see :func:`progress`) and the function that moves it: step(file name, done, total)."""
    with progress(label) as bar:
        task = bar.add_task(label, total=None)

        def step(name: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=f"{label} {name}"[:60])

        yield step


@contextmanager
def progress_counts(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar (see :func:`progress`) and the function that moves it: count(done, total)."""
    with progress(label) as bar:
        task = bar.add_task(label, total=None)

        def count(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield count


# One-line messages on stderr: errors, warnings and notes. Each is one line whatever the terminal's width
# (soft wrap), so a script can read it and a person sees it whole. They never carry a record's text.


def error(message: str, candidates: Sequence[str] = ()) -> None:
    """``error: message`` and, when given, the names the user may have meant."""
    line = Text("error: ", style="bold red")
    line.append(one_line(message))
    if candidates:  # on the same line: an error is one line
        line.append(" " + one_line("(did you mean: " + ", ".join(candidates[:5]) + "?)"), style="yellow")
    err().print(line, soft_wrap=True)


def warn(message: str) -> None:
    err().print(Text("warning: ", style="yellow") + Text(one_line(message)), soft_wrap=True)


def note(message: str) -> None:
    err().print(Text(one_line(message), style="dim"), soft_wrap=True)


def message_line(label: Text, message: str) -> None:
    """A labelled one-line message on stderr (an account's failure): never wrapped, bounded."""
    err().print(label + Text(one_line(message)), soft_wrap=True)
