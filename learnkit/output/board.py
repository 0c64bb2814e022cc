"""The board report: one self-contained HTML page that prints on A4, and the same in Markdown.

No scripts, fonts or styles from elsewhere: the style is in the page and the
chart of RAG by agency is inline SVG (stacked bars, each segment labelled by
its count, with the RAG word in the legend so it reads in black and white).
Every piece of text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Any

from learnkit.knowledge.actions import RAGS, RESPONSE_LABELS
from learnkit.models import counted

EMPTY = "No responses or actions are recorded yet. Start with: learnkit actions respond SLUG REC accepted"
COLOURS = {"red": "#c0392b", "amber": "#e6a23c", "green": "#2e8b57"}

STYLE = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #1a1a1a; line-height: 1.35;
       max-width: 180mm; margin: 0 auto; }
h1 { font-size: 17pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; border-bottom: 1.5pt solid #1f4e79; padding-bottom: 2pt; margin-top: 14pt; }
h3 { font-size: 11.5pt; margin: 10pt 0 4pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
th, td { border: 0.75pt solid #999; padding: 2pt 5pt; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; }
.rag { display: inline-block; min-width: 4.2em; text-align: center; font-weight: bold; padding: 0 3pt;
       border-radius: 2pt; color: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.rag.red { background: #c0392b; } .rag.amber { background: #e6a23c; color: #000; }
.rag.green { background: #2e8b57; }
.rec { break-inside: avoid; margin: 6pt 0 8pt; }
tr, li { break-inside: avoid; }
.muted { color: #555; }
ul { margin: 2pt 0 4pt 16pt; padding: 0; }
svg { display: block; margin: 4pt 0 8pt; }
section.record { break-before: auto; }
"""


def _rag(rag: str) -> str:
    return f'<span class="rag {escape(rag)}">{escape(rag.upper())}</span>'


def chart(by_agency: dict[str, dict[str, int]]) -> str:
    """An inline SVG of stacked horizontal bars: RAG counts by agency."""
    if not by_agency:
        return '<p class="muted">No actions to chart.</p>'
    label_w, bar_w, row_h = 150, 330, 22
    top = max(sum(c.values()) for c in by_agency.values()) or 1
    height = 30 + row_h * len(by_agency)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + bar_w + 40}" height="{height}"'
        f' viewBox="0 0 {label_w + bar_w + 40} {height}" font-family="Arial, sans-serif" font-size="11">',
        "<title>Actions by agency and RAG rating</title>",
    ]
    x = float(label_w)
    for rag in RAGS:  # the legend
        parts.append(f'<rect x="{x}" y="2" width="12" height="12" fill="{COLOURS[rag]}"/>')
        parts.append(f'<text x="{x + 16}" y="12">{rag}</text>')
        x += 70
    for n, (agency, counts) in enumerate(by_agency.items()):
        y = 24 + n * row_h
        name = agency if len(agency) <= 24 else agency[:23] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(name)}</text>')
        x = float(label_w)
        for rag in RAGS:
            count = counts.get(rag, 0)
            if not count:
                continue
            width = bar_w * count / top
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{width:.1f}" height="{row_h - 6}"'
                f' fill="{COLOURS[rag]}">'
                f"<title>{escape(agency)}: {count} {rag}</title></rect>"
            )
            colour = "#000" if rag == "amber" else "#fff"
            parts.append(
                f'<text x="{x + width / 2:.1f}" y="{y + 15}" text-anchor="middle"'
                f' fill="{colour}">{count}</text>'
            )
            x += width
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 15}">{sum(counts.values())}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _counts(rows: dict[str, dict[str, int]], first: str) -> str:
    head = (
        f'<thead><tr><th scope="col">{first}</th>'
        + "".join(f'<th scope="col" class="n">{r.title()}</th>' for r in RAGS)
        + '<th scope="col" class="n">Total</th></tr></thead>'
    )
    body = "".join(
        f"<tr><td>{escape(name)}</td>"
        + "".join(f'<td class="n">{c[r]}</td>' for r in RAGS)
        + f'<td class="n">{sum(c.values())}</td></tr>'
        for name, c in rows.items()
    )
    return f"<table>{head}<tbody>{body}</tbody></table>"


def _action(action: dict[str, Any]) -> str:
    facts = [escape(action["owner"]), f"due {escape(action['due'])}", escape(action["status"])]
    if action.get("rag_overridden"):
        facts.append(f"RAG set by hand: {escape(action['rag_reason'])}")
    latest = ""
    notes = action.get("notes")  # a view, or a stored action made ready for lines (optional: get)
    if notes:
        last = notes[-1]
        latest = f'<br><span class="muted">Latest note {escape(last["date"])}: {escape(last["text"])}</span>'
    return (
        f"<li>{_rag(action['rag'])} <code>{escape(action['id'])}</code> {escape(action['text'])}"
        f' <span class="muted">({"; ".join(facts)})</span>{latest}</li>'
    )


def _list(actions: list[dict[str, Any]]) -> str:
    return "<ul>" + "".join(_action(a) for a in actions) + "</ul>" if actions else "<p>None.</p>"


def report_html(data: dict[str, Any], title: str = "Action plans: progress report to the board") -> str:
    totals = data["totals"]
    rag = totals["rag"]
    body = [f"<h1>{escape(title)}</h1>"]
    body.append(
        f"<p>On {escape(data['today'])}: {counted(totals['actions'], 'action')} on "
        f"{counted(len(data['records']), 'record')}: "
        + " ".join(f"{_rag(r)} {rag[r]}" for r in RAGS)
        + "</p>"
    )
    if data["left_out"]:
        body.append(
            f'<p class="muted">{counted(data["left_out"], "restricted or unpublished record")} left out.</p>'
        )
    if not data["records"]:
        body.append(f"<p>{escape(EMPTY)}</p>")
        return _page(title, body)
    body.append("<h2>Totals</h2><h3>RAG by agency</h3>")
    body.append(chart(totals["by_agency"]))
    body.append(_counts(totals["by_agency"], "Agency"))
    titles = {r["slug"]: r["title"] for r in data["records"]}
    body.append("<h3>By record</h3>")
    body.append(_counts({titles.get(k, k): v for k, v in totals["by_record"].items()}, "Record"))
    body.append("<h2>Overdue</h2>" + _list(data["overdue"]))
    body.append("<h2>Due in the next four weeks</h2>" + _list(data["due_soon"]))
    body.append("<h2>Records</h2>")
    for record in data["records"]:
        body.append(f'<section class="record"><h3>{escape(record["title"])}</h3>')
        body.append(f'<p class="muted"><code>{escape(record["slug"])}</code> {escape(record["date"])}</p>')
        for rec in record["recommendations"]:
            response = rec.get("response") or {}
            said = RESPONSE_LABELS.get(response.get("response", ""), "no response yet")
            if response.get("date"):
                said += f" on {response['date']}"
            parts = [
                f'<div class="rec"><p><strong>Recommendation {rec["number"]}.</strong>'
                f" {escape(rec['text'])}</p>"
            ]
            parts.append(f"<p>Response: <strong>{escape(said)}</strong>")
            if response.get("reason"):
                parts.append(f". {escape(response['reason'])}")
            parts.append("</p>")
            if response.get("outcome"):
                parts.append(f"<p>Expected outcome: {escape(response['outcome'])}</p>")
            if response.get("measure"):
                parts.append(f"<p>Measured by: {escape(response['measure'])}</p>")
            parts.append(_list(rec["actions"]) if rec["actions"] else '<p class="muted">No actions yet.</p>')
            parts.append("</div>")
            body.append("".join(parts))
        body.append("</section>")
    body.append("<h2>Impact evidence</h2>")
    if not data["impact"]:
        body.append("<p>None recorded yet.</p>")
    for action in data["impact"]:
        review = action["impact_review"] or "not set"
        entries = "".join(f"<li>{escape(e['date'])}: {escape(e['text'])}</li>" for e in action["impact"])
        body.append(
            f"<h3><code>{escape(action['id'])}</code> {escape(action['text'])}</h3>"
            f'<p class="muted">{escape(action["owner"])}; impact review {escape(review)}</p>'
            f"<ul>{entries}</ul>"
        )
    return _page(title, body)


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )


# -- the same in Markdown -----------------------------------------------------------


def _response(rec: dict[str, Any]) -> str:
    response = rec.get("response")
    if not response:
        return "no response yet"
    said = RESPONSE_LABELS.get(response["response"], response["response"])
    return f"{said} on {response['date']}" if response.get("date") else said


# Characters that would start Markdown markup, escaped so that text stays literal.
# Control characters become spaces, in the same pass.
_MD_ESCAPES = str.maketrans(
    {**{ch: "\\" + ch for ch in "\\`*_[]<>#|"}, **{chr(n): " " for n in [*range(32), 127]}}
)


# ASCII text with none of those and single spaces only (most of what a tracker holds) is kept as it
# is; anything else (other whitespace included, which split() makes one space) goes the long way.
_MD_PLAIN = re.compile(r"[^\\`*_\[\]<>#|\x00-\x20\x7f]+(?: [^\\`*_\[\]<>#|\x00-\x20\x7f]+)*")


def _md(text: str) -> str:
    if text.isascii() and _MD_PLAIN.fullmatch(text):
        return text
    return " ".join(text.translate(_MD_ESCAPES).split())


def _counts_table(rows: dict[str, dict[str, int]], first: str) -> list[str]:
    lines = [f"| {first} | Red | Amber | Green | Total |", "|---|---:|---:|---:|---:|"]
    for name, counts in rows.items():
        cells = " | ".join(str(counts[rag]) for rag in RAGS)
        lines.append(f"| {_md(name)} | {cells} | {sum(counts.values())} |")
    return lines


def _action_lines() -> Callable[[dict[str, Any]], str]:
    """A maker of actions' lines, keeping each line made by id (an overdue action is listed twice:
    in the overdue list and under its record) and the escaped owners, dates and statuses (a large
    tracker has tens of thousands of actions and a few dozen of each)."""
    made: dict[str, str] = {}
    short: dict[str, str] = {}

    def md(text: str) -> str:
        found = short.get(text)
        if found is None:
            found = short[text] = _md(text)
        return found

    def line(action: dict[str, Any]) -> str:
        done = made.get(action["id"])
        if done is not None:
            return done
        facts = f"{md(action['owner'])}; due {md(action['due'])}; {md(action['status'])}"
        if action.get("rag_overridden"):
            facts += f"; RAG set by hand: {_md(action['rag_reason'])}"
        done = made[action["id"]] = (
            f"- **{action['rag'].upper()}** `{action['id']}` {_md(action['text'])} ({facts})"
        )
        return done

    return line


def report_markdown(data: dict[str, Any]) -> str:
    """The board report as Markdown: totals, overdue and due-soon lists, each record, impact evidence."""
    totals = data["totals"]
    lines = ["# Action plans: progress report to the board", ""]
    lines.append(
        f"On {data['today']}: {counted(totals['actions'], 'action')}"
        f" on {counted(len(data['records']), 'record')}"
        f" ({totals['rag']['red']} red, {totals['rag']['amber']} amber, {totals['rag']['green']} green)."
    )
    if data["left_out"]:
        lines.append(f"{counted(data['left_out'], 'restricted or unpublished record')} left out.")
    if not data["records"]:
        return "\n".join([*lines, "", EMPTY]) + "\n"
    lines += ["", "## Totals", "", "### By agency", ""]
    lines += _counts_table(totals["by_agency"], "Agency")
    titles = {r["slug"]: r["title"] for r in data["records"]}
    lines += ["", "### By record", ""]
    lines += _counts_table({titles.get(k, k): v for k, v in totals["by_record"].items()}, "Record")
    line = _action_lines()
    for key, heading in (("overdue", "Overdue"), ("due_soon", "Due in the next four weeks")):
        lines += ["", f"## {heading}", ""]
        lines += [line(a) for a in data[key]] or ["None."]
    lines += ["", "## Records", ""]
    for record in data["records"]:
        lines += [
            f"### {_md(record['title'])}",
            "",
            f"`{record['slug']}`" + (f", {record['date']}" if record["date"] else ""),
            "",
        ]
        for rec in record["recommendations"]:
            lines.append(
                f"**Recommendation {rec['number']}.** {_md(rec['text']) or '(no longer in the record)'}"
            )
            lines.append("")
            response = rec.get("response") or {}
            lines.append(
                f"- Response: {_response(rec)}"
                + (f". {_md(response['reason'])}" if response.get("reason") else "")
            )
            if response.get("outcome"):
                lines.append(f"- Expected outcome: {_md(response['outcome'])}")
            if response.get("measure"):
                lines.append(f"- Measured by: {_md(response['measure'])}")
            lines += [line(a) for a in rec["actions"]] or ["- No actions yet."]
            lines.append("")
    lines += ["## Impact evidence", ""]
    if not data["impact"]:
        lines.append("None recorded yet.")
    for action in data["impact"]:
        lines.append(
            f"- `{action['id']}` {_md(action['text'])} (impact review {action['impact_review'] or 'not set'})"
        )
        lines += [f"  - {e['date']}: {_md(e['text'])}" for e in action["impact"]]
    return "\n".join(lines).rstrip() + "\n"
