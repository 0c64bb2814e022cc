"""What's new, laid out to paste into an e-mail or a newsletter: plain text, Markdown or one HTML page.

The content is chosen by ``learnkit.operations.digest.digest``; here it is
only written out, under a heading per theme, each record with its kind, year,
slug and what changed. Every piece of a record's text is escaped in Markdown
and HTML, so it is shown exactly as written.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import TYPE_CHECKING

from learnkit.errors import InvalidError
from learnkit.knowledge.brief import KIND_NAMES
from learnkit.models import counted

if TYPE_CHECKING:
    from learnkit.knowledge.whatsnew import Digest, Entry

_MD_SPECIAL = ("\\", "`", "*", "_", "[", "]", "<", ">", "#", "|")


def _md(text: str) -> str:
    for ch in _MD_SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return text


def heading(digest: Digest) -> str:
    if not digest.since:
        return "What's new: everything in the library"
    day, _, clock = digest.since.partition("T")
    return f"What's new since {day}" + (f" {clock[:5]}" if clock[:8] not in ("", "00:00:00") else "")


def _kind(entry: Entry) -> str:
    return KIND_NAMES.get(entry.kind, (entry.kind.replace("-", " "), ""))[0]


def _facts(entry: Entry) -> str:
    parts = [_kind(entry), entry.year]
    if entry.status != "published":
        parts.append(entry.status)
    return ", ".join(parts)


def _changed(entry: Entry) -> str:
    return "; ".join(dict.fromkeys(c.what for c in entry.changes))


def _footer(digest: Digest) -> Iterator[str]:
    yield (
        f"{counted(digest.count, 'record')} added or changed, made by learnkit on {digest.until[:10]}"
        + (f", limited to the saved search '{digest.search}'" if digest.search else "")
        + ". See any record with: learnkit show SLUG"
    )
    if digest.left_out:
        yield (
            f"{counted(digest.left_out, 'restricted or unpublished record')} left out "
            "(learnkit new --include-restricted includes them)."
        )
    elif digest.include_restricted:
        yield "This digest may include restricted or unpublished records: share it only with those entitled."


def to_text(digest: Digest) -> str:
    """Plain text with a line of '=' under the heading and '-' under each theme: what e-mail shows best."""
    title = heading(digest)
    lines = [title, "=" * len(title), ""]
    if not digest.groups and not digest.removed:
        lines += ["Nothing was added or changed.", ""]
    for theme, entries in digest.groups:
        lines += [theme, "-" * len(theme)]
        for entry in entries:
            lines.append(f"* {entry.title} ({_facts(entry)}) [{entry.slug}]")
            lines.append(f"  {_changed(entry)}")
        lines.append("")
    if digest.removed:
        lines += ["Removed", "-------", *(f"* {slug}" for slug in digest.removed), ""]
    lines += list(_footer(digest))
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(digest: Digest) -> str:
    lines = [f"# {_md(heading(digest))}", ""]
    if not digest.groups and not digest.removed:
        lines += ["Nothing was added or changed.", ""]
    for theme, entries in digest.groups:
        lines += [f"## {_md(theme)}", ""]
        for entry in entries:
            lines.append(
                f"- **{_md(entry.title)}** ({_md(_facts(entry))}, `{entry.slug}`): {_md(_changed(entry))}"
            )
        lines.append("")
    if digest.removed:
        lines += ["## Removed", "", *(f"- `{slug}`" for slug in digest.removed), ""]
    lines += [f"*{_md(line)}*  " for line in _footer(digest)]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { margin: 0 auto; max-width: 46rem; padding: 1rem; color: #1d1d1f; background: #fff;
  font: 11pt/1.45 "Segoe UI", Helvetica, Arial, sans-serif; }
h1 { font-size: 1.5rem; color: #173f63; border-bottom: 3px solid #2b5d8a; padding-bottom: .3rem; }
h2 { font-size: 1.1rem; color: #173f63; margin: 1rem 0 .3rem; }
ul { padding-left: 1.2rem; margin: 0; }
li { margin: .2rem 0; }
.facts { color: #5b6770; }
.what { display: block; }
footer { border-top: 1px solid #c9d6e3; margin-top: 1rem; font-size: .85rem; color: #333; }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def to_html(digest: Digest) -> str:
    """One self-contained HTML page (inline CSS, nothing fetched): paste it into a newsletter."""
    title = heading(digest)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_e(title)}</h1>",
    ]
    if not digest.groups and not digest.removed:
        out.append("<p>Nothing was added or changed.</p>")
    for theme, entries in digest.groups:
        out.append(f"<h2>{_e(theme)}</h2>")
        out.append("<ul>")
        for entry in entries:
            out.append(
                f"<li><strong>{_e(entry.title)}</strong> "
                f'<span class="facts">({_e(_facts(entry))}, <code>{_e(entry.slug)}</code>)</span>'
                f'<span class="what">{_e(_changed(entry))}</span></li>'
            )
        out.append("</ul>")
    if digest.removed:
        out.append("<h2>Removed</h2>")
        out.append("<ul>" + "".join(f"<li><code>{_e(slug)}</code></li>" for slug in digest.removed) + "</ul>")
    out.append("</main>")
    out.append("<footer>" + "".join(f"<p>{_e(line)}</p>" for line in _footer(digest)) + "</footer>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def render(digest: Digest) -> str:
    """The digest in its format (text, markdown or html)."""
    if digest.fmt == "text":
        return to_text(digest)
    if digest.fmt == "markdown":
        return to_markdown(digest)
    if digest.fmt == "html":
        return to_html(digest)
    raise InvalidError(f"unknown format '{digest.fmt}'; use text, markdown or html")
