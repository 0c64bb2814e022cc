"""``learnkit new``: what's new in the library since a date or since the last digest, by theme.

It parses its options, calls :func:`learnkit.operations.digest.digest` and writes
the digest (:mod:`learnkit.output.digest`) to stdout or a file, then says in one
line on stderr what it wrote.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from learnkit.commands.common import ForceOpt, OutputOpt, library
from learnkit.commands.registry import CommandSet

commands = CommandSet()


@commands.command()
def new(
    ctx: typer.Context,
    since: Annotated[
        str,
        typer.Option("--since", help="last (since the last digest), or a date: 2026, 2026-11, 2026-11-01."),
    ] = "last",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, markdown or html.")] = "text",
    output: OutputOpt = None,
    force: ForceOpt = False,
    search: Annotated[
        Optional[str], typer.Option("--search", help="Only the records a saved search finds (by its name).")
    ] = None,
    include_restricted: Annotated[
        bool, typer.Option("--include-restricted", help="Also tell of restricted and unpublished records.")
    ] = False,
) -> None:
    """Tell what was added or changed since the last digest (or a date), by theme, for an e-mail.

    Example: learnkit new   |   learnkit new --since 2026-11-01 --format html -o whats-new.html
    """
    from learnkit.operations.digest import digest
    from learnkit.output.console import note, write_text
    from learnkit.output.digest import render

    made = digest(library(ctx), since, fmt, output, force, search, include_restricted)
    text = render(made)
    if made.output is not None:
        from learnkit.operations.outfile import write_file

        write_file(made.output, text)
    else:
        write_text(text)
    note(made.message)
