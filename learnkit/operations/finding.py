"""Finding one record from what a person types: a slug, the start of one, or words of its title.

``show pelka`` or ``show rosa`` should find the review people call by that
name. :func:`find_record` tries, in order: the slug, a unique start of a slug
or a close spelling of one (:meth:`Library.get`, as before); then the words
typed against the words of every record's slug ("pelka" in daniel-pelka-scr),
then against the words of its slug and title, each word written out in full,
then (words of four letters or more) spelt closely ("rosa" for "Rosza"). The
first of these that picks out one record gives it; when one fits several
records, the error lists them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from learnkit.errors import NotFoundError
from learnkit.models import Record

if TYPE_CHECKING:
    from learnkit.operations.library import Library

# A word typed matches a word of a title spelt this closely (difflib's ratio), when it has 4 letters or more.
CLOSE_WORD = 0.85
MAX_CANDIDATES = 5
_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    """The words of a name or title, folded to lower case ("Child-D's" gives child, d, s)."""
    return _WORD.findall(text.casefold())


def _fits(wanted: list[str], have: set[str], close: bool) -> bool:
    for word in wanted:
        if word in have:
            continue
        if not close or len(word) < 4:
            return False
        import difflib  # only for a name that is no slug: `show` by slug starts without it

        if not any(difflib.SequenceMatcher(None, word, other).ratio() >= CLOSE_WORD for other in have):
            return False
    return True


def matching(wanted: list[str], titles: dict[str, str], close: bool, slug_only: bool = False) -> list[str]:
    """The slugs whose slug (and title) hold every wanted word (exactly, or closely spelt with ``close``)."""
    found = []
    for slug, title in titles.items():
        have = set(words_of(slug)) if slug_only else set(words_of(slug)) | set(words_of(title))
        if _fits(wanted, have, close):
            found.append(slug)
    return sorted(found)


def find_record(lib: Library, name: str, close_words: bool = True) -> Record:
    """The one record that ``name`` names; NotFoundError (with candidates) when none or several do.

    ``close_words=False`` leaves out closely spelt title words (a briefing's subject:
    a near-miss there is more likely a theme's name misspelt).
    """
    try:
        return lib.get(name)
    except NotFoundError as exc:
        if exc.message.startswith(f"'{name}' matches"):
            raise  # the start of several slugs: the user is typing a slug
        missing = exc
    wanted = words_of(name)
    if not wanted:
        raise missing
    index = lib.index()
    titles = index.titles(index.slugs())
    for close, slug_only in ((False, True), (False, False), (True, False)):
        if close and not close_words:
            break
        found = matching(wanted, titles, close, slug_only)
        if len(found) == 1:
            return lib.get(found[0])
        if found and close:  # spelt like words of several titles: not found, but these may be meant
            candidates = list(dict.fromkeys([*missing.candidates, *found]))
            raise NotFoundError(missing.message, candidates[:MAX_CANDIDATES])
        if found:
            raise NotFoundError(
                f"'{name}' fits {len(found)} records; give their slug", found[:MAX_CANDIDATES]
            )
    raise missing
