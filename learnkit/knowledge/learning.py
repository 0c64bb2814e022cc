"""From reading to learning: theme trends, similar records and learning that recurs.

Pure functions on :class:`~learnkit.models.Record` lists and the taxonomy; no
I/O, no Rich, no SQLite.

* :func:`trends` counts how often each theme appears per year, kind or area,
  which themes occur together on one record (co-occurrence) and how many
  records carry the "toxic trio" (domestic abuse, parental mental health and
  parental substance misuse together, or the toxic-trio theme itself).
* :func:`similar` ranks the records most like one record: the records it links
  to first, then by shared themes weighted by how rare each theme is (IDF) and
  by similar wording (TF-IDF cosine over stems of title, summary and points).
* :func:`repeats` finds learning points and recommendations that recur in
  near-identical words across different records.

Words are compared as stems (:func:`learnkit.knowledge.themes.words`), so "assessment"
and "assessments" are one word, without the little words that carry no
meaning ("the", "of", "should").
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any

from learnkit.errors import InvalidError, NotFoundError
from learnkit.knowledge.themes import Taxonomy, words
from learnkit.models import KINDS, Record, counted

TREND_BY = ("year", "kind", "area")
UNDATED = "undated"
NO_AREA = "no area"
TOP_PAIRS = 20

TOXIC_TRIO = ("domestic-abuse", "parental-mental-health", "parental-substance-misuse")
TOXIC_TRIO_THEME = "toxic-trio"

# similar(): how the two signals are mixed. Themes are chosen by a person or
# found with evidence, so they weigh more than wording, which two records about
# different harms can share ("multi-agency", "practitioners").
THEME_WEIGHT = 0.6
TEXT_WEIGHT = 0.4
# Below this combined score a record is not offered as similar at all.
MIN_SIMILARITY = 0.05
# Text cosine from which the reason says "similar wording": below it, the
# shared words are mostly the vocabulary every review uses.
WORDING_SIMILARITY = 0.15

# repeats(): two points are the same point when the Jaccard similarity of their
# sets of content stems is at least this. Measured on pairs written for the
# tests: rewordings that keep the words score 1.0 ("assessment"/"assessments",
# "physical or mental"/"mental or physical", "organised"/"organized", "the
# child's wishes"/"the wishes of the child"); a clause added or changed scores
# 0.67-0.86 ("... with the GP" / "... with the GP and health visitor"); a
# paraphrase that keeps the topic but says it differently scores 0.29-0.42
# ("Practitioners should keep the child at the centre of every assessment of
# parental illness" against the longer original). 0.6 sits in the gap.
REPEAT_THRESHOLD = 0.6
# Points with fewer content words than this repeat only when word for word the
# same: with two words, one shared word already makes a Jaccard of 0.33-1.
MIN_REPEAT_WORDS = 3

# Words that carry no meaning of their own in a learning point.
_STOP_TEXT = (
    "a about above after again against all also although am an and any are as at be because been before "
    "being below between both but by can could did do does doing down during each either etc every few for "
    "from further had has have having he her here hers him his how however i if in into is it its just may "
    "me might more most must my now of off on once only or other our out over own per same "
    "shall she should so some such than that the their them then there these they this those through thus "
    "to too under until up upon us very was we were what when where whether which while who whom whose why "
    "will with within would yet you your well one two three many much need ensure"
)
STOPWORDS = frozenset(words(_STOP_TEXT))
# Negations stay content words, and a point that has one never joins a point
# that has none: "Do not rely on self-reporting" is not "Rely on self-reporting".
NEGATIONS = frozenset(words("not no never without nor neither don't cannot can't won't"))


def content_words(text: str) -> list[str]:
    """The stems of the meaningful words of ``text``, in order (no stop words, no numbers)."""
    return [w for w in words(text) if len(w) > 1 and w not in STOPWORDS and not w.isdigit()]


def record_text(record: Record) -> str:
    """The words of a record that similarity compares: title, summary and all its points."""
    parts = [record.title, record.summary]
    for points in (record.learning, record.good_practice, record.recommendations):
        parts.extend(p.text for p in points)
    return "\n".join(parts)


def _lower_first(label: str) -> str:
    """A label in running text: "Neglect" becomes "neglect", "SUDI and safer sleep" keeps its capitals."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


# --------------------------------------------------------------------------- trends


def _trend_key(record: Record, by: str) -> str:
    if by == "year":
        years = record.years
        return str(years[0]) if years else UNDATED
    if by == "kind":
        return record.kind
    return record.area or NO_AREA


def _key_order(keys: Iterable[str], by: str) -> list[str]:
    """Keys in reading order: years ascending with no gaps, kinds as listed, areas by name; unknown last."""
    keys = set(keys)
    if by == "year":
        years = sorted(int(k) for k in keys if k != UNDATED)
        # A trend read off a chart that skips empty years misleads: fill them in.
        filled = [str(y) for y in range(years[0], years[-1] + 1)] if years else []
        return filled + ([UNDATED] if UNDATED in keys else [])
    if by == "kind":
        return [k for k in KINDS if k in keys] + sorted(keys - set(KINDS))
    return sorted(keys - {NO_AREA}, key=str.casefold) + ([NO_AREA] if NO_AREA in keys else [])


def has_toxic_trio(record: Record) -> bool:
    """Whether a record carries all three toxic-trio themes, or the toxic-trio theme itself."""
    ids = set(record.theme_ids)
    return TOXIC_TRIO_THEME in ids or set(TOXIC_TRIO) <= ids


def trends(
    records: Sequence[Record], taxonomy: Taxonomy, by: str = "year", theme: str | None = None
) -> dict[str, Any]:
    """How often each theme appears per year, kind or area, which themes go together, and the toxic trio.

    A record dated as a period ("2018/2019") counts in its start year; an
    undated one under "undated". Years between the first and last with no
    records appear with a total of 0. ``theme`` (an id, label or alias) keeps
    only that theme in the series and only pairs with it in the co-occurrence.

    Shape: ``{"by", "theme", "records", "series": [{"key", "total", "themes":
    [{"id", "label", "count"}]}], "cooccurrence": [{"themes": [a, b], "labels":
    [..], "count"}], "toxic_trio": {...}}``. Theme lists are by count, then
    taxonomy order; co-occurrence pairs by count (at most 20).
    """
    if by not in TREND_BY:
        raise InvalidError(f"unknown --by '{by}'; use one of: {', '.join(TREND_BY)}")
    wanted = None
    if theme is not None:
        found = taxonomy.resolve(theme)
        if found is None:
            raise NotFoundError(f"no theme '{theme}'; see: learnkit themes", taxonomy.suggest(theme))
        wanted = found.id
    order = {theme_id: n for n, theme_id in enumerate(taxonomy.ids)}
    known = list(records)

    def label(theme_id: str) -> str:
        found = taxonomy.get(theme_id)
        return found.label if found else theme_id

    def rank(theme_id: str) -> tuple[int, str]:
        return order.get(theme_id, len(order)), theme_id

    totals: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    pairs: Counter[tuple[str, str]] = Counter()
    for record in known:
        key = _trend_key(record, by)
        totals[key] += 1
        ids = sorted(set(record.theme_ids), key=rank)
        counts[key].update(i for i in ids if wanted is None or i == wanted)
        for a, b in combinations(ids, 2):
            if wanted is None or wanted in (a, b):
                pairs[(a, b)] += 1

    series = []
    for key in _key_order(totals, by):
        themes = sorted(counts[key].items(), key=lambda item: (-item[1], rank(item[0])))
        series.append(
            {
                "key": key,
                "total": totals[key],
                "themes": [{"id": i, "label": label(i), "count": n} for i, n in themes],
            }
        )
    top_pairs = sorted(pairs.items(), key=lambda item: (-item[1], rank(item[0][0]), rank(item[0][1])))
    trio = [r for r in known if has_toxic_trio(r)]
    two_of_three = [
        r for r in known if not has_toxic_trio(r) and len(set(TOXIC_TRIO) & set(r.theme_ids)) == 2
    ]
    return {
        "by": by,
        "theme": wanted,
        "records": len(known),
        "series": series,
        "cooccurrence": [
            {"themes": [a, b], "labels": [label(a), label(b)], "count": n}
            for (a, b), n in top_pairs[:TOP_PAIRS]
        ],
        "toxic_trio": {
            "themes": [*TOXIC_TRIO, TOXIC_TRIO_THEME],
            "labels": [label(i) for i in TOXIC_TRIO],
            "count": len(trio),
            "records": sorted(r.slug for r in trio),
            "two_of_three": len(two_of_three),
        },
    }


# --------------------------------------------------------------------------- similar


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if dot == 0.0:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _weighted_jaccard(a: dict[str, float], b: dict[str, float]) -> float:
    """The weight of what two sets share over the weight of all they hold between them."""
    union = sum(a.values()) + sum(w for t, w in b.items() if t not in a)
    return sum(w for t, w in a.items() if t in b) / union if union else 0.0


def _tfidf(tokens: list[str], idf: dict[str, float]) -> dict[str, float]:
    # Sublinear term frequency: a word said ten times is not ten times the topic.
    return {t: (1.0 + math.log(n)) * idf[t] for t, n in Counter(tokens).items() if idf.get(t, 0.0) > 0.0}


def similar(
    record: Record,
    others: Iterable[Record],
    taxonomy: Taxonomy,
    text_of: Callable[[Record], str] = record_text,
    n: int = 5,
) -> list[dict[str, Any]]:
    """The records most like ``record``, best first, each with why.

    The records it names in ``related`` come first (reason "linked by the
    record"), then those that name it ("links to this record"), then the rest
    by score: ``0.6 × theme similarity + 0.4 × text similarity``. Theme
    similarity is a weighted Jaccard: the summed weight of the themes both
    records have over the summed weight of all themes either has, each theme
    weighted by its IDF (``log(1 + N / records with it)``), so sharing "hidden
    men" counts for more than sharing "multi-agency working", which most
    records have, and a theme one record has and the other lacks counts against.
    Text similarity is the TF-IDF cosine of ``text_of`` (stems,
    no stop words). Records scoring under 0.05 are not offered. Ties go by
    slug, so the answer is the same every time.

    Each result: ``{"slug", "title", "score", "shared_themes": [labels, rarest
    first], "reason"}``.
    """
    if n < 1:
        return []
    pool: dict[str, Record] = {}
    for other in others:
        if other.slug != record.slug:
            pool.setdefault(other.slug, other)
    if not pool:
        return []
    everyone = [record, *pool.values()]
    total = len(everyone)

    theme_df: Counter[str] = Counter()
    for r in everyone:
        theme_df.update(set(r.theme_ids))
    theme_idf = {t: math.log(1.0 + total / df) for t, df in theme_df.items()}

    tokens = {r.slug: content_words(text_of(r)) for r in everyone}
    word_df: Counter[str] = Counter()
    for toks in tokens.values():
        word_df.update(set(toks))
    # A word in every record tells records apart not at all: its IDF is 0.
    word_idf = {t: math.log(total / df) for t, df in word_df.items()}
    mine_text = _tfidf(tokens[record.slug], word_idf)
    mine_themes = {t: theme_idf[t] for t in set(record.theme_ids)}
    order = {theme_id: i for i, theme_id in enumerate(taxonomy.ids)}

    def label(theme_id: str) -> str:
        found = taxonomy.get(theme_id)
        return found.label if found else theme_id

    scored: dict[str, tuple[float, list[str], bool]] = {}
    for slug, other in pool.items():
        theirs = {t: theme_idf[t] for t in set(other.theme_ids)}
        theme_score = _weighted_jaccard(mine_themes, theirs)
        text_score = _cosine(mine_text, _tfidf(tokens[slug], word_idf))
        score = round(THEME_WEIGHT * theme_score + TEXT_WEIGHT * text_score, 4)
        shared = sorted(set(mine_themes) & set(theirs), key=lambda t: (-theme_idf[t], order.get(t, 0), t))
        scored[slug] = (score, [label(t) for t in shared], text_score >= WORDING_SIMILARITY)

    def reason(prefix: str, slug: str) -> str:
        _, shared, wording = scored[slug]
        parts = [prefix] if prefix else []
        if shared:
            count = counted(len(shared), "shared theme")
            parts.append(f"{count}: {', '.join(_lower_first(s) for s in shared)}")
        if wording:
            parts.append("similar wording")
        return "; ".join(parts)

    def entry(slug: str, prefix: str) -> dict[str, Any]:
        score, shared, _ = scored[slug]
        return {
            "slug": slug,
            "title": pool[slug].title,
            "score": score,
            "shared_themes": shared,
            "reason": reason(prefix, slug),
        }

    results: list[dict[str, Any]] = []
    seen: set[str] = set()
    for slug in record.related:
        if slug in pool and slug not in seen:
            results.append(entry(slug, "linked by the record"))
            seen.add(slug)
    for slug in sorted(pool):
        if slug not in seen and record.slug in pool[slug].related:
            results.append(entry(slug, "links to this record"))
            seen.add(slug)
    rest = sorted((s for s in pool if s not in seen), key=lambda s: (-scored[s][0], s))
    for slug in rest:
        score, shared, wording = scored[slug]
        if score < MIN_SIMILARITY:
            break
        if shared or wording:
            results.append(entry(slug, ""))
    return results[:n]


def similar_by_theme_counts(
    record: Record,
    counts: Mapping[str, int],
    total: int,
    rows_having: Callable[[str, list[str]], Iterable[tuple[str, str, list[str]]]],
    taxonomy: Taxonomy,
    n: int = 3,
    exclude: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """The theme half of :func:`similar` for a library of thousands, reading only the rows that can rank.

    ``counts`` is how many of the library's ``total`` records carry each theme
    id (the record itself included); ``rows_having(theme, without)`` gives the
    (slug, title, theme ids) of the records that carry ``theme`` and none of
    ``without``. Records in ``exclude`` are never listed.

    A record's score is the weight of the themes it shares over the weight of
    the themes either has, so one that shares none of ``record``'s themes
    outside a set ``S`` scores at most weight(S) / weight(mine). The record's
    themes are taken rarest (heaviest) first; after each, the records not read
    yet have none of the themes taken, so their bound falls by that theme's
    weight. Reading stops once ``n`` records score above the bound: with a rare
    theme among the record's, that is after reading the few records that carry
    it, not the whole library. The answer is the one every row would give:
    :func:`similar`'s weights, reasons and order of ties, on themes alone.
    """
    mine_set = set(record.theme_ids)
    if not mine_set or n < 1:
        return []
    skip = set(exclude) | {record.slug}

    def weight(theme_id: str) -> float:
        return math.log(1.0 + total / max(counts.get(theme_id, 0), 1))

    idf = _WeightCache(weight)
    mine = sorted(mine_set, key=lambda t: (-idf[t], t))
    mine_weight = sum(idf[t] for t in mine)
    remaining = mine_weight
    scored: list[tuple[float, str, str, list[str]]] = []
    for taken, theme_id in enumerate(mine):
        rows = [row for row in rows_having(theme_id, mine[:taken]) if row[0] not in skip]
        scored += _score_by_themes(mine_set, rows, idf, mine_weight)
        scored.sort(key=lambda item: (-item[0], item[1]))
        del scored[n:]
        remaining -= idf[theme_id]
        # The best any unread record can score; a hair over, so that summing in another order cannot beat it.
        bound = round(THEME_WEIGHT * max(remaining, 0.0) / mine_weight + 1e-9, 4)
        if bound < MIN_SIMILARITY or (len(scored) == n and scored[-1][0] > bound):
            break
    return _similar_entries(scored, mine_set, idf, taxonomy)


class _WeightCache(dict[str, float]):
    """Theme weights, worked out the first time each theme is asked for."""

    def __init__(self, weight: Callable[[str], float]) -> None:
        super().__init__()
        self._weight = weight

    def __missing__(self, theme_id: str) -> float:
        value = self[theme_id] = self._weight(theme_id)
        return value


def _score_by_themes(
    mine_set: set[str],
    rows: Iterable[tuple[str, str, list[str]]],
    idf: Mapping[str, float],
    mine_weight: float,
) -> list[tuple[float, str, str, list[str]]]:
    """(score, slug, title, ids) of the rows that score at least MIN_SIMILARITY, in no order.

    The weighted Jaccard of _weighted_jaccard, one pass per row: this loop can
    run once per record in the library for every `show`, so it builds nothing
    per record.
    """
    disjoint = mine_set.isdisjoint
    scored: list[tuple[float, str, str, list[str]]] = []
    for slug, title, ids in rows:
        if disjoint(ids):
            continue
        shared = extra = 0.0
        for t in ids:
            if t in mine_set:
                shared += idf[t]
            else:
                extra += idf[t]
        score = round(THEME_WEIGHT * (shared / (mine_weight + extra)), 4)
        if score >= MIN_SIMILARITY:
            scored.append((score, slug, title, ids))
    return scored


def _similar_entries(
    scored: list[tuple[float, str, str, list[str]]],
    mine_set: set[str],
    idf: Mapping[str, float],
    taxonomy: Taxonomy,
) -> list[dict[str, Any]]:
    """The --json shape of ranked (score, slug, title, ids), with the shared themes rarest first."""
    order = {theme_id: i for i, theme_id in enumerate(taxonomy.ids)}
    results = []
    for score, slug, title, ids in scored:
        ranked = sorted((t for t in ids if t in mine_set), key=lambda t: (-idf[t], order.get(t, 0), t))
        labels = [(taxonomy.get(t).label if taxonomy.get(t) else t) for t in ranked]  # type: ignore[union-attr]
        count = counted(len(labels), "shared theme")
        reason = f"{count}: {', '.join(_lower_first(label) for label in labels)}"
        results.append(
            {"slug": slug, "title": title, "score": score, "shared_themes": labels, "reason": reason}
        )
    return results


# --------------------------------------------------------------------------- repeats


class _Point:
    """One learning point or recommendation of one record, with its words as stems."""

    __slots__ = ("record", "list_name", "text", "exact", "tokens")

    def __init__(self, record: Record, list_name: str, text: str, exact: str, tokens: list[str]) -> None:
        self.record = record
        self.list_name = list_name
        self.text = text
        self.exact = exact  # every stem in order: equal keys are the same words
        self.tokens = tokens  # content stems, each once

    @property
    def year(self) -> int | None:
        years = self.record.years
        return years[0] if years else None


def _near_pairs(sets: Sequence[Sequence[int]], threshold: float) -> dict[int, dict[int, float]]:
    """Every pair of token sets with Jaccard ≥ ``threshold``, as {i: {j: similarity}} both ways.

    Each set lists distinct token ids in one global order (rarest first) and
    has at least 3 tokens. Two sets with Jaccard ≥ t share at least
    ``a = ceil(t / (1 + t) × (|x| + |y|))`` tokens (3 or more here), and then
    the two rarest tokens they share lie among the first ``|x| - a + 2`` of
    each (a prefix filter on pairs of tokens, after Bayardo et al. 2007 and
    Xiao et al. 2008). Sets are visited smallest first; each is looked up by
    the token pairs of its prefix and indexed by those of a shorter prefix
    (a set indexed earlier is no larger, which raises ``a``). Pairs of tokens
    are rare even when the words are common, so the lists looked at stay
    short; only sets found there, of a size that can reach ``t``, are
    compared in full.
    """
    eps = 1e-9
    ratio = threshold / (1.0 + threshold)
    index: dict[tuple[int, int], list[int]] = defaultdict(list)
    pairs: dict[int, dict[int, float]] = defaultdict(dict)
    as_sets = [frozenset(tokens) for tokens in sets]
    for x in sorted(range(len(sets)), key=lambda k: (len(sets[k]), k)):
        tokens = sets[x]
        size = len(tokens)
        probe = size - math.ceil(threshold * size - eps) + 2
        candidates: set[int] = set()
        for key in combinations(tokens[:probe], 2):
            found = index.get(key)
            if found:
                candidates.update(found)
        smallest = threshold * size - eps
        mine = as_sets[x]
        for y in candidates:
            other = len(sets[y])
            if other < smallest:
                continue
            shared = len(mine & as_sets[y])
            if shared >= math.ceil(ratio * (size + other) - eps):
                pairs[x][y] = pairs[y][x] = shared / (size + other - shared)
        for key in combinations(tokens[: size - math.ceil(2 * ratio * size - eps) + 2], 2):
            index[key].append(x)
    return pairs


def repeats(
    records: Sequence[Record], threshold: float = REPEAT_THRESHOLD, min_records: int = 2
) -> list[dict[str, Any]]:
    """Learning points and recommendations that recur across different records in near-identical words.

    Two points are the same when their stems are the same word for word, or,
    for points of at least 3 content words, when the Jaccard similarity of
    their sets of content stems is at least ``threshold`` (0.6). Points are
    taken earliest record first, and each joins the group of the earlier point
    it is most like, or starts a group: every member is within the threshold of
    the group's first point, so groups do not drift by chains of small
    differences. Similar pairs are found with an inverted index of rare stems
    (:func:`_near_pairs`), not by comparing every point with every other.

    A group counts records, not points: a record that says a thing twice is
    one record. Groups with at least ``min_records`` records come back, most
    records first, then earliest year, each as ``{"text", "count", "records":
    [{"slug", "title", "year", "list", "text"}], "years"}``.
    """
    if not 0.0 < threshold <= 1.0:
        raise InvalidError("the repeat threshold must be above 0 and at most 1")
    points: list[_Point] = []
    freq: Counter[str] = Counter()

    def when(record: Record) -> tuple[int, str]:
        years = record.years
        return (years[0] if years else 10_000), record.slug

    for record in sorted(records, key=when):
        for list_name in ("learning", "recommendations"):
            for point in getattr(record, list_name):
                text = " ".join(point.text.split())
                if not text:
                    continue
                stems = words(text)
                tokens = list(dict.fromkeys(w for w in stems if len(w) > 1 and w not in STOPWORDS))
                tokens = [t for t in tokens if not t.isdigit()]
                freq.update(tokens)
                points.append(_Point(record, list_name, text, " ".join(stems), tokens))

    # Points with the same content stems are compared once, as one set of token ids (rarest first).
    rank = {token: n for n, token in enumerate(sorted(freq, key=lambda t: (freq[t], t)))}
    unique: dict[tuple[int, ...], int] = {}
    set_of: list[int] = []
    negated: dict[int, bool] = {}
    for point in points:
        ids = tuple(sorted(rank[t] for t in point.tokens))
        if len(ids) < MIN_REPEAT_WORDS:
            set_of.append(-1)
            continue
        number = unique.setdefault(ids, len(unique))
        set_of.append(number)
        negated[number] = not NEGATIONS.isdisjoint(point.tokens)
    near = _near_pairs(list(unique), threshold)

    groups: list[list[_Point]] = []
    by_exact: dict[str, int] = {}
    by_set: dict[int, int] = {}  # a token set that leads a group -> the group
    for number, point in enumerate(points):
        group = by_exact.get(point.exact)
        mine = set_of[number]
        if group is None and mine >= 0:
            group = by_set.get(mine)
            if group is None:
                # The most similar earlier leader; on a tie, the earliest group.
                # "Do not X" is not the same point as "X", however many words they share.
                leaders = [
                    (similarity, -by_set[s])
                    for s, similarity in near.get(mine, {}).items()
                    if s in by_set and negated[s] == negated[mine]
                ]
                if leaders:
                    group = -max(leaders)[1]
        if group is None:
            group = len(groups)
            groups.append([])
            if mine >= 0:
                by_set[mine] = group
        groups[group].append(point)
        by_exact.setdefault(point.exact, group)

    results: list[dict[str, Any]] = []
    for members in groups:
        first_of: dict[str, _Point] = {}
        for point in members:
            first_of.setdefault(point.record.slug, point)
        if len(first_of) < max(2, min_records):
            continue
        years = sorted({p.year for p in first_of.values() if p.year is not None})
        results.append(
            {
                "text": members[0].text,
                "count": len(first_of),
                "records": [
                    {
                        "slug": p.record.slug,
                        "title": p.record.title,
                        "year": p.year,
                        "list": p.list_name,
                        "text": p.text,
                    }
                    for p in first_of.values()
                ],
                "years": years,
            }
        )
    results.sort(key=lambda g: (-g["count"], g["years"][0] if g["years"] else 10_000, g["text"]))
    return results
