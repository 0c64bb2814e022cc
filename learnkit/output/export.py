"""Exporters by format name: records in (as their --json dicts), text out.

Pure functions: no I/O, no printing. The command line writes the result to
stdout or, atomically, to a file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from learnkit.models import counted

FORMATS = ("json", "jsonl", "csv", "markdown")

CSV_COLUMNS = (
    "slug",
    "title",
    "kind",
    "date",
    "area",
    "publisher",
    "status",
    "summary",
    "themes",
    "learning",
    "good_practice",
    "recommendations",
    "related",
    "source",
    "documents",
)


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _cell(record: dict[str, Any], column: str) -> str:
    value = record.get(column, "")
    if column == "themes":
        return "; ".join(t.get("label", t["id"]) for t in value)
    if column in ("learning", "good_practice", "recommendations"):
        return "; ".join(p["text"] for p in value)
    if column == "documents":
        return "; ".join(d["name"] for d in value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _safe_cell(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets (CSV
    # injection); a leading apostrophe makes Excel show it as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(records: list[dict[str, Any]]) -> str:
    """CSV that Excel opens cleanly: UTF-8 with a BOM, CRLF rows, lists joined with '; '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow([_safe_cell(_cell(record, c)) for c in CSV_COLUMNS])
    return "\ufeff" + out.getvalue()


def _md_escape(text: str) -> str:
    # Keep text literal in Markdown: characters that would start markup are escaped.
    for ch in ("\\", "`", "*", "_", "[", "]", "<", ">", "#", "|"):
        text = text.replace(ch, "\\" + ch)
    return text


def to_markdown(records: list[dict[str, Any]]) -> str:
    """One document, a section per record."""
    lines = ["# Learning from case reviews and audits", ""]
    lines.append(f"{counted(len(records), 'record')}, exported by learnkit.")
    lines.append("")
    for r in records:
        lines.append(f"## {_md_escape(r['title'])}")
        lines.append("")
        facts = [
            ("Record", f"`{r['slug']}`"),
            ("Kind", r["kind"]),
            ("Date", r.get("date") or "undated"),
            ("Area", _md_escape(r.get("area", ""))),
            ("Publisher", _md_escape(r.get("publisher", ""))),
            ("Status", r.get("status", "")),
        ]
        if r.get("source"):
            facts.append(("Source", f"<{r['source']}>"))
        lines.extend(f"- **{k}:** {v}" for k, v in facts if v)
        if r.get("themes"):
            lines.append(
                "- **Themes:** " + ", ".join(_md_escape(t.get("label", t["id"])) for t in r["themes"])
            )
        lines.append("")
        if r.get("summary"):
            lines.extend([_md_escape(r["summary"]), ""])
        for key, heading in (
            ("learning", "Learning"),
            ("good_practice", "Good practice"),
            ("recommendations", "Recommendations"),
        ):
            if r.get(key):
                lines.extend([f"### {heading}", ""])
                lines.extend(f"- {_md_escape(p['text'])}" for p in r[key])
                lines.append("")
        if r.get("related"):
            lines.extend(["### Related", ""])
            lines.extend(f"- `{s}`" for s in r["related"])
            lines.append("")
        if r.get("documents"):
            lines.extend(["### Documents", ""])
            for d in r["documents"]:
                lines.append(f"- {_md_escape(d['name'])} ({counted(d['pages'], 'page')}, {d['status']})")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


EXPORTERS: dict[str, Callable[[list[dict[str, Any]]], str]] = {
    "json": to_json,
    "jsonl": to_jsonl,
    "csv": to_csv,
    "markdown": to_markdown,
}


def export(records: list[dict[str, Any]], fmt: str) -> str:
    return EXPORTERS[fmt](records)
