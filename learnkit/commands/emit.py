"""The one way a command's result reaches the user: :func:`emit`.

A result is a dataclass from :mod:`learnkit.operations`. Its ``warnings`` and
``notes``, if any, go to stderr first. With ``--json`` its ``to_json()`` is
printed; else the output function named for its class in :data:`TABLE` shows it
to people, through the pager when the result is ``long``. Its ``exit_code``, if
any, ends the command. Results of exports and briefings
are text laid out by output, written to ``-o`` (atomically) or stdout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

View = Callable[[Any], None]
# A result's class name: the output module that shows it, and how (module, result). The module is
# imported only when a result of that class is shown: a briefing's layout is not `show`'s start-up.
_Shows = Callable[[Any, Any], None]
TABLE: dict[str, tuple[str, _Shows]] = {
    "Searched": ("records", lambda m, r: m.search(r.result, r.labels)),
    "Shown": (
        "records",
        lambda m, r: (
            m.page_text(r.record, r.pages)
            if r.pages is not None
            else m.show(r.record, r.themes, r.related, evidence=r.evidence, similar=r.similar)
        ),
    ),
    "Listed": ("records", lambda m, r: m.records_table(r.rows(), r.labels)),
    "ThemeShown": ("records", lambda m, r: m.theme(r.theme, r.members(), r.labels)),
    "ThemeList": ("records", lambda m, r: m.themes(r.rows, r.groups)),
    "Where": ("records", lambda m, r: m.path(r.info)),
    "Imported": ("records", lambda m, r: m.import_result(r.result)),
    "Reindexed": ("messages", lambda m, r: m.note(r.message)),
    "Batched": ("reports", lambda m, r: m.batch(r.result)),
    "Trends": ("reports", lambda m, r: m.trends(r.data)),
    "Related": ("reports", lambda m, r: m.related(r.slug, r.title, r.results)),
    "Repeats": ("reports", lambda m, r: m.repeats(r.groups, r.min_records)),
    "Exported": ("export", lambda m, r: _written(m.export(r.records, r.fmt), r)),
    "Briefed": ("briefing", lambda m, r: _written(m.render(r.brief, r.fmt), r)),
}


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


def view(result: Any) -> View:
    """The output function that shows a result to people."""
    import importlib

    module_name, shows = TABLE[type(result).__name__]
    module = importlib.import_module(f"learnkit.output.{module_name}")
    return lambda shown: shows(module, shown)


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
