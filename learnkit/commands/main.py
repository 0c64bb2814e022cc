"""The command line: the Typer app, its global options, and the one place errors are caught.

The commands live in their own modules, each with a
:class:`~learnkit.commands.registry.CommandSet`; :data:`COMMANDS` names each
command and its module, in the order of ``--help``, and a module is imported
only when one of its commands runs (or for ``--help``). Adding a module of
commands is one line there: ``**lazy("learnkit.commands.x", "name", ...)``.
(A module may instead add its commands to the Typer app with ``app.command()``,
called from here: they are then built at every start, not lazily.)

Every LearnkitError is caught in :class:`LearnkitGroup`, printed as one line on
stderr and turned into its exit code. Heavy modules (Rich, the library, sqlite3,
pypdf) are imported inside the commands that need them, so ``--help`` starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from learnkit import __version__
from learnkit.commands.registry import LazyCommands, lazy
from learnkit.errors import LearnkitError, NotFoundError

if TYPE_CHECKING:
    from typer import _click as click

# Every command and the module that declares it (on its `commands` CommandSet), in the order of --help.
COMMANDS = {
    **lazy(
        "learnkit.commands.records", "search", "show", "list", "themes", "export", "import", "path", "reindex"
    ),
    **lazy("learnkit.commands.batch", "add", "attach", "ingest"),
    **lazy("learnkit.commands.learning", "brief", "trends", "related", "repeats"),
    **lazy(
        "learnkit.commands.curate", "edit", "tag", "untag", "review", "remove", "rename", "init", "history"
    ),
    **lazy("learnkit.commands.actions", "actions"),
    **lazy("learnkit.commands.digest", "new"),
    **lazy("learnkit.commands.site", "site"),
    **lazy("learnkit.commands.doctor", "doctor"),
}

# Help as wide as the terminal, up to this; a pipe (no terminal) gets 80 columns.
HELP_WIDTH = 160


class LearnkitGroup(TyperGroup):
    """The app's group: commands built when used, and a LearnkitError as one line and its exit code."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(COMMANDS, eager=self.commands)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's own errors (a bad option, a missing argument) as one line saying what to do.

        Click would print its usage block, a hint and the error: three lines or more
        where every other error of learnkit is one.
        """
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        import sys

        from typer import Abort
        from typer._click import exceptions as click

        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click.NoArgsIsHelpError as exc:
            exc.show()  # the help, asked for by giving nothing
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            from learnkit.output.console import error

            where = exc.ctx.command_path if exc.ctx is not None else "learnkit"
            error(f"{exc.format_message().rstrip('.')}; see: {where} --help")
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            from learnkit.output.console import error

            error(exc.format_message())
            sys.exit(exc.exit_code)
        except Abort:
            from learnkit.output.console import note

            note("aborted")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        failed = False
        try:
            return super().invoke(ctx)
        except LearnkitError as exc:
            failed = True
            from learnkit.output.console import error

            error(exc.message, exc.candidates if isinstance(exc, NotFoundError) else ())
            raise typer.Exit(int(exc.code)) from None
        except KeyboardInterrupt:
            from learnkit.output.console import note

            note("interrupted")
            raise typer.Exit(130) from None
        finally:
            if not failed:
                from learnkit.commands.common import pending_notes

                for message in pending_notes(ctx.obj):
                    from learnkit.output.console import note

                    note(message)
            library = ctx.obj.get("library") if isinstance(ctx.obj, dict) else None
            if library is not None:
                library.close()


app = typer.Typer(
    cls=LearnkitGroup,
    name="learnkit",
    help="learnkit: a local library of the learning from safeguarding case reviews and audits.\n\n"
    "Example: learnkit search neglect",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": HELP_WIDTH},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"learnkit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    library: Annotated[
        Optional[Path],
        typer.Option(
            "--library",
            "-L",
            help="Library folder (default: $LEARNKIT_HOME, else your data folder).",
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page long output (or set LEARNKIT_NO_PAGER=1).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """learnkit: a local library of the learning from safeguarding case reviews and audits."""
    import learnkit.output

    learnkit.output.start(pager=not no_pager)
    ctx.obj = {"library_path": library}


def run() -> None:
    """Console-script entry point."""
    app()
