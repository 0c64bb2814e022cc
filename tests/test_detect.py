"""Theme detection by salience, on short texts and on long reviews made here, with the real taxonomy."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnkit.knowledge.detect import detect, merge_themes
from learnkit.knowledge.themes import Taxonomy, load_taxonomy, parse_taxonomy
from learnkit.models import Evidence, ThemeTag
from learnkit.paths import taxonomy_file


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(taxonomy_file())


def themes_of(taxonomy: Taxonomy, *pages: str) -> list[str]:
    return [t.id for t in detect(taxonomy, [("doc.pdf", list(pages))])]


# --- short texts: what a one-page briefing names, it is about ---------------------------------------


def test_a_briefing_is_given_each_risk_factor_it_names(taxonomy: Taxonomy) -> None:
    page = (
        "Learning briefing: Child K\n"
        "Child K lived with her mother and two siblings in temporary accommodation.\n"
        "There was a history of domestic abuse, and the mother misused alcohol.\n"
        "Professionals did not look beyond what the mother told them.\n"
    )
    found = themes_of(taxonomy, page)
    assert {"domestic-abuse", "housing-poverty", "parental-substance-misuse"} <= set(found)


@pytest.mark.parametrize(
    "sentence",
    [
        "When a child dies and abuse or neglect is known or suspected, the partnership must consider one.",
        "Reviews are held where a child has died or been seriously harmed as a result of abuse or neglect.",
        "The Board must decide whether the case meets the criteria for a serious case review.",
        "Skip to content",
        "Download the briefing (PDF)",
        "Race, Language, Culture, Religion and Disability",
        "Safeguarding means preventing impairment of children's mental and physical health or development.",
        "Page 3",
    ],
)
def test_boilerplate_and_navigation_give_nothing(taxonomy: Taxonomy, sentence: str) -> None:
    assert themes_of(taxonomy, sentence) == []


def test_a_bare_list_of_other_documents_titles_gives_nothing(taxonomy: Taxonomy) -> None:
    page = (
        "7 Minute Briefings\n"
        "Seven minute briefings are short, team based learning sessions for busy services.\n"
        "Child Sexual Abuse in the Family Environment\n"
        "Concealed and Denied Pregnancy\n"
        "Early Help Assessment Form\n"
        "Private Fostering\n"
        "Domestic Abuse and Coercive Control\n"
        "Voice of the Child\n"
    )
    assert themes_of(taxonomy, page) == []


def test_a_list_the_text_introduces_counts(taxonomy: Taxonomy) -> None:
    page = (
        "Learning from the review of Family P\n"
        "The review found these risks in the household:\n"
        "Domestic abuse\n"
        "Parental substance misuse\n"
        "Poor home conditions\n"
        "Missed health appointments\n"
        "Private fostering\n"
    )
    found = set(themes_of(taxonomy, page))
    assert {"domestic-abuse", "parental-substance-misuse", "private-fostering"} <= found


def test_own_contents_lines_count(taxonomy: Taxonomy) -> None:
    page = (
        "National review of men in the lives of babies\n"
        "Contents\n"
        "Introduction 3\n"
        "Impact of domestic abuse, substance misuse and adult mental health issues 26\n"
        "Conclusions 40\n"
    )
    found = set(themes_of(taxonomy, page))
    assert {"domestic-abuse", "parental-substance-misuse", "parental-mental-health", "toxic-trio"} <= found


# --- vocabulary from practice -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A 3-month-old baby was found to have rib fractures.",
            {"babies-pre-birth", "non-accidental-injury"},
        ),
        (
            "The health visitor saw an 8 week old infant with bruising.",
            {"babies-pre-birth", "non-accidental-injury"},
        ),
        ("Child B, a fifteen-year-old, was out late most nights.", {"adolescents"}),
        (
            "The children suffered physical and emotional abuse for years.",
            {"physical-abuse", "emotional-abuse"},
        ),
        (
            "She experienced physical, sexual and emotional abuse.",
            {"physical-abuse", "child-sexual-abuse", "emotional-abuse"},
        ),
        ("Drug and alcohol misuse by both parents was known to services.", {"parental-substance-misuse"}),
        ("The children were on the child protection register for two years.", {"child-protection-plans"}),
        ("The GPs were not invited to the meeting.", {"health-practitioners"}),
        ("Two CAFs were opened but closed within weeks.", {"early-help"}),
        ("The child's views were not recorded in the assessment.", {"voice-of-the-child"}),
        ("The referral did not meet the threshold for children's social care.", {"thresholds-referrals"}),
        ("He was groomed into county lines drug running.", {"criminal-exploitation"}),
        (
            "Both parents misused substances and the mother had consumed alcohol.",
            {"parental-substance-misuse"},
        ),
        ("The parents did not engage with the health visitor.", {"disguised-compliance"}),
        ("The family were Gypsy Travellers and moved between sites.", {"culture-ethnicity-race"}),
        ("The baby showed faltering growth and poor hygiene.", {"neglect"}),
        ("A father with mental health problems was living in the home.", {"parental-mental-health"}),
        ("Practitioners should keep the child at the centre of their work.", {"voice-of-the-child"}),
        ("Staff felt unable to challenge other professionals about the plan.", {"escalation-challenge"}),
        ("Referral decisions were not explained to the school.", {"thresholds-referrals"}),
    ],
)
def test_practitioners_words_name_their_themes(taxonomy: Taxonomy, text: str, expected: set[str]) -> None:
    assert expected <= set(themes_of(taxonomy, text))


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        (
            "The case did not meet the threshold for a serious case review at that time.",
            "thresholds-referrals",
        ),
        ("The baby was taken to hospital by his father, who was worried about a rash.", "hidden-men"),
        ("The older child was at primary school and doing well there.", "adolescents"),
        ("Services for children and young people in the area were reorganised.", "adolescents"),
        ("The adult had been known to services for self-neglect for many years.", "neglect"),
        ("This policy is for all staff who work with babies, children and young people.", "babies-pre-birth"),
        ("Young people can be reluctant to engage with services.", "disguised-compliance"),
        (
            "Where children experienced domestic abuse, the review looked at the response.",
            "voice-of-the-child",
        ),
        (
            "The review explored cultural and organisational barriers to good practice.",
            "culture-ethnicity-race",
        ),
        ("The Learning and Improvement subgroup met in March.", "learning-culture"),
        (
            "Serious case reviews help agencies learn lessons about how multi-agency working can improve.",
            "multi-agency-working",
        ),
    ],
)
def test_words_used_in_another_sense_do_not(taxonomy: Taxonomy, text: str, not_expected: str) -> None:
    assert not_expected not in themes_of(taxonomy, text)


def test_a_list_of_references_or_resources_gives_nothing(taxonomy: Taxonomy) -> None:
    page = (
        "Learning briefing: disguised compliance\n"
        "Parents gave the appearance of co-operating with agencies.\n"
        "References\n"
        "Smith, J. (2014) In the child's time: professional responses to neglect. London: Ofsted.\n"
        "Resources on parental mental health for practitioners (2020).\n"
    )
    assert themes_of(taxonomy, page) == ["disguised-compliance"]
    # The same lines in the document's own text count.
    assert "neglect" in themes_of(taxonomy, page.replace("References\n", "Practice\n"))


def test_a_short_text_laid_over_several_pages_keeps_every_theme_it_names(taxonomy: Taxonomy) -> None:
    # A briefing of short lines, or slides, fills pages with little text: it is short by what it says.
    risks = [
        "Neglect of the children's basic needs.",
        "Domestic abuse between the parents.",
        "The mother's mental health.",
        "Parental substance misuse.",
        "Poor housing and debt.",
        "The voice of the child was not heard.",
        "Information sharing between agencies.",
        "The child protection plan was not followed.",
        "Hidden men in the household.",
        "Self-harm by the older child.",
    ]
    pages = ["Learning briefing\n" + "\n".join(risks[i : i + 3]) for i in range(0, len(risks), 3)]
    found = themes_of(taxonomy, *pages)
    assert len(pages) == 4 and len(found) >= 10


def test_an_implied_theme_comes_with_its_source(taxonomy: Taxonomy) -> None:
    found = themes_of(taxonomy, "Bruising in non-mobile babies: the protocol for practitioners.")
    assert {"bruising-non-mobile-babies", "non-accidental-injury", "babies-pre-birth"} <= set(found)


# --- long reviews: the central themes, not everything mentioned ---------------------------------------

PASSING = (
    "{n}.1 The GP saw the family at the surgery and the health visitor made a home visit the same week. "
    "{n}.2 The school reported that the children were often late and the family had moved twice. "
    "{n}.3 The social worker visited the home and discussed the plan with the mother and the GP. "
    "{n}.4 The health visitor recorded the visit and the midwife shared her notes with the team. "
)


def neglect_review(pages: int = 40) -> list[str]:
    """A long neglect review: every page names GPs and health visitors in passing."""
    out = [
        "Serious Case Review: Family W\n"
        "A review of long-term neglect of four children\n"
        "Executive summary\n"
        "The children lived with chronic neglect for six years before they were removed. "
        "Neglect of their basic needs was seen by many agencies, but no one brought the picture together."
    ]
    for n in range(2, pages + 1):
        page = PASSING.format(n=n)
        if n % 3 == 0:
            page += f"{n}.5 The home conditions were poor and the neglect of the children continued. "
        if n == 12:
            page = "4. Domestic abuse\n" + page + "4.6 Police attended two incidents of domestic abuse."
        out.append(page)
    out.append(
        "Findings and recommendations\n"
        "Finding 1: Agencies did not recognise the cumulative impact of neglect.\n"
        "Recommendation 1: The partnership should promote the use of a neglect assessment tool.\n"
        "Recommendation 2: Practitioners should consider the neglect of each child separately."
    )
    return out


def test_a_long_review_keeps_at_most_eight_themes_with_what_they_imply(taxonomy: Taxonomy) -> None:
    # The toxic trio brings its three parts: with seven other headed themes, some must give way.
    headings = [
        "The toxic trio in the household",
        "Escalation and challenge between professionals",
        "The voice of the child",
        "Disabled children",
        "Professional curiosity",
        "Housing and poverty",
        "Early help",
        "Information sharing",
    ]
    pages = [f"{n}. {heading}\n" + PASSING.format(n=n) for n, heading in enumerate(headings, 2)]
    pages += [PASSING.format(n=n) for n in range(10, 31)]
    pages.insert(0, "Child Safeguarding Practice Review: Child T\nThe toxic trio and a baby at risk")
    found = themes_of(taxonomy, *pages)
    assert len(found) <= 8
    assert {"toxic-trio", "domestic-abuse", "parental-mental-health", "parental-substance-misuse"} <= set(
        found
    )


def test_a_long_neglect_review_leads_with_neglect_not_the_professions_it_names(taxonomy: Taxonomy) -> None:
    tags = detect(taxonomy, [("family-w.pdf", neglect_review())])
    found = [t.id for t in tags]
    assert found[0] == "neglect"
    assert "health-practitioners" not in found
    assert len(found) <= 8


def test_a_theme_named_in_a_heading_of_a_long_review_is_kept(taxonomy: Taxonomy) -> None:
    found = [t.id for t in detect(taxonomy, [("family-w.pdf", neglect_review())])]
    assert "domestic-abuse" in found


def test_a_long_review_drops_an_aside(taxonomy: Taxonomy) -> None:
    pages = neglect_review()
    pages[20] += "20.9 The mother once mentioned that a cousin had been privately fostered."
    assert "private-fostering" not in [t.id for t in detect(taxonomy, [("family-w.pdf", pages)])]
    # The same aside in a one-page briefing is part of what it says.
    short = "Briefing: Family W\nThe mother mentioned that a cousin had been privately fostered."
    assert "private-fostering" in themes_of(taxonomy, short)


def test_the_toxic_trio_needs_the_three_as_the_subject(taxonomy: Taxonomy) -> None:
    pages = neglect_review()
    pages[5] += "5.9 The father drank heavily. "
    pages[15] += "15.9 The mother had postnatal depression. "
    assert "toxic-trio" not in [t.id for t in detect(taxonomy, [("family-w.pdf", pages)])]
    heading = "The toxic trio\nDomestic abuse, parental mental health and substance misuse were all present."
    assert "toxic-trio" in themes_of(taxonomy, heading)


# --- evidence and scores ------------------------------------------------------------------------------


def domestic_abuse_review() -> list[str]:
    """A 30-page review laid out another way: a contents page, numbered sections, findings with their own
    headings; every page names a child protection plan, the GP and the school in passing."""
    out = [
        "Child Safeguarding Practice Review: Child D\nWestshire Safeguarding Children Partnership\n"
        "Contents\nIntroduction ........ 3\nThe family and the men in Child D's life ........ 6\n"
        "Domestic abuse and coercive control ........ 12\nFindings ........ 25\nRecommendations ........ 29"
    ]
    for n in range(2, 31):
        page = (
            f"{n}.1 Child D was subject to a child protection plan and the core group met in the month. "
            f"{n}.2 The GP and the school were told of the plan and attended when they could. "
            f"{n}.3 The social worker visited and saw Child D with her mother at the family home. "
        )
        if 6 <= n <= 11:
            page += (
                f"{n}.4 The mother's partner was never assessed, and agencies did not know he lived there. "
            )
        if 12 <= n <= 24:
            page += (
                f"{n}.4 Police were called to incidents of domestic abuse and coercive control in the home. "
            )
        out.append(page)
    out.append(
        "Findings\n"
        "Finding 1\nProfessionals did not see the risk that domestic abuse posed to Child D.\n"
        "Finding 2\nThe mother's partner stayed hidden from every agency.\n"
        "Recommendations\n"
        "Recommendation 1\nThe partnership should train staff to ask about domestic abuse at every contact.\n"
        "Recommendation 2\nAgencies should identify and assess every man in a child's household."
    )
    return out


def test_a_review_laid_out_another_way_keeps_its_central_themes(taxonomy: Taxonomy) -> None:
    found = [t.id for t in detect(taxonomy, [("child-d.pdf", domestic_abuse_review())])]
    assert found[:2] == ["domestic-abuse", "hidden-men"] or found[:2] == ["hidden-men", "domestic-abuse"]
    assert "health-practitioners" not in found and "child-protection-plans" not in found
    assert len(found) <= 8


def test_each_theme_keeps_its_score_and_evidence(taxonomy: Taxonomy) -> None:
    tags = detect(taxonomy, [("family-w.pdf", neglect_review())])
    scores = [t.score for t in tags]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    neglect = tags[0]
    assert neglect.origin == "detected"
    assert 1 <= len(neglect.evidence) <= 3
    assert len({e.page for e in neglect.evidence}) == len(neglect.evidence)  # one quote a page
    for quote in neglect.evidence:
        assert quote.document == "family-w.pdf" and quote.page >= 1
        assert "neglect" in quote.sentence.lower() and len(quote.sentence) <= 300
        assert quote.count > 10  # how often the document names the theme


def test_a_long_sentence_is_cut_around_the_match(taxonomy: Taxonomy) -> None:
    filler = "The family moved house several times and the school was not told " * 8
    [tag] = detect(taxonomy, [("r.pdf", [filler + "about the neglect of the child " + filler + "."])])
    quote = tag.evidence[0].sentence
    assert "neglect" in quote and len(quote) <= 300 and quote.startswith("\u2026")


def test_a_record_with_several_documents(taxonomy: Taxonomy) -> None:
    tags = detect(
        taxonomy,
        [
            ("report.pdf", ["The review of neglect in Family Q."]),
            ("briefing.pdf", ["", "Hidden men in Family Q."]),
        ],
    )
    by_id = {t.id: t for t in tags}
    assert by_id["neglect"].evidence[0].document == "report.pdf"
    assert (by_id["hidden-men"].evidence[0].document, by_id["hidden-men"].evidence[0].page) == (
        "briefing.pdf",
        2,
    )


def test_a_heading_only_theme_is_quoted_by_its_heading_and_sentences_come_first(taxonomy: Taxonomy) -> None:
    page = "Hidden men\nThe mother's partner was never assessed by any agency.\n"
    [tag] = [t for t in detect(taxonomy, [("r.pdf", [page])]) if t.id == "hidden-men"]
    assert [e.sentence for e in tag.evidence] == ["The mother's partner was never assessed by any agency."]


def test_nothing_to_detect(taxonomy: Taxonomy) -> None:
    assert detect(taxonomy, []) == []
    assert detect(taxonomy, [("r.pdf", [])]) == []
    assert detect(taxonomy, [("r.pdf", ["", "   ", "The weather was fine."])]) == []


def test_a_small_taxonomy_of_its_own() -> None:
    small = parse_taxonomy(
        {
            "theme": [
                {"id": "neglect", "label": "Neglect", "group": "harm", "exclude": ["abuse or neglect"]},
                {"id": "hidden-men", "label": "Hidden men", "group": "parents and household", "prior": 50},
            ]
        }
    )
    assert [t.id for t in detect(small, [("r.pdf", ["Neglect was chronic."])])] == ["neglect"]
    assert detect(small, [("r.pdf", ["Children who suffer abuse or neglect."])]) == []
    long = [
        "Minutes\nHidden men were discussed again at length in the meeting. " + "The visit went well. " * 60
    ] * 30
    assert detect(small, [("r.pdf", long)]) == []  # its prior: named on every page, in passing


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(), max_size=4))
def test_detect_never_raises(taxonomy: Taxonomy, pages: list[str]) -> None:
    for tag in detect(taxonomy, [("r.pdf", pages)]):
        assert tag.id in taxonomy and tag.evidence


# --- merging ------------------------------------------------------------------------------------------


def test_merge_keeps_manual_and_replaces_old_detections() -> None:
    evidence = [Evidence("r.pdf", 2, "Neglect was seen.", 4)]
    existing = [
        ThemeTag("hidden-men"),
        ThemeTag("domestic-abuse", "detected", [Evidence("old.pdf", 1, "Old.", 3)]),
        ThemeTag("neglect"),
        ThemeTag("toxic-trio", "detected"),
    ]
    detected = [
        ThemeTag("neglect", "detected", evidence),
        ThemeTag("domestic-abuse", "detected", evidence, 2.5),
    ]
    merged = merge_themes(existing, detected)
    assert [(t.id, t.origin) for t in merged] == [
        ("hidden-men", "manual"),
        ("neglect", "manual"),
        ("domestic-abuse", "detected"),
    ]
    assert merged[1].evidence == []  # a manual tag is not changed by detection
    assert merged[2].evidence == evidence and merged[2].score == 2.5  # the new detection replaces the old


def test_merge_with_nothing_detected_drops_only_detected() -> None:
    existing = [ThemeTag("neglect"), ThemeTag("hidden-men", "detected"), ThemeTag("neglect")]
    assert merge_themes(existing, []) == [ThemeTag("neglect")]
    assert merge_themes([], []) == []


def test_a_score_survives_the_round_trip() -> None:
    tag = ThemeTag("neglect", "detected", [Evidence("r.pdf", 1, "Neglect.", 1)], 3.25)
    assert ThemeTag.from_dict(tag.to_dict()) == tag
    assert "score" not in ThemeTag("neglect").to_dict()  # a person's tag has none
