"""Commands that turn reading into learning: brief, trends, related, repeats.

They follow :mod:`learnkit.commands.main`: parse arguments, call the library and the pure
functions of :mod:`learnkit.knowledge.learning` and :mod:`learnkit.knowledge.brief`, hand the result
to :mod:`learnkit.output.render` or print it as JSON. ``register(app)`` adds them to
the application; LearnkitGroup there catches every LearnkitError.

``learnkit.commands.main`` is imported inside the functions (it imports this module to
register the commands, so importing it at the top would be a cycle).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

if TYPE_CHECKING:
    from learnkit.models import Record
    from learnkit.operations.library import Library

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table (keys in the README).")]


def _library(ctx: typer.Context) -> Library:
    from learnkit.commands.main import _library as open_library

    return open_library(ctx)


def _json(data: Any) -> None:
    from learnkit.commands.main import _json as print_json

    print_json(data)


def brief(
    ctx: typer.Context,
    subject: Annotated[str, typer.Argument(help="A theme (id, label or alias) or a record's slug.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="markdown or html.")] = "markdown",
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file (atomically).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
    include_restricted: Annotated[
        bool, typer.Option("--include-restricted", help="Also draw on restricted and unpublished records.")
    ] = False,
) -> None:
    """Write a 7-minute briefing on a theme or a record, quoting the records' own learning.

    Example: learnkit brief neglect --format html -o neglect-briefing.html
    """
    from learnkit.errors import InvalidError, NotFoundError
    from learnkit.knowledge.brief import FORMATS, make_brief, render

    if fmt not in FORMATS:
        raise InvalidError(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    from learnkit.commands.main import check_output, write_output

    check_output(output, force)
    lib = _library(ctx)
    theme = lib.taxonomy.resolve(subject)
    related_titles: dict[str, str] = {}
    records: list[Record]
    if theme is not None:
        _, records = lib.theme(theme.id)
        made = make_brief(theme, records, lib.taxonomy, related_titles, include_restricted)
    else:
        try:
            record = lib.get(subject)
        except NotFoundError as exc:
            candidates = lib.taxonomy.suggest(subject, 3) + exc.candidates[:3]
            raise NotFoundError(
                f"no theme or record '{subject}'; see: learnkit themes, learnkit list", candidates
            ) from None
        present = lib.index().titles(record.related)
        records = [record, *(lib.get(slug) for slug in record.related if slug in present)]
        made = make_brief(record, records, lib.taxonomy, related_titles, include_restricted)
    write_output(output, render(made, fmt))
    from learnkit.models import counted
    from learnkit.output import render as show

    count = len(made.sources)
    message = f"briefing on '{made.subject_id}' from {counted(count, 'record')}"
    if output is not None:
        message = f"wrote {message} to {output}"
    if made.left_out:
        message += (
            f"; left out {made.left_out} restricted or unpublished (add --include-restricted to include them)"
        )
    show.note(message)


def trends(
    ctx: typer.Context,
    by: Annotated[str, typer.Option("--by", "-b", help="Count per year, kind or area.")] = "year",
    theme: Annotated[
        Optional[str], typer.Option("--theme", "-t", help="Only this theme (id, label or alias).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show how often each theme appears per year, kind or area, and which themes go together.

    Example: learnkit trends --by kind   |   learnkit trends --theme neglect
    """
    from learnkit.knowledge.learning import trends as count_trends

    lib = _library(ctx)
    if theme is not None:
        theme = lib.theme_by_name(theme).id
    data = count_trends(lib.records(), lib.taxonomy, by=by, theme=theme)
    if as_json:
        _json(data)
        return
    from learnkit.output import render

    with render.paged():
        render.trends(data)


def related(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The record's slug, or a unique start of it.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many records.")] = 5,
    as_json: JsonOpt = False,
) -> None:
    """List the records most like one record: linked ones first, then shared themes and wording.

    Example: learnkit related rosza-malika -n 10
    """
    from learnkit.errors import InvalidError
    from learnkit.knowledge.learning import similar

    if limit < 1:
        raise InvalidError("-n/--limit must be at least 1")
    lib = _library(ctx)
    record = lib.get(slug)
    results = similar(record, lib.records(), lib.taxonomy, n=limit)
    if as_json:
        _json({"slug": record.slug, "title": record.title, "count": len(results), "results": results})
        return
    from learnkit.output import render

    render.related(record.slug, record.title, results)


def repeats(
    ctx: typer.Context,
    min_records: Annotated[
        int, typer.Option("--min-records", "-m", help="Only points found in at least this many records.")
    ] = 2,
    as_json: JsonOpt = False,
) -> None:
    """List learning points and recommendations that recur, in near-identical words, across records.

    Example: learnkit repeats --min-records 3
    """
    from learnkit.errors import InvalidError
    from learnkit.knowledge.learning import REPEAT_THRESHOLD
    from learnkit.knowledge.learning import repeats as find_repeats

    if min_records < 2:
        raise InvalidError("--min-records must be at least 2 (a point recurs in two records or more)")
    lib = _library(ctx)
    groups = find_repeats(lib.records(), min_records=min_records)
    if as_json:
        _json(
            {
                "threshold": REPEAT_THRESHOLD,
                "min_records": min_records,
                "count": len(groups),
                "results": groups,
            }
        )
        return
    from learnkit.output import render

    with render.paged():
        render.repeats(groups, min_records)


COMMANDS: dict[str, Callable[..., None]] = {
    "brief": brief,
    "trends": trends,
    "related": related,
    "repeats": repeats,
}


def register(app: typer.Typer) -> None:
    """Add brief, trends, related and repeats to ``app`` (once: calling it again changes nothing)."""
    have = {info.callback for info in app.registered_commands}
    for name, command in COMMANDS.items():
        if command not in have:
            app.command(name)(command)
