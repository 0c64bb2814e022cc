"""Putting PDFs into the library: add, attach and ingest.

One pipeline serves all three. For each file: hash it; a file whose bytes
are already in the library is a duplicate and nothing is stored; otherwise
its text is read in an isolated worker process (time and memory limits) and,
if that worked, under the library lock the PDF is stored once under its hash
in ``files/``, its cleaned page text in ``text/``, the record made or
updated (themes detected, a summary and findings extracted when the record
has none), and the store (its details in ``details/``) and index written. A
file that fails leaves the library exactly as it was. Each file is committed
as soon as it is read, so an ingest that is interrupted keeps what it
finished.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnkit.errors import InvalidError, LearnkitError, NotFoundError, PdfError, StoreError
from learnkit.knowledge.kinds import guess_kind  # noqa: F401  (moved there; kept importable)
from learnkit.knowledge.metadata import heading_title  # noqa: F401  (moved there; kept importable)
from learnkit.models import DATE_RE, KINDS, STATUSES, Document, Point, Record, ThemeTag, slugify
from learnkit.operations.journal import recording
from learnkit.operations.library import Library, unique_slug

if TYPE_CHECKING:
    from learnkit.knowledge.themes import Taxonomy
    from learnkit.reading.extract import Extraction

Progress = Callable[[str, int, int], None]


@dataclass
class BatchResult:
    """What happened to each file of an add, attach or ingest."""

    added: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)  # what ingest did not read, and why

    def to_dict(self) -> dict[str, Any]:
        shape = {"added": self.added, "duplicates": self.duplicates, "failed": self.failed}
        return {**shape, "skipped": self.skipped} if self.skipped else shape  # skipped: only by ingest

    def fail(self, file: Path, reason: str, message: str) -> None:
        self.failed.append({"file": str(file), "reason": reason, "message": message})


@dataclass
class NewRecordOptions:
    """What the user said about the records that ``add`` makes."""

    slug: str | None = None
    title: str | None = None
    kind: str | None = None
    date: str = ""
    area: str = ""
    status: str | None = None  # None: published, unless the document's marking says otherwise
    themes: list[str] = field(default_factory=list)

    def check(self, lib: Library, files: int) -> None:
        if self.slug is not None and files > 1:
            raise InvalidError("--slug names one record; give one file with it, or leave --slug out")
        if self.kind is not None and self.kind not in KINDS:
            raise InvalidError(f"unknown kind '{self.kind}'; use one of: {', '.join(KINDS)}")
        if self.status is not None and self.status not in STATUSES:
            raise InvalidError(f"unknown status '{self.status}'; use one of: {', '.join(STATUSES)}")
        if self.date and not DATE_RE.match(self.date):
            raise InvalidError(f"--date must be YYYY, YYYY-MM, YYYY-MM-DD or start/end; got '{self.date}'")
        if self.slug is not None and slugify(self.slug) != self.slug:
            raise InvalidError(
                f"--slug must be lowercase words joined by hyphens, e.g. '{slugify(self.slug)}'"
            )
        self.themes = [lib.theme_by_name(t).id for t in self.themes]


# A target makes or finds the record a read PDF goes into. It gets the file,
# its extraction, its cleaned pages, and the records already staged in the
# same commit (so that two files of one commit get different slugs, or go into
# the same record).
Target = Callable[[Path, "Extraction", list[str], dict[str, Record]], Record]

# Results are stored in groups: each store write rewrites the whole store, so
# one write per file would make a large ingest slow. A group is written when
# it holds this many files or is this old, so a killed ingest loses little.
GROUP_FILES = 16
GROUP_SECONDS = 2.0
# A PDF this large or larger is read by all the workers at once, a share of its pages each: a long
# report would otherwise keep one worker busy after the others have run out of files.
SPLIT_BYTES = 1 << 20


@dataclass
class Analysis:
    """What a worker makes of one PDF's text, so the parent only has to store it."""

    pages: list[str]
    summary: str
    findings: dict[str, list[Point]]
    themes: list[ThemeTag]
    doc_text: str | None = None  # the pages as the index's document table takes them (index.doc_words)


def analyse(taxonomy: Taxonomy, path: Path, extraction: Extraction) -> Analysis:
    """Clean the text, summarise it, detect its themes and pull out its findings (in a worker)."""
    from learnkit.knowledge.summary import summarize
    from learnkit.knowledge.themes import detect
    from learnkit.reading.findings import extract_findings
    from learnkit.reading.pages import clean_pages, split_sentences
    from learnkit.storage.query import doc_words

    pages = clean_pages(extraction.pages)
    return Analysis(
        pages=pages,
        summary=summarize(pages, splitter=split_sentences),
        findings=extract_findings(extraction.pages, path.name),
        themes=detect(taxonomy, [(path.name, pages)]),
        # Made here, in parallel, rather than in the parent, which stores one file at a time.
        doc_text=doc_words(" ".join(pages)),
    )


class Pipeline:
    """Reads PDFs and commits them to one library."""

    def __init__(self, lib: Library, jobs: int = 1, timeout: float = 60.0, memory_mb: int = 1024) -> None:
        if jobs < 1:
            raise InvalidError("--jobs must be at least 1")
        if timeout <= 0:
            raise InvalidError("--timeout must be more than 0 seconds")
        self.lib = lib
        self.jobs = jobs
        self.timeout = timeout
        self.memory_mb = memory_mb

    def owners(self) -> dict[str, str]:
        """Document hash -> slug of the record that holds it."""
        return {
            doc["hash"]: rec["slug"] for rec in self.lib.store.records() for doc in rec.get("documents", [])
        }

    def run(
        self,
        files: Iterable[Path],
        target: Target,
        password: str | None = None,
        progress: Progress | None = None,
    ) -> BatchResult:
        from learnkit.storage.files import HashCache

        self.lib.ensure()
        result = BatchResult()
        files = list(files)
        owners = self.owners()
        batch: dict[str, Path] = {}
        todo: list[tuple[Path, str | None]] = []
        hashes: dict[Path, str] = {}
        # Second copies of a file in this batch share the first copy's fate.
        copies: dict[Path, list[Path]] = {}
        with HashCache(self.lib.folder) as cache:
            for file in files:
                if not file.is_file():
                    what = "a folder, not a PDF" if file.is_dir() else "no such file"
                    result.fail(file, "unreadable", f"{file}: {what}")
                    continue
                try:
                    digest = cache.sha256(file)
                except PdfError as exc:
                    result.fail(file, exc.reason, f"{file}: {exc.message}")
                    continue
                if digest in owners:
                    result.duplicates.append({"file": str(file), "slug": owners[digest]})
                elif digest in batch:
                    copies.setdefault(batch[digest], []).append(file)
                else:
                    batch[digest] = file
                    hashes[file] = digest
                    todo.append((file, password))
        total, done = len(todo), 0
        if progress:
            progress("", 0, total)
        if not todo:
            return result  # nothing to read: pypdf is never imported
        if self.jobs > 1:
            # Largest first: the workers take the next file as each finishes, so a long report
            # started last would keep one worker busy while the others stand idle.
            todo.sort(key=lambda job: -_size(job[0]))

        def settle(file: Path, outcome: tuple[str, Any]) -> None:
            nonlocal done
            kind, value = outcome
            slug: str | None = None
            failure: tuple[str, str] | None = None
            if kind == "failed":
                failure = value
                result.fail(file, value[0], f"{file}: {value[1]}")
            elif kind == "duplicate":
                slug = value
                result.duplicates.append({"file": str(file), "slug": slug})
            else:
                slug = value["slug"]
                result.added.append(value)
            for copy in copies.get(file, []):
                if failure is not None:
                    result.fail(copy, failure[0], f"{copy}: {failure[1]} (the same file as {file})")
                else:
                    result.duplicates.append({"file": str(copy), "slug": slug, "same_as": str(file)})
            done += 1
            if progress:
                progress(file.name, done, total)

        from functools import partial

        from learnkit.reading.extract import extract_many

        group: list[tuple[Path, Extraction]] = []
        started = time.monotonic()

        def flush() -> None:
            nonlocal started
            if group:
                outcomes = self.commit_group([(f, hashes[f], e) for f, e in group], target)
                for file, _ in group:
                    settle(file, outcomes[file])
                group.clear()
            started = time.monotonic()

        # Workers are forked, and have for nothing every module the parent has loaded. The analysis
        # modules compile many patterns as they load (30 ms or so); the parent needs them anyway to
        # store what the workers make, so loaded now, before the fork, they load once, not once in
        # every worker as well.
        import learnkit.knowledge.summary
        import learnkit.knowledge.themes  # noqa: F401

        then = partial(analyse, self.lib.taxonomy)
        jobs = self.jobs

        def parts(file: Path) -> int:
            # A large PDF is read in a part per worker, so that it does not run alone at the end.
            return jobs if _size(file) >= SPLIT_BYTES else 1

        for file, outcome in extract_many(todo, self.jobs, self.timeout, self.memory_mb, then, parts):
            if isinstance(outcome, PdfError):
                settle(file, ("failed", (outcome.reason, outcome.message)))
                continue
            group.append((file, outcome))
            if len(group) >= GROUP_FILES or time.monotonic() - started >= GROUP_SECONDS:
                flush()
        flush()
        return result

    def commit(self, file: Path, digest: str, extraction: Extraction, target: Target) -> dict[str, Any]:
        """Store one read PDF and its record, all or nothing (see commit_group)."""
        kind, value = self.commit_group([(file, digest, extraction)], target)[file]
        if kind == "failed":
            reason, message = value
            raise (StoreError if reason == "store" else InvalidError)(message)
        return {"duplicate_of": value} if kind == "duplicate" else dict(value)

    def commit_group(
        self, group: list[tuple[Path, str, Extraction]], target: Target
    ) -> dict[Path, tuple[str, Any]]:
        """Store read PDFs and their records in one store write, under the lock.

        Returns, for each file, ("added", entry), ("duplicate", slug) or
        ("failed", (reason, message)). A file that fails leaves nothing behind;
        if the store write itself fails, every file of the group fails and
        leaves nothing behind.
        """
        lib = self.lib
        outcomes: dict[Path, tuple[str, Any]] = {}
        staged: dict[str, Record] = {}
        pages_for: dict[str, tuple[str, list[str], str | None]] = {}
        created: list[Path] = []
        entries: dict[Path, dict[str, Any]] = {}
        with lib.lock():
            lib.index()  # up to date before the store changes
            owners = self.owners()
            for file, digest, extraction in group:
                if digest in owners:  # another process added the same bytes meanwhile
                    outcomes[file] = ("duplicate", owners[digest])
                    continue
                mine: list[Path] = []
                record: Record | None = None
                document: Document | None = None
                try:
                    record, document, pages = self._stage(file, digest, extraction, target, staged)
                    mine = self._store_files(file, digest, pages)
                    enrich(lib, record, extraction, document)
                except LearnkitError as exc:
                    for path in mine:
                        path.unlink(missing_ok=True)
                    if record is not None and document in record.documents:
                        record.documents.remove(document)  # the record may be staged by an earlier file
                    reason = "store" if isinstance(exc, StoreError) else "invalid"
                    outcomes[file] = ("failed", (reason, exc.message))
                    continue
                assert record is not None and document is not None
                created.extend(mine)
                staged[record.slug] = record
                owners[digest] = record.slug
                derived = extraction.derived
                doc_text = derived.doc_text if isinstance(derived, Analysis) else None
                pages_for[digest] = (document.name, pages, doc_text)
                entries[file] = {
                    "file": str(file),
                    "slug": record.slug,
                    "document": digest,
                    "pages": document.pages,
                    "chars": document.chars,
                    "status": document.status,
                    # A protective marking that set the record's status, for the account of the batch.
                    "marking": record.detected.get("status", "") if len(record.documents) == 1 else "",
                    "record_status": record.status,
                }
            if staged:
                try:
                    with recording(lib, "add", staged.values()):
                        lib.commit_records(list(staged.values()), pages_for)
                except BaseException as exc:
                    for path in created:
                        path.unlink(missing_ok=True)
                    if not isinstance(exc, LearnkitError):
                        raise
                    for file in entries:
                        outcomes[file] = ("failed", ("store", exc.message))
                    return outcomes
        for file, entry in entries.items():
            outcomes[file] = ("added", entry)
        return outcomes

    def _stage(
        self, file: Path, digest: str, extraction: Extraction, target: Target, staged: dict[str, Record]
    ) -> tuple[Record, Document, list[str]]:
        """The record a PDF goes into, with the PDF's document added to it."""
        from learnkit.reading.pages import clean_pages

        derived = extraction.derived
        pages = derived.pages if isinstance(derived, Analysis) else clean_pages(extraction.pages)
        record = target(file, extraction, pages, staged)
        document = Document(
            hash=digest,
            name=file.name,
            pages=len(pages),
            chars=sum(len(p) for p in pages),
            status="ok" if any(p.strip() for p in pages) else "no-text",
            warnings=list(extraction.warnings),
            size=file.stat().st_size,
            added=time.strftime("%Y-%m-%dT%H:%M:%S"),
        )
        if document.status == "no-text":
            document.error = "no text layer (scanned or image-only); OCR is not supported"
        record.documents.append(document)
        return record, document, pages

    def _store_files(self, file: Path, digest: str, pages: list[str]) -> list[Path]:
        """Copy the PDF into files/ and its text into text/; return what this call created."""
        from learnkit.storage.fs import atomic_write

        lib = self.lib
        created: list[Path] = []
        try:
            lib.files_dir.mkdir(exist_ok=True)
            lib.text_dir.mkdir(exist_ok=True)
            stored = lib.files_dir / f"{digest}.pdf"
            if not stored.exists():
                fd, tmp = tempfile.mkstemp(dir=lib.files_dir, prefix=".", suffix=".tmp")
                os.close(fd)
                try:
                    shutil.copyfile(file, tmp)
                    os.replace(tmp, stored)
                finally:
                    Path(tmp).unlink(missing_ok=True)
                created.append(stored)
            text = lib.text_dir / f"{digest}.json"
            payload = json.dumps({"pages": pages}, ensure_ascii=False).encode("utf-8")
            existed = text.exists()
            atomic_write(text, payload)
            if not existed:
                created.append(text)
        except OSError as exc:
            for path in created:
                path.unlink(missing_ok=True)
            raise StoreError(f"cannot store {file.name} in {lib.folder}: {exc.strerror}") from None
        return created


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0  # read and reported like any other file


def enrich(lib: Library, record: Record, extraction: Extraction, document: Document) -> None:
    """Fill what a person has not: detected themes, a summary, findings from the text.

    Uses what a worker already made of the text (``extraction.derived``) where
    it can; a record with other documents has its themes detected again over
    all of them.
    """
    from learnkit.knowledge.summary import summarize
    from learnkit.knowledge.themes import detect
    from learnkit.operations.themetags import redetected
    from learnkit.reading.findings import fill_record
    from learnkit.reading.pages import split_sentences

    derived = extraction.derived
    if not isinstance(derived, Analysis):
        derived = analyse(lib.taxonomy, Path(document.name), extraction)
    if len(record.documents) == 1:
        detected = derived.themes
        summary = derived.summary
    else:
        texts = [
            (d.name, derived.pages if d.hash == document.hash else lib.read_text(d.hash) or [])
            for d in record.documents
        ]
        detected = detect(lib.taxonomy, texts)
        summary = (
            "" if record.summary else summarize([p for _, ps in texts for p in ps], splitter=split_sentences)
        )
    record.themes = redetected(record, detected)
    if not record.summary:
        record.summary = summary
        record.summary_extracted = bool(summary)
    fill_record(record, derived.findings)


def add(
    lib: Library,
    files: list[Path],
    options: NewRecordOptions,
    password: str | None = None,
    pipeline: Pipeline | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """One new record per PDF."""
    lib.ensure()
    options.check(lib, len(files))
    if options.slug is not None and lib.store.get(options.slug) is not None:
        raise InvalidError(
            f"a record '{options.slug}' already exists; use: learnkit attach {options.slug} FILE"
        )

    def new_record(file: Path, extraction: Extraction, pages: list[str], staged: dict[str, Record]) -> Record:
        from learnkit.knowledge.describe import describe, distinct_title, record_slug

        found = describe(pages, extraction.title, file.name, raw_pages=extraction.pages)
        # What the user gave wins; what was read from the document is kept with its evidence.
        detected = {k: v for k, v in found.detected.items() if not getattr(options, k, None)}
        title = options.title or found.title
        if not options.title:
            taken = {r.get("title", "") for r in lib.store.records()} | {r.title for r in staged.values()}
            title = distinct_title(
                title, taken, [found.area or found.publisher, found.date[:4], found.date, file.stem]
            )
        taken_slugs = lib.store.slugs() | set(staged)
        base = record_slug(options.title) if options.title else found.slug
        slug = options.slug if options.slug else unique_slug(base, taken_slugs)
        return Record(
            slug=slug,
            title=title,
            kind=options.kind or found.kind,
            date=options.date or found.date,
            area=options.area or found.area,
            publisher=found.publisher,
            status=options.status or found.status or "published",
            themes=[ThemeTag(t) for t in options.themes],
            detected=detected,
        )

    return (pipeline or Pipeline(lib)).run(files, new_record, password, progress)


def attach(
    lib: Library,
    slug: str,
    files: list[Path],
    password: str | None = None,
    pipeline: Pipeline | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Documents added to an existing record."""
    # A write goes to the record named, never to a close spelling of it.
    record_slug = lib.get(slug, close=False).slug

    def existing(file: Path, extraction: Extraction, pages: list[str], staged: dict[str, Record]) -> Record:
        if record_slug in staged:  # an earlier file of the same commit went into it
            return staged[record_slug]
        record = lib.stored(record_slug)  # with its details: detected themes keep their evidence
        if record is None:
            raise InvalidError(f"record '{record_slug}' was removed while its files were read")
        return record

    return (pipeline or Pipeline(lib)).run(files, existing, password, progress)


def pdf_files(folder: Path) -> list[Path]:
    """Every PDF under a folder, recursively, in a stable order; hidden folders skipped."""
    if not folder.exists():
        raise NotFoundError(f"no such folder: {folder}")
    if not folder.is_dir():
        raise InvalidError(f"{folder} is not a folder; to add one file use: learnkit add FILE.pdf")
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / n for n in sorted(names) if n.lower().endswith(".pdf") and not n.startswith(".")
        )
    return found


def ingest(
    lib: Library,
    folder: Path,
    kind: str | None = None,
    password: str | None = None,
    pipeline: Pipeline | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Every PDF under a folder, each its own record."""
    return add(lib, pdf_files(folder), NewRecordOptions(kind=kind), password, pipeline, progress)
