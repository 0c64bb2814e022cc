"""Reports for people: the account of an add, attach or ingest, trends, similar records, repeats.

Each function takes what an operation found and prints it through the command's
console, built from lines of Text (:mod:`learnkit.output.layout`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from learnkit.models import counted
from learnkit.output.console import Text, emit, print_line, width
from learnkit.output.layout import bar, bar_width, cell, hang

REASON_HELP = {
    "not-a-pdf": "not a PDF",
    "encrypted": "encrypted",
    "wrong-password": "wrong password",
    "damaged": "damaged",
    "limit": "too large",
    "timeout": "timed out",
    "unreadable": "unreadable",
}


def batch(result: Any) -> None:
    """The account of an add, attach or ingest: every file with what happened to it."""
    rows: list[tuple[Text, Text]] = []
    for item in result.added:
        outcome = Text("added", style="green")
        detail = Text(item["file"]) + Text(" → ") + Text(item["slug"], style="green")
        detail.append(
            f", {counted(item['pages'], 'page')}, {counted(item['chars'], 'character')}", style="dim"
        )
        if item["status"] == "no-text":
            outcome = Text("added, no text", style="yellow")
            detail.append(" (no text layer: scanned or image-only; OCR is not supported)", style="yellow")
        rows.append((outcome, detail))
        if item.get("marking"):
            said = f"marked {item['marking']}: added as {item['record_status']} (--status to choose)"
            rows.append((Text(""), Text(said, style="bold red")))
    for item in result.duplicates:
        where = f"already in the library as {item['slug']}"
        if item.get("same_as"):
            where = f"same file as {item['same_as']}, in {item['slug']}"
        rows.append((Text("already present", style="cyan"), Text(item["file"]) + Text(f": {where}", "dim")))
    for item in result.failed:
        message = item["message"]
        if message.startswith(item["file"] + ": "):
            message = message[len(item["file"]) + 2 :]
        label = REASON_HELP.get(item["reason"], item["reason"])
        for said in (label + ": ", label + " PDF: "):  # "damaged  x.pdf: damaged PDF: ..." says it twice
            if message.lower().startswith(said.lower()):
                message = message[len(said) :]
                break
        outcome = Text(label, style="red")
        rows.append((outcome, Text(item["file"]) + Text(f": {message}")))
    for item in getattr(result, "skipped", ()):
        rows.append((Text("skipped", style="yellow"), Text(item["path"]) + Text(f": {item['why']}", "dim")))
    lines: list[Text] = []
    if rows:
        indent = max(o.cell_len for o, _ in rows) + 2
        for outcome, detail in rows:
            hang(lines, outcome, detail, indent)
    summary = (
        f"{len(result.added)} added, {len(result.duplicates)} already present, {len(result.failed)} failed"
    )
    if getattr(result, "skipped", ()):
        summary += f", {len(result.skipped)} skipped"
    lines.append(Text(summary, style="bold red" if result.failed else "dim"))
    emit(lines)


def trends(data: dict[str, Any], per_key: int = 5) -> None:
    """Theme counts per year, kind or area as bar charts, then the themes that go together."""
    by = data["by"]
    series = data["series"]
    if not series:
        print_line(Text("No records to count."))
        return
    top = max((t["count"] for s in series for t in s["themes"]), default=0)
    focus = f" for theme '{data['theme']}'" if data.get("theme") else ""
    lines = [Text(f"Themes by {by}{focus} ({counted(data['records'], 'record')})", style="bold")]
    acting = data.get("open_actions")  # with --actions: the open actions of the records counted
    if data.get("theme"):
        # One theme: one bar per key, with how many of that key's records carry it.
        key_width = max(max(len(e["key"]) for e in series), len(by))
        head = f"{by.capitalize():<{key_width}} {'Records':>7} {'With theme':>10}"
        lines.append(Text(head + (f" {'Open actions':>12}" if acting else ""), style="dim"))
        cells = bar_width(key_width + 20 + (13 if acting else 0))
        for entry in series:
            count = sum(t["count"] for t in entry["themes"])
            line = cell(entry["key"], key_width) + f" {entry['total']:>7} {count:>10} "
            if acting:
                waiting = sum(t.get("open_actions", 0) for t in entry["themes"])
                line.append(f"{waiting:>12} ", style="bold" if waiting else "dim")
            line.append_text(bar(count, top, cells))
            lines.append(line)
    else:
        shown_themes = [t for e in series for t in e["themes"][:per_key]]
        label_width = min(max((len(t["label"]) for t in shown_themes), default=5) + 2, width() // 2)
        count_width = len(str(top))
        cells = bar_width(label_width + count_width + 2)
        for entry in series:
            total = entry["total"]
            key = Text(entry["key"], style="bold") + Text(f"  {counted(total, 'record')}", "dim")
            if acting and entry.get("open_actions"):
                key.append(f", {counted(entry['open_actions'], 'open action')}", style="dim")
            lines.append(key)
            shown = entry["themes"][:per_key]
            for theme in shown:
                line = cell("  " + theme["label"], label_width) + f" {theme['count']:>{count_width}} "
                line.append_text(bar(theme["count"], top, cells))
                if acting and theme.get("open_actions"):
                    line.append(f"  {counted(theme['open_actions'], 'open action')}", style="bold")
                lines.append(line)
            more = len(entry["themes"]) - len(shown)
            if more:
                lines.append(Text(f"  +{counted(more, 'more theme')}", style="dim"))
    if acting and not data.get("theme"):  # for one theme, its column says it all
        _open_actions(lines, acting)
    pairs = data["cooccurrence"][:10]
    if pairs:
        lines.extend([Text(""), Text("Themes found together on one record", style="bold")])
        top_pair = pairs[0]["count"]
        labels = [" + ".join(pair["labels"]) for pair in pairs]
        label_width = min(max(len(label) for label in labels) + 2, width() // 2 + 10)
        count_width = len(str(top_pair))
        cells = bar_width(label_width + count_width + 2)
        for pair, label in zip(pairs, labels, strict=True):
            line = cell("  " + label, label_width) + f" {pair['count']:>{count_width}} "
            line.append_text(bar(pair["count"], top_pair, cells))
            lines.append(line)
    trio = data["toxic_trio"]
    lines.append(Text(""))
    line = Text("Toxic trio ", style="bold") + Text(f"({', '.join(trio['labels'])}): ", style="dim")
    line.append(counted(trio["count"], "record"))
    if trio["records"]:
        line.append(" (" + ", ".join(trio["records"]) + ")", style="green")
    if trio["two_of_three"]:
        line.append(f"; {trio['two_of_three']} more with two of the three", style="dim")
    hang(lines, "", line, 0)
    emit(lines)


def _open_actions(lines: list[Text], acting: dict[str, Any]) -> None:
    """The open actions of the records counted, by theme: where the tracker's work still lies."""
    lines.extend(
        [Text(""), Text(f"Open actions by theme ({counted(acting['total'], 'open action')})", "bold")]
    )
    themes = acting["themes"][:10]
    if not themes:
        lines.append(Text("  None of the records counted has an open action.", style="dim"))
        return
    top = themes[0]["count"]
    label_width = min(max(len(t["label"]) for t in themes) + 2, width() // 2)
    count_width = len(str(top))
    cells = bar_width(label_width + count_width + 2)
    for theme in themes:
        line = cell("  " + theme["label"], label_width) + f" {theme['count']:>{count_width}} "
        line.append_text(bar(theme["count"], top, cells))
        lines.append(line)
    more = len(acting["themes"]) - len(themes)
    if more:
        lines.append(Text(f"  +{counted(more, 'more theme')}", style="dim"))
    lines.append(
        Text("  An action counts under each theme of its record. See: learnkit actions", style="dim")
    )


def related(slug: str, title: str, results: Sequence[dict[str, Any]]) -> None:
    """The records most like one record, each with why."""
    heading = Text("Records like ", style="dim") + Text(title, style="bold") + Text(f" ({slug})", "green")
    lines: list[Text] = []
    hang(lines, "", heading, 0)
    if not results:
        lines.append(Text("No similar records: it shares no themes and little wording with the others."))
        emit(lines)
        return
    indent = len(str(len(results))) + 2
    for rank, item in enumerate(results, start=1):
        lines.append(Text(""))
        head = Text(item["slug"], style="green") + Text(f"  {item['title']}")
        head.append(f"  score {item['score']:.2f}", style="dim")
        hang(lines, Text(f"{rank}.", style="dim"), head, indent)
        hang(lines, "", Text(item["reason"], "dim"), indent)
    emit(lines)


def repeats(groups: Sequence[dict[str, Any]], min_records: int) -> None:
    """Learning that recurs across records: each point once, with the records and years that give it."""
    if not groups:
        print_line(Text(f"No learning point or recommendation recurs in {min_records} or more records."))
        return
    lines: list[Text] = []
    for number, group in enumerate(groups, start=1):
        years = group["years"]
        span = ""
        if years:
            span = f", {years[0]}" if years[0] == years[-1] else f", {years[0]}–{years[-1]}"
        lines.append(Text(f"{number}. In {counted(group['count'], 'record')}{span}", style="bold"))
        hang(lines, "", Text("“") + Text(group["text"]) + Text("”"), 3)
        for item in group["records"]:
            line = Text(item["slug"], style="green")
            line.append(f"  {item['year'] or 'undated'}, {item['list']}", style="dim")
            hang(lines, "   • ", line, 5)
            if item["text"] != group["text"]:
                hang(lines, "", Text("“") + Text(item["text"], style="italic") + Text("”"), 7)
        lines.append(Text(""))
    lines.append(
        Text(
            f"{counted(len(groups), 'recurring point')} "
            f"(near-identical words in {min_records} or more records)",
            style="dim",
        )
    )
    emit(lines)
