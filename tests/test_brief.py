"""The 7-minute briefing (pure), and the brief, trends, related and repeats commands through CliRunner."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from clirun import ok, run
from typer.testing import CliRunner

from learnkit.commands.learning import commands as learning_commands
from learnkit.errors import ExitCode, InvalidError
from learnkit.knowledge.brief import Brief, is_action, make_brief
from learnkit.knowledge.themes import Taxonomy, load_taxonomy
from learnkit.models import Point, Record, ThemeTag
from learnkit.output.briefing import render, to_html, to_markdown

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2024, 5, 1)
SECTION_TITLES = [
    "1. Background",
    "2. Why it matters",
    "3. Key information: what the reviews found",
    "4. Key information: what worked well",
    "5. Key information: what was recommended",
    "6. Things to remember",
    "7. What to do",
]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(REPO / "records" / "themes.toml")


def rec(slug: str, **fields: Any) -> Record:
    themes = fields.pop("themes", ["neglect"])
    detected = fields.pop("detected", [])
    points = {
        name: [Point(t) for t in fields.pop(name, [])]
        for name in ("learning", "good_practice", "recommendations")
    }
    return Record(
        slug=slug,
        title=fields.pop("title", f"Review {slug}"),
        kind=fields.pop("kind", "learning-review"),
        themes=[ThemeTag(t) for t in themes] + [ThemeTag(t, "detected") for t in detected],
        **points,
        **fields,
    )


def neglect_records() -> list[Record]:
    return [
        rec(
            "old-review",
            date="2013-04",
            summary=(
                "A review of the care of two brothers. It found that agencies did not share what they knew."
            ),
            learning=["Agencies did not share information about the father.", "Ask who lives in the house."],
            recommendations=["The board should audit information sharing between health and schools."],
        ),
        rec(
            "new-audit",
            kind="multi-agency-audit",
            date="2019/2020",
            summary=(
                "An audit of twenty neglect cases. "
                "It was chosen because neglect is a key focus for the board. "
                "Auditors found good use of the Graded Care Profile 2."
            ),
            good_practice=["Health visitors used the Graded Care Profile 2 consistently."],
            learning=["Record who visits the home at each contact."],
        ),
        rec(
            "detected-only",
            detected=["neglect"],
            themes=["hidden-men"],
            date="2021",
            summary="A briefing on men in the household who were not known to agencies.",
            learning=["Ask who lives in the house."],
        ),
        rec(
            "secret-review",
            status="restricted",
            date="2022",
            summary="ZEBRA-MARKER details that must not leave the library.",
            learning=["ZEBRA-MARKER learning."],
        ),
    ]


def make(taxonomy: Taxonomy, include_restricted: bool = False) -> Brief:
    theme = taxonomy.get("neglect")
    assert theme is not None
    return make_brief(theme, neglect_records(), taxonomy, {}, include_restricted, today=TODAY)


# --------------------------------------------------------------------------- the briefing


def test_markdown_has_seven_numbered_sections_and_three_questions(taxonomy: Taxonomy) -> None:
    text = to_markdown(make(taxonomy))
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings == [*SECTION_TITLES, "Questions for reflection", "References"]
    assert text.startswith("# 7-minute briefing: Neglect\n")
    assert "Generated 2024-05-01" in text
    questions = text.split("## Questions for reflection")[1].split("---")[0]
    assert re.findall(r"^(\d)\. ", questions, flags=re.MULTILINE) == ["1", "2", "3"]
    # The taxonomy's description leads "why it matters".
    why = text.split("## 2. Why it matters")[1].split("## 3.")[0]
    assert "Persistent failure to meet" in why


def test_every_point_quotes_and_cites_a_record(taxonomy: Taxonomy) -> None:
    records = {r.slug: r for r in neglect_records()}
    brief = make(taxonomy)
    text = to_markdown(brief)
    points = [p for s in brief.sections for p in s.points]
    assert len(points) >= 6
    for point in points:
        record = records[point.source]
        own_words = [
            record.summary,
            *(p.text for p in record.learning + record.good_practice + record.recommendations),
        ]
        assert any(point.text in words for words in own_words), point.text  # quoted, not invented
        assert f"(`{record.slug}`)" in text
    assert {p.source for p in points} <= {"old-review", "new-audit", "detected-only"}
    sources = [s.slug for s in brief.sources]
    # A person's tag before a detected one; learning content, then newest first.
    assert sources == ["new-audit", "old-review", "detected-only"]
    assert "multi-agency audit, 2019-2020 (`new-audit`)" in text
    data = brief.to_dict()
    assert [s["number"] for s in data["sections"]] == [1, 2, 3, 4, 5, 6, 7]
    assert data["left_out"] == 1 and len(data["questions"]) == 3
    assert all(p["source"] in records for s in data["sections"] for p in s["points"])


def test_sections_take_what_fits_them(taxonomy: Taxonomy) -> None:
    brief = make(taxonomy)
    by_number = {s.number: s for s in brief.sections}
    texts = {n: [p.text for p in s.points] for n, s in by_number.items()}
    assert "Health visitors used the Graded Care Profile 2 consistently." in texts[4]
    assert texts[5] == ["The board should audit information sharing between health and schools."]
    assert "Agencies did not share information about the father." in texts[3]  # a finding
    assert "It was chosen because neglect is a key focus for the board." in texts[2]
    # Said by two records in near-identical words: a thing to remember, citing both.
    recurring = by_number[6].points
    assert [p.text for p in recurring] == ["Ask who lives in the house."]
    assert sorted([recurring[0].source, *recurring[0].also]) == ["detected-only", "old-review"]
    assert "Record who visits the home at each contact." in texts[7]  # an action
    every = [t for n in texts for t in texts[n]]
    assert len(every) == len(set(every))  # nothing said twice
    assert "3 records in this library have the theme neglect" in by_number[1].lead
    assert "dated 2013 to 2021" in by_number[1].lead


def test_restricted_records_are_left_out_and_counted(taxonomy: Taxonomy) -> None:
    brief = make(taxonomy)
    for text in (to_markdown(brief), to_html(brief)):
        assert "ZEBRA-MARKER" not in text
        assert "secret-review" not in text
        assert "1 restricted or unpublished record was left out" in text
    assert brief.left_out == 1
    included = make(taxonomy, include_restricted=True)
    text = to_markdown(included)
    assert "ZEBRA-MARKER" in text and included.left_out == 0
    assert "share it only with those entitled to see them" in text


def test_a_restricted_record_is_briefed_only_when_asked(taxonomy: Taxonomy) -> None:
    secret = neglect_records()[3]
    with pytest.raises(InvalidError, match="--include-restricted"):
        make_brief(secret, [secret], taxonomy, {})
    brief = make_brief(secret, [secret], taxonomy, {}, include_restricted=True, today=TODAY)
    assert brief.subject_type == "record" and brief.sources[0].slug == "secret-review"


def test_a_record_briefing_draws_on_it_and_its_related_records(taxonomy: Taxonomy) -> None:
    records = neglect_records()
    subject = records[0]
    subject.related = ["new-audit", "secret-review"]
    brief = make_brief(
        subject,
        [subject, records[1], records[3]],
        taxonomy,
        {"elsewhere": "A review not drawn on"},
        today=TODAY,
    )
    assert [s.slug for s in brief.sources] == ["old-review", "new-audit"]
    assert brief.left_out == 1
    assert brief.related == [("elsewhere", "A review not drawn on")]
    text = to_markdown(brief)
    assert text.startswith("# 7-minute briefing: Review old-review")
    assert "About this record:" in text and "Learning review, dated 2013-04" in text
    assert "This briefing also draws on 1 related record." in text


def test_thin_content_is_said_honestly(taxonomy: Taxonomy) -> None:
    theme = taxonomy.get("hidden-men")
    assert theme is not None
    empty = make_brief(theme, [], taxonomy, {}, today=TODAY)
    text = to_markdown(empty)
    assert all(not s.points for s in empty.sections)
    assert "No record in this library carries this theme yet." in text
    assert "No recorded learning on this yet." in text
    assert "No good practice is recorded on this yet." in text
    assert "## References\n\nNone." in text
    assert len(empty.questions) == 3
    only_summary = make_brief(
        theme,
        [rec("s", themes=["hidden-men"], summary="A review of one family. A short note.")],
        taxonomy,
        {},
    )
    # The sentence that says what the record is goes to the background; the other belongs nowhere.
    assert [len(s.points) for s in only_summary.sections] == [1, 0, 0, 0, 0, 0, 0]


def test_questions_are_generic_templates(taxonomy: Taxonomy) -> None:
    brief = make(taxonomy)
    first, second, third = brief.questions
    action = next(p.text for s in brief.sections if s.number == 7 for p in s.points)
    assert f"“{action}”" in first  # quoted from a record, marked as a quotation
    assert "neglect" in second
    assert "do differently" in third
    assert "the questions are generic prompts" in to_markdown(brief)


def test_actions_are_told_from_findings() -> None:
    assert is_action("Keep the child at the centre.")
    assert is_action("Re-audit areas criticised by a review.")
    assert is_action("Practitioners should ask who lives in the house.")
    assert not is_action("Agencies did not share information.")


def test_html_is_one_self_contained_printable_page(taxonomy: Taxonomy) -> None:
    page = to_html(make(taxonomy))
    assert page.startswith("<!DOCTYPE html>")
    lowered = page.lower()
    for forbidden in ("http", "<script", "src=", "<link", "@import", "url("):
        assert forbidden not in lowered, forbidden
    assert "@page { size: A4;" in page
    assert "break-inside: avoid" in page and "@media print" in page
    assert "<h1>7-minute briefing: Neglect</h1>" in page
    assert page.count("<section") == 8  # seven sections and the questions
    assert "<footer>" in page and "<code>new-audit</code>" in page
    assert "Generated 2024-05-01" in page


def test_record_text_is_escaped(taxonomy: Taxonomy) -> None:
    theme = taxonomy.get("neglect")
    assert theme is not None
    sly = rec(
        "sly",
        title="<b>Bold</b> & [brackets]",
        summary="A review of <b>tags</b> & [brackets] and a <script>alert(1)</script>.",
        learning=["Ask *who* lives in the house [all adults] <i>now</i>."],
    )
    brief = make_brief(theme, [sly], taxonomy, {}, today=TODAY)
    page = to_html(brief)
    assert "<b>" not in page and "<script>" not in page and "<i>" not in page
    assert "&lt;b&gt;tags&lt;/b&gt; &amp; [brackets]" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; [brackets]" in page
    markdown = to_markdown(brief)
    assert "\\<b\\>tags\\</b\\> & \\[brackets\\]" in markdown
    assert "Ask \\*who\\* lives" in markdown
    with pytest.raises(InvalidError):
        render(brief, "pdf")


# --------------------------------------------------------------------------- the commands


@pytest.fixture
def cli(seeded: Path) -> CliRunner:
    """A runner for the app, on a library of the bundled records."""
    return CliRunner()


@pytest.mark.parametrize("command", learning_commands.names())
def test_commands_have_help_with_an_example(cli: CliRunner, command: str) -> None:
    result = ok(cli, command, "--help")
    assert "Example" in result.stdout and f"learnkit {command}" in result.stdout


def test_brief_on_a_theme_to_stdout(cli: CliRunner) -> None:
    result = ok(cli, "brief", "neglect")
    text = result.stdout
    for title in SECTION_TITLES:
        assert f"## {title}" in text
    assert "rosza-malika" in text and "pan-beds-gcp2-audit" in text
    assert "Keep the child at the centre" in text
    assert "briefing on 'neglect' from 5 records" in result.stderr


def test_brief_on_a_record_by_alias_and_slug(cli: CliRunner) -> None:
    text = ok(cli, "brief", "transitions-audit").stdout
    assert text.startswith("# 7-minute briefing: Multi-agency Audit of Transitions")
    assert "patrick-scr" in text  # its related record
    assert "# 7-minute briefing: Hidden men" in ok(cli, "brief", "unseen men").stdout


def test_brief_to_a_file_and_refusing_to_overwrite(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "neglect.html"
    result = ok(cli, "brief", "neglect", "--format", "html", "-o", str(target))
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "http" not in page
    assert f"to {target}" in result.stderr
    target.write_text("keep me", encoding="utf-8")
    refused = run(cli, "brief", "neglect", "-o", str(target))
    assert refused.exit_code == ExitCode.EXISTS
    assert "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    ok(cli, "brief", "neglect", "-o", str(target), "--force")
    assert target.read_text(encoding="utf-8").startswith("# 7-minute briefing: Neglect")
    assert [p.name for p in out.iterdir()] == ["neglect.html"]  # no temporary file left


def test_brief_errors(cli: CliRunner, tmp_path: Path) -> None:
    unknown = run(cli, "brief", "neglekt")
    assert unknown.exit_code == ExitCode.NOT_FOUND
    assert "no theme or record 'neglekt'" in unknown.stderr and "neglect" in unknown.stderr
    bad = run(cli, "brief", "neglect", "--format", "pdf")
    assert bad.exit_code == ExitCode.INVALID and "markdown, html" in bad.stderr
    folder = run(cli, "brief", "neglect", "-o", str(tmp_path / "missing" / "b.md"))
    assert folder.exit_code == ExitCode.INVALID


def test_brief_leaves_out_restricted_records_unless_asked(cli: CliRunner, tmp_path: Path) -> None:
    record = tmp_path / "secret-hidden-men.toml"
    record.write_text(
        'slug = "secret-hidden-men"\ntitle = "A restricted review"\nkind = "learning-review"\n'
        'status = "restricted"\ndate = "2020"\nsummary = "ZEBRA-MARKER summary of a restricted review."\n'
        'themes = ["hidden-men"]\nlearning = ["ZEBRA-MARKER learning point."]\n',
        encoding="utf-8",
    )
    ok(cli, "import", str(record))
    result = ok(cli, "brief", "hidden men")
    assert "ZEBRA-MARKER" not in result.stdout and "secret-hidden-men" not in result.stdout
    assert "1 restricted or unpublished record was left out" in result.stdout
    assert "left out 1 restricted" in result.stderr
    assert "ZEBRA-MARKER" in ok(cli, "brief", "hidden men", "--include-restricted").stdout
    refused = run(cli, "brief", "secret-hidden-men")
    assert refused.exit_code == ExitCode.INVALID and "--include-restricted" in refused.stderr
    assert "ZEBRA-MARKER" not in refused.output


def _see_also(text: str) -> list[str]:
    """The slugs a Markdown briefing names under "See also" (none when it has no such line)."""
    line = next((line for line in text.splitlines() if line.startswith("See also: ")), "")
    return re.findall(r"`([^`]+)`", line)


def _sources(text: str) -> list[str]:
    part = text[text.index("## References") :].split("See also")[0]
    return re.findall(r"^\d+\. .*\(`([^`]+)`\)$", part, flags=re.MULTILINE)


def test_see_also_names_records_to_read_next_that_the_briefing_does_not_draw_on(cli: CliRunner) -> None:
    # A theme: the records its sources link to. Hidden men's two NSPCC records link to each other and to
    # the thematic briefings, which does not carry the theme.
    text = ok(cli, "brief", "hidden", "men").stdout
    assert "nspcc-thematic-briefings" in _see_also(text)
    assert not set(_see_also(text)) & set(_sources(text))
    # A record: its related records are drawn on; See also adds the records most like it.
    text = ok(cli, "brief", "transitions-audit").stdout
    assert "patrick-scr" in _sources(text) and "patrick-scr" not in _see_also(text)
    assert _see_also(text) and not set(_see_also(text)) & set(_sources(text))
    page = ok(cli, "brief", "transitions-audit", "--format", "html").stdout
    assert "<p>See also: <code>" in page


def test_see_also_never_names_a_restricted_record_unless_asked(cli: CliRunner, tmp_path: Path) -> None:
    record = tmp_path / "secret-review.toml"
    record.write_text(
        'slug = "secret-review"\ntitle = "ZEBRA restricted review"\nkind = "learning-review"\n'
        'status = "restricted"\nthemes = ["transitions-adult-services"]\nrelated = ["transitions-audit"]\n',
        encoding="utf-8",
    )
    ok(cli, "import", str(record))
    linking = tmp_path / "linking-review.toml"
    linking.write_text(
        'slug = "linking-review"\ntitle = "A review that links"\nkind = "learning-review"\n'
        'themes = ["hidden-men"]\nrelated = ["secret-review"]\n',
        encoding="utf-8",
    )
    ok(cli, "import", str(linking))
    for subject in (["hidden", "men"], ["transitions-audit"]):
        text = ok(cli, "brief", *subject).stdout
        assert "secret-review" not in text and "ZEBRA" not in text
    assert "secret-review" in _see_also(ok(cli, "brief", "hidden", "men", "--include-restricted").stdout)


def test_trends_human_and_json(cli: CliRunner) -> None:
    human = ok(cli, "trends").stdout
    assert "Themes by year (18 records)" in human
    assert "2016" in human and "undated" in human
    assert "Themes found together on one record" in human
    assert "Toxic trio" in human
    data = json.loads(ok(cli, "trends", "--json").stdout)
    assert set(data) == {"by", "theme", "records", "series", "cooccurrence", "toxic_trio", "left_out"}
    assert set(data["series"][0]) == {"key", "total", "themes"}
    assert set(data["series"][0]["themes"][0]) == {"id", "label", "count"}
    assert set(data["cooccurrence"][0]) == {"themes", "labels", "count"}
    assert set(data["toxic_trio"]) == {"themes", "labels", "count", "records", "two_of_three"}
    years = {s["key"]: s for s in data["series"]}
    assert years["2018"]["total"] == 4  # the four 2018/2019 Pan Bedfordshire audits
    by_kind = json.loads(ok(cli, "trends", "--by", "kind", "--theme", "Neglect", "--json").stdout)
    assert by_kind["theme"] == "neglect"
    kinds = {s["key"]: s for s in by_kind["series"]}
    assert kinds["serious-case-review"]["themes"] == [{"id": "neglect", "label": "Neglect", "count": 2}]
    assert "With theme" in ok(cli, "trends", "--by", "area", "--theme", "neglect").stdout


def test_trends_errors(cli: CliRunner) -> None:
    assert run(cli, "trends", "--by", "month").exit_code == ExitCode.INVALID
    unknown = run(cli, "trends", "--theme", "neglekt")
    assert unknown.exit_code == ExitCode.NOT_FOUND and "did you mean" in unknown.stderr


def test_related_human_and_json(cli: CliRunner) -> None:
    human = ok(cli, "related", "pan-beds-gcp2-audit").stdout
    assert "linked by the record" in human and "pan-beds-csa-family-audit" in human
    data = json.loads(ok(cli, "related", "rosza", "-n", "3", "--json").stdout)
    assert set(data) == {"slug", "title", "count", "results", "left_out"}
    assert data["slug"] == "rosza-malika" and data["count"] == len(data["results"]) == 3
    first = data["results"][0]
    assert set(first) == {"slug", "title", "score", "shared_themes", "reason"}
    assert first["slug"] == "pan-beds-gcp2-audit"
    assert first["reason"] == "3 shared themes: neglect, voice of the child, multi-agency working"
    assert run(cli, "related", "no-such-record").exit_code == ExitCode.NOT_FOUND
    assert run(cli, "related", "rosza-malika", "-n", "0").exit_code == ExitCode.INVALID


def test_repeats_human_and_json(cli: CliRunner) -> None:
    human = ok(cli, "repeats").stdout
    assert "In 2 records" in human and "patrick-scr" in human and "transitions-audit" in human
    data = json.loads(ok(cli, "repeats", "--json").stdout)
    assert set(data) == {"threshold", "min_records", "count", "results", "left_out"}
    assert data["count"] == len(data["results"]) == 1
    group = data["results"][0]
    assert set(group) == {"text", "count", "records", "years"}
    assert {r["slug"] for r in group["records"]} == {"patrick-scr", "transitions-audit"}
    none = json.loads(ok(cli, "repeats", "--min-records", "3", "--json").stdout)
    assert none["results"] == [] and none["count"] == 0
    assert (
        "No learning point or recommendation recurs in 3 or more records."
        in ok(cli, "repeats", "-m", "3").stdout
    )
    assert run(cli, "repeats", "--min-records", "1").exit_code == ExitCode.INVALID


# --------------------------------------------------------------------------- handouts


def test_each_section_takes_what_belongs_there_not_what_comes_first(taxonomy: Taxonomy) -> None:
    theme = taxonomy.get("neglect")
    assert theme is not None
    review = rec(
        "child-d",
        kind="serious-case-review",
        summary=(
            "The serious case review into the death of Child D, who died aged four in 2012. "
            "Agencies failed to see how thin and hungry he was. "
            "The review was chosen because neglect recurs in the area's reviews."
        ),
        learning=[
            "Professionals did not see the harm that hunger did to his health.",
            "Check the child's weight at every visit.",
        ],
        good_practice=["Use the Graded Care Profile 2 with every family."],
        recommendations=["The partnership should review its neglect strategy."],
    )
    brief = make_brief(theme, [review], taxonomy, {}, today=TODAY)
    texts = {s.number: [p.text for p in s.points] for s in brief.sections}
    # The sentence about the document is background, though it says "death" and "serious".
    assert texts[1] == ["The serious case review into the death of Child D, who died aged four in 2012."]
    assert texts[2] == [
        "Professionals did not see the harm that hunger did to his health.",  # a finding about harm
        "The review was chosen because neglect recurs in the area's reviews.",  # why it was looked at
    ]
    assert texts[3] == ["Agencies failed to see how thin and hungry he was."]
    # What to do: learning that says so, and good practice that is an instruction.
    assert texts[7] == [
        "Check the child's weight at every visit.",
        "Use the Graded Care Profile 2 with every family.",
    ]
    assert texts[5] == ["The partnership should review its neglect strategy."]
    assert next(s for s in brief.sections if s.number == 2).lead == theme.description


def test_citations_are_short_numbers_into_a_reference_list(taxonomy: Taxonomy) -> None:
    brief = make(taxonomy)
    text = to_markdown(brief)
    cited = [s.slug for s in brief.cited()]
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    numbers = [m for line in bullets for m in re.findall(r"\[(\d+(?:, \d+)*)\]$", line)]
    assert len(numbers) == len(bullets)  # every point ends with its reference numbers
    citation = sum(len(n) + 3 for n in numbers)
    assert citation / sum(len(line) for line in bullets) < 0.1  # it was 46% with full titles
    references = re.findall(r"^(\d+)\. .*\(`([^`]+)`\)$", text.split("## References")[1], flags=re.MULTILINE)
    assert [slug for _, slug in references] == cited
    assert [int(n) for n, _ in references] == list(range(1, len(cited) + 1))
    page = to_html(brief)
    assert '<a class="cite" href="#ref-1">1</a>' in page and '<li id="ref-1">' in page


def test_since_keeps_recent_records_and_says_how_many_it_left(taxonomy: Taxonomy) -> None:
    theme = taxonomy.get("neglect")
    assert theme is not None
    brief = make_brief(theme, neglect_records(), taxonomy, {}, today=TODAY, since=2019)
    assert [s.slug for s in brief.sources] == ["new-audit", "detected-only"]
    assert brief.older == 1 and brief.since == 2019
    text = to_markdown(brief)
    assert "1 record dated before 2019 or undated was left out" in text
    assert "2 records dated 2019 or later have the theme neglect" in text


def test_the_partnership_name_and_logo_are_on_it(taxonomy: Taxonomy) -> None:
    from learnkit.knowledge.brief import Logo

    theme = taxonomy.get("neglect")
    assert theme is not None
    brief = make_brief(theme, neglect_records(), taxonomy, {}, today=TODAY, by="Anytown  Partnership")
    brief.logo = Logo(PNG, "image/png")
    page = to_html(brief)
    assert '<p class="by">Anytown Partnership</p>' in page
    assert (
        '<img src="data:image/png;base64,iVBORw0KGgo' in page and 'alt="Logo of Anytown Partnership"' in page
    )
    assert "http" not in page.lower()
    assert "**Anytown Partnership**" in to_markdown(brief)


def _png() -> bytes:
    """A small PNG, made with Pillow (which fpdf2, a test dependency, uses)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (43, 93, 138)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


def test_brief_by_and_logo_on_the_command_line(cli: CliRunner, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    svg = tmp_path / "logo.svg"
    svg.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n', encoding="utf-8")
    page = ok(
        cli, "brief", "neglect", "-f", "html", "--by", "Anytown Partnership", "--logo", str(logo)
    ).stdout
    assert "Anytown Partnership" in page and "data:image/png;base64," in page
    assert (
        "data:image/svg+xml;base64," in ok(cli, "brief", "neglect", "-f", "html", "--logo", str(svg)).stdout
    )
    not_image = tmp_path / "notes.png"
    not_image.write_text("not an image", encoding="utf-8")
    for bad, said in (
        (not_image, "is not a PNG, JPEG or SVG image"),
        (tmp_path / "missing.png", "no logo file"),
        (tmp_path, "is a folder"),
    ):
        refused = run(cli, "brief", "neglect", "--logo", str(bad))
        assert refused.exit_code == ExitCode.INVALID and said in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
    recent = ok(cli, "brief", "neglect", "--since", "2016")
    assert "dated before 2016 or undated were left out" in recent.stdout


def test_brief_as_a_word_document(cli: CliRunner, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx (learnkit[docx]) is not installed")
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    target = tmp_path / "neglect.docx"
    result = ok(
        cli,
        "brief",
        "neglect",
        "-f",
        "docx",
        "--by",
        "Anytown Partnership",
        "--logo",
        str(logo),
        "-o",
        str(target),
    )
    assert f"to {target}" in result.stderr
    document = docx.Document(str(target))
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [*SECTION_TITLES, "Questions for reflection", "References"]
    assert "7-minute briefing: Neglect" in paragraphs and "Anytown Partnership" in paragraphs
    assert any("Keep the child at the centre" in p for p in paragraphs)
    assert len(document.inline_shapes) == 1  # the logo
    assert document.core_properties.author == "Anytown Partnership"
    assert run(cli, "brief", "neglect", "-f", "docx").exit_code == ExitCode.INVALID  # a file is needed
    svg = tmp_path / "logo.svg"
    svg.write_text("<svg xmlns='x'/>", encoding="utf-8")
    refused = run(cli, "brief", "neglect", "-f", "docx", "--logo", str(svg), "-o", str(tmp_path / "b.docx"))
    assert refused.exit_code == ExitCode.INVALID and "PNG or JPEG" in refused.stderr


def test_brief_as_word_without_python_docx_says_how_to_install_it(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from learnkit.output import briefdocx

    monkeypatch.setattr(briefdocx, "available", lambda: False)
    refused = run(cli, "brief", "neglect", "-f", "docx", "-o", str(tmp_path / "b.docx"))
    assert refused.exit_code == ExitCode.INVALID
    assert refused.stderr.strip().splitlines() == [f"error: {briefdocx.INSTALL}"]
    assert "pip install 'learnkit[docx]'" in refused.stderr
    assert not (tmp_path / "b.docx").exists()


# --------------------------------------------------------------------------- printing


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _print_to_pdf(browser: str, page: Path, tmp_path: Path) -> Any:
    """The HTML page printed to PDF by headless Chromium, read back with pypdf."""
    from pypdf import PdfReader

    pdf = page.with_suffix(".pdf")
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--no-pdf-header-footer",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env)
    assert pdf.exists(), done.stderr[-2000:]
    return PdfReader(str(pdf))


def test_html_prints_to_a4_pdf_in_headless_chromium(taxonomy: Taxonomy, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("no chromium, chromium-browser or google-chrome on PATH to print the HTML with")
    page = tmp_path / "brief.html"
    page.write_text(to_html(make(taxonomy)), encoding="utf-8")
    reader = _print_to_pdf(browser, page, tmp_path)
    assert len(reader.pages) >= 1
    box = reader.pages[0].mediabox
    # A4 is 595 × 842 points.
    assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3
    # Fonts set "fi" as one glyph (ﬁ): compatibility folding turns it back into two letters.
    text = unicodedata.normalize("NFKC", " ".join((p.extract_text() or "") for p in reader.pages))
    assert "7-minute briefing: Neglect" in " ".join(text.split())
    assert "Questions for reflection" in text


@pytest.mark.parametrize(
    ("subject", "pages"),
    [
        # The bundled library's largest theme (it was 5 A4 pages on a trainer's library, 2 here before).
        (["multi-agency", "working"], 2),
        (["neglect"], 2),
        (["transitions-audit"], 1),  # a record: one page (it was 2)
        (["daniel-pelka-scr"], 1),
    ],
)
def test_printed_briefings_fit_their_pages(
    cli: CliRunner, tmp_path: Path, subject: list[str], pages: int
) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("no chromium, chromium-browser or google-chrome on PATH to print the HTML with")
    page = tmp_path / "brief.html"
    ok(
        cli,
        "brief",
        *subject,
        "-f",
        "html",
        "--by",
        "Bedford Borough Safeguarding Children Partnership",
        "-o",
        str(page),
    )
    reader = _print_to_pdf(browser, page, tmp_path)
    assert 1 <= len(reader.pages) <= pages
    # The last page is not a stray line or two: the pages are filled before a new one starts.
    last = " ".join((reader.pages[-1].extract_text() or "").split())
    assert len(reader.pages) == 1 or len(last) > 400
