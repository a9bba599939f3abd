"""Read an index's actors as a judge would: article–actor pairs drawn at random, each with the words
around the article's first mention of the actor (or the role that named its holder), so the wrong
ones show what misled the gazetteer; with ``--judged``, the precision of the pairs judged by hand in
``bench/actors_handcheck.yaml``, under the rules the index was enriched with.

    .venv/bin/python bench/actors_read.py [--index snn] [--n 100] [--seed 1]
    .venv/bin/python bench/actors_read.py --judged [--index snn]

The draw is reproducible for an index enriched alike: its article–actor pairs in article-id order,
``random.Random(seed).sample``. An article is keyed by the sha1 of its URL (first 16 hex digits):
the judgements name no article text (SaudiNewsNet licence)."""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from corpus import article_key, engine_with
from elasticsearch import helpers

from indexer.actors import Gazetteer
from indexer.dates import Published

HANDCHECK = Path(__file__).with_name("actors_handcheck.yaml")
AROUND = 10  # words either side of a mention


def first_mention(gazetteer: Gazetteer, source: dict[str, Any], actor: str) -> str:
    """The words around the first place ``source`` names ``actor`` (folded, as matching reads them)."""
    published = source.get("published")
    on = Published(published[:10], source["published_source"], source["published_precision"]).span() \
        if published else None
    tokens, mentions = gazetteer.mentions(source.get("title") or "", source.get("body") or "", on=on)
    for entry, start, end in mentions:
        if entry.name == actor:
            words = tokens[start:end]
            roles = gazetteer.offices.find(words, set(words))
            role = "  [by role]" if any(e - s == len(words) for _, s, e in roles) else ""
            return f"{' '.join(tokens[max(0, start - AROUND):start])} [{' '.join(words)}] " \
                   f"{' '.join(tokens[end:end + AROUND])}{role}"
    return "(a quoted name, «آبل», «القاعدة»; or the index was enriched by other rules: `akhbar enrich`)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", default="snn")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--judged", action="store_true", help="precision of the judged pairs")
    args = parser.parse_args()
    es = engine_with(args.index)
    gazetteer = Gazetteer.load()
    fields = ["url", "title", "body", "actors", "published", "published_source", "published_precision"]
    docs = sorted(helpers.scan(es, index=args.index, _source=fields), key=lambda hit: hit["_id"])
    if args.judged:
        judged(docs, gazetteer)
        return
    pairs = [(hit, actor) for hit in docs for actor in hit["_source"].get("actors") or []]
    print(f"{len(pairs)} article–actor pairs in {len(docs)} articles of {args.index}; "
          f"{min(args.n, len(pairs))} drawn (seed {args.seed})\n")
    for number, (hit, actor) in enumerate(random.Random(args.seed).sample(pairs, min(args.n, len(pairs))), 1):
        source = hit["_source"]
        entry = gazetteer.by_name.get(actor)
        print(f"## {number}  {article_key(source['url'])}  {actor} ({entry.type if entry else '?'})")
        print(f"   {(source.get('title') or '')[:100]}")
        print(f"   {first_mention(gazetteer, source, actor)}\n")


def judged(docs: list[dict[str, Any]], gazetteer: Gazetteer) -> None:
    """Precision of the judged pairs the index still has, by actor type; the judged pairs it has not
    (the rules changed since) counted apart, right and wrong."""
    actors = {article_key(hit["_source"]["url"]): set(hit["_source"].get("actors") or []) for hit in docs}
    data = yaml.safe_load(HANDCHECK.read_text(encoding="utf-8"))
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    gone: Counter[bool] = Counter()
    for article, actor, correct in data["pairs"]:
        if actor not in actors.get(article, ()):
            gone[correct] += 1
            continue
        kind = gazetteer.by_name[actor].type if actor in gazetteer.by_name else "?"
        for group in (kind, "all"):
            total[group] += 1
            right[group] += correct
    for group in ("all", "person", "organization", "place"):
        if total[group]:
            share = 100 * right[group] / total[group]
            print(f"{group:13s} {right[group]:3d} of {total[group]:3d} right  {share:5.1f}%")
    if gone:
        print(f"judged pairs the index no longer has: {gone[True]} right, {gone[False]} wrong")


if __name__ == "__main__":
    main()
