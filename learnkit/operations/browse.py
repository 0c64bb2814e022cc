"""Reading the library for a person: what search, show, list, themes, path, import and reindex answer.

Each function here does one command's work and returns a result: a dataclass
that :mod:`learnkit.output` shows to people and whose ``to_json()`` is the
command's ``--json`` output (the keys are documented in the README). No printing
here; messages for stderr travel in a result's ``notes`` and ``warnings``.

Results are dataclasses without ``__eq__`` and ``__repr__`` (never compared or printed):
generating those is most of a dataclass's cost, paid at every start of a command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.errors import ExitCode
from learnkit.models import Record, Theme, counted

if TYPE_CHECKING:
    from learnkit.operations.library import ImportResult, Library, SearchResult
    from learnkit.storage.index import Filters


def private_statuses(lib: Library, slugs: list[str]) -> dict[str, str]:
    """The status of each of these records that is restricted or unpublished: one's own search and show
    name them, always marked."""
    from learnkit.models import PRIVATE_STATUSES

    if not slugs:
        return {}
    rows = lib.index().get_many(slugs)
    return {s: str(r.get("status")) for s, r in rows.items() if r.get("status") in PRIVATE_STATUSES}


def labels(lib: Library) -> dict[str, str]:
    """Theme id to label, for every theme of the taxonomy."""
    return {t.id: t.label for t in lib.taxonomy.themes}


@dataclass(repr=False, eq=False)
class Searched:
    """A search's hits, with the theme labels to show them by."""

    result: SearchResult
    labels: dict[str, str]
    notes: list[str] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)  # of the hits that are private

    def to_json(self) -> Any:
        return self.result.to_dict()


def search(lib: Library, words: list[str], filters: Filters, limit: int) -> Searched:
    found = lib.search(" ".join(words), filters, limit)
    return Searched(found, labels(lib), statuses=private_statuses(lib, [h.slug for h in found.hits]))


@dataclass(repr=False, eq=False)
class Shown:
    """One record as ``show`` gives it: the record, its related and similar records, or its pages."""

    record: Record
    data: dict[str, Any]
    themes: dict[str, Theme]
    related: list[tuple[str, str | None]] = field(default_factory=list)
    similar: list[tuple[str, str, str]] = field(default_factory=list)
    evidence: bool = False
    pages: list[tuple[str, int, str]] | None = None  # with --text: (document, page, text)
    notes: list[str] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)  # of the related and similar that are private
    plan: list[dict[str, Any]] | None = None  # recommendations with responses, actions (analysis.plan)
    warnings: list[str] = field(default_factory=list)

    @property
    def long(self) -> bool:
        # A record's text is pages long; a record's card fits a screen, unless the tracker lists a
        # plan under it (the pager still takes only what is longer than the screen).
        return self.pages is not None or bool(self.plan)

    def to_json(self) -> Any:
        data = dict(self.data)
        if self.pages is not None:
            data["text"] = [{"document": d, "page": n, "text": t} for d, n, t in self.pages]
        if self.plan is not None:
            data["plan"] = self.plan
        return data


def show(lib: Library, name: str, text: bool = False, evidence: bool = False, as_json: bool = False) -> Shown:
    """A record by slug, start of a slug, close spelling, or words of its title (see Library.find)."""
    from learnkit.errors import NotFoundError
    from learnkit.operations.edit import renamed_to
    from learnkit.operations.finding import find_record

    wanted = name.strip().lower()
    record: Record | None
    try:
        record = find_record(lib, name)
    except NotFoundError:
        record = None
    # Only for a slug not found as written: the renamed map is in the store, and show reads only the index.
    renamed = renamed_to(lib, wanted) if record is None or record.slug != wanted else None
    if renamed or record is None:
        record = find_record(lib, renamed or name)
    notes = []
    if renamed:
        notes.append(f"'{name}' was renamed to {record.slug}")
    elif record.slug != wanted and not record.slug.startswith(wanted):
        notes.append(f"no record '{name}'; showing the closest: {record.slug}")
    data = lib.present(record) if as_json else {}  # the --json shape, made only for --json
    shown = Shown(record, data, {t.id: t for t in lib.taxonomy.themes}, notes=notes)
    shown.evidence = evidence
    if text:
        shown.pages = lib.record_text(record)
    elif not as_json:
        shown.related = lib.related(record)
        shown.similar = lib.similar_for_show(record)
        named = [s for s, _ in shown.related] + [s for s, _, _ in shown.similar]
        shown.statuses = private_statuses(lib, named)
    return shown


@dataclass(repr=False, eq=False)
class Listed:
    """The records a list asks for: index rows for people, full records for --json (read when asked)."""

    lib: Library
    filters: Filters
    long: bool = True

    @property
    def labels(self) -> dict[str, str]:
        return labels(self.lib)

    def rows(self) -> list[dict[str, Any]]:
        return self.lib.index().rows(self.filters)

    def to_json(self) -> Any:
        return [self.lib.present(r) for r in self.lib.records(self.filters)]


def list_records(lib: Library, filters: Filters) -> Listed:
    return Listed(lib, lib.check_filters(filters))


@dataclass(repr=False, eq=False)
class ThemeShown:
    """One theme and the records that carry it."""

    theme: Theme
    records: list[Record]
    labels: dict[str, str]
    presented: list[dict[str, Any]]

    def members(self) -> list[dict[str, Any]]:
        return [
            {
                "slug": r.slug,
                "title": r.title,
                "kind": r.kind,
                "date": r.date,
                "status": r.status,
                "themes": r.theme_ids,
            }
            for r in self.records
        ]

    def to_json(self) -> Any:
        return {"theme": self.theme.to_dict(), "records": self.presented}


@dataclass(repr=False, eq=False)
class ThemeList:
    """Every theme with how many records carry it, in the taxonomy's groups."""

    rows: list[tuple[Theme, int]]
    groups: list[tuple[str, list[Theme]]]
    long: bool = True
    open_actions: dict[str, int] | None = None  # with --actions: open actions by theme id
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> Any:
        listed = [{"id": t.id, "label": t.label, "group": t.group, "count": n} for t, n in self.rows]
        if self.open_actions is not None:
            for item in listed:
                item["open_actions"] = self.open_actions.get(str(item["id"]), 0)
        return listed


def themes(lib: Library, name: str | None, as_json: bool = False) -> ThemeShown | ThemeList:
    """One theme by id, label or alias (several words are one name), or the list of them all."""
    if name:
        theme, records = lib.theme(name)
        presented = [lib.present(r) for r in records] if as_json else []  # the --json shape, only for --json
        return ThemeShown(theme, records, labels(lib), presented)
    return ThemeList(lib.themes(), list(lib.taxonomy.groups()))


@dataclass(repr=False, eq=False)
class Where:
    """Where the library is and the files in it."""

    info: dict[str, Any]

    def to_json(self) -> Any:
        return self.info


def where(lib: Library, sizes: bool) -> Where:
    return Where(lib.info(sizes))


@dataclass(repr=False, eq=False)
class Imported:
    """What an import added, updated and refused; it ends with exit 4 when a file was refused."""

    result: ImportResult

    @property
    def exit_code(self) -> int:
        return int(ExitCode.INVALID) if self.result.failed else 0

    def to_json(self) -> Any:
        return self.result.to_dict()


def import_records(lib: Library, path: Path) -> Imported:
    return Imported(lib.import_path(path))


@dataclass(repr=False, eq=False)
class Reindexed:
    """What a reindex counted, and a warning when theme evidence or points were lost."""

    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> Any:
        return self.counts

    @property
    def message(self) -> str:
        return (
            f"reindexed {counted(self.counts['records'], 'record')}, {counted(self.counts['pages'], 'page')}"
        )


def reindex(lib: Library, redetect: bool, progress: Any) -> Reindexed:
    counts = lib.reindex(progress, redetect)
    result = Reindexed(counts)
    missing = counts.get("missing_details", 0)
    if missing:
        result.warnings.append(
            f"{counted(missing, 'record')} lost theme evidence or extracted points"
            " (a file in details/ is missing or damaged); run: learnkit reindex --redetect"
        )
    return result
