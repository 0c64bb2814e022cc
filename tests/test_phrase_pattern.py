"""The taxonomy's phrase pattern, which finds where a theme may be named before any word is stemmed.

Detection reads text through :attr:`Taxonomy.text_pattern` where it can and word by word where it
cannot (letters outside ASCII, inner apostrophes); these tests hold the two to the same answers, and
the pattern to the stemmer it was built from, so a change to either that breaks the other fails here.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnkit.knowledge.detect import detect, mentions
from learnkit.knowledge.themes import (
    PATTERN_WORDS,
    Taxonomy,
    load_taxonomy,
    parse_taxonomy,
    phrase_starts,
    scan,
    words,
)
from learnkit.paths import taxonomy_file
from learnkit.reading.stem import beginnings, stem

# What forces the word-by-word reading: a letter outside ASCII, in a word of its own.
WORD_BY_WORD = " caf\u00e9"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(taxonomy_file())


def both_ways(taxonomy: Taxonomy, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The mentions of ``text`` by the pattern and word by word (the added word names nothing)."""
    return mentions(taxonomy, text), mentions(taxonomy, text + WORD_BY_WORD)


@given(st.from_regex(r"[A-Za-z]{1,12}(?:'s)?", fullmatch=True))
def test_every_word_begins_with_a_beginning_of_its_stem(word: str) -> None:
    assert any(word.lower().startswith(b) for b in beginnings(stem(word)))


@pytest.mark.parametrize(
    "word",
    [
        "behavior",
        "behaviors",
        "Behavioral",
        "men",
        "women's",
        "people",
        "babies",
        "baby",
        "hoping",
        "organized",
        "hopping",
        "fully",
        "carefulness",
        "agreed",
        "children's",
        "feet",
        "lives",
    ],
)
def test_the_stemmers_exceptions_have_their_beginnings(word: str) -> None:
    assert any(word.lower().startswith(b) for b in beginnings(stem(word)))


def inflect(word: str, how: int) -> str:
    forms = (
        word,
        word + "s",
        word + "ed",
        word + "ing",
        word.upper(),
        word.capitalize(),
        word + "'s",
        word + "\u2019s",
        word + "y",
    )
    return forms[how % len(forms)]


GLUE = [
    " ",
    ", ",
    " and ",
    " or ",
    " and/or ",
    "-",
    "  ",
    " (",
    ") ",
    "; ",
    ": ",
    " \u2013 ",
    "\n",
    "_",
    " the ",
    " a 3-month-old ",
    " aged 15 years ",
    "''",
    "\u201c",
    "\u201d ",
]


@st.composite
def practitioners_text(draw: st.DrawFn, taxonomy: Taxonomy) -> str:
    """Text made of the taxonomy's own phrases (inflected) and the glue between words of reports."""
    phrases = [p for theme in taxonomy for p in (theme.label, *theme.aliases, *theme.exclude)]
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        phrase = draw(st.sampled_from(phrases))
        parts.append(" ".join(inflect(w, draw(st.integers(0, 20))) for w in phrase.split()))
        parts.append(draw(st.sampled_from(GLUE)))
    return "".join(parts)


@st.composite
def cut_phrases_text(draw: st.DrawFn, taxonomy: Taxonomy) -> str:
    """Text of the first words of the taxonomy's long phrases, some whole, some cut short or coordinated.

    The pattern spells out only the first words of a long phrase; the rest is left to the reading.
    """
    phrases = [
        p.split()
        for theme in taxonomy
        for p in (theme.label, *theme.aliases, *theme.exclude)
        if len(p.split()) > PATTERN_WORDS
    ]
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        phrase = draw(st.sampled_from(phrases))
        cut = draw(st.integers(1, len(phrase)))
        kept = [inflect(w, draw(st.integers(0, 20))) for w in phrase[:cut]]
        if draw(st.booleans()):
            at = draw(st.integers(1, len(kept)))
            kept[at:at] = [draw(st.sampled_from(["and", "or", "and the", "or a"])), "other"]
        parts.append(" ".join(kept + phrase[cut:] if draw(st.booleans()) else kept))
        parts.append(draw(st.sampled_from(GLUE)))
    return "".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_long_phrases_whole_or_cut_read_the_same_both_ways(taxonomy: Taxonomy, data: st.DataObject) -> None:
    text = data.draw(cut_phrases_text(taxonomy))
    by_pattern, by_words = both_ways(taxonomy, text)
    assert by_pattern == by_words


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_the_pattern_finds_what_reading_word_by_word_finds(taxonomy: Taxonomy, data: st.DataObject) -> None:
    text = data.draw(practitioners_text(taxonomy))
    by_pattern, by_words = both_ways(taxonomy, text)
    assert by_pattern == by_words
    # And every phrase the trie reads in the words is among them (joined phrases and ages add more).
    if not re.search(r"[;:()\[\]]", text):
        assert {t for _, _, t in scan(taxonomy.text_index, words(text))} <= {t for t, _ in by_pattern}


@pytest.mark.parametrize(
    "text",
    [
        "Physical, sexual and emotional abuse of the children was not recognised.",
        "The CHILD'S VOICE was not heard; neglected children and domestic-abuse",
        "Behavior of the father\u2019s new partner (hidden men) was not assessed",
        "a 10-week-old baby with bruising, and a fifteen year old",
        "abuse or neglect of the baby, where neglect is known or suspected",
    ],
)
def test_report_sentences_read_the_same_both_ways(taxonomy: Taxonomy, text: str) -> None:
    by_pattern, by_words = both_ways(taxonomy, text)
    assert by_pattern == by_words and by_pattern


def test_each_taxonomy_has_its_own_pattern() -> None:
    # A pattern kept anywhere but on its taxonomy would give one taxonomy's phrases to another.
    def one(alias: str) -> Taxonomy:
        return parse_taxonomy(
            {"theme": [{"id": "okapi", "label": "Okapi", "group": "the child", "aliases": [alias]}]}
        )

    first, second = one("striped forest giraffe"), one("tapir sighting")
    text = "A striped forest giraffe and a tapir sighting."
    assert [t.id for t in detect(first, [("a.pdf", [text])])] == ["okapi"]
    assert mentions(second, text) == [(0, text.index("tapir"))]
    assert mentions(first, text) == [(0, text.index("striped"))]
    assert first.text_pattern is first.text_pattern and first.text_pattern is not second.text_pattern


def test_a_page_read_whole_quotes_as_its_lines_read_one_by_one(taxonomy: Taxonomy) -> None:
    # Each line of a page takes its phrases from one search of the page: where a phrase is in the line
    # decides which part of a long sentence is quoted, so it must be counted from the line's start.
    filler = "The family moved twice in the year and the school saw the children most days of the week. "
    lines = [
        "Learning briefing",
        filler * 3 + "Professionals did not share information about the father's new partner.",
        "  " + filler * 2 + "The mother misused alcohol and the children were neglected at home.",
    ]
    page = "\n".join(lines)
    whole = detect(taxonomy, [("a.pdf", [page])])
    # The same page with a word outside ASCII at its end is read line by line, word by word.
    by_words = detect(taxonomy, [("a.pdf", [page + "\nCaf\u00e9 opening times"])])
    assert [(t.id, t.evidence) for t in whole] == [(t.id, t.evidence) for t in by_words]
    quotes = {t.id: t.evidence[0].sentence for t in whole}
    assert "share information" in quotes["information-sharing"]
    assert "misused alcohol" in quotes["parental-substance-misuse"]


def long_taxonomy() -> Taxonomy:
    """Phrases longer than the pattern spells out, one going on past a shorter one, and one excluded."""
    return parse_taxonomy(
        {
            "theme": [
                {
                    "id": "okapi",
                    "label": "Okapi",
                    "group": "the child",
                    "aliases": ["striped forest giraffe of the northern basin", "forest giraffe sighting"],
                    "exclude": ["striped forest giraffe of the zoo"],
                },
                {
                    "id": "tapir",
                    "label": "Tapir theme",
                    "group": "the child",
                    "aliases": ["lowland tapir", "lowland tapir sighting reported by rangers"],
                },
            ]
        }
    )


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Striped forest giraffe of the northern basin, seen twice.", ["okapi"]),
        ("A STRIPED forest-giraffe of the Northern Basin's rivers", ["okapi"]),
        ("a striped forest giraffe of the southern plains", []),
        ("a striped forest giraffe of the zoo", []),  # excluded
        ("striped forest giraffe of the zoo and forest giraffe sighting", ["okapi"]),
        ("a striped forest giraffe; of the northern basin", []),  # a phrase does not run over a semicolon
        ("lowland tapir sighting reported by rangers", ["tapir"]),
        ("lowland tapir sighting reported by", ["tapir"]),  # the shorter phrase inside it
        ("lowland and other tapir", ["tapir"]),  # coordinated: the parts share the phrase's end
        ("unstriped forest giraffe of the northern basin", []),  # no phrase starts inside a word
        ("x_striped forest giraffe of the northern basin", ["okapi"]),  # an underscore parts words
    ],
)
def test_phrases_longer_than_the_pattern_spells_read_the_same_both_ways(text: str, named: list[str]) -> None:
    taxonomy = long_taxonomy()
    by_pattern, by_words = both_ways(taxonomy, text)
    assert by_pattern == by_words
    assert [taxonomy.themes[theme].id for theme, _ in by_pattern] == named


def test_the_pattern_finds_where_words_start_at_the_start_of_the_text_too() -> None:
    pattern = long_taxonomy().text_pattern
    text = "lowland tapir, then (lowland tapir) and lowland-tapir and a lowland-tapir"
    assert phrase_starts(pattern, text) == [at for at in range(len(text)) if text.startswith("lowland", at)]
    assert phrase_starts(pattern, "") == []
    assert phrase_starts(pattern, "the lowlands; the tapir") == []
