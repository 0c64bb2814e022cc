"""From reading to learning: what trends, related and repeats answer.

Each function checks its options, runs the pure functions of
:mod:`learnkit.knowledge.trends`, :mod:`~learnkit.knowledge.similar` and
:mod:`~learnkit.knowledge.repeats` on the library's records, and returns a
result that :mod:`learnkit.output.reports` shows and whose ``to_json()`` is the
command's ``--json`` output.

Results are dataclasses without ``__eq__`` and ``__repr__`` (never compared or printed):
generating those is most of a dataclass's cost, paid at every start of a command.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from learnkit.errors import InvalidError

if TYPE_CHECKING:
    from learnkit.operations.library import Library


@dataclass(repr=False, eq=False)
class Trends:
    """Theme counts per year, kind or area, pairs of themes found together, and the toxic trio."""

    data: dict[str, Any]
    long: bool = True

    def to_json(self) -> Any:
        return self.data


def trends(lib: Library, by: str, theme: str | None) -> Trends:
    from learnkit.knowledge.trends import trends as count_trends

    theme_id = lib.theme_by_name(theme).id if theme is not None else None
    return Trends(count_trends(lib.records(), lib.taxonomy, by=by, theme=theme_id))


@dataclass(repr=False, eq=False)
class Related:
    """The records most like one record, each with a score and the reason."""

    slug: str
    title: str
    results: list[dict[str, Any]]

    def to_json(self) -> Any:
        return {"slug": self.slug, "title": self.title, "count": len(self.results), "results": self.results}


def related(lib: Library, name: str, limit: int) -> Related:
    from learnkit.knowledge.similar import similar
    from learnkit.operations.finding import find_record

    if limit < 1:
        raise InvalidError("-n/--limit must be at least 1")
    record = find_record(lib, name)
    return Related(record.slug, record.title, similar(record, lib.records(), lib.taxonomy, n=limit))


@dataclass(repr=False, eq=False)
class Repeats:
    """Learning points and recommendations that recur across records."""

    groups: list[dict[str, Any]]
    min_records: int
    threshold: float
    long: bool = True

    def to_json(self) -> Any:
        return {
            "threshold": self.threshold,
            "min_records": self.min_records,
            "count": len(self.groups),
            "results": self.groups,
        }


def repeats(lib: Library, min_records: int) -> Repeats:
    from learnkit.knowledge.repeats import REPEAT_THRESHOLD
    from learnkit.knowledge.repeats import repeats as find_repeats

    if min_records < 2:
        raise InvalidError("--min-records must be at least 2 (a point recurs in two records or more)")
    return Repeats(find_repeats(lib.records(), min_records=min_records), min_records, REPEAT_THRESHOLD)
