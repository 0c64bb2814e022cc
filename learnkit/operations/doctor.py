"""``learnkit doctor``: check a library the way fsck checks a disk, and repair what can be repaired.

It checks that the store and its backup parse and hold valid records; that every
PDF, page text and details file a record names is there (and each PDF matches
its hash); what no record names (a killed command's leftovers) and temporary
files; that each action tracker file parses and belongs to a record in the
store; that the search index agrees with the store; that every file is private
to the user; and that the hash cache is sound.

Repair never deletes what a user gave: leftovers and temporary files go to
``lost+found/`` in the library, the index is rebuilt from the store, lost
details are detected again from the page text, permissions are narrowed. What
it cannot repair (a missing PDF, a store that does not parse) it says, with
what to do.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from learnkit.errors import InvalidError, LearnkitError, StoreError
from learnkit.models import is_hash
from learnkit.operations.core import LibraryCore
from learnkit.paths import INDEX_NAME, LOCK_NAME
from learnkit.storage.details import DETAILS_KEY, is_key
from learnkit.storage.files import CACHE_NAME, sha256_file
from learnkit.storage.store import check_shape

LOST_AND_FOUND = "lost+found"


@dataclass
class Problem:
    """One thing wrong in the library: which check found it, where, what is wrong and what to do."""

    check: str
    path: str
    problem: str
    action: str
    repairable: bool = False
    repaired: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "path": self.path,
            "problem": self.problem,
            "action": self.action,
            "repairable": self.repairable,
            "repaired": self.repaired,
        }


@dataclass
class Diagnosis:
    """What ``doctor`` found (and, with ``--repair``, what it repaired)."""

    library: str
    repair: bool
    checked: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    @property
    def exit_code(self) -> int:
        return 0 if self.healthy else 1

    def to_json(self) -> dict[str, Any]:
        return {
            "library": self.library,
            "healthy": self.healthy,
            "repair": self.repair,
            "checked": self.checked,
            "problems": [p.to_dict() for p in self.problems],
            "repaired": sum(p.repaired for p in self.problems),
            "unrepaired": sum(not p.repaired for p in self.problems),
        }


class _Doctor:
    def __init__(self, lib: LibraryCore, repair: bool) -> None:
        self.lib = lib
        self.repair = repair
        self.found = Diagnosis(str(lib.folder), repair)
        self.rebuild = False  # the index must be rebuilt
        self.redetect = False  # details are lost: detect again from the text

    def add(
        self, check: str, path: Path | str, problem: str, action: str, repairable: bool = False
    ) -> Problem:
        item = Problem(check, str(path), problem, action, repairable)
        self.found.problems.append(item)
        return item

    # -- the checks -----------------------------------------------------------

    def run(self, layout: bool = True) -> Diagnosis:
        lib = self.lib
        if not lib.store_path.is_file():
            self.add(
                "store", lib.store_path, "the store is missing", "run any learnkit command to create one"
            )
            return self.found
        if layout:
            self.odd_places()
        try:
            stored = lib.store.records()
        except StoreError as exc:
            self.add("store", lib.store_path, "the store cannot be read", exc.message)
            self.permissions()
            return self.found
        backup = self.backup()
        records = self.records(stored)
        self.documents(records)
        self.leftovers(stored, backup)
        self.tracker(stored)
        self.index(records)
        self.hash_cache()
        if self.repair:
            self.mend()
        self.permissions()
        return self.found

    def odd_places(self) -> None:
        """The lock and the index must be files; a folder in their place stops every command."""
        for name in (LOCK_NAME, INDEX_NAME):
            path = self.lib.folder / name
            if path.is_dir():
                item = self.add(
                    "layout", path, "a folder where learnkit keeps a file", "move it aside", repairable=True
                )
                if self.repair:
                    item.repaired = self.move_aside(path)
                    self.rebuild = self.rebuild or name == INDEX_NAME

    def backup(self) -> dict[str, Any] | None:
        path = self.lib.backup_path
        if not path.exists():
            return {}
        try:
            data = check_shape(json.loads(path.read_bytes()), path)
        except (OSError, ValueError, UnicodeDecodeError, StoreError):
            self.add(
                "backup",
                path,
                "the store's backup cannot be read",
                "nothing to do now: the next write replaces it; do not restore it",
            )
            return None
        table = data.get("records", {})
        return {str(doc.get("slug")): doc for doc in table.values() if isinstance(doc, dict)}

    def records(self, stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The stored records that are valid, whole; each invalid one is a problem."""
        lib = self.lib
        good: list[dict[str, Any]] = []
        self.found.checked["records"] = len(stored)
        for data in stored:
            slug = data.get("slug")
            name = slug if isinstance(slug, str) and slug else "(a record with no slug)"
            full, lost = lib.record_store.merged(data)
            if lost:
                key = str(data.get(DETAILS_KEY))
                self.add(
                    "details",
                    lib.details_dir / f"{key}.json",
                    f"record {name}: its details (theme evidence, extracted points) are missing or damaged",
                    "detect them again from the page text: learnkit doctor --repair",
                    repairable=True,
                )
                self.redetect = True
            try:
                lib.validate(full)
            except InvalidError as exc:
                self.add(
                    "record",
                    lib.store_path,
                    f"record {name} is not valid: {exc.message}",
                    f"correct it with: learnkit edit {name}"
                    if isinstance(slug, str) and slug
                    else f"restore the backup: cp '{lib.backup_path}' '{lib.store_path}'",
                )
                continue
            good.append(full)
        return good

    def documents(self, records: list[dict[str, Any]]) -> None:
        lib = self.lib
        count = 0
        for record in records:
            for doc in record.get("documents", []):
                count += 1
                digest, slug = doc["hash"], record["slug"]
                pdf = lib.files_dir / f"{digest}.pdf"
                if not pdf.is_file():
                    self.add(
                        "files",
                        pdf,
                        f"record {slug}: its document {doc.get('name', '')!r} is missing",
                        f"attach the PDF again: learnkit attach {slug} FILE",
                    )
                else:
                    try:
                        same = sha256_file(pdf) == digest
                    except LearnkitError:
                        same = False
                    if not same:
                        self.add(
                            "files",
                            pdf,
                            f"record {slug}: its document {doc.get('name', '')!r} does not match its hash",
                            f"attach the original PDF again: learnkit attach {slug} FILE",
                        )
                if lib.read_text(digest) is None:
                    self.add(
                        "text",
                        lib.text_dir / f"{digest}.json",
                        f"record {slug}: the page text of {doc.get('name', '')!r} is missing or damaged",
                        f"attach the PDF again to read its text: learnkit attach {slug} FILE",
                    )
        self.found.checked["documents"] = count

    def leftovers(self, stored: list[dict[str, Any]], backup: dict[str, Any] | None) -> None:
        """Files no record names (in the store or its backup), and temporary files."""
        lib = self.lib
        versions = [*stored, *((backup or {}).values())]
        hashes = {
            str(d.get("hash"))
            for r in versions
            for d in (r.get("documents") or [])
            if isinstance(r.get("documents"), list) and isinstance(d, dict)
        }
        details = {str(r.get(DETAILS_KEY)) for r in versions if r.get(DETAILS_KEY)}
        places = [(lib.files_dir, ".pdf", hashes), (lib.text_dir, ".json", hashes)]
        if backup is not None:  # a backup that cannot be read may name any details file
            places.append((lib.details_dir, ".json", details))
        count = 0
        for folder, suffix, named in places:
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                count += 1
                if path.name.startswith(".") and path.name.endswith(".tmp"):
                    continue  # counted below
                stem = path.name[: -len(suffix)] if path.name.endswith(suffix) else ""
                valid = is_key(stem) if folder == lib.details_dir else is_hash(stem)
                if valid and stem in named:
                    continue
                self.leftover(path, "no record names it (a leftover of a command that was stopped)")
        for folder in (lib.folder, lib.files_dir, lib.text_dir, lib.details_dir):
            if folder.is_dir():
                for path in sorted(folder.glob(".*.tmp")):
                    self.leftover(path, "a temporary file a stopped command left")
        self.found.checked["files"] = count

    def tracker(self, stored: list[dict[str, Any]]) -> None:
        """The action tracker: each file parses, and each record it holds is in the store."""
        from learnkit.storage.actions import ActionStore, read_file

        store = ActionStore(self.lib.folder)
        if store.legacy.exists():
            self.add(
                "tracker",
                store.legacy,
                "the action tracker is in its earlier single file",
                "run `learnkit actions` once in a library that can be written: it converts it",
            )
            return
        slugs = {str(r.get("slug")) for r in stored}
        renamed = self.lib.store.meta("renamed")
        renamed = renamed if isinstance(renamed, dict) else {}
        files = store.files()
        held = 0
        for path in files:
            try:
                records = read_file(path)
            except FileNotFoundError:
                continue
            except StoreError as exc:
                problem, _, action = exc.message.partition("; ")
                problem = problem.replace(f"{path}: ", "").replace(f"{path} ", "it ")
                self.add("tracker", path, f"a tracker file that cannot be read: {problem}", action)
                continue
            held += len(records)
            for slug in records:
                if slug in slugs:
                    continue
                new = renamed.get(slug)
                if isinstance(new, str) and new in slugs and any(store.read(new).values()):
                    item = self.add(
                        "tracker",
                        path,
                        f"a copy of the entries of '{slug}' left by renaming it to '{new}', which has them",
                        f"move the copy to {LOST_AND_FOUND}/ (doctor --repair)",
                        repairable=True,
                    )
                    if self.repair:
                        item.repaired = self.set_aside_plan(store, slug, records[slug])
                else:
                    self.add(
                        "tracker",
                        path,
                        f"the responses and actions of '{slug}', a record no longer in the library",
                        "`learnkit actions` lists them under its slug; import the record again to keep them",
                    )
        if store.dir.is_dir():
            for path in sorted(store.dir.glob(".*.tmp")):
                self.leftover(path, "a temporary file a stopped command left")
        self.found.checked["tracker records"] = held

    def set_aside_plan(self, store: Any, slug: str, plan: dict[str, Any]) -> bool:
        """Put a record's tracker entries in lost+found/ as a file of their own, then drop them."""
        from learnkit.storage.fs import atomic_write

        place = self.lib.folder / LOST_AND_FOUND
        try:
            place.mkdir(mode=0o700, exist_ok=True)
            payload = json.dumps({"record": slug, **plan}, ensure_ascii=False, indent=1).encode("utf-8")
            atomic_write(place / f"tracker-{slug}.json", payload)
            with self.lib.lock():
                store.delete(slug)
        except (OSError, StoreError):
            return False
        return True

    def leftover(self, path: Path, why: str) -> None:
        item = self.add(
            "leftovers",
            path,
            why,
            f"look at it in {LOST_AND_FOUND}/ and delete it if unwanted",
            repairable=True,
        )
        if self.repair:
            item.repaired = self.move_aside(path)

    def index(self, records: list[dict[str, Any]]) -> None:
        lib = self.lib
        from learnkit.paths import file_signature

        index = lib.raw_index
        try:
            fresh = index.is_fresh(file_signature(lib.store_path), lib.taxonomy_signature)
        except StoreError:
            fresh = False
        if not fresh:
            self.stale("the search index is missing, damaged or out of date")
            return
        try:
            indexed = set(index.slugs())
            missing = [r["slug"] for r in records if r["slug"] not in indexed]
            extra = indexed - {r["slug"] for r in records}
            pages = 0
            unfound = 0
            for record in records:
                for doc in record.get("documents", []):
                    text = lib.read_text(doc["hash"]) or []
                    want = sum(1 for p in text if p.strip())
                    pages += want
                    if len(index.page_text(doc["hash"])) != want:
                        unfound += 1
        except (StoreError, LearnkitError) as exc:
            self.stale(f"the search index cannot be read ({exc})")
            return
        except Exception as exc:  # sqlite's errors: the index is derived, any fault means rebuild
            self.stale(f"the search index cannot be read ({type(exc).__name__})")
            return
        self.found.checked["pages"] = pages
        if missing or extra or unfound:
            self.stale(
                f"the search index disagrees with the store ({len(missing)} records missing,"
                f" {len(extra)} extra, {unfound} documents' pages not findable)"
            )

    def stale(self, why: str) -> None:
        self.add("index", self.lib.index_path, why, "rebuild it: learnkit reindex", repairable=True)
        self.rebuild = True

    def hash_cache(self) -> None:
        path = self.lib.folder / CACHE_NAME
        if not path.exists():
            return
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError, UnicodeDecodeError):
            data = None
        sound = isinstance(data, dict) and all(
            isinstance(v, list)
            and len(v) == 3
            and all(isinstance(n, int) and not isinstance(n, bool) for n in v[:2])
            and isinstance(v[2], str)
            and is_hash(v[2])
            for v in data.values()
        )
        if not sound:
            item = self.add(
                "hash cache",
                path,
                "the hash cache is damaged (it holds entries that are not file hashes)",
                "delete it: it is only a cache (learnkit doctor --repair does)",
                repairable=True,
            )
            if self.repair:
                try:
                    path.unlink()
                    item.repaired = True
                except OSError:
                    pass

    def permissions(self) -> None:
        if os.name != "posix":
            return
        lib = self.lib
        for path in [lib.folder, *lib.folder.rglob("*")]:
            try:
                st = path.lstat()
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode) or not stat.S_IMODE(st.st_mode) & 0o077:
                continue
            private = 0o700 if stat.S_ISDIR(st.st_mode) else 0o600
            item = self.add(
                "permissions",
                path,
                f"other users can read it (mode {oct(stat.S_IMODE(st.st_mode))})",
                f"make it private: chmod {oct(private)[2:]} '{path}'",
                repairable=True,
            )
            if self.repair:
                try:
                    path.chmod(private)
                    item.repaired = True
                except OSError:
                    pass

    # -- repairs --------------------------------------------------------------

    def move_aside(self, path: Path) -> bool:
        """Move a file or folder into lost+found/ (never deleting it); whether it moved."""
        place = self.lib.folder / LOST_AND_FOUND
        try:
            place.mkdir(mode=0o700, exist_ok=True)
            name = path.name.lstrip(".") or "file"
            target = place / name
            n = 1
            while target.exists():
                n += 1
                target = place / f"{name}.{n}"
            os.replace(path, target)
        except OSError:
            return False
        return True

    def mend(self) -> None:
        lib = self.lib
        repairs = [p for p in self.found.problems if p.check in ("details", "index") and not p.repaired]
        if not (self.redetect or self.rebuild):
            return
        try:
            if self.redetect:
                from learnkit.operations.reindex import reindex

                reindex(lib, redetect=True)
            else:
                with lib.lock():
                    lib.rebuild_index()
        except LearnkitError as exc:
            for item in repairs:
                item.action = f"{item.action} (repair failed: {exc.message})"
            return
        for item in repairs:
            item.repaired = True


def diagnose(lib: LibraryCore, repair: bool = False) -> Diagnosis:
    """Check the library; with ``repair``, mend what can be mended (under the library lock)."""
    doctor = _Doctor(lib, repair)
    try:
        lib.ensure()  # a library never made is made, as every command does
    except StoreError as exc:
        doctor.add("store", lib.store_path, "the store is missing", exc.message)
        return doctor.found
    if not repair:
        return doctor.run()
    doctor.odd_places()  # first: the lock cannot be taken while a folder stands in its place
    with lib.lock():
        return doctor.run(layout=False)
