"""The command being run, as output sees it: each command gets new consoles, and says if it may page.

Kept apart from :mod:`learnkit.output.console` so that starting a command does not
import Rich: ``search --help`` never prints through Rich and must start fast.
"""

from __future__ import annotations


class _Session:
    number = 0  # which command: the consoles made for an earlier one are not used again
    pager = True  # False after --no-pager


_session = _Session()


def start(pager: bool = True) -> None:
    """A command starts: its output will go through new consoles; ``pager=False`` never pages."""
    _session.number += 1
    _session.pager = pager


def number() -> int:
    return _session.number


def may_page() -> bool:
    return _session.pager
