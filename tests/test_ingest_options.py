"""What a person says of every record `ingest` (and `add`) makes wins over what is read from each PDF."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from learnkit.commands.main import app
from tests.pdfmaker import make_pdf

COVER = (
    "OFFICIAL-SENSITIVE\nNorthshire Safeguarding Children Partnership\nLearning Review: Child {n}\n"
    "Published March 2019\nThe review looks at the neglect of Child {n} and the care the family had.\n"
)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reviews"
    folder.mkdir()
    for n in ("A", "B"):
        page = COVER.format(n=n) + "Agencies did not see the neglect for what it was. " * 5
        make_pdf(folder / f"child-{n.lower()}.pdf", [page, "OFFICIAL-SENSITIVE\nThe learning.\n" + page])
    return folder


def test_ingest_takes_status_area_date_publisher_kind_and_theme_for_every_file(
    tmp_path: Path, home: Path
) -> None:
    runner = CliRunner()
    given = ["--status", "published", "--area", "Eastshire", "--date", "2020-06", "--kind", "rapid-review"]
    given += ["--publisher", "Eastshire Safeguarding Partnership", "--theme", "hidden men"]
    result = runner.invoke(app, ["ingest", str(_folder(tmp_path)), *given, "--json"])
    assert result.exit_code == 0, result.output
    added = json.loads(result.stdout)["added"]
    assert len(added) == 2
    for item in added:
        record = json.loads(runner.invoke(app, ["show", item["slug"], "--json"]).stdout)
        # The marking would make it restricted; the person said published, and that wins.
        assert (record["status"], record["area"], record["date"]) == ("published", "Eastshire", "2020-06")
        assert (record["kind"], record["publisher"]) == ("rapid-review", "Eastshire Safeguarding Partnership")
        assert "hidden-men" in [t["id"] for t in record["themes"] if t["origin"] == "manual"]
        # A value the person gave is not marked as read from the document.
        assert not {"status", "area", "date", "kind", "publisher"} & set(record["detected"])


def test_ingest_without_options_keeps_what_it_read(tmp_path: Path, home: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(_folder(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    for item in json.loads(result.stdout)["added"]:
        record = json.loads(runner.invoke(app, ["show", item["slug"], "--json"]).stdout)
        assert record["status"] == "restricted"  # from the marking on every page
        assert "status" in record["detected"]


def test_ingest_refuses_a_bad_value_before_reading_anything(tmp_path: Path, home: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(_folder(tmp_path)), "--status", "secret"])
    assert result.exit_code == 4 and "unknown status 'secret'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
