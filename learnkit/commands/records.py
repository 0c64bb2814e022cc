"""Commands that read and keep the library: search, show, list, themes, export, import, path, reindex.

Each parses its arguments, calls one operation and emits the result; nothing
else (see :func:`learnkit.commands.common.emit`). ``search`` reads its words with
:class:`QueryCommand`, so that ``-word`` leaves a word out.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from typer.core import TyperCommand

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
    emit,
    export_format,
    filters,
    in_range,
    library,
    words,
)
from learnkit.commands.registry import CommandSet

if TYPE_CHECKING:
    from typer import _click as click

commands = CommandSet()


class QueryCommand(TyperCommand):
    """A command whose arguments are a search query, in which ``-word`` leaves a word out.

    Click would read ``-alcohol`` as ``-a lcohol`` (``--area``) and ``-"of the"``
    as an unknown option. Here a word that starts with "-" and is not one of the
    command's options, written exactly, is part of the query, wherever it
    stands among the options. An unknown ``--long`` option is still an error.
    Options are written apart from their values (``-n 5``, ``--limit=5``).
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, query_last(self.get_params(ctx), args))


def query_last(params: list[click.Parameter], args: list[str]) -> list[str]:
    """``args`` with the options first, then ``--`` and every word of the query."""
    takes_value: set[str] = set()
    flags: set[str] = set()
    for param in params:
        names = [*param.opts, *param.secondary_opts]
        if not names[0].startswith("-"):
            continue  # an argument
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            flags.update(names)
        else:
            takes_value.update(names)
    options: list[str] = []
    words: list[str] = []
    rest = iter(args)
    for arg in rest:
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        if arg == "--":
            words.extend(rest)
        elif name in takes_value:
            options.append(arg)
            value = None if "=" in arg else next(rest, None)
            if value is not None:
                options.append(value)  # the option's value, whatever it looks like
        elif arg in flags or (arg.startswith("--") and len(arg) > 2):
            options.append(arg)  # a flag, or an unknown --option for Click to report
        else:
            words.append(arg)
    return [*options, "--", *words] if words else options


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
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            "-n",
            callback=in_range("-n/--limit", 1, 100000),
            help="Show at most this many records.",
        ),
    ] = 20,
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

    emit(browse.themes(library(ctx), words(name), as_json), as_json)


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
