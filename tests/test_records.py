"""The bundled records and theme taxonomy in records/: valid, complete, and what the issue requires."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from learnkit.knowledge.themes import load_taxonomy
from learnkit.models import THEME_GROUPS, counted
from learnkit.operations.library import Library
from learnkit.operations.recordfiles import read_record_file, record_files
from learnkit.paths import records_dir, taxonomy_file

RECORDS = Path(__file__).resolve().parents[1] / "records"
RECORD_FILES = sorted(p for p in RECORDS.glob("*.toml") if p.name != "themes.toml")

# slug -> (kind, status), as the issue lists them.
REQUIRED = {
    "learning-improvement-framework": ("framework", "published"),
    "pan-beds-emotional-wellbeing-audit": ("multi-agency-audit", "published"),
    "pan-beds-missing-children-audit": ("multi-agency-audit", "published"),
    "pan-beds-gcp2-audit": ("multi-agency-audit", "published"),
    "pan-beds-csa-family-audit": ("multi-agency-audit", "published"),
    "rosza-malika": ("learning-review", "briefing-only"),
    "js-case-file-audit": ("case-file-audit", "published"),
    "repeat-cp-plans-neglect-audit": ("multi-agency-audit", "published"),
    "voice-of-the-child-audit": ("multi-agency-audit", "published"),
    "transitions-audit": ("multi-agency-audit", "published"),
    "patrick-scr": ("serious-case-review", "referenced"),
    "scr-learning-presentation-2014": ("presentation", "published"),
    "daniel-pelka-scr": ("serious-case-review", "referenced"),
    "keanu-williams-scr": ("serious-case-review", "referenced"),
    "hamzah-khan-scr": ("serious-case-review", "referenced"),
    "nspcc-thematic-briefings": ("thematic-briefing", "published"),
    "nspcc-health-learning-2015": ("thematic-briefing", "published"),
    "nspcc-hidden-men": ("thematic-briefing", "published"),
}

REQUIRED_THEMES = (
    "neglect",
    "physical-abuse",
    "emotional-abuse",
    "child-sexual-abuse",
    "intrafamilial-sexual-abuse",
    "sexual-exploitation",
    "criminal-exploitation",
    "domestic-abuse",
    "parental-mental-health",
    "parental-physical-illness",
    "parental-substance-misuse",
    "toxic-trio",
    "hidden-men",
    "disguised-compliance",
    "missing-children",
    "emotional-wellbeing-mental-health",
    "was-not-brought",
    "voice-of-the-child",
    "professional-curiosity",
    "information-sharing",
    "multi-agency-working",
    "transitions-adult-services",
    "record-keeping",
    "assessment-tools",
    "child-protection-plans",
    "early-help",
    "learning-culture",
)


def load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    # validate() needs only the taxonomy: the library folder is never created.
    return Library(tmp_path_factory.mktemp("unused") / "library")


def test_bundled_records_folder_is_the_repository_records() -> None:
    assert records_dir().resolve() == RECORDS.resolve()
    assert taxonomy_file().resolve() == (RECORDS / "themes.toml").resolve()
    assert [p.name for p in record_files(RECORDS)] == [p.name for p in RECORD_FILES]


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: p.stem)
def test_each_record_file_validates(library: Library, path: Path) -> None:
    [data] = read_record_file(path)
    record = library.validate(data, path)
    assert record.slug == path.stem
    assert record.title and record.summary
    assert record.themes, "every bundled record has at least one theme"
    assert all(t.origin == "manual" for t in record.themes)
    assert not record.documents  # bundled records ship without PDFs


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: p.stem)
def test_each_record_file_uses_only_known_fields_and_is_utf8(path: Path) -> None:
    raw = path.read_bytes()
    raw.decode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert set(load(path)) <= {
        "slug",
        "title",
        "kind",
        "date",
        "area",
        "publisher",
        "status",
        "summary",
        "themes",
        "learning",
        "good_practice",
        "recommendations",
        "related",
        "source",
    }


def test_related_slugs_exist_and_are_not_self() -> None:
    slugs = {p.stem for p in RECORD_FILES}
    for path in RECORD_FILES:
        related = load(path).get("related", [])
        assert path.stem not in related, path.name
        assert set(related) <= slugs, f"{path.name}: {sorted(set(related) - slugs)}"
        assert len(related) == len(set(related)), path.name


def test_related_links_go_both_ways() -> None:
    related = {p.stem: set(load(p).get("related", [])) for p in RECORD_FILES}
    for slug, others in related.items():
        for other in others:
            assert slug in related[other], f"{other} does not link back to {slug}"


def test_the_required_records_are_there_with_their_kinds_and_statuses() -> None:
    found = {p.stem: (load(p)["kind"], load(p).get("status", "published")) for p in RECORD_FILES}
    assert found == REQUIRED
    assert len(RECORD_FILES) == 18


def test_the_four_serious_case_reviews() -> None:
    scrs = sorted(s for s, (kind, _) in REQUIRED.items() if kind == "serious-case-review")
    assert scrs == ["daniel-pelka-scr", "hamzah-khan-scr", "keanu-williams-scr", "patrick-scr"]
    for slug in scrs:
        assert load(RECORDS / f"{slug}.toml")["status"] == "referenced"


def test_rosza_malika_is_briefing_only_about_neglect_and_parental_illness() -> None:
    data = load(RECORDS / "rosza-malika.toml")
    assert data["status"] == "briefing-only"
    assert data["area"] == "Bedford Borough"
    assert {"neglect", "parental-physical-illness", "parental-mental-health", "voice-of-the-child"} <= set(
        data["themes"]
    )
    assert len(data["learning"]) >= 3


def test_dates_of_the_dated_records() -> None:
    dates = {p.stem: load(p).get("date", "") for p in RECORD_FILES}
    assert dates["repeat-cp-plans-neglect-audit"] == "2015-01/2015-02"
    assert dates["voice-of-the-child-audit"] == "2014-09/2014-12"
    assert dates["scr-learning-presentation-2014"] == "2014-02-26"
    assert dates["nspcc-health-learning-2015"] == "2015-12-17"
    for slug in REQUIRED:
        if slug.startswith("pan-beds-"):
            assert dates[slug] == "2018/2019"
            assert load(RECORDS / f"{slug}.toml")["area"] == "Pan Bedfordshire"


def test_every_theme_used_by_a_record_is_in_the_taxonomy() -> None:
    ids = {t.id for t in load_taxonomy(RECORDS / "themes.toml")}
    for path in RECORD_FILES:
        assert set(load(path)["themes"]) <= ids, path.name


# -- the taxonomy --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def taxonomy() -> Any:
    return load_taxonomy(RECORDS / "themes.toml")


def test_taxonomy_size_and_groups(taxonomy: Any) -> None:
    assert len(taxonomy) >= 40
    groups = {t.group for t in taxonomy}
    assert groups == set(THEME_GROUPS) == {"harm", "parents and household", "the child", "practice"}
    for group, members in taxonomy.groups():
        assert len(members) >= 5, group


def test_taxonomy_every_theme_is_described(taxonomy: Any) -> None:
    for theme in taxonomy:
        assert theme.label and theme.description, theme.id
        assert theme.aliases, theme.id
        assert all(a == a.lower() for a in theme.aliases), theme.id


@pytest.mark.parametrize("theme_id", REQUIRED_THEMES)
def test_required_theme_exists(taxonomy: Any, theme_id: str) -> None:
    assert taxonomy.get(theme_id) is not None


def test_hidden_men_aliases(taxonomy: Any) -> None:
    hidden = taxonomy.get("hidden-men")
    assert hidden.label == "Hidden men"
    assert hidden.group == "parents and household"
    assert {"unseen men", "invisible men", "unknown men"} <= set(hidden.aliases)
    for name in ("hidden men", "Unseen men", "INVISIBLE MEN", "unknown men", "hidden-men"):
        assert taxonomy.resolve(name) is hidden, name


def test_theme_names_resolve(taxonomy: Any) -> None:
    assert taxonomy.resolve("voice of the child").id == "voice-of-the-child"
    assert taxonomy.resolve("toxic trio").id == "toxic-trio"
    assert taxonomy.resolve("was not brought").id == "was-not-brought"
    assert taxonomy.resolve("Neglect").id == "neglect"
    assert taxonomy.resolve("no such theme at all") is None


def test_model_values_compare_by_content_and_themes_are_immutable_keys() -> None:
    from learnkit.models import Evidence, Point, Record, Theme, ThemeTag

    a = Record("a-slug", "A title", "learning-review", themes=[ThemeTag("neglect", "detected")])
    b = Record("a-slug", "A title", "learning-review", themes=[ThemeTag("neglect", "detected")])
    assert a == b and a != Record("a-slug", "A title", "framework")
    assert a.learning is not b.learning  # no shared default lists
    assert ThemeTag("x", evidence=[Evidence("d.pdf", 2, "s")]) != ThemeTag("x")
    assert repr(Point("Keep the child in view")) == (
        "Point(text='Keep the child in view', extracted=False, number='', document='', page=None)"
    )
    theme = Theme("neglect", "Neglect", "harm", "", ("neglected",))
    assert {theme: 1}[Theme("neglect", "Neglect", "harm", "", ("neglected",))] == 1
    with pytest.raises(AttributeError):
        theme.label = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(ThemeTag("neglect"))


def test_counted_says_one_thing_in_the_singular() -> None:
    assert counted(1, "page") == "1 page"
    assert counted(0, "page") == "0 pages"
    assert counted(2, "record") == "2 records"
    assert counted(135915, "character") == "135,915 characters"
    assert counted(3, "serious case review", "serious case reviews") == "3 serious case reviews"
    assert counted(2, "child", "children") == "2 children"
