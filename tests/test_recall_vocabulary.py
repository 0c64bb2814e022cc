"""Practice themes found when a text says them in practitioners' other words (issue 12), real taxonomy.

Each wording is given in a plain sentence of a one-page briefing, where any theme named outside
boilerplate is given; the other senses of the same words are given beside them.
"""

from __future__ import annotations

import pytest

from learnkit.knowledge.detect import detect
from learnkit.knowledge.themes import Taxonomy, load_taxonomy
from learnkit.paths import taxonomy_file


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(taxonomy_file())


def themes_of(taxonomy: Taxonomy, *pages: str) -> set[str]:
    return {t.id for t in detect(taxonomy, [("doc.pdf", list(pages))])}


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("Practitioners struggled to keep their focus on children at home.", "voice-of-the-child"),
        ("The boy was never seen on their own by the social worker.", "voice-of-the-child"),
        ("Nobody asked what life was like at home for the girl.", "voice-of-the-child"),
        ("The child was not listened to when she spoke of home.", "voice-of-the-child"),
        ("No one spoke to the child alone.", "voice-of-the-child"),
        ("The father was not assessed, though he lived at the house.", "hidden-men"),
        ("There was good communication between the nurses and the social worker.", "information-sharing"),
        ("The school's concerns were not passed on to the health visitor.", "information-sharing"),
        ("Core assessments should be shared with the core group members.", "information-sharing"),
        ("Contact with fathers should be routinely recorded in the health records.", "record-keeping"),
        ("The purpose of each meeting should be recorded.", "record-keeping"),
        ("The outcome of the visit was not recorded.", "record-keeping"),
        ("Professionals should work together to keep the baby safe.", "multi-agency-working"),
        ("A multi-agency strategy meeting should follow any unexplained injury.", "multi-agency-working"),
        ("The ward staff engaged with Dad well and as an equal parent.", "hidden-men"),
        ("The stepfather was not assessed before he moved in.", "hidden-men"),
        ("Services should consider the family as a whole.", "think-family"),
        ("Schools missed children with mental health problems.", "emotional-wellbeing-mental-health"),
        ("He experienced abuse and neglect throughout his early years.", "neglect"),
        ("The review looked at injuries to children under 1 in the area.", "babies-pre-birth"),
        ("Many boys and girls are looking after a parent who is ill.", "young-carers"),
    ],
)
def test_a_practitioners_wording_names_its_theme(taxonomy: Taxonomy, sentence: str, theme: str) -> None:
    page = f"Learning briefing\nWhat happened\n{sentence}\n"
    assert theme in themes_of(taxonomy, page)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        # The statutory formula is still no sign of neglect.
        ("A review is held where abuse and neglect is known or suspected.", "neglect"),
        ("The partnership protects children from abuse and neglect.", "neglect"),
        # Recording as a sense of keeping records only: a recorded interview, a record of a crime.
        ("The police recorded an interview with the boy.", "record-keeping"),
        # Learning passed on to staff is not information about a child passed between agencies.
        ("The learning should be shared with all staff.", "information-sharing"),
        # Working together as the name of the statutory guidance is not agencies working together.
        ("The review followed Working Together to Safeguard Children 2018.", "multi-agency-working"),
        # Services brought together in one place are not babies under one.
        ("The hub brings health and social care under one roof.", "babies-pre-birth"),
        # Support from the family is not the early help service of that name.
        ("The mother had no family support after the birth.", "early-help"),
    ],
)
def test_other_senses_name_nothing(taxonomy: Taxonomy, sentence: str, theme: str) -> None:
    page = f"Learning briefing\nWhat happened\n{sentence}\n"
    assert theme not in themes_of(taxonomy, page)


def test_a_missed_appointment_in_a_recording_sentence_stays_was_not_brought(taxonomy: Taxonomy) -> None:
    page = "Learning briefing\nWhat happened\nMissed appointments should be recorded in the child's notes.\n"
    found = themes_of(taxonomy, page)
    assert {"was-not-brought", "record-keeping"} <= found


def test_a_young_person_focused_on_stays_an_adolescent(taxonomy: Taxonomy) -> None:
    # "focus on children" is the voice of the child, but a young person named is still an adolescent.
    page = "Learning briefing\nWhat happened\nStaff kept their focus on children; young people were seen.\n"
    assert {"voice-of-the-child", "adolescents"} <= themes_of(taxonomy, page)
