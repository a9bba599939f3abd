"""Ranking of words typed side by side: how many of the first results hold them together.

    python bench/proximity_eval.py [INDEX] [--queries 150] [--seed 7] [--top 10]

Queries are what a journalist types without quotes: two- and three-word runs of the index's own
headlines (``وقف إطلاق النار``, ``سوق الأسهم السعودية``) and multi-word actor names. For each
query whose words stand together (as the exact phrase) in at least ``--top`` articles but not in
every article that has them all, it counts how many of the first ``--top`` results hold the exact
phrase, ranked as akhbar ranks them and, in the same run, without the proximity clauses
(``near``) — the ranking before them. The judge (the exact, unstemmed phrase, no slop) is stricter
than the clauses (stemmed, a few words apart)."""

from __future__ import annotations

import argparse
import random
import re
import statistics
from collections import Counter
from typing import Any

from corpus import engine_with

from indexer.config import settings
from search_ui.fetch import read_query
from search_ui.query import _EXACT, _STEMMED, build_search

_WORD = re.compile(r"^[\u0621-\u064a]{2,}$")


def candidate_queries(es: Any, index: str, count: int, seed: int) -> list[str]:
    """Frequent 2- and 3-word runs of sampled headlines, and multi-word actor names, shuffled."""
    resp = es.search(
        index=index,
        size=2000,
        query={"function_score": {"random_score": {"seed": seed, "field": "_seq_no"}}},
        source=["title_display"],
        aggs={"actors": {"terms": {"field": "actors", "size": 200}}},
    )
    runs: Counter[str] = Counter()
    for hit in resp["hits"]["hits"]:
        words = (hit["_source"].get("title_display") or "").split()
        for n in (2, 3):
            for i in range(len(words) - n + 1):
                if all(_WORD.match(w) for w in words[i : i + n]):
                    runs[" ".join(words[i : i + n])] += 1
    names = [b["key"] for b in resp["aggregations"]["actors"]["buckets"] if " " in b["key"]]
    queries = [q for q, c in runs.most_common() if c >= 3] + names
    random.Random(seed).shuffle(queries)
    return queries[: count * 3]  # room for those the filter below drops


JUDGES = {"exact": _EXACT, "stemmed": _STEMMED}


def _phrase(text: str, judge: str = "exact") -> dict[str, Any]:
    return {"multi_match": {"query": text, "type": "phrase", "fields": JUDGES[judge]}}


def _count(es: Any, index: str, query: dict[str, Any]) -> int:
    return int(es.count(index=index, query=query)["count"])


def _top_with_phrase(es: Any, index: str, body: dict[str, Any], text: str, top: int, judge: str) -> int:
    hits = es.search(index=index, **body)["hits"]["hits"]
    ids = [h["_id"] for h in hits[:top]]
    return _count(es, index, {"bool": {"filter": [{"ids": {"values": ids}}, _phrase(text, judge)]}})


def main(argv: list[str] | None = None) -> int:
    """Print, per query and overall, the share of the first results that hold the phrase."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("index", nargs="?", default=None)
    ap.add_argument("--queries", type=int, default=150)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--judge", choices=sorted(JUDGES), default="exact",
                    help="together = the exact phrase as typed, or its stems side by side (any inflection)")
    args = ap.parse_args(argv)
    index = args.index or settings().akhbar_index
    es = engine_with(index)
    before: list[float] = []
    after: list[float] = []
    worse: list[str] = []
    for text in candidate_queries(es, index, args.queries, args.seed):
        if len(before) == args.queries:
            break
        parsed = read_query(text, es=es, index=index)
        if not parsed.near:
            continue
        ranked = build_search(parsed, size=args.top, facets=False, highlight=False, source=[])
        plain = {**ranked, "query": {"bool": {k: v for k, v in ranked["query"]["bool"].items() if k != "should"}}}
        together = _count(es, index, _phrase(text, args.judge))
        if together < args.top or together == _count(es, index, plain["query"]):
            continue  # too rare to fill the top, or every match has the phrase: nothing to rank
        b = _top_with_phrase(es, index, plain, text, args.top, args.judge) / args.top
        a = _top_with_phrase(es, index, ranked, text, args.top, args.judge) / args.top
        before.append(b)
        after.append(a)
        if a < b:
            worse.append(f"{text} ({b:.0%} -> {a:.0%})")
    if not before:
        print("no query qualified")
        return 1
    held = "as the exact phrase" if args.judge == "exact" else "side by side in any inflection"
    print(f"index {index}: {len(before)} queries (seed {args.seed}), share of the first {args.top} results "
          f"that hold the words {held}")
    for name, values in (("without proximity", before), ("with proximity", after)):
        print(f"  {name:18} mean {statistics.mean(values):6.1%}   median {statistics.median(values):6.1%}   "
              f"all {args.top}: {sum(v == 1 for v in values)}")
    print(f"  better in {sum(a > b for a, b in zip(after, before, strict=True))}, "
          f"same in {sum(a == b for a, b in zip(after, before, strict=True))}, worse in {len(worse)}")
    for line in worse:
        print(f"    worse: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
