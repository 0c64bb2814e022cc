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

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

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
# A PDF as the workers hand it over: its text, and what analyse made of it (None when read here).
Read: TypeAlias = "Extraction[Analysis]"


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


@dataclass(frozen=True)
class Added:
    """A file stored in a record: ``entry`` is what BatchResult.added lists for it."""

    entry: dict[str, Any]

    @property
    def slug(self) -> str:
        return str(self.entry["slug"])


@dataclass(frozen=True)
class Duplicate:
    """A file whose bytes are already in the library, in the record ``slug``."""

    slug: str


@dataclass(frozen=True)
class Failed:
    """A file that could not go in, and left nothing behind."""

    reason: str
    message: str


# What happened to one file of a commit.
Outcome = Added | Duplicate | Failed


@dataclass
class _Batch:
    """The files of one run once hashed: those to read (each once), and the copies of each in the run."""

    todo: list[Path] = field(default_factory=list)
    hashes: dict[Path, str] = field(default_factory=dict)
    # Second copies of a file in this batch share the first copy's fate.
    copies: dict[Path, list[Path]] = field(default_factory=dict)


class _Tally:
    """Puts each read file's outcome, and its copies', into the batch's result, and tells progress."""

    def __init__(
        self, result: BatchResult, copies: dict[Path, list[Path]], total: int, progress: Progress | None
    ) -> None:
        self.result = result
        self.copies = copies
        self.total = total
        self.done = 0
        self.progress = progress
        if progress:
            progress("", 0, total)

    def settle(self, file: Path, outcome: Outcome) -> None:
        result = self.result
        if isinstance(outcome, Failed):
            result.fail(file, outcome.reason, f"{file}: {outcome.message}")
        elif isinstance(outcome, Duplicate):
            result.duplicates.append({"file": str(file), "slug": outcome.slug})
        else:
            result.added.append(outcome.entry)
        for copy in self.copies.get(file, []):
            if isinstance(outcome, Failed):
                result.fail(copy, outcome.reason, f"{copy}: {outcome.message} (the same file as {file})")
            else:
                result.duplicates.append({"file": str(copy), "slug": outcome.slug, "same_as": str(file)})
        self.done += 1
        if self.progress:
            self.progress(file.name, self.done, self.total)


@dataclass
class _Staging:
    """What one commit has staged so far: its records, their pages for the index, the files it made."""

    records: dict[str, Record] = field(default_factory=dict)
    pages_for: dict[str, tuple[str, list[str], str | None]] = field(default_factory=dict)
    created: list[Path] = field(default_factory=list)


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
    publisher: str = ""

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
Target = Callable[[Path, Read, list[str], dict[str, Record]], Record]

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


def analyse(taxonomy: Taxonomy, path: Path, extraction: Extraction[object]) -> Analysis:
    """Clean the text, summarise it, detect its themes and pull out its findings (in a worker)."""
    from learnkit.knowledge.detect import detect
    from learnkit.knowledge.summary import summarize
    from learnkit.reading.findings import extract_findings
    from learnkit.reading.pagereader import read_pages
    from learnkit.reading.pages import clean_pages
    from learnkit.storage.query import doc_words

    reading = read_pages(extraction.pages)  # read once: cleaning, summary and findings share it
    pages = clean_pages(reading)
    return Analysis(
        pages=pages,
        summary=summarize(reading),
        findings=extract_findings(reading, path.name),
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
        """Read each file and commit it into the record ``target`` gives; what happened to each."""
        self.lib.ensure()
        result = BatchResult()
        batch = self._sort_out(list(files), result)
        tally = _Tally(result, batch.copies, len(batch.todo), progress)
        if not batch.todo:
            return result  # nothing to read: pypdf is never imported
        group: list[tuple[Path, str, Read]] = []
        started = time.monotonic()
        with contextlib.closing(self._read(batch.todo, password)) as reads:
            for file, read in reads:
                if isinstance(read, PdfError):
                    tally.settle(file, Failed(read.reason, read.message))
                    continue
                group.append((file, batch.hashes[file], read))
                if len(group) >= GROUP_FILES or time.monotonic() - started >= GROUP_SECONDS:
                    self._commit_and_tally(group, target, tally)
                    group, started = [], time.monotonic()
        self._commit_and_tally(group, target, tally)
        return result

    def _sort_out(self, files: list[Path], result: BatchResult) -> _Batch:
        """Hash the files: those to read, each once; the others (missing, duplicates) go into ``result``."""
        from learnkit.storage.files import HashCache

        owners = self.owners()
        batch = _Batch()
        first_with: dict[str, Path] = {}  # a hash -> the file of this batch that has it
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
                elif digest in first_with:
                    batch.copies.setdefault(first_with[digest], []).append(file)
                else:
                    first_with[digest] = file
                    batch.hashes[file] = digest
                    batch.todo.append(file)
        if self.jobs > 1:
            # Largest first: the workers take the next file as each finishes, so a long report
            # started last would keep one worker busy while the others stand idle.
            batch.todo.sort(key=lambda file: -_size(file))
        return batch

    def _read(
        self, files: list[Path], password: str | None
    ) -> Generator[tuple[Path, Read | PdfError], None, None]:
        """Each file read and analysed in the workers, as it finishes."""
        # Forked workers have for nothing every module the parent has loaded. The analysis modules
        # compile many patterns as they load (30 ms or so); the parent needs them anyway to store
        # what the workers make, so loaded now, before the fork, they load once, not once in every
        # worker as well. (Spawned workers load them themselves.)
        import learnkit.knowledge.summary
        import learnkit.knowledge.themes  # noqa: F401
        from learnkit.reading.batch import extract_many

        then = partial(analyse, self.lib.taxonomy)
        jobs = [(file, password) for file in files]
        return extract_many(jobs, self.jobs, self.timeout, self.memory_mb, then, self._parts)

    def _parts(self, file: Path) -> int:
        """Into how many parts to split a file's pages: a large PDF is read in a part per worker."""
        return self.jobs if _size(file) >= SPLIT_BYTES else 1

    def _commit_and_tally(self, group: list[tuple[Path, str, Read]], target: Target, tally: _Tally) -> None:
        if group:
            for file, outcome in self.commit_group(group, target).items():
                tally.settle(file, outcome)

    def commit(self, file: Path, digest: str, extraction: Read, target: Target) -> dict[str, Any]:
        """Store one read PDF and its record, all or nothing (see commit_group)."""
        outcome = self.commit_group([(file, digest, extraction)], target)[file]
        if isinstance(outcome, Failed):
            raise (StoreError if outcome.reason == "store" else InvalidError)(outcome.message)
        return {"duplicate_of": outcome.slug} if isinstance(outcome, Duplicate) else dict(outcome.entry)

    def commit_group(self, group: list[tuple[Path, str, Read]], target: Target) -> dict[Path, Outcome]:
        """Store read PDFs and their records in one store write, under the lock.

        Returns, for each file, Added, Duplicate or Failed. A file that fails
        leaves nothing behind; if the store write itself fails, every file of
        the group fails and leaves nothing behind.
        """
        lib = self.lib
        outcomes: dict[Path, Outcome] = {}
        staging = _Staging()
        with lib.lock():
            lib.index()  # up to date before the store changes
            owners = self.owners()
            for file, digest, extraction in group:
                if digest in owners:  # another process added the same bytes meanwhile
                    outcomes[file] = Duplicate(owners[digest])
                    continue
                try:
                    added = self._stage_one(file, digest, extraction, target, staging)
                except LearnkitError as exc:
                    reason = "store" if isinstance(exc, StoreError) else "invalid"
                    outcomes[file] = Failed(reason, exc.message)
                    continue
                owners[digest] = added.slug
                outcomes[file] = added
            if staging.records:
                try:
                    with recording(lib, "add", staging.records.values()):
                        lib.commit_records(list(staging.records.values()), staging.pages_for)
                except BaseException as exc:
                    for path in staging.created:
                        path.unlink(missing_ok=True)
                    if not isinstance(exc, LearnkitError):
                        raise
                    for file, outcome in outcomes.items():
                        if isinstance(outcome, Added):
                            outcomes[file] = Failed("store", exc.message)
        return outcomes

    def _stage_one(
        self, file: Path, digest: str, extraction: Read, target: Target, staging: _Staging
    ) -> Added:
        """Stage one read PDF for the group's store write: its files stored, its record made or updated.

        Raises LearnkitError, having undone what it did, when the file cannot go in.
        """
        mine: list[Path] = []
        record: Record | None = None
        document: Document | None = None
        try:
            record, document, pages = self._stage(file, digest, extraction, target, staging.records)
            mine = self._store_files(file, digest, pages)
            enrich(self.lib, record, extraction, document)
        except LearnkitError:
            for path in mine:
                path.unlink(missing_ok=True)
            if record is not None and document in record.documents:
                record.documents.remove(document)  # the record may be staged by an earlier file
            raise
        staging.created.extend(mine)
        staging.records[record.slug] = record
        derived = extraction.derived
        staging.pages_for[digest] = (document.name, pages, derived.doc_text if derived is not None else None)
        return Added(
            {
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
        )

    def _stage(
        self, file: Path, digest: str, extraction: Read, target: Target, staged: dict[str, Record]
    ) -> tuple[Record, Document, list[str]]:
        """The record a PDF goes into, with the PDF's document added to it."""
        from learnkit.reading.pages import clean_pages

        derived = extraction.derived
        pages = derived.pages if derived is not None else clean_pages(extraction.pages)
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


def enrich(lib: Library, record: Record, extraction: Read, document: Document) -> None:
    """Fill what a person has not: detected themes, a summary, findings from the text.

    Uses what a worker already made of the text (``extraction.derived``) where
    it can; a record with other documents has its themes detected again over
    all of them.
    """
    from learnkit.knowledge.detect import detect
    from learnkit.knowledge.summary import summarize
    from learnkit.operations.themetags import redetected
    from learnkit.reading.findings import fill_record

    derived = extraction.derived
    if derived is None:
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
        summary = "" if record.summary else summarize([p for _, ps in texts for p in ps])
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

    def new_record(file: Path, extraction: Read, pages: list[str], staged: dict[str, Record]) -> Record:
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
            publisher=options.publisher or found.publisher,
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

    def existing(file: Path, extraction: Read, pages: list[str], staged: dict[str, Record]) -> Record:
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
