"""A search that names a theme: the records tagged with it first (by salience, a person's tag first), then
those whose text names it as a phrase, and not the records that merely hold its words apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from learnkit.commands.main import app
from learnkit.knowledge.themes import Taxonomy, load_taxonomy
from learnkit.models import Theme
from learnkit.operations.search import named_themes
from learnkit.storage.index import Filters, Index
from learnkit.storage.query import NamedTheme, search_query
from learnkit.storage.ranking import NAMED, TAGGED, WORDS, Tag, themed_order

THINK = NamedTheme("think-family", ["Think family", "whole family approach"])
NEGLECT = NamedTheme("neglect", ["Neglect", "chronic neglect"], ["abuse or neglect"])


def record(slug: str, title: str, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": slug,
        "title": title,
        "kind": "serious-case-review",
        "date": "2020",
        "status": "published",
        "area": "",
        "summary": "",
        "themes": [],
        "learning": [],
        "good_practice": [],
        "recommendations": [],
    }
    data.update(fields)
    return data


def tag(theme_id: str, score: float = 0.0, origin: str = "detected") -> dict[str, Any]:
    return {"id": theme_id, "origin": origin, "evidence": [], "score": score}


def put(index: Index, slug: str, pages: list[str], **fields: Any) -> None:
    index.put_record(record(slug, fields.pop("title", slug.title()), **fields), "")
    index.put_pages(slug, slug.ljust(64, "0"), f"{slug}.pdf", pages)


def found(index: Index, text: str, theme: NamedTheme = THINK, **filters: Any) -> list[tuple[str, str]]:
    query = search_query(text, [theme.names], [theme])
    return [(h.slug, h.matched) for h in index.search(query, Filters(**filters), limit=50)[1]]


@pytest.fixture
def index(tmp_path: Path) -> Any:
    idx = Index(tmp_path / "index.sqlite")
    idx.reset()
    yield idx
    idx.close()


def _family_library(index: Index) -> None:
    put(index, "weak", ["Adult services met."], themes=[tag("think-family", 1.0)])
    put(index, "strong", ["The review asks agencies to think family."], themes=[tag("think-family", 6.5)])
    put(index, "named", ["Contents.", "A whole family approach was missing."])
    # The two words, far apart in a long document: not about thinking family.
    put(index, "apart", ["Staff did not think it through.", "Filler.", "The family moved house."])
    put(index, "unrelated", ["Rent arrears and a move."])


def test_records_tagged_with_the_theme_come_first_by_salience_then_those_naming_it(index: Index) -> None:
    _family_library(index)
    assert found(index, "think family") == [("strong", TAGGED), ("weak", TAGGED), ("named", NAMED)]


def test_a_hit_naming_the_theme_has_the_page_and_snippet_of_the_name(index: Index) -> None:
    _family_library(index)
    query = search_query("think family", [THINK.names], [THINK])
    hits = {h.slug: h for h in index.search(query)[1]}
    assert (hits["named"].document, hits["named"].page) == ("named.pdf", 2)
    assert "whole family approach" in hits["named"].snippet.replace("\x02", "").replace("\x03", "")


def test_scores_fall_with_the_order_and_the_count_is_the_hits(index: Index) -> None:
    _family_library(index)
    count, hits = index.search(search_query("think family", [THINK.names], [THINK]))
    assert count == 3
    assert hits[0].score > hits[1].score > hits[2].score > 0


def test_words_apart_are_found_when_nothing_is_tagged_with_the_theme_or_names_it(index: Index) -> None:
    put(index, "apart", ["Staff did not think it through.", "Filler.", "The family moved house."])
    assert found(index, "think family") == [("apart", WORDS)]


def test_other_words_keep_the_records_that_hold_the_words_last(index: Index) -> None:
    _family_library(index)
    put(index, "house-named", ["Think family, and the house was cold."])
    put(index, "house-tagged", ["The house was cold."], themes=[tag("think-family", 2.0)])
    assert found(index, "think family house") == [
        ("house-tagged", TAGGED),
        ("house-named", NAMED),
        ("apart", WORDS),
    ]


def test_an_excluded_term_keeps_tagged_records_out_too(index: Index) -> None:
    _family_library(index)
    assert found(index, "think family -agencies") == [("weak", TAGGED), ("named", NAMED)]


def test_a_person_s_tag_ranks_above_detection_s(index: Index) -> None:
    put(index, "detected", ["Think family."], themes=[tag("think-family", 9.0)])
    put(index, "manual", ["Adults' needs."], themes=[tag("think-family", origin="manual")])
    assert [s for s, _ in found(index, "think family")] == ["manual", "detected"]


def test_a_theme_a_person_rejected_is_not_named_by_the_record(index: Index) -> None:
    put(index, "rejected", ["Think family was said once."], rejected_themes=["think-family"])
    put(index, "kept", ["Think family was said once too."])
    assert found(index, "think family") == [("kept", NAMED)]


def test_a_name_inside_an_excluded_phrase_does_not_name_the_theme(index: Index) -> None:
    put(index, "boilerplate", ["A review is held where abuse or neglect is known or suspected."])
    put(index, "about", ["Chronic neglect of the children went on for years."])
    assert found(index, "neglect", NEGLECT) == [("about", NAMED)]


def test_filters_hold_for_the_tagged_records(index: Index) -> None:
    put(index, "old", ["Think family."], date="2010", themes=[tag("think-family", 5.0)])
    put(index, "new", ["Adults."], date="2021", themes=[tag("think-family", 1.0)], kind="multi-agency-audit")
    assert found(index, "think family", since=2015) == [("new", TAGGED)]
    assert found(index, "think family", kind="serious-case-review") == [("old", TAGGED)]


def test_a_record_tagged_again_is_ranked_by_its_new_score(index: Index) -> None:
    put(index, "a", ["Think family."], themes=[tag("think-family", 1.0)])
    put(index, "b", ["Think family."], themes=[tag("think-family", 2.0)])
    index.put_record(record("a", "A", themes=[tag("think-family", 3.0)]), "")
    assert [s for s, _ in found(index, "think family")] == ["a", "b"]
    index.put_record(record("a", "A"), "")  # the tag taken off
    assert found(index, "think family") == [("b", TAGGED), ("a", NAMED)]


def test_two_themes_named_rank_the_records_tagged_with_both_first(index: Index) -> None:
    both = NamedTheme("hidden-men", ["Hidden men"])
    put(index, "both", ["x"], themes=[tag("think-family", 1.0), tag("hidden-men", 1.0)])
    put(index, "one", ["Hidden men were not seen."], themes=[tag("think-family", 4.0)])
    put(index, "neither", ["Think family; hidden men."])
    query = search_query("think family hidden men", [THINK.names, both.names], [THINK, both])
    assert [(h.slug, h.matched) for h in index.search(query)[1]] == [
        ("both", TAGGED),
        ("neither", NAMED),
        ("one", NAMED),
    ]


def test_a_query_joining_terms_with_or_is_searched_by_its_words() -> None:
    assert search_query("think family OR neglect", [THINK.names], [THINK]).themes == ()
    assert [p.id for p in search_query("think family", [THINK.names], [THINK]).themes] == ["think-family"]


def test_themed_order_is_tagged_then_named_then_words() -> None:
    ranked = themed_order(
        [{"t1": Tag(False, 2.0), "t2": Tag(False, 3.0)}],
        [{"t1": 1.0, "n1": 5.0, "n2": 9.0}],
        {"w1": 20.0, "t1": 1.0},
        with_words=True,
    )
    assert [(s, why) for s, why, _ in ranked] == [
        ("t2", TAGGED),
        ("t1", TAGGED),
        ("n2", NAMED),
        ("n1", NAMED),
        ("w1", WORDS),
    ]
    scores = [v for _, _, v in ranked]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)


def test_text_only_breaks_ties_of_salience() -> None:
    ranked = themed_order(
        [{"a": Tag(False, 1.0), "b": Tag(False, 1.0), "c": Tag(False, 1.5)}], [{}], {"b": 50.0}
    )
    assert [s for s, _, _ in ranked] == ["c", "b", "a"]


# -- which names name a theme -------------------------------------------------------------------


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(Path(__file__).resolve().parents[1] / "records" / "themes.toml")


def _theme(taxonomy: Taxonomy, theme_id: str) -> Theme:
    theme = taxonomy.get(theme_id)
    assert theme is not None
    return theme


def test_one_word_aliases_name_a_theme_only_when_typed(taxonomy: Taxonomy) -> None:
    theme = _theme(taxonomy, "missing-children")
    [named] = named_themes(taxonomy, [theme], "missing children")
    one_word = [a for a in theme.aliases if len(a.split()) == 1]
    assert one_word and not any(a in named.names for a in one_word)
    assert theme.label in named.names
    [typed] = named_themes(taxonomy, [theme], one_word[0])
    assert one_word[0] in typed.names
    # A label with punctuation names its theme as a whole: its words are not one-word aliases typed.
    culture = _theme(taxonomy, "culture-ethnicity-race")
    assert "," in culture.label
    [named] = named_themes(taxonomy, [culture], culture.label)
    assert [n for n in named.names if len(n.split()) == 1] == []


def test_another_theme_s_longer_name_is_excluded(taxonomy: Taxonomy) -> None:
    neglect = _theme(taxonomy, "neglect")
    [named] = named_themes(taxonomy, [neglect], "neglect")
    assert set(neglect.exclude) <= set(named.excluded)
    longer = [
        " ".join(n.lower().replace("-", " ").split())
        for t in taxonomy.themes
        if t.id != "neglect"
        for n in (t.label, *t.aliases)
        if "neglect" in n.lower().replace("-", " ").split()
    ]
    assert all(n in named.excluded for n in longer)


# -- through the command ------------------------------------------------------------------------


def _search(runner: CliRunner, *words: str) -> Any:
    result = runner.invoke(app, ["search", *words, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_command_says_why_each_hit_matched(runner: CliRunner, seeded: Path) -> None:
    data = _search(runner, "neglect")
    assert data["results"] and all(h["matched"] == TAGGED for h in data["results"])
    assert all("neglect" in h["themes"] for h in data["results"])
    plain = _search(runner, "audit")
    assert plain["results"] and all(h["matched"] == WORDS for h in plain["results"])
    out = runner.invoke(app, ["search", "neglect"]).stdout
    assert "(tagged with the theme)" in out
    assert "(tagged" not in runner.invoke(app, ["search", "audit"]).stdout


def test_a_tagged_hit_whose_pages_lack_the_names_shows_detection_s_evidence(seeded: Path) -> None:
    from learnkit.models import Evidence, Record, ThemeTag
    from learnkit.operations.library import Library

    lib = Library(seeded)
    try:
        evidence = Evidence("review.pdf", 4, "Adults' services did not ask about the children at home.")
        record = Record(
            "review-x",
            "Review X",
            "serious-case-review",
            themes=[ThemeTag("think-family", "detected", [evidence], 3.0)],
        )
        with lib.lock():
            lib.commit_records([record])
        hit = next(h for h in lib.search("think family").hits if h.slug == "review-x")
    finally:
        lib.close()
    assert hit.matched == TAGGED
    assert (hit.document, hit.page, hit.snippet) == ("review.pdf", 4, evidence.sentence)


def test_the_query_for_a_named_theme_has_its_names_less_its_excluded_phrases() -> None:
    query = search_query("neglect -drugs housing", [NEGLECT.names], [NEGLECT])
    [part] = query.themes
    assert part.id == "neglect"
    # In documents' text the common words are not indexed, in excluded phrases as in names.
    assert part.docs == '("neglect" OR "chronic neglect") NOT ("abuse neglect")'
    assert part.exact == '{title summary body} : (("neglect" OR "chronic neglect") NOT ("abuse or neglect"))'
    assert (query.rest_exact, query.rest_docs) == ('"housing"', '"housing"')
    assert (query.not_exact, query.not_docs) == ('"drugs"', '"drugs"')
    alone = search_query("neglect", [NEGLECT.names], [NEGLECT])
    assert alone.rest_exact is None and alone.not_exact is None


def test_a_named_hit_shows_the_page_with_most_of_the_theme_s_names(index: Index) -> None:
    theme = NamedTheme("think-family", ["Think family", "whole family approach", "adult services"])
    put(index, "named", ["Adult services met.", "Contents.", "A whole family approach, with adult services."])
    query = search_query("think family", [theme.names], [theme])
    [hit] = index.search(query)[1]
    assert (hit.matched, hit.document, hit.page) == (NAMED, "named.pdf", 3)
