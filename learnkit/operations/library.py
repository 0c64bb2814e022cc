"""The library as the commands use it: one object with every operation, each returning data.

Nothing here prints, and little is done here: :class:`Library` is an open
library (learnkit.operations.core: the store, the index kept up to date, the
taxonomy, writing records) with the operations as methods, each handed to the
module that does it:

* reading records, themes, related and similar ones, exports: learnkit.operations.records
* search: learnkit.operations.search
* importing record files: learnkit.operations.importing
* reindex (detection again, tidying details, the index rebuilt): learnkit.operations.reindex
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.models import Record, Theme
from learnkit.operations import importing, records, reindex, search
from learnkit.operations.core import LibraryCore, NewPages, Progress
from learnkit.operations.importing import ImportResult
from learnkit.operations.search import SearchResult

if TYPE_CHECKING:
    from learnkit.storage.index import Filters

__all__ = ["ImportResult", "Library", "NewPages", "Progress", "SearchResult", "unique_slug"]


class Library(LibraryCore):
    """One library folder: store, files, extracted text and index, and what can be done with them."""

    # -- reading ------------------------------------------------------------

    def get(self, name: str, close: bool = True) -> Record:
        """A record by exact slug, else unique prefix, else (with ``close``) a close match."""
        return records.get(self, name, close)

    @staticmethod
    def resolve_slug(name: str, slugs: list[str], close_match: bool = True) -> str:
        return records.resolve_slug(name, slugs, close_match)

    def records(self, filters: Filters | None = None) -> list[Record]:
        return records.records(self, filters)

    def related(self, record: Record) -> list[tuple[str, str | None]]:
        """Related slugs with their titles (None for a slug not in the library)."""
        return records.related(self, record)

    def similar_for_show(self, record: Record, n: int = 3) -> list[tuple[str, str, str]]:
        """The ``n`` records most like this one by shared themes, with why; for ``show``."""
        return records.similar_for_show(self, record, n)

    def present(self, record: Record) -> dict[str, Any]:
        """A record as the --json shape: theme tags carry their labels."""
        return records.present(self.taxonomy, record)

    def check_filters(self, filters: Filters) -> Filters:
        """Validate filter values, turning a theme name or alias into its id."""
        return records.check_filters(self.taxonomy, filters)

    def theme_by_name(self, name: str) -> Theme:
        return records.theme_by_name(self.taxonomy, name)

    def themes(self) -> list[tuple[Theme, int]]:
        return records.themes(self)

    def theme(self, name: str) -> tuple[Theme, list[Record]]:
        return records.theme(self, name)

    def export(
        self, filters: Filters | None = None, include_restricted: bool = False
    ) -> tuple[list[Record], int]:
        """Records to export and how many were left out as restricted or unpublished."""
        return records.export(self, filters, include_restricted)

    def search(self, text: str, filters: Filters | None = None, limit: int = 20) -> SearchResult:
        return search.search(self, text, filters, limit)

    # -- writing ------------------------------------------------------------

    def import_path(self, path: Path) -> ImportResult:
        """Validate record files and upsert them by slug; a bad file is reported and skipped."""
        return importing.import_path(self, path)

    def reindex(self, progress: Progress | None = None, redetect: bool = False) -> dict[str, int]:
        """Rebuild the index; first re-run theme detection if the taxonomy changed (or when asked)."""
        return reindex.reindex(self, progress, redetect)

    # The benches time a rebuild by replacing ``_rebuild_index`` on the instance, and put records
    # into the index with ``_theme_text``: every rebuild goes through them.
    def rebuild_index(
        self, progress: Progress | None = None, records: list[dict[str, Any]] | None = None
    ) -> int:
        return self._rebuild_index(progress, records)

    def _rebuild_index(
        self, progress: Progress | None = None, records: list[dict[str, Any]] | None = None
    ) -> int:
        return LibraryCore.rebuild_index(self, progress, records)

    def _theme_text(self, record: dict[str, Any]) -> str:
        return self.theme_text(record)


def unique_slug(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first that is not taken."""
    taken = set(taken)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
