"""Enrichment over all SaudiNewsNet: coverage (actors, dates and their source, topics), top actors,
top unknown candidates, throughput. Runs the indexer's own :class:`indexer.enrich.Enricher`.

Usage: python bench/enrichment_report.py [CORPUS_DIR]
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from corpus import load_corpus

from indexer.actors import top_candidates
from indexer.enrich import Enricher


def main(argv: list[str]) -> None:
    docs = load_corpus(argv, __doc__)
    enricher = Enricher()
    actor_counts: Counter[str] = Counter()
    topic_counts: Counter[str] = Counter()
    date_sources: Counter[str] = Counter()
    candidate_lists: list[list[str]] = []
    with_actor = with_topic = 0
    start = time.perf_counter()
    for doc in docs:
        fields = enricher.fields(doc["title"] or "", doc["content"] or "", url=doc["url"],
                                 crawled=doc["date_extracted"])
        actor_counts.update(fields["actors"])
        topic_counts.update(fields["topics"])
        date_sources[fields["published_source"] or "none"] += 1
        candidate_lists.append(fields["actor_candidates"])
        with_actor += bool(fields["actors"])
        with_topic += bool(fields["topics"])
    elapsed = time.perf_counter() - start
    n = len(docs)
    print(f"articles: {n}")
    print(f"with >=1 actor: {with_actor / n:.1%}   with >=1 topic: {with_topic / n:.1%}")
    print("with a date: " + "   ".join(f"{src} {c / n:.1%}" for src, c in date_sources.most_common()))
    print(f"enrichment throughput: {n / elapsed:,.0f} articles/s ({elapsed:.1f} s, one core)")
    print("\ntopics:")
    for topic_id, count in topic_counts.most_common():
        print(f"  {count:6d}  {topic_id}")
    print("\ntop 30 actors:")
    for name, count in actor_counts.most_common(30):
        print(f"  {count:6d}  {name}")
    print("\ntop 30 unknown candidates:")
    for key, count in top_candidates(candidate_lists, enricher.gazetteer, 30):
        print(f"  {count:6d}  {key}")


if __name__ == "__main__":
    main(sys.argv)
