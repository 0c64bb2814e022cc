"""From reading to learning: what trends, related and repeats answer, and the tracker by record.

Each function checks its options, runs the pure functions of
:mod:`learnkit.knowledge.trends`, :mod:`~learnkit.knowledge.similar` and
:mod:`~learnkit.knowledge.repeats` on the library's records, and returns a
result that :mod:`learnkit.output.reports` shows and whose ``to_json()`` is the
command's ``--json`` output. :func:`show` and :func:`themes` add the action
tracker to ``show`` (a record's recommendations with their responses and
actions) and to ``themes --actions`` (open actions by theme).

Results are dataclasses without ``__eq__`` and ``__repr__`` (never compared or printed):
generating those is most of a dataclass's cost, paid at every start of a command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from learnkit.errors import InvalidError
from learnkit.models import counted
from learnkit.operations.exporting import left_out_note, shareable

if TYPE_CHECKING:
    import datetime as dt

    from learnkit.models import Record
    from learnkit.operations.browse import Shown, ThemeList, ThemeShown
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


def trends(
    lib: Library, by: str, theme: str | None, include_restricted: bool = False, actions: bool = False
) -> Trends:
    """Theme trends; with ``actions``, the open actions of the records counted, by theme too."""
    from learnkit.knowledge.trends import trends as count_trends

    theme_id = lib.theme_by_name(theme).id if theme is not None else None
    records, left_out = shareable(lib.records(), include_restricted)
    waiting = None
    if actions:
        from learnkit.operations.tracker import open_actions_by_record

        # Only the records counted have their actions counted: a left-out record's are left out with it.
        waiting = open_actions_by_record(lib)
    data = count_trends(records, lib.taxonomy, by=by, theme=theme_id, open_actions=waiting)
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


# The tracker seen from the records: what ``show`` lists under a record's recommendations, and the
# open actions ``themes --actions`` and ``trends --actions`` count. Built on the tracker's two
# readers (learnkit.operations.tracker.record_plan and open_actions_by_record), which own its file.


def plan(lib: Library, record: Record, on: dt.date) -> list[dict[str, Any]]:
    """A record's recommendations, each with its page, its response and its actions (RAG on ``on``).

    Each is ``{number, text, page, document, extracted, report_number, response, actions}``:
    ``number`` is the one ``actions respond`` and ``actions add`` take (1-based, as listed),
    ``report_number`` the report's own numbering when it has one. A recommendation the record no
    longer has (its file was edited after entries were made) keeps its entries, with no text.
    """
    from learnkit.operations.tracker import record_plan

    points = record.recommendations
    found = record_plan(lib, record.slug, on)
    for rec in found:
        n = int(rec["number"])
        point = points[n - 1] if 1 <= n <= len(points) else None
        # The tracker may give these itself; where it does not, the record's point says them.
        rec.setdefault("page", point.page if point else None)
        rec.setdefault("document", point.document if point else "")
        rec.setdefault("extracted", point.extracted if point else False)
        rec.setdefault("report_number", point.number if point else "")
    return found


class OpenActions:
    """Open actions (neither complete nor not achieved) counted by record and by theme.

    Not a command's result (those are the dataclasses here): what themes and trends count from.
    """

    def __init__(self, by_record: dict[str, int], by_theme: dict[str, int], left_out: int) -> None:
        self.by_record = by_record
        self.by_theme = by_theme  # an action counts under every theme of its record
        self.left_out = left_out  # restricted or unpublished records whose actions were not counted

    def note(self) -> list[str]:
        """The one line on stderr of what was left out (nothing when nothing was)."""
        if not self.left_out:
            return []
        return [
            f"left out the open actions of {counted(self.left_out, 'restricted or unpublished record')}"
            " (add --include-restricted to count them)"
        ]


def open_actions(lib: Library, include_restricted: bool = False) -> OpenActions:
    """The open actions of the library's records, by record and by each theme of the record.

    Actions of restricted and unpublished records are counted only with
    ``include_restricted``; those of a record no longer in the library belong
    to no theme and are not counted.
    """
    from learnkit.models import PRIVATE_STATUSES
    from learnkit.operations.tracker import open_actions_by_record

    counts = open_actions_by_record(lib)
    by_record: dict[str, int] = {}
    by_theme: dict[str, int] = {}
    left_out = 0
    # The index's light rows (status and theme ids, no JSON to parse): a quarter of the time of
    # reading the records whole when most of a large library has actions.
    for row in lib.index().rows() if counts else ():
        n = counts.get(row["slug"], 0)
        if not n:
            continue
        if not include_restricted and row["status"] in PRIVATE_STATUSES:
            left_out += 1
            continue
        by_record[row["slug"]] = n
        for theme_id in row["themes"]:
            by_theme[theme_id] = by_theme.get(theme_id, 0) + n
    return OpenActions(by_record, by_theme, left_out)


def show(
    lib: Library, name: str, on: dt.date, text: bool = False, evidence: bool = False, as_json: bool = False
) -> Shown:
    """``show``: the record (see learnkit.operations.browse.show) and its plan (but for --text alone).

    ``on`` is the command's "today", taken once, that the actions' RAG ratings are worked out on.
    A tracker that cannot be read does not keep a person from reading the record: they are
    warned, and its recommendations are listed without their responses and actions. ``--json``
    fails instead (the error names the file and how to restore it): a script must not take a
    record without its plan for one with none.
    """
    from learnkit.errors import StoreError
    from learnkit.operations import browse

    shown = browse.show(lib, name, text=text, evidence=evidence, as_json=as_json)
    if as_json or not text:
        try:
            shown.plan = plan(lib, shown.record, on)
        except StoreError as exc:
            if as_json:
                raise
            shown.warnings.append(f"responses and actions not shown: {exc.message}")
    return shown


def themes(
    lib: Library,
    name: str | None,
    as_json: bool = False,
    actions: bool = False,
    include_restricted: bool = False,
) -> ThemeShown | ThemeList:
    """``themes``: one theme or all of them; with ``actions``, the list counts open actions by theme."""
    from learnkit.operations import browse

    if name and (actions or include_restricted):
        raise InvalidError("--actions counts open actions in the list of all themes; leave out the theme")
    if include_restricted and not actions:
        raise InvalidError("--include-restricted counts restricted records' actions: add --actions")
    found = browse.themes(lib, name, as_json)
    if actions and isinstance(found, browse.ThemeList):
        waiting = open_actions(lib, include_restricted)
        found.open_actions = waiting.by_theme
        found.notes.extend(waiting.note())
    return found
