"""A cover that names the kind of a document and then what it is of ("Multi-agency audit of core
groups", "Thematic Review of / Neglect in Adolescence", "AN AUDIT OF STRATEGY DISCUSSIONS") gives the
whole title, on a cover page of its own at the front of a longer document.

A cover ends where its last line is set, often its title over a date or over nothing at all: that last
line is the title, not a line of running text carried over onto the next page. The covers are made up,
in the shapes partnerships publish: a partnership's line above, capitals, a title wrapped over two
lines, several kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from clirun import run_json
from typer.testing import CliRunner

from learnkit.knowledge.describe import describe
from tests.pdfmaker import make_pdf

# The pages after a cover: running text, as wide as the page, that goes on from one page to the next.
BODY = [
    "1. Introduction\nThe partnership asked each agency to look again at the cases it held, and to say "
    "how the children's plans were made, reviewed and ended, and how the children were seen and heard. "
    "The agencies met to compare what each had found and what it would change in its practice",
    "as a result of what the audit found about the plans and the meetings held to review them.\n"
    "2. Findings\nThe plans were not always reviewed when a family moved, and the child's views were "
    "not always recorded in the meetings that were held about them.",
]


@dataclass(frozen=True)
class Cover:
    name: str
    page: str
    title: str  # what the title starts with, in the case a list writes it
    kind: str
    year: str = ""
    slug: str = ""  # where the slug starts: the place, the kind in short, what it is of


COVERS = [
    Cover(
        "a multi-agency audit over its date",
        "Ashmere Safeguarding Children Partnership\nMulti-agency audit of core groups\nJuly 2022\n",
        "Multi-agency audit of core groups",
        "multi-agency-audit",
        "2022",
        slug="ashmere-audit-core-groups",
    ),
    Cover(
        "a multi-agency audit, the last line of its cover",
        "Ashmere Safeguarding Children Partnership\nMulti-agency audit of core groups\n",
        "Multi-agency audit of core groups",
        "multi-agency-audit",
        slug="ashmere-audit-core-groups",
    ),
    Cover(
        "a multi-agency audit in capitals",
        "ASHMERE SAFEGUARDING CHILDREN PARTNERSHIP\nMULTI-AGENCY AUDIT OF CORE GROUPS\nJULY 2022\n",
        "Multi-Agency Audit of Core Groups",
        "multi-agency-audit",
        "2022",
    ),
    Cover(
        "a thematic review wrapped over two lines",
        "Brackwater Safeguarding Children Partnership\nThematic Review of\nNeglect in Adolescence\n"
        "March 2021\n",
        "Thematic Review of Neglect in Adolescence",
        "thematic-review",
        "2021",
        slug="brackwater-thematic-review-neglect",
    ),
    Cover(
        "a thematic review in capitals wrapped over two lines, nothing under it",
        "Brackwater Safeguarding Children Partnership\nTHEMATIC REVIEW OF\nNEGLECT IN ADOLESCENCE\n",
        "Thematic Review of Neglect in Adolescence",
        "thematic-review",
    ),
    Cover(
        "a learning review wrapped in mid-phrase, over its publication date",
        "Dunmoor Safeguarding Children Board\nLearning review of\nthe response to bruising in non-mobile "
        "babies\nPublished: 4 May 2019\n",
        "Learning review of the response to bruising in non-mobile babies",
        "learning-review",
        "2019",
    ),
    Cover(
        "an audit wrapped over two lines, wider than the partnership's line",
        "Elmby Safeguarding Partnership\nA multi-agency audit of the\nfront door and strategy discussions\n"
        "October 2022\n",
        "A multi-agency audit of the front door and strategy discussions",
        "multi-agency-audit",
        "2022",
        slug="elmby-audit-front-door",
    ),
    Cover(
        "an audit in capitals, the last line of its cover",
        "Elmby Safeguarding Partnership\nAN AUDIT OF STRATEGY DISCUSSIONS\n",
        "An Audit of Strategy Discussions",
        "multi-agency-audit",
    ),
    Cover(
        "a case file audit under a logo's short name",
        "FCSP\nFenbury Children's Safeguarding Partnership\nCase File Audit of\nChildren Missing Education\n"
        "November 2020\n",
        "Case File Audit of Children Missing Education",
        "case-file-audit",
        "2020",
        slug="fenbury-case-file-audit-children",
    ),
]


@pytest.mark.parametrize("cover", COVERS, ids=[c.name for c in COVERS])
def test_a_cover_page_naming_a_kind_and_what_it_is_of_is_the_whole_title(cover: Cover) -> None:
    pages = [cover.page, *BODY]
    found = describe(pages, file_name="report.pdf", raw_pages=pages)
    assert found.title.startswith(cover.title), found.title
    assert found.kind == cover.kind
    assert found.detected["title"] == f"p. 1: {cover.title}"
    if cover.year:
        assert cover.year in found.title and found.slug.endswith(cover.year)
    assert found.slug.startswith(cover.slug), found.slug
    assert not found.slug.endswith(("-of", "-the", "-in")), found.slug


def test_the_last_line_of_running_text_is_still_no_title() -> None:
    # A page of running text whose last line goes on onto the next page: that line, which names an
    # audit, is a fragment of a sentence, not the document's title.
    lines = [
        "The partnership asked each agency to look again at the cases it held, and to say how the plans",
        "were made, reviewed and ended, and the agencies met to compare what each one of them had found",
        "about the plans and the meetings that were held to review them over the year, and to report in",
        "Multi-Agency Audit of Core Groups and Child Protection Plans to the Ashmere Partnership Board",
    ]
    found = describe(["\n".join(lines), BODY[1]], file_name="report.pdf")
    assert "title" not in found.detected
    assert not found.title.startswith("Multi-Agency Audit"), found.title


def test_covers_on_pages_of_their_own_are_filed_by_their_whole_titles(
    tmp_path: Path, home: Path, runner: CliRunner
) -> None:
    """A real ingest: each PDF's cover is a page of its own, with a running header and a footer."""
    folder = tmp_path / "covers"
    folder.mkdir()
    for n, cover in enumerate(COVERS):
        make_pdf(
            folder / f"report-{n}.pdf",
            [cover.page, *BODY],
            title=f"Microsoft Word - report_{n}_final.docx",
            footer="Page {page} of 3",
        )
    added = run_json(runner, "ingest", folder)["added"]
    assert len(added) == len(COVERS)
    for item in added:
        cover = COVERS[int(re.sub(r"\D", "", Path(item["file"]).stem))]
        record = run_json(runner, "show", item["slug"])
        assert record["title"].startswith(cover.title), record["title"]
        assert record["kind"] == cover.kind
