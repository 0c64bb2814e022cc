"""Commands that read PDFs into the library: add, attach and ingest, each with a progress bar.

Each parses its arguments, calls one operation (:mod:`learnkit.operations.batch`)
and emits its account: every file with what happened to it; exit 1 when a file failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from learnkit.commands.common import (
    JsonOpt,
    PasswordOpt,
    TimeoutOpt,
    complete_slug,
    complete_theme,
    emit,
    in_range,
    library,
)
from learnkit.commands.registry import CommandSet

commands = CommandSet()

# Options that add and ingest share: what the user says of every record they make wins over what is read.
ThemesOpt = Annotated[
    Optional[list[str]],
    typer.Option("--theme", "-t", help="A theme to give it (repeatable).", autocompletion=complete_theme),
]
PublisherOpt = Annotated[str, typer.Option("--publisher", help="Publisher, e.g. the partnership's name.")]
KindOpt = Annotated[Optional[str], typer.Option("--kind", "-k", help="Kind (default: guessed).")]
DateOpt = Annotated[str, typer.Option("--date", help="YYYY, YYYY-MM, YYYY-MM-DD or start/end.")]
AreaOpt = Annotated[str, typer.Option("--area", "-a", help="Area, e.g. Bedford Borough.")]
StatusOpt = Annotated[
    Optional[str],
    typer.Option(
        "--status", "-s", help="Status, e.g. restricted (default: published, or as the PDF is marked)."
    ),
]


@commands.command()
def add(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="PDF files; each becomes a new record.")],
    slug: Annotated[
        Optional[str], typer.Option("--slug", help="Slug for the record (one file only).")
    ] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title (default: the PDF's own).")] = None,
    kind: KindOpt = None,
    date: DateOpt = "",
    area: AreaOpt = "",
    status: StatusOpt = None,
    theme: ThemesOpt = None,
    publisher: PublisherOpt = "",
    password: PasswordOpt = None,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Add PDFs, one new record each: text extracted, themes detected, summarised.

    Example: learnkit add review.pdf --kind learning-review --date 2019-05 --area "Bedford Borough"
    """
    from learnkit.operations import batch
    from learnkit.operations.ingest import NewRecordOptions
    from learnkit.output.console import progress_steps

    options = NewRecordOptions(slug, title, kind, date, area, status, list(theme or []), publisher)
    lib = library(ctx)
    with progress_steps("Adding") as step:
        result = batch.add(lib, files, options, password, timeout, step)
    emit(result, as_json)


@commands.command()
def attach(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The record to attach to.", autocompletion=complete_slug)],
    files: Annotated[list[Path], typer.Argument(help="PDF files to attach.")],
    password: PasswordOpt = None,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Attach PDFs to an existing record.

    Example: learnkit attach rosza-malika rosza-malika-briefing.pdf
    """
    from learnkit.operations import batch
    from learnkit.output.console import progress_steps

    lib = library(ctx)
    with progress_steps("Attaching") as step:
        result = batch.attach(lib, slug, files, password, timeout, step)
    emit(result, as_json)


@commands.command()
def ingest(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="A folder; every PDF under it, recursively.")],
    jobs: Annotated[
        Optional[int],
        typer.Option(
            "--jobs",
            "-j",
            callback=in_range("--jobs", 1, 256),
            help="Worker processes (default: every core).",
        ),
    ] = None,
    kind: KindOpt = None,
    date: DateOpt = "",
    area: AreaOpt = "",
    status: StatusOpt = None,
    theme: ThemesOpt = None,
    publisher: PublisherOpt = "",
    password: PasswordOpt = None,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Add every PDF under a folder, read in parallel, with an account of each file.

    Example: learnkit ingest ~/reviews --jobs 2 --status restricted --area "Bedford Borough"
    """
    from learnkit.operations import batch
    from learnkit.operations.ingest import NewRecordOptions
    from learnkit.output.console import progress_steps

    options = NewRecordOptions(None, None, kind, date, area, status, list(theme or []), publisher)
    lib = library(ctx)
    with progress_steps("Ingesting") as step:
        result = batch.ingest(lib, folder, options, jobs, password, timeout, step)
    emit(result, as_json)
