"""A record's details: the page text it quotes, kept apart from the store.

Detected themes carry evidence (the document, page and sentence that found
them) and lists of points pulled out of a PDF carry the points' text: both
are words from the documents, and at national scale they were most of the
store, which TinyDB rewrites whole on every write. So the store keeps a
record's metadata and a reference, and the details live in
``details/<key>.json``, where the key is the SHA-256 (its first 32 hex
digits) of the details' canonical JSON: content-addressed, so a file is
written once, never changed, and shared by records whose details are equal.

A record's details are ``{"themes": {theme_id: [evidence...]}, "learning":
[points...], ...}``: the evidence of each theme that has any, and each point
list whose points are all extracted (a list holding a point a person wrote
stays in the store, where a person's work belongs).

Stores written by learnkit 0.1.0 hold the details inline and no reference;
they read exactly as before (:func:`merge_details` with no details).

Pure functions, no I/O: the library reads and writes the files.
"""

from __future__ import annotations

import json
from typing import Any

from learnkit.errors import InvalidError
from learnkit.models import POINT_FIELDS, Evidence, Point

# The store's key for a record's details reference.
DETAILS_KEY = "details"
THEMES = "themes"
# Hex digits of the SHA-256 that name a details file: 128 bits, no collision in any library.
KEY_LENGTH = 32


def canonical(details: dict[str, Any]) -> bytes:
    """The bytes a details file holds: sorted keys, no spaces, UTF-8."""
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def details_key(payload: bytes) -> str:
    """The name (without ``.json``) of the details file holding ``payload``."""
    import hashlib  # here, not at the top: reading commands import this module and never hash

    return hashlib.sha256(payload).hexdigest()[:KEY_LENGTH]


def is_key(name: str) -> bool:
    return len(name) == KEY_LENGTH and all(c in "0123456789abcdef" for c in name)


def _extracted_only(points: Any) -> bool:
    return (
        isinstance(points, list)
        and bool(points)
        and all(isinstance(p, dict) and p.get("extracted") is True for p in points)
    )


def split_details(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A full record dict (``Record.to_dict()``) as (what the store keeps, its details or None).

    Theme tags keep ``id`` and ``origin``; their evidence goes to the details.
    A point list whose points are all extracted goes to the details and is
    ``[]`` in the store. With any details, the store's dict names them by key
    under ``details``.
    """
    if DETAILS_KEY in data:
        raise ValueError("split_details takes a full record, not one already split")
    light = dict(data)
    details: dict[str, Any] = {}
    evidence: dict[str, Any] = {}
    themes = data.get(THEMES)
    if isinstance(themes, list):
        tags: list[Any] = []
        for tag in themes:
            if isinstance(tag, dict) and "evidence" in tag:
                if tag["evidence"]:
                    evidence[str(tag.get("id"))] = tag["evidence"]
                tag = {k: v for k, v in tag.items() if k != "evidence"}
            tags.append(tag)
        light[THEMES] = tags
    if evidence:
        details[THEMES] = evidence
    for name in POINT_FIELDS:
        if _extracted_only(data.get(name)):
            details[name] = data[name]
            light[name] = []
    if not details:
        return light, None
    light[DETAILS_KEY] = details_key(canonical(details))
    return light, details


def merge_details(light: dict[str, Any], details: dict[str, Any] | None) -> dict[str, Any]:
    """The full record dict from the store's dict and its details (None: missing, or kept inline).

    Gives back what :func:`split_details` was given. A theme tag with no
    evidence in the details keeps what the store has (0.1.0 stores keep it
    inline), else gets ``[]``.
    """
    full = {k: v for k, v in light.items() if k != DETAILS_KEY}
    evidence = (details or {}).get(THEMES) or {}
    themes = full.get(THEMES)
    if isinstance(themes, list):
        full[THEMES] = [
            {**tag, "evidence": evidence.get(tag.get("id"), tag.get("evidence", []))}
            if isinstance(tag, dict)
            else tag
            for tag in themes
        ]
    for name in POINT_FIELDS:
        if details and details.get(name) and not full.get(name):
            full[name] = details[name]
    return full


def parse_details(payload: bytes, key: str) -> dict[str, Any] | None:
    """The details a file holds, or None when it is damaged (not the bytes its key names, or malformed)."""
    if details_key(payload) != key:
        return None
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not data or set(data) - {THEMES, *POINT_FIELDS}:
        return None
    try:
        themes = data.get(THEMES, {})
        if not isinstance(themes, dict):
            return None
        for items in themes.values():
            if not isinstance(items, list):
                return None
            for item in items:
                if not isinstance(item, dict):
                    return None
                Evidence.from_dict(item)
        for name in POINT_FIELDS:
            points = data.get(name, [])
            if not isinstance(points, list):
                return None
            for point in points:
                if not isinstance(point, dict):
                    return None
                Point.from_dict(point)
    except (InvalidError, KeyError, TypeError, ValueError, AttributeError):
        return None
    return data
