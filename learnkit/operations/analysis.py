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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from learnkit.errors import InvalidError
from learnkit.operations.exporting import left_out_note, shareable

if TYPE_CHECKING:
    from learnkit.operations.library import Library


@dataclass(repr=False, eq=False)
class Trends:
    """Theme counts per year, kind or area, pairs of themes found together, and the toxic trio."""

    data: dict[str, Any]
    long: bool = True
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> Any:
        return self.data


# Reports (trends, related, repeats) leave restricted and unpublished records out unless
# include_restricted, as export and brief do, and say on stderr how many they left out.


def trends(lib: Library, by: str, theme: str | None, include_restricted: bool = False) -> Trends:
    from learnkit.knowledge.trends import trends as count_trends

    theme_id = lib.theme_by_name(theme).id if theme is not None else None
    records, left_out = shareable(lib.records(), include_restricted)
    data = count_trends(records, lib.taxonomy, by=by, theme=theme_id)
    data["left_out"] = left_out
    return Trends(data, notes=left_out_note(left_out))


@dataclass(repr=False, eq=False)
class Related:
    """The records most like one record, each with a score and the reason."""

    slug: str
    title: str
    results: list[dict[str, Any]]
    left_out: int = 0
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> Any:
        return {
            "slug": self.slug,
            "title": self.title,
            "count": len(self.results),
            "results": self.results,
            "left_out": self.left_out,
        }


def related(lib: Library, name: str, limit: int, include_restricted: bool = False) -> Related:
    from learnkit.knowledge.similar import similar
    from learnkit.operations.exporting import without_private_links
    from learnkit.operations.finding import find_record

    if limit < 1:
        raise InvalidError("-n/--limit must be at least 1")
    record = find_record(lib, name)
    if record.private and not include_restricted:
        raise InvalidError(
            f"record '{record.slug}' is {record.status}; add --include-restricted to list records like it"
        )
    others, left_out = shareable(lib.records(), include_restricted)
    if not include_restricted:
        record = without_private_links(record, {r.slug for r in lib.records() if r.private})
    found = similar(record, others, lib.taxonomy, n=limit)
    return Related(record.slug, record.title, found, left_out, left_out_note(left_out))


@dataclass(repr=False, eq=False)
class Repeats:
    """Learning points and recommendations that recur across records."""

    groups: list[dict[str, Any]]
    min_records: int
    threshold: float
    long: bool = True
    left_out: int = 0
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> Any:
        return {
            "threshold": self.threshold,
            "min_records": self.min_records,
            "count": len(self.groups),
            "results": self.groups,
            "left_out": self.left_out,
        }


def repeats(lib: Library, min_records: int, include_restricted: bool = False) -> Repeats:
    from learnkit.knowledge.repeats import REPEAT_THRESHOLD
    from learnkit.knowledge.repeats import repeats as find_repeats

    if min_records < 2:
        raise InvalidError("--min-records must be at least 2 (a point recurs in two records or more)")
    records, left_out = shareable(lib.records(), include_restricted)
    groups = find_repeats(records, min_records=min_records)
    return Repeats(groups, min_records, REPEAT_THRESHOLD, left_out=left_out, notes=left_out_note(left_out))
