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
from learnkit.errors import InvalidError

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


# Options whose value may be left out: alone, they mean something of their own.
OPTIONAL_VALUE = frozenset({"--saved"})


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
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        if arg == "--":
            words.extend(args[i:])
            break
        if name in takes_value:
            following = args[i] if "=" not in arg and i < len(args) else None
            if arg in OPTIONAL_VALUE and (following is None or following.startswith("-")):
                options.append(arg + "=")  # given alone: its empty value says so (``search --saved`` lists)
                continue
            options.append(arg)
            if following is not None:
                options.append(following)  # the option's value, whatever it looks like
                i += 1
        elif arg in flags or (arg.startswith("--") and len(arg) > 2):
            options.append(arg)  # a flag, or an unknown --option for Click to report
        else:
            words.append(arg)
    return [*options, "--", *words] if words else options


@commands.command(cls=QueryCommand)
def search(
    ctx: typer.Context,
    query: Annotated[
        Optional[list[str]], typer.Argument(help='Words, "quoted phrases", prefix*, OR, -excluded.')
    ] = None,
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
    save: Annotated[
        Optional[str], typer.Option("--save", help="Keep this search (words and filters) under a name.")
    ] = None,
    saved_name: Annotated[
        Optional[str],
        typer.Option(
            "--saved",
            help="Run the search saved under this name; --saved alone lists them.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Search records and their documents' text; keep a search with --save, run it again with --saved.

    Example: learnkit search neglect --since 2015 --save recent   |   learnkit search --saved recent
    """
    from learnkit.operations import browse, saved

    given = filters(kind, theme, area, status, since, until)
    if save is not None:
        saved.check_name(save)  # before any work
    if saved_name == "":
        if query or save is not None:
            raise InvalidError("--saved alone lists the saved searches; give --saved NAME to run one")
        listed = saved.saved(library(ctx))
        if as_json:
            from learnkit.output.console import write_json

            write_json(listed.to_json())
        else:
            from learnkit.output.console import write_text

            write_text("\n".join(listed.lines()) + "\n")
        return
    lib = library(ctx)
    text = words(query)
    if saved_name is not None:
        if query:
            raise InvalidError("give either words to search for or --saved NAME, not both")
        kept = saved.get(lib, saved_name)
        text, given = kept.query, saved.merged(kept, given)
    result = browse.search(lib, [text], given, limit)
    if save is not None:
        kept = saved.save(lib, save, text, given)
        result.notes.append(f"saved this search as '{save}': learnkit search --saved {save}")
    emit(result, as_json)


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
    """Show one record: summary, themes, learning, recommendations with their responses and actions.

    Example: learnkit show rosza-malika   |   learnkit show pelka
    """
    from learnkit.knowledge.actions import today
    from learnkit.operations import analysis

    on = today()  # once: every action's RAG is worked out on the same day (LEARNKIT_TODAY fixes it)
    shown = analysis.show(library(ctx), words(name), on, text=text, evidence=evidence, as_json=as_json)
    emit(shown, as_json)


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
    actions: Annotated[
        bool, typer.Option("--actions", help="Also count the open actions of each theme's records.")
    ] = False,
    include_restricted: Annotated[
        bool,
        typer.Option(
            "--include-restricted",
            help="With --actions: also count restricted and unpublished records' actions.",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """List the themes with how many records (and, with --actions, open actions) have each, or one theme.

    Example: learnkit themes   |   learnkit themes --actions   |   learnkit themes hidden men
    """
    from learnkit.operations import analysis

    emit(analysis.themes(library(ctx), words(name), as_json, actions, include_restricted), as_json)


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
