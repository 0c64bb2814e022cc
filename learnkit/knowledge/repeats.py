"""Learning that recurs: points and recommendations given in near-identical words by several records.

:func:`repeats` groups the learning points and recommendations of different
records whose sets of content stems are near-identical (Jaccard similarity at
least :data:`REPEAT_THRESHOLD`). Pure: records in, groups (the ``--json`` shape
of ``learnkit repeats``) out.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations
from typing import Any

from learnkit.errors import InvalidError
from learnkit.knowledge.themes import words
from learnkit.knowledge.wording import NEGATIONS, STOPWORDS
from learnkit.models import Record

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


def near_pairs(sets: Sequence[Sequence[int]], threshold: float) -> dict[int, dict[int, float]]:
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
    (:func:`near_pairs`), not by comparing every point with every other.

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
    near = near_pairs(list(unique), threshold)

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
