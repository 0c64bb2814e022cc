"""The theme taxonomy (loading, lookups) and theme detection, on a small taxonomy built here."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnkit.errors import InvalidError, NotFoundError
from learnkit.knowledge.themes import (
    Taxonomy,
    detect,
    load_taxonomy,
    merge_themes,
    parse_taxonomy,
    sentences_needed,
    words,
)
from learnkit.models import THEME_GROUPS, Evidence, Theme, ThemeTag
from learnkit.reading.stem import stem, stems

REAL_TAXONOMY = Path(__file__).resolve().parents[1] / "records" / "themes.toml"

TAXONOMY_TOML = """
[[theme]]
id = "neglect"
label = "Neglect"
group = "harm"
description = "Persistent failure to meet a child's needs."
aliases = ["neglect", "neglectful", "neglected child"]

[[theme]]
id = "child-sexual-abuse"
label = "Child sexual abuse"
group = "harm"
aliases = ["child sexual abuse", "sexual abuse"]

[[theme]]
id = "intrafamilial-sexual-abuse"
label = "Sexual abuse in the family"
group = "harm"
aliases = ["intrafamilial sexual abuse"]

[[theme]]
id = "domestic-abuse"
label = "Domestic abuse"
group = "parents and household"
aliases = ["domestic abuse", "domestic violence", "coercive control"]

[[theme]]
id = "hidden-men"
label = "Hidden men"
group = "parents and household"
aliases = ["hidden men", "unseen men", "invisible men"]

[[theme]]
id = "was-not-brought"
label = "Was not brought"
group = "the child"
aliases = ["missed appointment", "did not attend"]

[[theme]]
id = "missing-children"
label = "Children who go missing"
group = "the child"
aliases = ["missing from home", "went missing"]

[[theme]]
id = "voice-of-the-child"
label = "Voice of the child"
group = "practice"
aliases = ["lived experience", "child-centred"]
"""

FILLER = (
    "The practitioners met the family at home and agreed a plan with the school. "
    "The health visitor recorded the visit and shared the outcome with the team. "
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "themes.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def taxonomy(tmp_path: Path) -> Taxonomy:
    return load_taxonomy(write(tmp_path, TAXONOMY_TOML))


def ids(tags: list[ThemeTag]) -> list[str]:
    return [t.id for t in tags]


def pages_with(n: int, extra: dict[int, str]) -> list[str]:
    """n pages of ordinary text, with extra sentences appended to some pages (0-based)."""
    return [FILLER * 10 + extra.get(i, "") for i in range(n)]


# --- loading --------------------------------------------------------------------------------------


def test_load_keeps_file_order_and_fields(taxonomy: Taxonomy) -> None:
    assert taxonomy.ids[:3] == ["neglect", "child-sexual-abuse", "intrafamilial-sexual-abuse"]
    assert len(taxonomy) == 8
    neglect = taxonomy.get("neglect")
    assert neglect == Theme(
        "neglect",
        "Neglect",
        "harm",
        "Persistent failure to meet a child's needs.",
        ("neglect", "neglectful", "neglected child"),
    )
    assert "hidden-men" in taxonomy
    assert taxonomy.get("Neglect") is None  # get is by exact id only


def test_groups_follow_theme_groups_order(taxonomy: Taxonomy) -> None:
    groups = taxonomy.groups()
    assert [g for g, _ in groups] == list(THEME_GROUPS)
    assert [t.id for t in groups[1][1]] == ["domestic-abuse", "hidden-men"]


def test_groups_leave_out_empty_groups() -> None:
    small = Taxonomy([Theme("supervision", "Supervision", "practice")])
    assert small.groups() == [("practice", [small.themes[0]])]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda t: t.replace('id = "hidden-men"', 'id = "neglect"'), "field 'id'"),
        (lambda t: t.replace('group = "practice"', 'group = "procedure"'), "field 'group'"),
        (lambda t: t.replace('label = "Hidden men"\n', ""), "field 'label'"),
        (lambda t: t.replace('label = "Hidden men"', 'label = "  "'), "field 'label'"),
        (lambda t: t.replace('"invisible men"', '"domestic abuse"'), "field 'aliases'"),
        (lambda t: t.replace('"invisible men"', '"Domestic-Abuse"'), "field 'aliases'"),
        (lambda t: t.replace('"invisible men"', '"neglected children"'), "field 'aliases'"),
        (lambda t: t.replace('"invisible men"', '"neglect"'), "field 'aliases'"),
        (
            lambda t: t.replace('aliases = ["hidden men", "unseen men", "invisible men"]', 'aliases = "x"'),
            "field 'aliases'",
        ),
        (lambda t: t.replace('"invisible men"', '""'), "field 'aliases'"),
        (lambda t: t.replace('"invisible men"', '"--"'), "field 'aliases'"),
        (lambda t: t.replace('id = "hidden-men"', 'id = "Hidden Men"'), "field 'id'"),
        (lambda t: t.replace('id = "hidden-men"\n', ""), "field 'id'"),
        (lambda t: t.replace('aliases = ["hidden men"', 'alias = ["hidden men"'), "unknown field 'alias'"),
        (lambda t: t.replace('group = "practice"', "group = 3"), "field 'group'"),
        (lambda t: "version = 1\n" + t, "top-level key 'version'"),
        (lambda t: "", "field 'theme'"),
    ],
)
def test_malformed_taxonomy_names_file_and_field(tmp_path: Path, change: object, field: str) -> None:
    path = write(tmp_path, change(TAXONOMY_TOML))  # type: ignore[operator]
    with pytest.raises(InvalidError) as info:
        load_taxonomy(path)
    assert str(path) in info.value.message
    assert field in info.value.message


def test_shared_alias_names_both_themes(tmp_path: Path) -> None:
    path = write(tmp_path, TAXONOMY_TOML.replace('"invisible men"', '"coercive control"'))
    with pytest.raises(InvalidError, match="hidden-men.*domestic-abuse"):
        load_taxonomy(path)


def test_malformed_toml_is_invalid_with_position(tmp_path: Path) -> None:
    path = write(tmp_path, TAXONOMY_TOML.replace('label = "Neglect"', "label = Neglect"))
    with pytest.raises(InvalidError, match=r"malformed TOML .*line 4"):
        load_taxonomy(path)


def test_not_utf8_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "themes.toml"
    path.write_bytes(TAXONOMY_TOML.replace("Neglect", "N\xe9glect").encode("latin-1"))
    with pytest.raises(InvalidError, match="UTF-8"):
        load_taxonomy(path)


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="themes.toml"):
        load_taxonomy(tmp_path / "themes.toml")


def test_parse_taxonomy_takes_a_dict() -> None:
    taxonomy = parse_taxonomy({"theme": [{"id": "early-help", "label": "Early help", "group": "practice"}]})
    assert taxonomy.get("early-help") == Theme("early-help", "Early help", "practice", "", ())
    with pytest.raises(InvalidError, match="theme 1"):
        parse_taxonomy({"theme": ["early-help"]})


def test_same_alias_twice_in_one_theme_is_fine() -> None:
    taxonomy = Taxonomy([Theme("neglect", "Neglect", "harm", "", ("neglect", "Neglect", "neglected"))])
    assert taxonomy.resolve("neglected") is taxonomy.themes[0]


def test_real_taxonomy_loads_with_enough_themes_in_every_group() -> None:
    if not REAL_TAXONOMY.exists():
        pytest.skip("records/themes.toml is not there")
    taxonomy = load_taxonomy(REAL_TAXONOMY)
    assert len(taxonomy) >= 40
    assert [g for g, _ in taxonomy.groups()] == list(THEME_GROUPS)
    assert all(len(themes) >= 5 for _, themes in taxonomy.groups())
    assert taxonomy.resolve("unseen men") is taxonomy.get("hidden-men")


# --- lookups --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "hidden-men",
        "Hidden men",
        "hidden men",
        "HIDDEN_MEN",
        "  Hidden -  Men ",
        "unseen men",
        "Invisible Men",
        "hidden man",
    ],
)
def test_resolve_by_id_label_alias_any_case_and_spacing(taxonomy: Taxonomy, name: str) -> None:
    theme = taxonomy.resolve(name)
    assert theme is not None and theme.id == "hidden-men"


def test_resolve_other_forms_and_unknowns(taxonomy: Taxonomy) -> None:
    assert taxonomy.resolve("Neglected") is taxonomy.get("neglect")
    assert taxonomy.resolve("coercive-control") is taxonomy.get("domestic-abuse")
    assert taxonomy.resolve("hidden") is None
    assert taxonomy.resolve("") is None
    assert taxonomy.resolve("   ") is None


def test_match_query_finds_phrases_in_free_text(taxonomy: Taxonomy) -> None:
    assert ids_of(taxonomy.match_query("search hidden men")) == ["hidden-men"]
    assert ids_of(taxonomy.match_query("unseen men and Neglect")) == ["hidden-men", "neglect"]
    assert ids_of(taxonomy.match_query("neglected children")) == ["neglect"]
    assert ids_of(taxonomy.match_query('"voice of the child" OR neglect*')) == [
        "voice-of-the-child",
        "neglect",
    ]
    # The id works in queries even where it is not a label or alias.
    assert ids_of(taxonomy.match_query("missing children")) == ["missing-children"]


def test_match_query_leaves_out_excluded_terms(taxonomy: Taxonomy) -> None:
    assert ids_of(taxonomy.match_query("hidden men -neglect")) == ["hidden-men"]
    assert ids_of(taxonomy.match_query('-"hidden men" neglect')) == ["neglect"]
    assert taxonomy.match_query("hidden -x men") == []
    assert ids_of(taxonomy.match_query("child-centred")) == ["voice-of-the-child"]  # a hyphen inside a word


def test_match_query_needs_whole_phrases(taxonomy: Taxonomy) -> None:
    assert taxonomy.match_query("hidden") == []
    assert taxonomy.match_query("hiddenmen") == []
    assert taxonomy.match_query("domestic") == []
    assert taxonomy.match_query("") == []
    assert ids_of(taxonomy.match_query("neglect neglect")) == ["neglect"]


def ids_of(themes: list[Theme]) -> list[str]:
    return [t.id for t in themes]


def test_suggest_close_ids(taxonomy: Taxonomy) -> None:
    assert taxonomy.suggest("neglet")[0] == "neglect"
    assert taxonomy.suggest("hidden")[0] == "hidden-men"
    assert "domestic-abuse" in taxonomy.suggest("domestic violense")
    assert taxonomy.suggest("zzzzqqq") == []
    assert taxonomy.suggest("") == []
    assert len(taxonomy.suggest("abuse", n=2)) == 2


def test_validate_ids(taxonomy: Taxonomy) -> None:
    taxonomy.validate_ids(["neglect", "hidden-men"])
    taxonomy.validate_ids([])
    with pytest.raises(InvalidError) as info:
        taxonomy.validate_ids(["neglect", "neglet", "nonsense"])
    assert "'neglet'" in info.value.message
    assert "nonsense" not in info.value.message
    assert "did you mean neglect" in info.value.message
    with pytest.raises(InvalidError, match="'Neglect'"):
        taxonomy.validate_ids(["Neglect"])  # ids are exact; labels are not ids


# --- stemming -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        ("neglect neglects neglected neglecting neglectful neglectfully neglectfulness Neglected", "neglect"),
        ("appointment appointments", "appointment"),
        ("child children Children's childrens", "child"),
        ("man men", "man"),
        ("abuse abused abuses abusing", "abus"),
        ("care cared caring careful", "care"),
        ("family families", "famili"),
        ("organised organized organise organising", "organis"),
        ("miss missed misses", "miss"),
        ("behaviour behavior behaviours", "behaviour"),
        ("hope hoped hoping", "hope"),
    ],
)
def test_stem_conflates_forms(forms: str, expected: str) -> None:
    assert {stem(w) for w in forms.split()} == {expected}


def test_stem_keeps_apart_what_must_stay_apart() -> None:
    assert stem("missing") != stem("missed")
    assert stem("car") != stem("care")
    assert stem("appointed") != stem("appointment")
    for word in ("is", "us", "was", "his", "this", "status", "class", "analysis", "2015", "gcp2"):
        assert stem(word) == word.lower()


def test_words_split_on_hyphens_and_punctuation() -> None:
    assert words("Child-centred, (self-harm); don't") == ["child", "centr", "self", "harm", "dont"]
    assert words("") == []


def test_stems_of_many_words_match_stem_of_each() -> None:
    batch = ["The", "Neglected", "children's", "missed", "appointments"]
    assert stems(batch) == [stem(w) for w in batch] == ["the", "neglect", "child", "miss", "appointment"]


@given(st.text())
def test_stem_never_raises(text: str) -> None:
    assert isinstance(stem(text), str)
    assert stems([text, text]) == [stem(text)] * 2


@given(st.text())
def test_lookups_never_raise(text: str) -> None:
    taxonomy = Taxonomy([Theme("hidden-men", "Hidden men", "parents and household", "", ("unseen men",))])
    resolved = taxonomy.resolve(text)
    assert resolved is None or resolved.id == "hidden-men"
    assert all(t.id == "hidden-men" for t in taxonomy.match_query(text))
    assert len(taxonomy.suggest(text)) <= 5


# --- detection ------------------------------------------------------------------------------------


def test_single_passing_mention_in_a_list_is_not_enough(taxonomy: Taxonomy) -> None:
    listed = "The children were on plans under neglect, emotional abuse and domestic abuse categories. "
    assert detect(taxonomy, [("audit.pdf", pages_with(10, {4: listed}))]) == []


def test_a_list_repeating_a_phrase_is_one_sentence(taxonomy: Taxonomy) -> None:
    listed = "Domestic abuse, domestic violence and coercive control were all recorded as factors. "
    assert detect(taxonomy, [("audit.pdf", pages_with(10, {4: listed}))]) == []


def test_discussed_theme_is_given_with_evidence(taxonomy: Taxonomy) -> None:
    pages = pages_with(
        10,
        {
            2: "Mother disclosed domestic abuse by her partner. ",
            5: "The review found that the domestic violence was not assessed and domestic abuse was "
            "minimised by agencies. Police attended twice. ",
            8: "Practitioners should ask about coercive control at every contact. ",
        },
    )
    tags = detect(taxonomy, [("review.pdf", pages)])
    assert ids(tags) == ["domestic-abuse"]
    tag = tags[0]
    assert tag.origin == "detected"
    # Strongest sentence first (two matches), then the earlier pages.
    assert [e.page for e in tag.evidence] == [6, 3, 9]
    assert tag.evidence[0] == Evidence(
        "review.pdf",
        6,
        "The review found that the domestic violence was not assessed and domestic abuse was minimised by "
        "agencies.",
        4,
    )
    assert tag.evidence[1].sentence == "Mother disclosed domestic abuse by her partner."
    assert {e.count for e in tag.evidence} == {4}


def test_evidence_is_capped_at_three_one_per_page(taxonomy: Taxonomy) -> None:
    mention = "The neglect of the children was chronic. The school saw neglect too. "
    tags = detect(taxonomy, [("review.pdf", pages_with(6, dict.fromkeys(range(6), mention)))])
    assert ids(tags) == ["neglect"]
    evidence = tags[0].evidence
    assert len(evidence) == 3
    assert [e.page for e in evidence] == [1, 2, 3]
    assert all(e.sentence == "The neglect of the children was chronic." for e in evidence)
    assert evidence[0].count == 12


def test_title_region_gives_theme_on_one_mention(taxonomy: Taxonomy) -> None:
    pages = ["\n\n  Learning briefing: Hidden Men\nBedford Borough\n\n" + FILLER * 10] + pages_with(9, {})
    tags = detect(taxonomy, [("briefing.pdf", pages)])
    assert ids(tags) == ["hidden-men"]
    assert tags[0].evidence[0].page == 1
    assert tags[0].evidence[0].count == 1


def test_title_region_is_only_the_start_of_the_first_page(taxonomy: Taxonomy) -> None:
    late = FILLER * 10 + "Learning briefing: Hidden Men. "
    assert detect(taxonomy, [("briefing.pdf", [late] + pages_with(9, {}))]) == []
    # Blank leading pages do not count: the title region is on the first page with text.
    assert ids(detect(taxonomy, [("b.pdf", ["", "  ", "Hidden men. " + FILLER] + pages_with(9, {}))])) == [
        "hidden-men"
    ]


def test_short_documents_need_two_sentences(taxonomy: Taxonomy) -> None:
    one = FILLER + "Agencies did not see the hidden men in the household. " + FILLER
    two = one + "Unseen men were never assessed by children's social care. "
    assert detect(taxonomy, [("b.pdf", [FILLER * 3, one])]) == []
    tags = detect(taxonomy, [("b.pdf", [FILLER * 3, two])])
    assert ids(tags) == ["hidden-men"]
    assert tags[0].evidence[0].count == 2


def test_long_documents_need_more_sentences(taxonomy: Taxonomy) -> None:
    assert sentences_needed(1) == 2
    assert sentences_needed(2) == 2
    assert sentences_needed(3) == 3
    assert sentences_needed(49) == 3
    assert sentences_needed(50) == 4
    assert sentences_needed(100) == 6
    assert sentences_needed(400) == 6
    assert sentences_needed(10, min_count=5) == 5
    assert sentences_needed(1, min_count=1) == 1
    mention = "Neglect was seen by the nursery. "
    five = pages_with(100, {i * 10: mention for i in range(1, 6)})
    six = pages_with(100, {i * 10: mention for i in range(1, 7)})
    assert detect(taxonomy, [("long.pdf", five)]) == []
    assert ids(detect(taxonomy, [("long.pdf", six)])) == ["neglect"]


def test_min_count_is_tunable(taxonomy: Taxonomy) -> None:
    listed = "Neglect was one of several categories recorded. "
    pages = pages_with(10, {3: listed})
    assert detect(taxonomy, [("a.pdf", pages)]) == []
    assert ids(detect(taxonomy, [("a.pdf", pages)], min_count=1)) == ["neglect"]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("The parents neglectfully left the baby alone", "neglect"),
        ("The NEGLECTED CHILDREN were seen by the GP", "neglect"),
        ("Staff saw unseen men at the house", "hidden-men"),
        ("There were many missed appointments at the clinic", "was-not-brought"),
        ("The child did not attend the dental appointment", "was-not-brought"),
        ("She went missing from the unit", "missing-children"),
        ("The practice was child-centred and respectful", "voice-of-the-child"),
        ("The practice was child centred and respectful", "voice-of-the-child"),
    ],
)
def test_forms_of_aliases_match(taxonomy: Taxonomy, text: str, theme: str) -> None:
    pages = pages_with(5, {1: text + ". ", 2: text + ". ", 3: text + ". "})
    assert ids(detect(taxonomy, [("r.pdf", pages)])) == [theme]


@pytest.mark.parametrize(
    "text",
    [
        "The negligence claim was settled",  # a different word
        "The neglectx field and xneglect values",  # never inside a word
        "The hidden costs fell on the men",  # a phrase needs its words together
        "The cost was hidden. Men visited the flat",  # and within one sentence
        "The cost was hidden (men visited the flat)",
        "The cost was hidden\nMen visited the flat",  # a line break in cleaned text starts a new unit
        "It was domestic; abuse was not mentioned",
        "The child was missing school",  # missing is not missed
        "The appointed worker visited",  # appointed is not appointment
        "Missing children were discussed",  # the id is not matched in text, only the label and aliases
    ],
)
def test_near_misses_do_not_match(taxonomy: Taxonomy, text: str) -> None:
    pages = pages_with(5, {1: text + ". ", 2: text + ". ", 3: text + ". "})
    assert detect(taxonomy, [("r.pdf", pages)]) == []


def test_phrase_inside_longer_phrase_counts_once_but_overlaps_both_count(taxonomy: Taxonomy) -> None:
    inside = "Child sexual abuse was disclosed at school. "
    pages = pages_with(5, {1: inside, 2: inside, 3: inside})
    tags = detect(taxonomy, [("r.pdf", pages)])
    assert ids(tags) == ["child-sexual-abuse"]
    assert tags[0].evidence[0].count == 3
    overlapping = "Child sexual abuse in the family was disclosed. "
    tags = detect(taxonomy, [("r.pdf", pages_with(5, {1: overlapping, 2: overlapping, 3: overlapping}))])
    assert sorted(ids(tags)) == ["child-sexual-abuse", "intrafamilial-sexual-abuse"]


def test_a_longer_phrase_that_breaks_off_falls_back_to_the_shorter(taxonomy: Taxonomy) -> None:
    text = "Sexual abuse in the home was disclosed. "
    tags = detect(taxonomy, [("r.pdf", pages_with(5, {1: text, 2: text, 3: text}))])
    assert ids(tags) == ["child-sexual-abuse"]
    assert tags[0].evidence[0].count == 3


def test_themes_come_strongest_first(taxonomy: Taxonomy) -> None:
    pages = pages_with(
        6,
        {
            1: "Neglect was seen. Hidden men were present. ",
            2: "Neglect was chronic. Hidden men were not assessed. Neglect persisted. ",
            3: "Neglect again. Hidden men again. Neglect was the category. ",
        },
    )
    assert ids(detect(taxonomy, [("r.pdf", pages)])) == ["neglect", "hidden-men"]


def test_several_documents(taxonomy: Taxonomy) -> None:
    once = pages_with(5, {2: "Neglect was one category. "})
    discussed = pages_with(5, {0: "Neglect was seen. ", 1: "Neglect was chronic. ", 3: "Neglect persisted. "})
    tags = detect(taxonomy, [("briefing.pdf", once), ("report.pdf", discussed)])
    assert ids(tags) == ["neglect"]
    # Evidence comes only from the document that gave the theme.
    assert {e.document for e in tags[0].evidence} == {"report.pdf"}
    assert all(e.count == 3 for e in tags[0].evidence)


def test_long_sentence_evidence_is_trimmed_around_the_match(taxonomy: Taxonomy) -> None:
    long_sentence = (
        "In the months before the incident "
        + "the family moved between several addresses and " * 8
        + "the school raised concerns about neglect with the local authority, "
        + "but the plan was not reviewed by the core group and " * 6
        + "nothing changed for the children. "
    )
    pages = pages_with(5, {1: long_sentence, 2: long_sentence, 3: long_sentence})
    evidence = detect(taxonomy, [("r.pdf", pages)])[0].evidence[0]
    assert len(evidence.sentence) <= 300
    assert "neglect" in evidence.sentence
    assert evidence.sentence.startswith("\u2026") and evidence.sentence.endswith("\u2026")
    assert "  " not in evidence.sentence


def test_sentences_break_at_bullets_and_blank_lines(taxonomy: Taxonomy) -> None:
    page = (
        FILLER
        + "Key findings\n\u2022 Neglect was not recognised\n\u2022 Neglect was seen as poverty\n\n"
        + "Neglect featured throughout the case. "
    )
    tags = detect(taxonomy, [("r.pdf", [page] + pages_with(4, {}))])
    assert ids(tags) == ["neglect"]
    assert {e.sentence for e in tags[0].evidence} == {"Neglect was not recognised"}


def test_nothing_to_detect(taxonomy: Taxonomy) -> None:
    assert detect(taxonomy, []) == []
    assert detect(taxonomy, [("empty.pdf", [])]) == []
    assert detect(taxonomy, [("blank.pdf", ["", "   ", "\n"])]) == []


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.text(max_size=20),
            st.lists(
                st.lists(
                    st.one_of(
                        st.text(max_size=80),
                        st.sampled_from(
                            ["neglect", "Hidden men", ". ", "\n\n", "\u2022", "domestic-abuse", "missed "]
                        ),
                    ),
                    max_size=12,
                ).map("".join),
                max_size=6,
            ),
        ),
        max_size=3,
    ),
    st.integers(min_value=0, max_value=5),
)
def test_detect_never_raises(
    taxonomy: Taxonomy, documents: list[tuple[str, list[str]]], min_count: int
) -> None:
    tags = detect(taxonomy, documents, min_count=min_count)
    names = {name for name, _ in documents}
    for tag in tags:
        assert tag.id in taxonomy and tag.origin == "detected"
        assert 1 <= len(tag.evidence) <= 3
        for e in tag.evidence:
            assert e.document in names
            assert e.page >= 1 and e.count >= 1
            assert len(e.sentence) <= 300


def test_detection_is_fast_enough(taxonomy: Taxonomy) -> None:
    page = (FILLER * 16)[:2400] + " Neglect was seen. "
    pages = [page] * 500
    start = time.perf_counter()
    detect(taxonomy, [("big.pdf", pages)])
    assert time.perf_counter() - start < 5.0


# --- merging --------------------------------------------------------------------------------------


def test_merge_keeps_manual_and_replaces_old_detections() -> None:
    evidence = [Evidence("r.pdf", 2, "Neglect was seen.", 4)]
    existing = [
        ThemeTag("hidden-men"),
        ThemeTag("domestic-abuse", "detected", [Evidence("old.pdf", 1, "Old.", 3)]),
        ThemeTag("neglect"),
        ThemeTag("toxic-trio", "detected"),
    ]
    detected = [ThemeTag("neglect", "detected", evidence), ThemeTag("domestic-abuse", "detected", evidence)]
    merged = merge_themes(existing, detected)
    assert [(t.id, t.origin) for t in merged] == [
        ("hidden-men", "manual"),
        ("neglect", "manual"),
        ("domestic-abuse", "detected"),
    ]
    assert merged[1].evidence == []  # a manual tag is not changed by detection
    assert merged[2].evidence == evidence  # the new detection replaces the old


def test_merge_with_nothing_detected_drops_only_detected() -> None:
    existing = [ThemeTag("neglect"), ThemeTag("hidden-men", "detected"), ThemeTag("neglect")]
    assert merge_themes(existing, []) == [ThemeTag("neglect")]
    assert merge_themes([], []) == []


def test_a_checked_copy_with_kept_stems_finds_what_the_file_does() -> None:
    from learnkit.paths import taxonomy_file

    full = load_taxonomy(taxonomy_file())
    rows = full.phrase_rows()
    kept = Taxonomy(full.themes, checked=True, phrases=rows)
    stemmed_again = Taxonomy(full.themes, checked=True)
    wrong_length = Taxonomy(full.themes, checked=True, phrases=rows[:-1])  # ignored: stems again
    text = [("r.pdf", ["The hidden men in the household were not seen. " * 3 + "Neglect was chronic. " * 3])]
    for other in (kept, stemmed_again, wrong_length):
        for query in ("hidden men and neglect", "unseen man", "toxic trio -neglect", "voice of the child"):
            assert other.match_query(query) == full.match_query(query)
        for name in ("Hidden-Men", "unseen men", "neglected", "no such theme"):
            assert other.resolve(name) == full.resolve(name)
        assert other.suggest("negelct") == full.suggest("negelct")
        assert detect(other, text) == detect(full, text)
    assert kept._given_phrases is rows and wrong_length._given_phrases is None


@pytest.mark.parametrize("lead", ["", "The family's home. ", "A caf\u00e9 nearby. "])
def test_every_way_of_cutting_a_page_into_words_finds_the_same_phrases(taxonomy: Taxonomy, lead: str) -> None:
    # A short page is cut by a regex, a long one in C (where runs between gaps can be empty, as in
    # "men -- and"), and one with an apostrophe or a letter outside ASCII in C and then that word by the
    # regex: each finds a phrase across gaps without a break, and none across a break.
    text = "Hidden -- men were seen. Hidden, men again; hidden (men) not. Hidden. Men not. Hidden men. "
    short = detect(taxonomy, [("r.pdf", [lead + text])], min_count=1)
    assert [(e.sentence, e.count) for e in short[0].evidence] == [("Hidden -- men were seen.", 3)]
    padding = "Nothing of note happened on the day of the visit to the house. " * 6
    long_page = detect(taxonomy, [("r.pdf", [lead + padding + text + padding])], min_count=1)
    assert [(t.id, [(e.sentence, e.count) for e in t.evidence]) for t in long_page] == [
        (t.id, [(e.sentence, e.count) for e in t.evidence]) for t in short
    ]


def test_each_taxonomy_keeps_its_own_phrase_starts(taxonomy: Taxonomy) -> None:
    # Detection remembers which words start a phrase, per taxonomy: another taxonomy's answers never leak.
    page = "Hidden men were present. Neglect was seen. Neglect again. Neglect persisted. "
    assert "neglect" in ids(detect(taxonomy, [("r.pdf", [page])]))
    other = parse_taxonomy(
        {"theme": [{"id": "hidden-men", "label": "Hidden men", "group": "parents and household"}]}
    )
    assert ids(detect(other, [("r.pdf", [page])], min_count=1)) == ["hidden-men"]
    assert "neglect" in ids(detect(taxonomy, [("r.pdf", [page])]))
