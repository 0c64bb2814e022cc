"""The nouns of learnkit as plain dataclasses: Record, Document, Theme, Point, Hit.

Each knows how to turn itself into a plain dict (what the store keeps and what
``--json`` prints) and back, and a record validates itself field by field so
that a malformed record file is refused with the name of the field at fault.
Nothing here does I/O.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from learnkit.errors import InvalidError

KINDS = (
    "serious-case-review",
    "safeguarding-practice-review",
    "rapid-review",
    "learning-review",
    "thematic-review",
    "child-practice-review",  # Wales
    "multi-agency-audit",
    "case-file-audit",
    "learning-briefing",
    "thematic-briefing",
    "presentation",
    "framework",
)

STATUSES = ("published", "briefing-only", "unpublished", "restricted", "withdrawn", "referenced")

# Records with these statuses never leave the library unless the user asks by name.
PRIVATE_STATUSES = frozenset({"restricted", "unpublished"})

DOCUMENT_STATUSES = ("ok", "no-text", "encrypted", "failed")

THEME_GROUPS = ("harm", "parents and household", "the child", "practice")

# manual: a person gave it; detected: found in the text; confirmed: detected, then kept by a person.
ORIGINS = ("manual", "detected", "confirmed")

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DAY = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
DATE_RE = re.compile(rf"^{_DAY}(?:/{_DAY})?$")

# Search snippets mark matched words between these control characters; render
# turns them into a style, --json into **bold**.
MARK_START, MARK_END = "\x02", "\x03"

# The list fields that hold points (learning, good practice, recommendations).
POINT_FIELDS = ("learning", "good_practice", "recommendations")


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun it counts, singular for one: "1 page", "2 pages", "1,024 characters"."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def slugify(text: str, max_words: int = 8) -> str:
    """A slug from free text: lowercase ASCII words joined by hyphens."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words]) or "record"


def date_years(date: str) -> tuple[int, int] | None:
    """The first and last year a date or period covers, or None when undated."""
    if not date:
        return None
    start, _, end = date.partition("/")
    return int(start[:4]), int((end or start)[:4])


@dataclass(eq=True)
class Evidence:
    """Why a theme was detected: where, the sentence, and how often."""

    document: str
    page: int
    sentence: str
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "page": self.page, "sentence": self.sentence, "count": self.count}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(str(data["document"]), int(data["page"]), str(data["sentence"]), int(data.get("count", 1)))


@dataclass(eq=True)
class ThemeTag:
    """A theme given to a record, by a person (manual) or found in its text (detected)."""

    id: str
    origin: str = "manual"
    evidence: list[Evidence] = field(default_factory=list)
    score: float = 0.0  # a detected theme's salience in the record's text (0 for a person's tag)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "origin": self.origin,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.score:
            data["score"] = self.score
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str) -> ThemeTag:
        if isinstance(data, str):
            return cls(data)
        return cls(
            str(data["id"]),
            str(data.get("origin", "manual")),
            [Evidence.from_dict(e) for e in data.get("evidence", [])],
            float(data.get("score", 0.0)),
        )


@dataclass(eq=True)
class Point:
    """One learning point, piece of good practice or recommendation.

    ``extracted`` marks a point that learnkit pulled out of a PDF (a person
    should check it); curated points were written by a person.
    """

    text: str
    extracted: bool = False
    number: str = ""
    document: str = ""
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str) -> Point:
        if isinstance(data, str):
            return cls(data)
        page = data.get("page")
        return cls(
            str(data["text"]),
            bool(data.get("extracted", False)),
            str(data.get("number", "")),
            str(data.get("document", "")),
            int(page) if page is not None else None,
        )


@dataclass(eq=True)
class Document:
    """A file attached to a record, identified by the SHA-256 of its bytes."""

    hash: str
    name: str
    pages: int = 0
    chars: int = 0
    status: str = "ok"
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    size: int = 0
    added: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            hash=str(data["hash"]),
            name=str(data.get("name", "")),
            pages=int(data.get("pages", 0)),
            chars=int(data.get("chars", 0)),
            status=str(data.get("status", "ok")),
            error=str(data.get("error", "")),
            warnings=[str(w) for w in data.get("warnings", [])],
            size=int(data.get("size", 0)),
            added=str(data.get("added", "")),
        )


@dataclass(eq=True)
class Record:
    """One review, audit, briefing, presentation or framework."""

    slug: str
    title: str
    kind: str
    date: str = ""
    area: str = ""
    publisher: str = ""
    status: str = "published"
    summary: str = ""
    themes: list[ThemeTag] = field(default_factory=list)
    learning: list[Point] = field(default_factory=list)
    good_practice: list[Point] = field(default_factory=list)
    recommendations: list[Point] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    source: str = ""
    documents: list[Document] = field(default_factory=list)
    summary_extracted: bool = False
    # Theme ids a person rejected: detection never gives them to this record again.
    rejected_themes: list[str] = field(default_factory=list)
    # Fields read from the document's text rather than given by a person: field -> evidence line.
    detected: dict[str, str] = field(default_factory=dict)

    @property
    def years(self) -> tuple[int, int] | None:
        return date_years(self.date)

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]

    @property
    def private(self) -> bool:
        return self.status in PRIVATE_STATUSES

    def theme(self, theme_id: str) -> ThemeTag | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "kind": self.kind,
            "date": self.date,
            "area": self.area,
            "publisher": self.publisher,
            "status": self.status,
            "summary": self.summary,
            "summary_extracted": self.summary_extracted,
            "themes": [t.to_dict() for t in self.themes],
            "learning": [p.to_dict() for p in self.learning],
            "good_practice": [p.to_dict() for p in self.good_practice],
            "recommendations": [p.to_dict() for p in self.recommendations],
            "related": list(self.related),
            "source": self.source,
            "documents": [d.to_dict() for d in self.documents],
            "rejected_themes": list(self.rejected_themes),
            "detected": dict(self.detected),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Build a record from a dict (store or record file) and validate it.

        Raises InvalidError naming the first field at fault.
        """
        return validate(data)


_FIELDS = {
    "slug",
    "title",
    "kind",
    "date",
    "area",
    "publisher",
    "status",
    "summary",
    "summary_extracted",
    "themes",
    "learning",
    "good_practice",
    "recommendations",
    "related",
    "source",
    "documents",
    "rejected_themes",
    "detected",
}


def _text(data: dict[str, Any], name: str, required: bool = False) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise InvalidError(f"field '{name}' must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise InvalidError(f"field '{name}' is required and is empty or missing")
    return value


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise InvalidError(f"field '{name}' must be a list, not {type(value).__name__}")
    return value


def validate(data: dict[str, Any]) -> Record:
    """Check a record dict field by field and return the Record.

    Theme ids are checked against the taxonomy by the caller (models knows no
    taxonomy); everything else is checked here.
    """
    if not isinstance(data, dict):
        raise InvalidError("a record must be a table of fields")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise InvalidError(f"unknown field '{unknown[0]}' (known fields: {', '.join(sorted(_FIELDS))})")
    slug = _text(data, "slug", required=True)
    if not SLUG_RE.match(slug):
        raise InvalidError(f"field 'slug' must be lowercase words joined by hyphens, got '{slug}'")
    kind = _text(data, "kind", required=True)
    if kind not in KINDS:
        raise InvalidError(f"field 'kind' must be one of {', '.join(KINDS)}; got '{kind}'")
    status = _text(data, "status") or "published"
    if status not in STATUSES:
        raise InvalidError(f"field 'status' must be one of {', '.join(STATUSES)}; got '{status}'")
    date = _text(data, "date")
    if date and not DATE_RE.match(date):
        raise InvalidError(f"field 'date' must be YYYY, YYYY-MM, YYYY-MM-DD or start/end; got '{date}'")
    if date and "/" in date:
        start, end = date.split("/")
        if end < start:
            raise InvalidError(f"field 'date' ends before it starts: '{date}'")
    try:
        themes = [ThemeTag.from_dict(t) for t in _list(data, "themes")]
        points = {name: [Point.from_dict(p) for p in _list(data, name)] for name in POINT_FIELDS}
        documents = [Document.from_dict(d) for d in _list(data, "documents")]
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidError(
            f"a theme, point or document entry is malformed ({type(exc).__name__}: {exc})"
        ) from None
    for tag in themes:
        if tag.origin not in ORIGINS:
            raise InvalidError(
                f"field 'themes': origin must be one of {', '.join(ORIGINS)}; got '{tag.origin}'"
            )
    seen: set[str] = set()
    unique_themes = []
    for tag in themes:
        if tag.id not in seen:
            seen.add(tag.id)
            unique_themes.append(tag)
    related = _list(data, "related")
    for other in related:
        if not isinstance(other, str) or not SLUG_RE.match(other):
            raise InvalidError(f"field 'related' must list slugs; got '{other}'")
    rejected = _list(data, "rejected_themes")
    if not all(isinstance(r, str) for r in rejected):
        raise InvalidError("field 'rejected_themes' must list theme ids")
    return Record(
        slug=slug,
        title=_text(data, "title", required=True),
        kind=kind,
        date=date,
        area=_text(data, "area"),
        publisher=_text(data, "publisher"),
        status=status,
        summary=_text(data, "summary"),
        summary_extracted=bool(data.get("summary_extracted", False)),
        themes=unique_themes,
        learning=points["learning"],
        good_practice=points["good_practice"],
        recommendations=points["recommendations"],
        related=[r for r in related if r != slug],
        source=_text(data, "source"),
        documents=documents,
        rejected_themes=list(dict.fromkeys(r.strip() for r in rejected if r.strip())),
        detected=_detected(data),
    )


def _detected(data: dict[str, Any]) -> dict[str, str]:
    value = data.get("detected", {})
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidError("field 'detected' must be a table of field names and evidence lines")
    return dict(value)


@dataclass(frozen=True)
class Theme:
    """An entry of the taxonomy (immutable, so it can be a key)."""

    id: str
    label: str
    group: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    prior: float = 1.0  # how often the theme turns up in passing, relative to an ordinary theme (detection)
    exclude: tuple[str, ...] = ()  # phrases holding an alias that do not name the theme ("abuse or neglect")
    implies: tuple[str, ...] = ()  # ids of the themes a document with this one also has

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "group": self.group,
            "description": self.description,
            "aliases": list(self.aliases),
            "prior": self.prior,
            "exclude": list(self.exclude),
            "implies": list(self.implies),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Theme:
        return cls(
            str(data["id"]),
            str(data["label"]),
            str(data["group"]),
            str(data.get("description", "")),
            tuple(str(a) for a in data.get("aliases", [])),
            float(data.get("prior", 1.0)),
            tuple(str(a) for a in data.get("exclude", [])),
            tuple(str(a) for a in data.get("implies", [])),
        )


@dataclass(eq=True)
class Hit:
    """One search result."""

    slug: str
    title: str
    kind: str
    date: str
    themes: list[str]
    score: float
    snippet: str
    page: int | None = None
    document: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "kind": self.kind,
            "date": self.date,
            "themes": list(self.themes),
            "score": self.score,
            "snippet": self.snippet.replace(MARK_START, "**").replace(MARK_END, "**"),
            "page": self.page,
            "document": self.document,
        }


# Control characters (C0 but tab and newline, DEL, C1) are taken out of every text a record is made of,
# on the way in: a title holding ESC[2J or an OSC 8 link, imported from a record file, would otherwise
# reach a terminal or a Markdown export. (Output takes them out of every line again.)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Deeper than a record's own fields go (record, list, entry, evidence): left as they are, for the
# validation to refuse.
_CLEAN_DEPTH = 6


def without_controls(value: Any, depth: int = 0) -> Any:
    """``value`` with control characters taken out of every text in it (dict keys and values, lists)."""
    if isinstance(value, str):
        return _CONTROL_CHARACTERS.sub("", value) if _CONTROL_CHARACTERS.search(value) else value
    if depth >= _CLEAN_DEPTH:
        return value
    if isinstance(value, dict):
        return {without_controls(k, depth + 1): without_controls(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [without_controls(v, depth + 1) for v in value]
    return value
