"""Actions' due dates as an iCalendar file (RFC 5545), one all-day VEVENT per action.

Written by hand: the format is small (lines of ``NAME:value``, text escaped,
lines folded at 75 octets, CRLF), and Outlook, Google Calendar and Apple
Calendar import it. Each event's UID is the action's id, so importing the file
again updates the events rather than doubling them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from learnkit.knowledge.actions import RESPONSE_LABELS


def escape(text: str) -> str:
    """Text as an iCalendar TEXT value: backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """A content line folded into pieces of at most 75 octets, never splitting a UTF-8 character."""
    pieces: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not pieces else 74  # a continuation line starts with a space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _day(iso: str) -> str:
    return iso.replace("-", "")


def to_ics(actions: list[dict[str, Any]], today: str) -> str:
    """A calendar of the actions' due dates (actions without one are skipped)."""
    stamp = _day(today) + "T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//learnkit//action tracker//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:learnkit actions",
    ]
    for action in actions:
        if not action.get("due"):
            continue
        due = dt.date.fromisoformat(action["due"])
        description = [
            f"Action {action['id']} ({action['status']}, RAG {action['rag']})",
            f"Record: {action.get('record_title') or action['record']}",
            f"Recommendation {action['recommendation']}: {action.get('recommendation_text', '')}",
        ]
        if action.get("response"):
            description.append(f"Response: {RESPONSE_LABELS.get(action['response'], action['response'])}")
        owner = action["owner"] + (f" ({action['lead']})" if action.get("lead") else "")
        description.append(f"Owner: {owner}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{action['id'].replace('/', '-')}@learnkit",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_day(action['due'])}",
            f"DTEND;VALUE=DATE:{_day((due + dt.timedelta(days=1)).isoformat())}",
            f"SUMMARY:{escape('Due: ' + action['text'] + ' - ' + action['owner'])}",
            f"DESCRIPTION:{escape(chr(10).join(description))}",
            f"CATEGORIES:{escape('RAG ' + action['rag'])}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
