"""What's new, as data: the records a digest tells of, what changed about each, grouped by theme.

:func:`learnkit.operations.digest.digest` finds the changes in the library's logs;
:mod:`learnkit.output.digest` lays a :class:`Digest` out as text, Markdown or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from learnkit.models import counted

BRIEFING_KINDS = frozenset({"learning-briefing", "thematic-briefing"})


@dataclass(repr=False, eq=False)
class Change:
    """One thing that changed, about one record: what, and when (local ISO time)."""

    slug: str
    what: str  # "added", "changed: summary, themes", "new document report.pdf", "action 2.1: added"
    when: str
    area: str  # "records", "briefings", "documents" or "actions"


@dataclass(repr=False, eq=False)
class Entry:
    """A record the digest tells of, with its changes."""

    slug: str
    title: str
    kind: str
    year: str
    status: str
    changes: list[Change] = field(default_factory=list)

    @property
    def briefing(self) -> bool:
        return self.kind in BRIEFING_KINDS


@dataclass(repr=False, eq=False)
class Digest:
    """What's new since a time, grouped by theme (label to entries), ready to lay out."""

    since: str  # local ISO time, "" for everything
    until: str
    groups: list[tuple[str, list[Entry]]]
    removed: list[str]
    left_out: int
    search: str | None
    fmt: str
    output: Path | None
    include_restricted: bool = False

    @property
    def count(self) -> int:
        return sum(len(entries) for _, entries in self.groups)

    @property
    def message(self) -> str:
        since = f"since {self.since.replace('T', ' ')[:16]}" if self.since else "since the library began"
        message = f"what's new {since}: {counted(self.count, 'record')}"
        if self.output is not None:
            message = f"wrote {message} to {self.output}"
        if self.left_out:
            message += (
                f"; left out {self.left_out} restricted or unpublished (add --include-restricted for them)"
            )
        return message
