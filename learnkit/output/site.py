"""The "Learning from cases and audits" website: every page as HTML text, and the search index as a script.

:func:`render_site` takes what :mod:`learnkit.operations.site` gathered (a
:class:`SiteContent`) and returns each file of the site by its path relative to
the site's folder: the home page (local learning by kind, then national
learning, as a partnership's hand-kept page is laid out), a page per record, a
page per theme with its 7-minute briefing, the themes' index, what's new, the
search page, the style sheet and scripts (from ``site_assets``) and the search
index, a script that sets one global (a page opened from ``file://`` may load a
script but not fetch a JSON file).

Pages link to each other by relative paths and load nothing from elsewhere, so
the folder works on a shared drive and behind any web server. Every text that
comes from a record is HTML-escaped with its control characters stripped. No
page carries the time it was made: a page is the same text while its record
is, so rebuilding rewrites only what changed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from learnkit.knowledge.brief import KIND_NAMES, Brief
from learnkit.models import Record, Theme, counted
from learnkit.reading.pages import split_sentences

ASSETS = ("site.css", "search.js")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Kinds a partnership lists under "Local learning", in the order of the page learnkit began from.
KIND_ORDER = (
    "multi-agency-audit",
    "learning-review",
    "case-file-audit",
    "serious-case-review",
    "safeguarding-practice-review",
    "rapid-review",
    "child-practice-review",
    "thematic-review",
    "learning-briefing",
    "presentation",
    "thematic-briefing",
    "framework",
)
STATUS_NOTES = {
    "briefing-only": "The full report was not published; the learning briefing was.",
    "referenced": "The report itself is not held here; this is what is recorded about it.",
    "withdrawn": "Withdrawn by its publisher.",
    "restricted": "Restricted: not for publication.",
    "unpublished": "Unpublished: not for publication.",
}


@dataclass(repr=False, eq=False)
class DocumentLink:
    """A record's document as the site lists it; ``href`` is set when the PDF is copied into the site."""

    name: str
    size: int
    pages: int
    href: str = ""


@dataclass(repr=False, eq=False)
class SiteContent:
    """Everything the site shows, already chosen: only records the site may show are here."""

    title: str
    records: list[Record]
    themes: list[tuple[Theme, list[Record]]]  # every theme of the taxonomy, with its records here
    briefs: dict[str, Brief]  # theme id -> its 7-minute briefing
    plans: dict[str, list[dict[str, Any]]]  # slug -> recommendations with responses and actions
    changed: dict[str, tuple[str, str]]  # slug -> (ISO date, "added" or "changed")
    documents: dict[str, list[DocumentLink]]
    restricted: bool = False  # the site includes restricted and unpublished records
    logo: str = ""  # the logo's path in the site, if any


def clean(text: str) -> str:
    """Text from a record, safe in HTML: control characters stripped, markup characters escaped."""
    return html.escape(_CONTROL.sub("", text), quote=True)


def kind_name(kind: str, plural: bool = False) -> str:
    names = KIND_NAMES.get(kind, (kind.replace("-", " "), kind.replace("-", " ") + "s"))
    name = names[1] if plural else names[0]
    return name[0].upper() + name[1:]


def summary_line(record: Record) -> str:
    """The record's first summary sentence: the line a listing shows under its title."""
    text = _CONTROL.sub("", record.summary).strip()
    sentences = split_sentences(text)
    return sentences[0] if sentences else text[:240]


def is_national(record: Record) -> bool:
    return record.area.strip().lower() == "national"


def record_path(slug: str) -> str:
    return f"records/{slug}.html"


def theme_path(theme_id: str) -> str:
    return f"themes/{theme_id}.html"


def date_text(date: str) -> str:
    """``2019-03-05`` as "5 March 2019", ``2019-03`` as "March 2019", a period as "from ... to ..."."""
    if "/" in date:
        start, end = date.split("/", 1)
        return f"{date_text(start)} to {date_text(end)}"
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


def size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{round(size / 1_000)} KB"
    return counted(size, "byte")


class _Page:
    """One page being written: its depth in the folder (for relative links) and its lines."""

    def __init__(self, site: SiteContent, path: str, title: str) -> None:
        self.site = site
        self.path = path
        self.root = "../" * path.count("/")
        self.title = title
        self.lines: list[str] = []

    def link(self, target: str, text: str, cls: str = "") -> str:
        attr = f' class="{cls}"' if cls else ""
        return f'<a href="{self.root}{target}"{attr}>{clean(text)}</a>'

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def text(self, scripts: Sequence[str] = (), search_box: bool = True) -> str:
        site, root = self.site, self.root
        head = [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="learnkit">',
            f"<title>{clean(self.title)} - {clean(site.title)}</title>",
            f'<link rel="stylesheet" href="{root}assets/site.css">',
            "</head>",
            "<body>",
            '<a class="skip" href="#main">Skip to main content</a>',
        ]
        if site.restricted:
            head.append(
                '<div class="restricted" role="note"><strong>Not for publication.</strong> This site '
                "includes restricted and unpublished records: keep it to those entitled to see them.</div>"
            )
        head.append('<header class="site"><div class="wrap">')
        brand = clean(site.title)
        if site.logo:
            brand = f'<img src="{root}{site.logo}" alt="" class="logo"> {brand}'
        head.append(f'<a class="brand" href="{root}index.html">{brand}</a>')
        nav = [("index.html", "Home"), ("themes.html", "Themes"), ("new.html", "What's new")]
        nav.append(("search.html", "Search"))
        current = ' aria-current="page"'
        items = "".join(
            f'<li><a href="{root}{href}"{current if href == self.path else ""}>{label}</a></li>'
            for href, label in nav
        )
        head.append(f'<nav aria-label="Site"><ul>{items}</ul></nav>')
        if search_box:
            head.append(
                f'<form class="search" role="search" aria-label="Search the site" action="{root}search.html"'
                ' method="get"><label for="site-q">Search the learning</label>'
                '<input id="site-q" name="q" type="search" autocomplete="off">'
                '<button type="submit">Search</button></form>'
            )
        head.append("</div></header>")
        head.append('<main id="main" tabindex="-1"><div class="wrap">')
        foot = [
            "</div></main>",
            '<footer class="site"><div class="wrap">',
            f"<p>{clean(site.title)}: {clean(counted(len(site.records), 'record'))} of learning from case "
            "reviews and audits, published with learnkit.</p>",
            "</div></footer>",
        ]
        foot.extend(f'<script src="{root}assets/{name}"></script>' for name in scripts)
        foot.extend(["</body>", "</html>"])
        return "\n".join([*head, *self.lines, *foot]) + "\n"


def _listing(page: _Page, records: Iterable[Record], heading: str = "h3") -> None:
    """Records as the seed page lists them: the title as a link, what it is, its summary line."""
    page.add('<ul class="records">')
    for record in records:
        facts = [kind_name(record.kind)]
        if record.date:
            facts.append(date_text(record.date))
        if record.area:
            facts.append(record.area)
        page.add(
            f"<li><{heading}>{page.link(record_path(record.slug), record.title)}</{heading}>"
            f'<p class="facts">{clean(", ".join(facts))}</p>'
            + (f"<p>{clean(summary_line(record))}</p>" if record.summary else "")
            + "</li>"
        )
    page.add("</ul>")


def _newest(records: Iterable[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (r.date[:10] if r.date else "", r.title), reverse=True)


def home(site: SiteContent) -> str:
    page = _Page(site, "index.html", "Home")
    page.add(f"<h1>{clean(site.title)}</h1>")
    page.add(
        "<p>What local case reviews and multi-agency audits found, what worked well and what should change, "
        "and the national learning from case reviews. Each entry says what it is; follow its title for the "
        "learning, the themes and the documents.</p>"
    )
    frameworks = [r for r in site.records if r.kind == "framework"]
    if frameworks:
        page.add('<h2 id="framework">How we learn</h2>')
        _listing(page, _newest(frameworks))
    local = [r for r in site.records if not is_national(r) and r.kind != "framework"]
    national = [r for r in site.records if is_national(r) and r.kind != "framework"]
    page.add('<h2 id="local">Local learning</h2>')
    if not local:
        page.add("<p>No local learning is in the library yet.</p>")
    order = {kind: n for n, kind in enumerate(KIND_ORDER)}
    for kind in sorted({r.kind for r in local}, key=lambda k: (order.get(k, len(order)), k)):
        page.add(f'<h3 id="kind-{clean(kind)}">{clean(kind_name(kind, plural=True))}</h3>')
        _listing(page, _newest(r for r in local if r.kind == kind), "h4")
    page.add('<h2 id="national">National learning</h2>')
    if national:
        _listing(page, _newest(national))
    else:
        page.add("<p>No national learning is in the library yet.</p>")
    page.add(
        f"<p>{page.link('themes.html', 'Browse the learning by theme')} or see "
        f"{page.link('new.html', 'what is new in the library')}.</p>"
    )
    return page.text()


def _theme_links(page: _Page, site: SiteContent, record: Record) -> None:
    labels = {theme.id: theme for theme, members in site.themes if members}
    page.add('<h2 id="themes">Themes</h2>')
    if not record.themes:
        page.add("<p>No themes are recorded for this yet.</p>")
        return
    page.add('<ul class="themes">')
    for tag in record.themes:
        theme = labels.get(tag.id)
        name = page.link(theme_path(tag.id), theme.label) if theme else clean(tag.id)
        how = {"manual": "given by a person", "detected": "found in the text", "confirmed": "confirmed"}
        line = f'<li>{name} <span class="origin">({clean(how.get(tag.origin, tag.origin))})</span>'
        if tag.evidence:
            label = theme.label if theme else tag.id
            line += f"<details><summary>Evidence for {clean(label)}</summary><ul>"
            for found in tag.evidence:
                line += (
                    f"<li><q>{clean(found.sentence)}</q> "
                    f'<span class="where">({clean(found.document)}, page {found.page})</span></li>'
                )
            line += "</ul></details>"
        page.add(line + "</li>")
    page.add("</ul>")


def _points(page: _Page, heading: str, anchor: str, points: Sequence[Any], empty: str) -> None:
    page.add(f'<h2 id="{anchor}">{heading}</h2>')
    if not points:
        page.add(f'<p class="empty">{empty}</p>')
        return
    page.add("<ul>")
    page.add(*(f"<li>{clean(p.text)}</li>" for p in points))
    page.add("</ul>")


def _plan(page: _Page, plan: list[dict[str, Any]]) -> None:
    page.add('<h2 id="recommendations">Recommendations</h2>')
    if not plan:
        page.add('<p class="empty">No recommendations are recorded for this yet.</p>')
        return
    page.add('<ol class="plan">')
    for rec in plan:
        item = [f"<li><p>{clean(rec.get('text') or '(recommendation no longer in the record)')}</p>"]
        response = rec.get("response")
        if response:
            said = str(response.get("response", "")).replace("-", " ")
            reason = str(response.get("reason", ""))
            item.append(
                f'<p class="response"><strong>Response:</strong> {clean(said.capitalize())}'
                + (f": {clean(reason)}" if reason else "")
                + "</p>"
            )
        open_actions = [
            a for a in rec.get("actions", []) if a.get("status") not in ("complete", "not-achieved")
        ]
        if open_actions:
            item.append('<p class="actions-head"><strong>Open actions</strong></p><ul class="actions">')
            for action in open_actions:
                facts = [str(action.get("status", "")).replace("-", " ")]
                if action.get("owner"):
                    facts.append(f"owner {action['owner']}")
                if action.get("due"):
                    facts.append(f"due {date_text(str(action['due']))}")
                if action.get("overdue"):
                    facts.append("overdue")
                item.append(
                    f"<li>{clean(str(action.get('text', '')))} <span>({clean(', '.join(facts))})</span></li>"
                )
            item.append("</ul>")
        page.add("".join(item) + "</li>")
    page.add("</ol>")


def record_page(site: SiteContent, record: Record, shown: set[str]) -> str:
    page = _Page(site, record_path(record.slug), record.title)
    page.add(f"<h1>{clean(record.title)}</h1>")
    facts = [("Kind", kind_name(record.kind))]
    if record.date:
        facts.append(("Date", date_text(record.date)))
    if record.area:
        facts.append(("Area", record.area))
    if record.publisher:
        facts.append(("Published by", record.publisher))
    page.add('<dl class="facts">')
    page.add(*(f"<dt>{clean(k)}</dt><dd>{clean(v)}</dd>" for k, v in facts))
    page.add("</dl>")
    if record.status in STATUS_NOTES:
        page.add(f'<p class="status">{clean(STATUS_NOTES[record.status])}</p>')
    page.add('<h2 id="summary">Summary</h2>')
    page.add(f"<p>{clean(record.summary)}</p>" if record.summary else '<p class="empty">No summary yet.</p>')
    _theme_links(page, site, record)
    _points(page, "Learning", "learning", record.learning, "No learning is recorded for this yet.")
    _points(page, "Good practice", "good-practice", record.good_practice, "No good practice is recorded yet.")
    _plan(page, site.plans.get(record.slug, []))
    documents = site.documents.get(record.slug, [])
    page.add('<h2 id="documents">Documents</h2>')
    if documents:
        page.add('<ul class="documents">')
        for doc in documents:
            facts_text = f"PDF, {size_text(doc.size)}, {counted(doc.pages, 'page')}"
            if doc.href:
                page.add(f"<li>{page.link(doc.href, f'Download {doc.name} ({facts_text})')}</li>")
            else:
                page.add(f"<li>{clean(doc.name)} ({clean(facts_text)})</li>")
        page.add("</ul>")
    else:
        page.add('<p class="empty">No document is held for this.</p>')
    related = [slug for slug in record.related if slug in shown]
    titles = {r.slug: r.title for r in site.records}
    if related or record.source:
        page.add('<h2 id="more">More</h2><ul>')
        page.add(*(f"<li>Related: {page.link(record_path(s), titles[s])}</li>" for s in related))
        if record.source.startswith(("https://", "http://")):
            page.add(
                f'<li><a href="{clean(record.source)}" rel="external noopener">'
                f"{clean(record.title)} on its publisher's website</a></li>"
            )
        page.add("</ul>")
    return page.text()


def _brief(page: _Page, brief: Brief) -> None:
    page.add('<section class="brief" aria-labelledby="brief">')
    page.add(f'<h2 id="brief">{clean(brief.heading)}</h2>')
    titles = {s.slug: f"{s.title}, {s.year}" for s in brief.sources}
    for section in brief.sections:
        page.add(f"<h3>{section.number}. {clean(section.title)}</h3>")
        if section.lead:
            page.add(f"<p>{clean(section.lead)}</p>")
        if not section.points:
            page.add(f'<p class="empty">{clean(section.empty)}</p>')
            continue
        page.add("<ul>")
        for point in section.points:
            cite = page.link(record_path(point.source), titles.get(point.source, point.source))
            page.add(f'<li>{clean(point.text)} <span class="cite">({cite})</span></li>')
        page.add("</ul>")
    page.add("<h3>Questions for reflection</h3><ol>")
    page.add(*(f"<li>{clean(q)}</li>" for q in brief.questions))
    page.add("</ol></section>")


def theme_page(site: SiteContent, theme: Theme, members: list[Record]) -> str:
    page = _Page(site, theme_path(theme.id), theme.label)
    page.add(f"<h1>{clean(theme.label)}</h1>")
    if theme.description:
        page.add(f'<p class="lede">{clean(theme.description)}</p>')
    if theme.aliases:
        page.add(f"<p>Also called: {clean(', '.join(theme.aliases))}.</p>")
    page.add(f'<h2 id="records">Records ({len(members)})</h2>')
    _listing(page, _newest(members))
    brief = site.briefs.get(theme.id)
    if brief is not None:
        _brief(page, brief)
    return page.text()


def themes_index(site: SiteContent) -> str:
    page = _Page(site, "themes.html", "Themes")
    page.add("<h1>Themes</h1>")
    page.add("<p>The themes the learning is about, with how many records carry each.</p>")
    groups: dict[str, list[tuple[Theme, list[Record]]]] = {}
    for theme, members in site.themes:
        groups.setdefault(theme.group, []).append((theme, members))
    for group, entries in groups.items():
        page.add(f"<h2>{clean(group[0].upper() + group[1:])}</h2>")
        page.add('<ul class="theme-index">')
        for theme, members in entries:
            count = clean(counted(len(members), "record"))
            if members:
                page.add(f"<li>{page.link(theme_path(theme.id), theme.label)}: {count}</li>")
            else:
                page.add(f"<li>{clean(theme.label)}: {count}</li>")
        page.add("</ul>")
    return page.text()


def whats_new(site: SiteContent) -> str:
    page = _Page(site, "new.html", "What's new")
    page.add("<h1>What's new</h1>")
    page.add("<p>Records added or changed, newest first.</p>")
    by_slug = {r.slug: r for r in site.records}
    dated = sorted(
        ((when, slug) for slug, (when, _) in site.changed.items() if slug in by_slug), reverse=True
    )
    month = ""
    for when, slug in dated:
        this = date_text(when[:7])
        if this != month:
            if month:
                page.add("</ul>")
            page.add(f'<h2>{clean(this)}</h2><ul class="new">')
            month = this
        action = site.changed[slug][1]
        page.add(
            f"<li>{page.link(record_path(slug), by_slug[slug].title)}: {clean(action)} "
            f"{clean(date_text(when[:10]))}</li>"
        )
    if month:
        page.add("</ul>")
    rest = [r for r in site.records if r.slug not in site.changed]
    if not site.records:
        page.add('<p class="empty">Nothing is in the library yet.</p>')
    if rest:
        page.add("<h2>Earlier</h2>")
        page.add("<p>In the library before changes were recorded, newest first by their own date.</p>")
        _listing(page, _newest(rest))
    return page.text()


def search_page(site: SiteContent) -> str:
    page = _Page(site, "search.html", "Search")
    page.add("<h1>Search the learning</h1>")
    page.add(
        '<form class="search big" role="search" aria-label="Search the learning" action="search.html" '
        'method="get"><label for="q">Words or a "phrase in quotes"</label>'
        '<input id="q" name="q" type="search" autocomplete="off"><button type="submit">Search</button></form>'
    )
    page.add('<div id="results" aria-live="polite"></div>')
    page.add("<noscript><p>Search needs JavaScript; browse by theme instead.</p></noscript>")
    return page.text(scripts=("search-index.js", "search.js"), search_box=False)


def search_index(site: SiteContent) -> str:
    """The search index as a script: the records' words and the themes' names and aliases."""
    records = []
    for record in site.records:
        text = [record.title, record.summary, record.area, record.publisher, kind_name(record.kind)]
        text.extend(p.text for p in (*record.learning, *record.good_practice, *record.recommendations))
        facts = ", ".join(x for x in (kind_name(record.kind), date_text(record.date)) if x)
        records.append(
            {
                "u": record_path(record.slug),
                "t": _CONTROL.sub("", record.title),
                "f": facts,
                "s": summary_line(record),
                "x": _CONTROL.sub(" ", " ".join(text)),
                "th": record.theme_ids,
            }
        )
    themes = [
        {"id": t.id, "l": t.label, "u": theme_path(t.id), "n": [t.label, t.id.replace("-", " "), *t.aliases]}
        for t, members in site.themes
        if members
    ]
    payload = json.dumps({"records": records, "themes": themes}, ensure_ascii=True, sort_keys=True)
    return "/* learnkit search index */\nwindow.LEARNKIT_INDEX = " + payload.replace("</", "<\\/") + ";\n"


def asset(name: str) -> str:
    return resources.files("learnkit.output").joinpath("site_assets", name).read_text(encoding="utf-8")


def render(parts: dict[str, Any]) -> dict[str, str]:
    """The site from the parts :func:`learnkit.operations.site.build_site` gathers (documents as dicts)."""
    documents = {
        slug: [DocumentLink(str(d["name"]), int(d["size"]), int(d["pages"]), str(d["href"])) for d in docs]
        for slug, docs in parts["documents"].items()
    }
    return render_site(SiteContent(**{**parts, "documents": documents}))


def render_site(site: SiteContent) -> dict[str, str]:
    """Every text file of the site by its path in the site's folder."""
    shown = {r.slug for r in site.records}
    files = {
        "index.html": home(site),
        "themes.html": themes_index(site),
        "new.html": whats_new(site),
        "search.html": search_page(site),
        "assets/search-index.js": search_index(site),
    }
    for name in ASSETS:
        files[f"assets/{name}"] = asset(name)
    for record in site.records:
        files[record_path(record.slug)] = record_page(site, record, shown)
    for theme, members in site.themes:
        if members:
            files[theme_path(theme.id)] = theme_page(site, theme, members)
    return files
