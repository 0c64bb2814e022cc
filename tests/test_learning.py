"""Trends, similar records and recurring learning (knowledge.trends, similar, repeats, wording)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import pytest

from learnkit.errors import InvalidError, NotFoundError
from learnkit.knowledge.repeats import REPEAT_THRESHOLD, near_pairs, repeats
from learnkit.knowledge.similar import similar
from learnkit.knowledge.themes import Taxonomy, load_taxonomy
from learnkit.knowledge.trends import has_toxic_trio, trends
from learnkit.knowledge.wording import content_words, record_text
from learnkit.models import Point, Record, ThemeTag

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(REPO / "records" / "themes.toml")


def rec(
    slug: str,
    themes: list[str] | None = None,
    date: str = "",
    kind: str = "learning-review",
    area: str = "",
    summary: str = "",
    learning: list[str] | None = None,
    recommendations: list[str] | None = None,
    related: list[str] | None = None,
    detected: list[str] | None = None,
) -> Record:
    tags = [ThemeTag(t) for t in themes or []] + [ThemeTag(t, "detected") for t in detected or []]
    return Record(
        slug=slug,
        title=f"Title of {slug}",
        kind=kind,
        date=date,
        area=area,
        summary=summary,
        themes=tags,
        learning=[Point(t) for t in learning or []],
        recommendations=[Point(t) for t in recommendations or []],
        related=related or [],
    )


def series(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        s["key"]: {"total": s["total"], **{t["id"]: t["count"] for t in s["themes"]}} for s in data["series"]
    }


# --------------------------------------------------------------------------- trends


def test_trends_by_year_counts_periods_in_their_start_year_and_fills_gaps(taxonomy: Taxonomy) -> None:
    records = [
        rec("a", ["neglect", "domestic-abuse"], "2015"),
        rec("b", ["neglect"], "2015-03-02"),
        rec("c", ["neglect", "hidden-men"], "2018/2019"),
        rec("d", ["hidden-men"], ""),
    ]
    data = trends(records, taxonomy)
    assert data["by"] == "year" and data["theme"] is None and data["records"] == 4
    assert [s["key"] for s in data["series"]] == ["2015", "2016", "2017", "2018", "undated"]
    got = series(data)
    assert got["2015"] == {"total": 2, "neglect": 2, "domestic-abuse": 1}
    assert got["2016"] == {"total": 0} and got["2017"] == {"total": 0}
    assert got["2018"] == {"total": 1, "neglect": 1, "hidden-men": 1}
    assert "2019" not in got  # a period counts once, in its start year
    assert got["undated"] == {"total": 1, "hidden-men": 1}
    first = data["series"][0]["themes"][0]
    assert first == {"id": "neglect", "label": "Neglect", "count": 2}  # most frequent first


def test_trends_by_kind_and_area(taxonomy: Taxonomy) -> None:
    records = [
        rec("a", ["neglect"], kind="multi-agency-audit", area="Luton"),
        rec("b", ["neglect"], kind="serious-case-review", area="Bedford Borough"),
        rec("c", ["hidden-men"], kind="serious-case-review"),
    ]
    by_kind = trends(records, taxonomy, by="kind")
    # Kinds in the order of the vocabulary: reviews before audits.
    assert [s["key"] for s in by_kind["series"]] == ["serious-case-review", "multi-agency-audit"]
    assert series(by_kind)["serious-case-review"] == {"total": 2, "neglect": 1, "hidden-men": 1}
    by_area = trends(records, taxonomy, by="area")
    assert [s["key"] for s in by_area["series"]] == ["Bedford Borough", "Luton", "no area"]
    assert series(by_area)["no area"] == {"total": 1, "hidden-men": 1}


def test_trends_for_one_theme_resolves_aliases_and_keeps_totals(taxonomy: Taxonomy) -> None:
    records = [
        rec("a", ["neglect", "hidden-men"], "2014"),
        rec("b", ["neglect"], "2014"),
        rec("c", ["domestic-abuse", "parental-mental-health"], "2014"),
    ]
    data = trends(records, taxonomy, theme="unseen men")
    assert data["theme"] == "hidden-men"
    assert series(data)["2014"] == {"total": 3, "hidden-men": 1}
    assert [p["themes"] for p in data["cooccurrence"]] == [["neglect", "hidden-men"]]
    with pytest.raises(NotFoundError) as caught:
        trends(records, taxonomy, theme="neglekt")
    assert "neglect" in caught.value.candidates
    with pytest.raises(InvalidError, match="--by"):
        trends(records, taxonomy, by="month")


def test_cooccurrence_counts_pairs_on_one_record(taxonomy: Taxonomy) -> None:
    records = [
        rec("a", ["neglect", "domestic-abuse", "hidden-men"]),
        rec("b", ["neglect", "domestic-abuse"]),
        rec("c", ["neglect", "hidden-men"], detected=["domestic-abuse"]),
        rec("d", ["voice-of-the-child"]),
    ]
    pairs = {tuple(p["themes"]): p["count"] for p in trends(records, taxonomy)["cooccurrence"]}
    assert pairs == {
        ("neglect", "domestic-abuse"): 3,  # detected themes count as well as manual ones
        ("neglect", "hidden-men"): 2,
        ("domestic-abuse", "hidden-men"): 2,
    }
    first = trends(records, taxonomy)["cooccurrence"][0]
    assert first["labels"] == ["Neglect", "Domestic abuse"] and first["count"] == 3


def test_cooccurrence_keeps_the_top_twenty(taxonomy: Taxonomy) -> None:
    ids = taxonomy.ids[:10]
    records = [rec("all", ids)] + [rec(f"r{n}", ids[:2]) for n in range(3)]
    pairs = trends(records, taxonomy)["cooccurrence"]
    assert len(pairs) == 20
    assert pairs[0] == {"themes": ids[:2], "labels": [taxonomy.get(i).label for i in ids[:2]], "count": 4}  # type: ignore[union-attr]
    assert all(p["count"] == 1 for p in pairs[1:])


def test_toxic_trio_needs_all_three_or_the_trio_theme(taxonomy: Taxonomy) -> None:
    trio = ["domestic-abuse", "parental-mental-health", "parental-substance-misuse"]
    records = [
        rec("all-three", trio + ["neglect"]),
        rec("named", ["toxic-trio"]),
        rec("two", trio[:2]),
        rec("one", trio[:1]),
    ]
    assert [has_toxic_trio(r) for r in records] == [True, True, False, False]
    check = trends(records, taxonomy)["toxic_trio"]
    assert check["count"] == 2
    assert check["records"] == ["all-three", "named"]
    assert check["two_of_three"] == 1
    assert check["labels"] == ["Domestic abuse", "Parental mental health", "Parental substance misuse"]


def test_trends_of_nothing(taxonomy: Taxonomy) -> None:
    data = trends([], taxonomy)
    assert data["series"] == [] and data["cooccurrence"] == [] and data["toxic_trio"]["count"] == 0


def test_trends_count_open_actions_per_key_and_theme_only_when_given(taxonomy: Taxonomy) -> None:
    records = [
        rec("a", ["neglect", "domestic-abuse"], date="2020"),
        rec("b", ["neglect"], date="2020"),
        rec("c", ["domestic-abuse"], date="2022"),
        rec("d", [], date="2022"),  # no themes: its actions are in the totals only
    ]
    plain = trends(records, taxonomy)
    assert "open_actions" not in plain and "open_actions" not in plain["series"][0]
    assert all("open_actions" not in t for s in plain["series"] for t in s["themes"])
    # "x" is no record of these (a left-out or removed one): its actions are not counted.
    data = trends(records, taxonomy, open_actions={"a": 3, "b": 1, "d": 2, "x": 7})
    by_key = {s["key"]: s for s in data["series"]}
    assert [by_key[k]["open_actions"] for k in ("2020", "2021", "2022")] == [4, 0, 2]
    themes_2020 = {t["id"]: t["open_actions"] for t in by_key["2020"]["themes"]}
    assert themes_2020 == {"neglect": 4, "domestic-abuse": 3}  # a's three count under both its themes
    assert {t["id"]: t["open_actions"] for t in by_key["2022"]["themes"]} == {"domestic-abuse": 0}
    assert data["open_actions"] == {
        "total": 6,
        "themes": [
            {"id": "neglect", "label": "Neglect", "count": 4},
            {"id": "domestic-abuse", "label": "Domestic abuse", "count": 3},
        ],
    }
    # For one theme, only its own: the key's actions stay whole, the theme's are those of its records.
    one = trends(records, taxonomy, theme="domestic abuse", open_actions={"a": 3, "c": 5})
    by_key = {s["key"]: s for s in one["series"]}
    assert by_key["2020"]["themes"] == [
        {"id": "domestic-abuse", "label": "Domestic abuse", "count": 1, "open_actions": 3}
    ]
    assert by_key["2022"]["themes"][0]["open_actions"] == 5
    assert one["open_actions"]["themes"] == [{"id": "domestic-abuse", "label": "Domestic abuse", "count": 8}]
    # No open action anywhere: the keys are there, with nothing in them.
    none = trends(records, taxonomy, open_actions={})
    assert none["open_actions"] == {"total": 0, "themes": []}
    assert all(s["open_actions"] == 0 for s in none["series"])


# --------------------------------------------------------------------------- similar


def test_similar_explains_shared_themes_rarest_first(taxonomy: Taxonomy) -> None:
    me = rec("me", ["neglect", "hidden-men", "multi-agency-working"])
    others = [
        rec("both", ["neglect", "hidden-men", "multi-agency-working"]),
        rec("common", ["multi-agency-working"]),
        rec("x1", ["neglect", "multi-agency-working"]),
        rec("x2", ["multi-agency-working", "neglect"]),
        rec("x3", ["multi-agency-working"]),
        rec("unrelated", ["online-harm"]),
    ]
    results = similar(me, [me, *others], taxonomy, n=10)
    slugs = [r["slug"] for r in results]
    assert slugs[0] == "both"
    assert "me" not in slugs and "unrelated" not in slugs
    top = results[0]
    # Hidden men is the rarest theme here, multi-agency working the commonest.
    assert top["shared_themes"] == ["Hidden men", "Neglect", "Multi-agency working"]
    assert top["reason"] == "3 shared themes: hidden men, neglect, multi-agency working"
    assert set(top) == {"slug", "title", "score", "shared_themes", "reason"}
    assert top["title"] == "Title of both"
    # Sharing a rare theme beats sharing only the theme most records have.
    assert slugs.index("x1") < slugs.index("common")
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


def test_similar_puts_linked_records_first(taxonomy: Taxonomy) -> None:
    me = rec("me", ["neglect", "hidden-men"], related=["linked"])
    others = [
        rec("twin", ["neglect", "hidden-men"]),
        rec("linked", ["online-harm"]),
        rec("backlink", ["early-help"], related=["me"]),
    ]
    results = similar(me, others, taxonomy)
    assert [r["slug"] for r in results] == ["linked", "backlink", "twin"]
    assert results[0]["reason"].startswith("linked by the record")
    assert results[1]["reason"].startswith("links to this record")
    assert results[0]["score"] < results[2]["score"]  # first because linked, not because of its score


def test_similar_wording_counts_without_shared_themes(taxonomy: Taxonomy) -> None:
    text = "Fathers and male partners were not assessed although they lived in the household with the baby."
    me = rec("me", ["hidden-men"], summary=text)
    others = [
        rec("wording", ["online-harm"], summary=text.replace("baby", "infant")),
        rec("other", ["online-harm"], summary="School attendance fell during the pandemic lockdowns."),
        rec("third", ["early-help"], summary="Early help offers came too late for the family."),
    ]
    results = similar(me, others, taxonomy)
    assert [r["slug"] for r in results] == ["wording"]
    assert results[0]["reason"] == "similar wording" and results[0]["shared_themes"] == []


def test_similar_is_deterministic_and_limited(taxonomy: Taxonomy) -> None:
    me = rec("me", ["neglect"])
    others = [rec(f"r{n:02d}", ["neglect"]) for n in range(12)]  # all tie
    first = similar(me, others, taxonomy, n=5)
    shuffled = list(others)
    random.Random(7).shuffle(shuffled)
    assert similar(me, shuffled, taxonomy, n=5) == first
    assert [r["slug"] for r in first] == ["r00", "r01", "r02", "r03", "r04"]  # ties by slug
    assert similar(me, others, taxonomy, n=0) == []
    assert similar(me, [me], taxonomy) == []


def test_similar_uses_the_text_function(taxonomy: Taxonomy) -> None:
    me = rec("me", ["neglect"])
    others = [rec("a", ["online-harm"]), rec("b", ["early-help"])]
    texts = {"me": "graded care profile scores", "a": "graded care profile scores", "b": "missing episodes"}
    results = similar(me, others, taxonomy, text_of=lambda r: texts[r.slug])
    assert [r["slug"] for r in results] == ["a"]
    assert "Title of me" in record_text(me)


# --------------------------------------------------------------------------- repeats


def test_near_identical_points_across_records_are_grouped() -> None:
    records = [
        rec(
            "later",
            date="2019",
            learning=[
                "Keep the child at the centre of assessments of how a parent's mental or physical illness "
                "affects the family."
            ],
        ),
        rec(
            "earlier",
            date="2014-05",
            learning=[
                "Keep the child at the centre of any assessment of how a parent's physical or mental illness "
                "affects the family."
            ],
        ),
        rec(
            "third",
            date="2016",
            recommendations=[
                "Agencies should keep the child at the centre of every assessment of how a parent's physical "
                "or mental illness affects the family."
            ],
        ),
    ]
    groups = repeats(records)
    assert len(groups) == 1
    group = groups[0]
    assert group["count"] == 3
    assert group["text"].startswith("Keep the child at the centre of any assessment")  # the earliest wording
    assert group["years"] == [2014, 2016, 2019]
    assert [r["slug"] for r in group["records"]] == ["earlier", "third", "later"]
    assert group["records"][1]["list"] == "recommendations"
    assert set(group["records"][0]) == {"slug", "title", "year", "list", "text"}


def test_different_wording_is_not_grouped() -> None:
    records = [
        rec(
            "a",
            learning=[
                "Keep the child at the centre of any assessment of how a parent's physical or mental illness "
                "affects the family."
            ],
        ),
        rec(
            "b",
            learning=[
                "Practitioners should keep the child at the centre of every assessment of parental illness."
            ],
        ),
        rec("c", learning=["Record the child's wishes and feelings in every assessment."]),
        rec("d", learning=["Seek the child's views and record them."]),
    ]
    assert repeats(records) == []


def test_negation_is_never_merged() -> None:
    records = [
        rec("a", learning=["Rely on parents' self-reporting of alcohol use."]),
        rec("b", learning=["Do not rely on parents' self-reporting of alcohol use."]),
    ]
    assert repeats(records) == []


def test_a_record_saying_it_twice_counts_once() -> None:
    point = "Share information about fathers and male partners with every agency involved."
    records = [
        rec("a", "", "2015", learning=[point], recommendations=[point + " "]),
        rec(
            "b",
            "",
            "2015",
            learning=["Share information about male partners and fathers with each agency involved."],
        ),
    ]
    groups = repeats(records)
    assert len(groups) == 1
    assert groups[0]["count"] == 2 and [r["slug"] for r in groups[0]["records"]] == ["a", "b"]
    assert groups[0]["years"] == [2015]
    only_one = [rec("a", learning=[point], recommendations=[point])]
    assert repeats(only_one) == []


def test_short_points_repeat_only_word_for_word() -> None:
    records = [
        rec("a", learning=["Improve supervision."]),
        rec("b", learning=["Improve supervision"]),
        rec("c", learning=["Improve recording."]),
    ]
    groups = repeats(records)
    assert [(g["text"], g["count"]) for g in groups] == [("Improve supervision.", 2)]


def test_repeats_order_and_min_records() -> None:
    common = "Use the Graded Care Profile 2 to assess neglect in every family."
    pair = "Check that escalation procedures are known to staff in every agency."
    records = [
        rec("r1", date="2018", learning=[common]),
        rec("r2", date="2017", learning=[common.replace("assess", "assessing")]),
        rec("r3", date="2019", learning=[common]),
        rec("r4", date="2012", learning=[pair]),
        rec("r5", date="", learning=[pair]),
    ]
    groups = repeats(records)
    assert [g["count"] for g in groups] == [3, 2]
    assert groups[0]["years"] == [2017, 2018, 2019]
    assert groups[1]["years"] == [2012]  # the undated record has no year to add
    assert groups[1]["records"][1]["year"] is None
    assert [g["count"] for g in repeats(records, min_records=3)] == [3]
    with pytest.raises(InvalidError):
        repeats(records, threshold=0)


def test_groups_do_not_drift_through_chains() -> None:
    # Each wording differs from the next by a little, but the last shares too little with the first.
    a = "alpha bravo charlie delta echo foxtrot golf hotel"
    b = "alpha bravo charlie delta echo foxtrot india juliet"
    c = "alpha bravo charlie delta kilo lima india juliet"
    records = [rec("a", date="2010", learning=[a]), rec("b", date="2011", learning=[b])]
    records.append(rec("c", date="2012", learning=[c]))
    groups = repeats(records)
    assert [[r["slug"] for r in g["records"]] for g in groups] == [["a", "b"]]


def brute_force(sets: list[tuple[int, ...]], t: float) -> set[tuple[int, int]]:
    found = set()
    for i, j in itertools.combinations(range(len(sets)), 2):
        x, y = set(sets[i]), set(sets[j])
        if len(x & y) / len(x | y) >= t - 1e-12:
            found.add((i, j))
    return found


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("threshold", [0.5, REPEAT_THRESHOLD, 0.8])
def test_blocking_finds_exactly_the_pairs_a_full_comparison_finds(seed: int, threshold: float) -> None:
    rnd = random.Random(seed)
    base = [rnd.sample(range(30), rnd.randint(3, 9)) for _ in range(40)]
    # Mutations of the base sets, so that many pairs sit near the threshold.
    sets_raw = base + [
        sorted(set(s[: rnd.randint(2, len(s))]) | set(rnd.sample(range(30), rnd.randint(0, 3)))) for s in base
    ]
    sets = sorted({tuple(sorted(s)) for s in sets_raw if len(set(s)) >= 3})
    pairs = near_pairs(sets, threshold)
    got = {(min(i, j), max(i, j)) for i in pairs for j in pairs[i]}
    assert got == brute_force(sets, threshold)


def test_repeats_scales_to_a_national_library() -> None:
    rnd = random.Random(3)
    vocabulary = [f"w{n}" for n in range(4000)]
    weights = list(itertools.accumulate(1 / (n + 1) for n in range(4000)))
    shared = [" ".join(rnd.choices(vocabulary, cum_weights=weights, k=12)) for _ in range(50)]
    records = []
    for n in range(2000):
        points = [
            rnd.choice(shared)
            if rnd.random() < 0.05
            else " ".join(rnd.choices(vocabulary, cum_weights=weights, k=14))
            for _ in range(10)
        ]
        records.append(rec(f"r{n}", date=str(2000 + n % 20), learning=points[:6], recommendations=points[6:]))
    # 20,000 points: compared pairwise this would not finish in a test run; the index finds the groups.
    groups = repeats(records)
    assert groups and groups[0]["count"] >= 10


def test_content_words_are_stems_without_stop_words() -> None:
    assert content_words("The children's assessments should be shared") == ["child", "assessment", "share"]
    assert "not" in content_words("Do not share")


def _by_theme_counts(record: Record, records: list[Record], taxonomy: Taxonomy, n: int = 3) -> Any:
    """similar_by_theme_counts over an in-memory library of ``records``."""
    from collections import Counter

    from learnkit.knowledge.similar import similar_by_theme_counts

    rows = [(r.slug, r.title, r.theme_ids) for r in records]
    counts = Counter(t for _, _, theme_ids in rows for t in theme_ids)
    return similar_by_theme_counts(record, counts, len(rows), _rows_having(rows, []), taxonomy, n=n)


def test_similar_by_theme_counts_agrees_with_similar_on_themes_alone(taxonomy: Taxonomy) -> None:
    rng = random.Random(7)
    ids = taxonomy.ids[:12]
    records = [rec(f"r{i}", rng.sample(ids, rng.randint(1, 4))) for i in range(40)]
    for record in records[:10]:
        slow = similar(record, records, taxonomy, text_of=lambda r: "", n=3)
        fast = _by_theme_counts(record, records, taxonomy)
        assert fast == slow
        assert all(r["shared_themes"] for r in fast)


def test_similar_by_theme_counts_skips_records_with_nothing_in_common(taxonomy: Taxonomy) -> None:
    me = rec("me", ["neglect"])
    records = [me, rec("a", ["neglect", "domestic-abuse"]), rec("b", ["hidden-men"])]
    found = _by_theme_counts(me, records, taxonomy)
    assert [r["slug"] for r in found] == ["a"]
    assert found[0]["reason"] == "1 shared theme: neglect"


def _rows_having(rows: list[tuple[str, str, list[str]]], read: list[str]) -> Any:
    """An in-memory stand-in for Index.theme_rows(having, without) that notes which rows it gave."""

    def having(theme_id: str, without: list[str]) -> list[tuple[str, str, list[str]]]:
        out = [r for r in rows if theme_id in r[2] and not set(without) & set(r[2])]
        read.extend(r[0] for r in out)
        return out

    return having


def test_similar_by_theme_counts_ranks_as_reading_every_row(taxonomy: Taxonomy) -> None:
    from collections import Counter

    from learnkit.knowledge.similar import similar_by_theme_counts

    rng = random.Random(11)
    ids = taxonomy.ids[:10]
    for trial in range(60):
        # Skewed theme frequencies (a few themes nearly everywhere, some rare) and few themes, so
        # both early stops and ties on score (broken by slug) happen.
        common = ids[: rng.randint(1, 4)]
        records = []
        for i in range(rng.randint(2, 80)):
            picked = rng.sample(common, rng.randint(1, len(common))) + rng.sample(ids, rng.randint(0, 2))
            records.append(rec(f"r{i:03}", sorted(set(picked))))
        rows = [(r.slug, r.title, r.theme_ids) for r in records]
        counts = Counter(t for _, _, theme_ids in rows for t in theme_ids)
        for record in rng.sample(records, min(5, len(records))):
            n = rng.choice([1, 3, 5])
            read: list[str] = []
            fast = similar_by_theme_counts(record, counts, len(rows), _rows_having(rows, read), taxonomy, n=n)
            every = similar(record, records, taxonomy, text_of=lambda r: "", n=n)
            assert fast == every, (trial, record.slug)
            assert len(read) == len(set(read)), "a row was read twice"


def test_similar_by_theme_counts_leaves_out_excluded_records(taxonomy: Taxonomy) -> None:
    from collections import Counter

    from learnkit.knowledge.similar import similar_by_theme_counts

    rng = random.Random(5)
    ids = taxonomy.ids[:8]
    records = [rec(f"r{i:02}", rng.sample(ids, rng.randint(1, 3))) for i in range(50)]
    rows = [(r.slug, r.title, r.theme_ids) for r in records]
    counts = Counter(t for _, _, theme_ids in rows for t in theme_ids)
    for record in records[:10]:
        whole = similar_by_theme_counts(
            record, counts, len(rows), _rows_having(rows, []), taxonomy, n=len(rows)
        )
        out = {r["slug"] for r in whole[:2]}
        fewer = similar_by_theme_counts(
            record, counts, len(rows), _rows_having(rows, []), taxonomy, n=3, exclude=out
        )
        assert fewer == [r for r in whole if r["slug"] not in out][:3]


def test_similar_by_theme_counts_stops_after_the_records_with_a_rare_theme(taxonomy: Taxonomy) -> None:
    from collections import Counter

    from learnkit.knowledge.similar import similar_by_theme_counts

    common, rare = taxonomy.ids[0], taxonomy.ids[1]
    records = [rec("me", [common, rare]), rec("twin-a", [common, rare]), rec("twin-b", [rare, common])]
    records += [rec(f"other-{i:03}", [common, taxonomy.ids[2 + i % 5]]) for i in range(200)]
    rows = [(r.slug, r.title, r.theme_ids) for r in records]
    counts = Counter(t for _, _, theme_ids in rows for t in theme_ids)
    read: list[str] = []
    found = similar_by_theme_counts(records[0], counts, len(rows), _rows_having(rows, read), taxonomy, n=2)
    assert [r["slug"] for r in found] == ["twin-a", "twin-b"]
    assert sorted(read) == ["me", "twin-a", "twin-b"]  # the 200 that share only the common theme: never read
