"""Rich output for the commands that change records: edit, tag, review, remove, rename, init, history.

As in learnkit.output.render, record text goes into ``Text`` objects, never
into markup, and accounts of what was done go to stderr while what a person
asked to see (a history, a review's items) goes to stdout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from learnkit.models import Record, Theme, counted
from learnkit.output.console import Text, err, out


def _done(message: str) -> None:
    err().print(Text(message), soft_wrap=True)


def _list(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def edit_result(result: Any) -> None:
    if result.changed:
        _done(f"stored {result.slug}: changed {_list(result.changed)}")
    else:
        _done(f"{result.slug}: no changes; nothing stored")


def draft_kept(slug: str, path: str) -> None:
    err().print(
        Text(
            f"your edit of {slug} is kept in {path}; run learnkit edit {slug} to go on with it",
            style="yellow",
        ),
        soft_wrap=True,
    )


def tag_result(result: Any, verb: str) -> None:
    parts = []
    if result.added:
        parts.append(f"added {_list(result.added)}")
    if result.removed:
        parts.append(f"removed {_list(result.removed)}")
    if result.rejected:
        parts.append(f"rejected {_list(result.rejected)} (not detected again)")
    if result.unchanged:
        parts.append(f"already had {_list(result.unchanged)}")
    _done(f"{result.slug}: " + ("; ".join(parts) or f"nothing to {verb}"))


def review_item(
    record: Record, item: tuple[str, str, int], themes: dict[str, Theme], number: int, total: int
) -> None:
    """One theme (with its evidence) or extracted point for a person to keep or reject."""
    kind, theme_id, position = item
    out().print(Text(f"[{number}/{total}] ", style="dim"), end="")
    if kind == "theme":
        theme = themes.get(theme_id)
        tag = record.theme(theme_id)
        line = Text("Theme: ") + Text(theme.label if theme else theme_id, style="bold cyan")
        line.append(f"  ({theme_id}, detected)", style="dim")
        out().print(line, soft_wrap=True)
        for ev in tag.evidence if tag else []:
            said = Text(f"  {ev.document} p. {ev.page}: ", style="dim") + Text(
                f"“{ev.sentence}”", style="italic"
            )
            out().print(said)
        if tag is None or not tag.evidence:
            out().print(Text("  (no evidence kept)", style="dim"))
        return
    point = getattr(record, kind)[position]
    label = kind.replace("_", " ").capitalize()
    where = f"{point.document}" + (f", p. {point.page}" if point.page else "")
    out().print(Text(f"{label} point") + Text(f"  (extracted from {where})", style="dim"))
    out().print(Text("  ") + Text(point.text))


def review_result(result: dict[str, Any]) -> None:
    parts = []
    if result["confirmed"]:
        parts.append(f"confirmed {_list(result['confirmed'])}")
    if result["rejected"]:
        parts.append(f"rejected {_list(result['rejected'])}")
    if result["points_kept"]:
        parts.append(f"kept {counted(result['points_kept'], 'point')}")
    if result["points_rejected"]:
        parts.append(f"rejected {counted(result['points_rejected'], 'point')}")
    _done(f"{result['slug']}: " + ("; ".join(parts) or "nothing decided; nothing stored"))


def nothing_to_review(slug: str) -> None:
    _done(f"{slug}: no detected themes or extracted points to review")


def remove_plan(plan: Any) -> None:
    """What a removal will delete, before the question."""
    out().print(Text(f"To remove ({counted(len(plan.records), 'record')}):"))
    for record in plan.records:
        line = Text("  • ") + Text(record.slug, style="green") + Text(f"  {record.title}")
        if record.documents:
            line.append(f"  ({counted(len(record.documents), 'document')})", style="dim")
        out().print(line, soft_wrap=True)
    for slug, lost in plan.unlinked.items():
        out().print(
            Text(f"  {slug} will no longer list {_list(lost)} as related", style="dim"), soft_wrap=True
        )
    for slug, (actions, responses) in plan.tracked.items():
        out().print(
            Text(f"  {slug}: its {counted(actions, 'action')} and {counted(responses, 'response')} go too"),
            soft_wrap=True,
        )


def remove_result(result: dict[str, Any]) -> None:
    message = f"removed {counted(len(result['removed']), 'record')}: {_list(result['removed'])}"
    if result["files_deleted"]:
        message += f"; deleted {counted(result['files_deleted'], 'PDF')}"
    if result["documents_kept"]:
        message += f"; kept {counted(result['documents_kept'], 'document')} another record holds"
    if result.get("actions_removed") or result.get("responses_removed"):
        message += (
            f"; removed {counted(result['actions_removed'], 'action')} and"
            f" {counted(result['responses_removed'], 'response')} from the tracker"
        )
    _done(message)
    for slug, lost in result["unlinked"].items():
        _done(f"  {slug}: no longer lists {_list(lost)} as related")


def rename_result(result: dict[str, Any]) -> None:
    message = f"renamed {result['old']} to {result['new']}"
    if result["related_updated"]:
        message += f"; updated related in {_list(result['related_updated'])}"
    if result.get("tracker_entries_moved"):
        moved = counted(result["tracker_entries_moved"], "tracker entry", "tracker entries")
        message += f"; moved its {moved} with it"
    _done(message)


def init_result(result: dict[str, Any]) -> None:
    what = "an empty library" if result["empty"] else f"a library of {counted(result['records'], 'record')}"
    _done(f"made {what} in {result['library']}")


def _value(item: Any) -> str:
    if isinstance(item, list):
        return "[" + ", ".join(str(v) for v in item) + "]"
    if item in ("", None):
        return "(empty)"
    return repr(item) if isinstance(item, str) else str(item)


def history(lines: Sequence[dict[str, Any]]) -> None:
    if not lines:
        out().print("No changes recorded yet.")
        return
    for line in lines:
        head = Text(str(line.get("when", "")).replace("T", " ")[:19], style="dim")
        head.append(f"  {line.get('user', '')}  ")
        head.append(str(line.get("command", "")), style="bold")
        head.append("  ")
        head.append(str(line.get("slug", "")), style="green")
        head.append(f"  {line.get('action', '')}", style="dim")
        if line.get("note"):
            head.append(f" ({line['note']})", style="dim")
        out().print(head, soft_wrap=True)
        if line.get("action") != "changed":
            continue  # a record added or removed: every field; --json lists them
        for change in line.get("changes", []):
            name = str(change.get("field", ""))
            if change.get("changed"):
                out().print(Text(f"    {name}: changed", style="dim"))
            elif isinstance(change.get("old"), list) and isinstance(change.get("new"), list):
                # A list (themes, related...): what came and went, not both lists whole.
                gone = [v for v in change["old"] if v not in change["new"]]
                came = [v for v in change["new"] if v not in change["old"]]
                words = [f"+{v}" for v in came] + [f"-{v}" for v in gone]
                out().print(Text(f"    {name}: ") + Text(" ".join(words) or "reordered"), soft_wrap=True)
            else:
                row = Text(f"    {name}: ") + Text(_value(change.get("old")))
                row.append(" → ")
                row.append(_value(change.get("new")))
                out().print(row, soft_wrap=True)
