"""Rich output for people: tables, panels, snippets, bars, errors.

Functions here take data from learnkit.library and print it. Every piece of
record or document text goes into a ``Text`` object, never into a markup
string, so "[brackets]" in a report are shown as they are and can never be
read as Rich markup. ``--json`` output does not come through here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from learnkit.models import MARK_END, MARK_START, Record, Theme

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)


@contextmanager
def paged(enabled: bool = True) -> Iterator[None]:
    """Send what is printed inside through a pager when stdout is a terminal."""
    if enabled and out.is_terminal and not os.environ.get("LEARNKIT_NO_PAGER"):
        with out.pager(styles=True):
            yield
    else:
        yield


def error(message: str, candidates: Sequence[str] = ()) -> None:
    line = Text("error: ", style="bold red")
    line.append(message)
    err.print(line, soft_wrap=True)  # one line, whatever the terminal's width
    if candidates:
        err.print(Text("did you mean: " + ", ".join(candidates), style="yellow"))


def warn(message: str) -> None:
    err.print(Text("warning: ", style="yellow") + Text(message))


def note(message: str) -> None:
    err.print(Text(message, style="dim"))


def snippet(text: str) -> Text:
    """A snippet with the matched words marked (markers from the index)."""
    result = Text()
    marked = False
    for part in text.replace(MARK_END, MARK_START).split(MARK_START):
        if part:
            result.append(part, style="bold yellow" if marked else "")
        marked = not marked
    return result


def _themes_text(ids: Sequence[str], labels: dict[str, str], limit: int = 4) -> Text:
    shown = [labels.get(i, i) for i in ids[:limit]]
    more = f" +{len(ids) - limit}" if len(ids) > limit else ""
    return Text(", ".join(shown) + more, style="cyan")


def search(result: Any, labels: dict[str, str]) -> None:
    if result.themes:
        names = ", ".join(t.label for t in result.themes)
        out.print(
            Text(f"Theme{'s' if len(result.themes) > 1 else ''} named: ", style="dim") + Text(names, "cyan")
        )
    if not result.hits:
        out.print(Text(f"No records match '{result.query}'."))
        if result.suggestions:
            out.print(
                Text("Close words in the library: ") + Text(", ".join(result.suggestions), style="yellow")
            )
        out.print(Text("Try fewer words, a prefix such as negl*, or: learnkit themes", style="dim"))
        return
    title = Text(f"{result.count} record{'s' if result.count != 1 else ''} match '{result.query}'")
    if result.count > len(result.hits):
        title.append(f" (best {len(result.hits)} shown)")
    table = Table(show_lines=True, expand=True, title=title, title_justify="left")
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Record", ratio=3)
    table.add_column("Themes", ratio=2)
    table.add_column("Snippet", ratio=5)
    for rank, hit in enumerate(result.hits, start=1):
        record = Text(hit.title, style="bold") + Text("\n" + hit.slug, style="green")
        record.append(f"\n{hit.kind}" + (f", {hit.date[:4]}" if hit.date else ""), style="dim")
        snip = snippet(hit.snippet)
        if hit.page is not None:
            snip = Text(f"{hit.document}, p. {hit.page}: ", style="dim") + snip
        table.add_row(str(rank), record, _themes_text(hit.themes, labels, limit=3), snip)
    out.print(table)


def records_table(records: Sequence[dict[str, Any]], labels: dict[str, str], title: str = "") -> None:
    if not records:
        out.print(Text("No records match."))
        return
    table = Table(expand=True, title=title or None, title_justify="left")
    # Slugs are what people copy into other commands: never cut or wrapped.
    table.add_column("Slug", style="green", no_wrap=True, min_width=max(len(r["slug"]) for r in records))
    table.add_column("Title", ratio=5)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Themes", ratio=2)
    for r in records:
        table.add_row(
            Text(r["slug"]),
            Text(r["title"]),
            r["kind"],
            r["date"] or "—",
            r["status"],
            _themes_text(r["themes"], labels, limit=3),
        )
    out.print(table)
    out.print(Text(f"{len(records)} record{'s' if len(records) != 1 else ''}", style="dim"))


def _points(title: str, points: Sequence[Any]) -> Group | None:
    if not points:
        return None
    lines: list[Text] = [Text(title, style="bold underline")]
    for p in points:
        line = Text("• ") + Text(p.text)
        if p.extracted:
            where = f" (extracted from {p.document}" + (f", p. {p.page}" if p.page else "") + "; check it)"
            line.append(where, style="dim italic")
        lines.append(line)
    return Group(*lines, Text(""))


def show(
    record: Record,
    themes: dict[str, Theme],
    related: Sequence[tuple[str, str | None]],
    evidence: bool = False,
    similar: Sequence[tuple[str, str, str]] = (),
) -> None:
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="dim", no_wrap=True)
    meta.add_column()
    meta.add_row("Record", Text(record.slug, style="green"))
    meta.add_row("Kind", record.kind)
    meta.add_row("Date", record.date or "undated")
    for label, value in (("Area", record.area), ("Publisher", record.publisher), ("Source", record.source)):
        if value:
            meta.add_row(label, Text(value))
    status = Text(record.status, style="bold red" if record.private else "")
    meta.add_row("Status", status)
    parts: list[Any] = [meta, Text("")]
    if record.summary:
        parts.append(Text("Summary", style="bold underline"))
        note_text = " (extracted from its text; check it)" if record.summary_extracted else ""
        parts.extend([Text(record.summary) + Text(note_text, style="dim italic"), Text("")])
    if record.themes:
        parts.append(Text("Themes", style="bold underline"))
        for tag in record.themes:
            theme = themes.get(tag.id)
            line = Text("• ") + Text(theme.label if theme else tag.id, style="cyan")
            line.append(f"  {tag.origin}", style="dim")
            if tag.origin == "detected" and tag.evidence:
                total = sum(e.count for e in tag.evidence)
                line.append(f" ({total} mention{'s' if total != 1 else ''})", style="dim")
            parts.append(line)
            if evidence and tag.evidence:
                for ev in tag.evidence:
                    where = Text(f"    {ev.document}, p. {ev.page}, ×{ev.count}: ", style="dim")
                    parts.append(where + Text(f"“{ev.sentence}”", style="italic"))
        parts.append(Text(""))
    for title, points in (
        ("Learning", record.learning),
        ("Good practice", record.good_practice),
        ("Recommendations", record.recommendations),
    ):
        group = _points(title, points)
        if group is not None:
            parts.append(group)
    if related:
        parts.append(Text("Related", style="bold underline"))
        for slug, other in related:
            parts.append(
                Text("• ") + Text(slug, style="green") + Text(f"  {other or '(not in this library)'}")
            )
        parts.append(Text(""))
    if similar:
        parts.append(Text("Similar records", style="bold underline"))
        for slug, title, reason in similar:
            parts.append(
                Text("• ") + Text(slug, style="green") + Text(f"  {title}") + Text(f"  ({reason})", "dim")
            )
        parts.append(Text(""))
    if record.documents:
        parts.append(Text("Documents", style="bold underline"))
        for doc in record.documents:
            line = Text("• ") + Text(doc.name)
            line.append(f"  {doc.pages} pages, {doc.chars:,} characters, {doc.status}", style="dim")
            if doc.error:
                line.append(f" ({doc.error})", style="yellow")
            parts.append(line)
    out.print(Panel(Group(*parts), title=Text(record.title, style="bold"), title_align="left", expand=True))


def page_text(record: Record, pages: Sequence[tuple[str, int, str]]) -> None:
    """A record's extracted text, page by page."""
    if not pages:
        out.print(Text(f"{record.slug} has no extracted text (no documents with a text layer)."))
        return
    for doc_name, number, text in pages:
        out.rule(Text(f"{doc_name}, page {number}", style="dim"))
        out.print(Text(text))


def themes(rows: Sequence[tuple[Theme, int]], groups: Sequence[tuple[str, list[Theme]]]) -> None:
    counts = {t.id: n for t, n in rows}
    top = max(counts.values(), default=0) or 1
    table = Table(expand=False, show_edge=False, box=None, padding=(0, 1))
    table.add_column("Theme")
    table.add_column("Id", style="dim")
    table.add_column("Records", justify="right")
    table.add_column("", no_wrap=True)
    for group, members in groups:
        table.add_row(Text(group.capitalize(), style="bold underline"), "", "", "")
        for theme in sorted(members, key=lambda t: (-counts.get(t.id, 0), t.label)):
            n = counts.get(theme.id, 0)
            bar = "█" * max(1 if n else 0, round(24 * n / top))
            table.add_row(Text("  " + theme.label), theme.id, str(n), Text(bar, style="cyan"))
    out.print(table)
    used = sum(1 for n in counts.values() if n)
    out.print(
        Text(
            f"{len(counts)} themes, {used} used by at least one record. Details: learnkit themes THEME",
            style="dim",
        )
    )


def theme(theme: Theme, records: Sequence[dict[str, Any]], labels: dict[str, str]) -> None:
    body = Table.grid(padding=(0, 2))
    body.add_column(style="dim")
    body.add_column()
    body.add_row("Id", Text(theme.id, style="green"))
    body.add_row("Group", theme.group)
    body.add_row("About", Text(theme.description))
    body.add_row("Also", Text(", ".join(theme.aliases)))
    out.print(Panel(body, title=Text(theme.label, style="bold"), title_align="left"))
    records_table(records, labels, title=f"Records with theme '{theme.label}'")


def path(info: dict[str, Any]) -> None:
    out.print(Text(info["library"], style="bold"))
    for entry in info["files"]:
        if not entry["exists"]:
            detail = "not yet created"
        elif "files" in entry:
            detail = f"{entry['files']} files, {entry['bytes']:,} bytes"
        else:
            detail = f"{entry['bytes']:,} bytes"
        out.print(Text(f"  {entry['name']:<18} ") + Text(detail, style="dim"))


def import_result(result: Any) -> None:
    for slug in result.added:
        out.print(Text("added    ", style="green") + Text(slug))
    for slug in result.updated:
        out.print(Text("updated  ", style="cyan") + Text(slug))
    for file, message in result.failed:
        err.print(Text("failed   ", style="red") + Text(message if file in message else f"{file}: {message}"))
    out.print(
        Text(
            f"{len(result.added)} added, {len(result.updated)} updated, {len(result.failed)} failed",
            style="dim",
        )
    )


def progress(description: str) -> Any:
    """A progress bar on stderr (hidden when stderr is not a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not sys.stderr.isatty(),
    )


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
    table = Table(expand=True, title="PDFs", title_justify="left")
    table.add_column("File", ratio=3)
    table.add_column("Outcome", no_wrap=True)
    table.add_column("Detail", ratio=4)
    for item in result.added:
        detail = Text(item["slug"], style="green") + Text(
            f"  {item['pages']} pages, {item['chars']:,} characters"
        )
        outcome = Text("added", style="green")
        if item["status"] == "no-text":
            outcome = Text("added, no text", style="yellow")
            detail.append(" (no text layer: scanned or image-only; OCR is not supported)", style="yellow")
        table.add_row(Text(item["file"]), outcome, detail)
    for item in result.duplicates:
        where = f"already in the library as {item['slug']}"
        if item.get("same_as"):
            where = f"same file as {item['same_as']}, in {item['slug']}"
        table.add_row(Text(item["file"]), Text("already present", style="cyan"), Text(where))
    for item in result.failed:
        message = item["message"]
        if message.startswith(item["file"] + ": "):
            message = message[len(item["file"]) + 2 :]
        table.add_row(
            Text(item["file"]),
            Text(REASON_HELP.get(item["reason"], item["reason"]), style="red"),
            Text(message),
        )
    if result.added or result.duplicates or result.failed:
        out.print(table)
    summary = (
        f"{len(result.added)} added, {len(result.duplicates)} already present, {len(result.failed)} failed"
    )
    out.print(Text(summary, style="bold red" if result.failed else "dim"))


# --------------------------------------------------------------------------- from reading to learning


def _bar(count: int, top: int, width: int = 24) -> Text:
    return Text("█" * max(1 if count else 0, round(width * count / (top or 1))), style="cyan")


def trends(data: dict[str, Any], per_key: int = 5) -> None:
    """Theme counts per year, kind or area as bar charts, then the themes that go together."""
    by = data["by"]
    series = data["series"]
    if not series:
        out.print(Text("No records to count."))
        return
    top = max((t["count"] for s in series for t in s["themes"]), default=0)
    focus = f" for theme '{data['theme']}'" if data.get("theme") else ""
    table = Table(
        title=Text(f"Themes by {by}{focus} ({data['records']} records)"),
        title_justify="left",
        show_edge=False,
        box=None,
        padding=(0, 1),
    )
    table.add_column(by.capitalize(), no_wrap=True)
    if data.get("theme"):
        # One theme: one bar per key, with how many of that key's records carry it.
        table.add_column("Records", justify="right")
        table.add_column("With theme", justify="right")
        table.add_column("", no_wrap=True)
        for entry in series:
            count = sum(t["count"] for t in entry["themes"])
            table.add_row(Text(entry["key"]), str(entry["total"]), str(count), _bar(count, top))
        out.print(table)
    else:
        table.add_column("Theme")
        table.add_column("Records", justify="right")
        table.add_column("", no_wrap=True)
        for entry in series:
            total = entry["total"]
            table.add_row(
                Text(entry["key"], style="bold"),
                Text(f"{total} record{'s' if total != 1 else ''}", "dim"),
                "",
                "",
            )
            shown = entry["themes"][:per_key]
            for theme in shown:
                table.add_row("", Text("  " + theme["label"]), str(theme["count"]), _bar(theme["count"], top))
            more = len(entry["themes"]) - len(shown)
            if more:
                table.add_row(
                    "", Text(f"  +{more} more theme{'s' if more != 1 else ''}", style="dim"), "", ""
                )
        out.print(table)
    pairs = data["cooccurrence"][:10]
    if pairs:
        out.print(Text(""))
        top_pair = pairs[0]["count"]
        together = Table(
            title=Text("Themes found together on one record"),
            title_justify="left",
            show_edge=False,
            box=None,
            padding=(0, 1),
        )
        together.add_column("Themes")
        together.add_column("Records", justify="right")
        together.add_column("", no_wrap=True)
        for pair in pairs:
            together.add_row(
                Text(" + ".join(pair["labels"])), str(pair["count"]), _bar(pair["count"], top_pair)
            )
        out.print(together)
    trio = data["toxic_trio"]
    line = Text("\nToxic trio ", style="bold") + Text(f"({', '.join(trio['labels'])}): ", style="dim")
    line.append(f"{trio['count']} record{'s' if trio['count'] != 1 else ''}")
    if trio["records"]:
        line.append(" (" + ", ".join(trio["records"]) + ")", style="green")
    if trio["two_of_three"]:
        line.append(f"; {trio['two_of_three']} more with two of the three", style="dim")
    out.print(line)


def related(slug: str, title: str, results: Sequence[dict[str, Any]]) -> None:
    """The records most like one record, each with why."""
    heading = Text("Records like ", style="dim") + Text(title, style="bold") + Text(f" ({slug})", "green")
    out.print(heading)
    if not results:
        out.print(Text("No similar records: it shares no themes and little wording with the others."))
        return
    table = Table(expand=True, show_lines=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Slug", style="green", no_wrap=True, min_width=max(len(r["slug"]) for r in results))
    table.add_column("Title", ratio=3)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Why", ratio=4)
    for rank, item in enumerate(results, start=1):
        table.add_row(
            str(rank),
            Text(item["slug"]),
            Text(item["title"]),
            f"{item['score']:.2f}",
            Text(item["reason"], "dim"),
        )
    out.print(table)


def repeats(groups: Sequence[dict[str, Any]], min_records: int) -> None:
    """Learning that recurs across records: each point once, with the records and years that give it."""
    if not groups:
        out.print(Text(f"No learning point or recommendation recurs in {min_records} or more records."))
        return
    for number, group in enumerate(groups, start=1):
        years = group["years"]
        span = ""
        if years:
            span = f", {years[0]}" if years[0] == years[-1] else f", {years[0]}–{years[-1]}"
        title = Text(f"{number}. In {group['count']} records{span}", style="bold")
        body: list[Any] = [Text("“") + Text(group["text"]) + Text("”")]
        for item in group["records"]:
            line = Text("• ") + Text(item["slug"], style="green")
            line.append(f"  {item['year'] or 'undated'}, {item['list']}", style="dim")
            if item["text"] != group["text"]:
                line.append("\n    “")
                line.append(item["text"], style="italic")
                line.append("”")
            body.append(line)
        out.print(Panel(Group(*body), title=title, title_align="left", expand=True))
    out.print(
        Text(
            f"{len(groups)} recurring point{'s' if len(groups) != 1 else ''} "
            f"(near-identical words in {min_records} or more records)",
            style="dim",
        )
    )
