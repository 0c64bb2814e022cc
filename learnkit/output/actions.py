"""The action tracker for people: the listing on the terminal and the board report in Markdown.

The listing groups actions by record and recommendation and shows each
action's RAG rating by colour and by word (the word stays when there is no
colour: a pipe, NO_COLOR, a printout). Record and action text go into Rich
``Text`` pieces, never markup, cleaned of control characters. The HTML report is in learnkit.output.board.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rich.text import Text

from learnkit.knowledge.actions import RAGS, RESPONSE_LABELS
from learnkit.models import counted

RAG_STYLES = {"red": "bold white on red", "amber": "bold black on yellow", "green": "bold white on green"}

# A line is a list of (text, style) pieces, made into a Rich Text only when colour can show.
Line = list[tuple[str, str]]
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean(text: str) -> str:
    """Text for one line: control characters (a terminal's escape among them) and spaces made one space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _response(rec: dict[str, Any]) -> str:
    response = rec.get("response")
    if not response:
        return "no response yet"
    said = RESPONSE_LABELS.get(response["response"], response["response"])
    return f"{said} on {response['date']}" if response.get("date") else said


def rag_piece(rag: str) -> tuple[str, str]:
    return f" {rag.upper():<5} ", RAG_STYLES.get(rag, "bold")


def listing(actions: Sequence[dict[str, Any]], today: str) -> None:
    """Print actions grouped by record and recommendation, each with its RAG, owner, dates and status."""
    if not actions:
        hint = 'No actions match. Add one: learnkit actions add SLUG REC "TEXT" --owner AGENCY --due DATE'
        _emit([[(hint, "")]])
        return
    lines: list[Line] = []
    group: tuple[str, int] | None = None
    record = ""
    for action in actions:
        if action["record"] != record:
            record = action["record"]
            if lines:
                lines.append([])
            lines.append([(clean(action["record_title"]), "bold"), ("  ", ""), (record, "cyan")])
            group = None
        if group != (record, action["recommendation"]):
            group = (record, action["recommendation"])
            text = action.get("recommendation_text") or "(recommendation no longer in the record)"
            response = RESPONSE_LABELS.get(action.get("response", ""), "no response yet")
            lines.append([(f"  {action['recommendation']}. {clean(text)}", ""), (f"  [{response}]", "dim")])
        line = [("    ", ""), rag_piece(action["rag"]), (" ", ""), (action["id"], "cyan")]
        line.append((f"  due {action['due']} · {action['status']}", ""))
        if action["overdue"]:
            line.append((" · OVERDUE", "bold red"))
        lines.append(line)
        lines.append([("      " + clean(action["text"]), "")])
        facts = [action["owner"] + (f" ({action['lead']})" if action.get("lead") else "")]
        if action.get("review"):
            facts.append(f"review {action['review']}")
        if action.get("rag_overridden"):
            facts.append(f"RAG set by hand: {action['rag_reason']}")
        lines.append([("      " + clean(" · ".join(facts)), "dim")])
        if action["notes"]:
            last = action["notes"][-1]
            lines.append([(f"      latest note {last['date']}: ", "dim"), (clean(last["text"]), "")])
    counts = {rag: sum(1 for a in actions if a["rag"] == rag) for rag in RAGS}
    summary = ", ".join(f"{counts[r]} {r}" for r in RAGS)
    lines += [[], [(f"{counted(len(actions), 'action')} ({summary}) on {today}", "dim")]]
    _emit(lines)


def _emit(lines: list[Line]) -> None:
    """Print lines in one call; where no colour can show (a pipe, a file), their plain text directly.

    Rich's rendering of thousands of lines costs more than the rest of the
    command, and the pieces have been cleaned of control characters, so the
    plain text is what Rich would write. Long lines are left to the terminal
    to wrap.
    """
    from learnkit.output.render import out

    if out.color_system is None and not out.record:
        out.file.write("".join("".join(text for text, _ in line) + "\n" for line in lines))
        out.file.flush()
        return
    out.print(Text("\n").join(Text.assemble(*line) for line in lines), soft_wrap=True)


def changes(made: Sequence[dict[str, Any]]) -> None:
    """One line per change: what, which field, from what to what."""
    lines: list[Line] = []
    for change in made:
        where = f"row {change['row']}: " if change.get("row") else ""
        old = change.get("old")
        if old is None or old == "":
            detail = (
                f"added {change['new']}"
                if change["field"] in ("notes", "evidence", "impact")
                else f"set to {change['new']}"
            )
        else:
            detail = f"{old} -> {change['new']}"
        lines.append([(f"{where}{change['target']} {change['field']}: {clean(str(detail))}", "")])
    if lines:
        _emit(lines)


def problems(found: Sequence[dict[str, Any]]) -> None:
    from learnkit.output.render import err

    for problem in found:
        err.print(
            Text("refused: ", style="yellow") + Text(f"row {problem['row']}: {problem['message']}"),
            soft_wrap=True,
        )


# -- the board report in Markdown ------------------------------------------------


# Characters that would start Markdown markup, escaped so that text stays literal.
# Control characters become spaces, in the same pass.
_MD_ESCAPES = str.maketrans(
    {**{ch: "\\" + ch for ch in "\\`*_[]<>#|"}, **{chr(n): " " for n in [*range(32), 127]}}
)


def _md(text: str) -> str:
    return " ".join(text.translate(_MD_ESCAPES).split())


def _counts_table(rows: dict[str, dict[str, int]], first: str) -> list[str]:
    lines = [f"| {first} | Red | Amber | Green | Total |", "|---|---:|---:|---:|---:|"]
    for name, counts in rows.items():
        cells = " | ".join(str(counts[rag]) for rag in RAGS)
        lines.append(f"| {_md(name)} | {cells} | {sum(counts.values())} |")
    return lines


def _action_line(action: dict[str, Any]) -> str:
    facts = [_md(action["owner"]), f"due {action['due']}", action["status"]]
    if action.get("rag_overridden"):
        facts.append(f"RAG set by hand: {_md(action['rag_reason'])}")
    return f"- **{action['rag'].upper()}** `{action['id']}` {_md(action['text'])} ({'; '.join(facts)})"


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
    lines += ["", "## Totals", "", "### By agency", ""]
    lines += _counts_table(totals["by_agency"], "Agency")
    titles = {r["slug"]: r["title"] for r in data["records"]}
    lines += ["", "### By record", ""]
    lines += _counts_table({titles.get(k, k): v for k, v in totals["by_record"].items()}, "Record")
    for key, heading in (("overdue", "Overdue"), ("due_soon", "Due in the next four weeks")):
        lines += ["", f"## {heading}", ""]
        lines += [_action_line(a) for a in data[key]] or ["None."]
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
            lines += [_action_line(a) for a in rec["actions"]] or ["- No actions yet."]
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
