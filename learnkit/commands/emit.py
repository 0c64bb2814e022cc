"""The one way a command's result reaches the user: :func:`emit`.

A result is a dataclass from :mod:`learnkit.operations`. With ``--json`` its
``to_json()`` is printed; else the view named for its class in :data:`VIEWS`
(functions of :mod:`learnkit.output`) shows it to people, through the pager when
the result is ``long``. Then its ``notes`` and ``warnings`` go to stderr, and
its ``exit_code``, if any, ends the command. Results of exports and briefings
are text laid out by output, written to ``-o`` (atomically) or stdout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

View = Callable[[Any], None]
_VIEWS: dict[str, View] = {}


def _written(text: str, result: Any) -> None:
    """An export's or a briefing's text to its file, or to stdout; then the one-line account."""
    from learnkit.output.console import write_text
    from learnkit.output.messages import note

    if result.output is not None:
        from learnkit.operations.outfile import write_file

        write_file(result.output, text)
    else:
        write_text(text)
    note(result.message)


def views() -> dict[str, View]:
    """Each result class's name and the output function that shows it to people."""
    if not _VIEWS:
        _VIEWS.update(_table())
    return dict(_VIEWS)


def _table() -> dict[str, View]:
    from learnkit.output import briefing, export, records, reports
    from learnkit.output.messages import note

    def shown(r: Any) -> None:
        if r.pages is not None:
            records.page_text(r.record, r.pages)
        else:
            records.show(r.record, r.themes, r.related, evidence=r.evidence, similar=r.similar)

    return {
        "Searched": lambda r: records.search(r.result, r.labels),
        "Shown": shown,
        "Listed": lambda r: records.records_table(r.rows(), r.labels),
        "ThemeShown": lambda r: records.theme(r.theme, r.members(), r.labels),
        "ThemeList": lambda r: records.themes(r.rows, r.groups),
        "Where": lambda r: records.path(r.info),
        "Imported": lambda r: records.import_result(r.result),
        "Reindexed": lambda r: note(r.message),
        "Batched": lambda r: reports.batch(r.result),
        "Trends": lambda r: reports.trends(r.data),
        "Related": lambda r: reports.related(r.slug, r.title, r.results),
        "Repeats": lambda r: reports.repeats(r.groups, r.min_records),
        "Exported": lambda r: _written(export.export(r.records, r.fmt), r),
        "Briefed": lambda r: _written(briefing.render(r.brief, r.fmt), r),
    }


def view(result: Any) -> View:
    """The output function that shows a result to people."""
    if not _VIEWS:
        _VIEWS.update(_table())
    return _VIEWS[type(result).__name__]


def emit(result: Any, as_json: bool = False) -> None:
    """Show a command's result (see the module's docstring); raises typer.Exit for a non-zero exit code."""
    from learnkit.output.console import paged, write_json
    from learnkit.output.messages import note, warn

    for message in getattr(result, "warnings", ()):
        warn(message)
    for message in getattr(result, "notes", ()):
        note(message)
    if as_json:
        write_json(result.to_json())
    else:
        with paged(enabled=getattr(result, "long", False)):
            view(result)(result)
    code = getattr(result, "exit_code", 0)
    if code:
        raise typer.Exit(code)
