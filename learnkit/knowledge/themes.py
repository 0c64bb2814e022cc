"""The theme taxonomy and theme detection: pure functions on text.

The taxonomy (``records/themes.toml``) lists themes as ``[[theme]]`` tables with an
id, label, group, description and aliases. :func:`load_taxonomy` reads and checks
it; :class:`Taxonomy` answers which theme a name means, which themes a search
query names, and which ids are unknown.

Detection
---------
:func:`detect` looks for the themes in the cleaned page text of a record's
documents (as :func:`learnkit.reading.pages.clean_pages` leaves it: a line break only
where a new sentence, heading or list item starts). Text is cut into words
(letters and digits; hyphens and punctuation separate words) and each word is
stemmed (:mod:`learnkit.reading.stem`). A theme's label and aliases match as whole
phrases of stems, case-insensitively: "neglected child" matches "Neglected
children", "missed appointment" matches "missed appointments", and
"neglectfully" counts as neglect because it is the same word with an ending;
"neglect" never matches inside another word. A phrase inside a longer match does
not count again ("child sexual abuse" is not also "sexual abuse"), but phrases
that only overlap both count. A phrase never spans a sentence end, a bracket or
a line break. The theme id is not matched in text: ids are names for people
typing commands, not words in reports.

When is a theme given? A single passing mention is not enough: a report that
lists "domestic abuse" once among the categories of a plan is not about domestic
abuse. For each document, a theme is given when either

* it is named in the title region: the first 200 characters of the first page
  that has text (a briefing called "Neglect: learning from audits"); or
* it is discussed: its phrases occur in at least ``min_count`` (3) different
  sentences. A list that repeats a phrase is one sentence, so it does not count
  three times. Short documents (at most 2 pages with text: a learning briefing,
  a one-page summary) need one sentence fewer; long ones need more, so that a
  few asides in a long report do not count: 4 sentences from 50 pages, 5 from
  75, 6 from 100 pages on.

A theme is given to the record when any of its documents gives it. Its evidence
is the strongest sentences (most matches of the theme in the sentence, then the
earliest), at most one per page and three in all, from the documents that gave
the theme; each carries the document name, the 1-based page, the sentence
(trimmed around the match to at most 300 characters) and ``count``, the number
of matches of the theme in that whole document. Themes come back strongest
first (most matches), then in taxonomy order.

Speed: detection runs over every page of a library (100,000 pages in a
benchmark), so each page is cut into words in C (punctuation made spaces in its
bytes, then one split; a regex looks only at the few words with an apostrophe or
a character outside ASCII), one pass in C looks each word up in a cache of the
trie node it starts a phrase at (most start none), only those words and the
words that may carry a phrase on are stemmed and looked at, and phrases are
walked in a trie; where words start in the text is worked out only around
matches, and sentence bounds only on pages that match. The cost is linear in
the text (several thousand 2,500-character pages a second).

Nothing here reads files except :func:`load_taxonomy`; nothing logs document
text, and error messages name only the taxonomy file, theme ids and fields.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from itertools import accumulate, compress
from operator import add
from pathlib import Path
from typing import Any

from learnkit.errors import InvalidError, NotFoundError
from learnkit.models import SLUG_RE, THEME_GROUPS, Evidence, Theme, ThemeTag


def _lazy(pattern: str) -> Callable[[], re.Pattern[str]]:
    """A regex compiled the first time it is asked for.

    Most commands that load this module (show, list, themes) only read the
    taxonomy and never match text; compiling every pattern at start-up cost
    them a millisecond each time. (learnkit.reading.stem, which only matching needs,
    is loaded when first needed for the same reason.)
    """
    return cache(lambda: re.compile(pattern))


# A word: letters and digits, with inner apostrophes (children's, don't). The
# split form keeps the text between words too: [gap, word, gap, word, ..., gap].
_WORD_RE = _lazy(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_WORD_SPLIT_RE = _lazy(r"([^\W_]+(?:['\u2019][^\W_]+)*)")
# The same words, found faster: a word is made of letters and digits, with apostrophes inside, so every
# ASCII character that is neither is a gap. With those made spaces (in the UTF-8 bytes: others are left
# alone) the text splits on spaces into runs in C; a run is one word unless it holds an apostrophe or a
# character outside ASCII, and those few runs are cut into their words by _WORD_RE.
_WORD_BYTES = bytes(c if c >= 128 or chr(c) == "'" or chr(c).isalnum() else 32 for c in range(256))
# An apostrophe or any character outside ASCII, written as "not ASCII other than the apostrophe": the
# same set as ['\u0080-\U0010ffff], which takes milliseconds to compile at every start.
_SPECIAL_RE = _lazy("[^\x00-&(-\x7f]")

# Where a sentence ends and the next starts: terminal punctuation (and a closing
# quote or bracket) followed by space and a capital or digit, so "e.g. neglect"
# stays whole; a line break (cleaned page text, see learnkit.reading.pages, keeps one only
# where a new unit starts: a heading, a list item, a new paragraph); a bullet.
# The pattern opens with one set of the characters every break starts with (and
# each branch then looks back at which it was): a pattern that opens with a
# character set lets the regex engine skip through ordinary text in C, where
# one that opens with alternatives is tried branch by branch at every character.
_SENTENCE_BREAK = (
    r"[.!?\n\u2022\u25aa\u25cf\u25e6\u25a0\uf0b7]"
    r"(?:(?<=[.!?])[\"'\u201d\u2019)\]]?\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
    r"|(?<=[\n\u2022\u25aa\u25cf\u25e6\u25a0\uf0b7])\s*)"
)
_SENTENCE_STRIP = " \t\r\n\f\v\u2022\u25aa\u25cf\u25e6\u25a0\uf0b7"

# What may not lie between two words of one phrase: a sentence end, a bracket, a bullet, a line break.
_PHRASE_GAP_BREAK = r"[.!?;:()\[\]\n\u2022\u25aa\u25cf\u25e6\u25a0\uf0b7]"
# A term a search query excludes: -word or -"a phrase".
_EXCLUDED_TERM_RE = _lazy(r"(?:^|(?<=\s))-(?:\"[^\"]*\"?|\S+)")
_KEY_SEP_RE = _lazy(r"[\s\-_\u2010-\u2015]+")

# Bump when the detection rules change, so that `learnkit reindex` detects again.
DETECTION_VERSION = 1
TITLE_CHARS = 200
EVIDENCE_CHARS = 300
MAX_EVIDENCE = 3
SHORT_DOCUMENT_PAGES = 2
LONG_DOCUMENT_PAGES = 25
MAX_EXTRA_SENTENCES = 3

_FIELDS = ("id", "label", "group", "description", "aliases")

Phrase = tuple[str, ...]


class _Node:
    """A node of the phrase trie: the theme a phrase ending here names, and the words that go on."""

    __slots__ = ("next", "theme")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.theme = -1


# The phrases as a trie keyed by stem: root[first stem].next[second stem]... A
# scan walks it word by word, so the cost at each word is the length of the
# phrase found there, however many phrases share a first word ("child ...").
PhraseIndex = dict[str, _Node]


class _Starts(dict[str, "_Node | None"]):
    """The node of ``index`` each word's stem starts a phrase at (None for most words); filled on first use.

    One lookup of a word as it stands in the text answers what two would (its stem, then the stem in
    the trie); pages repeat their words, so most lookups find the answer.
    """

    def __init__(self, index: PhraseIndex) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, word: str) -> _Node | None:
        if len(self) >= STARTS_CACHE_SIZE:
            self.clear()
        from learnkit.reading.stem import stem_lookup

        node = self[word] = self.index.get(stem_lookup(word))
        return node


STARTS_CACHE_SIZE = 500_000


def words(text: str) -> list[str]:
    """The stems of the words of ``text``, in order."""
    from learnkit.reading.stem import stems

    return stems(_WORD_RE().findall(text))


def _key(name: str) -> str:
    """A name as typed, folded: case, accents, spaces, hyphens and underscores do not matter."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _KEY_SEP_RE().sub(" ", folded).strip(" \"'")


def _add_phrase(index: PhraseIndex, phrase: Phrase, theme: int) -> None:
    node = index.setdefault(phrase[0], _Node())
    for word in phrase[1:]:
        node = node.next.setdefault(word, _Node())
    if node.theme < 0:
        node.theme = theme


def _scan(index: PhraseIndex, seq: Sequence[str]) -> Iterator[tuple[int, int, int]]:
    """Phrase matches as (first word, end word, theme index), in text order.

    At each word the longest phrase wins, and a match inside a longer one is
    dropped ("sexual abuse" within "child sexual abuse"); matches that merely
    overlap both count ("child sexual abuse in the family" is child sexual abuse
    and sexual abuse in the family). :func:`_scan_page` does the same in a page's
    text, where no phrase goes on across a sentence end.
    """
    # Only words that start some phrase are worth a look; finding them is one fast pass.
    starts = compress(range(len(seq)), map(index.__contains__, seq))
    covered = 0
    n = len(seq)
    for i in starts:
        node = index[seq[i]]
        end, theme = (i + 1, node.theme) if node.theme >= 0 else (0, -1)
        j = i + 1
        while j < n and node.next:
            following = node.next.get(seq[j])
            if following is None:
                break
            node = following
            j += 1
            if node.theme >= 0:
                end, theme = j, node.theme
        if theme >= 0 and end > covered:
            yield i, end, theme
            covered = end


class Taxonomy:
    """The themes, in file order, with the lookups the commands need.

    Building one checks that no id, label or alias belongs to two themes (also
    after stemming: "neglected child" and "neglected children" are one phrase).
    """

    def __init__(
        self, themes: Iterable[Theme], checked: bool = False, phrases: list[list[str]] | None = None
    ) -> None:
        """Build the taxonomy, checking every name at once.

        With ``checked``, the themes were checked when they were first loaded
        (learnkit keeps a checked copy in the search index): the name lookups
        are then built only when a command first needs them, since most
        commands need no more than ids and labels. ``phrases``, the stems of
        every name as :meth:`phrase_rows` gives them (kept in the index too),
        spares a search stemming every name again.
        """
        self.themes: list[Theme] = list(themes)
        self._by_id: dict[str, Theme] = {}
        for theme in self.themes:
            if theme.id in self._by_id:
                raise InvalidError(f"theme '{theme.id}': field 'id' is used by more than one theme")
            self._by_id[theme.id] = theme
        self._by_key: dict[str, int] = {}
        self._by_stems: dict[Phrase, int] = {}
        self._text_phrases: PhraseIndex = {}
        self._query_phrases: PhraseIndex = {}
        self._starts: _Starts | None = None
        self._phrases_built = self._keys_built = False
        self._given_phrases = phrases if phrases is not None and len(phrases) == len(self._names()) else None
        if not checked:
            self._build()

    def _names(self) -> list[tuple[int, str, str]]:
        """(theme number, field, name) for every id, label and alias, in file order."""
        return [
            (number, field_name, name)
            for number, theme in enumerate(self.themes)
            for field_name, name in [("id", theme.id), ("label", theme.label)]
            + [("aliases", a) for a in theme.aliases]
        ]

    def phrase_rows(self) -> list[list[str]]:
        """The stems of every name, in :meth:`_names` order: what ``phrases`` takes back."""
        if self._given_phrases is not None:
            return self._given_phrases
        return [words(name) for _, _, name in self._names()]

    def _build(self) -> None:
        """Every lookup, checking that no two themes share a name (a taxonomy read from its file)."""
        if self._phrases_built and self._keys_built:
            return
        self._by_key, self._by_stems, self._text_phrases, self._query_phrases = {}, {}, {}, {}
        for number, field_name, name in self._names():
            self._add_name(number, field_name, name)
        self._phrases_built = self._keys_built = True

    def _build_phrases(self) -> None:
        """The phrase lookups alone, for a checked taxonomy: what search and detection need."""
        if self._phrases_built:
            return
        given = self._given_phrases
        for i, (number, field_name, name) in enumerate(self._names()):
            phrase = tuple(given[i]) if given is not None else tuple(words(name))
            self._by_stems.setdefault(phrase, number)
            _add_phrase(self._query_phrases, phrase, number)
            if field_name != "id":
                _add_phrase(self._text_phrases, phrase, number)
        self._phrases_built = True

    def _build_keys(self) -> None:
        """The folded-name lookup alone, for a checked taxonomy: what resolving a typed name needs."""
        if self._keys_built:
            return
        for number, _, name in self._names():
            self._by_key.setdefault(_key(name), number)
        self._keys_built = True

    @property
    def _text_index(self) -> PhraseIndex:
        self._build_phrases()
        return self._text_phrases

    @property
    def _text_starts(self) -> _Starts:
        """The trie node each word (as it stands in text) starts a phrase at, or None: filled on first use."""
        if self._starts is None or self._starts.index is not self._text_index:
            self._starts = _Starts(self._text_index)
        return self._starts

    @property
    def _query_index(self) -> PhraseIndex:
        self._build_phrases()
        return self._query_phrases

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
        _add_phrase(self._query_phrases, phrase, number)
        if field_name != "id":
            _add_phrase(self._text_phrases, phrase, number)

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

    def resolve(self, name: str) -> Theme | None:
        """The theme a person means by ``name``: its id, label or an alias, in any case and spacing.

        "Hidden men", "hidden-men" and "unseen men" all find hidden-men; so does
        another form of the same words ("hidden man").
        """
        self._build_keys()
        self._build_phrases()
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
        for part in _EXCLUDED_TERM_RE().split(query):
            for _, _, number in _scan(self._query_index, words(part)):
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
        import difflib  # only an unknown name needs it; kept off the start-up path

        key = _key(name)
        if not key:
            return []
        candidates: list[str] = []

        def add(theme_id: str) -> None:
            if theme_id not in candidates:
                candidates.append(theme_id)

        self._build_keys()
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
        description = _string(entry, "description", where)
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise InvalidError(f"{where}: field 'aliases' must be a list of non-empty strings")
        themes.append(Theme(theme_id, label, group, description, tuple(a.strip() for a in aliases)))
    return Taxonomy(themes)


def _string(entry: dict[str, Any], name: str, where: str, required: bool = False) -> str:
    value = entry.get(name, "")
    if not isinstance(value, str):
        raise InvalidError(f"{where}: field '{name}' must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise InvalidError(f"{where}: field '{name}' is required and is empty or missing")
    return value


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and check a themes.toml file.

    Raises NotFoundError when the file is missing and InvalidError, naming the
    file and the field, when it is not valid.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(
            f"theme taxonomy not found: {path}; reinstall learnkit or restore the file"
        ) from None
    except OSError as exc:
        raise InvalidError(f"cannot read theme taxonomy {path}: {exc.strerror}") from None
    import tomllib  # here, not at the top: reading commands use the index's checked copy

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


# --- detection ---------------------------------------------------------------------------------------


class _Sentence:
    """The matches of one theme in one sentence.

    (A plain class with slots rather than a dataclass: made by the thousand in
    detection, and a dataclass costs every command a millisecond to define.)
    """

    __slots__ = ("page", "index", "matches", "start", "end", "low", "high")

    def __init__(
        self, page: int, index: int, matches: int, start: int, end: int, low: int, high: int
    ) -> None:
        self.page = page
        self.index = index
        self.matches = matches
        self.start = start  # where the first match begins and ends in the page text
        self.end = end
        self.low = low  # where the sentence begins and ends in the page text
        self.high = high


class _Found:
    """What one document says about one theme."""

    __slots__ = ("count", "title", "sentences")

    def __init__(self) -> None:
        self.count = 0
        self.title = False
        self.sentences: dict[tuple[int, int], _Sentence] = {}


def sentences_needed(pages_with_text: int, min_count: int = 3) -> int:
    """How many different sentences must mention a theme for a document of this length to be given it."""
    if pages_with_text <= SHORT_DOCUMENT_PAGES:
        return max(1, min_count - 1)
    extra = max(0, pages_with_text - LONG_DOCUMENT_PAGES) // LONG_DOCUMENT_PAGES
    return min_count + min(MAX_EXTRA_SENTENCES, extra)


def _sentence_starts(text: str) -> list[int]:
    # re.compile is cached by the re module: the pattern is compiled once, when detection first runs
    # (compiling it at import cost every command most of a millisecond).
    return [0] + [m.end() for m in re.compile(_SENTENCE_BREAK).finditer(text)]


def _trim(sentence: str, start: int, end: int, limit: int = EVIDENCE_CHARS) -> str:
    """The sentence with spaces collapsed, cut to ``limit`` characters around the match at start:end."""
    # Collapsing a long sentence's spaces would rarely bring it under the limit; only short ones are tried.
    if len(sentence) <= 2 * limit:
        whole = " ".join(sentence.split())  # what collapsing \s+ and stripping gives
        if len(whole) <= limit:
            return whole
    budget = limit - 2  # room for an ellipsis at each end
    middle = (start + end) // 2
    low = max(0, min(middle - budget // 2, len(sentence) - budget))
    high = min(len(sentence), low + budget)
    piece = sentence[low:high]
    # Drop the words cut in half at either edge, when there is something else left.
    if low > 0 and " " in piece.strip():
        piece = piece.split(" ", 1)[1]
    if high < len(sentence) and " " in piece.strip():
        piece = piece.rsplit(" ", 1)[0]
    piece = " ".join(piece.split())[:budget]
    return ("\u2026" if low > 0 else "") + piece + ("\u2026" if high < len(sentence) else "")


class _Offsets:
    """Where each word of a page starts: given, or worked out only for the words asked about.

    Without ``given``, ``words`` are the runs of the page text split at single spaces, empty runs
    included, so run k starts after the runs before it and the k spaces between them. Detection asks
    about a few words a page (those of its matches), near one another and mostly in order, so the
    lengths are summed from (or back to) the last word asked about, and a page's offsets are never all
    worked out.
    """

    __slots__ = ("words", "given", "_at", "_offset")

    def __init__(self, words: list[str], given: list[int] | None = None) -> None:
        self.words = words
        self.given = given
        self._at = self._offset = 0

    def __getitem__(self, k: int) -> int:
        if self.given is not None:
            return self.given[k]
        at = self._at
        if k >= at:
            self._offset += sum(map(len, self.words[at:k])) + k - at
        else:
            self._offset -= sum(map(len, self.words[k:at])) + at - k
        self._at = k
        return self._offset


def _page_words(text: str) -> tuple[list[str], _Offsets]:
    """The words of a page (as _WORD_RE finds them) and where each starts (see _WORD_BYTES).

    The words may hold empty strings, which are not words but stand between them (see _Offsets).
    """
    ascii_text = text.isascii()
    data = text.encode("ascii") if ascii_text else text.encode("utf-8", "surrogatepass")
    # About as many as the characters outside ASCII (each takes two or more bytes), and apostrophes.
    specials = len(data) - len(text) + text.count("'")
    spaced = ""
    if specials * 100 <= len(text) and len(text) >= 200:
        spaced = data.translate(_WORD_BYTES).decode("ascii" if ascii_text else "utf-8", "surrogatepass")
    # Each space is a run to split off; prose has about one in five characters, a contents page of
    # dot leaders far more.
    if not spaced or spaced.count(" ") * 10 > len(text) * 3:
        # Text far from English prose (another script, accents everywhere, leaders, tables), or too
        # short to be worth the set-up: one regex pass is quicker.
        parts = _WORD_SPLIT_RE().split(text)  # [gap, word, gap, word, ..., gap]
        return parts[1::2], _Offsets(parts[1::2], list(accumulate(map(len, parts)))[0::2])
    runs = spaced.split(" ")
    if not specials:
        return runs, _Offsets(runs)  # every run is a word or empty
    # Run i starts after the runs before it and the i spaces between them.
    run_starts = map(add, accumulate(map(len, runs), initial=0), range(len(runs)))
    words = list(filter(None, runs))
    offsets = list(compress(run_starts, runs))
    if specials:
        runs_to_cut = {bisect_right(offsets, match.start()) - 1 for match in _SPECIAL_RE().finditer(text)}
        for k in sorted(runs_to_cut, reverse=True):
            found = list(_WORD_RE().finditer(words[k]))
            offsets[k : k + 1] = [offsets[k] + match.start() for match in found]
            words[k : k + 1] = [match.group() for match in found]
    return words, _Offsets(words, offsets)


def _scan_page(
    index: _Starts, words: list[str], offsets: _Offsets, text: str
) -> Iterator[tuple[int, int, int]]:
    """What :func:`_scan` finds in a page's words (empty strings skipped), with no phrase across a break,
    as (where the match starts in the text, where it ends, theme index).

    Stems are looked up only for the words that may carry a phrase on.
    """
    from learnkit.reading.stem import stem_lookup as lookup

    start_node = index.__getitem__
    gap_break = re.compile(_PHRASE_GAP_BREAK).search
    n = len(words)
    # Only words that start some phrase are worth a look; finding them is one fast pass.
    starts = compress(range(n), map(start_node, words))
    covered = 0
    for i in starts:
        node = start_node(words[i])
        assert node is not None
        end, theme = (i + 1, node.theme) if node.theme >= 0 else (0, -1)
        last = i
        j = i + 1
        while node.next:
            while j < n and not words[j]:
                j += 1
            if j >= n:
                break
            following = node.next.get(lookup(words[j]))
            if following is None:
                break
            gap = text[offsets[last] + len(words[last]) : offsets[j]]  # between the two words
            if gap_break(gap) is not None:
                break
            node = following
            last = j
            j += 1
            if node.theme >= 0:
                end, theme = j, node.theme
        if theme >= 0 and end > covered:
            yield offsets[i], offsets[end - 1] + len(words[end - 1]), theme
            covered = end


def _scan_document(taxonomy: Taxonomy, pages: Sequence[str]) -> dict[int, _Found]:
    found: dict[int, _Found] = {}
    title_page = next((p for p, text in enumerate(pages) if text and text.strip()), -1)
    title_end = 0
    if title_page >= 0:
        text = pages[title_page]
        title_end = len(text) - len(text.lstrip()) + TITLE_CHARS
    index = taxonomy._text_starts
    for page, text in enumerate(pages):
        if not text:
            continue
        words, offsets = _page_words(text)
        matches = list(_scan_page(index, words, offsets, text))
        if not matches:
            continue
        # Sentences are needed only on pages that match, so they are found only there.
        starts = _sentence_starts(text)
        for char_start, char_end, theme in matches:
            sentence_index = bisect_right(starts, char_start) - 1
            entry = found.setdefault(theme, _Found())
            entry.count += 1
            if page == title_page and char_start < title_end:
                entry.title = True
            sentence = entry.sentences.get((page, sentence_index))
            if sentence is None:
                high = starts[sentence_index + 1] if sentence_index + 1 < len(starts) else len(text)
                entry.sentences[(page, sentence_index)] = _Sentence(
                    page, sentence_index, 1, char_start, char_end, starts[sentence_index], high
                )
            else:
                sentence.matches += 1
    return found


def detect(
    taxonomy: Taxonomy, documents: Sequence[tuple[str, Sequence[str]]], min_count: int = 3
) -> list[ThemeTag]:
    """The themes a record's documents discuss, each with its evidence (see the module docstring).

    ``documents`` holds (document name, cleaned page texts) pairs; pages are
    numbered from 1 in the evidence. Returns detected ThemeTags, strongest first.
    """
    # theme index -> [(strength, document number, sentence, document name, page texts, count in document)]
    candidates: dict[int, list[tuple[int, int, _Sentence, str, Sequence[str], int]]] = {}
    totals: dict[int, int] = {}
    for number, (name, pages) in enumerate(documents):
        needed = sentences_needed(sum(1 for text in pages if text and text.strip()), min_count)
        for theme, entry in _scan_document(taxonomy, pages).items():
            if not entry.title and len(entry.sentences) < needed:
                continue
            totals[theme] = totals.get(theme, 0) + entry.count
            best_by_page: dict[int, _Sentence] = {}
            for sentence in entry.sentences.values():
                best = best_by_page.get(sentence.page)
                if best is None or (sentence.matches, -sentence.index) > (best.matches, -best.index):
                    best_by_page[sentence.page] = sentence
            candidates.setdefault(theme, []).extend(
                (s.matches, number, s, name, pages, entry.count) for s in best_by_page.values()
            )
    tags = []
    for theme in sorted(totals, key=lambda t: (-totals[t], t)):
        ranked = sorted(candidates[theme], key=lambda c: (-c[0], c[1], c[2].page, c[2].index))
        evidence = []
        for _, _, sentence, name, pages, count in ranked[:MAX_EVIDENCE]:
            text = pages[sentence.page][sentence.low : sentence.high].rstrip(_SENTENCE_STRIP)
            quote = _trim(text, sentence.start - sentence.low, sentence.end - sentence.low)
            evidence.append(Evidence(name, sentence.page + 1, quote, count))
        tags.append(ThemeTag(taxonomy.themes[theme].id, "detected", evidence))
    return tags


def merge_themes(manual_and_existing: Iterable[ThemeTag], detected: Iterable[ThemeTag]) -> list[ThemeTag]:
    """A record's themes after a new detection.

    Manual tags are kept as they are, first and in their order (a detection never
    removes or downgrades what a person said); earlier detected tags are dropped and
    the new detection's tags follow, except those a manual tag already gives.
    """
    merged: list[ThemeTag] = []
    seen: set[str] = set()
    for tag in manual_and_existing:
        if tag.origin == "manual" and tag.id not in seen:
            merged.append(tag)
            seen.add(tag.id)
    for tag in detected:
        if tag.id not in seen:
            merged.append(tag)
            seen.add(tag.id)
    return merged
