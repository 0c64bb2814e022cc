"""What a user typed, as the FTS5 queries each part of the search index answers (pure functions).

Words are ANDed, "quoted phrases" stay phrases, a trailing * makes a prefix,
OR between two terms is kept and a leading - excludes a term; nothing a user
types can be FTS5 syntax. Documents' text is indexed without the commonest
words (:data:`STOP_WORDS`), so their queries leave them out too. A query that
names themes also gets queries for the themes' other names (``also_docs``,
``also_pages``), which the index ranks below the words as typed; and, for each
theme it names (:class:`NamedTheme`), the queries that find records naming it
(:class:`ThemePart`), which the index ranks below the records tagged with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from learnkit.errors import InvalidError

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD_RE = re.compile(r"\w+", re.UNICODE)


# Words too common to look for in documents' text: doc_fts does not index them. A phrase of
# common words ("voice of the child") made FTS5 read the position of every "of" and "the" in
# every document, a second and more at national scale; without them it reads "voice" and
# "child". Kept short: articles, the commonest prepositions and conjunctions, forms of "be".
# Not "no", "not", pronouns or anything that can carry meaning in a review.
_STOP_LIST = (
    "a an and are as at be been by for from in into is it its of on or that the this to was were with"
)
STOP_WORDS = frozenset(_STOP_LIST.split())
_STOP_FORMS = frozenset(form for w in STOP_WORDS for form in (w, w.capitalize(), w.upper()))
# ASCII characters that are not letters or digits are gaps between words, for FTS5's tokenizer
# as here (bytes of other characters are left alone).
_GAP_BYTES = bytes(c if c >= 128 or chr(c).isalnum() else 32 for c in range(256))
_PART_RE = re.compile(r"[^\W_]+")


def doc_words(text: str) -> str:
    """A document's text as doc_fts indexes it: its words, without the :data:`STOP_WORDS`.

    FTS5 ignores punctuation and case, so the words alone, space-separated, index
    as the text would, less the common words. Cut in C (one byte translation and
    one split), as this runs over every page that goes into the library.
    """
    # (surrogatepass: a lone surrogate is not a reason to fail; pdf.py takes them out of page text)
    spaced = text.encode("utf-8", "surrogatepass").translate(_GAP_BYTES).decode("utf-8", "surrogatepass")
    return " ".join([w for w in spaced.split() if w not in _STOP_FORMS])


class SearchQuery:
    """What a user typed, as the FTS5 queries each part of the index answers.

    ``exact``: the query for records' own fields (and the default for the rest).
    ``docs``: for documents' text (doc_fts), with the common words left out of
    phrases and dropped as words; None when only common words are looked for.
    ``pages``: for choosing a document's best page: a phrase that had common
    words becomes a NEAR group of the rest, at most as far apart as the common
    words made them. ``any_word``: any word looked for, for the page when
    ``pages`` finds none (words that docs found apart, across common words or
    pages).
    ``also_docs`` and ``also_pages``: the same for the other names of the
    themes the query names (None when it names none): each theme's names ORed,
    in place of the words that named it, with the query's other terms.
    ``themes``: for each theme the query names (given as :class:`NamedTheme`),
    the queries for the records that name it; empty when it names none or when
    it joins terms with OR. ``rest_exact``/``rest_docs``: the query's other
    positive terms, which every record must also hold (None: there are none, the
    query is the themes' names alone); ``not_exact``/``not_docs``: its excluded
    terms, any of which keeps a record out.
    """

    __slots__ = (
        "exact",
        "docs",
        "pages",
        "any_word",
        "also_docs",
        "also_pages",
        "themes",
        "rest_exact",
        "rest_docs",
        "not_exact",
        "not_docs",
    )

    def __init__(
        self,
        exact: str,
        docs: str | None = None,
        pages: str | None = None,
        any_word: str | None = None,
        also_docs: str | None = None,
        also_pages: str | None = None,
    ) -> None:
        self.exact = exact
        self.docs = docs
        self.pages = pages or exact
        self.any_word = any_word
        self.also_docs = also_docs
        self.also_pages = also_pages
        self.themes: tuple[ThemePart, ...] = ()
        self.rest_exact: str | None = None
        self.rest_docs: str | None = None
        self.not_exact: str | None = None
        self.not_docs: str | None = None

    def __repr__(self) -> str:
        parts = f"docs={self.docs!r}, pages={self.pages!r}, any_word={self.any_word!r}"
        also = f", also_docs={self.also_docs!r}, also_pages={self.also_pages!r}" if self.also_docs else ""
        named = f", themes={self.themes!r}" if self.themes else ""
        return f"SearchQuery({self.exact!r}, {parts}{also}{named})"


class NamedTheme:
    """A theme a query names: its id, its names (label, then aliases) and the phrases that hold a name
    but do not name it (the theme's excluded phrases, and other themes' longer names)."""

    __slots__ = ("id", "names", "excluded")

    def __init__(self, theme_id: str, names: Sequence[str], excluded: Sequence[str] = ()) -> None:
        self.id = theme_id
        self.names = tuple(names)
        self.excluded = tuple(excluded)


class ThemePart:
    """What finds the records that name one theme a query names, besides those tagged with ``id``.

    ``exact``: its names as phrases in records' own fields (title, summary and
    points, not the themes field, which holds the names of a record's tags);
    ``docs``: in documents' text. A record whose text (fields, or a document)
    holds one of the excluded phrases ("abuse or neglect") is not taken to name
    it: the index cannot tell a name inside such a phrase from one outside, and
    detection, which can, has tagged the record if it is about the theme.
    ``pages``: its names on pages (for the page a hit shows).
    """

    __slots__ = ("id", "exact", "docs", "pages")

    def __init__(self, theme_id: str, exact: str, docs: str | None, pages: str | None = None) -> None:
        self.id = theme_id
        self.exact = exact
        self.docs = docs
        self.pages = pages

    def __repr__(self) -> str:
        return f"ThemePart({self.id!r}, {self.exact!r}, {self.docs!r})"


def _terms(text: str) -> list[tuple[bool, bool, list[str], bool]]:
    """(negated, or-with-the-previous, words, prefix) for each term of what a user typed."""
    terms: list[tuple[bool, bool, list[str], bool]] = []
    pending_or = False
    for match in _TOKEN_RE.finditer(text):
        negate, phrase, word = match.group(1), match.group(2), match.group(3)
        if phrase is None and word == "OR":
            pending_or = any(not t[0] for t in terms)
            continue
        prefix = False
        if phrase is None:
            negate = "-" if word.startswith("-") and len(word) > 1 else ""
            word = word.lstrip("-") if negate else word
            prefix = word.endswith("*")
            body = word
        else:
            body = phrase
        parts = [p.replace('"', "") for p in _WORD_RE.findall(body)]
        if not parts:
            continue
        terms.append((bool(negate), pending_or and not negate, parts, prefix))
        pending_or = False
    return terms


def _join(terms: list[tuple[bool, bool, str]]) -> str | None:
    """(negated, or-with-the-previous, FTS5 term) joined as fts_query documents; None without a positive."""
    positives: list[str] = []
    negatives: list[str] = []
    for negate, with_or, term in terms:
        if negate:
            negatives.append(term)
        elif with_or and positives:
            positives[-1] = f"({positives[-1]} OR {term})"
        else:
            positives.append(term)
    if not positives:
        return None
    query = " AND ".join(positives)
    for term in negatives:
        query = f"({query}) NOT {term}"
    return query


def _phrase(parts: list[str], prefix: bool) -> str:
    return '"' + " ".join(parts) + '"' + ("*" if prefix else "")


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query.

    Words are ANDed; "quoted phrases" stay phrases; a trailing * makes a
    prefix; OR between two terms is kept; a leading - excludes a term.
    Everything else (brackets, colons, quotes left open) is treated as text,
    never as FTS5 syntax, so no query can raise a syntax error.
    """
    terms = _terms(text)
    query = _join([(neg, with_or, _phrase(parts, prefix)) for neg, with_or, parts, prefix in terms])
    if query is None:
        if terms:
            raise InvalidError("a search needs at least one word to look for, not only excluded ones")
        raise InvalidError("the search has no words in it; try e.g. learnkit search neglect")
    return query


def _split(words: list[str], prefix: bool) -> tuple[list[str], str, str] | None:
    """A term's words looked for in documents, its doc_fts and its page_fts term (None: only common words)."""
    kept = [w for w in words if w.lower() not in STOP_WORDS]
    if prefix and words and words[-1] not in kept:
        kept.append(words[-1])  # "th*" looks for words that start so, not for "the"
    if not kept:
        return None  # a common word alone, or a phrase of them: documents' text does not have them
    if len(kept) == len(words) or len(kept) == 1:
        page = _phrase(words if len(kept) == len(words) else kept, prefix)
    else:
        near = " ".join(_phrase([w], prefix and i == len(kept) - 1) for i, w in enumerate(kept))
        page = f"NEAR({near}, {len(words) - len(kept)})"
    return kept, _phrase(kept, prefix), page


def _fold(word: str) -> str:
    """A word as theme names cover it: any case, singular or plural."""
    word = word.lower()
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def search_query(
    text: str, themes: Iterable[Iterable[str]] = (), named: Sequence[NamedTheme] = ()
) -> SearchQuery:
    """:func:`fts_query` for each part of the index (see :class:`SearchQuery`).

    ``themes``: for each theme the query names, its names (label and aliases),
    which make ``also_docs`` and ``also_pages``. ``named``: the same themes with
    their ids and excluded phrases, which make ``themes`` and the rest terms.
    """
    exact = fts_query(text)
    docs: list[tuple[bool, bool, str]] = []
    pages: list[tuple[bool, bool, str]] = []
    any_word: list[str] = []
    split: list[tuple[bool, bool, list[str], str, str]] = []
    for negate, with_or, parts, prefix in _terms(text):
        made = _split([w for p in parts for w in _PART_RE.findall(p)], prefix)
        if made is None:
            continue
        kept, doc_term, page_term = made
        split.append((negate, with_or, kept, doc_term, page_term))
        docs.append((negate, with_or, doc_term))
        pages.append((negate, with_or, page_term))
        if not negate:
            any_word += [_phrase([w], prefix and i == len(kept) - 1) for i, w in enumerate(kept)]
    also_docs, also_pages = _also(themes, split)
    query = SearchQuery(
        exact, _join(docs), _join(pages), " OR ".join(dict.fromkeys(any_word)) or None, also_docs, also_pages
    )
    # Terms joined by OR could join a theme with a word: such a query is searched by its words alone.
    if named and not any(with_or for _, with_or, *_ in split):
        _theme_parts(query, text, named)
    return query


def _theme_parts(query: SearchQuery, text: str, named: Sequence[NamedTheme]) -> None:
    """Set ``query``'s ``themes`` and its rest and excluded terms (see :class:`SearchQuery`)."""
    covered = {_fold(w) for theme in named for name in theme.names for w in _PART_RE.findall(name)}
    parts: list[ThemePart] = []
    for theme in named:
        exact = _names([[w for w in _WORD_RE.findall(n)] for n in theme.names])
        if exact is None:
            continue
        not_exact = _names([[w for w in _WORD_RE.findall(n)] for n in theme.excluded])
        split = [made for n in theme.names if (made := _split(_PART_RE.findall(n.lower()), False))]
        docs = _names([made[0] for made in split])
        pages = " OR ".join(dict.fromkeys(made[2] for made in split)) or None
        not_docs = _names([made[0] for n in theme.excluded if (made := _split(_PART_RE.findall(n), False))])
        fields = f"({exact}) NOT ({not_exact})" if not_exact else exact
        if docs is not None and not_docs is not None:
            docs = f"({docs}) NOT ({not_docs})"
        parts.append(ThemePart(theme.id, f"{{title summary body}} : ({fields})", docs, pages))
    query.themes = tuple(parts)
    rest: list[tuple[bool, list[str], bool]] = []
    for negate, _, words, prefix in _terms(text):
        if negate or not all(_fold(w) in covered for p in words for w in _PART_RE.findall(p)):
            rest.append((negate, words, prefix))
    positives = [(w, p) for neg, w, p in rest if not neg]
    negatives = [(w, p) for neg, w, p in rest if neg]
    if positives:
        query.rest_exact = " AND ".join(_phrase(w, p) for w, p in positives)
        made_docs = [_split([x for part in w for x in _PART_RE.findall(part)], p) for w, p in positives]
        query.rest_docs = " AND ".join(m[1] for m in made_docs if m) or None
    if negatives:
        query.not_exact = " OR ".join(_phrase(w, p) for w, p in negatives)
        made_not = [_split([x for part in w for x in _PART_RE.findall(part)], p) for w, p in negatives]
        query.not_docs = " OR ".join(m[1] for m in made_not if m) or None


def _names(phrases: Iterable[list[str]]) -> str | None:
    """Phrases ORed, each once (None: no phrase has a word)."""
    terms = dict.fromkeys(_phrase([w.lower() for w in words], False) for words in phrases if words)
    return " OR ".join(terms) or None


def _also(
    themes: Iterable[Iterable[str]], split: list[tuple[bool, bool, list[str], str, str]]
) -> tuple[str | None, str | None]:
    """The doc_fts and page_fts queries for the themes' names, with the query's terms they do not cover."""
    groups_docs: list[tuple[bool, bool, str]] = []
    groups_pages: list[tuple[bool, bool, str]] = []
    covered: set[str] = set()
    for names in themes:
        alternatives: dict[str, str] = {}
        for name in names:
            words = _PART_RE.findall(name)
            covered.update(_fold(w) for w in words)
            made = _split(words, False)
            if made is not None:
                alternatives.setdefault(made[1], made[2])
        if alternatives:
            groups_docs.append((False, False, "(" + " OR ".join(alternatives) + ")"))
            groups_pages.append((False, False, "(" + " OR ".join(dict.fromkeys(alternatives.values())) + ")"))
    if not groups_docs:
        return None, None
    # The query's other terms still hold: "neglect -drugs" is neglect's names, without drugs.
    rest = [t for t in split if t[0] or not all(_fold(w) in covered for w in t[2])]
    docs = _join(groups_docs + [(neg, with_or, doc) for neg, with_or, _, doc, _ in rest])
    pages = _join(groups_pages + [(neg, with_or, page) for neg, with_or, _, _, page in rest])
    return docs, pages


def query_words(text: str) -> list[str]:
    """The plain words of a query, lowercased (for suggestions)."""
    return [w.lower() for w in _WORD_RE.findall(text) if w != "OR"]
