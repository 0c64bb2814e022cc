"""Coordinated phrasing: a theme's phrase split by "and"/"or", as reviews write it, real taxonomy.

"poor physical and mental health" names poor physical health (the parts share the phrase's end);
"assessment of mothers and fathers" names the assessment of fathers (after a linking word, the parts
share its beginning). The pattern reading and the word-by-word reading find the same; what is read
this way only adds a theme, and the limits (a sentence, a few words, no clause of its own, no
possessive end, excluded phrases) hold.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnkit.knowledge.detect import detect
from learnkit.knowledge.mentions import mentions
from learnkit.knowledge.themes import Taxonomy, load_taxonomy, words
from learnkit.paths import taxonomy_file

# What forces the word-by-word reading: a letter outside ASCII, in a word of its own.
WORD_BY_WORD = " caf\u00e9"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(taxonomy_file())


def named(taxonomy: Taxonomy, text: str) -> set[str]:
    """The themes a text names, read both ways (and the two readings must agree)."""
    by_pattern = mentions(taxonomy, text)
    by_words = mentions(taxonomy, text + WORD_BY_WORD)
    assert by_pattern == by_words
    return {taxonomy.themes[theme].id for theme, _ in by_pattern}


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        # The parts share the phrase's end.
        ("The mother had poor physical and mental health.", "parental-physical-illness"),
        ("There was a history of domestic and sexual violence.", "domestic-abuse"),
        ("He showed controlling and coercive behaviour towards her.", "domestic-abuse"),
        ("Both parents had a history of drug and/or alcohol misuse.", "parental-substance-misuse"),
        ("Staff should work hard to engage with and support young people.", "voice-of-the-child"),
        ("The boy had missed health and dental appointments.", "was-not-brought"),
        ("The sharing and recording of information was poor.", "information-sharing"),
        ("Agencies kept accurate and timely records.", "record-keeping"),
        ("The quality and timeliness of referrals varied.", "thresholds-referrals"),
        ("Parents and carers did not engage with the plan.", "disguised-compliance"),
        ("Agencies and professionals work together well here.", "multi-agency-working"),
        # After a linking word, the parts share its beginning.
        ("There was no assessment of mothers and fathers.", "hidden-men"),
        ("Practitioners should be working with mothers and fathers alike.", "hidden-men"),
        ("The views of parents, carers and children were sought.", "voice-of-the-child"),
        ("She made a referral to the police and children's social care.", "thresholds-referrals"),
        ("Keep the focus on the parents and the child.", "voice-of-the-child"),
    ],
)
def test_a_coordinated_phrase_names_its_theme(taxonomy: Taxonomy, sentence: str, theme: str) -> None:
    assert theme in named(taxonomy, sentence)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        # The other part is a clause of its own: the parent is not ill, the parent has a mental illness.
        ("The ill family member was a parent and had mental illness.", "parental-physical-illness"),
        # A possessive belongs to what follows it.
        (
            "There is an overlap between children's experience of domestic abuse and children's offending.",
            "voice-of-the-child",
        ),
        # Not across the end of a sentence.
        ("She had poor physical. And mental health was not discussed.", "parental-physical-illness"),
        # Not over more words than a part of a phrase's place holds.
        ("Staff should engage with and then, later on, support young people.", "voice-of-the-child"),
        # An excluded phrase still excludes when it is coordinated.
        ("The mother had no family or local social support.", "early-help"),
        # A beginning made only of function words is no beginning of a theme.
        ("The boy should be weighed and recorded.", "record-keeping"),
    ],
)
def test_coordination_keeps_its_limits(taxonomy: Taxonomy, sentence: str, theme: str) -> None:
    assert theme not in named(taxonomy, sentence)


def test_coordination_adds_and_hides_nothing(taxonomy: Taxonomy) -> None:
    # "engage with young people" read across "and support" is the voice of the child; "young people"
    # still names adolescents, and "sexual" shares "abuse" with "physical abuse" as before.
    assert {"voice-of-the-child", "adolescents"} <= named(taxonomy, "Engage with and support young people.")
    assert {"physical-abuse", "child-sexual-abuse"} <= named(taxonomy, "It was sexual and physical abuse.")
    # A conjunction inside a phrase the taxonomy reads whole is not read again: the statutory formula.
    assert "neglect" not in named(taxonomy, "Where abuse and neglect is known or suspected.")


def test_a_briefing_naming_a_theme_in_coordinated_words_is_given_it(taxonomy: Taxonomy) -> None:
    page = "Learning briefing\nWhat happened\nThe mother had poor physical and mental health.\n"
    assert "parental-physical-illness" in {t.id for t in detect(taxonomy, [("doc.pdf", [page])])}


# Words that stand for the other part of coordinated phrasing: plain words, taxonomy words, function
# words and clause words, so that the limits are exercised as well as the readings.
FILLERS = ["mental", "local", "the", "had", "support", "parents", "children's", "health", "and", "or"]


@st.composite
def coordinated_text(draw: st.DrawFn, taxonomy: Taxonomy) -> str:
    """A phrase of the taxonomy cut in two, with a conjunction and a few other words in the cut."""
    phrases = [p for theme in taxonomy for p in (*theme.aliases, *theme.exclude) if len(p.split()) > 1]
    phrase = draw(st.sampled_from(phrases)).split()
    cut = draw(st.integers(1, len(phrase) - 1))
    others = " ".join(draw(st.lists(st.sampled_from(FILLERS), min_size=1, max_size=4)))
    conjunction = draw(st.sampled_from([" and ", " or ", ", and ", " and/or "]))
    # The parts share the end, or the beginning.
    middle = conjunction + others + " " if draw(st.booleans()) else " " + others + conjunction
    glue = draw(st.sampled_from(["", "The ", "There was ", "It was said that "]))
    return (
        glue
        + " ".join(phrase[:cut])
        + middle
        + " ".join(phrase[cut:])
        + draw(st.sampled_from(["", ".", "'s"]))
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_coordinated_text_reads_the_same_both_ways(taxonomy: Taxonomy, data: st.DataObject) -> None:
    text = data.draw(coordinated_text(taxonomy))
    named(taxonomy, text)  # asserts the two readings agree


def test_the_parts_share_the_phrases_own_words(taxonomy: Taxonomy) -> None:
    # The end read after the conjunction is the rest of a phrase of the taxonomy, word for word.
    assert words("poor physical health") in [
        list(words(a)) for a in taxonomy.get("parental-physical-illness").aliases
    ]  # type: ignore[union-attr]
