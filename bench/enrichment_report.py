"""Actors + topics over all SaudiNewsNet: coverage, top actors, top unknown candidates, throughput.

Usage: python bench/enrichment_report.py [CORPUS_DIR]
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from corpus import articles, corpus_dir

from indexer.actors import BREAK, Gazetteer, match_fold, tokenize, top_candidates
from indexer.topics import TopicModel


def main(argv: list[str]) -> None:
    docs = list(articles(corpus_dir(argv)))
    gazetteer = Gazetteer.load()
    model = TopicModel.load()
    actor_counts: Counter[str] = Counter()
    topic_counts: Counter[str] = Counter()
    candidate_lists: list[list[str]] = []
    with_actor = with_topic = 0
    start = time.perf_counter()
    for doc in docs:
        title, body = doc["title"] or "", doc["content"] or ""
        title_folded, body_folded = match_fold(title), match_fold(body)
        title_tokens, body_tokens = tokenize(title_folded), tokenize(body_folded)
        actors = gazetteer.extract_folded(f"{title_folded}\n{body_folded}", [*title_tokens, BREAK, *body_tokens])
        topics = model.assign_tokens(title_tokens, body_tokens, doc["url"], title)
        actor_counts.update(actors.actors)
        topic_counts.update(topics)
        candidate_lists.append(actors.candidates)
        with_actor += bool(actors.actors)
        with_topic += bool(topics)
    elapsed = time.perf_counter() - start
    n = len(docs)
    print(f"articles: {n}")
    print(f"with >=1 actor: {with_actor / n:.1%}   with >=1 topic: {with_topic / n:.1%}")
    print(f"actors+topics throughput: {n / elapsed:,.0f} articles/s ({elapsed:.1f} s, one core)")
    print("\ntopics:")
    for topic_id, count in topic_counts.most_common():
        print(f"  {count:6d}  {topic_id}")
    print("\ntop 30 actors:")
    for name, count in actor_counts.most_common(30):
        print(f"  {count:6d}  {name}")
    print("\ntop 30 unknown candidates:")
    for key, count in top_candidates(candidate_lists, gazetteer, 30):
        print(f"  {count:6d}  {key}")


if __name__ == "__main__":
    main(sys.argv)
