"""Similar records: the records most like one record, each with the reason why.

:func:`similar` ranks the records most like one record: the records it links
to first, then by shared themes weighted by how rare each theme is (IDF) and
by similar wording (TF-IDF cosine over stems of title, summary and points).
:func:`similar_by_theme_counts` does the theme part from index counts alone,
for ``learnkit show`` on a large library. Pure functions; no I/O.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from learnkit.knowledge.themes import Taxonomy
from learnkit.knowledge.wording import content_words, lower_first, record_text
from learnkit.models import Record, counted

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
            parts.append(f"{count}: {', '.join(lower_first(s) for s in shared)}")
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
        reason = f"{count}: {', '.join(lower_first(label) for label in labels)}"
        results.append(
            {"slug": slug, "title": title, "score": score, "shared_themes": labels, "reason": reason}
        )
    return results
