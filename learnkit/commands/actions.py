"""``learnkit actions``: the action tracker's commands (a Typer sub-app).

``learnkit actions`` alone lists the actions (with filters); its sub-commands
respond to a recommendation, add and update actions, write the board report,
export the tracker (XLSX, CSV, ICS) and import an updated XLSX. Each takes
"today" once (``LEARNKIT_TODAY`` fixes it) so that what it shows is
consistent. No logic lives here: the operations are in
learnkit.operations.actions, the output in learnkit.output.actions, .board,
.spreadsheet and .calendar. The application's group (learnkit.commands.main)
catches every LearnkitError and turns it into one line and its exit code.

This module does not import learnkit.commands.main (which imports it to
register the sub-app), so it opens the library and writes files itself.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from learnkit.commands.registry import CommandSet

if TYPE_CHECKING:
    from learnkit.operations.library import Library
    from learnkit.operations.tracker import ActionFilters

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text (keys in the README).")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")]
RestrictedOpt = Annotated[
    bool,
    typer.Option("--include-restricted", help="Also include restricted and unpublished records' actions."),
]

# The sub-commands' definitions. They are built into Click commands only when ``learnkit actions``
# runs (see ActionsGroup), so the tracker adds nothing to the start-up of other commands.
actions_app = typer.Typer(add_completion=False, rich_markup_mode=None)


class _Subcommands(MutableMapping[str, Any]):
    """The sub-commands by name, each built by Typer when first asked for (as the app's commands are,
    see learnkit.commands.registry): the listing, the most used, builds none."""

    def __init__(self) -> None:
        from typer.main import get_command_name

        # Named as Typer names them: the name given, else the function's, lowercase, "_" as "-".
        self._infos = {
            info.name or get_command_name(info.callback.__name__): info
            for info in actions_app.registered_commands
            if info.callback is not None
        }
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            from typer.main import get_command_from_info

            info = self._infos[name]  # KeyError: no such sub-command
            self._built[name] = get_command_from_info(
                info, pretty_exceptions_short=False, rich_markup_mode=None
            )
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._infos.pop(name, None)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter([*self._infos, *(n for n in self._built if n not in self._infos)])

    def __len__(self) -> int:
        return len(list(iter(self)))

    def __contains__(self, name: object) -> bool:
        return name in self._infos or name in self._built


class ActionsGroup(TyperGroup):
    """``learnkit actions``: the listing (the group's own callback) and the sub-commands.

    Registered on the application as one command whose class is this group,
    so that a group of commands is built as lazily as a single one is; its
    sub-commands too are built only when asked for.
    """

    def __init__(self, **attrs: Any) -> None:
        attrs.setdefault("invoke_without_command", True)
        super().__init__(**attrs)
        self.commands = _Subcommands()


def _library(ctx: typer.Context) -> Library:
    """The library the root command was given (see learnkit.commands.common.library)."""
    from learnkit.commands.common import library

    return library(ctx)


def _json(data: Any) -> None:
    from learnkit.output.console import write_json

    write_json(data)


def _write(output: Path | None, payload: str | bytes) -> None:
    if output is None:
        # As bytes: CSV and ICS lines end in CRLF, which a text stream on Windows would make CR CR LF.
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a stream of text only (learnkit run from other Python code)
            sys.stdout.write(payload if isinstance(payload, str) else payload.decode("utf-8"))
            return
        sys.stdout.flush()
        buffer.write(payload.encode("utf-8") if isinstance(payload, str) else payload)
        buffer.flush()
        return
    from learnkit.operations.outfile import write_file

    write_file(output, payload)


def _today() -> Any:
    from learnkit.knowledge.actions import today

    return today()


def _note(message: str) -> None:
    from learnkit.output.console import note

    note(message)


def listing(
    ctx: typer.Context,
    record: Annotated[
        Optional[str], typer.Option("--record", "-r", help="Only this record's actions (slug).")
    ] = None,
    owner: Annotated[
        Optional[str], typer.Option("--owner", help="Only actions whose owner or lead has this text.")
    ] = None,
    status: Annotated[
        Optional[str],
        typer.Option("--status", "-s", help="not-started, in-progress, complete or not-achieved."),
    ] = None,
    rag: Annotated[
        Optional[str], typer.Option("--rag", help="Only this rating: red, amber or green.")
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only actions past their due date, not complete.")
    ] = False,
    due_before: Annotated[
        Optional[str], typer.Option("--due-before", help="Only actions due before this date (YYYY-MM-DD).")
    ] = None,
    theme: Annotated[
        Optional[str], typer.Option("--theme", "-t", help="Only records with this theme.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the actions by record and recommendation, with RAG by colour and word.

    Example: learnkit actions --owner police --overdue
    """
    if ctx.invoked_subcommand is not None:
        return
    from learnkit.operations.tracker import ActionFilters, bulk

    filters = ActionFilters(record, owner, status, rag, overdue, due_before, theme)
    # The collector paused for the whole listing (see bulk): the lines printed are as many objects
    # again as the views, and the views are freed (in _show_listing) before it resumes, which would
    # otherwise walk them all at once.
    with bulk():
        _show_listing(_library(ctx), filters, as_json)


def _show_listing(lib: Library, filters: ActionFilters, as_json: bool) -> None:
    on = _today()
    if as_json:
        from learnkit.operations.tracker import list_actions

        _json(list_actions(lib, filters, on))
        return
    from learnkit.operations.tracker import selected
    from learnkit.output.actions import listing as show_listing

    show_listing(selected(lib, filters, on, views=False)["records"], on.isoformat())


@actions_app.command()
def respond(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The record's slug.")],
    rec: Annotated[
        int, typer.Argument(help="The recommendation's number, as `learnkit show SLUG` lists them.")
    ],
    response: Annotated[str, typer.Argument(help="accepted, partly or not-accepted.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (needed when not accepted).")] = "",
    outcome: Annotated[str, typer.Option("--outcome", help="The outcome expected.")] = "",
    measure: Annotated[str, typer.Option("--measure", help="How the outcome will be measured.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Record the partnership's response to a recommendation.

    Example: learnkit actions respond rosza-malika 2 partly --reason "police part is national"
    """
    from learnkit.operations.actions import respond as do_respond

    made, changed = do_respond(_library(ctx), slug, rec, response, reason, outcome, measure, _today())
    if as_json:
        _json({**made.to_dict(), "changed": [c["field"] for c in changed]})
        return
    where = f"{made.record} recommendation {made.recommendation}"
    _note(f"{where}: {made.label}" if changed else f"{where}: already {made.label}, nothing changed")


@actions_app.command()
def add(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The record's slug.")],
    rec: Annotated[
        int, typer.Argument(help="The recommendation's number, as `learnkit show SLUG` lists them.")
    ],
    text: Annotated[str, typer.Argument(help="What will be done.")],
    owner: Annotated[str, typer.Option("--owner", help="The agency that owns it (and a sub-group or role).")],
    due: Annotated[str, typer.Option("--due", help="Due date, YYYY-MM-DD.")],
    review: Annotated[str, typer.Option("--review", help="Date to review progress, YYYY-MM-DD.")] = "",
    lead: Annotated[str, typer.Option("--lead", help="The lead person.")] = "",
    impact_review: Annotated[
        str,
        typer.Option("--impact-review", help="Impact review date (default: the record's date + 12 months)."),
    ] = "",
    as_json: JsonOpt = False,
) -> None:
    """Add an action under a recommendation; it gets a stable id such as rosza-malika/2.1.

    Example: learnkit actions add rosza-malika 2 "Audit interpreters" --owner Police --due 2027-03-31
    """
    from learnkit.operations.actions import add_action
    from learnkit.operations.tracker import action_view

    on = _today()
    lib = _library(ctx)
    action = add_action(lib, slug, rec, text, owner, due, review, lead, impact_review, on)
    if as_json:
        _json(action_view(lib, action, on))
        return
    sys.stdout.write(f"{action.id}\n")
    _note(f"added action {action.id}, due {action.due}, owned by {action.owner}")


@actions_app.command()
def update(
    ctx: typer.Context,
    action_id: Annotated[str, typer.Argument(metavar="ID", help="The action's id, e.g. rosza-malika/2.1.")],
    status: Annotated[
        Optional[str],
        typer.Option("--status", "-s", help="not-started, in-progress, complete or not-achieved."),
    ] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="A dated progress note.")] = None,
    evidence: Annotated[
        Optional[str], typer.Option("--evidence", help="Evidence of completion: text, or a file to keep.")
    ] = None,
    impact: Annotated[
        Optional[str], typer.Option("--impact", help="Evidence of impact: text, or a file to keep.")
    ] = None,
    rag: Annotated[
        Optional[str], typer.Option("--rag", help="Override the rating (red, amber, green; auto clears).")
    ] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why the rating is overridden.")] = None,
    due: Annotated[Optional[str], typer.Option("--due", help="A new due date, YYYY-MM-DD.")] = None,
    review: Annotated[Optional[str], typer.Option("--review", help="A new review date, YYYY-MM-DD.")] = None,
    impact_review: Annotated[
        Optional[str], typer.Option("--impact-review", help="The impact review date.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Change an action's status or dates, add a note or evidence, or override its RAG with a reason.

    Example: learnkit actions update rosza-malika/2.1 --status in-progress --note "Audit tool agreed"
    """
    from learnkit.operations.actions import update_action
    from learnkit.operations.tracker import action_view

    on = _today()
    lib = _library(ctx)
    action, made = update_action(
        lib, action_id, status, note, evidence, impact, rag, reason, due, review, impact_review, on
    )
    if as_json:
        _json({**action_view(lib, action, on), "changed": [c["field"] for c in made]})
        return
    from learnkit.output.actions import changes

    changes(made)
    if not made:
        _note(f"{action.id}: nothing changed")


@actions_app.command()
def report(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="markdown or html.")] = "markdown",
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file (atomically).")
    ] = None,
    force: ForceOpt = False,
    include_restricted: RestrictedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Write the board report: responses, actions with RAG, totals, overdue and due-soon lists, impact.

    Example: learnkit actions report --format html -o board.html
    """
    from learnkit.errors import InvalidError

    if fmt not in ("markdown", "html"):
        raise InvalidError(f"unknown format '{fmt}'; use markdown or html")
    from learnkit.operations.outfile import check_output

    check_output(output, force, _library(ctx).folder)
    from learnkit.operations.tracker import bulk

    with bulk():  # as for the listing: the tree is freed (in _write_report) before the collector resumes
        left_out = _write_report(_library(ctx), fmt, output, include_restricted, as_json)
    if left_out is None:
        return
    if output is not None:
        _note(f"wrote the board report to {output}")
    _left_out(left_out)


def _write_report(
    lib: Library, fmt: str, output: Path | None, include_restricted: bool, as_json: bool
) -> int | None:
    """The report written; how many records were left out (None with --json, which says itself)."""
    from learnkit.operations.tracker import report as report_data

    # The report's text is written from the actions as stored (views only for --json: see report).
    data = report_data(lib, _today(), include_restricted, views=as_json)
    if as_json:
        _json(data)
        return None
    if fmt == "html":
        from learnkit.output.board import report_html

        _write(output, report_html(data))
    else:
        from learnkit.output.board import report_markdown

        _write(output, report_markdown(data))
    return int(data["left_out"])


def _left_out(count: int) -> None:
    if count:
        from learnkit.models import counted

        _note(
            f"left out the actions of {counted(count, 'restricted or unpublished record')}"
            " (add --include-restricted to include them)"
        )


@actions_app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="xlsx, csv or ics.")] = "xlsx",
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file (atomically).")
    ] = None,
    force: ForceOpt = False,
    include_restricted: RestrictedOpt = False,
    record: Annotated[
        Optional[str], typer.Option("--record", "-r", help="Only this record's actions.")
    ] = None,
    owner: Annotated[
        Optional[str], typer.Option("--owner", help="Only actions whose owner or lead has this text.")
    ] = None,
) -> None:
    """Export the tracker: a spreadsheet for the agencies (XLSX or CSV) or due dates as a calendar (ICS).

    Example: learnkit actions export -o tracker.xlsx   |   learnkit actions export --owner Police -o p.xlsx
    """
    from learnkit.errors import InvalidError

    if fmt not in ("xlsx", "csv", "ics"):
        raise InvalidError(f"unknown format '{fmt}'; use xlsx, csv or ics")
    if fmt == "xlsx" and output is None:
        raise InvalidError("an XLSX workbook goes to a file: add -o FILE.xlsx")
    from learnkit.operations.outfile import check_output

    check_output(output, force, _library(ctx).folder)
    from learnkit.operations.tracker import ActionFilters, select

    on = _today()
    rows, left_out = select(_library(ctx), ActionFilters(record=record, owner=owner), on, include_restricted)
    if fmt == "xlsx":
        from learnkit.output.spreadsheet import to_xlsx

        _write(output, to_xlsx(rows, on.isoformat()))
    elif fmt == "csv":
        from learnkit.output.spreadsheet import to_csv

        _write(output, to_csv(rows))
    else:
        from learnkit.output.calendar import to_ics

        _write(output, to_ics(rows, on.isoformat()))
    from learnkit.models import counted

    _note(f"exported {counted(len(rows), 'action')}" + (f" to {output}" if output else ""))
    _left_out(left_out)


@actions_app.command()
def history(
    ctx: typer.Context,
    target: Annotated[
        Optional[str],
        typer.Argument(help="An action (slug/2.1), a recommendation (slug/2) or a record (slug)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the tracker's changes, oldest first, each with its time and author.

    Example: learnkit actions history rosza-malika/2.1
    """
    from learnkit.operations.actions import history as changes_made

    entries = changes_made(_library(ctx), target)
    if as_json:
        _json(entries)
        return
    from learnkit.output.actions import history as show_history

    show_history(entries)


@actions_app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="An XLSX sheet written by `learnkit actions export`, updated.")
    ],
    as_json: JsonOpt = False,
) -> None:
    """Read back an updated tracker sheet: changed statuses, dates and new notes go in, each shown.

    Example: learnkit actions import tracker-returned.xlsx
    """
    from learnkit.operations.actions import import_rows
    from learnkit.output.spreadsheet import read_xlsx

    rows = read_xlsx(file)
    result = import_rows(_library(ctx), rows, _today())
    if as_json:
        _json(result)
    else:
        from learnkit.output.actions import changes, problems

        changes(result["changes"])
        problems(result["problems"])
        from learnkit.models import counted

        _note(
            f"{counted(len(result['changes']), 'change')} from {counted(len(rows), 'row')};"
            f" {counted(len(result['problems']), 'row')} refused"
        )
    if result["problems"]:
        from learnkit.errors import ExitCode

        raise typer.Exit(int(ExitCode.INVALID))


commands = CommandSet()
commands.command(
    "actions",
    cls=ActionsGroup,  # a group: Typer builds it as it builds a command
    help="Track the responses to recommendations and the actions under them, with RAG ratings.\n\n"
    "Example: learnkit actions --owner police --overdue   |   learnkit actions report -o board.md",
    context_settings={"help_option_names": ["-h", "--help"]},
)(listing)
