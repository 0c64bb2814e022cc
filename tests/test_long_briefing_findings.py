"""Findings of longer learning documents made as PDFs (see longbriefings): a learning review with lettered
key learning and messages for practitioners, a 7-minute briefing, an audit whose findings run on in one
paragraph. Every stated point is found, in order, with its number, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from longbriefings import audit_report, learning_review, make_document, seven_minute_briefing

from learnkit.models import Point
from learnkit.reading.extract import extract
from learnkit.reading.findings import extract_findings
from learnkit.reading.pagereader import read_pages

DOCUMENTS: dict[str, Callable[[], tuple[list[str], dict[str, list[str]]]]] = {
    "learning-review": learning_review,
    "seven-minute-briefing": seven_minute_briefing,
    "audit-report": audit_report,
}


def _found(tmp_path: Path, name: str) -> tuple[dict[str, list[Point]], dict[str, list[str]]]:
    pages, stated = DOCUMENTS[name]()
    header = None if name == "seven-minute-briefing" else "Ashford Vale SCP - " + name
    pdf = make_document(tmp_path / f"{name}.pdf", pages, header=header)
    return extract_findings(read_pages(extract(pdf).pages), f"{name}.pdf"), stated


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_stated_point_is_found_and_nothing_else(tmp_path: Path, name: str) -> None:
    found, stated = _found(tmp_path, name)
    assert [p.text for p in found["learning"]] == stated["learning"]
    assert [p.text for p in found["recommendations"]] == stated["recommendations"]
    assert found["good_practice"] == []


def test_lettered_key_learning_keeps_its_letters_and_the_page_each_starts_on(tmp_path: Path) -> None:
    found, _ = _found(tmp_path, "learning-review")
    lettered = found["learning"][:4]
    assert [p.number for p in lettered] == ["a", "b", "c", "d"]
    assert [p.page for p in lettered] == [9, 9, 9, 10]  # the third goes on over the page break


def test_run_on_numbered_findings_keep_their_numbers(tmp_path: Path) -> None:
    found, _ = _found(tmp_path, "audit-report")
    assert [p.number for p in found["learning"]] == ["1", "2", "3", "4", "5"]
    assert all(p.page == 6 for p in found["learning"])
