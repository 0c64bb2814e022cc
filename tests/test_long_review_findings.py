"""Findings and summaries of long review PDFs (30 pages: contents, running headers, page numbers,
numbered paragraphs, findings and recommendations in different layouts), as a practitioner would list them.
"""

from __future__ import annotations

import pytest
from longreviews import FINDINGS, HEADER, RECOMMENDATIONS, make_review

from learnkit.knowledge.summary import summarize
from learnkit.reading.extract import extract
from learnkit.reading.findings import extract_findings
from learnkit.reading.pagereader import read_pages
from learnkit.reading.pages import clean_pages

LAYOUTS = [
    ("numbered", "own-line"),
    ("headed", "own-line"),
    ("headed", "numbered"),
    ("numbered", "table"),
]


@pytest.fixture(scope="module", params=LAYOUTS, ids=["-".join(layout) for layout in LAYOUTS])
def review(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    findings, recommendations = request.param
    path = make_review(tmp_path_factory.mktemp("review") / "review.pdf", findings, recommendations)
    pages = extract(path).pages
    assert len(pages) == 30
    return pages


@pytest.fixture(scope="module")
def table_review(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return extract(make_review(tmp_path_factory.mktemp("review") / "review.pdf", "numbered", "table")).pages


def test_every_recommendation_is_found_once_with_its_number_and_page(review: list[str]) -> None:
    found = extract_findings(read_pages(review), "review.pdf")["recommendations"]
    assert [p.text for p in found] == RECOMMENDATIONS
    assert [p.number for p in found] == [str(n) for n in range(1, 9)]
    assert all(p.page is not None and 25 <= p.page <= 27 for p in found)


def test_every_finding_is_found_and_nothing_from_the_narrative(review: list[str]) -> None:
    found = extract_findings(read_pages(review), "review.pdf")["learning"]
    assert [p.text for p in found] == [f"{title}. {text}" for title, text in FINDINGS]
    assert [p.page for p in found] == [20, 21, 22, 23, 24]


def test_the_cleaned_pages_give_the_same_points(review: list[str], table_review: list[str]) -> None:
    raw = extract_findings(read_pages(review))
    cleaned = extract_findings(clean_pages(review))
    if review != table_review:  # (cleaning joins a table's rows: its points come from the reader's lines)
        assert [p.text for p in raw["recommendations"]] == [p.text for p in cleaned["recommendations"]]
    assert [p.text for p in raw["learning"]] == [p.text for p in cleaned["learning"]]


def test_running_header_page_numbers_and_contents_stay_out_of_the_text(review: list[str]) -> None:
    reading = read_pages(review)
    cleaned = clean_pages(reading)
    assert not any(HEADER in page for page in cleaned)
    assert not any(line.startswith("Page ") for page in cleaned for line in page.split("\n"))
    contents = [line.text for line in reading.pages[1].text_lines() if line.contents]
    assert len(contents) == 8 and contents[5].startswith("6. Findings")


def test_the_summary_is_prose_from_the_report(review: list[str]) -> None:
    summary = summarize(read_pages(review))
    assert summary
    for junk in ("....", "Contents", "Page ", HEADER, "Published March"):
        assert junk not in summary
