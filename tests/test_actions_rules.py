"""The action tracker's pure rules: RAG from status and dates, dates, ids, and the file formats' pieces."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest

from learnkit.errors import InvalidError, NotFoundError
from learnkit.knowledge.actions import (
    Action,
    add_months,
    check_choice,
    derive_rag,
    due_soon,
    impact_review_date,
    is_overdue,
    parse_date,
    record_end,
    split_action_id,
    today,
)
from learnkit.output.board import chart
from learnkit.output.calendar import escape, fold
from learnkit.output.spreadsheet import to_csv

ON = dt.date(2026, 12, 1)


def _days(n: int) -> str:
    return (ON + dt.timedelta(days=n)).isoformat()


@pytest.mark.parametrize(
    ("status", "due", "review", "rag"),
    [
        ("complete", _days(-30), "", "green"),  # complete wins over overdue
        ("not-achieved", _days(200), "", "red"),
        ("in-progress", _days(-1), "", "red"),  # overdue
        ("not-started", _days(0), "", "amber"),  # due today: not yet overdue
        ("in-progress", _days(28), "", "amber"),  # within four weeks
        ("in-progress", _days(29), "", "green"),
        ("in-progress", _days(90), _days(-1), "amber"),  # behind: its review date has passed
        ("in-progress", _days(90), _days(0), "green"),
        ("not-started", _days(90), "", "green"),
    ],
)
def test_rag_is_derived_from_status_and_dates(status: str, due: str, review: str, rag: str) -> None:
    assert derive_rag(status, due, review, ON) == rag


def test_an_override_wins_until_cleared() -> None:
    action = Action("r", 1, 1, "Do it", "Police", _days(90))
    assert action.rag(ON) == "green"
    action.rag_override, action.rag_reason = "red", "no funding agreed"
    assert action.rag(ON) == "red"
    view = action.view(ON)
    assert view["rag"] == "red" and view["rag_derived"] == "green" and view["rag_overridden"]
    action.rag_override = ""
    assert action.view(ON)["rag"] == "green"


def test_overdue_and_due_soon() -> None:
    assert is_overdue("in-progress", _days(-1), ON)
    assert not is_overdue("complete", _days(-1), ON)
    assert not is_overdue("in-progress", _days(0), ON)
    assert due_soon("not-started", _days(0), ON) and due_soon("not-started", _days(28), ON)
    assert not due_soon("not-started", _days(29), ON) and not due_soon("complete", _days(3), ON)
    assert not due_soon("in-progress", _days(-1), ON)


def test_dates_iso_and_uk_order() -> None:
    assert parse_date("2027-03-31") == dt.date(2027, 3, 31)
    assert parse_date(" 31/03/2027 ") == dt.date(2027, 3, 31)
    assert parse_date("1/4/2027") == dt.date(2027, 4, 1)  # day first, as in the UK
    with pytest.raises(InvalidError, match="not a day of the calendar"):
        parse_date("2027-02-30", "--due")
    with pytest.raises(InvalidError, match=r"--due must be a date as YYYY-MM-DD"):
        parse_date("next friday", "--due")
    with pytest.raises(InvalidError):
        parse_date("2027-3-31")


def test_today_is_fixed_by_the_environment() -> None:
    assert today({"LEARNKIT_TODAY": "2026-12-01"}) == ON
    assert today({}) == dt.date.today()
    with pytest.raises(InvalidError, match="LEARNKIT_TODAY"):
        today({"LEARNKIT_TODAY": "yesterday"})


def test_impact_review_is_twelve_months_after_the_record_unless_set() -> None:
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)
    assert record_end("2015-01") == dt.date(2015, 1, 31)
    assert record_end("2018/2019") == dt.date(2019, 12, 31)
    assert record_end("2014-09/2014-12") == dt.date(2014, 12, 31)
    assert record_end("") is None
    assert impact_review_date("2014-02-26") == "2015-02-26"
    assert impact_review_date("2025-06") == "2026-06-30"
    assert impact_review_date("2025-06", "2027-01-15") == "2027-01-15"
    assert impact_review_date("") == ""


def test_action_ids() -> None:
    assert split_action_id("rosza-malika/2.1") == ("rosza-malika", 2, 1)
    assert split_action_id(" a/10.12 ") == ("a", 10, 12)
    for bad in ("rosza-malika", "rosza-malika/2", "rosza-malika/0.1", "Rosza/1.1", "a/1.1.1"):
        with pytest.raises(NotFoundError, match="not an action id"):
            split_action_id(bad)
    assert Action("rosza-malika", 2, 1, "t", "o", "2027-01-01").id == "rosza-malika/2.1"


def test_choices_forgive_case_and_spaces() -> None:
    assert check_choice("In Progress", ("in-progress",), "--status") == "in-progress"
    with pytest.raises(InvalidError, match="--status must be one of"):
        check_choice("done", ("in-progress",), "--status")


def test_ics_text_is_escaped_and_folded_at_75_octets() -> None:
    assert escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if n else p for n, p in enumerate(pieces)) == line


def _row(**fields: object) -> dict[str, object]:
    base = Action("r", 1, 1, "Do it", "Police", "2027-01-01").view(ON)
    return {**base, "record_title": "T", "recommendation_text": "R", "response": "", **fields}


def test_csv_is_excel_safe() -> None:
    text = to_csv([_row(text="=HYPERLINK(1)", owner="+44 police")])
    assert text.startswith("\ufeffID,")
    assert "'=HYPERLINK(1)" in text and "'+44 police" in text
    assert "\r\n" in text


def test_chart_draws_a_segment_per_rating_with_a_count() -> None:
    svg = chart({"Police": {"red": 2, "amber": 0, "green": 1}, "Health": {"red": 0, "amber": 3, "green": 0}})

    class Shapes(HTMLParser):
        rects = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "rect":
                self.rects += 1

    shapes = Shapes()
    shapes.feed(svg)
    assert shapes.rects == 3 + 3  # the legend's three and one per non-zero segment
    assert "Police" in svg and "Health" in svg and ">3<" in svg


def test_a_workbook_takes_control_characters_from_a_record(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from learnkit.output.spreadsheet import read_xlsx, to_xlsx

    target = tmp_path / "t.xlsx"
    target.write_bytes(to_xlsx([_row(recommendation_text="Share\x1b[2J information\x07")], "2026-12-01"))
    sheet = load_workbook(target)["Actions"]
    assert sheet["E2"].value == "Share [2J information "
    assert read_xlsx(target)[0]["id"] == "r/1.1"


def test_the_stored_form_keeps_what_is_set_and_reads_back_whole() -> None:
    action = Action("r", 2, 3, "Do it", "Police", "2027-01-01", lead="Dr Lee")
    stored = action.to_store()
    assert "review" not in stored and "notes" not in stored and stored["lead"] == "Dr Lee"
    assert Action.from_dict(stored).to_dict() == action.to_dict()


def test_the_amber_window_crosses_months_and_years() -> None:
    new_year = dt.date(2026, 12, 20)
    assert derive_rag("in-progress", "2027-01-17", "", new_year) == "amber"  # four weeks on, in January
    assert derive_rag("in-progress", "2027-01-18", "", new_year) == "green"
    assert derive_rag("in-progress", "2026-12-19", "", new_year) == "red"
    assert derive_rag("in-progress", "2027-03-01", "2026-12-19", new_year) == "amber"  # its review is past
    leap = dt.date(2028, 2, 1)
    assert due_soon("not-started", "2028-02-29", leap) and not due_soon("not-started", "2028-03-01", leap)
    assert is_overdue("not-started", "2028-01-31", leap) and not is_overdue("not-started", "2028-02-01", leap)


def test_a_views_overdue_flag_follows_the_overdue_rule() -> None:
    from learnkit.knowledge.actions import view_of

    for status in ("not-started", "in-progress", "complete", "not-achieved"):
        for days in (-400, -29, -1, 0, 1, 28, 29, 400):
            for override in ("", "green", "red"):
                stored = {"record": "r", "recommendation": 1, "number": 1, "text": "t", "status": status}
                stored |= {"due": _days(days), "rag_override": override}
                assert view_of(stored, ON)["overdue"] == is_overdue(status, _days(days), ON), stored


def test_board_markdown_escapes_whatever_the_text_holds() -> None:
    from learnkit.output.board import report_markdown

    texts = [
        "Plain words, 50% (yes)",
        "Train *all* staff",
        "a\u00a0b\u2028c",
        "two  spaces ",
        "x|y#z",
        "é [link]",
    ]
    actions = [
        {"id": f"r/1.{n}", "record": "r", "text": text, "owner": "Police", "due": "2027-01-01"}
        | {"status": "in-progress", "rag": "green", "rag_overridden": False, "impact": [], "notes": []}
        for n, text in enumerate(texts, start=1)
    ]
    data = {
        "today": "2026-12-01",
        "left_out": 0,
        "records": [
            {"slug": "r", "title": "Review *R*", "date": "", "recommendations": []}
            | {"status": "published", "themes": []}
        ],
        "totals": {"actions": 6, "rag": {"red": 0, "amber": 0, "green": 6}, "by_agency": {}, "by_record": {}},
        "overdue": actions,
        "due_soon": [],
        "impact": [],
    }
    out = report_markdown(data)
    assert "`r/1.1` Plain words, 50% (yes) (Police; due 2027-01-01; in-progress)" in out
    assert "`r/1.2` Train \\*all\\* staff (" in out
    assert "`r/1.3` a b c (" in out  # other whitespace made one space
    assert "`r/1.4` two spaces (" in out and "`r/1.5` x\\|y\\#z (" in out
    assert "`r/1.6` é \\[link\\] (" in out and "### Review \\*R\\*" in out


def test_a_terminal_line_is_cleaned_whatever_it_holds() -> None:
    from learnkit.output.actions import clean

    assert clean("Audit interpreter use (50%)") == "Audit interpreter use (50%)"
    assert clean("red\x1b[31m text\x07") == "red [31m text"  # no escape reaches the terminal
    assert clean("  two  spaces\tand a tab ") == "two spaces and a tab"
    assert clean("Children\u2019s services\u00a0team") == "Children\u2019s services team"
