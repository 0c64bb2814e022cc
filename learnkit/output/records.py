"""Records for people: search hits, lists of records, one record, themes, the library's files, imports.

Each function takes what an operation found and prints it through the command's
console, built from lines of Text (:mod:`learnkit.output.layout`); colour only on
a terminal. ``--json`` output does not come through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from learnkit.models import PRIVATE_STATUSES, Record, Theme, counted
from learnkit.output.console import Text, emit, message_line, out, print_line, width
from learnkit.output.layout import bar, cell, fields, hang, heading, snippet, themes_text


def _marked(slug: str, statuses: dict[str, str]) -> Text:
    """A slug, and its status when it is restricted or unpublished (one's own library shows them, marked)."""
    text = Text(slug, style="green")
    if slug in statuses:
        text.append(f" ({statuses[slug]})", style="bold red")
    return text


# Why a hit matched a query that names a theme (Hit.matched); the words as typed need no saying.
_WHY = {"tagged": "tagged with {}", "named": "names {}"}


def search(result: Any, labels: dict[str, str], statuses: dict[str, str] | None = None) -> None:
    if result.documents_skipped:
        note: list[Text] = []
        words = "Only records' own fields were searched: documents' text is indexed without common words"
        words += " such as the, of and a, and those are all this search looks for."
        hang(note, "", Text(words, style="dim"), 0)
        emit(note)
    if result.themes:
        names = ", ".join(t.label for t in result.themes)
        print_line(
            Text(f"Theme{'s' if len(result.themes) > 1 else ''} named: ", style="dim") + Text(names, "cyan")
        )
    if not result.hits:
        print_line(Text(f"No records match '{result.query}'."))
        if result.suggestions:
            print_line(
                Text("Close words in the library: ") + Text(", ".join(result.suggestions), style="yellow")
            )
        print_line(Text("Try fewer words, a prefix such as negl*, or: learnkit themes", style="dim"))
        return
    matched = "1 record matches" if result.count == 1 else f"{result.count} records match"
    title = Text(f"{matched} '{result.query}'", "bold")
    if result.count > len(result.hits):
        title.append(f" (best {len(result.hits)} shown)")
    lines = [title]
    indent = len(str(len(result.hits))) + 2
    for rank, hit in enumerate(result.hits, start=1):
        lines.append(Text(""))
        hang(lines, Text(f"{rank}.", style="dim"), Text(hit.title, style="bold"), indent)
        about = _marked(hit.slug, statuses or {})
        about.append(f"  {hit.kind}" + (f", {hit.date[:4]}" if hit.date else ""), style="dim")
        if hit.themes:
            about.append("  ")
            about.append_text(themes_text(hit.themes, labels, limit=3))
        if result.themes and hit.matched in _WHY:
            named = "the theme" if len(result.themes) == 1 else "the themes"
            about.append(f"  ({_WHY[hit.matched].format(named)})", style="dim")
        hang(lines, "", about, indent)
        snip = snippet(hit.snippet)
        if hit.page is not None:
            snip = Text(f"{hit.document}, p. {hit.page}: ", style="dim") + snip
        hang(lines, "", snip, indent)
    emit(lines)


def records_table(records: Sequence[dict[str, Any]], labels: dict[str, str], title: str = "") -> None:
    """Records, two lines each: the title; then slug, kind, date, status and as many themes as fit."""
    if not records:
        print_line(Text("No records match."))
        return
    lines: list[Text] = [Text(title, style="bold")] if title else []
    columns = width()
    for r in records:
        hang(lines, "", Text(r["title"], style="bold"), 0)
        # The slug is what people copy into other commands: never cut (a long one wraps whole).
        about = Text(r["slug"], style="green")
        about.append(f"  {r['kind']}, {r['date'] or 'undated'}", style="dim")
        status = r["status"]
        about.append(f", {status}", style="bold red" if status in PRIVATE_STATUSES else "dim")
        room = columns - 2 - about.cell_len - 2
        if r["themes"] and room >= 12:
            about.append("  ")
            about.append_text(cell(themes_text(r["themes"], labels, limit=3), room, pad=False))
        hang(lines, "", about, 2)
    lines.append(Text(counted(len(records), "record"), style="dim"))
    emit(lines)


def _points(lines: list[Text], title: str, points: Sequence[Any]) -> None:
    if not points:
        return
    heading(lines, title)
    for p in points:
        line = Text(p.text)
        if p.extracted:
            where = f" (extracted from {p.document}" + (f", p. {p.page}" if p.page else "") + "; check it)"
            line.append(where, style="dim italic")
        hang(lines, "• ", line, 2)
    lines.append(Text(""))


RESPONSE_STYLES = {"accepted": "bold green", "partly": "bold yellow", "not-accepted": "bold red"}


def _where(rec: dict[str, Any]) -> str:
    """Where a recommendation is: its page, a caution if extracted, and the report's own number for it."""
    page = f", p. {rec['page']}" if rec.get("page") else ""
    if rec.get("extracted"):
        said = f" (extracted from {rec.get('document') or 'its document'}{page}; check it)"
    elif rec.get("document") or page:
        said = f" ({rec.get('document') or ''}{page})".replace("(, ", "(")
    else:
        said = ""
    number = str(rec.get("report_number") or "")
    if number and number != str(rec["number"]):
        said += f" · {number} in the report"
    return said


def _response(lines: list[Text], response: dict[str, Any] | None, indent: int) -> None:
    if not response:
        hang(lines, "", Text("no response recorded", style="dim"), indent)
        return
    from learnkit.knowledge.actions import RESPONSE_LABELS

    said = response.get("response", "")
    line = Text("Response: ", style="dim")
    line.append(RESPONSE_LABELS.get(said, said), style=RESPONSE_STYLES.get(said, "bold"))
    if response.get("date"):
        line.append(f", {response['date']}", style="dim")
    if response.get("reason"):
        line.append(". Reason: ", style="dim")
        line.append(response["reason"])
    hang(lines, "", line, indent)
    if response.get("outcome") or response.get("measure"):
        line = Text("")
        if response.get("outcome"):
            line.append("Outcome: ", style="dim")
            line.append(response["outcome"])
        if response.get("measure"):
            line.append(("; " if response.get("outcome") else "") + "measured by: ", style="dim")
            line.append(response["measure"])
        hang(lines, "", line, indent)


def _action(lines: list[Text], action: dict[str, Any], indent: int) -> None:
    """An action: its RAG by colour and by word, id and text; then owner, dates, status; its last note."""
    from learnkit.output.actions import rag_piece

    word, style = rag_piece(str(action.get("rag", "")))
    head = Text(word, style=style) + Text(" ") + Text(str(action["id"]), style="cyan") + Text("  ")
    head.append(str(action.get("text", "")))
    inner = indent + len(word) + 1
    hang(lines, "", head, indent)
    facts = Text(str(action.get("owner", "")) + (f" ({action['lead']})" if action.get("lead") else ""))
    facts.append(f" · due {action.get('due') or 'no date'}", style="dim")
    if action.get("review"):
        facts.append(f" · review {action['review']}", style="dim")
    facts.append(f" · {str(action.get('status', '')).replace('-', ' ')}", style="dim")
    if action.get("overdue"):
        facts.append(" · OVERDUE", style="bold red")
    if action.get("rag_overridden"):
        facts.append(f" · RAG set by hand: {action.get('rag_reason', '')}", style="dim")
    kept = [
        counted(len(action.get(key) or []), what)
        for key, what in (("evidence", "piece of evidence"), ("impact", "piece of impact evidence"))
        if action.get(key)
    ]
    if kept:
        facts.append(" · " + ", ".join(kept), style="dim")
    hang(lines, "", facts, inner)
    notes = action.get("notes") or []
    if notes:
        last = notes[-1]
        note = Text(f"latest note {last.get('date', '')}: ", style="dim") + Text(str(last.get("text", "")))
        hang(lines, "", note, inner)


def _plan(lines: list[Text], slug: str, plan: Sequence[dict[str, Any]]) -> None:
    """The recommendations numbered as ``actions respond`` takes them, each with its response and actions."""
    if not plan:
        return
    heading(lines, "Recommendations")
    tracked = any(rec.get("response") or rec.get("actions") for rec in plan)
    indent = len(str(max(int(rec["number"]) for rec in plan))) + 2
    for rec in plan:
        text = Text(rec.get("text") or "(no longer in the record)", style="" if rec.get("text") else "dim")
        text.append(_where(rec), style="dim italic")
        hang(lines, Text(f"{rec['number']}.", style="bold"), text, indent)
        if tracked:
            _response(lines, rec.get("response"), indent)
        for action in rec.get("actions") or ():
            _action(lines, action, indent)
    if not tracked:
        hint = f"No response recorded yet: learnkit actions respond {slug} N accepted|partly|not-accepted"
        hang(lines, "", Text(hint, style="dim"), 0)
    lines.append(Text(""))


def show(
    record: Record,
    themes: dict[str, Theme],
    related: Sequence[tuple[str, str | None]],
    evidence: bool = False,
    similar: Sequence[tuple[str, str, str]] = (),
    statuses: dict[str, str] | None = None,
    plan: Sequence[dict[str, Any]] | None = None,
) -> None:
    """One record; its recommendations from ``plan`` (with responses and actions) when given."""
    lines: list[Text] = []
    statuses = statuses or {}
    hang(lines, "", Text(record.title, style="bold"), 0)
    lines.append(Text("─" * min(width(), max(len(record.title), 20)), style="dim"))

    def read(name: str, value: Text) -> Text:
        # A field read from the document's text says so, and with --evidence the line it came from.
        said = record.detected.get(name)
        if said:
            value.append("  detected" + (f" ({said})" if evidence else ""), style="dim")
        return value

    rows: list[tuple[str, Text | str]] = [
        ("Record", Text(record.slug, style="green")),
        ("Kind", read("kind", Text(record.kind))),
        ("Date", read("date", Text(record.date or "undated"))),
    ]
    for label, value in (("Area", record.area), ("Publisher", record.publisher), ("Source", record.source)):
        if value:
            rows.append((label, read(label.lower(), Text(value))))
    rows.append(("Status", read("status", Text(record.status, style="bold red" if record.private else ""))))
    if "title" in record.detected:
        rows.append(("Title", read("title", Text("from the document", style="dim"))))
    fields(lines, rows)
    lines.append(Text(""))
    if record.summary:
        heading(lines, "Summary")
        note_text = " (extracted from its text; check it)" if record.summary_extracted else ""
        hang(lines, "", Text(record.summary) + Text(note_text, style="dim italic"), 0)
        lines.append(Text(""))
    if record.themes:
        heading(lines, "Themes")
        for tag in record.themes:
            theme = themes.get(tag.id)
            line = Text(theme.label if theme else tag.id, style="cyan")
            line.append(f"  {tag.origin}", style="dim")
            # An evidence item's count is how often its document mentions the theme: each document once.
            per_document = {ev.document: ev.count for ev in tag.evidence}
            if tag.origin != "manual" and per_document:
                total = sum(per_document.values())
                line.append(f" ({counted(total, 'mention')})", style="dim")
            hang(lines, "• ", line, 2)
            if evidence and tag.evidence:
                for document, count in per_document.items():
                    said = Text(f"{document}: {counted(count, 'mention')}", style="dim")
                    hang(lines, "", said, 4)
                    for ev in (e for e in tag.evidence if e.document == document):
                        quote = Text(f"“{ev.sentence}”", style="italic")
                        hang(lines, "", Text(f"p. {ev.page}: ", style="dim") + quote, 6)
        lines.append(Text(""))
    if record.rejected_themes:
        rejected = ", ".join(themes[t].label if t in themes else t for t in record.rejected_themes)
        hang(lines, "", Text("Rejected themes: ", style="dim") + Text(rejected), 2)
        lines.append(Text(""))
    for title, points in (("Learning", record.learning), ("Good practice", record.good_practice)):
        _points(lines, title, points)
    if plan is None:
        _points(lines, "Recommendations", record.recommendations)
    else:
        _plan(lines, record.slug, plan)
    if related:
        heading(lines, "Related")
        for slug, other in related:
            hang(lines, "• ", _marked(slug, statuses) + Text(f"  {other or '(not in this library)'}"), 2)
        lines.append(Text(""))
    if similar:
        heading(lines, "Similar records")
        for slug, title, reason in similar:
            hang(lines, "• ", _marked(slug, statuses) + Text(f"  {title}") + Text(f"  ({reason})", "dim"), 2)
        lines.append(Text(""))
    if record.documents:
        heading(lines, "Documents")
        for doc in record.documents:
            line = Text(doc.name)
            line.append(
                f"  {counted(doc.pages, 'page')}, {counted(doc.chars, 'character')}, {doc.status}",
                style="dim",
            )
            if doc.error:
                line.append(f" ({doc.error})", style="yellow")
            hang(lines, "• ", line, 2)
    while lines and not lines[-1].plain:
        lines.pop()
    emit(lines)


def page_text(record: Record, pages: Sequence[tuple[str, int, str]]) -> None:
    """A record's extracted text, page by page."""
    if not pages:
        print_line(Text(f"{record.slug} has no extracted text (no documents with a text layer)."))
        return
    for doc_name, number, text in pages:
        out().rule(Text(f"{doc_name}, page {number}", style="dim"))
        print_line(Text(text))


_MIN_THEME_BAR = 5


def themes(
    rows: Sequence[tuple[Theme, int]],
    groups: Sequence[tuple[str, list[Theme]]],
    open_actions: dict[str, int] | None = None,
) -> None:
    """Every theme by group with its count of records (and, given ``open_actions``, of open actions)."""
    counts = {t.id: n for t, n in rows}
    top = max(counts.values(), default=0) or 1
    members = [t for _, ts in groups for t in ts]
    # Ids are what people type into other commands: last on the line and never cut. On a narrow
    # screen the bars give way first (down to a few cells: the count is beside them), then the labels.
    id_width = max((len(t.id) for t in members), default=2)
    count_width = max(len("Records"), len(str(top)))
    longest = max((len(t.label) for t in members), default=5) + 2
    # Labels as long as most are (an odd long one may be cut rather than shrink every bar).
    usual = sorted(len(t.label) + 2 for t in members)[(len(members) * 19) // 20] if members else longest
    room = width() - id_width - count_width - 4
    acting, acting_width = "Open actions", 0
    if open_actions is not None:
        # The column's name is shortened on a screen too narrow for it beside labels and bars.
        if room - len(acting) - 1 - usual < _MIN_THEME_BAR:
            acting = "Open"
        acting_width = max(len(acting), len(str(max(open_actions.values(), default=0))))
        room -= acting_width + 1
    cells = max(_MIN_THEME_BAR, min(16, room - usual))
    label_width = min(longest, max(room - cells, 16))
    header = f"{'Theme':<{label_width}} {'Records':>{count_width}} "
    if open_actions is not None:
        header += f"{acting:>{acting_width}} "
    lines = [Text(header + f"{'':<{cells}}  Id", style="bold")]
    for group, theme_list in groups:
        lines.append(Text(group.capitalize(), style="bold underline"))
        for theme in sorted(theme_list, key=lambda t: (-counts.get(t.id, 0), t.label)):
            n = counts.get(theme.id, 0)
            line = cell("  " + theme.label, label_width) + f" {n:>{count_width}} "
            if open_actions is not None:
                waiting = open_actions.get(theme.id, 0)
                line.append(f"{waiting:>{acting_width}} ", style="bold" if waiting else "dim")
            line.append_text(cell(bar(n, top, cells), cells))
            line.append("  " + theme.id, style="dim")
            lines.append(line)
    used = sum(1 for n in counts.values() if n)
    summary = f"{len(counts)} themes, {used} used by at least one record"
    if open_actions is not None:
        summary += f", {sum(1 for t in counts if open_actions.get(t))} with open actions"
    hang(lines, "", Text(summary + ". Details: learnkit themes THEME", style="dim"), 0)
    emit(lines)


def theme(theme: Theme, records: Sequence[dict[str, Any]], labels: dict[str, str]) -> None:
    lines: list[Text] = []
    hang(lines, "", Text(theme.label, style="bold"), 0)
    lines.append(Text("─" * min(width(), max(len(theme.label), 20)), style="dim"))
    fields(
        lines,
        [
            ("Id", Text(theme.id, style="green")),
            ("Group", theme.group),
            ("About", Text(theme.description)),
            ("Also", Text(", ".join(theme.aliases))),
        ],
    )
    lines.append(Text(""))
    emit(lines)
    records_table(records, labels, title=f"Records with theme '{theme.label}'")


def path(info: dict[str, Any]) -> None:
    print_line(Text(info["library"], style="bold"))
    for entry in info["files"]:
        if not entry["exists"]:
            detail = "not yet created"
        elif "files" in entry:
            detail = counted(entry["files"], "file")
            if "bytes" in entry:
                detail += f", {entry['bytes']:,} bytes"
        else:
            detail = f"{entry['bytes']:,} bytes"
        print_line(Text(f"  {entry['name']:<18} ") + Text(detail, style="dim"))


def import_result(result: Any) -> None:
    for slug in result.added:
        print_line(Text("added    ", style="green") + Text(slug))
    for slug in result.updated:
        print_line(Text("updated  ", style="cyan") + Text(slug))
    for file, message in result.failed:
        said = message if file in message else f"{file}: {message}"
        message_line(Text("failed   ", style="red"), said)
    print_line(
        Text(
            f"{len(result.added)} added, {len(result.updated)} updated, {len(result.failed)} failed",
            style="dim",
        )
    )
