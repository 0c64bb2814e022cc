"""Commands whose arguments are words of a query, in which ``-word`` leaves a word out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typer.core import TyperCommand

if TYPE_CHECKING:
    from typer import _click as click


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
