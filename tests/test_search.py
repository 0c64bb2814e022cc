"""`learnkit search` on documents: each hit names the document and page that hold the words, and a query
that names a theme also finds the theme's other names in documents' text, ranked below the words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pdfmaker import make_pdf
from typer.testing import CliRunner

from learnkit.commands.main import app

FILLER = "The partnership met and agreed its plan for the year."


def search(runner: CliRunner, *words: str) -> Any:
    result = runner.invoke(app, ["search", *words, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def add(runner: CliRunner, path: Path) -> None:
    result = runner.invoke(app, ["add", str(path)])
    assert result.exit_code == 0, result.output


def _two_reviews(runner: CliRunner, inbox: Path) -> None:
    make_pdf(
        inbox / "clinic-review.pdf",
        [
            FILLER,
            FILLER,
            "Learning: the child was not brought to the clinic by her parents on four occasions.",
        ],
    )
    make_pdf(
        inbox / "dental-review.pdf",
        [
            FILLER,
            "Practitioners saw the missed appointments as the family's choice, not as neglect of a need.",
        ],
    )
    add(runner, inbox / "clinic-review.pdf")
    add(runner, inbox / "dental-review.pdf")


def test_a_theme_query_finds_its_other_names_below_the_words_with_their_pages(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    _two_reviews(runner, inbox)
    found = search(runner, "was not brought")
    ours = [h for h in found["results"] if h.get("document")]
    assert [(h["document"], h["page"]) for h in ours] == [("clinic-review.pdf", 3), ("dental-review.pdf", 2)]
    assert "**brought**" in ours[0]["snippet"]
    assert "**missed appointments**" in ours[1]["snippet"]


def test_county_lines_finds_criminal_exploitation_on_its_page(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    make_pdf(
        inbox / "exploitation.pdf",
        [FILLER, FILLER, "The boy was drawn into criminal exploitation by older men who sold drugs."],
    )
    add(runner, inbox / "exploitation.pdf")
    hits = [h for h in search(runner, "county lines")["results"] if h.get("document") == "exploitation.pdf"]
    assert [h["page"] for h in hits] == [3]
    assert "**criminal exploitation**" in hits[0]["snippet"]


def test_words_that_name_no_theme_find_only_themselves(runner: CliRunner, seeded: Path, inbox: Path) -> None:
    _two_reviews(runner, inbox)
    hits = search(runner, "clinic")["results"]
    assert [(h["document"], h["page"]) for h in hits] == [("clinic-review.pdf", 3)]


def test_every_hit_on_a_document_holding_the_words_names_its_page(
    runner: CliRunner, seeded: Path, inbox: Path
) -> None:
    # A review about neglect (its title, summary and themes say so), with the word deep inside it.
    make_pdf(
        inbox / "neglect-review.pdf",
        [
            "Learning review: neglect of Child N",
            FILLER,
            "Neglect of Child N went on for years: the home was cold and there was no food.",
        ],
    )
    add(runner, inbox / "neglect-review.pdf")
    hits = [h for h in search(runner, "neglect")["results"] if h.get("document") == "neglect-review.pdf"]
    assert len(hits) == 1 and hits[0]["page"] in (1, 3)
    assert "**" in hits[0]["snippet"]


def test_the_page_is_shown_in_the_human_output(runner: CliRunner, seeded: Path, inbox: Path) -> None:
    _two_reviews(runner, inbox)
    result = runner.invoke(app, ["search", "missed", "appointments"])
    assert result.exit_code == 0, result.output
    assert "dental-review.pdf" in result.output and "p. 2" in result.output
