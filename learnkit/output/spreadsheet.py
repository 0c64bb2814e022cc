"""The action tracker as a spreadsheet: XLSX (written and read back with openpyxl) and CSV.

One row per action, with its record, recommendation and response on each row,
so that an agency can filter the sheet to its own actions. In the XLSX the
status is a drop-down, RAG cells are coloured, the header is frozen and has
filters. :func:`read_xlsx` reads back a sheet in that layout: the columns are
found by their headers, so an agency may reorder or hide them.

This is the only module that imports openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from learnkit.errors import InvalidError
from learnkit.knowledge.actions import RESPONSE_LABELS, STATUSES

# (key, header, width). Keys are the action rows' (learnkit.operations.actions.flat_actions).
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("id", "ID", 22),
    ("record", "Record", 22),
    ("record_title", "Record title", 30),
    ("recommendation", "Rec", 6),
    ("recommendation_text", "Recommendation", 45),
    ("response", "Response", 16),
    ("response_reason", "Response reason", 25),
    ("text", "Action", 45),
    ("owner", "Owner", 18),
    ("lead", "Lead", 16),
    ("due", "Due", 12),
    ("review", "Review", 12),
    ("status", "Status", 14),
    ("rag", "RAG", 8),
    ("rag_reason", "RAG reason", 22),
    ("notes", "Progress notes", 40),
    ("new_notes", "Add a progress note", 30),
    ("evidence", "Evidence", 30),
    ("new_evidence", "Add evidence", 25),
    ("impact", "Impact evidence", 30),
    ("new_impact", "Add impact evidence", 25),
    ("impact_review", "Impact review", 13),
)
# What an import needs: the id to match a row by, and the values it reads.
REQUIRED = ("id", "status", "due", "review")
SHEET = "Actions"
DATE_COLUMNS = ("due", "review", "impact_review")
# Fill and font colours of RAG cells (Excel's own "good, neutral, bad" styles).
RAG_COLOURS = {"red": ("FFC7CE", "9C0006"), "amber": ("FFEB9C", "9C5700"), "green": ("C6EFCE", "006100")}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _entries(entries: list[dict[str, Any]]) -> str:
    return "\n".join(f"{e.get('date', '')}: {e.get('text', '')}".strip(": ") for e in entries)


def cells(action: dict[str, Any]) -> dict[str, Any]:
    """An action row's values by column key, as they go into a sheet (dates as dates)."""
    out: dict[str, Any] = {}
    for key, _, _ in COLUMNS:
        value = action.get(key, "")
        if key in ("notes", "evidence", "impact"):
            value = _entries(value or [])
        elif key.startswith("new_"):
            value = ""
        elif key == "response":
            value = RESPONSE_LABELS.get(str(value), value) if value else "no response yet"
        elif key in DATE_COLUMNS:
            value = dt.date.fromisoformat(value) if value else None
        if isinstance(value, str):
            value = _CONTROL.sub(" ", value)  # a record's text may hold them; a workbook may not
        out[key] = value
    return out


def _safe(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets; an apostrophe keeps it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(actions: list[dict[str, Any]]) -> str:
    """CSV that Excel opens cleanly (as ``learnkit export`` writes it): UTF-8 with a BOM, CRLF rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = [c for c in COLUMNS if not c[0].startswith("new_")]
    writer.writerow([header for _, header, _ in columns])
    for action in actions:
        values = cells(action)
        writer.writerow(
            [_safe("" if values[k] is None else str(values[k]).replace("\n", "; ")) for k, _, _ in columns]
        )
    return "\ufeff" + out.getvalue()


def to_xlsx(actions: list[dict[str, Any]], today: str) -> bytes:
    """The tracker workbook: a sheet of actions and a sheet saying how to fill it in."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    bold = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    for n, (_, header, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=n, value=header)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(n)].width = width
    fills = {
        rag: (PatternFill("solid", fgColor=bg), Font(bold=True, color=fg))
        for rag, (bg, fg) in RAG_COLOURS.items()
    }
    wrap = Alignment(vertical="top", wrap_text=True)
    for row, action in enumerate(actions, start=2):
        for n, (key, value) in enumerate(cells(action).items(), start=1):
            cell = sheet.cell(row=row, column=n, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = wrap
            if key == "rag" and value in fills:
                cell.fill, cell.font = fills[value]
    last = max(len(actions) + 1, 2)
    status_col = get_column_letter([c[0] for c in COLUMNS].index("status") + 1)
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose one of: " + ", ".join(STATUSES),
    )
    sheet.add_data_validation(choices)
    choices.add(f"{status_col}2:{status_col}{max(last, 1000)}")
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    about = book.create_sheet("How to update")
    lines = [
        f"Action tracker written by learnkit on {today}.",
        "Each row is one action, with its record, recommendation and response.",
        "To update an action: change its Status (from the list), Due or Review date (YYYY-MM-DD), and write",
        "a new progress note, evidence or impact evidence in the 'Add ...' columns.",
        "Do not change the ID column: it is how learnkit finds the action when the sheet is read back with",
        "  learnkit actions import FILE.xlsx",
        "RAG is worked out again from status and dates; other columns are for reading only.",
    ]
    for n, line in enumerate(lines, start=1):
        about.cell(row=n, column=1, value=line).data_type = "s"
    about.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_xlsx(path: Path) -> list[dict[str, Any]]:
    """The rows of a tracker sheet, each a dict by column key with its ``row`` number.

    InvalidError for a file that is not an XLSX workbook or a sheet that lacks
    a column the import needs.
    """
    if not path.is_file():
        raise InvalidError(f"no such file: {path}")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:  # on Windows, a workbook open in Excel cannot be read
        raise InvalidError(f"cannot read {path} ({exc.strerror}); close it in Excel and try again") from None
    if not zipfile.is_zipfile(path):
        raise InvalidError(
            f"{path} is not an XLSX workbook; export one with: learnkit actions export -f xlsx"
        )
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InvalidError(f"{path} cannot be read as an XLSX workbook ({type(exc).__name__})") from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, ())
        by_header = {header: key for key, header, _ in COLUMNS}
        keys = [by_header.get(str(h).strip()) if h is not None else None for h in header]
        missing = [h for k, h, _ in COLUMNS if k in REQUIRED and k not in keys]
        if missing:
            raise InvalidError(
                f"{path}: sheet '{sheet.title}' lacks the column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}; use a sheet written by learnkit actions export -f xlsx"
            )
        out: list[dict[str, Any]] = []
        for number, values in enumerate(rows, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            row: dict[str, Any] = {"row": number}
            for key, value in zip(keys, values, strict=False):
                if key is not None:
                    row[key] = value
            out.append(row)
        return out
    finally:
        book.close()
