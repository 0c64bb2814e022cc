"""A record as the TOML a person edits, and back: the format of ``records/*.toml``.

``tomllib`` only reads TOML, so this writes it, for the one shape a record
has: text, true/false, whole numbers, lists of text, and lists of small
tables (themes, points). Scalars and short lists come first; point lists,
which may be long, follow as ``[[learning]]`` tables, one key a line.

What a person should not edit stays out of the draft and is kept from the
stored record: its documents (files named by hash) and the evidence of its
detected themes (sentences of the documents).
"""

from __future__ import annotations

import re
from typing import Any

from learnkit.models import POINT_FIELDS

HEADER = """\
# learnkit record '{slug}'. Edit it, save, and close the editor to store it.
# Lines starting with # are ignored. Documents and theme evidence are kept as they are;
# to change the slug use: learnkit rename {slug} NEW-SLUG
# themes: origin is manual (a person's), detected (found in the text) or confirmed (detected, kept);
# rejected_themes are never detected for this record again.
"""

# Fields in the order the draft shows them.
SCALARS = ("slug", "title", "kind", "date", "area", "publisher", "status", "source", "summary")
LISTS = ("related", "rejected_themes")

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def string(text: str) -> str:
    """A TOML string: a basic string, or a multi-line one for long or multi-line text."""
    if "\n" in text or len(text) > 90:
        body = "".join(_escape(ch, multiline=True) for ch in text)
        return f'"""\n{body}"""'
    return '"' + "".join(_escape(ch, multiline=False) for ch in text) + '"'


def _escape(ch: str, multiline: bool) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == '"':
        return '\\"'
    if ch == "\n":
        return "\n" if multiline else "\\n"
    if ch == "\t":
        return "\\t"
    if ord(ch) < 0x20 or ord(ch) == 0x7F:
        return f"\\u{ord(ch):04x}"
    return ch


def value(item: Any) -> str:
    """A TOML value for text, a bool, an int, or a list or table of them."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, str):
        return _inline_string(item)
    if isinstance(item, list):
        return "[" + ", ".join(value(v) for v in item) + "]"
    if isinstance(item, dict):
        pairs = [f"{_key(k)} = {value(v)}" for k, v in item.items() if v is not None]
        return "{ " + ", ".join(pairs) + " }" if pairs else "{}"
    raise TypeError(f"no TOML for {type(item).__name__}")


def _inline_string(text: str) -> str:
    """A one-line basic string (inline tables and arrays cannot hold multi-line strings' newlines)."""
    return '"' + "".join(_escape(ch, multiline=False) for ch in text) + '"'


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _inline_string(name)


def draft(data: dict[str, Any]) -> str:
    """The TOML a person edits for a record dict (``Record.to_dict()`` shape)."""
    lines = [HEADER.format(slug=data["slug"])]
    for name in SCALARS:
        text = str(data.get(name, ""))
        lines.append(f"{name} = {string(text) if name == 'summary' else _inline_string(text)}")
    themes = [{"id": t["id"], "origin": t.get("origin", "manual")} for t in data.get("themes", [])]
    if themes:
        lines.append("themes = [")
        lines.extend(f"    {value(tag)}," for tag in themes)
        lines.append("]")
    else:
        lines.append("themes = []")
    for name in LISTS:
        lines.append(f"{name} = {value(list(data.get(name, [])))}")
    tables: list[str] = []
    for name in POINT_FIELDS:
        points = data.get(name, [])
        if not points:
            lines.append(f"{name} = []")
            continue
        for point in points:
            tables.append("")
            tables.append(f"[[{name}]]")
            for key in ("text", "extracted", "number", "document", "page"):
                item = point.get(key)
                if item is None or (key != "text" and item in ("", False)):
                    continue
                tables.append(f"{key} = {string(item) if key == 'text' else value(item)}")
    return "\n".join(lines + tables) + "\n"


def field_line(text: str, field: str) -> int | None:
    """The line (from 1) where a draft sets ``field``, to point a person at it."""
    pattern = re.compile(rf"^\s*(?:\[\[\s*{re.escape(field)}\s*\]\]|{re.escape(field)}\s*=)")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None
