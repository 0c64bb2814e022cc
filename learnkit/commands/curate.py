"""Commands that put a person in charge of the library: edit, tag, untag, review, remove, rename,
init, history.

They follow :mod:`learnkit.commands.main`: parse arguments, call an operation
(learnkit.operations.edit and .curate), and hand the result to
learnkit.output.curation or print it as JSON. What needs a person (the editor,
a question) happens here; the operations only store. ``register(app)`` adds
the commands; LearnkitGroup in main catches every LearnkitError.

:data:`learnkit.commands.main.COMMANDS` names them; they are built when used.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from learnkit.commands.common import in_range
from learnkit.commands.registry import CommandSet

if TYPE_CHECKING:
    from learnkit.operations.library import Library

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (keys in the README).")]


def _library(ctx: typer.Context) -> Library:
    from learnkit.commands.common import library

    return library(ctx)


def _json(data: Any) -> None:
    from learnkit.output.console import write_json

    write_json(data)


def interactive() -> bool:
    """Whether there is a person at a terminal to ask (stdin and stdout both terminals)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def edit(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The record's slug (or a unique start of it).")],
    assignments: Annotated[
        Optional[list[str]],
        typer.Option(
            "--set",
            help="FIELD=VALUE without an editor (title, kind, date, area, publisher, status, summary, "
            "source); repeatable.",
            show_default=False,
        ),
    ] = None,
    discard: Annotated[
        bool, typer.Option("--discard", help="Throw away the record's unsaved draft.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Edit a record as TOML in $VISUAL or $EDITOR, validated when the editor closes.

    Example: learnkit edit rosza-malika   |   learnkit edit patrick-scr --set date=2014-03
    """
    from learnkit.errors import InvalidError, UsageError
    from learnkit.operations import edit as editing
    from learnkit.output import console as render
    from learnkit.output import curation

    lib = _library(ctx)
    if assignments:
        if discard:
            raise UsageError("--set and --discard do not go together")
        result = editing.set_fields(lib, slug, assignments)
        _json(result.to_dict()) if as_json else curation.edit_result(result)
        return
    record = editing.writable(lib, slug)
    path = editing.draft_path(lib, record.slug)
    if discard:
        had = editing.discard_draft(lib, record.slug)
        if as_json:
            _json({"slug": record.slug, "discarded": had})
        else:
            render.note(f"discarded the draft of {record.slug}" if had else f"{record.slug} has no draft")
        return
    command = editing.editor_command()
    if editing.has_draft(lib, record.slug):
        question = f"An unsaved edit of {record.slug} is kept in {path}. Go on with it? (no: start again)"
        if interactive() and not typer.confirm(question, default=True):
            editing.make_draft(lib, record)
        else:
            render.note(f"going on with the unsaved edit kept in {path}")
    else:
        editing.make_draft(lib, record)
    while True:
        editing.run_editor(command, path)
        try:
            result = editing.store_draft(lib, record.slug)
            break
        except InvalidError as exc:
            if interactive():
                render.error(exc.message)
                if typer.confirm("Open it again in the editor?", default=True):
                    continue
            raise InvalidError(
                f"{exc.message} (your edit is kept: run learnkit edit {record.slug} to go on with it, "
                f"or learnkit edit {record.slug} --discard)"
            ) from None
    _json(result.to_dict()) if as_json else curation.edit_result(result)


ThemesArg = Annotated[list[str], typer.Argument(help="Themes: ids, labels or aliases (quote labels).")]


def tag(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The record's slug.")],
    themes: ThemesArg,
    as_json: JsonOpt = False,
) -> None:
    """Give a record themes, as a person's (origin manual).

    Example: learnkit tag patrick-scr neglect "hidden men"
    """
    from learnkit.operations import curate
    from learnkit.output import curation

    result = curate.tag(_library(ctx), slug, themes)
    _json(result.to_dict()) if as_json else curation.tag_result(result, "tag")


def untag(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The record's slug.")],
    themes: ThemesArg,
    as_json: JsonOpt = False,
) -> None:
    """Take themes off a record: a person's are removed, detected ones rejected for good.

    A rejected theme is listed by `show` and is not detected again by `reindex --redetect` or `attach`.

    Example: learnkit untag patrick-scr multi-agency-working
    """
    from learnkit.operations import curate
    from learnkit.output import curation

    result = curate.untag(_library(ctx), slug, themes)
    _json(result.to_dict()) if as_json else curation.tag_result(result, "untag")


def review(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The record's slug.")],
    accept_all: Annotated[
        bool, typer.Option("--accept-all", help="Keep every detected theme and extracted point.")
    ] = False,
    reject_all: Annotated[
        bool, typer.Option("--reject-all", help="Reject every detected theme and extracted point.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Go through a record's detected themes and extracted points: keep, reject, skip or quit.

    Kept themes become confirmed, kept points are no longer marked extracted; rejected themes are not
    detected again, rejected points are deleted. Needs a terminal, or --accept-all / --reject-all.

    Example: learnkit review rosza-malika   |   learnkit review rosza-malika --accept-all
    """
    from learnkit.errors import UsageError
    from learnkit.operations import curate
    from learnkit.output import curation

    if accept_all and reject_all:
        raise UsageError("--accept-all and --reject-all do not go together")
    if not (accept_all or reject_all) and not interactive():
        raise UsageError(
            "review asks about each item on a terminal, and there is none; use --accept-all or --reject-all"
        )
    lib = _library(ctx)
    record, items = curate.review_items(lib, slug)
    decisions: list[tuple[tuple[str, str, int], bool]] = []
    if accept_all or reject_all:
        decisions = [(item, accept_all) for item in items]
    else:
        themes = {t.id: t for t in lib.taxonomy.themes}
        for number, item in enumerate(items, start=1):
            curation.review_item(record, item, themes, number, len(items))
            answer = _ask()
            if answer == "q":
                break
            if answer != "s":
                decisions.append((item, answer == "k"))
    if not items:
        if as_json:
            _json(curate.apply_review(lib, record.slug, []))
        else:
            curation.nothing_to_review(record.slug)
        return
    result = curate.apply_review(lib, record.slug, decisions)
    _json(result) if as_json else curation.review_result(result)


def _ask() -> str:
    while True:
        answer = typer.prompt("keep, reject, skip or quit? [k/r/s/q]", default="s", show_default=False)
        letter = str(answer).strip().lower()[:1]
        if letter in ("k", "r", "s", "q"):
            return letter
        typer.echo("answer k (keep), r (reject), s (skip) or q (quit)")


def remove(
    ctx: typer.Context,
    slugs: Annotated[Optional[list[str]], typer.Argument(help="Whole slugs of the records.")] = None,
    bundled: Annotated[
        bool, typer.Option("--bundled", help="Remove the records that came with learnkit.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before removing.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Also remove records that have actions, with their actions.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Delete records; their PDFs and text go when no other record holds them.

    Other records' related lists stop naming them. Asks first on a terminal; --yes to skip that.
    A record with responses or actions in the tracker is refused unless --force.

    Example: learnkit remove js-case-file-audit   |   learnkit remove --bundled --yes
    """
    from learnkit.errors import UsageError
    from learnkit.models import counted
    from learnkit.operations import curate
    from learnkit.output import console as render
    from learnkit.output import curation

    lib = _library(ctx)
    plan = curate.plan_removal(lib, list(slugs or []), bundled, force)
    if not yes:
        if not interactive():
            raise UsageError("remove asks before it deletes, and there is no terminal to ask on; add --yes")
        curation.remove_plan(plan)
        if not typer.confirm(f"Remove {counted(len(plan.records), 'record')}?", default=False):
            render.note("nothing removed")
            return
    result = curate.remove(lib, plan.slugs, force=force)
    _json(result) if as_json else curation.remove_result(result)


def rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The record's slug now.")],
    new: Annotated[str, typer.Argument(help="Its new slug: lowercase words joined by hyphens.")],
    as_json: JsonOpt = False,
) -> None:
    """Change a record's slug; other records' related lists follow, and the old slug still finds it.

    Example: learnkit rename patrick-scr patrick-serious-case-review
    """
    from learnkit.operations import curate
    from learnkit.output import curation

    result = curate.rename(_library(ctx), old, new)
    _json(result) if as_json else curation.rename_result(result)


def init(
    ctx: typer.Context,
    path: Annotated[
        Optional[Path],
        typer.Argument(
            help="The new library's folder (default: --library, $LEARNKIT_HOME, your data folder)."
        ),
    ] = None,
    empty: Annotated[
        bool, typer.Option("--empty", help="Without the records that come with learnkit.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Make a library, with the records that come with learnkit or (--empty) none.

    Example: learnkit init ~/safeguarding-library --empty
    """
    from learnkit.operations import curate
    from learnkit.output import curation
    from learnkit.paths import library_dir

    root = ctx.find_root()
    given = root.obj.get("library_path") if isinstance(root.obj, dict) else None
    result = curate.init(path.expanduser() if path is not None else library_dir(given), empty)
    _json(result) if as_json else curation.init_result(result)


def history(
    ctx: typer.Context,
    slug: Annotated[
        Optional[str], typer.Argument(help="Only this record's changes (any slug it has had).")
    ] = None,
    limit: Annotated[
        Optional[int],
        typer.Option(
            "--limit", "-n", callback=in_range("--limit", 1, 10**9), help="Only the newest N changes."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Every change to the library, newest first: when, who, the command, the record, the fields.

    Example: learnkit history   |   learnkit history rosza-malika --json
    """
    from learnkit.operations import curate
    from learnkit.output import console as render
    from learnkit.output import curation

    lines = curate.history(_library(ctx), slug, limit)
    if as_json:
        _json(lines)
        return
    with render.paged():
        curation.history(lines)


commands = CommandSet()
for _command in (edit, tag, untag, review, remove, rename, init, history):
    commands.command()(_command)
