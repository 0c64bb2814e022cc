"""Rich output for people: records, hits, themes, bars, accounts, errors.

Functions here take data from learnkit.operations.library and print it as lines of
text wrapped to the width with a hanging indent (see ``_hang``); colour only
on a terminal. Every piece of
record or document text goes into a ``Text`` object, never into a markup
string, so "[brackets]" in a report are shown as they are and can never be
read as Rich markup. ``--json`` output does not come through here.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.text import Text

from learnkit.models import MARK_END, MARK_START, PRIVATE_STATUSES, Record, Theme, counted

out = Console(highlight=False, soft_wrap=False)
# Measured once: Rich asks the terminal (three system calls) every time the width is read, and the
# layout reads it for every line: 0.15 s of `list` at 2,000 records. A command is over before anyone
# resizes their terminal.
out.width = out.width
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
    err.print(Text("warning: ", style="yellow") + Text(message), soft_wrap=True)  # one line, as error()


def note(message: str) -> None:
    err.print(Text(message, style="dim"), soft_wrap=True)  # one line, as error()


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


# Layout. Output is built from lines of Text, wrapped here to the console's width with a hanging
# indent, and printed in one call: no Rich tables or panels. They cost a command a fifth of its
# start-up to import and lay out, and at 80 columns (any pipe) they squeezed titles into slivers
# and cut the slugs and theme ids that people copy into the next command.


def _hang(lines: list[Text], prefix: Text | str, body: Text | str, indent: int) -> None:
    """``prefix`` then ``body`` wrapped to the width, every line after the first indented.

    A prefix wider than the indent goes on a line of its own, so nothing is cut.
    """
    head = prefix if isinstance(prefix, Text) else Text(prefix)
    text = body if isinstance(body, Text) else Text(body)
    width = max(out.width - indent, 20)
    plain = text.plain
    if "\n" not in plain and text.cell_len <= width:
        wrapped = [text]  # fits: most lines do, and wrapping is the costly part of printing
    elif "\n" not in plain and "\t" not in plain and (plain.isascii() or text.cell_len == len(plain)):
        wrapped = _wrap_ascii(text, width)  # every character one column wide: breaks only at spaces
    else:
        wrapped = [line.copy() for line in text.wrap(out, width)] if plain else [Text("")]
        for line in wrapped:
            line.rstrip()
    pad = Text(" " * indent)
    if head.cell_len > indent:
        lines.append(head)
        lines.extend(pad + line for line in wrapped)
        return
    head = head + " " * (indent - head.cell_len)
    lines.append(head + wrapped[0])
    lines.extend(pad + line for line in wrapped[1:])


_WORD = re.compile(r"\S+")


def _wrap_ascii(text: Text, width: int) -> list[Text]:
    """Text of one-column characters (ASCII, and most others) cut between words into lines of ``width``.

    What Rich's Text.wrap does for such text, in a third of the time (it measures
    every character's cells; here a character is one cell). A word longer than a
    line (a file's path, a web address) is not cut, as Rich would fold it: it goes
    whole on a line of its own, so that it can still be copied.
    """
    plain = text.plain
    breaks: list[int] = []
    start = 0
    for match in _WORD.finditer(plain):
        begin, end = match.span()
        if end - start > width and begin > start:
            breaks.append(begin)
            start = begin
    lines = list(text.divide(breaks))
    for line in lines:
        line.rstrip()
    return lines


def _cell(value: Text | str, width: int, pad: bool = True) -> Text:
    """A value cut to a column's width (with an ellipsis), and padded to it unless ``pad`` is false."""
    text = value.copy() if isinstance(value, Text) else Text(value)
    if text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    if pad:
        text.align("left", width)
    return text


def _emit(lines: list[Text]) -> None:
    """Print lines already fitted to the width, in one call.

    Where no style can show (a pipe, a file, a dumb terminal: Rich has no colour
    system) the lines' plain text is what Rich would write, so it is written
    directly: Rich's rendering is a tenth of `show`'s time. Text objects have
    already had control characters taken out. Rich's own path is kept whenever
    Rich may be recording or capturing the output, and for a tab.
    """
    if not lines:
        return
    if out.color_system is None and not out.record and not getattr(out, "_buffer_index", 1):
        plain = "\n".join([line.plain for line in lines])
        if "\t" not in plain:  # Rich expands tabs to its tab stops
            file = out.file
            file.write(plain + "\n")
            file.flush()
            return
    out.print(Text("\n").join(lines), soft_wrap=True)


def _heading(lines: list[Text], title: str) -> None:
    lines.append(Text(title, style="bold underline"))


def search(result: Any, labels: dict[str, str]) -> None:
    if result.documents_skipped:
        note: list[Text] = []
        words = "Only records' own fields were searched: documents' text is indexed without common words"
        words += " such as the, of and a, and those are all this search looks for."
        _hang(note, "", Text(words, style="dim"), 0)
        _emit(note)
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
    matched = "1 record matches" if result.count == 1 else f"{result.count} records match"
    title = Text(f"{matched} '{result.query}'", "bold")
    if result.count > len(result.hits):
        title.append(f" (best {len(result.hits)} shown)")
    lines = [title]
    indent = len(str(len(result.hits))) + 2
    for rank, hit in enumerate(result.hits, start=1):
        lines.append(Text(""))
        _hang(lines, Text(f"{rank}.", style="dim"), Text(hit.title, style="bold"), indent)
        about = Text(hit.slug, style="green")
        about.append(f"  {hit.kind}" + (f", {hit.date[:4]}" if hit.date else ""), style="dim")
        if hit.themes:
            about.append("  ")
            about.append_text(_themes_text(hit.themes, labels, limit=3))
        _hang(lines, "", about, indent)
        snip = snippet(hit.snippet)
        if hit.page is not None:
            snip = Text(f"{hit.document}, p. {hit.page}: ", style="dim") + snip
        _hang(lines, "", snip, indent)
    _emit(lines)


def records_table(records: Sequence[dict[str, Any]], labels: dict[str, str], title: str = "") -> None:
    """Records, two lines each: the title; then slug, kind, date, status and as many themes as fit."""
    if not records:
        out.print(Text("No records match."))
        return
    lines: list[Text] = [Text(title, style="bold")] if title else []
    width = out.width
    for r in records:
        _hang(lines, "", Text(r["title"], style="bold"), 0)
        # The slug is what people copy into other commands: never cut (a long one wraps whole).
        about = Text(r["slug"], style="green")
        about.append(f"  {r['kind']}, {r['date'] or 'undated'}", style="dim")
        status = r["status"]
        about.append(f", {status}", style="bold red" if status in PRIVATE_STATUSES else "dim")
        room = width - 2 - about.cell_len - 2
        if r["themes"] and room >= 12:
            about.append("  ")
            about.append_text(_cell(_themes_text(r["themes"], labels, limit=3), room, pad=False))
        _hang(lines, "", about, 2)
    lines.append(Text(counted(len(records), "record"), style="dim"))
    _emit(lines)


def _points(lines: list[Text], title: str, points: Sequence[Any]) -> None:
    if not points:
        return
    _heading(lines, title)
    for p in points:
        line = Text(p.text)
        if p.extracted:
            where = f" (extracted from {p.document}" + (f", p. {p.page}" if p.page else "") + "; check it)"
            line.append(where, style="dim italic")
        _hang(lines, "• ", line, 2)
    lines.append(Text(""))


def _fields(lines: list[Text], rows: Sequence[tuple[str, Text | str]]) -> None:
    """Label and value pairs, the values lined up."""
    indent = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        _hang(lines, Text(label, style="dim"), value, indent)


def show(
    record: Record,
    themes: dict[str, Theme],
    related: Sequence[tuple[str, str | None]],
    evidence: bool = False,
    similar: Sequence[tuple[str, str, str]] = (),
) -> None:
    lines: list[Text] = []
    _hang(lines, "", Text(record.title, style="bold"), 0)
    lines.append(Text("─" * min(out.width, max(len(record.title), 20)), style="dim"))

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
    _fields(lines, rows)
    lines.append(Text(""))
    if record.summary:
        _heading(lines, "Summary")
        note_text = " (extracted from its text; check it)" if record.summary_extracted else ""
        _hang(lines, "", Text(record.summary) + Text(note_text, style="dim italic"), 0)
        lines.append(Text(""))
    if record.themes:
        _heading(lines, "Themes")
        for tag in record.themes:
            theme = themes.get(tag.id)
            line = Text(theme.label if theme else tag.id, style="cyan")
            line.append(f"  {tag.origin}", style="dim")
            # An evidence item's count is how often its document mentions the theme: each document once.
            per_document = {ev.document: ev.count for ev in tag.evidence}
            if tag.origin == "detected" and per_document:
                total = sum(per_document.values())
                line.append(f" ({counted(total, 'mention')})", style="dim")
            _hang(lines, "• ", line, 2)
            if evidence and tag.evidence:
                for document, count in per_document.items():
                    said = Text(f"{document}: {counted(count, 'mention')}", style="dim")
                    _hang(lines, "", said, 4)
                    for ev in (e for e in tag.evidence if e.document == document):
                        quote = Text(f"“{ev.sentence}”", style="italic")
                        _hang(lines, "", Text(f"p. {ev.page}: ", style="dim") + quote, 6)
        lines.append(Text(""))
    for title, points in (
        ("Learning", record.learning),
        ("Good practice", record.good_practice),
        ("Recommendations", record.recommendations),
    ):
        _points(lines, title, points)
    if related:
        _heading(lines, "Related")
        for slug, other in related:
            _hang(lines, "• ", Text(slug, style="green") + Text(f"  {other or '(not in this library)'}"), 2)
        lines.append(Text(""))
    if similar:
        _heading(lines, "Similar records")
        for slug, title, reason in similar:
            _hang(
                lines, "• ", Text(slug, style="green") + Text(f"  {title}") + Text(f"  ({reason})", "dim"), 2
            )
        lines.append(Text(""))
    if record.documents:
        _heading(lines, "Documents")
        for doc in record.documents:
            line = Text(doc.name)
            line.append(
                f"  {counted(doc.pages, 'page')}, {counted(doc.chars, 'character')}, {doc.status}",
                style="dim",
            )
            if doc.error:
                line.append(f" ({doc.error})", style="yellow")
            _hang(lines, "• ", line, 2)
    while lines and not lines[-1].plain:
        lines.pop()
    _emit(lines)


def page_text(record: Record, pages: Sequence[tuple[str, int, str]]) -> None:
    """A record's extracted text, page by page."""
    if not pages:
        out.print(Text(f"{record.slug} has no extracted text (no documents with a text layer)."))
        return
    for doc_name, number, text in pages:
        out.rule(Text(f"{doc_name}, page {number}", style="dim"))
        out.print(Text(text))


def _bar_width(used: int) -> int:
    """How wide a bar may be after ``used`` columns: up to 24, and at least 4."""
    return max(4, min(24, out.width - used - 1))


_MIN_THEME_BAR = 5


def themes(rows: Sequence[tuple[Theme, int]], groups: Sequence[tuple[str, list[Theme]]]) -> None:
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
    room = out.width - id_width - count_width - 4
    bar = max(_MIN_THEME_BAR, min(16, room - usual))
    label_width = min(longest, max(room - bar, 16))
    header = f"{'Theme':<{label_width}} {'Records':>{count_width}} {'':<{bar}}  Id"
    lines = [Text(header, style="bold")]
    for group, theme_list in groups:
        lines.append(Text(group.capitalize(), style="bold underline"))
        for theme in sorted(theme_list, key=lambda t: (-counts.get(t.id, 0), t.label)):
            n = counts.get(theme.id, 0)
            line = _cell("  " + theme.label, label_width) + f" {n:>{count_width}} "
            line.append_text(_cell(_bar(n, top, bar), bar))
            line.append("  " + theme.id, style="dim")
            lines.append(line)
    used = sum(1 for n in counts.values() if n)
    lines.append(
        Text(
            f"{len(counts)} themes, {used} used by at least one record. Details: learnkit themes THEME",
            style="dim",
        )
    )
    _emit(lines)


def theme(theme: Theme, records: Sequence[dict[str, Any]], labels: dict[str, str]) -> None:
    lines: list[Text] = []
    _hang(lines, "", Text(theme.label, style="bold"), 0)
    lines.append(Text("─" * min(out.width, max(len(theme.label), 20)), style="dim"))
    _fields(
        lines,
        [
            ("Id", Text(theme.id, style="green")),
            ("Group", theme.group),
            ("About", Text(theme.description)),
            ("Also", Text(", ".join(theme.aliases))),
        ],
    )
    lines.append(Text(""))
    _emit(lines)
    records_table(records, labels, title=f"Records with theme '{theme.label}'")


def path(info: dict[str, Any]) -> None:
    out.print(Text(info["library"], style="bold"))
    for entry in info["files"]:
        if not entry["exists"]:
            detail = "not yet created"
        elif "files" in entry:
            detail = counted(entry["files"], "file")
            if "bytes" in entry:
                detail += f", {entry['bytes']:,} bytes"
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


class _NoProgress:
    """What ``progress`` gives when stderr is not a terminal: takes the updates, shows nothing."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, description: str, total: float | None = None) -> int:
        return 0

    def update(self, task: int, **fields: Any) -> None:
        return None


def progress(description: str) -> Any:
    """A progress bar on stderr; nothing (and no Rich progress machinery loaded) when it is not a terminal."""
    if not sys.stderr.isatty():
        return _NoProgress()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
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
    lines: list[Text] = []
    if rows:
        indent = max(o.cell_len for o, _ in rows) + 2
        for outcome, detail in rows:
            _hang(lines, outcome, detail, indent)
    summary = (
        f"{len(result.added)} added, {len(result.duplicates)} already present, {len(result.failed)} failed"
    )
    lines.append(Text(summary, style="bold red" if result.failed else "dim"))
    _emit(lines)


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
    lines = [Text(f"Themes by {by}{focus} ({counted(data['records'], 'record')})", style="bold")]
    if data.get("theme"):
        # One theme: one bar per key, with how many of that key's records carry it.
        key_width = max(max(len(e["key"]) for e in series), len(by))
        lines.append(Text(f"{by.capitalize():<{key_width}} {'Records':>7} {'With theme':>10}", style="dim"))
        bar = _bar_width(key_width + 20)
        for entry in series:
            count = sum(t["count"] for t in entry["themes"])
            line = _cell(entry["key"], key_width) + f" {entry['total']:>7} {count:>10} "
            line.append_text(_bar(count, top, bar))
            lines.append(line)
    else:
        shown_themes = [t for e in series for t in e["themes"][:per_key]]
        label_width = min(max((len(t["label"]) for t in shown_themes), default=5) + 2, out.width // 2)
        count_width = len(str(top))
        bar = _bar_width(label_width + count_width + 2)
        for entry in series:
            total = entry["total"]
            lines.append(Text(entry["key"], style="bold") + Text(f"  {counted(total, 'record')}", "dim"))
            shown = entry["themes"][:per_key]
            for theme in shown:
                line = _cell("  " + theme["label"], label_width) + f" {theme['count']:>{count_width}} "
                line.append_text(_bar(theme["count"], top, bar))
                lines.append(line)
            more = len(entry["themes"]) - len(shown)
            if more:
                lines.append(Text(f"  +{counted(more, 'more theme')}", style="dim"))
    pairs = data["cooccurrence"][:10]
    if pairs:
        lines.extend([Text(""), Text("Themes found together on one record", style="bold")])
        top_pair = pairs[0]["count"]
        labels = [" + ".join(pair["labels"]) for pair in pairs]
        label_width = min(max(len(label) for label in labels) + 2, out.width // 2 + 10)
        count_width = len(str(top_pair))
        bar = _bar_width(label_width + count_width + 2)
        for pair, label in zip(pairs, labels, strict=True):
            line = _cell("  " + label, label_width) + f" {pair['count']:>{count_width}} "
            line.append_text(_bar(pair["count"], top_pair, bar))
            lines.append(line)
    trio = data["toxic_trio"]
    lines.append(Text(""))
    line = Text("Toxic trio ", style="bold") + Text(f"({', '.join(trio['labels'])}): ", style="dim")
    line.append(counted(trio["count"], "record"))
    if trio["records"]:
        line.append(" (" + ", ".join(trio["records"]) + ")", style="green")
    if trio["two_of_three"]:
        line.append(f"; {trio['two_of_three']} more with two of the three", style="dim")
    _hang(lines, "", line, 0)
    _emit(lines)


def related(slug: str, title: str, results: Sequence[dict[str, Any]]) -> None:
    """The records most like one record, each with why."""
    heading = Text("Records like ", style="dim") + Text(title, style="bold") + Text(f" ({slug})", "green")
    lines: list[Text] = []
    _hang(lines, "", heading, 0)
    if not results:
        lines.append(Text("No similar records: it shares no themes and little wording with the others."))
        _emit(lines)
        return
    indent = len(str(len(results))) + 2
    for rank, item in enumerate(results, start=1):
        lines.append(Text(""))
        head = Text(item["slug"], style="green") + Text(f"  {item['title']}")
        head.append(f"  score {item['score']:.2f}", style="dim")
        _hang(lines, Text(f"{rank}.", style="dim"), head, indent)
        _hang(lines, "", Text(item["reason"], "dim"), indent)
    _emit(lines)


def repeats(groups: Sequence[dict[str, Any]], min_records: int) -> None:
    """Learning that recurs across records: each point once, with the records and years that give it."""
    if not groups:
        out.print(Text(f"No learning point or recommendation recurs in {min_records} or more records."))
        return
    lines: list[Text] = []
    for number, group in enumerate(groups, start=1):
        years = group["years"]
        span = ""
        if years:
            span = f", {years[0]}" if years[0] == years[-1] else f", {years[0]}–{years[-1]}"
        lines.append(Text(f"{number}. In {counted(group['count'], 'record')}{span}", style="bold"))
        _hang(lines, "", Text("“") + Text(group["text"]) + Text("”"), 3)
        for item in group["records"]:
            line = Text(item["slug"], style="green")
            line.append(f"  {item['year'] or 'undated'}, {item['list']}", style="dim")
            _hang(lines, "   • ", line, 5)
            if item["text"] != group["text"]:
                _hang(lines, "", Text("“") + Text(item["text"], style="italic") + Text("”"), 7)
        lines.append(Text(""))
    lines.append(
        Text(
            f"{counted(len(groups), 'recurring point')} "
            f"(near-identical words in {min_records} or more records)",
            style="dim",
        )
    )
    _emit(lines)
