"""What ``learnkit doctor`` found, for people: one line per problem with what to do, then a summary.

Paths and what is wrong, never a record's text. Problems go to stdout (what a
person asked to see); the colour says repaired (green) or not (red).
"""

from __future__ import annotations

from typing import Any

from learnkit.models import counted
from learnkit.output.console import Text, out


def diagnosis(found: Any) -> None:
    console = out()
    for item in found.problems:
        line = Text()
        line.append(
            "repaired" if item.repaired else "problem", style="green" if item.repaired else "red bold"
        )
        line.append(f" [{item.check}] {item.path}: {item.problem}")
        if not item.repaired:
            line.append(f"; {item.action}", style="yellow")
        console.print(line, soft_wrap=True)
    checked = ", ".join(counted(n, name.rstrip("s")) for name, n in found.checked.items()) or "nothing"
    if found.healthy:
        console.print(Text(f"library {found.library} is healthy ({checked} checked)"), soft_wrap=True)
        return
    repaired = sum(p.repaired for p in found.problems)
    left = len(found.problems) - repaired
    summary = f"{counted(len(found.problems), 'problem')} found in {found.library} ({checked} checked)"
    if found.repair:
        summary += f": {repaired} repaired, {left} not"
    elif any(p.repairable for p in found.problems):
        summary += "; run: learnkit doctor --repair"
    console.print(Text(summary), soft_wrap=True)
