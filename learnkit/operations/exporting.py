"""Exporting records: chosen by the filters, restricted ones left out unless asked.

The records are laid out in the format asked for by :mod:`learnkit.output.export`
and written (to ``-o`` atomically, or to stdout) where the command emits its result.

Results are dataclasses without ``__eq__`` and ``__repr__`` (never compared or printed):
generating those is most of a dataclass's cost, paid at every start of a command.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.models import Record, counted

if TYPE_CHECKING:
    from learnkit.operations.library import Library
    from learnkit.storage.index import Filters


def without_private_links(record: Record, private: set[str]) -> Record:
    """A record whose ``related`` names none of the ``private`` slugs (a copy, when it named one)."""
    if not private.intersection(record.related):
        return record
    return replace(record, related=[s for s in record.related if s not in private])


def shareable(records: Sequence[Record], include_restricted: bool) -> tuple[list[Record], int]:
    """The records a report may name, and how many were left out as restricted or unpublished.

    Unless ``include_restricted``, restricted and unpublished records are dropped and
    the others' ``related`` lists lose their slugs: a report never names them.
    """
    if include_restricted:
        return list(records), 0
    private = {r.slug for r in records if r.private}
    kept = [without_private_links(r, private) for r in records if not r.private]
    return kept, len(records) - len(kept)


def left_out_note(left_out: int) -> list[str]:
    """The one-line note on stderr of what a report left out (nothing when it left nothing out)."""
    if not left_out:
        return []
    return [
        f"left out {counted(left_out, 'restricted or unpublished record')}"
        " (add --include-restricted to include them)"
    ]


def private_slugs(records: Iterable[Record]) -> set[str]:
    return {r.slug for r in records if r.private}


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

    check_output(output, force, lib.folder)
    records, left_out = lib.export(filters, include_restricted)
    if not include_restricted:  # a published record's `related` must not name a restricted one
        private = private_slugs(lib.records())
        records = [without_private_links(r, private) for r in records]
    return Exported([lib.present(r) for r in records], fmt, output, left_out)
