"""Shared fixtures: every test gets its own library folder, and Rich a fixed width."""

from __future__ import annotations

import os
from collections.abc import Iterator
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
    import shutil

    shutil.copytree(_seeded_template, home)
    return home


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
