"""Commands that read and keep the library: search, show, list, themes, export, import, path, reindex.

Each parses its arguments, calls one operation and emits the result; nothing
else (see :mod:`learnkit.commands.emit`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from learnkit.commands.common import (
    AreaOpt,
    ForceOpt,
    JsonOpt,
    KindOpt,
    OutputOpt,
    RecordArg,
    SinceOpt,
    StatusOpt,
    ThemeOpt,
    UntilOpt,
    complete_theme,
    export_format,
    filters,
    library,
    words,
)
from learnkit.commands.emit import emit
from learnkit.commands.query import QueryCommand
from learnkit.commands.registry import CommandSet

commands = CommandSet()


@commands.command(cls=QueryCommand)
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help='Words, "quoted phrases", prefix*, OR, -excluded.')],
    kind: KindOpt = None,
    theme: ThemeOpt = None,
    area: AreaOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many records.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Search records and their documents' text.

    Example: learnkit search neglect --since 2015   |   learnkit search '"voice of the child"'
    """
    from learnkit.operations import browse

    emit(browse.search(library(ctx), query, filters(kind, theme, area, status, since, until), limit), as_json)


@commands.command()
def show(
    ctx: typer.Context,
    name: RecordArg,
    text: Annotated[
        bool, typer.Option("--text", help="Page through the extracted text of its documents.")
    ] = False,
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Show why each detected theme was given.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Show one record: summary, themes, learning, related records, documents.

    Example: learnkit show rosza-malika   |   learnkit show pelka
    """
    from learnkit.operations import browse

    emit(browse.show(library(ctx), words(name), text=text, evidence=evidence, as_json=as_json), as_json)


@commands.command("list")
def list_(
    ctx: typer.Context,
    kind: KindOpt = None,
    theme: ThemeOpt = None,
    area: AreaOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List records, newest first.

    Example: learnkit list --kind multi-agency-audit
    """
    from learnkit.operations import browse

    emit(browse.list_records(library(ctx), filters(kind, theme, area, status, since, until)), as_json)


@commands.command()
def themes(
    ctx: typer.Context,
    name: Annotated[
        Optional[list[str]],
        typer.Argument(
            help="A theme's id, label or alias (several words are one name).", autocompletion=complete_theme
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the themes with how many records have each, or show one theme and its records.

    Example: learnkit themes   |   learnkit themes hidden men
    """
    from learnkit.operations import browse

    emit(browse.themes(library(ctx), words(name)), as_json)


@commands.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json, jsonl, csv or markdown.", callback=export_format)
    ] = "json",
    output: OutputOpt = None,
    force: ForceOpt = False,
    include_restricted: Annotated[
        bool, typer.Option("--include-restricted", help="Also export restricted and unpublished records.")
    ] = False,
    kind: KindOpt = None,
    theme: ThemeOpt = None,
    area: AreaOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
) -> None:
    """Export records as JSON, JSON lines, CSV (opens in Excel) or Markdown.

    Example: learnkit export --format csv -o learning.csv
    """
    from learnkit.operations import exporting

    chosen = filters(kind, theme, area, status, since, until)
    emit(exporting.export(library(ctx), fmt, chosen, output, force, include_restricted))


@commands.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A record file (.toml or .json) or a folder of them.")],
    as_json: JsonOpt = False,
) -> None:
    """Import record files, validated, added or updated by slug.

    Example: learnkit import my-records/
    """
    from learnkit.operations import browse

    emit(browse.import_records(library(ctx), path), as_json)


@commands.command()
def path(
    ctx: typer.Context,
    sizes: Annotated[
        bool, typer.Option("--sizes", help="Also add up the bytes in each folder (a stat of every file).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Print where the library is and the files in it.

    Example: learnkit path   |   learnkit path --sizes
    """
    from learnkit.operations import browse

    emit(browse.where(library(ctx), sizes), as_json)


@commands.command()
def reindex(
    ctx: typer.Context,
    redetect: Annotated[
        bool, typer.Option("--redetect", help="Detect themes again even if the taxonomy has not changed.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Rebuild the search index; detect themes again if the taxonomy changed (or with --redetect).

    Example: learnkit reindex
    """
    from learnkit.operations import browse
    from learnkit.output.console import progress_counts

    lib = library(ctx)
    with progress_counts("Reindexing") as count:
        result = browse.reindex(lib, redetect, count)
    emit(result, as_json)
