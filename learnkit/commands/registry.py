"""How commands are declared and found: a CommandSet per module, imported and built when used.

A command module declares its commands on its own set::

    commands = CommandSet()

    @commands.command()
    def search(...) -> None: ...

and :mod:`learnkit.commands.main` names the module and its commands in one line
of its table (``COMMANDS``). Typer turns a command's signature into Click
parameters (type hints evaluated, options made) when the command is built, and
building every command up front is a tenth of a command's start-up, spent on
commands that do not run. So the app's group holds a :class:`LazyCommands`
table (Click's lazy group pattern): the name of every command and the module it
lives in; a module is imported, and a command built through Typer's public
``typer.main.get_command``, the first time Click asks for it (to run it, or for
``--help``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from typer import _click as click

Callback = Callable[..., Any]


@dataclass(repr=False, eq=False)
class _Declared:
    callback: Callback
    settings: dict[str, Any] = field(default_factory=dict)


class CommandSet:
    """The commands of one module, by name, in the order declared (the order of ``--help``)."""

    def __init__(self) -> None:
        self._declared: dict[str, _Declared] = {}

    def command(self, name: str | None = None, **settings: Any) -> Callable[[Callback], Callback]:
        """Declare a command; ``settings`` are those of ``typer.Typer.command`` (``cls``, ``help``...)."""

        def declare(callback: Callback) -> Callback:
            command_name = name or callback.__name__.strip("_").replace("_", "-")
            self._declared[command_name] = _Declared(callback, settings)
            return callback

        return declare

    def names(self) -> list[str]:
        return list(self._declared)

    def callback(self, name: str) -> Callback:
        return self._declared[name].callback

    def build(self, name: str) -> click.Command:
        """The Click command of one declared command, made by Typer as it makes any command.

        (Settings such as ``-h`` for help and the help's width come from the group's context.)
        """
        declared = self._declared[name]
        one = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
        one.command(name, **declared.settings)(declared.callback)
        return typer.main.get_command(one)


def lazy(module: str, *names: str) -> dict[str, str]:
    """Table entries for the commands ``names`` of a module: ``**lazy("learnkit.commands.x", "a", "b")``."""
    return dict.fromkeys(names, module)


def command_set(module: str) -> CommandSet:
    """The CommandSet of a command module (its ``commands``)."""
    import importlib

    found = getattr(importlib.import_module(module), "commands", None)
    if not isinstance(found, CommandSet):
        raise TypeError(f"{module} has no `commands = CommandSet()`")
    return found


class LazyCommands(MutableMapping[str, "click.Command"]):
    """A group's commands by name: each imported from its module and built when first asked for.

    ``eager`` holds commands already built (registered on the Typer app the usual
    way, with ``app.command()``): they are kept and come after the table's.
    """

    def __init__(self, table: Mapping[str, str], eager: Mapping[str, click.Command] | None = None) -> None:
        self._where = dict(table)
        self._built: dict[str, click.Command] = dict(eager or {})
        self._order = [*self._where, *(n for n in self._built if n not in self._where)]

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._built:
            if name not in self._where:
                raise KeyError(name)
            self._built[name] = command_set(self._where[name]).build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        if name not in self._order:
            self._order.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._order:
            raise KeyError(name)
        self._order.remove(name)
        self._where.pop(name, None)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._order

    def built(self) -> list[str]:
        """The names of the commands built so far."""
        return list(self._built)
