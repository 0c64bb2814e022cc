"""Output for people: Rich consoles, layout, views of records and reports, exports and briefings.

The package itself holds only the command being run, as output sees it: each
command gets new consoles (:mod:`learnkit.output.console`), and says whether it
may page. It is here, not in the console module, so that starting a command does
not import Rich: ``search --help`` never prints through Rich and must start fast.
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


def command_number() -> int:
    return _session.number


def may_page() -> bool:
    return _session.pager
