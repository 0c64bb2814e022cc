"""File hashing and the cache that makes a second ingest of an unchanged folder cheap."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from learnkit.errors import PdfError
from learnkit.storage.files import CACHE_NAME, HashCache, sha256_file


def test_sha256_file_matches_hashlib(tmp_path: Path) -> None:
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 " + os.urandom(3_000_000))
    assert sha256_file(f) == hashlib.sha256(f.read_bytes()).hexdigest()


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(PdfError) as info, HashCache(tmp_path) as cache:
        cache.sha256(tmp_path / "nope.pdf")
    assert info.value.reason == "unreadable"


def test_cache_answers_without_reading_an_unchanged_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "a.pdf"
    f.write_bytes(b"one")
    with HashCache(tmp_path) as cache:
        first = cache.sha256(f)
    assert json.loads((tmp_path / CACHE_NAME).read_text())[str(f.resolve())][2] == first

    def no_reading(path: Path) -> str:
        raise AssertionError("an unchanged file was hashed again")

    monkeypatch.setattr("learnkit.storage.files.sha256_file", no_reading)
    with HashCache(tmp_path) as cache:
        assert cache.sha256(f) == first


def test_a_changed_file_is_hashed_again(tmp_path: Path) -> None:
    f = tmp_path / "a.pdf"
    f.write_bytes(b"one")
    with HashCache(tmp_path) as cache:
        first = cache.sha256(f)
    f.write_bytes(b"two, longer")
    with HashCache(tmp_path) as cache:
        second = cache.sha256(f)
    assert second != first and second == hashlib.sha256(b"two, longer").hexdigest()


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    (tmp_path / CACHE_NAME).write_text("{not json")
    f = tmp_path / "a.pdf"
    f.write_bytes(b"x")
    with HashCache(tmp_path) as cache:
        assert cache.sha256(f) == hashlib.sha256(b"x").hexdigest()
    assert json.loads((tmp_path / CACHE_NAME).read_text())  # rewritten whole
