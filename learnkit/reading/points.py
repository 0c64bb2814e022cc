"""The items a findings section holds, and the points they give.

The findings walker (:mod:`learnkit.reading.findings`) collects each item of a
section (a bulleted or numbered item, a paragraph, a labelled sentence) as an
:class:`Item`: its wrapped lines and what kind of item it is. :func:`item_points`
turns a section's items into :class:`~learnkit.models.Point` items: it splits
lists run together by semicolons or by numbers that carry on in one line, drops
lead-ins, items too short to say anything and repeats, cuts long items, and caps
the number of points. Pure functions on text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from learnkit.models import Point
from learnkit.reading.items import SENTENCE_END_RE, finish_item, join_lines, labelled_sentences
from learnkit.reading.sections import WORD_RE, introduces_list

MAX_ITEM_CHARS = 1200
MAX_ITEMS = 60
MIN_WORDS = 4
# A bulleted or numbered item may be short: "Staying child-centred".
MIN_MARKED_WORDS = 2

_LEADING_JOINER_RE = re.compile(r"^(?:and|or)\s+")
_NON_WORD_RE = re.compile(r"\W+")


@dataclass
class Item:
    """One item of a findings section as the walker collects it: its kind, number, page and lines."""

    kind: str  # "plain", "bullet", "number" or "heading"
    number: str
    page: int
    glyph: str = ""
    parts: list[str] = field(default_factory=list)
    title: bool = False  # the first part is a short title the body should follow as a sentence
    size: int = 0
    split: bool = False  # after an inline label: one point for each part between semicolons
    subheading: bool = False  # its title is a heading of its own: the body may follow a blank line
    sentences: bool = False  # a labelled sentence's paragraph: one point for each of its sentences
    inside: bool = False  # a labelled sentence inside a paragraph of prose: only that sentence is a point

    def add(self, text: str) -> None:
        # Past the cap the rest is cut anyway; stop collecting so a runaway section stays cheap.
        if self.size <= MAX_ITEM_CHARS:
            self.parts.append(text)
            self.size += len(text) + 1


def _split_items(items: list[Item]) -> list[tuple[Item, str]]:
    """Each item with its text; an unmarked item that is a list separated by semicolons (two or more
    semicolons, or one after an inline label) gives one text for each part."""
    out: list[tuple[Item, str]] = []
    for item in items:
        joined = join_lines(item.parts)
        if item.sentences:
            for sentence in labelled_sentences(joined)[: 1 if item.inside else None]:
                # "The key findings were that a; b; c": a labelled sentence that lists its findings gives
                # one point for each of them.
                parts = (
                    [part.strip() for part in sentence.split(";")] if sentence.count(";") >= 2 else [sentence]
                )
                out.extend((item, _LEADING_JOINER_RE.sub("", part)) for part in parts if part)
            continue
        if item.split and ";" in joined:
            joined = SENTENCE_END_RE.split(joined, maxsplit=1)[0]  # the list ends with its sentence
        if item.kind == "number" and item.number.isdigit():
            out.extend(_run_on(item, joined))
            continue
        parts = [part.strip() for part in joined.split(";")]
        if item.kind == "plain" and (len(parts) >= 3 or (item.split and len(parts) == 2)):
            parts = [_LEADING_JOINER_RE.sub("", part) for part in parts if part]
            out.extend((item, part) for part in parts)
        else:
            out.append((item, joined))
    return out


# The next number of a list whose items a flattened page ran together: "... the plan. 2. The purpose ...".
_RUN_ON_RE = re.compile(r"(?<=[.;:!?])\s+(\d{1,2})[.)]?\s+(?=[\"'“‘(]?[A-Z])")


def _run_on(item: Item, text: str) -> list[tuple[Item, str]]:
    """A numbered item, split where the items after it carry on in the same line ("1. ... 2. ... 3. ..."):
    only at the numbers that follow it in order, each after the end of a sentence and before a capital."""
    expected = int(item.number) + 1
    out: list[tuple[Item, str]] = []
    current, start = item, 0
    for match in _RUN_ON_RE.finditer(text):
        if int(match.group(1)) != expected:
            continue
        out.append((current, text[start : match.start()]))
        current, start = replace(item, number=match.group(1)), match.end()
        expected += 1
    out.append((current, text[start:]))
    return out


def item_points(items: list[Item], document: str) -> list[Point]:
    """The points a section's items give, in order, without repeats, at most ``MAX_ITEMS``."""
    points: list[Point] = []
    seen: set[str] = set()
    for item, joined in _split_items(items):
        if item.kind == "plain" and (
            joined.endswith(":") or (not (item.sentences or item.split) and introduces_list(joined))
        ):
            continue  # the lead-in to a list, not a point
        text = finish_item(joined, MAX_ITEM_CHARS)
        if len(WORD_RE.findall(text)) < (
            MIN_MARKED_WORDS if item.kind in ("bullet", "number") else MIN_WORDS
        ):
            continue
        key = _NON_WORD_RE.sub(" ", text.casefold()).strip()
        if key in seen:
            continue
        seen.add(key)
        points.append(Point(text, extracted=True, number=item.number, document=document, page=item.page))
        if len(points) >= MAX_ITEMS:
            break
    return points
