"""Theme trends: how often each theme appears per year, kind or area, and which go together.

:func:`trends` counts themes per year, kind or area, which themes occur
together on one record (co-occurrence) and how many records carry the "toxic
trio" (domestic abuse, parental mental health and parental substance misuse
together, or the toxic-trio theme itself); given the tracker's open actions per
record, it counts those by theme too. Pure: records and the taxonomy in, a dict
(the ``--json`` shape of ``learnkit trends``) out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any

from learnkit.errors import InvalidError, NotFoundError
from learnkit.knowledge.themes import Taxonomy
from learnkit.models import KINDS, Record

TREND_BY = ("year", "kind", "area")
UNDATED = "undated"
NO_AREA = "no area"
TOP_PAIRS = 20

TOXIC_TRIO = ("domestic-abuse", "parental-mental-health", "parental-substance-misuse")
TOXIC_TRIO_THEME = "toxic-trio"


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
    records: Sequence[Record],
    taxonomy: Taxonomy,
    by: str = "year",
    theme: str | None = None,
    open_actions: Mapping[str, int] | None = None,
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

    With ``open_actions`` (open tracker actions per record slug), every series
    entry and theme entry also has ``open_actions``: the open actions of the
    key's records, and of those of them with the theme (an action of a record
    with two themes counts under each); and the result has ``open_actions``:
    ``{"total", "themes": [{"id", "label", "count"}]}`` over all the records,
    themes with open actions by count.
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
    acting: dict[str, Counter[str]] = defaultdict(Counter)  # open actions per key and theme
    acting_totals: Counter[str] = Counter()
    for record in known:
        key = _trend_key(record, by)
        totals[key] += 1
        ids = sorted(set(record.theme_ids), key=rank)
        counts[key].update(i for i in ids if wanted is None or i == wanted)
        waiting = open_actions.get(record.slug, 0) if open_actions else 0
        if waiting:
            acting_totals[key] += waiting
            for i in ids:
                if wanted is None or i == wanted:
                    acting[key][i] += waiting
        for a, b in combinations(ids, 2):
            if wanted is None or wanted in (a, b):
                pairs[(a, b)] += 1

    series: list[dict[str, Any]] = []
    for key in _key_order(totals, by):
        themes = sorted(counts[key].items(), key=lambda item: (-item[1], rank(item[0])))
        entry: dict[str, Any] = {
            "key": key,
            "total": totals[key],
            "themes": [{"id": i, "label": label(i), "count": n} for i, n in themes],
        }
        if open_actions is not None:
            entry["open_actions"] = acting_totals[key]
            for item in entry["themes"]:
                item["open_actions"] = acting[key][item["id"]]
        series.append(entry)
    top_pairs = sorted(pairs.items(), key=lambda item: (-item[1], rank(item[0][0]), rank(item[0][1])))
    trio = [r for r in known if has_toxic_trio(r)]
    two_of_three = [
        r for r in known if not has_toxic_trio(r) and len(set(TOXIC_TRIO) & set(r.theme_ids)) == 2
    ]
    result: dict[str, Any] = {
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
    if open_actions is not None:
        per_theme: Counter[str] = Counter()
        for by_theme in acting.values():
            per_theme.update(by_theme)
        ordered = sorted(per_theme.items(), key=lambda item: (-item[1], rank(item[0])))
        result["open_actions"] = {
            "total": sum(acting_totals.values()),
            "themes": [{"id": i, "label": label(i), "count": n} for i, n in ordered if n],
        }
    return result
