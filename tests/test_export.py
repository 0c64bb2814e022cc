"""The exporters: pure functions from record dicts (the --json shape) to text, one per format."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnkit.output.export import (
    CSV_COLUMNS,
    EXPORTERS,
    FORMATS,
    export,
    to_csv,
    to_json,
    to_jsonl,
    to_markdown,
)


def point(text: str) -> dict[str, Any]:
    return {"text": text, "extracted": False, "number": "", "document": "", "page": None}


def theme(theme_id: str, label: str) -> dict[str, Any]:
    return {"id": theme_id, "origin": "manual", "evidence": [], "label": label}


def make_records() -> list[dict[str, Any]]:
    return [
        {
            "slug": "rosza-malika",
            "title": "Learning Review: Rosza and Malika",
            "kind": "learning-review",
            "date": "",
            "area": "Bedford Borough",
            "publisher": "Bedford Borough Safeguarding Children Board",
            "status": "briefing-only",
            "summary": 'A review, with "quotes", commas,\nand a second line.',
            "summary_extracted": False,
            "themes": [theme("neglect", "Neglect"), theme("voice-of-the-child", "Voice of the child")],
            "learning": [point("Keep the child at the centre."), point("Look beyond the 'louder' needs.")],
            "good_practice": [],
            "recommendations": [point('=HYPERLINK("http://evil")')],
            "related": ["patrick-scr", "transitions-audit"],
            "source": "https://example.org/briefing",
            "documents": [
                {
                    "hash": "a" * 64,
                    "name": "briefing.pdf",
                    "pages": 2,
                    "chars": 3000,
                    "status": "ok",
                    "error": "",
                    "warnings": [],
                    "size": 1234,
                    "added": "2024-01-01T00:00:00",
                }
            ],
        },
        {
            "slug": "odd-text",
            "title": "[bold]Markup[/] and *stars* _under_ `ticks` #hash <b>tag</b> a|b back\\slash",
            "kind": "multi-agency-audit",
            "date": "2018/2019",
            "area": "+44 area",
            "publisher": "@publisher",
            "status": "published",
            "summary": "-1 starts with a minus",
            "summary_extracted": True,
            "themes": [],
            "learning": [],
            "good_practice": [point("Good [1] practice")],
            "recommendations": [],
            "related": [],
            "source": "",
            "documents": [],
        },
    ]


def test_formats_and_exporters_agree() -> None:
    assert FORMATS == ("json", "jsonl", "csv", "markdown")
    assert set(EXPORTERS) == set(FORMATS)
    records = make_records()
    for fmt in FORMATS:
        assert export(records, fmt) == EXPORTERS[fmt](records)


# -- JSON, JSON lines ----------------------------------------------------------------------------


def test_json_parses_back_to_the_same_list() -> None:
    records = make_records()
    text = to_json(records)
    assert json.loads(text) == records
    assert text.endswith("\n")
    assert "Rosza" in text and "\\u" not in text  # UTF-8 kept, not escaped


def test_json_of_nothing_is_an_empty_list() -> None:
    assert json.loads(to_json([])) == []
    assert to_jsonl([]) == ""


def test_jsonl_is_one_object_per_line() -> None:
    records = make_records()
    text = to_jsonl(records)
    lines = text.split("\n")
    assert lines[-1] == ""  # ends with a newline
    assert len(lines[:-1]) == len(records)  # the newline inside a summary is escaped
    assert [json.loads(line) for line in lines[:-1]] == records


# -- CSV -----------------------------------------------------------------------------------------


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_csv_has_bom_crlf_rows_and_the_documented_header() -> None:
    text = to_csv(make_records())
    assert text.startswith("\ufeffslug,title,kind,")
    rows = read_csv(text)
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 3
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    # Every row ends with CRLF; the only bare LF is the one inside the quoted summary.
    assert text.endswith("\r\n")
    assert text.count("\r\n") == 3
    assert text.count("\n") == 4


def test_csv_empty_has_only_the_header() -> None:
    assert to_csv([]) == "\ufeff" + ",".join(CSV_COLUMNS) + "\r\n"


def test_csv_cells() -> None:
    rows = read_csv(to_csv(make_records()))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["slug"] == "rosza-malika"
    assert first["summary"] == 'A review, with "quotes", commas,\nand a second line.'
    assert first["themes"] == "Neglect; Voice of the child"
    assert first["learning"] == "Keep the child at the centre.; Look beyond the 'louder' needs."
    assert first["good_practice"] == ""
    assert first["related"] == "patrick-scr; transitions-audit"
    assert first["documents"] == "briefing.pdf"
    assert first["date"] == ""
    assert first["source"] == "https://example.org/briefing"


def test_csv_defuses_formula_injection() -> None:
    rows = read_csv(to_csv(make_records()))
    first = dict(zip(rows[0], rows[1], strict=True))
    second = dict(zip(rows[0], rows[2], strict=True))
    assert first["recommendations"] == '\'=HYPERLINK("http://evil")'
    assert second["area"] == "'+44 area"
    assert second["publisher"] == "'@publisher"
    assert second["summary"] == "'-1 starts with a minus"
    # Text that merely contains those characters is left alone.
    assert second["good_practice"] == "Good [1] practice"
    assert first["title"] == "Learning Review: Rosza and Malika"


def test_csv_theme_without_label_falls_back_to_its_id() -> None:
    record = make_records()[0]
    record["themes"] = [{"id": "neglect", "origin": "manual", "evidence": []}]
    rows = read_csv(to_csv([record]))
    assert rows[1][CSV_COLUMNS.index("themes")] == "neglect"


printable = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(',"\n\r\t;'),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(title=printable, summary=printable)
def test_csv_round_trips_any_text(title: str, summary: str) -> None:
    record = make_records()[1]
    record["title"] = title
    record["summary"] = summary
    rows = read_csv(to_csv([record]))
    assert len(rows) == 2
    got = dict(zip(rows[0], rows[1], strict=True))
    for column, value in (("title", title), ("summary", summary)):
        expected = "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
        assert got[column] == expected


# -- Markdown ------------------------------------------------------------------------------------


def test_markdown_has_one_section_per_record() -> None:
    text = to_markdown(make_records())
    lines = text.split("\n")
    assert lines[0] == "# Learning from case reviews and audits"
    assert "2 records, exported by learnkit." in lines
    sections = [line for line in lines if line.startswith("## ")]
    assert len(sections) == 2
    assert sections[0] == "## Learning Review: Rosza and Malika"
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_markdown_record_contents() -> None:
    text = to_markdown(make_records()[:1])
    assert "1 record, exported by learnkit." in text
    assert "- **Record:** `rosza-malika`" in text
    assert "- **Kind:** learning-review" in text
    assert "- **Date:** undated" in text
    assert "- **Status:** briefing-only" in text
    assert "- **Source:** <https://example.org/briefing>" in text
    assert "- **Themes:** Neglect, Voice of the child" in text
    assert "### Learning\n\n- Keep the child at the centre.\n" in text
    assert "### Good practice" not in text  # empty lists give no heading
    assert "### Recommendations" in text
    assert "### Related\n\n- `patrick-scr`\n- `transitions-audit`\n" in text
    assert "- briefing.pdf (2 pages, ok)" in text


def test_markdown_counts_one_page_in_the_singular() -> None:
    record = make_records()[0]
    record["documents"][0]["pages"] = 1
    assert "- briefing.pdf (1 page, ok)" in to_markdown([record])


def test_markdown_escapes_markup_characters() -> None:
    text = to_markdown(make_records()[1:])
    heading = next(line for line in text.split("\n") if line.startswith("## "))
    assert heading == (
        "## \\[bold\\]Markup\\[/\\] and \\*stars\\* \\_under\\_ \\`ticks\\` \\#hash "
        "\\<b\\>tag\\</b\\> a\\|b back\\\\slash"
    )
    assert "- Good \\[1\\] practice" in text
    assert "- **Date:** 2018/2019" in text


def test_markdown_of_nothing() -> None:
    assert to_markdown([]) == "# Learning from case reviews and audits\n\n0 records, exported by learnkit.\n"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_keeps_non_ascii_text(fmt: str) -> None:
    record = make_records()[0]
    record["title"] = "Café naïve – “quoted” review"
    assert "Café naïve – “quoted” review" in export([record], fmt)
