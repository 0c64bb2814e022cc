"""Commands that turn reading into learning: brief, trends, related, repeats.

Each parses its arguments, calls one operation (:mod:`learnkit.operations.briefing`,
:mod:`learnkit.operations.analysis`) and emits the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from learnkit.commands.common import (
    ForceOpt,
    JsonOpt,
    OutputOpt,
    RecordArg,
    brief_format,
    complete_subject,
    complete_theme,
    emit,
    in_range,
    library,
    words,
)
from learnkit.commands.registry import CommandSet
from learnkit.errors import InvalidError

commands = CommandSet()

IncludeRestrictedOpt = Annotated[
    bool,
    typer.Option(
        "--include-restricted", help="Also count restricted and unpublished records (not to share)."
    ),
]


@commands.command()
def brief(
    ctx: typer.Context,
    subject: Annotated[
        list[str],
        typer.Argument(
            help="A theme (id, label or alias) or a record (slug or words of its title).",
            autocompletion=complete_subject,
        ),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="markdown, html or docx (Word).", callback=brief_format)
    ] = "markdown",
    output: OutputOpt = None,
    force: ForceOpt = False,
    include_restricted: Annotated[
        bool, typer.Option("--include-restricted", help="Also draw on restricted and unpublished records.")
    ] = False,
    by: Annotated[str, typer.Option("--by", help="The partnership's name, printed under the heading.")] = "",
    logo: Annotated[
        Optional[Path], typer.Option("--logo", help="The partnership's logo: a PNG, JPEG or SVG file.")
    ] = None,
    since: Annotated[
        Optional[int], typer.Option("--since", help="Only draw on records dated in or after this year.")
    ] = None,
) -> None:
    """Write a 7-minute briefing on a theme or a record, quoting the records' own learning.

    Example: learnkit brief neglect --format html --by "Bedford Borough Partnership" -o neglect.html
    """
    from learnkit.operations import briefing

    if fmt == "docx":
        from learnkit.output import briefdocx

        if not briefdocx.available():
            raise InvalidError(briefdocx.INSTALL)
    result = briefing.brief(
        library(ctx), words(subject), fmt, output, force, include_restricted, by, logo, since
    )
    if fmt != "docx":
        emit(result)
        return
    from learnkit.output.console import note

    assert result.output is not None  # the operation refuses a Word briefing without -o
    briefing.write_bytes(result.output, briefdocx.to_docx(result.brief))
    note(result.message)


@commands.command()
def trends(
    ctx: typer.Context,
    by: Annotated[str, typer.Option("--by", "-b", help="Count per year, kind or area.")] = "year",
    theme: Annotated[
        Optional[str],
        typer.Option(
            "--theme", "-t", help="Only this theme (id, label or alias).", autocompletion=complete_theme
        ),
    ] = None,
    actions: Annotated[
        bool, typer.Option("--actions", help="Also count the open actions of the records, by theme.")
    ] = False,
    include_restricted: IncludeRestrictedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Show how often each theme appears per year, kind or area, and which themes go together.

    Example: learnkit trends --by kind   |   learnkit trends --theme neglect   |   learnkit trends --actions
    """
    from learnkit.operations import analysis

    emit(analysis.trends(library(ctx), by, theme, include_restricted, actions), as_json)


@commands.command()
def related(
    ctx: typer.Context,
    name: RecordArg,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", callback=in_range("-n/--limit", 1, 10000), help="Show at most this many records."
        ),
    ] = 5,
    include_restricted: IncludeRestrictedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List the records most like one record: linked ones first, then shared themes and wording.

    Example: learnkit related rosza-malika -n 10
    """
    from learnkit.operations import analysis

    emit(analysis.related(library(ctx), words(name), limit, include_restricted), as_json)


@commands.command()
def repeats(
    ctx: typer.Context,
    min_records: Annotated[
        int,
        typer.Option(
            "--min-records",
            "-m",
            callback=in_range("--min-records", 2, 10000),
            help="Only points found in at least this many records.",
        ),
    ] = 2,
    include_restricted: IncludeRestrictedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List learning points and recommendations that recur, in near-identical words, across records.

    Example: learnkit repeats --min-records 3
    """
    from learnkit.operations import analysis

    emit(analysis.repeats(library(ctx), min_records, include_restricted), as_json)
