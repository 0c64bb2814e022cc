"""The theme taxonomy: reading ``records/themes.toml`` and answering which theme a name means.

The taxonomy lists themes as ``[[theme]]`` tables. Each has an id, a label, a
group, a description and aliases (the words practitioners use), and, for
detection (:mod:`learnkit.knowledge.detect`), three optional fields:

* ``prior``: how often the theme turns up in passing in any review, relative to
  an ordinary theme (1). Health practitioners are named on most pages of most
  reviews, so a long document needs more mentions of them than of neglect.
* ``exclude``: phrases that hold an alias but do not name the theme ("abuse or
  neglect" is the statutory formula, not neglect; "threshold for a serious case
  review" is not thresholds and referrals).
* ``implies``: ids of themes a document with this theme has too (bruising in
  non-mobile babies is a non-accidental injury to a baby).

:func:`load_taxonomy` reads and checks the file; :func:`parse_taxonomy` checks
an already parsed one. :class:`Taxonomy` is built one way, from its themes, and
answers which theme a typed name means (:meth:`Taxonomy.resolve`), which themes
a search query names (:meth:`Taxonomy.match_query`) and which ids are unknown.

Names are compared as phrases of word stems (:func:`words`): text is cut into
words (letters and digits; hyphens and punctuation separate words), each
stemmed by :mod:`learnkit.reading.stem`, so "neglected children" is the alias
"neglected child". Nothing here reads files except :func:`load_taxonomy`; error
messages name only the taxonomy file, theme ids and fields.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress
from os.path import commonprefix
from pathlib import Path
from typing import Any

from learnkit.errors import InvalidError, NotFoundError
from learnkit.models import SLUG_RE, THEME_GROUPS, Theme
from learnkit.reading.stem import beginnings, stems

# A word: letters and digits, with inner apostrophes (children's, don't).
WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
# A term a search query excludes: -word or -"a phrase".
_EXCLUDED_TERM_RE = re.compile(r"(?:^|(?<=\s))-(?:\"[^\"]*\"?|\S+)")
_KEY_SEP_RE = re.compile(r"[\s\-_\u2010-\u2015]+")

_FIELDS = ("id", "label", "group", "description", "aliases", "prior", "exclude", "implies")
# What an excluded phrase names in the phrase trie: no theme, but it covers the alias inside it.
NO_THEME = -2

Phrase = tuple[str, ...]


def words(text: str) -> list[str]:
    """The stems of the words of ``text``, in order."""
    return stems(WORD_RE.findall(text))


def _key(name: str) -> str:
    """A name as typed, folded: case, accents, spaces, hyphens and underscores do not matter."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _KEY_SEP_RE.sub(" ", folded).strip(" \"'")


class Node:
    """A node of a phrase trie: the theme a phrase ending here names (-1 none), and the words that go on."""

    __slots__ = ("next", "theme")

    def __init__(self) -> None:
        self.next: dict[str, Node] = {}
        self.theme = -1


# The phrases as a trie keyed by stem: root[first stem].next[second stem]...
PhraseIndex = dict[str, Node]


def _add_phrase(index: PhraseIndex, phrase: Phrase, theme: int) -> None:
    node = index.setdefault(phrase[0], Node())
    for word in phrase[1:]:
        node = node.next.setdefault(word, Node())
    if node.theme == -1:
        node.theme = theme


def scan(index: PhraseIndex, seq: Sequence[str]) -> Iterator[tuple[int, int, int]]:
    """Phrase matches in a sequence of stems as (first word, end word, theme index), in order.

    At each word the longest phrase wins, and a match inside a longer one is
    dropped ("sexual abuse" within "child sexual abuse", "neglect" within the
    excluded "abuse or neglect", which yields nothing); matches that merely
    overlap both count.
    """
    covered = 0
    n = len(seq)
    # Most words start no phrase: one pass in C picks out those that do.
    for i in compress(range(n), map(index.__contains__, seq)):
        node = index[seq[i]]
        end, theme = (i + 1, node.theme) if node.theme != -1 else (0, -1)
        j = i + 1
        while j < n and node.next:
            following = node.next.get(seq[j])
            if following is None:
                break
            node = following
            j += 1
            if node.theme != -1:
                end, theme = j, node.theme
        if theme != -1 and end > covered:
            covered = end
            if theme >= 0:
                yield i, end, theme


# In lower-cased text whose letters are all ASCII: the rest of a word after its beginning, what may
# stand between two words of a phrase, and a word. (Any word character or apostrophe: the pattern may
# find more places than phrases start, never fewer, and a class of a category and one character compiles
# faster than one of ranges, which the compiler makes into a table of characters.)
_TAIL = "[\\w']*"
_GAP = "[\\W_]+"
_WORD = "[\\w']+"
# The phrase pattern spells out at most this many words of a phrase: past them the phrases that go on are
# few, and what the pattern finds is read again word by word, so that a longer phrase's other words would
# only make the pattern longer to compile.
PATTERN_WORDS = 3

# Coordinated phrasing (read by :mod:`learnkit.knowledge.mentions`): the words that join two parts of a
# phrase's place, the words that say nothing of a theme on their own (a phrase's beginning made only of
# them is not coordinated: "should be", "the"), and those after which what follows is a whole noun phrase
# or verb, so that "assessment of [mothers and fathers]" shares "assessment of" with both.
CONJUNCTIONS = frozenset({"and", "or"})
_LINKING = "of with to on between for from in at by about into towards the a an was were is are be been not"
_FUNCTION = (
    "should must will would can could may might need needs did do does has have had no their his her its our"
    " your my this that these those what how when where which who many much some any all each every other"
    " such same own very more most also only than there it they them he she we you see new first under over"
    " way"
)
LINKING_WORDS = frozenset(stems(_LINKING.split(" ")))
FUNCTION_WORDS = LINKING_WORDS | frozenset(stems(_FUNCTION.split(" ")))
# At most this many words stand between a phrase's beginning and its end in coordinated phrasing: the
# other part ("mental" in "poor physical and mental health"; "mothers" in "assessment of mothers and
# fathers").
COORDINATED_WORDS = 3
# The parts share a phrase's end after a beginning of at most this many words, or one ending in a linking
# word ("engage with and support young people"): a longer beginning is seldom written so, and each place
# allowed costs the phrase pattern length (and compiling time).
SHARED_END_DEPTH = 2
# In the phrase pattern, where a phrase goes on after a word: coordinated phrasing may put a conjunction
# and the other part first (the parts share the phrase's end), or, after a linking word, the other part
# and a conjunction (they share its beginning); an "and/or" is two conjunctions, or a conjunction and a
# word. (The gap after each needs no letter next: no word is cut in two.)
_SHARED_END = f"(?:(?:and|or)(?:{_GAP}{_WORD}){{1,{COORDINATED_WORDS + 1}}}{_GAP}|)"
_SHARED_BEGINNING = f"(?:(?:{_GAP}{_WORD}){{1,{COORDINATED_WORDS}}}(?:{_GAP}(?:and|or)){{1,2}}|)"


def _alternatives(branches: dict[str, str]) -> str:
    """A regex matching any key of ``branches`` followed by its value, keys merged as a trie of letters.

    Python's regex engine tries the branches of an alternation one by one; sharing their letters means
    a word starting with a letter no key starts with is passed over at once.
    """
    by_letter: dict[str, dict[str, str]] = {}
    parts: list[str] = []
    for key, rest in branches.items():
        if key:
            by_letter.setdefault(key[0], {})[key[1:]] = rest
        else:
            parts.append(rest)
    parts[:0] = [re.escape(letter) + _alternatives(sub) for letter, sub in sorted(by_letter.items())]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _surface(nodes: dict[str, tuple[list[Node], bool]], depth: int = 1) -> str:
    """A regex for the phrases that go on from these trie nodes, as words of text rather than stems.

    ``nodes`` maps a stem to the nodes it leads to and whether a word before it on the way says
    something of a theme (is not one of ``FUNCTION_WORDS``); ``depth`` is how many words come before.
    A phrase is spelt out up to its first word that ends a phrase, or up to its ``PATTERN_WORDS``-th
    word: the pattern says only where a phrase may start. Where the beginning of a phrase may be
    coordinated (see :mod:`learnkit.knowledge.mentions`), a conjunction and a few words may come before
    the rest of the phrase (the parts share its end), and, after a linking word, a few words and a
    conjunction (they share its beginning). A stem's beginnings share one regex for what follows them
    ("bab(?:i|y)"), which keeps the pattern small.
    """
    branches: dict[str, str] = {}
    for word, (found, content_before) in nodes.items():
        content = content_before or word not in FUNCTION_WORDS
        going_on: dict[str, tuple[list[Node], bool]] = {}
        for node in found:
            for following, child in node.next.items():
                going_on.setdefault(following, ([], content))[0].append(child)
        rest = ""
        # Where a phrase (or an excluded one) ends with this word, one starts where it does, whatever
        # follows: the longer phrases going on from it need no place in the pattern.
        if depth < PATTERN_WORDS and all(node.theme == -1 for node in found):
            more = (
                _GAP
                + (_SHARED_END if shares_end(word, depth, content) else "")
                + _surface(going_on, depth + 1)
            )
            if content and word in LINKING_WORDS:
                more = _SHARED_BEGINNING + more
            rest = _TAIL + more
        starts = beginnings(word)
        shared = commonprefix(starts)
        if len(starts) > 1 and shared:
            rest = "(?:" + "|".join(re.escape(b[len(shared) :]) for b in starts) + ")" + rest
        for key in [shared] if len(starts) == 1 or shared else starts:
            branches[key] = f"(?:{branches[key]}|{rest})" if key in branches else rest
    return _alternatives(branches)


def shares_end(word: str, depth: int, content: bool) -> bool:
    """Whether the parts of coordinated phrasing may share the end of a phrase after this word.

    After the ``depth``-th word of a phrase, ``word`` (a stem), when the words so far say something of a
    theme (``content``): after a beginning of at most ``SHARED_END_DEPTH`` words, or one ending in a
    linking word ("engage with and support young people").
    """
    return content and (depth <= SHARED_END_DEPTH or word in LINKING_WORDS)


def phrase_pattern(index: PhraseIndex) -> re.Pattern[str]:
    """A regex finding, in lower-cased text, where a phrase of ``index`` may start (:func:`phrase_starts`).

    It finds every start of a phrase in text whose letters are ASCII and whose words hold no apostrophe
    but a final possessive ("the child's"), coordinated phrases included (see
    :mod:`learnkit.knowledge.mentions`), and some places that start none: what it finds is to be read
    again word by word. Where it finds nothing, no phrase starts.
    """
    # Each match is the one character before a word (no letter or digit) where a phrase may start: the
    # regex engine then passes over the letters of words in one loop of its own, where a zero-width match
    # would be tried afresh at every letter (the search took a fifth longer so).
    return re.compile("[^a-z0-9](?=" + _surface({w: ([n], False) for w, n in index.items()}) + ")")


def phrase_starts(pattern: re.Pattern[str], text: str) -> list[int]:
    """Where :func:`phrase_pattern`'s ``pattern`` finds that a phrase may start in ``text``, in order.

    The text is searched after a space, so that a phrase may start it: each match's place in the spaced
    text is where its word starts in ``text``.
    """
    return [match.start() for match in pattern.finditer(" " + text)]


class Taxonomy:
    """The themes, in file order, with the lookups the commands and detection need.

    Building one checks that no id, label or alias belongs to two themes (also
    after stemming: "neglected child" and "neglected children" are one phrase)
    and that every id a theme implies is a theme.
    """

    def __init__(self, themes: Iterable[Theme]) -> None:
        self.themes: list[Theme] = list(themes)
        self._by_id: dict[str, Theme] = {}
        for theme in self.themes:
            if theme.id in self._by_id:
                raise InvalidError(f"theme '{theme.id}': field 'id' is used by more than one theme")
            self._by_id[theme.id] = theme
        self._by_key: dict[str, int] = {}
        self._by_stems: dict[Phrase, int] = {}
        # What detection matches in text (labels, aliases, excluded phrases) and what a query names (ids too).
        self.text_index: PhraseIndex = {}
        self.query_index: PhraseIndex = {}
        self._text_pattern: re.Pattern[str] | None = None
        for number, theme in enumerate(self.themes):
            names = [("id", theme.id), ("label", theme.label)] + [("aliases", a) for a in theme.aliases]
            for field_name, name in names:
                self._add_name(number, field_name, name)
            for phrase in theme.exclude:
                stemmed = tuple(words(phrase))
                if not stemmed:
                    raise InvalidError(f"theme '{theme.id}': field 'exclude' has an entry with no words")
                _add_phrase(self.text_index, stemmed, NO_THEME)
            for other in theme.implies:
                if other not in self._by_id or other == theme.id:
                    raise InvalidError(
                        f"theme '{theme.id}': field 'implies': '{other}' is not another theme id"
                    )

    def _add_name(self, number: int, field_name: str, name: str) -> None:
        theme = self.themes[number]
        key = _key(name)
        phrase = tuple(words(name))
        if not key or not phrase:
            raise InvalidError(f"theme '{theme.id}': field '{field_name}' has an entry with no words")
        others = {self._by_key.get(key, number), self._by_stems.get(phrase, number)} - {number}
        if others:
            other = min(others)
            raise InvalidError(
                f"theme '{theme.id}': field '{field_name}': '{name}' is also a name of theme "
                f"'{self.themes[other].id}'; each id, label and alias must belong to one theme"
            )
        self._by_key.setdefault(key, number)
        self._by_stems.setdefault(phrase, number)
        _add_phrase(self.query_index, phrase, number)
        if field_name != "id":  # ids are names for people typing commands, not words in reports
            _add_phrase(self.text_index, phrase, number)

    @property
    def text_pattern(self) -> re.Pattern[str]:
        """:func:`phrase_pattern` of :attr:`text_index`, built on first use (detection reads with it)."""
        if self._text_pattern is None:
            self._text_pattern = phrase_pattern(self.text_index)
        return self._text_pattern

    def __len__(self) -> int:
        return len(self.themes)

    def __iter__(self) -> Iterator[Theme]:
        return iter(self.themes)

    def __contains__(self, theme_id: object) -> bool:
        return theme_id in self._by_id

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def get(self, theme_id: str) -> Theme | None:
        """The theme with exactly this id."""
        return self._by_id.get(theme_id)

    def number(self, theme_id: str) -> int:
        """The position of a theme id in file order."""
        return self.ids.index(theme_id)

    def resolve(self, name: str) -> Theme | None:
        """The theme a person means by ``name``: its id, label or an alias, in any case and spacing.

        "Hidden men", "hidden-men" and "unseen men" all find hidden-men; so does
        another form of the same words ("hidden man").
        """
        number = self._by_key.get(_key(name))
        if number is None:
            number = self._by_stems.get(tuple(words(name)))
        return self.themes[number] if number is not None else None

    def match_query(self, query: str) -> list[Theme]:
        """The themes whose id, label or an alias appears as a whole phrase in a search query.

        In the order they appear in the query, each once: "hidden men and
        neglect" gives hidden-men, then neglect. Excluded terms (``-neglect``,
        ``-"hidden men"``) name no theme, and no phrase runs across them.
        """
        found: list[Theme] = []
        for part in _EXCLUDED_TERM_RE.split(query):
            for _, _, number in scan(self.query_index, words(part)):
                if self.themes[number] not in found:
                    found.append(self.themes[number])
        return found

    def groups(self) -> list[tuple[str, list[Theme]]]:
        """The themes by group, groups in ``THEME_GROUPS`` order; empty groups left out."""
        by_group = [(g, [t for t in self.themes if t.group == g]) for g in THEME_GROUPS]
        return [(g, themes) for g, themes in by_group if themes]

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Ids close to an unknown theme name, best first (for "did you mean").

        Ids and names containing what was typed come first, then close spellings.
        """
        import difflib  # only an unknown name needs it

        key = _key(name)
        if not key:
            return []
        candidates: list[str] = []

        def add(theme_id: str) -> None:
            if theme_id not in candidates:
                candidates.append(theme_id)

        names = {k: self.themes[i].id for k, i in self._by_key.items()}
        for theme in self.themes:
            if key in _key(theme.id):
                add(theme.id)
        for close in difflib.get_close_matches(key, list(names), n=n * 2, cutoff=0.6):
            add(names[close])
        for k, theme_id in names.items():
            if len(key) >= 4 and key in k:
                add(theme_id)
        return candidates[:n]

    def validate_ids(self, ids: Iterable[str]) -> None:
        """Raise InvalidError naming the first id that is not a theme id, with close ones."""
        for theme_id in ids:
            if theme_id in self._by_id:
                continue
            close = self.suggest(theme_id, 3)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            raise InvalidError(f"unknown theme '{theme_id}'; {hint}`learnkit themes` lists the theme ids")


def parse_taxonomy(data: dict[str, Any]) -> Taxonomy:
    """Check a parsed themes.toml field by field and build the Taxonomy.

    Raises InvalidError naming the theme (by position and id) and the field at fault.
    """
    if not isinstance(data, dict):
        raise InvalidError("the taxonomy must be a TOML document of [[theme]] tables")
    unknown = sorted(set(data) - {"theme"})
    if unknown:
        raise InvalidError(f"unknown top-level key '{unknown[0]}'; the file holds only [[theme]] tables")
    entries = data.get("theme")
    if not isinstance(entries, list) or not entries:
        raise InvalidError("field 'theme': the file has no [[theme]] tables")
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, 1):
        where = f"theme {number}"
        if not isinstance(entry, dict):
            raise InvalidError(f"{where}: must be a [[theme]] table")
        extra = sorted(set(entry) - set(_FIELDS))
        if extra:
            raise InvalidError(f"{where}: unknown field '{extra[0]}' (known fields: {', '.join(_FIELDS)})")
        theme_id = _string(entry, "id", where, required=True)
        if not SLUG_RE.match(theme_id):
            raise InvalidError(
                f"{where}: field 'id' must be lowercase words joined by hyphens, got '{theme_id}'"
            )
        where = f"theme {number} ('{theme_id}')"
        if theme_id in seen:
            raise InvalidError(f"{where}: field 'id' is already used by theme {seen[theme_id]}")
        seen[theme_id] = number
        label = _string(entry, "label", where, required=True)
        group = _string(entry, "group", where, required=True)
        if group not in THEME_GROUPS:
            raise InvalidError(
                f"{where}: field 'group' must be one of {', '.join(THEME_GROUPS)}; got '{group}'"
            )
        prior = entry.get("prior", 1.0)
        if isinstance(prior, bool) or not isinstance(prior, int | float) or not 0 < prior <= 100:
            raise InvalidError(f"{where}: field 'prior' must be a number above 0 and at most 100")
        themes.append(
            Theme(
                theme_id,
                label,
                group,
                _string(entry, "description", where),
                _strings(entry, "aliases", where),
                float(prior),
                _strings(entry, "exclude", where),
                _strings(entry, "implies", where),
            )
        )
    return Taxonomy(themes)


def _string(entry: dict[str, Any], name: str, where: str, required: bool = False) -> str:
    value = entry.get(name, "")
    if not isinstance(value, str):
        raise InvalidError(f"{where}: field '{name}' must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise InvalidError(f"{where}: field '{name}' is required and is empty or missing")
    return value


def _strings(entry: dict[str, Any], name: str, where: str) -> tuple[str, ...]:
    values = entry.get(name, [])
    if not isinstance(values, list) or not all(isinstance(a, str) and a.strip() for a in values):
        raise InvalidError(f"{where}: field '{name}' must be a list of non-empty strings")
    return tuple(a.strip() for a in values)


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and check a themes.toml file.

    Raises NotFoundError when the file is missing and InvalidError, naming the
    file and the field, when it is not valid.
    """
    import tomllib

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(
            f"theme taxonomy not found: {path}; reinstall learnkit or restore the file"
        ) from None
    except OSError as exc:
        raise InvalidError(f"cannot read theme taxonomy {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidError(f"{path}: malformed TOML ({exc}); fix the file") from None
    try:
        return parse_taxonomy(data)
    except InvalidError as exc:
        raise InvalidError(f"{path}: {exc.message}") from None
