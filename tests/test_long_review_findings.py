"""Findings, recommendations and summaries of long documents (made by tests/longdocs.py), as a
practitioner would list them: every stated point once, in order, with its number and the page it starts
on, and nothing from the narrative, the contents, the running header or the footer.

The documents: reviews of 30-150 pages whose findings and recommendations are set out in each of the
ways reviews use (the Kingsford review in four of them), a learning review with lettered key learning
(one item over a page break) and messages for practitioners, an audit whose findings run on in one
paragraph, and a 7-minute briefing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from longdocs import LAYOUTS, Answers, Layout, Stated, make_document

from learnkit.knowledge.summary import summarize
from learnkit.models import Point
from learnkit.reading.extract import extract
from learnkit.reading.findings import extract_findings
from learnkit.reading.pagereader import read_pages
from learnkit.reading.pages import clean_pages

KINGSFORD = LAYOUTS["cspr"]
DOCUMENTS: dict[str, Layout] = {
    "cspr": KINGSFORD,  # findings "6.1 Title. Text", "Recommendation N" lines
    "cspr-headed": KINGSFORD.but(findings_style="headed"),
    "cspr-headed-numbered": KINGSFORD.but(findings_style="headed", recommendations_style="numbered"),
    "cspr-table": KINGSFORD.but(recommendations_style="table"),
    **{name: layout for name, layout in LAYOUTS.items() if name != "cspr"},
}


@pytest.fixture(scope="module")
def made(
    tmp_path_factory: pytest.TempPathFactory, long_documents: tuple[Path, dict[str, Answers]]
) -> dict[str, tuple[list[str], Answers]]:
    """Each document's page texts as pypdf reads them, and its answers; read once for the module."""
    folder, answers = long_documents
    variants = tmp_path_factory.mktemp("variants")
    out: dict[str, tuple[list[str], Answers]] = {}
    for name, layout in DOCUMENTS.items():
        path = folder / f"{name}.pdf"
        if name not in answers:  # (another way of setting out one of them)
            answers = {**answers, name: make_document(variants / f"{name}.pdf", layout)}
            path = variants / f"{name}.pdf"
        pages = extract(path).pages
        assert len(pages) == answers[name].pages == layout.pages
        out[name] = (pages, answers[name])
    return out


def found(made: dict[str, tuple[list[str], Answers]], name: str) -> tuple[dict[str, list[Point]], Answers]:
    pages, answers = made[name]
    return extract_findings(read_pages(pages), f"{name}.pdf"), answers


def listed(points: Sequence[Point | Stated]) -> list[tuple[str, str | None, int | None]]:
    """What a practitioner lists of each point: its words, its number and its page."""
    return [(p.text, p.number, p.page) for p in points]


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_recommendation_is_found_once_with_its_number_and_page(
    made: dict[str, tuple[list[str], Answers]], name: str
) -> None:
    points, answers = found(made, name)
    assert listed(points["recommendations"]) == listed(answers.recommendations)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_finding_is_found_with_its_number_and_page_and_nothing_from_the_narrative(
    made: dict[str, tuple[list[str], Answers]], name: str
) -> None:
    points, answers = found(made, name)
    assert listed(points["learning"]) == listed(answers.learning)
    assert points["good_practice"] == []


def test_the_kingsford_findings_are_what_a_practitioner_would_list(
    made: dict[str, tuple[list[str], Answers]],
) -> None:
    # Not only what the builder says: "Title. Text" of each of the review's five findings.
    for name in ("cspr", "cspr-headed"):
        points, _ = found(made, name)
        assert [p.text for p in points["learning"]] == [
            f"{t}. {text}" for t, text in KINGSFORD.findings or ()
        ]
        assert [p.number for p in points["recommendations"]] == [str(n) for n in range(1, 9)]


def test_lettered_key_learning_keeps_its_letters_and_the_page_each_starts_on(
    made: dict[str, tuple[list[str], Answers]],
) -> None:
    points, answers = found(made, "learning-review")
    lettered = points["learning"][:4]
    assert [p.number for p in lettered] == ["a", "b", "c", "d"]
    assert [p.page for p in lettered] == [s.page for s in answers.learning[:4]]
    third = answers.learning[2]
    assert third.ends == third.page + 1  # the third goes on over the page break, and is read whole
    assert lettered[2].text == third.text


def test_run_on_numbered_findings_keep_their_numbers(made: dict[str, tuple[list[str], Answers]]) -> None:
    points, answers = found(made, "audit")
    assert [p.number for p in points["learning"]] == ["1", "2", "3", "4", "5"]
    assert {p.page for p in points["learning"]} == {answers.sections["Findings"]}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_cleaned_pages_give_the_same_points(
    made: dict[str, tuple[list[str], Answers]], name: str
) -> None:
    pages, _ = made[name]
    raw = extract_findings(read_pages(pages))
    cleaned = extract_findings(clean_pages(pages))
    if DOCUMENTS[name].recommendations_style != "table":  # (cleaning joins a table's rows)
        assert [p.text for p in raw["recommendations"]] == [p.text for p in cleaned["recommendations"]]
    assert [p.text for p in raw["learning"]] == [p.text for p in cleaned["learning"]]


@pytest.mark.parametrize("name", [n for n, layout in DOCUMENTS.items() if layout.contents])
def test_running_header_page_numbers_and_contents_stay_out_of_the_text(
    made: dict[str, tuple[list[str], Answers]], name: str
) -> None:
    pages, answers = made[name]
    reading = read_pages(pages)
    cleaned = clean_pages(reading)
    assert answers.header and not any(answers.header in page for page in cleaned)
    assert not any(line.startswith("Page ") for page in cleaned for line in page.split("\n"))
    footer = DOCUMENTS[name].footer.replace("{pages}", str(answers.pages))
    for number, page in enumerate(cleaned, start=1):
        assert footer.replace("{page}", str(number)) not in page.split("\n")
    if DOCUMENTS[name].marking:
        assert not any(DOCUMENTS[name].marking in page for page in cleaned)
    contents = [line.text for line in reading.pages[1].text_lines() if line.contents]
    assert len(contents) == len(answers.contents)
    for entry, heading in zip(contents, answers.contents, strict=True):
        assert entry.startswith(heading)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_summary_is_prose_from_the_document(
    made: dict[str, tuple[list[str], Answers]], name: str
) -> None:
    pages, answers = made[name]
    layout = DOCUMENTS[name]
    summary = summarize(read_pages(pages))
    assert summary
    cover = [line for line in (layout.cover_line, layout.date_line, layout.reviewer) if line]
    for junk in ("....", "Contents", "Page ", *cover):
        assert junk not in summary
    if answers.header:
        assert answers.header not in summary


def test_another_seed_writes_other_prose_in_the_same_places(tmp_path: Path) -> None:
    first = make_document(tmp_path / "a.pdf", "cspr")
    again = make_document(tmp_path / "b.pdf", "cspr", seed=99)
    assert first == again
    assert (tmp_path / "a.pdf").read_bytes() != (tmp_path / "b.pdf").read_bytes()
