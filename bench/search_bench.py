"""Search latency benchmark: full requests (facets + highlight) vs the bare query, same run.

    python bench/search_bench.py [INDEX] [--queries 200] [--seed 7] [--repeat 3]

INDEX defaults to AKHBAR_INDEX (or "news"). Queries are drawn from the index itself
(frequent title words, actor names, two-word phrases from titles, with/without filters), so
it works on any populated alias. Latency is the engine's ``took`` plus client round trip."""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from corpus import engine_with

from indexer.config import settings
from search_ui.fetch import read_query
from search_ui.query import Filters, build_search

_WORD = re.compile(r"[\u0621-\u064a]{4,}")


@dataclass
class Case:
    """One benchmark query."""

    text: str
    filters: Filters


def _sample_titles(es: Any, index: str, n: int, seed: int) -> list[str]:
    resp = es.search(
        index=index,
        size=n,
        query={"function_score": {"random_score": {"seed": seed, "field": "_seq_no"}}},
        source=["title_display"],
    )
    return [h["_source"].get("title_display") or "" for h in resp["hits"]["hits"]]


def build_cases(es: Any, index: str, count: int, seed: int) -> list[Case]:
    """Deterministic mix of single words, names, phrases, OR/prefix, with and without filters."""
    rng = random.Random(seed)
    titles = _sample_titles(es, index, 500, seed)
    words = Counter(w for t in titles for w in _WORD.findall(t))
    frequent = [w for w, _ in words.most_common(150)] or ["السعودية"]
    aggs = es.search(
        index=index,
        size=0,
        aggs={
            "actors": {"terms": {"field": "actors", "size": 50}},
            "sources": {"terms": {"field": "source", "size": 20}},
            "topics": {"terms": {"field": "topics", "size": 20}},
            "years": {"date_histogram": {"field": "published", "calendar_interval": "year", "min_doc_count": 1}},
        },
    )["aggregations"]
    actors = [b["key"] for b in aggs["actors"]["buckets"]]
    sources = [b["key"] for b in aggs["sources"]["buckets"]]
    topics = [b["key"] for b in aggs["topics"]["buckets"]]
    years = [int(b["key_as_string"][:4]) for b in aggs["years"]["buckets"]]
    phrases = [" ".join(ws[i : i + 2]) for t in titles if len(ws := t.split()) >= 3 for i in (0, 1)]

    def filters() -> Filters:
        f = Filters()
        kind = rng.random()
        if kind < 0.5:
            return f
        if actors and kind < 0.65:
            f.actors = [rng.choice(actors)]
        elif sources and kind < 0.8:
            f.sources = [rng.choice(sources)]
        elif topics and kind < 0.9:
            f.topics = [rng.choice(topics)]
        if years and rng.random() < 0.5:
            y = rng.choice(years)
            f.since, f.until = date(y, 1, 1), date(y, 12, 31)
        return f

    cases: list[Case] = []
    for i in range(count):
        kind = i % 6
        if kind in (0, 1):
            text = rng.choice(frequent)
        elif kind == 2 and actors:
            text = rng.choice(actors)
        elif kind == 3 and phrases:
            text = f'"{rng.choice(phrases)}"'
        elif kind == 4:
            text = f"{rng.choice(frequent)} {rng.choice(frequent)}"
        else:
            text = rng.choice([f"{rng.choice(frequent)} OR {rng.choice(frequent)}", f"{rng.choice(frequent)[:4]}*"])
        cases.append(Case(text, filters()))
    return cases


def _index_shape(es: Any, index: str) -> list[dict[str, str]]:
    """Documents, segments and size of each index behind ``index``: latencies depend on them."""
    rows = es.cat.indices(index=index, h="index,docs.count,store.size", format="json").body
    for row in rows:
        segments = es.cat.segments(index=row["index"], h="segment", format="json").body
        row["segments"] = str(len(segments))
    return rows


def _time(es: Any, index: str, body: dict[str, Any]) -> float:
    start = time.perf_counter()
    es.search(index=index, **body, request_cache=False)
    return (time.perf_counter() - start) * 1000


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print p50/p95/p99 for full and bare requests."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("index", nargs="?", default=None)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each request; its median counts")
    args = ap.parse_args(argv)
    index = args.index or settings().akhbar_index
    es = engine_with(index)
    cases = build_cases(es, index, args.queries, args.seed)
    full: list[float] = []
    bare: list[float] = []
    facets_only: list[float] = []
    highlight_only: list[float] = []
    for case in cases[:10]:  # warm-up
        _time(es, index, build_search(read_query(case.text, es=es, index=index), case.filters))
    for case in cases:
        parsed = read_query(case.text, es=es, index=index)  # as the CLI and the UI read it
        bodies = (
            build_search(parsed, case.filters),
            build_search(parsed, case.filters, facets=False, highlight=False),
            build_search(parsed, case.filters, highlight=False),
            build_search(parsed, case.filters, facets=False),
        )
        runs = [[_time(es, index, body) for body in bodies] for _ in range(args.repeat)]  # interleaved
        for series, times in zip((full, bare, facets_only, highlight_only), zip(*runs, strict=True), strict=True):
            series.append(statistics.median(times))
    shape = ", ".join(
        f"{row['index']} {int(row['docs.count']):,} docs, {row['segments']} segment(s), {row['store.size']}"
        for row in _index_shape(es, index)
    )
    print(f"index {index} ({shape}): {len(cases)} queries (seed {args.seed}), median of {args.repeat} runs each")
    print(f"{'':10}{'p50':>9}{'p95':>9}{'p99':>9}{'mean':>9}  (ms)")
    rows = (("full", full), ("bare", bare), ("facets", facets_only), ("highlight", highlight_only))
    for name, vals in rows:
        print(f"{name:10}" + "".join(f"{_pct(vals, p):9.1f}" for p in (50, 95, 99)) + f"{statistics.mean(vals):9.1f}")
    ratio = [f / b for f, b in zip(full, bare, strict=True) if b > 0]
    print("per-query full/bare ratio" + "".join(f"  p{p} {_pct(ratio, p):.2f}" for p in (50, 95, 99)))
    print("full vs bare (ratio of the percentiles)"
          + "".join(f"  p{p} {_pct(full, p) / _pct(bare, p):.2f}x" for p in (50, 95, 99))
          + f"   target: full p95 <= 100 ms ({_pct(full, 95):.1f}) and <= 2x bare")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
