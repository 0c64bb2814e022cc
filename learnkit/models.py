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


# Limits on what a record file may hold: well above any real review's, low enough that a
# file cannot make one field megabytes long (every field ends up in lists and messages).
MAX_SLUG = 80
MAX_TITLE = 300
MAX_NAME = 300  # area, publisher, kind, status, document names, theme ids, timestamps
MAX_NUMBER = 20  # a point's number ("2", "4.1a")
MAX_LINE = 2_000  # a source, an error, a warning, an evidence line
MAX_TEXT = 20_000  # a summary, a point, a sentence
MAX_ITEMS = 10_000  # entries in one list
MAX_PAGE = 1_000_000
MAX_COUNT = 1_000_000_000
MAX_SIZE = 1 << 50  # bytes or characters of one document

_HASH_RE = re.compile(r"^[0-9a-f]{64}$")


def is_hash(value: str) -> bool:
    """Whether ``value`` is a document hash: 64 lowercase hex digits (never a path)."""
    return bool(_HASH_RE.match(value))


def _at(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _shown(value: str) -> str:
    """A value for an error message: quoted, cut short, control characters shown as escapes."""
    cut = value if len(value) <= 60 else value[:57] + "..."
    return ascii(cut) if any(not c.isprintable() for c in cut) else f"'{cut}'"


def _kind_of(value: Any) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def _table(data: Any, where: str, what: str = "a table of fields") -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InvalidError(f"field '{where}' must be {what}, not {_kind_of(data)}")
    return data


def _known(table: dict[str, Any], where: str, names: tuple[str, ...]) -> None:
    unknown = sorted(str(k) for k in table if k not in names)
    if unknown:
        raise InvalidError(
            f"field '{where}' has unknown key {_shown(unknown[0])} (known: {', '.join(names)})"
        )


def _checked_text(value: Any, where: str, limit: int, required: bool = False, strip: bool = True) -> str:
    if not isinstance(value, str):
        raise InvalidError(f"field '{where}' must be text, not {_kind_of(value)}")
    text = (value.strip() if strip else value) if isinstance(value, str) else ""
    if required and not text:
        raise InvalidError(f"field '{where}' is required and is empty or missing")
    if len(text) > limit:
        raise InvalidError(f"field '{where}' is {len(text):,} characters long; at most {limit:,} are allowed")
    return text


def _str(table: dict[str, Any], name: str, where: str, limit: int, required: bool = False) -> str:
    """A text field; a record's own fields are stripped, its entries' (``where`` set) kept as given."""
    if required and where and name not in table:
        raise InvalidError(f"field '{_at(where, name)}' is required and is missing")
    return _checked_text(
        table.get(name, ""), _at(where, name), limit, required and not where, strip=not where
    )


def _int(
    table: dict[str, Any],
    name: str,
    where: str,
    default: int = 0,
    required: bool = False,
    low: int = 0,
    high: int = MAX_COUNT,
) -> int:
    if required and name not in table:
        raise InvalidError(f"field '{_at(where, name)}' is required and is missing")
    value = table.get(name, default)
    # A bool is an int to Python, and 1e400 is a float (inf) to JSON: neither is a count.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidError(f"field '{_at(where, name)}' must be a whole number, not {_kind_of(value)}")
    if not low <= value <= high:
        raise InvalidError(f"field '{_at(where, name)}' must be from {low:,} to {high:,}")
    return value


def _score(table: dict[str, Any], name: str, where: str) -> float:
    """A finite, non-negative number (a detected theme's salience); 0 when absent."""
    value = table.get(name, 0.0)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidError(f"field '{_at(where, name)}' must be a number, not {_kind_of(value)}")
    if not 0 <= value <= MAX_SIZE:  # also refuses nan and inf
        raise InvalidError(f"field '{_at(where, name)}' must be a number from 0 to {MAX_SIZE:,}")
    return float(value)


def _bool(table: dict[str, Any], name: str, where: str) -> bool:
    value = table.get(name, False)
    if not isinstance(value, bool):
        raise InvalidError(f"field '{_at(where, name)}' must be true or false, not {_kind_of(value)}")
    return value


def _items(table: dict[str, Any], name: str, where: str) -> list[Any]:
    value = table.get(name, [])
    if not isinstance(value, list):
        raise InvalidError(f"field '{_at(where, name)}' must be a list, not {_kind_of(value)}")
    if len(value) > MAX_ITEMS:
        raise InvalidError(
            f"field '{_at(where, name)}' has {len(value):,} entries; at most {MAX_ITEMS:,} are allowed"
        )
    return value


def _theme_id(value: Any, where: str) -> str:
    text = _checked_text(value, where, MAX_NAME, required=True)
    if not SLUG_RE.match(text):
        raise InvalidError(f"field '{where}' must be a theme id (lowercase words joined by hyphens)")
    return text


def _real_day(day: str) -> bool:
    """Whether a YYYY, YYYY-MM or YYYY-MM-DD (already matched by DATE_RE) is a day the calendar has."""
    import calendar

    parts = [int(p) for p in day.split("-")]
    if len(parts) < 3:
        return True
    year, month, number = parts
    return number <= calendar.monthrange(year, month)[1]


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
    def from_dict(cls, data: dict[str, Any], where: str = "evidence") -> Evidence:
        """An evidence entry from a dict; InvalidError naming ``where`` and the field at fault."""
        table = _table(data, where)
        _known(table, where, ("document", "page", "sentence", "count"))
        return cls(
            _str(table, "document", where, MAX_NAME, required=True),
            _int(table, "page", where, required=True, low=1, high=MAX_PAGE),
            _str(table, "sentence", where, MAX_TEXT, required=True),
            _int(table, "count", where, default=1, low=1, high=MAX_COUNT),
        )


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
    def from_dict(cls, data: dict[str, Any] | str, where: str = "themes") -> ThemeTag:
        """A theme tag from a theme id or a dict; InvalidError naming ``where`` and the field at fault."""
        if isinstance(data, str):
            return cls(_theme_id(data, where))
        table = _table(data, where, "a theme id or a table with 'id'")
        _known(table, where, ("id", "origin", "evidence", "score"))
        if "id" not in table:
            raise InvalidError(f"field '{where}.id' is required and is missing")
        origin = _str(table, "origin", where, MAX_NAME) or "manual"
        if origin not in ORIGINS:
            raise InvalidError(
                f"field '{where}.origin' must be one of {', '.join(ORIGINS)}; got {_shown(origin)}"
            )
        evidence = _items(table, "evidence", where)
        return cls(
            _theme_id(table["id"], f"{where}.id"),
            origin,
            [Evidence.from_dict(e, f"{where}.evidence[{n}]") for n, e in enumerate(evidence)],
            _score(table, "score", where),
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
    def from_dict(cls, data: dict[str, Any] | str, where: str = "point") -> Point:
        """A point from its text or a dict; InvalidError naming ``where`` and the field at fault."""
        if isinstance(data, str):
            return cls(_checked_text(data, where, MAX_TEXT, strip=False))
        table = _table(data, where, "text or a table with 'text'")
        _known(table, where, ("text", "extracted", "number", "document", "page"))
        page = table.get("page")
        return cls(
            _str(table, "text", where, MAX_TEXT, required=True),
            _bool(table, "extracted", where),
            _str(table, "number", where, MAX_NUMBER),
            _str(table, "document", where, MAX_NAME),
            None if page is None else _int(table, "page", where, low=1, high=MAX_PAGE),
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
    def from_dict(cls, data: dict[str, Any], where: str = "document") -> Document:
        """A document from a dict; InvalidError naming ``where`` and the field at fault.

        The hash becomes a file name in the library, so it is 64 lowercase hex
        digits (a SHA-256) or refused: never a path.
        """
        table = _table(data, where)
        _known(
            table, where, ("hash", "name", "pages", "chars", "status", "error", "warnings", "size", "added")
        )
        if "hash" not in table:
            raise InvalidError(f"field '{where}.hash' is required and is missing")
        digest = table["hash"]
        if not isinstance(digest, str) or not is_hash(digest):
            raise InvalidError(f"field '{where}.hash' must be 64 lowercase hex digits (a SHA-256)")
        status = _str(table, "status", where, MAX_NAME) or "ok"
        if status not in DOCUMENT_STATUSES:
            raise InvalidError(
                f"field '{where}.status' must be one of {', '.join(DOCUMENT_STATUSES)}; got {_shown(status)}"
            )
        warnings = _items(table, "warnings", where)
        return cls(
            hash=digest,
            name=_str(table, "name", where, MAX_NAME),
            pages=_int(table, "pages", where, high=MAX_PAGE),
            chars=_int(table, "chars", where, high=MAX_SIZE),
            status=status,
            error=_str(table, "error", where, MAX_LINE),
            warnings=[_checked_text(w, f"{where}.warnings[{n}]", MAX_LINE) for n, w in enumerate(warnings)],
            size=_int(table, "size", where, high=MAX_SIZE),
            added=_str(table, "added", where, MAX_NAME),
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


def validate(data: dict[str, Any]) -> Record:
    """Check a record dict field by field, by type and range, and return the Record.

    Raises InvalidError naming the first field at fault (``learning[2].page``).
    Theme ids are checked against the taxonomy by the caller (models knows no
    taxonomy); everything else is checked here.
    """
    if not isinstance(data, dict):
        raise InvalidError("a record must be a table of fields")
    unknown = sorted(str(k) for k in set(data) - _FIELDS)
    if unknown:
        raise InvalidError(f"unknown field {_shown(unknown[0])} (known fields: {', '.join(sorted(_FIELDS))})")
    slug = _str(data, "slug", "", MAX_SLUG, required=True)
    if not SLUG_RE.match(slug):
        raise InvalidError(f"field 'slug' must be lowercase words joined by hyphens, got {_shown(slug)}")
    kind = _str(data, "kind", "", MAX_NAME, required=True)
    if kind not in KINDS:
        raise InvalidError(f"field 'kind' must be one of {', '.join(KINDS)}; got {_shown(kind)}")
    status = _str(data, "status", "", MAX_NAME) or "published"
    if status not in STATUSES:
        raise InvalidError(f"field 'status' must be one of {', '.join(STATUSES)}; got {_shown(status)}")
    date = _str(data, "date", "", MAX_NAME)
    if date and not DATE_RE.match(date):
        raise InvalidError(f"field 'date' must be YYYY, YYYY-MM, YYYY-MM-DD or start/end; got {_shown(date)}")
    if date and not all(_real_day(day) for day in date.split("/")):
        raise InvalidError(f"field 'date' names a day the calendar does not have: {_shown(date)}")
    if date and "/" in date:
        start, end = date.split("/")
        if end < start:
            raise InvalidError(f"field 'date' ends before it starts: {_shown(date)}")
    themes = [ThemeTag.from_dict(t, f"themes[{n}]") for n, t in enumerate(_items(data, "themes", ""))]
    points = {
        name: [Point.from_dict(p, f"{name}[{n}]") for n, p in enumerate(_items(data, name, ""))]
        for name in POINT_FIELDS
    }
    documents = [
        Document.from_dict(d, f"documents[{n}]") for n, d in enumerate(_items(data, "documents", ""))
    ]
    seen: set[str] = set()
    unique_themes = []
    for tag in themes:
        if tag.id not in seen:
            seen.add(tag.id)
            unique_themes.append(tag)
    related = [_checked_text(r, f"related[{n}]", MAX_SLUG) for n, r in enumerate(_items(data, "related", ""))]
    for other in related:
        if not SLUG_RE.match(other):
            raise InvalidError(f"field 'related' must list slugs; got {_shown(other)}")
    rejected = [
        _theme_id(r, f"rejected_themes[{n}]") for n, r in enumerate(_items(data, "rejected_themes", ""))
    ]
    return Record(
        slug=slug,
        title=_str(data, "title", "", MAX_TITLE, required=True),
        kind=kind,
        date=date,
        area=_str(data, "area", "", MAX_NAME),
        publisher=_str(data, "publisher", "", MAX_NAME),
        status=status,
        summary=_str(data, "summary", "", MAX_TEXT),
        summary_extracted=_bool(data, "summary_extracted", ""),
        themes=unique_themes,
        learning=points["learning"],
        good_practice=points["good_practice"],
        recommendations=points["recommendations"],
        related=list(dict.fromkeys(r for r in related if r != slug)),
        source=_str(data, "source", "", MAX_LINE),
        documents=documents,
        rejected_themes=list(dict.fromkeys(rejected)),
        detected=_detected(data),
    )


def _detected(data: dict[str, Any]) -> dict[str, str]:
    value = data.get("detected", {})
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidError("field 'detected' must be a table of field names and evidence lines")
    if len(value) > 100 or any(len(k) > MAX_NAME or len(v) > MAX_LINE for k, v in value.items()):
        raise InvalidError(
            f"field 'detected' holds too much: evidence lines are at most {MAX_LINE:,} characters"
        )
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
    # Why it matched a query that names a theme: "tagged" with it, "named" (its label or an alias as a
    # phrase in the record's text), or "words" (the words as typed, as for any other query).
    matched: str = "words"

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
            "matched": self.matched,
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
