"""``learnkit doctor``: check the library, and with --repair mend what can be mended without loss.

No logic here: the checks are learnkit.operations.doctor, the output
learnkit.output.doctor. Exit 0 when the library is healthy, 1 when problems
were found (repaired or not).
"""

from __future__ import annotations

from typing import Annotated

import typer

from learnkit.commands.common import library
from learnkit.commands.registry import CommandSet

commands = CommandSet()


@commands.command()
def doctor(
    ctx: typer.Context,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair", help="Mend what can be mended: move leftovers to lost+found/, rebuild the index..."
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of text (keys in the README).")
    ] = False,
) -> None:
    """Check the library (store, files, page text, index, permissions); exit 1 if anything is wrong.

    Example: learnkit doctor --repair
    """
    from learnkit.operations.doctor import diagnose

    lib = library(ctx)
    found = diagnose(lib, repair)
    if as_json:
        from learnkit.output.console import write_json

        write_json(found.to_json())
    else:
        from learnkit.output.doctor import diagnosis

        diagnosis(found)
    if found.exit_code:
        raise typer.Exit(found.exit_code)
