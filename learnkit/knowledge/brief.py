"""The 7-minute briefing: the learning on one theme or one record, as a page to read or print.

Safeguarding partnerships share learning in "7-minute briefings": a one- or
two-page handout read at the start of a team meeting, with the same seven
numbered parts and questions to talk about. :func:`make_brief` builds one from
records (pure: data in, a :class:`Brief` out); :mod:`learnkit.output.briefing`
writes it out as Markdown or HTML.

    1 Background             the records' first summary sentences: who looked at what
    2 Why it matters         summary sentences that say what was at stake or why it was chosen
    3 Key information        what the reviews found: summary findings and learning stated as findings
    4 Key information        what worked well: good practice
    5 Key information        what was recommended: recommendations
    6 Things to remember     learning that more than one record says (near-identical words)
    7 What to do             learning phrased as an action ("Keep the child at the centre ...")
    Questions for reflection three generic prompts built from templates

Nothing is invented. Every point is a sentence of a record's own summary or a
point of its own learning, good practice or recommendations, unchanged, and
cites that record (slug, title, year). The numbers in a section's lead-in are
counts over the records. A section with nothing to draw on says so instead of
being padded. The questions are templates around the theme's label or a quoted
learning point, and the page says they are generic.

Restricted and unpublished records are left out unless ``include_restricted``
is given; the footer says how many were left out. Asking for a briefing on a
restricted record itself without it is refused.

Points are drawn from records in order of relevance: for a theme, records a
person tagged with it before records it was detected in, then records with
learning content before those with none, then newest first; for a record, the
record itself, then its related records. Sections take points round-robin from
that list, so one long report does not fill a section alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from learnkit.errors import InvalidError
from learnkit.knowledge.themes import Taxonomy
from learnkit.models import Point, Record, Theme, counted
from learnkit.reading.pages import split_sentences

# How many points each section takes at most. A handout is one A4 page for a record and two for a
# theme (measured by printing the bundled library's briefings in headless Chromium, tests/test_brief.py).
LIMITS = {1: 3, 2: 3, 3: 4, 4: 3, 5: 3, 6: 3, 7: 4}
RECORD_LIMITS = {1: 2, 2: 2, 3: 3, 4: 2, 5: 2, 6: 2, 7: 3}
# A point longer than this is passed over while shorter ones are left: a handout is read in minutes.
LONG_POINT = 320

# A sentence that says what harm was done or risked: why the subject matters.
_HARM_RE = re.compile(
    r"\b(?:harm|died|death|dead|killed|injur|abuse|abused|suffer|danger|fatal|starv|malnourish|"
    r"exploit|at risk|risk of|impact on|effect on|effects on|damag|trauma|distress|wellbeing|well-being)",
    re.IGNORECASE,
)
# A sentence that says why the subject was chosen or looked at.
_WHY_RE = re.compile(
    r"\b(?:matters?|important|significant|because|chose|chosen|key focus|priorit|recur|repeated|"
    r"again and again|fell below|threshold)\b",
    re.IGNORECASE,
)
# A sentence that is a finding.
_FOUND_RE = re.compile(
    r"\b(?:show|found|find|identif|highlight|struggl|hard|difficult|missed|fail|lack|gap|poor|strength|"
    r"weak|inconsisten|did not|not always|rarely|too often|conclu|reveal|noted|observed|evidence|"
    r"worked well)",
    re.IGNORECASE,
)
# A sentence that says what the document is ("A review of ...", "The serious case review into ...",
# "One of four joint audits ..."): background, not a finding or a reason, whatever words it holds.
_DESCRIBES_RE = re.compile(
    r"^(?:(?:the|this|a|an|one of(?: the)?(?: \w+)?)\s+)(?:[\w'-]+\s+){0,6}?"
    r"(?:review|reviews|audit|audits|report|briefing|briefings|presentation|framework|inquiry|study|"
    r"overview|summary|evaluation)\b"
    r"(?:\s+(?:of|into|concerning|about|by|for|on|in|known|looking|carried|commissioned|published|"
    r"undertaken|led|held|was commissioned|was carried|was published)\b|,|$)",
    re.IGNORECASE,
)
# A learning point phrased as an action: it starts with an instruction or says what someone should do.
_ACTION_TEXT = (
    "keep be do don't dont consider ensure make use ask check record share think listen look seek "
    "challenge escalate recognise recognize remember avoid talk see speak assess identify involve "
    "include plan review follow refer understand work focus take give support engage apply explore "
    "establish maintain never always continue develop improve provide agree notify inform attend "
    "capture gather hold put set act analyse analyze respond visit observe question test clarify "
    "document report train"
)
_ACTION_START = frozenset(_ACTION_TEXT.split())
# A summary sentence about the document itself ("The published summary sets out ..."), not a finding.
_META_RE = re.compile(r"\b(?:sets out|summarises|summarizes|describes|is one of)\b", re.IGNORECASE)
_ACTION_RE = re.compile(r"\b(?:should|must|needs? to|ought to|make sure)\b", re.IGNORECASE)

KIND_NAMES = {
    "serious-case-review": ("serious case review", "serious case reviews"),
    "safeguarding-practice-review": ("safeguarding practice review", "safeguarding practice reviews"),
    "learning-review": ("learning review", "learning reviews"),
    "multi-agency-audit": ("multi-agency audit", "multi-agency audits"),
    "case-file-audit": ("case file audit", "case file audits"),
    "learning-briefing": ("learning briefing", "learning briefings"),
    "thematic-briefing": ("thematic briefing", "thematic briefings"),
    "presentation": ("presentation", "presentations"),
    "framework": ("framework", "frameworks"),
}

TITLES = {
    1: "Background",
    2: "Why it matters",
    3: "Key information: what the reviews found",
    4: "Key information: what worked well",
    5: "Key information: what was recommended",
    6: "Things to remember",
    7: "What to do",
}

EMPTY = {
    1: "No summary is recorded for these records yet.",
    2: "Nothing is recorded yet on why this matters.",
    3: "No recorded learning on this yet.",
    4: "No good practice is recorded on this yet.",
    5: "No recommendations are recorded on this yet.",
    6: "No learning point recurs across these records yet.",
    7: "No recorded learning on this says what to do yet.",
}


@dataclass(frozen=True)
class Source:
    """A record a briefing draws on, as its citation shows it."""

    slug: str
    title: str
    kind: str
    year: str  # "2015", or "undated"
    area: str = ""
    status: str = "published"

    @property
    def citation(self) -> str:
        return f"{self.title} ({self.slug}, {self.year})"


@dataclass(frozen=True)
class Logo:
    """An image to show on the briefing: its bytes and their media type (image/png, jpeg or svg+xml)."""

    data: bytes
    media_type: str


@dataclass
class BriefPoint:
    """One point of a section: a record's own words and the slug of that record."""

    text: str
    source: str
    extracted: bool = False  # pulled out of a PDF by learnkit; a person should check it
    also: list[str] = field(default_factory=list)  # other records that say the same (section 6)


@dataclass
class BriefSection:
    number: int
    title: str
    points: list[BriefPoint] = field(default_factory=list)
    lead: str = ""  # counts and facts about the records, not quoted text
    empty: str = ""  # what to say when there are no points


@dataclass
class Brief:
    """A 7-minute briefing: seven numbered sections, three questions, and its sources."""

    subject: str  # the theme's label or the record's title
    subject_type: str  # "theme" or "record"
    subject_id: str  # theme id or record slug
    generated: str  # ISO date
    about: str  # the theme's description (from the taxonomy) or the record's facts
    sections: list[BriefSection]
    questions: list[str]
    sources: list[Source]  # every record the briefing draws on, in relevance order
    related: list[tuple[str, str]] = field(default_factory=list)  # (slug, title) for "see also"
    left_out: int = 0  # restricted or unpublished records left out
    include_restricted: bool = False
    by: str = ""  # the partnership that hands it out, shown under the heading
    logo: Logo | None = None  # the partnership's logo, shown beside the heading
    since: int | None = None  # only records dated in or after this year were drawn on
    older: int = 0  # records left out as dated before ``since`` (or undated)

    @property
    def about_label(self) -> str:
        return "About this theme" if self.subject_type == "theme" else "About this record"

    @property
    def heading(self) -> str:
        return f"7-minute briefing: {self.subject}"

    def number(self, slug: str) -> int:
        """The number a citation of this record shows: its place in the reference list (:meth:`cited`)."""
        return next(n for n, s in enumerate(self.cited(), start=1) if s.slug == slug)

    def source(self, slug: str) -> Source:
        return next(s for s in self.sources if s.slug == slug)

    def cited(self) -> list[Source]:
        """The sources at least one point cites, in relevance order."""
        slugs = {slug for s in self.sections for p in s.points for slug in (p.source, *p.also)}
        return [s for s in self.sources if s.slug in slugs]

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "generated": self.generated,
            "about": self.about,
            "sections": [
                {
                    "number": s.number,
                    "title": s.title,
                    "lead": s.lead,
                    "empty": s.empty if not s.points else "",
                    "points": [
                        {"text": p.text, "source": p.source, "extracted": p.extracted, "also": list(p.also)}
                        for p in s.points
                    ],
                }
                for s in self.sections
            ],
            "questions": list(self.questions),
            "sources": [
                {"slug": s.slug, "title": s.title, "kind": s.kind, "year": s.year, "status": s.status}
                for s in self.sources
            ],
            "related": [{"slug": slug, "title": title} for slug, title in self.related],
            "left_out": self.left_out,
            "by": self.by,
            "since": self.since,
            "older": self.older,
        }


# --------------------------------------------------------------------------- choosing content


def _year(record: Record) -> str:
    years = record.years
    if not years:
        return "undated"
    return str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}"


def _content(record: Record) -> int:
    return len(record.learning) + len(record.good_practice) + len(record.recommendations)


def _rank_for_theme(records: Sequence[Record], theme_id: str) -> list[Record]:
    def manual(record: Record) -> int:
        tag = record.theme(theme_id)
        return 0 if tag is not None and tag.origin == "manual" else 1

    # Stable sorts, least important key first: slug, amount of learning, date (newest first,
    # undated last), whether it has any learning, whether a person tagged it.
    ranked = sorted(records, key=lambda r: r.slug)
    ranked.sort(key=_content, reverse=True)
    ranked.sort(key=lambda r: r.date, reverse=True)  # ISO dates sort as text; "" (undated) comes last
    ranked.sort(key=lambda r: 0 if _content(r) else 1)
    ranked.sort(key=manual)
    return ranked


def _round_robin(per_record: Iterable[list[BriefPoint]], limit: int, used: set[str]) -> list[BriefPoint]:
    """Points taken one from each record in turn, skipping any text already used in the briefing."""
    queues = [list(points) for points in per_record]
    chosen: list[BriefPoint] = []
    while len(chosen) < limit and any(queues):
        for queue in queues:
            while queue:
                point = queue.pop(0)
                key = _norm(point.text)
                if key not in used:
                    used.add(key)
                    chosen.append(point)
                    break
            if len(chosen) >= limit:
                break
    return chosen


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _sentences(record: Record) -> list[str]:
    return split_sentences(record.summary) if record.summary else []


def is_instruction(text: str) -> bool:
    """Whether a point starts with an instruction ("Keep ...", "Re-assess ..."), whoever it is for."""
    first = re.match(r"[A-Za-z'-]+", text.strip())
    if not first:
        return False
    word = first.group().casefold()
    # "Re-audit", "Re-assess": the verb after the prefix decides.
    return word in _ACTION_START or (word.startswith("re-") and len(word) > 3)


def is_action(text: str) -> bool:
    """Whether a learning point is phrased as something to do."""
    return is_instruction(text) or bool(_ACTION_RE.search(text))


def _points(record: Record, points: Sequence[Point]) -> list[BriefPoint]:
    return [BriefPoint(" ".join(p.text.split()), record.slug, p.extracted) for p in points if p.text.strip()]


def _summary_points(record: Record, sentences: Iterable[str]) -> list[BriefPoint]:
    return [BriefPoint(s, record.slug, record.summary_extracted) for s in sentences]


def _kinds_phrase(records: Sequence[Record]) -> str:
    counts = Counter(r.kind for r in records)
    parts = [
        counted(n, *KIND_NAMES.get(kind, (kind, kind + "s")))
        for kind, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _span_phrase(records: Sequence[Record]) -> str:
    years = [y for r in records if (y := r.years) is not None]
    undated = len(records) - len(years)
    if years:
        first, last = min(y[0] for y in years), max(y[1] for y in years)
        span = f"dated {first}" if first == last else f"dated {first} to {last}"
        return span + (f" ({undated} undated)" if undated else "")
    return "all undated" if records else ""


def _lower_first(label: str) -> str:
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def make_brief(
    subject: Theme | Record,
    records: Sequence[Record],
    taxonomy: Taxonomy,
    related_titles: dict[str, str] | None = None,
    include_restricted: bool = False,
    today: dt.date | None = None,
    *,
    since: int | None = None,
    by: str = "",
) -> Brief:
    """Build the briefing on a theme (from the records with it) or a record (it and its related records).

    ``records`` are the records to draw on: for a theme, those that carry it;
    for a record, the record and its related records (the subject is added if
    missing). Restricted and unpublished ones are dropped unless
    ``include_restricted``, and counted in ``Brief.left_out``.
    ``related_titles`` (slug to title) names records to list under "see also";
    give only records the reader may see. With ``since`` (a year), only records
    dated in or after it are drawn on (a record's own briefing keeps the
    record); the others are counted in ``Brief.older``. ``by`` names the
    partnership handing it out.
    """
    today = today or dt.date.today()
    if isinstance(subject, Record) and subject.private and not include_restricted:
        raise InvalidError(
            f"record '{subject.slug}' is {subject.status}; add --include-restricted to brief on it"
        )
    pool: dict[str, Record] = {}
    if isinstance(subject, Record):
        pool[subject.slug] = subject
    for record in records:
        pool.setdefault(record.slug, record)
    private = {slug for slug, r in pool.items() if r.private}
    left_out = 0
    if not include_restricted:
        left_out = len(private)
        pool = {slug: r for slug, r in pool.items() if slug not in private}
    older = 0
    if since is not None:
        keep = {
            slug
            for slug, r in pool.items()
            if (r.years is not None and r.years[1] >= since)
            or (isinstance(subject, Record) and slug == subject.slug)
        }
        older = len(pool) - len(keep)
        pool = {slug: r for slug, r in pool.items() if slug in keep}

    if isinstance(subject, Record):
        ranked = [pool[subject.slug], *(r for slug, r in pool.items() if slug != subject.slug)]
        title, kind, subject_id = subject.title, "record", subject.slug
        about = _record_about(subject)
    else:
        ranked = _rank_for_theme(list(pool.values()), subject.id)
        title, kind, subject_id = subject.label, "theme", subject.id
        about = subject.description

    sources = [Source(r.slug, r.title, r.kind, _year(r), r.area, r.status) for r in ranked]
    sections = _sections(subject, ranked, taxonomy)
    if since is not None and isinstance(subject, Theme) and ranked:
        sections[0].lead = sections[0].lead.replace(" in this library ", f" dated {since} or later ", 1)
    what_to_do = next(s for s in sections if s.number == 7)
    action = next((p.text for p in what_to_do.points), None)
    # "See also" names records not drawn on; never one that was left out as restricted.
    hidden = set(pool) | {subject_id} | (set() if include_restricted else private)
    related = [(slug, name) for slug, name in (related_titles or {}).items() if slug not in hidden]
    return Brief(
        subject=title,
        subject_type=kind,
        subject_id=subject_id,
        generated=today.isoformat(),
        about=about,
        sections=sections,
        questions=_questions(subject, action),
        sources=sources,
        related=related,
        left_out=left_out,
        include_restricted=include_restricted,
        by=" ".join(by.split()),
        since=since,
        older=older,
    )


def _record_about(record: Record) -> str:
    kind = KIND_NAMES.get(record.kind, (record.kind, ""))[0]
    parts = [kind[0].upper() + kind[1:]]
    if record.date:
        parts.append(f"dated {record.date.replace('/', ' to ')}")
    if record.area:
        parts.append(record.area)
    text = ", ".join(parts)
    if record.publisher:
        text += f"; published by {record.publisher}"
    notes = {
        "briefing-only": "the full report was not published; this draws on the learning briefing",
        "referenced": (
            "the report itself is not held in this library; this draws on what is recorded about it"
        ),
        "restricted": "restricted: do not share beyond those entitled to see it",
        "unpublished": "unpublished: do not share beyond those entitled to see it",
        "withdrawn": "withdrawn by its publisher",
    }
    if record.status in notes:
        text += f" ({notes[record.status]})"
    return text + "."


def _describes(sentence: str) -> bool:
    """Whether a summary sentence says what the document is (background) rather than what it found."""
    return bool(_DESCRIBES_RE.search(sentence) or _META_RE.search(sentence))


def _short_first(points: list[BriefPoint]) -> list[BriefPoint]:
    """The points with the over-long ones moved to the end (kept only if nothing shorter is left)."""
    return [p for p in points if len(p.text) <= LONG_POINT] + [p for p in points if len(p.text) > LONG_POINT]


def _sections(subject: Theme | Record, ranked: list[Record], taxonomy: Taxonomy) -> list[BriefSection]:
    sections = {n: BriefSection(n, TITLES[n], empty=EMPTY[n]) for n in TITLES}
    limits = RECORD_LIMITS if isinstance(subject, Record) else LIMITS
    used: set[str] = set()
    sentences = {r.slug: _sentences(r) for r in ranked}
    described = {slug: [s for s in said if _describes(s)] for slug, said in sentences.items()}
    told = {slug: [s for s in said if not _describes(s)] for slug, said in sentences.items()}
    findings = {r.slug: [p for p in _points(r, r.learning) if not is_action(p.text)] for r in ranked}

    def take(per_record: Iterable[list[BriefPoint]], number: int) -> list[BriefPoint]:
        return _round_robin((_short_first(points) for points in per_record), limits[number], used)

    # 1. Background: the sentences that say what each record is (who looked at what, and how).
    sections[1].points = take((_summary_points(r, described[r.slug][:1]) for r in ranked), 1)
    if isinstance(subject, Theme):
        if ranked:
            verb = "has" if len(ranked) == 1 else "have"
            sections[1].lead = (
                f"{counted(len(ranked), 'record')} in this library {verb} the theme "
                f"{_lower_first(subject.label)}: {_kinds_phrase(ranked)}, {_span_phrase(ranked)}."
            )
        else:
            sections[1].lead = "No record in this library carries this theme yet."
    elif len(ranked) > 1:
        sections[1].lead = f"This briefing also draws on {counted(len(ranked) - 1, 'related record')}."

    # 6 and 7 are chosen before the others take their share, so that recurring and action points land there.
    sections[6].points = _recurring(ranked)[: limits[6]]
    for point in sections[6].points:
        used.add(_norm(point.text))
    # 7. What to do: learning phrased as something to do, then recommendations and good practice that
    # are instructions ("Use the Graded Care Profile ..."); "The board should ..." stays a recommendation.
    sections[7].points = take(
        (
            [p for p in _points(r, r.learning) if is_action(p.text)]
            + [p for p in _points(r, [*r.recommendations, *r.good_practice]) if is_instruction(p.text)]
            for r in ranked
        ),
        7,
    )

    # 2. Why it matters: the theme's description, then findings and summary sentences about harm,
    # then the reasons a record gives for looking at it.
    if isinstance(subject, Theme) and subject.description:
        sections[2].lead = subject.description
    sections[2].points = take(
        (
            [p for p in findings[r.slug] if _HARM_RE.search(p.text)]
            + _summary_points(r, [s for s in told[r.slug] if _HARM_RE.search(s)])
            + _summary_points(r, [s for s in told[r.slug] if _WHY_RE.search(s)])
            for r in ranked
        ),
        2,
    )

    # 3. What the reviews found: learning stated as a finding, then the summaries' findings.
    sections[3].points = take(
        (
            findings[r.slug] + _summary_points(r, [s for s in told[r.slug] if _FOUND_RE.search(s)])
            for r in ranked
        ),
        3,
    )
    sections[4].points = take((_points(r, r.good_practice) for r in ranked), 4)
    sections[5].points = take((_points(r, r.recommendations) for r in ranked), 5)

    # 6. Lead-in: the themes that come with this one (counted, not quoted).
    if isinstance(subject, Theme) and ranked:
        together: Counter[str] = Counter()
        for r in ranked:
            together.update(t for t in set(r.theme_ids) if t != subject.id)
        top = sorted(together.items(), key=lambda item: (-item[1], item[0]))[:3]
        if top:
            names = []
            for theme_id, n in top:
                theme = taxonomy.get(theme_id)
                names.append(f"{_lower_first(theme.label if theme else theme_id)} ({n})")
            sections[
                6
            ].lead = (
                f"In these records, {_lower_first(subject.label)} most often comes with: {', '.join(names)}."
            )
    elif isinstance(subject, Record) and subject.themes:
        labels = []
        for theme_id in subject.theme_ids:
            theme = taxonomy.get(theme_id)
            labels.append(_lower_first(theme.label if theme else theme_id))
        sections[6].lead = f"Its themes: {', '.join(labels)}."
    if not sections[7].points and sections[5].points:
        sections[7].empty = EMPTY[7] + " See the recommendations in section 5."
    return [sections[n] for n in sorted(sections)]


def _recurring(ranked: list[Record]) -> list[BriefPoint]:
    """Learning that two or more of these records give in near-identical words."""
    from learnkit.knowledge.repeats import repeats  # only briefings need it

    order = {r.slug: i for i, r in enumerate(ranked)}
    points: list[BriefPoint] = []
    for group in repeats(ranked):
        slugs = sorted((m["slug"] for m in group["records"]), key=lambda s: order[s])
        first = next(m for m in group["records"] if m["slug"] == slugs[0])
        record = ranked[order[first["slug"]]]
        extracted = any(
            p.extracted for p in (*record.learning, *record.recommendations) if p.text == first["text"]
        )
        points.append(BriefPoint(first["text"], first["slug"], extracted, slugs[1:]))
    return points


def _questions(subject: Theme | Record, action: str | None) -> list[str]:
    if isinstance(subject, Theme):
        label = _lower_first(subject.label)
        first = (
            f"Where have you met {label} in your own work, and which of the learning above do you recognise?"
        )
        second = (
            f"How does your team keep the child's daily lived experience at the centre of work on {label}?"
        )
    else:
        first = "Which of the learning from this review do you recognise in your own work?"
        second = "What would have helped the professionals involved, and would your team have it today?"
    if action:
        quoted = action if len(action) <= 200 else action[:197].rsplit(" ", 1)[0] + "…"
        first = (
            f"The records say: “{quoted}” How does your team do this in practice, and what gets in the way?"
        )
    third = "What one thing will you do differently after this briefing, and how will you know it has helped?"
    return [first, second, third]
