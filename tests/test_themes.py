"""The theme taxonomy: loading, checking and lookups, on a small taxonomy built here.

Detection is tested in test_detect.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnkit.errors import InvalidError, NotFoundError
from learnkit.knowledge.themes import Taxonomy, load_taxonomy, parse_taxonomy, words
from learnkit.models import THEME_GROUPS, Theme
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


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "themes.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def taxonomy(tmp_path: Path) -> Taxonomy:
    return load_taxonomy(write(tmp_path, TAXONOMY_TOML))


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
        (lambda t: t.replace('group = "harm"\n', 'group = "harm"\nprior = "high"\n', 1), "field 'prior'"),
        (lambda t: t.replace('group = "harm"\n', 'group = "harm"\nprior = 0\n', 1), "field 'prior'"),
        (lambda t: t.replace('group = "harm"\n', 'group = "harm"\nexclude = "x"\n', 1), "field 'exclude'"),
        (
            lambda t: t.replace('group = "harm"\n', 'group = "harm"\nimplies = ["nope"]\n', 1),
            "field 'implies'",
        ),
        (
            lambda t: t.replace('group = "harm"\n', 'group = "harm"\nimplies = ["neglect"]\n', 1),
            "field 'implies'",
        ),
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


def test_detection_fields_load_and_round_trip(tmp_path: Path) -> None:
    text = TAXONOMY_TOML.replace(
        'aliases = ["hidden men", "unseen men", "invisible men"]',
        'aliases = ["hidden men", "unseen men", "invisible men"]\nprior = 2.5\n'
        'exclude = ["hidden men of history"]\nimplies = ["domestic-abuse"]',
    )
    taxonomy = load_taxonomy(write(tmp_path, text))
    theme = taxonomy.get("hidden-men")
    assert theme is not None
    assert (theme.prior, theme.exclude, theme.implies) == (
        2.5,
        ("hidden men of history",),
        ("domestic-abuse",),
    )
    assert Theme.from_dict(theme.to_dict()) == theme
    neglect = taxonomy.get("neglect")
    assert neglect is not None and (neglect.prior, neglect.exclude, neglect.implies) == (1.0, (), ())
    # An excluded phrase is not a name of the theme: a query for it names nothing.
    assert taxonomy.resolve("hidden men of history") is None
