"""Exporting records: chosen by the filters, restricted ones left out unless asked.

The records are laid out in the format asked for by :mod:`learnkit.output.export`
and written (to ``-o`` atomically, or to stdout) where the command emits its result.

Results are dataclasses without ``__eq__`` and ``__repr__`` (never compared or printed):
generating those is most of a dataclass's cost, paid at every start of a command.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.models import counted

if TYPE_CHECKING:
    from learnkit.operations.library import Library
    from learnkit.storage.index import Filters


@dataclass(repr=False, eq=False)
class Exported:
    """The records to export (their --json shape), the format, where to (None: stdout), how many left out."""

    records: list[dict[str, Any]]
    fmt: str
    output: Path | None
    left_out: int

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def message(self) -> str:
        message = f"exported {counted(self.count, 'record')}"
        if self.output is not None:
            message += f" to {self.output}"
        if self.left_out:
            message += f"; left out {self.left_out} restricted or unpublished"
            message += " (add --include-restricted to include them)"
        return message


def export(
    lib: Library, fmt: str, filters: Filters, output: Path | None, force: bool, include_restricted: bool
) -> Exported:
    """What to export; the output file is checked first, before any work."""
    from learnkit.operations.outfile import check_output

    check_output(output, force)
    records, left_out = lib.export(filters, include_restricted)
    return Exported([lib.present(r) for r in records], fmt, output, left_out)
