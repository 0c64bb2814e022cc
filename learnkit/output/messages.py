"""One-line messages on stderr: errors, warnings and notes.

Each is one line whatever the terminal's width (soft wrap), so a script can read
it and a person sees it whole. Messages never carry a record's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from learnkit.output.console import Text, err


def error(message: str, candidates: Sequence[str] = ()) -> None:
    """``error: message`` and, when given, the names the user may have meant."""
    line = Text("error: ", style="bold red")
    line.append(message)
    err().print(line, soft_wrap=True)
    if candidates:
        err().print(Text("did you mean: " + ", ".join(candidates), style="yellow"))


def warn(message: str) -> None:
    err().print(Text("warning: ", style="yellow") + Text(message), soft_wrap=True)


def note(message: str) -> None:
    err().print(Text(message, style="dim"), soft_wrap=True)
