"""Reading records: finding one by name, listing, themes, related and similar records, exports.

Each function reads through the library's index (brought up to date first)
and returns records, rows or counts for the commands to render; nothing here
writes or prints.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from learnkit.errors import InvalidError, NotFoundError
from learnkit.models import Record, Theme
from learnkit.operations.core import LibraryCore

if TYPE_CHECKING:
    from learnkit.knowledge.themes import Taxonomy
    from learnkit.storage.index import Filters


def resolve_slug(name: str, slugs: list[str], close_match: bool = True) -> str:
    """The slug a person means: exact, else a unique prefix, else (with ``close_match``) a close spelling."""
    wanted = name.strip().lower()
    if wanted in slugs:
        return wanted
    prefixed = [s for s in slugs if s.startswith(wanted)] if wanted else []
    if len(prefixed) == 1:
        return prefixed[0]
    if len(prefixed) > 1:
        raise NotFoundError(f"'{name}' matches {len(prefixed)} records; give more of the slug", prefixed[:5])
    close = difflib.get_close_matches(wanted, slugs, n=5, cutoff=0.6)
    if close_match and close and difflib.SequenceMatcher(None, wanted, close[0]).ratio() >= 0.85:
        return close[0]
    raise NotFoundError(f"no record '{name}'; see: learnkit list", close)


def get(lib: LibraryCore, name: str, close: bool = True) -> Record:
    """A record by exact slug, else unique prefix, else (with ``close``) a close match."""
    index = lib.index()
    data = index.get(name)
    if data is None:
        data = index.get(resolve_slug(name, index.slugs(), close))
    if data is None:  # the index changed under us: only another process could do that
        raise NotFoundError(f"no record '{name}'; see: learnkit list")
    return Record.from_dict(data)


def records(lib: LibraryCore, filters: Filters | None = None) -> list[Record]:
    """Every record matching the filters, newest first, then by title."""
    return [Record.from_dict(d) for d in lib.index().records(filters)]


def related(lib: LibraryCore, record: Record) -> list[tuple[str, str | None]]:
    """Related slugs with their titles (None for a slug not in the library)."""
    titles = lib.index().titles(record.related)
    return [(slug, titles.get(slug)) for slug in record.related]


def similar_for_show(lib: LibraryCore, record: Record, n: int = 3) -> list[tuple[str, str, str]]:
    """The ``n`` records most like this one by shared themes, with why; for ``show``.

    ``show`` must stay instant in a large library, so this compares themes
    only, weighted by the index's theme counts, and reads only the records
    that share the record's rarer themes (see
    :func:`learnkit.knowledge.similar.similar_by_theme_counts`); ``learnkit related``
    also compares wording. Records the record links to are left out:
    ``show`` lists them under Related already.
    """
    from learnkit.knowledge.similar import similar_by_theme_counts

    if not record.themes:
        return []
    index = lib.index()
    found = similar_by_theme_counts(
        record,
        index.theme_counts(),
        index.record_count(),
        lambda theme_id, without: index.theme_rows(theme_id, without),
        lib.taxonomy,
        n=n,
        exclude=record.related,
    )
    return [(r["slug"], r["title"], r["reason"]) for r in found]


def present(taxonomy: Taxonomy, record: Record) -> dict[str, Any]:
    """A record as the --json shape: theme tags carry their labels."""
    data = record.to_dict()
    for tag in data["themes"]:
        theme = taxonomy.get(tag["id"])
        tag["label"] = theme.label if theme else tag["id"]
    return data


def theme_by_name(taxonomy: Taxonomy, name: str) -> Theme:
    """The theme a person names by id, label or alias; NotFoundError with close names otherwise."""
    theme = taxonomy.resolve(name)
    if theme is None:
        raise NotFoundError(f"no theme '{name}'; see: learnkit themes", taxonomy.suggest(name))
    return theme


def check_filters(taxonomy: Taxonomy, filters: Filters) -> Filters:
    """Validate filter values, turning a theme name or alias into its id."""
    from learnkit.models import KINDS, STATUSES

    if filters.kind and filters.kind not in KINDS:
        close = difflib.get_close_matches(filters.kind, KINDS, n=3)
        raise InvalidError(f"unknown kind '{filters.kind}'; use one of: {', '.join(close or KINDS)}")
    if filters.status and filters.status not in STATUSES:
        raise InvalidError(f"unknown status '{filters.status}'; use one of: {', '.join(STATUSES)}")
    if filters.theme:
        filters.theme = theme_by_name(taxonomy, filters.theme).id
    if filters.since is not None and filters.until is not None and filters.since > filters.until:
        raise InvalidError(f"--since {filters.since} is after --until {filters.until}")
    return filters


def themes(lib: LibraryCore) -> list[tuple[Theme, int]]:
    """Every theme of the taxonomy, in its order, with how many records carry it."""
    counts = lib.index().theme_counts()
    return [(theme, counts.get(theme.id, 0)) for theme in lib.taxonomy.themes]


def theme(lib: LibraryCore, name: str) -> tuple[Theme, list[Record]]:
    """A theme by name and the records that carry it."""
    from learnkit.storage.index import Filters

    found = theme_by_name(lib.taxonomy, name)
    return found, records(lib, Filters(theme=found.id))


def export(
    lib: LibraryCore, filters: Filters | None = None, include_restricted: bool = False
) -> tuple[list[Record], int]:
    """Records to export and how many were left out as restricted or unpublished."""
    from learnkit.storage.index import Filters

    chosen = records(lib, check_filters(lib.taxonomy, filters or Filters()))
    if include_restricted:
        return chosen, 0
    kept = [r for r in chosen if not r.private]
    return kept, len(chosen) - len(kept)
