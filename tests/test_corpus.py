"""The shared corpus of real, often broken PDFs (../shared/pdfs) through ``learnkit ingest``.

Every file of both folders is ingested once, in a subprocess with two workers and a time limit, and the
account is checked against the files and against manifest.csv (what pypdf made of each file when the
corpus was built). The ingest is made once per module because it is the slow part; the tests that look at
its library only read it, and a test that writes works on its own copy. Everything is skipped when the
corpus is absent.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from learnkit.commands.main import app
from learnkit.models import Record
from learnkit.paths import FILES_DIR, STORE_NAME, TEXT_DIR
from learnkit.reading.extract import REASONS
from learnkit.storage.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED_PDFS = Path(__file__).resolve().parents[2] / "shared" / "pdfs"
MANIFEST = SHARED_PDFS / "manifest.csv"
BUNDLED = sorted(p.stem for p in (REPO / "records").glob("*.toml") if p.name != "themes.toml")
ALL_REASONS = set(REASONS) | {"store", "invalid"}
# Generous: the whole corpus takes about 10 s with two workers.
INGEST_TIME_LIMIT = 240

pytestmark = pytest.mark.skipif(not MANIFEST.is_file(), reason=f"the PDF corpus is not at {SHARED_PDFS}")


def _manifest() -> dict[str, dict[str, str]]:
    with MANIFEST.open(newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def _corpus_files() -> list[str]:
    return sorted(
        p.relative_to(SHARED_PDFS).as_posix()
        for p in SHARED_PDFS.rglob("*")
        if p.is_file() and p.suffix.lower() == ".pdf"
    )


def _learnkit(
    library: Path, *args: str, timeout: float = INGEST_TIME_LIMIT
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "learnkit", "--library", str(library), *args]
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "160", "NO_COLOR": "1"}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)


def _relative(file: str) -> str:
    return Path(file).resolve().relative_to(SHARED_PDFS.resolve()).as_posix()


class Ingested:
    """The corpus ingested once: the library, the --json account and the process."""

    def __init__(self, library: Path, process: subprocess.CompletedProcess[str], seconds: float) -> None:
        self.library = library
        self.process = process
        self.seconds = seconds
        self.account: dict[str, list[dict[str, Any]]] = json.loads(process.stdout)
        self.added = {_relative(a["file"]): a for a in self.account["added"]}
        self.failed = {_relative(f["file"]): f for f in self.account["failed"]}
        self.duplicates = {_relative(d["file"]): d for d in self.account["duplicates"]}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    library = tmp_path_factory.mktemp("corpus") / "library"
    started = time.monotonic()
    process = _learnkit(library, "ingest", str(SHARED_PDFS), "--jobs", "2", "--json")
    return Ingested(library, process, time.monotonic() - started)


def test_every_pdf_is_reported_exactly_once(corpus: Ingested) -> None:
    files = _corpus_files()
    assert files == sorted(_manifest())  # the corpus and its manifest agree
    reported = Counter(_relative(item["file"]) for items in corpus.account.values() for item in items)
    assert sorted(reported) == files
    assert [f for f, n in reported.items() if n != 1] == []
    assert len(corpus.added) + len(corpus.duplicates) + len(corpus.failed) == len(files)
    assert corpus.process.returncode == (1 if corpus.failed else 0)


def test_no_traceback_and_no_pypdf_noise(corpus: Ingested) -> None:
    for stream in (corpus.process.stdout, corpus.process.stderr):
        assert "Traceback" not in stream
    for line in corpus.process.stderr.splitlines():
        assert "pypdf" not in line and "Warning" not in line, line
    assert corpus.seconds < INGEST_TIME_LIMIT


def test_every_outcome_is_a_documented_one(corpus: Ingested) -> None:
    assert set(corpus.account) == {"added", "duplicates", "failed"}
    for file, item in corpus.added.items():
        assert set(item) == {
            "file",
            "slug",
            "document",
            "pages",
            "chars",
            "status",
            "marking",
            "record_status",
        }
        assert item["status"] in ("ok", "no-text"), file
    for file, item in corpus.failed.items():
        assert set(item) == {"file", "reason", "message"}
        assert item["reason"] in ALL_REASONS, file
        message = item["message"]
        assert message.startswith(f"{item['file']}: "), file
        # One safe line: no control characters, nothing long quoted from the file.
        assert not re.search(r"[\x00-\x1f\x7f]", message), file
        assert len(message) - len(item["file"]) < 300, file
        assert not re.search(r"b'[^.]", message), file


def test_a_document_added_as_ok_has_text(corpus: Ingested) -> None:
    empty = sorted(
        file for file, item in corpus.added.items() if item["status"] == "ok" and item["chars"] == 0
    )
    assert empty == []


def test_outcomes_agree_with_the_manifest(corpus: Ingested) -> None:
    for file, row in _manifest().items():
        opened = not row["open_error"]
        counted = bool(row["pages"])
        chars = int(row["text_chars"] or 0)
        if not opened or not counted:
            # pypdf could not open it, or not count its pages: it cannot be added.
            assert file in corpus.failed, file
        elif chars > 0:
            assert file in corpus.added and corpus.added[file]["status"] == "ok", file
        else:
            # Pages but no text: added without text, or failed when no page could be read at all.
            assert corpus.added.get(file, {}).get("status", "no-text") == "no-text", file
        if "no %PDF header" in row["special"] and file in corpus.failed:
            assert corpus.failed[file]["reason"] in ("not-a-pdf", "damaged"), file
        if row["encrypted"] == "True" and "needs password" in row["special"]:
            assert corpus.failed[file]["reason"] == "encrypted", file
            assert "--password" in corpus.failed[file]["message"], file
        # Well-formed files keep their page count; fuzzed ones may vary with pypdf's version.
        if file.startswith("sample-files/") and file in corpus.added:
            assert corpus.added[file]["pages"] == int(row["pages"]), file


def test_the_library_is_consistent_afterwards(corpus: Ingested) -> None:
    library = corpus.library
    records = Store(library).records()
    for data in records:
        Record.from_dict({k: v for k, v in data.items() if k != "details"})  # details: the evidence's file
    assert len(records) == len(BUNDLED) + len(corpus.added)
    documents = {doc["hash"]: (data["slug"], doc) for data in records for doc in data.get("documents", [])}
    assert sum(len(data.get("documents", [])) for data in records) == len(documents)
    assert {(a["slug"], a["document"]) for a in corpus.added.values()} == {
        (slug, digest) for digest, (slug, _) in documents.items()
    }
    for digest, (_, doc) in documents.items():
        stored = library / FILES_DIR / f"{digest}.pdf"
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
        pages = json.loads((library / TEXT_DIR / f"{digest}.json").read_bytes())["pages"]
        assert len(pages) == doc["pages"] and sum(len(p) for p in pages) == doc["chars"]
    # Nothing stored for a file that failed.
    assert len(list((library / FILES_DIR).iterdir())) == len(documents)
    assert len(list((library / TEXT_DIR).iterdir())) == len(documents)


def test_list_and_search_work_on_the_ingested_library(corpus: Ingested) -> None:
    runner = CliRunner()
    library = str(corpus.library)
    listed = runner.invoke(app, ["--library", library, "list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert len(json.loads(listed.stdout)) == len(BUNDLED) + len(corpus.added)
    # A long word from each of a few documents' text finds its record.
    with_text = sorted((a for a in corpus.added.values() if a["chars"] > 500), key=lambda a: a["file"])
    assert with_text
    for item in with_text[:: max(1, len(with_text) // 8)]:
        pages = json.loads((corpus.library / TEXT_DIR / f"{item['document']}.json").read_bytes())["pages"]
        words = sorted(set(re.findall(r"\b[A-Za-z]{9,}\b", " ".join(pages))))
        if not words:
            continue
        found = runner.invoke(app, ["--library", library, "search", words[0], "--limit", "100", "--json"])
        assert found.exit_code == 0, found.output
        assert item["slug"] in [h["slug"] for h in json.loads(found.stdout)["results"]], (item, words[0])


def test_ingest_again_adds_nothing_and_stores_nothing(corpus: Ingested, tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(corpus.library, library)
    store = (library / STORE_NAME).read_bytes()
    again = _learnkit(library, "ingest", str(SHARED_PDFS), "--jobs", "2")
    assert "Traceback" not in again.stdout + again.stderr
    assert again.returncode == (1 if corpus.failed else 0)
    summary = f"0 added, {len(corpus.added)} already present, {len(corpus.failed)} failed"
    assert summary in again.stdout
    assert (library / STORE_NAME).read_bytes() == store
    assert len(list((library / FILES_DIR).iterdir())) == len(corpus.added)


def _password_sample() -> Path:
    (name,) = [f for f in _manifest() if "libreoffice-writer-password" in f]
    return SHARED_PDFS / name


def test_the_password_sample_is_added_with_its_password(home: Path) -> None:
    runner = CliRunner()
    sample = _password_sample()

    def add(*args: str) -> tuple[int, dict[str, Any]]:
        result = runner.invoke(app, ["add", str(sample), *args, "--json"])
        assert "Traceback" not in result.output
        return result.exit_code, json.loads(result.stdout)

    code, data = add()
    assert code == 1 and [f["reason"] for f in data["failed"]] == ["encrypted"]
    code, data = add("--password", "wrong")
    assert code == 1 and [f["reason"] for f in data["failed"]] == ["wrong-password"]
    code, data = add("--password", "openpassword")
    assert code == 0, data
    (item,) = data["added"]
    assert item["status"] == "ok" and item["pages"] >= 1 and item["chars"] > 0
    stored = home / FILES_DIR / f"{item['document']}.pdf"
    assert stored.read_bytes() == sample.read_bytes()
