"""A person's word on a record's themes and points, as changes to the record: pure, no I/O.

Detection suggests; the person decides. A theme a person gives is ``manual``;
a detected one they keep becomes ``confirmed``; one they reject leaves the
record and goes into its ``rejected_themes``, which every later detection
(``reindex --redetect``, ``attach``, ingest) respects through
:func:`redetected`. An extracted point a person keeps is no longer marked
extracted; one they reject leaves the record.
"""

from __future__ import annotations

from collections.abc import Iterable

from learnkit.models import Record, ThemeTag


def redetected(record: Record, detected: Iterable[ThemeTag]) -> list[ThemeTag]:
    """The record's themes after a new detection, keeping what a person said.

    Manual tags stay as they are; confirmed tags stay confirmed (with the new
    evidence when detected again, else the evidence they had); the
    detection's other tags follow, except those the person rejected.
    """
    from learnkit.knowledge.detect import merge_themes

    rejected = set(record.rejected_themes)
    confirmed = {t.id: t for t in record.themes if t.origin == "confirmed"}
    merged: list[ThemeTag] = []
    for tag in merge_themes(record.themes, detected):
        if tag.id in rejected and tag.origin != "manual":
            continue
        if tag.id in confirmed and tag.origin == "detected":
            tag = ThemeTag(tag.id, "confirmed", tag.evidence or confirmed[tag.id].evidence)
        merged.append(tag)
    have = {t.id for t in merged}
    merged.extend(t for t in confirmed.values() if t.id not in have)
    return merged


def add_manual(record: Record, theme_ids: Iterable[str]) -> list[str]:
    """Give the record these themes as a person's; the ids it did not have as manual before."""
    added: list[str] = []
    for theme_id in theme_ids:
        if theme_id in record.rejected_themes:
            record.rejected_themes.remove(theme_id)
        tag = record.theme(theme_id)
        if tag is None:
            record.themes.append(ThemeTag(theme_id, "manual"))
        elif tag.origin == "manual":
            continue
        else:
            tag.origin = "manual"  # a person says so now; the evidence stays
        added.append(theme_id)
    return added


def take_off(record: Record, theme_id: str) -> str:
    """Take a theme off the record: "removed" (a person's) or "rejected" (found by detection)."""
    tag = record.theme(theme_id)
    if tag is None:
        raise ValueError(theme_id)
    record.themes.remove(tag)
    if tag.origin == "manual":
        return "removed"
    reject(record, theme_id)
    return "rejected"


def reject(record: Record, theme_id: str) -> None:
    """Remember that a person rejected this theme for the record (and take it off)."""
    tag = record.theme(theme_id)
    if tag is not None:
        record.themes.remove(tag)
    if theme_id not in record.rejected_themes:
        record.rejected_themes.append(theme_id)


def confirm(record: Record, theme_id: str) -> None:
    """Mark a detected theme as kept by a person."""
    tag = record.theme(theme_id)
    if tag is not None and tag.origin == "detected":
        tag.origin = "confirmed"


def to_review(record: Record) -> list[tuple[str, str, int]]:
    """What ``review`` walks through: ("theme", id, 0) for each detected theme, then
    (field, "", position) for each extracted point."""
    items: list[tuple[str, str, int]] = [("theme", t.id, 0) for t in record.themes if t.origin == "detected"]
    for name in ("learning", "good_practice", "recommendations"):
        points = getattr(record, name)
        items.extend((name, "", n) for n, p in enumerate(points) if p.extracted)
    return items


def decide(record: Record, item: tuple[str, str, int], keep: bool) -> None:
    """Apply a person's decision on one item of :func:`to_review`.

    Points are looked up by position, so a caller applies decisions on points
    from the last to the first (see :func:`apply`).
    """
    kind, theme_id, position = item
    if kind == "theme":
        (confirm if keep else reject)(record, theme_id)
        return
    points = getattr(record, kind)
    if keep:
        points[position].extracted = False
    else:
        del points[position]


def apply(record: Record, decisions: list[tuple[tuple[str, str, int], bool]]) -> None:
    """Apply several decisions; points from the last to the first, so positions hold."""
    themes = [d for d in decisions if d[0][0] == "theme"]
    points = sorted((d for d in decisions if d[0][0] != "theme"), key=lambda d: -d[0][2])
    for item, keep in themes + points:
        decide(record, item, keep)
