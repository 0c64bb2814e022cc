"""The nouns of learnkit as plain classes: Record, Document, Theme, Point, Hit.

Each knows how to turn itself into a plain dict (what the store keeps and what
``--json`` prints) and back, and a record validates itself field by field so
that a malformed record file is refused with the name of the field at fault.
Nothing here does I/O.
"""

from __future__ import annotations

import re
from typing import Any

from learnkit.errors import InvalidError

KINDS = (
    "serious-case-review",
    "safeguarding-practice-review",
    "learning-review",
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

ORIGINS = ("manual", "detected")

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


class _Value:
    """Equality and a readable repr from ``_fields``, for the plain classes below.

    They are written out by hand rather than made with ``@dataclass``: a
    dataclass is generated (and compiled) afresh in every process, which cost
    every command some 3 ms of its start-up for these seven.
    """

    _fields: tuple[str, ...] = ()
    # Defining __eq__ makes instances unhashable, as mutable values should be (Theme restores it).

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._fields)

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{self.__class__.__name__}({inner})"


class Evidence(_Value):
    """Why a theme was detected: where, the sentence, and how often."""

    _fields = ("document", "page", "sentence", "count")

    def __init__(self, document: str, page: int, sentence: str, count: int = 1) -> None:
        self.document = document
        self.page = page
        self.sentence = sentence
        self.count = count

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "page": self.page, "sentence": self.sentence, "count": self.count}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(str(data["document"]), int(data["page"]), str(data["sentence"]), int(data.get("count", 1)))


class ThemeTag(_Value):
    """A theme given to a record, by a person (manual) or found in its text (detected)."""

    _fields = ("id", "origin", "evidence")

    def __init__(self, id: str, origin: str = "manual", evidence: list[Evidence] | None = None) -> None:  # noqa: A002
        self.id = id
        self.origin = origin
        self.evidence: list[Evidence] = evidence if evidence is not None else []

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "origin": self.origin, "evidence": [e.to_dict() for e in self.evidence]}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str) -> ThemeTag:
        if isinstance(data, str):
            return cls(data)
        return cls(
            str(data["id"]),
            str(data.get("origin", "manual")),
            [Evidence.from_dict(e) for e in data.get("evidence", [])],
        )


class Point(_Value):
    """One learning point, piece of good practice or recommendation.

    ``extracted`` marks a point that learnkit pulled out of a PDF (a person
    should check it); curated points were written by a person.
    """

    _fields = ("text", "extracted", "number", "document", "page")

    def __init__(
        self,
        text: str,
        extracted: bool = False,
        number: str = "",
        document: str = "",
        page: int | None = None,
    ) -> None:
        self.text = text
        self.extracted = extracted
        self.number = number
        self.document = document
        self.page = page

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "extracted": self.extracted,
            "number": self.number,
            "document": self.document,
            "page": self.page,
        }

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


class Document(_Value):
    """A file attached to a record, identified by the SHA-256 of its bytes."""

    _fields = ("hash", "name", "pages", "chars", "status", "error", "warnings", "size", "added")

    def __init__(
        self,
        hash: str,  # noqa: A002
        name: str,
        pages: int = 0,
        chars: int = 0,
        status: str = "ok",
        error: str = "",
        warnings: list[str] | None = None,
        size: int = 0,
        added: str = "",
    ) -> None:
        self.hash = hash
        self.name = name
        self.pages = pages
        self.chars = chars
        self.status = status
        self.error = error
        self.warnings: list[str] = warnings if warnings is not None else []
        self.size = size
        self.added = added

    def to_dict(self) -> dict[str, Any]:
        return {
            "hash": self.hash,
            "name": self.name,
            "pages": self.pages,
            "chars": self.chars,
            "status": self.status,
            "error": self.error,
            "warnings": list(self.warnings),
            "size": self.size,
            "added": self.added,
        }

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


class Record(_Value):
    """One review, audit, briefing, presentation or framework."""

    _fields = (
        "slug",
        "title",
        "kind",
        "date",
        "area",
        "publisher",
        "status",
        "summary",
        "themes",
        "learning",
        "good_practice",
        "recommendations",
        "related",
        "source",
        "documents",
        "summary_extracted",
    )

    def __init__(
        self,
        slug: str,
        title: str,
        kind: str,
        date: str = "",
        area: str = "",
        publisher: str = "",
        status: str = "published",
        summary: str = "",
        themes: list[ThemeTag] | None = None,
        learning: list[Point] | None = None,
        good_practice: list[Point] | None = None,
        recommendations: list[Point] | None = None,
        related: list[str] | None = None,
        source: str = "",
        documents: list[Document] | None = None,
        summary_extracted: bool = False,
    ) -> None:
        self.slug = slug
        self.title = title
        self.kind = kind
        self.date = date
        self.area = area
        self.publisher = publisher
        self.status = status
        self.summary = summary
        self.themes: list[ThemeTag] = themes if themes is not None else []
        self.learning: list[Point] = learning if learning is not None else []
        self.good_practice: list[Point] = good_practice if good_practice is not None else []
        self.recommendations: list[Point] = recommendations if recommendations is not None else []
        self.related: list[str] = related if related is not None else []
        self.source = source
        self.documents: list[Document] = documents if documents is not None else []
        self.summary_extracted = summary_extracted

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
            raise InvalidError(f"field 'themes': origin must be manual or detected; got '{tag.origin}'")
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
    )


class Theme(_Value):
    """An entry of the taxonomy (immutable, so it can be a key)."""

    _fields = ("id", "label", "group", "description", "aliases")
    __slots__ = _fields

    id: str
    label: str
    group: str
    description: str
    aliases: tuple[str, ...]

    def __init__(
        self,
        id: str,  # noqa: A002
        label: str,
        group: str,
        description: str = "",
        aliases: tuple[str, ...] = (),
    ) -> None:
        for name, value in zip(self._fields, (id, label, group, description, aliases), strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field '{name}'")

    def __hash__(self) -> int:
        return hash((self.id, self.label, self.group, self.description, self.aliases))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "group": self.group,
            "description": self.description,
            "aliases": list(self.aliases),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Theme:
        return cls(
            str(data["id"]),
            str(data["label"]),
            str(data["group"]),
            str(data.get("description", "")),
            tuple(str(a) for a in data.get("aliases", [])),
        )


class Hit(_Value):
    """One search result."""

    _fields = ("slug", "title", "kind", "date", "themes", "score", "snippet", "page", "document")

    def __init__(
        self,
        slug: str,
        title: str,
        kind: str,
        date: str,
        themes: list[str],
        score: float,
        snippet: str,
        page: int | None = None,
        document: str | None = None,
    ) -> None:
        self.slug = slug
        self.title = title
        self.kind = kind
        self.date = date
        self.themes = themes
        self.score = score
        self.snippet = snippet
        self.page = page
        self.document = document

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
