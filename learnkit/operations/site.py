"""``learnkit site``: the library published as a static website in one folder, updated in place.

:func:`build_site` chooses what the site may show (restricted and unpublished
records, their slugs and their actions only with ``include_restricted``),
gathers each record's tracker plan, each theme's 7-minute briefing and when
each record was added or changed (from the history), has
:mod:`learnkit.output.site` lay the pages out, and writes them.

The folder is the site's own: a manifest (:data:`MANIFEST`) lists every file
learnkit wrote there with its SHA-256. A rebuild writes only files whose
content changed, removes the files of the last build that this one no longer
has (a record removed, made restricted, a theme left empty), and never
touches a file it did not write. A folder that holds other files and no
manifest is refused unless ``force``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.errors import ExistsError, InvalidError, StoreError
from learnkit.models import Record, counted

if TYPE_CHECKING:
    from learnkit.operations.library import Library

# Lays the site out: the parts gathered here (see build_site) to each file's text by its path in the
# site. Output is a layer above operations, so the command hands it in (learnkit.output.site.render).
Render = Callable[[dict[str, Any]], dict[str, str]]

MANIFEST = ".learnkit-site.json"
MANIFEST_FORMAT = "learnkit-site/1"
DEFAULT_TITLE = "Learning from cases and audits"
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(repr=False, eq=False)
class SiteBuilt:
    """What a build did: where, how many pages, and which files it wrote, kept and removed."""

    folder: Path
    pages: int
    records: int
    written: list[str]
    unchanged: int
    removed: list[str]
    left_out: int
    include_restricted: bool

    @property
    def message(self) -> str:
        message = (
            f"site in {self.folder}: {counted(self.pages, 'page')} for {counted(self.records, 'record')}; "
            f"wrote {counted(len(self.written), 'file')}, {self.unchanged} unchanged"
        )
        if self.removed:
            message += f", removed {len(self.removed)}"
        if self.left_out:
            message += (
                f"; left out {self.left_out} restricted or unpublished (add --include-restricted to include"
                " them, for a site not to be published)"
            )
        if self.include_restricted:
            message += "; includes restricted records: NOT FOR PUBLICATION"
        return message

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "pages": self.pages,
            "records": self.records,
            "written": self.written,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "left_out": self.left_out,
            "include_restricted": self.include_restricted,
        }


def read_manifest(folder: Path) -> dict[str, str] | None:
    """The files the last build wrote (path -> SHA-256), or None when the folder is not a learnkit site."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        raise InvalidError(f"{path} cannot be read; delete it and build the site with --force") from None
    if (
        not isinstance(data, dict)
        or data.get("format") != MANIFEST_FORMAT
        or not isinstance(data.get("files"), dict)
    ):
        raise InvalidError(
            f"{path} is not a learnkit site manifest; build into another folder or use --force"
        )
    return {str(k): str(v) for k, v in data["files"].items()}


def check_folder(folder: Path, force: bool) -> dict[str, str]:
    """The folder's manifest ({} for a new site); refuses a file, or a folder of other files unless forced."""
    if folder.exists() and not folder.is_dir():
        raise InvalidError(f"{folder} is a file; give a folder for the site with -o")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise InvalidError(f"folder {folder.parent} does not exist; create it first")
        return {}
    manifest = None if force and not (folder / MANIFEST).exists() else read_manifest(folder)
    if manifest is None:
        if any(folder.iterdir()) and not force:
            raise ExistsError(
                f"{folder} is not empty and is not a learnkit site; give an empty folder, or add --force"
            )
        return {}
    return manifest


def _safe_name(name: str) -> str:
    stem = _UNSAFE.sub("-", Path(name).stem).strip("-.") or "document"
    return f"{stem[:80]}.pdf"


def _documents(
    lib: Library, records: list[Record], copy: bool
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, tuple[Path, str]]]:
    """Each record's documents ``{name, size, pages, href}`` and (with ``copy``) the PDFs to copy in."""
    links: dict[str, list[dict[str, Any]]] = {}
    copies: dict[str, tuple[Path, str]] = {}
    for record in records:
        taken: set[str] = set()
        for doc in record.documents:
            link: dict[str, Any] = {"name": doc.name or "document.pdf", "size": doc.size, "pages": doc.pages}
            link["href"] = ""
            source = lib.files_dir / f"{doc.hash}.pdf"
            if copy and source.is_file():
                name = _safe_name(link["name"])
                if name in taken:
                    name = f"{name[:-4]}-{doc.hash[:8]}.pdf"
                taken.add(name)
                link["href"] = f"documents/{record.slug}/{name}"
                copies[link["href"]] = (source, doc.hash)
                if not link["size"]:
                    link["size"] = source.stat().st_size
            links.setdefault(record.slug, []).append(link)
    return links, copies


def _changed(lib: Library, shown: set[str]) -> dict[str, tuple[str, str]]:
    """When each shown record was last added or changed, from the library's history."""
    from learnkit.operations.journal import entries

    found: dict[str, tuple[str, str]] = {}
    for line in entries(lib):  # newest first
        slug = str(line.get("slug", ""))
        if slug in shown and slug not in found and line.get("action") in ("added", "changed"):
            found[slug] = (str(line.get("when", ""))[:10], str(line["action"]))
    return found


def _logo(logo: Path | None) -> tuple[str, bytes] | None:
    if logo is None:
        return None
    if logo.suffix.lower() not in LOGO_TYPES:
        raise InvalidError(f"--logo {logo}: give an image ({', '.join(LOGO_TYPES)})")
    try:
        return f"assets/logo{logo.suffix.lower()}", logo.read_bytes()
    except OSError as exc:
        raise InvalidError(f"--logo {logo}: cannot read it ({exc.strerror})") from None


def _write(folder: Path, relative: str, payload: bytes) -> None:
    from learnkit.storage.fs import atomic_write

    target = folder / relative
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {target.parent}: {exc.strerror}") from None
    atomic_write(target, payload, sync_folder=False)


def _same(path: Path, payload: bytes) -> bool:
    try:
        return path.stat().st_size == len(payload) and path.read_bytes() == payload
    except OSError:
        return False


def build_site(
    lib: Library,
    folder: Path,
    render: Render,
    include_restricted: bool = False,
    with_documents: bool = False,
    title: str | None = None,
    logo: Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> SiteBuilt:
    """Build (or update) the site in ``folder``; see the module's docstring.

    ``render`` is given ``{title, records, themes, briefs, plans, changed, documents, restricted, logo}``:
    the records the site may show, every theme with its records among them, each theme's briefing, each
    record's tracker plan, when each was added or changed, and its documents.
    """
    from learnkit.knowledge.actions import today as today_date
    from learnkit.knowledge.brief import make_brief
    from learnkit.operations.tracker import record_plan

    on = today or today_date()
    site_title = " ".join((title or DEFAULT_TITLE).split())
    if not site_title:
        raise InvalidError("--title is empty; give the site's name, e.g. --title 'Learning from cases'")
    old = check_folder(folder, force)
    logo_file = _logo(logo)

    every = lib.records()
    records = every if include_restricted else [r for r in every if not r.private]
    shown = {r.slug for r in records}
    themes = [(theme, [r for r in records if theme.id in r.theme_ids]) for theme in lib.taxonomy.themes]
    briefs = {
        theme.id: make_brief(theme, members, lib.taxonomy, None, include_restricted, on)
        for theme, members in themes
        if members
    }
    tracked = _tracked(lib)
    plans = {r.slug: record_plan(lib, r.slug, on) for r in records if r.recommendations or r.slug in tracked}
    documents, copies = _documents(lib, records, with_documents)
    parts: dict[str, Any] = {
        "title": site_title,
        "records": records,
        "themes": themes,
        "briefs": briefs,
        "plans": plans,
        "changed": _changed(lib, shown),
        "documents": documents,
        "restricted": include_restricted,
        "logo": logo_file[0] if logo_file else "",
    }
    files = {path: text.encode("utf-8") for path, text in render(parts).items()}
    if logo_file:
        files[logo_file[0]] = logo_file[1]

    manifest: dict[str, str] = {}
    written: list[str] = []
    unchanged = 0
    for relative, payload in sorted(files.items()):
        digest = hashlib.sha256(payload).hexdigest()
        manifest[relative] = digest
        if _same(folder / relative, payload):
            unchanged += 1
            continue
        _write(folder, relative, payload)
        written.append(relative)
    for relative, (source, digest) in sorted(copies.items()):
        manifest[relative] = digest
        target = folder / relative
        if (
            old.get(relative) == digest
            and target.is_file()
            and target.stat().st_size == source.stat().st_size
        ):
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(relative)
    removed = _remove_stale(folder, old, manifest)
    _write(folder, MANIFEST, _manifest_bytes(manifest))
    pages = sum(1 for path in files if path.endswith(".html"))
    return SiteBuilt(
        folder,
        pages,
        len(records),
        written,
        unchanged,
        removed,
        len(every) - len(records),
        include_restricted,
    )


def _tracked(lib: Library) -> set[str]:
    from learnkit.operations.tracker import open_actions_by_record

    return set(open_actions_by_record(lib))


def _manifest_bytes(files: dict[str, str]) -> bytes:
    data = {"format": MANIFEST_FORMAT, "files": dict(sorted(files.items()))}
    return (json.dumps(data, indent=1) + "\n").encode("utf-8")


def _remove_stale(folder: Path, old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Delete the files the last build wrote that this one does not, and the folders left empty."""
    removed: list[str] = []
    root = folder.resolve()
    for relative in sorted(set(old) - set(new)):
        target = (folder / relative).resolve()
        if root not in target.parents or not target.is_file():
            continue  # a manifest edited to point outside the site, or a file already gone
        target.unlink()
        removed.append(relative)
        parent = target.parent
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return removed
