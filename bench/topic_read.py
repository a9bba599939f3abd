"""Read a topic's articles as a judge would: a random sample of the articles an index files under one
topic, each with its title, its opening and the evidence that gave it the topic (terms and phrases, as
stems, and how many times each counted), so that the wrong ones show what misled the rules.

    .venv/bin/python bench/topic_read.py TOPIC [--index snn] [--n 40] [--seed 22]

The draw is reproducible for an index enriched alike: the index's articles of the topic in id order,
``random.Random(seed).sample``. The README's "read from 40 of its articles drawn at random" figures
were drawn so, each before the day's change to that topic (day 23: religion seed 22, crime 23, Iran
24, technology 25, education 26, culture 27, health 28; day 24: terrorism 29, diplomacy 30, military 31,
refugees 34, ceasefire 35, and after the day's scoring fix ceasefire 36, Syria 38, Yemen 39, health 40,
religion 41, education 42). Evidence is that of the current rules
(`akhbar enrich` first, if they changed since the index was enriched)."""

from __future__ import annotations

import argparse
import random

from corpus import REPO  # noqa: F401  (puts the repository on the import path)
from elasticsearch import helpers

from indexer.es import client
from indexer.topics import default_model

OPENING = 300  # characters of the body a judge reads, as in the hand-checked samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topic")
    parser.add_argument("--index", default="snn")
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    model = default_model()
    if args.topic not in {t.id for t in model.topics}:
        parser.error(f"no topic {args.topic!r}: one of {', '.join(t.id for t in model.topics)}")
    hits = helpers.scan(client(), index=args.index, query={"query": {"term": {"topics": args.topic}}},
                        _source=["title", "body", "topics"])
    docs = sorted(hits, key=lambda hit: hit["_id"])
    print(f"{len(docs)} articles of {args.index} have the topic {args.topic}; {min(args.n, len(docs))} drawn "
          f"(seed {args.seed})\n")
    for number, hit in enumerate(random.Random(args.seed).sample(docs, min(args.n, len(docs))), 1):
        source = hit["_source"]
        title, body = source.get("title") or "", source.get("body") or ""
        evidence = model.explain(title, body).get(args.topic, {})
        print(f"## {number}  {hit['_id'][:16]}  topics: {', '.join(source.get('topics') or [])}")
        print(f"   {title}")
        print(f"   {' '.join(body[:OPENING].split())}")
        print(f"   evidence: {', '.join(f'{name} ×{count}' for name, count in evidence.items()) or 'none (a hint)'}\n")


if __name__ == "__main__":
    main()
