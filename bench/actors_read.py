"""Read an index's actors as a judge would: article–actor pairs drawn at random, each with the words
around the article's first mention of the actor (or the role that named its holder), so the wrong
ones show what misled the gazetteer; with ``--judged``, the precision of the pairs judged by hand in
``bench/actors_handcheck.yaml``, under the rules the index was enriched with. For recall, ``--titles``
draws headlines with the actors the index gives their articles, and ``--recall`` scores the actors
judged named in headlines (``bench/actors_recall.yaml``) against the index.

    .venv/bin/python bench/actors_read.py [--index snn] [--n 100] [--seed 1]
    .venv/bin/python bench/actors_read.py --judged [--index snn]
    .venv/bin/python bench/actors_read.py --titles [--n 80] [--seed 101]
    .venv/bin/python bench/actors_read.py --recall

The draw is reproducible for an index enriched alike: its article–actor pairs (or its articles) in
article-id order, ``random.Random(seed).sample``. An article is keyed by the sha1 of its URL (first
16 hex digits): the judgements name no article text (SaudiNewsNet licence)."""

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
RECALL = Path(__file__).with_name("actors_recall.yaml")
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
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--judged", action="store_true", help="precision of the judged pairs")
    mode.add_argument("--titles", action="store_true", help="headlines drawn at random, with their articles' actors")
    mode.add_argument("--recall", action="store_true", help="recall of the actors judged named in headlines")
    args = parser.parse_args()
    es = engine_with(args.index)
    gazetteer = Gazetteer.load()
    fields = ["url", "title", "body", "actors", "published", "published_source", "published_precision"]
    docs = sorted(helpers.scan(es, index=args.index, _source=fields), key=lambda hit: hit["_id"])
    if args.judged:
        judged(docs, gazetteer)
        return
    if args.recall:
        recall(docs, gazetteer)
        return
    if args.titles:
        for number, hit in enumerate(random.Random(args.seed).sample(docs, min(args.n, len(docs))), 1):
            source = hit["_source"]
            print(f"{number:3d} {article_key(source['url'])} | {source.get('title') or ''}")
            print(f"      -> {', '.join(source.get('actors') or [])}")
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


def _actors_by_article(docs: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Each article's actors in the index, by article key."""
    return {article_key(hit["_source"]["url"]): set(hit["_source"].get("actors") or []) for hit in docs}


def judged(docs: list[dict[str, Any]], gazetteer: Gazetteer) -> None:
    """Precision of the judged pairs the index still has, by actor type; the judged pairs it has not
    (the rules changed since) counted apart, right and wrong."""
    actors = _actors_by_article(docs)
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


def recall(docs: list[dict[str, Any]], gazetteer: Gazetteer) -> None:
    """For each judged sample of headlines: of the actors they name, the share the index gives their
    articles, all of them and by type those the gazetteer has (``?name``: a name it has not, never
    found); the misses listed."""
    actors = _actors_by_article(docs)
    for sample, headlines in yaml.safe_load(RECALL.read_text(encoding="utf-8"))["samples"].items():
        found: Counter[str] = Counter()
        total: Counter[str] = Counter()
        missed: list[str] = []
        for article, names in headlines:
            for name in names:
                entry = gazetteer.by_name.get(name)
                hit = name in actors.get(article, ())
                for group in {"all", *((entry.type, "in the gazetteer") if entry else ("not in the gazetteer",))}:
                    total[group] += 1
                    found[group] += hit
                if not hit:
                    missed.append(name)
        print(f"{sample}: {len(headlines)} headlines, {total['all']} actors named")
        for group in ("all", "in the gazetteer", "person", "organization", "place", "not in the gazetteer"):
            if total[group]:
                share = 100 * found[group] / total[group]
                print(f"  {group:21s} {found[group]:3d} of {total[group]:3d} found  {share:5.1f}%")
        print("  missed: " + ", ".join(missed) + "\n")


if __name__ == "__main__":
    main()
