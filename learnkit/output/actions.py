"""The action tracker on the terminal: the listing, the changes made, the rows refused.

The listing groups actions by record and recommendation and shows each
action's RAG rating by colour and by word (the word stays when there is no
colour: a pipe, NO_COLOR, a printout). Record and action text go into Rich
``Text`` pieces, never markup, cleaned of control characters. The board report is in learnkit.output.board.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from learnkit.knowledge.actions import RAGS, RESPONSE_LABELS
from learnkit.models import counted
from learnkit.output.console import Text

RAG_STYLES = {"red": "bold white on red", "amber": "bold black on yellow", "green": "bold white on green"}

# A line is a list of (text, style) pieces, made into a Rich Text only when colour can show.
Line = list[tuple[str, str]]
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean(text: str) -> str:
    """Text for one line: control characters (a terminal's escape among them) and spaces made one space."""
    # Printable text has no whitespace but the space: with single spaces and none at its ends (most
    # of what a tracker holds) it is what the long way would make of it.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(_CONTROL.sub(" ", text).split())


def rag_piece(rag: str) -> tuple[str, str]:
    piece = _RAG_PIECES.get(rag)
    return piece if piece is not None else (f" {rag.upper():<5} ", RAG_STYLES.get(rag, "bold"))


_RAG_PIECES = {rag: (f" {rag.upper():<5} ", style) for rag, style in RAG_STYLES.items()}


def listing(records: Sequence[dict[str, Any]], today: str) -> None:
    """Print actions grouped by record and recommendation, each with its RAG, owner, dates and status.

    ``records`` is the tracker's tree (learnkit.operations.tracker.selected): each record's
    recommendations with their response and their actions, which are views or the stored actions
    made ready for lines (learnkit.knowledge.actions.line_entry): optional fields are asked for
    with ``get``. A recommendation or record with no action is not listed.
    """
    lines: list[Line] = []
    counts = dict.fromkeys(RAGS, 0)
    shown = 0
    for record in records:
        head = True
        for rec in record["recommendations"]:
            actions = rec["actions"]
            if not actions:
                continue
            if head:
                if lines:
                    lines.append([])
                lines.append([(clean(record["title"]), "bold"), ("  ", ""), (record["slug"], "cyan")])
                head = False
            text = rec["text"] or "(recommendation no longer in the record)"
            response = RESPONSE_LABELS.get((rec["response"] or {}).get("response", ""), "no response yet")
            lines.append([(f"  {rec['number']}. {clean(text)}", ""), (f"  [{response}]", "dim")])
            for action in actions:
                lines += _action_lines(action)
                counts[action["rag"]] = counts.get(action["rag"], 0) + 1
            shown += len(actions)
    if not shown:
        hint = 'No actions match. Add one: learnkit actions add SLUG REC "TEXT" --owner AGENCY --due DATE'
        _emit([[(hint, "")]])
        return
    summary = ", ".join(f"{counts[r]} {r}" for r in RAGS)
    lines += [[], [(f"{counted(shown, 'action')} ({summary}) on {today}", "dim")]]
    _emit(lines)


def _action_lines(action: dict[str, Any]) -> list[Line]:
    """An action's lines in the listing: RAG, id, due date and status; its text; who and when; its
    latest note."""
    line = [("    ", ""), rag_piece(action["rag"]), (" ", ""), (action["id"], "cyan")]
    line.append((f"  due {action['due']} · {action['status']}", ""))
    if action["overdue"]:
        line.append((" · OVERDUE", "bold red"))
    lead, review = action.get("lead"), action.get("review")
    facts = f"{action['owner']} ({lead})" if lead else action["owner"]
    if review:
        facts += f" · review {review}"
    if action.get("rag_overridden"):
        facts += f" · RAG set by hand: {action['rag_reason']}"
    out = [line, [("      " + clean(action["text"]), "")], [("      " + clean(facts), "dim")]]
    notes = action.get("notes")
    if notes:
        last = notes[-1]
        out.append([(f"      latest note {last['date']}: ", "dim"), (clean(last["text"]), "")])
    return out


def _emit(lines: list[Line]) -> None:
    """Print lines in one call; where no colour can show (a pipe, a file), their plain text directly.

    Rich's rendering of thousands of lines costs more than the rest of the
    command, and the pieces have been cleaned of control characters, so the
    plain text is what Rich would write. Long lines are left to the terminal
    to wrap.
    """
    from learnkit.output.console import out as current_out

    out = current_out()
    if out.color_system is None and not out.record:
        out.file.write("".join(["".join([text for text, _ in line]) + "\n" for line in lines]))
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
    from learnkit.output.console import err

    for problem in found:
        err().print(
            Text("refused: ", style="yellow") + Text(f"row {problem['row']}: {problem['message']}"),
            soft_wrap=True,
        )


def history(entries: Sequence[dict[str, Any]]) -> None:
    """One line per change: when, who, what, which field, from what to what."""
    if not entries:
        _emit([[("No changes recorded.", "")]])
        return
    lines: list[Line] = []
    for entry in entries:
        old, new = entry.get("old"), entry.get("new")
        detail = f"{old} -> {new}" if old not in (None, "") else f"{new}"
        lines.append(
            [
                (f"{entry.get('time', '')}  ", "dim"),
                (f"{clean(str(entry.get('author', '')))}  ", ""),
                (str(entry.get("target", "")), "cyan"),
                (f" {entry.get('field', '')}: {clean(detail)}", ""),
            ]
        )
    _emit(lines)
