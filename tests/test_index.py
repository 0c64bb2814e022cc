"""The search index: the query translator (pure) and Index on records and pages built here."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnkit.errors import InvalidError
from learnkit.models import MARK_END, MARK_START, Hit
from learnkit.storage.index import Filters, Index
from learnkit.storage.query import SearchQuery, doc_words, fts_query, query_words, search_query

# -- fts_query: pure -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("neglect", '"neglect"'),
        ("neglect drugs", '"neglect" AND "drugs"'),
        ("  neglect \t drugs  ", '"neglect" AND "drugs"'),
        ('"voice of the child"', '"voice of the child"'),
        ('"voice of the child" neglect', '"voice of the child" AND "neglect"'),
        ("negl*", '"negl"*'),
        ("negl* abuse", '"negl"* AND "abuse"'),
        ("neglect OR abuse", '("neglect" OR "abuse")'),
        ("hidden OR unseen men", '("hidden" OR "unseen") AND "men"'),
        ("neglect -drugs", '("neglect") NOT "drugs"'),
        ('neglect -"domestic abuse"', '("neglect") NOT "domestic abuse"'),
        ("neglect -drugs -alcohol", '(("neglect") NOT "drugs") NOT "alcohol"'),
        ("neglect -negl*", '("neglect") NOT "negl"*'),
        # lowercase "or" is a word, not an operator
        ("neglect or abuse", '"neglect" AND "or" AND "abuse"'),
        # OR with nothing before it, or nothing after it, is dropped
        ("OR neglect", '"neglect"'),
        ("neglect OR", '"neglect"'),
    ],
)
def test_fts_query_translates_what_people_type(typed: str, expected: str) -> None:
    assert fts_query(typed) == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("NOT neglect", '"NOT" AND "neglect"'),  # FTS5 operators typed as words are words
        ("neglect AND abuse", '"neglect" AND "AND" AND "abuse"'),
        ("NEAR(neglect abuse)", '"NEAR neglect" AND "abuse"'),
        ("title:neglect", '"title neglect"'),
        ("[neglect]", '"neglect"'),
        ("(neglect", '"neglect"'),
        ('"voice of the child', '"voice" AND "of" AND "the" AND "child"'),
        ('neglect"', '"neglect"'),
        ("^neglect", '"neglect"'),
        ("neg'lect", '"neg lect"'),
    ],
)
def test_fts_query_treats_syntax_characters_as_text(typed: str, expected: str) -> None:
    assert fts_query(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", "[]", '""', "* - :", "OR", "OR OR", "(((", "-"])
def test_fts_query_without_words_is_invalid(typed: str) -> None:
    with pytest.raises(InvalidError, match="no words"):
        fts_query(typed)


@pytest.mark.parametrize("typed", ["-neglect", '-neglect -"domestic abuse"', "-negl*"])
def test_fts_query_with_only_excluded_words_is_invalid(typed: str) -> None:
    with pytest.raises(InvalidError, match="not only excluded"):
        fts_query(typed)


def test_query_words_lowercases_and_drops_or() -> None:
    assert query_words('Neglect OR "Hidden Men" -drugs negl*') == [
        "neglect",
        "hidden",
        "men",
        "drugs",
        "negl",
    ]


# -- Index ---------------------------------------------------------------------------------------


def record(slug: str, title: str, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": slug,
        "title": title,
        "kind": "learning-review",
        "date": "",
        "area": "",
        "status": "published",
        "summary": "",
        "themes": [],
        "learning": [],
        "good_practice": [],
        "recommendations": [],
    }
    data.update(fields)
    return data


def themes(*ids: str) -> list[dict[str, Any]]:
    return [{"id": i, "origin": "manual", "evidence": []} for i in ids]


@pytest.fixture
def index(tmp_path: Path) -> Any:
    idx = Index(tmp_path / "index.sqlite")
    idx.reset()
    yield idx
    idx.close()


def slugs(idx: Index, text: str, filters: Filters | None = None) -> list[str]:
    return [h.slug for h in idx.search(search_query(text), filters)[1]]


def _ranking_library(index: Index, fillers: int) -> None:
    index.put_record(record("in-pages", "Annual report", summary="The board met four times."), "")
    # Pages without the word too, as in a real report.
    index.put_pages(
        "in-pages", "d" * 64, "annual.pdf", ["Contents.", "Some neglect was found in two cases.", "Annex."]
    )
    index.put_record(record("in-title", "Neglect: a briefing", summary="A briefing for staff."), "")
    index.put_record(
        record("in-themes", "Audit of plans", summary="Plans were audited.", themes=themes("neglect")),
        "Neglect ; neglect ; neglectful",
    )
    for n in range(fillers):
        index.put_record(record(f"filler-{n}", f"Other report {n}", summary="About something else."), "")


def test_title_and_theme_matches_rank_above_a_page_text_only_match(index: Index) -> None:
    _ranking_library(index, fillers=4)
    count, hits = index.search(search_query("neglect"))
    assert count == 3
    order = [h.slug for h in hits]
    assert order[-1] == "in-pages"
    assert set(order[:2]) == {"in-title", "in-themes"}
    assert hits[0].score >= hits[1].score >= hits[2].score > 0


def test_title_match_outranks_page_match_even_for_a_common_word(index: Index) -> None:
    # "neglect" is in 2 of the 3 records' own fields here, as "child" or "board" is in most of
    # the bundled records: bm25's IDF for it is clamped to a tiny constant.
    _ranking_library(index, fillers=0)
    order = slugs(index, "neglect")
    assert order[-1] == "in-pages"
    assert all(h.score > 0 for h in index.search(search_query("neglect"))[1])


def test_summary_match_ranks_above_page_text_match(index: Index) -> None:
    index.put_record(record("pages", "Report A"), "")
    index.put_pages("pages", "a" * 64, "a.pdf", ["A word about cannabis and more text here."])
    index.put_record(record("summary", "Report B", summary="Cannabis use by a parent."), "")
    assert slugs(index, "cannabis") == ["summary", "pages"]


def test_stemming_finds_other_forms_of_a_word(index: Index) -> None:
    index.put_record(record("a", "Report A", summary="The children were neglected for years."), "")
    index.put_record(record("b", "Report B", summary="A neglectful home."), "")
    index.put_record(record("c", "Report C", summary="Nothing of the kind."), "")
    assert sorted(slugs(index, "neglect")) == ["a", "b"]
    assert sorted(slugs(index, "neglecting")) == ["a", "b"]


def test_phrase_matches_words_in_order_only(index: Index) -> None:
    index.put_record(record("a", "A", summary="Hearing the voice of the child in every visit."), "")
    index.put_record(record("b", "B", summary="The child had no voice in the plan."), "")
    assert slugs(index, '"voice of the child"') == ["a"]
    assert sorted(slugs(index, "voice child")) == ["a", "b"]


def test_prefix_query(index: Index) -> None:
    index.put_record(record("a", "A", summary="Safeguarding partnerships."), "")
    index.put_record(record("b", "B", summary="Safe sleep advice."), "")
    index.put_record(record("c", "C", summary="Nothing."), "")
    assert sorted(slugs(index, "safeg*")) == ["a"]
    assert sorted(slugs(index, "saf*")) == ["a", "b"]


def test_or_and_exclusion(index: Index) -> None:
    index.put_record(record("a", "A", summary="Domestic abuse and alcohol."), "")
    index.put_record(record("b", "B", summary="Domestic abuse only."), "")
    index.put_record(record("c", "C", summary="Alcohol only."), "")
    assert sorted(slugs(index, "domestic -alcohol")) == ["b"]
    assert sorted(slugs(index, "domestic OR alcohol")) == ["a", "b", "c"]
    assert sorted(slugs(index, "domestic alcohol")) == ["a"]


def test_snippet_marks_the_matched_words(index: Index) -> None:
    index.put_record(
        record("a", "A", summary="Professionals did not see the hidden men in the household."), ""
    )
    _, [hit] = index.search(search_query("hidden"))
    assert f"{MARK_START}hidden{MARK_END}" in hit.snippet
    assert hit.page is None and hit.document is None
    # --json turns the markers into **bold**.
    as_dict = Hit("a", "A", "learning-review", "", [], hit.score, hit.snippet).to_dict()
    assert "**hidden**" in as_dict["snippet"]
    assert MARK_START not in as_dict["snippet"] and MARK_END not in as_dict["snippet"]


def test_page_hits_carry_page_number_and_document_name(index: Index) -> None:
    index.put_record(record("a", "Annual report"), "")
    # Empty pages are not indexed but still count in the numbering.
    index.put_pages(
        "a", "e" * 64, "annual-report.pdf", ["Contents", "", "   ", "The zebra crossing was unsafe."]
    )
    count, [hit] = index.search(search_query("zebra"))
    assert count == 1
    assert (hit.slug, hit.page, hit.document) == ("a", 4, "annual-report.pdf")
    assert f"{MARK_START}zebra{MARK_END}" in hit.snippet


def test_best_page_is_chosen_and_one_hit_per_record(index: Index) -> None:
    index.put_record(record("a", "Report"), "")
    index.put_pages(
        "a",
        "f" * 64,
        "r.pdf",
        ["A giraffe once.", "giraffe giraffe giraffe, the giraffe page.", "Another giraffe."],
    )
    count, hits = index.search(search_query("giraffe"))
    assert count == 1 and len(hits) == 1
    assert hits[0].page == 2


def test_put_pages_replaces_and_drop_pages_removes(index: Index) -> None:
    index.put_record(record("a", "Report"), "")
    index.put_pages("a", "1" * 64, "r.pdf", ["first version mentions okapi"])
    index.put_pages("a", "1" * 64, "r.pdf", ["second version mentions tapir"])
    assert slugs(index, "okapi") == []
    assert slugs(index, "tapir") == ["a"]
    assert index.page_text("1" * 64) == [(1, "second version mentions tapir")]
    index.drop_pages("1" * 64)
    assert slugs(index, "tapir") == []
    assert index.page_text("1" * 64) == []
    assert index.get("a") is not None  # the record itself stays


def test_put_record_replaces_the_earlier_version(index: Index) -> None:
    index.put_record(record("a", "Old title about walruses"), "")
    index.put_record(record("a", "New title about narwhals"), "")
    assert index.slugs() == ["a"]
    assert slugs(index, "walruses") == []
    assert slugs(index, "narwhals") == ["a"]
    assert index.get("a")["title"] == "New title about narwhals"  # type: ignore[index]


def _filter_library(index: Index) -> None:
    index.put_record(
        record(
            "audit-2018",
            "Audit",
            kind="multi-agency-audit",
            date="2018/2019",
            area="Pan Bedfordshire",
            summary="neglect",
            themes=themes("neglect", "record-keeping"),
        ),
        "",
    )
    index.put_record(
        record(
            "review-2013",
            "Review",
            kind="serious-case-review",
            date="2013-09",
            area="Coventry",
            status="referenced",
            summary="neglect",
            themes=themes("neglect-plus"),
        ),
        "",
    )
    index.put_record(
        record("undated", "Briefing", area="Bedford Borough", summary="neglect", themes=themes("neglect")), ""
    )


@pytest.mark.parametrize(
    "filters, expected",
    [
        (Filters(), ["audit-2018", "review-2013", "undated"]),
        (Filters(kind="multi-agency-audit"), ["audit-2018"]),
        (Filters(kind="framework"), []),
        # theme matches the whole id, not a longer id that starts with it
        (Filters(theme="neglect"), ["audit-2018", "undated"]),
        (Filters(theme="neglect-plus"), ["review-2013"]),
        (Filters(theme="record"), []),
        (Filters(area="bedford"), ["audit-2018", "undated"]),
        (Filters(area="Borough"), ["undated"]),
        (Filters(status="referenced"), ["review-2013"]),
        (Filters(status="published"), ["audit-2018", "undated"]),
        # a period 2018/2019 is in every year it covers
        (Filters(since=2019), ["audit-2018"]),
        (Filters(until=2018), ["audit-2018", "review-2013"]),
        (Filters(since=2018, until=2018), ["audit-2018"]),
        (Filters(since=2020), []),
        (Filters(until=2012), []),
        (Filters(since=2013, until=2013), ["review-2013"]),
        (Filters(kind="multi-agency-audit", status="referenced"), []),
    ],
)
def test_filters_in_search_and_records(index: Index, filters: Filters, expected: list[str]) -> None:
    _filter_library(index)
    assert sorted(slugs(index, "neglect", filters)) == expected
    assert sorted(r["slug"] for r in index.records(filters)) == expected
    assert sorted(r["slug"] for r in index.rows(filters)) == expected


def test_filters_apply_to_page_hits(index: Index) -> None:
    index.put_record(record("old", "Old", date="2010"), "")
    index.put_pages("old", "2" * 64, "old.pdf", ["a page about lemurs"])
    index.put_record(record("new", "New", date="2020"), "")
    index.put_pages("new", "3" * 64, "new.pdf", ["another page about lemurs"])
    assert slugs(index, "lemurs", Filters(since=2015)) == ["new"]
    assert index.search(search_query("lemurs"), Filters(since=2015))[0] == 1


def test_limit_keeps_the_count_of_all_matches(index: Index) -> None:
    for n in range(5):
        index.put_record(record(f"r{n}", f"Report {n}", summary="flamingo " * (n + 1)), "")
    count, hits = index.search(search_query("flamingo"), limit=2)
    assert count == 5
    assert len(hits) == 2


def test_records_are_listed_newest_first(index: Index) -> None:
    index.put_record(record("a", "Zeta", date="2013"), "")
    index.put_record(record("b", "Alpha", date="2019-05"), "")
    index.put_record(record("c", "Beta", date="2019-05"), "")
    assert [r["slug"] for r in index.records()] == ["b", "c", "a"]


def test_theme_counts(index: Index) -> None:
    _filter_library(index)
    assert index.theme_counts() == {"neglect": 2, "record-keeping": 1, "neglect-plus": 1}
    assert index.record_count() == 3


def test_theme_counts_follow_a_record_replaced_with_other_themes(index: Index) -> None:
    index.put_record(record("a", "A", themes=themes("neglect", "hidden-men")), "")
    index.put_record(record("b", "B", themes=themes("neglect")), "")
    index.put_record(record("a", "A again", themes=themes("neglect-plus", "neglect")), "")
    index.put_record(record("b", "B again", themes=[]), "")
    assert index.theme_counts() == {"neglect": 1, "neglect-plus": 1}  # none left at 0
    recount: dict[str, int] = {}
    for _, _, ids in index.theme_rows():
        for theme_id in ids:
            recount[theme_id] = recount.get(theme_id, 0) + 1
    assert index.theme_counts() == recount


def test_theme_rows_having_one_theme_and_none_of_others(index: Index) -> None:
    index.put_record(record("a", "A", themes=themes("neglect", "hidden-men")), "")
    index.put_record(record("b", "B", themes=themes("neglect-plus")), "")  # "neglect" inside another id
    index.put_record(record("c", "C", themes=themes("neglect")), "")
    assert sorted(r[0] for r in index.theme_rows("neglect")) == ["a", "c"]
    assert [r[0] for r in index.theme_rows("neglect", ["hidden-men"])] == ["c"]
    assert index.theme_rows("hidden-men", ["neglect"]) == []
    assert sorted(index.theme_rows()) == [
        ("a", "A", ["neglect", "hidden-men"]),
        ("b", "B", ["neglect-plus"]),
        ("c", "C", ["neglect"]),
    ]


def test_freshness_follows_store_and_taxonomy_signatures(tmp_path: Path) -> None:
    idx = Index(tmp_path / "index.sqlite")
    assert not idx.is_fresh("1:10", "tax")  # no file yet
    idx.reset()
    assert not idx.is_fresh("1:10", "tax")  # built but never marked
    idx.mark("1:10", "tax")
    assert idx.is_fresh("1:10", "tax")
    assert not idx.is_fresh("2:10", "tax")  # the store changed
    assert not idx.is_fresh("1:10", "tax2")  # the taxonomy changed
    idx.close()
    # The marks survive closing and reopening.
    again = Index(tmp_path / "index.sqlite")
    assert again.is_fresh("1:10", "tax")
    again.close()
    (tmp_path / "index.sqlite").unlink()
    assert not Index(tmp_path / "index.sqlite").is_fresh("1:10", "tax")


def test_reset_empties_the_index(index: Index) -> None:
    index.put_record(record("a", "Report about herons"), "")
    index.mark("sig", "tax")
    index.reset()
    assert index.slugs() == []
    assert not index.is_fresh("sig", "tax")


def test_index_file_that_is_not_sqlite_is_stale_and_reset_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"this is not a database" * 10)
    idx = Index(path)
    assert idx.is_fresh("sig", "tax") is False  # derived data: a damaged index is simply rebuilt
    idx.reset()  # a rebuild replaces it
    idx.put_record(record("a", "Report about ibis"), "")
    assert slugs(idx, "ibis") == ["a"]
    idx.close()


# -- no typed query reaches FTS5 as syntax -------------------------------------------------------

NASTY = [
    "[brackets]",
    "[bold]markup[/]",
    '"unbalanced',
    'two "unbalanced" quotes"',
    "title:neglect",
    "col:",
    ":",
    "neglect)",
    "((neglect",
    "NEAR(a b, 3)",
    "a AND OR NOT b",
    "*",
    "neglect*:",
    "^start",
    "{curly}",
    "a+b",
    "-",
    "--neglect",
    "neglect -",
    "OR OR neglect OR",
    "'single quotes'",
    "naïve café",
    "under_score",
    "emoji 🙂 neglect",
    "\x00nul",
    "back\\slash",
]


@pytest.fixture
def small_index(tmp_path: Path) -> Any:
    idx = Index(tmp_path / "index.sqlite")
    idx.reset()
    idx.put_record(record("a", "Neglect [brackets] and markup", summary="Neglect: a title with a colon."), "")
    idx.put_pages("a", "9" * 64, "a.pdf", ["neglect on a page"])
    yield idx
    idx.close()


@pytest.mark.parametrize("typed", NASTY)
def test_no_query_raises_an_fts_syntax_error(small_index: Index, typed: str) -> None:
    try:
        query = search_query(typed)
    except InvalidError:
        return  # no words in it: a clear error, not a syntax error
    small_index.search(query)  # must not raise


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40))
def test_any_text_is_a_safe_query(small_index: Index, typed: str) -> None:
    try:
        query = search_query(typed)
    except InvalidError:
        return
    try:
        small_index.search(query)
    except InvalidError as exc:  # pragma: no cover - the failure we are looking for
        pytest.fail(f"{typed!r} -> {query!r} raised {exc}")


def test_a_raw_syntax_error_is_reported_as_invalid_input(small_index: Index) -> None:
    # Only search_query output is meant to reach search, but if anything else does
    # it must be a LearnkitError, not a sqlite3 traceback.
    with pytest.raises(InvalidError, match="double quotes"):
        small_index.search(SearchQuery('"unbalanced', '"unbalanced'))
    assert not isinstance(InvalidError("x"), sqlite3.Error)


def test_best_page_comes_from_the_best_document_of_the_record(index: Index) -> None:
    index.put_record(record("r", "Report"), "")
    index.put_record(record("other", "Other"), "")
    index.put_pages("other", "o" * 64, "other.pdf", ["nothing here", "a word about ferrets"])
    index.put_pages("r", "a" * 64, "a.pdf", ["first page", "second page", "ferrets and more ferrets"])
    index.put_pages("r", "b" * 64, "b.pdf", ["one mention of ferrets", "no more"])
    _, hits = index.search(search_query("ferrets"))
    by_slug = {h.slug: h for h in hits}
    assert (by_slug["r"].document, by_slug["r"].page) == ("a.pdf", 3)
    assert (by_slug["other"].document, by_slug["other"].page) == ("other.pdf", 2)


def test_replaced_pages_leave_nothing_behind_in_the_document_index(index: Index) -> None:
    index.put_record(record("r", "Report"), "")
    index.put_pages("r", "a" * 64, "a.pdf", ["about otters", "and badgers"])
    index.put_pages("r", "a" * 64, "a.pdf", ["about voles"])
    assert slugs(index, "otters") == []
    assert slugs(index, "badgers") == []
    assert slugs(index, "voles") == ["r"]
    index.drop_pages("a" * 64)
    assert slugs(index, "voles") == []


# -- common words in documents' text -------------------------------------------------------------


def test_doc_words_leaves_out_common_words_in_any_case_and_keeps_the_rest() -> None:
    text = "The Voice of THE child: it's in (the) café’s notes, e.g. 'as is'.\nAn end"
    assert doc_words(text) == "Voice child s café’s notes e g end"
    assert doc_words("the \ud800 voice") == "\ud800 voice"  # a lone surrogate is no reason to fail


@pytest.mark.parametrize(
    ("typed", "docs", "pages"),
    [
        ("neglect", '"neglect"', '"neglect"'),
        ('"voice of the child"', '"voice child"', 'NEAR("voice" "child", 2)'),
        ('"the child"', '"child"', '"child"'),
        ("the", None, '"the"'),
        ('neglect -"of the"', '"neglect"', '"neglect"'),
        ("neglect -the", '"neglect"', '"neglect"'),
        ("the*", '"the"*', '"the"*'),
        ("voice of the chil*", '"voice" AND "chil"*', '"voice" AND "chil"*'),
        ("neglect OR abuse", '("neglect" OR "abuse")', '("neglect" OR "abuse")'),
        ('"In Care" OR "Of"', '"Care"', '"Care"'),
    ],
)
def test_search_query_leaves_common_words_out_of_documents_part(
    typed: str, docs: str | None, pages: str
) -> None:
    query = search_query(typed)
    assert query.exact == fts_query(typed)
    assert (query.docs, query.pages) == (docs, pages)


def _vocabulary(index: Index) -> set[str]:
    index.conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.doc_vocab USING fts5vocab(main, doc_fts, row)"
    )
    return {term for (term,) in index.conn.execute("SELECT term FROM temp.doc_vocab")}


def test_documents_are_indexed_without_common_words_and_replaced_cleanly(index: Index) -> None:
    index.put_record(record("a", "Report"), "")
    index.put_pages("a", "1" * 64, "r.pdf", ["The okapi of the forest", "AND the Tapir"])
    assert _vocabulary(index) == {"okapi", "forest", "tapir"}
    index.put_pages("a", "1" * 64, "r.pdf", ["A second version with a zebra"])
    assert _vocabulary(index) == {"second", "version", "zebra"}  # the first version's words are all gone
    index.drop_pages("1" * 64)
    assert _vocabulary(index) == set()


def test_a_phrase_with_common_words_finds_them_skipped_in_documents(index: Index) -> None:
    index.put_record(record("exact", "Exact"), "")
    index.put_record(record("other-small-word", "Other small word"), "")
    index.put_record(record("apart", "Apart"), "")
    index.put_pages("exact", "1" * 64, "e.pdf", ["nothing", "hearing the voice of the child matters"])
    index.put_pages("other-small-word", "2" * 64, "o.pdf", ["the voice of a child was heard"])
    index.put_pages("apart", "3" * 64, "a.pdf", ["the voice of the young child"])  # a word between
    count, hits = index.search(search_query('"voice of the child"'))
    assert count == 2
    by_slug = {h.slug: h for h in hits}
    assert set(by_slug) == {"exact", "other-small-word"}
    assert (by_slug["exact"].document, by_slug["exact"].page) == ("e.pdf", 2)
    assert "voice" in by_slug["exact"].snippet and "child" in by_slug["exact"].snippet
    # Without common words a phrase is exact: word order counts.
    index.put_pages("apart", "3" * 64, "a.pdf", ["the child voice"])
    assert set(slugs(index, '"voice child"')) == {"exact", "other-small-word"}
    # A document matched across common words or a page break still shows a page with the words.
    assert search_query('"voice of the child"').any_word == '"voice" OR "child"'
    index.put_record(record("split", "Split"), "")
    index.put_pages("split", "4" * 64, "s.pdf", ["no", "her voice", "and the child"])
    _, hits = index.search(search_query('"voice child"'))
    split = next(h for h in hits if h.slug == "split")
    assert (split.document, split.page) in {("s.pdf", 2), ("s.pdf", 3)}
    assert slugs(index, '"child voice"') == ["apart"]


def test_common_words_alone_find_records_by_their_own_fields_only(index: Index) -> None:
    index.put_record(record("titled", "The report"), "")
    index.put_record(record("paged", "Paged"), "")
    index.put_pages("paged", "1" * 64, "p.pdf", ["the report of the review"])
    assert slugs(index, "the") == ["titled"]
    assert set(slugs(index, "the report")) == {"titled", "paged"}


# -- pages named and the other names of a theme the query names ---------------------------------

MISSED = ["missed appointments", "did not attend", "was not brought"]


def test_search_query_for_a_named_theme_ors_its_names_in_place_of_the_words_that_named_it() -> None:
    query = search_query("was not brought", [MISSED])
    assert query.also_docs == '("missed appointments" OR "did not attend" OR "not brought")'
    # On pages, as for the words typed: the common words skipped, the rest as near as they made them.
    assert query.also_pages == '("missed appointments" OR "did not attend" OR NEAR("not" "brought", 1))'
    assert search_query("was not brought").also_docs is None


def test_search_query_keeps_the_terms_no_theme_name_covers() -> None:
    query = search_query("was not brought health -nursery", [MISSED])
    assert query.also_docs is not None
    assert query.also_docs.startswith('(("missed appointments" OR "did not attend" OR "not brought")')
    assert 'AND "health"' in query.also_docs
    assert query.also_docs.endswith('NOT "nursery"')


def _appointments_library(index: Index) -> None:
    index.put_record(record("exact", "Health review"), "")
    index.put_pages("exact", "a" * 64, "exact.pdf", ["Cover page.", "The child was not brought to clinic."])
    index.put_record(record("other-name", "Dental review"), "")
    index.put_pages(
        "other-name",
        "b" * 64,
        "dental.pdf",
        ["Contents.", "Background.", "Three missed appointments at the dentist."],
    )
    index.put_record(record("unrelated", "Housing review"), "")
    index.put_pages("unrelated", "c" * 64, "housing.pdf", ["Rent arrears and a move."])


def test_a_named_theme_finds_its_other_names_in_documents_ranked_below_the_words(index: Index) -> None:
    _appointments_library(index)
    count, hits = index.search(search_query("was not brought", [MISSED]))
    assert count == 2
    assert [h.slug for h in hits] == ["exact", "other-name"]
    assert hits[0].score > hits[1].score > 0
    # The page where the other name is, with the snippet from it.
    assert (hits[1].document, hits[1].page) == ("dental.pdf", 3)
    assert f"{MARK_START}missed appointments{MARK_END}" in hits[1].snippet
    # Without the theme's names, only the words as typed.
    assert [h.slug for h in index.search(search_query("was not brought"))[1]] == ["exact"]


def test_a_record_found_by_its_fields_names_the_page_that_holds_the_words(index: Index) -> None:
    index.put_record(record("both", "Neglect: a briefing", summary="About neglect."), "Neglect")
    index.put_pages("both", "d" * 64, "brief.pdf", ["Contents.", "Cover.", "Neglect was seen at home."])
    [hit] = index.search(search_query("neglect"))[1]
    assert (hit.document, hit.page) == ("brief.pdf", 3)
    assert f"{MARK_START}Neglect{MARK_END}" in hit.snippet


def test_a_record_found_by_its_themes_names_the_page_of_the_themes_other_names(index: Index) -> None:
    # Detected with the theme (its names are in the themes field), its text uses another name.
    index.put_record(record("detected", "Dental review", themes=themes("was-not-brought")), "Was not brought")
    index.put_pages("detected", "e" * 64, "dental.pdf", ["Contents.", "Two missed appointments."])
    [hit] = index.search(search_query("was not brought", [MISSED]))[1]
    assert (hit.document, hit.page) == ("dental.pdf", 2)


def test_a_record_whose_documents_lack_the_words_has_its_own_snippet_and_no_page(index: Index) -> None:
    index.put_record(record("fields", "Neglect: a briefing", summary="About neglect."), "")
    index.put_pages("fields", "f" * 64, "brief.pdf", ["Nothing of it here."])
    [hit] = index.search(search_query("neglect"))[1]
    assert hit.page is None and hit.document is None
    assert f"{MARK_START}neglect{MARK_END}" in hit.snippet
