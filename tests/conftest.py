"""Shared fixtures: every test gets its own library folder (new, seeded with the bundled records, or
seeded with more through ``library_with``), the long test documents are made once a session, and Rich
has a fixed width."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_PDFS = REPO.parent / "shared" / "pdfs"

# Rich output is pinned: the same width and no colour everywhere, so the tests
# read the same text on a terminal, in CI and under a pager-less runner.
os.environ["COLUMNS"] = "160"
os.environ["NO_COLOR"] = "1"
os.environ["LEARNKIT_NO_PAGER"] = "1"
os.environ.pop("FORCE_COLOR", None)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, not yet created library folder, set as LEARNKIT_HOME."""
    folder = tmp_path / "library"
    monkeypatch.setenv("LEARNKIT_HOME", str(folder))
    yield folder


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library made once per session from the bundled records, copied for each test that needs one."""
    from learnkit.operations.library import Library

    folder = tmp_path_factory.mktemp("template") / "library"
    lib = Library(folder)
    lib.index()
    lib.close()
    return folder


@pytest.fixture
def seeded(home: Path, _seeded_template: Path) -> Path:
    """A library holding the bundled records (a private copy for this test)."""
    shutil.copytree(_seeded_template, home)
    return home


@pytest.fixture(scope="session")
def _library_templates() -> dict[str, tuple[str, Path]]:
    """The libraries :func:`library_with` has made this session: name -> (what went in, folder)."""
    return {}


@pytest.fixture
def library_with(
    home: Path,
    tmp_path_factory: pytest.TempPathFactory,
    _seeded_template: Path,
    _library_templates: dict[str, tuple[str, Path]],
) -> Callable[..., Path]:
    """Make this test's library: the bundled records and more, built once a session and copied here.

    ``library_with(name, pdfs={file name: page texts}, records=[fields], commands=[[args]], env={})``
    adds the PDFs (``learnkit add``), imports the records (written as TOML), then runs each command,
    all with ``env`` set, into a copy of the seeded library; the first test to ask for ``name``
    builds it, and every test gets its own copy as LEARNKIT_HOME. Returns that folder. Asking for
    one name with other contents is an error (give each its own name).
    """

    def make(
        name: str,
        *,
        pdfs: dict[str, list[str]] | None = None,
        records: list[dict[str, Any]] | None = None,
        commands: list[list[str]] | None = None,
        env: dict[str, str] | None = None,
    ) -> Path:
        contents = repr((pdfs, records, commands, env))
        if name not in _library_templates:
            folder = _build_library(tmp_path_factory, _seeded_template, name, pdfs, records, commands, env)
            _library_templates[name] = (contents, folder)
        made, folder = _library_templates[name]
        if made != contents:
            raise ValueError(f"the library {name!r} was made with other contents; give these another name")
        shutil.copytree(folder, home)
        return home

    return make


def _build_library(
    tmp_path_factory: pytest.TempPathFactory,
    seeded: Path,
    name: str,
    pdfs: dict[str, list[str]] | None,
    records: list[dict[str, Any]] | None,
    commands: list[list[str]] | None,
    env: dict[str, str] | None,
) -> Path:
    from clirun import ok, run_json, write_toml
    from pdfmaker import make_pdf
    from typer.testing import CliRunner

    runner = CliRunner()
    folder = tmp_path_factory.mktemp(f"library-{name}") / "library"
    shutil.copytree(seeded, folder)
    given = tmp_path_factory.mktemp(f"library-{name}-files")
    library = ["--library", str(folder)]
    if pdfs:
        paths = [make_pdf(given / file, pages) for file, pages in pdfs.items()]
        account = run_json(runner, *library, "add", *paths, env=env)
        assert account["failed"] == [] and len(account["added"]) == len(paths), account
    if records:
        for fields in records:
            write_toml(given / "records", fields)
        ok(runner, *library, "import", given / "records", env=env)
    for command in commands or []:
        ok(runner, *library, *command, env=env)
    return folder


@pytest.fixture(scope="session")
def long_documents(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """Every long document of tests/longlayouts.py made once as a PDF ("cspr" in cspr.pdf): their folder,
    and the answers (longdocs.Answers) for each name. Tests only read them."""
    from longdocs import LAYOUTS, make_document

    folder = tmp_path_factory.mktemp("long-documents")
    return folder, {name: make_document(folder / f"{name}.pdf", name) for name in LAYOUTS}


@pytest.fixture
def runner() -> object:
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder for the test's PDFs, made the working directory so that file names stay short."""
    folder = tmp_path / "in"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder
